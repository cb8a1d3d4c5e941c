"""The composed distractor vectors: a distractor split back into its XQuAD sentences, and its
vector made from theirs (the real encoder's vectors are checked against these in eval/results/scale.md)."""

from __future__ import annotations

import numpy as np
import pytest

from eval import scale
from eval.scale_compose import Composer, Composition, Pieces
from eval.scale_corpus import distractor_texts, sentence_pool


@pytest.mark.skipif(not (scale.XQUAD_DIR / "xquad.ar.json").exists(), reason="XQuAD not found")
def test_every_distractor_splits_back_into_its_sentences():
    pool = sentence_pool(scale.XQUAD_DIR)
    pieces = Pieces(pool["ar"] + pool["en"])
    for text in distractor_texts(3000, pool):
        parts = pieces.split(text)
        assert parts is not None and " ".join(parts) == text and 2 <= len(parts) <= 5


def test_a_text_of_unknown_sentences_does_not_split():
    pieces = Pieces(["The cat sat.", "The cat sat. It slept."])
    assert pieces.split("The cat sat. It slept.") == ["The cat sat. It slept."]
    assert pieces.split("The cat sat. It ran.") is None
    assert pieces.split("The cat") is None


def test_compositions():
    rng = np.random.default_rng(0)
    vectors = rng.standard_normal((3, 8)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    known = {"A a.": vectors[0], "B bb.": vectors[1], "C.": vectors[2]}
    mean = Composer(known, Composition.MEAN).vector("A a. B bb. C.")
    assert np.allclose(mean, vectors.sum(0) / np.linalg.norm(vectors.sum(0)), atol=1e-6)
    weighted = Composer(known, Composition.LENGTH).vector("A a. B bb.")
    expected = 4 * vectors[0] + 5 * vectors[1]
    assert np.allclose(weighted, expected / np.linalg.norm(expected), atol=1e-6)
    assert np.allclose(Composer(known, Composition.FIRST).vector("B bb. C."), vectors[1])
    # One known sentence is its own real vector; an unknown text has none.
    assert np.array_equal(Composer(known).vector("C."), vectors[2])
    assert Composer(known).vector("D.") is None
