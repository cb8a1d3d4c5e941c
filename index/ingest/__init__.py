"""Files in, documents out: PDF, DOCX, TXT and MD, each with its id, title and language.

Layout: ``pdf`` (extractors, and the refusals of encrypted, damaged or image-only
PDFs), ``glyphs`` (a PDF's lines rebuilt from PDFium's glyph boxes), ``logical``
(the local glitches left in lines read in order), ``docx`` (python-docx),
``shape`` (lines in reading order → the report parser's line shape), ``language``
(py3langid), ``symbol`` (the UN document symbol on the cover), ``latin`` (the
numbering of English, French and Spanish reports: ``1.``, ``I.``, ``A.``, ``(a)``). Every format ends in
the same parsers: :func:`index.report.parse_report` for a numbered Arabic report,
:func:`index.ingest.latin.parse_numbered` for one in English, French or Spanish,
:func:`index.documents.parse_plain` for anything else.
"""

from __future__ import annotations

import enum
import hashlib
from dataclasses import dataclass, replace
from pathlib import Path

from index.common import InputFileError
from index.passage import DocRef, Passage


class Format(enum.Enum):
    PDF = "pdf"
    DOCX = "docx"
    TXT = "txt"
    MD = "md"


_SUFFIXES = {".pdf": Format.PDF, ".docx": Format.DOCX, ".txt": Format.TXT, ".md": Format.MD, ".markdown": Format.MD}
SUFFIXES = tuple(_SUFFIXES)


@dataclass(frozen=True)
class LoadedDocument:
    """One file's passages and what names it: ``doc_id`` (its symbol's, else its file name's),
    ``title``, ``language`` (ISO 639-1) and ``format``."""

    doc_id: str
    title: str
    language: str
    format: str
    passages: tuple[Passage, ...]
    source: Path


def format_of(path: Path) -> Format:
    """The format a file name says; any other name is read as UTF-8 text, as before PDF and DOCX
    (a binary file is then refused by :func:`index.common.read_text`)."""
    return _SUFFIXES.get(Path(path).suffix.lower(), Format.TXT)


def _read_lines(path: Path, kind: Format) -> tuple[list[str], str | None]:
    """``(lines, the title in the file's properties)``; a blank line ends a paragraph."""
    if kind is Format.PDF:
        from index.ingest.pdf import read_pdf

        return read_pdf(path)
    if kind is Format.DOCX:
        from index.ingest.docx import read_docx

        paragraphs, title = read_docx(path)
        lines: list[str] = []
        for text, level in paragraphs:
            # A heading style becomes a Markdown heading; a soft line break stays inside its paragraph.
            lines.extend(("#" * level + " " if level else "") + part for part in text.splitlines())
            lines.append("")
        return lines, title
    from index.documents import read_text

    return read_text(path).splitlines(), None


def _passages(lines: list[str], kind: Format, doc_id: str, title: str, language: str) -> list[Passage]:
    """The report parser for a numbered report, the plain parser for anything else."""
    from index.documents import parse_plain
    from index.ingest.latin import looks_numbered, parse_numbered
    from index.ingest.shape import report_line
    from index.report import looks_like_report, parse_report

    if language != "ar" and kind is not Format.MD and looks_numbered(lines):
        return parse_numbered(lines, doc_id, None, language)
    if kind in (Format.TXT, Format.MD):
        # A text file in the report's extracted shape (the bundled report) gets the line repair.
        text = "\n".join(lines)
        if looks_like_report(text):
            return parse_report(text, doc_id, language=language)[0]
    else:
        if kind is Format.PDF and language == "ar":
            from index.ingest.logical import fix_lines

            lines = fix_lines(lines)
        shaped = "\n".join(report_line(line) for line in lines)
        if looks_like_report(shaped):
            return parse_report(shaped, doc_id, ordered=True, language=language)[0]
    return parse_plain("\n".join(lines), doc_id, title=title)


def load_document(path: Path | str) -> LoadedDocument:
    """One file as passages, or an ``InputFileError`` naming the file and what to do."""
    from index.documents import doc_id_for
    from index.ingest.language import detect_language
    from index.ingest.symbol import find_symbol, symbol_doc_id

    path = Path(path)
    kind = format_of(path)
    if not path.exists():
        raise InputFileError(f"{path}: no such file")
    if path.is_dir():
        raise InputFileError(f"{path}: is a directory, expected a {', '.join(SUFFIXES)} file")
    if path.stat().st_size == 0:
        raise InputFileError(f"{path}: is empty")
    lines, file_title = _read_lines(path, kind)
    if not any(line.strip() for line in lines):
        raise InputFileError(f"{path}: is empty (no text in it)")
    symbol = find_symbol(lines)
    doc_id = symbol_doc_id(symbol) if symbol else doc_id_for(path)
    language = detect_language("\n".join(lines))
    passages = _passages(lines, kind, doc_id, file_title or path.name, language)
    if not passages:
        raise InputFileError(f"{path}: no paragraph found (expected blank-line-separated paragraphs)")
    title = passages[0].doc.title
    if title == doc_id and file_title:
        title = file_title
    doc = DocRef(id=doc_id, title=title, language=language)
    passages = [replace(p, doc=doc) for p in passages]
    return LoadedDocument(doc_id, title, language, kind.value, tuple(passages), path)


def content_key(path: Path) -> str:
    """What makes two files duplicates: the same bytes."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def load_documents(paths: list[Path | str]) -> tuple[list[LoadedDocument], list[InputFileError]]:
    """Every file that loads, and one ``InputFileError`` per file that does not: a bad file never
    stops the others. A file with the same content or the same document id as an earlier one is refused."""
    documents: list[LoadedDocument] = []
    errors: list[InputFileError] = []
    seen_content: dict[str, Path] = {}
    seen_ids: dict[str, Path] = {}
    for path in map(Path, paths):
        try:
            key = content_key(path) if path.is_file() else None
            if key is not None and key in seen_content:
                raise InputFileError(f"{path}: same content as {seen_content[key]}; it is added once, remove the copy")
            document = load_document(path)
            if document.doc_id in seen_ids:
                raise InputFileError(
                    f"{path}: has the same document id {document.doc_id!r} as {seen_ids[document.doc_id]} "
                    "(the same UN symbol on the cover, or the same file name); keep one, or rename a file"
                )
        except InputFileError as error:
            errors.append(error)
            continue
        except OSError as exc:
            errors.append(InputFileError(f"{path}: cannot be read ({exc.strerror or exc})"))
            continue
        if key is not None:
            seen_content[key] = path
        seen_ids[document.doc_id] = path
        documents.append(document)
    return documents, errors


__all__ = ["Format", "LoadedDocument", "SUFFIXES", "format_of", "load_document", "load_documents"]
