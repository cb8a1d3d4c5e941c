"""``index.caches`` and ``sanad cache``: only what this installation can never read again is stale, and only that is pruned."""

import json
import os

import pytest

from index import caches, word_tables
from index.caches import CacheKind
from index.encoders.onnx_export import cache_key
from index.repair.memo import memo_prefix
from ui.cli import main


@pytest.fixture
def home(tmp_path, monkeypatch):
    """A SANAD_HOME holding one current and one stale entry of every kind (small files, no model run)."""
    monkeypatch.setenv("SANAD_HOME", str(tmp_path))
    monkeypatch.delenv("SANAD_MODEL", raising=False)
    model = tmp_path / "models" / "tiny"
    model.mkdir(parents=True)
    (model / "modules.json").write_text("[]")
    onnx = tmp_path / "cache" / "onnx"
    for key in (cache_key(model), "0" * 32):
        (onnx / key / "float32").mkdir(parents=True)
        (onnx / key / "float32" / "model.onnx").write_bytes(b"x" * 1000)
    tables = tmp_path / "word-tables"
    record = {"format": word_tables.FORMAT, "format_version": word_tables.FORMAT_VERSION, "encoder": {"model": "tiny"}}
    for name, wordfreq in (("current", word_tables.wordfreq_version()), ("old", "0.0.1")):
        (tables / name).mkdir(parents=True)
        (tables / name / word_tables.RECORD).write_text(json.dumps({**record, "wordfreq": wordfreq}))
        (tables / name / "words.npy").write_bytes(b"w" * 500)
    (tables / "unreadable").mkdir()
    # An index hard-links an old table's rows: removing the cache entry frees nothing of them.
    os.link(tables / "old" / "words.npy", tmp_path / "an-index-words.npy")
    repair = tmp_path / "cache" / "repair"
    repair.mkdir(parents=True)
    (repair / f"{memo_prefix()}abc.json").write_text("[]")
    (repair / "0123456789abcdef-abc.json").write_text("[]")
    return tmp_path


def test_only_what_can_never_be_read_again_is_stale(home):
    found = caches.entries()
    stale = {(entry.kind, entry.path.name) for entry in found if entry.stale}
    kept = {(entry.kind, entry.path.name) for entry in found if not entry.stale}
    assert stale == {
        (CacheKind.ONNX, "0" * 32), (CacheKind.WORD_TABLE, "old"), (CacheKind.WORD_TABLE, "unreadable"),
        (CacheKind.REPAIR, "0123456789abcdef-abc.json"),
    }  # fmt: skip
    assert kept == {
        (CacheKind.ONNX, cache_key(home / "models" / "tiny")), (CacheKind.WORD_TABLE, "current"),
        (CacheKind.REPAIR, f"{memo_prefix()}abc.json"),
    }  # fmt: skip
    old = next(entry for entry in found if entry.path.name == "old")
    assert old.bytes > 500 and old.freeable == old.bytes - 500  # its linked rows stay with the index


def test_a_model_folder_named_by_sanad_model_keeps_its_export(home, tmp_path_factory, monkeypatch):
    elsewhere = tmp_path_factory.mktemp("my-model")
    (elsewhere / "modules.json").write_text('["mine"]')
    (home / "cache" / "onnx" / cache_key(elsewhere)).mkdir()
    stale_before = {entry.path.name for entry in caches.entries() if entry.stale}
    assert cache_key(elsewhere) in stale_before
    monkeypatch.setenv("SANAD_MODEL", str(elsewhere))
    assert cache_key(elsewhere) not in {entry.path.name for entry in caches.entries() if entry.stale}


def test_prune_removes_the_stale_entries_only(home):
    found = caches.entries()
    freed = caches.prune(found)
    assert freed == sum(entry.freeable for entry in found if entry.stale)
    assert not any(entry.stale for entry in caches.entries())
    for entry in found:
        assert entry.path.exists() is not entry.stale
    assert (home / "an-index-words.npy").read_bytes() == b"w" * 500  # the index's linked file is untouched
    assert caches.prune(found) == 0  # already gone: nothing fails, nothing counted


def test_the_command_lists_then_prunes(home, capsys):
    assert main(["cache", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert sum(row["stale"] for row in listed) == 4 and {row["kind"] for row in listed} == {"onnx", "word-table", "repair"}
    assert main(["cache"]) == 0
    assert "4 stale" in capsys.readouterr().err
    assert main(["cache", "--prune"]) == 0
    assert "removed 4 stale entries" in capsys.readouterr().err
    assert main(["cache"]) == 0
    assert "0 stale" in capsys.readouterr().err


def test_an_empty_home_has_no_entries(tmp_path, monkeypatch):
    monkeypatch.setenv("SANAD_HOME", str(tmp_path))
    assert caches.entries() == []
