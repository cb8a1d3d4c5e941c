"""What the text across a line break says about a line's reading: seams and paragraph edges.

A line break is only a space in the running text, so the last word of one line
and the first of the next are a word pair like any other (:meth:`Seams.pair`),
except across punctuation: the document's pair counts never span a comma or a
stop, so neither does a seam ('… الاتِّجار.' then 'بالأشخاص …' once rotated
paragraph 55's first line).

The extraction also says for free where a paragraph starts and ends
(:func:`edges`): a line with a paragraph or heading marker, or a list item, is
the first of its unit (nothing of the line before precedes its text), and the
line before it is the last of the previous unit, which ends with a stop.

Measured and left out: a bonus when the sentence after a stop opens with a word
seen opening sentences elsewhere in the document (``وفي``, ``كما``). Counted from
the raw text, a word seen once after a stop is as often a misplaced run
(``الاتجار``, ``أيضا``): three report lines broke on such words; seen twice or
more, it changed one report line and no simulated one (700 of 2,012 either way).
"""

from __future__ import annotations

import re
from typing import NamedTuple

from index.repair.markers import split_item, split_marker
from index.repair.words import WordModel

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


def edges(lines: list[str]) -> list[Edges]:
    """Each line's place in its unit: a line with a paragraph or heading marker or a list item starts
    one; a line whose next non-blank line (within two, as :func:`lines.neighbour` looks) starts one
    ends one."""
    starts = [bool(line.strip()) and _starts(line) for line in lines]
    out = []
    for i, line in enumerate(lines):
        following = next((k for k in (i + 1, i + 2) if k < len(lines) and lines[k].strip()), None)
        marker = split_marker(line)[0] if starts[i] else None
        out.append(Edges(starts[i], bool(line.strip()) and following is not None and starts[following],
                         marker is not None and marker.isdigit()))
    return out


def _starts(line: str) -> bool:
    marker, rest = split_marker(line)
    return marker is not None or split_item(rest)[0] is not None


class Seams:
    """Scores a line's readings against the text around it (lower is better, like the word model)."""

    def __init__(self, words: WordModel):
        self.words = words

    def pair(self, left: str, right: str) -> float:
        """The seam of ``left`` followed by ``right`` across a line break (either may be "")."""
        left, right = left.rstrip(), right.lstrip()
        if left and right and _ARABIC_EDGE.match(left[-1]) and _ARABIC_EDGE.match(right[0]):
            return self.words.pair(left, right)
        return 0.0

    def around(self, text: str, before: str, after: str, edge: Edges) -> float:
        """The seams of a reading with the lines before and after it, and its unit's edges."""
        cost = 0.0 if edge.starts else self.pair(before, text)
        if edge.ends:
            cost += 0.0 if text.rstrip()[-1:] in STOPS else OPEN_END
        else:
            cost += self.pair(text, after)
        return cost
