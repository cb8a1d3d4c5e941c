"""Word files through python-docx: paragraphs are stored in reading order, so nothing needs repair.

Body paragraphs and table cells in document order become lines; a paragraph in a
``Heading N`` style becomes a Markdown heading of level N (the plain parser's
section path), and a blank line separates paragraphs.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from index.common import InputFileError

_HEADING_STYLE = re.compile(r"^(?:Heading|Titre|Título)\s*(\d)$", re.IGNORECASE)


def _paragraph_texts(document) -> list[tuple[str, int]]:
    """``(text, heading level or 0)`` of every body paragraph and table cell, in order."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    out = []
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            style = block.style.name if block.style is not None else ""
            heading = _HEADING_STYLE.match(style or "")
            out.append((block.text, int(heading.group(1)) if heading else 0))
        elif isinstance(block, Table):
            for row in block.rows:
                for cell in row.cells:
                    out.extend((paragraph.text, 0) for paragraph in cell.paragraphs)
    return out


def read_docx(path: Path) -> tuple[list[tuple[str, int]], str | None]:
    """A DOCX's paragraphs as ``(text, heading level)`` and the title of its properties (or None)."""
    try:
        import docx
    except ImportError as exc:  # pragma: no cover - a declared dependency
        raise ImportError("Word files need python-docx: pip install python-docx") from exc
    try:
        document = docx.Document(str(path))
    except (zipfile.BadZipFile, KeyError, ValueError, docx.opc.exceptions.PackageNotFoundError) as exc:
        raise InputFileError(
            f"{path}: not a readable Word file ({type(exc).__name__}); open it in Word or LibreOffice and save it again"
        ) from None
    except Exception as exc:  # lxml's XMLSyntaxError and kin: a damaged part inside the archive
        raise InputFileError(
            f"{path}: damaged Word file ({type(exc).__name__}); open it in Word or LibreOffice and save it again"
        ) from None
    title = (document.core_properties.title or "").strip() or None
    return _paragraph_texts(document), title
