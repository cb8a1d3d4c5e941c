"""The scale benchmark's corpus: distractor paragraphs recombined from XQuAD sentences, and a
Gaussian model of the encoder's vectors for sizes too large to embed here.

A distractor is 2 to 5 sentences drawn from the sentences of XQuAD's contexts, all of one
language (70 % Arabic, 30 % English, as an Arabic report library quotes English), grouped
1,000 to a synthetic document of that language, labelled with it as ``sanad add`` labels a real
one (before 2026-12-01 every synthetic document was labelled Arabic and held both languages,
which a library never does; the passages' texts and order are unchanged). The text is real language, so BM25's postings and vocabulary
grow as a real library's would; the meaning of a recombined paragraph is not.

``GaussianModel`` is what "vectors from a model of the encoder's distribution" means here:
the mean and covariance of real unit vectors, sampled and normalized again. It keeps the
anisotropy of the real space (a query's cosine to a random distractor is about what it is to a
real unrelated paragraph) and nothing else: no clusters of topics, no near-duplicates.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from index.arabic import has_arabic
from index.passage import DocRef, Passage
from index.sentences import split_sentences

ARABIC_SHARE = 0.7
SENTENCES_PER_PASSAGE = (2, 5)  # inclusive
PASSAGES_PER_DOCUMENT = 1000
_CHUNK = 10_000


def sentence_pool(xquad_dir: Path) -> dict[str, list[str]]:
    """The distinct sentences of XQuAD's Arabic and English contexts, in file order."""
    pool = {}
    for lang in ("ar", "en"):
        data = json.loads((Path(xquad_dir) / f"xquad.{lang}.json").read_text(encoding="utf-8"))
        seen: dict[str, None] = {}
        for article in data["data"]:
            for paragraph in article["paragraphs"]:
                text = " ".join(paragraph["context"].split())
                for a, b in split_sentences(text):
                    seen.setdefault(text[a:b], None)
        pool[lang] = list(seen)
    return pool


def distractor_texts(count: int, pool: dict[str, list[str]], seed: int = 14) -> Iterator[str]:
    """``count`` distractor texts; the ``i``-th is the same whatever ``count`` (drawn in whole chunks)."""
    rng = np.random.default_rng(seed)
    low, high = SENTENCES_PER_PASSAGE
    for start in range(0, count, _CHUNK):
        full = _CHUNK
        n = min(_CHUNK, count - start)
        arabic = rng.random(full) < ARABIC_SHARE
        lengths = rng.integers(low, high + 1, full)
        picks = rng.random((full, high))
        for i in range(n):
            sentences = pool["ar"] if arabic[i] else pool["en"]
            chosen = (picks[i, : lengths[i]] * len(sentences)).astype(np.int64)
            yield " ".join(sentences[j] for j in chosen)


def distractor(row: int, text: str, language: str = "ar") -> Passage:
    """The ``row``-th distractor of ``language`` (its documents are numbered apart from the other language's)."""
    doc = f"synthetic-{language}-{row // PASSAGES_PER_DOCUMENT:04d}"
    number = row % PASSAGES_PER_DOCUMENT + 1
    return Passage(f"{doc}#{number}", DocRef(doc, f"Synthetic document {doc}", language), number, (), text)


def language_of(text: str) -> str:
    """A distractor's language: each is all Arabic or all English sentences."""
    return "ar" if has_arabic(text) else "en"


def corpus(size: int, report: list[Passage], pool: dict[str, list[str]], seed: int = 14) -> Iterator[tuple[Passage, bool]]:
    """``size`` passages: the report's hidden among distractors at evenly spread rows.

    Yields ``(passage, is_report)``; ``size`` equal to the report's length is the report alone.
    """
    if size < len(report):
        raise ValueError(f"a corpus of {size} passages cannot hide the report's {len(report)}")
    every = size / len(report)
    at = {int(i * every + every / 2): p for i, p in enumerate(report)}
    texts = distractor_texts(size - len(report), pool, seed)
    made = dict.fromkeys(("ar", "en"), 0)
    for row in range(size):
        if row in at:
            yield at[row], True
        else:
            text = next(texts)
            language = language_of(text)
            yield distractor(made[language], text, language), False
            made[language] += 1


@dataclass(frozen=True, eq=False)
class GaussianModel:
    """A multivariate normal fitted to unit vectors; ``sample`` returns unit vectors again."""

    mean: np.ndarray
    factor: np.ndarray  # Cholesky factor of the covariance

    def _factor_t(self) -> np.ndarray:
        cached = self.__dict__.get("_t")
        if cached is None:
            cached = np.ascontiguousarray(self.factor.T, dtype=np.float32)
            object.__setattr__(self, "_t", cached)
        return cached

    @classmethod
    def fit(cls, vectors: np.ndarray) -> GaussianModel:
        vectors = np.asarray(vectors, dtype=np.float64)
        if len(vectors) < 2:
            raise ValueError(f"{len(vectors)} vectors cannot fit a covariance")
        sample = np.cov(vectors, rowvar=False)
        # Few vectors for many dimensions: shrink toward the diagonal (weight dimension / count).
        shrink = min(1.0, vectors.shape[1] / len(vectors))
        covariance = (1 - shrink) * sample + shrink * np.diag(np.diag(sample)) + 1e-6 * np.eye(vectors.shape[1])
        return cls(vectors.mean(axis=0), np.linalg.cholesky(covariance))

    def sample(self, count: int, rng: np.random.Generator) -> np.ndarray:
        # float32 throughout: the product was the largest single cost of a modelled build batch.
        noise = rng.standard_normal((count, len(self.mean)), dtype=np.float32)
        out = self.mean.astype(np.float32) + noise @ self._factor_t()
        out /= np.linalg.norm(out, axis=1, keepdims=True)
        return out
