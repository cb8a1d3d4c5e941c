"""Fusion over the union of each retriever's candidates, for indexes too large to score exhaustively.

Each retriever (BM25, passage windows, sentences, and the bridge's BM25 when it runs) names its
best passages through a ``RetrievalBackend``; every passage of the union is then scored by every
retriever (``*_scores``), so the fused score of a union member is the one the exhaustive path
gives it. The arrays cover the union alone (``Scores.rows``): nothing per query is the size of the
index. What the union cannot see, two normalizers need: ``spread_normalize`` takes the median
of the dense side over all passages, estimated here on a fixed, evenly spaced sample of at most
``SAMPLE`` passages (every passage of a smaller index: then it is exact), and RRF's ranks, taken
within the union (exact for each list's own candidates). The maxima are exact: each score's best
passage is its retriever's first candidate. A retriever's rank is exact for a passage scoring at
least its last candidate (``Scores.rank_floor``); below that a passage outside the union could
outrank it, so ``Retriever.search`` leaves that rank out.

``tests/qa/test_candidates.py`` checks the rankings, scores and ranks against the exhaustive path
on the report, and MRR@10 within 0.002 on XQuAD.
"""

from __future__ import annotations

import functools

import numpy as np

from qa import fusion, rerank
from qa.inputs import Mode

SAMPLE = 2048


@functools.lru_cache(maxsize=8)
def sample_rows(passages: int, size: int = SAMPLE) -> np.ndarray:
    """At most ``size`` rows spread evenly over ``passages`` (all of them when fewer); made once
    per index size (3.6 ms a query under load when it was made per query), read-only."""
    if passages <= size:
        rows = np.arange(passages, dtype=np.int64)
    else:
        rows = np.unique(np.linspace(0, passages - 1, size).round().astype(np.int64))
    rows.flags.writeable = False
    return rows


def _union(*lists) -> np.ndarray:
    parts = [np.asarray(rows, dtype=np.int64) for rows in lists if rows is not None and len(rows)]
    return np.unique(np.concatenate(parts)) if parts else np.zeros(0, dtype=np.int64)


def _spread(values: np.ndarray, sample: np.ndarray) -> np.ndarray:
    """``fusion.spread_normalize`` with the median taken on ``sample`` (the top: on both)."""
    finite = sample[np.isfinite(sample)]
    tops = [v.max() for v in (values[np.isfinite(values)], finite) if len(v)]
    if not tops or not len(finite):
        return np.zeros(len(values))
    top, middle = max(tops), float(np.median(finite))
    spread = top - middle
    out = (values - middle) / spread if spread > 0 else np.zeros(len(values))
    return np.where(np.isfinite(values), out, -1.0)


def _dense_side(dense: np.ndarray, sentence: np.ndarray, weight: float) -> np.ndarray:
    return (dense + weight * np.where(np.isfinite(sentence), sentence, dense)) / (1 + weight)


def _floor(found) -> float:
    """The lowest score whose rank among every passage the union shows exactly: a passage outside
    a retriever's candidates scores at most its last candidate's score (``inf``: no candidates)."""
    return float(found.scores[-1]) if found is not None and len(found.rows) else np.inf


def _own(union: np.ndarray, values: np.ndarray, found) -> np.ndarray:
    """``values`` over the union with each retriever's own score for the passages it named: its
    search and the rescoring sum a float32 dot product in another order (6e-8 apart), and the
    rank floor is its own last score, so its last candidate must not fall below it."""
    if found is None or not len(found.rows):
        return values
    out = np.array(values, dtype=np.float64, copy=True)
    out[np.searchsorted(union, found.rows)] = found.scores
    return out


def score(retriever, query: str, mode: Mode, query_vector: np.ndarray | None):
    """The ``Scores`` of ``qa.retriever`` for ``query``, over the union of candidates (``Scores.rows``)."""
    from qa.retriever import Scores

    config, backend = retriever.fusion_config, retriever.backend
    n = backend.passages
    tokens = evidence = None
    found = {}
    if mode is not Mode.DENSE:
        tokens = retriever.query_tokens(query)
        evidence = fusion.lexical_evidence(tokens, retriever.term_idf, retriever.whole.unknown_idf)
        lexical = [t for t in tokens if not retriever.foreign(t)]  # as ``Retriever._score`` does
        found["bm25"] = backend.term_candidates(lexical, config.bm25_depth)
    if mode is not Mode.BM25:
        if query_vector is None:
            query_vector = retriever.encoder.encode_queries([query])[0]
        found["dense"] = backend.dense_candidates(query_vector, config.dense_depth)
    if mode is Mode.HYBRID:
        found["sentence"] = backend.sentence_candidates(query_vector, config.sentence_depth)
    pairs = []
    if mode is Mode.HYBRID and config.bridge_weight > 0 and evidence < config.bridge_below:
        pairs = retriever.bridge_terms(query)
    bridge_rows = backend.term_candidates([t for t, _ in pairs], config.bm25_depth, [w for _, w in pairs]).rows if pairs else None
    union = _union(*(f.rows for f in found.values()), bridge_rows)
    floor = {name: _floor(f) for name, f in found.items()}
    bm25 = _own(union, backend.term_scores(lexical, union), found.get("bm25")) if tokens is not None else None
    dense = _own(union, backend.dense_scores(query_vector, union), found.get("dense")) if mode is not Mode.BM25 else None
    # The answer composer reads the cosine of the hits' sentences: given here for the union, in
    # every mode with a query vector, so it never falls back to scoring every sentence.
    sentences = sentence_rows = sentence_ids = None
    if query_vector is not None:
        sentences = backend.sentence_scores(query_vector, union)
        order = np.argsort(sentences.ids, kind="stable")
        sentence_ids, sentence_rows = np.asarray(sentences.ids, dtype=np.int64)[order], np.asarray(sentences.scores, dtype=np.float32)[order]
    common = dict(rows=union, sentence_rows=sentence_rows, sentence_ids=sentence_ids, rank_floor=floor)
    if mode is Mode.BM25:
        return Scores(mode, bm25, bm25=bm25, lexical_evidence=evidence, **common)
    if mode is Mode.DENSE:
        return Scores(mode, dense, dense=dense, **common)
    if mode is Mode.RRF:
        final = fusion.reciprocal_rank_fusion([bm25, dense], config.rrf_k)
        return Scores(mode, final, bm25=bm25, dense=dense, lexical_evidence=evidence, **common)
    best = _own(union, sentences.best, found["sentence"])
    side = _dense_side(dense, best, config.sentence_weight)
    sample = sample_rows(n)
    sample_side = _dense_side(*backend.sample_scores(query_vector, sample), config.sentence_weight)
    share = evidence if config.weigh_by_evidence else 1.0
    final = _spread(side, sample_side) + config.bm25_weight * share * fusion.max_normalize(bm25)
    bridge, bridge_terms = None, ()
    if pairs:
        bridge_terms = tuple(term for term, _ in pairs)
        bridge = backend.term_scores([t for t, _ in pairs], union, [w for _, w in pairs])
        final = final + config.bridge_weight * (1 - evidence) * fusion.max_normalize(bridge)
    elif mode is Mode.HYBRID and config.bridge_weight > 0 and evidence < config.bridge_below:
        bridge = np.zeros(len(union))
    if config.rerank_weight > 0 and config.rerank_depth > 0 and evidence > 0:
        weights = rerank.query_weights(tokens, retriever.term_idf, retriever.whole.unknown_idf)
        scale = config.rerank_weight * evidence
        final = rerank.rerank(final, config.rerank_depth, lambda i: scale * rerank.coverage(weights, retriever.sentence_terms(int(union[i]))))
    return Scores(
        mode,
        final,
        bm25=bm25,
        dense=dense,
        sentence=best,
        bridge=bridge,
        bridge_terms=bridge_terms,
        lexical_evidence=evidence,
        **common,
    )
