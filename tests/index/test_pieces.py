"""Pieces and their assembly: the store assembled from per-document pieces against ``Store.build`` on the same text."""

import numpy as np
import pytest

from index.common import IndexFileError
from index.documents import parse_plain
from index.pieces import Piece, assemble, piece_key
from index.store import IndexConfig, Store

A = "حثت الجمعية العامة الدول على التصديق.\n\nصدقت فيجي على البروتوكول في أيلول/سبتمبر.\n\n## التوصيات\n\nيوصى بتعزيز التعاون."
B = "The fund helps victims of trafficking.\n\nVictims received assistance in 2018. The fund grew."
C = "# Notes\n\nJapan ratified the protocol.\n\nالضحايا يتلقون المساعدة."


def _docs():
    return [parse_plain(text, name, name.upper()) for name, text in (("a", A), ("b", B), ("c", C))]


@pytest.fixture(scope="module")
def config(hashing_encoder):
    return IndexConfig.for_model(hashing_encoder.name)


def _pieces(docs, encoder, config):
    return [Piece.embed(piece_key(d[0].doc.id, d[0].doc.id, config), d, encoder, config) for d in docs]


def _all_rows(index):
    return index.faiss_index.reconstruct_n(0, index.faiss_index.ntotal)


def test_one_document_assembles_into_exactly_what_build_makes(hashing_encoder, config):
    doc = _docs()[0]
    built = Store.build(doc, hashing_encoder, config)
    assembled = assemble(_pieces([doc], hashing_encoder, config), config, ())
    assert [p.to_json() for p in assembled.passages] == [p.to_json() for p in built.passages]
    for name in ("idf", "doc_len", "indptr", "docs", "tf"):
        np.testing.assert_array_equal(getattr(assembled.bm25, name), getattr(built.bm25, name))
    assert assembled.bm25.vocab == built.bm25.vocab
    for index in ("dense", "sentences"):
        np.testing.assert_array_equal(_all_rows(getattr(assembled, index)), _all_rows(getattr(built, index)))
        np.testing.assert_array_equal(getattr(assembled, index).owner, getattr(built, index).owner)
    np.testing.assert_array_equal(assembled.sentence_spans, built.sentence_spans)
    assert (assembled.lexicon.terms, assembled.lexicon.words) == (built.lexicon.terms, built.lexicon.words)
    np.testing.assert_array_equal(assembled.lexicon.vectors, built.lexicon.vectors)
    assert assembled.manifest.counts == built.manifest.counts


def test_several_documents_score_as_one_build_over_all_of_them(hashing_encoder, config):
    docs = _docs()
    built = Store.build([p for d in docs for p in d], hashing_encoder, config)
    assembled = assemble(_pieces(docs, hashing_encoder, config), config, ())
    assert [p.id for p in assembled.passages] == [p.id for p in built.passages]
    # BM25's idf is global: the assembled index is the one built over every passage.
    for query in (["victim"], ["الضحايا", "فيجي"], ["protocol", "fund"]):
        tokens = [t for q in query for t in __import__("index.arabic", fromlist=["tokenize"]).tokenize(q, config.stemming)]
        np.testing.assert_allclose(assembled.bm25.scores(tokens), built.bm25.scores(tokens))
    vector = hashing_encoder.encode_queries(["victims of trafficking"])[0]
    np.testing.assert_allclose(assembled.dense.scores(vector), built.dense.scores(vector), rtol=1e-6)
    np.testing.assert_allclose(assembled.sentences.scores(vector), built.sentences.scores(vector), rtol=1e-6)
    assert sorted(assembled.lexicon.terms) == sorted(built.lexicon.terms)
    assert assembled.manifest.counts == built.manifest.counts


def test_a_piece_round_trips_and_a_damaged_one_is_refused(hashing_encoder, config, tmp_path):
    piece = _pieces(_docs()[:1], hashing_encoder, config)[0]
    directory = piece.save(tmp_path / piece.key)
    loaded = Piece.load(directory)
    assert loaded.passages == piece.passages and loaded.terms == piece.terms
    np.testing.assert_array_equal(loaded.windows, piece.windows)
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]
    with open(directory / "windows.npy", "r+b") as handle:
        handle.seek(-4, 2)
        handle.write(b"\0\0\0\1")
    with pytest.raises(IndexFileError, match="windows.npy does not match its checksum"):
        Piece.load(directory)


def test_the_key_covers_the_bytes_the_id_and_the_config(config):
    key = piece_key("a", "0" * 64, config)
    assert key != piece_key("b", "0" * 64, config)
    assert key != piece_key("a", "1" * 64, config)
    assert key != piece_key("a", "0" * 64, IndexConfig.for_model("another/model"))


def test_a_one_document_index_gives_back_the_piece_it_was_built_from(hashing_encoder, config):
    doc = _docs()[0]
    key = piece_key("a", "a", config)
    embedded = Piece.embed(key, doc, hashing_encoder, config)
    read_back = Piece.from_store(key, Store.build(doc, hashing_encoder, config), config)
    for name in ("windows", "windows_owner", "sentences", "sentences_owner", "sentence_spans", "lexicon"):
        np.testing.assert_array_equal(getattr(read_back, name), getattr(embedded, name))
    assert (read_back.items, read_back.terms, read_back.passages) == (embedded.items, embedded.terms, embedded.passages)
    two = Store.build([p for d in _docs()[:2] for p in d], hashing_encoder, config)
    assert Piece.from_store(key, two, config) is None  # two documents: not one piece
    hnsw = IndexConfig.for_model(hashing_encoder.name, dense_kind="hnsw")
    assert Piece.from_store(key, Store.build(doc, hashing_encoder, hnsw), hnsw) is None
