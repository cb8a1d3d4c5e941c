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

from dataclasses import dataclass, replace
from functools import cached_property

import numpy as np

from index import arrays
from index.bm25 import BM25
from index.lexicon import Lexicon, vocabulary


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
    passages = [store.passages[r] for r in rows]
    return Scope(rows, tuple(sorted({p.doc.language for p in passages})), store.bm25.restricted(rows), _lexicon(store, passages, encoder), whole=False)


def _lexicon(store, passages, encoder) -> Lexicon:
    """The lexicon ``Store.build`` would give ``passages``: their terms, each with its most frequent word
    among them. A term shared with other documents may have another word in the library's lexicon
    (the most frequent in all of them): only those words are embedded (a few; none for one language
    of a library), the other vectors are the library's."""
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
