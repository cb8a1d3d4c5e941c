"""One encoder call per search (the query with the bridge's new words), checked against the reference
path: every text embedded alone, on the real report with the real model, in every mode."""

import numpy as np
import pytest

from eval.datasets import ReportSet, load_report_set
from eval.runner import retrieval_query
from qa.retriever import FusionConfig, Mode, Retriever

pytestmark = pytest.mark.slow


class _OneByOne:
    """The encoder, one text per call (no batch, no padding): the reference vectors; counts its calls."""

    def __init__(self, encoder, alone=True):
        self.encoder, self.alone, self.calls = encoder, alone, 0

    def __getattr__(self, name):
        return getattr(self.encoder, name)

    def encode_queries(self, texts):
        self.calls += 1
        if not self.alone:
            return self.encoder.encode_queries(texts)
        return np.concatenate([self.encoder.encode_queries([t]) for t in texts]) if texts else self.encoder.encode_queries(texts)


@pytest.fixture(scope="module")
def queries():
    return [retrieval_query(q) for q in load_report_set(ReportSet.REPORT_ALL).questions]


def _same(fast, reference, where):
    assert [h.passage.id for h in fast] == [h.passage.id for h in reference], where
    for a, b in zip(fast, reference):
        assert a.score == pytest.approx(b.score, abs=1e-5), where
        assert a.scores.keys() == b.scores.keys() and a.ranks == b.ranks, where
        for name in a.scores:
            assert a.scores[name] == pytest.approx(b.scores[name], abs=1e-5), where


@pytest.mark.parametrize("mode", list(Mode))
def test_searches_rank_and_score_as_with_every_text_embedded_alone(real_assistant, queries, mode):
    store, encoder = real_assistant.store, real_assistant.encoder
    reference = Retriever(store, _OneByOne(encoder))
    fast = real_assistant.retriever
    for query in queries:
        fast.clear_word_cache()  # every question's words new: the one-call path every time
        reference.clear_word_cache()
        _same(real_assistant.search(query, k=10, mode=mode), reference.search(query, 10, mode), (mode, query))


def test_the_bridge_words_are_predicted_exactly(real_assistant, queries):
    """After ``query_vector`` the search embeds nothing more: the words it bridges were those predicted."""
    counting = _OneByOne(real_assistant.encoder, alone=False)
    # Centring off: its generic questions are embedded once per retriever, on the first English question.
    for config in (FusionConfig(centring_weight=0.0), FusionConfig(exhaustive_below=0, centring_weight=0.0)):  # both paths
        retriever = Retriever(real_assistant.store, counting, config)
        bridged = 0
        for query in queries:
            retriever.clear_word_cache()
            vector = retriever.query_vector(query)
            before = counting.calls
            scores = retriever.score(query, Mode.HYBRID, query_vector=vector)
            assert counting.calls == before, query
            bridged += scores.bridge is not None
            if retriever.bridge_words(query):
                assert scores.bridge is not None, query
        assert bridged > 50


def test_the_candidate_path_embeds_the_query_with_its_words(real_assistant, queries):
    """The candidate path (an index of 20k passages or more) given no vector ranks as the reference does."""
    config = FusionConfig(exhaustive_below=0)
    fast = Retriever(real_assistant.store, real_assistant.encoder, config)
    reference = Retriever(real_assistant.store, _OneByOne(real_assistant.encoder), config)
    for query in queries[::4]:
        fast.clear_word_cache()
        _same(fast.search(query, 10), reference.search(query, 10), query)
