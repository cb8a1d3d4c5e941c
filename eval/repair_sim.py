"""A forward model of the report's PDF extraction glitch, run on clean Arabic text to test a line repair.

The extractor cut each printed line into runs and wrote them mostly in reverse
reading order (see ``../shared/notes/corpus-extraction.md``). :func:`glitch_line`
does the same to a clean logical line, at the rates of :class:`GlitchRates`
(measured on the report's gold lines by :func:`measure_rates`):

1. a line is whole (cut only at its script switches), ordinary, or cut at many
   points (``fragmented``);
2. justification stretches every kashida point of some lines with k tatweels;
3. the line is cut at candidate points (:func:`eval.glitch_text.candidates`):
   script switches, spaces, letter-punctuation joins, inside words (hidden),
   at stretches (kashida, the tatweels on one side of the cut);
4. each space at a cut is written after one of the two runs (after the Arabic
   one when the other is a number), the line's final space after its last run;
5. runs are written in reverse order or, from three runs up, with one or two
   blocks moved or all shuffled (redrawn until the order reads as drawn); the
   paragraph marker ``-N`` last (the line's visual start) or, sometimes,
   between two runs;
6. Arabic-Indic ranges swap ends, brackets at run edges mirror (most around
   Latin text, some around numbers and words), and gaps between runs gain or
   lose a space.

The clean text is first put in the report's typography
(:func:`eval.glitch_text.report_text`: proclitics attached, tatweel only from
justification, no space inside brackets or before a stop), so that every
expected line is one the report could print.

Run ``python -m eval.repair_sim`` to score ``index.repair.repair_lines`` (the
parser's repair; ``--engine reversal`` for the reversal alone) on XQuAD's
Arabic paragraphs (see :mod:`eval.repair_bench`).
"""

from __future__ import annotations

import itertools
import random
import sys
import textwrap
from typing import NamedTuple

from eval.glitch_align import block_moves, joined
from eval.glitch_rates import MEASURED, ORDERS, GlitchRates, measure_rates
from eval.glitch_text import (
    ARABIC_RANGE,
    MIRROR,
    SHORT_LINE,
    TATWEEL,
    Cut,
    CutKind,
    base_index,
    candidates,
    is_number_or_latin,
    latin_brackets,
    logical_text,
    report_text,
)

__all__ = ["LINE_WIDTH", "GlitchRates", "glitch_line", "measure_rates", "paragraph_marker", "simulate", "wrap"]

# The report's full lines (70+ characters once tatweel, markers and extra spaces
# are dropped; 761 of its 922 lines) have a median of 85 characters; a greedy wrap
# of XQuAD's Arabic paragraphs at 88 gives the same median.
LINE_WIDTH = 88
_ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
# Draws of a moved order before the last is kept as it is: some classes cannot be met
# (no order of three runs is two block moves from a reversal, once neighbours join).
_ORDER_TRIES = 20


class _Item(NamedTuple):
    """A run (or the marker) as written: its text and the spaces written after it."""

    text: str
    spaces: int
    marker: bool = False


def wrap(text: str, width: int = LINE_WIDTH) -> list[str]:
    """Wrap a clean paragraph into lines of at most ``width`` characters, breaking at spaces only.

    The text is first put in the report's typography (:func:`eval.glitch_text.report_text`).

    >>> wrap("في عام ٢٠١٨ بدأ", 8)
    ['في عام', '٢٠١٨ بدأ']
    """
    return textwrap.wrap(report_text(text), width, break_long_words=False, break_on_hyphens=False)


def paragraph_marker(number: int) -> str:
    """The paragraph marker as the report prints it: ``-`` and Arabic-Indic digits.

    >>> paragraph_marker(12)
    '-١٢'
    """
    return "-" + str(number).translate(_ARABIC_INDIC)


def glitch_line(line: str, rates: GlitchRates = MEASURED, rng: random.Random | None = None,
                marker: str | None = None) -> str:
    """One logical line -> the raw line the extractor would write for it.

    ``marker`` (e.g. ``"-٣"``) is the paragraph number printed before the line, a
    run of its own. Deterministic given ``rng``.
    """
    rng = rng if rng is not None else random.Random(0)
    text = " ".join(line.split())
    if not text:
        return ""
    short = len(logical_text(text)) < SHORT_LINE  # a paragraph's last line: not justified, cut less
    whole_share = rates.whole_share_short if short else rates.whole_share
    fragmented_share = rates.fragmented_share_short if short else rates.fragmented_share
    kind = rng.random()
    whole = kind < whole_share
    fragmented = not whole and kind < whole_share + fragmented_share
    cuts = candidates(text)
    stretch = _stretches(cuts, rates.justified_share_short if short else rates.justified_share, rates, rng)
    chosen = [c.pos for c in cuts if rng.random() < _cut_rate(c, c.pos in stretch, fragmented, rates, whole)]
    mirrored = _mirrored(text, chosen, rates, rng)
    runs, owners = _runs(text, chosen, stretch, mirrored, rates, rng)
    spaces = [0] * len(runs)
    for i, to_previous in owners:
        if to_previous is None:  # a number on one side: the space goes with the Arabic run
            to_previous = is_number_or_latin(runs[i + 1])
        spaces[i if to_previous else i + 1] += 1
    spaces[-1] += 1  # the line's final space, before the next line's text
    runs = [ARABIC_RANGE.sub(lambda m: _swap(m, rates, rng), run) for run in runs]
    items = [_Item(r, s) for r, s in zip(runs, spaces)]
    written = [items[k] for k in _order(len(items), rates.order_fragmented if fragmented else rates.order, rng)]
    if marker:
        moved = len(written) > 1 and rng.random() < rates.marker_moved
        # One space after a marker that is not written last: 6 of the gold's 7 such markers.
        written.insert(rng.randint(1, len(written) - 1) if moved else len(written), _Item(marker, 1, True))
    return _write(written, rates, fragmented, rng)


def simulate(paragraphs: list[str], rates: GlitchRates = MEASURED, seed: int | str = 0,
             width: int = LINE_WIDTH) -> list[tuple[str, str]]:
    """Glitch one document: (raw line, expected line) pairs, ("", "") between paragraphs.

    Each paragraph is wrapped at ``width``; its first line carries the marker of
    its number (1, 2, ... in the document). The expected line is the logical
    line with whitespace collapsed and tatweel removed; it has no marker.
    """
    rng = random.Random(seed)
    pairs: list[tuple[str, str]] = []
    for number, paragraph in enumerate(paragraphs, start=1):
        if pairs:
            pairs.append(("", ""))
        for i, line in enumerate(wrap(paragraph, width)):
            raw = glitch_line(line, rates, rng, paragraph_marker(number) if i == 0 else None)
            pairs.append((raw, logical_text(line)))
    return pairs


def _cut_rate(cut: Cut, stretched: bool, fragmented: bool, rates: GlitchRates, whole: bool = False) -> float:
    if cut.kind is CutKind.SCRIPT:
        return rates.script_cut
    if whole:  # a line printed as one run but for its script switches
        return 0.0
    if cut.kind is CutKind.SPACE:
        return rates.space_cut_fragmented if fragmented else rates.space_cut
    if cut.kind is CutKind.PUNCT:
        return rates.punct_cut_fragmented if fragmented else rates.punct_cut
    if stretched:
        return rates.kashida_cut_fragmented if fragmented else rates.kashida_cut
    if cut.edge:
        return rates.inner_cut_edge_fragmented if fragmented else rates.inner_cut_edge
    return rates.inner_cut_fragmented if fragmented else rates.inner_cut


def _stretches(cuts: list[Cut], justified_share: float, rates: GlitchRates, rng: random.Random) -> dict[int, int]:
    """Kashida points stretched by justification -> tatweels per stretch (one length per line)."""
    points = [c.pos for c in cuts if c.kashida]
    if not points or rng.random() >= justified_share:
        return {}
    k = 1 + _draw(rates.stretch_lengths, rng)
    return {p: k for p in points if rng.random() < rates.stretch_point}


def _mirrored(text: str, chosen: list[int], rates: GlitchRates, rng: random.Random) -> set[int]:
    """Brackets at the edges of runs that come out mirrored (indices into the text)."""
    latin = latin_brackets(text)
    edges = set()
    for a, b in itertools.pairwise([0, *chosen, len(text)]):
        edges |= {a, len(text[:b].rstrip()) - 1}
    return {i for i in sorted(edges) if text[i] in MIRROR
            and rng.random() < (rates.bracket_mirror_latin if i in latin else rates.bracket_mirror)}


def _runs(text: str, chosen: list[int], stretch: dict[int, int], mirrored: set[int], rates: GlitchRates,
          rng: random.Random):
    """Cut the text into runs (stretches written in); and for each space at a cut, who writes it.

    An owner entry ``(i, to_previous)`` is the space between runs i and i+1,
    written after run i if ``to_previous``, else after run i+1; None when one of
    the two runs is a number or Latin text (the Arabic run writes it).
    """
    after: dict[int, str] = {}  # tatweels written after a character
    before: dict[int, str] = {}  # tatweels opening a run
    cut_at = set(chosen)
    for pos, k in stretch.items():
        if pos in cut_at and rng.random() >= rates.kashida_left:
            before[pos] = TATWEEL * k
        else:
            after[base_index(text, pos)] = TATWEEL * k
    bounds = [0, *chosen, len(text)]
    chars = [MIRROR[ch] if i in mirrored else ch for i, ch in enumerate(text)]
    runs = ["".join(before.get(i, "") + chars[i] + after.get(i, "") for i in range(a, b)).strip()
            for a, b in itertools.pairwise(bounds)]
    owners = []
    for i, pos in enumerate(chosen):
        if text[pos - 1] == " ":
            numeric = is_number_or_latin(runs[i]) != is_number_or_latin(runs[i + 1])
            owners.append((i, None if numeric else rng.random() < rates.space_to_previous))
    return runs, owners


def _swap(match, rates: GlitchRates, rng: random.Random) -> str:
    a, b = match.groups()
    return f"{b}-{a}" if rng.random() < rates.range_swap else match.group()


def _order(n: int, probabilities: tuple[float, ...], rng: random.Random) -> list[int]:
    """Raw order of n items (logical indices): reversed, then blocks moved or all shuffled.

    The order's class (one of ORDERS) is drawn at its measured rate, and the
    move redrawn until the order reads as that class once runs that land side
    by side in reading order are one (as the measurement reads them): a block
    moved next to its logical neighbour would otherwise undo itself, and the
    simulation showed 9 % of lines out of reversal where the report has 18 %.
    """
    moves = _draw(probabilities, rng) if n > 2 else 0  # measured on lines of three runs or more
    order = list(range(n - 1, -1, -1))
    if not moves:
        return order
    for _ in range(_ORDER_TRIES):
        drawn = _moved(order, moves, rng)
        if block_moves(joined(drawn)) == moves:
            break
    return drawn


def _moved(order: list[int], moves: int, rng: random.Random) -> list[int]:
    if ORDERS[moves] == "shuffled":
        return rng.sample(order, len(order))
    for _ in range(moves):
        a, b, c = sorted(rng.sample(range(len(order) + 1), 3))
        order = order[:a] + order[b:c] + order[a:b] + order[c:]
    return order


def _write(items: list[_Item], rates: GlitchRates, fragmented: bool, rng: random.Random) -> str:
    """Concatenate items in raw order, each followed by its spaces; gaps between runs gain or lose one."""
    extra = rates.gap_extra_fragmented if fragmented else rates.gap_extra
    out = []
    for item, after in itertools.zip_longest(items, items[1:]):
        spaces = item.spaces
        if after is None:
            spaces = 0 if item.marker else spaces
        elif after.marker:
            spaces += rates.marker_gap
        elif not item.marker:
            if rng.random() < extra:
                spaces += 1
            elif spaces and rng.random() < rates.gap_missing:
                spaces -= 1
        out.append(item.text + " " * spaces)
    return "".join(out)


def _draw(probabilities: tuple[float, ...], rng: random.Random) -> int:
    u, acc = rng.random() * sum(probabilities), 0.0
    for i, p in enumerate(probabilities):
        acc += p
        if u < acc:
            return i
    return len(probabilities) - 1


if __name__ == "__main__":
    from eval.repair_bench import main

    sys.exit(main())
