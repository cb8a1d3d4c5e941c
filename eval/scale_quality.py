"""Retrieval quality at scale: the report's questions over the report alone and over a scale index,
per question language, for several fusion settings side by side in one process.

The indexes are ones ``eval.scale`` built (``--work DIR``: ``scale-N/``); nothing is built here.
Questions are embedded by the real encoder (as are the cross-lingual bridge's words), so the
report alone scores as ``make bench`` does. Every setting runs on the candidate path
(``qa.candidates``), as an index of 10k passages or more is searched.

    python -m eval.scale_quality --index DIR --alone DIR [--sets report_dev report_test] [--variants NAME ...]
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import sys
from pathlib import Path

import numpy as np

# Fusion settings compared (FusionConfig fields over its defaults, always on the candidate path).
VARIANTS: dict[str, dict] = {
    "pooled": {"by_language": False},  # every language in one pool: the candidate path before 2026-12-01
    "by-language": {},  # the default: per-language BM25 weight and the own-language dense shift
    "by-language, no shift": {"own_language_bonus": 0.0},
    "pooled + rerank": {"by_language": False, "rerank_weight": 0.5},
    # The exhaustive path (every passage scored, per-language scopes): the reference the candidate path follows.
    "exhaustive by-language": {"exhaustive_below": 10**9},
    "exhaustive pooled": {"exhaustive_below": 10**9, "by_language": False},
    "by-language + rerank": {"rerank_weight": 0.5},
}
MODES = ("hybrid", "dense", "bm25")


def reciprocal_ranks(retriever, questions, queries, vectors, mode, k: int = 10) -> list[float]:
    from eval import metrics
    from eval.datasets import relevance_key

    out = []
    for question, query, vector in zip(questions, queries, vectors):
        hits = retriever.search(query, k, mode, query_vector=vector)
        out.append(metrics.reciprocal_rank([relevance_key(h.passage) for h in hits], question.gold_keys(), k))
    return out


def measure(stores: dict[str, Path], sets: list[str], variants: list[str]) -> list[dict]:
    """One row per (set, variant, index, mode): MRR@10 over all answerable questions and per language."""
    from eval.datasets import ReportSet, load_report_set
    from eval.runner import retrieval_query
    from index.encoders.factory import load_encoder
    from index.store import Store
    from qa.retriever import FusionConfig, Retriever

    encoder = load_encoder()
    loaded = {name: Store.load(path) for name, path in stores.items()}
    rows = []
    for which in sets:
        questions = [q for q in load_report_set(ReportSet(which)).questions if q.answerable]
        queries = [retrieval_query(q) for q in questions]
        vectors = encoder.encode_queries(queries)
        languages = np.array([q.lang or "ar" for q in questions])
        for variant in variants:
            config = FusionConfig(**{"exhaustive_below": 0, **VARIANTS[variant]})
            for name, store in loaded.items():
                retriever = Retriever(store, encoder, config)
                for mode in MODES:
                    rr = np.array(reciprocal_ranks(retriever, questions, queries, vectors, mode))
                    rows.append({
                        "set": which, "variant": variant, "index": name, "mode": mode,
                        "mrr": float(rr.mean()), **{lang: float(rr[languages == lang].mean()) for lang in ("ar", "en")},
                        "questions": {lang: int((languages == lang).sum()) for lang in ("ar", "en")},
                    })
    return rows


def table(rows: list[dict]) -> str:
    indexes = list(dict.fromkeys(r["index"] for r in rows))
    head = "| set | fusion | mode | " + " | ".join(f"{i} all / ar / en" for i in indexes) + " |"
    lines = [head, "|" + "---|" * (3 + len(indexes))]
    keyed = {(r["set"], r["variant"], r["mode"], r["index"]): r for r in rows}
    for s, v, m in dict.fromkeys((r["set"], r["variant"], r["mode"]) for r in rows):
        cells = [f"{keyed[s, v, m, i]['mrr']:.3f} / {keyed[s, v, m, i]['ar']:.3f} / {keyed[s, v, m, i]['en']:.3f}" for i in indexes]
        lines.append(f"| {s} | {v} | {m} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.scale_quality", description=__doc__.split("\n\n")[0])
    parser.add_argument("--index", type=Path, required=True, help="a scale index (eval.scale's scale-N directory)")
    parser.add_argument("--alone", type=Path, required=True, help="the report alone, built the same way (scale-141)")
    parser.add_argument("--sets", nargs="+", default=["report_dev", "report_test"], choices=["report_dev", "report_test", "report_all"])
    parser.add_argument("--variants", nargs="+", default=list(VARIANTS), choices=list(VARIANTS))
    args = parser.parse_args(argv)
    for path in (args.index, args.alone):
        if not (path / "manifest.json").exists():
            print(f"error: no index in {path} (build one with python -m eval.scale)", file=sys.stderr)
            return 2
    rows = measure({"report alone": args.alone, f"{args.index.name}": args.index}, args.sets, args.variants)
    print(table(rows))
    print(f"\nload average (1, 5, 15 min): {', '.join(f'{v:.1f}' for v in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
