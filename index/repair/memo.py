"""Remember a document's repaired lines on disk, so a report is repaired once, not at every start.

Repairing the bundled report's 2,000 lines takes tens of seconds (a beam search
per line). The result depends only on the lines and on the repair code, so the
memo's key is a hash of both: the source of every module the repair runs and
the version of the word list and the spelling dictionary's files. Change any of them and the memo is simply missed.
Files are written to a temporary name and renamed, so a crash leaves no half file.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import os
import tempfile
from importlib import metadata
from pathlib import Path

from index.common import sanad_home
from index.repair import spelling
from index.repair.lines import RepairedLine, repair_document

log = logging.getLogger(__name__)

_PACKAGE = Path(__file__).resolve().parent
# Every source whose change can change a repaired line: this package, its reversal engine
# included, and index/arabic.py (the proclitics).
_SOURCES = (*sorted(_PACKAGE.rglob("*.py")), _PACKAGE.parent / "arabic.py")


@functools.lru_cache(maxsize=1)
def code_fingerprint() -> str:
    digest = hashlib.sha256()
    for source in _SOURCES:
        digest.update(source.relative_to(_PACKAGE.parent).as_posix().encode())
        digest.update(source.read_bytes())
    digest.update(metadata.version("wordfreq").encode())
    digest.update(spelling.fingerprint().encode())
    return digest.hexdigest()


def _key(lines: tuple[str, ...]) -> str:
    digest = hashlib.sha256(code_fingerprint().encode())
    digest.update("\n".join(lines).encode("utf-8"))
    return digest.hexdigest()


def memo_prefix() -> str:
    """The start of every memo file this repair code writes: ``sanad cache`` prunes the others."""
    return code_fingerprint()[:16] + "-"


def _cache_dir() -> Path:
    return sanad_home() / "cache" / "repair"


def _read(path: Path, count: int) -> list[RepairedLine] | None:
    try:
        rows = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(rows, list) or len(rows) != count:
        return None  # damaged or foreign: repair again and overwrite
    try:
        return [RepairedLine(str(text), item, bool(uncertain)) for text, item, uncertain in rows]
    except (TypeError, ValueError):
        return None


def _write(path: Path, repaired: list[RepairedLine]) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=path.parent, suffix=".tmp", delete=False) as out:
            json.dump([list(line) for line in repaired], out, ensure_ascii=False)
        os.replace(out.name, path)
    except OSError as error:
        # A read-only home costs time, not correctness.
        log.warning("could not remember the repaired lines in %s: %s", path.parent, error)


def _path(lines: tuple[str, ...]) -> Path:
    return _cache_dir() / f"{memo_prefix()}{_key(lines)[:48]}.json"


@functools.lru_cache(maxsize=8)
def _remembered(lines: tuple[str, ...]) -> tuple[RepairedLine, ...]:
    path = _path(lines)
    repaired = _read(path, len(lines))
    if repaired is None:
        repaired = repair_document(list(lines))
        _write(path, repaired)
    return tuple(repaired)


def repair_document_remembered(lines: list[str]) -> list[RepairedLine]:
    """:func:`repair_document`, read from ``$SANAD_HOME/cache/repair`` when these lines were repaired before."""
    return list(_remembered(tuple(lines)))
