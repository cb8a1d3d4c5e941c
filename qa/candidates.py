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

from index import arabic, arrays
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
    return arrays.unique(np.concatenate(parts)) if parts else np.zeros(0, dtype=np.int64)


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


class _Group:
    """One language scope's query terms and statistics (``qa.scope``; the whole index when pooled)."""

    def __init__(self, retriever, group, query: str, whole: bool):
        self.scope = group
        if whole:  # the retriever's own, made once: no per-query tokenizing per language
            self.tokens, self.idf, self.foreign = retriever.query_tokens(query), retriever.term_idf, retriever.foreign
        else:
            self.tokens = arabic.tokenize_any(query, retriever.store.stemming, group.languages)
            self.idf, self.foreign = retriever.idf_in(group), retriever.foreign_in(group)
        self.lexical = [t for t in self.tokens if not self.foreign(t)]  # as ``Retriever._score`` does
        self.evidence = fusion.lexical_evidence(self.tokens, self.idf, group.unknown_idf)


def _max_floor(*found) -> float:
    """The rank floor of a retriever searched once per group: a passage outside the union scores at
    most its own group's last candidate, so ranks are exact from the highest of those up."""
    floors = [_floor(f) for f in found if f is not None and len(f.rows)]
    return max(floors) if floors else np.inf


def _merge(found):
    """Several groups' ``Candidates`` as one (rows and scores; order does not matter to the union)."""
    from index.backend import Candidates

    found = [f for f in found if f is not None and len(f.rows)]
    if not found:
        return Candidates(np.zeros(0, dtype=np.int64), np.zeros(0))
    return Candidates(np.concatenate([f.rows for f in found]), np.concatenate([f.scores for f in found]))


def _inside(found, group_of: np.ndarray | None, i: int):
    """``found`` without the passages of other groups: a language too small for statistics of its own
    is searched with the BM25 of every language (``qa.scope.scopes``), whose candidates are anyone's."""
    if group_of is None or not len(found.rows):
        return found
    keep = group_of[found.rows] == i
    return found if keep.all() else type(found)(found.rows[keep], found.scores[keep])


def _per_group(groups, union: np.ndarray, which: np.ndarray, values) -> np.ndarray:
    """An array over the union whose entries in group ``i`` are ``values(i, rows of the union in it)``."""
    out = np.zeros(len(union))
    for i in range(len(groups)):
        inside = which == i
        if inside.any():
            out[inside] = values(i, union[inside])
    return out


def _near(retriever, backend, found: dict, bridging: list[int], query_vector: np.ndarray, group_of: np.ndarray | None) -> dict[int, np.ndarray]:
    """Per bridging group, the passages the bridge draws its terms from (``Retriever.near_rows``): the
    best by the dense side among the dense and sentence candidates, which hold the exhaustive path's best.
    ``backend``: the query's (``RetrievalBackend.for_query``), whose decoded vectors the union's rescoring reads again."""
    seen = _union(*(f.rows for f in found["dense"]), *(f.rows for f in found["sentence"]))
    weight = retriever.fusion_config.sentence_weight
    side = _dense_side(backend.dense_scores(query_vector, seen), backend.sentence_scores(query_vector, seen).best, weight)
    which = group_of[seen] if group_of is not None else np.zeros(len(seen), dtype=np.int64)
    return {i: retriever.near_rows(seen[which == i], side[which == i]) for i in bridging}


def score(retriever, query: str, mode: Mode, query_vector: np.ndarray | None):
    """The ``Scores`` of ``qa.retriever`` for ``query``, over the union of candidates (``Scores.rows``).

    With ``by_language`` and an index of several languages, every retriever runs once per language
    (``qa.scope``: each language's BM25 statistics, evidence and bridge, dense search within it) and
    the encoder's own-language bonus comes off the dense side, as on the exhaustive path."""
    from qa.retriever import Scores

    config, backend = retriever.fusion_config, retriever.backend.for_query()
    n = backend.passages
    scopes = retriever.scopes(None) if config.by_language else (retriever.whole,)
    several = len(scopes) > 1
    within = (lambda g: g) if several else (lambda g: None)
    group_of = retriever.group_of_rows(scopes) if several else None
    groups = [_Group(retriever, g, query, not several) for g in scopes] if mode is not Mode.DENSE else []
    found = {}
    if groups:
        found["bm25"] = [_inside(backend.term_candidates(g.lexical, config.bm25_depth, within=within(g.scope)), group_of, i) for i, g in enumerate(groups)]
    if mode is not Mode.BM25:
        if query_vector is None:
            query_vector = retriever.query_vector(query, mode)
    # Hybrid ranks a cross-language question by its centred vector (``Retriever.ranking_vector``).
    ranking = retriever.ranking_vector(query, query_vector, scopes) if mode is Mode.HYBRID else query_vector
    # A scope in another language than the question's is searched with more IVF cells: the cells
    # nearest a question hold mostly passages in its own language (``FusionConfig.cross_language_probes``).
    own = _own_language(retriever, scopes, query) if several else None
    probes = [1 if own is None or own[i] else config.cross_language_probes for i in range(len(scopes))]
    if mode is not Mode.BM25:
        found["dense"] = [backend.dense_candidates(ranking, config.dense_depth, within=within(g), probes=p) for g, p in zip(scopes, probes)]
    if mode is Mode.HYBRID:
        found["sentence"] = [backend.sentence_candidates(ranking, config.sentence_depth, within=within(g), probes=p) for g, p in zip(scopes, probes)]
    pairs, bridged_words = {}, {}
    if mode is Mode.HYBRID and config.bridge_weight > 0:
        bridging = [i for i, g in enumerate(groups) if g.evidence < config.bridge_below]
        near = _near(retriever, backend, found, bridging, ranking, group_of) if bridging and config.bridge_near > 0 else {}
        for i in bridging:
            bridged_words[i], pairs[i] = retriever.bridge_pairs(query, groups[i].scope if several else None, near.get(i))
    bridge_found = [
        _inside(backend.term_candidates([t for t, _ in p], config.bm25_depth, [w for _, w in p], within=within(groups[i].scope)), group_of, i)
        for i, p in pairs.items() if p
    ]
    union = _union(*(f.rows for lists in (*found.values(), bridge_found) for f in lists))
    which = group_of[union] if several else np.zeros(len(union), dtype=np.int64)
    floor = {name: _max_floor(*lists) for name, lists in found.items()}
    merged = {name: _merge(lists) if several else lists[0] for name, lists in found.items()}
    bm25 = evidence = None
    if groups:
        bm25 = _per_group(groups, union, which, lambda i, rows: backend.term_scores(groups[i].lexical, rows, within=within(groups[i].scope)))
        bm25 = _own(union, bm25, merged["bm25"])
        evidence = [g.evidence for g in groups]
    dense = _own(union, backend.dense_scores(ranking, union), merged.get("dense")) if mode is not Mode.BM25 else None
    # The answer composer reads the cosine of the hits' sentences: given here for the union, in
    # every mode with a query vector, so it never falls back to scoring every sentence.
    sentences = sentence_rows = sentence_ids = None
    if query_vector is not None:
        sentences = backend.sentence_scores(query_vector, union)
        order = np.argsort(sentences.ids, kind="stable")
        sentence_ids, sentence_rows = np.asarray(sentences.ids, dtype=np.int64)[order], np.asarray(sentences.scores, dtype=np.float32)[order]
    common = dict(rows=union, sentence_rows=sentence_rows, sentence_ids=sentence_ids, rank_floor=floor)
    top_evidence = lambda final: evidence[int(which[int(np.argmax(final))])] if len(final) else evidence[0]
    if mode is Mode.BM25:
        return Scores(mode, bm25, bm25=bm25, lexical_evidence=top_evidence(bm25), **common)
    own = own if config.own_language_bonus else None
    shift = (lambda values, rows_group: values - config.own_language_bonus * own[rows_group]) if own is not None else (lambda values, _: values)
    if mode is Mode.DENSE:
        return Scores(mode, shift(dense, which), dense=dense, **common)
    if mode is Mode.RRF:
        final = fusion.reciprocal_rank_fusion([bm25, dense], config.rrf_k)
        return Scores(mode, final, bm25=bm25, dense=dense, lexical_evidence=top_evidence(final), **common)
    best = _own(union, (sentences if ranking is query_vector else backend.sentence_scores(ranking, union)).best, merged["sentence"])
    side = shift(_dense_side(dense, best, config.sentence_weight), which)
    sample = sample_rows(n)
    sample_side = _dense_side(*backend.sample_scores(ranking, sample), config.sentence_weight)
    if own is not None:
        sample_side = shift(sample_side, group_of[sample])
    final = _spread(side, sample_side)
    for i, g in enumerate(groups):
        inside = which == i
        share = g.evidence if config.weigh_by_evidence else 1.0
        final[inside] += config.bm25_weight * share * fusion.max_normalize(bm25[inside])
    bridge, bridge_terms = None, ()
    if pairs:
        bridge = np.zeros(len(union))
        for i, p in pairs.items():
            inside = which == i
            if p and inside.any():
                terms, weights = [t for t, _ in p], [w for _, w in p]
                bridge[inside] = backend.term_scores(terms, union[inside], weights, within=within(groups[i].scope))
                final[inside] += config.bridge_weight * (1 - groups[i].evidence) * fusion.max_normalize(bridge[inside])
        bridge_terms = tuple(dict.fromkeys(t for p in bridged_words.values() for t, _ in p))
    if config.rerank_weight > 0 and config.rerank_depth > 0:
        bonuses = {
            i: (rerank.query_weights(g.tokens, g.idf, g.scope.unknown_idf), config.rerank_weight * g.evidence)
            for i, g in enumerate(groups) if g.evidence > 0
        }
        if bonuses:
            def bonus(entry: int) -> float:
                weights, scale = bonuses.get(int(which[entry]), ({}, 0.0))
                return scale * rerank.coverage(weights, retriever.sentence_terms(int(union[entry]))) if scale else 0.0

            final = rerank.rerank(final, config.rerank_depth, bonus)
    return Scores(
        mode,
        final,
        bm25=bm25,
        dense=dense,
        sentence=best,
        bridge=bridge,
        bridge_terms=bridge_terms,
        lexical_evidence=top_evidence(final),
        **common,
    )


def _own_language(retriever, scopes, query: str) -> np.ndarray:
    """1.0 for each group in the question's language, else 0.0 (``scope.own_language_shifted``)."""
    from index.ingest.language import detect_language

    language = detect_language(query)
    return np.array([1.0 if language in g.languages else 0.0 for g in scopes])
