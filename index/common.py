"""The project-wide base: what every package (index, qa, ui, eval) shares, defined once.

It sits at the bottom of the import graph (ui → qa → index, eval → qa → index),
so anything may import it and it imports nothing of Sanad's. It holds:

- the error types: every caller mistake raises a ``SanadError`` subclass, and
  ``parse_enum`` turns a named option into its Enum with an error that lists the valid values;
- ``sanad_home()``: the one reading of ``$SANAD_HOME`` (the cache of models, indexes, feedback);
- ``read_text`` and ``sha256_file``: the one file reader and the one file hash;
- ``replace_directory``: swapping a directory as a whole, so readers see the old one or the new one;
  ``file_lock``: one writer at a time for a cache entry.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import shutil
from contextlib import contextmanager
from pathlib import Path

# --- errors --------------------------------------------------------------------------------------


class SanadError(Exception):
    """Base class: a message a user can act on, shown without a traceback."""


class InputFileError(SanadError):
    """A document or dataset file is missing, unreadable or not what we expect."""


class IndexFileError(SanadError):
    """An on-disk index is missing, stale, corrupted or was built differently."""


class OptionError(SanadError, ValueError):
    """A named option got a value outside its Enum."""


class NotFoundError(SanadError, LookupError):
    """A passage, document or sub-item that the index does not have."""


def valid_values(enum_cls) -> str:
    """``'a', 'b'``: an Enum's values as every message and help text lists them."""
    return ", ".join(repr(member.value) for member in enum_cls)


def parse_enum(enum_cls, value, option: str):
    """Convert ``value`` to ``enum_cls``; the error lists the valid values.

    Example:
        >>> import enum
        >>> class Color(enum.Enum):
        ...     RED = "red"
        >>> parse_enum(Color, "red", "color")
        <Color.RED: 'red'>
    """
    if isinstance(value, enum_cls):
        return value
    try:
        return enum_cls(str(value).strip().lower())
    except ValueError:
        raise OptionError(
            f"unknown {option} {value!r}. Use one of the supported values: [{valid_values(enum_cls)}]"
        ) from None


# --- paths ---------------------------------------------------------------------------------------


def sanad_home() -> Path:
    """Sanad's cache: ``$SANAD_HOME``, else ``$XDG_CACHE_HOME/sanad``, else ``~/.cache/sanad``."""
    if home := os.environ.get("SANAD_HOME"):
        return Path(home).expanduser()
    cache = os.environ.get("XDG_CACHE_HOME", "")
    # The XDG spec says to ignore a relative XDG_CACHE_HOME.
    return (Path(cache) if os.path.isabs(cache) else Path.home() / ".cache") / "sanad"


# --- files ---------------------------------------------------------------------------------------


def sha256_file(path: Path) -> str:
    """The hex sha256 of a file's bytes, read in 1 MiB blocks."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def read_text(path: Path, *, expected: str = "a .txt or .md file", max_bytes: int = 50 * 1024 * 1024) -> str:
    """Read a non-empty UTF-8 text file or raise an ``InputFileError`` that names the file and the problem.

    ``expected`` says what the file should have been (for the directory and NUL-byte errors).
    """
    path = Path(path)
    if not path.exists():
        raise InputFileError(f"{path}: no such file")
    if path.is_dir():
        raise InputFileError(f"{path}: is a directory, expected {expected}")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputFileError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    if len(data) > max_bytes:
        raise InputFileError(f"{path}: {len(data):,} bytes is more than the {max_bytes:,}-byte limit")
    if b"\x00" in data:
        raise InputFileError(f"{path}: looks binary (contains NUL bytes), expected {expected}")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputFileError(f"{path}: not valid UTF-8 (byte {exc.start}: {data[exc.start:exc.start + 1]!r})") from None
    if not text.strip():
        raise InputFileError(f"{path}: is empty")
    return text


# --- atomic directory replacement ----------------------------------------------------------------


@contextmanager
def file_lock(path: Path):
    """Hold an exclusive ``flock`` on ``path`` (created if missing): one process writes a cache entry at a time."""
    with open(path, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _backup(directory: Path) -> Path:
    return directory.with_name(f".{directory.name}.previous")


def replace_directory(staging: Path, directory: Path) -> None:
    """Move the finished ``staging`` directory to ``directory``.

    A directory cannot be renamed over a non-empty one, so the old one is moved
    aside first; ``restore_interrupted_replace`` undoes a crash between the renames.
    """
    backup = _backup(directory)
    if backup.exists():
        shutil.rmtree(backup)
    if directory.exists() or directory.is_symlink():
        os.rename(directory, backup)
    os.rename(staging, directory)
    shutil.rmtree(backup, ignore_errors=True)


def restore_interrupted_replace(directory: Path) -> None:
    """If a crash fell between the two renames, put the previous directory back."""
    backup = _backup(directory)
    if not directory.exists() and backup.exists():
        os.rename(backup, directory)
