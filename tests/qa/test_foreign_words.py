"""A query's words in a script the corpus is not written in are unknown to it: bridged, never matched
against a quoted fragment (an English title in an Arabic report)."""

import numpy as np
import pytest

from index.passage import DocRef, Passage
from index.store import IndexConfig, Store
from qa.retriever import Mode, Retriever

DOC = DocRef("d", "D")
PARAGRAPHS = [
    "نشر المكتب ورقة بعنوان Evidential Issues in Trafficking in Persons Cases عن القضايا.",
    "اعتمد مجلس الأمن قراره ٢٣٨٨ بشأن الاتجار بالأشخاص في حالات النزاع.",
    "قدم الصندوق الاستئماني المساعدة إلى الضحايا.",
    # Enough Arabic that the title's Latin letters are a fragment (under a tenth of the letters).
    "وتعاون المكتب مع الدول الأعضاء في إعداد التشريعات الوطنية وتدريب موظفي العدالة الجنائية " * 4,
]
QUESTION = "Which resolution on trafficking in persons in conflict?"


@pytest.fixture
def store(hashing_encoder):
    passages = [Passage(f"d#{n}", DOC, n, (), text) for n, text in enumerate(PARAGRAPHS, 1)]
    return Store.build(passages, hashing_encoder, IndexConfig.for_model(hashing_encoder.name))


def test_latin_words_of_an_arabic_corpus_do_not_match_an_english_question(store, hashing_encoder):
    retriever = Retriever(store, hashing_encoder)
    assert {"traffick", "person"} <= set(store.bm25.term_ids)  # the title's words are in the index
    scores = retriever.score(QUESTION, Mode.BM25)
    np.testing.assert_array_equal(scores.bm25, np.zeros(len(PARAGRAPHS)))  # ... but match nothing of the question's
    assert scores.lexical_evidence == 0.0  # and count as words the corpus lacks
    words = retriever.unknown_words(QUESTION)
    assert {"trafficking", "persons", "conflict"} <= set(words)
    assert all(not retriever.foreign(term) for term, _ in retriever.bridge_terms(QUESTION))


def test_a_script_with_a_tenth_of_the_letters_is_the_corpus_own(hashing_encoder):
    # English text in a document declared Arabic (a mislabelled upload) is still matched.
    passages = [Passage(f"d#{n}", DOC, n, (), text) for n, text in enumerate(["Trafficking in persons in conflict.", *PARAGRAPHS[1:3]], 1)]
    store = Store.build(passages, hashing_encoder, IndexConfig.for_model(hashing_encoder.name))
    scores = Retriever(store, hashing_encoder).score(QUESTION, Mode.BM25)
    assert scores.bm25[0] > 0 and np.argmax(scores.bm25) == 0


def test_a_corpus_with_english_documents_matches_them(hashing_encoder):
    english = DocRef("e", "E", language="en")
    # Three English passages: searched as their own language's index (qa.scope), one alone would
    # give every term of it a negative idf.
    english_texts = ["Trafficking in persons in conflict.", "The fund assisted victims.", "Member States adopted national laws."]
    passages = [Passage(f"e#{n}", english, n, (), text) for n, text in enumerate(english_texts, 1)]
    passages += [Passage(f"d#{n}", DOC, n, (), text) for n, text in enumerate(PARAGRAPHS[1:], 1)]
    store = Store.build(passages, hashing_encoder, IndexConfig.for_model(hashing_encoder.name))
    scores = Retriever(store, hashing_encoder).score(QUESTION, Mode.BM25)
    assert scores.bm25[0] > 0 and np.argmax(scores.bm25) == 0


def test_the_candidate_path_leaves_them_out_too(store, hashing_encoder):
    from qa.retriever import FusionConfig

    candidates = Retriever(store, hashing_encoder, FusionConfig(exhaustive_below=0)).score(QUESTION, Mode.HYBRID)
    assert candidates.lexical_evidence == 0.0
    assert not np.any(np.nan_to_num(candidates.bm25, neginf=0.0))
