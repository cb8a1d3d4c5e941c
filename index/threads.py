"""How many threads each native library may use: set once, by the encoder factory, never at import.

torch, onnxruntime, OpenBLAS (numpy) and FAISS each keep a pool sized to the machine by default;
on 2 shared cores those pools spin and pre-empt one another. Measured side by side in one process
on the 2-core machine under load (load average 14; eval/results/encoders.md, "Threads"), one query
embedding p50: onnxruntime intra-op 2 with idle workers asleep 28 ms, 1 thread 27 ms, 2 spinning
workers 73 ms; torch 1 thread 212 ms, 2 threads 1119 ms (its OpenMP workers wait on each other
when a core is taken away). On the idle machine spinning wins instead (10.0 ms against 15.9 asleep;
torch 30.0 and 28.0), by less than it loses under load, so the workers sleep. So onnxruntime gets 2 sleeping workers (the second core helps when it
is free and costs nothing when it is not), torch 1, and BLAS and FAISS 1 each: after the
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
    """Threads per library: onnxruntime's intra-op pool, torch's, OpenBLAS's (numpy), FAISS's."""

    onnxruntime: int = 2
    torch: int = 1
    blas: int = 1
    faiss: int = 1

    @classmethod
    def for_machine(cls) -> Threads:
        """The defaults, with onnxruntime capped at the cores this process may use."""
        cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
        return cls(onnxruntime=max(1, min(cls.onnxruntime, cores)))


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

        if torch.get_num_threads() != threads.torch:
            torch.set_num_threads(threads.torch)
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
