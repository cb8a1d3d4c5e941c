"""What ``sanad eval`` runs: the dataset the arguments name, every retrieval mode scored on it.

The arguments are declared in ``ui.cli`` (the one ``sanad`` command); ``run_command(args)``
takes its ``argparse.Namespace``. Only json and pathlib load at import time.
"""

from __future__ import annotations

import json
from pathlib import Path


def load_encoder(model):
    """The encoder ``sanad eval`` uses for ``model`` (a name, or ``None`` for the default); tests replace it."""
    from index.encoders import load_encoder as load

    return load(model)


def parse_modes(text: str | None) -> list:
    """``"bm25,dense"`` → ``[Mode.BM25, Mode.DENSE]``; empty or None → every mode."""
    from index.common import OptionError, parse_enum, valid_values
    from qa.inputs import Mode

    if text is None:
        return list(Mode)
    names = [part for part in (p.strip() for p in text.split(",")) if part]
    if not names:
        raise OptionError(f"--modes is empty. Use one of the supported values: [{valid_values(Mode)}]")
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
        raise OptionError(f"no dataset: give DATASET ({datasets.DATASET_HELP}) or --questions A.json --passages B.json")
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
    """Run ``sanad eval`` with the parsed ``args``; ``encoder_factory`` defaults to ``load_encoder``."""
    from eval import reporting, runner
    from index.common import OptionError
    from qa.inputs import MAX_K

    modes = parse_modes(args.modes)
    if not 1 <= args.k <= MAX_K:
        raise OptionError(f"--k must be an integer from 1 to {MAX_K}, got {args.k}")
    dataset = load_dataset(args)
    store, encoder = runner.open_index(dataset, encoder_factory or load_encoder, args.index_dir, progress=True)
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
