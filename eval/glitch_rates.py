"""The rates of the report's extraction glitch, and how they are measured from aligned lines.

:class:`GlitchRates` holds every rate the forward model (:mod:`eval.repair_sim`)
applies; its defaults are :func:`measure_rates` on the 50 hand-repaired lines of
``tests/index/data/repair_gold.jsonl`` (a test re-measures them), so the
simulation needs no gold file at run time. Each rate is a share of the
candidate points of :mod:`eval.glitch_text` (or of lines), counted the same way
the forward model draws it; the comments give the counts in the gold.

Lines come in two kinds. Most are cut at script switches and here and there at a
space or inside a word; a few are cut nearly everywhere (gold lines 263, 1193,
likely 755 and 1315), and scrambled. A two-component mixture over each line's
cuts inside words, at word edges and at spaces (binomials) separates them:
log-likelihood -182.3 with one component, -157.9 with two. Rates that differ
between the kinds are estimated with each line weighted by its posterior kind.
The gold holds lines with a digit, a Latin letter or a marker (every 6th of
300): their rates per candidate point stand for the report's lines in general.
"""

from __future__ import annotations

import itertools
import math
from collections import Counter
from dataclasses import dataclass, field, fields

from eval.glitch_align import MARK, Alignment, align, block_moves, joined
from eval.glitch_text import MIRROR, TATWEEL, CutKind, base_index, candidates, is_number_or_latin, latin_brackets

ORDERS = ("reversed", "one block moved", "two blocks moved", "shuffled")


@dataclass(frozen=True)
class GlitchRates:
    """Rates of the forward model; defaults measured on the 50 gold lines of the report."""

    # Share of lines cut nearly everywhere: the mixture weight of that kind (~3.3 of 50 lines).
    fragmented_share: float = 0.0656
    # Cut at a switch between Arabic, a number and Latin text: 77 of 81 switches.
    script_cut: float = 0.9506
    # Cut at a space between Arabic words, ordinary / fragmented lines: 56 of 512 spaces in all.
    space_cut: float = 0.0846
    space_cut_fragmented: float = 0.4335
    # Cut between a letter and a touching punctuation mark or bracket: 4 of 44 ('الأول/ديسمبر').
    punct_cut: float = 0.0909
    # Hidden cut between two letters of a word (no tatweel), ordinary / fragmented lines:
    # 36 of 1203 gaps in all; and at a gap that leaves one letter alone: 11 of 1068.
    inner_cut: float = 0.0178
    inner_cut_fragmented: float = 0.1875
    inner_cut_edge: float = 0.01
    inner_cut_edge_fragmented: float = 0.014
    # Lines with a kashida point (after س ش ص ض) that justification stretched: 24 of 45.
    justified_share: float = 0.5333
    # Kashida points stretched in a justified line: 67 of 67.
    stretch_point: float = 1.0
    # Tatweels per stretch, P(k) for k = 1, 2, ...; all stretches of a line have the same k.
    # Justified lines with k = 2, 3, 4, 5, 6, 7: 8, 4, 2, 3, 6, 1.
    stretch_lengths: tuple[float, ...] = (0.0, 0.3333, 0.1667, 0.0833, 0.125, 0.25, 0.0417)
    # Cut at a stretched point: 5 of 67 stretches; the tatweels stay on the left piece
    # ('منســِّ' | 'ق') in 2 of the 5, else they open the right piece ('ــــــبة').
    kashida_cut: float = 0.0746
    kashida_left: float = 0.4
    # Order of a line's runs, the marker aside: P(reversed, one block moved, two blocks moved,
    # more = shuffled), ordinary / fragmented lines. Gold lines: 35, 4, 2 and 1 of the 42
    # with two runs or more.
    order: tuple[float, ...] = (0.8834, 0.065, 0.0515, 0.0)
    order_fragmented: tuple[float, ...] = (0.2412, 0.4524, 0.0012, 0.3052)
    # The paragraph marker is written last (at the line's visual start), or else between two
    # runs, anywhere: 7 of the 21 gold lines with a marker and two runs or more. (Of all the
    # report's 153 numbered markers, 29 sit mid-line, never first.)
    marker_moved: float = 0.3333
    # A space where two Arabic runs meet is written after the logically earlier run, else
    # after the later one: 28.5 of the 58 such spaces whose place shows. A space next to a
    # number or Latin run goes with the Arabic run: the raw gap right after such a run is
    # empty in 29 of the 32 cases where the run has a space beside it.
    space_to_previous: float = 0.4914
    # A gap between two raw runs gets one space more than its runs own, ordinary / fragmented
    # lines: 28 of 183 gaps in all; else, when it has any, one fewer: 8 of 84.
    gap_extra: float = 0.0908
    gap_extra_fragmented: float = 0.4334
    gap_missing: float = 0.0952
    # Spaces between the paragraph marker and the run written before it: 2 for 25 of 29 markers, 1 for 4.
    marker_gap: int = 2
    # A hyphenated Arabic-Indic range has its ends swapped (٢٠١٦-٢٠٠٧ for 2007-2016): 3 of 3.
    range_swap: float = 1.0
    # A bracket at the edge of a run comes out mirrored, if its pair encloses Latin text
    # ('(#AQUIESTOY)'): 2 of 2; else: 0 of 8 (around numbers and Arabic words).
    bracket_mirror_latin: float = 1.0
    bracket_mirror: float = 0.0

    def __post_init__(self):
        for f in fields(self):
            value = getattr(self, f.name)
            values = value if isinstance(value, tuple) else (value,)
            if f.name != "marker_gap" and any(not 0.0 <= v <= 1.0 for v in values):
                raise ValueError(f"GlitchRates.{f.name} must be within [0, 1], got {value!r}")
        for name in ("order", "order_fragmented"):
            if len(getattr(self, name)) != len(ORDERS):
                raise ValueError(f"GlitchRates.{name} needs one probability for each of {ORDERS}")
        if self.marker_gap < 0:
            raise ValueError(f"GlitchRates.marker_gap must be 0 or more, got {self.marker_gap}")

    @classmethod
    def identity(cls) -> GlitchRates:
        """No glitch: every rate zero, so a line is one run, written as it reads."""
        zeros = {f.name: 0.0 for f in fields(cls) if f.type == "float"}
        reversed_only = (1.0, 0.0, 0.0, 0.0)
        return cls(**zeros, stretch_lengths=(1.0,), order=reversed_only, order_fragmented=reversed_only, marker_gap=2)


MEASURED = GlitchRates()  # the defaults: the rates of the report's gold lines


def measure_rates(raw_lines: list[str], expected_lines: list[str]) -> GlitchRates:
    """Measure every rate of :class:`GlitchRates` from aligned (raw line, logical text) pairs.

    Raises:
        ValueError: when a raw line is not a rearrangement of its expected text.
    """
    tallies = [_tally(align(raw, expected)) for raw, expected in zip(raw_lines, expected_lines, strict=True)]
    if not tallies:
        raise ValueError("measure_rates needs at least one (raw, expected) pair")
    total = sum((t.counts for t in tallies), Counter())
    share, plain, frag, kind = _two_kinds([{k: (t.counts[k + "_cut"], t.counts[k]) for k in _KIND_SIGNS} for t in tallies])
    not_kind = [1 - k for k in kind]
    lengths = Counter(k for t in tallies for k in t.lengths)
    top = max(lengths, default=1)
    ordered = [(t.order, k) for t, k in zip(tallies, kind) if t.order is not None]
    return GlitchRates(
        fragmented_share=share,
        script_cut=_share(total, "script_cut", "script"),
        space_cut=plain["space"],
        space_cut_fragmented=frag["space"],
        punct_cut=_share(total, "punct_cut", "punct"),
        inner_cut=plain["inner"],
        inner_cut_fragmented=frag["inner"],
        inner_cut_edge=plain["inner_edge"],
        inner_cut_edge_fragmented=frag["inner_edge"],
        justified_share=_share(total, "justified", "justifiable"),
        stretch_point=_share(total, "stretched_in_justified", "points_in_justified"),
        stretch_lengths=tuple(lengths[k] / lengths.total() if lengths else float(k == 1) for k in range(1, top + 1)),
        kashida_cut=_share(total, "kashida_cut", "stretched"),
        kashida_left=_share(total, "kashida_left", "kashida_cut"),
        order=_histogram([(d, 1 - k) for d, k in ordered]),
        order_fragmented=_histogram([(d, k) for d, k in ordered]),
        marker_moved=_share(total, "marker_moved", "marker_lines"),
        space_to_previous=total["to_previous"] / total["ambiguous"] if total["ambiguous"] else 0.5,
        gap_extra=_weighted(tallies, not_kind, "gap_extra", "gaps"),
        gap_extra_fragmented=_weighted(tallies, kind, "gap_extra", "gaps"),
        gap_missing=_share(total, "gap_missing", "gaps_could_miss"),
        marker_gap=round(sum(g for t in tallies for g in t.marker_gaps) / max(1, sum(len(t.marker_gaps) for t in tallies))),
        range_swap=_share(total, "range_swapped", "ranges"),
        bracket_mirror_latin=_share(total, "mirrored_latin", "edge_brackets_latin"),
        bracket_mirror=_share(total, "mirrored", "edge_brackets"),
    )


# The per-line counts that tell a fragmented line from an ordinary one.
_KIND_SIGNS = ("inner", "inner_edge", "space")


@dataclass
class _Tally:
    """What one aligned line shows: counts of candidate points and cuts, and per-line facts."""

    counts: Counter = field(default_factory=Counter)
    lengths: list[int] = field(default_factory=list)  # the line's stretch length, if it is justified
    marker_gaps: list[int] = field(default_factory=list)  # spaces before the marker beyond the owned
    order: int | None = None  # index into ORDERS, the marker aside; None for a line of one run


def _tally(al: Alignment) -> _Tally:
    tally = _Tally()
    c = tally.counts
    off = 1 if al.has_marker else 0
    text = al.logical[off:]
    starts = {p.start for p in al.pieces} - {0, off}
    seen, stretches, eligible = set(), [], 0
    for cut in candidates(text):
        pos = cut.pos + off
        seen.add(pos)
        is_cut = pos in starts
        if cut.kind is CutKind.INNER and cut.kashida:
            eligible += 1
            left, right = _tatweels(al, base_index(text, cut.pos) + off, pos)
            k = left + right if is_cut else max(left, right)
            if k:
                stretches.append(k)
                c["kashida_cut"] += is_cut
                c["kashida_left"] += is_cut and left > 0
                continue
        name = cut.kind.value + ("_edge" if cut.edge else "")
        c[name] += 1
        c[name + "_cut"] += is_cut
    c["stretched"] += len(stretches)
    c["other_cuts"] += len(starts - seen)
    if eligible:
        c["justifiable"] += 1
        if stretches:
            c["justified"] += 1
            c["points_in_justified"] += eligible
            c["stretched_in_justified"] += len(stretches)
            tally.lengths.append(Counter(stretches).most_common(1)[0][0])
    ranks = al.ranks()
    if al.has_marker:
        at = ranks.index(0)
        if len(ranks) > 2:  # the marker and two runs at least: there is a place between runs
            c["marker_lines"] += 1
            c["marker_moved"] += at != len(ranks) - 1
        ranks = joined([r - 1 for i, r in enumerate(ranks) if i != at])
    if len(ranks) > 1:
        tally.order = block_moves(ranks)
    c["range_swapped"] += al.ranges_swapped
    c["ranges"] += al.ranges_swapped + al.ranges_kept
    latin = {i + off for i in latin_brackets(text)}
    for p in al.pieces:
        for i in {p.start, p.end - 1}:
            if al.logical[i] in MIRROR:
                kind = "_latin" if i in latin else ""
                c["edge_brackets" + kind] += 1
                c["mirrored" + kind] += al.raw[al.raw_index[i]] != al.logical[i]
    _tally_spaces(al, tally)
    return tally


def _tatweels(al: Alignment, base: int, pos: int) -> tuple[int, int]:
    """Tatweels in the raw line right after the base letter and right before the next letter."""
    raw, rq, rp = al.raw, al.raw_index[base], al.raw_index[pos]
    left = len(raw[rq + 1 :]) - len(raw[rq + 1 :].lstrip(TATWEEL))
    right = len(raw[:rp]) - len(raw[:rp].rstrip(TATWEEL))
    return left, right


def _tally_spaces(al: Alignment, tally: _Tally) -> None:
    """Which run each logical space at a cut was written after; spaces more or fewer than owned."""
    pieces, logical, n = al.pieces, al.logical, len(al.pieces)
    if n < 2:
        return
    gap = [al.raw.count(" ", pieces[k].raw_end, pieces[k + 1].raw_start) for k in range(n - 1)]
    text = [logical[p.start : p.end] for p in pieces]
    marker = next((k for k in range(n) if text[k] == MARK), None)
    owned, ambiguous = [0] * n, []
    by_start = sorted(range(n), key=lambda k: pieces[k].start)
    for a, b in itertools.pairwise(by_start):
        spaces = logical.count(" ", pieces[a].end, pieces[b].start)
        if not spaces or marker in (a, b):
            continue
        if is_number_or_latin(text[a]) and not is_number_or_latin(text[b]):
            owned[b] += spaces
        elif is_number_or_latin(text[b]) and not is_number_or_latin(text[a]):
            owned[a] += spaces
        else:
            ambiguous.append((a, b))
    owned[by_start[-1]] += 1  # the space that ends the line, before the next line's text
    judged = [k for k in range(n - 1) if marker not in (k, k + 1)]
    # Spaces whose writer can show; at most 2**12 assignments to try (a gold line has 7 at most).
    ambiguous = [(a, b) for a, b in ambiguous if a in judged or b in judged][:12]
    best, winners = None, []
    for choice in itertools.product((0, 1), repeat=len(ambiguous)):
        pred = owned[:]
        for (a, b), to_previous in zip(ambiguous, choice):
            pred[a if to_previous else b] += 1
        miss = sum(abs(gap[k] - pred[k]) for k in judged)
        if best is None or miss < best[0]:
            best, winners = (miss, pred), [choice]
        elif miss == best[0]:
            winners.append(choice)
    pred = best[1]
    c = tally.counts
    c["ambiguous"] += len(ambiguous)
    c["to_previous"] += sum(sum(w) for w in winners) / len(winners)
    for k in judged:
        c["gaps"] += 1
        c["gap_extra"] += gap[k] > pred[k]
        c["gap_missing"] += gap[k] < pred[k]
        c["gaps_could_miss"] += pred[k] > 0 and gap[k] <= pred[k]
    if marker is not None and marker > 0:  # a run is written before the marker
        tally.marker_gaps.append(gap[marker - 1] - pred[marker - 1])


def _share(total: Counter, part: str, whole: str) -> float:
    return total[part] / total[whole] if total[whole] else 0.0


def _weighted(tallies: list[_Tally], weights: list[float], part: str, whole: str) -> float:
    den = sum(w * t.counts[whole] for t, w in zip(tallies, weights))
    return sum(w * t.counts[part] for t, w in zip(tallies, weights)) / den if den else 0.0


def _histogram(weighted: list[tuple[int, float]]) -> tuple[float, ...]:
    mass = [sum(w for d, w in weighted if d == i) for i in range(len(ORDERS))]
    return tuple(m / sum(mass) for m in mass) if sum(mass) else (1.0, 0.0, 0.0, 0.0)


def _two_kinds(lines: list[dict[str, tuple[int, int]]]):
    """EM for a two-component mixture of lines, each a product of binomials (cuts, points) per sign.

    Returns the share of the second (fragmented) kind, the rate of each sign in
    either kind, and each line's posterior of being fragmented.
    """
    signs = list(lines[0]) if lines else []
    pooled = {s: _weighted_rate([line[s] for line in lines], [1.0] * len(lines)) for s in signs}
    share = 0.1
    rates = [{s: pooled[s] / 2 for s in signs}, {s: min(0.5, pooled[s] * 5) for s in signs}]
    posterior = [share] * len(lines)
    for _ in range(500):
        for i, line in enumerate(lines):
            a, b = (math.log(w) + sum(_log_binomial(*line[s], r[s]) for s in signs)
                    for w, r in ((1 - share, rates[0]), (share, rates[1])))
            posterior[i] = 1 / (1 + math.exp(min(700.0, a - b)))
        share = min(max(sum(posterior) / len(posterior), 1e-9), 1 - 1e-9)
        for r, weights in ((rates[0], [1 - p for p in posterior]), (rates[1], posterior)):
            for s in signs:
                r[s] = _weighted_rate([line[s] for line in lines], weights)
    return share, rates[0], rates[1], posterior


def _log_binomial(k: int, n: int, p: float) -> float:
    p = min(max(p, 1e-9), 1 - 1e-9)
    return k * math.log(p) + (n - k) * math.log(1 - p)


def _weighted_rate(counts: list[tuple[int, int]], weights: list[float]) -> float:
    den = sum(w * n for (_, n), w in zip(counts, weights))
    return sum(w * k for (k, _), w in zip(counts, weights)) / den if den else 0.0
