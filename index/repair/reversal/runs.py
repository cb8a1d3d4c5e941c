"""A line cut into atoms, the pieces a run break may separate, and what a break between two atoms costs.

Runs break at every switch between Arabic and digits/Latin text, at gaps of two
or more spaces and before a comma that follows a space (forced cuts); maybe at a
single space, or between a bracket and the letter it touches (cuts with a cost);
and inside a word that is two words of the document run together (a forced cut,
made only when both halves score better than the whole).
"""

from __future__ import annotations

import math
import re
from typing import NamedTuple

from index.repair.atoms import script_chunks, swap_range
from index.repair.reversal.score import FRAGMENT_EXTRA, Scorer
from index.repair.typography import BRACKET_TOUCH
from index.repair.words import DIACRITICS, LETTER, arabic_words, is_fragment

_BRACKET_CUT = re.compile(BRACKET_TOUCH)
_COMMA_CUT = re.compile(r"(?<=[،؛])(?=[\u0621-\u064a])")
# Each value was set by hand. The counts are exact lines of the reversal alone on the gold tuning
# half (tests/index/test_repair.py: 53 of 114 at these values) with that one constant changed.
_CUT_SPACE = 3.5  # a run break at a single space: 2.5 to 4.5 all give 53
_CUT_BRACKET = 3.0  # a run break between a bracket and the letter it touches: 2 to 5 all give 53
# Two or more spaces between atoms: always a run break (measured for the search, atoms.KEEP_GAP:
# 40 of 41 wide gaps between Arabic words are run breaks).
_WIDE_GAP = 2
# A hidden break inside a word the document lacks leaves halves the document knows: each seen at
# least _SPLIT_MIN_COUNT times (1 -> 53, 3 -> 53) and at least _SPLIT_MIN_LETTERS long (not swept),
# or one of _GLUED_LETTERS, three of the proclitic letters chosen by hand (all five -> 53, only "و"
# -> 53, none -> 52).
_SPLIT_MIN_COUNT = 2
_SPLIT_MIN_LETTERS = 3
_GLUED_LETTERS = ("و", "ل", "ب")


class Gap(NamedTuple):
    """What lies between two atoms in the file, and what a run break there costs."""

    space: str  # the whitespace between the atoms ("" when they touch)
    cut: float = 0.0  # cost of a run break here (math.inf: never)
    forced: bool = False  # a run break is certain here


def atomize(text: str, scorer: Scorer) -> tuple[list[str], list[Gap]]:
    """Atoms of a line (marker already removed) and the gaps between them.

    Digit ranges written in visual order (٢٠١٦-٢٠٠٧) come back swapped.
    """
    atoms: list[str] = []
    gaps: list[Gap] = []
    pending_ws = ""
    forced = False
    for chunk, kind in script_chunks(text):
        if kind != "o":
            if atoms:
                gaps.append(Gap(pending_ws, forced=True))
            atoms.append(swap_range(chunk) if kind == "d" else chunk)
            pending_ws, forced = "", True
            continue
        for piece in re.findall(r"\s+|\S+", chunk):
            if piece.isspace():
                pending_ws += piece
                continue
            for i, (part, inner) in enumerate(_split_inside(piece, scorer)):
                if atoms:
                    if forced and i == 0:
                        gaps.append(Gap(pending_ws, forced=True))
                    elif i > 0:
                        gaps.append(inner)
                    elif (part[0] in "،؛" and pending_ws) or len(pending_ws) >= _WIDE_GAP:
                        gaps.append(Gap(pending_ws, forced=True))
                    elif pending_ws:
                        gaps.append(Gap(pending_ws, _CUT_SPACE))
                    else:  # no space and no cue: never cut here
                        gaps.append(Gap("", math.inf))
                atoms.append(part)
                pending_ws, forced = "", False
    return atoms, gaps


def _split_inside(piece: str, scorer: Scorer) -> list[tuple[str, Gap]]:
    """Cut a space-free piece into atoms, each with the gap before it (the first one's is unused).

    A run-together word is cut where both halves are words of the document, and a
    comma glued to the next word ('،وتضمنت') ends a run: those cuts are forced. A
    bracket touching a letter ('ملديف)،') may end or start a run, as brackets are
    bidi neutrals: that cut costs ``_CUT_BRACKET``.
    """
    out: list[tuple[str, Gap]] = []
    pieces = [p for p in _BRACKET_CUT.split(piece) if p]
    for k, bracketed in enumerate(pieces):
        parts = [p for p in _COMMA_CUT.split(bracketed) if p]
        for j, part in enumerate(parts):
            words = _split_word(part, scorer) if scorer.vocab is not None else [part]
            for i, word in enumerate(words):
                out.append((word, Gap("", _CUT_BRACKET) if k > 0 and i == j == 0 else Gap("", forced=True)))
    return out


def _split_word(part: str, scorer: Scorer) -> list[str]:
    """A word the document lacks, cut in two where both halves are its words and cost less than the whole."""
    words = arabic_words(part)
    if len(words) != 1 or scorer.count(words[0]) > 0:
        return [part]
    best, best_cost = None, math.inf
    for i in range(1, len(part)):
        left, right = part[:i], part[i:]
        if DIACRITICS.match(right[0]) or not LETTER.match(left[-1]):
            continue
        costs = []
        for half in (left, right):
            hw = arabic_words(half)
            if len(hw) != 1:
                break
            w = hw[0]
            if scorer.count(w) >= _SPLIT_MIN_COUNT and len(w) >= _SPLIT_MIN_LETTERS and not is_fragment(w):
                costs.append(scorer.word(w))
            elif w in _GLUED_LETTERS:
                costs.append(FRAGMENT_EXTRA + scorer.log_n)
            else:
                break
        if len(costs) == 2 and sum(costs) < best_cost:
            best, best_cost = i, sum(costs)
    if best is None or best_cost >= scorer.word(words[0]):
        return [part]
    return [part[:best], part[best:]]
