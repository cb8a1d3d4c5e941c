"""Retrieval behind a small interface, so an external engine is an adapter, not a rewrite.

A backend answers two kinds of question per retriever (passage windows, sentences, BM25 terms):
its ``depth`` best passages, and the scores of passages another retriever found, through the
backend ``for_query`` gives for each query (it may keep what the query's calls share; an adapter
without such state returns itself). The fusion in ``qa.candidates`` needs nothing else. ``LocalBackend`` answers from a ``Store`` (FAISS + BM25
postings, ``index.dense_topk`` and ``index.bm25_topk``); an engine such as Qdrant would answer
the same calls from its collections (docs/scaling.md).
"""

from __future__ import annotations

from typing import NamedTuple, Protocol

import numpy as np

from index import bm25_topk, dense_topk


class Candidates(NamedTuple):
    """Passage rows, best first, with their scores."""

    rows: np.ndarray
    scores: np.ndarray


class SentenceScores(NamedTuple):
    """Best sentence per passage, and each stored sentence vector's own score (``ids``: its row)."""

    best: np.ndarray
    ids: np.ndarray
    scores: np.ndarray


class RetrievalBackend(Protocol):
    """``within`` (a ``qa.scope.Scope`` or ``None``): search only its passages, BM25 with its statistics."""

    passages: int

    def dense_candidates(self, vector: np.ndarray, depth: int, within=None, probes: int = 1) -> Candidates: ...

    def sentence_candidates(self, vector: np.ndarray, depth: int, within=None, probes: int = 1) -> Candidates: ...

    def term_candidates(self, tokens: list[str], depth: int, weights: list[float] | None = None, within=None) -> Candidates: ...

    def dense_scores(self, vector: np.ndarray, rows: np.ndarray) -> np.ndarray: ...

    def sentence_scores(self, vector: np.ndarray, rows: np.ndarray) -> SentenceScores: ...

    def term_scores(self, tokens: list[str], rows: np.ndarray, weights: list[float] | None = None, within=None) -> np.ndarray: ...

    def sample_scores(self, vector: np.ndarray, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """``(dense_scores, sentence_scores.best)`` of ``rows``, a fixed sample asked for every query."""
        ...

    def for_query(self) -> RetrievalBackend:
        """The backend for the calls of one query (it may keep what they share); not for another thread."""
        ...


class LocalBackend:
    """The ``RetrievalBackend`` of a loaded ``Store``."""

    def __init__(self, store):
        self.store = store
        self.passages = len(store.passages)

    def dense_candidates(self, vector, depth, within=None, probes=1):
        return Candidates(*dense_topk.top_passages(self.store.dense, vector, depth, None if within is None else within.rows, probes))

    def sentence_candidates(self, vector, depth, within=None, probes=1):
        return Candidates(*dense_topk.top_passages(self.store.sentences, vector, depth, None if within is None else within.rows, probes))

    def term_candidates(self, tokens, depth, weights=None, within=None):
        return Candidates(*bm25_topk.top_k(self._bm25(within), tokens, depth, weights))

    def _bm25(self, within):
        return self.store.bm25 if within is None else within.bm25

    def dense_scores(self, vector, rows):
        return dense_topk.passage_scores(self.store.dense, vector, rows)[0]

    def sentence_scores(self, vector, rows):
        return SentenceScores(*dense_topk.passage_scores(self.store.sentences, vector, rows))

    def for_query(self) -> LocalBackend:
        """A backend that decodes each passage's stored vectors once for the query (``dense_topk.DecodedRows``)."""
        return _QueryBackend(self)

    def term_scores(self, tokens, rows, weights=None, within=None):
        return bm25_topk.scores_at(self._bm25(within), tokens, rows, weights)

    def sample_scores(self, vector, rows):
        """As ``dense_scores`` and ``sentence_scores``, the sample's vectors decoded once and kept
        (2,048 passages are about 9,000 vectors: decoding them per query cost ~100 ms)."""
        cached = getattr(self, "_sample", None)
        if cached is None or (cached[0] is not rows and not np.array_equal(cached[0], rows)):
            parts = []
            for index in (self.store.dense, self.store.sentences):
                ids, which = dense_topk._rows_of(index).of(rows)
                if index.muted is not None:  # never a passage's best: left out of the sample
                    keep = ~index.muted[ids]
                    ids, which = ids[keep], which[keep]
                parts.append((which, dense_topk.stored(index).get(ids)))
            cached = self._sample = (rows if not rows.flags.writeable else np.array(rows), parts)
        out = []
        for which, vectors in cached[1]:
            best = np.full(len(rows), -np.inf, dtype=np.float64)
            np.maximum.at(best, which, dense_topk.dot(vectors, vector))
            out.append(best)
        return out[0], out[1]


class _QueryBackend:
    """A ``LocalBackend`` (or a subclass) for one query: rescoring reads each passage's decoded vectors
    once; every other call goes to the backend it wraps, so a subclass's own candidate calls still run
    (a subclass copy of this class skipped them: ``eval.scale_diagnose.RecordingBackend`` recorded nothing)."""

    def __init__(self, parent: LocalBackend):
        self._parent, self.store, self.passages = parent, parent.store, parent.passages
        self._windows, self._sentences = dense_topk.DecodedRows(parent.store.dense), dense_topk.DecodedRows(parent.store.sentences)

    def __getattr__(self, name):
        return getattr(self._parent, name)

    def dense_scores(self, vector, rows):
        return self._windows.passage_scores(vector, rows)[0]

    def sentence_scores(self, vector, rows):
        return SentenceScores(*self._sentences.passage_scores(vector, rows))

    def for_query(self) -> _QueryBackend:
        return self
