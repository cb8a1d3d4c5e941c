"""Dense top passages and passage rescoring against DenseIndex.scores and numpy (the slow twins)."""

import numpy as np
import pytest

from index import dense_kinds, dense_topk
from index.dense import DenseIndex, DenseKind


def _unit(rows):
    return rows / np.linalg.norm(rows, axis=1, keepdims=True)


@pytest.fixture(scope="module")
def data():
    rng = np.random.default_rng(11)
    centres = _unit(rng.normal(size=(40, 48)))
    vectors = _unit(centres[rng.integers(0, 40, 6000)] + 0.3 * rng.normal(size=(6000, 48))).astype(np.float32)
    owner = np.sort(rng.integers(0, 2500, 6000)).astype(np.int32)
    queries = _unit(centres[:10] + 0.3 * rng.normal(size=(10, 48))).astype(np.float32)
    return vectors, owner, queries


def test_flat_top_passages_are_the_exhaustive_best(data):
    vectors, owner, queries = data
    index = DenseIndex.build(vectors, owner, 2500, DenseKind.FLAT)
    for query in queries:
        full = index.scores(query)
        rows, scores = dense_topk.top_passages(index, query, 50)
        order = np.argsort(-full, kind="stable")[: len(rows)]
        np.testing.assert_allclose(scores, full[order], rtol=1e-6)  # the same best scores, best first
        np.testing.assert_allclose(scores, full[rows], rtol=1e-6)
        assert np.all(np.diff(scores) <= 0)


@pytest.mark.parametrize("kind", list(DenseKind))
def test_passage_scores_are_the_stored_vectors_best(data, kind):
    vectors, owner, queries = data
    index = DenseIndex.build(vectors, owner, 2500, kind)
    decoded = index.vectors()  # decoded, a centred index's mean added back
    rows = np.array([0, 7, 2499, 1234, 7])
    for query in queries:
        best, ids, each = dense_topk.passage_scores(index, query, rows)
        for i, row in enumerate(rows):
            mine = np.flatnonzero(owner == row)
            assert sorted(ids[np.flatnonzero(np.isin(ids, mine))].tolist()) == sorted(np.repeat(mine, (rows == row).sum()).tolist())
            want = float((decoded[mine] @ query).max()) if len(mine) else -np.inf
            assert best[i] == pytest.approx(want, abs=1e-5)


@pytest.mark.parametrize("kind", [DenseKind.HNSW, DenseKind.IVF_FLAT, DenseKind.IVF_SQ8, DenseKind.IVF_PQ])
def test_approximate_kinds_find_most_of_the_exact_top_10(data, kind):
    vectors, owner, queries = data
    exact = DenseIndex.build(vectors, owner, 2500, DenseKind.FLAT)
    approximate = DenseIndex.build(vectors, owner, 2500, kind)
    recall = np.mean([
        len(set(dense_topk.top_passages(exact, q, 30)[0][:10]) & set(dense_topk.top_passages(approximate, q, 30)[0][:10])) / 10
        for q in queries
    ])
    # Noisy synthetic clusters in 48 dimensions, nprobe 64 of 154 cells (2·sqrt(6000)): a floor, not the measurement
    # (eval/results/scale.md measures recall on real vectors).
    assert recall >= {DenseKind.HNSW: 0.9, DenseKind.IVF_PQ: 0.5}.get(kind, 0.7)


def test_ivf_round_trip_keeps_search_and_rescoring(data, tmp_path):
    vectors, owner, queries = data
    index = DenseIndex.build(vectors, owner, 2500, DenseKind.IVF_SQ8)
    index.save(tmp_path)
    loaded = DenseIndex.load(tmp_path, 2500, DenseKind.IVF_SQ8)
    for query in queries[:3]:
        assert dense_topk.top_passages(loaded, query, 40)[0].tolist() == dense_topk.top_passages(index, query, 40)[0].tolist()
        np.testing.assert_allclose(dense_topk.passage_scores(loaded, query, np.arange(30))[0], dense_topk.passage_scores(index, query, np.arange(30))[0])


def test_too_few_training_vectors_is_an_error():
    with pytest.raises(ValueError, match="training vectors"):
        dense_kinds.new_index(DenseKind.IVF_FLAT, 8, 10_000, np.zeros((3, 8), np.float32))


@pytest.mark.parametrize("kind", list(DenseKind))
def test_a_search_within_rows_finds_only_them_with_the_index_settings(data, kind):
    """``top_passages(..., within)``: only those passages, their scores the stored vectors' best, and
    (flat) exactly the best of them, as filtering every passage's score gives; every kind keeps its
    own nprobe / efSearch (search parameters replace the index's)."""
    vectors, owner, queries = data
    index = DenseIndex.build(vectors, owner, 2500, kind)
    within = np.arange(0, 2500, 3)
    for query in queries:
        rows, scores = dense_topk.top_passages(index, query, 60, within)
        assert len(rows) and np.isin(rows, within).all() and np.all(np.diff(scores) <= 1e-6)
        # An approximate kind may reach a passage by one of its vectors and miss a better one.
        assert np.all(scores <= dense_topk.passage_scores(index, query, rows)[0] + 1e-5)
        if kind is DenseKind.FLAT:
            full = index.scores(query)
            best = within[np.argsort(-full[within], kind="stable")][: len(rows)]
            np.testing.assert_allclose(scores, full[best], rtol=1e-6)
        elif kind is DenseKind.HNSW:
            exact = DenseIndex.build(vectors, owner, 2500, DenseKind.FLAT)
            found = len(set(rows[:10]) & set(dense_topk.top_passages(exact, query, 60, within)[0][:10])) / 10
            assert found >= 0.5, found
        else:  # IVF: the cells its own nprobe picks, filtered: the unfiltered search of those cells, filtered
            deep, deep_scores = dense_topk.top_passages(index, query, len(vectors))
            keep = np.isin(deep, within)
            np.testing.assert_allclose(scores, deep_scores[keep][: len(rows)], rtol=1e-6)


def test_more_probes_reach_the_exact_top_within_a_scope(data):
    """``probes`` multiplies the IVF's nprobe (cross-language scopes, ``FusionConfig.cross_language_probes``):
    enough probes to scan every cell find the flat index's top passages within the scope."""
    import faiss

    vectors, owner, queries = data
    exact = DenseIndex.build(vectors, owner, 2500, DenseKind.FLAT)
    ivf = DenseIndex.build(vectors, owner, 2500, DenseKind.IVF_FLAT)
    inner = faiss.extract_index_ivf(ivf.faiss_index)
    inner.nprobe = 2
    every = -(-inner.nlist // inner.nprobe)  # probes that cover every cell
    within = np.arange(0, 2500, 3)
    for query in queries:
        want, _ = dense_topk.top_passages(exact, query, 20, within)
        got, _ = dense_topk.top_passages(ivf, query, 20, within, probes=every)
        assert got.tolist() == want.tolist()
        few, _ = dense_topk.top_passages(ivf, query, 20, within)  # the index's own 2 cells: a different selector
        assert set(few.tolist()) <= set(np.flatnonzero(np.isin(np.arange(2500), within)).tolist())
    assert inner.nprobe == 2  # the index's own setting is left alone


@pytest.mark.parametrize("kind", [DenseKind.FLAT, DenseKind.IVF_SQ8])
def test_rows_decoded_once_per_query_score_as_passage_scores(data, kind):
    """``DecodedRows`` (one query's rescoring, each passage decoded once) against ``passage_scores``
    (its slow twin, decoding on every call): the same best scores, vector ids and each vector's score,
    bit for bit, over overlapping row sets asked in any order, with repeats and passages with no
    vector, by two query vectors; muted vectors never a passage's best; a row is decoded only once."""
    vectors, owner, queries = data
    index = DenseIndex.build(vectors, owner, 2500, kind)
    index.muted = np.zeros(len(owner), dtype=bool)
    index.muted[::7] = True
    empty = np.setdiff1d(np.arange(2500), owner)[:3]
    asks = [np.arange(100, 400), np.array([5, 250, 3000 % 2500, 250, *empty]), np.arange(0, 2500, 5), np.arange(350, 120, -1)]
    decoded = dense_topk.DecodedRows(index)
    for rows in asks:
        for query in queries[:2]:
            got, want = decoded.passage_scores(query, rows), dense_topk.passage_scores(index, query, rows)
            for g, w in zip(got, want):
                np.testing.assert_array_equal(g, w)
    kept = np.concatenate(decoded.ids)
    assert len(kept) == len(np.unique(kept)) == np.isin(owner, np.concatenate(asks)).sum()  # each vector decoded once
    assert len(decoded.chunks) == len(asks) - 1  # the last rows were all decoded before: no call


@pytest.mark.parametrize("kind", [DenseKind.FLAT, DenseKind.IVF_SQ8])
def test_stored_vectors_decode_in_one_batch_as_faiss_reconstructs_each(data, kind, tmp_path):
    """``StoredVectors.get`` (IVF-SQ: codes gathered in place and decoded by one ``sa_decode``) against
    FAISS's own ``reconstruct`` of one vector at a time (the slow twin): equal bit for bit, for ids in any
    order, repeated, none, in a built index and the same index saved and loaded; and the scores
    ``passage_scores`` gives from them, muted vectors never a passage's best."""
    vectors, owner, queries = data
    built = DenseIndex.build(vectors, owner, 2500, kind)
    built.save(tmp_path)
    loaded = DenseIndex.load(tmp_path, 2500, kind)
    rng = np.random.default_rng(5)
    asks = [rng.permutation(len(owner)), np.array([17, 3, 17, len(owner) - 1, 0]), np.zeros(0, dtype=np.int64)]
    for index in (built, loaded):
        reader = dense_topk.stored(index)
        assert (reader.codes is not None) == (kind is DenseKind.IVF_SQ8)  # the batched path is the one tested
        for ids in asks:
            want = np.stack([index.faiss_index.reconstruct(int(i)) for i in ids]) if len(ids) else np.zeros((0, vectors.shape[1]), np.float32)
            if index.mean is not None:
                want = want + index.mean
            np.testing.assert_array_equal(reader.get(ids), want)
        index.muted = np.zeros(len(owner), dtype=bool)
        index.muted[::3] = True
        rows = np.arange(0, 2500, 7)
        ids, which = dense_topk.vectors_of(index, rows)
        want = np.stack([index.faiss_index.reconstruct(int(i)) for i in ids]) + (index.mean if index.mean is not None else 0)
        for query in queries[:3]:
            best, got_ids, each = dense_topk.passage_scores(index, query, rows)
            assert got_ids.tolist() == ids.tolist()
            np.testing.assert_array_equal(each, dense_topk.dot(want, query))
            mine = np.where(index.muted[ids], -np.inf, each)
            expect = np.full(len(rows), -np.inf)
            np.maximum.at(expect, which, mine)
            np.testing.assert_array_equal(best, expect)
