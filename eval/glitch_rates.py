"""The rates of the report's extraction glitch, and how they are measured from aligned lines.

:class:`GlitchRates` holds every rate the forward model (:mod:`eval.repair_sim`)
applies; its defaults are :func:`measure_rates` on the 196 hand-repaired body
lines of ``tests/index/data/repair_gold.jsonl`` (headings aside), each weighted
by the share of the report's 901 body lines its cell (sampling stratum, full or
short) stands for
(:mod:`eval.glitch_report`); a test re-measures them, so the simulation needs
no gold file at run time. Each rate is a share of the candidate points of
:mod:`eval.glitch_text` (or of lines), counted the same way the forward model
draws it; the comments give the unweighted counts in the 196 lines.

Lines come in three kinds. Some are printed as one run but for their script
switches (cut nowhere inside their Arabic text); most are cut at script
switches and here and there at a space or inside a word; some are cut at many
spaces and punctuation marks. A three-component mixture over each line's cuts
at spaces, inside words, at word edges, at punctuation and at kashida stretches
(binomials, the first component's rates fixed at 0) separates them. Without the
first kind, cuts at the pooled rates leave too few lines whole: the simulation
glitched 88 % of XQuAD's lines, where 72 % of the report's body lines are
glitched (the weighted gold). Rates that differ between the kinds are estimated
with each line weighted by its posterior kind. Short lines (under ``SHORT_LINE``
characters: a paragraph's last, which justification leaves alone) have their
own mixture weights and share of justified lines: 7 of the report's 143 short
body lines hold tatweel, 487 of its 758 full ones.
"""

from __future__ import annotations

import itertools
import math
from collections import Counter
from dataclasses import dataclass, field, fields

from eval.glitch_align import MARK, Alignment, align, block_moves, joined
from eval.glitch_text import (
    MIRROR,
    SHORT_LINE,
    TATWEEL,
    CutKind,
    base_index,
    candidates,
    is_number_or_latin,
    latin_brackets,
    logical_text,
)

ORDERS = ("reversed", "one block moved", "two blocks moved", "shuffled")


@dataclass(frozen=True)
class GlitchRates:
    """Rates of the forward model; defaults measured on the report's 196 gold body lines, weighted."""

    # Mixture weights: lines cut nowhere inside their Arabic text, and lines cut at many points
    # (the rest are ordinary). 47 of the 165 full lines show no cut there at all.
    whole_share: float = 0.1569
    fragmented_share: float = 0.202
    # The same for short lines (under SHORT_LINE characters: a paragraph's last, not justified):
    # 18 of the 31 show no cut.
    whole_share_short: float = 0.2485
    fragmented_share_short: float = 0.1076
    # Cut at a switch between Arabic, a number and Latin text: 136 of 155 switches.
    script_cut: float = 0.8793
    # Cut at a space between Arabic words, ordinary / fragmented lines: 188 of 2,037 spaces in all.
    space_cut: float = 0.0492
    space_cut_fragmented: float = 0.3021
    # Cut between a letter and a touching punctuation mark or bracket ('الأول/ديسمبر'): 15 of 229.
    punct_cut: float = 0.0335
    punct_cut_fragmented: float = 0.2145
    # Hidden cut between two letters of a word (no tatweel), ordinary / fragmented lines:
    # 96 of 5,258 gaps in all; and at a gap that leaves one letter alone: 47 of 4,180.
    inner_cut: float = 0.0192
    inner_cut_fragmented: float = 0.031
    inner_cut_edge: float = 0.009
    inner_cut_edge_fragmented: float = 0.0278
    # Lines with a kashida point (after س ش ص ض) that justification stretched, full / short
    # lines: 91 of 157, 5 of 24.
    justified_share: float = 0.6059
    justified_share_short: float = 0.1686
    # Kashida points stretched in a justified line: 267 of 269.
    stretch_point: float = 0.9918
    # Tatweels per stretch, P(k) for k = 1, 2, ...; all stretches of a line have the same k.
    # Justified lines with k = 2, 3, 4, 5, 6, 7: 22, 21, 15, 14, 21, 3.
    stretch_lengths: tuple[float, ...] = (0.0, 0.2262, 0.2232, 0.1619, 0.1417, 0.2162, 0.0307)
    # Cut at a stretched point, ordinary / fragmented lines: 22 of 267 stretches in all, none in
    # a fragmented line; the tatweels stay on the left piece ('منســِّ' | 'ق') in 3 of the 22,
    # else they open the right piece ('ــــــبة').
    kashida_cut: float = 0.1272
    kashida_cut_fragmented: float = 0.0
    kashida_left: float = 0.1329
    # Order of a line's runs, the marker aside, among lines of three runs or more (two runs are
    # always a reversal, or read in order and so one run): P(reversed, one block moved, two
    # blocks moved, more = shuffled), ordinary / fragmented lines. Gold lines: 85, 14, 11 and 2 of
    # the 112 with three runs or more.
    order: tuple[float, ...] = (0.7221, 0.1391, 0.1388, 0.0)
    order_fragmented: tuple[float, ...] = (0.8373, 0.0818, 0.0399, 0.041)
    # The paragraph marker is written last (at the line's visual start), or else between two
    # runs, anywhere: 11 of the 40 gold lines with a marker and two runs or more. (Of all the
    # report's 153 numbered markers, 29 sit mid-line, never first.)
    marker_moved: float = 0.2879
    # A space where two Arabic runs meet is written after the logically earlier run, else
    # after the later one: 89 of the 192 such spaces whose place shows. A space next to a
    # number or Latin run goes with the Arabic run.
    space_to_previous: float = 0.4694
    # A gap between two raw runs gets one space more than its runs own, ordinary / fragmented
    # lines: 92 of 499 gaps in all; else, when it has any, one fewer: 28 of 246.
    gap_extra: float = 0.2429
    gap_extra_fragmented: float = 0.1262
    gap_missing: float = 0.114
    # Spaces between the paragraph marker and the run written before it: 2 for 50 of 55 markers, 1 for 5.
    marker_gap: int = 2
    # A hyphenated Arabic-Indic range has its ends swapped (٢٠١٦-٢٠٠٧ for 2007-2016): 5 of 5.
    range_swap: float = 1.0
    # A bracket at the edge of a run comes out mirrored, if its pair encloses Latin text
    # ('(#AQUIESTOY)'): 4 of 6; else: 9 of 37 (around numbers and Arabic words).
    bracket_mirror_latin: float = 0.6667
    bracket_mirror: float = 0.2157

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


def measure_rates(raw_lines: list[str], expected_lines: list[str], weights: list[float] | None = None) -> GlitchRates:
    """Measure every rate of :class:`GlitchRates` from aligned (raw line, logical text) pairs.

    ``weights`` (one per line, default 1) make the rates those of a population
    the lines were drawn from unevenly (:func:`eval.glitch_report.weights`).

    Raises:
        ValueError: when a raw line is not a rearrangement of its expected text.
    """
    tallies = [_tally(align(raw, expected)) for raw, expected in zip(raw_lines, expected_lines, strict=True)]
    if not tallies:
        raise ValueError("measure_rates needs at least one (raw, expected) pair")
    weights = [1.0] * len(tallies) if weights is None else list(weights)
    if len(weights) != len(tallies) or any(w <= 0 for w in weights):
        raise ValueError("measure_rates needs one positive weight per line")
    total = Counter()
    for t, w in zip(tallies, weights):
        for key, value in t.counts.items():
            total[key] += w * value
    signs = [{k: (t.counts[k + "_cut"], t.counts[k]) for k in _KIND_SIGNS} for t in tallies]
    short = [len(logical_text(line)) < SHORT_LINE for line in expected_lines]
    (whole, share), (whole_short, share_short), plain, frag, kind = _three_kinds(signs, weights, short)
    justified = {s: Counter() for s in (False, True)}
    for t, w, s in zip(tallies, weights, short):
        justified[s]["justified"] += w * t.counts["justified"]
        justified[s]["justifiable"] += w * t.counts["justifiable"]
    not_kind = [w * (1 - k) for k, w in zip(kind, weights)]
    kind = [w * k for k, w in zip(kind, weights)]
    lengths = Counter()
    for t, w in zip(tallies, weights):
        for k in t.lengths:
            lengths[k] += w
    top = max(lengths, default=1)
    # Two runs are a reversal or one run (swapped, they read in order): the order is a choice from 3 up.
    ordered = [(t.order, k, nk) for t, k, nk in zip(tallies, kind, not_kind) if t.runs >= 3]
    gaps = [(g, w) for t, w in zip(tallies, weights) for g in t.marker_gaps]
    return GlitchRates(
        whole_share=whole,
        fragmented_share=share,
        whole_share_short=whole_short,
        fragmented_share_short=share_short,
        script_cut=_share(total, "script_cut", "script"),
        space_cut=plain["space"],
        space_cut_fragmented=frag["space"],
        punct_cut=plain["punct"],
        punct_cut_fragmented=frag["punct"],
        inner_cut=plain["inner"],
        inner_cut_fragmented=frag["inner"],
        inner_cut_edge=plain["inner_edge"],
        inner_cut_edge_fragmented=frag["inner_edge"],
        justified_share=_share(justified[False], "justified", "justifiable"),
        justified_share_short=_share(justified[True], "justified", "justifiable"),
        stretch_point=_share(total, "stretched_in_justified", "points_in_justified"),
        stretch_lengths=tuple(lengths[k] / lengths.total() if lengths else float(k == 1) for k in range(1, top + 1)),
        kashida_cut=plain["kashida"],
        kashida_cut_fragmented=frag["kashida"],
        kashida_left=_share(total, "kashida_left", "kashida_cut"),
        order=_histogram([(d, nk) for d, _, nk in ordered]),
        order_fragmented=_histogram([(d, k) for d, k, _ in ordered]),
        marker_moved=_share(total, "marker_moved", "marker_lines"),
        space_to_previous=total["to_previous"] / total["ambiguous"] if total["ambiguous"] else 0.5,
        gap_extra=_weighted(tallies, not_kind, "gap_extra", "gaps"),
        gap_extra_fragmented=_weighted(tallies, kind, "gap_extra", "gaps"),
        gap_missing=_share(total, "gap_missing", "gaps_could_miss"),
        marker_gap=round(sum(g * w for g, w in gaps) / max(1e-9, sum(w for _, w in gaps))) if gaps else 2,
        range_swap=_share(total, "range_swapped", "ranges"),
        bracket_mirror_latin=_share(total, "mirrored_latin", "edge_brackets_latin"),
        bracket_mirror=_share(total, "mirrored", "edge_brackets"),
    )


# The per-line counts that tell a fragmented line from an ordinary one.
_KIND_SIGNS = ("inner", "inner_edge", "space", "punct", "kashida")


@dataclass
class _Tally:
    """What one aligned line shows: counts of candidate points and cuts, and per-line facts."""

    counts: Counter = field(default_factory=Counter)
    lengths: list[int] = field(default_factory=list)  # the line's stretch length, if it is justified
    marker_gaps: list[int] = field(default_factory=list)  # spaces before the marker beyond the owned
    order: int | None = None  # index into ORDERS, the marker aside; None for a line of one run
    runs: int = 1  # pieces once the marker is aside and its neighbours joined


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
    c["kashida"] += len(stretches)
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
        tally.runs = len(ranks)
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


def _three_kinds(lines: list[dict[str, tuple[int, int]]], weights: list[float], short: list[bool]):
    """EM for a three-kind mixture of lines, each a product of binomials (cuts, points) per sign.

    The first kind is cut nowhere (its rates are 0: a line printed as one run,
    but for its script switches); the second and third are ordinary and
    fragmented lines. Full and short lines have their own mixture weights and
    share the rates of each kind. ``weights`` weigh each line as in the
    population. Returns the (whole, fragmented) shares of full and of short
    lines, the rate of each sign in the ordinary and fragmented kind, and each
    line's posterior of being fragmented.
    """
    signs = list(lines[0]) if lines else []
    pooled = {s: _weighted_rate([line[s] for line in lines], weights) for s in signs}
    shares = {False: [0.3, 0.6, 0.1], True: [0.3, 0.6, 0.1]}
    rates = [{s: 0.0 for s in signs}, {s: pooled[s] / 2 for s in signs}, {s: min(0.5, pooled[s] * 5) for s in signs}]
    posterior = [[1 / 3] * 3 for _ in lines]
    for _ in range(500):
        for i, line in enumerate(lines):
            logs = [math.log(max(w, 1e-300)) + sum(_log_binomial(*line[s], r[s]) for s in signs)
                    for w, r in zip(shares[short[i]], rates)]
            top = max(logs)
            odds = [math.exp(v - top) for v in logs]
            posterior[i] = [o / sum(odds) for o in odds]
        for is_short in (False, True):
            members = [(p, w) for p, w, s in zip(posterior, weights, short) if s == is_short]
            mass = sum(w for _, w in members)
            if mass:
                shares[is_short] = [min(max(sum(w * p[k] for p, w in members) / mass, 1e-9), 1 - 1e-9)
                                    for k in range(3)]
        for k in (1, 2):
            kind_weights = [w * p[k] for p, w in zip(posterior, weights)]
            for s in signs:
                rates[k][s] = max(1e-9, _weighted_rate([line[s] for line in lines], kind_weights))
    return ((shares[False][0], shares[False][2]), (shares[True][0], shares[True][2]), rates[1], rates[2],
            [p[2] for p in posterior])


def _log_binomial(k: int, n: int, p: float) -> float:
    if p <= 0.0:  # the whole kind: certain to show no cut
        return 0.0 if k == 0 else -math.inf
    p = min(p, 1 - 1e-9)
    return k * math.log(p) + (n - k) * math.log(1 - p)


def _weighted_rate(counts: list[tuple[int, int]], weights: list[float]) -> float:
    den = sum(w * n for (_, n), w in zip(counts, weights))
    return sum(w * k for (k, _), w in zip(counts, weights)) / den if den else 0.0
