"""Fusion over candidates against exhaustive fusion: the same rankings on the report, XQuAD within 0.002."""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

import numpy as np
import pytest

from qa.candidates import sample_rows
from qa.retriever import FusionConfig, Mode, Retriever

pytestmark = pytest.mark.slow

XQUAD = Path(os.environ.get("SANAD_XQUAD_DIR", Path(__file__).resolve().parents[3] / "shared" / "bench" / "xquad"))


def _pair(store, encoder, **depths):
    exhaustive = Retriever(store, encoder, FusionConfig())
    assert len(store.passages) < exhaustive.fusion_config.exhaustive_below
    candidates = Retriever(store, encoder, FusionConfig(exhaustive_below=0, **depths))
    return exhaustive, candidates


def test_sample_rows_cover_a_small_index_and_spread_over_a_large_one():
    assert sample_rows(5).tolist() == [0, 1, 2, 3, 4]
    rows = sample_rows(1_000_000, 100)
    assert len(rows) == 100 and rows[0] == 0 and rows[-1] == 999_999


QUERIES = ["ضحايا الاتجار بالأشخاص", "victims of trafficking", "الصندوق الاستئماني للتبرعات", "xyzzy"]


def test_union_scores_equal_the_exhaustive_arrays(report_passages, hashing_encoder):
    """The candidate path's union-sized arrays, spread over every passage, against the exhaustive
    arrays: equal on the union, and the answer composer's sentence cosines too."""
    from index.store import IndexConfig, Store

    store = Store.build(report_passages, hashing_encoder, IndexConfig.for_model(hashing_encoder.name))
    exhaustive, candidates = _pair(store, hashing_encoder, bm25_depth=15, dense_depth=15, sentence_depth=30)
    sentences = store.sentences.faiss_index.ntotal
    for query in QUERIES:
        vector = hashing_encoder.encode_queries([query])[0]  # given in every mode, as Assistant.ask does
        for mode in Mode:
            want = exhaustive.score(query, mode, vector)
            _, sparse = candidates.search_with_scores(query, 10, mode, query_vector=vector)
            got = candidates.score(query, mode, vector)
            assert got.rows is None and len(got.final) == len(store.passages)
            union = sparse.rows
            assert np.array_equal(np.sort(union), union) and sparse.sentence_ids is not None
            for name, values in sparse.by_retriever().items():
                np.testing.assert_allclose(values, want.by_retriever()[name][union], rtol=1e-5, atol=1e-6)  # float32 sums in another order
                full = getattr(got, name)
                assert np.array_equal(full[union], values) and np.isneginf(np.delete(full, union)).all()
            ids = np.arange(sentences)
            on_union = np.isin(store.sentences.owner, union)
            np.testing.assert_allclose(sparse.sentence_cosines(ids)[on_union], (want.sentence_rows if want.sentence_rows is not None else store.sentences.row_scores(vector))[on_union], rtol=1e-5, atol=1e-6)
            assert np.isneginf(sparse.sentence_cosines(ids)[~on_union]).all()
            assert np.array_equal(got.sentence_rows, sparse.sentence_cosines(ids).astype(np.float32))


def test_report_rankings_identical_in_every_mode(real_assistant):
    from eval.datasets import ReportSet, load_report_set
    from eval.runner import retrieval_query

    store, encoder = real_assistant.store, real_assistant.encoder
    depths = {"bm25": 30, "dense": 40, "sentence": 80}
    exhaustive, candidates = _pair(store, encoder, bm25_depth=depths["bm25"], dense_depth=depths["dense"], sentence_depth=depths["sentence"])
    backend = candidates.backend
    questions = load_report_set(ReportSet.REPORT_ALL).questions
    left_out = 0
    for question in questions:
        query = retrieval_query(question)
        vector = encoder.encode_queries([query])[0]
        # Passages each retriever names itself (FAISS's depth counts vectors: a passage's several
        # windows can fill it, so fewer passages than the depth).
        named = {
            "bm25": len(backend.term_candidates(candidates.query_tokens(query), depths["bm25"]).rows),
            "dense": len(backend.dense_candidates(vector, depths["dense"]).rows),
            "sentence": len(backend.sentence_candidates(vector, depths["sentence"]).rows),
        }
        # Not RRF: it ranks within the union (qa.candidates), so its tail can differ from the
        # exhaustive ranks (measured: q001's 10th hit); the other modes score union members exactly.
        for mode in (Mode.HYBRID, Mode.BM25, Mode.DENSE):
            want = exhaustive.search(query, 10, mode, query_vector=vector)
            got, scores = candidates.search_with_scores(query, 10, mode, query_vector=vector)
            if mode is Mode.BM25:  # past the matching passages, exhaustive BM25 pads with zero scores
                want = [h for h in want if h.score > 0]
            assert [h.passage.id for h in got] == [h.passage.id for h in want], (question.id, mode)
            assert [h.score for h in got] == pytest.approx([h.score for h in want], abs=1e-5)  # float32 dot products in another order
            for hit, reference in zip(got, want):
                assert hit.scores == pytest.approx(reference.scores, abs=1e-5), (question.id, mode)
                # Every rank the candidate path gives is the exhaustive one; it leaves a rank out
                # only for a passage below the retriever's last candidate (an unscored passage
                # could outrank it there), never for one its retriever named.
                assert hit.ranks == {name: reference.ranks[name] for name in hit.ranks}, (question.id, mode)
                for name in reference.ranks.keys() - hit.ranks.keys():
                    assert hit.scores[name] < scores.rank_floor[name] and reference.ranks[name] > named[name], (question.id, mode, name)
                    left_out += 1
    assert left_out < 0.1 * len(questions) * 10 * 3  # the ranks stay the rule, not the exception


@pytest.mark.skipif(not (XQUAD / "xquad.ar.json").exists(), reason="XQuAD not found")
def test_xquad_mrr_within_0002(real_assistant):
    from eval import datasets, metrics
    from eval.runner import relevance_key
    from index.store import IndexConfig, Store

    encoder = real_assistant.encoder
    both = {
        "ar_ar": datasets.load_squad(XQUAD / "xquad.ar.json"),
        "en_ar": datasets.load_paired(XQUAD / "xquad.en.json", XQUAD / "xquad.ar.json"),
    }
    store = Store.build(list(both["ar_ar"].passages), encoder, IndexConfig.for_model(encoder.name))
    exhaustive, candidates = _pair(store, encoder, bm25_depth=20, dense_depth=20, sentence_depth=40)
    for name, dataset in both.items():
        questions = dataset.questions
        vectors = encoder.encode_queries([q.question for q in questions])
        mrr = {}
        for label, retriever in (("exhaustive", exhaustive), ("candidates", candidates)):
            ranks = []
            for question, vector in zip(questions, vectors):
                hits = retriever.search(question.question, 10, Mode.HYBRID, query_vector=vector)
                ranks.append(metrics.reciprocal_rank([relevance_key(h.passage) for h in hits], question.gold_keys(), 10))
            mrr[label] = float(np.mean(ranks))
        assert abs(mrr["candidates"] - mrr["exhaustive"]) <= 0.002, (name, mrr)


ENGLISH = [
    "The committee met in Geneva to review the annual budget of the organisation.",
    "Victims of trafficking in persons were offered shelter and legal aid by the fund.",
    "The river flooded the valley twice in the spring, and the harvest was late.",
    "Member States ratified the protocol on trafficking in persons in 2017 and 2018.",
    "A new railway line connects the port with the capital in under three hours.",
    "The trust fund for victims received voluntary contributions from twelve donors.",
]


def _two_languages(report_passages, encoder, english_passages: int = len(ENGLISH)):
    """The report (Arabic) and a small English document, each labelled with its language."""
    from index.passage import DocRef, Passage
    from index.store import IndexConfig, Store

    doc = DocRef("notes", "Notes", "en")
    english = [Passage(f"notes#{i}", doc, i, (), f"{a} {b}") for i, (a, b) in enumerate(zip(ENGLISH, ENGLISH[1:] + ENGLISH[:1]), start=1)]
    english = english[:english_passages]
    return Store.build(list(report_passages) + english, encoder, IndexConfig.for_model(encoder.name))


@pytest.mark.parametrize(
    ("depths", "english"),
    [
        ({"bm25_depth": 15, "dense_depth": 15, "sentence_depth": 30}, len(ENGLISH)),
        ({"bm25_depth": 500, "dense_depth": 1000, "sentence_depth": 3000}, len(ENGLISH)),
        # One English passage: too few for BM25 statistics of its own, ranked by every language's.
        ({"bm25_depth": 15, "dense_depth": 15, "sentence_depth": 30}, 1),
    ],
)
def test_languages_searched_apart_as_the_exhaustive_path_does(report_passages, hashing_encoder, depths, english):
    """With documents in two languages the candidate path runs each retriever once per language
    (qa.scope) and shifts the question's own language, as the exhaustive path does: every score on
    the union equals the exhaustive one, final scores included; deep enough, the same rankings."""
    store = _two_languages(report_passages, hashing_encoder, english)
    exhaustive, candidates = _pair(store, hashing_encoder, **depths)
    assert len(candidates.scopes()) == 2
    deep = depths["dense_depth"] >= len(store.passages)
    for query in [*QUERIES, "Which donors gave to the trust fund for victims?"]:
        vector = hashing_encoder.encode_queries([query])[0]
        for mode in (Mode.HYBRID, Mode.BM25, Mode.DENSE):
            want = exhaustive.score(query, mode, vector)
            _, sparse = candidates.search_with_scores(query, 10, mode, query_vector=vector)
            union = sparse.rows
            for name, values in sparse.by_retriever().items():
                np.testing.assert_allclose(values, want.by_retriever()[name][union], rtol=1e-5, atol=1e-6, err_msg=f"{query} {mode} {name}")
            body = np.array([store.passages[r].number is not None for r in union], dtype=bool)  # front matter's shift is relative to the scored set
            np.testing.assert_allclose(sparse.final[body], want.final[union][body], rtol=1e-5, atol=1e-6, err_msg=f"{query} {mode} final")
            assert sparse.lexical_evidence == pytest.approx(want.lexical_evidence), (query, mode)
            if deep:
                got = [h.passage.id for h in candidates.search(query, 10, mode, query_vector=vector)]
                reference = [h.passage.id for h in exhaustive.search(query, 10, mode, query_vector=vector)]
                if mode is Mode.BM25:
                    reference = reference[: len(got)]  # exhaustive BM25 pads with zero scores past the matches
                assert got == reference, (query, mode)


def test_one_language_search_within_a_language_equals_a_filtered_exhaustive_search(report_passages, hashing_encoder):
    """The FAISS ID selector behind a search within one language: its passages' best scores, as
    scoring every vector and keeping theirs would give."""
    from index import dense_topk

    store = _two_languages(report_passages, hashing_encoder)
    english = np.flatnonzero([p.doc.language == "en" for p in store.passages])
    vector = hashing_encoder.encode_queries(["trust fund for victims"])[0]
    for index in (store.dense, store.sentences):
        rows, scores = dense_topk.top_passages(index, vector, 1000, english)
        every = index.scores(vector)
        order = english[np.argsort(-every[english], kind="stable")]
        assert set(rows) == set(english) and np.allclose(scores, every[rows], atol=1e-6)
        assert np.allclose(np.sort(scores)[::-1], every[order], atol=1e-6)


def test_the_query_backend_keeps_a_subclass_s_candidate_calls_and_its_scores(report_passages, hashing_encoder):
    """The per-query backend (``LocalBackend.for_query``: decoded rows kept for the query) against the
    backend itself: the same hybrid hits and scores, and a subclass's own candidate calls still run
    (``eval.scale_diagnose.RecordingBackend`` once recorded nothing through it)."""
    from eval.scale_diagnose import RecordingBackend
    from index.backend import LocalBackend
    from index.store import IndexConfig, Store

    class Plain(LocalBackend):  # every query straight on the backend: no per-query decoded rows
        def for_query(self):
            return self

    store = Store.build(report_passages, hashing_encoder, IndexConfig.for_model(hashing_encoder.name))
    config = FusionConfig(exhaustive_below=0, bm25_depth=15, dense_depth=15, sentence_depth=30)
    recording = RecordingBackend(store)
    per_query = Retriever(store, hashing_encoder, config, backend=recording)
    plain = Retriever(store, hashing_encoder, config, backend=Plain(store))
    for query in QUERIES[:3]:
        recording.clear()
        got, want = per_query.search(query, 10, Mode.HYBRID), plain.search(query, 10, Mode.HYBRID)
        assert [h.passage.id for h in got] == [h.passage.id for h in want]
        assert [h.score for h in got] == pytest.approx([h.score for h in want], rel=1e-6)
        assert all(recording.found[name] for name in ("bm25", "dense", "sentence")), recording.found
