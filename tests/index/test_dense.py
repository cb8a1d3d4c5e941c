"""FAISS search against numpy brute force (the slow twin)."""

import numpy as np
import pytest

from index.dense import DenseIndex, DenseKind


def _unit(rows):
    return rows / np.linalg.norm(rows, axis=1, keepdims=True)


@pytest.fixture(scope="module")
def data():
    rng = np.random.default_rng(7)
    vectors = _unit(rng.normal(size=(300, 24)).astype(np.float32))
    owner = np.sort(rng.integers(0, 120, size=300)).astype(np.int32)
    owner[:120] = np.arange(120)  # every passage owns at least one window
    owner.sort()
    queries = _unit(rng.normal(size=(10, 24)).astype(np.float32))
    return vectors, owner, queries


def _brute_force(vectors, owner, query, passages):
    best = np.full(passages, -np.inf, dtype=np.float32)
    for row, vector in enumerate(vectors):
        best[owner[row]] = max(best[owner[row]], float(vector @ query))
    return best


def test_flat_matches_brute_force_max_over_windows(data):
    vectors, owner, queries = data
    index = DenseIndex.build(vectors, owner, 120, DenseKind.FLAT)
    for query in queries:
        np.testing.assert_allclose(index.scores(query), _brute_force(vectors, owner, query, 120), rtol=1e-5, atol=1e-6)


def test_hnsw_finds_the_true_top_passages(data):
    vectors, owner, queries = data
    index = DenseIndex.build(vectors, owner, 120, DenseKind.HNSW)
    for query in queries:
        truth = _brute_force(vectors, owner, query, 120)
        got = index.scores(query, candidates=60)
        top_true = set(np.argsort(-truth)[:5])
        top_got = set(np.argsort(-got)[:5])
        assert len(top_true & top_got) >= 4


def test_round_trip(data, tmp_path):
    vectors, owner, queries = data
    index = DenseIndex.build(vectors, owner, 120)
    index.save(tmp_path)
    loaded = DenseIndex.load(tmp_path, 120, DenseKind.FLAT)
    np.testing.assert_array_equal(loaded.scores(queries[0]), index.scores(queries[0]))
