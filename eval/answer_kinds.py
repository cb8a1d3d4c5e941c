"""Answers per question kind: the rates ``sanad eval`` prints, for each of a set's ``kind`` labels.

``python -m eval.answer_kinds report_dev`` asks every question as ``Assistant.ask`` does (with
its history) and prints, for the whole set and for each kind the question file gives ("list",
"multi", "number", "recommendation", ...): how many, hit rate, short-answer exact match, median
answer length and on-topic abstention precision / recall. ``--dump FILE`` writes each answer (id,
kind, hit, text) as JSON lines, so two branches' answers can be compared question by question
(``--diff FILE`` prints the changed ones).
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from pathlib import Path

from eval import metrics, runner


def kinds_table(asked: Sequence[tuple]) -> list[tuple[str, int, dict]]:
    """``(kind, questions, runner._rates)`` for all questions (``"all"``) and each kind, most frequent first."""
    kinds: dict[str, list] = {}
    for question, answer in asked:
        kinds.setdefault(question.kind or "-", []).append((question, answer))
    ordered = sorted(kinds.items(), key=lambda item: (-len(item[1]), item[0]))
    return [("all", len(asked), runner._rates(asked))] + [(kind, len(pairs), runner._rates(pairs)) for kind, pairs in ordered]


def record(question, answer) -> dict:
    """One answer as a dump row: ``hit`` is None for a question without a gold span."""
    scored = question.answerable and bool(metrics.answer_tokens(question.answer))
    hit = (not answer.abstained and metrics.answer_contains(answer.text, question.answer)) if scored else None
    return {"id": question.id, "kind": question.kind, "hit": hit, "abstained": answer.abstained, "chars": len(answer.text), "text": answer.text}


def main(argv: Sequence[str] | None = None) -> int:
    from eval.datasets import DATASET_HELP, resolve
    from qa import Assistant

    parser = argparse.ArgumentParser(prog="python -m eval.answer_kinds", description=__doc__.split("\n")[0])
    parser.add_argument("dataset", help=DATASET_HELP)
    parser.add_argument("--dump", type=Path, help="write each answer as a JSON line to this file")
    parser.add_argument("--diff", type=Path, help="a former --dump of the same set: print the answers that changed")
    args = parser.parse_args(argv)
    dataset = resolve(args.dataset)
    assistant = Assistant.load()
    asked = [(q, assistant.ask(q.question, history=q.turns())) for q in dataset.questions]
    print("| kind | questions | hit rate | exact match | median chars | on-topic abstention P / R |")
    print("|---|---:|---:|---:|---:|---|")

    def num(value, digits=3):
        return "n/a" if value is None else f"{value:.{digits}f}"

    for kind, count, rates in kinds_table(asked):
        print(f"| {kind} | {count} | {num(rates['hit_rate'])} | {num(rates['short_exact_match'])} | {num(rates['answer_chars_p50'], 0)} | "
              f"{num(rates['on_topic_abstain_precision'], 2)} / {num(rates['on_topic_abstain_recall'], 2)} |")
    rows = [record(q, a) for q, a in asked]
    if args.dump:
        args.dump.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    if args.diff:
        before = {r["id"]: r for r in map(json.loads, args.diff.read_text(encoding="utf-8").splitlines())}
        for row in rows:
            old = before.get(row["id"])
            if old and old["text"] != row["text"]:
                print(f"\n## {row['id']} ({row['kind']}) hit {old['hit']} -> {row['hit']}, {old['chars']} -> {row['chars']} chars")
                print(f"before: {old['text']}\nafter:  {row['text']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
