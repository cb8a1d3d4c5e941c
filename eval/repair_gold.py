"""Score the line repair on the hand-repaired gold lines, with each outside word resource on and off.

    python -m eval.repair_gold [--half tune|test|both]

The gold set (``tests/index/data/repair_gold.jsonl``, 217 lines repaired by
reading) is split once by line number into a tuning half and a test half
(:func:`half`); tune on the first, read the second only to report. A line is
exact when the repair, as :func:`index.repair.repair_document` gives it (both
readings, the neighbouring lines deciding close calls), equals the gold line; a
clean line (the extraction left it in order) must come back unchanged. Only the
gold lines and their neighbours are repaired, with the whole report's counts, so
a row takes a minute, not the whole report's repair.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from index.repair import reversal
from index.repair.lines import choose, decode, readings
from index.repair.markers import split_marker
from index.repair.words import Sources, build_vocabulary

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "tests" / "index" / "data" / "repair_gold.jsonl"
REPORT = ROOT / "index" / "data" / "a74-trafficking.txt"
HALVES = ("tune", "test")
VARIANTS = {
    "wordfreq (Sanad)": Sources(),
    "+ hunspell-ar": Sources(spelling=True),
    "- wordfreq (document counts only)": Sources(wordfreq=False),
    "- wordfreq + hunspell-ar": Sources(wordfreq=False, spelling=True),
}


def half(line: int) -> str:
    """The gold line's half: a fixed rule on its line number, never on its content."""
    return "tune" if int(hashlib.sha256(f"repair-gold:{line}".encode()).hexdigest(), 16) % 2 == 0 else "test"


def load_gold(path: Path = GOLD) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def is_clean(row: dict) -> bool:
    """The extraction left the line in order: only tatweel and spacing differ from the gold line."""
    return " ".join(split_marker(row["raw"])[1].replace("\u0640", "").split()) == row["expected"]


@dataclass(frozen=True)
class GoldScore:
    half: str
    lines: int
    exact: int  # with the neighbouring lines deciding close calls (what repair_document gives)
    exact_alone: int  # each line read alone (index.repair.repair)
    clean: int
    clean_unchanged: int
    seconds: float


def score(gold: list[dict], lines: list[str], sources: Sources, name: str) -> GoldScore:
    rows = [g for g in gold if half(g["line"]) == name]
    start = time.perf_counter()
    vocabulary, reversal_vocabulary = build_vocabulary(lines), reversal.build_vocabulary(lines)
    needed = {g["line"] - 1 + k for g in rows for k in range(-2, 3)}
    # Lines outside the gold lines' reach (two lines either side, see lines.neighbour) are left
    # unread: they cannot change a gold line's choice.
    found = [
        readings(split_marker(line)[1], vocabulary, reversal_vocabulary, sources)
        if i in needed and line.strip() else None
        for i, line in enumerate(lines)
    ]
    repaired = decode(lines, found)
    exact = exact_alone = clean = clean_unchanged = 0
    for g in rows:
        i = g["line"] - 1
        got = repaired[i].shown
        exact += got == g["expected"]
        exact_alone += choose(found[i]).shown == g["expected"]
        if is_clean(g):
            clean += 1
            clean_unchanged += got == g["expected"]
    return GoldScore(name, len(rows), exact, exact_alone, clean, clean_unchanged, time.perf_counter() - start)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.repair_gold", description=__doc__.split("\n")[0])
    parser.add_argument("--half", default="tune", choices=[*HALVES, "both"],
                        help="which half of the gold set (default: tune; read test only to report)")
    args = parser.parse_args(argv)
    names = HALVES if args.half == "both" else (args.half,)
    gold, lines = load_gold(), REPORT.read_text(encoding="utf-8").splitlines()
    print("| variant | half | exact | exact, each line alone | clean lines unchanged | seconds |")
    print("|---|---|---:|---:|---:|---:|")
    for label, sources in VARIANTS.items():
        for name in names:
            s = score(gold, lines, sources, name)
            print(f"| {label} | {name} | {s.exact}/{s.lines} | {s.exact_alone}/{s.lines}"
                  f" | {s.clean_unchanged}/{s.clean} | {s.seconds:.0f} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
