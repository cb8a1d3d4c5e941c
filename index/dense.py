"""Dense search: FAISS inner product over L2-normalized window vectors.

A passage longer than the encoder's window has several vectors ("windows");
``owner[i]`` is the passage of row ``i``, and a passage's dense score is the
best of its windows.

On disk: ``dense.faiss`` (written by ``faiss.write_index``) and
``dense_owner.npy`` (int32, one per vector).
"""

from __future__ import annotations

import enum
from pathlib import Path

import numpy as np

FILES = ("dense.faiss", "dense_owner.npy")


class DenseKind(enum.Enum):
    """``flat`` is exact; ``hnsw`` is approximate and faster on large corpora."""

    FLAT = "flat"
    HNSW = "hnsw"


class DenseIndex:
    def __init__(self, faiss_index, owner: np.ndarray, passages: int, kind: DenseKind):
        self.faiss_index = faiss_index
        self.owner = np.asarray(owner, dtype=np.int32)
        self.passages = passages
        self.kind = kind

    @classmethod
    def build(cls, vectors: np.ndarray, owner: np.ndarray, passages: int, kind: DenseKind = DenseKind.FLAT, hnsw_m: int = 32):
        import faiss

        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        dimension = vectors.shape[1]
        if kind is DenseKind.HNSW:
            index = faiss.IndexHNSWFlat(dimension, hnsw_m, faiss.METRIC_INNER_PRODUCT)
            index.hnsw.efConstruction = 200
            index.hnsw.efSearch = 128
        else:
            index = faiss.IndexFlatIP(dimension)
        index.add(vectors)
        return cls(index, owner, passages, kind)

    @property
    def dimension(self) -> int:
        return self.faiss_index.d

    def scores(self, query: np.ndarray, candidates: int | None = None) -> np.ndarray:
        """Best-window score of each passage for one query vector; ``-inf`` where not retrieved.

        ``candidates`` bounds how many windows FAISS returns; ``None`` scores every window,
        which is exact and cheap for report-sized corpora.
        """
        total = self.faiss_index.ntotal
        k = total if candidates is None else min(total, candidates)
        query = np.ascontiguousarray(query.reshape(1, -1), dtype=np.float32)
        window_scores, rows = self.faiss_index.search(query, k)
        window_scores, rows = window_scores[0], rows[0]
        keep = rows >= 0
        best = np.full(self.passages, -np.inf, dtype=np.float32)
        np.maximum.at(best, self.owner[rows[keep]], window_scores[keep])
        return best

    def save(self, directory: Path) -> None:
        import faiss

        faiss.write_index(self.faiss_index, str(Path(directory) / "dense.faiss"))
        np.save(Path(directory) / "dense_owner.npy", self.owner, allow_pickle=False)

    @classmethod
    def load(cls, directory: Path, passages: int, kind: DenseKind) -> "DenseIndex":
        import faiss

        index = faiss.read_index(str(Path(directory) / "dense.faiss"))
        owner = np.load(Path(directory) / "dense_owner.npy", allow_pickle=False)
        if len(owner) != index.ntotal or (len(owner) and (owner.min() < 0 or owner.max() >= passages)):
            raise ValueError("window owners do not match the vectors or the passages")
        return cls(index, owner, passages, kind)
