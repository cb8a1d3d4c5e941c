"""A cross-lingual bridge into BM25: the corpus vocabulary, embedded word by word.

An English question over Arabic paragraphs shares no words with them, so BM25
has nothing to say and hybrid search falls back on dense vectors alone. The
multilingual encoder, though, places a word close to its translation even in
isolation ("victims" lies next to "الضحايا"). At build time we embed one surface
form of every BM25 term; at query time each query word the corpus lacks is
embedded and replaced by its nearest corpus term, weighted by their cosine.
The result is a BM25 query in the corpus's own words, built without a
dictionary (lexicon induction from the embedding space, as in Conneau et al.,
"Word translation without parallel data", 2018, here with a sentence encoder).

Files: ``lexicon.npy`` (float16 unit rows, one per term) and
``lexicon_terms.json`` (``[[term, word], ...]`` in row order); ``lexicon_most_frequent`` (empty), present
when each word is its term's most frequent over every text (``Lexicon.build``, a streamed build), not
a merge of documents' choices (``index.pieces``): a scope's lexicon may then take those words as they are.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np

from index import arabic, arrays

VECTORS = "lexicon.npy"
TERMS = "lexicon_terms.json"
FILES = (VECTORS, TERMS)
MOST_FREQUENT = "lexicon_most_frequent"  # optional: an index without it (older ones too) is read as a merge
MIN_LETTERS = 3  # shorter words are mostly particles and clitic debris of the PDF text


def is_word(word: str) -> bool:
    return word.isalpha() and len(word) >= MIN_LETTERS


def vocabulary(texts: list[str], stemming: arabic.Stemming | str, languages: list[str] | None = None) -> list[tuple[str, str]]:
    """``(term, word)``: every search term of ``texts`` made of letters, with its most frequent word.

    >>> vocabulary(["the victims", "a victim", "victims"], "snowball")
    [('victim', 'victims')]
    """
    return [(term, word) for term, word, _ in vocabulary_counts(texts, stemming, languages)]


def vocabulary_counts(texts: list[str], stemming: arabic.Stemming | str, languages: list[str] | None = None) -> list[tuple[str, str, int]]:
    """``vocabulary`` with how often the chosen word occurs, in order of the terms' first occurrence.

    >>> vocabulary_counts(["the victims", "a victim", "victims"], "snowball")
    [('victim', 'victims', 2)]
    """
    forms: dict[str, Counter] = defaultdict(Counter)
    for text, language in zip(texts, languages or ["ar"] * len(texts)):
        for word, term in arabic.search_words(text, stemming, language):
            if is_word(word):
                forms[term][word] += 1
    return [(term, *counts.most_common(1)[0]) for term, counts in forms.items()]


class Lexicon:
    """Corpus terms with the vector of one surface word each."""

    def __init__(self, terms: list[str], words: list[str], vectors: np.ndarray, most_frequent: bool = False):
        """``most_frequent``: each word is its term's most frequent over every text the terms come from
        (ties: the first seen), as ``vocabulary`` chooses."""
        if len(terms) != len(words) or len(terms) != len(vectors):
            raise ValueError(f"{len(terms)} terms, {len(words)} words and {len(vectors)} vectors")
        self.terms = list(terms)
        self.words = list(words)
        # Stored as float16: round here too, so a built and a loaded lexicon rank alike.
        self.vectors = np.asarray(vectors, dtype=np.float16).astype(np.float32).reshape(len(terms), -1)
        self.most_frequent = most_frequent
        self._faiss = None
        self._row_of: dict[str, int] | None = None

    def __len__(self) -> int:
        return len(self.terms)

    @classmethod
    def build(cls, texts: list[str], stemming: arabic.Stemming | str, encoder, languages: list[str] | None = None) -> "Lexicon":
        """``languages``: each text's document language (ISO 639-1), for its stemming; default Arabic."""
        pairs = vocabulary(texts, stemming, languages)
        words = [word for _, word in pairs]
        vectors = encoder.encode_queries(words) if words else np.zeros((0, 1), dtype=np.float32)
        return cls([term for term, _ in pairs], words, vectors, most_frequent=True)

    def rows_of(self, terms) -> np.ndarray:
        """The rows of those ``terms`` the lexicon holds, ascending (a term it lacks is skipped).

        >>> Lexicon(["a", "b", "c"], ["a", "b", "c"], np.eye(3)).rows_of(["c", "x", "a"]).tolist()
        [0, 2]
        """
        rows = self.row_per_term(list(terms))
        return arrays.unique(rows[rows >= 0])

    def row_per_term(self, terms: list[str]) -> np.ndarray:
        """Each of ``terms``' row in the lexicon, -1 where it lacks the term (aligned with ``terms``).

        >>> Lexicon(["a", "b", "c"], ["a", "b", "c"], np.eye(3)).row_per_term(["c", "x", "a"]).tolist()
        [2, -1, 0]
        """
        if self._row_of is None:
            self._row_of = {term: i for i, term in enumerate(self.terms)}
        return np.fromiter((self._row_of.get(t, -1) for t in terms), dtype=np.int64, count=len(terms))

    def nearest(self, word_vectors: np.ndarray, among: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """For each row of ``word_vectors``: the index of the closest term (among rows ``among``, if
        given, which must not be empty) and its cosine.

        A FAISS flat index, not a numpy product: numpy's OpenBLAS threads keep spinning after
        a product and, on a small machine, halve the speed of the next encoder call (measured:
        the query embedding after a bridged question took 110 ms instead of 50 ms).
        """
        if len(self) == 0:
            empty = np.zeros(len(word_vectors))
            return empty.astype(np.int64), empty
        queries = np.ascontiguousarray(word_vectors, dtype=np.float32)
        if among is None:
            similarity, best = self._index().search(queries, 1)
        else:
            import faiss

            if not len(among):
                raise ValueError("nearest among no terms")
            selector = faiss.IDSelectorBatch(np.ascontiguousarray(among, dtype=np.int64))
            similarity, best = self._index().search(queries, 1, params=faiss.SearchParameters(sel=selector))
        return best[:, 0].astype(np.int64), similarity[:, 0].astype(np.float64)

    def _index(self):
        if self._faiss is None:
            import faiss

            index = faiss.IndexFlatIP(self.vectors.shape[1])
            index.add(np.ascontiguousarray(self.vectors))
            self._faiss = index
        return self._faiss

    def file_names(self) -> list[str]:
        """The files ``save`` writes (a manifest lists them all)."""
        return [*FILES, MOST_FREQUENT] if self.most_frequent else list(FILES)

    def save(self, directory: Path) -> None:
        directory = Path(directory)
        np.save(directory / VECTORS, self.vectors.astype(np.float16), allow_pickle=False)
        (directory / TERMS).write_text(json.dumps([list(p) for p in zip(self.terms, self.words)], ensure_ascii=False), encoding="utf-8")
        if self.most_frequent:
            (directory / MOST_FREQUENT).write_bytes(b"")

    @classmethod
    def load(cls, directory: Path) -> "Lexicon":
        directory = Path(directory)
        pairs = json.loads((directory / TERMS).read_text(encoding="utf-8"))
        if not isinstance(pairs, list) or not all(isinstance(p, list) and len(p) == 2 for p in pairs):
            raise ValueError("expected a list of [term, word] pairs")
        vectors = np.load(directory / VECTORS, allow_pickle=False)
        if vectors.ndim != 2 or len(vectors) != len(pairs):
            raise ValueError(f"{vectors.shape} vectors for {len(pairs)} terms")
        return cls([p[0] for p in pairs], [p[1] for p in pairs], vectors, most_frequent=(directory / MOST_FREQUENT).exists())
