"""Count the repairs that damage a line: glue the raw text never had, readings dearer than doing nothing.

    python -m eval.repair_damage [--report] [--sim-seeds 0 1] [--limit N] [--examples K] [--dump PATH]

A repaired line is *glued* when one of its Arabic words is a token that neither
the line's word model knows (itself or by a stem behind a proclitic, see
``WordModel._known``) nor any single raw token of the line contains: the repair
made it by joining pieces (``المسمحالاحتفاظتحدةبأمانة`` from ``الم``, ``سمح``,
``الاحتفاظتحدة``, ``بأمانة``). A word cut across runs and joined back right is
known, so it does not count; an unknown name rejoined from two runs does, which
the simulation tells apart: there a glued token that the logical line also has
is a *right* join, any other is *damage*.

A line is *dearer than the file order* (or *than the reversal*) when the word
model (``WordModel.reading``, words and pairs, no seams) prices the chosen reading
above the line as the file has it (or above the reversal's reading); the chosen
reading should have won on something.

Run over the whole report (``index/data/a74-trafficking.txt``) and over the
simulation of :mod:`eval.repair_sim` (one document per XQuAD article), with the
repair of ``index.repair.repair_document``. ``--dump`` writes every line's raw,
chosen and (simulation) expected text as JSON lines, to compare two branches.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from eval.bench import XQUAD_DIR
from eval.repair_bench import load_articles
from eval.repair_gold import REPORT
from eval.repair_sim import simulate
from index.repair import reversal
from index.repair.lines import Readings, decode, readings
from index.repair.markers import split_marker
from index.repair.words import TATWEEL, WordModel, arabic_words, build_vocabulary, plain


def created_glue(chosen: str, raw_body: str, words: WordModel) -> list[str]:
    """The chosen reading's words that neither the word model knows nor a raw token contains."""
    raw_tokens = [plain(t) for t in raw_body.replace(TATWEEL, "").split()]
    return [
        w for w in arabic_words(chosen)
        if words._known(w) is None and not any(w in t for t in raw_tokens)
    ]


@dataclass
class Tally:
    lines: int = 0
    glued: int = 0  # lines with a created glue token
    glued_wrong: int = 0  # ... of which a glue token is not in the expected line (simulation only)
    dearer_file: int = 0  # chosen reading dearer than the file order's
    dearer_reversal: int = 0  # chosen reading dearer than the reversal's
    exact: int = 0  # simulation: chosen == expected
    examples: list = field(default_factory=list)

    def row(self, name: str) -> str:
        wrong = f" | {self.glued_wrong}" if self.exact or self.glued_wrong else " | -"
        return (f"| {name} | {self.lines} | {self.glued}{wrong} | {self.dearer_file} | {self.dearer_reversal} |"
                + (f" {self.exact} |" if self.exact else " - |"))


def repair_rows(lines: list[str]) -> list[dict]:
    """Every non-blank line's raw body, chosen reading, created glue and word costs."""
    vocabulary, reversal_vocabulary = build_vocabulary(lines), reversal.build_vocabulary(lines)
    found: list[Readings | None] = [
        readings(split_marker(line)[1], vocabulary, reversal_vocabulary) if line.strip() else None for line in lines
    ]
    repaired = decode(lines, found)
    rows = []
    for i, (line, r, out) in enumerate(zip(lines, found, repaired)):
        if r is None or r.words is None:
            continue
        body = split_marker(line)[1]
        words = r.words
        chosen = words.reading(out.text)
        rows.append({
            "line": i + 1, "raw": line, "shown": out.shown, "text": out.text,
            "glue": created_glue(out.text, body, words),
            "dearer_file": out.text != r.file_order and chosen > words.reading(r.file_order) + 1e-6,
            "dearer_reversal": r.reversed_text is not None and out.text != r.reversed_text
            and chosen > words.reading(r.reversed_text) + 1e-6,
        })
    return rows


def tally(rows: list[dict], examples: int) -> Tally:
    t = Tally()
    for row in rows:
        expected = row.get("expected")
        t.lines += 1
        t.dearer_file += row["dearer_file"]
        t.dearer_reversal += row["dearer_reversal"]
        if expected is not None:
            t.exact += " ".join(row["shown"].split()) == expected
        if row["glue"]:
            t.glued += 1
            if expected is not None:
                wrong = [w for w in row["glue"] if w not in arabic_words(expected)]
                t.glued_wrong += bool(wrong)
            if len(t.examples) < examples:
                t.examples.append(row)
    return t


def simulation_rows(seed: int, limit: int | None) -> list[dict]:
    articles = load_articles(XQUAD_DIR / "xquad.ar.json")
    rows = []
    for i, paragraphs in enumerate(articles[:limit] if limit is not None else articles):
        pairs = simulate(paragraphs, seed=f"{seed}/{i}")
        expected = {k + 1: e for k, (_, e) in enumerate(pairs)}
        for row in repair_rows([r for r, _ in pairs]):
            if expected[row["line"]]:
                rows.append({**row, "doc": i, "expected": expected[row["line"]]})
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.repair_damage", description=__doc__.split("\n")[0])
    parser.add_argument("--report", action="store_true", help="measure the whole report")
    parser.add_argument("--sim-seeds", type=int, nargs="*", default=[], metavar="SEED", help="simulation seeds")
    parser.add_argument("--limit", type=int, metavar="N", help="only the first N articles of the simulation")
    parser.add_argument("--examples", type=int, default=5, metavar="K", help="glued lines to print per source")
    parser.add_argument("--dump", type=Path, metavar="PATH", help="write every line as JSON lines")
    args = parser.parse_args(argv)
    sources: list[tuple[str, list[dict]]] = []
    start = time.process_time()
    if args.report:
        sources.append(("report", repair_rows(REPORT.read_text(encoding="utf-8").splitlines())))
        print(f"report repair CPU: {time.process_time() - start:.1f} s", file=sys.stderr, flush=True)
    for seed in args.sim_seeds:
        sources.append((f"simulation seed {seed}", simulation_rows(seed, args.limit)))
    print("| source | lines | glued | glued wrongly | dearer than file order | dearer than reversal | exact |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    tallies = [(name, tally(rows, args.examples)) for name, rows in sources]
    for name, t in tallies:
        print(t.row(name))
    for name, t in tallies:
        for row in t.examples:
            print(f"\n{name} line {row['line']}: glue {' '.join(row['glue'])}\n  RAW: {row['raw'].strip()}"
                  f"\n  GOT: {row['shown']}" + (f"\n  EXP: {row['expected']}" if "expected" in row else ""))
    if args.dump:
        with args.dump.open("w", encoding="utf-8") as out:
            for name, rows in sources:
                for row in rows:
                    out.write(json.dumps({"source": name, **row}, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
