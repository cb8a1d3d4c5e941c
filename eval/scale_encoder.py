"""The scale benchmark's encoder: the real encoder's vectors for the report and the questions,
vectors sampled from ``GaussianModel``s for the distractors (see ``eval.scale_corpus``).

It answers the ``Encoder`` calls a build and a search make. A text the real encoder embedded (the
report's windows, sub-items, sentences and lexicon words, taken from the report's real index;
the questions, embedded once) gets its real vector. Any other text is a distractor: a passage
(two sentences or more) gets a sample of the window model, a sentence one of the sentence
model, a word one of the word model; each batch is seeded by its texts, so a resumed build
draws the same vectors.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import numpy as np

from eval.scale_corpus import GaussianModel
from index.compose import SectionText, embedding_text, item_texts, with_section
from index.sentences import split_sentences


def real_vectors(encoder, texts: list[str], cache: Path, chunk: int = 256, progress: bool = False) -> np.ndarray:
    """The real encoder's vector of each text (one window each), cached per chunk in ``cache``:
    an interrupted run keeps the chunks it finished."""
    from tqdm import tqdm

    cache.mkdir(parents=True, exist_ok=True)
    parts = []
    for start in tqdm(range(0, len(texts), chunk), desc=f"real vectors ({cache.name})", disable=not progress, unit="chunk"):
        part = texts[start : start + chunk]
        path = cache / f"{start // chunk:05d}-{_seed(part):016x}.npy"
        if not path.exists():
            vectors, owner = encoder.encode_passages(part)
            first = np.unique(np.asarray(owner), return_index=True)[1]  # a long text's first window
            np.save(cache / "partial.npy", np.asarray(vectors, np.float32)[first])
            os.replace(cache / "partial.npy", path)
        parts.append(np.load(path))
    return np.concatenate(parts) if parts else np.zeros((0, encoder.dimension), np.float32)


def _seed(texts: list[str]) -> int:
    digest = hashlib.sha256("\x00".join(texts).encode()).digest()
    return int.from_bytes(digest[:8], "little")


class ModelledEncoder:
    """Real vectors where known, Gaussian samples elsewhere; one vector (one window) per text."""

    def __init__(self, name: str, known: dict[str, np.ndarray], windows: GaussianModel, sentences: GaussianModel, words: GaussianModel):
        self.name = name
        self.dimension = len(windows.mean)
        self.known = known
        self.models = {"window": windows, "sentence": sentences, "word": words}

    @classmethod
    def from_store(cls, store, encoder, queries: list[str], real: dict[str, np.ndarray], passage_texts: list[str]) -> ModelledEncoder:
        """Known vectors from ``store`` (a real index built with the default config), ``encoder``
        (the queries) and ``real`` (text → real vector: distractor passages and sentences). The
        window model is fitted on ``passage_texts``' real vectors."""
        config = store.manifest.config
        embedded, sentence_section = SectionText(config.embedded_section), SectionText(config.sentence_section)
        windows = store.dense.faiss_index.reconstruct_n(0, store.dense.faiss_index.ntotal)
        known: dict[str, np.ndarray] = {}
        window_rows = store.manifest.counts.windows - store.manifest.counts.item_vectors
        owner = store.dense.owner
        items = [(row, text) for row, p in enumerate(store.passages) for text in item_texts(p, embedded)] if config.item_vectors else []
        first_rows = {}
        for row in range(window_rows):
            first_rows.setdefault(int(owner[row]), row)
        for i, p in enumerate(store.passages):
            known[embedding_text(with_section(p.text, p, embedded))] = windows[first_rows[i]]
        item_rows = np.arange(window_rows, len(owner))
        if len(items) == len(item_rows):  # one window per sub-item: rows and texts line up
            for (_, text), row in zip(items, item_rows):
                known[embedding_text(text)] = windows[row]
        sentence_vectors = store.sentences.faiss_index.reconstruct_n(0, store.sentences.faiss_index.ntotal)
        for (start, end), row, vector in zip(store.sentence_spans, store.sentences.owner, sentence_vectors):
            p = store.passages[int(row)]
            known.setdefault(embedding_text(with_section(p.text[start:end], p, sentence_section)), vector)
        for word, vector in zip(store.lexicon.words, store.lexicon.vectors):
            known[("word", word)] = vector
        for query, vector in zip(queries, encoder.encode_queries(queries)):
            known[("query", query)] = vector
        known.update(real)
        sentences = np.stack([v for t, v in real.items() if len(split_sentences(t)) == 1] + list(sentence_vectors))
        return cls(
            store.model_name,
            known,
            GaussianModel.fit(np.stack([real[t] for t in passage_texts])),
            GaussianModel.fit(sentences),
            GaussianModel.fit(store.lexicon.vectors),
        )

    def _vectors(self, keys: list, kinds: list[str]) -> np.ndarray:
        out = np.empty((len(keys), self.dimension), dtype=np.float32)
        rng = np.random.default_rng(_seed([str(k) for k in keys]))
        missing: dict[str, list[int]] = {}
        for i, (key, kind) in enumerate(zip(keys, kinds)):
            vector = self.known.get(key)
            if vector is None:
                missing.setdefault(kind, []).append(i)
            else:
                out[i] = vector
        for kind, rows in missing.items():
            out[rows] = self.models[kind].sample(len(rows), rng)
        return out

    def encode_passages(self, texts: list[str], show_progress: bool = False):
        kinds = ["window" if len(split_sentences(t)) > 1 else "sentence" for t in texts]
        return self._vectors(list(texts), kinds), np.arange(len(texts), dtype=np.int64)

    def encode_queries(self, texts: list[str]) -> np.ndarray:
        keys = [("query", t) if ("query", t) in self.known else ("word", t) for t in texts]
        return self._vectors(keys, ["word"] * len(texts))
