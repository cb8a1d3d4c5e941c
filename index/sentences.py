"""Sentence spans of a passage: the units answers quote and sentence vectors embed."""

from __future__ import annotations

import re

import numpy as np

# A sentence ends at . ؟ ? ! or ؛ followed by space; the mark stays with its sentence.
_SENTENCE_END = re.compile(r"(?<=[.؟?!؛;])\s+")


# A sentence vector of fewer characters than this never stands for its passage (``fragments``):
# the encoder maps a near-empty text ('.', '...', 'و.', 'U.') close to every question (a hub).
# Measured: among the 2,524 XQuAD sentences, the 21 under 10 characters are the nearest sentence of
# 34 % of report_dev's questions ('.' alone of 19 %); in a 10k library their copies outrank the gold
# of English questions: hybrid MRR@10 report_dev 0.739 → 0.771 at 10k, 0.666 → 0.712 at 100k; the report
# alone and XQuAD ar→ar unchanged, en→ar 0.8932 → 0.8929 (eval/results/scale.md, 2026-12-02, scale8).
# The report has 6 such sentences (broken-text pieces); 15 instead of 8 gained 0.004 more at 10k (not taken).
MIN_SENTENCE_CHARS = 8


def fragments(spans: np.ndarray) -> np.ndarray | None:
    """Per sentence vector (``spans``: its character span), whether it is too short to stand for its
    passage; ``None`` when none is.

    >>> fragments(np.array([[0, 1], [2, 40]])).tolist()
    [True, False]
    """
    spans = np.asarray(spans).reshape(-1, 2)
    short = (spans[:, 1] - spans[:, 0]) < MIN_SENTENCE_CHARS
    return short if short.any() else None


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Character spans of the sentences of ``text`` (non-empty; ``text[start:end]`` is the sentence).

    >>> text = "الأولى. الثانية؛ ثالثة"
    >>> [text[a:b] for a, b in split_sentences(text)]
    ['الأولى.', 'الثانية؛', 'ثالثة']
    """
    spans, start = [], 0
    for match in _SENTENCE_END.finditer(text):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    return [(a, b) for a, b in spans if text[a:b].strip()]
