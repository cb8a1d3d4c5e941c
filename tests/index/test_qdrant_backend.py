"""The Qdrant adapter against LocalBackend, through qdrant-client's local mode (no server, no network)."""

from __future__ import annotations

import numpy as np
import pytest

pytest.importorskip("qdrant_client")

from index.arabic import tokenize
from index.backend import LocalBackend
from index.qdrant_backend import QdrantBackend
from index.store import IndexConfig, Store
from qa.retriever import FusionConfig, Mode, Retriever

QUERIES = ["ضحايا الاتجار بالأشخاص", "victims of trafficking", "الصندوق الاستئماني للتبرعات", "التصديق على البروتوكول", "xyzzy"]


@pytest.fixture(scope="module")
def backends(report_passages, hashing_encoder):
    from qdrant_client import QdrantClient

    store = Store.build(report_passages, hashing_encoder, IndexConfig.for_model(hashing_encoder.name))
    client = QdrantClient(":memory:")
    return store, LocalBackend(store), QdrantBackend.upload(client, "report", store)


def test_candidates_and_scores_match_local(backends, hashing_encoder):
    store, local, remote = backends
    rows = np.array([0, 5, 17, 40, len(store.passages) - 1])
    for query in QUERIES:
        vector = hashing_encoder.encode_queries([query])[0]
        tokens = tokenize(query)
        for name, args in (("dense_candidates", (vector, 20)), ("sentence_candidates", (vector, 20)), ("term_candidates", (tokens, 20))):
            want, got = getattr(local, name)(*args), getattr(remote, name)(*args)
            # FAISS's depth counts vectors, Qdrant's groups count passages: compare the shorter list.
            n = min(len(want.rows), len(got.rows))
            assert n >= min(10, len(want.rows))
            np.testing.assert_allclose(got.scores[:n], want.scores[:n], rtol=1e-5, atol=1e-6)
        np.testing.assert_allclose(remote.dense_scores(vector, rows), local.dense_scores(vector, rows), rtol=1e-5)
        np.testing.assert_allclose(remote.sentence_scores(vector, rows).best, local.sentence_scores(vector, rows).best, rtol=1e-5)
        np.testing.assert_allclose(remote.term_scores(tokens, rows), local.term_scores(tokens, rows), rtol=1e-6, atol=1e-9)


def test_retriever_ranks_alike_on_either_backend(backends, hashing_encoder):
    store, local, remote = backends
    config = FusionConfig(exhaustive_below=0, bm25_depth=20, dense_depth=20, sentence_depth=40)
    on_local = Retriever(store, hashing_encoder, config, backend=local)
    on_qdrant = Retriever(store, hashing_encoder, config, backend=remote)
    for query in QUERIES[:4]:
        # Not RRF: it ranks within the union, whose size depends on how a backend counts depth
        # (FAISS counts vectors, Qdrant's groups passages); the other modes score union members exactly.
        for mode in (Mode.HYBRID, Mode.BM25, Mode.DENSE):
            want, got = on_local.search(query, 10, mode), on_qdrant.search(query, 10, mode)
            assert _tie_groups(got) == _tie_groups(want), (query, mode)


def _tie_groups(hits, tolerance=1e-5):
    """The ranking as groups of passages whose scores tie within float error: FAISS and Qdrant compute
    a cosine in different orders, so two passages at the same score (the hashing encoder gives exact
    ties, e.g. 2/7) may come out in either order."""
    groups: list[tuple[float, set[str]]] = []
    for hit in hits:
        if groups and abs(groups[-1][0] - hit.score) <= tolerance:
            groups[-1][1].add(hit.passage.id)
        else:
            groups.append((hit.score, {hit.passage.id}))
    return [ids for _, ids in groups]


def test_muted_fragments_are_left_out_alike_and_listed_once(backends, hashing_encoder):
    store, local, remote = backends
    muted = store.sentences.muted
    assert muted is not None and muted.any()  # the report has a few sentence fragments
    listed = remote._muted("sentences")
    assert listed == np.flatnonzero(muted).tolist() and remote._muted("sentences") is listed
    # A fragment's own vector as the query: it is its own nearest sentence, yet never its passage's best.
    vector = store.sentences.faiss_index.reconstruct(int(listed[0]))
    if store.sentences.mean is not None:
        vector = vector + store.sentences.mean
    want, got = local.sentence_candidates(vector, 20), remote.sentence_candidates(vector, 20)
    n = min(len(want.rows), len(got.rows))
    np.testing.assert_allclose(got.scores[:n], want.scores[:n], rtol=1e-5, atol=1e-6)
    store.sentences.muted = None  # a new mask: listed anew
    try:
        assert remote._muted("sentences") is None
        store.sentences.muted = muted.copy()
        assert remote._muted("sentences") == listed and remote._muted("sentences") is not listed
    finally:
        store.sentences.muted = muted
