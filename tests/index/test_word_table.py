"""The bridge's table of common words (index.word_table): its words, its rows, its place in the index."""

import json

import numpy as np
import pytest

from index import arabic, lexicon
from index.build import ensure_index
from index.common import sha256_file
from index.store import MANIFEST, IndexConfig, Source, Store, fingerprint
from index.word_table import FILES, WordTable, common_words

SIZES = (("en", 300), ("ar", 200))


@pytest.fixture()
def docs(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("حثت الجمعية العامة الدول على التصديق.\n\nصدقت فيجي على البروتوكول.\n", encoding="utf-8")
    return path


def config_for(encoder, sizes=SIZES):
    return IndexConfig(encoder=IndexConfig.for_model(encoder.name).encoder, word_table=sizes)


def test_common_words_are_the_words_the_bridge_embeds():
    words = common_words(SIZES)
    assert len(words) == len(set(words)) > 300
    assert "people" in words and "العالم" in words
    for word in words:  # each as arabic.search_words leaves it (normalized, not a stop word), bridgeable
        assert [w for w, _ in arabic.search_words(word)] == [word] and lexicon.is_word(word)
    assert "the" not in words and "في" not in words  # stop words and short words are never bridged


def test_each_row_is_the_encoders_vector_of_its_word(hashing_encoder):
    table = WordTable.build(hashing_encoder, common_words(SIZES))
    words = table.words[:50] + table.words[-50:]
    expected = np.stack([hashing_encoder.encode_queries([w])[0] for w in words])  # one word at a time
    np.testing.assert_array_equal(np.stack(list(table.found(words).values())), expected)
    assert table.found(["zzqx", words[0]]).keys() == {words[0]}


def test_a_table_round_trips_exactly(hashing_encoder, tmp_path):
    table = WordTable.build(hashing_encoder, ["victims", "البلدان", "protocol"])
    table.save(tmp_path)
    loaded = WordTable.load(tmp_path)
    assert loaded.words == table.words
    np.testing.assert_array_equal(loaded.vectors, table.vectors)  # float32: a looked-up vector is the encoder's


def test_a_repeated_word_is_refused():
    with pytest.raises(ValueError, match="twice"):
        WordTable(["a", "a"], np.zeros((2, 4), dtype=np.float32))


def test_the_index_holds_and_checks_its_table(docs, tmp_path, hashing_encoder):
    built = ensure_index([docs], tmp_path / "idx", config_for(hashing_encoder), encoder=hashing_encoder)
    manifest = json.loads((built.directory / MANIFEST).read_text())
    assert set(FILES) <= set(manifest["files"])
    assert manifest["config"]["word_table"] == [list(s) for s in SIZES]
    loaded = Store.load(built.directory)
    assert loaded.word_table.words == common_words(SIZES)
    np.testing.assert_array_equal(loaded.word_table.vectors, built.store.word_table.vectors)


def test_without_a_table_the_index_has_no_word_files(docs, tmp_path, hashing_encoder):
    built = ensure_index([docs], tmp_path / "idx", config_for(hashing_encoder, ()), encoder=hashing_encoder)
    assert not any((built.directory / name).exists() for name in FILES)
    assert len(Store.load(built.directory).word_table) == 0


def test_the_table_is_not_part_of_the_fingerprint(hashing_encoder):
    # A library keys its documents' pieces by this fingerprint: a new table must not re-embed them.
    sources = (Source("", "doc", "0" * 64),)
    assert fingerprint(sources, config_for(hashing_encoder)) == fingerprint(sources, config_for(hashing_encoder, ()))


def test_an_index_from_before_the_table_loads_then_gains_it_in_place(docs, tmp_path, hashing_encoder):
    built = ensure_index([docs], tmp_path / "idx", config_for(hashing_encoder, ()), encoder=hashing_encoder)
    path = built.directory / MANIFEST
    old = json.loads(path.read_text())
    del old["config"]["word_table"]  # as an older Sanad wrote it
    path.write_text(json.dumps(old))
    assert len(Store.load(built.directory).word_table) == 0  # loads cleanly, without a table
    dense_before = (built.directory / "dense.faiss").read_bytes()
    again = ensure_index([docs], built.directory, config_for(hashing_encoder), encoder=hashing_encoder)
    assert again.built and again.store.word_table.words == common_words(SIZES)
    assert (built.directory / "dense.faiss").read_bytes() == dense_before  # nothing else embedded again
    assert not ensure_index([docs], built.directory, config_for(hashing_encoder), encoder=hashing_encoder).built


def test_a_missing_table_file_leaves_the_table_out_and_ensure_index_restores_it(docs, tmp_path, hashing_encoder):
    # A table is an accelerator: without it a search ranks the same (tests/qa/test_word_table_search.py).
    built = ensure_index([docs], tmp_path / "idx", config_for(hashing_encoder), encoder=hashing_encoder)
    dense_before = (built.directory / "dense.faiss").read_bytes()
    (built.directory / "words.npy").unlink()
    loaded = Store.load(built.directory)
    assert len(loaded.word_table) == 0 and len(loaded.passages) == len(built.store.passages)
    assert loaded.lacks_word_table(config_for(hashing_encoder))
    again = ensure_index([docs], built.directory, config_for(hashing_encoder), encoder=hashing_encoder)
    assert again.built and len(Store.load(built.directory).word_table) == len(built.store.word_table)
    assert (built.directory / "dense.faiss").read_bytes() == dense_before  # only the table was added back


@pytest.mark.parametrize("damage", ["truncated", "flipped", "words", "width"])
def test_a_damaged_table_is_left_out_never_trusted(docs, tmp_path, hashing_encoder, damage):
    built = ensure_index([docs], tmp_path / "idx", config_for(hashing_encoder), encoder=hashing_encoder)
    vectors, words = built.directory / "words.npy", built.directory / "words.json"
    data = vectors.read_bytes()
    vectors.unlink()  # new files: damage must never reach a file linked from elsewhere
    vectors.write_bytes(data)
    if damage == "truncated":
        vectors.write_bytes(data[: len(data) // 2])
    elif damage == "flipped":
        vectors.write_bytes(data[:-1] + bytes([data[-1] ^ 1]))
    elif damage == "words":
        words.unlink()
        words.write_text('["victims"]')
    else:  # checksums that match, rows of another width: never written by Sanad, refused all the same
        np.save(vectors, np.ones((len(built.store.word_table), 8), dtype=np.float32))
        manifest = json.loads((built.directory / MANIFEST).read_text())
        manifest["files"]["words.npy"] = {"bytes": vectors.stat().st_size, "sha256": sha256_file(vectors)}
        (built.directory / MANIFEST).write_text(json.dumps(manifest))
    assert len(Store.load(built.directory).word_table) == 0
    assert Store.reusable_word_table(built.directory, config_for(hashing_encoder)) is None


@pytest.mark.slow
def test_the_real_tables_rows_are_the_real_encoders_vectors(real_assistant):
    table = real_assistant.store.word_table
    assert len(table) > 20_000
    words = ["countries", "protocol", "trafficking", "women", "البلدان", "الضحايا", "which"]
    words = [w for w in words if w in table]
    assert len(words) >= 5
    alone = np.stack([real_assistant.encoder.encode_queries([w])[0] for w in words])
    np.testing.assert_allclose(np.stack([table.found([w])[w] for w in words]), alone, atol=1e-6)


class _Counting:
    """The hashing encoder, counting the texts it embeds as queries."""

    def __init__(self, encoder):
        self.encoder, self.queries = encoder, 0
        self.name, self.dimension = encoder.name, encoder.dimension

    def encode_queries(self, texts):
        self.queries += len(texts)
        return self.encoder.encode_queries(texts)

    def encode_passages(self, texts, show_progress=False):
        return self.encoder.encode_passages(texts, show_progress)


def test_a_rebuild_takes_the_table_of_the_index_it_replaces(docs, tmp_path, hashing_encoder):
    first = ensure_index([docs], tmp_path / "idx", config_for(hashing_encoder), encoder=_Counting(hashing_encoder))
    docs.write_text(docs.read_text(encoding="utf-8") + "\nيقدم الصندوق المساعدة.\n", encoding="utf-8")
    counting = _Counting(hashing_encoder)
    again = ensure_index([docs], first.directory, config_for(hashing_encoder), encoder=counting)
    assert again.built and counting.queries < len(again.store.word_table)  # the lexicon's words only
    np.testing.assert_array_equal(Store.load(first.directory).word_table.vectors, first.store.word_table.vectors)
    other = (("en", 400),)  # other words: embedded anew
    assert Store.reusable_word_table(first.directory, config_for(hashing_encoder, other)) is None
    (first.directory / "words.json").write_text("[]")  # damaged: embedded anew, never trusted
    assert Store.reusable_word_table(first.directory, config_for(hashing_encoder)) is None
