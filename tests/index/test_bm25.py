"""Our BM25 against rank-bm25 on the same tokens (the slow twin)."""

import numpy as np
import pytest
from rank_bm25 import BM25Okapi

from index.arabic import tokenize
from index.bm25 import BM25, BM25Params

DOCS = [
    "حثت الجمعية العامة الدول الأعضاء على التصديق على البروتوكول",
    "صدقت فيجي وملديف واليابان على بروتوكول الاتجار بالأشخاص",
    "the fund supports victims of trafficking",
    "",
    "الضحايا الضحايا الضحايا من النساء والأطفال",
]
QUERIES = ["التصديق على البروتوكول", "victims fund", "الضحايا النساء", "لا شيء مطابق", "الضحايا الضحايا"]


@pytest.fixture(scope="module")
def corpus():
    return [tokenize(d) for d in DOCS]


@pytest.mark.parametrize("params", [BM25Params(), BM25Params(k1=0.9, b=0.4, epsilon=0.1)])
def test_scores_match_rank_bm25(corpus, params):
    ours = BM25.index(corpus, params)
    reference = BM25Okapi([t or ["\u2205"] for t in corpus], k1=params.k1, b=params.b, epsilon=params.epsilon)
    for query in QUERIES:
        tokens = tokenize(query)
        np.testing.assert_allclose(ours.scores(tokens), reference.get_scores(tokens), rtol=1e-6, atol=1e-9)


def test_round_trip_through_plain_files(corpus, tmp_path):
    ours = BM25.index(corpus)
    ours.save(tmp_path)
    assert not list(tmp_path.glob("*.pkl"))
    loaded = BM25.load(tmp_path, ours.config())
    for query in QUERIES:
        tokens = tokenize(query)
        np.testing.assert_array_equal(loaded.scores(tokens), ours.scores(tokens))


def test_unknown_terms_score_zero(corpus):
    assert not BM25.index(corpus).scores(["zzz"]).any()


def test_weighted_scores_are_the_weighted_sum_of_single_term_scores(corpus):
    ours = BM25.index(corpus)
    terms, weights = tokenize("الضحايا البروتوكول victims"), [0.5, 2.0, 0.9]
    expected = sum(w * ours.scores([t]) for t, w in zip(terms, weights))
    np.testing.assert_allclose(ours.scores(terms, weights=weights), expected)
    with pytest.raises(ValueError, match="2 weights for 3 query tokens"):
        ours.scores(terms, weights=[1.0, 1.0])


@pytest.mark.parametrize("rows", [[0, 1, 2], [1, 4], [3], [2, 3, 4]])
def test_restricted_scores_as_an_index_of_those_rows_alone(corpus, rows):
    params = BM25Params()
    ours = BM25.index(corpus).restricted(rows)
    alone = BM25Okapi([corpus[r] or ["\u2205"] for r in rows], k1=params.k1, b=params.b, epsilon=params.epsilon)
    assert set(ours.vocab) == set(alone.idf)
    for query in QUERIES:
        tokens = tokenize(query)
        scores = ours.scores(tokens)
        np.testing.assert_allclose(scores[rows], alone.get_scores(tokens), rtol=1e-6, atol=1e-9)
        assert not np.delete(scores, rows).any()


@pytest.mark.parametrize("rows", [[0], [1, 4], [3], [2, 3, 4], [4, 0, 4], []])
def test_terms_in_are_the_terms_of_those_documents(corpus, rows):
    bm25 = BM25.index(corpus)
    expected = sorted({t for r in rows for t in (corpus[r] or ["\u2205"])})  # rank-bm25's placeholder for an empty text
    assert [bm25.vocab[t] for t in bm25.terms_in(rows)] == expected
    restricted = bm25.restricted([1, 2, 4])  # its own columns, same row numbers
    assert [restricted.vocab[t] for t in restricted.terms_in([4])] == sorted(set(corpus[4]))
