"""The machine's word tables: one per (encoder, word list) under ``$SANAD_HOME/word-tables``, shared
by every index that uses that encoder.

A word table (``index.word_table``) depends on the encoder and the word list only, not on the
documents, and embedding it costs more than the report's whole index (28,353 words: 166 s against
74 s, load 4.5). So it is embedded once per machine and kept here; an index takes its files by hard
link (a copy where a link fails, e.g. across file systems) and lists their checksums in its own
manifest like every other file, so a saved index stays a self-contained directory that loads
anywhere, and a cached table costs its 43.5 MB once on disk however many indexes hold it.

Layout, one directory per key (written to a temporary sibling and renamed into place)::

    word-tables/<key>/table.json   ``TableRecord``: format, encoder fields, word-list sizes and
                                   ``wordfreq`` version, rows, dimension, file checksums
    word-tables/<key>/words.npy    as ``index.word_table`` saves them (files read-only: indexes link them)
    word-tables/<key>/words.json
    word-tables/.<key>.lock        one writer per key: a concurrent builder waits, then reads

The key is the sha256 of the encoder's ``EncoderConfig.vector_fields`` (model, windows, weights:
the fields the index fingerprint trusts, so torch and ONNX float32 share a table as they share an
index) and of the word list's sizes and ``wordfreq`` version (``table_key``).
Only an encoder that declares its ``EncoderConfig`` (``encoder.config``, as every loaded encoder
does) is cached: a test stand-in or the scale benchmark's modelled encoder, which may carry a real
model's name, gets its table embedded in memory only (``WordTable.build``) and never shared.
A damaged entry is never trusted: it is embedded again under the lock and replaced.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import logging
import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import asdict, dataclass
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from index.common import (
    file_lock,
    replace_directory,
    restore_interrupted_replace,
    sanad_home,
    sha256_file,
)
from index.encoders.config import EncoderConfig
from index.word_table import FILES, WordTable, common_words

log = logging.getLogger(__name__)

FORMAT = "sanad-word-table"
FORMAT_VERSION = 1
RECORD = "table.json"
Sizes = tuple[tuple[str, int], ...]


def default_root() -> Path:
    return sanad_home() / "word-tables"


@lru_cache(maxsize=8)
def _words(sizes: Sizes) -> tuple[str, ...]:
    """``common_words(sizes)`` (1.2 s for the default sizes: once per process, and only to embed)."""
    return tuple(common_words(sizes))


@lru_cache(maxsize=1)
def wordfreq_version() -> str | None:
    try:
        return metadata.version("wordfreq")
    except metadata.PackageNotFoundError:
        return None


def encoder_fields(encoder) -> dict | None:
    """What the table's rows depend on in ``encoder``: its ``EncoderConfig.vector_fields``, or
    ``None`` for an encoder that declares no config (never cached)."""
    config = getattr(encoder, "config", None)
    return config.vector_fields() if isinstance(config, EncoderConfig) else None


def table_key(fields: dict, sizes: Sizes) -> str:
    """The directory name of the table of ``sizes`` by an encoder with these ``vector_fields``.

    The word list enters by its sizes and ``wordfreq``'s version, not by the words themselves (a
    lookup then needs no 1.2 s of ``common_words``): every row is its own word's vector, so a list
    made by an older normalizer is still right, only differently covered.
    """
    payload = {"format": FORMAT_VERSION, "encoder": fields, "sizes": [list(s) for s in sizes], "wordfreq": wordfreq_version()}
    return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()[:32]


@dataclass(frozen=True)
class TableRecord:
    """``table.json``: what a cached table holds and the checksums ``load`` verifies."""

    encoder: dict
    sizes: list
    wordfreq: str | None
    rows: int
    dimension: int
    files: dict  # name -> {"bytes": int, "sha256": str}
    created: str
    format: str = FORMAT
    format_version: int = FORMAT_VERSION


def load(directory: Path, fields: dict, sizes: Sizes) -> WordTable | None:
    """The table in ``directory`` if it is exactly the table of ``sizes`` by an encoder with these
    fields, every file matching its checksum; else ``None`` (logged when something is there)."""
    directory = Path(directory)
    if not (directory / RECORD).exists():
        return None
    try:
        record = TableRecord(**json.loads((directory / RECORD).read_text(encoding="utf-8")))
        if record.format != FORMAT or record.format_version != FORMAT_VERSION:
            raise ValueError(f"not a {FORMAT} {FORMAT_VERSION}")
        if record.encoder != fields or record.sizes != [list(s) for s in sizes] or record.wordfreq != wordfreq_version():
            raise ValueError("another encoder or word list")
        checksums = {}
        for name in FILES:
            path, expected = directory / name, record.files[name]
            if path.stat().st_size != expected["bytes"] or sha256_file(path) != expected["sha256"]:
                raise ValueError(f"{name} does not match its checksum")
            checksums[name] = expected["sha256"]
        table = WordTable.load(directory)
        if table.vectors.shape != (record.rows, record.dimension):
            raise ValueError("its words or shape do not match table.json")
    except (OSError, KeyError, TypeError, ValueError) as exc:
        log.warning("word table %s cannot be used (%s); it will be embedded again", directory, exc)
        return None
    return table.linked_to(directory, checksums)


def save(table: WordTable, directory: Path, fields: dict, sizes: Sizes) -> WordTable:
    """Write ``table`` as the cached table in ``directory`` (through a temporary sibling, renamed into
    place); the table returned links to it."""
    directory = Path(directory)
    staging = Path(tempfile.mkdtemp(prefix=f".{directory.name}.building-", dir=directory.parent))
    try:
        table.save(staging)
        files = {name: {"bytes": (staging / name).stat().st_size, "sha256": sha256_file(staging / name)} for name in FILES}
        for name in FILES:  # indexes hard-link these: nothing may write them in place
            os.chmod(staging / name, 0o444)
        record = TableRecord(
            encoder=fields, sizes=[list(s) for s in sizes], wordfreq=wordfreq_version(), rows=len(table),
            dimension=table.dimension, files=files, created=_dt.datetime.now(_dt.UTC).isoformat(timespec="seconds"),
        )  # fmt: skip
        (staging / RECORD).write_text(json.dumps(asdict(record), ensure_ascii=False, indent=2), encoding="utf-8")
        replace_directory(staging, directory)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return table.linked_to(directory, {name: entry["sha256"] for name, entry in files.items()})


def shared(
    fields: dict,
    sizes: Sizes,
    make_encoder: Callable[[], object] | None,
    root: Path | None = None,
    seed: Callable[[], WordTable | None] | None = None,
    private: bool = True,
) -> WordTable | None:
    """The table of ``sizes`` by an encoder with ``fields`` (``EncoderConfig.vector_fields``), from the
    cache in ``root`` (default ``$SANAD_HOME/word-tables``), else ``seed()`` (an index's own table of the
    same words by the same encoder fields: an index moved here, or built by an older Sanad) put in the
    cache, else embedded by ``make_encoder()`` and put in the cache. An encoder that does not declare
    these fields embeds a table kept in memory only (``private``), else gives none.
    ``None`` when it is not cached and neither a seed nor an encoder is at hand.

    Concurrent callers for one key embed it once: the others wait on the key's lock, then read it.
    """
    sizes = tuple((str(language), int(n)) for language, n in sizes)
    if not sizes:
        return WordTable.empty()
    root = Path(root) if root is not None else default_root()
    key = table_key(fields, sizes)
    directory = root / key
    table = load(directory, fields, sizes)
    if table is not None:
        return table
    if seed is None and make_encoder is None:
        return None
    root.mkdir(parents=True, exist_ok=True)
    with file_lock(root / f".{key}.lock"):
        restore_interrupted_replace(directory)
        for stale in root.glob(f".{key}.building-*"):  # a writer killed before its rename (we hold the lock)
            shutil.rmtree(stale, ignore_errors=True)
        table = load(directory, fields, sizes)  # another process may have finished it while we waited
        if table is not None:
            return table
        words = list(_words(sizes))
        kept = seed() if seed is not None else None
        if kept is not None and kept.words == words:
            log.info("the word table of an index goes into %s", directory)
            return save(kept, directory, fields, sizes)
        if make_encoder is None:
            return None
        encoder = make_encoder()
        if encoder_fields(encoder) != fields:  # a stand-in, or an automatic ONNX choice fallen back to torch
            return WordTable.build(encoder, words) if private else None
        log.info("embedding the word table (%d words) once for this machine into %s", len(words), directory)
        return save(WordTable.build(encoder, words), directory, fields, sizes)


def for_encoder(encoder, sizes: Sizes, root: Path | None = None) -> WordTable:
    """The table of ``sizes`` by ``encoder``: the machine's shared one when the encoder declares its
    config, else embedded in memory (``WordTable.build``, once per encoder object)."""
    fields = encoder_fields(encoder)
    if fields is None or not sizes:
        return WordTable.build(encoder, list(_words(tuple(sizes)))) if sizes else WordTable.empty(getattr(encoder, "dimension", 0))
    return shared(fields, sizes, lambda: encoder, root)


__all__ = ["TableRecord", "default_root", "encoder_fields", "for_encoder", "load", "save", "shared", "table_key", "wordfreq_version"]
