"""Where hybrid search loses the report's passages among distractors: candidates or fusion.

For each answerable question, on a scale index (``eval.scale``'s ``scale-N``) and on the report
alone, through the candidate path: the rank of the first gold passage in each mode, and whether
each retriever's candidates (BM25 terms, passage windows, sentences; every call the fusion makes,
the cross-lingual bridge's term lists included) held a gold passage. A hybrid question that ranks
worse at scale is counted as

- ``candidates``: no gold passage reached the union of the candidates (which retriever lost it is
  shown), so no fusion could rank it;
- ``fusion``: a gold passage was a candidate (it gets every retriever's exact score) but
  distractors outscored it.

    python -m eval.scale_diagnose --index DIR [--set report_dev] [--nprobe 16]
"""

from __future__ import annotations

import argparse
import os
import sys
from collections import Counter
from pathlib import Path

import numpy as np

from index.backend import LocalBackend

RETRIEVERS = ("bm25", "dense", "sentence")


class RecordingBackend(LocalBackend):
    """``LocalBackend`` that remembers the passage rows each retriever named for the current query."""

    def __init__(self, store):
        super().__init__(store)
        self.found: dict[str, set[int]] = {name: set() for name in RETRIEVERS}

    def clear(self) -> None:
        for rows in self.found.values():
            rows.clear()

    def dense_candidates(self, vector, depth, within=None, probes=1):
        out = super().dense_candidates(vector, depth, within, probes)
        self.found["dense"].update(out.rows.tolist())
        return out

    def sentence_candidates(self, vector, depth, within=None, probes=1):
        out = super().sentence_candidates(vector, depth, within, probes)
        self.found["sentence"].update(out.rows.tolist())
        return out

    def term_candidates(self, tokens, depth, weights=None, within=None):
        out = super().term_candidates(tokens, depth, weights, within)
        self.found["bm25"].update(out.rows.tolist())
        return out


def first_rank(keys: list, gold: frozenset, k: int = 10) -> int | None:
    return next((i + 1 for i, key in enumerate(keys[:k]) if key in gold), None)


def diagnose(store, encoder, questions, queries, vectors, nprobe: int | None = None) -> list[dict]:
    """Per answerable question: each mode's gold rank (``None``: not in the top 10) and which
    retrievers' candidates held a gold passage (hybrid mode's calls)."""
    from eval.datasets import relevance_key
    from eval.scale import set_nprobe
    from qa.retriever import FusionConfig, Mode, Retriever

    set_nprobe(store, nprobe)
    backend = RecordingBackend(store)
    retriever = Retriever(store, encoder, FusionConfig(exhaustive_below=0), backend=backend)
    rows_of: dict[tuple, list[int]] = {}
    for row, passage in enumerate(store.passages):
        key = relevance_key(passage)
        if key[1] is not None:
            rows_of.setdefault(key, []).append(row)
    out = []
    for question, query, vector in zip(questions, queries, vectors):
        if not question.answerable:
            continue
        gold = question.gold_keys()
        gold_rows = {r for key in gold for r in rows_of.get(key, [])}
        entry = {"id": question.id}
        for mode in Mode:
            backend.clear()
            hits = retriever.search(query, 10, mode, query_vector=vector)
            entry[mode.value] = first_rank([relevance_key(h.passage) for h in hits], gold)
            if mode is Mode.HYBRID:
                entry["found"] = {name: bool(gold_rows & rows) for name, rows in backend.found.items()}
        out.append(entry)
    return out


def mrr(entries: list[dict], mode: str) -> float:
    return float(np.mean([1 / e[mode] if e[mode] else 0.0 for e in entries]))


def summary(scale: list[dict], alone: list[dict]) -> str:
    by_id = {e["id"]: e for e in alone}
    lines = ["| mode | report alone MRR@10 | with distractors MRR@10 |", "|---|---|---|"]
    for mode in ("hybrid", "bm25", "dense", "rrf"):
        lines.append(f"| {mode} | {mrr(alone, mode):.3f} | {mrr(scale, mode):.3f} |")
    lines.append("")
    lines.append("| retriever | gold among its candidates (with distractors) |\n|---|---|")
    for name in RETRIEVERS:
        lines.append(f"| {name} | {sum(e['found'][name] for e in scale)} / {len(scale)} |")
    lines.append(f"| union | {sum(any(e['found'].values()) for e in scale)} / {len(scale)} |")
    worse = [e for e in scale if (e["hybrid"] or 99) > (by_id[e["id"]]["hybrid"] or 99)]
    causes = Counter("candidates" if not any(e["found"].values()) else "fusion" for e in worse)
    lost = sum((1 / by_id[e["id"]]["hybrid"] if by_id[e["id"]]["hybrid"] else 0) - (1 / e["hybrid"] if e["hybrid"] else 0) for e in worse)
    lines.append("")
    lines.append(f"Hybrid ranks worse with distractors for {len(worse)} of {len(scale)} questions (MRR@10 lost: {lost / len(scale):.3f}): "
                 f"{causes['candidates']} because no gold passage was a candidate, {causes['fusion']} with a gold candidate outscored.")
    missing = Counter(name for e in worse for name in RETRIEVERS if not e["found"][name])
    lines.append("Among those, gold missing from: " + ", ".join(f"{name} {missing[name]}" for name in RETRIEVERS) + ".")
    fusion = [e for e in worse if any(e["found"].values())]
    if fusion:
        single = Counter()
        for e in fusion:
            for mode in ("bm25", "dense"):
                if (e[mode] or 99) > (by_id[e["id"]][mode] or 99):
                    single[mode] += 1
        lines.append(f"Of the {len(fusion)} fusion losses, the gold also ranks worse alone in bm25 for {single['bm25']}, in dense for {single['dense']}.")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.scale_diagnose", description=__doc__.split("\n\n")[0])
    parser.add_argument("--index", type=Path, required=True, help="a scale-N directory built by eval.scale")
    parser.add_argument("--set", default="report_dev", choices=["report_dev", "report_test"])
    parser.add_argument("--nprobe", type=int, help="IVF cells searched (default: the index's own)")
    args = parser.parse_args(argv)
    if not (args.index / "manifest.json").exists():
        print(f"error: no index in {args.index}", file=sys.stderr)
        return 2
    from eval.scale import _setup
    from index import threads
    from index.store import Store

    alone, _, dataset, queries, modelled = _setup(args.index.parent, 0, question_set=args.set)
    vectors = modelled.encode_queries(queries)
    threads.configure()
    base = diagnose(alone, modelled, dataset.questions, queries, vectors)
    scaled = Store.load(args.index)
    scale = diagnose(scaled, modelled, dataset.questions, queries, vectors, args.nprobe)
    print(f"{args.index.name} ({len(scaled.passages):,} passages), {args.set}, nprobe {args.nprobe or 'as built'}, candidate path\n")
    print(summary(scale, base))
    print(f"\nload average (1, 5, 15 min): {', '.join(f'{v:.1f}' for v in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
