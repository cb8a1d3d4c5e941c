"""The ``sanad`` command, every subcommand in this one module (``python -m ui`` is the same).

Each subcommand imports what it runs when it runs, so ``sanad --help`` loads
no model, index or web library (numpy is the heaviest import): at import only
the modules whose Enums and limits the help texts list (``qa.inputs``,
``index.dense``, ``eval.datasets``) and the server's defaults (``ui.server``,
light on import). Works the same from a source checkout: nothing is registered
through package metadata.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from eval.datasets import DATASET_HELP
from index.common import SanadError, valid_values
from index.dense import DenseKind
from index.encoders.batching import BatchConfig
from index.encoders.config import BACKEND_VARIABLE, DEFAULT_MODEL_NAME, MODEL_VARIABLE, Backend
from qa.inputs import MAX_K, Mode
from ui.server import DEFAULT_HOST, DEFAULT_MAX_UPLOAD_MB, DEFAULT_PORT


def _cmd_passages(args) -> int:
    from index.documents import load_many

    for passage in load_many(args.files):
        if args.json:
            print(json.dumps(passage.to_json(), ensure_ascii=False))
        else:
            where = " › ".join(passage.section)
            # "[?]" as in `sanad repair --mark-uncertain`: a line of this passage was a close call.
            flag = " [?]" if passage.uncertain else ""
            print(f"[{passage.id}]{flag} {where}\n{passage.text}\n")
    return 0


def _cmd_repair(args) -> int:
    from index.documents import bundled_report_path, read_text
    from index.repair.memo import repair_document_remembered

    path = args.file or bundled_report_path()
    lines = read_text(path).splitlines()
    repaired = repair_document_remembered(lines)
    if not args.diff:
        for entry in repaired:
            print(entry.shown + ("  [?]" if entry.uncertain and args.mark_uncertain else ""))
        return 0
    changed = 0
    for number, (raw, entry) in enumerate(zip(lines, repaired), start=1):
        before = " ".join(raw.replace("\u0640", "").split())
        if entry.shown != before:
            changed += 1
            note = "  (uncertain)" if entry.uncertain else ""
            print(f"{path}:{number}{note}\n- {before}\n+ {entry.shown}")
    print(f"{changed} of {sum(1 for raw in lines if raw.strip())} lines changed", file=sys.stderr)
    return 0


def _cmd_index(args) -> int:
    from index.build import ensure_index
    from index.store import IndexConfig, directory_size

    from index.encoders import EncoderConfig

    config = IndexConfig(encoder=EncoderConfig(model=args.model, backend=args.encoder), dense_kind=args.dense)
    result = ensure_index(args.files, args.index_dir, config, rebuild=args.rebuild, show_progress=True)
    manifest = result.store.manifest
    action = "built" if result.built else "up to date, reused"
    size = directory_size(result.directory) / 1e6
    print(
        f"{action}: {manifest.counts.passages} passages ({manifest.counts.windows} vectors), "
        f"model {manifest.model}, "
        f"{result.seconds:.1f} s, {size:.1f} MB in {result.directory}"
    )
    return 0


def _cmd_add(args) -> int:
    from tqdm import tqdm

    from qa.library import add_documents

    # One bar for the whole run, moved by the add's stages and each batch it embeds; a terminal
    # redraws it in place, a log gets one line per change.
    bar = tqdm(total=100, file=sys.stderr, bar_format="sanad: {percentage:3.0f}%|{bar:30}| {desc} [{elapsed}]", dynamic_ncols=True)

    def progress(share: float, note: str) -> None:
        if note != bar.desc:
            bar.set_description_str(note)
        bar.update(max(round(share * 100) - bar.n, 0))

    try:
        added = add_documents(args.paths, model=args.model, progress=progress)
    finally:
        bar.close()
    for document in added.documents:
        print(f"added {document.id}: {document.title} ({document.language}, {document.passages} passages) from {document.source}")
    for error in added.errors:
        print(f"sanad: error: {error}", file=sys.stderr)
    if added.documents:
        print(f"{len(added.documents)} added in {added.seconds:.1f} s", file=sys.stderr)
    return 2 if added.errors else 0


def _cmd_remove(args) -> int:
    from qa.library import remove_document

    remove_document(args.doc_id, model=args.model)
    print(f"removed {args.doc_id}")
    return 0


def _cmd_docs(args) -> int:
    from dataclasses import asdict

    from qa.library import list_documents

    documents = list_documents()
    if args.json:
        print(json.dumps([asdict(d) for d in documents], ensure_ascii=False))
        return 0
    if not documents:
        print("the library is empty: the bundled report is searched; `sanad add FILE` adds documents")
        return 0
    for d in documents:
        print(f"{d.id}\t{d.title}\t{d.language}\t{d.passages} passages\t{d.source}\t{d.added}")
    return 0


def _megabytes(count: int) -> str:
    return f"{count / 1e6:.1f} MB"


def _cmd_cache(args) -> int:
    from index.caches import entries, prune

    found = entries()
    if args.json:
        print(json.dumps([entry.to_json() for entry in found], ensure_ascii=False))
    else:
        for entry in found:
            state = "stale" if entry.stale else "kept"
            print(f"{entry.kind.value}\t{state}\t{_megabytes(entry.bytes)}\t{entry.path}\t{entry.reason}")
    stale = [entry for entry in found if entry.stale]
    freeable = sum(entry.freeable for entry in stale)
    if args.prune:
        freed = prune(stale)
        print(f"removed {len(stale)} stale entries, {_megabytes(freed)} freed", file=sys.stderr)
    elif not args.json:
        hint = "; `sanad cache --prune` removes them" if stale else ""
        print(f"{len(found)} entries, {_megabytes(sum(e.bytes for e in found))}; {len(stale)} stale ({_megabytes(freeable)} to free){hint}", file=sys.stderr)
    return 0


def _load_assistant(args):
    from qa.assistant import Assistant

    return Assistant.load(args.index_dir, model=getattr(args, "model", None), backend=args.encoder)


def _cmd_search(args) -> int:
    from qa.inputs import check_k, check_mode, check_query

    check_query(args.query)
    check_k(args.k)
    mode = check_mode(args.mode)
    hits = _load_assistant(args).search(args.query, k=args.k, mode=mode, docs=args.doc)
    if args.json:
        print(json.dumps({"query": args.query, "mode": mode.value, "hits": [h.to_json() for h in hits]}, ensure_ascii=False))
        return 0
    from qa.render import hits_as_text

    print(hits_as_text(hits))
    return 0


def _cmd_ask(args) -> int:
    from qa.inputs import check_k, check_query

    check_query(args.question, "question")
    check_k(args.k)
    answer = _load_assistant(args).ask(args.question, k=args.k, docs=args.doc)
    if args.json:
        print(json.dumps(answer.to_json(), ensure_ascii=False))
        return 0
    from qa.render import answer_as_text

    print(answer_as_text(answer))
    return 0


def _cmd_eval(args) -> int:
    from eval.command import run_command

    return run_command(args)


def _cmd_serve(args) -> int:
    from ui.server import serve

    if args.max_upload_mb <= 0:
        from index.common import OptionError

        raise OptionError(f"--max-upload-mb must be positive, got {args.max_upload_mb:g}")
    # One text per batch is no batching: each request embeds its own query, as before micro-batching.
    batch = None if args.batch_max == 1 else BatchConfig(window_ms=args.batch_window, max_batch=args.batch_max)
    return serve(args.host, args.port, args.index_dir, query_batch=batch, max_upload_mb=args.max_upload_mb)


def _add_index_dir(parser, note: str = "") -> None:
    # index.build.default_index_dir is the rule; importing it here would load the indexer for --help.
    parser.add_argument("--index-dir", metavar="D", help=f"index directory (default: $SANAD_HOME/index/default{note})")


def _add_encoder(parser) -> None:
    parser.add_argument(
        "--encoder", metavar="E",
        help=f"what runs the model, one of: {valid_values(Backend)} (default: ${BACKEND_VARIABLE}, else onnx when onnxruntime is installed)",
    )


def _add_question_command(commands, name: str, summary: str, positional: str, run) -> argparse.ArgumentParser:
    """``search`` and ``ask``: a text, ``-k``, ``--json`` and ``--index-dir``."""
    parser = commands.add_parser(name, help=summary)
    parser.add_argument(positional)
    parser.add_argument("-k", type=int, default=5, help=f"how many paragraphs (1-{MAX_K}, default 5)")
    parser.add_argument("--json", action="store_true", help="print the HTTP API's JSON")
    parser.add_argument("--doc", action="append", metavar="ID", help="only this document's paragraphs (repeatable; `sanad docs` lists the ids)")
    _add_index_dir(parser)
    _add_encoder(parser)
    parser.set_defaults(run=run)
    return parser


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="sanad",
        description="Sanad answers questions about UN reports and cites the numbered paragraphs.",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    passages = commands.add_parser("passages", help="print the citable passages of documents")
    passages.add_argument("files", nargs="*", metavar="FILE", help=".pdf, .docx, .txt or .md files (default: the bundled report)")
    passages.add_argument("--json", action="store_true", help="one JSON object per line")
    passages.set_defaults(run=_cmd_passages)

    repair = commands.add_parser(
        "repair", help="print a right-to-left PDF extraction's lines in reading order",
        description="Repair an Arabic text extracted from a PDF (runs in reverse or shuffled order, words cut "
        "at kashida points, swapped digit ranges): one output line per input line, paragraph markers removed.",
    )
    repair.add_argument("file", nargs="?", metavar="FILE", help="a UTF-8 text file (default: the bundled report)")
    repair.add_argument("--diff", action="store_true", help="only the changed lines, before (-) and after (+)")
    repair.add_argument("--mark-uncertain", action="store_true", help="end lines whose reading won by a small margin with [?]")
    repair.set_defaults(run=_cmd_repair)

    index = commands.add_parser("index", help="build (or reuse) the search index")
    index.add_argument("files", nargs="*", metavar="FILE", help=".pdf, .docx, .txt or .md files (default: the bundled report)")
    index.add_argument("--model", metavar="M", help=f"sentence-transformers model name or path (default: ${MODEL_VARIABLE}, else {DEFAULT_MODEL_NAME})")
    kinds = [kind.value for kind in DenseKind]
    index.add_argument("--dense", default=DenseKind.FLAT.value, choices=kinds, help=f"FAISS index, one of: {valid_values(DenseKind)}")
    index.add_argument("--rebuild", action="store_true", help="build even if an up-to-date index exists")
    _add_index_dir(index)
    _add_encoder(index)
    index.set_defaults(run=_cmd_index)

    add = commands.add_parser(
        "add", help="add documents to the library in $SANAD_HOME (embeds only them)",
        description="Add files, or the .txt/.md/.pdf/.docx files inside directories, to the library that `sanad serve`, "
        "`search` and `ask` open. An empty library is the bundled report, which the first add keeps.",
    )
    add.add_argument("paths", nargs="+", metavar="FILE|DIR")
    add.add_argument("--model", metavar="M", help=f"the model the library is embedded with (default: ${MODEL_VARIABLE}, else {DEFAULT_MODEL_NAME})")
    add.set_defaults(run=_cmd_add)
    remove = commands.add_parser("remove", help="take a document out of the library (embeds nothing)")
    remove.add_argument("doc_id", metavar="DOC_ID", help="a document id, as `sanad docs` lists them")
    remove.add_argument("--model", metavar="M", help="as for `sanad add`")
    remove.set_defaults(run=_cmd_remove)
    docs = commands.add_parser("docs", help="list the library's documents: id, title, language, passages, source file, when added")
    docs.add_argument("--json", action="store_true", help="one JSON list")
    docs.set_defaults(run=_cmd_docs)

    cache = commands.add_parser(
        "cache", help="list what $SANAD_HOME caches (ONNX graphs, word tables, repaired lines); --prune removes the stale",
        description="An entry is stale when this installation can never read it again (another library version, "
        "another repair code); models and indexes are never touched.",
    )
    cache.add_argument("--prune", action="store_true", help="remove the stale entries")
    cache.add_argument("--json", action="store_true", help="one JSON list")
    cache.set_defaults(run=_cmd_cache)

    search = _add_question_command(commands, "search", "retrieve the paragraphs for a query", "query", _cmd_search)
    search.add_argument("--mode", default=Mode.HYBRID.value, help=f"one of: {valid_values(Mode)}")
    _add_question_command(commands, "ask", "answer a question with cited paragraphs", "question", _cmd_ask)

    evaluate = commands.add_parser(
        "eval",
        help="score retrieval modes on a question set",
        description="Score every retrieval mode on a dataset: Recall@1/5/10, MRR@10, nDCG@10, latency.",
    )
    evaluate.add_argument("dataset", nargs="?", metavar="DATASET", help=DATASET_HELP)
    evaluate.add_argument("--questions", type=Path, metavar="FILE", help="SQuAD file whose questions are asked (with --passages)")
    evaluate.add_argument("--passages", type=Path, metavar="FILE", help="SQuAD file whose contexts are indexed, matched by question id")
    evaluate.add_argument("--modes", default=None, metavar="M1,M2", help=f"comma-separated retrieval modes among {valid_values(Mode)} (default: all)")
    evaluate.add_argument("-k", "--k", type=int, default=10, help=f"how many passages each search returns (1-{MAX_K}, default: 10)")
    evaluate.add_argument("--index-dir", type=Path, metavar="DIR", help="index to search for a .jsonl dataset (default: the bundled report's)")
    evaluate.add_argument(
        "--answers",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="also ask every question end to end and score the answers (default: on for the report sets)",
    )
    evaluate.add_argument("--json", action="store_true", help="print one JSON object instead of the table")
    evaluate.add_argument("--out", type=Path, metavar="DIR", help="also write report.md, metrics.png and report.json here")
    evaluate.set_defaults(run=_cmd_eval)

    serve = commands.add_parser("serve", help="run the chat at / and the HTTP API at /api (one process)")
    serve.add_argument("--host", default=DEFAULT_HOST, help=f"address to bind (default {DEFAULT_HOST}: this machine only)")
    serve.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"port (default {DEFAULT_PORT})")
    serve.add_argument("--max-upload-mb", type=float, default=DEFAULT_MAX_UPLOAD_MB, metavar="MB", help=f"largest file the chat accepts (default {DEFAULT_MAX_UPLOAD_MB})")
    _add_index_dir(serve, ", built if missing")
    batch = BatchConfig()
    serve.add_argument(
        "--batch-window", type=float, default=batch.window_ms, metavar="MS",
        help=f"ms the query embedder waits for concurrent questions to embed together (default {batch.window_ms:g})",
    )
    serve.add_argument(
        "--batch-max", type=int, default=batch.max_batch, metavar="N",
        help=f"most queries embedded in one call (default {batch.max_batch}); 1 embeds each request's query alone",
    )
    serve.set_defaults(run=_cmd_serve)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Parse ``argv`` and run the chosen command; a caller mistake is one line on stderr and exit 2."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "run", None):
        parser.print_help()
        return 0
    try:
        return args.run(args) or 0
    except SanadError as exc:
        print(f"sanad: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("sanad: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
