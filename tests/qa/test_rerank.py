"""The second stage: hand-computed coverage, and the retriever's rerank against a brute-force twin."""

import dataclasses
import doctest

import numpy as np
import pytest

from index import arabic
from index.passage import DocRef, Passage
from index.store import IndexConfig, Store
from qa import rerank
from qa.retriever import FusionConfig, Retriever

DOC = DocRef("d", "D")
TEXTS = [
    "يقدم الصندوق المساعدة إلى الضحايا. وتعمل الدول على الحماية.",
    "تعمل الدول مع الشبكة. ويقدم الصندوق المساعدة؛ ويحمي الضحايا.",
    "عقد الفريق اجتماعه الأول في نيويورك.",
]


def test_docstring_examples_run():
    assert doctest.testmod(rerank).failed == 0


def test_coverage_by_hand():
    weights = rerank.query_weights(["a", "b", "c", "b"], {"a": 1.0, "b": 2.0}.get, unknown_idf=5.0)
    assert weights == pytest.approx({"a": 1 / 8, "b": 2 / 8, "c": 5 / 8})
    sentences = [frozenset({"a", "b"}), frozenset({"c"}), frozenset({"a", "c", "x"})]
    assert rerank.coverage(weights, sentences) == pytest.approx(6 / 8)
    assert rerank.coverage(weights, []) == 0.0


def test_rerank_touches_only_the_best_rows_and_leaves_its_input():
    final = np.array([0.5, 0.9, 0.1, 0.7])
    out = rerank.rerank(final, 2, lambda row: 1.0)
    assert out.tolist() == [0.5, 1.9, 0.1, 1.7] and final.tolist() == [0.5, 0.9, 0.1, 0.7]


@pytest.fixture
def store(hashing_encoder):
    passages = [Passage(f"d#{n}", DOC, n, (), text) for n, text in enumerate(TEXTS, 1)]
    return Store.build(passages, hashing_encoder, IndexConfig.for_model(hashing_encoder.name))


@pytest.mark.parametrize("depth", [1, 2, 3])
def test_retriever_adds_the_bonus_a_slow_twin_computes(store, hashing_encoder, depth):
    query = "هل يقدم الصندوق المساعدة إلى الضحايا؟"
    plain = Retriever(store, hashing_encoder).score(query)
    config = dataclasses.replace(FusionConfig(), rerank_weight=0.5, rerank_depth=depth)
    reranked = Retriever(store, hashing_encoder, config).score(query)
    # Slow twin: every sentence re-split and re-tokenized from the text, every query term weighed by hand.
    tokens = arabic.tokenize(query, store.stemming)
    idf = {t: float(store.bm25.idf[store.bm25.term_ids[t]]) for t in tokens if t in store.bm25.term_ids}
    unknown = float(store.bm25.idf.max())
    total = sum(idf.get(t, unknown) for t in set(tokens))
    expected = plain.final.copy()
    for row in np.argsort(-plain.final, kind="stable")[:depth]:
        best = 0.0
        for a, b in store.sentence_spans[store.sentences.owner == row]:
            words = set(arabic.tokenize(TEXTS[row][a:b], store.stemming))
            best = max(best, sum(idf.get(t, unknown) for t in set(tokens) if t in words) / total)
        expected[row] += 0.5 * plain.lexical_evidence * best
    assert reranked.final == pytest.approx(expected)
    assert (reranked.final != plain.final).sum() == min(depth, 2)  # the third passage holds no query word


def test_off_by_default(store, hashing_encoder):
    query = "هل يقدم الصندوق المساعدة إلى الضحايا؟"
    assert FusionConfig().rerank_weight == 0
    plain = Retriever(store, hashing_encoder).score(query).final
    off = Retriever(store, hashing_encoder, FusionConfig(rerank_weight=0.0)).score(query).final
    assert np.array_equal(plain, off)
