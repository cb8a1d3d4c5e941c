"""Retrieval and answer metrics: pure functions over one query's ranking or one answer.

Conventions shared by the ranking metrics:

* ``ranked`` is the retriever's list, best first, of relevance keys (for Sanad
  ``(doc id, paragraph number)``); ties in score were already broken by the
  retriever (a stable sort), so a ranking is scored exactly as given.
* ``gold`` is the set of relevant keys; every gold key counts as relevant with
  gain 1 (binary relevance). A key repeated in ``ranked`` counts once, at its
  first position, so a ranking can never score above the ideal one.
* An empty ``gold`` (an unanswerable question) has no defined ranking score:
  the functions raise ``ValueError`` and callers average over answerable
  questions only. Unanswerable questions are scored by ``abstention``.

References: Järvelin & Kekäläinen, "Cumulated gain-based evaluation of IR
techniques", TOIS 2002 (nDCG); Voorhees, TREC-8 QA track, 1999 (MRR);
Karpukhin et al., "Dense Passage Retrieval", EMNLP 2020 (top-k recall as
"any answering passage retrieved").
"""

from __future__ import annotations

import math
import re
from collections.abc import Collection, Hashable, Sequence
from typing import NamedTuple

from index.arabic import is_proclitic, normalize

_WORD = re.compile(r"[^\W_]+")


def _first_hits(ranked: Sequence[Hashable], gold: Collection[Hashable], k: int) -> list[int]:
    """1-based ranks (≤ k) at which a not-yet-seen gold key appears."""
    if not gold:
        raise ValueError("a ranking metric is undefined for a query without gold; skip unanswerable queries")
    if k < 1:
        raise ValueError(f"k must be at least 1, got {k}")
    seen: set = set()
    ranks = []
    for rank, key in enumerate(ranked[:k], start=1):
        if key in gold and key not in seen:
            seen.add(key)
            ranks.append(rank)
    return ranks


def recall_at_k(ranked: Sequence[Hashable], gold: Collection[Hashable], k: int) -> float:
    """1.0 if any gold key is in the top ``k``, else 0.0.

    Each gold paragraph answers the question on its own, so a query is
    recalled once one of them is retrieved (DPR's top-k retrieval accuracy):
    ``R@k = 1[ |top_k ∩ gold| > 0 ]``.

    >>> recall_at_k(["a", "b", "c"], {"c", "z"}, 2), recall_at_k(["a", "b", "c"], {"c", "z"}, 3)
    (0.0, 1.0)
    """
    return 1.0 if _first_hits(ranked, gold, k) else 0.0


def reciprocal_rank(ranked: Sequence[Hashable], gold: Collection[Hashable], k: int) -> float:
    """``RR@k = 1 / rank`` of the first gold key within the top ``k``, 0 if none; MRR is its mean.

    >>> reciprocal_rank(["a", "b", "c"], {"c"}, 10)
    0.3333333333333333
    """
    ranks = _first_hits(ranked, gold, k)
    return 1.0 / ranks[0] if ranks else 0.0


def ndcg_at_k(ranked: Sequence[Hashable], gold: Collection[Hashable], k: int) -> float:
    """Binary-gain nDCG: ``DCG@k / IDCG@k`` with ``DCG@k = Σ_{gold at rank i ≤ k} 1 / log2(i + 1)``.

    The ideal ranking puts ``min(|gold|, k)`` gold keys at ranks 1, 2, ….

    >>> round(ndcg_at_k(["a", "x", "b"], {"a", "b"}, 10), 6)  # (1 + 1/log2(4)) / (1 + 1/log2(3))
    0.919721
    """
    dcg = sum(1.0 / math.log2(rank + 1) for rank in _first_hits(ranked, gold, k))
    ideal = sum(1.0 / math.log2(rank + 1) for rank in range(1, min(len(set(gold)), k) + 1))
    return dcg / ideal


def mean(values: Sequence[float]) -> float:
    """Arithmetic mean; ``ValueError`` for no values (there is nothing to average)."""
    if not values:
        raise ValueError("mean of no values")
    return sum(values) / len(values)


def percentile(values: Sequence[float], q: float) -> float:
    """The ``q``-th percentile (0-100) with linear interpolation between order statistics.

    Same definition as ``numpy.percentile``'s default: position ``(n - 1) · q / 100``
    in the sorted values, interpolated between its two neighbours.

    >>> percentile([4.0, 1.0, 3.0, 2.0], 50), percentile([1.0, 2.0, 3.0, 4.0, 5.0], 95)
    (2.5, 4.8)
    """
    if not values:
        raise ValueError("percentile of no values")
    if not 0 <= q <= 100:
        raise ValueError(f"q must be within [0, 100], got {q}")
    ordered = sorted(values)
    position = (len(ordered) - 1) * q / 100
    low = math.floor(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def answer_tokens(text: str) -> list[str]:
    """Comparison tokens: ``index.arabic.normalize`` (diacritics, hamza forms, digits) then word runs.

    >>> answer_tokens("الأشخاصِ، ١٥ (Fiji)")
    ['الاشخاص', '15', 'fiji']
    """
    return _WORD.findall(normalize(text))


def answer_contains(answer: str, gold: str) -> bool:
    """True if the gold answer's tokens occur in ``answer`` as one contiguous run, in order.

    Punctuation, diacritics and letter variants do not decide: both sides go
    through ``answer_tokens`` first. A gold answer without any word is a
    caller mistake (``ValueError``).

    The span's first word may carry an Arabic proclitic (و، ف، ب، ك، ل).

    >>> answer_contains("بلغ العدد ١٥ ضحيةً.", "15 ضحية"), answer_contains("ضحية 15", "15 ضحية")
    (True, False)
    >>> answer_contains("واعتباراً من عام ٢٠١٩", "اعتباراً من عام ٢٠١٩"), answer_contains("الاعتبار من عام", "اعتبار من عام")
    (True, False)
    """
    needle = answer_tokens(gold)
    if not needle:
        raise ValueError(f"the gold answer {gold!r} has no word to look for")
    haystack = answer_tokens(answer)
    width = len(needle)
    return any(
        _starts_span(haystack[i], needle[0]) and haystack[i + 1 : i + width] == needle[1:]
        for i in range(len(haystack) - width + 1)
    )


def exact_match(prediction: str, gold: str) -> bool:
    """True if the two have the same ``answer_tokens``: SQuAD's exact match, with Arabic
    normalization instead of English articles (Rajpurkar et al., EMNLP 2016). The prediction's
    first word may carry a proclitic, as in ``answer_contains``.

    >>> exact_match("**١٥ نيسان/أبريل ٢٠١٩**", "١٥ نيسان/أبريل ٢٠١٩"), exact_match("وملديف", "ملديف")
    (True, True)
    >>> exact_match("حتى ١٥ نيسان/أبريل ٢٠١٩", "١٥ نيسان/أبريل ٢٠١٩"), exact_match("", "ملديف")
    (False, False)
    """
    predicted, wanted = answer_tokens(prediction), answer_tokens(gold)
    if not wanted:
        raise ValueError(f"the gold answer {gold!r} has no word to look for")
    return len(predicted) == len(wanted) and _starts_span(predicted[0], wanted[0]) and predicted[1:] == wanted[1:]


def _starts_span(token: str, first: str) -> bool:
    if token == first:
        return True
    # Short first words ("ما") would match inside other words ("كما"); only longer ones get a proclitic.
    # The span still starts there, as it does for the character-level check of the question set.
    return len(first) >= 3 and token.endswith(first) and is_proclitic(token[: -len(first)])


class Abstention(NamedTuple):
    """Abstention precision and recall; ``None`` where the denominator is zero."""

    precision: float | None
    recall: float | None


def abstention(abstained: Sequence[bool], unanswerable: Sequence[bool]) -> Abstention:
    """Precision and recall of abstaining, treating "unanswerable" as the positive class.

    ``precision = |abstained ∧ unanswerable| / |abstained|`` (None if it never abstained);
    ``recall = |abstained ∧ unanswerable| / |unanswerable|`` (None if every question is answerable).

    >>> abstention([True, True, False, False], [True, False, True, False])
    Abstention(precision=0.5, recall=0.5)
    """
    if len(abstained) != len(unanswerable):
        raise ValueError(f"{len(abstained)} abstention flags for {len(unanswerable)} questions")
    both = sum(1 for a, u in zip(abstained, unanswerable) if a and u)
    n_abstained = sum(1 for a in abstained if a)
    n_unanswerable = sum(1 for u in unanswerable if u)
    return Abstention(
        precision=both / n_abstained if n_abstained else None,
        recall=both / n_unanswerable if n_unanswerable else None,
    )
