"""PDF files: the text layer's lines, or a one-line refusal (encrypted, damaged, no text layer).

``read_pdf`` reads with PDFium's glyphs (:mod:`index.ingest.glyphs`), the extractor
chosen by measurement on an Arabic report made by LibreOffice (``python -m
eval.pdf_extractors``: 90 % of lines exact against 53 % for PDFium's own text; Poppler's
``pdftotext``, pdfminer.six and pypdf lose the paragraph numbers). ``extract_pages``
runs any of the five, for that comparison.
"""

from __future__ import annotations

import enum
import shutil
import subprocess
from pathlib import Path

from index.common import InputFileError, parse_enum


class Extractor(enum.Enum):
    PDFIUM = "pdfium"  # PDFium's glyphs, marks put back on their letters (index.ingest.glyphs)
    PDFIUM_TEXT = "pdfium-text"  # PDFium's own text
    POPPLER = "poppler"
    PDFMINER = "pdfminer"
    PYPDF = "pypdf"


DEFAULT_EXTRACTOR = Extractor.PDFIUM


def _open_pdfium(path: Path):
    import pypdfium2

    try:
        pdf = pypdfium2.PdfDocument(str(path))
    except pypdfium2.PdfiumError as exc:
        message = str(exc)
        if "password" in message.lower() or "security" in message.lower():
            raise InputFileError(f"{path}: the PDF is encrypted; save an unprotected copy and add that") from None
        raise InputFileError(f"{path}: not a readable PDF ({message}); re-export it from its source") from None
    return pdf


def _pdfium_text_pages(path: Path) -> list[str]:
    pdf = _open_pdfium(path)
    try:
        return [page.get_textpage().get_text_range() for page in pdf]
    finally:
        pdf.close()


def _pdfium_pages(path: Path) -> list[str]:
    from index.ingest.glyphs import pdf_lines

    pdf = _open_pdfium(path)
    try:
        return ["\n".join(lines) for lines in pdf_lines(pdf)]
    finally:
        pdf.close()


def _poppler_pages(path: Path) -> list[str]:
    binary = shutil.which("pdftotext")
    if binary is None:
        raise InputFileError("pdftotext is not installed: apt-get install poppler-utils")
    result = subprocess.run([binary, "-enc", "UTF-8", str(path), "-"], capture_output=True, timeout=300)
    if result.returncode != 0:
        raise InputFileError(f"{path}: pdftotext failed ({result.stderr.decode(errors='replace').strip()[:200]})")
    return result.stdout.decode("utf-8").split("\f")


def _pdfminer_pages(path: Path) -> list[str]:
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LTTextContainer

    pages = []
    for layout in extract_pages(str(path)):
        pages.append("\n".join(element.get_text() for element in layout if isinstance(element, LTTextContainer)))
    return pages


def _pypdf_pages(path: Path) -> list[str]:
    import pypdf

    reader = pypdf.PdfReader(str(path))
    if reader.is_encrypted:
        raise InputFileError(f"{path}: the PDF is encrypted; save an unprotected copy and add that")
    return [page.extract_text() or "" for page in reader.pages]


_EXTRACT = {
    Extractor.PDFIUM: _pdfium_pages,
    Extractor.PDFIUM_TEXT: _pdfium_text_pages,
    Extractor.POPPLER: _poppler_pages,
    Extractor.PDFMINER: _pdfminer_pages,
    Extractor.PYPDF: _pypdf_pages,
}


def extract_pages(path: Path | str, extractor: Extractor | str = DEFAULT_EXTRACTOR) -> list[str]:
    """The text of every page as the extractor gives it (lines separated by newlines)."""
    extractor = parse_enum(Extractor, extractor, "extractor")
    return _EXTRACT[extractor](Path(path))


def read_pdf(path: Path) -> tuple[list[str], str | None]:
    """A PDF's lines in reading order (blank lines at paragraph gaps) and its metadata title.

    Refuses, naming the file and what to do, a PDF that is encrypted, damaged or has no text layer.
    """
    path = Path(path)
    if path.stat().st_size == 0:
        raise InputFileError(f"{path}: is empty")
    pdf = _open_pdfium(path)
    try:
        from index.ingest.glyphs import pdf_lines

        pages = pdf_lines(pdf)
        title = (pdf.get_metadata_dict().get("Title") or "").strip() or None
        page_count = len(pdf)
    finally:
        pdf.close()
    lines = [line for page in pages for line in [*page, ""]]
    if not any(line.strip() for line in lines):
        raise InputFileError(
            f"{path}: no text layer in its {page_count} page(s) (a scanned image?); run OCR on it "
            "(e.g. ocrmypdf) and add the result"
        )
    return lines, title
