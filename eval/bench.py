"""``make bench``: the report questions' test half with its dev half beside it, XQuAD Arabic → Arabic
and XQuAD English → Arabic, in one process.

Every weight and threshold is tuned on ``report_dev`` (and XQuAD); ``report_test`` is reported so the
gap between the half tuned on and the half held out shows. Writes ``eval/results/<name>.md``, ``.json`` and ``.png`` per benchmark and
``eval/results/summary.md`` with every table; if README.md has the markers
``<!-- bench:start -->`` and ``<!-- bench:end -->``, the summary replaces what
is between them. One encoder is loaded once and shared by all runs.

    python -m eval.bench [--only NAME ...] [--limit N] [--results DIR] [--xquad-dir DIR] [--no-ablation]
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import logging
import os
import sys
from collections.abc import Callable
from pathlib import Path

from eval import ablation, datasets, reporting, runner
from index.common import SanadError

log = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parents[1]
RESULTS_DIR = ROOT / "eval" / "results"
README = ROOT / "README.md"
# XQuAD (CC BY-SA 4.0) lives next to the checkout; $SANAD_XQUAD_DIR overrides.
XQUAD_DIR = Path(os.environ.get("SANAD_XQUAD_DIR", ROOT.parent / "shared" / "bench" / "xquad"))
COMMAND = "make bench"
START, END = "<!-- bench:start -->", "<!-- bench:end -->"


@dataclasses.dataclass(frozen=True)
class Benchmark:
    name: str
    title: str
    files: Callable[[argparse.Namespace], list[Path]]  # inputs that must exist
    load: Callable[[argparse.Namespace], datasets.EvalDataset]
    answers: bool = False


def _report_files(_args) -> list[Path]:
    return [datasets.bundled_report_dataset(), datasets.bundled_topics_dataset()]


BENCHMARKS = (
    Benchmark(
        "report_test",
        "Report questions (Arabic and English), test half → the bundled report's paragraphs",
        _report_files,
        lambda a: datasets.load_report_set(datasets.ReportSet.REPORT_TEST),
        answers=True,
    ),
    Benchmark(
        "report_dev",
        "Report questions (Arabic and English), dev half (tuned on) → the bundled report's paragraphs",
        _report_files,
        lambda a: datasets.load_report_set(datasets.ReportSet.REPORT_DEV),
        answers=True,
    ),
    Benchmark(
        "report_fresh",
        "Report questions written from its headings before its paragraphs were read (a check, never tuned on; retrieval only)",
        lambda a: [datasets.bundled_fresh_dataset()],
        lambda a: datasets.load_jsonl(datasets.bundled_fresh_dataset(), name="report_fresh"),
    ),
    Benchmark(
        "xquad_ar_ar",
        "XQuAD Arabic questions → Arabic contexts",
        lambda a: [a.xquad_dir / "xquad.ar.json"],
        lambda a: dataclasses.replace(datasets.load_squad(a.xquad_dir / "xquad.ar.json"), name="xquad_ar_ar"),
    ),
    Benchmark(
        "xquad_en_ar",
        "XQuAD English questions → Arabic contexts (paired by question id)",
        lambda a: [a.xquad_dir / "xquad.en.json", a.xquad_dir / "xquad.ar.json"],
        lambda a: datasets.load_paired(a.xquad_dir / "xquad.en.json", a.xquad_dir / "xquad.ar.json", name="xquad_en_ar"),
    ),
)
NAMES = [b.name for b in BENCHMARKS]


def _limit(dataset: datasets.EvalDataset, limit: int | None) -> datasets.EvalDataset:
    if not limit:
        return dataset
    return dataclasses.replace(dataset, questions=dataset.questions[:limit], description=f"{dataset.description} (first {limit} questions)")


def run_one(bench: Benchmark, args, encoder_factory, shared: dict | None = None) -> tuple[runner.EvalReport, list | None] | None:
    """The benchmark's report and, unless ``--no-ablation``, its ablation rows.

    ``shared`` memoizes the ablation's passage vectors across benchmarks over the same passages.
    """
    missing = [path for path in bench.files(args) if not Path(path).exists()]
    if missing:
        print(f"skipping {bench.name}: {', '.join(map(str, missing))} not found", file=sys.stderr)
        return None
    dataset = _limit(bench.load(args), args.limit)
    store, encoder = runner.open_index(dataset, encoder_factory, progress=True)
    assistant = None
    if bench.answers:
        from eval.command import assistant_class

        cls = assistant_class()
        assistant = cls(store, encoder) if cls is not None else None
    report = runner.run(dataset, store, encoder, runner_modes(), 10, assistant=assistant, progress=True)
    rows = None if args.no_ablation else ablation.run(dataset, store, encoder, shared=shared)
    return report, rows


def runner_modes():
    from qa.retriever import Mode

    return list(Mode)


def write_results(report: runner.EvalReport, bench: Benchmark, directory: Path) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    png = reporting.chart(report, directory / f"{bench.name}.png")
    md = reporting.markdown(report, COMMAND, chart=png.name, title=f"{bench.name}: {bench.title}")
    (directory / f"{bench.name}.md").write_text(md, encoding="utf-8")
    data = {"benchmark": bench.name, "command": COMMAND, **report.to_json()}
    (directory / f"{bench.name}.json").write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


ABLATION_INTRO = (
    "**What each choice buys** (MRR@10 over answerable questions; each row undoes one choice of "
    "Sanad's hybrid, or shows a single mode with and without it; see `eval/ablation.py`):"
)


def summary(reports: list[tuple[Benchmark, runner.EvalReport]]) -> str:
    """Every table under one heading, with the command, model, machine and date."""
    first = reports[0][1]
    lines = [
        f"Produced by `{COMMAND}` on {first.created[:10]} ({first.machine}), model `{first.model}`, k = {first.k}.",
        "Recall@k: answerable questions with a gold passage in the top k; latency: one search incl. the query embedding (ms).",
    ]
    by_name = {bench.name: report for bench, report in reports}
    if "report_test" in by_name and "report_dev" in by_name:
        lines += [
            "",
            "**Report questions, held-out test half beside the dev half every weight was tuned on** (MRR@10):",
            "",
            split_table(by_name["report_test"], by_name["report_dev"]),
        ]
    for bench, report in reports:
        lines += [
            "",
            f"**{bench.name}**: {bench.title}; {report.questions} questions, {report.passages} passages; "
            f"one query embedding {report.encoder_ms_p50:.1f} ms (p50).",
            "",
            reporting.markdown_table(report),
        ]
        if report.answers is not None:
            a = report.answers
            lines += [
                "",
                f"Answers: {reporting.answer_summary(a)}; "
                f"`ask` latency p50 {a.ask_ms_p50:.1f} ms, p95 {a.ask_ms_p95:.1f} ms "
                f"({reporting.ask_overhead(report)}).",
            ]
    return "\n".join(lines) + "\n"


def split_table(test: runner.EvalReport, dev: runner.EvalReport) -> str:
    """MRR@10 per mode, over all questions and per language, test columns first, then dev."""
    metric = f"mrr@{test.k}"
    langs = [lang for lang in test.by_lang if lang in dev.by_lang]
    header = ["mode"] + [f"{half} {lang}" for half in ("test", "dev") for lang in ["all", *langs]]
    lines = ["| " + " | ".join(header) + " |", "|---" + "|---:" * (len(header) - 1) + "|"]
    for mode in test.modes:
        cells = []
        for report in (test, dev):
            cells.append(report.modes[mode][metric])
            cells += [report.by_lang[lang][mode][metric] for lang in langs]
        lines.append(f"| {mode} | " + " | ".join(f"{value:.3f}" for value in cells) + " |")
    return "\n".join(lines)


def update_readme(text: str, readme: Path = README) -> bool:
    """Replace the README's bench section between the markers; False if it has none."""
    if not readme.exists():
        return False
    content = readme.read_text(encoding="utf-8")
    if START not in content or END not in content:
        return False
    head, rest = content.split(START, 1)
    _, tail = rest.split(END, 1)
    readme.write_text(f"{head}{START}\n{text}{END}{tail}", encoding="utf-8")
    return True


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m eval.bench", description=__doc__.split("\n")[0])
    parser.add_argument("--only", nargs="+", choices=NAMES, metavar="NAME", help=f"run only these ({', '.join(NAMES)})")
    parser.add_argument("--limit", type=int, metavar="N", help="only the first N questions of each set (a smoke test)")
    parser.add_argument("--results", type=Path, default=RESULTS_DIR, metavar="DIR", help="where to write (default: eval/results)")
    parser.add_argument("--xquad-dir", type=Path, default=XQUAD_DIR, metavar="DIR", help=f"XQuAD files (default: {XQUAD_DIR})")
    parser.add_argument("--no-readme", action="store_true", help="do not update README.md's bench section")
    parser.add_argument("--no-ablation", action="store_true", help="skip the table of what each retrieval choice buys")
    return parser


def main(argv: list[str] | None = None, encoder_factory=None) -> int:
    args = build_parser().parse_args(argv)
    if encoder_factory is None:
        encoder_factory = _shared_encoder_factory()
    reports, ablations = [], []
    shared: dict = {}  # passage vectors of the ablation's indexes, reused by report_dev after report_test
    try:
        for bench in BENCHMARKS:
            if args.only and bench.name not in args.only:
                continue
            outcome = run_one(bench, args, encoder_factory, shared)
            if outcome is None:
                continue
            report, rows = outcome
            write_results(report, bench, args.results)
            reports.append((bench, report))
            print(f"\n== {bench.name}: {bench.title}")
            print(reporting.text_table(report), flush=True)
            if rows is not None:
                ablations.append((bench.name, rows))
                print(ablation.markdown([(bench.name, rows)]), flush=True)
    except SanadError as exc:
        print(f"sanad: error: {exc}", file=sys.stderr)
        return 2
    if not reports:
        print("nothing was run", file=sys.stderr)
        return 1
    text = summary(reports)
    if ablations:
        text += "\n" + ABLATION_INTRO + "\n\n" + ablation.markdown(ablations) + "\n"
        (args.results / "ablation.md").write_text(ablation.markdown(ablations) + "\n", encoding="utf-8")
    (args.results / "summary.md").write_text(text, encoding="utf-8")
    written = [f"{args.results}/{b.name}.md/.json" for b, _ in reports] + [f"{args.results}/summary.md"]
    if not args.no_readme and not args.limit and update_readme(text):
        written.append(str(README))
    print("\nwrote " + ", ".join(written))
    return 0


def _shared_encoder_factory():
    """One encoder for every benchmark (the default model), loaded on first use."""
    loaded = {}

    def factory(model=None):
        from index.encoders import load_encoder, resolve_model

        name = resolve_model(model)
        if name not in loaded:
            loaded[name] = load_encoder(name)
        return loaded[name]

    return factory


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
