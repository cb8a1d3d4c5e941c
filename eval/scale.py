"""``make bench-scale``: the report's paragraphs hidden among 10k, 100k and 1M generated ones.

For each size, in a process of its own (so its peak RSS is its own): a streaming build
(``index.stream_build``) of the corpus of ``eval.scale_corpus`` with the vectors of
``eval.scale_encoder``, then every report_test question in every mode through the candidate
path. Reported: build time (measured, plus the embedding time projected from the real encoder's
throughput measured here on distractor texts), index size on disk, peak RSS, query p50/p95 per
mode with the query vector given (retrieval beyond the embedding), and report_test MRR@10
beside the same measure on the report alone. Writes eval/results/scale.md.

    python -m eval.scale [--sizes 10000 100000 1000000] [--work DIR] [--results FILE]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "eval" / "results" / "scale.md"
XQUAD_DIR = Path(os.environ.get("SANAD_XQUAD_DIR", ROOT.parent / "shared" / "bench" / "xquad"))
SIZES = (10_000, 100_000, 1_000_000)
# Distractors whose windows the real encoder embeds (the first N; the others' are composed from
# their sentences' real vectors: eval.scale_compose), and XQuAD sentences it embeds. --real 10000
# makes the 10k row wholly real, the check of the composed one (eval/results/scale.md).
REAL_DISTRACTORS = 0
REAL_SENTENCES = 10**9  # every XQuAD sentence (2,524): the composed vectors need them all


def dense_kind_for(vectors: int):
    """The FAISS kind for an index of ``vectors`` rows (measured in eval/results/scale.md)."""
    from index.dense import DenseKind

    return DenseKind.FLAT if vectors < 50_000 else DenseKind.IVF_SQ8


def real_texts(real_distractors: int, real_sentences: int = REAL_SENTENCES) -> tuple[list[str], list[str]]:
    """The texts the real encoder embeds: every XQuAD sentence, the first ``real_distractors`` distractors."""
    from eval.scale_corpus import distractor_texts, sentence_pool

    pool = sentence_pool(XQUAD_DIR)
    return (pool["ar"] + pool["en"])[:real_sentences], list(distractor_texts(real_distractors, pool))


def prepare(work: Path, real_distractors: int, encoder=None, progress: bool = True, real_sentences: int = REAL_SENTENCES) -> dict[str, np.ndarray]:
    """Real vectors of ``real_texts``, embedded once and cached under ``work/real``."""
    from eval.scale_encoder import real_vectors

    if encoder is None:
        from index.encoders import load_encoder

        encoder = load_encoder()  # the default backend (ONNX float32 when installed), as `sanad add` embeds
    sentences, passages = real_texts(real_distractors, real_sentences)
    # Sentences first: the composed window model (eval.scale_encoder.ComposedModel) needs only them.
    out = dict(zip(sentences, real_vectors(encoder, sentences, work / "real" / "sentences", progress=progress)))
    out.update(zip(passages, real_vectors(encoder, passages, work / "real" / "passages", progress=progress)))
    return out


def _setup(work: Path, real_distractors: int, real_sentences: int = REAL_SENTENCES, composition: str | None = "spread", question_set: str = "report_test"):
    from eval.datasets import ReportSet, load_report_set
    from eval.runner import retrieval_query
    from eval.scale_encoder import ModelledEncoder
    from index.build import ensure_index
    from index.encoders import load_encoder

    encoder = load_encoder()
    store = ensure_index(encoder=encoder).store
    dataset = load_report_set(ReportSet(question_set))
    queries = [retrieval_query(q) for q in dataset.questions]
    real = prepare(work, real_distractors, encoder, progress=False, real_sentences=real_sentences)
    sentences, passages = real_texts(real_distractors, real_sentences)
    if composition is None:  # the Gaussian model of every distractor vector (before 2026-12-01 23:25)
        return store, encoder, dataset, queries, ModelledEncoder.from_store(store, encoder, queries, real, passages)
    from eval.scale_compose import Composition

    pool = real_texts(0, 10**9)[0]
    if len(sentences) < len(pool):
        raise SystemExit(f"error: composed vectors need every XQuAD sentence embedded (--real-sentences {len(pool)} or more)")
    modelled = ModelledEncoder.from_store(store, encoder, queries, real, passages, Composition(composition), pool, work / "real" / "words")
    return store, encoder, dataset, queries, modelled


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def set_nprobe(store, nprobe: int | None) -> None:
    """Search ``nprobe`` cells of both IVF indexes of ``store`` (``None``: the index's own setting)."""
    if nprobe is None:
        return
    import faiss

    for index in (store.dense, store.sentences):
        if index.kind.value.startswith("ivf"):
            faiss.extract_index_ivf(index.faiss_index).nprobe = nprobe
            index.__dict__.pop("_selectors", None)  # search parameters made with the old nprobe


def one_size(size: int, work: Path, real_distractors: int = REAL_DISTRACTORS, real_sentences: int = REAL_SENTENCES, composition: str | None = "spread",
             question_set: str = "report_test", nprobes: list[int] | None = None) -> dict:
    """Build (or reuse) and query the corpus of ``size`` passages; runs in its own process.
    ``nprobes``: query once per IVF nprobe (the first gives the row's ``query_ms`` and ``mrr10``)."""
    from eval import metrics
    from eval.datasets import relevance_key
    from eval.scale_corpus import corpus, sentence_pool
    from index.store import IndexConfig, Store, directory_size
    from index.stream_build import build_streaming
    from qa.retriever import FusionConfig, Mode, Retriever

    store, encoder, dataset, queries, modelled = _setup(work, real_distractors, real_sentences, composition, question_set)
    report = list(store.passages)
    size = max(size, len(report))
    kind = dense_kind_for(size * 4)  # sentences: about 3.5 a passage
    config = IndexConfig.for_model(store.model_name, dense_kind=kind.value)
    directory = work / f"scale-{size}"
    started = time.perf_counter()
    texts = [0]

    def passages():
        for passage, _ in corpus(size, report, sentence_pool(XQUAD_DIR)):
            texts[0] += 1
            yield passage

    reused = (directory / "manifest.json").exists()
    timing = work / f"scale-{size}.build.json"  # a reused build reports the time it was built in
    if not reused:
        build_streaming(passages(), modelled, config, directory, total=size, batch_size=2048, show_progress=True)
        # The build's own peak (before the queries load the index again): the target of issue #14 is serving's.
        timing.write_text(json.dumps({"build_seconds": time.perf_counter() - started, "build_peak_rss_mb": _rss_mb()}), encoding="utf-8")
    build_seconds = json.loads(timing.read_text(encoding="utf-8"))["build_seconds"] if timing.exists() else float("nan")
    build_load = os.getloadavg()[1]
    del store
    from index import threads

    # One query at a time on one thread, as a server's request thread runs it (index.threads,
    # as the server sets them): FAISS's OpenMP threads spin against every other process on 2
    # shared cores (a flat search over 10k windows took 98 ms at p50 with them, load average 14).
    threads.configure()
    scaled = Store.load(directory)
    retriever = Retriever(scaled, modelled, FusionConfig(exhaustive_below=0))
    vectors = modelled.encode_queries(queries)
    by_nprobe = {}
    for nprobe in nprobes or [None]:
        set_nprobe(scaled, nprobe)
        timings, mrr = {}, {}
        for mode in Mode:
            retriever.search(queries[0], 10, mode, query_vector=vectors[0])  # warm-up
            ms, ranks = [], []
            for question, query, vector in zip(dataset.questions, queries, vectors):
                t0 = time.perf_counter()
                hits = retriever.search(query, 10, mode, query_vector=vector)
                ms.append((time.perf_counter() - t0) * 1000)
                if question.answerable:
                    ranks.append(metrics.reciprocal_rank([relevance_key(h.passage) for h in hits], question.gold_keys(), 10))
            timings[mode.value] = (metrics.percentile(ms, 50), metrics.percentile(ms, 95))
            mrr[mode.value] = float(np.mean(ranks))
        by_nprobe[str(nprobe)] = {"query_ms": timings, "mrr10": mrr, "load_average": round(os.getloadavg()[0], 1)}
    timings, mrr = by_nprobe[str((nprobes or [None])[0])]["query_ms"], by_nprobe[str((nprobes or [None])[0])]["mrr10"]
    counts = scaled.manifest.counts
    return {
        "size": size,
        "dense_kind": kind.value,
        "reused_build": reused,
        "build_seconds": build_seconds,
        "windows": counts.windows,
        "sentences": counts.sentences,
        "terms": counts.terms,
        "disk_bytes": directory_size(directory),
        "peak_rss_mb": _rss_mb(),
        # The 5-minute load average of the machine (2 cores, shared) after the build and the queries.
        "load_average": [round(build_load, 1), round(os.getloadavg()[1], 1)],
        "query_ms": timings,
        "mrr10": mrr,
        "set": question_set,
        "by_nprobe": by_nprobe,
        "centred": scaled.dense.mean is not None,
        "vectors": {"composition": composition or "gaussian", "real_windows": real_distractors, "composed": modelled.composed, "sampled": modelled.sampled},
    }


def throughput(samples: int = 48) -> float:
    """The real encoder's passage texts per second on distractor passages and sentences."""
    from eval.scale_corpus import distractor_texts, sentence_pool
    from index.encoders import load_encoder

    encoder = load_encoder()
    texts = list(distractor_texts(samples // 2, sentence_pool(XQUAD_DIR), seed=99))
    texts += [s for t in texts[: samples // 2] for s in t.split(". ")][: samples // 2]
    encoder.encode_passages(texts[:4])
    t0 = time.perf_counter()
    encoder.encode_passages(texts)
    return len(texts) / (time.perf_counter() - t0)


def table(rows: list[dict], rate: float, baseline: dict) -> str:
    from eval.runner import machine_description

    modes = list(rows[0]["query_ms"])
    lines = [
        "| passages | FAISS | windows | sentences | BM25 terms | build (measured) | + embedding (projected) | on disk | peak RSS | "
        + " | ".join(f"{m} p50/p95 ms" for m in modes)
        + " | hybrid MRR@10 (report alone) | load avg (build, queries) |",
        "|" + "---|" * (9 + len(modes) + 2),
    ]
    for row in rows:
        embed_hours = (row["windows"] + row["sentences"]) / rate / 3600
        cells = [
            f"{row['size']:,}",
            row["dense_kind"],
            f"{row['windows']:,}",
            f"{row['sentences']:,}",
            f"{row['terms']:,}",
            f"{row['build_seconds'] / 60:.1f} min" + (" (reused)" if row["reused_build"] else ""),
            f"{embed_hours:.1f} h",
            f"{row['disk_bytes'] / 2**30:.2f} GiB",
            f"{row['peak_rss_mb'] / 1024:.2f} GiB",
            *(f"{p50:.1f} / {p95:.1f}" for p50, p95 in row["query_ms"].values()),
            f"{row['mrr10']['hybrid']:.3f} ({baseline['mrr10']['hybrid']:.3f})",
            ", ".join(f"{v:.1f}" for v in row["load_average"]) if "load_average" in row else "not recorded",
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + f"\n\nEncoder throughput measured here: {rate:.1f} texts/s. Machine: {machine_description()}.\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.scale", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES), help="corpus sizes in passages")
    parser.add_argument("--work", type=Path, default=ROOT / "build" / "scale", help="where the indexes are built (kept for reuse)")
    parser.add_argument("--results", type=Path, default=RESULTS, help="the markdown file to write")
    parser.add_argument("--real", type=int, default=REAL_DISTRACTORS, help="distractors embedded by the real encoder (the rest are modelled)")
    parser.add_argument("--real-sentences", type=int, default=REAL_SENTENCES, help="XQuAD sentences embedded by the real encoder")
    parser.add_argument("--vectors", default="spread", choices=["spread", "mean", "length", "first", "gaussian"],
                        help="distractor vectors: composed from their sentences' real vectors (mean, length-weighted mean, first sentence), or Gaussian samples")
    parser.add_argument("--prepare", action="store_true", help="only embed (and cache) the real vectors")
    parser.add_argument("--reuse", action="store_true", help="take a size's row from an earlier run's scale-SIZE.json in --work")
    parser.add_argument("--set", default="report_test", choices=["report_dev", "report_test"], help="the questions (tune on report_dev only)")
    parser.add_argument("--nprobe", type=int, nargs="+", help="with --one: query once per IVF nprobe (default: the index's own)")
    parser.add_argument("--tag", default="", help="with --one: suffix of the row's json file (several query runs of one build)")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if any(size < 1 for size in args.sizes) or args.real < 0 or args.real_sentences < 0:
        parser.error("sizes must be positive, --real and --real-sentences not negative")
    if not (XQUAD_DIR / "xquad.ar.json").exists():
        print(f"error: XQuAD not found in {XQUAD_DIR} (set SANAD_XQUAD_DIR)", file=sys.stderr)
        return 2
    args.work.mkdir(parents=True, exist_ok=True)
    if args.prepare:
        prepare(args.work, args.real, real_sentences=args.real_sentences)
        return 0
    if args.one is not None:
        row = one_size(args.one, args.work, args.real, args.real_sentences, None if args.vectors == "gaussian" else args.vectors, args.set, args.nprobe)
        (args.work / f"scale-{args.one}{args.tag}.json").write_text(json.dumps(row), encoding="utf-8")
        print(json.dumps(row), flush=True)
        return 0
    prepare(args.work, args.real, real_sentences=args.real_sentences)
    rows = []
    for size in [0, *args.sizes]:  # 0: the report alone, the baseline
        measured = args.work / f"scale-{size}.json"
        if args.reuse and measured.exists():
            rows.append(json.loads(measured.read_text(encoding="utf-8")))
            continue
        done = subprocess.run(
            [sys.executable, "-m", "eval.scale", "--one", str(size), "--work", str(args.work), "--real", str(args.real), "--real-sentences", str(args.real_sentences), "--vectors", args.vectors],
            cwd=ROOT, stdout=subprocess.PIPE, text=True, check=True,
        )
        row = json.loads(done.stdout.strip().splitlines()[-1])
        print(json.dumps(row), file=sys.stderr)
        rows.append(row)
    rate = throughput()
    text = table(rows[1:], rate, rows[0])
    args.results.parent.mkdir(parents=True, exist_ok=True)
    args.results.write_text(HEADER + text, encoding="utf-8")
    print(text)
    return 0


HEADER = """# Scale: the report hidden among generated paragraphs (`make bench-scale`)

Distractors are recombined from XQuAD's Arabic and English sentences (`eval/scale_corpus.py`).
Every XQuAD sentence, every word and the questions have the real encoder's vectors (ONNX); a
distractor window's vector is composed from its sentences' real vectors (`eval/scale_compose.py`,
`--vectors spread`; checked against the real encoder in eval/results/scale.md), or, with
`--vectors gaussian`, every distractor vector is drawn from Gaussians fitted to real ones (the
rows before 2026-12-01 23:25 UTC). "build (measured)" is the streaming build with those vectors;
"+ embedding (projected)" is what the real encoder would add at the throughput measured in the
same run. Query times are per question with its vector given (retrieval beyond the embedding),
through the candidate path (`qa/candidates.py`), on 2 cores shared with other jobs.

"""

if __name__ == "__main__":
    sys.exit(main())
