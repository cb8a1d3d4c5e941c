"""Where the report's extractor may cut a logical line: the candidate points the glitch rates count.

One definition, shared by the forward model (:mod:`eval.repair_sim`) and the
measurement (:mod:`eval.glitch_rates`), so that a rate measured on the report
means the same thing when the simulation applies it.

A logical line is read as script segments: numbers (digits with inner ``/ , . -``,
Arabic-Indic or ASCII), Latin text (words joined by single spaces), and the rest
(Arabic words, punctuation, brackets, spaces). Candidate cuts, each at the index
of the first non-space character after it:

- ``SCRIPT``: between two segments;
- ``SPACE``: at a space inside an Arabic segment;
- ``PUNCT``: between a letter and a punctuation mark or bracket that touch;
- ``INNER``: between two letters of one Arabic word; ``kashida`` marks the points
  where justification stretches a word (after س ش ص ض: every one of the 67
  tatweel stretches in the 50 gold lines follows one of these four letters), and
  ``edge`` the points that leave a single letter on one side (the extractor cuts
  there about half as often as deeper inside a word).
"""

from __future__ import annotations

import enum
import re
import unicodedata
from typing import NamedTuple

TATWEEL = "\u0640"
DIGITS = "0-9\u0660-\u0669"
NUMBER = re.compile(rf"[{DIGITS}]+(?:[/,.\-][{DIGITS}]+)*")
LATIN = re.compile(r"[A-Za-z][A-Za-z0-9_&'’.:/\-]*(?: [A-Za-z0-9][A-Za-z0-9_&'’.:/\-]*)*")
ARABIC_RANGE = re.compile(r"(?<![\u0660-\u0669\-])([\u0660-\u0669]+)-([\u0660-\u0669]+)(?![\u0660-\u0669\-])")
_LETTER = re.compile("[\u0621-\u063a\u0641-\u064a\u0671-\u06d3]")
_DIACRITIC = re.compile("[\u064b-\u065f\u0670]")
KASHIDA_LETTERS = frozenset("سشصض")
# A line with fewer characters (tatweel, marker and extra spaces aside) is not a full printed
# line: the report's full lines have a median of 85 characters, and 761 of its 922 have 70 or more.
SHORT_LINE = 70
MIRROR = {"(": ")", ")": "(", "[": "]", "]": "[", "{": "}", "}": "{", "«": "»", "»": "«"}
_OPENING = "([{«"


class CutKind(enum.Enum):
    SCRIPT = "script"
    SPACE = "space"
    PUNCT = "punct"
    INNER = "inner"


class Cut(NamedTuple):
    """A point where the extractor may start a new run: the right side begins at ``pos``."""

    pos: int
    kind: CutKind
    kashida: bool = False  # an INNER point after س ش ص ض, where justification stretches
    edge: bool = False  # an INNER point with one letter of the word on one side


class Segment(NamedTuple):
    start: int
    end: int
    kind: str  # "num", "lat" or "ara"


def is_letter(ch: str) -> bool:
    return bool(_LETTER.match(ch))


def is_diacritic(ch: str) -> bool:
    return bool(_DIACRITIC.match(ch))


def is_number_or_latin(text: str) -> bool:
    """True for a run that bidi treats as left-to-right: a number or Latin text."""
    text = text.strip()
    return bool(NUMBER.fullmatch(text) or LATIN.fullmatch(text))


def segments(text: str) -> list[Segment]:
    """Cut a logical line into number, Latin and Arabic segments, in order."""
    out: list[Segment] = []
    pos = 0
    for match in re.finditer(f"(?P<num>{NUMBER.pattern})|(?P<lat>{LATIN.pattern})", text):
        if match.start() > pos:
            out.append(Segment(pos, match.start(), "ara"))
        out.append(Segment(match.start(), match.end(), "num" if match.group("num") else "lat"))
        pos = match.end()
    if pos < len(text):
        out.append(Segment(pos, len(text), "ara"))
    return out


def _neutral(ch: str) -> bool:
    return not (ch.isspace() or is_letter(ch) or is_diacritic(ch) or ch == TATWEEL or ch.isdigit())


def candidates(text: str) -> list[Cut]:
    """Every candidate cut of a single-spaced logical line, in order of position.

    Example:
        >>> [(c.pos, c.kind.value) for c in candidates("في عام ٢٠١٨، بدأ") if c.kind is not CutKind.INNER]
        [(3, 'space'), (7, 'script'), (11, 'script'), (13, 'space')]
    """
    cuts: list[Cut] = []
    for i, seg in enumerate(segments(text)):
        if i > 0:
            pos = seg.start
            while pos < len(text) - 1 and text[pos] == " ":
                pos += 1
            if not cuts or cuts[-1].pos != pos:  # a segment of spaces only: one switch, not two
                cuts.append(Cut(pos, CutKind.SCRIPT))
        if seg.kind != "ara":
            continue
        for p in range(seg.start + 1, seg.end):
            a, b = text[p - 1], text[p]
            if a == " " and b != " " and p - 1 > seg.start and text[p - 2] != " ":
                cuts.append(Cut(p, CutKind.SPACE))
            elif is_letter(b) and (is_letter(a) or is_diacritic(a)):
                edge = _letters(text, p, -1) == 1 or _letters(text, p, 1) == 1
                cuts.append(Cut(p, CutKind.INNER, _base_letter(text, p) in KASHIDA_LETTERS, edge))
            elif (_neutral(a) and (is_letter(b) or is_diacritic(b))) or (
                _neutral(b) and (is_letter(a) or is_diacritic(a))
            ):
                cuts.append(Cut(p, CutKind.PUNCT))
    cuts.sort(key=lambda c: c.pos)
    return cuts


def base_index(text: str, pos: int) -> int:
    """Index of the letter before ``pos``, skipping its diacritics (where a stretch goes)."""
    q = pos - 1
    while q > 0 and is_diacritic(text[q]):
        q -= 1
    return q


def _letters(text: str, pos: int, step: int) -> int:
    """Letters of the word from ``pos`` leftwards (step -1) or rightwards (step 1), diacritics aside."""
    count, i = 0, pos - 1 if step < 0 else pos
    while 0 <= i < len(text) and (is_letter(text[i]) or is_diacritic(text[i])):
        count += is_letter(text[i])
        i += step
    return count


def _base_letter(text: str, pos: int) -> str:
    return text[base_index(text, pos)]


def latin_brackets(text: str) -> set[int]:
    """Indices of the brackets of each pair around Latin text with no Arabic letter in it.

    The extractor mirrored both brackets of '(#AQUIESTOY)', and none of the eight
    around numbers or Arabic words at run edges in the gold lines.

    >>> sorted(latin_brackets("حملة (#AQUIESTOY) (أنا هنا) (٢٠١٧)"))
    [5, 16]
    """
    found, stack = set(), []
    for i, ch in enumerate(text):
        if ch in _OPENING:
            stack.append(i)
        elif ch in MIRROR and stack and MIRROR[text[stack[-1]]] == ch:
            j = stack.pop()
            inside = text[j + 1 : i]
            if re.search("[A-Za-z]", inside) and not any(is_letter(c) for c in inside):
                found |= {i, j}
    return found


# A one-letter proclitic written apart, with or without a tatweel ('بـ أربعة', 'ب 390', 'و سان'):
# the report attaches it, to a number too ('و٢٠١٧'; no gold line has one alone, 88 XQuAD lines do).
_DETACHED_PROCLITIC = re.compile(f"(?<!\\S)([بلكفو]){TATWEEL}* *(?=[\u0621-\u064a0-9\u0660-\u0669])")
_TATWEEL_DASH = re.compile(f"(?<!\\S){TATWEEL}+(?!\\S)")  # 'ــــ' between spaces is a dash
_SPACE_BEFORE_CLOSER = re.compile(r"\s+(?=[،؛.:!؟)\]}»,;?])")
_SPACE_AFTER_OPENER = re.compile(r"(?<=[(\[{«])\s+")
_GLUED_OPENER = re.compile(r"(?<=[\u0621-\u064a\u064b-\u0652])(?=[(\[{«])")


def report_text(text: str) -> str:
    """Clean text in the report's typography, before it is wrapped and glitched.

    The report uses tatweel only to justify, attaches its proclitics and و, puts
    no space before a closing mark or after an opening one, and one between a
    word and an opening bracket (none of the 217 gold lines breaks these rules;
    45, 88, 46 and 8 of XQuAD's 2,015 lines do). A line that breaks them has no
    repair the report's typography could give, so it would count a miss that
    says nothing of the repair. Format characters (RLM, BOM) go: a PDF has no
    glyph for them. Nothing else changes; XQuAD's own slips ('نشرترجمة') stay.

    >>> report_text("متمتعاً بـ أربعة اختيارات و سان دييغو ، (  ٢٠١٨ )")
    'متمتعاً بأربعة اختيارات وسان دييغو، (٢٠١٨)'
    """
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Cf")
    text = _DETACHED_PROCLITIC.sub(r"\1", text)
    text = _TATWEEL_DASH.sub("–", text).replace(TATWEEL, "")
    text = _SPACE_AFTER_OPENER.sub("", _SPACE_BEFORE_CLOSER.sub("", text))
    return " ".join(_GLUED_OPENER.sub(" ", text).split())


def logical_text(text: str) -> str:
    """What a repaired line must read: tatweel removed, whitespace collapsed, ends trimmed."""
    return " ".join(text.replace(TATWEEL, "").split())
