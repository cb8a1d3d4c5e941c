"""Dense search: FAISS inner product over L2-normalized window vectors.

A passage longer than the encoder's window has several vectors ("windows");
``owner[i]`` is the passage of row ``i``, and a passage's dense score is the
best of its windows.

On disk: ``<name>.faiss`` (written by ``faiss.write_index``) and
``<name>_owner.npy`` (int32, one per vector); the store keeps two such
indexes, ``dense`` (passage windows) and ``sentences`` (one vector per sentence).

A centred index (the IVF kinds, ``index.dense_kinds.centres``) also has ``<name>_mean.npy``:
FAISS holds ``p − μ`` for each vector ``p``, and every score read from it gets ``q·μ`` added
back, so ``q·(p − μ) + q·μ = q·p`` exactly as uncentred (the ranking of one query is unchanged:
``q·μ`` is the same for all its vectors). Why centre: every e5 vector shares a large common
part, and k-means then cuts that part instead of what tells topics apart (IVF recall@10 vs
exact, eval/results/scale.md). An index saved without the file (before centring) loads uncentred.
"""

from __future__ import annotations

import enum
from pathlib import Path

import numpy as np



def files(name: str) -> tuple[str, str]:
    return f"{name}.faiss", f"{name}_owner.npy"


def mean_file(name: str) -> str:
    return f"{name}_mean.npy"


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
    def __init__(self, faiss_index, owner: np.ndarray, passages: int, kind: DenseKind, mean: np.ndarray | None = None):
        """``mean``: what was taken off every vector FAISS holds (``None``: nothing, as stored)."""
        self.faiss_index = faiss_index
        self.owner = np.asarray(owner, dtype=np.int32)
        self.passages = passages
        self.kind = kind
        self.mean = None if mean is None else np.asarray(mean, dtype=np.float32).reshape(-1)
        self._muted: np.ndarray | None = None
        if self.mean is not None and len(self.mean) != faiss_index.d:
            raise ValueError(f"the mean has {len(self.mean)} dimensions, the vectors {faiss_index.d}")

    @property
    def muted(self) -> np.ndarray | None:
        """Per vector, True for one that never makes its passage's best (``index.sentences.fragments``,
        set by the store on its sentence index); its own score is still reported."""
        return self._muted

    @muted.setter
    def muted(self, mask: np.ndarray | None) -> None:
        if mask is not None and len(mask) != len(self.owner):
            raise ValueError(f"a muted mask has one flag per vector: {len(mask)} flags for {len(self.owner)} vectors")
        self._muted = None if mask is None else np.asarray(mask, dtype=bool)
        # The FAISS selectors (index.dense_topk) keep unmuted vectors only: a new mask makes them stale.
        self.__dict__.pop("_selectors", None)

    def unmuted(self, scores: np.ndarray, ids: np.ndarray | None = None) -> np.ndarray:
        """``scores`` (one per vector ``ids``, every vector when ``None``) with muted vectors at ``-inf``:
        what a passage's best is taken over."""
        if self._muted is None:
            return scores
        return np.where(self._muted if ids is None else self._muted[ids], -np.inf, scores)

    @classmethod
    def build(cls, vectors: np.ndarray, owner: np.ndarray, passages: int, kind: DenseKind = DenseKind.FLAT, hnsw_m: int = 32):
        from index import dense_kinds

        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        mean = dense_kinds.centre_of(kind, vectors)
        if mean is not None:
            vectors = vectors - mean
        index = dense_kinds.new_index(kind, vectors.shape[1], len(vectors), vectors, hnsw_m=hnsw_m)
        index.add(vectors)
        return cls(index, owner, passages, kind, mean)

    @property
    def dimension(self) -> int:
        return self.faiss_index.d

    def offset(self, query: np.ndarray) -> float:
        """``q·μ``: what a score read from FAISS lacks (0 for an uncentred index)."""
        if self.mean is None:
            return 0.0
        return float(np.dot(self.mean.astype(np.float64), np.asarray(query, dtype=np.float64).reshape(-1)))

    def vectors(self, start: int = 0, count: int | None = None) -> np.ndarray:
        """Stored vectors ``start .. start + count`` as the encoder gave them (decoded, mean added back)."""
        count = self.faiss_index.ntotal - start if count is None else count
        rows = self.faiss_index.reconstruct_n(start, count)
        return rows if self.mean is None else rows + self.mean

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
        out[rows[0][keep]] = found[0][keep] + np.float32(self.offset(query))
        return out

    def best_per_passage(self, row_scores: np.ndarray) -> np.ndarray:
        """A passage's score is the best of its vectors (``-inf`` for a passage with none)."""
        best = np.full(self.passages, -np.inf, dtype=np.float32)
        np.maximum.at(best, self.owner, self.unmuted(row_scores))
        return best

    def scores(self, query: np.ndarray, candidates: int | None = None) -> np.ndarray:
        """Best-vector score of each passage for one query vector; ``-inf`` where not retrieved."""
        return self.best_per_passage(self.row_scores(query, candidates))

    def file_names(self, name: str = "dense") -> tuple[str, ...]:
        """The files ``save`` writes (for the manifest's checksums)."""
        return files(name) + (() if self.mean is None else (mean_file(name),))

    def save(self, directory: Path, name: str = "dense") -> None:
        import faiss

        index_file, owner_file = files(name)
        faiss.write_index(self.faiss_index, str(Path(directory) / index_file))
        np.save(Path(directory) / owner_file, self.owner, allow_pickle=False)
        if self.mean is not None:
            np.save(Path(directory) / mean_file(name), self.mean, allow_pickle=False)

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
        mean_path = Path(directory) / mean_file(name)
        mean = np.load(mean_path, allow_pickle=False) if mean_path.exists() else None
        return cls(index, owner, passages, kind, mean)
