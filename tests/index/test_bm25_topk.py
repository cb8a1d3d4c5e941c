"""BM25 top-k (MaxScore) against the exhaustive scorer, which is checked against rank-bm25."""

import random

import numpy as np
import pytest
from rank_bm25 import BM25Okapi

from index import bm25_topk
from index.arabic import tokenize
from index.bm25 import BM25


def _zipf_corpus(seed, documents=2000, vocabulary=300):
    rng = random.Random(seed)
    words = [f"w{i}" for i in range(vocabulary)]
    docs = [[words[min(int(rng.paretovariate(1.0)), vocabulary - 1)] for _ in range(rng.randint(0, 30))] for _ in range(documents)]
    return rng, words, docs


def _query(rng, words):
    return [words[min(int(rng.paretovariate(0.8)), len(words) - 1)] for _ in range(rng.randint(1, 6))]


def _exhaustive_top(bm25, tokens, k, weights=None):
    scores = bm25.scores(tokens, weights)
    order = np.argsort(-scores, kind="stable")
    order = order[scores[order] > 0][:k]
    return order, scores[order]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_top_k_equals_the_exhaustive_ranking(seed):
    rng, words, docs = _zipf_corpus(seed)
    bm25 = BM25.index(docs)
    for case in range(150):
        tokens = _query(rng, words) + (["unknown"] if case % 7 == 0 else [])
        weights = [rng.random() for _ in tokens] if case % 3 == 0 else None
        if case % 5 == 0:  # zero weights (a bridged word clamped to cosine 0) add nothing and void no bound
            weights = [0.0 if i % 2 == 0 else rng.random() for i in range(len(tokens))]
        for k in (1, 3, 10, 100, len(docs) + 10):
            rows, scores = bm25_topk.top_k(bm25, tokens, k, weights)
            want_rows, want_scores = _exhaustive_top(bm25, tokens, k, weights)
            assert rows.tolist() == want_rows.tolist()
            assert scores.tolist() == want_scores.tolist()  # equal, not close: same sums in the same order


def test_long_postings_and_negative_weights():
    # A small vocabulary makes every postings list long (the partial sums prune), and a negative
    # weight voids every bound (the exhaustive union is scored instead).
    rng, words, docs = _zipf_corpus(5, documents=4000, vocabulary=40)
    bm25 = BM25.index(docs)
    for case in range(60):
        tokens = _query(rng, words)
        weights = [rng.uniform(-0.5, 1.0) for _ in tokens] if case % 4 == 0 else None
        for k in (1, 7, 50):
            rows, scores = bm25_topk.top_k(bm25, tokens, k, weights)
            want_rows, want_scores = _exhaustive_top(bm25, tokens, k, weights)
            assert rows.tolist() == want_rows.tolist()
            assert scores.tolist() == want_scores.tolist()


def test_ties_at_the_cut_break_by_row():
    bm25 = BM25.index([["a"], ["b"], ["a"], ["a"], ["c"]])
    rows, scores = bm25_topk.top_k(bm25, ["a"], 2)
    assert rows.tolist() == [0, 2] and scores[0] == scores[1]


def test_scores_at_rows_equal_the_full_array():
    rng, words, docs = _zipf_corpus(4)
    bm25 = BM25.index(docs)
    rows = np.array([5, 0, 1999, 5, 17])
    for _ in range(50):
        tokens = _query(rng, words)
        assert bm25_topk.scores_at(bm25, tokens, rows).tolist() == bm25.scores(tokens)[rows].tolist()


def test_real_text_against_rank_bm25(report_passages):
    corpus = [tokenize(p.text) for p in report_passages]
    bm25 = BM25.index(corpus)
    reference = BM25Okapi([t or ["\u2205"] for t in corpus], k1=1.5, b=0.75, epsilon=0.25)
    for query in ["ضحايا الاتجار بالأشخاص", "victims of trafficking", "الصندوق الاستئماني للتبرعات", "التصديق على البروتوكول"]:
        tokens = tokenize(query)
        rows, scores = bm25_topk.top_k(bm25, tokens, 10)
        full = reference.get_scores(tokens)
        np.testing.assert_allclose(scores, full[rows], rtol=1e-9)
        assert rows.tolist() == np.argsort(-full, kind="stable")[: len(rows)].tolist()


def test_weights_must_match_tokens():
    bm25 = BM25.index([["a"], ["b"]])
    with pytest.raises(ValueError, match="2 weights for 1 query tokens"):
        bm25_topk.top_k(bm25, ["a"], 3, [1.0, 2.0])


@pytest.mark.parametrize("seed", [4, 5])
def test_top_k_within_a_restriction_equals_its_exhaustive_ranking(seed):
    """A restricted BM25 reads most postings in place in its root's arrays and the shared terms' from a copy."""
    rng, words, docs = _zipf_corpus(seed)
    bm25 = BM25.index(docs)
    rows = np.flatnonzero(np.arange(len(docs)) % 3 != 0)
    within = bm25.restricted(rows)
    for case in range(100):
        tokens = _query(rng, words)
        weights = [rng.random() for _ in tokens] if case % 3 == 0 else None
        for k in (1, 10, 100):
            got, scores = bm25_topk.top_k(within, tokens, k, weights)
            want_rows, want_scores = _exhaustive_top(within, tokens, k, weights)
            assert got.tolist() == want_rows.tolist() and scores.tolist() == want_scores.tolist()
            assert np.isin(got, rows).all()
        np.testing.assert_array_equal(bm25_topk.scores_at(within, tokens, rows[::7], weights), within.scores(tokens, weights)[rows[::7]])


def test_a_document_with_only_the_common_word_is_never_a_candidate(monkeypatch):
    """Rare words first: once ``k`` documents with them outscore what the common word alone could give
    a document, no document holding only the common word is scored, though its postings are the most."""
    docs = [(["c"] if i % 5 < 2 else []) + (["r"] if i % 20 == 0 else []) + (["m"] if i % 7 == 0 else []) + [f"pad{i % 4}"] * (i % 3) for i in range(2000)]
    bm25 = BM25.index(docs)
    scored = []
    real = bm25_topk._score
    monkeypatch.setattr(bm25_topk, "_score", lambda b, t, rows: scored.extend(rows.tolist()) or real(b, t, rows))
    for weights in (None, [0.9, 0.8, 0.7]):
        scored.clear()
        rows, scores = bm25_topk.top_k(bm25, ["c", "m", "r"], 10, weights)
        want_rows, want_scores = _exhaustive_top(bm25, ["c", "m", "r"], 10, weights)
        assert rows.tolist() == want_rows.tolist() and scores.tolist() == want_scores.tolist()
        assert scored and all(i % 20 == 0 or i % 7 == 0 for i in scored)
