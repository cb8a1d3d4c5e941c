"""Common words' vectors, embedded once at build time: the cross-lingual bridge's table of known words.

An English question over an Arabic report bridges most of its words (``qa.retriever.Retriever.
bridge_terms``): each word the corpus lacks is embedded and replaced by its nearest corpus term.
Embedding those words cost more than the question itself (report_test: 227 model runs for 159
searches, 45 of 48 ms per search in the encoder). Most of them are common words ("which",
"protocol", "countries"), so a build embeds the most frequent words of ``wordfreq`` once, with the
index's own encoder, and a search looks them up; only rare words (names, acronyms) still need the
encoder. Coverage of the words bridged, by the top N of ``wordfreq`` (questions with every bridged
word in the table / words left to embed per question), measured 2026-12-01::

    English N   Arabic N   words    report_test       xquad_en_ar
    10,000      0           9,553   21/69, 0.49       423/1189, 0.97
    20,000      0          19,093   29/69, 0.41       696/1189, 0.53
    20,000      10,000     28,353   32/69, 0.29       696/1189, 0.53
    30,000      20,000     47,078   36/69, 0.25       822/1189, 0.38
    50,000      30,000     74,976   46/69, 0.17       927/1189, 0.26

The rows are the words exactly as the bridge embeds them (``arabic.search_words``'s normalized
word) and as ``encoder.encode_queries([word])`` returns them, stored as float32: a looked-up vector
is the one the encoder gives. float16 rows, measured (eval/results/word_table.md, 2026-12-01): no
top-10 ranking moved on report_dev, report_test or xquad_en_ar (1,516 questions), but one question's
bridge term did (report_dev "السلام عليكم", a score by 0.012), and with one shared table per machine
(``index.word_tables``) the 21.7 MB they would save is paid once, not per index.
Files: ``words.npy`` (float32 unit rows) and ``words.json`` (the words in row order).
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import weakref
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np

from index import arabic, lexicon
from index.common import sha256_file

log = logging.getLogger(__name__)

VECTORS = "words.npy"
WORDS = "words.json"
FILES = (VECTORS, WORDS)
# Per language, the most frequent words of ``wordfreq`` (see the module docstring for the choice).
STORED = np.float32
DEFAULT_SIZES: tuple[tuple[str, int], ...] = (("en", 20_000), ("ar", 10_000))


def common_words(sizes: Iterable[tuple[str, int]] = DEFAULT_SIZES) -> list[str]:
    """The top ``n`` words of ``wordfreq`` per ``(language, n)``, as the bridge sees them: normalized,
    not stop words, bridgeable (``lexicon.is_word``); in order, once each.

    >>> common_words([("en", 40)])  # "the", "to", "a", "is", ... are stop words or too short
    ['have', 'all', 'one']
    """
    from wordfreq import top_n_list

    words: dict[str, None] = {}
    for language, n in sizes:
        for raw in top_n_list(language, n):
            found = arabic.search_words(raw)
            if len(found) == 1 and lexicon.is_word(found[0][0]):
                words.setdefault(found[0][0], None)
    return list(words)


class WordTable:
    """Words with their query vectors (``encoder.encode_queries([word])``), looked up by word."""

    def __init__(self, words: Sequence[str], vectors: np.ndarray):
        vectors = np.asarray(vectors, dtype=np.float32)
        if vectors.ndim != 2 or len(vectors) != len(words):
            raise ValueError(f"{len(words)} words and vectors of shape {vectors.shape}")
        self.words = list(words)
        self.vectors = vectors
        self.row = {word: i for i, word in enumerate(self.words)}
        if len(self.row) != len(self.words):
            raise ValueError("a word appears twice in the word table")
        # Set by ``linked_to``: a directory whose files hold exactly this table, with their sha256.
        self.origin: tuple[Path, dict[str, str]] | None = None

    def linked_to(self, directory: Path, checksums: dict[str, str]) -> WordTable:
        """This table, saved from now on by linking the files of ``directory`` (their sha256 in
        ``checksums``, as read from them) instead of writing its rows again."""
        table = WordTable(self.words, self.vectors)
        table.origin = (Path(directory), dict(checksums))
        return table

    def __len__(self) -> int:
        return len(self.words)

    def __contains__(self, word: str) -> bool:
        return word in self.row

    @property
    def dimension(self) -> int:
        return int(self.vectors.shape[1])

    def found(self, words: Iterable[str]) -> dict[str, np.ndarray]:
        """The vectors of those ``words`` the table holds."""
        return {w: self.vectors[self.row[w]] for w in words if w in self.row}

    @classmethod
    def empty(cls, dimension: int = 0) -> WordTable:
        return cls([], np.zeros((0, dimension), dtype=np.float32))

    @classmethod
    def build(cls, encoder, words: Sequence[str]) -> WordTable:
        """``words`` embedded by ``encoder`` (as ``encode_queries``); an encoder seen before with the
        same words gives the same table without a second run (tests and ``make bench`` build several
        indexes with one encoder)."""
        words = list(dict.fromkeys(words))
        key = tuple(words)
        try:
            memo = _BUILT.setdefault(encoder, {})
        except TypeError:  # an encoder that cannot be weakly referenced is embedded every time
            memo = {}
        table = memo.get(key)
        if table is None:
            vectors = encoder.encode_queries(words) if words else np.zeros((0, encoder.dimension), dtype=np.float32)
            table = memo[key] = cls(words, vectors)
        return table

    def save(self, directory: Path) -> None:
        """Write ``FILES`` into ``directory``: hard links to the files of ``origin`` (``index.word_tables``),
        a copy where a link fails, the rows themselves when the origin's files no longer match."""
        directory = Path(directory)
        if self.origin is not None and self._link(directory):
            return
        np.save(directory / VECTORS, self.vectors.astype(STORED), allow_pickle=False)
        (directory / WORDS).write_text(json.dumps(self.words, ensure_ascii=False), encoding="utf-8")

    def _link(self, directory: Path) -> bool:
        origin, checksums = self.origin
        try:
            for name in FILES:
                try:
                    os.link(origin / name, directory / name)
                except OSError:  # another file system, or links not allowed: a copy
                    shutil.copyfile(origin / name, directory / name)
                if sha256_file(directory / name) != checksums[name]:
                    raise ValueError(f"{origin / name} changed since it was read")
        except (OSError, KeyError, ValueError) as exc:
            log.warning("word table not linked from %s (%s); writing its rows", origin, exc)
            for name in FILES:
                (directory / name).unlink(missing_ok=True)
            return False
        return True

    @classmethod
    def load(cls, directory: Path) -> WordTable:
        directory = Path(directory)
        words = json.loads((directory / WORDS).read_text(encoding="utf-8"))
        if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
            raise ValueError("expected a list of words")
        vectors = np.load(directory / VECTORS, allow_pickle=False)
        if vectors.dtype != STORED:
            raise ValueError(f"expected {STORED.__name__} vectors, got {vectors.dtype}")
        return cls(words, vectors)


_BUILT: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()

__all__ = ["DEFAULT_SIZES", "FILES", "WordTable", "common_words"]
