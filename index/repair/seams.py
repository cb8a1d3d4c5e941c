"""What the text across a line break says about a line's reading: seams and paragraph edges.

A line break is only a space in the running text, so the last word of one line
and the first of the next are a word pair like any other (:meth:`Seams.pair`),
except across punctuation: the document's pair counts never span a comma or a
stop, so neither does a seam ('… الاتِّجار.' then 'بالأشخاص …' once rotated
paragraph 55's first line).

The extraction also says for free where a paragraph starts and ends
(:func:`edges`): a line with a paragraph or heading marker, or a list item, is
the first of its unit (nothing of the line before precedes its text), and the
line before it is the last of the previous unit, which ends with a stop. A heading
(:func:`index.repair.markers.roles`) ends without one, but not on a word that never
closes a clause in the document (:class:`Enders`: 'فيما', 'من').

Measured and left out: a bonus when the sentence after a stop opens with a word
seen opening sentences elsewhere in the document (``وفي``, ``كما``). Counted from
the raw text, a word seen once after a stop is as often a misplaced run
(``الاتجار``, ``أيضا``): three report lines broke on such words; seen twice or
more, it changed one report line and no simulated one (700 of 2,012 either way).
"""

from __future__ import annotations

import re
from typing import NamedTuple

from index.repair.markers import Role, roles, split_item, split_marker
from index.repair.words import WordModel, arabic_words, raw_line_counts

# The marks that end a sentence or a clause that a list or a new paragraph follows.
STOPS = ".؛:!؟?"
_ARABIC_EDGE = re.compile("[\u0621-\u064a\u064b-\u065f\u0670\u0640]")

# What a paragraph's last line costs when its reading does not end with a stop, in natural-log units
# of the word model (its PAIR_BONUS is 2.0). Simulation (python -m eval.repair_sim, seed 0, 2,012
# lines; main gives 692 exact, the punctuation rule alone 693): OPEN_END 0 -> 693, 1 -> 698,
# 2 -> 700, 3 -> 700, 4 -> 702; the tuning half gives 70 of 114 for 0 to 3, and at 4 a two-line heading
# ('التوعية: أنشطة …', a gold line) is rotated to end on its colon.
OPEN_END = 2.0


class Edges(NamedTuple):
    """Where a line sits in its paragraph, from the markers the extraction keeps."""

    starts: bool = False  # the line opens a paragraph, heading or list item: no text of its own precedes it
    ends: bool = False  # the next line opens one: the line's text closes its unit
    sentence: bool = False  # the line opens a numbered paragraph, so its text opens a sentence (not a heading's or item's)
    heading: bool = False  # the line belongs to a heading (markers.roles), which never ends with a stop


def edges(lines: list[str]) -> list[Edges]:
    """Each line's place in its unit: a line with a paragraph or heading marker or a list item starts
    one; a line whose next non-blank line (within two, as :func:`lines.neighbour` looks) starts one
    ends one. A line belongs to a heading from its heading marker to the next marker (:func:`markers.roles`)."""
    starts = [bool(line.strip()) and _starts(line) for line in lines]
    out = []
    unit = None
    for i, (line, role) in enumerate(zip(lines, roles(lines))):
        if split_marker(line)[0] is not None:
            unit = role  # a marker opens a new unit; a line without one goes on with the unit it is in
        following = next((k for k in (i + 1, i + 2) if k < len(lines) and lines[k].strip()), None)
        marker = split_marker(line)[0] if starts[i] else None
        out.append(Edges(starts[i], bool(line.strip()) and following is not None and starts[following],
                         marker is not None and marker.isdigit() and role is not Role.HEADING, unit is Role.HEADING))
    return out


def _starts(line: str) -> bool:
    marker, rest = split_marker(line)
    return marker is not None or split_item(rest)[0] is not None


# A word seen this often in the document and never right before a stop or a comma (a preposition, 'فيما',
# a noun always followed by its complement) does not close a unit.
ENDER_SEEN = 8
_BEFORE_STOP = re.compile("([\u0621-\u064a][\u0621-\u064a\u064b-\u065f\u0670\u0640]*)[.،؛:!؟]")


class Enders(NamedTuple):
    """The document's frequent words that never stand before a stop or a comma (counted on its raw lines,
    inside runs): a heading cannot end on one. Report: 116 such words, among them 'من', 'على', 'فيما',
    'التي', 'الأمم'."""

    never: frozenset[str] = frozenset()

    @classmethod
    def from_lines(cls, lines: list[str]) -> Enders:
        every, closing = raw_line_counts(lines, _BEFORE_STOP)
        return cls(frozenset(w for w, c in every.items() if c >= ENDER_SEEN and not closing[w]))

    def open(self, text: str) -> bool:
        """Whether ``text`` ends on a word that never closes a clause (its last mark is that word's)."""
        found = arabic_words(text)
        return bool(found) and _ARABIC_EDGE.match(text.rstrip()[-1:]) is not None and found[-1] in self.never


class Seams:
    """Scores a line's readings against the text around it (lower is better, like the word model)."""

    def __init__(self, words: WordModel, enders: Enders = Enders()):
        self.words = words
        self.enders = enders

    def pair(self, left: str, right: str) -> float:
        """The seam of ``left`` followed by ``right`` across a line break (either may be "")."""
        left, right = left.rstrip(), right.lstrip()
        if left and right and _ARABIC_EDGE.match(left[-1]) and _ARABIC_EDGE.match(right[0]):
            return self.words.pair(left, right)
        return 0.0

    def around(self, text: str, before: str, after: str, edge: Edges) -> float:
        """The seams of a reading with the lines before and after it, and its unit's edges."""
        cost = 0.0 if edge.starts else self.pair(before, text)
        if edge.ends and edge.heading:
            # A heading ends without a stop, and the paragraph after it is not its text; but it ends on a
            # word that can close a clause.
            cost += OPEN_END if self.enders.open(text) else 0.0
        elif edge.ends:
            cost += 0.0 if text.rstrip()[-1:] in STOPS else OPEN_END
        else:
            cost += self.pair(text, after)
        return cost
