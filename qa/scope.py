"""Where a search looks: the passages of some documents, one language at a time.

A ``Scope`` is a set of passages with the statistics an index of those passages alone
would have: BM25's vocabulary, idf and average length (``BM25.restricted``), hence the
query's lexical evidence and the words the cross-lingual bridge maps, and the bridge's
vocabulary (the lexicon's terms the scope has). ``Retriever`` normalizes every score
within its scope, so a search restricted to one document ranks as that document's own
index does, whatever else the library holds.

A library in several languages is searched one language at a time (``scopes``,
``by_language``): a multilingual encoder gives a question a higher cosine with every
passage of its own language, relevant or not, and BM25 matches a question's words in its
own language only, so without it an English question over an Arabic report and English
articles ranks the articles' unrelated passages first (report_test, English questions,
hybrid MRR@10 0.804 alone, 0.447 in a library of 26 documents). ``calibrate`` puts the
groups' dense scores on one scale before they are pooled.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np

from index.bm25 import BM25
from index.lexicon import Lexicon


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


def whole(store) -> Scope:
    rows = np.arange(len(store.passages), dtype=np.int64)
    return Scope(rows, store.languages, store.bm25, store.lexicon, whole=True)


def restrict(store, rows: np.ndarray) -> Scope:
    """The scope of ``rows``: the stored indexes when they are every passage, else restricted copies."""
    rows = np.unique(np.asarray(rows, dtype=np.int64))
    if len(rows) == len(store.passages):
        return whole(store)
    bm25 = store.bm25.restricted(rows)
    lexicon = store.lexicon
    keep = [i for i, term in enumerate(lexicon.terms) if term in bm25.term_ids]
    sub = Lexicon([lexicon.terms[i] for i in keep], [lexicon.words[i] for i in keep], lexicon.vectors[keep])
    languages = tuple(sorted({store.passages[r].doc.language for r in rows}))
    return Scope(rows, languages, bm25, sub, whole=False)


def scopes(store, docs: frozenset[str] | None, by_language: bool) -> tuple[Scope, ...]:
    """The scopes a search within ``docs`` (``None``: every document) runs in: one, or one per language."""
    doc_of_row = [p.doc.id for p in store.passages]
    rows = np.arange(len(doc_of_row), dtype=np.int64) if docs is None else np.flatnonzero(np.isin(doc_of_row, sorted(docs)))
    if not by_language:
        return (restrict(store, rows),)
    language = np.array([store.passages[r].doc.language for r in rows])
    return tuple(restrict(store, rows[language == lang]) for lang in sorted(set(language.tolist())))


def calibrate(values: np.ndarray, groups: list[np.ndarray], min_rows: int) -> np.ndarray:
    """``values`` (one per row) standardized within each group of rows: minus the group's median,
    over its standard deviation; a group of fewer than ``min_rows`` rows (too few for either) is
    standardized with the statistics of all the groups' rows together. Rows in no group are NaN.

    >>> calibrate(np.array([1.0, 2.0, 3.0, 10.0, 20.0, 30.0]), [np.arange(3), np.arange(3, 6)], 2).round(3).tolist()
    [-1.225, 0.0, 1.225, -1.225, 0.0, 1.225]
    """
    out = np.full(len(values), np.nan)
    pooled = np.concatenate(groups)
    for rows in groups:
        basis = values[rows] if len(rows) >= min_rows else values[pooled]
        scale = float(np.std(basis))
        out[rows] = (values[rows] - float(np.median(basis))) / (scale if scale > 0 else 1.0)
    return out


__all__ = ["Scope", "calibrate", "restrict", "scopes", "whole"]
