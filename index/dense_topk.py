"""Dense search that does not touch every passage: the best passages for a query vector, and the
exact (as stored) score of any given passage, from a ``DenseIndex``.

``top_passages`` asks FAISS for the ``depth`` nearest vectors and keeps each passage's best.
``passage_scores`` reads the stored vectors of given passages back (``StoredVectors``; for a
quantized index, their decoded form, which is what its search scores) and takes the best of
each passage's dot products, so a passage another retriever found gets the score the
exhaustive path would give it. ``DecodedRows`` does the same for one query's several calls,
decoding each passage's vectors once. ``tests/index/test_dense_topk.py`` checks them against
``DenseIndex.scores`` and ``passage_scores``.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from index import arrays


class PassageRows:
    """Which stored vectors belong to each passage, as CSR over ``owner`` (built once)."""

    def __init__(self, owner: np.ndarray, passages: int):
        owner = np.asarray(owner, dtype=np.int64)
        self.order = np.argsort(owner, kind="stable")
        self.indptr = np.zeros(passages + 1, dtype=np.int64)
        np.cumsum(np.bincount(owner, minlength=passages), out=self.indptr[1:])

    def of(self, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """``(vector ids, position of their passage in rows)`` for the passages ``rows``."""
        rows = np.asarray(rows, dtype=np.int64)
        starts, ends = self.indptr[rows], self.indptr[rows + 1]
        counts = ends - starts
        which = np.repeat(np.arange(len(rows)), counts)
        offsets = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
        return self.order[np.repeat(starts, counts) + offsets], which


def _rows_of(dense) -> PassageRows:
    rows = getattr(dense, "_passage_rows", None)
    if rows is None:
        rows = PassageRows(dense.owner, dense.passages)
        dense._passage_rows = rows
    return rows


def vectors_of(dense, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``(vector ids, position of their passage in rows)`` of the passages ``rows`` (no pass over every vector)."""
    return _rows_of(dense).of(rows)


def top_passages(dense, query: np.ndarray, depth: int, within: np.ndarray | None = None, probes: int = 1) -> tuple[np.ndarray, np.ndarray]:
    """``(passage rows, best score)`` of the passages among the ``depth`` nearest vectors, best first;
    ``within`` (sorted passage rows, kept by the caller: its selector is made once) searches only their vectors;
    an IVF index searches ``probes`` times its own number of cells (``nprobe``)."""
    query = np.ascontiguousarray(np.asarray(query, dtype=np.float32).reshape(1, -1))
    # Muted vectors (``DenseIndex.muted``) are kept out by the selector, so ``depth`` counts others only.
    wider = probes > 1 and dense.kind.value.startswith("ivf")
    # The whole entry stays referenced here for the search: FAISS reads its bitmap and selector through
    # raw pointers, and another thread may drop them from the cache meanwhile (a full cache, a new mask).
    entry = None if within is None and dense.muted is None and not wider else _search_params(dense, within, probes if wider else 1)
    found, ids = dense.faiss_index.search(query, min(depth, dense.faiss_index.ntotal), params=None if entry is None else entry.params)
    keep = ids[0] >= 0
    owners, scores = dense.owner[ids[0][keep]], found[0][keep].astype(np.float64) + dense.offset(query)
    # FAISS returns best first, so a passage's first occurrence is its best vector.
    unique, first = np.unique(owners, return_index=True)
    order = np.argsort(-scores[first], kind="stable")
    return unique[order].astype(np.int64), scores[first][order].astype(np.float64)


class _Selection(NamedTuple):
    """FAISS search parameters with what they point to (FAISS holds raw pointers to bits and selector)."""

    within: np.ndarray | None
    params: object
    bits: np.ndarray
    selector: object


def _search_params(dense, within: np.ndarray | None, probes: int = 1) -> _Selection:
    """FAISS search parameters selecting the vectors of passages ``within`` (every unmuted one when
    ``None``), with the index's own search settings (``nprobe`` times ``probes``, ``efSearch``:
    parameters passed replace the index's), one per rows array and ``probes``; the caller keeps the
    returned entry for as long as it searches with its ``params``."""
    import faiss

    cache = dense.__dict__.setdefault("_selectors", {})
    hit = cache.get((id(within), probes))
    if hit is not None and hit.within is within:
        return hit
    keep = np.isin(dense.owner, within) if within is not None else np.ones(len(dense.owner), dtype=bool)
    if dense.muted is not None:
        keep &= ~dense.muted
    bits = np.packbits(keep, bitorder="little")
    selector = faiss.IDSelectorBitmap(len(bits), faiss.swig_ptr(bits))
    index = dense.faiss_index
    if isinstance(index, faiss.IndexHNSW):
        params = faiss.SearchParametersHNSW(sel=selector, efSearch=index.hnsw.efSearch)
    elif isinstance(index, faiss.IndexFlat):
        params = faiss.SearchParameters(sel=selector)
    else:
        ivf = faiss.extract_index_ivf(index)
        params = faiss.SearchParametersIVF(sel=selector, nprobe=min(ivf.nlist, ivf.nprobe * probes))
    if len(cache) >= 16:
        cache.clear()
    entry = cache[(id(within), probes)] = _Selection(within, params, bits, selector)
    return entry


class StoredVectors:
    """Reads stored vectors back by id: a view of FAISS's own array for a flat index; for IVF-SQ,
    the ids' codes gathered from the inverted lists and decoded in one ``sa_decode`` call
    (``SQCodes``); else ``reconstruct_batch`` (decoded codes for other quantized kinds); with a
    centred index's mean added back."""

    def __init__(self, faiss_index, mean: np.ndarray | None = None):
        import faiss

        self.index = faiss_index
        self.mean = mean
        self.flat = None
        self.codes = SQCodes.of(faiss_index)
        if isinstance(faiss_index, faiss.IndexFlat):
            self.flat = faiss.rev_swig_ptr(faiss_index.get_xb(), faiss_index.ntotal * faiss_index.d).reshape(-1, faiss_index.d)

    def get(self, ids: np.ndarray) -> np.ndarray:
        ids = np.asarray(ids, dtype=np.int64)
        if self.flat is not None:
            rows = self.flat[ids]
        elif self.codes is not None:
            rows = self.codes.decode(ids)
        else:
            rows = self.index.reconstruct_batch(ids)
        if self.mean is not None:
            rows += self.mean  # each path above made a copy of its own
        return rows


class SQCodes:
    """Decodes stored IVF-SQ vectors by id in one batch: each id's code is read in place from its
    inverted list (FAISS's direct map gives the list and offset), prefixed with its list number, and
    the whole batch goes to the index's ``sa_decode``, which adds the same centroid to the same decoded
    residual as ``reconstruct`` (bit for bit: tests/index/test_dense_topk.py).

    Why: ``reconstruct_batch`` decodes one vector per call (a decoder made, the centroid copied, each
    time). Measured in one process, one FAISS thread (load 3), random ids of the 100k sentence index:
    1,000 ids 0.72 ms against 0.27 ms this way, 3,500 (a hybrid query's sentence rescoring) 2.48 against
    0.89, 10,000 9.5 against 2.5. Gathering the codes list by list in Python was slower than FAISS for
    fewer than ~5,000 ids (3,000: 3.2 against 2.2 ms), so all codes are read through one strided view
    (``_Raw``) whose row ``a - low`` is the ``code_size`` bytes at address ``a``: it spans every list's
    buffer (and the gaps between them, never read), and only rows at a code's address are indexed.
    Only for an index never added to after loading (the lists' buffers must not move); ``self.ivf``
    keeps them alive.
    """

    def __init__(self, ivf):
        import faiss

        self.ivf = ivf
        self.prefix = ivf.coarse_code_size()
        self.where = faiss.rev_swig_ptr(ivf.direct_map.array.data(), ivf.direct_map.array.size())  # list << 32 | offset
        width, lists = ivf.code_size, ivf.invlists
        sizes = np.array([lists.list_size(n) for n in range(ivf.nlist)], dtype=np.int64)
        self.address = np.array([int(lists.get_codes(n)) if size else 0 for n, size in enumerate(sizes)], dtype=np.int64)
        used = sizes > 0
        self.low = int(self.address[used].min())
        high = int((self.address[used] + sizes[used] * width).max())
        self.rows = high - self.low - width + 1

    @classmethod
    def of(cls, faiss_index) -> SQCodes | None:
        import faiss

        if not isinstance(faiss_index, faiss.IndexIVFScalarQuantizer) or faiss_index.ntotal == 0:
            return None
        if faiss_index.direct_map.type != faiss.DirectMap.Array or not isinstance(faiss.downcast_InvertedLists(faiss_index.invlists), faiss.ArrayInvertedLists):
            return None
        return cls(faiss_index)

    def decode(self, ids: np.ndarray) -> np.ndarray:
        where = self.where[ids]
        lists = where >> 32
        codes = np.empty((len(ids), self.prefix + self.ivf.code_size), dtype=np.uint8)
        codes[:, : self.prefix] = lists.astype("<i8").view(np.uint8).reshape(-1, 8)[:, : self.prefix]
        # Made per call, not kept: a view of up to terabytes of address space (lists far apart) that a
        # copy or a sum of nbytes would take for real memory.
        memory = np.asarray(_Raw(self.low, self.rows, self.ivf.code_size))
        codes[:, self.prefix :] = memory[self.address[lists] - self.low + (where & 0xFFFFFFFF) * self.ivf.code_size]
        return self.ivf.sa_decode(codes)


class _Raw:
    """``rows`` overlapping rows of ``width`` bytes from address ``low``, one byte apart (read-only)."""

    def __init__(self, low: int, rows: int, width: int):
        self.__array_interface__ = {"data": (low, True), "shape": (rows, width), "strides": (1, 1), "typestr": "|u1", "version": 3}


def stored(dense) -> StoredVectors:
    reader = getattr(dense, "_stored_vectors", None)
    if reader is None:
        reader = StoredVectors(dense.faiss_index, dense.mean)
        dense._stored_vectors = reader
    return reader


def vector_scores(dense, query: np.ndarray, vector_ids: np.ndarray) -> np.ndarray:
    """The dot product of ``query`` with stored vectors ``vector_ids`` (decoded, for quantized kinds).

    ``dot``'s one C loop, neither ``@`` nor a product then a sum: OpenBLAS's threads fight over a
    busy 2-core machine, and the product allocates a copy of the vectors. Measured side by side
    in one process under load (9,000 float32 vectors of 384): ``@`` 48 ms with 2 BLAS threads (0.24 ms
    with 1), product-and-sum 10-14 ms, ``dot`` 0.5 ms whatever the BLAS threads.
    """
    if not len(vector_ids):
        return np.zeros(0, dtype=np.float64)
    return dot(stored(dense).get(vector_ids), query)


def dot(vectors: np.ndarray, query: np.ndarray) -> np.ndarray:
    """Each row of ``vectors`` times ``query`` (float64 out), without BLAS or a temporary copy."""
    return np.einsum("ij,j->i", vectors, np.asarray(query, dtype=np.float32).reshape(-1)).astype(np.float64)


def passage_scores(dense, query: np.ndarray, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For passages ``rows``: ``(best score per passage, their vector ids, each vector's score)``.

    A passage with no vector scores ``-inf``, as in ``DenseIndex.best_per_passage``.
    """
    ids, which = _rows_of(dense).of(rows)
    scores = vector_scores(dense, query, ids)
    best = np.full(len(rows), -np.inf, dtype=np.float64)
    np.maximum.at(best, which, dense.unmuted(scores, ids))
    return best, ids, scores


class DecodedRows:
    """``passage_scores`` for the calls of one query, each passage's stored vectors decoded once.

    A hybrid query rescored the same passages up to three times: the dense and sentence candidates
    for the bridge's near passages (``qa.candidates._near``), then the union (which holds them), then
    the union again by a cross-language question's centred vector. At 100k passages decoding was 38 %
    of a search (eval/results/scale.md, scale8). Vectors are kept in the chunks they were decoded in,
    with each query vector's dot products kept per chunk, so a row's scores are computed once per
    query vector and read back by position; scores and vector order equal ``passage_scores``'s
    (each row's dot product is the same ``dot`` call on the same decoded vector).
    Not shared between threads: one per query (``index.backend.LocalBackend.for_query``).
    """

    def __init__(self, dense):
        self.dense = dense
        self.rows = np.zeros(0, dtype=np.int64)  # passage rows decoded so far, sorted
        self.start = np.zeros(0, dtype=np.int64)  # where each row's vectors begin in the chunks, laid end to end
        self.count = np.zeros(0, dtype=np.int64)
        self.ids: list[np.ndarray] = []  # vector ids, one array per chunk
        self.chunks: list[np.ndarray] = []  # their decoded vectors
        self.size = 0
        self._dots: dict[bytes, list[np.ndarray]] = {}  # query vector -> its dot products, per chunk

    def _decode(self, rows: np.ndarray) -> None:
        asked = arrays.unique(rows)
        at = np.minimum(np.searchsorted(self.rows, asked), max(len(self.rows) - 1, 0))
        missing = asked if not len(self.rows) else asked[self.rows[at] != asked]
        if not len(missing):
            return
        reader = _rows_of(self.dense)
        ids, _ = reader.of(missing)
        counts = reader.indptr[missing + 1] - reader.indptr[missing]
        starts = self.size + np.cumsum(counts) - counts
        if len(ids):  # passages with no vector are remembered, nothing decoded
            self.ids.append(ids)
            self.chunks.append(stored(self.dense).get(ids))
            self.size += len(ids)
        rows_all = np.concatenate([self.rows, missing])
        order = np.argsort(rows_all, kind="stable")
        self.rows, self.start, self.count = rows_all[order], np.concatenate([self.start, starts])[order], np.concatenate([self.count, counts])[order]

    def _scores(self, query: np.ndarray) -> np.ndarray:
        key = np.asarray(query, dtype=np.float32).tobytes()
        done = self._dots.setdefault(key, [])
        for chunk in self.chunks[len(done):]:
            done.append(dot(chunk, query))
        return np.concatenate(done) if len(done) > 1 else done[0]

    def passage_scores(self, query: np.ndarray, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """``passage_scores(dense, query, rows)``, decoding only rows not decoded before."""
        rows = np.asarray(rows, dtype=np.int64)
        self._decode(rows)
        at = np.searchsorted(self.rows, rows)
        starts, counts = self.start[at], self.count[at]
        which = np.repeat(np.arange(len(rows)), counts)
        positions = np.repeat(starts - (np.cumsum(counts) - counts), counts) + np.arange(counts.sum())
        ids = (np.concatenate(self.ids) if len(self.ids) > 1 else self.ids[0])[positions] if len(positions) else np.zeros(0, dtype=np.int64)
        scores = self._scores(query)[positions] if len(positions) else np.zeros(0, dtype=np.float64)
        best = np.full(len(rows), -np.inf, dtype=np.float64)
        np.maximum.at(best, which, self.dense.unmuted(scores, ids))
        return best, ids, scores
