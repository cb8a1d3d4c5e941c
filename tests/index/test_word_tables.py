"""The machine's shared word tables (index.word_tables): embedded once per encoder and word list,
linked into every index, never trusted when damaged, safe under concurrent builders."""

import json
import multiprocessing
import os
import shutil

import numpy as np
import pytest

from index import word_tables
from index.build import ensure_index
from index.encoders.config import EncoderConfig
from index.library import Library
from index.store import MANIFEST, IndexConfig, Store
from index.word_table import FILES, WordTable, common_words
from qa.retriever import FusionConfig, Retriever

SIZES = (("en", 300), ("ar", 200))
MODEL = "test/hashing-encoder"


class ConfiguredEncoder:
    """The hashing encoder declaring its ``EncoderConfig``, as a loaded encoder does (so it is cached);
    it counts the texts it embeds as queries, and writes one line per call to ``log`` if given."""

    def __init__(self, encoder, log=None):
        self.encoder, self.log, self.queries = encoder, log, 0
        self.name, self.dimension = MODEL, encoder.dimension
        self.config = EncoderConfig(model=MODEL, backend="torch").resolved()

    def encode_queries(self, texts):
        self.queries += len(texts)
        if self.log is not None:
            with open(self.log, "a") as handle:
                handle.write(f"{len(texts)}\n")
        return self.encoder.encode_queries(texts)

    def encode_passages(self, texts, show_progress=False):
        return self.encoder.encode_passages(texts, show_progress)


@pytest.fixture()
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("SANAD_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


@pytest.fixture()
def docs(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("حثت الجمعية العامة الدول على التصديق.\n\nصدقت فيجي على البروتوكول.\n", encoding="utf-8")
    return path


def config(sizes=SIZES):
    return IndexConfig(encoder=EncoderConfig(model=MODEL), word_table=sizes)


def entry(home) -> "os.PathLike":
    (directory,) = [p for p in (home / "word-tables").iterdir() if not p.name.startswith(".")]
    return directory


def test_two_indexes_share_one_embedding_and_link_its_files(home, tmp_path, docs, hashing_encoder):
    first, second = ConfiguredEncoder(hashing_encoder), ConfiguredEncoder(hashing_encoder)
    a = ensure_index([docs], tmp_path / "a", config(), encoder=first)
    b = ensure_index([docs], tmp_path / "b", config(), encoder=second)
    words = common_words(SIZES)
    assert first.queries >= len(words) and second.queries < len(words)  # the second: its lexicon only
    cached = entry(home)
    for name in FILES:  # one file on disk, three names
        assert os.stat(a.directory / name).st_ino == os.stat(b.directory / name).st_ino == os.stat(cached / name).st_ino
    loaded = Store.load(b.directory)
    assert loaded.word_table.words == words
    reference = WordTable.build(hashing_encoder, words)  # the slow twin: every word embedded here
    np.testing.assert_array_equal(loaded.word_table.vectors, reference.vectors)
    record = json.loads((cached / word_tables.RECORD).read_text())
    manifest = json.loads((b.directory / MANIFEST).read_text())
    assert {n: manifest["files"][n]["sha256"] for n in FILES} == {n: record["files"][n]["sha256"] for n in FILES}


def test_a_copy_where_a_link_fails(home, tmp_path, docs, hashing_encoder, monkeypatch):
    ensure_index([docs], tmp_path / "a", config(), encoder=ConfiguredEncoder(hashing_encoder))

    def refuse(source, target):
        raise OSError(18, "Invalid cross-device link")

    monkeypatch.setattr(os, "link", refuse)
    built = ensure_index([docs], tmp_path / "b", config(), encoder=ConfiguredEncoder(hashing_encoder))
    assert os.stat(built.directory / "words.npy").st_ino != os.stat(entry(home) / "words.npy").st_ino
    assert Store.load(built.directory).word_table.words == common_words(SIZES)


def test_a_stand_in_encoder_is_never_cached(home, tmp_path, docs, hashing_encoder):
    # The scale benchmark's modelled encoder carries the real model's name: its rows must not be shared.
    built = ensure_index([docs], tmp_path / "a", config(), encoder=hashing_encoder)
    assert len(built.store.word_table) and not (home / "word-tables").exists()


def test_a_moved_index_loads_and_seeds_an_empty_cache(home, tmp_path, docs, hashing_encoder, monkeypatch):
    built = ensure_index([docs], tmp_path / "a", config(), encoder=ConfiguredEncoder(hashing_encoder))
    moved = tmp_path / "elsewhere" / "a"
    shutil.copytree(built.directory, moved)  # real files, as on another machine
    monkeypatch.setenv("SANAD_HOME", str(tmp_path / "other-home"))
    assert Store.load(moved).word_table.words == common_words(SIZES)
    (moved.parent.parent / "notes.txt").write_text(docs.read_text(encoding="utf-8") + "\nيقدم الصندوق المساعدة.\n", encoding="utf-8")
    counting = ConfiguredEncoder(hashing_encoder)
    again = ensure_index([moved.parent.parent / "notes.txt"], moved, config(), encoder=counting)
    assert again.built and counting.queries < len(common_words(SIZES))  # the table came from the index
    assert entry(tmp_path / "other-home") is not None


def test_a_damaged_cache_entry_is_embedded_again_and_indexes_recover(home, tmp_path, docs, hashing_encoder):
    built = ensure_index([docs], tmp_path / "a", config(), encoder=ConfiguredEncoder(hashing_encoder))
    cached = entry(home) / "words.npy"
    os.chmod(cached, 0o644)
    with open(cached, "r+b") as handle:  # rot in place: the index's linked file is the same inode
        handle.seek(-1, os.SEEK_END)
        last = handle.read(1)
        handle.seek(-1, os.SEEK_END)
        handle.write(bytes([last[0] ^ 1]))
    assert len(Store.load(built.directory).word_table) == 0  # left out, the index still loads
    counting = ConfiguredEncoder(hashing_encoder)
    again = ensure_index([docs], built.directory, config(), encoder=counting)
    assert again.built and counting.queries >= len(common_words(SIZES))  # never trusted: embedded again
    np.testing.assert_array_equal(Store.load(built.directory).word_table.vectors, WordTable.build(hashing_encoder, common_words(SIZES)).vectors)
    assert word_tables.load(entry(home), ConfiguredEncoder(hashing_encoder).config.vector_fields(), SIZES) is not None


@pytest.mark.parametrize("damage", ["record", "words", "missing"])
def test_a_cache_entry_is_checked_before_use(home, hashing_encoder, damage):
    encoder = ConfiguredEncoder(hashing_encoder)
    fields = encoder.config.vector_fields()
    table = word_tables.for_encoder(encoder, SIZES)
    directory = table.origin[0]
    if damage == "record":
        (directory / word_tables.RECORD).write_text("{")
    elif damage == "words":
        (directory / "words.json").unlink()
        (directory / "words.json").write_text(json.dumps(table.words[::-1], ensure_ascii=False))
    else:
        (directory / "words.npy").unlink()
    assert word_tables.load(directory, fields, SIZES) is None
    assert word_tables.shared(fields, SIZES, None) is None  # nothing trusted, no encoder: no table
    again = word_tables.shared(fields, SIZES, lambda: encoder)
    np.testing.assert_array_equal(again.vectors, table.vectors)
    assert word_tables.load(directory, fields, SIZES) is not None
    other = EncoderConfig(model=MODEL, window_tokens=256).vector_fields()  # another encoder: another key
    assert word_tables.table_key(other, SIZES) != word_tables.table_key(fields, SIZES)
    assert word_tables.table_key(fields, (("en", 301), ("ar", 200))) != word_tables.table_key(fields, SIZES)


def _build_in_child(root, log, barrier, out, hashing_encoder):
    encoder = ConfiguredEncoder(hashing_encoder, log)
    barrier.wait()  # every builder starts together
    table = word_tables.shared(encoder.config.vector_fields(), SIZES, lambda: encoder, root=root)
    np.save(out, table.vectors)


def test_concurrent_builders_embed_once_and_agree(tmp_path, hashing_encoder):
    context = multiprocessing.get_context("fork")
    barrier = context.Barrier(4)
    root, log = tmp_path / "word-tables", tmp_path / "calls.log"
    children = [context.Process(target=_build_in_child, args=(root, log, barrier, tmp_path / f"out{i}.npy", hashing_encoder)) for i in range(4)]
    for child in children:
        child.start()
    for child in children:
        child.join(timeout=120)
        assert child.exitcode == 0
    assert log.read_text().split() == [str(len(common_words(SIZES)))]  # one embedding of the whole list
    expected = WordTable.build(hashing_encoder, common_words(SIZES)).vectors
    for i in range(4):
        np.testing.assert_array_equal(np.load(tmp_path / f"out{i}.npy"), expected)
    assert [p.name for p in root.iterdir() if p.name.startswith(".") and "building" in p.name] == []


def test_a_library_gets_the_shared_table_and_an_english_query_uses_it(home, tmp_path, hashing_encoder):
    encoder = ConfiguredEncoder(hashing_encoder)
    source = tmp_path / "in" / "fiji.txt"
    source.parent.mkdir()
    source.write_text("صدقت فيجي على البروتوكول في عام ٢٠١٨.\n\nيقدم الصندوق المساعدة إلى ضحايا الاتجار بالأشخاص.\n", encoding="utf-8")
    sizes = (("en", 2000), ("ar", 1000))  # "countries", "ratified", "protocol" among them
    store = Library().add([source], config(sizes), lambda: encoder).store
    assert store.word_table.words == common_words(sizes)
    assert os.stat(Library().current / "index" / "words.npy").st_ino == os.stat(entry(home) / "words.npy").st_ino
    counting = ConfiguredEncoder(hashing_encoder)
    # Centring off: this counts the bridge's embeddings, not the generic questions' (qa.centring).
    retriever = Retriever(Store.load(Library().current / "index"), counting, FusionConfig(centring_weight=0.0))
    query = "Which countries ratified the protocol?"
    words = retriever.bridge_words(query)
    known = [w for w in words if w in store.word_table]
    assert known  # "countries", "protocol", ... are looked up, not embedded
    retriever.search(query)
    assert counting.queries == 1 + len(words) - len(known)


def test_a_library_without_a_table_gains_it_on_open(home, tmp_path, hashing_encoder):
    encoder = ConfiguredEncoder(hashing_encoder)
    source = tmp_path / "fiji.txt"
    source.write_text("صدقت فيجي على البروتوكول في عام ٢٠١٨.\n", encoding="utf-8")
    Library().add([source], config(()), lambda: encoder)  # as a library assembled before the table
    assert len(Library().open(config(()), None).word_table) == 0
    assert len(Library().open(config(), lambda: encoder).word_table) == len(common_words(SIZES))
    assert len(Store.load(Library().current / "index").word_table) == len(common_words(SIZES))


def test_a_cold_cache_is_filled_from_the_default_index_not_embedded(home, tmp_path, docs, hashing_encoder):
    # A machine upgraded from a Sanad whose tables lived in each index: the library takes the default index's.
    from index.build import default_index_dir

    ensure_index([docs], default_index_dir(), config(), encoder=ConfiguredEncoder(hashing_encoder))
    shutil.rmtree(home / "word-tables")
    counting = ConfiguredEncoder(hashing_encoder)
    source = tmp_path / "fiji.txt"
    source.write_text("صدقت فيجي على البروتوكول في عام ٢٠١٨.\n", encoding="utf-8")
    store = Library().add([source], config(), lambda: counting).store
    assert store.word_table.words == common_words(SIZES)
    assert counting.queries < len(common_words(SIZES))  # the piece's lexicon only
    assert os.stat(entry(home) / "words.npy").st_ino == os.stat(default_index_dir() / "words.npy").st_ino


def test_a_stand_in_library_is_opened_as_it_is_not_assembled_again(home, tmp_path, hashing_encoder):
    source = tmp_path / "fiji.txt"
    source.write_text("صدقت فيجي على البروتوكول في عام ٢٠١٨.\n", encoding="utf-8")
    Library().add([source], config(), lambda: hashing_encoder)  # declares no config: no shared table
    generation = Library().generation()
    assert len(Library().open(config(), lambda: hashing_encoder).word_table) == 0
    assert Library().generation() == generation  # nothing swapped in
