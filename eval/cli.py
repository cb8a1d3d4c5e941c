"""``sanad eval``: score every retrieval mode on a dataset; a table, ``--json``, or ``--out DIR``.

Only argparse, json and pathlib load at import time, so ``sanad --help`` stays instant.
Hook into the ``sanad`` parser with ``register(commands)``; ``main(argv)`` runs the
command on its own (``python -m eval …``).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

DATASET_HELP = (
    "'report' (the bundled questions everything was tuned on), 'report_dev' or 'report_test' (the two halves "
    "of all bundled report questions), 'report_all', a .jsonl file (Sanad format) or a .json file (SQuAD v1.1)"
)


def register(commands, encoder_factory=None) -> argparse.ArgumentParser:
    """Add the ``eval`` subcommand to an ``add_subparsers()`` object.

    ``encoder_factory(model_name_or_None)`` returns an encoder (default: ``index.encoders.torch_backend.Encoder.load``);
    tests inject a fake one.
    """
    parser = commands.add_parser(
        "eval",
        help="score retrieval modes on a question set",
        description="Score every retrieval mode on a dataset: Recall@1/5/10, MRR@10, nDCG@10, latency.",
    )
    parser.add_argument("dataset", nargs="?", metavar="DATASET", help=DATASET_HELP)
    parser.add_argument("--questions", type=Path, metavar="FILE", help="SQuAD file whose questions are asked (with --passages)")
    parser.add_argument("--passages", type=Path, metavar="FILE", help="SQuAD file whose contexts are indexed, matched by question id")
    parser.add_argument("--modes", default=None, metavar="M1,M2", help="comma-separated retrieval modes (default: all)")
    parser.add_argument("-k", "--k", type=int, default=10, help="how many passages each search returns (1-50, default: 10)")
    parser.add_argument("--index-dir", type=Path, metavar="DIR", help="index to search for a .jsonl dataset (default: the bundled report's)")
    parser.add_argument(
        "--answers",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="also ask every question end to end and score the answers (default: on for the report sets)",
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of the table")
    parser.add_argument("--out", type=Path, metavar="DIR", help="also write report.md, metrics.png and report.json here")
    parser.set_defaults(run=lambda args: run_command(args, encoder_factory))
    return parser


def _default_encoder_factory(model):
    from index.encoders.torch_backend import Encoder

    return Encoder.load(model)


def parse_modes(text: str | None) -> list:
    """``"bm25,dense"`` → ``[Mode.BM25, Mode.DENSE]``; empty or None → every mode."""
    from index.common import OptionError, parse_enum
    from qa.retriever import Mode

    if text is None:
        return list(Mode)
    names = [part for part in (p.strip() for p in text.split(",")) if part]
    if not names:
        raise OptionError(f"--modes is empty. Use one of the supported values: [{', '.join(repr(m.value) for m in Mode)}]")
    return list(dict.fromkeys(parse_enum(Mode, name, "mode") for name in names))


def load_dataset(args):
    """The dataset the arguments name; every wrong combination is a one-line ``OptionError``."""
    from eval import datasets
    from index.common import OptionError

    paired = args.questions is not None or args.passages is not None
    if args.dataset is not None and paired:
        raise OptionError("give either DATASET or --questions FILE --passages FILE, not both")
    if paired:
        if args.questions is None or args.passages is None:
            raise OptionError("--questions and --passages go together: --questions A.json --passages B.json")
        dataset = datasets.load_paired(args.questions, args.passages)
    elif args.dataset is None:
        raise OptionError(f"no dataset: give DATASET ({DATASET_HELP}) or --questions A.json --passages B.json")
    else:
        dataset = datasets.resolve(args.dataset)
    if args.index_dir is not None and dataset.passages is not None:
        raise OptionError("--index-dir applies to a .jsonl dataset; a SQuAD dataset indexes its own contexts")
    return dataset


def command_line(args, dataset_name: str | None = None) -> str:
    """The canonical command for these arguments (for report.md)."""
    parts = ["sanad", "eval"]
    if args.dataset is not None:
        parts.append(str(args.dataset))
    else:
        parts += ["--questions", str(args.questions), "--passages", str(args.passages)]
    if args.modes:
        parts += ["--modes", args.modes]
    parts += ["--k", str(args.k)]
    if args.index_dir:
        parts += ["--index-dir", str(args.index_dir)]
    if args.answers is not None:
        parts.append("--answers" if args.answers else "--no-answers")
    return " ".join(parts)


def _wants_answers(args) -> bool:
    if args.answers is not None:
        return args.answers
    from eval.datasets import ReportSet

    return args.dataset in {member.value for member in ReportSet} and assistant_class() is not None


def assistant_class():
    """``qa.assistant.Assistant`` if this checkout has it, else ``None``."""
    try:
        from qa.assistant import Assistant
    except ImportError:
        return None
    return Assistant


def run_command(args, encoder_factory=None) -> int:
    from eval import reporting, runner
    from index.common import OptionError

    modes = parse_modes(args.modes)
    if not 1 <= args.k <= 50:
        raise OptionError(f"--k must be an integer from 1 to 50, got {args.k}")
    dataset = load_dataset(args)
    store, encoder = runner.open_index(dataset, encoder_factory or _default_encoder_factory, args.index_dir, progress=True)
    assistant = None
    if _wants_answers(args):
        cls = assistant_class()
        if cls is None:
            raise OptionError("--answers needs qa.assistant.Assistant, which this installation lacks")
        assistant = cls(store, encoder)
    report = runner.run(dataset, store, encoder, modes, args.k, assistant=assistant, progress=True)
    if args.out is not None:
        reporting.write(report, args.out, command_line(args))
    if args.json:
        print(json.dumps(report.to_json(), ensure_ascii=False))
    else:
        print(reporting.text_table(report))
        if args.out is not None:
            print(f"wrote {args.out / reporting.REPORT_MD}, {args.out / reporting.CHART_PNG}")
    return 0


def build_parser(encoder_factory=None) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="sanad")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    register(commands, encoder_factory)
    return parser


def main(argv: list[str] | None = None, encoder_factory=None) -> int:
    """``sanad eval`` on its own: ``main(["eval", "report", "--json"])``; errors exit 2 with one line."""
    from qa.cli import run

    return run(build_parser(encoder_factory), argv)
