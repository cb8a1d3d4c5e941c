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


def _copied_restriction(bm25: BM25, rows) -> BM25:
    """The restriction as it was built before it shared the root's postings (every posting inside ``rows``
    copied into arrays of its own): the slow twin of ``BM25.restricted``."""
    from index.bm25 import okapi_idf

    rows = np.unique(np.asarray(rows, dtype=np.int64))
    indptr, docs, tf = bm25.packed
    inside = np.zeros(len(bm25), dtype=bool)
    inside[rows] = True
    keep = inside[docs]
    df = np.bincount(np.repeat(np.arange(len(bm25.vocab)), np.diff(indptr))[keep], minlength=len(bm25.vocab))
    present = np.flatnonzero(df)
    own = np.zeros(len(present) + 1, dtype=np.int64)
    own[1:] = np.cumsum(df[present])
    return BM25(
        [bm25.vocab[t] for t in present], okapi_idf(df[present], len(rows), bm25.params.epsilon), bm25.doc_len, own,
        docs[keep], tf[keep], bm25.params, average_len=float(bm25.doc_len[rows].mean()),
    )


def _two_languages(seed, documents=600):
    """Documents of two vocabularies that share a few terms (as digits are shared by Arabic and English)."""
    rng = np.random.default_rng(seed)
    language = rng.integers(0, 2, documents)
    shared = [f"{d}" for d in range(8)]
    own = [[f"ar{i}" for i in range(60)], [f"en{i}" for i in range(60)]]
    corpus = []
    for lang in language:
        words = own[lang] + shared
        corpus.append([words[min(int(rng.pareto(1.0)), len(words) - 1)] if rng.random() > 0.1 else shared[rng.integers(8)] for _ in range(rng.integers(0, 25))])
    return rng, language, corpus


def test_a_restriction_keeps_every_posting_when_the_last_terms_have_none():
    """Terms without postings at the end of the vocabulary (``BM25.index`` makes none, a hand-built or
    loaded index may): the per-term sums once cut the last posting off the term before them."""
    bm25 = BM25(["a", "b", "y", "z"], [1.0, 1.0, 1.0, 1.0], [2, 2, 1], [0, 1, 3, 3, 3], [0, 0, 1], [1.0, 1.0, 1.0])
    for rows in ([0, 1], [0, 1, 2], [1]):
        ours, copied = bm25.restricted(rows), _copied_restriction(bm25, rows)
        assert ours.vocab == copied.vocab
        for column in range(len(ours.vocab)):
            np.testing.assert_array_equal(ours.postings(column)[0], copied.postings(column)[0])
            assert ours.df(column) == copied.df(column)
        np.testing.assert_array_equal(ours.scores(["a", "b"]), copied.scores(["a", "b"]))


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_restricted_shares_the_root_postings_and_equals_a_copied_restriction(seed):
    rng, language, corpus = _two_languages(seed)
    bm25 = BM25.index(corpus)
    for case, rows in enumerate((np.flatnonzero(language == 0), np.flatnonzero(language == 1), rng.choice(len(corpus), 50, replace=False))):
        ours, copied = bm25.restricted(rows), _copied_restriction(bm25, rows)
        assert ours.vocab == copied.vocab
        np.testing.assert_array_equal(ours.idf, copied.idf)
        np.testing.assert_array_equal(ours._norm, copied._norm)
        shared = 0
        for column in range(len(ours.vocab)):
            docs, tf = ours.postings(column)
            want_docs, want_tf = copied.postings(column)
            np.testing.assert_array_equal(docs, want_docs)
            np.testing.assert_array_equal(tf, want_tf)
            assert ours.df(column) == len(want_docs)
            shared += np.shares_memory(docs, bm25.docs)
        if case < 2:  # a language's own terms are read in place, the shared ones copied
            assert shared == sum(w.startswith(("ar", "en")) for w in ours.vocab)  # not the digits, nor "\u2205" (empty texts)
        for query in ([f"ar{i}" for i in range(3)] + ["1"], ["en0", "en5", "3", "3"], ["7", "zz"]):
            np.testing.assert_array_equal(ours.scores(query), copied.scores(query))
        for near in (rows[:10], rng.choice(len(corpus), 10), []):
            assert ours.terms_in(near).tolist() == copied.terms_in(near).tolist()
        # A restriction of the restriction is the copied one's (rows it does not hold count, without postings).
        inner = rng.choice(len(corpus), 80, replace=False)
        twice, copied_twice = ours.restricted(inner), _copied_restriction(copied, inner)
        assert twice.vocab == copied_twice.vocab
        np.testing.assert_array_equal(twice.idf, copied_twice.idf)
        np.testing.assert_array_equal(twice.scores(["en1", "ar1", "2"]), copied_twice.scores(["en1", "ar1", "2"]))
        assert twice.terms_in(inner[:10]).tolist() == copied_twice.terms_in(inner[:10]).tolist()


def test_a_restricted_index_saves_its_own_postings(corpus, tmp_path):
    bm25 = BM25.index(corpus)
    restricted = bm25.restricted([1, 2, 4])
    restricted.save(tmp_path)
    loaded = BM25.load(tmp_path, restricted.config())  # its own average length is not saved
    copied = _copied_restriction(bm25, [1, 2, 4])
    assert loaded.vocab == copied.vocab
    for got, want in zip((loaded.idf, *loaded.packed), (copied.idf, *copied.packed)):
        np.testing.assert_array_equal(got, want)
