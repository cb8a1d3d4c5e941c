"""The library: the documents a user added, under ``$SANAD_HOME/library``, changed one document at a time.

Layout::

    library/current/           swapped as a whole (``index.common.replace_directory``)
        library.json           the documents (``LibraryDocument``), in order
        index/                 the searchable ``Store`` assembled from their pieces
    library/files/<sha256>/    each added file's bytes, under its own name (never served)
    library/pieces/<key>/      each document's embedded pieces (``index.pieces``), kept for reuse

Adding a document embeds that document alone (its piece), then assembles the
store from every document's piece, writes it with the new ``library.json`` to
a temporary directory and renames it into place: a crash at any moment leaves
the previous library, and rerunning the command finds the piece already made.
Removing one embeds nothing. An empty library is the bundled report alone,
which the first ``add`` puts in the library before the new files (``sanad
remove`` takes it out like any other document).
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import fcntl
import json
import logging
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from index.common import (
    IndexFileError,
    InputFileError,
    NotFoundError,
    SanadError,
    replace_directory,
    restore_interrupted_replace,
    sanad_home,
    sha256_file,
)
from index import word_tables
from index.pieces import Piece, assemble, piece_key
from index.store import IndexConfig, Source, Store, fingerprint

log = logging.getLogger(__name__)

FORMAT = "sanad-library"
FORMAT_VERSION = 1
CATALOG = "library.json"
# What `sanad add DIR` picks up; a file named on its own is tried whatever its suffix.
SUFFIXES = (".txt", ".md", ".markdown", ".pdf", ".docx")

Progress = Callable[[float, str], None]
EncoderFactory = Callable[[], object]  # called only when a document must be embedded


@dataclass(frozen=True)
class LibraryDocument:
    """One document of the library, as ``sanad docs`` lists it."""

    id: str
    title: str
    language: str
    passages: int
    source: str  # the file name it was added as
    stored: str  # its copy, relative to the library directory
    sha256: str
    added: str  # ISO 8601, UTC
    piece: str  # ``index.pieces.piece_key``


@dataclass(frozen=True)
class Added:
    """What one ``add`` did: the documents it added and, per file it refused, one line saying why."""

    documents: tuple[LibraryDocument, ...]
    errors: tuple[str, ...] = ()
    store: Store | None = field(default=None, repr=False)
    seconds: float = 0.0


def library_dir() -> Path:
    return sanad_home() / "library"


def expand(paths: Iterable[Path | str]) -> list[Path]:
    """Files named, and the files with a known suffix inside directories named (sorted, recursively)."""
    out: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            out += sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES and not p.name.startswith("."))
        else:
            out.append(path)
    return out


def _now() -> str:
    return _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds")


def _load_passages(path: Path):
    from index.documents import load_passages  # parsers load only when a file is added

    return load_passages(path)


def _language(passages) -> str:
    declared = getattr(passages[0].doc, "language", None)  # DocRef.language once ingestion detects it
    if declared:
        return declared
    from index.arabic import has_arabic

    return "ar" if any(has_arabic(p.text) for p in passages[:20]) else "en"


class Library:
    """The library in ``root`` (default ``$SANAD_HOME/library``). Changes take a lock: one writer at a time."""

    def __init__(self, root: Path | str | None = None):
        self.root = Path(root) if root else library_dir()
        self.current = self.root / "current"

    # --- reading -------------------------------------------------------------------------------

    def generation(self) -> tuple[int, int] | None:
        """A token that changes whenever a change is swapped in (the catalog's inode and mtime: one
        ``stat``, cheap enough for every request); ``None`` before the first ``add`` or mid-swap."""
        try:
            status = os.stat(self.current / CATALOG)
        except FileNotFoundError:
            return None
        return status.st_ino, status.st_mtime_ns

    def documents(self) -> list[LibraryDocument]:
        """The library's documents, in the order they were added (empty for an empty library)."""
        self._restore_if_idle()
        path = self.current / CATALOG
        if not path.exists():
            return []
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.get("format") != FORMAT or data.get("format_version") != FORMAT_VERSION:
                raise ValueError(f"not a {FORMAT} {FORMAT_VERSION} catalog")
            return [LibraryDocument(**entry) for entry in data["documents"]]
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
            raise IndexFileError(f"{path} cannot be read ({exc}); move {self.root} aside to start an empty library") from None

    def is_empty(self) -> bool:
        return not self.documents()

    def sources(self, documents: list[LibraryDocument]) -> tuple[Source, ...]:
        return tuple(Source(str(self.root / d.stored), d.id, d.sha256) for d in documents)

    def open(self, config: IndexConfig, make_encoder: EncoderFactory | None = None) -> Store | None:
        """The library's store (``None`` when empty), assembled again if ``config`` asks for other vectors."""
        documents = self.documents()
        if not documents:
            return None
        config = config.resolved()
        directory = self.current / "index"
        try:
            if Store.read_manifest(directory).fingerprint == fingerprint(self.sources(documents), config):
                store = Store.load(directory)
                # A table to add (shared, or embedded now by the caller's encoder), or the store as it is:
                # a stand-in encoder gets none, and must not reassemble the library at every open.
                if not store.lacks_word_table(config) or _word_table(config, make_encoder) is None:
                    return store
                log.info("the library's index lacks the word table; assembling it again with the shared one")
        except IndexFileError as exc:
            log.warning("%s; assembling it again", exc)
        with self._lock():
            documents = self.documents()
            return self._commit(documents, config, _Once(make_encoder), embed_table=True)

    # --- changing ------------------------------------------------------------------------------

    def add(
        self,
        paths: Iterable[Path | str],
        config: IndexConfig,
        make_encoder: EncoderFactory | None = None,
        progress: Progress | None = None,
        seed: Path | None = None,
        reuse: Store | None = None,
    ) -> Added:
        """Add files (directories: their known files), embedding only the new documents.

        A file that cannot be added (unreadable, no paragraph, already in the library, an id
        already taken) is skipped with one line in ``Added.errors``; the others are added.
        ``seed`` (the bundled report) goes in first when the library is empty.
        ``make_encoder()`` is called once, and only if a document must be embedded. ``reuse``, an
        index of one document built with ``config`` (the bundled report's default index), gives
        that document's vectors without embedding it again.
        """
        started = time.perf_counter()
        report = progress or (lambda share, note: None)
        config = config.resolved()
        encoder = _Once(make_encoder)
        files = expand(paths)
        if not files:
            raise InputFileError("no file to add (a directory is searched for " + ", ".join(SUFFIXES) + " files)")
        with self._lock():
            documents = self.documents()
            if not documents and seed is not None:
                files = [Path(seed), *files]
            by_sha = {d.sha256: d for d in documents}
            by_id = {d.id: d for d in documents}
            added, errors = [], []
            for position, path in enumerate(files):
                share = position / len(files)
                report(0.05 + 0.85 * share, f"reading {path.name}")
                try:
                    document, passages, piece_dir = self._prepare(path, config, by_sha, by_id)
                except SanadError as exc:
                    errors.append(str(exc))
                    continue
                if not (piece_dir / "piece.json").exists() or not self._usable(piece_dir):
                    kept = _reusable(reuse, document, config)
                    if kept is None:
                        step = _file_share(report, position, len(files), f"embedding {path.name}")
                        step(0.0)
                        kept = Piece.embed(document.piece, passages, encoder(), config, progress=step)
                    kept.save(piece_dir)
                added.append(document)
                by_sha[document.sha256] = by_id[document.id] = document
            if not added:
                return Added((), tuple(errors), None, time.perf_counter() - started)
            report(0.95, "indexing")
            store = self._commit(documents + added, config, encoder)
        report(1.0, "done")
        return Added(tuple(added), tuple(errors), store, time.perf_counter() - started)

    def remove(self, doc_id: str, config: IndexConfig) -> Store | None:
        """Take a document out (its copy too); the store of the others, ``None`` when none is left."""
        config = config.resolved()
        with self._lock():
            documents = self.documents()
            gone = next((d for d in documents if d.id == doc_id), None)
            if gone is None:
                known = [d.id for d in documents]
                raise NotFoundError(f"no document {doc_id!r} in the library; its documents: {known}" if known else f"no document {doc_id!r}: the library is empty")
            kept = [d for d in documents if d.id != doc_id]
            store = self._commit(kept, config, _Once(None))
            if not any(d.sha256 == gone.sha256 for d in kept):
                shutil.rmtree(self.root / "files" / gone.sha256, ignore_errors=True)
        return store

    # --- inside ---------------------------------------------------------------------------------

    def _prepare(self, path: Path, config: IndexConfig, by_sha: dict, by_id: dict):
        """Parse and copy one file: ``(catalog entry, passages, piece directory)`` (the piece may not exist yet)."""
        if not path.is_file():
            raise InputFileError(f"{path}: no such file" if not path.exists() else f"{path}: not a file")
        sha = sha256_file(path)
        if sha in by_sha:
            raise InputFileError(f"{path}: already in the library as {by_sha[sha].id!r}")
        passages = _load_passages(path)
        doc = passages[0].doc
        if doc.id in by_id:
            raise InputFileError(
                f"{path}: the library already has a document {doc.id!r} (from {by_id[doc.id].source}); "
                f"`sanad remove {doc.id}` first, or rename the file"
            )
        stored = Path("files") / sha / path.name
        self._copy(path, self.root / stored)
        key = piece_key(doc.id, sha, config)
        document = LibraryDocument(doc.id, doc.title, _language(passages), len(passages), path.name, str(stored), sha, _now(), key)
        return document, passages, self.root / "pieces" / key

    def _usable(self, piece_dir: Path) -> bool:
        try:
            Piece.load(piece_dir)
            return True
        except IndexFileError as exc:
            log.warning("%s", exc)
            shutil.rmtree(piece_dir, ignore_errors=True)
            return False

    @staticmethod
    def _copy(source: Path, target: Path) -> None:
        """Copy ``source`` to ``target`` through a temporary name (content-addressed: an existing copy is the same)."""
        if target.exists():
            return
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=".copy-", dir=target.parent)
        os.close(handle)
        try:
            shutil.copyfile(source, temporary)
            os.replace(temporary, target)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise

    def _commit(self, documents: list[LibraryDocument], config: IndexConfig, encoder: _Once, embed_table: bool = False) -> Store | None:
        """Assemble the store of ``documents`` and swap it in with their catalog, in one rename.

        The store gets the machine's word table (``index.word_tables``) when it is cached or an index
        holds it; else it is embedded only by an encoder already made for a document, or, with
        ``embed_table`` (``open``), by one made for it: ``add`` never loads a model for the table alone.
        """
        pieces = []
        for document in documents:
            piece_dir = self.root / "pieces" / document.piece
            if document.piece != piece_key(document.id, document.sha256, config) or not self._usable(piece_dir):
                # Another model or config, or a damaged piece: embed this document again from its copy.
                key = piece_key(document.id, document.sha256, config)
                passages = _load_passages(self.root / document.stored)
                piece_dir = Piece.embed(key, passages, encoder(f"{piece_dir} is missing or damaged"), config).save(self.root / "pieces" / key)
                documents = [d if d is not document else LibraryDocument(**{**asdict(d), "piece": key}) for d in documents]
            pieces.append(Piece.load(piece_dir))
        self.root.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".current.building-", dir=self.root))
        try:
            store = assemble(pieces, config, self.sources(documents)) if pieces else None
            if store is not None:
                words = _word_table(config, encoder.maker() if embed_table or encoder.encoder is not None else None)
                if words is not None and words.dimension == store.manifest.dimension:
                    store = store.with_word_table(words, config.word_table)
                store.save(staging / "index")
            catalog = {"format": FORMAT, "format_version": FORMAT_VERSION, "documents": [asdict(d) for d in documents]}
            (staging / CATALOG).write_text(json.dumps(catalog, ensure_ascii=False, indent=2), encoding="utf-8")
            replace_directory(staging, self.current)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        return store

    def _restore_if_idle(self) -> None:
        """Undo a crash between a swap's two renames, unless a writer (another process) is between
        them right now: a reader must not put the old library back under its feet."""
        if self.current.exists() or not self.root.exists():
            return
        with open(self.root / ".lock", "a") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                return
            try:
                restore_interrupted_replace(self.current)
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    @contextlib.contextmanager
    def _lock(self):
        self.root.mkdir(parents=True, exist_ok=True)
        with open(self.root / ".lock", "w") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                restore_interrupted_replace(self.current)
                for stale in self.root.glob(".current.building-*"):  # a writer that died before its rename
                    shutil.rmtree(stale, ignore_errors=True)
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)


def _file_share(report: Progress, position: int, files: int, note: str) -> Callable[[float], None]:
    """File ``position``'s share of the bar (between reading it and the next file), filled as it is embedded."""
    return lambda done: report(0.05 + 0.85 * (position + done) / files, note)


def _reusable(store: Store | None, document: LibraryDocument, config: IndexConfig) -> Piece | None:
    """``document``'s piece from ``store`` if that index holds exactly this document (same bytes) with ``config``."""
    if store is None or store.manifest.fingerprint != fingerprint((Source("", document.id, document.sha256),), config):
        return None
    return Piece.from_store(document.piece, store, config)


def _word_table(config: IndexConfig, make_encoder: EncoderFactory | None):
    """The machine's word table for ``config`` (``index.word_tables``), embedded by ``make_encoder()``
    when not cached yet; ``None`` when it is not cached and there is no encoder (``remove``), or the
    encoder does not declare the config's fields (a test stand-in: its searches take the path
    without a table, which ranks the same)."""
    if not config.word_table:
        return None
    from index.build import indexed_word_table

    return word_tables.shared(config.encoder.vector_fields(), config.word_table, make_encoder, seed=lambda: indexed_word_table(config), private=False)


class _Once:
    """An encoder made on first use by a factory, then reused."""

    def __init__(self, factory: EncoderFactory | None):
        self.factory, self.encoder = factory, None

    def maker(self) -> EncoderFactory | None:
        """This encoder as a factory, ``None`` when there is none to make."""
        return (lambda: self("the word table must be embedded")) if self.factory is not None or self.encoder is not None else None

    def __call__(self, why: str = "a new document must be embedded"):
        if self.encoder is None:
            if self.factory is None:
                raise IndexFileError(f"{why}, and no encoder was given to embed it")
            self.encoder = self.factory()
        return self.encoder


__all__ = ["Added", "Library", "LibraryDocument", "SUFFIXES", "expand", "library_dir"]
