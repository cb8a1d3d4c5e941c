"""Fusing BM25 and dense scores into one ranking.

``rrf`` is reciprocal rank fusion (Cormack, Clarke & Büttcher, SIGIR 2009):
``score(d) = sum_r 1 / (k + rank_r(d))`` with ``k = 60``. It is the obvious
baseline and fails when one retriever has no evidence: an English question
over Arabic paragraphs gives BM25 nothing but an arbitrary order, and RRF
mixes that order in at full weight.

``evidence_weighted`` normalizes both score lists and weighs BM25 by how much
lexical evidence the query actually has in the corpus (the share of its
tokens, by idf, that the corpus vocabulary knows), so a query with no shared
words falls back to dense search and a query full of rare shared words leans
on BM25.
"""

from __future__ import annotations

import numpy as np


def ranks(scores: np.ndarray) -> np.ndarray:
    """1-based rank of each entry, higher score first, ties in index order.

    >>> ranks(np.array([0.2, 0.9, 0.2])).tolist()
    [2, 1, 3]
    """
    order = np.argsort(-scores, kind="stable")
    out = np.empty(len(scores), dtype=np.int64)
    out[order] = np.arange(1, len(scores) + 1)
    return out


def top_rows(scores: np.ndarray, k: int) -> np.ndarray:
    """``argsort(-scores, stable)[:k]`` without sorting every entry (ties in index order).

    >>> top_rows(np.array([0.2, 0.9, 0.2, 0.5]), 3).tolist()
    [1, 3, 0]
    """
    if k >= len(scores):
        return np.argsort(-scores, kind="stable")
    cut = np.partition(-scores, k - 1)[k - 1]
    rows = np.flatnonzero(-scores <= cut)
    return rows[np.argsort(-scores[rows], kind="stable")][:k]


def ranks_at(scores: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """``ranks(scores)[rows]``, sorting only the finite entries (a large index's candidates).

    >>> ranks_at(np.array([0.2, -np.inf, 0.9, -np.inf]), np.array([3, 2, 0])).tolist()
    [4, 1, 2]
    """
    rows = np.asarray(rows, dtype=np.int64)
    finite = np.flatnonzero(np.isfinite(scores))
    position = np.empty(len(scores), dtype=np.int64)
    position[finite[np.argsort(-scores[finite], kind="stable")]] = np.arange(1, len(finite) + 1)
    out = np.empty(len(rows), dtype=np.int64)
    for i, row in enumerate(rows):
        if np.isfinite(scores[row]):
            out[i] = position[row]
        else:  # after every finite entry, then in index order among the others (as ``ranks``)
            out[i] = len(finite) + 1 + row - np.searchsorted(finite, row)
    return out


def reciprocal_rank_fusion(score_lists: list[np.ndarray], k: float = 60.0) -> np.ndarray:
    """RRF over full score arrays (higher is better); unranked entries (-inf) contribute nothing.

    >>> reciprocal_rank_fusion([np.array([3.0, 1.0, 2.0]), np.array([1.0, 2.0, 3.0])]).round(5).tolist()
    [0.03227, 0.032, 0.03252]
    """
    fused = np.zeros(len(score_lists[0]), dtype=np.float64)
    for scores in score_lists:
        fused += np.where(np.isfinite(scores), 1.0 / (k + ranks(scores)), 0.0)
    return fused


def rank_after(scores: np.ndarray, last: np.ndarray) -> np.ndarray:
    """``scores`` shifted so every entry flagged in ``last`` ranks below every other one, each group
    keeping its own order (a new array).

    >>> rank_after(np.array([0.9, 0.5, 0.1]), np.array([True, False, False])).tolist()
    [-0.9, 0.5, 0.1]
    """
    out = np.array(scores, dtype=np.float64, copy=True)
    finite = out[np.isfinite(out)]
    if not last.any() or last.all() or not len(finite):
        return out
    out[last] -= finite.max() - finite.min() + 1.0
    return out


def max_normalize(scores: np.ndarray) -> np.ndarray:
    """Scale non-negative scores into [0, 1] by their maximum (all zeros stay zeros)."""
    top = float(np.max(scores)) if len(scores) else 0.0
    return scores / top if top > 0 else np.zeros_like(scores, dtype=np.float64)


def spread_normalize(scores: np.ndarray) -> np.ndarray:
    """Map the best score to 1 and the median to 0 (cosines crowd together; their spread carries the
    signal); a score that is not finite maps to -1.

    The median of the finite scores by ``np.median``, not ``np.nanmedian`` over a copy with NaNs:
    the same value, without nanmedian's checks, a third of the fusion's time (tests/qa/test_fusion.py).

    >>> spread_normalize(np.array([0.9, -np.inf, 0.5, 0.1])).tolist()
    [1.0, -1.0, 0.0, -1.0]
    """
    scores = np.asarray(scores)
    if not np.issubdtype(scores.dtype, np.floating):
        scores = scores.astype(np.float64)
    finite = np.isfinite(scores)
    values = scores[finite]
    middle = np.median(values) if len(values) else np.nan
    spread = values.max() - middle if len(values) else np.nan
    if not spread > 0:  # one value, all equal, or none finite: every entry, finite or not, maps to 0
        return np.zeros(len(scores), dtype=scores.dtype)
    out = np.full(len(scores), -1.0, dtype=scores.dtype)
    out[finite] = (values - middle) / spread
    return out


def lexical_evidence(query_tokens: list[str], term_idf, unknown_idf: float) -> float:
    """Share of the query's idf mass whose terms occur in the corpus, in [0, 1].

    ``term_idf(term)`` gives a term's idf or ``None`` for a term the corpus lacks,
    which counts with ``unknown_idf`` (as rare as the rarest corpus term).

    >>> lexical_evidence(["a", "zz"], {"a": 1.0}.get, unknown_idf=3.0)
    0.25
    """
    if not query_tokens:
        return 0.0
    known = [term_idf(t) for t in query_tokens]
    total = sum(v if v is not None else unknown_idf for v in known)
    found = sum(v for v in known if v is not None)
    return found / total if total > 0 else 0.0


def evidence_weighted(bm25_scores: np.ndarray, dense_scores: np.ndarray, evidence: float, weight: float = 0.5) -> np.ndarray:
    """``spread(dense) + weight * evidence * max_norm(bm25)``."""
    return spread_normalize(dense_scores) + weight * evidence * max_normalize(bm25_scores)
