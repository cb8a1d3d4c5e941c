"""How many threads each native library may use: set once, by the encoder factory, never at import.

torch, onnxruntime, OpenBLAS (numpy) and FAISS each keep a pool sized to the machine by default;
on 2 shared cores those pools spin and pre-empt one another. Measured side by side under load
(eval/results/encoders.md, "threads"): the encoder gets the cores (onnxruntime intra-op 2, its
workers sleeping when idle; torch 2), while BLAS and FAISS get one thread each: after the
embedding their work per query is a few hundred dot products, too small to share.
"""

from __future__ import annotations

import logging
import os
import sys
from dataclasses import dataclass

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Threads:
    """Threads per library; ``encoder`` is both onnxruntime's intra-op pool and torch's."""

    encoder: int = 2
    blas: int = 1
    faiss: int = 1

    @classmethod
    def for_machine(cls) -> Threads:
        """The defaults, with the encoder capped at the cores this process may use."""
        cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
        return cls(encoder=max(1, min(cls.encoder, cores)))


_applied: Threads | None = None


def configure(threads: Threads | None = None) -> Threads:
    """Apply ``threads`` (default ``Threads.for_machine()``) to every library loaded or loadable.

    torch is only set when something already imported it (the torch encoder does, before
    calling this); importing torch here would cost the ONNX path a second of start-up.
    """
    global _applied
    threads = threads or Threads.for_machine()
    if "torch" in sys.modules:
        import torch

        if torch.get_num_threads() != threads.encoder:
            torch.set_num_threads(threads.encoder)
    try:
        import faiss

        faiss.omp_set_num_threads(threads.faiss)
    except ImportError:
        pass
    try:
        from threadpoolctl import threadpool_limits

        threadpool_limits(limits=threads.blas, user_api="blas")
    except ImportError:
        pass
    if threads != _applied:
        logger.info("threads: %s", threads)
    _applied = threads
    return threads
