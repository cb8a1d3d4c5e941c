"""The FAISS index behind each ``DenseKind``, with the parameters the scale benchmark chose.

Inner product over unit vectors everywhere (cosine). The IVF kinds partition the vectors into
``nlist`` k-means cells (``nlist = 2·sqrt(n)``, between 16 and 65,536) and search the ``nprobe``
nearest cells; they must be trained on a sample first. Every IVF
index keeps a direct map so a passage's own vectors can be read back for rescoring
(``index.dense_topk``). Measured side by side (recall@10 against flat, latency, bytes per
vector) in eval/results/scale.md.
"""

from __future__ import annotations

import math

import numpy as np

from index.dense import DenseKind

HNSW_EF_CONSTRUCTION = 200
HNSW_EF_SEARCH = 128
# 2·sqrt(n) cells, not the FAISS guideline's 4·sqrt(n): k-means training and assigning every added
# vector to its cell (a flat coarse quantizer) cost in proportion to nlist, ~45 TFLOP at 1M passages
# (1M windows, 3.5M sentences) against ~17 with half the cells. Measured in eval/results/scale.md.
# nprobe 64, chosen on report_dev with 100k distractors (2026-12-02, eval/results/scale.md): hybrid
# MRR@10 0.587 / 0.632 / 0.659 / 0.666 at nprobe 16 / 32 / 64 / 128 (0.662 searching every cell);
# the candidates of hybrid search go 200-400 deep, far below the top 10 a recall@10 measures, and
# at nprobe 16 the union of candidates lost every gold passage of 35 of 134 questions (4 over every
# cell). 128 adds 0.007 for +27% hybrid time, so 64: the knee.
IVF_NPROBE = 64
CELLS_PER_ROOT = 2
PQ_BYTES = 48  # 384 / 48 = 8 dimensions per 8-bit sub-quantizer: 48 bytes a vector
TRAIN_PER_CELL = 40  # FAISS warns below 39 training points per cell


# The IVF kinds store centred vectors (index.dense): recall@10 against exact search at nprobe 16
# rose from 0.786 to 0.856 on the report's real 4.7k windows and 0.736 to 0.768 on 100k composed
# ones (eval/results/scale.md). Flat is exact either way; HNSW's graph was not measured centred.
CENTRED = frozenset({DenseKind.IVF_FLAT, DenseKind.IVF_SQ8, DenseKind.IVF_PQ})


def centre_of(kind: DenseKind, sample: np.ndarray) -> np.ndarray | None:
    """The mean to take off every vector of a ``kind`` index (``None``: stored as given), from ``sample``."""
    if kind not in CENTRED or not len(sample):
        return None
    return np.asarray(sample, dtype=np.float64).mean(axis=0).astype(np.float32)


def nlist_for(rows: int) -> int:
    return int(min(65_536, max(16, CELLS_PER_ROOT * math.sqrt(max(rows, 1)))))


def train_size(kind: DenseKind, rows: int, nlist: int | None = None) -> int:
    """How many vectors ``new_index`` needs to train on for ``rows`` vectors (0: no training)."""
    if kind in (DenseKind.FLAT, DenseKind.HNSW):
        return 0
    return min(rows, (nlist or nlist_for(rows)) * TRAIN_PER_CELL)


def new_index(kind: DenseKind, dimension: int, rows: int, train: np.ndarray | None = None, *, hnsw_m: int = 32, nlist: int | None = None):
    """An empty FAISS index of ``kind`` sized for ``rows`` vectors, trained on ``train`` if it needs it."""
    import faiss

    if kind is DenseKind.FLAT:
        return faiss.IndexFlatIP(dimension)
    if kind is DenseKind.HNSW:
        index = faiss.IndexHNSWFlat(dimension, hnsw_m, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
        index.hnsw.efSearch = HNSW_EF_SEARCH
        return index
    nlist = nlist or nlist_for(rows)
    if train is None or len(train) < nlist:
        # Too few vectors to cluster: an exact index is both correct and fast at this size.
        raise ValueError(f"{kind.value} needs at least {nlist} training vectors, got {0 if train is None else len(train)}")
    quantizer = faiss.IndexFlatIP(dimension)
    metric = faiss.METRIC_INNER_PRODUCT
    if kind is DenseKind.IVF_FLAT:
        index = faiss.IndexIVFFlat(quantizer, dimension, nlist, metric)
    elif kind is DenseKind.IVF_SQ8:
        index = faiss.IndexIVFScalarQuantizer(quantizer, dimension, nlist, faiss.ScalarQuantizer.QT_8bit, metric)
    else:
        if dimension % PQ_BYTES:
            raise ValueError(f"ivf-pq needs a dimension divisible by {PQ_BYTES}, got {dimension}")
        index = faiss.IndexIVFPQ(quantizer, dimension, nlist, PQ_BYTES, 8, metric)
    index.cp.seed = 14
    index.train(np.ascontiguousarray(train, dtype=np.float32))
    prepare_loaded(index, kind)
    return index


def prepare_loaded(index, kind: DenseKind) -> None:
    """Search parameters (not all survive ``write_index``) and the IVF direct map for rescoring."""
    import faiss

    if kind is DenseKind.HNSW:
        index.hnsw.efSearch = HNSW_EF_SEARCH
    elif kind not in (DenseKind.FLAT,):
        ivf = faiss.extract_index_ivf(index)
        ivf.nprobe = IVF_NPROBE
        if ivf.direct_map.type == faiss.DirectMap.NoMap:
            ivf.make_direct_map()
