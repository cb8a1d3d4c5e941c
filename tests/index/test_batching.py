"""Micro-batching of query embeddings: each caller gets exactly the vectors it would get alone.

The slow twin is the wrapped encoder called one query at a time. A window longer than
the test makes the batch deterministic: the worker waits until every caller has queued.
"""

from __future__ import annotations

import threading

import numpy as np
import pytest

from index.common import SanadError
from index.encoders.batching import BatchConfig, BatchingEncoder

QUESTIONS = [
    "متى صدقت اليابان على بروتوكول الاتجار بالأشخاص؟",
    "Which countries ratified the protocol?",
    "كم عدد البلدان التي لديها تشريعات تجرم الاتجار؟",
    "What does the Secretary-General recommend to the General Assembly?",
    "فيجي",
    "UNODC technical assistance to Member States in 2018",
    "حماية ضحايا الاتِّجار بالأشخاص ومساعدتهم",
    "trafficking for the purpose of organ removal",
]
# Long enough that no test waits for it: every batch below is closed by max_batch.
FOREVER = BatchConfig(window_ms=600_000, max_batch=len(QUESTIONS))


class Recording:
    """Wraps an encoder and records the size of each ``encode_queries`` call, and whether two overlapped."""

    def __init__(self, encoder, fail_on: str | None = None):
        self.encoder, self.fail_on = encoder, fail_on
        self.calls: list[int] = []
        self.inside = 0
        self.overlapped = False
        self.name, self.dimension = encoder.name, encoder.dimension

    def encode_queries(self, texts):
        self.inside += 1
        self.overlapped |= self.inside > 1
        try:
            self.calls.append(len(texts))
            if self.fail_on in texts:
                raise SanadError(f"cannot embed {self.fail_on!r}")
            return self.encoder.encode_queries(texts)
        finally:
            self.inside -= 1

    def encode_passages(self, texts, show_progress=False):
        return self.encoder.encode_passages(texts, show_progress=show_progress)


def concurrently(function, arguments: list) -> list:
    """``function(a)`` for each ``a``, each in its own thread, all started together; results in order."""
    results: list = [None] * len(arguments)
    errors: list = [None] * len(arguments)
    start = threading.Barrier(len(arguments))

    def one(i):
        start.wait()
        try:
            results[i] = function(arguments[i])
        except BaseException as exc:  # noqa: BLE001 - handed to the test
            errors[i] = exc

    threads = [threading.Thread(target=one, args=(i,)) for i in range(len(arguments))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return list(zip(results, errors))


def test_concurrent_queries_share_one_call_and_each_gets_its_own_rows(hashing_encoder):
    inner = Recording(hashing_encoder)
    batching = BatchingEncoder(inner, FOREVER)
    requests = [[q] for q in QUESTIONS[:5]] + [QUESTIONS[5:]]  # one caller sends three texts
    outcomes = concurrently(batching.encode_queries, requests)
    batching.close()
    assert inner.calls == [len(QUESTIONS)] and (batching.batches, batching.batched) == (1, len(QUESTIONS))
    for texts, (vectors, error) in zip(requests, outcomes):
        assert error is None
        np.testing.assert_array_equal(vectors, hashing_encoder.encode_queries(texts))


@pytest.mark.parametrize("max_batch", [1, 3, 8])  # each divides the 24 queries: no batch waits forever
def test_batches_never_exceed_max_batch_and_lose_no_query(hashing_encoder, max_batch):
    inner = Recording(hashing_encoder)
    batching = BatchingEncoder(inner, BatchConfig(window_ms=600_000, max_batch=max_batch))
    outcomes = concurrently(lambda q: batching.encode_queries([q]), QUESTIONS * 3)
    batching.close()
    assert all(size <= max_batch for size in inner.calls) and sum(inner.calls) == len(QUESTIONS) * 3
    assert not inner.overlapped
    for question, (vectors, error) in zip(QUESTIONS * 3, outcomes):
        assert error is None
        np.testing.assert_array_equal(vectors, hashing_encoder.encode_queries([question]))


def test_an_error_reaches_every_caller_of_its_batch_and_the_worker_lives_on(hashing_encoder):
    batching = BatchingEncoder(Recording(hashing_encoder, fail_on="فيجي"), BatchConfig(window_ms=600_000, max_batch=3))
    outcomes = concurrently(lambda q: batching.encode_queries([q]), ["فيجي", QUESTIONS[0], QUESTIONS[1]])
    assert all(isinstance(error, SanadError) and "فيجي" in str(error) for _, error in outcomes)
    again = concurrently(lambda q: batching.encode_queries([q]), QUESTIONS[:3])
    batching.close()
    for question, (vectors, error) in zip(QUESTIONS, again):
        assert error is None
        np.testing.assert_array_equal(vectors, hashing_encoder.encode_queries([question]))


def test_no_worker_before_the_first_query_and_none_after_close(hashing_encoder):
    batching = BatchingEncoder(hashing_encoder, BatchConfig(window_ms=0))
    assert batching._worker is None
    assert batching.encode_queries([]).shape == (0, hashing_encoder.dimension) and batching._worker is None
    batching.encode_queries([QUESTIONS[0]])
    worker = batching._worker
    batching.close()
    assert not worker.is_alive()
    with pytest.raises(SanadError, match="closed"):
        batching.encode_queries([QUESTIONS[0]])


def test_the_rest_of_the_encoder_passes_through(hashing_encoder):
    batching = BatchingEncoder(hashing_encoder)
    assert (batching.name, batching.dimension) == (hashing_encoder.name, hashing_encoder.dimension)
    vectors, owner = batching.encode_passages(QUESTIONS[:2])
    np.testing.assert_array_equal(vectors, hashing_encoder.encode_queries(QUESTIONS[:2]))


@pytest.mark.parametrize("window_ms, max_batch", [(-1, 8), (2, 0)])
def test_bad_config_is_refused(window_ms, max_batch):
    with pytest.raises(SanadError, match="window_ms >= 0 and max_batch >= 1"):
        BatchConfig(window_ms=window_ms, max_batch=max_batch)


@pytest.mark.slow
def test_real_model_batched_equals_one_by_one(real_assistant):
    """Padding to the batch's longest query leaves each vector as it is alone (cosine > 0.9999)."""
    encoder = real_assistant.encoder
    batching = BatchingEncoder(encoder, FOREVER)
    outcomes = concurrently(lambda q: batching.encode_queries([q]), QUESTIONS)
    batching.close()
    assert batching.batches == 1
    for question, (vectors, error) in zip(QUESTIONS, outcomes):
        assert error is None
        alone = encoder.encode_queries([question])
        assert vectors.shape == alone.shape and float(vectors[0] @ alone[0]) > 0.9999
