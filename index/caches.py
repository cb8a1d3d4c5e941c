"""What Sanad keeps under ``$SANAD_HOME/cache`` and ``$SANAD_HOME/word-tables``, and which of it is stale.

Three caches are keyed by the code and libraries that made them, so an upgrade leaves the old entry
behind, never to be read again:

- ``cache/onnx/<key>/``: a model's ONNX graphs (about 470 MB for the default model), keyed by the
  model's files and the torch / onnx / onnxruntime / transformers versions (``onnx_export.cache_key``);
- ``word-tables/<key>/``: an encoder's word table (44 MB), keyed by the encoder and ``wordfreq``'s version;
- ``cache/repair/<fingerprint>-<key>.json``: a document's repaired lines, keyed by the repair's own source.

An entry is *stale* only when this installation can never read it again: an ONNX folder whose key is
no materialized model's under ``$SANAD_HOME/models`` (nor ``$SANAD_MODEL``'s, when that is a folder), a word
table recorded for another ``wordfreq`` or table format, a repair memo of other repair code. Everything
else is kept, whatever its age: embedding a table or exporting a graph again costs minutes. Models and
indexes are never touched (``sanad remove`` and ``--rebuild`` own those).
"""

from __future__ import annotations

import json
import logging
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from index.common import sanad_home

log = logging.getLogger(__name__)


class CacheKind(str, Enum):
    ONNX = "onnx"
    WORD_TABLE = "word-table"
    REPAIR = "repair"


@dataclass(frozen=True)
class CacheEntry:
    """One cached item: ``freeable`` counts the bytes that removing it gives back (a word table's files
    that an index hard-links stay on disk through the index)."""

    kind: CacheKind
    path: Path
    bytes: int
    freeable: int
    stale: bool
    reason: str

    def to_json(self) -> dict:
        return {"kind": self.kind.value, "path": str(self.path), "bytes": self.bytes, "freeable": self.freeable,
                "stale": self.stale, "reason": self.reason}  # fmt: skip


def entries(home: Path | None = None) -> list[CacheEntry]:
    """Every cache entry under ``home`` (default ``$SANAD_HOME``), sorted by kind and path."""
    home = Path(home) if home is not None else sanad_home()
    found = [*_onnx_entries(home), *_word_table_entries(home), *_repair_entries(home)]
    return sorted(found, key=lambda entry: (entry.kind.value, str(entry.path)))


def prune(found: list[CacheEntry]) -> int:
    """Remove the stale entries of ``found``; the bytes given back. An entry that is already gone is skipped."""
    freed = 0
    for entry in found:
        if not entry.stale:
            continue
        try:
            if entry.path.is_dir():
                # Renamed first, so a reader never meets a half-deleted folder under the cache's own name.
                doomed = entry.path.with_name(f".{entry.path.name}.pruning")
                os.replace(entry.path, doomed)
                shutil.rmtree(doomed)
            else:
                entry.path.unlink()
        except FileNotFoundError:
            continue
        freed += entry.freeable
        log.info("removed %s (%s)", entry.path, entry.reason)
    return freed


def _sizes(path: Path) -> tuple[int, int]:
    """(bytes, freeable bytes) of a file or folder: a file linked from elsewhere frees nothing."""
    files = [path] if path.is_file() else [p for p in path.rglob("*") if p.is_file()]
    total = freeable = 0
    for file in files:
        stat = file.stat()
        total += stat.st_size
        freeable += stat.st_size if stat.st_nlink == 1 else 0
    return total, freeable


def _entry(kind: CacheKind, path: Path, stale: bool, reason: str) -> CacheEntry:
    total, freeable = _sizes(path)
    return CacheEntry(kind, path, total, freeable, stale, reason)


def _model_folders(home: Path) -> list[Path]:
    from index.encoders.config import MODEL_VARIABLE

    folders = [p for p in (home / "models").iterdir() if p.is_dir() and not p.name.startswith(".")] if (home / "models").is_dir() else []
    chosen = os.environ.get(MODEL_VARIABLE)
    if chosen and Path(chosen).is_dir():
        folders.append(Path(chosen))
    return folders


def _onnx_entries(home: Path) -> Iterator[CacheEntry]:
    root = home / "cache" / "onnx"
    if not root.is_dir():
        return
    from index.encoders.onnx_export import cache_key

    current = {cache_key(folder): folder for folder in _model_folders(home)}
    for folder in sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith(".")):
        model = current.get(folder.name)
        if model is not None:
            yield _entry(CacheKind.ONNX, folder, False, f"the ONNX graphs of {model}")
        else:
            yield _entry(CacheKind.ONNX, folder, True, "exported from another model or by other library versions")


def _word_table_entries(home: Path) -> Iterator[CacheEntry]:
    root = home / "word-tables"
    if not root.is_dir():
        return
    from index import word_tables

    for folder in sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith(".")):
        try:
            record = json.loads((folder / word_tables.RECORD).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            yield _entry(CacheKind.WORD_TABLE, folder, True, f"no readable {word_tables.RECORD}")
            continue
        if record.get("format") != word_tables.FORMAT or record.get("format_version") != word_tables.FORMAT_VERSION:
            yield _entry(CacheKind.WORD_TABLE, folder, True, "an older word-table format")
        elif record.get("wordfreq") != word_tables.wordfreq_version():
            yield _entry(CacheKind.WORD_TABLE, folder, True, f"made with wordfreq {record.get('wordfreq')}, not the installed {word_tables.wordfreq_version()}")
        else:
            model = (record.get("encoder") or {}).get("model", "an encoder")
            yield _entry(CacheKind.WORD_TABLE, folder, False, f"the word table of {model}")


def _repair_entries(home: Path) -> Iterator[CacheEntry]:
    root = home / "cache" / "repair"
    if not root.is_dir():
        return
    from index.repair.memo import memo_prefix

    prefix = memo_prefix()
    for file in sorted(root.glob("*.json")):
        if file.name.startswith(prefix):
            yield _entry(CacheKind.REPAIR, file, False, "repaired lines of a document, by this repair")
        else:
            yield _entry(CacheKind.REPAIR, file, True, "repaired by another version of the repair")


__all__ = ["CacheEntry", "CacheKind", "entries", "prune"]
