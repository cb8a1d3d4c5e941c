"""The streaming build: the same index as Store.build, and a killed build resumes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from index.store import IndexConfig, Store
from index.stream_build import HOLD_ENV, build_streaming, partial_dir

ROOT = Path(__file__).resolve().parents[2]


def _same_index(a: Store, b: Store) -> None:
    assert [p.to_json() for p in a.passages] == [p.to_json() for p in b.passages]
    assert a.manifest.counts == b.manifest.counts
    assert a.manifest.fingerprint == b.manifest.fingerprint
    assert a.bm25.vocab == b.bm25.vocab
    for name in ("idf", "doc_len", "indptr", "docs", "tf"):
        assert np.array_equal(getattr(a.bm25, name), getattr(b.bm25, name)), name
    assert a.lexicon.terms == b.lexicon.terms and a.lexicon.words == b.lexicon.words
    assert np.array_equal(a.lexicon.vectors, b.lexicon.vectors)
    for name in ("dense", "sentences"):
        x, y = getattr(a, name), getattr(b, name)
        assert np.array_equal(x.owner, y.owner)
        n = x.faiss_index.ntotal
        assert np.array_equal(x.faiss_index.reconstruct_n(0, n), y.faiss_index.reconstruct_n(0, n))
    assert np.array_equal(a.sentence_spans, b.sentence_spans)


@pytest.mark.parametrize("batch_size", [1, 37, 10_000])
def test_streaming_build_equals_store_build(tmp_path, report_passages, hashing_encoder, batch_size):
    config = IndexConfig.for_model(hashing_encoder.name)
    reference = Store.build(report_passages, hashing_encoder, config)
    reference.save(tmp_path / "whole")
    built = build_streaming(iter(report_passages), hashing_encoder, config, tmp_path / "streamed", batch_size=batch_size)
    _same_index(Store.load(tmp_path / "whole"), Store.load(built))
    assert not partial_dir(built).exists()


def test_streamed_ivf_is_centred_and_saves_its_mean(tmp_path, report_passages, hashing_encoder):
    """An IVF kind stores centred vectors: both builds take the same mean (at this size the training
    sample is every vector), list its file in the manifest, and a missing mean file is refused."""
    from index.dense import mean_file
    from index.store import IndexFileError

    config = IndexConfig.for_model(hashing_encoder.name, dense_kind="ivf-flat")
    reference = Store.build(report_passages, hashing_encoder, config)
    reference.save(tmp_path / "whole")
    built = Store.load(build_streaming(iter(report_passages), hashing_encoder, config, tmp_path / "streamed", batch_size=97))
    for name in ("dense", "sentences"):
        x, y = getattr(reference, name), getattr(built, name)
        assert y.mean is not None and mean_file(name) in built.manifest.files
        np.testing.assert_allclose(x.mean, y.mean, atol=1e-6)
        np.testing.assert_allclose(x.vectors(), y.vectors(), atol=1e-6)
    (tmp_path / "streamed" / mean_file("dense")).unlink()
    with pytest.raises(IndexFileError, match="dense_mean.npy is missing"):
        Store.load(tmp_path / "streamed")


_CHILD = """
import sys
sys.path.insert(0, {tests!r})
from conftest import HashingEncoder
from index.documents import bundled_report_path, load_many
from index.store import IndexConfig
from index.stream_build import build_streaming
encoder = HashingEncoder()
passages = load_many([bundled_report_path()])
build_streaming(iter(passages), encoder, IndexConfig.for_model(encoder.name), {target!r}, batch_size=40)
print("finished", flush=True)
"""


def _child(target: Path, hold: int | None) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop(HOLD_ENV, None)
    if hold is not None:
        env[HOLD_ENV] = str(hold)
    code = _CHILD.format(tests=str(ROOT / "tests"), target=str(target))
    return subprocess.Popen([sys.executable, "-c", code], env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)


@pytest.mark.slow
def test_killed_build_resumes_from_its_last_batch(tmp_path, report_passages, hashing_encoder):
    target = tmp_path / "index"
    first = _child(target, hold=3)
    assert first.stdout.readline().strip() == "held after batch 3"  # three batches are on disk
    first.kill()
    first.wait()
    work = partial_dir(target)
    assert sorted(p.name for p in work.iterdir() if p.name.startswith("batch-")) == [f"batch-{i:06d}" for i in range(3)]
    assert not target.exists()
    kept = {p.name: (p / "meta.json").stat().st_mtime_ns for p in work.iterdir() if p.name.startswith("batch-")}

    second = _child(target, hold=1)  # the first batch this run makes is batch 3: the others are reused
    assert second.stdout.readline().strip() == "held after batch 1"
    assert {p: (work / p / "meta.json").stat().st_mtime_ns for p in kept} == kept
    assert (work / "batch-000003").is_dir()
    second.stdin.write("\n")
    second.stdin.close()
    assert second.stdout.read().strip() == "finished"
    assert second.wait() == 0
    assert not work.exists()

    reference = Store.build(report_passages, hashing_encoder, IndexConfig.for_model(hashing_encoder.name))
    reference.save(tmp_path / "whole")
    _same_index(Store.load(tmp_path / "whole"), Store.load(target))


def test_other_input_is_refused_not_mixed(tmp_path, report_passages, hashing_encoder):
    config = IndexConfig.for_model(hashing_encoder.name)
    target = tmp_path / "index"
    work = partial_dir(target)
    work.mkdir(parents=True)
    from index.stream_build import embed_batches

    embed_batches(iter(report_passages[:10]), hashing_encoder, config, work, 5, None, False)
    from index.common import IndexFileError

    with pytest.raises(IndexFileError, match="other passages"):
        embed_batches(iter(report_passages[5:15]), hashing_encoder, config, work, 5, None, False)


def test_passage_json_is_the_dataclass_spelled_out(report_passages):
    """``Passage.to_json`` builds its dict by hand (a build writes a million): the same as ``asdict``."""
    from dataclasses import asdict

    for passage in report_passages:
        want = asdict(passage)
        want.update(section=list(passage.section), raw=list(passage.raw), items=[{"label": list(i.label), "start": i.start, "end": i.end} for i in passage.items])
        assert json.dumps(passage.to_json(), ensure_ascii=False) == json.dumps(want, ensure_ascii=False)
