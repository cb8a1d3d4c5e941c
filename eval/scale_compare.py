"""Side-by-side measurements behind the scale choices, in one process each:

- FAISS kinds over the same vectors (the report's real windows among modelled distractors,
  the report questions' real vectors): build time, bytes per vector, recall@10 against flat,
  query p50;
- BM25 implementations over the same tokens: ours exhaustive (``BM25.scores``), ours top-k
  (``index.bm25_topk``), ``bm25s`` and ``rank-bm25``: build time, query p50, and agreement with
  rank-bm25's top 10 (the reference).

    python -m eval.scale_compare faiss [--rows N]
    python -m eval.scale_compare bm25 [--docs N]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

from eval import metrics


def _p50(fn, items) -> float:
    ms = []
    for item in items:
        t0 = time.perf_counter()
        fn(item)
        ms.append((time.perf_counter() - t0) * 1000)
    return metrics.percentile(ms, 50)


def _faiss_variants(rows: int, kinds=None):
    """``(kind, nlist, search settings)`` to compare: every kind, and IVF-SQ8 (the kind chosen
    above 50,000 vectors) at three cell counts, since k-means training and assigning every added
    vector to its cell cost in proportion to ``nlist``."""
    import math

    from index import dense_kinds
    from index.dense import DenseKind

    root = math.sqrt(rows)
    default = dense_kinds.nlist_for(rows)
    variants = [
        (DenseKind.FLAT, None, [None]),
        (DenseKind.HNSW, None, [64, 128, 256]),
        (DenseKind.IVF_FLAT, default, [16, 32]),
        *((DenseKind.IVF_SQ8, nlist, [8, 16, 32, 64]) for nlist in sorted({int(root), int(2 * root), int(4 * root)})),
        (DenseKind.IVF_PQ, default, [16, 32]),
    ]
    # flat is always measured, first: it is the reference of every recall.
    yield from (v for v in variants if v[0] is DenseKind.FLAT or kinds is None or v[0] in kinds)


def compare_faiss(rows: int, work: Path, real: int | None = None, kinds=None) -> str:
    import faiss

    from eval.scale import REAL_DISTRACTORS, _setup
    from index import dense_kinds
    from index.dense import DenseKind

    faiss.omp_set_num_threads(1)  # one query at a time, as a server thread runs it
    store, _, _, queries, modelled = _setup(work, REAL_DISTRACTORS if real is None else real)
    real = store.dense.vectors()
    rng = np.random.default_rng(5)
    base = np.concatenate([real, modelled.models["window"].sample(rows - len(real), rng)])
    base = base[rng.permutation(len(base))]
    q = modelled.encode_queries(queries)
    lines = [
        f"FAISS kinds over {rows:,} vectors (the report's {len(real)} real windows among modelled ones), "
        f"{len(q)} report_test questions, one thread (training and adding too):\n",
        "| kind | parameters | train s | add s | bytes/vector | recall@10 vs flat | query p50 ms |",
        "|---|---|---|---|---|---|---|",
    ]
    truth = None
    for kind, nlist, settings in _faiss_variants(len(base), kinds):
        wanted = dense_kinds.train_size(kind, len(base), nlist)
        t0 = time.perf_counter()
        index = dense_kinds.new_index(kind, base.shape[1], len(base), base[:wanted] if wanted else None, nlist=nlist)
        train = time.perf_counter() - t0
        t0 = time.perf_counter()
        index.add(base)
        add = time.perf_counter() - t0
        size = len(faiss.serialize_index(index)) / len(base)
        for setting in settings:
            if kind is DenseKind.HNSW:
                index.hnsw.efSearch = setting
                label = f"M 32, efSearch {setting}"
            elif setting is not None:
                faiss.extract_index_ivf(index).nprobe = setting
                label = f"nlist {nlist}, nprobe {setting}"
            else:
                label = "exact"
            found = index.search(q, 10)[1]
            if truth is None:
                truth = found
            recall = np.mean([len(set(a) & set(b)) / 10 for a, b in zip(found, truth)])
            p50 = _p50(lambda v: index.search(v.reshape(1, -1), 10), q)
            lines.append(f"| {kind.value} | {label} | {train:.1f} | {add:.1f} | {size:.0f} | {recall:.3f} | {p50:.2f} |")
            print(lines[-1], file=sys.stderr, flush=True)
        del index
    return "\n".join(lines) + "\n"


def compare_bm25(docs: int) -> str:
    import bm25s
    from rank_bm25 import BM25Okapi

    from eval.datasets import ReportSet, load_report_set
    from eval.runner import retrieval_query
    from eval.scale import XQUAD_DIR
    from eval.scale_corpus import distractor_texts, sentence_pool
    from index import arabic, bm25_topk
    from index.bm25 import BM25

    tokens = [arabic.tokenize(t) or ["\u2205"] for t in distractor_texts(docs, sentence_pool(XQUAD_DIR))]
    questions = [arabic.tokenize(retrieval_query(q)) for q in load_report_set(ReportSet.REPORT_TEST).questions]
    questions = [q for q in questions if q]
    timed = {}
    t0 = time.perf_counter()
    reference = BM25Okapi(tokens, k1=1.5, b=0.75, epsilon=0.25)
    timed["rank-bm25"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    ours = BM25.index(tokens)
    timed["ours"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    other = bm25s.BM25(method="robertson", k1=1.5, b=0.75)
    other.index(tokens, show_progress=False)
    timed["bm25s"] = time.perf_counter() - t0
    few = questions[:20]  # rank-bm25 scores every document in Python: a few questions suffice

    def ref_top(q):
        return np.argsort(-reference.get_scores(q), kind="stable")[:10]

    truth = [ref_top(q) for q in few]

    def agree(tops):
        return np.mean([len(set(a.tolist()) & set(b.tolist())) / 10 for a, b in zip(tops, truth)])

    def bm25s_top(q):
        known = [t for t in q if t in other.vocab_dict]
        if not known:
            return np.zeros(0, dtype=np.int64)
        return other.retrieve([known], k=10, show_progress=False, n_threads=1)[0][0]

    rows = {
        "rank-bm25 (reference)": (timed["rank-bm25"], _p50(ref_top, few), 1.0),
        "ours, every document (`BM25.scores`)": (timed["ours"], _p50(lambda q: np.argsort(-ours.scores(q), kind="stable")[:10], questions), agree([np.argsort(-ours.scores(q), kind="stable")[:10] for q in few])),
        "ours, top-k (`bm25_topk`, MaxScore)": (timed["ours"], _p50(lambda q: bm25_topk.top_k(ours, q, 10), questions), agree([bm25_topk.top_k(ours, q, 10)[0] for q in few])),
        "bm25s (robertson idf)": (timed["bm25s"], _p50(bm25s_top, questions), agree([bm25s_top(q) for q in few])),
    }
    diff = max(float(np.max(np.abs(ours.scores(q) - reference.get_scores(q)))) for q in few)
    lines = [
        f"BM25 over {docs:,} distractor passages, report_test questions ({len(questions)}; rank-bm25 timed on {len(few)}):\n",
        "| implementation | build s | query p50 ms | top-10 agreement with rank-bm25 |",
        "|---|---|---|---|",
        *(f"| {name} | {b:.1f} | {p:.2f} | {a:.3f} |" for name, (b, p, a) in rows.items()),
        f"\nOur scores differ from rank-bm25's by at most {diff:.1e} (our build calls rank-bm25 for the idf; "
        "`index.bm25_stream` builds the same arrays without it).",
    ]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.scale_compare")
    parser.add_argument("what", choices=["faiss", "bm25"])
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--docs", type=int, default=100_000)
    parser.add_argument("--work", type=Path, default=Path(__file__).resolve().parents[1] / "build" / "scale")
    parser.add_argument("--real", type=int, help="distractors embedded by the real encoder for the window model (eval.scale's --real)")
    parser.add_argument("--kinds", nargs="+", metavar="KIND", help="FAISS kinds to compare (default: every kind; flat always, as the reference)")
    args = parser.parse_args(argv)
    from index.common import OptionError, parse_enum
    from index.dense import DenseKind

    try:
        kinds = None if args.kinds is None else {parse_enum(DenseKind, k, "--kinds") for k in args.kinds}
    except OptionError as error:
        parser.error(str(error))
    print(compare_faiss(args.rows, args.work, args.real, kinds) if args.what == "faiss" else compare_bm25(args.docs))
    return 0


if __name__ == "__main__":
    sys.exit(main())
