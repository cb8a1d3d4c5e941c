"""IVF recall on a scale index's own vectors: what the IVF misses against an exact search of
the same vectors, at several nprobe, as stored and centred.

The windows (or sentences) of a scale index (``eval.scale``'s ``scale-N``) are decoded, the
exact top 10 of each question (flat inner product over the decoded vectors) is the truth, and
IVF-SQ8 indexes with the build's cell count are trained on the same strided sample the build
uses: vectors as stored, and centred (the mean of the training sample taken off the stored
vectors, not the query: ``q·(x − μ) = q·x − q·μ`` ranks as ``q·x``, but k-means then cuts the
part of the vectors that differs between topics instead of the mean every e5 vector shares).
Questions are report_dev's (real vectors); also reported: how many of them find the report's
vectors among the exact top 10 at all.

    python -m eval.scale_ivf --index DIR [--which dense|sentences] [--nprobe 8 16 32 64]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import numpy as np


def recall(found: np.ndarray, truth: np.ndarray) -> float:
    return float(np.mean([len(set(a[a >= 0]) & set(b)) / len(b) for a, b in zip(found, truth)]))


def measure(vectors: np.ndarray, queries: np.ndarray, nprobes: list[int], k: int = 10) -> list[dict]:
    import faiss

    from index import dense_kinds
    from index.dense import DenseKind

    faiss.omp_set_num_threads(1)
    exact = faiss.IndexFlatIP(vectors.shape[1])
    exact.add(vectors)
    truth = exact.search(queries, k)[1]
    nlist = dense_kinds.nlist_for(len(vectors))
    step = max(1, len(vectors) // dense_kinds.train_size(DenseKind.IVF_SQ8, len(vectors)))
    sample = vectors[::step]
    rows = []
    for centred in (False, True):
        mean = sample.mean(axis=0) if centred else np.zeros(vectors.shape[1], np.float32)
        t0 = time.perf_counter()
        index = dense_kinds.new_index(DenseKind.IVF_SQ8, vectors.shape[1], len(vectors), sample - mean)
        index.add(vectors - mean)
        built = time.perf_counter() - t0
        for nprobe in nprobes:
            faiss.extract_index_ivf(index).nprobe = nprobe
            t0 = time.perf_counter()
            found = index.search(queries, k)[1]
            ms = (time.perf_counter() - t0) * 1000 / len(queries)
            rows.append({"centred": centred, "nlist": nlist, "nprobe": nprobe, "recall": recall(found, truth), "ms": ms, "build_s": built})
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.scale_ivf", description=__doc__.split("\n\n")[0])
    parser.add_argument("--index", type=Path, required=True)
    parser.add_argument("--which", default="dense", choices=["dense", "sentences"])
    parser.add_argument("--nprobe", type=int, nargs="+", default=[8, 16, 32, 64])
    parser.add_argument("--set", default="report_dev", choices=["report_dev", "report_test"])
    args = parser.parse_args(argv)
    if not (args.index / "manifest.json").exists():
        print(f"error: no index in {args.index}", file=sys.stderr)
        return 2
    from eval.datasets import ReportSet, load_report_set
    from eval.runner import retrieval_query
    from index.encoders import load_encoder
    from index.store import Store

    store = Store.load(args.index)
    dense = store.dense if args.which == "dense" else store.sentences
    vectors = np.ascontiguousarray(dense.vectors(), dtype=np.float32)
    queries = np.asarray(load_encoder().encode_queries([retrieval_query(q) for q in load_report_set(ReportSet(args.set)).questions]), np.float32)
    del store
    rows = measure(vectors, queries, args.nprobe)
    print(f"{args.index.name} {args.which}: {len(vectors):,} vectors ({dense.kind.value} as stored, decoded), {len(queries)} {args.set} questions, one thread\n")
    print("| vectors | nlist | nprobe | recall@10 vs exact | ms per query | build s |\n|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {'centred' if r['centred'] else 'as stored'} | {r['nlist']} | {r['nprobe']} | {r['recall']:.3f} | {r['ms']:.2f} | {r['build_s']:.0f} |")
    print(f"\nload average (1, 5, 15 min): {', '.join(f'{v:.1f}' for v in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
