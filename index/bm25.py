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
import threading
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

from index import arrays

FILES = ("bm25_vocab.json", "bm25_idf.npy", "bm25_doc_len.npy", "bm25_indptr.npy", "bm25_docs.npy", "bm25_tf.npy")
# Guards the one-time build of the transposed postings (``BM25._transposed``), which every language
# scope of a library shares: concurrent first questions build it once.
_TRANSPOSE_LOCK = threading.Lock()


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
    """Okapi BM25 with ``index``-time idf from rank-bm25 and a vectorized scorer.

    Column ``c``'s postings are ``buffers[which[c]]``'s documents and term frequencies in ``[lo[c], hi[c])``
    (``postings``). A loaded or indexed BM25 has one buffer, its packed arrays (``indptr``, ``docs``, ``tf``);
    a ``restricted`` one points into its root's buffer for every term whose postings all lie in its rows and
    keeps a filtered copy of the others' only (at 1M passages the copies were 408 MiB, scale.md, scale11).
    """

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
        self._lo, self._hi = self.indptr[:-1], self.indptr[1:]
        self._buffers = ((self.docs, self.tf),)
        self._which = np.zeros(len(self.vocab), dtype=np.int8)
        self._root: BM25 = self  # whose postings (and transposed postings) a restricted BM25 shares
        self._root_column: np.ndarray | None = None  # a restricted BM25: each column's in the root
        self._holds: np.ndarray | None = None  # a restricted BM25: the rows whose postings it has
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

    def postings(self, column: int) -> tuple[np.ndarray, np.ndarray]:
        """Term ``column``'s documents (ascending) and their term frequencies (views, not copies)."""
        docs, tf = self._buffers[self._which[column]]
        lo, hi = self._lo[column], self._hi[column]
        return docs[lo:hi], tf[lo:hi]

    def df(self, column: int) -> int:
        """How many documents term ``column`` occurs in (its postings' length)."""
        return int(self._hi[column] - self._lo[column])

    def whole_columns(self) -> np.ndarray:
        """One flag per column: every posting the root index has of the term lies in this one's rows
        (always, for a root; for a restriction, the terms it reads in place)."""
        return self._which == 0

    def restricted(self, rows) -> "BM25":
        """This index as if it held only the passages ``rows``: their vocabulary, idf and average
        length, as ``BM25.index`` over those passages alone would give; row numbers stay the same
        (the other rows score zero). A search within some documents ranks as their own index would.

        It shares the root index's arrays: a term whose postings all lie in ``rows`` (every term of a
        language but the few shared with another, as digits) reads the root's postings in place; only
        the other terms' postings are copied, filtered. The transposed postings (``terms_in``) are the root's.
        """
        rows = arrays.unique(np.asarray(rows, dtype=np.int64))
        if not len(rows):
            raise ValueError("a restricted BM25 needs at least one row")
        root = self._root
        holds = np.zeros(len(self.doc_len), dtype=bool)
        holds[rows] = True
        if self._holds is not None:  # a row this one has no postings of has none in its restriction
            holds &= self._holds
        keep = holds[root.docs]  # one flag per posting of the root
        root_df = np.diff(root.indptr)
        # Postings inside ``rows`` per root column (a sum per column, no per-posting column array).
        # A trailing False gives a term without postings at the end a valid start (clamping its start
        # to the last posting instead cut that posting off the term before it).
        df = np.add.reduceat(np.append(keep, False), root.indptr[:-1], dtype=np.int64) if len(root_df) else np.zeros(0, np.int64)
        df[root_df == 0] = 0
        present = np.flatnonzero(df)
        whole = df[present] == root_df[present]  # every posting of the term is inside: read in place
        copied = present[~whole]
        take = keep & np.repeat(np.isin(np.arange(len(root_df)), copied), root_df)
        own_indptr = np.zeros(len(copied) + 1, dtype=np.int64)
        own_indptr[1:] = np.cumsum(df[copied])
        out = BM25.__new__(BM25)
        out.vocab = [root.vocab[t] for t in present]
        out.term_ids = {term: i for i, term in enumerate(out.vocab)}
        out.idf = okapi_idf(df[present], len(rows), self.params.epsilon)
        out.doc_len, out.params = self.doc_len, self.params
        out._norm = self.params.k1 * (1 - self.params.b + self.params.b * self.doc_len / max(float(self.doc_len[rows].mean()), 1e-9))
        out._buffers = (root._buffers[0], (root.docs[take], root.tf[take]))
        out._which = (~whole).astype(np.int8)
        out._lo, out._hi = np.where(whole, root.indptr[present], 0), np.where(whole, root.indptr[present + 1], 0)
        out._lo[~whole], out._hi[~whole] = own_indptr[:-1], own_indptr[1:]
        out._root, out._root_column, out._holds, out._terms_by_doc = root, present, holds, None
        return out

    @property
    def packed(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """``(indptr, docs, tf)``: the postings in column order, one array each (a copy for a restricted BM25)."""
        if self._root is self:
            return self.indptr, self.docs, self.tf
        parts = [self.postings(c) for c in range(len(self.vocab))]
        indptr = np.zeros(len(parts) + 1, dtype=np.int64)
        indptr[1:] = np.cumsum([len(d) for d, _ in parts])
        docs = np.concatenate([d for d, _ in parts]) if parts else np.zeros(0, np.int32)
        tf = np.concatenate([t for _, t in parts]) if parts else np.zeros(0, np.float32)
        return indptr, docs, tf

    def terms_in(self, rows) -> np.ndarray:
        """The columns (term ids, ascending) of the terms that occur in documents ``rows``.

        >>> BM25.index([["a", "b"], ["b", "c"], ["d"]]).terms_in([0, 1]).tolist()
        [0, 1, 2]
        """
        rows = np.asarray(rows, dtype=np.int64)
        if self._root is not self:
            # The root's columns of those of ``rows`` this one holds; a column of the root present in one
            # of them is present here, and columns keep the root's order.
            rows = rows[self._holds[rows]]
            return np.searchsorted(self._root_column, self._root.terms_in(rows))
        if not len(rows):
            return np.zeros(0, dtype=np.int64)
        terms, starts = self._transposed()
        return arrays.unique(np.concatenate([terms[starts[r] : starts[r + 1]] for r in rows])).astype(np.int64)

    def _transposed(self) -> tuple[np.ndarray, np.ndarray]:
        """Document -> its term columns (ascending), built once and shared by every restriction.

        uint16 columns while the vocabulary fits (13,277 terms at 1M passages): 108 MiB for 54M postings,
        where the two languages' int32 copies were 205 MiB and their int64 ones 409 MiB (scale.md, scale10).
        Filled column by column (each document's terms come out ascending) instead of an argsort,
        whose int64 order alone was 432 MiB at 1M.
        """
        if self._terms_by_doc is not None:
            return self._terms_by_doc
        with _TRANSPOSE_LOCK:  # two first questions at once would each build it (+124 MiB at 1M)
            if self._terms_by_doc is not None:
                return self._terms_by_doc
            counts = np.bincount(self.docs, minlength=len(self.doc_len))
            starts = np.zeros(len(self.doc_len) + 1, dtype=np.int64)
            np.cumsum(counts, out=starts[1:])
            terms = np.empty(len(self.docs), dtype=np.uint16 if len(self.vocab) <= 2**16 else np.int32)
            fill = starts[:-1].copy()
            for column in range(len(self.vocab)):
                docs = self.docs[self.indptr[column] : self.indptr[column + 1]]  # distinct documents
                terms[fill[docs]] = column
                fill[docs] += 1
            self._terms_by_doc = (terms, starts)
        return self._terms_by_doc

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
            docs, tf = self.postings(column)
            scores[docs] += weight * self.idf[column] * tf * (k1 + 1) / (tf + self._norm[docs])
        return scores

    def save(self, directory: Path) -> None:
        directory = Path(directory)
        indptr, docs, tf = self.packed
        (directory / "bm25_vocab.json").write_text(json.dumps(self.vocab, ensure_ascii=False), encoding="utf-8")
        for name, array in (
            ("bm25_idf.npy", self.idf),
            ("bm25_doc_len.npy", self.doc_len),
            ("bm25_indptr.npy", indptr),
            ("bm25_docs.npy", docs),
            ("bm25_tf.npy", tf),
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
