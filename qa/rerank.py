"""Second stage: the top candidates reranked by their best sentence's share of the query's words.

BM25 scores a paragraph as one bag of words, and its length normalization
buries a long paragraph whose one sentence holds the question's words (the
seventeen recommendations of paragraph 139, one of them "جمع شمل ضحايا
الاتِّجار ... مع أفراد أسرهم"). The second stage reads sentence-level
evidence instead: for each of the ``depth`` best passages, the largest share
of the query's idf mass that a single sentence holds,

    coverage(p) = max_{s in p} sum_{t in q ∩ s} idf(t) / sum_{t in q} idf(t)

with each distinct query term counted once and a term the corpus lacks
counted at ``unknown_idf`` (as in ``fusion.lexical_evidence``), and adds
``weight * evidence * coverage(p)`` to their fused score. Only the ``depth``
candidates get the bonus, so they stay above every other passage and are
only reordered among themselves.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np


def query_weights(terms: Sequence[str], term_idf: Callable[[str], float | None], unknown_idf: float) -> dict[str, float]:
    """Each distinct query term's idf, normalized to sum to 1 (a term the corpus lacks at ``unknown_idf``).

    >>> query_weights(["a", "zz", "a"], {"a": 1.0}.get, unknown_idf=3.0)
    {'a': 0.25, 'zz': 0.75}
    """
    idf = {t: (v if (v := term_idf(t)) is not None else unknown_idf) for t in dict.fromkeys(terms)}
    total = sum(idf.values())
    return {t: v / total for t, v in idf.items()} if total > 0 else {}


def coverage(weights: dict[str, float], sentences: Sequence[frozenset[str]]) -> float:
    """The largest share of ``weights`` one sentence's terms hold (0 without sentences).

    >>> coverage({"a": 0.25, "b": 0.75}, [frozenset({"a"}), frozenset({"b", "c"})])
    0.75
    """
    return max((sum(w for t, w in weights.items() if t in terms) for terms in sentences), default=0.0)


def rerank(final: np.ndarray, depth: int, bonus: Callable[[int], float]) -> np.ndarray:
    """``final`` with ``bonus(row)`` added to its ``depth`` best rows (a new array; ties in index order).

    >>> rerank(np.array([3.0, 1.0, 2.0]), 2, {0: 0.0, 2: 1.5}.get).tolist()
    [3.0, 1.0, 3.5]
    """
    out = np.array(final, dtype=np.float64, copy=True)
    for row in np.argsort(-out, kind="stable")[:depth]:
        out[row] += bonus(int(row))
    return out
