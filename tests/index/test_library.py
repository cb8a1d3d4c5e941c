"""The library: add and remove one document at a time, re-embedding only it; every change swapped in whole."""

import json

import numpy as np
import pytest

from index.common import InputFileError, NotFoundError
from index.library import CATALOG, Library
from index.pieces import assemble
from index.store import IndexConfig, Store


class CountingEncoder:
    """The hashing encoder, counting the passages it embeds (the proof that others are not re-embedded)."""

    def __init__(self, inner):
        self.inner, self.name, self.passages = inner, inner.name, []

    def encode_queries(self, texts):
        return self.inner.encode_queries(texts)

    def encode_passages(self, texts, show_progress=False):
        self.passages += list(texts)
        return self.inner.encode_passages(texts)


@pytest.fixture()
def files(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    texts = {
        "alpha.txt": "صدقت فيجي على البروتوكول في أيلول/سبتمبر ٢٠١٧.\n\nحثت الجمعية العامة الدول على التصديق.",
        "beta.md": "# Fund\n\nThe fund helps victims of trafficking.\n\nVictims received assistance in 2018.",
        "gamma.txt": "Japan ratified the protocol in July 2017.\n\nThe office trained judges.",
    }
    for name, text in texts.items():
        (folder / name).write_text(text, encoding="utf-8")
    return {name: folder / name for name in texts}


@pytest.fixture()
def config(hashing_encoder):
    return IndexConfig.for_model(hashing_encoder.name)


def test_add_embeds_only_the_new_document(tmp_path, files, config, hashing_encoder):
    library = Library(tmp_path / "lib")
    first = CountingEncoder(hashing_encoder)
    added = library.add([files["alpha.txt"], files["beta.md"]], config, lambda: first)
    assert [d.id for d in added.documents] == ["alpha", "beta"] and not added.errors
    second = CountingEncoder(hashing_encoder)
    added = library.add([files["gamma.txt"]], config, lambda: second)
    assert [d.id for d in added.documents] == ["gamma"]
    # Only gamma's windows and sentences reached the encoder; alpha and beta came from their pieces.
    assert second.passages and all("Japan" in t or "judges" in t for t in second.passages)
    store = Store.load(tmp_path / "lib" / "current" / "index")
    assert [p.doc.id for p in store.passages] == ["alpha"] * 2 + ["beta"] * 2 + ["gamma"] * 2
    assert [d.id for d in library.documents()] == ["alpha", "beta", "gamma"]
    # The same as a store built from scratch over the three documents (BM25's idf is global).
    rebuilt = Store.build(list(store.passages), hashing_encoder, config)
    np.testing.assert_allclose(store.bm25.scores(["victim"]), rebuilt.bm25.scores(["victim"]))
    vector = hashing_encoder.encode_queries(["Japan ratified"])[0]
    np.testing.assert_allclose(store.dense.scores(vector), rebuilt.dense.scores(vector), rtol=1e-6)


def test_remove_embeds_nothing_and_deletes_the_copy(tmp_path, files, config, hashing_encoder):
    library = Library(tmp_path / "lib")
    library.add(files.values(), config, lambda: hashing_encoder)
    beta = next(d for d in library.documents() if d.id == "beta")
    store = library.remove("beta", config)  # no encoder given: any embedding would raise
    assert [d.id for d in library.documents()] == ["alpha", "gamma"]
    assert {p.doc.id for p in store.passages} == {"alpha", "gamma"}
    assert not (library.root / beta.stored).exists()
    with pytest.raises(NotFoundError, match=r"no document 'beta' in the library; its documents: \['alpha', 'gamma'\]"):
        library.remove("beta", config)
    library.remove("alpha", config)
    assert library.remove("gamma", config) is None and library.is_empty()


def test_the_catalog_names_each_document_and_its_copy(tmp_path, files, config, hashing_encoder):
    library = Library(tmp_path / "lib")
    library.add([tmp_path / "in"], config, lambda: hashing_encoder)  # a directory: its files, sorted
    documents = library.documents()
    assert [(d.id, d.source, d.passages, d.language) for d in documents] == [
        ("alpha", "alpha.txt", 2, "ar"), ("beta", "beta.md", 2, "en"), ("gamma", "gamma.txt", 2, "en"),
    ]  # fmt: skip
    for d in documents:
        assert (library.root / d.stored).read_bytes() == files[d.source].read_bytes()
    data = json.loads((library.current / CATALOG).read_text(encoding="utf-8"))
    assert data["format"] == "sanad-library" and len(data["documents"]) == 3


def test_bad_and_duplicate_files_are_named_and_the_others_added(tmp_path, files, config, hashing_encoder):
    library = Library(tmp_path / "lib")
    library.add([files["alpha.txt"]], config, lambda: hashing_encoder)
    empty = tmp_path / "in" / "empty.txt"
    empty.write_text("  \n", encoding="utf-8")
    copy = tmp_path / "other" / "alpha.txt"
    copy.parent.mkdir()
    copy.write_text("Another text under the same name.", encoding="utf-8")
    added = library.add([files["alpha.txt"], empty, copy, files["beta.md"], tmp_path / "missing.txt"], config, lambda: hashing_encoder)
    assert [d.id for d in added.documents] == ["beta"]
    assert len(added.errors) == 4
    assert "already in the library as 'alpha'" in added.errors[0]
    assert "empty.txt: is empty" in added.errors[1]
    assert "already has a document 'alpha'" in added.errors[2] and "sanad remove alpha" in added.errors[2]
    assert "missing.txt: no such file" in added.errors[3]
    (tmp_path / "nothing-here").mkdir()
    with pytest.raises(InputFileError, match="no file to add"):
        library.add([tmp_path / "nothing-here"], config, lambda: hashing_encoder)


def test_the_first_add_keeps_the_seed_first(tmp_path, files, config, hashing_encoder):
    library = Library(tmp_path / "lib")
    added = library.add([files["beta.md"]], config, lambda: hashing_encoder, seed=files["alpha.txt"])
    assert [d.id for d in added.documents] == ["alpha", "beta"]
    added = library.add([files["gamma.txt"]], config, lambda: hashing_encoder, seed=files["alpha.txt"])
    assert [d.id for d in added.documents] == ["gamma"]


def test_another_config_assembles_again_from_the_copies(tmp_path, files, config, hashing_encoder):
    library = Library(tmp_path / "lib")
    library.add([files["alpha.txt"]], config, lambda: hashing_encoder)
    other = IndexConfig.for_model(hashing_encoder.name, dense_kind="hnsw")
    store = library.open(other, lambda: hashing_encoder)
    assert store.manifest.config.dense_kind == "hnsw"
    assert Store.read_manifest(library.current / "index").config.dense_kind == "hnsw"
    assert library.open(other) is not None  # now up to date: no encoder needed


def test_progress_is_reported_up_to_done(tmp_path, files, config, hashing_encoder):
    seen = []
    Library(tmp_path / "lib").add([files["alpha.txt"]], config, lambda: hashing_encoder, lambda share, note: seen.append((share, note)))
    shares = [s for s, _ in seen]
    assert shares == sorted(shares) and seen[-1] == (1.0, "done") and any("embedding alpha.txt" == n for _, n in seen)


def test_assemble_refuses_nothing(config):
    with pytest.raises(Exception, match="no documents"):
        assemble([], config, ())


def test_the_seed_is_read_back_from_its_own_index_not_embedded(tmp_path, files, config, hashing_encoder):
    from index.build import ensure_index

    seed = ensure_index([files["alpha.txt"]], tmp_path / "default", config, encoder=hashing_encoder).store
    counting = CountingEncoder(hashing_encoder)
    library = Library(tmp_path / "lib")
    library.add([files["beta.md"]], config, lambda: counting, seed=files["alpha.txt"], reuse=seed)
    assert counting.passages and not any("فيجي" in t for t in counting.passages)  # alpha's text never embedded
    store = library.open(config)
    vector = hashing_encoder.encode_queries(["صدقت فيجي"])[0]
    rebuilt = Store.build(list(store.passages), hashing_encoder, config)
    np.testing.assert_allclose(store.dense.scores(vector), rebuilt.dense.scores(vector), rtol=1e-6)


def test_progress_moves_with_each_batch_embedded_and_the_piece_is_the_same(tmp_path, config, hashing_encoder):
    from index.documents import load_passages
    from index.pieces import PROGRESS_CHUNK, Piece

    long = tmp_path / "long.txt"
    long.write_text("\n\n".join(f"Paragraph {i} says that victims of trafficking were helped in {2000 + i}." for i in range(80)), encoding="utf-8")
    seen = []
    Library(tmp_path / "lib").add([long], config, lambda: hashing_encoder, lambda share, note: seen.append((share, note)))
    embedding = [share for share, note in seen if note == "embedding long.txt"]
    # 80 windows and 80 sentences in calls of PROGRESS_CHUNK texts, then the lexicon's words.
    assert len(embedding) > 2 * 80 // PROGRESS_CHUNK and embedding == sorted(embedding)
    assert embedding[0] == pytest.approx(0.05) and embedding[-1] == pytest.approx(0.9)
    passages = load_passages(long)
    ticked = Piece.embed("k", passages, hashing_encoder, config, progress=lambda share: None)
    whole = Piece.embed("k", passages, hashing_encoder, config)
    for name in ("windows", "windows_owner", "sentences", "sentences_owner", "sentence_spans", "lexicon"):
        np.testing.assert_array_equal(getattr(ticked, name), getattr(whole, name))


def test_the_generation_changes_with_every_swap_and_only_then(tmp_path, files, config, hashing_encoder):
    library = Library(tmp_path / "lib")
    assert library.generation() is None
    library.add([files["alpha.txt"]], config, lambda: hashing_encoder)
    first = library.generation()
    assert first is not None and library.generation() == first
    library.open(config)
    assert library.generation() == first  # reading changes nothing
    library.add([files["beta.md"]], config, lambda: hashing_encoder)
    second = library.generation()
    library.remove("beta", config)
    assert len({first, second, library.generation()}) == 3


def test_a_reader_leaves_a_writer_between_its_renames_alone(tmp_path, files, config, hashing_encoder):
    import fcntl
    import os

    library = Library(tmp_path / "lib")
    library.add([files["alpha.txt"]], config, lambda: hashing_encoder)
    aside = library.root / ".current.previous"
    os.rename(library.current, aside)  # the moment between a writer's two renames
    with open(library.root / ".lock", "a") as writer:
        fcntl.flock(writer, fcntl.LOCK_EX)
        assert library.documents() == [] and library.generation() is None
        assert aside.exists() and not library.current.exists()  # not put back under the writer's feet
        fcntl.flock(writer, fcntl.LOCK_UN)
    assert [d.id for d in library.documents()] == ["alpha"]  # no writer: a crash, undone
