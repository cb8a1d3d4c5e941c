"""A best-first (A*-style) search for a reading cheaper than the beam's best one.

The beam (:func:`index.repair.search.search`) keeps a fixed number of partial
readings per length and can drop the partial reading that leads to the cheapest
whole one: the right order of a line's runs often looks dear until its last
fragment joins. This search walks the same steps (:func:`~index.repair.search.steps`)
cheapest-first by cost so far plus a bound on the cost still to come, and looks
only for readings cheaper than the beam's best (``upper``): every partial reading
whose bound already reaches it is never opened, so on most lines it stops after
a few hundred states.

With an admissible bound (``Bound.ADMISSIBLE``: no reading can beat it) the
search is exact: when it runs out of states below ``upper``, no cheaper reading
exists (tests check it against an enumeration of every reading of small lines).
The bound the parser uses (``Bound.OPTIMISTIC``) is tighter and not admissible:
each unplaced atom at its optimistic cost (its words alone, or half of the best
word an edge could make with another atom's edge), the word still growing at its
cost as it stands.
"""

from __future__ import annotations

import heapq
import itertools
from enum import Enum
from typing import NamedTuple

from index.repair.search import Candidate, Space, State, final_cost, optimistic_costs, starts, steps
from index.repair.words import PAIR_BONUS, arabic_words


class Bound(Enum):
    """How the cost still to come is bounded."""

    OPTIMISTIC = "optimistic"  # tight, not admissible: what the beam ranks by
    ADMISSIBLE = "admissible"  # every pair bonus still possible, nothing else: exact, slow


class Found(NamedTuple):
    readings: list[Candidate]  # readings cheaper than ``upper``, cheapest first
    exhausted: bool  # every partial reading below ``upper`` was opened (within the budget)
    opened: int  # partial readings opened


def cheaper(space: Space, upper: float, bound: Bound = Bound.OPTIMISTIC, budget: int = 1000,
            limit: int = 4) -> Found:
    """Readings of ``space`` cheaper than ``upper``, found cheapest-first, at most ``limit``.

    ``budget`` caps the partial readings opened; the search then stops with what it found.
    """
    atoms, words = space.atoms, space.words
    full = (1 << len(atoms)) - 1
    if bound is Bound.OPTIMISTIC:
        # An atom whose first word meets another atom's last word elsewhere in the document may earn that bonus.
        alone = [
            cost - (PAIR_BONUS if any(words.pair(other.text, atom.text) < 0 for other in atoms if other is not atom) else 0.0)
            for cost, atom in zip(optimistic_costs(atoms, words), atoms)
        ]
    else:
        # Each word still to complete may earn a pair bonus, and so may the seam after the line.
        alone = [-PAIR_BONUS * len(arabic_words(atom.text)) for atom in atoms]
    total_alone = sum(alone)

    def still_to_come(state: State) -> float:
        placed, used, i = 0.0, state.used, 0
        while used:
            if used & 1:
                placed += alone[i]
            used >>= 1
            i += 1
        if bound is Bound.OPTIMISTIC:
            return total_alone - placed + words.text(state.open_token)
        return total_alone - placed - 2 * PAIR_BONUS

    best: dict[State, float] = {}
    heap: list = []
    tie = itertools.count()

    def push(state: State, cost: float, text: str) -> None:
        if cost < best.get(state, float("inf")):
            best[state] = cost
            heapq.heappush(heap, (cost + still_to_come(state), next(tie), cost, state, text))

    for state, cost, piece in starts(space):
        push(state, cost, piece)
    found: dict[str, float] = {}
    opened = 0
    while heap:
        f, _, cost, state, text = heapq.heappop(heap)
        if f >= upper:
            break
        if state is None:  # a whole reading, at its final cost
            found.setdefault(text, cost)
            if len(found) >= limit:
                break
            continue
        if cost > best[state]:
            continue  # reached again more cheaply since it was queued
        if opened >= budget:
            return Found(_ranked(found), False, opened)
        opened += 1
        if state.used == full:
            total = final_cost(space, state, cost)
            if total < upper:
                heapq.heappush(heap, (total, next(tie), total, None, text))
            continue
        for new, c, piece in steps(space, state, cost):
            push(new, c, text + piece)
    return Found(_ranked(found), True, opened)


def _ranked(found: dict[str, float]) -> list[Candidate]:
    return sorted((Candidate(text, cost) for text, cost in found.items()), key=lambda c: c.cost)
