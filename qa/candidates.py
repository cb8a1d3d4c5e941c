"""Fusion over the union of each retriever's candidates, for indexes too large to score exhaustively.

Each retriever (BM25, passage windows, sentences, and the bridge's BM25 when it runs) names its
best passages through a ``RetrievalBackend``; every passage of the union is then scored by every
retriever (``*_scores``), so the fused score of a union member is the one the exhaustive path
gives it. What the union cannot see, two normalizers need: ``spread_normalize`` takes the median
of the dense side over all passages, estimated here on a fixed, evenly spaced sample of at most
``SAMPLE`` passages (every passage of a smaller index: then it is exact), and RRF's ranks, taken
within the union (exact for each list's own candidates). The maxima are exact: each score's best
passage is its retriever's first candidate.

``tests/qa/test_candidates.py`` checks the rankings against the exhaustive path: identical on the
report, MRR@10 within 0.002 on XQuAD.
"""

from __future__ import annotations

import numpy as np

from index import arabic
from qa import fusion, rerank
from qa.inputs import Mode

SAMPLE = 2048


def sample_rows(passages: int, size: int = SAMPLE) -> np.ndarray:
    """At most ``size`` rows spread evenly over ``passages`` (all of them when fewer)."""
    if passages <= size:
        return np.arange(passages, dtype=np.int64)
    return np.unique(np.linspace(0, passages - 1, size).round().astype(np.int64))


def _full(n: int, rows: np.ndarray, values: np.ndarray) -> np.ndarray:
    out = np.full(n, -np.inf, dtype=np.float64)
    out[rows] = values
    return out


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


def score(retriever, query: str, mode: Mode, query_vector: np.ndarray | None):
    """The ``Scores`` of ``qa.retriever`` for ``query``, each array ``-inf`` outside the union."""
    from qa.retriever import Scores

    config, backend = retriever.fusion_config, retriever.backend
    n = backend.passages
    tokens = evidence = None
    bm25_rows = dense_rows = sentence_rows_found = None
    if mode is not Mode.DENSE:
        tokens = arabic.tokenize(query, retriever.store.stemming)
        evidence = fusion.lexical_evidence(tokens, retriever._term_idf, retriever._unknown_idf)
        lexical = [t for t in tokens if not retriever.foreign(t)]  # as ``Retriever._score`` does
        bm25_rows = backend.term_candidates(lexical, config.bm25_depth).rows
    if mode is not Mode.BM25:
        if query_vector is None:
            query_vector = retriever.encoder.encode_queries([query])[0]
        dense_rows = backend.dense_candidates(query_vector, config.dense_depth).rows
    if mode is Mode.HYBRID:
        sentence_rows_found = backend.sentence_candidates(query_vector, config.sentence_depth).rows
    pairs = []
    if mode is Mode.HYBRID and config.bridge_weight > 0 and evidence < config.bridge_below:
        pairs = retriever.bridge_terms(query)
    bridge_rows = backend.term_candidates([t for t, _ in pairs], config.bm25_depth, [w for _, w in pairs]).rows if pairs else None
    union = _union(bm25_rows, dense_rows, sentence_rows_found, bridge_rows)
    bm25 = backend.term_scores(lexical, union) if tokens is not None else None
    dense = backend.dense_scores(query_vector, union) if mode is not Mode.BM25 else None
    # The answer composer reads the cosine of the hits' sentences: given here for the union, in
    # every mode with a query vector, so it never falls back to scoring every sentence.
    sentences = backend.sentence_scores(query_vector, union) if query_vector is not None else None
    sentence_rows = None
    if sentences is not None:
        sentence_rows = np.full(retriever.store.sentences.faiss_index.ntotal, -np.inf, dtype=np.float32)
        sentence_rows[sentences.ids] = sentences.scores
    if mode is Mode.BM25:
        return Scores(mode, _full(n, union, bm25), bm25=_full(n, union, bm25), sentence_rows=sentence_rows, lexical_evidence=evidence)
    if mode is Mode.DENSE:
        return Scores(mode, _full(n, union, dense), dense=_full(n, union, dense), sentence_rows=sentence_rows)
    if mode is Mode.RRF:
        final = fusion.reciprocal_rank_fusion([bm25, dense], config.rrf_k)
        return Scores(mode, _full(n, union, final), bm25=_full(n, union, bm25), dense=_full(n, union, dense), sentence_rows=sentence_rows, lexical_evidence=evidence)
    side = _dense_side(dense, sentences.best, config.sentence_weight)
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
        weights = rerank.query_weights(tokens, retriever._term_idf, retriever._unknown_idf)
        scale = config.rerank_weight * evidence
        final = rerank.rerank(final, config.rerank_depth, lambda i: scale * rerank.coverage(weights, retriever.sentence_terms(int(union[i]))))
    return Scores(
        mode,
        _full(n, union, final),
        bm25=_full(n, union, bm25),
        dense=_full(n, union, dense),
        sentence=_full(n, union, sentences.best),
        sentence_rows=sentence_rows,
        bridge=None if bridge is None else _full(n, union, bridge),
        bridge_terms=bridge_terms,
        lexical_evidence=evidence,
    )
