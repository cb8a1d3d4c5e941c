"""Muted sentence fragments (``index.sentences.fragments``, ``DenseIndex.muted``) against numpy brute force."""

import numpy as np
import pytest

from index import dense_topk
from index.dense import DenseIndex, DenseKind
from index.sentences import MIN_SENTENCE_CHARS, fragments, split_sentences


def _unit(rows):
    return rows / np.linalg.norm(rows, axis=1, keepdims=True)


@pytest.fixture(scope="module")
def data():
    rng = np.random.default_rng(5)
    vectors = _unit(rng.normal(size=(3000, 32))).astype(np.float32)
    owner = np.sort(rng.integers(0, 1000, 3000)).astype(np.int32)
    queries = _unit(rng.normal(size=(8, 32))).astype(np.float32)
    # Every query's 40 nearest vectors are muted: a hub would be near every query like them.
    muted = np.zeros(3000, dtype=bool)
    for q in queries:
        muted[np.argsort(-(vectors @ q))[:40]] = True
    return vectors, owner, queries, muted


def test_fragments_are_the_spans_shorter_than_the_minimum():
    text = "Certainly! . The report covers trafficking in persons. ..."
    spans = np.array(split_sentences(text))
    assert [text[a:b] for a, b in spans] == ["Certainly!", ".", "The report covers trafficking in persons.", "..."]
    assert fragments(spans).tolist() == [False, True, False, True]
    assert fragments(np.array([[0, MIN_SENTENCE_CHARS]])) is None  # nothing short: no mask at all


def _brute_best(vectors, owner, muted, query, passages):
    scores = np.where(muted, -np.inf, vectors @ query)
    best = np.full(passages, -np.inf)
    np.maximum.at(best, owner, scores)
    return best


@pytest.mark.parametrize("kind", [DenseKind.FLAT, DenseKind.IVF_FLAT])
def test_a_muted_vector_never_makes_its_passage_best(data, kind):
    vectors, owner, queries, muted = data
    index = DenseIndex.build(vectors, owner, 1000, kind)
    index.muted = muted
    if kind is not DenseKind.FLAT:
        import faiss

        faiss.extract_index_ivf(index.faiss_index).nprobe = faiss.extract_index_ivf(index.faiss_index).nlist  # exact
    rows = np.array([3, 500, 999, int(owner[np.flatnonzero(muted)[0]])])
    for query in queries:
        want = _brute_best(vectors, owner, muted, query, 1000)
        np.testing.assert_allclose(index.scores(query), want, rtol=1e-5, atol=1e-6)
        best, ids, each = dense_topk.passage_scores(index, query, rows)
        np.testing.assert_allclose(best, want[rows], rtol=1e-5, atol=1e-6)
        assert muted[ids].any() or not muted[np.isin(owner, rows)].any()  # muted vectors keep their own score
        found, scores = dense_topk.top_passages(index, query, 30)
        # The 30 nearest unmuted vectors, not the 30 nearest minus the muted ones.
        unmuted = np.flatnonzero(~muted)
        nearest = unmuted[np.argsort(-(vectors[unmuted] @ query), kind="stable")[:30]]
        assert set(found.tolist()) == set(owner[nearest].tolist())
        np.testing.assert_allclose(scores, want[found], rtol=1e-5, atol=1e-6)


def test_muting_inside_a_language_scope(data):
    vectors, owner, queries, muted = data
    index = DenseIndex.build(vectors, owner, 1000, DenseKind.FLAT)
    index.muted = muted
    within = np.arange(0, 1000, 2)
    for query in queries:
        found, _ = dense_topk.top_passages(index, query, 25, within)
        keep = np.flatnonzero(~muted & np.isin(owner, within))
        nearest = keep[np.argsort(-(vectors[keep] @ query), kind="stable")[:25]]
        assert set(found.tolist()) == set(owner[nearest].tolist())


def test_a_new_mask_replaces_the_selectors_made_with_the_old_one(data):
    vectors, owner, queries, muted = data
    index = DenseIndex.build(vectors, owner, 1000, DenseKind.FLAT)
    query = queries[0]
    before, _ = dense_topk.top_passages(index, query, 10, np.arange(1000))  # a selector made with no mask
    index.muted = muted
    after, _ = dense_topk.top_passages(index, query, 10, np.arange(1000))
    keep = np.flatnonzero(~muted)
    nearest = keep[np.argsort(-(vectors[keep] @ query), kind="stable")[:10]]
    assert set(after.tolist()) == set(owner[nearest].tolist()) != set(before.tolist())
    with pytest.raises(ValueError, match="one flag per vector"):
        index.muted = muted[:-1]


def test_a_store_refuses_sentence_spans_that_do_not_match_its_vectors(data):
    from index.store import Store

    vectors, owner, _, _ = data
    sentences = DenseIndex.build(vectors[:10], np.arange(10, dtype=np.int32), 10, DenseKind.FLAT)
    with pytest.raises(ValueError, match="9 sentence spans for 10 sentence vectors"):
        Store([], None, None, None, sentences, np.zeros((9, 2)), None)
