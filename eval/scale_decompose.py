"""Where the report's MRR goes among distractors: which passages outrank the gold, and why.

For each answerable question and each mode (bm25, dense, hybrid) through the candidate path, on a
scale index (``eval.scale``'s ``scale-N``) and on the report alone:

- ``full``: the gold's rank among every passage (what ``eval.scale`` measures);
- ``report only``: its rank among the report's own passages, scored with the large index's
  statistics (BM25 idf, the normalizers' median and maximum, the evidence and the bridge): the loss
  from ``alone`` to ``report only`` is what the distractors do to the scores, the loss from
  ``report only`` to ``full`` is distractors ranked above the gold;
- the passages above the gold, by class: another report paragraph, a distractor whose window vector
  is the real encoder's, a distractor whose window vector is composed (``eval.scale_compose``),
  each also per thousand passages of its class (a model as harsh as the encoder outranks at the
  same rate).

    python -m eval.scale_decompose --index DIR [--real N] [--set report_dev] [--nprobe K ...]
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import numpy as np

MODES = ("bm25", "dense", "hybrid")
CLASSES = ("report", "real ar", "real en", "composed ar", "composed en")


def classes_of(store, real_texts: set[str]) -> np.ndarray:
    """Per passage row, an index into ``CLASSES``: the report, or a distractor by vector and language."""
    out = np.empty(len(store.passages), dtype=np.int8)
    for row, p in enumerate(store.passages):
        if not p.doc.id.startswith("synthetic-"):
            out[row] = 0
        else:
            out[row] = (1 if p.text in real_texts else 3) + (p.doc.language == "en")
    return out


def gold_ranks(retriever, query: str, mode: str, vector, gold_rows: set[int], classes: np.ndarray):
    """(rank among all, rank among report rows, count above the gold per class); ranks are 1-based,
    ``None`` when no gold passage was scored."""
    from qa.inputs import Mode

    scores = retriever._scores(query, Mode(mode), vector, None)
    final = np.asarray(scores.final, dtype=np.float64)
    rows = scores.passage_rows(np.arange(len(final)))
    finite = np.isfinite(final)
    gold = np.isin(rows, np.fromiter(gold_rows, dtype=np.int64)) & finite
    if not gold.any():
        return None, None, np.zeros(len(CLASSES), dtype=np.int64)
    best = final[gold].max()
    above = finite & (final > best) & ~gold
    kinds = classes[rows[above]]
    count = np.bincount(kinds, minlength=len(CLASSES))
    return int(above.sum()) + 1, int(count[0]) + 1, count


def run(store, retriever, questions, queries, vectors, classes) -> list[dict]:
    from eval.datasets import relevance_key

    rows_of: dict[tuple, list[int]] = {}
    for row, passage in enumerate(store.passages):
        key = relevance_key(passage)
        if key[1] is not None and classes[row] == 0:
            rows_of.setdefault(key, []).append(row)
    out = []
    for question, query, vector in zip(questions, queries, vectors):
        if not question.answerable:
            continue
        gold_rows = {r for key in question.gold_keys() for r in rows_of.get(key, [])}
        entry = {"id": question.id, "lang": "ar" if any("\u0600" <= c <= "\u06ff" for c in question.question) else "en"}
        for mode in MODES:
            full, report, count = gold_ranks(retriever, query, mode, vector, gold_rows, classes)
            entry[mode] = {"full": full, "report": report, "above": count.tolist()}
        out.append(entry)
    return out


def rr(rank) -> float:
    return 1.0 / rank if rank and rank <= 10 else 0.0


def table(alone: list[dict], scaled: list[dict], sizes: np.ndarray, label: str) -> str:
    by_id = {e["id"]: e for e in alone}
    lines = [f"**{label}**", "",
             "| mode | alone | report only (scaled statistics) | full | questions worse | above gold, per question: " + " / ".join(CLASSES) + " | per 1,000 of the class: " + " / ".join(CLASSES[1:]) + " |",
             "|---|---:|---:|---:|---:|---|---|"]
    for mode in MODES:
        a = np.mean([rr(by_id[e["id"]][mode]["full"]) for e in scaled])
        r = np.mean([rr(e[mode]["report"]) for e in scaled])
        f = np.mean([rr(e[mode]["full"]) for e in scaled])
        worse = sum(rr(e[mode]["full"]) < rr(by_id[e["id"]][mode]["full"]) for e in scaled)
        above = np.array([e[mode]["above"] for e in scaled], dtype=np.float64)
        mean = above.mean(axis=0)  # among the scored union (the candidate path scores nothing else)
        rate = [1000 * mean[c] / sizes[c] if sizes[c] else float("nan") for c in range(1, len(CLASSES))]
        lines.append(f"| {mode} | {a:.3f} | {r:.3f} | {f:.3f} | {worse} | " + " / ".join(f"{m:.2f}" for m in mean) + " | " + " / ".join(f"{x:.3f}" for x in rate) + " |")
    for mode in MODES:
        for lang in ("ar", "en"):
            sub = [e for e in scaled if e["lang"] == lang]
            if sub:
                above = np.array([e[mode]["above"] for e in sub], dtype=np.float64).mean(axis=0)
                lines.append(f"| {mode}, {lang} questions ({len(sub)}) | {np.mean([rr(by_id[e['id']][mode]['full']) for e in sub]):.3f} | "
                             f"{np.mean([rr(e[mode]['report']) for e in sub]):.3f} | {np.mean([rr(e[mode]['full']) for e in sub]):.3f} | "
                             f"{sum(rr(e[mode]['full']) < rr(by_id[e['id']][mode]['full']) for e in sub)} | " + " / ".join(f"{m:.2f}" for m in above) + " | |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.scale_decompose", description=__doc__.split("\n\n")[0])
    parser.add_argument("--index", type=Path, required=True, help="a scale-N directory built by eval.scale")
    parser.add_argument("--real", type=int, default=0, help="the --real the index was built with (its first N distractors have real vectors)")
    parser.add_argument("--set", default="report_dev", choices=["report_dev", "report_test"])
    parser.add_argument("--nprobe", type=int, nargs="*", default=[None], help="IVF cells searched (0: every cell)")
    parser.add_argument("--keep-fragments", action="store_true", help="let sentence fragments stand for their passage (as before index.sentences.fragments)")
    parser.add_argument("--json", type=Path, help="write every question's ranks here")
    args = parser.parse_args(argv)
    if not (args.index / "manifest.json").exists():
        print(f"error: no index in {args.index}", file=sys.stderr)
        return 2
    import json

    from eval.scale import _setup, real_texts, set_nprobe
    from index import threads
    from index.store import Store
    from qa.retriever import FusionConfig, Retriever

    alone, _, dataset, queries, modelled = _setup(args.index.parent, args.real, question_set=args.set)
    vectors = modelled.encode_queries(queries)
    threads.configure()
    real = set(real_texts(args.real)[1])
    scaled = Store.load(args.index)
    if args.keep_fragments:
        alone.sentences.muted = scaled.sentences.muted = None
    classes = classes_of(scaled, real)
    sizes = np.bincount(classes, minlength=len(CLASSES))
    dump = {}
    config = FusionConfig(exhaustive_below=0)
    for nprobe in args.nprobe:
        base = run(alone, Retriever(alone, modelled, config), dataset.questions, queries, vectors, classes_of(alone, real))
        retriever = Retriever(scaled, modelled, config)
        ivf = [i for i in (scaled.dense, scaled.sentences) if i.kind.value.startswith("ivf")]
        if nprobe == 0 and ivf:
            import faiss

            nprobe = max(faiss.extract_index_ivf(i.faiss_index).nlist for i in ivf)
        set_nprobe(scaled, nprobe)
        entries = run(scaled, retriever, dataset.questions, queries, vectors, classes)
        dump[str(nprobe)] = {"alone": base, "scaled": entries}
        label = (f"{args.index.name}: " + ", ".join(f"{n:,} {c}" for c, n in zip(CLASSES, sizes)) + "; "
                 f"{args.set}, {len(entries)} answerable; nprobe {nprobe or 'as built'}")
        print(table(base, entries, sizes, label), "\n", flush=True)
    if args.json:
        args.json.write_text(json.dumps(dump), encoding="utf-8")
    print(f"load average (1, 5, 15 min): {', '.join(f'{v:.1f}' for v in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
