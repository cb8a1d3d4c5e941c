"""The index directory: atomic writes, validation, staleness, corruption."""

import json
import os

import numpy as np
import pytest

from index.build import ensure_index
from index.common import IndexFileError, SanadError
from index.encoders import EncoderConfig
from index.store import FORMAT_VERSION, MANIFEST, IndexConfig, Store


@pytest.fixture()
def docs(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("حثت الجمعية العامة الدول على التصديق.\n\nصدقت فيجي على البروتوكول.\n\nThe fund helps victims.\n", encoding="utf-8")
    return path


@pytest.fixture()
def built(docs, tmp_path, hashing_encoder):
    config = IndexConfig.for_model(hashing_encoder.name)
    return ensure_index([docs], tmp_path / "idx", config, encoder=hashing_encoder)


def test_build_writes_a_self_describing_directory(built):
    directory = built.directory
    manifest = json.loads((directory / MANIFEST).read_text())
    assert manifest["format_version"] == FORMAT_VERSION == 3
    assert manifest["counts"]["passages"] == 3
    assert manifest["config"]["encoder"]["model"] == "test/hashing-encoder"
    assert manifest["config"]["encoder"]["window_tokens"] == EncoderConfig().window_tokens
    assert set(manifest["files"]) == {p.name for p in directory.iterdir()} - {MANIFEST}
    assert {"faiss-cpu", "rank-bm25", "numpy"} <= set(manifest["libraries"])
    assert not [p for p in directory.parent.iterdir() if p.name.startswith(".")]  # no staging left


def test_the_manifest_reads_back_as_written(built):
    assert Store.read_manifest(built.directory) == built.store.manifest
    assert built.store.manifest.model == "test/hashing-encoder" and built.store.manifest.files


def test_load_round_trips(built):
    loaded = Store.load(built.directory)
    assert [p.to_json() for p in loaded.passages] == [p.to_json() for p in built.store.passages]
    query = np.ones(64, dtype=np.float32) / 8
    np.testing.assert_array_equal(loaded.dense.scores(query), built.store.dense.scores(query))


def test_same_inputs_reuse_the_index(built, docs, hashing_encoder):
    again = ensure_index([docs], built.directory, IndexConfig.for_model(hashing_encoder.name), encoder=hashing_encoder)
    assert not again.built


def test_naming_no_files_opens_the_index_of_other_documents_there(built, docs, hashing_encoder):
    """``sanad serve --index-dir D`` after ``sanad index FILE --index-dir D``: D's documents, not the
    bundled report built over them; stale, it is rebuilt from its own files."""
    config = IndexConfig.for_model(hashing_encoder.name)
    again = ensure_index(None, built.directory, config, encoder=hashing_encoder)
    assert not again.built and {p.doc.id for p in again.store.passages} == {"notes"}
    docs.write_text(docs.read_text(encoding="utf-8") + "\nفقرة جديدة.\n", encoding="utf-8")
    again = ensure_index(None, built.directory, config, encoder=hashing_encoder)
    assert again.built and len(again.store.passages) == 4


def test_naming_no_files_refuses_an_index_whose_files_are_gone(built, docs, hashing_encoder):
    kept = (built.directory / MANIFEST).read_bytes()
    docs.unlink()
    with pytest.raises(IndexFileError, match="other documents whose files are gone"):
        ensure_index(None, built.directory, IndexConfig.for_model(hashing_encoder.name), encoder=hashing_encoder)
    assert (built.directory / MANIFEST).read_bytes() == kept


def test_changed_inputs_rebuild(built, docs, hashing_encoder):
    docs.write_text(docs.read_text(encoding="utf-8") + "\nفقرة جديدة.\n", encoding="utf-8")
    again = ensure_index([docs], built.directory, IndexConfig.for_model(hashing_encoder.name), encoder=hashing_encoder)
    assert again.built and len(again.store.passages) == 4


def test_changed_model_rebuilds(built, docs, hashing_encoder):
    again = ensure_index([docs], built.directory, IndexConfig.for_model("another/model"), encoder=hashing_encoder)
    assert again.built


def test_changed_window_tokens_rebuild(built, docs, hashing_encoder):
    smaller = IndexConfig(encoder=EncoderConfig(model=hashing_encoder.name, window_tokens=256))
    again = ensure_index([docs], built.directory, smaller, encoder=hashing_encoder)
    assert again.built and again.store.manifest.config.encoder.window_tokens == 256
    assert not ensure_index([docs], built.directory, smaller, encoder=hashing_encoder).built


def test_an_encoder_that_windows_otherwise_is_refused(docs, hashing_encoder):
    class Windowed:
        name, config = hashing_encoder.name, EncoderConfig(model=hashing_encoder.name, window_tokens=128)

    with pytest.raises(SanadError, match="window_tokens"):
        Store.build([object()], Windowed(), IndexConfig.for_model(hashing_encoder.name))


def test_an_index_of_an_older_format_is_rebuilt(built, docs, hashing_encoder):
    path = built.directory / MANIFEST
    old = json.loads(path.read_text())
    old["format_version"] = 2
    path.write_text(json.dumps(old))
    with pytest.raises(IndexFileError, match="index format 2 is not 3"):
        Store.load(built.directory)
    assert ensure_index([docs], built.directory, IndexConfig.for_model(hashing_encoder.name), encoder=hashing_encoder).built


def test_a_manifest_missing_a_field_is_named(built):
    path = built.directory / MANIFEST
    garbled = json.loads(path.read_text())
    del garbled["counts"]
    path.write_text(json.dumps(garbled))
    with pytest.raises(IndexFileError, match=r"manifest\.json lacks or garbles 'counts'"):
        Store.load(built.directory)


@pytest.mark.parametrize(
    "name",
    ["manifest.json", "passages.jsonl", "dense.faiss", "dense_owner.npy", "sentences.faiss", "sentences_owner.npy", "sentence_spans.npy", "bm25_vocab.json", "bm25_idf.npy", "bm25_docs.npy", "bm25_tf.npy", "bm25_indptr.npy", "bm25_doc_len.npy", "lexicon.npy", "lexicon_terms.json"],
)
@pytest.mark.parametrize("damage", ["truncate", "flip", "delete"])
# Not words.npy/words.json: a damaged word table is left out, not refused (tests/index/test_word_table.py).
def test_each_damaged_file_is_named_with_the_fix(built, name, damage):
    path = built.directory / name
    data = path.read_bytes()
    if damage == "truncate":
        path.write_bytes(data[: len(data) // 2])
    elif damage == "flip":
        path.write_bytes(data[:-1] + bytes([data[-1] ^ 0xFF]))
    else:
        path.unlink()
    with pytest.raises(IndexFileError) as info:
        Store.load(built.directory)
    message = str(info.value)
    assert "sanad index" in message
    assert name in message or (name == MANIFEST and "no index" in message)


def test_damaged_index_is_rebuilt_by_ensure(built, docs, hashing_encoder):
    (built.directory / "dense.faiss").write_bytes(b"garbage")
    again = ensure_index([docs], built.directory, IndexConfig.for_model(hashing_encoder.name), encoder=hashing_encoder)
    assert again.built
    Store.load(built.directory)


def test_a_crash_mid_save_keeps_the_previous_index(built, monkeypatch):
    before = (built.directory / MANIFEST).read_text()

    def crash(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(built.store.dense, "save", crash)
    with pytest.raises(KeyboardInterrupt):
        built.store.save(built.directory)
    assert (built.directory / MANIFEST).read_text() == before
    assert not [p for p in built.directory.parent.iterdir() if p.name.startswith(".")]
    Store.load(built.directory)


def test_a_crash_between_the_renames_is_recovered(built, docs, hashing_encoder):
    backup = built.directory.with_name(f".{built.directory.name}.previous")
    os.rename(built.directory, backup)
    again = ensure_index([docs], built.directory, IndexConfig.for_model(hashing_encoder.name), encoder=hashing_encoder)
    assert not again.built


def test_urls_stay_out_of_what_the_encoder_sees():
    from index.store import embedding_text

    text = "انظر الورقة https://www.unodc.org/documents/ICAT_Paper_3.pdf والموقع www.example.org أيضا."
    assert embedding_text(text) == "انظر الورقة والموقع أيضا."
    assert embedding_text("https://only.example") == "https://only.example"
