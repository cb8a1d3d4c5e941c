"""``python -m eval.scale_ab``: one scale index, two versions of some modules, questions alternating in one process.

Two 1M processes do not fit beside other work (each serves ~5.7 GiB), so both sides share one loaded
index and retriever: side ``base`` runs with the named modules' functions and classes taken from another
code tree (``--base``, e.g. a checkout of main), side ``tree`` with this tree's. Per question both run
in turn, the order alternating (base tree, tree base, ...), with the question's vector given (retrieval
beyond the embedding), one thread, as ``eval.scale`` times them. Reported: p50/p95 per side, the load
average, how many questions' top-10 differ (keys and scores, exactly), hybrid MRR@10 per side.
``--profile N`` profiles the tree side on N questions after the timed run.

    python -m eval.scale_ab --work W --index W/scale-1000000 --base /work/main --swap index.bm25_topk \\
        [--set report_dev] [--nprobe 64] [--repeat 2] [--limit N] [--profile 40]

``--work`` is ``eval.scale``'s work directory (its cached real vectors: the distractor vector model and the
bridge's word vectors are built as that run built them; ``--real`` as there).
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import json
import os
import sys
import time
from pathlib import Path

import numpy as np


class Swap:
    """The functions and classes of ``names`` (module names) as ``base`` (a code tree) defines them,
    put into the live modules on ``use("base")`` and back on ``use("tree")``."""

    def __init__(self, base: Path | None, names: list[str]):
        self.patches = []
        for name in names:
            live = importlib.import_module(name)
            path = base / (name.replace(".", "/") + ".py")
            if not path.exists():
                raise SystemExit(f"error: {path} not found (--base must be a code tree holding {name})")
            spec = importlib.util.spec_from_file_location(f"_base_{name.replace('.', '_')}", path)
            module = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(module)
            # Only the names both define: the base's functions read their own helpers from their own module.
            theirs = {k: v for k, v in vars(module).items() if callable(v) and getattr(v, "__module__", None) == module.__name__ and hasattr(live, k)}
            ours = {k: getattr(live, k) for k in theirs}
            self.patches.append((live, theirs, ours))

    def use(self, side: str) -> None:
        for live, theirs, ours in self.patches:
            for key, value in (theirs if side == "base" else ours).items():
                setattr(live, key, value)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.scale_ab", description=__doc__.split("\n\n")[0])
    parser.add_argument("--work", type=Path, required=True, help="eval.scale's work directory (its real vectors)")
    parser.add_argument("--index", type=Path, required=True, help="a scale index directory (W/scale-N)")
    parser.add_argument("--base", type=Path, help="the other code tree (default: none, both sides this tree's)")
    parser.add_argument("--swap", nargs="*", default=[], help="modules whose functions and classes the base side takes from --base")
    parser.add_argument("--config", nargs="*", default=[], metavar="FIELD=VALUE",
                        help="FusionConfig fields the tree side changes (e.g. cross_language_probes=2): an approximate change, MRR per side")
    parser.add_argument("--real", type=int, default=4864, help="as eval.scale --real for the build")
    parser.add_argument("--set", default="report_dev", choices=["report_dev", "report_test"])
    parser.add_argument("--nprobe", type=int, default=64)
    parser.add_argument("--repeat", type=int, default=1, help="timed passes over the questions")
    parser.add_argument("--limit", type=int, help="only the first N questions")
    parser.add_argument("--profile", type=int, default=0, help="then profile the tree side on N questions")
    parser.add_argument("--out", type=Path, help="write the per-question times and ranks as JSON")
    args = parser.parse_args(argv)
    if args.swap and args.base is None:
        parser.error("--swap needs --base")

    from eval import metrics
    from eval.datasets import relevance_key
    from eval.scale import _setup, set_nprobe
    from index import threads
    from index.store import Store
    from qa.retriever import FusionConfig, Mode, Retriever

    swap = Swap(args.base, args.swap)
    _, _, dataset, queries, modelled = _setup(args.work, args.real, question_set=args.set)
    threads.configure()
    t0 = time.perf_counter()
    store = Store.load(args.index)
    loaded = time.perf_counter() - t0
    set_nprobe(store, args.nprobe)
    retriever = Retriever(store, modelled, FusionConfig(exhaustive_below=0))
    configs = {"base": retriever.fusion_config, "tree": _changed(retriever.fusion_config, args.config)}
    vectors = modelled.encode_queries(queries)
    questions = list(zip(dataset.questions, queries, vectors))[: args.limit]
    sides = ("base", "tree")
    t0 = time.perf_counter()
    for side in sides:  # the first question builds the language scopes: not timed
        swap.use(side)
        retriever.fusion_config = configs[side]
        retriever.search(questions[0][1], 10, Mode.HYBRID, query_vector=questions[0][2])
    first = time.perf_counter() - t0
    ms = {s: [] for s in sides}
    ranks = {s: [] for s in sides}
    differing, loads = set(), [os.getloadavg()[0]]
    for rep in range(args.repeat):
        for n, (question, query, vector) in enumerate(questions):
            hits = {}
            for side in (sides if (n + rep) % 2 == 0 else sides[::-1]):
                swap.use(side)
                retriever.fusion_config = configs[side]
                t = time.perf_counter()
                hits[side] = retriever.search(query, 10, Mode.HYBRID, query_vector=vector)
                ms[side].append((time.perf_counter() - t) * 1000)
                if rep == 0 and question.answerable:
                    ranks[side].append(metrics.reciprocal_rank([relevance_key(h.passage) for h in hits[side]], question.gold_keys(), 10))
            keys = {s: [(relevance_key(h.passage), h.score) for h in hits[s]] for s in sides}
            if keys["base"] != keys["tree"]:
                differing.add(n)
            if n % 20 == 0:
                loads.append(os.getloadavg()[0])
    loads.append(os.getloadavg()[0])
    row = {
        "index": str(args.index),
        "swap": args.swap,
        "config": args.config,
        "base": str(args.base),
        "questions": len(questions),
        "timed_each": len(ms["tree"]),
        "store_load_s": round(loaded, 1),
        "first_question_s": round(first, 1),
        "load_1min": [round(min(loads), 1), round(max(loads), 1)],
        "p50_p95_ms": {s: [round(metrics.percentile(ms[s], 50), 1), round(metrics.percentile(ms[s], 95), 1)] for s in sides},
        "top10_differing": sorted(differing),
        "mrr10": {s: round(float(np.mean(ranks[s])), 4) for s in sides},
        "rss_mib": _rss(),
    }
    print(json.dumps(row), flush=True)
    if args.out:
        args.out.write_text(json.dumps({**row, "ms": ms}), encoding="utf-8")
    if args.profile:
        import cProfile
        import pstats

        swap.use("tree")
        retriever.fusion_config = configs["tree"]
        profile = cProfile.Profile()
        profile.enable()
        for _, query, vector in questions[: args.profile]:
            retriever.search(query, 10, Mode.HYBRID, query_vector=vector)
        profile.disable()
        pstats.Stats(profile, stream=sys.stdout).sort_stats("cumulative").print_stats(45)
    return 0


def _changed(config, fields: list[str]):
    """``config`` with ``FIELD=VALUE`` pairs replaced (values parsed as the field's type)."""
    import dataclasses

    changes = {}
    for item in fields:
        name, _, value = item.partition("=")
        fields_known = [f.name for f in dataclasses.fields(config)]
        if name not in fields_known:
            raise SystemExit(f"error: FusionConfig has no field {name!r}; its fields: {', '.join(fields_known)}")
        default = getattr(config, name)
        if isinstance(default, bool):  # bool("False") is True
            if value.lower() not in ("true", "false"):
                raise SystemExit(f"error: {name} takes true or false, not {value!r}")
            changes[name] = value.lower() == "true"
        else:
            changes[name] = type(default)(value)
    return dataclasses.replace(config, **changes)


def _rss() -> dict:
    """VmRSS and VmHWM of this process, MiB."""
    out = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(("VmRSS", "VmHWM")):
            out[line.split(":")[0]] = round(int(line.split()[1]) / 1024)
    return out


if __name__ == "__main__":
    sys.exit(main())
