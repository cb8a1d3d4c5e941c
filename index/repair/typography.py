"""Spacing and bracket rules of printed Arabic, used to join pieces and tidy the result."""

from __future__ import annotations

import re
from typing import NamedTuple

from index.arabic import PROCLITIC_LETTERS
from index.repair.words import DIACRITICS, LETTER, arabic_words

CLOSE_PUNCT = frozenset("،.؛:!؟)]}»,;?")
OPEN_PUNCT = frozenset("([{«")
# Where a bracket touches an Arabic letter ('ملديف)،'): brackets are bidi neutrals, so a run may end there.
BRACKET_TOUCH = "(?<=[()])(?=[\u0621-\u064a])|(?<=[\u0621-\u064a\u064b-\u0652])(?=[()])"
# A space before a closing mark goes. The search's reading closes up '.' and ':' too and keeps the
# space when a digit follows; the reversal's reading closes up brackets and commas only.
SPACE_BEFORE_CLOSER = re.compile(r" ([)\]}»،؛.:])(?!\d)")
REVERSAL_SPACE_BEFORE_CLOSER = re.compile(r" ([)\]}»،؛])")

# Penalties of both readings, natural-log units of their word models (a common word costs about 6-9).
# Set by hand; the reversal's count of gold tuning-half lines (53 of 114) does not move for
# PUNCT_FIRST 2 to 6, BRACKET_NEST 3 to 8 or BRACKET_STRAY 4 to 10 (the search was not swept).
PUNCT_FIRST = 3.0  # a line opening with a stop or a closing bracket
BRACKET_NEST = 6.0  # an opening bracket before the previous one is closed: the report never nests
BRACKET_STRAY = 8.0  # a closing bracket after the line opened and closed its own pair


def opens_with_stop(text: str) -> bool:
    """Whether a reading starting with ``text`` opens with a stop or a closing bracket (``PUNCT_FIRST``)."""
    return text[:1] in "،.؛:)"


class Brackets(NamedTuple):
    """Round-bracket balance of a partial reading.

    Round brackets do not nest in this prose; a closing bracket is free only while
    the line has opened none (it closes one from the line before).
    """

    depth: int = 0  # brackets open now; counted to 2 only, as deeper never occurs and fewer states are kept
    opened: bool = False  # the line has opened a bracket of its own

    def after(self, text: str) -> tuple[Brackets, float]:
        """The balance after ``text`` (read in order) and the penalty it earns."""
        depth, opened = self.depth, self.opened
        penalty = 0.0
        for ch in text:
            if ch == "(":
                if depth:
                    penalty += BRACKET_NEST
                depth, opened = min(depth + 1, 2), True
            elif ch == ")":
                if depth:
                    depth -= 1
                elif opened:
                    penalty += BRACKET_STRAY
        return Brackets(depth, opened), penalty


def _kind(ch: str) -> str:
    if ch.isdigit():
        return "d"
    if "A" <= ch <= "Z" or "a" <= ch <= "z" or ch in "#@":
        return "l"
    if LETTER.match(ch):
        return "a"
    return "p"


def junction(left: str, right: str) -> str | None:
    """How two pieces meeting in reading order are separated: "" or " ", or None when words decide."""
    a, b = left[-1], right[0]
    if _touches(left, right):
        return ""
    if b in CLOSE_PUNCT or a in OPEN_PUNCT or a == "/" or b == "/":
        return ""
    if b == '"':
        return "" if len(right) > 1 and right[1] in CLOSE_PUNCT else " "
    if a == '"':
        return "" if len(left) == 1 or left[-2].isspace() else " "
    # A diacritic sits on a letter: a piece ending in one ('الاتِّ') may still end inside a word.
    ka, kb = _kind(DIACRITICS.sub("", left)[-1:] or a), _kind(b)
    if ka == "a" and kb == "a":
        return None
    if kb == "d" and ka == "a":
        tail = arabic_words(left.split()[-1])
        return "" if tail and tail[-1] in PROCLITIC_LETTERS else " "
    return " "


# Signs written against a number or unit with no space, which bidi makes runs of their own (neutrals
# between numbers and Arabic letters): a range's dash or a time's colon between two numbers
# ('23–16', '4:51'), a percent sign after its number ('63%'), a degree sign before its unit ('°C').
# XQuAD's Arabic text writes 19 ranges with '–' between digits and none spaced; the report has none
# of these signs. Without the rule the junction spaced them, so no reading spelled the line (simdiag11:
# 33 simulated lines, seed 0, unreachable for a junction's forced space, most of them these). With it and
# atoms._LATIN: simulation (16 articles) seed 0 281 -> 283, seed 1 235 -> 238 of 628, 22 lines change,
# none for the worse; clean lines and the tuning half (78 of 114) as before.
_BETWEEN_NUMBERS = frozenset("–:")
_AFTER_NUMBER = frozenset("%٪")


def _touches(left: str, right: str) -> bool:
    """Whether a sign and a number (or the degree sign and its unit) meet with no space (see above)."""
    a, b = left[-1], right[0]
    if a.isdigit():
        return b in _AFTER_NUMBER or (b in _BETWEEN_NUMBERS and (len(right) == 1 or right[1].isdigit()))
    if a in _BETWEEN_NUMBERS:
        return b.isdigit() and len(left) >= 2 and left[-2].isdigit()
    return a == "°" and "A" <= b <= "Z"


def finish(text: str, space_before_closer: re.Pattern = SPACE_BEFORE_CLOSER) -> str:
    """Collapse spaces, put mirrored brackets right and tidy spacing around punctuation."""
    text = re.sub(r"\s+", " ", text).strip()
    text = _fix_mirrored_brackets(text)
    text = re.sub(r"(?<![#\w])([A-Za-z]\w*)#", r"#\1", text)  # hashtag: '#' leads its word
    text = re.sub(r"([(\[{«]) ", r"\1", text)
    text = space_before_closer.sub(r"\1", text)
    return re.sub(r"(\w)\(", r"\1 (", text)


def _fix_mirrored_brackets(text: str) -> str:
    """Swap a ')' ... '(' pair that encloses no Arabic letter: a bracket left in visual form."""
    pattern = re.compile(r"\)([^()\u0621-\u064a]+)\(")
    match = pattern.search(text)
    while match:
        text = text[: match.start()] + "(" + match.group(1) + ")" + text[match.end():]
        match = pattern.search(text)
    return text
