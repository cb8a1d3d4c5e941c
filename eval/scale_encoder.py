"""The scale benchmark's encoder: the real encoder's vectors for the report and the questions,
modelled vectors for the distractors (see ``eval.scale_corpus``): composed from their XQuAD
sentences' real vectors (``eval.scale_compose``, the default since 2026-12-01 23:25 UTC), or
sampled from ``GaussianModel``s (before).

It answers the ``Encoder`` calls a build and a search make. A text the real encoder embedded (the
report's windows, sub-items, sentences and lexicon words, taken from the report's real index;
the questions, embedded once) gets its real vector. Any other text is a distractor: a passage
(two sentences or more) gets a sample of the window model, a sentence one of the sentence
model, a word one of the word model; each batch is seeded by its texts, so a resumed build
draws the same vectors. With a ``Composer``, a distractor window or sentence gets the composition
of its sentences' real vectors instead, and with ``words`` (a real encoder) every word the real
encoder (cached in ``word_cache``): then only the distractor windows (and the 0.4 % of sentences
the index splits otherwise than XQuAD) are modelled.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import numpy as np

from eval.scale_compose import Composer, Composition
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

    def __init__(self, name: str, known: dict[str, np.ndarray], windows: GaussianModel, sentences: GaussianModel, words: GaussianModel,
                 composer: Composer | None = None, words_encoder=None, word_cache: Path | None = None):
        self.name = name
        self.dimension = len(windows.mean)
        self.known = known
        self.models = {"window": windows, "sentence": sentences, "word": words}
        self.composer = composer
        self.words_encoder = words_encoder
        self.word_cache = word_cache
        if words_encoder is not None:
            # The real encoder's config: the build then links the machine's word table of the
            # real encoder (index.word_tables) instead of embedding ~28,000 words through this one.
            self.config = words_encoder.config
        self.composed = 0  # vectors composed, and sampled, so far (what was modelled how)
        self.sampled = 0
        if word_cache is not None and word_cache.with_suffix(".npz").exists():
            cached = np.load(word_cache.with_suffix(".npz"))
            self.known.update({("word", str(w)): v for w, v in zip(cached["words"], cached["vectors"])})

    @classmethod
    def from_store(cls, store, encoder, queries: list[str], real: dict[str, np.ndarray], passage_texts: list[str],
                   composition: Composition | None = None, pool: list[str] = (), word_cache: Path | None = None) -> ModelledEncoder:
        """Known vectors from ``store`` (a real index built with the default config), ``encoder``
        (the queries) and ``real`` (text → real vector: distractor passages and sentences). The
        window model is fitted on ``passage_texts``' real vectors (on the sentences' without any).
        With ``composition``, distractors are composed from the real vectors of the ``pool``
        sentences (every one must be in ``real``); with ``word_cache``, words are embedded by ``encoder``."""
        config = store.manifest.config
        embedded, sentence_section = SectionText(config.embedded_section), SectionText(config.sentence_section)
        windows = store.dense.vectors()
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
        sentence_vectors = store.sentences.vectors()
        for (start, end), row, vector in zip(store.sentence_spans, store.sentences.owner, sentence_vectors):
            p = store.passages[int(row)]
            known.setdefault(embedding_text(with_section(p.text[start:end], p, sentence_section)), vector)
        for word, vector in zip(store.lexicon.words, store.lexicon.vectors):
            known[("word", word)] = vector
        for query, vector in zip(queries, encoder.encode_queries(queries)):
            known[("query", query)] = vector
        known.update(real)
        sentences = np.stack([v for t, v in real.items() if len(split_sentences(t)) == 1] + list(sentence_vectors))
        composer = Composer({t: real[t] for t in pool}, composition) if composition is not None else None
        return cls(
            store.model_name,
            known,
            GaussianModel.fit(np.stack([real[t] for t in passage_texts]) if len(passage_texts) > 1 else sentences),
            GaussianModel.fit(sentences),
            GaussianModel.fit(store.lexicon.vectors),
            composer,
            encoder if word_cache is not None else None,
            word_cache,
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
        if self.composer is not None:
            for kind in ("window", "sentence"):
                left = []
                for i in missing.get(kind, ()):
                    vector = self.composer.vector(keys[i])
                    if vector is None:
                        left.append(i)
                    else:
                        out[i] = vector
                        self.composed += 1
                if kind in missing:
                    missing[kind] = left
        if self.words_encoder is not None and missing.get("word"):
            rows = missing.pop("word")
            out[rows] = self._real_words([keys[i][1] for i in rows])
        for kind, rows in missing.items():
            if rows:
                out[rows] = self.models[kind].sample(len(rows), rng)
                self.sampled += len(rows)
        return out

    def _real_words(self, words: list[str]) -> np.ndarray:
        """The real encoder's vectors of ``words`` (as the build embeds the lexicon), kept in the word cache."""
        vectors = np.asarray(self.words_encoder.encode_queries(words), np.float32)
        self.known.update({("word", w): v for w, v in zip(words, vectors)})
        if self.word_cache is not None:
            cached = [(k[1], v) for k, v in self.known.items() if isinstance(k, tuple) and k[0] == "word"]
            self.word_cache.parent.mkdir(parents=True, exist_ok=True)
            partial = self.word_cache.with_suffix(".partial.npz")
            np.savez(partial, words=np.array([w for w, _ in cached]), vectors=np.stack([v for _, v in cached]))
            os.replace(partial, self.word_cache.with_suffix(".npz"))
        return vectors

    def encode_passages(self, texts: list[str], show_progress: bool = False):
        kinds = ["window" if len(split_sentences(t)) > 1 else "sentence" for t in texts]
        return self._vectors(list(texts), kinds), np.arange(len(texts), dtype=np.int64)

    def encode_queries(self, texts: list[str]) -> np.ndarray:
        keys = [("query", t) if ("query", t) in self.known else ("word", t) for t in texts]
        return self._vectors(keys, ["word"] * len(texts))
