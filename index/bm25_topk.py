"""BM25's ``k`` best documents without scoring every document (MaxScore, Turtle & Flood, 1995).

A term can add at most ``weight · idf · (k1 + 1)`` to a document (``tf / (tf + norm) < 1``).
Once some ``k`` documents are known to score at least ``θ``, a document that has none of the
terms scanned so far scores at most the bounds of the others; when they sum to less than ``θ``,
the remaining terms ("non-essential") cannot lift such a document into the top ``k``, and are
looked up for the candidates alone (postings are sorted by document: a binary search each).
``θ`` starts from the rarest term's postings, fully scored; the terms are scanned from the largest
bound down (rare words first), their partial sums added up in one array, and ``θ`` rises with the
``k``-th best partial sum as the scan goes, so the common words, whose postings are long, are the
ones skipped (``_survivors``). Only the documents whose partial sum plus the unscanned bounds can
reach ``θ`` are scored exactly.

Scores are summed term by term in query order, exactly as ``BM25.scores`` does, so they are
equal, not close: ``tests/index/test_bm25_topk.py`` checks rows and scores against it, and it
against rank-bm25.
"""

from __future__ import annotations

import numpy as np

from index import arrays
from index.bm25 import BM25


def _terms(bm25: BM25, tokens: list[str], weights: list[float] | None) -> list[tuple[int, float]]:
    """``(column, weight)`` per query token the corpus knows, in query order (repeats kept)."""
    if weights is None:
        weights = [1.0] * len(tokens)
    elif len(weights) != len(tokens):
        raise ValueError(f"{len(weights)} weights for {len(tokens)} query tokens")
    known = [(bm25.term_ids.get(t), float(w)) for t, w in zip(tokens, weights)]
    # A zero weight adds exactly 0 to every score (the bridge clamps a negative cosine to 0), so it is
    # dropped: kept, its zero bound would send the whole query to the path that scores every posting.
    return [(c, w) for c, w in known if c is not None and w != 0.0]


def _score(bm25: BM25, terms: list[tuple[int, float]], rows: np.ndarray) -> np.ndarray:
    """Exact BM25 of documents ``rows`` (sorted, unique) over ``terms``."""
    scores = np.zeros(len(rows), dtype=np.float64)
    k1 = bm25.params.k1
    # The rows in the postings' dtype (int32): searching int64 rows cast the whole postings list to int64
    # first, for every term (a 400k-long list searched for 3,000 rows: 0.90 ms, with int32 rows 0.38 ms).
    keys = rows.astype(np.int32)
    for column, weight in terms:
        docs, tf = bm25.postings(column)
        at = np.searchsorted(docs, keys)
        inside = at < len(docs)
        hit = np.zeros(len(rows), dtype=bool)
        hit[inside] = docs[at[inside]] == keys[inside]
        tf = tf[at[hit]]
        scores[hit] += weight * bm25.idf[column] * tf * (k1 + 1) / (tf + bm25._norm[rows[hit]])
    return scores


def scores_at(bm25: BM25, tokens: list[str], rows: np.ndarray, weights: list[float] | None = None) -> np.ndarray:
    """``BM25.scores(tokens, weights)[rows]``, touching only the postings of ``rows``."""
    rows = np.asarray(rows, dtype=np.int64)
    unique, back = np.unique(rows, return_inverse=True)
    return _score(bm25, _terms(bm25, tokens, weights), unique)[back]


def _union(bm25: BM25, columns) -> np.ndarray:
    parts = [bm25.postings(c)[0] for c in columns]
    return arrays.unique(np.concatenate(parts)).astype(np.int64) if parts else np.zeros(0, dtype=np.int64)


def _contributions(bm25: BM25, column: int, weight: float) -> tuple[np.ndarray, np.ndarray]:
    """Term ``column``'s postings and what it adds to each of their documents (as ``_score``)."""
    docs, tf = bm25.postings(column)
    return docs, weight * bm25.idf[column] * tf * (bm25.params.k1 + 1) / (tf + bm25._norm[docs])


# A binary search of a candidate in a postings list against a scan of one posting (gather, arithmetic,
# scatter-add): ~10 times as long at 1M passages (lists of 10^4-10^5, out of cache).
_LOOKUP_COST = 10


def _margin(theta: float, left: float) -> float:
    """Partial sums are added in another order than the exact scores: room for their rounding."""
    return 1e-9 * (abs(theta) + left + 1.0)


def _kth(values: np.ndarray, k: int) -> float:
    return float(np.partition(values, len(values) - k)[len(values) - k])


def _survivors(bm25: BM25, terms, bound: dict[int, float], theta: float, k: int) -> np.ndarray:
    """The documents (ascending) whose score could still reach the top ``k``, given ``theta`` (some
    ``k`` documents score at least it).

    Terms are taken from the largest bound down (rare words first). While a document that none of
    the terms taken so far holds could still reach ``theta`` (the bounds ``left`` of the others sum
    to at least it), a term's whole postings list is scanned: its contributions are summed into one
    array (page-faulted in only where written) and its documents join the candidates. After that,
    no other document can enter, and each remaining term is only added to the candidates (a binary
    search each, or a scan of its list when that is cheaper). A partial sum is at most the
    document's score, so the ``k``-th best partial sum bounds the ``k``-th best score from below and
    raises ``theta`` at each term (dynamic MaxScore), and a candidate whose partial sum plus ``left``
    falls below ``theta`` is dropped. At 1M passages the bridge's common terms, whose lists are the
    longest, are the ones left unscanned.
    """
    weights: dict[int, list[float]] = {}
    for column, weight in terms:
        weights.setdefault(column, []).append(weight)
    order = sorted(bound, key=lambda c: (-bound[c], c))
    left = sum(bound.values())
    partial = np.zeros(len(bm25), dtype=np.float64)
    seen = np.zeros(len(bm25), dtype=bool)
    found: list[np.ndarray] = []  # the documents seen, each once
    count, scanned = 0, 0
    for column in order:
        if left < theta - _margin(theta, left):
            break
        # Raising theta costs a pass over the documents seen: worth it before a list at least half as long.
        if count >= k and count <= 2 * bm25.df(column):
            found = [np.concatenate(found)]
            theta = max(theta, _kth(partial[found[0]], k))
            if left < theta - _margin(theta, left):
                break
        for weight in weights[column]:  # a repeated term adds again, as in BM25.scores
            docs, add = _contributions(bm25, column, weight)
            partial[docs] += add
        new = docs[~seen[docs]]
        seen[docs] = True
        found.append(new)
        count += len(new)
        left -= bound[column]
        scanned += 1
    rows = np.concatenate(found) if found else np.zeros(0, dtype=np.int32)
    values = partial[rows]
    for column in order[scanned:] + [None]:
        if len(rows) >= k:
            theta = max(theta, _kth(values, k))
        keep = values >= theta - max(left, 0.0) - _margin(theta, left)
        rows, values = rows[keep], values[keep]
        if column is None or len(rows) <= k:
            break
        docs, tf = bm25.postings(column)
        for weight in weights[column]:
            if len(rows) * _LOOKUP_COST > len(docs):  # scanning the list costs less than searching it
                docs, add = _contributions(bm25, column, weight)
                partial[docs] += add
                values = partial[rows]
            else:
                at = np.searchsorted(docs, rows)
                at[at == len(docs)] = 0
                hit = docs[at] == rows
                t, where = tf[at[hit]], rows[hit]
                add = weight * bm25.idf[column] * t * (bm25.params.k1 + 1) / (t + bm25._norm[where])
                partial[where] += add
                values[hit] += add
        left -= bound[column]
    return np.sort(rows).astype(np.int64)


def top_k(bm25: BM25, tokens: list[str], k: int, weights: list[float] | None = None) -> tuple[np.ndarray, np.ndarray]:
    """``(rows, scores)`` of the ``k`` best documents with a score above 0, best first, ties by row:
    the first ``k`` of ``argsort(-BM25.scores(...), stable)`` that score above 0."""
    terms = _terms(bm25, tokens, weights)
    if not terms or k < 1:
        return np.zeros(0, dtype=np.int64), np.zeros(0)
    k1 = bm25.params.k1
    bound: dict[int, float] = {}
    for column, weight in terms:  # a repeated term counts again, as in BM25.scores
        bound[column] = bound.get(column, 0.0) + max(weight, 0.0) * max(float(bm25.idf[column]), 0.0) * (k1 + 1)
    if any(bound[c] <= 0 for c in bound) or any(w < 0 for _, w in terms):
        # Zero or negative contributions: no bound holds, and partial sums bound nothing: every
        # document of every postings list is scored.
        rows = _union(bm25, list(bound))
    else:
        # θ: the k-th best full score among the documents of the shortest postings.
        seed = _union(bm25, [min(bound, key=lambda c: (bm25.df(c), c))])
        theta = _kth(_score(bm25, terms, seed), k) if len(seed) >= k else 0.0
        rows = _survivors(bm25, terms, bound, theta, k)
    scores = _score(bm25, terms, rows)
    positive = scores > 0
    rows, scores = rows[positive], scores[positive]
    if len(rows) > k:
        keep = np.argpartition(-scores, k - 1)[:k]
        cut = scores[keep].min()
        keep = np.flatnonzero(scores >= cut)  # every tie with the k-th, so the row order can break it
        rows, scores = rows[keep], scores[keep]
    order = np.lexsort((rows, -scores))[:k]
    return rows[order], scores[order]
