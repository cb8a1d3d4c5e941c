"""The library as the command line changes it: add files, remove a document, list them.

The same ``index.library.Library`` that ``Assistant.load()`` opens; a running
``Assistant`` adds through ``Assistant.add`` instead, so it searches the new
documents at once. The encoder is loaded only when a new document must be embedded.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable
from pathlib import Path

# What the chat takes as an upload, and how large by default (``sanad serve --max-upload-mb``).
UPLOAD_SUFFIXES = (".pdf", ".docx", ".txt", ".md")
DEFAULT_MAX_UPLOAD_MB = 50


class UploadProblem(enum.Enum):
    """Why an upload is refused before it is read (the chat words it in its language)."""

    TYPE = "type"
    SIZE = "size"


def upload_problem(name: str, size: int, limit_bytes: int) -> UploadProblem | None:
    """``None`` when a file of this name and size may be added, else why not.

    >>> upload_problem("report.PDF", 10, 100), upload_problem("x.exe", 10, 100), upload_problem("a.md", 101, 100)
    (None, <UploadProblem.TYPE: 'type'>, <UploadProblem.SIZE: 'size'>)
    """
    if Path(name).suffix.lower() not in UPLOAD_SUFFIXES:
        return UploadProblem.TYPE
    if size > limit_bytes:
        return UploadProblem.SIZE
    return None


def _config(model: str | None):
    from index.store import IndexConfig

    return IndexConfig.for_model(model).resolved()


def load_encoder(config):
    """The encoder a new document is embedded with (tests replace it)."""
    from index.encoders import load_encoder as load

    return load(config=config.encoder)


def add_documents(paths: Iterable[Path | str], model: str | None = None, progress: Callable[[float, str], None] | None = None):
    """Add files or directories to the library in ``$SANAD_HOME`` (``index.library.Added``)."""
    from index.documents import bundled_report_path
    from index.library import Library

    from index.build import default_index_dir
    from index.common import IndexFileError
    from index.store import Store

    config = _config(model)
    library = Library()
    reuse = None
    if library.is_empty():  # the bundled report goes in first: its default index, if built, spares embedding it
        try:
            reuse = Store.load(default_index_dir())
        except IndexFileError:
            reuse = None
    return library.add(paths, config, lambda: load_encoder(config), progress, seed=bundled_report_path(), reuse=reuse)


def remove_document(doc_id: str, model: str | None = None) -> None:
    """Take one document out of the library; nothing is embedded."""
    from index.library import Library

    Library().remove(doc_id, _config(model))


def list_documents():
    """The library's documents (``index.library.LibraryDocument``), empty when only the bundled report is served."""
    from index.library import Library

    return Library().documents()


__all__ = ["DEFAULT_MAX_UPLOAD_MB", "UPLOAD_SUFFIXES", "UploadProblem", "add_documents", "list_documents", "remove_document", "upload_problem"]
