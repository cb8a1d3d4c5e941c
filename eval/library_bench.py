"""The report's test questions in a library of many documents, and what one more document costs.

    python -m eval.library_bench [--articles N] [--xquad-dir DIR] [--home DIR] [--modes hybrid,dense,bm25] [--out FILE]

Builds, in a throw-away ``SANAD_HOME`` (or ``--home``), a library of the bundled
report plus XQuAD's Arabic and English contexts grouped by article, one
document per article and language (``--articles 12``: 24 documents; 48: all 96),
written as ``.txt`` files and added with ``Library.add`` as ``sanad add`` does.
The report's own index is the default one (``$SANAD_HOME/index/default``, built
if missing, reused if there); the library reads the report's vectors back from
it, as the first ``sanad add`` does. Then, in one process with one encoder:

- the time to add one more document to the library beside the time to build
  the same index from scratch (``Store.build`` over every passage, then saved);
- ``report_test`` and ``report_dev`` MRR@10 over the report alone, over the whole
  library (searched one language at a time, and in one pool as an ablation), and
  over the library restricted to the report (``docs=``), which must never return
  another document's passage.

Writes ``eval/results/library.md`` (``--out``).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import tempfile
import time
from pathlib import Path

from eval import datasets, runner
from eval.bench import XQUAD_DIR

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "eval" / "results" / "library.md"
REPORT = "a74-trafficking"
HELD_OUT = "Warsaw"  # the article added last, one document, for the timing (XQuAD's second)


def write_articles(xquad_dir: Path, folder: Path, articles: int) -> dict[str, list[Path]]:
    """One ``.txt`` per XQuAD article and language (its contexts, blank-line separated); ``{title: files}``."""
    folder.mkdir(parents=True, exist_ok=True)
    by_title: dict[str, list[Path]] = {}
    for lang in ("ar", "en"):
        data = json.loads((xquad_dir / f"xquad.{lang}.json").read_text(encoding="utf-8"))["data"]
        for article in data[:articles]:
            slug = re.sub(r"[^a-z0-9]+", "-", article["title"].lower()).strip("-")
            path = folder / f"xquad-{lang}-{slug}.txt"
            contexts = list(dict.fromkeys(" ".join(p["context"].split()) for p in article["paragraphs"]))
            path.write_text("\n\n".join(contexts) + "\n", encoding="utf-8")
            by_title.setdefault(article["title"], []).append(path)
    return by_title


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--xquad-dir", type=Path, default=XQUAD_DIR)
    parser.add_argument("--articles", type=int, default=12, help="XQuAD articles, each an Arabic and an English document (default 12; 48 is all)")
    parser.add_argument("--home", type=Path, default=None, help="SANAD_HOME to build in (default: a temporary one)")
    parser.add_argument("--modes", default="hybrid,dense,bm25")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    home = args.home or Path(tempfile.mkdtemp(prefix="sanad-library-bench-"))
    os.environ["SANAD_HOME"] = str(home)  # before anything reads it: this process's cache and library

    from eval.command import parse_modes
    from index.build import ensure_index
    from index.documents import bundled_report_path
    from index.encoders import load_encoder
    from index.library import Library
    from index.store import IndexConfig, Store

    modes = parse_modes(args.modes)
    config = IndexConfig.for_model(None).resolved()
    encoder = load_encoder(config=config.encoder)
    by_title = write_articles(args.xquad_dir, home / "articles", args.articles + 1)
    held_out = by_title.pop(HELD_OUT)
    files = [path for paths in by_title.values() for path in paths]
    log = lambda message: print(f"library_bench: {message}", file=sys.stderr, flush=True)  # noqa: E731

    t0 = time.perf_counter()
    alone = ensure_index(None, None, config, encoder=encoder).store
    log(f"report alone indexed in {time.perf_counter() - t0:.1f} s")
    library = Library(home / "library")
    t0 = time.perf_counter()
    library.add([bundled_report_path(), *files], config, lambda: encoder, reuse=alone)
    log(f"library of {len(library.documents())} documents added in {time.perf_counter() - t0:.1f} s")

    # One more document (the held-out article, Arabic) into the library, and out again.
    added = library.add(held_out[:1], config, lambda: encoder)
    add_seconds = added.seconds
    t0 = time.perf_counter()
    library.remove(added.documents[0].id, config)
    remove_seconds = time.perf_counter() - t0
    library.add(held_out[:1], config, lambda: encoder)  # back in, from its kept piece
    documents = library.documents()
    store = library.open(config)
    log(f"add one {add_seconds:.1f} s, remove one {remove_seconds:.1f} s; now the full rebuild")
    # The same index built from scratch, right after: every document embedded again (Store.build), then saved.
    t0 = time.perf_counter()
    Store.build(list(store.passages), encoder, config).save(home / "rebuilt")
    rebuild_seconds = time.perf_counter() - t0
    log(f"full rebuild {rebuild_seconds:.1f} s")
    timings = [
        f"| `Library.add` of one document (embeds it alone, assembles the store, swaps it in) | {add_seconds:.1f} |",
        f"| full rebuild of the same index (`Store.build` over all {len(store.passages)} passages, saved) | {rebuild_seconds:.1f} |",
        f"| `Library.remove` of that document (embeds nothing) | {remove_seconds:.1f} |",
    ]

    from qa.retriever import FusionConfig

    runs = {}
    for set_name in (datasets.ReportSet.REPORT_TEST, datasets.ReportSet.REPORT_DEV):
        dataset = datasets.load_report_set(set_name)
        tag = set_name.value
        runs[(tag, "report alone")] = runner.run(dataset, alone, encoder, modes, 10)
        runs[(tag, f"library ({len(documents)} documents)")] = runner.run(dataset, store, encoder, modes, 10)
        runs[(tag, "library, one pool (ablation: `by_language=False`)")] = runner.run(
            dataset, store, encoder, modes, 10, fusion_config=FusionConfig(by_language=False)
        )
        runs[(tag, "library, restricted to the report")] = runner.run(dataset, store, encoder, modes, 10, docs=frozenset({REPORT}))
    leaked = sum(1 for (_, name), r in runs.items() if "restricted" in name for q in r.per_query for doc, _ in q.ranked if doc != REPORT)
    test = datasets.load_report_set(datasets.ReportSet.REPORT_TEST)
    _write(args.out, _lines(config, documents, store, test, runs, modes, leaked, timings))
    return 0 if leaked == 0 else 1


def _write(out: Path, lines: list[str]) -> None:
    text = "\n".join(lines)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    print(text, flush=True)


def _lines(config, documents, store, dataset, runs, modes, leaked, timings) -> list[str]:
    lines = [
        "# The report's questions in a library",
        "",
        f"Produced by `python -m eval.library_bench` on {time.strftime('%Y-%m-%d')} ({runner.machine_description()}), "
        f"model `{config.encoder.model}`, k = 10; the machine was shared with other jobs, "
        "so the seconds below are long in absolute terms; they were measured in one run, one after the other.",
        "",
        f"Library: the bundled report and XQuAD's Arabic and English contexts grouped by article, one document per "
        f"article and language: {len(documents)} documents, {len(store.passages)} passages. "
        f"`report_test`: {len(dataset.questions)} questions ({runs[('report_test', 'report alone')].answerable} answerable); "
        "`report_dev` (every weight was tuned on it) below it.",
        "",
        "A library in several languages is searched one language at a time (`qa.scope`, `FusionConfig.by_language`): "
        "each language's passages are scored with their own BM25 statistics, lexical evidence and bridge, and the "
        "encoder's bonus for the question's own language (`FusionConfig.own_language_bonus`, 0.06 of cosine, tuned on "
        "report_dev) is taken off those passages' dense scores before the languages are pooled and fused. A search "
        "restricted to some documents scores them as an index of those documents alone would.",
    ]
    for tag in ("report_test", "report_dev"):
        lines += [
            "",
            f"**{tag}, MRR@10** (all / Arabic / English questions):",
            "",
            "| index | " + " | ".join(m.value for m in modes) + " |",
            "|---|" + "---:|" * len(modes),
        ]
        for (set_tag, name), report in runs.items():
            if set_tag != tag:
                continue
            cells = []
            for mode in modes:
                by_lang = report.by_lang or {}
                parts = [report.modes[mode.value]["mrr@10"]] + [by_lang.get(lang, {}).get(mode.value, {}).get("mrr@10") for lang in ("ar", "en")]
                cells.append(" / ".join("-" if v is None else f"{v:.3f}" for v in parts))
            lines.append(f"| {name} | " + " | ".join(cells) + " |")
        base, full = runs[(tag, "report alone")].modes, runs[(tag, f"library ({len(documents)} documents)")].modes
        lines += [
            "",
            f"Change in the library ({tag}, all questions): "
            + ", ".join(f"{m.value} {full[m.value]['mrr@10'] - base[m.value]['mrr@10']:+.3f}" for m in modes)
            + ".",
        ]
    lines += [
        "",
        f"Passages of another document returned by the restricted searches: {leaked}.",
        "",
        "**One more document** (one XQuAD article, Arabic, 5 passages) into the library above, beside a full "
        "rebuild of the same index, in this run:",
        "",
        "| change | seconds |",
        "|---|---:|",
        *timings,
        "",
    ]
    return lines


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
