"""Searching with the index's word table (index.word_table) against the path without it: same results,
fewer texts embedded."""

import numpy as np
import pytest

from index.passage import DocRef, Passage
from index.store import IndexConfig, Store
from index.word_table import WordTable
from qa.retriever import FusionConfig, Retriever

QUESTIONS = [
    "Which countries ratified the protocol?",
    "What does the fund give to victims of trafficking?",
    "How many women and children were identified as victims in 2018?",
    "Did Fiji ratify the protocol?",
    "ما هي البلدان التي صدقت على البروتوكول؟",
]


class _Counting:
    """An encoder counting the texts it embeds as queries."""

    def __init__(self, encoder):
        self.encoder, self.texts = encoder, []
        self.name, self.dimension = encoder.name, encoder.dimension

    def encode_queries(self, texts):
        self.texts += list(texts)
        return self.encoder.encode_queries(texts)

    def encode_passages(self, texts, show_progress=False):
        return self.encoder.encode_passages(texts, show_progress)


def _store(encoder, sizes):
    doc = DocRef("a74", "A/74/189", "ar")
    texts = [
        "صدقت فيجي واليابان على البروتوكول في عام ٢٠١٨.",
        "يقدم الصندوق المساعدة إلى ضحايا الاتجار بالأشخاص.",
        "حددت البلدان ٢٥٠٠٠ ضحية من النساء والأطفال.",
        "حثت الجمعية العامة الدول على التصديق على الاتفاقية.",
    ]
    passages = [Passage(f"a74-{i}", doc, i, (), text) for i, text in enumerate(texts, start=1)]
    return Store.build(passages, encoder, IndexConfig(encoder=IndexConfig.for_model(encoder.name).encoder, word_table=sizes))


@pytest.fixture(scope="module")
def stores(hashing_encoder):
    return _store(hashing_encoder, (("en", 2000), ("ar", 1000))), _store(hashing_encoder, ())


@pytest.mark.parametrize("query", QUESTIONS)
def test_search_with_the_table_ranks_and_scores_as_without(stores, hashing_encoder, query):
    with_table, without = stores
    assert len(with_table.word_table) and not len(without.word_table)
    fast, slow = Retriever(with_table, hashing_encoder), Retriever(without, hashing_encoder)
    assert fast.bridge_terms(query) == slow.bridge_terms(query)
    hits, scores = fast.search_with_scores(query, k=4)
    twins, twin_scores = slow.search_with_scores(query, k=4)
    assert [h.passage.id for h in hits] == [h.passage.id for h in twins]
    np.testing.assert_array_equal(scores.final, twin_scores.final)
    assert scores.bridge_terms == twin_scores.bridge_terms


def test_a_word_in_the_table_is_not_embedded(stores, hashing_encoder):
    with_table, _ = stores
    counting = _Counting(hashing_encoder)
    # Centring off: this counts the bridge's embeddings, not the generic questions' (qa.centring).
    retriever = Retriever(with_table, counting, FusionConfig(centring_weight=0.0))
    query = "Which countries ratified the protocol of zzqxtrafficking?"
    words = retriever.bridge_words(query)
    known = [w for w in words if w in with_table.word_table]
    assert known and len(known) < len(words)
    retriever.search(query)
    assert counting.texts == [query, *[w for w in words if w not in with_table.word_table]]  # one call, rare words only


@pytest.mark.slow
def test_the_real_bridge_ranks_alike_with_and_without_the_table(real_assistant):
    store, encoder = real_assistant.store, real_assistant.encoder
    table = store.word_table
    retriever = Retriever(store, encoder)
    questions = QUESTIONS + ["What is the role of the Special Rapporteur on trafficking in persons?"]
    results = {}
    for name, words in (("table", table), ("encoder", WordTable.empty())):
        store.word_table = words
        try:
            results[name] = []
            for query in questions:
                retriever.clear_word_cache()
                hits = retriever.search(query, k=10)
                results[name].append(([h.passage.id for h in hits], [h.score for h in hits]))
        finally:
            store.word_table = table
    for (ids, scores), (twin_ids, twin_scores) in zip(results["table"], results["encoder"]):
        assert ids == twin_ids
        np.testing.assert_allclose(scores, twin_scores, atol=1e-5)  # a word alone or batched with its query: ~1e-8 apart
