"""BM25 built from documents fed in batches, without holding the corpus: the same arrays as
``BM25.index`` (rank-bm25's idf, term for term and bit for bit), from postings alone.

rank-bm25 keeps a dict per document, which at a million passages is gigabytes; this keeps one
(term, document, tf) triple per posting in numpy chunks. Its idf is rank-bm25's:
``log(N - n + 0.5) - log(n + 0.5)``, a negative one replaced by ``epsilon`` times the mean idf,
summed in the order terms first appear, as rank-bm25 sums it (so even the rounding agrees).
``tests/index/test_bm25_stream.py`` checks every array against ``BM25.index``.
"""

from __future__ import annotations

import math

import numpy as np

from index.bm25 import BM25, BM25Params

EMPTY = "\u2205"  # BM25.index's placeholder for an empty document


class BatchPostings:
    """One batch's postings over its own vocabulary (terms in order of first appearance)."""

    def __init__(self, terms: list[str], term: np.ndarray, doc: np.ndarray, tf: np.ndarray, doc_len: np.ndarray):
        self.terms, self.term, self.doc, self.tf, self.doc_len = terms, term, doc, tf, doc_len

    @classmethod
    def of(cls, documents: list[list[str]]) -> BatchPostings:
        """Postings sorted by document, then by term id (terms numbered in order of first appearance).

        Counted with one ``np.unique`` over (document, term) keys rather than a ``Counter`` per
        document: a third of the time of tokenizing a build batch went to the per-posting appends.
        """
        ids: dict[str, int] = {}
        number = ids.setdefault
        tokens = [doc or [EMPTY] for doc in documents]
        lengths = np.array([len(doc) for doc in tokens], dtype=np.int64)
        term = np.array([number(word, len(ids)) for doc in tokens for word in doc], dtype=np.int64)
        doc = np.repeat(np.arange(len(tokens), dtype=np.int64), lengths)
        width = max(len(ids), 1)
        keys, tf = np.unique(doc * width + term, return_counts=True)
        return cls(list(ids), (keys % width).astype(np.int32), (keys // width).astype(np.int32), tf.astype(np.float32), lengths.astype(np.int32))


class BM25Builder:
    """Feed ``BatchPostings`` in document order; ``finish`` returns the ``BM25``."""

    def __init__(self, params: BM25Params = BM25Params()):
        self.params = params
        self._ids: dict[str, int] = {}
        self._parts: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
        self._lengths: list[np.ndarray] = []
        self._documents = 0

    def add(self, batch: BatchPostings) -> None:
        local = np.array([self._ids.setdefault(t, len(self._ids)) for t in batch.terms], dtype=np.int32)
        self._parts.append((local[batch.term] if len(batch.term) else batch.term, batch.doc.astype(np.int64) + self._documents, batch.tf))
        self._lengths.append(batch.doc_len)
        self._documents += len(batch.doc_len)

    def finish(self) -> BM25:
        if not self._documents:
            raise ValueError("BM25 needs at least one document")
        term = np.concatenate([p[0] for p in self._parts])
        doc = np.concatenate([p[1] for p in self._parts]).astype(np.int32)
        tf = np.concatenate([p[2] for p in self._parts])
        self._parts.clear()
        first_seen = list(self._ids)  # the order rank-bm25's dict holds them in
        frequency = np.bincount(term, minlength=len(first_seen))
        n = self._documents
        idf, total, negative = {}, 0.0, []
        for word, df in zip(first_seen, frequency.tolist()):
            value = math.log(n - df + 0.5) - math.log(df + 0.5)
            idf[word] = value
            total += value
            if value < 0:
                negative.append(word)
        floor = self.params.epsilon * (total / len(idf))
        for word in negative:
            idf[word] = floor
        vocab = sorted(first_seen)
        column = np.empty(len(first_seen), dtype=np.int32)
        column[[self._ids[w] for w in vocab]] = np.arange(len(vocab), dtype=np.int32)
        term = column[term]
        order = np.argsort(term, kind="stable")  # documents stay ascending within a term
        indptr = np.zeros(len(vocab) + 1, dtype=np.int64)
        np.cumsum(np.bincount(term, minlength=len(vocab)), out=indptr[1:])
        return BM25(
            vocab,
            np.array([idf[w] for w in vocab], dtype=np.float64),
            np.concatenate(self._lengths),
            indptr,
            doc[order],
            tf[order],
            self.params,
        )
