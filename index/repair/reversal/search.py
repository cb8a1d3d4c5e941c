"""The best reversal reading of a line: a dynamic program over cut sets, with a beam.

``states[a]`` holds the partial readings of the atoms from ``a`` to the end of
the line, read back to front (the file's last run first), keyed by their
:class:`State`. Each step takes one more piece, the atoms from ``start`` to
``a``, where ``start`` runs back to the previous forced cut.
"""

from __future__ import annotations

from typing import NamedTuple

from index.repair.reversal.candidates import State, extend
from index.repair.reversal.runs import Gap
from index.repair.reversal.score import Scorer
from index.repair.typography import Brackets

# Partial readings kept per atom, by cost: 6, 8, 16 and 24 give the same 53 of 114 gold tuning-half
# lines as 12 (reversal alone); the cost of a line grows with it.
_BEAM = 12


class Back(NamedTuple):
    """How a state was reached: from ``state`` at atom ``end``, by reading ``piece`` after ``separator``."""

    end: int
    state: State
    separator: str
    piece: str


class Entry(NamedTuple):
    cost: float
    back: Back | None  # None for the empty reading


def search(atoms: list[str], gaps: list[Gap], scorer: Scorer) -> str:
    """The cheapest reading of the atoms (at least one), the pieces of its cut set in reverse order."""
    m = len(atoms)
    forced_before = [False, *(gap.forced for gap in gaps), False]
    states: list[dict[State, Entry]] = [{} for _ in range(m + 1)]
    states[m][State(None, None, Brackets())] = Entry(0.0, None)
    for end in range(m, 0, -1):
        kept = sorted(
            states[end].items(),
            key=lambda item: item[1].cost + (scorer.token(item[0].open_token) if item[0].open_token else 0.0),
        )[:_BEAM]
        states[end] = dict(kept)
        for state, entry in kept:
            start = end - 1
            while True:
                _take(states, atoms, gaps, scorer, end, start, state, entry.cost)
                if start == 0 or forced_before[start]:
                    break
                start -= 1
    best = None
    for state, entry in states[0].items():
        open_tok, prev = state.open_token, state.previous_word
        total = entry.cost + (scorer.token(open_tok) + scorer.pair(prev or "", open_tok) if open_tok else 0.0)
        if best is None or total < best[0]:
            best = (total, state)
    return _rebuild(states, best[1])


def _take(states, atoms, gaps, scorer, end, start, state, cost) -> None:
    """Read the atoms ``start:end`` as the next piece after ``state``, keeping the cheaper way to each new state."""
    piece = atoms[start]
    for i in range(start + 1, end):
        piece += (" " if gaps[i - 1].space else "") + atoms[i]
    if start > 0:
        cost += gaps[start - 1].cut
    for candidate in extend(state, piece, cost, scorer):
        old = states[start].get(candidate.state)
        if old is None or candidate.cost < old.cost:
            states[start][candidate.state] = Entry(candidate.cost, Back(end, state, candidate.separator, piece))


def _rebuild(states: list[dict[State, Entry]], state: State) -> str:
    out: list[str] = []
    start = 0
    while True:
        back = states[start][state].back
        if back is None:
            break
        out.append(back.piece)
        out.append(back.separator)
        start, state = back.end, back.state
    return "".join(reversed(out))
