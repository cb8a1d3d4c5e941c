"""Centred IVF indexes (index.dense): FAISS holds ``p − μ``, every score gets ``q·μ`` back.

On the real model's vectors of the report's passages and report_dev's questions, against the
exact (flat, uncentred) reference: an IVF searching every cell ranks exactly as flat with the
same scores, rescoring reads the encoder's vectors back, and a saved index reloads its mean.
"""

from __future__ import annotations

import faiss
import numpy as np
import pytest

from index import dense_kinds, dense_topk
from index.dense import DenseIndex, DenseKind, mean_file


@pytest.fixture(scope="module")
def real(report_passages, sanad_home):
    """``(vectors, owner, passages, queries)``: the real encoder's passage windows and dev questions."""
    from eval.datasets import ReportSet, load_report_set
    from eval.runner import retrieval_query
    from index.encoders import load_encoder

    encoder = load_encoder(backend="torch")  # the real model; torch: no ONNX export into the test's home
    passages = report_passages[:400]
    vectors, owner = encoder.encode_passages([p.text for p in passages])
    questions = load_report_set(ReportSet.REPORT_DEV).questions[:20]
    queries = np.asarray(encoder.encode_queries([retrieval_query(q) for q in questions]), np.float32)
    return np.asarray(vectors, np.float32), np.asarray(owner, np.int32), len(passages), queries


def _every_cell(index: DenseIndex) -> DenseIndex:
    faiss.extract_index_ivf(index.faiss_index).nprobe = faiss.extract_index_ivf(index.faiss_index).nlist
    return index


def test_real_vectors_share_a_large_mean(real):
    vectors = real[0]
    assert np.linalg.norm(vectors.mean(axis=0)) > 0.5  # e5: the common part centring takes off


def test_centred_ivf_over_every_cell_ranks_and_scores_as_exact(real):
    vectors, owner, passages, queries = real
    exact = DenseIndex.build(vectors, owner, passages, DenseKind.FLAT)
    centred = _every_cell(DenseIndex.build(vectors, owner, passages, DenseKind.IVF_FLAT))
    assert exact.mean is None
    np.testing.assert_allclose(centred.mean, vectors.mean(axis=0), atol=1e-6)
    held = centred.faiss_index.reconstruct_n(0, len(vectors))
    np.testing.assert_allclose(held, vectors - centred.mean, atol=1e-6)  # FAISS holds the centred vectors
    for query in queries:
        want = vectors @ query
        # FAISS's own scores are q·(p − μ): off by q·μ, a constant per query, and added back.
        np.testing.assert_allclose(centred.row_scores(query), want, atol=1e-5)
        rows, scores = dense_topk.top_passages(centred, query, 60)
        exact_rows, exact_scores = dense_topk.top_passages(exact, query, 60)
        assert rows.tolist() == exact_rows.tolist()
        np.testing.assert_allclose(scores, exact_scores, atol=1e-5)
        best, _, _ = dense_topk.passage_scores(centred, query, np.arange(passages))
        np.testing.assert_allclose(best, exact.scores(query), atol=1e-5)


def test_quantized_centred_search_agrees_with_its_rescoring(real):
    """The candidates' scores and the rescoring of the same passages read the same decoded vectors."""
    vectors, owner, passages, queries = real
    index = DenseIndex.build(vectors, owner, passages, DenseKind.IVF_SQ8)
    np.testing.assert_allclose(index.vectors(), vectors, atol=0.01)  # decoded, mean added back
    for query in queries[:5]:
        rows, scores = dense_topk.top_passages(index, query, 30)
        best, _, _ = dense_topk.passage_scores(index, query, rows)
        np.testing.assert_allclose(scores, best, atol=1e-4)


def test_centring_does_not_lose_recall_on_real_vectors(real):
    """At the shipped nprobe over few cells both find most of the exact top 10; a floor, not the
    measurement (eval/results/scale.md measures recall against exact search at scale)."""
    vectors, owner, passages, queries = real
    exact = DenseIndex.build(vectors, owner, passages, DenseKind.FLAT)
    centred = DenseIndex.build(vectors, owner, passages, DenseKind.IVF_FLAT)
    faiss.extract_index_ivf(centred.faiss_index).nprobe = 4
    truth = [set(dense_topk.top_passages(exact, q, 40)[0][:10]) for q in queries]
    recall = np.mean([len(t & set(dense_topk.top_passages(centred, q, 40)[0][:10])) / 10 for t, q in zip(truth, queries)])
    assert recall >= 0.6


def test_saved_centred_index_reloads_its_mean(real, tmp_path):
    vectors, owner, passages, queries = real
    index = DenseIndex.build(vectors, owner, passages, DenseKind.IVF_SQ8)
    index.save(tmp_path, "sentences")
    assert index.file_names("sentences") == ("sentences.faiss", "sentences_owner.npy", mean_file("sentences"))
    assert (tmp_path / mean_file("sentences")).exists()
    loaded = DenseIndex.load(tmp_path, passages, DenseKind.IVF_SQ8, "sentences")
    np.testing.assert_array_equal(loaded.mean, index.mean)
    assert faiss.extract_index_ivf(loaded.faiss_index).nprobe == dense_kinds.IVF_NPROBE
    for query in queries[:5]:
        a, b = dense_topk.top_passages(loaded, query, 40), dense_topk.top_passages(index, query, 40)
        assert a[0].tolist() == b[0].tolist()
        np.testing.assert_allclose(a[1], b[1])


def test_an_index_saved_without_a_mean_loads_uncentred(real, tmp_path):
    """As written before centring: the vectors as given, no mean file; it still searches right."""
    vectors, owner, passages, queries = real
    sample = np.ascontiguousarray(vectors)
    old = dense_kinds.new_index(DenseKind.IVF_FLAT, vectors.shape[1], len(vectors), sample)
    old.add(sample)
    DenseIndex(old, owner, passages, DenseKind.IVF_FLAT).save(tmp_path)
    assert not (tmp_path / mean_file("dense")).exists()
    loaded = _every_cell(DenseIndex.load(tmp_path, passages, DenseKind.IVF_FLAT))
    assert loaded.mean is None and loaded.offset(queries[0]) == 0.0
    exact = DenseIndex.build(vectors, owner, passages, DenseKind.FLAT)
    for query in queries[:5]:
        assert dense_topk.top_passages(loaded, query, 40)[0].tolist() == dense_topk.top_passages(exact, query, 40)[0].tolist()


def test_a_mean_of_the_wrong_dimension_is_refused(real):
    vectors, owner, passages, _ = real
    index = DenseIndex.build(vectors, owner, passages, DenseKind.IVF_FLAT)
    with pytest.raises(ValueError, match="dimensions"):
        DenseIndex(index.faiss_index, owner, passages, DenseKind.IVF_FLAT, np.zeros(7, np.float32))
