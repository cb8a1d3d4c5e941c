"""Find the reading order of a line's atoms: a beam search over orders and joins.

The logical line is built left to right. Each step takes one unused atom: either
the atom after the last one in the file (the same run goes on) or any other
(a run break: a new run starts). The file lists runs mostly in reverse, so a
new run is free when it ends right before the run just read; any other order
costs ``JUMP``. A run break costs what its boundary says (see ``atoms``), and
where two runs meet the pieces are joined into one word or spaced, whichever the
word model prefers within the rules of ``typography``. Words are scored once
complete; kashida fragments that are not joined, brackets that nest or close
what the line never opened, and a line that starts with a stop all cost extra.
"""

from __future__ import annotations

import functools
import heapq
from typing import NamedTuple

from index.repair.atoms import Atom, Boundary
from index.repair.glue import Glue
from index.repair.typography import PUNCT_FIRST, Brackets, junction, opens_with_stop
from index.arabic import PROCLITIC_LETTERS
from index.repair.words import PROCLITIC_ON_NUMBER, WordModel, arabic_words, is_fragment

JUMP = 4.0  # a run out of reverse order: about half a common word, so a joined word pays for it
UNJOINED_KASHIDA = 6.0  # a tatweel-cut fragment left standing alone
# Tuning half, whole repair with rotations: beam 40 -> 69 of 114, 80 -> 72, 120 -> 70, 200 -> 73 (3.7x the
# CPU); beam 80 (1.4x) also gave the test half 68 -> 70, but it finds a reading of paragraph 3 (Fiji and
# Maldives with their dates) cheaper than the right one, and the answers quoting it break: kept at 40.
# Earlier, the search alone: 16 -> 50, 24 -> 57, 40 -> 58, 64 -> 58.
BEAM = 40
# Before the deferred-cost ranking (``ranker``, beam9), with the glue charge: beam 120 gave the tuning half
# 76 of 114 (40: 75) at about 3x the CPU, and the beam lost readings cheaper than its best on lines with
# moved blocks; with the ranking, beam 40 gives 76 (eval/results/repair.md, 2026-12-02).
# The beam ranks partial readings with each of these (ranker's whole_words): a surely-whole word at its own
# cost, or every edge word at half its best join. Alone, the first finds report line 626 (¶68, 76.5
# against 80.5) and loses line 614 (¶66, 93.1 against 85.1: partial readings that had placed paired
# words early ranked ahead), the second the reverse.
RANKINGS = (True, False)
EDGE_SPACE = 0.7  # measured: a raw line opening with a space starts its reading there 13 times in 38
CUT_SPACE_LIMIT = 1.0  # boundaries cheaper than a single space are run-start candidates anywhere
WEAK_WORD = 13.0  # a word costlier than this (rarer than about 2 per million) may be a fragment


class State(NamedTuple):
    used: int  # bit i set: atom i is placed
    last: int  # the atom placed last
    run_start: int  # first atom of the run being read
    run_should_end: int  # where this run ends if the runs are in exact reverse order
    open_token: str  # the text since the last space: the word still growing
    previous: str  # the last complete token, for pair bonuses
    brackets: Brackets


class Candidate(NamedTuple):
    text: str
    cost: float


def _weak(atom: Atom, words: WordModel) -> bool:
    if atom.kind != "a" or atom.joins_left or atom.joins_right:
        return True
    return any(words.estimate(w) > WEAK_WORD for w in arabic_words(atom.text))


def _near_glue(bounds: list[Boundary], b: int) -> bool:
    """The boundary before atom ``b`` is one atom away from a boundary without a space."""
    return any(0 <= k < len(bounds) and not bounds[k].space for k in (b - 2, b))


def _file_order(state: State) -> bool:
    return state.run_start == 0 and state.used == (1 << (state.last + 1)) - 1


def _onto_a_number(cost: float) -> float:
    """A lone proclitic's ranking cost on a line with a number: it may be written onto one, at that
    price. Ranked dearer, the right reading of a list 'و١٩٨٩ (٢٠١١)، و٢٢٥٣' fell out of the beam, 7 nats
    above its final cost with three such 'و' (report line 598, ¶64)."""
    return min(cost, PROCLITIC_ON_NUMBER)


def optimistic_costs(atoms: list[Atom], words: WordModel, whole_words: bool = True) -> list[float]:
    """Each atom's words at their cost alone, or, for an edge word, less when it may join another atom's
    edge word (a fragment is cheap once joined): half the cost of the best such word between two
    fragments; onto a surely-whole word (``_whole``), what the joined word costs beyond that word's own.

    A surely-whole edge word keeps its own cost. Discounted too (half its best join with any stray
    letter), the whole words of report line 626 (¶68, between kashida-cut letters 'ت|م|ا|ش') were ranked
    up to 4.5 each below their cost, so partial readings that had placed them ranked behind those that
    had placed the letters, and the right reading (76.5) was lost at beam steps 1-9 (the beam's best 80.5)."""
    edges = [arabic_words(atom.text) for atom in atoms]
    numbers = any(atom.kind == "d" for atom in atoms)
    # whole[i][0], whole[i][-1]: atom i's first and last word is surely a word on its own (seen in the
    # document or common outside it, not a fragment's shape, not at a kashida cut).
    whole = [{0: _whole(ws[0], atom.joins_left, words), -1: _whole(ws[-1], atom.joins_right, words)}
             if whole_words and ws and atom.kind == "a" else {0: False, -1: False}
             for ws, atom in zip(edges, atoms)]
    out = []
    for i, atom in enumerate(atoms):
        cost = words.estimate(atom.text)
        ws = edges[i]
        if not ws or atom.kind != "a":
            out.append(cost)
            continue
        if numbers and atom.text in PROCLITIC_LETTERS:
            out.append(_onto_a_number(cost))
            continue
        best = {}
        for j, other in enumerate(edges):
            if j == i or not other or atoms[j].kind != "a":
                continue
            for key, joined, mine, theirs, partner in (
                (0, other[-1] + ws[0], ws[0], other[-1], atoms[j].joins_right),
                (-1, ws[-1] + other[0], ws[-1], other[0], atoms[j].joins_left),
            ):
                if whole[i][key]:
                    continue  # a surely-whole word keeps its own cost; its partner bears the join
                if whole[j][-1 - key] and not partner:
                    # Joined onto a surely-whole word, this edge adds at least what the join costs beyond
                    # that word's own cost (which the word's estimate already counts in full).
                    bound = max(words.estimate(joined) - words.estimate(theirs), 0.0)
                else:
                    bound = words.estimate(joined) / 2
                if bound < best.get(key, float("inf")):
                    best[key] = bound
        if len(ws) == 1:
            options = [best.get(0, float("inf")), best.get(-1, float("inf"))]
            cost += min(0.0, min(options) - words.estimate(ws[0]))
        else:
            for key, word in ((0, ws[0]), (-1, ws[-1])):
                cost += min(0.0, best.get(key, float("inf")) - words.estimate(word))
        out.append(cost)
    return out


def _whole(word: str, kashida_cut: bool, words: WordModel) -> bool:
    return not kashida_cut and not is_fragment(word) and words.solid(word)


class Space(NamedTuple):
    """A line's search space: its atoms, what each boundary costs, where a run may start, the context."""

    atoms: list[Atom]
    bounds: list[Boundary]
    words: WordModel
    opens: list[bool]  # opens[b]: a run may start at atom b (see run_starts)
    before: str = ""
    after: str = ""
    spaced_edges: tuple[bool, bool] = (False, False)
    glue: Glue | None = None  # charges for unknown words joined from several raw tokens (see index.repair.glue)


def file_text(atoms: list[Atom], bounds: list[Boundary]) -> str:
    """The atoms as the file lists them, spaced where the file had whitespace."""
    return "".join((" " if k and bounds[k - 1].space else "") + atom.text for k, atom in enumerate(atoms))


def run_starts(atoms: list[Atom], bounds: list[Boundary], words: WordModel) -> list[bool]:
    """Where a run may start inside a stretch besides a cheap boundary.

    A run may start at a single space only near a weak word (within one atom: the run that
    carries a fragment may hold one more word, 'ويمثل الاتِّ') or next to a glued boundary
    ('فيمابالمخدِّرات'): a rotation needs no more, and it keeps the search small. Tuning half
    (each line alone): either widening 63 -> 64 of 114, both 64; 65 once a diacritic no longer
    forces a space at a junction (typography.junction).
    """
    weak = [_weak(atom, words) for atom in atoms]
    return [
        b == 0 or bounds[b - 1].cut < CUT_SPACE_LIMIT or any(weak[max(b - 2, 0):b + 2]) or _near_glue(bounds, b)
        for b in range(len(atoms))
    ]


def line_space(atoms: list[Atom], bounds: list[Boundary], words: WordModel, before: str = "", after: str = "",
               spaced_edges: tuple[bool, bool] = (False, False)) -> Space:
    """The search space of one line's atoms."""
    return Space(atoms, bounds, words, run_starts(atoms, bounds, words), before, after, spaced_edges,
                 Glue(file_text(atoms, bounds), words))


def starts(space: Space):
    """The first step of every reading: (state, cost, piece) for each atom read first."""
    atoms, bounds, words = space.atoms, space.bounds, space.words
    m = len(atoms)
    for b, atom in enumerate(atoms):
        brackets, penalty = Brackets().after(atom.text)
        cost = penalty + (PUNCT_FIRST if opens_with_stop(atom.text) else 0.0)
        cost += UNJOINED_KASHIDA if atom.joins_left else 0.0
        # The file's first run began with a space: a space came before it in reading order.
        cost += EDGE_SPACE if b == 0 and space.spaced_edges[0] else 0.0
        # A run break is paid where a run starts, so partial readings compare fairly.
        cost += bounds[b - 1].cut if b > 0 else 0.0
        cost += words.pair(space.before, atom.text) if space.before else 0.0
        yield State(1 << b, b, b, m - 1, atom.text, "", brackets), cost, atom.text


def steps(space: Space, state: State, cost: float):
    """Every next step from a partial reading: (state, cost, piece appended)."""
    for b in range(len(space.atoms)):
        if state.used >> b & 1:
            continue
        if b != state.last + 1 and not (space.opens[b] or state.used >> (b - 1) & 1):
            continue
        yield from _extend(space, state, cost, b)


def final_cost(space: Space, state: State, cost: float) -> float:
    """The cost of a complete reading: its last word and its seams added."""
    words = space.words
    total = cost + words.text(state.open_token) + words.pair(state.previous, state.open_token)
    total += space.glue.cost(state.open_token) if space.glue else 0.0
    if state.last != state.run_should_end:
        total += JUMP
    if space.atoms[state.last].joins_right:
        total += UNJOINED_KASHIDA
    if state.last == len(space.atoms) - 1 and space.spaced_edges[1]:
        total += EDGE_SPACE
    if space.after:
        total += words.pair(state.open_token, space.after)
    return total


def file_order_cost(space: Space) -> float:
    """The cost of reading the atoms as the file lists them: one run, every boundary kept."""
    state, cost, _ = next(starts(space))
    for b in range(1, len(space.atoms)):
        state, cost, _ = next(step for step in _extend(space, state, cost, b))
    return final_cost(space, state, cost)


def ranker(space: Space, whole_words: bool = True):
    """How the beam ranks a partial reading: ``rank((state, (cost, parent, piece)))``, lower first."""
    # States of one layer hold different atoms; each is ranked with the words it has not placed
    # yet at their cost alone, so that a state holding the rare words is not pruned for it.
    atoms, words, m = space.atoms, space.words, len(space.atoms)
    full = (1 << m) - 1
    alone = optimistic_costs(atoms, words, whole_words)
    total_alone = sum(alone)

    # The placed atoms' optimistic cost, summed a byte of the set at a time (ranking is the hot loop).
    tables = _byte_tables(alone)

    # Costs a partial reading is sure to pay later, so that a state that paid early (a reading that
    # starts with a jump back) is not ranked below one that deferred the same costs. Each unplaced atom
    # b > 0 pays at least the cheaper of keeping or cutting the boundary before it, and the full cut
    # when its predecessor is placed but not last (it can only start a run); a run that can no longer
    # end where the reverse order wants it owes a JUMP.
    bounds = space.bounds
    low = [0.0] + [min(bound.keep, bound.cut) for bound in bounds[:m - 1]]
    surely_cut = [0.0] + [bound.cut - min(bound.keep, bound.cut) for bound in bounds[:m - 1]]
    total_low = sum(low)
    low_tables = _byte_tables(low)
    cut_tables = _byte_tables(surely_cut)

    longer = _longer_words(words.vocabulary)
    numbers = any(atom.kind == "d" for atom in atoms)
    open_cache: dict[str, float] = {}

    def open_estimate(token: str) -> float:
        # A word still growing is priced at the cheaper of itself and the document's commonest word it
        # begins ('الاستغ' -> 'الاستغلال'): a fragment's own cost is no bound on the word it becomes.
        cost = open_cache.get(token)
        if cost is None:
            cost = words.estimate(token)
            word = longer.get(token)
            if word is not None:
                cost = min(cost, words.estimate(word))
            if numbers and token in PROCLITIC_LETTERS:
                cost = _onto_a_number(cost)
            open_cache[token] = cost
        return cost

    def rank(item):
        state, (cost, _, _) = item
        used, placed = state.used, 0.0
        for table in tables:
            placed += table[used & 255]
            used >>= 8
        used = state.used
        # Unplaced atoms whose predecessor is placed, other than the one after the last atom.
        must_start = (used << 1) & ~used & full & ~(1 << (state.last + 1))
        owed = total_low
        bits, k = used, 0
        while bits:
            owed -= low_tables[k][bits & 255]
            bits >>= 8
            k += 1
        bits, k = must_start, 0
        while bits:
            owed += cut_tables[k][bits & 255]
            bits >>= 8
            k += 1
        last, end = state.last, state.run_should_end
        if last != end and (end < last or used & ((1 << (end + 1)) - (1 << (last + 1)))):
            owed += JUMP
        return cost + open_estimate(state.open_token) + total_alone - placed + owed

    return rank


def search(
    atoms: list[Atom],
    bounds: list[Boundary],
    words: WordModel,
    before: str = "",
    after: str = "",
    beam: int | None = BEAM,
    spaced_edges: tuple[bool, bool] = (False, False),
    limit: int = 4,
) -> list[Candidate]:
    """Best readings of the atoms, best first (distinct texts, at most ``limit``).

    ``before`` and ``after`` are the neighbouring lines' text in reading order: the
    line's first word should follow the word before it, its last word precede the
    one after it. ``beam`` ``None`` keeps every state: the search is then exact (a
    state holds all that the rest of the reading's cost depends on, so keeping the
    cheapest way into each state loses no best reading), and slow: on the tuning half
    only lines of up to about ten atoms finish with a few thousand states a layer.
    """
    space = line_space(atoms, bounds, words, before, after, spaced_edges)
    m = len(space.atoms)
    costs: dict[str, float] = {}
    best = None  # (cost, history, state) of the cheapest reading of either ranking
    # Two rankings of one objective (RANKINGS): each loses readings the other keeps, and the cheaper
    # readings win, as with the finer and coarser atoms (lines._search_line).
    for whole_words in RANKINGS if beam is not None else (True,):
        history, finals = _beam(space, ranker(space, whole_words), beam)
        if finals and (best is None or finals[0][0] < best[0]):
            best = (finals[0][0], history, finals[0][1])
        texts = set()
        for total, state in finals:
            text = _rebuild(history, state)
            if text not in texts:
                texts.add(text)
                costs[text] = min(total, costs.get(text, total))
            if len(texts) >= limit:
                break
    found = sorted((Candidate(text, cost) for text, cost in costs.items()), key=lambda c: c.cost)[:limit]
    seen = set(costs)
    finals = [best] if best is not None else []
    if beam is not None and finals:
        # The line alone cannot tell a reading from its rotations (the same words, all but one pair:
        # index.repair.rotation), and many tie in the search's cost too, yet a beam keeps whichever
        # rotations its ranking happens to favour. Every rotation of the best reading's atom order
        # is priced exactly, so the neighbouring lines choose among the ties (lines.choose).
        # Only at a space of the reading: a rotation inside a word splits it across the line's ends, and
        # on the simulation those cut clean lines' rare words (seed 0, first 16 articles: 4 clean lines).
        steps_taken = _path(best[1], best[2])
        order = [atom for atom, _ in steps_taken]
        for k in range(1, m):
            if not steps_taken[k][1].startswith(" "):
                continue
            rotated = _replay(space, order[k:] + order[:k])
            if rotated is not None and rotated.text not in seen:
                seen.add(rotated.text)
                found.append(rotated)
        found = sorted(found, key=lambda c: c.cost)[:limit]
    return found


def _beam(space: Space, rank, beam: int | None):
    """The layered beam search: every layer's states (for rebuilding the readings) and the complete
    readings' final costs with their states, cheapest first."""
    m = len(space.atoms)
    full = (1 << m) - 1
    # layer: state -> (cost, parent state, text appended)
    layer: dict[State, tuple[float, State | None, str]] = {}
    for state, cost, piece in starts(space):
        _offer(layer, state, cost, None, piece)
    history = [layer]
    for _ in range(m - 1):
        if beam is None:
            kept = list(layer.items())
        else:
            kept = heapq.nsmallest(beam, layer.items(), key=rank)
            # The file's own order is always kept: most lines need no repair, and its bonuses for
            # word pairs come late, when a pruned beam has already dropped it.
            if len(layer) > beam:
                chosen = {state for state, _ in kept}
                kept += [item for item in layer.items() if _file_order(item[0]) and item[0] not in chosen]
        layer = {}
        for state, (cost, _, _) in kept:
            for new, c, piece in steps(space, state, cost):
                _offer(layer, new, c, state, piece)
        history.append(layer)
    finals = sorted(
        ((final_cost(space, state, cost), state) for state, (cost, _, _) in layer.items() if state.used == full),
        key=lambda x: x[0],
    )
    return history, finals


def _path(history, state: State) -> list[tuple[int, str]]:
    """The steps of a final state's reading, in reading order: (atom, text appended)."""
    out = []
    for layer in reversed(history):
        _, parent, piece = layer[state]
        out.append((state.last, piece))
        if parent is None:
            break
        state = parent
    return out[::-1]


def _replay(space: Space, order: list[int]) -> Candidate | None:
    """The cheapest reading of the atoms in this order (any join or space where a run breaks),
    or None when the steps do not allow the order."""
    layer: dict[State, tuple[float, str]] = {}
    for state, cost, piece in starts(space):
        if state.last == order[0]:
            layer[state] = (cost, piece)
    for b in order[1:]:
        nxt: dict[State, tuple[float, str]] = {}
        for state, (cost, text) in layer.items():
            if b != state.last + 1 and not (space.opens[b] or state.used >> (b - 1) & 1):
                continue
            for new, c, piece in _extend(space, state, cost, b):
                old = nxt.get(new)
                if old is None or c < old[0]:
                    nxt[new] = (c, text + piece)
        layer = nxt
    if not layer:
        return None
    return min((Candidate(text, final_cost(space, state, cost)) for state, (cost, text) in layer.items()),
               key=lambda c: c.cost)


# The last vocabulary's table only: a document's lines share one vocabulary, and a server that keeps
# adding documents must not keep every one it has seen (one slot, replaced whole, is thread-safe).
_LONGER: list[tuple[object, dict[str, str]]] = []


def _longer_words(vocabulary) -> dict[str, str]:
    """Each proper prefix (one letter or more) of the vocabulary's words -> its commonest longer word.

    One letter too: an open token of one letter is a word still growing like any other. Priced alone
    ('ا' 11.2, where the unplaced atom was bounded at 0), the right reading of report line 1157 (¶126,
    'الأول لليوم', 101.18) fell out of both rankings' beams the step its 'ا' was read (beam's best 101.29)."""
    held = _LONGER[0] if _LONGER else None
    if held is not None and held[0] is vocabulary:
        return held[1]
    best: dict[str, tuple[int, str]] = {}
    for word, count in vocabulary.items():
        if " " in word:
            continue
        for k in range(1, len(word)):
            prefix = word[:k]
            old = best.get(prefix)
            if old is None or count > old[0]:
                best[prefix] = (count, word)
    out = {prefix: word for prefix, (_, word) in best.items()}
    _LONGER[:] = [(vocabulary, out)]
    return out


def _byte_tables(values: list[float]) -> list[list[float]]:
    """Sums of ``values`` over a bit set, a byte of the set at a time (ranking is the hot loop)."""
    m = len(values)
    return [
        [sum(values[8 * k + i] for i in range(8) if byte >> i & 1 and 8 * k + i < m) for byte in range(256)]
        for k in range((m + 7) // 8)
    ]


# Both are pure and called for every step of every state with few distinct arguments.
_junction = functools.lru_cache(maxsize=1 << 16)(junction)


@functools.lru_cache(maxsize=1 << 14)
def _after(brackets: Brackets, text: str) -> tuple[Brackets, float]:
    return brackets.after(text)


def _offer(layer, state, cost, parent, piece):
    old = layer.get(state)
    if old is None or cost < old[0]:
        layer[state] = (cost, parent, piece)


def _extend(space: Space, state: State, cost: float, b: int):
    atoms, bounds, words = space.atoms, space.bounds, space.words
    atom = atoms[b]
    last = state.last
    if b == last + 1:
        boundary = bounds[last]
        cost += boundary.keep
        seps = [" " if boundary.space else ""]
        run_start, should_end = state.run_start, state.run_should_end
    else:
        if b > 0:
            cost += bounds[b - 1].cut
        if last != state.run_should_end:
            cost += JUMP
        run_start, should_end = b, state.run_start - 1
        rule = _junction(state.open_token, atom.text)
        seps = [rule] if rule is not None else [" ", ""]
    brackets, penalty = _after(state.brackets, atom.text)
    cost += penalty
    for sep in seps:
        c = cost
        if sep and (atom.joins_left or atoms[last].joins_right):
            c += UNJOINED_KASHIDA
        if sep:
            c += words.text(state.open_token) + words.pair(state.previous, state.open_token)
            c += space.glue.cost(state.open_token) if space.glue else 0.0
            new = State(state.used | 1 << b, b, run_start, should_end, atom.text, state.open_token, brackets)
        else:
            new = State(state.used | 1 << b, b, run_start, should_end, state.open_token + atom.text, state.previous, brackets)
        yield new, c, sep + atom.text


def _rebuild(history, state: State) -> str:
    pieces = []
    for layer in reversed(history):
        _, parent, piece = layer[state]
        pieces.append(piece)
        if parent is None:
            break
        state = parent
    return "".join(reversed(pieces))
