"""BM25 (Okapi) over search tokens, stored as plain arrays.

Scores are rank-bm25's ``BM25Okapi`` exactly (Robertson & Zaragoza, 2009,
with rank-bm25's floor ``epsilon * mean_idf`` for negative idf); rank-bm25
computes the idf at build time, and queries run over an inverted index of
term frequencies, so a query touches only the postings of its own terms.

On disk (all in the index directory, no pickle):
- ``bm25_vocab.json``: the terms, in column order;
- ``bm25_idf.npy`` (float64, one per term), ``bm25_doc_len.npy`` (int32, one per passage);
- ``bm25_indptr.npy`` (int64, terms + 1), ``bm25_docs.npy`` (int32), ``bm25_tf.npy`` (float32):
  the postings of term ``t`` are ``docs[indptr[t]:indptr[t + 1]]`` with their term frequencies.
"""

from __future__ import annotations

import collections
import json
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

from index import arrays

FILES = ("bm25_vocab.json", "bm25_idf.npy", "bm25_doc_len.npy", "bm25_indptr.npy", "bm25_docs.npy", "bm25_tf.npy")


@dataclass(frozen=True)
class BM25Params:
    k1: float = 1.5
    b: float = 0.75
    epsilon: float = 0.25


def okapi_idf(df: np.ndarray, documents: int, epsilon: float) -> np.ndarray:
    """rank-bm25's ``BM25Okapi`` idf: ``log(N - df + 0.5) - log(df + 0.5)``, a negative one floored
    at ``epsilon`` times the mean idf of the vocabulary.

    >>> okapi_idf(np.array([1, 3, 1]), 4, 0.25).round(4).tolist()
    [0.8473, 0.0706, 0.8473]
    """
    idf = np.log(documents - df + 0.5) - np.log(df + 0.5)
    return np.where(idf < 0, epsilon * idf.mean(), idf) if len(idf) else idf.astype(np.float64)


class BM25:
    """Okapi BM25 with ``index``-time idf from rank-bm25 and a vectorized scorer."""

    def __init__(self, vocab, idf, doc_len, indptr, docs, tf, params: BM25Params = BM25Params(), average_len: float | None = None):
        self.vocab = list(vocab)
        self.term_ids = {term: i for i, term in enumerate(self.vocab)}
        self.idf = np.asarray(idf, dtype=np.float64)
        self.doc_len = np.asarray(doc_len, dtype=np.int32)
        self.indptr = np.asarray(indptr, dtype=np.int64)
        self.docs = np.asarray(docs, dtype=np.int32)
        self.tf = np.asarray(tf, dtype=np.float32)
        self.params = params
        # ``restricted`` gives the average of its own rows (the others have no postings there).
        average = average_len if average_len is not None else float(self.doc_len.mean()) if len(self.doc_len) else 0.0
        # The length part of the denominator depends only on the document: compute it once.
        self._norm = params.k1 * (1 - params.b + params.b * self.doc_len / max(average, 1e-9))
        self._terms_by_doc: tuple[np.ndarray, np.ndarray] | None = None  # ``terms_in``'s transposed postings

    @classmethod
    def index(cls, corpus_tokens: list[list[str]], params: BM25Params = BM25Params()) -> "BM25":
        from rank_bm25 import BM25Okapi

        if not corpus_tokens:
            raise ValueError("BM25 needs at least one document")
        # rank-bm25 divides by zero on an all-empty corpus; a placeholder token keeps it defined.
        safe = [tokens if tokens else ["\u2205"] for tokens in corpus_tokens]
        reference = BM25Okapi(safe, k1=params.k1, b=params.b, epsilon=params.epsilon)
        vocab = sorted(reference.idf)
        term_ids = {term: i for i, term in enumerate(vocab)}
        postings: list[list[tuple[int, int]]] = [[] for _ in vocab]
        for doc_id, tokens in enumerate(safe):
            for term, count in collections.Counter(tokens).items():
                postings[term_ids[term]].append((doc_id, count))
        indptr = np.zeros(len(vocab) + 1, dtype=np.int64)
        indptr[1:] = np.cumsum([len(p) for p in postings])
        docs = np.array([d for p in postings for d, _ in p], dtype=np.int32)
        tf = np.array([c for p in postings for _, c in p], dtype=np.float32)
        idf = np.array([reference.idf[t] for t in vocab], dtype=np.float64)
        doc_len = np.array(reference.doc_len, dtype=np.int32)
        return cls(vocab, idf, doc_len, indptr, docs, tf, params)

    def __len__(self) -> int:
        return len(self.doc_len)

    def restricted(self, rows) -> "BM25":
        """This index as if it held only the passages ``rows``: their vocabulary, idf and average
        length, as ``BM25.index`` over those passages alone would give; row numbers stay the same
        (the other rows score zero). A search within some documents ranks as their own index would.
        """
        rows = arrays.unique(np.asarray(rows, dtype=np.int64))
        if not len(rows):
            raise ValueError("a restricted BM25 needs at least one row")
        inside = np.zeros(len(self.doc_len), dtype=bool)
        inside[rows] = True
        keep = inside[self.docs]
        term_of_posting = np.repeat(np.arange(len(self.vocab)), np.diff(self.indptr))
        df = np.bincount(term_of_posting[keep], minlength=len(self.vocab))
        present = np.flatnonzero(df)
        indptr = np.zeros(len(present) + 1, dtype=np.int64)
        indptr[1:] = np.cumsum(df[present])  # one posting per (term, passage)
        return BM25(
            [self.vocab[t] for t in present],
            okapi_idf(df[present], len(rows), self.params.epsilon),
            self.doc_len,
            indptr,
            self.docs[keep],
            self.tf[keep],
            self.params,
            average_len=float(self.doc_len[rows].mean()),
        )

    def terms_in(self, rows) -> np.ndarray:
        """The columns (term ids, ascending) of the terms that occur in documents ``rows``.

        >>> BM25.index([["a", "b"], ["b", "c"], ["d"]]).terms_in([0, 1]).tolist()
        [0, 1, 2]
        """
        if self._terms_by_doc is None:  # the postings transposed, once: document -> its term columns
            # int32 columns (a vocabulary is far below 2**31): at 1M passages this array was 109 + 300 MiB as
            # int64 in the two languages' BM25s, of the +1.5 GiB after the first queries (scale.md, scale10).
            term_of_posting = np.repeat(np.arange(len(self.vocab), dtype=np.int32), np.diff(self.indptr))
            order = np.argsort(self.docs, kind="stable")
            starts = np.searchsorted(self.docs[order], np.arange(len(self.doc_len) + 1))
            self._terms_by_doc = (term_of_posting[order], starts)
        terms, starts = self._terms_by_doc
        rows = np.asarray(rows, dtype=np.int64)
        if not len(rows):
            return np.zeros(0, dtype=np.int64)
        return arrays.unique(np.concatenate([terms[starts[r] : starts[r + 1]] for r in rows])).astype(np.int64)

    def scores(self, query_tokens: list[str], weights: list[float] | None = None) -> np.ndarray:
        """BM25 score of every document for the query (zeros where no term matches).

        ``weights``, one per query token, scale each term's contribution (default 1).
        """
        scores = np.zeros(len(self.doc_len), dtype=np.float64)
        k1 = self.params.k1
        if weights is None:
            weights = [1.0] * len(query_tokens)
        elif len(weights) != len(query_tokens):
            raise ValueError(f"{len(weights)} weights for {len(query_tokens)} query tokens")
        for term, weight in zip(query_tokens, weights):  # repeated query terms count again, as in rank-bm25
            column = self.term_ids.get(term)
            if column is None:
                continue
            lo, hi = self.indptr[column], self.indptr[column + 1]
            docs, tf = self.docs[lo:hi], self.tf[lo:hi]
            scores[docs] += weight * self.idf[column] * tf * (k1 + 1) / (tf + self._norm[docs])
        return scores

    def save(self, directory: Path) -> None:
        directory = Path(directory)
        (directory / "bm25_vocab.json").write_text(json.dumps(self.vocab, ensure_ascii=False), encoding="utf-8")
        for name, array in (
            ("bm25_idf.npy", self.idf),
            ("bm25_doc_len.npy", self.doc_len),
            ("bm25_indptr.npy", self.indptr),
            ("bm25_docs.npy", self.docs),
            ("bm25_tf.npy", self.tf),
        ):
            np.save(directory / name, array, allow_pickle=False)

    @classmethod
    def load(cls, directory: Path, params: dict) -> "BM25":
        directory = Path(directory)
        vocab = json.loads((directory / "bm25_vocab.json").read_text(encoding="utf-8"))
        arrays = {
            name: np.load(directory / f"bm25_{name}.npy", allow_pickle=False)
            for name in ("idf", "doc_len", "indptr", "docs", "tf")
        }
        bm25 = cls(vocab, params=BM25Params(**params), **arrays)
        if not (len(bm25.idf) == len(vocab) == len(bm25.indptr) - 1 and len(bm25.docs) == len(bm25.tf) == bm25.indptr[-1]):
            raise ValueError("BM25 arrays do not agree in length")
        return bm25

    def config(self) -> dict:
        return asdict(self.params)
