"""One document's embedded pieces, kept on disk, and a searchable ``Store`` assembled from them.

A library (``index.library``) changes one document at a time. What the encoder
makes of a document (its windows and sub-item vectors, its sentence vectors,
the vectors of its lexicon words) depends on that document alone, so it is
computed once and kept in a directory of its own, keyed by the document's
bytes and the index config (``piece_key``). ``assemble`` then builds the
searchable store from the pieces without calling the encoder: BM25, whose idf
is global, is indexed again from the passages' text (tokenizing a report takes
milliseconds, embedding it a minute), and the FAISS indexes are filled with
the kept vectors.

Layout of a piece directory (written to a temporary sibling and renamed)::

    piece.json          format, key, document id, counts, dimension, file checksums
    passages.jsonl      the document's passages (``Passage.to_json``)
    windows.npy         float32 rows: every passage's windows, then its sub-items (``piece_vectors``)
    windows_owner.npy   int32, the passage (row in passages.jsonl) of each window row
    sentences.npy       float32 rows, one per window of each sentence
    sentences_owner.npy int32 passage rows; sentence_spans.npy int32 [n, 2] offsets in its text
    lexicon.npy         float16 unit rows, one per term; lexicon_terms.json [[term, word, count], ...]
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from index import arabic, dense, lexicon
from index.common import IndexFileError, sha256_file
from index.compose import SectionText, item_texts
from index.passage import Passage
from index.sentences import split_sentences
from index.store import (
    Counts,
    IndexConfig,
    Source,
    Store,
    bm25_index,
    fingerprint,
    lexical_texts,
    new_manifest,
    piece_vectors,
    sentence_vectors,
)

log = logging.getLogger(__name__)

FORMAT = "sanad-piece"
FORMAT_VERSION = 1
META = "piece.json"
PASSAGES = "passages.jsonl"
_ARRAYS = ("windows.npy", "windows_owner.npy", "sentences.npy", "sentences_owner.npy", "sentence_spans.npy", "lexicon.npy")
_TERMS = "lexicon_terms.json"
FILES = (PASSAGES, *_ARRAYS, _TERMS)


PROGRESS_CHUNK = 32  # texts per encoder call when a progress bar is fed (one ONNX batch)


def _texts_to_embed(passages: list[Passage], config: IndexConfig) -> int:
    """How many texts ``piece_vectors`` and ``sentence_vectors`` hand the encoder for ``passages``."""
    section = SectionText(config.embedded_section)
    items = sum(len(item_texts(p, section)) for p in passages) if config.item_vectors else 0
    return len(passages) + items + sum(len(split_sentences(p.text)) for p in passages)


class Ticking:
    """``encoder`` called ``PROGRESS_CHUNK`` texts at a time, telling ``progress`` the share of
    ``total`` texts done after each call. The vectors are those of one call: ONNX batches by 32 in
    order of length either way (the report's first 70 passages: identical, measured), and
    ``tests/index/test_library.py`` compares a piece embedded both ways."""

    def __init__(self, encoder, total: int, progress: Callable[[float], None]):
        self.encoder, self.total, self.progress, self.done = encoder, max(total, 1), progress, 0

    def __getattr__(self, name):
        return getattr(self.encoder, name)

    def _tick(self, count: int) -> None:
        self.done += count
        self.progress(min(self.done / self.total, 1.0))

    def encode_passages(self, texts: list[str], **options):
        if not texts:
            return self.encoder.encode_passages(texts, **options)
        vectors, owners = [], []
        for start in range(0, len(texts), PROGRESS_CHUNK):
            chunk = texts[start : start + PROGRESS_CHUNK]
            rows, owner = self.encoder.encode_passages(chunk, **{**options, "show_progress": False})
            vectors.append(np.asarray(rows))
            owners.append(np.asarray(owner) + start)
            self._tick(len(chunk))
        return np.concatenate(vectors), np.concatenate(owners)

    def encode_queries(self, texts: list[str]):
        if not texts:
            return self.encoder.encode_queries(texts)
        out = []
        for start in range(0, len(texts), PROGRESS_CHUNK):
            chunk = texts[start : start + PROGRESS_CHUNK]
            out.append(np.asarray(self.encoder.encode_queries(chunk)))
            self._tick(len(chunk))
        return np.concatenate(out)


def piece_key(doc_id: str, sha256: str, config: IndexConfig) -> str:
    """The directory name of a document's piece: the index fingerprint of that document alone,
    so anything that would rebuild an index (its bytes, id, model, windows, parser, config) makes a new one."""
    return fingerprint((Source("", doc_id, sha256),), config.resolved())


@dataclass(frozen=True, eq=False)
class Piece:
    """One document's passages and every vector the index keeps for them (rows local to the document)."""

    key: str
    passages: tuple[Passage, ...]
    windows: np.ndarray
    windows_owner: np.ndarray
    items: int  # of ``windows``: the sub-item rows (after the window rows)
    sentences: np.ndarray
    sentences_owner: np.ndarray
    sentence_spans: np.ndarray
    terms: tuple[tuple[str, str, int], ...]  # (term, word, count), one per row of ``lexicon``
    lexicon: np.ndarray

    @property
    def doc_id(self) -> str:
        return self.passages[0].doc.id

    @classmethod
    def embed(
        cls, key: str, passages: list[Passage], encoder, config: IndexConfig, show_progress: bool = False, progress: Callable[[float], None] | None = None
    ) -> Piece:
        """Call the encoder on one document: its windows and sub-items, its sentences, its lexicon words.

        ``progress(share)`` is told the share of the document's texts embedded so far, after every
        call of ``PROGRESS_CHUNK`` texts (a progress bar's steps; without it the encoder gets each
        kind of text in one call).
        """
        if not passages or len({p.doc.id for p in passages}) != 1:
            raise IndexFileError("a piece holds the passages of exactly one document")
        stemming = arabic.Stemming(config.stemming)
        terms = lexicon.vocabulary_counts(lexical_texts(passages, config), stemming, [p.doc.language for p in passages])
        if progress is not None:
            encoder = Ticking(encoder, _texts_to_embed(passages, config) + len(terms), progress)
        vectors, owner, window_rows = piece_vectors(passages, encoder, config, show_progress)
        sentences, sentences_owner, spans = sentence_vectors(passages, encoder, config, show_progress)
        words = [word for _, word, _ in terms]
        word_vectors = encoder.encode_queries(words) if words else np.zeros((0, vectors.shape[1]), dtype=np.float32)
        return cls(
            key, tuple(passages), np.asarray(vectors, np.float32), np.asarray(owner, np.int32), int(len(owner) - window_rows),
            np.asarray(sentences, np.float32), sentences_owner, spans, tuple(terms),
            np.asarray(word_vectors, dtype=np.float16),
        )

    @classmethod
    def from_store(cls, key: str, store: Store, config: IndexConfig) -> Piece | None:
        """The piece of a one-document ``store`` built with ``config`` (the default index of the bundled
        report), read back from its FAISS indexes instead of embedded again; ``None`` if it cannot be."""
        # Configs compared as the fingerprint sees them (what changes the vectors, not how they are computed).
        if store.manifest.counts.documents != 1 or fingerprint((), store.manifest.config) != fingerprint((), config):
            return None
        if dense.DenseKind(config.dense_kind) is not dense.DenseKind.FLAT:
            return None  # an HNSW graph keeps its vectors too, but only the flat index is read back here
        terms = lexicon.vocabulary_counts(lexical_texts(list(store.passages), config), config.stemming, [p.doc.language for p in store.passages])
        if [(t, w) for t, w, _ in terms] != list(zip(store.lexicon.terms, store.lexicon.words)):
            return None
        rows = lambda index: index.faiss_index.reconstruct_n(0, index.faiss_index.ntotal)  # noqa: E731
        return cls(
            key, tuple(store.passages), rows(store.dense), store.dense.owner.copy(), store.manifest.counts.item_vectors,
            rows(store.sentences), store.sentences.owner.copy(), store.sentence_spans.copy(), tuple(terms),
            store.lexicon.vectors.astype(np.float16),
        )

    def save(self, directory: Path) -> Path:
        """Write into a temporary sibling and rename it to ``directory``; an existing piece of the same key is kept."""
        directory = Path(directory)
        directory.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{directory.name}.", dir=directory.parent))
        try:
            with open(staging / PASSAGES, "w", encoding="utf-8") as handle:
                for passage in self.passages:
                    handle.write(json.dumps(passage.to_json(), ensure_ascii=False) + "\n")
            arrays = (self.windows, self.windows_owner, self.sentences, self.sentences_owner, self.sentence_spans, self.lexicon)
            for name, array in zip(_ARRAYS, arrays):
                np.save(staging / name, array, allow_pickle=False)
            (staging / _TERMS).write_text(json.dumps([list(t) for t in self.terms], ensure_ascii=False), encoding="utf-8")
            meta = {
                "format": FORMAT, "format_version": FORMAT_VERSION, "key": self.key, "doc": self.doc_id,
                "passages": len(self.passages), "items": self.items,
                "files": {name: sha256_file(staging / name) for name in FILES},
            }  # fmt: skip
            (staging / META).write_text(json.dumps(meta, ensure_ascii=False, indent=2), encoding="utf-8")
            try:
                os.rename(staging, directory)
            except OSError:  # another process wrote the same piece first: the same content, keep it
                if not (directory / META).exists():
                    raise
                shutil.rmtree(staging, ignore_errors=True)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        return directory

    @classmethod
    def load(cls, directory: Path) -> Piece:
        """A saved piece, every file checked against ``piece.json``; ``IndexFileError`` names what is wrong."""
        directory = Path(directory)
        try:
            meta = json.loads((directory / META).read_text(encoding="utf-8"))
            if meta.get("format") != FORMAT or meta.get("format_version") != FORMAT_VERSION:
                raise ValueError(f"not a {FORMAT} {FORMAT_VERSION}")
            for name in FILES:
                if sha256_file(directory / name) != meta["files"][name]:
                    raise ValueError(f"{name} does not match its checksum")
            with open(directory / PASSAGES, encoding="utf-8") as handle:
                passages = tuple(Passage.from_json(json.loads(line)) for line in handle)
            arrays = [np.load(directory / name, allow_pickle=False) for name in _ARRAYS]
            terms = tuple((str(t), str(w), int(c)) for t, w, c in json.loads((directory / _TERMS).read_text(encoding="utf-8")))
            piece = cls(meta["key"], passages, arrays[0], arrays[1], int(meta["items"]), arrays[2], arrays[3], arrays[4], terms, arrays[5])
            piece.check()
        except (OSError, KeyError, TypeError, ValueError) as exc:
            raise IndexFileError(f"{directory} cannot be used ({exc}); it will be embedded again") from None
        return piece

    def check(self) -> None:
        """Raise ``ValueError`` unless the arrays agree with each other and with the passages."""
        n = len(self.passages)
        if not n or len({p.doc.id for p in self.passages}) != 1:
            raise ValueError("a piece holds the passages of exactly one document")
        for vectors, owner in ((self.windows, self.windows_owner), (self.sentences, self.sentences_owner)):
            if vectors.ndim != 2 or len(vectors) != len(owner) or (len(owner) and (owner.min() < 0 or owner.max() >= n)):
                raise ValueError("vectors and their owners do not agree")
        if self.sentence_spans.shape != (len(self.sentences), 2):
            raise ValueError("sentence spans do not match the sentence vectors")
        if len(self.terms) != len(self.lexicon) or not 0 <= self.items <= len(self.windows):
            raise ValueError("lexicon terms and vectors do not agree")


def merge_lexicons(pieces: list[Piece]) -> lexicon.Lexicon:
    """One lexicon over several documents, no encoder call: each term keeps the word that is its most
    frequent one in the most documents' counts (``Lexicon.build`` over the whole text chooses among every
    form; here among each document's own choice, which is the same for one document)."""
    chosen: dict[str, dict[str, list]] = {}  # term -> word -> [total count, vector]
    for piece in pieces:
        for (term, word, count), vector in zip(piece.terms, piece.lexicon):
            entry = chosen.setdefault(term, {}).setdefault(word, [0, vector])
            entry[0] += count
    terms, words, vectors = [], [], []
    for term, forms in chosen.items():
        word, (_, vector) = max(forms.items(), key=lambda item: item[1][0])  # ties: the first document's
        terms.append(term)
        words.append(word)
        vectors.append(vector)
    dimension = pieces[0].windows.shape[1]
    return lexicon.Lexicon(terms, words, np.stack(vectors) if vectors else np.zeros((0, dimension), dtype=np.float32))


def assemble(pieces: list[Piece], config: IndexConfig, sources: tuple[Source, ...]) -> Store:
    """The searchable ``Store`` of these documents, in this order, from their pieces alone (no encoder)."""
    if not pieces:
        raise IndexFileError("nothing to index: no documents")
    config = config.resolved()
    passages = [p for piece in pieces for p in piece.passages]
    offsets = np.cumsum([0] + [len(piece.passages) for piece in pieces[:-1]])
    lexical = bm25_index(lexical_texts(passages, config), config, [p.doc.language for p in passages])  # the idf is the whole library's
    kind = dense.DenseKind(config.dense_kind)

    def joined(vectors: str, owner: str) -> dense.DenseIndex:
        rows = np.concatenate([getattr(piece, vectors) for piece in pieces])
        owners = np.concatenate([getattr(piece, owner) + offset for piece, offset in zip(pieces, offsets)]).astype(np.int32)
        return dense.DenseIndex.build(rows, owners, len(passages), kind)

    dense_index = joined("windows", "windows_owner")
    sentence_index = joined("sentences", "sentences_owner")
    spans = np.concatenate([piece.sentence_spans for piece in pieces]).astype(np.int32).reshape(-1, 2)
    term_lexicon = merge_lexicons(pieces)
    counts = Counts(
        passages=len(passages),
        documents=len(pieces),
        windows=int(dense_index.faiss_index.ntotal),
        item_vectors=sum(piece.items for piece in pieces),
        sentences=sum(len({(int(o), int(a), int(b)) for o, (a, b) in zip(piece.sentences_owner, piece.sentence_spans)}) for piece in pieces),
        terms=len(lexical.vocab),
        lexicon_terms=len(term_lexicon),
    )
    manifest = new_manifest(config, tuple(sources), int(pieces[0].windows.shape[1]), counts)
    return Store(passages, lexical, dense_index, manifest, sentence_index, spans, term_lexicon)


__all__ = ["Piece", "assemble", "merge_lexicons", "piece_key"]
