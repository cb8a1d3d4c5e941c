"""Align a raw extracted line with its logical text: which raw piece is which stretch of the text.

Tatweel and whitespace aside, a raw line is a rearrangement of its logical text:
runs of the text in another order, the paragraph marker ``-N`` somewhere,
hyphenated Arabic-Indic ranges with their ends swapped, perhaps a bracket
mirrored. The alignment is the fewest pieces that spell the raw line; among as
few pieces, the one closest to a plain reversal (the extractor's usual order),
because a piece that occurs twice in the text ('ة', 'في') could otherwise sit in
either place. Lines that are a reversal of their pieces are solved exactly by a
dynamic program; the others by a beam search over raw positions.
:func:`block_moves` tells how far the pieces' order is from a reversal.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from typing import NamedTuple

from eval.glitch_text import ARABIC_RANGE, MIRROR, TATWEEL, segments

MARK = "\ue000"  # stands for the paragraph marker, in the raw line and before the logical text
# The report's paragraph and heading markers; index.repair.markers has its own, but that is the code under test.
_CHAPTERS = "أولاً|ثانياً|ثالثاً|رابعاً|خامساً|سادساً|سابعاً|ثامناً|تاسعاً|عاشراً"
_SECTIONS = "ألف|باء|جيم|دال|هاء|واو|زاي|حاء|طاء|ياء"
MARKER = re.compile(rf"(?:^|(?<=\s\s))-(?:[\u0660-\u0669]+|{_CHAPTERS}|{_SECTIONS})(?=\s|$)")
_BEAM = 100  # states kept per raw position: the 50 gold lines align the same with 100 or 1000 (50 changes one)
_PIECE_COST = 10  # the count of pieces dominates ...
_CROSS_COST = 3  # ... then a piece that spans a script switch (the extractor nearly always cuts there) ...
_REVERSAL_BONUS = 1  # ... then each pair of pieces adjacent as in a reversal


class Piece(NamedTuple):
    """Raw span [raw_start, raw_end) spells logical span [start, end) (first to last non-space character)."""

    raw_start: int
    raw_end: int
    start: int
    end: int


@dataclass(frozen=True)
class Alignment:
    raw: str  # the raw line with the marker as MARK and swapped ranges put back
    logical: str  # the expected text, after MARK when the raw line has a marker
    pieces: tuple[Piece, ...]  # in raw order
    raw_index: tuple[int, ...]  # raw index of each logical character (-1 for whitespace)
    ranges_swapped: int
    ranges_kept: int

    @property
    def has_marker(self) -> bool:
        return self.logical.startswith(MARK)

    def ranks(self) -> list[int]:
        """Logical rank of each piece, in raw order: [n-1, ..., 0] is a reversal."""
        starts = sorted(p.start for p in self.pieces)
        return [starts.index(p.start) for p in self.pieces]


def _key(ch: str) -> str:
    return min(ch, MIRROR.get(ch, ch))  # a bracket and its mirror are one symbol


def _keys(text: str) -> list[int]:
    return [i for i, ch in enumerate(text) if not ch.isspace() and ch != TATWEEL]


def _unswap_ranges(raw: str, expected: str) -> tuple[str, int, int]:
    swapped = kept = 0

    def fix(match: re.Match) -> str:
        nonlocal swapped, kept
        a, b = match.groups()
        if a != b and f"{b}-{a}" in expected and f"{a}-{b}" not in expected:
            swapped += 1
            return f"{b}-{a}"
        kept += f"{a}-{b}" in expected
        return match.group()

    return ARABIC_RANGE.sub(fix, raw), swapped, kept


def align(raw: str, expected: str) -> Alignment:
    """Align one raw line with its expected logical text.

    Raises:
        ValueError: when the raw line is not a rearrangement of the expected text.
    """
    logical = expected
    match = MARKER.search(raw)
    if match:
        raw = raw[: match.start()] + MARK + raw[match.end():]
        logical = MARK + expected
    raw, swapped, kept = _unswap_ranges(raw, expected)
    r_pos, e_pos = _keys(raw), _keys(logical)
    r = "".join(_key(raw[i]) for i in r_pos)
    e = "".join(_key(logical[i]) for i in e_pos)
    if sorted(r) != sorted(e):
        raise ValueError(f"the raw line is not a rearrangement of the expected text: {raw!r} / {expected!r}")
    triples = _reversal(r, e) or _search(r, e, _script_ids(raw, r_pos), _script_ids(logical, e_pos))
    if match:  # the marker is always a piece of its own
        triples = [t for i, j, n in triples for t in _split_marker(i, j, n)]
    raw_index = [-1] * len(logical)
    pieces = []
    for i, j, n in triples:
        for t in range(n):
            raw_index[e_pos[j + t]] = r_pos[i + t]
        pieces.append(Piece(r_pos[i], r_pos[i + n - 1] + 1, e_pos[j], e_pos[j + n - 1] + 1))
    return Alignment(raw, logical, tuple(pieces), tuple(raw_index), swapped, kept)


def _split_marker(i: int, j: int, n: int) -> list[tuple[int, int, int]]:
    """A piece that starts with the marker (logical position 0) -> the marker and the rest."""
    return [(i, 0, 1), (i + 1, 1, n - 1)] if j == 0 and n > 1 else [(i, j, n)]


def _script_ids(text: str, positions: list[int]) -> list[int]:
    seg_of = [0] * len(text)
    for k, seg in enumerate(segments(text.replace(MARK, " "))):
        for p in range(seg.start, seg.end):
            seg_of[p] = k
    return [seg_of[p] if text[p] != MARK else -1 for p in positions]


def _reversal(r: str, e: str) -> list[tuple[int, int, int]] | None:
    """Fewest pieces such that r lists e's pieces last to first, or None when no reversal spells r."""
    n = len(r)
    best: list[tuple[int, int] | None] = [None] * (n + 1)
    best[0] = (0, 0)
    for t in range(1, n + 1):
        for t0 in range(t):
            done = best[t0]
            if done is not None and r[t0:t] == e[n - t : n - t0] and (best[t] is None or done[0] + 1 < best[t][0]):
                best[t] = (done[0] + 1, t0)
    if best[n] is None:
        return None
    out, t = [], n
    while t:
        t0 = best[t][1]
        out.append((t0, n - t, t - t0))
        t = t0
    return out[::-1]


def _search(r: str, e: str, r_seg: list[int], e_seg: list[int]) -> list[tuple[int, int, int]]:
    """Beam search for the cheapest cover of r by distinct pieces of e, raw position by raw position."""
    n = len(r)
    lcp = [[0] * (n + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(n - 1, -1, -1):
            if r[i] == e[j]:
                lcp[i][j] = lcp[i + 1][j + 1] + 1
    # states[i]: (used logical positions as a bit mask, start of the last piece) -> (cost, back pointer)
    states: list[dict] = [{} for _ in range(n + 1)]
    states[0][(0, -1)] = (0, None)
    where = {ch: [j for j in range(n) if e[j] == ch] for ch in set(e)}
    for i in range(n):
        kept = sorted(states[i].items(), key=lambda kv: kv[1][0])[:_BEAM]
        for (mask, last), (cost, _) in kept:
            for j in where[r[i]]:
                if mask >> j & 1:
                    continue
                length, cross = 0, 0
                while length < lcp[i][j] and not mask >> (j + length) & 1:
                    if length and (r_seg[i + length] != r_seg[i + length - 1] or e_seg[j + length] != e_seg[j + length - 1]):
                        cross += 1
                    length += 1
                    step = _PIECE_COST + _CROSS_COST * cross - (_REVERSAL_BONUS if j + length == last else 0)
                    key = (mask | ((1 << length) - 1) << j, j)
                    old = states[i + length].get(key)
                    if old is None or cost + step < old[0]:
                        states[i + length][key] = (cost + step, (i, (mask, last), length, j))
    out, i, key = [], n, min(states[n], key=lambda k: states[n][k][0])
    while i:
        _, (i0, key0, length, j) = states[i][key]
        out.append((i0, j, length))
        i, key = i0, key0
    return out[::-1]


def joined(ranks: list[int]) -> list[int]:
    """Ranks once raw neighbours in reading order are one piece (as they are with the marker gone).

    >>> joined([2, 0, 1]), joined([0, 1])
    ([1, 0], [0])
    """
    heads = [r for i, r in enumerate(ranks) if i == 0 or ranks[i - 1] != r - 1]
    order = sorted(heads)
    return [order.index(r) for r in heads]


def block_moves(ranks: list[int], limit: int = 2) -> int:
    """Fewest block interchanges that turn the reversal [n-1, ..., 0] into ``ranks``; limit + 1 if more.

    >>> block_moves([2, 1, 0]), block_moves([2, 0, 1]), block_moves([0, 1, 2, 3])
    (0, 1, 3)
    """
    n = len(ranks)
    target = tuple(range(n - 1, -1, -1))
    framed = [n, *ranks, -1]
    breakpoints = sum(b != a - 1 for a, b in itertools.pairwise(framed))
    if breakpoints > 3 * limit:  # one interchange mends at most three breakpoints
        return limit + 1
    frontier = {tuple(ranks)}
    for moves in range(limit + 1):
        if target in frontier:
            return moves
        frontier = {
            p[:a] + p[b:c] + p[a:b] + p[c:] for p in frontier for a, b, c in itertools.combinations(range(n + 1), 3)
        }
    return limit + 1
