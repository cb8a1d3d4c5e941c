"""The repair's searches against an enumeration of every reading (style: every fast path has a slow twin).

A line's readings are all the orders of its atoms that the search's steps allow,
with every join or space at each run break (:func:`index.repair.search.steps`).
On lines of at most six atoms they can all be enumerated; the exact searches
(the layered search with no beam, the best-first search with an admissible
bound) must find the cheapest of them, and the beam and the parser's best-first
search must never report a cost lower than it (each reports a real reading).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from index.repair import build_vocabulary, split_marker
from index.repair.atoms import atomize
from index.repair.bestfirst import Bound, cheaper
from index.repair.markers import split_item
from index.repair.search import final_cost, line_space, search, starts, steps
from index.repair.words import WordModel

GOLD = Path(__file__).parent / "data" / "repair_gold.jsonl"
REPORT = Path(__file__).parents[2] / "index" / "data" / "a74-trafficking.txt"
MAX_ATOMS = 6


def enumerate_readings(space) -> dict[str, float]:
    """Every reading's text and cost, by depth-first enumeration of every path (no merging)."""
    full = (1 << len(space.atoms)) - 1
    out: dict[str, float] = {}

    def walk(state, cost, text):
        if state.used == full:
            total = final_cost(space, state, cost)
            out[text] = min(total, out.get(text, float("inf")))
            return
        for new, c, piece in steps(space, state, cost):
            walk(new, c, text + piece)

    for state, cost, piece in starts(space):
        walk(state, cost, piece)
    return out


@pytest.fixture(scope="module")
def small_lines():
    """Gold lines of 3 to MAX_ATOMS atoms, each with its word model over the whole report."""
    lines = REPORT.read_text(encoding="utf-8").splitlines()
    vocabulary = build_vocabulary(lines)
    out = []
    for row in map(json.loads, GOLD.read_text(encoding="utf-8").splitlines()):
        body = split_item(split_marker(row["raw"])[1].replace("\u00a0", " "))[1].strip()
        words = WordModel(vocabulary, body)
        atoms, bounds = atomize(body, words)
        if 3 <= len(atoms) <= MAX_ATOMS:
            out.append((row["line"], atoms, bounds, words))
    assert len(out) >= 10  # measured: 17 gold lines
    return out


def test_exact_searches_find_the_cheapest_reading(small_lines):
    for line, atoms, bounds, words in small_lines:
        for context in (("", ""), ("لمكافحة الاتِّجار", "بالأشخاص في")):
            space = line_space(atoms, bounds, words, *context)
            every = enumerate_readings(space)
            cheapest = min(every.values())
            layered = search(atoms, bounds, words, *context, beam=None)
            assert layered[0].cost == pytest.approx(cheapest), line
            assert every[layered[0].text] == pytest.approx(layered[0].cost), line
            found = cheaper(space, float("inf"), Bound.ADMISSIBLE, budget=10**6, limit=1)
            assert found.exhausted or found.readings, line
            assert found.readings[0].cost == pytest.approx(cheapest), line
            assert every[found.readings[0].text] == pytest.approx(cheapest), line


def test_fast_searches_report_real_readings_never_below_the_cheapest(small_lines):
    for line, atoms, bounds, words in small_lines:
        space = line_space(atoms, bounds, words)
        every = enumerate_readings(space)
        cheapest = min(every.values())
        beam = search(atoms, bounds, words, beam=2)
        assert beam[0].cost >= cheapest - 1e-9 and every[beam[0].text] == pytest.approx(beam[0].cost), line
        better = cheaper(space, beam[0].cost, budget=50).readings
        for reading in better:
            assert cheapest - 1e-9 <= reading.cost < beam[0].cost, line
            assert every[reading.text] == pytest.approx(reading.cost), line


def test_nothing_cheaper_than_the_cheapest():
    """Given the cheapest cost as its upper bound, the exact best-first search proves there is nothing below."""
    vocabulary = build_vocabulary(REPORT.read_text(encoding="utf-8").splitlines())
    body = "المتحدة لمكافحة الجريمة ٢٠١٨ الأمم"
    words = WordModel(vocabulary, body)
    atoms, bounds = atomize(body, words)
    space = line_space(atoms, bounds, words)
    cheapest = min(enumerate_readings(space).values())
    found = cheaper(space, cheapest, Bound.ADMISSIBLE, budget=10**6)
    assert found.exhausted and found.readings == []
    assert cheaper(space, cheapest + 1e-6, Bound.ADMISSIBLE, budget=10**6).readings[0].cost == pytest.approx(cheapest)
