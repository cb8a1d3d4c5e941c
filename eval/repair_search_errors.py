"""Search error or model error: is a wrong gold line's expected reading cheaper than what the search found?

    python -m eval.repair_search_errors LINE [LINE ...]

For each gold line (``tests/index/data/repair_gold.jsonl``, by report line number; tune only on the
tuning half), the search's own cost of the expected reading is found by walking the search's steps
(``index.repair.search.steps``) along it only, over both the fine and the coarse atoms, and compared
with the beam's best reading of the line alone (``index.repair.lines._search_line``). *search error*:
the expected reading is cheaper (the beam lost it); *tie*: as cheap (same words, another order);
*model error*: dearer; *unreachable*: no path
of steps spells it (a needed cut is never proposed).
"""

from __future__ import annotations

import argparse
import sys

from eval.repair_gold import REPORT, load_gold
from index.repair.atoms import atomize
from index.repair.lines import _search_line
from index.repair.markers import split_item, split_marker
from index.repair.search import final_cost, line_space, starts, steps
from index.repair.typography import finish
from index.repair.words import WordModel, build_vocabulary


def forced_cost(body: str, words: WordModel, expected: str) -> float:
    """The search's cost of the expected reading (inf when no path of steps spells it)."""
    costs = []
    for hidden in (True, False):
        atoms, bounds = atomize(body.strip(), words, hidden=hidden)
        space = line_space(atoms, bounds, words, spaced_edges=(body[:1].isspace(), body[-1:].isspace()))
        costs.append(_along(space, expected))
    return min(costs)


def _along(space, expected: str) -> float:
    """Depth-first along the steps whose text stays a prefix of the expected reading."""
    target = expected.replace(" ", "")
    full = (1 << len(space.atoms)) - 1
    seen: dict = {}
    best = float("inf")

    def walk(state, cost, text):
        nonlocal best
        if not target.startswith(text.replace(" ", "")):
            return
        key = (state, text.endswith(" "))
        if seen.get(key, float("inf")) <= cost:
            return
        seen[key] = cost
        if state.used == full:
            if finish(text) == expected:
                best = min(best, final_cost(space, state, cost))
            return
        for new, c, piece in steps(space, state, cost):
            walk(new, c, text + piece)

    for state, cost, piece in starts(space):
        walk(state, cost, piece)
    return best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.repair_search_errors", description=__doc__.split("\n")[0])
    parser.add_argument("lines", type=int, nargs="+", metavar="LINE", help="gold lines (report line numbers)")
    args = parser.parse_args(argv)
    gold = {g["line"]: g for g in load_gold()}
    missing = [n for n in args.lines if n not in gold]
    if missing:
        print(f"sanad: error: not gold lines: {missing}", file=sys.stderr)
        return 2
    vocabulary = build_vocabulary(REPORT.read_text(encoding="utf-8").splitlines())
    sys.setrecursionlimit(10_000)
    for n in args.lines:
        label, body = split_item(split_marker(gold[n]["raw"])[1].replace("\u00a0", " "))
        expected = gold[n]["expected"].split(" ", 1)[1] if label else gold[n]["expected"]
        words = WordModel(vocabulary, body.strip())
        found = _search_line(body, words)[0][0].cost
        cost = forced_cost(body, words, expected)
        verdict = ("unreachable" if cost == float("inf") else "search error" if cost < found - 1e-6
                   else "tie" if cost < found + 1e-6 else "model error")
        print(f"line {n}: beam's best {found:.1f}, expected {cost:.1f}: {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
