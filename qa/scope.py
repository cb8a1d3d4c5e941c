"""Where a search looks: the passages of some documents, one language at a time.

A ``Scope`` is a set of passages with the statistics an index of those passages alone
would have: BM25's vocabulary, idf and average length (``BM25.restricted``), hence the
query's lexical evidence and the words the cross-lingual bridge maps, and the bridge's
vocabulary (the lexicon's terms the scope has). ``Retriever`` normalizes every score
within its scope, so a search restricted to one document ranks as that document's own
index does, whatever else the library holds.

A library in several languages is searched one language at a time (``scopes``,
``by_language``). Pooled, an English question over an Arabic report and English articles
ranks the articles' unrelated passages first (report_dev, English questions, hybrid MRR@10
0.689 over the report alone, 0.401 in a library of 26 documents), for two reasons:

- BM25 matches the question's words in the English articles only, and the English words
  the library knows make its lexical evidence high, so BM25 weighs fully and the bridge
  into the report's Arabic never runs. Each language's own statistics fix that (0.494).
- A multilingual encoder gives a question a higher cosine with every passage of its own
  language, relevant or not. ``own_language_shifted`` takes that bonus, a constant of the
  encoder (``FusionConfig.own_language_bonus``), off the passages in the question's
  language before the languages are pooled (0.694 at 0.06). Standardizing each language's
  cosines instead (minus the median, over the deviation) cost Arabic questions 0.03 and
  dense search 0.24: a language whose documents are on the question's topic has a high
  median, which is signal, not bias.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from functools import cached_property

import numpy as np

from index import arabic, arrays
from index.bm25 import BM25
from index.lexicon import Lexicon, is_word, vocabulary


@dataclass(frozen=True, eq=False)
class Scope:
    """Passages ``rows`` (sorted) of a store, with the BM25 and lexicon of those passages alone."""

    rows: np.ndarray
    languages: tuple[str, ...]
    bm25: BM25
    lexicon: Lexicon
    whole: bool  # every passage of the store: ``bm25`` and ``lexicon`` are the stored ones

    @cached_property
    def unknown_idf(self) -> float:
        """The idf a term the scope lacks counts with: that of the rarest term it has."""
        return float(self.bm25.idf.max()) if len(self.bm25.idf) else 1.0

    def term_idf(self, term: str) -> float | None:
        column = self.bm25.term_ids.get(term)
        return None if column is None else float(self.bm25.idf[column])


def whole(store, languages: tuple[str, ...] | None = None) -> Scope:
    """Every passage of ``store``; ``languages`` spares a pass over them when the caller has read them."""
    rows = np.arange(len(store.passages), dtype=np.int64)
    return Scope(rows, store.languages if languages is None else languages, store.bm25, store.lexicon, whole=True)


def restrict(store, rows: np.ndarray, encoder) -> Scope:
    """The scope of ``rows``: the stored indexes when they are every passage, else restricted copies."""
    rows = arrays.unique(np.asarray(rows, dtype=np.int64))
    if len(rows) == len(store.passages):
        return whole(store)
    languages = tuple(sorted({store.passages[r].doc.language for r in rows}))
    bm25 = store.bm25.restricted(rows)
    return Scope(rows, languages, bm25, _lexicon(store, rows, bm25, encoder), whole=False)


def _lexicon(store, rows: np.ndarray, bm25: BM25, encoder) -> Lexicon:
    """``_lexicon_read``'s lexicon (terms, words, vectors, row order) without reading every passage of the
    scope: the first question at 1M passages spent 439 s there (scale.md). A library term whose postings
    all lie in ``rows`` has every occurrence in the scope, so when the library's words are each term's most
    frequent over all its text (``Lexicon.most_frequent``) the scope's word is the library's, so is its
    vector, and the library's order (first occurrences) is the scope's. Only the terms shared with passages
    outside (Latin words in Arabic text, ...) are read again, in the scope's passages that hold them."""
    library = store.lexicon
    if not library.most_frequent:  # a merge of documents' choices (``index.pieces``): read the text
        return _lexicon_read(store, [store.passages[r] for r in rows], encoder)
    column = np.fromiter((bm25.term_ids.get(t, -1) for t in library.terms), dtype=np.int64, count=len(library))
    present = column >= 0
    inside = present & bm25.whole_columns()[np.maximum(column, 0)]
    reader = _Reader(store)
    shared = {library.terms[i]: int(i) for i in np.flatnonzero(present & ~inside)}
    rows_of_shared = [bm25.postings(int(column[i]))[0] for i in shared.values()]
    forms: dict[int, Counter] = {}
    for row in arrays.unique(np.concatenate(rows_of_shared).astype(np.int64)) if rows_of_shared else ():
        for word, term in reader.words(int(row), remember=False):
            if term in shared and is_word(word):
                forms.setdefault(shared[term], Counter())[word] += 1
    # A shared term's word in the scope (none: only shorter or non-letter forms there); ties: the first seen.
    chosen = {i: counts.most_common(1)[0][0] for i, counts in forms.items()}
    keep = _in_scope_order(np.flatnonzero(inside).tolist(), sorted(chosen), lambda i: reader.first(library.terms[i], bm25.postings(int(column[i]))[0]))
    words = [chosen.get(i, library.words[i]) for i in keep]
    missing = [word for i, word in zip(keep, words) if word != library.words[i]]
    fresh = dict(zip(missing, encoder.encode_queries(missing))) if missing else {}
    vectors = library.vectors[keep] if keep else np.zeros((0, library.vectors.shape[1] if library.vectors.ndim == 2 else 1), np.float32)
    for n, (i, word) in enumerate(zip(keep, words)):
        if word != library.words[i]:
            vectors[n] = fresh[word]
    return Lexicon([library.terms[i] for i in keep], words, vectors, most_frequent=True)


def _in_scope_order(inside: list[int], shared: list[int], first) -> list[int]:
    """Lexicon rows ``inside`` (already in the scope's order of first occurrence, as the library's) with the
    rows ``shared`` put in place by ``first(row)``, the ``(passage row, word position)`` of the row's term's
    first occurrence in the scope: a binary search over ``inside`` reads a few passages per shared term."""
    slots = []
    for s in shared:
        key, lo, hi = first(s), 0, len(inside)
        while lo < hi:
            mid = (lo + hi) // 2
            if first(inside[mid]) < key:
                lo = mid + 1
            else:
                hi = mid
        slots.append((lo, key, s))
    out, at = [], 0
    for lo, _, s in sorted(slots):
        out += inside[at:lo] + [s]
        at = lo
    return out + inside[at:]


class _Reader:
    """The search words of a store's passages, read on demand (each once)."""

    def __init__(self, store):
        self.store = store
        self._words: dict[int, list[tuple[str, str]]] = {}

    def words(self, row: int, remember: bool = True) -> list[tuple[str, str]]:
        """``remember``: keep them for the next call (the few passages ``first`` reads again)."""
        found = self._words.get(row)
        if found is None:
            from index.store import lexical_texts

            passage = self.store.passages[row]
            text = lexical_texts([passage], self.store.manifest.config)[0]
            found = arabic.search_words(text, self.store.stemming, passage.doc.language)
            if remember:
                self._words[row] = found
        return found

    def first(self, term: str, rows) -> tuple[int, int]:
        """The ``(row, position)`` of ``term``'s first occurrence as a lexicon word among ``rows`` (ascending)."""
        for row in rows:
            for position, (word, found) in enumerate(self.words(int(row))):
                if found == term and is_word(word):
                    return int(row), position
        raise ValueError(f"{term!r} has no lexicon word in its passages")


def _lexicon_read(store, passages, encoder) -> Lexicon:
    """The lexicon ``Store.build`` would give ``passages``: their terms, each with its most frequent word
    among them. A term shared with other documents may have another word in the library's lexicon
    (the most frequent in all of them): only those words are embedded (a few; none for one language
    of a library), the other vectors are the library's. The reference ``_lexicon`` is checked against."""
    from index.store import lexical_texts

    pairs = vocabulary(lexical_texts(passages, store.manifest.config), store.stemming, [p.doc.language for p in passages])
    library = store.lexicon
    row_of = {(term, word): i for i, (term, word) in enumerate(zip(library.terms, library.words))}
    missing = [word for term, word in pairs if (term, word) not in row_of]
    fresh = dict(zip(missing, encoder.encode_queries(missing))) if missing else {}
    vectors = [library.vectors[row_of[(t, w)]] if (t, w) in row_of else fresh[w] for t, w in pairs]
    dimension = library.vectors.shape[1] if library.vectors.ndim == 2 else 1
    return Lexicon([t for t, _ in pairs], [w for _, w in pairs], np.stack(vectors) if vectors else np.zeros((0, dimension), np.float32))


def scopes(store, docs: frozenset[str] | None, by_language: bool, encoder) -> tuple[Scope, ...]:
    """The scopes a search within ``docs`` (``None``: every document) runs in: one, or one per language."""
    doc_of_row = [p.doc.id for p in store.passages]
    rows = np.arange(len(doc_of_row), dtype=np.int64) if docs is None else np.flatnonzero(np.isin(doc_of_row, sorted(docs)))
    if not by_language:
        return (restrict(store, rows, encoder),)
    language = np.array([store.passages[r].doc.language for r in rows])
    groups = [restrict(store, rows[language == lang], encoder) for lang in sorted(set(language.tolist()))]
    if any(_degenerate(g.bm25) for g in groups):
        # A language with too few passages for statistics of its own (one passage puts every term in
        # all of them: every idf negative, so a passage matching the question would score below one
        # that does not) is ranked by the BM25 of every language searched together.
        together = store.bm25 if len(rows) == len(store.passages) else store.bm25.restricted(rows)
        groups = [replace(g, bm25=together) if _degenerate(g.bm25) else g for g in groups]
    return tuple(groups)


def _degenerate(bm25: BM25) -> bool:
    return len(bm25.idf) == 0 or float(bm25.idf.mean()) <= 0


def own_language_shifted(values: np.ndarray, groups: tuple[Scope, ...], language: str, bonus: float) -> np.ndarray:
    """``values`` (one per row; NaN outside ``groups``) with ``bonus`` taken off the rows of every group
    in ``language``, the question's: the encoder's same-language bonus, so passages of every language
    compete on what they say.

    >>> rows = lambda *r: Scope(np.array(r), ("en",) if r[0] else ("ar",), None, None, False)
    >>> own_language_shifted(np.array([0.80, 0.70, 0.84, 0.83]), (rows(0, 1), rows(2, 3)), "en", 0.05).round(2).tolist()
    [0.8, 0.7, 0.79, 0.78]
    """
    out = np.full(len(values), np.nan)
    for group in groups:
        out[group.rows] = values[group.rows] - (bonus if language in group.languages else 0.0)
    return out


__all__ = ["Scope", "own_language_shifted", "restrict", "scopes", "whole"]
