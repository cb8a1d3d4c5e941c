"""What the glitch did to one line, read from its alignment: the same reading for the report and the simulation.

:func:`shape` aligns a raw line with its logical text (:func:`eval.glitch_align.align`)
and names what the extractor did: how many runs, in which order, where it cut.
:func:`distribution` summarises many lines (optionally weighted, as the gold
lines stand for the report's body), so that the simulated lines can be
compared with the report's; :func:`breakdown` counts exact repairs per symptom.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from eval.glitch_align import MARKER, align
from eval.glitch_rates import ORDERS, _tally
from eval.glitch_text import SHORT_LINE, logical_text

# Symptoms in the order a table lists them; a line can show several.
SYMPTOMS = (
    "clean",
    "runs reversed (nothing else)",
    "one or two blocks moved",
    "shuffled",
    "number or Latin run",
    "cut at a space",
    "hidden cut inside a word",
    "cut at a kashida stretch",
    "cut at punctuation",
    "space lost between runs",
    "space added between runs",
    "marker inside the line",
    "range ends swapped",
    "bracket mirrored",
)


@dataclass(frozen=True)
class Shape:
    """One line's glitch, counted on its alignment (the marker aside)."""

    glitched: bool  # the raw text, tatweel and spacing aside, differs from the logical line
    short: bool  # under SHORT_LINE characters: a paragraph's last line, not justified
    runs: int
    order: str | None  # one of ORDERS, None for a line of one run
    stretched: bool  # the line holds tatweel (justified)
    script_cuts: int
    space_cuts: int
    inner_cuts: int  # hidden cuts between two letters, no tatweel
    kashida_cuts: int
    punct_cuts: int
    gap_missing: int
    gap_extra: int
    marker_moved: bool
    ranges_swapped: int
    mirrored: int

    @property
    def symptoms(self) -> tuple[str, ...]:
        if not self.glitched:
            return ("clean",)
        found = {
            "runs reversed (nothing else)": self.order == ORDERS[0] and not (
                self.inner_cuts or self.kashida_cuts or self.punct_cuts or self.gap_missing or self.gap_extra
                or self.marker_moved or self.ranges_swapped or self.mirrored),
            "one or two blocks moved": self.order in ORDERS[1:3],
            "shuffled": self.order == ORDERS[3],
            "number or Latin run": self.script_cuts > 0,
            "cut at a space": self.space_cuts > 0,
            "hidden cut inside a word": self.inner_cuts > 0,
            "cut at a kashida stretch": self.kashida_cuts > 0,
            "cut at punctuation": self.punct_cuts > 0,
            "space lost between runs": self.gap_missing > 0,
            "space added between runs": self.gap_extra > 0,
            "marker inside the line": self.marker_moved,
            "range ends swapped": self.ranges_swapped > 0,
            "bracket mirrored": self.mirrored > 0,
        }
        return tuple(name for name in SYMPTOMS if found.get(name))


def shape(raw: str, expected: str) -> Shape:
    """Align ``raw`` with ``expected`` and name what the glitch did.

    Raises:
        ValueError: when the raw line is not a rearrangement of the expected text.
    """
    al = align(raw, expected)
    tally = _tally(al)
    c = tally.counts
    return Shape(
        glitched=logical_text(MARKER.sub(" ", raw)) != expected,
        short=len(expected) < SHORT_LINE,
        runs=len(al.pieces) - al.has_marker,
        order=ORDERS[tally.order] if tally.order is not None else None,
        stretched="\u0640" in raw,
        script_cuts=c["script_cut"],
        space_cuts=c["space_cut"],
        inner_cuts=c["inner_cut"] + c["inner_edge_cut"],
        kashida_cuts=c["kashida_cut"],
        punct_cuts=c["punct_cut"],
        gap_missing=c["gap_missing"],
        gap_extra=c["gap_extra"],
        marker_moved=bool(c["marker_moved"]),
        ranges_swapped=al.ranges_swapped,
        mirrored=c["mirrored"] + c["mirrored_latin"],
    )


@dataclass(frozen=True)
class Distribution:
    """How a set of lines was glitched (weighted shares and means)."""

    lines: float
    short: float  # share of lines under SHORT_LINE characters
    glitched: float  # share of lines
    stretched: float  # share of lines with tatweel
    runs: float  # mean runs per line
    runs_glitched: float  # mean runs per glitched line
    one_run: float  # share of lines printed as one run
    five_runs_or_more: float
    kashida_cuts: float  # mean per line
    inner_cuts: float  # mean hidden cuts per line
    space_cuts: float  # mean per line
    not_reversal: float  # share of lines of three runs or more whose order is not a plain reversal

    def rows(self) -> list[tuple[str, str]]:
        return [("lines", f"{self.lines:.0f}"), ("short lines", f"{self.short:.1%}"),
                ("glitched", f"{self.glitched:.1%}"),
                ("with tatweel", f"{self.stretched:.1%}"), ("runs per line", f"{self.runs:.2f}"),
                ("runs per glitched line", f"{self.runs_glitched:.2f}"), ("one run", f"{self.one_run:.1%}"),
                ("5 runs or more", f"{self.five_runs_or_more:.1%}"),
                ("kashida cuts per line", f"{self.kashida_cuts:.3f}"),
                ("hidden in-word cuts per line", f"{self.inner_cuts:.3f}"),
                ("space cuts per line", f"{self.space_cuts:.2f}"),
                ("order not a reversal (3+ runs)", f"{self.not_reversal:.1%}")]


def distribution(shapes: Iterable[Shape], weights: Iterable[float] | None = None) -> Distribution:
    shapes = list(shapes)
    weights = [1.0] * len(shapes) if weights is None else list(weights)
    total = sum(weights)

    def mean(values, among=None):
        pairs = [(v, w) for v, w, s in zip(values, weights, shapes) if among is None or among(s)]
        mass = sum(w for _, w in pairs)
        return sum(v * w for v, w in pairs) / mass if mass else 0.0

    return Distribution(
        lines=total,
        short=mean([s.short for s in shapes]),
        glitched=mean([s.glitched for s in shapes]),
        stretched=mean([s.stretched for s in shapes]),
        runs=mean([s.runs for s in shapes]),
        runs_glitched=mean([s.runs for s in shapes], lambda s: s.glitched),
        one_run=mean([s.runs == 1 for s in shapes]),
        five_runs_or_more=mean([s.runs >= 5 for s in shapes]),
        kashida_cuts=mean([s.kashida_cuts for s in shapes]),
        inner_cuts=mean([s.inner_cuts for s in shapes]),
        space_cuts=mean([s.space_cuts for s in shapes]),
        not_reversal=mean([s.order != ORDERS[0] for s in shapes], lambda s: s.order is not None and s.runs >= 3),
    )


@dataclass(frozen=True)
class SymptomScore:
    symptom: str
    lines: int
    exact: int


def breakdown(shapes: Iterable[Shape], exact: Iterable[bool]) -> tuple[SymptomScore, ...]:
    """Lines and exact repairs per symptom, in the order of :data:`SYMPTOMS` (a line counts once per symptom)."""
    lines, hits = dict.fromkeys(SYMPTOMS, 0), dict.fromkeys(SYMPTOMS, 0)
    for s, ok in zip(shapes, exact, strict=True):
        for name in s.symptoms:
            lines[name] += 1
            hits[name] += ok
    return tuple(SymptomScore(name, lines[name], hits[name]) for name in SYMPTOMS if lines[name])
