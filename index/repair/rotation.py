"""Where a repaired line starts: its rotations, and what the document says about sentence starts.

The extractor sometimes writes a line's two halves in the wrong order, at a space
or inside a word ('عضاء … الأ' for 'الأعضاء'): the line then reads as a rotation of
the right one (tail + head). Every rotation has the same words and all but one
pair, so the line alone cannot tell; the text around it can (the seams with the
neighbouring lines, :mod:`index.repair.seams`), and so can where its sentences
start: after a stop, or at a paragraph's start, Arabic prose opens a sentence with
a conjunction (وفي, وقد, وأبلغت: 79 % of the report's sentence openers start with و
against 11 % of its words) and almost never with a definite noun (2 % against 30 %).

:class:`Openers` measures those shares per word class on the document itself, so
another report (or another language's proclitic) brings its own numbers.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from index.repair.words import LETTER, arabic_words, raw_line_counts

# Marks that end a sentence (a colon or semicolon opens a clause or list, whose words are not openers).
SENTENCE_STOPS = ".!؟?"
_OPENER = re.compile(r"[.!؟?] ([\u0621-\u064a][\u0621-\u064a\u064b-\u065f\u0670\u0640]*)")
_STOP_THEN_LETTER = re.compile(r"(?<=[.!؟?])(?=[\u0621-\u064a])")


def word_class(word: str) -> str:
    """The class a sentence opener is counted by: its leading conjunction or article, else 'other'.

    Only the token's first Arabic word counts, and a lone letter (a proclitic written onto a
    number, 'و٧٢/١٩٥') is 'other'.

    >>> word_class("وفي"), word_class("الدول"), word_class("و٧٢/١٩٥"), word_class("كما")
    ('و', 'ال', 'other', 'other')
    """
    found = arabic_words(word)
    word = found[0] if found else ""
    if len(word) < 2:
        return "other"
    if word.startswith("و"):
        return "و"
    if word.startswith("ف"):
        return "ف"
    if word.startswith("ال"):
        return "ال"
    return "other"


@dataclass(frozen=True)
class Openers:
    """How much likelier a word class is at a sentence's start than anywhere, in natural-log units.

    Counted on the document's raw lines: a word right after a stop and one space is read
    inside one run of the extraction, so it did open a sentence; all Arabic words give the base rate.
    Add-one smoothing keeps a class the document never opens with finite.
    """

    ratios: dict[str, float] = field(default_factory=dict)

    @classmethod
    def from_lines(cls, lines: list[str]) -> Openers:
        every, opened = raw_line_counts(lines, _OPENER, key=word_class)
        names = ("و", "ف", "ال", "other")
        n_open, n_all = sum(opened.values()) + len(names), sum(every.values()) + len(names)
        return cls({c: math.log((opened[c] + 1) / n_open) - math.log((every[c] + 1) / n_all) for c in names})

    def opener(self, word: str) -> float:
        """Log-ratio of the word's class opening a sentence against its share of all words (0 if unknown)."""
        return self.ratios.get(word_class(word), 0.0)

    def starts(self, text: str, opens: bool) -> float:
        """Sum of :meth:`opener` over the text's sentence starts: its first word when ``opens`` (the
        line starts a sentence), and every word after a stop."""
        total = 0.0
        tokens = text.split(" ")
        for k, token in enumerate(tokens):
            if not LETTER.match(token[:1]):
                continue
            if (k == 0 and opens) or (k > 0 and tokens[k - 1][-1:] in SENTENCE_STOPS):
                total += self.opener(token)
        return total


def ends_sentence(text: str) -> bool:
    """Whether a line's text ends a sentence (its last mark is a stop)."""
    return text.rstrip()[-1:] in SENTENCE_STOPS


def candidates(text: str, joinable: Callable[[str, str], bool]) -> list[tuple[str, bool]]:
    """The text's rotations, each with whether the text itself shows a cut there (``evident``): its
    halves swapped at each space (not evident), after a stop glued to a word ('المانحين.من …' ->
    'من … المانحين.', evident: printed text never glues them), and, when ``joinable(last, first)``
    says the line's last and first tokens are one word cut in two, every rotation of the line with
    that word whole ('عضاء صوب … الدول الأ' -> '… الدول الأعضاء صوب …', evident)."""
    parts = text.split(" ")
    tokens: list[str] = []
    glued: list[bool] = []  # glued[k]: tokens[k] was glued to tokens[k - 1]
    for part in parts:
        pieces = [p for p in _STOP_THEN_LETTER.split(part) if p]
        for j, piece in enumerate(pieces):
            tokens.append(piece)
            glued.append(j > 0)
    out = [(" ".join(tokens[k:] + tokens[:k]), glued[k]) for k in range(1, len(tokens))]
    if len(tokens) > 2 and joinable(tokens[-1], tokens[0]):
        ring = [tokens[-1] + tokens[0], *tokens[1:-1]]
        out.extend((" ".join(ring[k:] + ring[:k]), True) for k in range(len(ring)))
    seen = {text}
    return [(t, e) for t, e in out if not (t in seen or seen.add(t))]


def best_rotation(text: str, score: Callable[[str], float], threshold: float,
                  joinable: Callable[[str, str], bool], evident_threshold: float,
                  neutral: Callable[[str], bool] | None = None) -> tuple[float, str]:
    """The rotation that ``score`` (lower is better) favours most and its gain over ``text`` less
    its threshold (``evident_threshold`` where the text shows the cut, see :func:`candidates`, or
    where ``neutral(rotated)`` says the rotation costs no run break more than ``text``);
    a gain of 0 or less keeps the text."""
    base = score(text)
    best = (0.0, text)
    for rotated, evident in candidates(text, joinable):
        cheap = evident or (neutral is not None and neutral(rotated))
        gain = base - score(rotated) - (evident_threshold if cheap else threshold)
        if gain > best[0]:
            best = (gain, rotated)
    return best


def breaks(reading: str, printed: str) -> int:
    """How many neighbouring tokens of ``reading`` are not neighbours, in that order, in ``printed``
    (the raw line in file order): the run breaks the reading makes, counted on whole tokens.

    >>> breaks("ج د أ ب", "أ ب ج د"), breaks("ب أ ج د", "أ ب ج د")
    (1, 2)
    """
    pairs = set(itertools.pairwise(printed.split(" ")))
    return sum(pair not in pairs for pair in itertools.pairwise(reading.split(" ")))
