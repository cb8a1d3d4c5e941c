"""Latin-script words are stemmed in their document's language; Arabic and English indexes are unchanged."""

import numpy as np
import pytest

from index import arabic
from index.passage import DocRef, Passage
from index.store import IndexConfig, Store
from qa.retriever import Retriever

FRENCH = DocRef("fr-doc", "Rapport", "fr")
ENGLISH = DocRef("en-doc", "Report", "en")
ARABIC = DocRef("ar-doc", "تقرير", "ar")


def test_each_language_gets_its_stemmer_and_stop_words():
    assert arabic.tokenize("les victimes de la traite des personnes", language="fr") == ["victim", "trait", "person"]
    assert arabic.tokenize("las víctimas de la trata de personas", language="es") == ["victim", "trat", "person"]
    assert arabic.tokenize("the victims of trafficking in persons", language="en") == ["victim", "traffick", "person"]
    # Arabic words get the Arabic stemmer whatever the document's language.
    assert arabic.tokenize("الاتجار", language="fr") == arabic.tokenize("الاتجار", language="ar")


@pytest.mark.parametrize("query", ["traite des personnes", "trafficking in persons in 2018", "الاتجار بالأشخاص", "the the victims"])
def test_a_query_over_arabic_and_english_documents_is_tokenized_as_before(query):
    # The slow twin: the one tokenizer every index used before languages.
    assert arabic.tokenize_any(query, "snowball", ["ar", "en"]) == arabic.tokenize(query)
    assert arabic.tokenize_any(query, "snowball", ["ar"]) == arabic.tokenize(query)


@pytest.fixture
def mixed_store(hashing_encoder):
    passages = [
        Passage("fr-doc#1", FRENCH, 1, (), "Les victimes de la traite des personnes reçoivent une aide juridique."),
        Passage("en-doc#1", ENGLISH, 1, (), "The fund helped victims of forced labour."),
        Passage("ar-doc#1", ARABIC, 1, (), "يقدم الصندوق الاستئماني المساعدة إلى الضحايا."),
    ]
    return Store.build(passages, hashing_encoder, IndexConfig.for_model(hashing_encoder.name))


def test_a_french_question_finds_the_french_paragraph_by_its_stems(mixed_store, hashing_encoder):
    assert mixed_store.languages == ("ar", "en", "fr")
    assert "personn" not in mixed_store.bm25.term_ids and "person" in mixed_store.bm25.term_ids
    scores = Retriever(mixed_store, hashing_encoder).score("la traite de la personne", "bm25").bm25
    assert int(np.argmax(scores)) == 0 and scores[0] > 0
    assert scores[1:].max() == 0.0
