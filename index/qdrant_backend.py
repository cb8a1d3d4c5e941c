"""A ``RetrievalBackend`` on Qdrant: the same candidates and scores as ``LocalBackend``, from an
engine that shards and replicates (docs/scaling.md).

Three collections per index: ``<name>-windows`` and ``<name>-sentences`` (dot product over the
unit vectors; payload ``passage``, the passage row) and ``<name>-terms`` (one point per passage,
id = its row, a sparse vector). BM25 becomes a sparse dot product, computed exactly as ours:
a passage's value for a term is ``tf · (k1 + 1) / (tf + norm_d)`` and the query's is
``weight · idf`` (Sanad's analyzer and rank-bm25's idf, both on our side), so the engine needs no
Arabic analysis of its own. Tested against ``LocalBackend`` with ``qdrant-client``'s local mode
(``QdrantClient(":memory:")``); a server takes the same calls.
"""

from __future__ import annotations

import numpy as np

from index.backend import Candidates, SentenceScores

_BATCH = 512


def _dense_points(models, vectors: np.ndarray, owner: np.ndarray, start: int):
    return [
        models.PointStruct(id=start + i, vector=vector.tolist(), payload={"passage": int(row)})
        for i, (vector, row) in enumerate(zip(vectors, owner))
    ]


class QdrantBackend:
    """Retrieval from Qdrant collections filled from a ``Store`` (``upload``)."""

    def __init__(self, client, name: str, store):
        self.client, self.name, self.store = client, name, store
        self.passages = len(store.passages)

    @classmethod
    def upload(cls, client, name: str, store) -> QdrantBackend:
        """Create (or replace) the three collections of ``store`` and fill them."""
        from qdrant_client import models

        dimension = store.dense.dimension
        for suffix in ("windows", "sentences"):
            if client.collection_exists(f"{name}-{suffix}"):
                client.delete_collection(f"{name}-{suffix}")
            client.create_collection(f"{name}-{suffix}", vectors_config=models.VectorParams(size=dimension, distance=models.Distance.DOT))
            client.create_payload_index(f"{name}-{suffix}", "passage", models.PayloadSchemaType.INTEGER)
            index = store.dense if suffix == "windows" else store.sentences
            vectors = index.vectors()  # as the encoder gave them (a centred index adds its mean back)
            for start in range(0, len(vectors), _BATCH):
                client.upsert(f"{name}-{suffix}", _dense_points(models, vectors[start : start + _BATCH], index.owner[start : start + _BATCH], start))
        if client.collection_exists(f"{name}-terms"):
            client.delete_collection(f"{name}-terms")
        client.create_collection(f"{name}-terms", vectors_config={}, sparse_vectors_config={"bm25": models.SparseVectorParams()})
        bm25 = store.bm25
        k1 = bm25.params.k1
        columns = np.repeat(np.arange(len(bm25.vocab)), np.diff(bm25.indptr))
        order = np.argsort(bm25.docs, kind="stable")
        docs, terms, tf = bm25.docs[order], columns[order], bm25.tf[order].astype(np.float64)
        values = tf * (k1 + 1) / (tf + bm25._norm[docs])
        bounds = np.searchsorted(docs, np.arange(len(bm25.doc_len) + 1))
        points = []
        for row in range(len(bm25.doc_len)):
            lo, hi = bounds[row], bounds[row + 1]
            points.append(models.PointStruct(id=row, vector={"bm25": models.SparseVector(indices=terms[lo:hi].tolist(), values=values[lo:hi].tolist())}))
            if len(points) == _BATCH:
                client.upsert(f"{name}-terms", points)
                points = []
        if points:
            client.upsert(f"{name}-terms", points)
        return cls(client, name, store)

    def _query_terms(self, tokens, weights, within=None):
        from qdrant_client import models

        # Within a scope, its idf; the stored side keeps the whole index's length normalization
        # (an approximation of the scope's own BM25, which ``LocalBackend`` gives exactly).
        bm25 = self.store.bm25 if within is None else within.bm25
        weights = [1.0] * len(tokens) if weights is None else weights
        if len(weights) != len(tokens):
            raise ValueError(f"{len(weights)} weights for {len(tokens)} query tokens")
        summed: dict[int, float] = {}
        for token, weight in zip(tokens, weights):
            column = bm25.term_ids.get(token)
            if column is not None:
                summed[column] = summed.get(column, 0.0) + weight * float(bm25.idf[column])
        if not summed:
            return None
        return models.SparseVector(indices=list(summed), values=list(summed.values()))

    def _passage_filter(self, rows):
        from qdrant_client import models

        return models.Filter(must=[models.FieldCondition(key="passage", match=models.MatchAny(any=[int(r) for r in rows]))])

    def _muted(self, suffix: str) -> list[int] | None:
        """The vector ids that never stand for their passage (``DenseIndex.muted``: sentence fragments),
        listed once per mask rather than on every query (about 29k ids among 100k passages' sentences)."""
        index = self.store.dense if suffix == "windows" else self.store.sentences
        mask = index.muted
        if mask is None:
            return None
        held = self.__dict__.setdefault("_muted_ids", {}).get(suffix)
        if held is None or held[0] is not mask:
            held = (mask, np.flatnonzero(mask).tolist())
            self._muted_ids[suffix] = held
        return held[1]

    def _best(self, suffix: str, vector, depth: int, within=None) -> Candidates:
        from qdrant_client import models

        query_filter = None if within is None else self._passage_filter(within.rows)
        muted = self._muted(suffix)
        if muted is not None:
            query_filter = models.Filter(must=None if query_filter is None else query_filter.must,
                                         must_not=[models.HasIdCondition(has_id=muted)])
        groups = self.client.query_points_groups(
            f"{self.name}-{suffix}", query=np.asarray(vector, dtype=np.float32).tolist(), group_by="passage", limit=depth, group_size=1,
            query_filter=query_filter,
        ).groups
        rows = np.array([int(g.id) for g in groups], dtype=np.int64)
        scores = np.array([g.hits[0].score for g in groups], dtype=np.float64)
        order = np.lexsort((rows, -scores))
        return Candidates(rows[order], scores[order])

    def _of_rows(self, suffix: str, vector, rows) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        rows = np.asarray(rows, dtype=np.int64)
        if not len(rows):
            return np.zeros(0), np.zeros(0, np.int64), np.zeros(0)
        index = self.store.dense if suffix == "windows" else self.store.sentences
        count = int(np.isin(index.owner, rows).sum())
        points = self.client.query_points(
            f"{self.name}-{suffix}", query=np.asarray(vector, dtype=np.float32).tolist(), query_filter=self._passage_filter(rows),
            limit=max(count, 1), with_payload=True,
        ).points
        position = {int(r): i for i, r in enumerate(rows)}
        best = np.full(len(rows), -np.inf)
        ids = np.array([int(p.id) for p in points], dtype=np.int64)
        scores = np.array([p.score for p in points], dtype=np.float64)
        for point, score in zip(points, index.unmuted(scores, ids)):  # a muted vector's own score is reported, never its passage's best
            i = position[int(point.payload["passage"])]
            best[i] = max(best[i], score)
        expanded = np.array([best[position[int(r)]] for r in rows])
        return expanded, ids, scores

    def dense_candidates(self, vector, depth, within=None, probes=1):  # probes: the engine's own (HNSW) search settings
        return self._best("windows", vector, depth, within)

    def sentence_candidates(self, vector, depth, within=None, probes=1):
        return self._best("sentences", vector, depth, within)

    def term_candidates(self, tokens, depth, weights=None, within=None):
        from qdrant_client import models

        query = self._query_terms(tokens, weights, within)
        if query is None:
            return Candidates(np.zeros(0, np.int64), np.zeros(0))
        only = None if within is None else models.Filter(must=[models.HasIdCondition(has_id=within.rows.tolist())])
        points = self.client.query_points(f"{self.name}-terms", query=query, using="bm25", limit=depth, query_filter=only).points
        rows = np.array([int(p.id) for p in points], dtype=np.int64)
        scores = np.array([p.score for p in points], dtype=np.float64)
        keep = scores > 0
        order = np.lexsort((rows[keep], -scores[keep]))
        return Candidates(rows[keep][order], scores[keep][order])

    def dense_scores(self, vector, rows):
        return self._of_rows("windows", vector, rows)[0]

    def sentence_scores(self, vector, rows):
        return SentenceScores(*self._of_rows("sentences", vector, rows))

    def term_scores(self, tokens, rows, weights=None, within=None):
        from qdrant_client import models

        rows = np.asarray(rows, dtype=np.int64)
        out = np.zeros(len(rows))
        query = self._query_terms(tokens, weights, within)
        if query is None or not len(rows):
            return out
        unique = np.unique(rows)
        points = self.client.query_points(
            f"{self.name}-terms", query=query, using="bm25", limit=len(unique),
            query_filter=models.Filter(must=[models.HasIdCondition(has_id=unique.tolist())]),
        ).points
        found = {int(p.id): p.score for p in points}
        return np.array([found.get(int(r), 0.0) for r in rows])

    def sample_scores(self, vector, rows):
        return self.dense_scores(vector, rows), self.sentence_scores(vector, rows).best

    def for_query(self):
        return self  # the engine rescores: nothing decoded here to share
