"""An Arabic spelling dictionary: which strings are valid Arabic words, inflected forms included.

The repair's word lists know how often a word occurs, but only the words they
saw: a report's inflected forms that occur once (استشيرت, المعقودتين) are
unknown to both, while the halves of a word cut in two often are known (the web
list keeps fragments such as تشيرت). A spelling dictionary answers the other
question, whether a string is a word at all, from the stems and affix rules of
the language: Debian's ``hunspell-ar`` (Ayaspell), read with ``spylls`` (Hunspell
in Python). ``make install`` installs both; without them the repair runs on its
word lists alone (:func:`dictionary` returns None and says so once in the log).
"""

from __future__ import annotations

import functools
import hashlib
import logging
import os
from pathlib import Path

log = logging.getLogger(__name__)

# Where Debian's hunspell-ar puts the dictionary; SANAD_HUNSPELL_AR names another (path without .aff/.dic).
DEFAULT_PATH = Path("/usr/share/hunspell/ar")


def dictionary_path() -> Path:
    return Path(os.environ.get("SANAD_HUNSPELL_AR", DEFAULT_PATH))


class Spelling:
    """Lookups in one Hunspell dictionary, remembered (the affix rules make a lookup cost ~0.1 ms)."""

    def __init__(self, path: Path):
        from spylls.hunspell import Dictionary

        self.path = path
        self._dictionary = Dictionary.from_files(str(path))
        self._lookup = functools.lru_cache(maxsize=200_000)(self._dictionary.lookup)

    def __contains__(self, word: str) -> bool:
        return bool(word) and self._lookup(word)


@functools.lru_cache(maxsize=1)
def dictionary() -> Spelling | None:
    """The Arabic spelling dictionary, loaded once (~5 s), or None when it is not installed."""
    path = dictionary_path()
    if not path.with_suffix(".dic").is_file() or not path.with_suffix(".aff").is_file():
        log.warning("no Arabic spelling dictionary at %s.{aff,dic} (apt-get install hunspell-ar); "
                    "the line repair uses its word lists alone", path)
        return None
    try:
        return Spelling(path)
    except ImportError:
        log.warning("spylls is not installed (pip install spylls); the line repair uses its word lists alone")
        return None


def fingerprint() -> str:
    """What the memo must know of the dictionary: its files' hash, or that there is none."""
    path = dictionary_path()
    digest = hashlib.sha256()
    for suffix in (".aff", ".dic"):
        try:
            digest.update(path.with_suffix(suffix).read_bytes())
        except OSError:
            digest.update(b"missing")
    try:
        import spylls  # noqa: F401
    except ImportError:
        digest.update(b"no spylls")
    return digest.hexdigest()
