"""Embed concurrent queries together: one worker thread, one model call per batch (micro-batching).

A server answers many questions at once, and each needs one query vector. Embedded one
call per request, the calls contend for the same two cores and each pays the model's
fixed cost; embedded together they pay it once. ``BatchingEncoder`` wraps an encoder:
``encode_queries`` from any thread puts the texts on a queue and waits; the worker takes
what is queued (waiting up to ``window_ms`` for more while the batch is under
``max_batch`` texts), embeds it in one call and hands each caller its own rows, as
text-embeddings-inference does on a GPU.

It also makes the encoder safe to share between threads: every call into the wrapped
encoder (queries from the worker, passages from the caller's thread) holds one lock,
because a Hugging Face fast tokenizer raises ``RuntimeError: Already borrowed`` when two
threads set its padding at once.
"""

from __future__ import annotations

import queue
import threading
import time
from dataclasses import dataclass, field

import numpy as np

from index.common import SanadError

__all__ = ["BatchConfig", "BatchingEncoder"]


@dataclass(frozen=True)
class BatchConfig:
    """How long the worker waits for company and how many texts one call embeds.

    ``max_batch``: the report's questions embedded in calls of 1, 4, 8, 16 and 32 on 2 cores
    shared with other work, three interleaved repeats: 0.5-0.9, 1.2-1.6, 1.3-2.3, 2.0-3.0
    and 3.1-5.6 questions/s (on a quieter machine 35 q/s alone, 99 q/s in calls of 16):
    the biggest call was fastest, and 32 is the load test's client count. ``window_ms``:
    the worker waits only while the queue is empty and the batch is not full; requests
    that arrive while the model is busy join the next batch anyway, so a short window
    (2 ms, small beside a ~30 ms embedding; not tuned) only adds latency to a lone request.
    """

    window_ms: float = 2.0
    max_batch: int = 32

    def __post_init__(self):
        if not (self.window_ms >= 0 and self.max_batch >= 1):
            raise SanadError(f"bad batch config {self}: window_ms >= 0 and max_batch >= 1 are required")


@dataclass(eq=False)
class _Request:
    texts: list[str]
    done: threading.Event = field(default_factory=threading.Event)
    vectors: np.ndarray | None = None
    error: BaseException | None = None


class BatchingEncoder:
    """``encoder`` with its ``encode_queries`` batched across threads; everything else passes through.

    The worker thread starts on the first query (nothing runs at construction) and is a
    daemon, so an unclosed encoder never keeps a process alive; ``close()`` stops it.
    """

    def __init__(self, encoder, config: BatchConfig = BatchConfig()):
        self.encoder = encoder
        self.batch_config = config
        self._queue: queue.SimpleQueue[_Request | None] = queue.SimpleQueue()
        self._model_lock = threading.Lock()
        self._start_lock = threading.Lock()
        self._worker: threading.Thread | None = None
        self._closed = False
        self.batches = 0  # model calls made by the worker (tests and the load test read it)
        self.batched = 0  # texts they embedded

    def __getattr__(self, name):
        # name, dimension, config, windows, count_tokens…: the wrapped encoder's own.
        if name == "encoder":  # not set yet (e.g. mid-copy): no endless recursion
            raise AttributeError(name)
        return getattr(self.encoder, name)

    def encode_queries(self, texts: list[str]) -> np.ndarray:
        """The wrapped ``encode_queries(texts)``, embedded in one call with other threads' queries."""
        request = _Request(list(texts))
        if not request.texts:
            return np.zeros((0, self.encoder.dimension), dtype=np.float32)
        self._ensure_worker()
        self._queue.put(request)
        request.done.wait()
        if request.error is not None:
            raise request.error
        return request.vectors

    def encode_passages(self, texts: list[str], **options):
        """Not batched (an index build is one big call already), but never alongside another call."""
        with self._model_lock:
            return self.encoder.encode_passages(texts, **options)

    def close(self) -> None:
        """Stop the worker once the queries already queued are embedded."""
        with self._start_lock:
            self._closed = True
            worker = self._worker
        if worker is not None:
            self._queue.put(None)
            worker.join()

    def _ensure_worker(self) -> None:
        if self._worker is not None and not self._closed:
            return
        with self._start_lock:
            if self._closed:
                raise SanadError("this BatchingEncoder is closed")
            if self._worker is None:
                self._worker = threading.Thread(target=self._run, name="sanad-query-batcher", daemon=True)
                self._worker.start()

    def _collect(self, first: _Request) -> tuple[list[_Request], bool]:
        """``first`` and what joins it within the window; ``True`` as second item when told to stop."""
        batch, size = [first], len(first.texts)
        deadline = time.monotonic() + self.batch_config.window_ms / 1000
        while size < self.batch_config.max_batch:
            try:
                left = deadline - time.monotonic()
                request = self._queue.get(timeout=left) if left > 0 else self._queue.get_nowait()
            except queue.Empty:
                break
            if request is None:
                return batch, True
            batch.append(request)
            size += len(request.texts)
        return batch, False

    def _run(self) -> None:
        stop = False
        while not stop:
            first = self._queue.get()
            if first is None:
                return
            batch, stop = self._collect(first)
            texts = [text for request in batch for text in request.texts]
            try:
                with self._model_lock:
                    vectors = self.encoder.encode_queries(texts)
                self.batches += 1
                self.batched += len(texts)
            except BaseException as exc:  # every waiting caller gets the error, the worker lives on
                for request in batch:
                    request.error = exc
                    request.done.set()
                continue
            start = 0
            for request in batch:
                request.vectors = vectors[start : start + len(request.texts)]
                start += len(request.texts)
                request.done.set()
