"""Distractor vectors composed from the real encoder's vectors of their sentences.

A distractor (``eval.scale_corpus``) is XQuAD sentences joined by spaces, and there are only
2,524 distinct ones (1,223 Arabic, 1,301 English). Each is embedded once by the real encoder;
a distractor window's vector is then modelled from its sentences' real vectors (``Composition``):
what the encoder does to the recombined text is the only modelled part. Measured against the
real encoder on 10,000 distractors in eval/results/scale.md (section 2026-12-01, 23:25 UTC).

A sentence the index splits differently from XQuAD's own split (a closing bracket or quote
after the stop: about 0.4 % of the sentence vectors) is decomposed into the XQuAD sentences
it joins (``Pieces``) and composed the same way.
"""

from __future__ import annotations

from enum import Enum

import numpy as np


class Composition(Enum):
    """How a text's vector is modelled from its sentences' real unit vectors."""

    MEAN = "mean"  # the normalized mean
    LENGTH = "length"  # the normalized mean weighted by each sentence's length in characters
    FIRST = "first"  # the first sentence's vector (a floor: what one sentence alone says)
    # The mean's departure from its language's mean sentence vector, scaled by sqrt(n): averaging n
    # sentences of unrelated topics shrinks what sets them apart by about 1/sqrt(n), which the
    # encoder reading the whole text does not (the plain mean sits 0.05 closer to every question).
    SPREAD = "spread"

    def of(self, vectors: np.ndarray, lengths: np.ndarray, centre: np.ndarray | None = None) -> np.ndarray:
        if self is Composition.FIRST:
            out = vectors[0]
        elif self is Composition.SPREAD:
            out = centre + np.sqrt(len(vectors)) * (vectors.mean(axis=0) - centre)
        else:
            weights = lengths.astype(np.float32) if self is Composition.LENGTH else np.ones(len(vectors), np.float32)
            out = weights @ vectors
        return (out / np.linalg.norm(out)).astype(np.float32)


class Pieces:
    """Splits a text joined from known sentences back into them (``None`` if it is not such a join).

    >>> Pieces(["A b.", "C d (e.)", "F."]).split("C d (e.) F. A b.")
    ['C d (e.)', 'F.', 'A b.']
    >>> Pieces(["A b."]).split("A b. Z.") is None
    True
    """

    def __init__(self, sentences: list[str]):
        self.known = set(sentences)
        self.by_key: dict[str, list[str]] = {}
        for s in sorted(self.known, key=len, reverse=True):  # longest first
            self.by_key.setdefault(s.split(" ", 1)[0], []).append(s)  # by first word

    def split(self, text: str) -> list[str] | None:
        if text in self.known:
            return [text]
        return self._from(text, 0)

    def _from(self, text: str, at: int) -> list[str] | None:
        space = text.find(" ", at)
        for s in self.by_key.get(text[at : space if space >= 0 else len(text)], ()):
            end = at + len(s)
            if not text.startswith(s, at):
                continue
            if end == len(text):
                return [s]
            if text[end] == " ":
                rest = self._from(text, end + 1)
                if rest is not None:
                    return [s, *rest]
        return None


class Composer:
    """A text's vector from its known sentences' real vectors (``None`` if it cannot be split)."""

    def __init__(self, vectors: dict[str, np.ndarray], composition: Composition = Composition.MEAN):
        from index.arabic import has_arabic

        self.vectors = vectors
        self.pieces = Pieces(list(vectors))
        self.composition = composition
        arabic = np.array([has_arabic(t) for t in vectors])
        stacked = np.stack(list(vectors.values())) if vectors else np.zeros((0, 1), np.float32)
        # Each language's mean sentence vector (a distractor is all one language).
        self.centres = {lang: stacked[arabic == (lang == "ar")].mean(axis=0) for lang in ("ar", "en") if (arabic == (lang == "ar")).any()}
        self._arabic = has_arabic

    def vector(self, text: str) -> np.ndarray | None:
        parts = self.pieces.split(text)
        if parts is None:
            return None
        if len(parts) == 1:
            return np.asarray(self.vectors[parts[0]], np.float32)
        centre = self.centres.get("ar" if self._arabic(text) else "en")
        return self.composition.of(np.stack([self.vectors[p] for p in parts]), np.array([len(p) for p in parts]), centre)
