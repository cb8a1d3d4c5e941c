"""Dense search: FAISS inner product over L2-normalized window vectors.

A passage longer than the encoder's window has several vectors ("windows");
``owner[i]`` is the passage of row ``i``, and a passage's dense score is the
best of its windows.

On disk: ``<name>.faiss`` (written by ``faiss.write_index``) and
``<name>_owner.npy`` (int32, one per vector); the store keeps two such
indexes, ``dense`` (passage windows) and ``sentences`` (one vector per sentence).
"""

from __future__ import annotations

import enum
from pathlib import Path

import numpy as np



def files(name: str) -> tuple[str, str]:
    return f"{name}.faiss", f"{name}_owner.npy"


class DenseKind(enum.Enum):
    """``flat`` is exact; the others are approximate and scale (``index.dense_kinds``, measured in
    eval/results/scale.md): ``hnsw`` a graph over full vectors, ``ivf-*`` inverted lists over
    k-means cells holding full vectors, 8-bit scalars or product-quantized codes."""

    FLAT = "flat"
    HNSW = "hnsw"
    IVF_FLAT = "ivf-flat"
    IVF_SQ8 = "ivf-sq8"
    IVF_PQ = "ivf-pq"


class DenseIndex:
    def __init__(self, faiss_index, owner: np.ndarray, passages: int, kind: DenseKind):
        self.faiss_index = faiss_index
        self.owner = np.asarray(owner, dtype=np.int32)
        self.passages = passages
        self.kind = kind

    @classmethod
    def build(cls, vectors: np.ndarray, owner: np.ndarray, passages: int, kind: DenseKind = DenseKind.FLAT, hnsw_m: int = 32):
        from index import dense_kinds

        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        index = dense_kinds.new_index(kind, vectors.shape[1], len(vectors), vectors, hnsw_m=hnsw_m)
        index.add(vectors)
        return cls(index, owner, passages, kind)

    @property
    def dimension(self) -> int:
        return self.faiss_index.d

    def row_scores(self, query: np.ndarray, candidates: int | None = None) -> np.ndarray:
        """Score of every stored vector for one query vector; ``-inf`` where FAISS did not return it.

        ``candidates`` bounds how many vectors FAISS returns; ``None`` scores every one,
        which is exact and cheap for report-sized corpora.
        """
        total = self.faiss_index.ntotal
        k = total if candidates is None else min(total, candidates)
        query = np.ascontiguousarray(query.reshape(1, -1), dtype=np.float32)
        found, rows = self.faiss_index.search(query, k)
        keep = rows[0] >= 0
        out = np.full(total, -np.inf, dtype=np.float32)
        out[rows[0][keep]] = found[0][keep]
        return out

    def best_per_passage(self, row_scores: np.ndarray) -> np.ndarray:
        """A passage's score is the best of its vectors (``-inf`` for a passage with none)."""
        best = np.full(self.passages, -np.inf, dtype=np.float32)
        np.maximum.at(best, self.owner, row_scores)
        return best

    def scores(self, query: np.ndarray, candidates: int | None = None) -> np.ndarray:
        """Best-vector score of each passage for one query vector; ``-inf`` where not retrieved."""
        return self.best_per_passage(self.row_scores(query, candidates))

    def save(self, directory: Path, name: str = "dense") -> None:
        import faiss

        index_file, owner_file = files(name)
        faiss.write_index(self.faiss_index, str(Path(directory) / index_file))
        np.save(Path(directory) / owner_file, self.owner, allow_pickle=False)

    @classmethod
    def load(cls, directory: Path, passages: int, kind: DenseKind, name: str = "dense") -> "DenseIndex":
        import faiss

        index_file, owner_file = files(name)
        index = faiss.read_index(str(Path(directory) / index_file))
        owner = np.load(Path(directory) / owner_file, allow_pickle=False)
        if len(owner) != index.ntotal or (len(owner) and (owner.min() < 0 or owner.max() >= passages)):
            raise ValueError("window owners do not match the vectors or the passages")
        from index import dense_kinds

        dense_kinds.prepare_loaded(index, kind)
        return cls(index, owner, passages, kind)
