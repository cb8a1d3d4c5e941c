"""Word vectors for the cross-lingual bridge, each embedded once: a bounded, thread-safe LRU cache.

An English question over an Arabic report bridges most of its words (``Retriever.bridge_terms``),
and embedding them costs more than the question itself: report_dev's English questions bridge 6.8
words on average, ~45 tokens with the query prompt, against ~22 for the question (profile of
``eval.search_overhead``, 2026-12-01). Questions repeat words ("which", "trafficking",
"protocol"), so a server embeds each once. The cache is shared by the retrievers an ``Assistant``
swaps in when its library changes (the vectors depend on the encoder alone).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence

import numpy as np

DEFAULT_SIZE = 20_000


class WordVectors:
    """``encoder.encode_queries`` of single words, the ``size`` most recently used kept.

    Thread-safe: the lock guards the ordered dict only; the encoder runs outside it, so two
    threads may embed the same new word at once (both get its vector; one is kept).
    """

    def __init__(self, encoder, size: int = DEFAULT_SIZE):
        if size < 0:
            raise ValueError(f"a word cache holds size >= 0 words, got {size}")
        self.encoder = encoder
        self.size = size
        self._vectors: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._vectors)

    def cached(self, words: Sequence[str]) -> dict[str, np.ndarray]:
        """The vectors of ``words`` already embedded (each marked as just used)."""
        found = {}
        with self._lock:
            for word in words:
                vector = self._vectors.get(word)
                if vector is not None:
                    self._vectors.move_to_end(word)
                    found[word] = vector
        return found

    def missing(self, words: Sequence[str]) -> list[str]:
        """``words`` not cached, in order, once each."""
        with self._lock:
            return [w for w in dict.fromkeys(words) if w not in self._vectors]

    def add(self, words: Sequence[str], vectors: np.ndarray) -> None:
        """Keep ``vectors`` (one row per word), dropping the least recently used beyond ``size``."""
        with self._lock:
            for word, vector in zip(words, vectors):
                self._vectors[word] = vector
                self._vectors.move_to_end(word)
            while len(self._vectors) > self.size:
                self._vectors.popitem(last=False)

    def vectors(self, words: Sequence[str]) -> np.ndarray:
        """One row per word of ``words`` (repeats allowed), embedding the new ones in one call."""
        found = self.cached(words)
        new = [w for w in dict.fromkeys(words) if w not in found]
        if new:
            fresh = self.encoder.encode_queries(new)
            self.add(new, fresh)
            found.update(zip(new, fresh))
        return np.stack([found[w] for w in words])

    def clear(self) -> None:
        with self._lock:
            self._vectors.clear()


__all__ = ["DEFAULT_SIZE", "WordVectors"]
