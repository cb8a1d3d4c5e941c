"""Fusion against hand-computed values."""

import numpy as np
import pytest

from qa.fusion import evidence_weighted, lexical_evidence, max_normalize, reciprocal_rank_fusion, spread_normalize


def test_rrf_matches_the_formula():
    bm25 = np.array([3.0, 1.0, 2.0])
    dense = np.array([0.1, 0.9, 0.5])
    fused = reciprocal_rank_fusion([bm25, dense], k=60)
    assert fused[0] == pytest.approx(1 / (60 + 1) + 1 / (60 + 3))
    assert fused[1] == pytest.approx(1 / (60 + 3) + 1 / (60 + 1))
    assert fused[2] == pytest.approx(1 / (60 + 2) + 1 / (60 + 2))


def test_rrf_ignores_unranked_entries():
    fused = reciprocal_rank_fusion([np.array([1.0, -np.inf]), np.array([0.0, 1.0])], k=1)
    assert fused.tolist() == pytest.approx([1 / 2 + 1 / 3, 1 / 2])


def test_rrf_does_not_mutate_its_inputs():
    scores = np.array([2.0, 1.0])
    reciprocal_rank_fusion([scores])
    assert scores.tolist() == [2.0, 1.0]


def test_normalizations():
    assert max_normalize(np.array([2.0, 1.0, 0.0])).tolist() == [1.0, 0.5, 0.0]
    assert max_normalize(np.zeros(3)).tolist() == [0.0, 0.0, 0.0]
    assert spread_normalize(np.array([0.9, 0.8, 0.7])).tolist() == pytest.approx([1.0, 0.0, -1.0])
    assert spread_normalize(np.array([0.5, -np.inf, 0.3]))[1] == -1.0


def test_lexical_evidence_is_the_known_share_of_idf_mass():
    idf = {"a": 1.0, "b": 2.0}.get
    assert lexical_evidence(["a", "b"], idf, unknown_idf=3.0) == 1.0
    assert lexical_evidence(["a", "zz"], idf, unknown_idf=3.0) == pytest.approx(1 / 4)
    assert lexical_evidence(["zz"], idf, unknown_idf=3.0) == 0.0
    assert lexical_evidence([], idf, unknown_idf=3.0) == 0.0


def test_no_lexical_evidence_means_pure_dense_order():
    bm25 = np.array([5.0, 0.0, 1.0])
    dense = np.array([0.2, 0.9, 0.5])
    fused = evidence_weighted(bm25, dense, evidence=0.0)
    assert list(np.argsort(-fused)) == list(np.argsort(-dense))


def _spread_normalize_reference(scores):
    """The nanmedian formulation ``spread_normalize`` replaced (the slow twin)."""
    import warnings

    finite = np.where(np.isfinite(scores), scores, np.nan)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # an all-NaN slice
        top, middle = np.nanmax(finite), np.nanmedian(finite)
    spread = top - middle
    out = (finite - middle) / spread if spread > 0 else np.zeros_like(finite)
    return np.nan_to_num(out, nan=-1.0)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_spread_normalize_equals_the_nanmedian_formulation(dtype):
    rng = np.random.default_rng(7)
    cases = [rng.normal(size=n).astype(dtype) for n in (1, 2, 5, 6, 557)]
    for n in (4, 7, 300):
        values = rng.normal(size=n).astype(dtype)
        values[rng.random(n) < 0.4] = -np.inf
        cases.append(values)
    cases += [np.full(4, -np.inf, dtype=dtype), np.array([0.3, 0.3, -np.inf], dtype=dtype), np.array([np.inf, 0.2, 0.1], dtype=dtype)]
    for values in cases:
        got, expected = spread_normalize(values), _spread_normalize_reference(values)
        assert got.dtype == expected.dtype
        np.testing.assert_array_equal(got, expected)
