"""Files in, passages out: the bundled report, UN reports (PDF, DOCX, text), plain text and Markdown.

The formats live in :mod:`index.ingest`; this module keeps the entry points
(``load_passages``, ``load_document``, ``load_many``) and the plain parser.
"""

from __future__ import annotations

import re
from pathlib import Path

from index import common, ingest
from index.common import InputFileError
from index.ingest import LoadedDocument
from index.passage import DocRef, Passage

BUNDLED_REPORT = "a74-trafficking.txt"
_MAX_BYTES = 50 * 1024 * 1024
_MD_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")


def bundled_report_path() -> Path:
    """Path of the report shipped inside the package."""
    # Next to this module, installed or not (importlib.resources may hand back a MultiplexedPath).
    return Path(__file__).resolve().parent / "data" / BUNDLED_REPORT


def doc_id_for(path: Path) -> str:
    """A stable id from the file name: lower case, spaces and odd characters to '-'."""
    stem = path.name
    for suffix in (".txt", ".md", ".markdown", ".pdf", ".docx"):
        if stem.lower().endswith(suffix):
            stem = stem[: -len(suffix)]
    slug = re.sub(r"[^\w.-]+", "-", stem, flags=re.UNICODE).strip("-").lower()
    return slug or "document"


def read_text(path: Path) -> str:
    """A UTF-8 document (``.txt`` or ``.md``), or an ``InputFileError`` naming the file and the problem."""
    return common.read_text(path, expected="a .txt or .md file", max_bytes=_MAX_BYTES)


def parse_plain(text: str, doc_id: str, title: str) -> list[Passage]:
    """Blank-line-separated paragraphs numbered 1 … N; Markdown headings become the section path."""
    doc = DocRef(id=doc_id, title=title)
    passages: list[Passage] = []
    headings: list[tuple[int, str]] = []
    block: list[str] = []

    def close():
        if not block:
            return
        number = len(passages) + 1
        body = " ".join(" ".join(line.split()) for line in block)
        passages.append(
            Passage(
                id=f"{doc_id}#{number}",
                doc=doc,
                number=number,
                section=tuple(h for _, h in headings),
                text=body,
                raw=tuple(block),
            )
        )
        block.clear()

    for line in text.splitlines():
        heading = _MD_HEADING.match(line)
        if heading:
            close()
            level = len(heading.group(1))
            headings[:] = [h for h in headings if h[0] < level] + [(level, heading.group(2))]
        elif line.strip():
            block.append(line)
        else:
            close()
    close()
    return passages


def load_document(path: Path | str) -> LoadedDocument:
    """One file (PDF, DOCX, TXT or MD) with its id, title, language and passages (see :mod:`index.ingest`)."""
    return ingest.load_document(path)


def load_documents(paths: list[Path | str]) -> tuple[list[LoadedDocument], list[InputFileError]]:
    """Every file that loads, and one error per file that does not (see :func:`index.ingest.load_documents`)."""
    return ingest.load_documents(paths)


def load_passages(path: Path | str) -> list[Passage]:
    """Passages of one file: a UN report when it has the report's marker shape, else plain paragraphs."""
    return list(load_document(path).passages)


def load_many(paths: list[Path | str] | None = None) -> list[Passage]:
    """Passages of several files (default: the bundled report); two files may not share an id."""
    paths = [Path(p) for p in paths] if paths else [bundled_report_path()]
    passages: list[Passage] = []
    seen: dict[str, Path] = {}
    for path in paths:
        document = load_document(path)
        if document.doc_id in seen:
            raise InputFileError(f"{path}: has the same document id {document.doc_id!r} as {seen[document.doc_id]}; rename one")
        seen[document.doc_id] = path
        passages.extend(document.passages)
    return passages
