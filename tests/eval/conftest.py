"""Fixtures for eval tests: a deterministic stand-in for ``index.encoders.torch_backend.Encoder`` (hashed bag of words)."""

from __future__ import annotations

import hashlib

import numpy as np
import pytest

from index.arabic import tokenize


class HashEncoder:
    name = "test/hash-bow"
    dimension = 64

    def _vector(self, text: str) -> np.ndarray:
        vector = np.zeros(self.dimension, dtype=np.float32)
        for token in tokenize(text, "none"):
            bucket = int.from_bytes(hashlib.blake2b(token.encode(), digest_size=4).digest(), "little")
            vector[bucket % self.dimension] += 1.0
        norm = float(np.linalg.norm(vector))
        return vector / norm if norm else vector

    def encode_queries(self, texts: list[str]) -> np.ndarray:
        return np.stack([self._vector(t) for t in texts])

    def encode_passages(self, texts: list[str], show_progress: bool = False):
        return self.encode_queries(texts), np.arange(len(texts), dtype=np.int32)


@pytest.fixture
def encoder_factory():
    """What ``eval.command.run_command`` takes: model name (ignored) → encoder."""
    return lambda model=None: HashEncoder()
