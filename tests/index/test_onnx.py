"""The ONNX backends against their slow twin, the torch encoder: same tokens, same windows,
cosine >= 0.99 on report and XQuAD texts (float32 and int8), and the export cache on disk."""

from __future__ import annotations

import os
import random
from pathlib import Path

import numpy as np
import pytest

from index.common import OptionError, SanadError
from index.encoders import Backend, EncoderConfig, load_encoder
from index.encoders import factory
from index.encoders.config import resolve_backend
from index.encoders.onnx_export import cache_key

pytest.importorskip("onnxruntime")

GATE = 0.99  # cosine to torch, every text (issue #14)
XQUAD = Path(os.environ.get("SANAD_XQUAD_DIR", Path(__file__).resolve().parents[3] / "shared" / "bench" / "xquad")) / "xquad.ar.json"
QUERIES = [
    "متى صدقت اليابان على البروتوكول؟",
    "how many countries ratified the trafficking protocol",
    "حماية ضحايا الاتِّجار بالأشخاص ومساعدتهم",
    "UNODC technical assistance",
    "تحســــــين تنســــــيق الجهود",
    "   leading and trailing spaces   ",
    "x",
]


@pytest.fixture(scope="session")
def backends(sanad_home):
    return {backend: load_encoder(backend=backend) for backend in Backend}


@pytest.fixture(scope="session")
def report_texts(report_passages):
    texts = [p.text for p in report_passages]
    return random.Random(14).sample(texts, 40) + [max(texts, key=len)]  # the longest has several windows


@pytest.fixture(scope="session")
def xquad_contexts():
    if not XQUAD.exists():
        pytest.skip(f"{XQUAD} not found")
    from eval.datasets import load_squad

    contexts = sorted({p.text for p in load_squad(XQUAD).passages})
    return random.Random(14).sample(contexts, 30)


def _cosines(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return np.sum(a * b, axis=1)


@pytest.mark.slow
@pytest.mark.parametrize("backend", [Backend.ONNX, Backend.ONNX_INT8])
def test_vectors_match_torch(backends, backend, report_texts, xquad_contexts):
    torch_encoder, encoder = backends[Backend.TORCH], backends[backend]
    assert encoder.dimension == torch_encoder.dimension
    for texts in (report_texts, xquad_contexts):
        expected, expected_owner = torch_encoder.encode_passages(texts)
        got, owner = encoder.encode_passages(texts)
        assert owner.tolist() == expected_owner.tolist()
        assert got.dtype == np.float32 and np.allclose(np.linalg.norm(got, axis=1), 1, atol=1e-5)
        assert _cosines(got, expected).min() >= GATE
    assert _cosines(encoder.encode_queries(QUERIES), torch_encoder.encode_queries(QUERIES)).min() >= GATE


@pytest.mark.slow
def test_float32_is_torch_to_rounding(backends, report_texts):
    got, _ = backends[Backend.ONNX].encode_passages(report_texts[:8])
    expected, _ = backends[Backend.TORCH].encode_passages(report_texts[:8])
    assert _cosines(got, expected).min() > 0.9999


@pytest.mark.slow
def test_feed_tokenizes_as_sentence_transformers(backends, report_texts):
    """The graph's inputs are what sentence-transformers gives torch: ids, mask, truncation at 512."""
    onnx, model = backends[Backend.ONNX], backends[Backend.TORCH]._model
    texts = ["query: " + q for q in QUERIES] + ["passage: " + t for t in report_texts[:5]] + ["passage: " + "كلمة " * 900]
    fed = onnx.feed(texts)
    expected = model.preprocess(texts)
    assert fed["input_ids"].shape[1] == 512
    assert fed["input_ids"].tolist() == expected["input_ids"].tolist()
    assert fed["attention_mask"].tolist() == expected["attention_mask"].tolist()


@pytest.mark.slow
def test_batching_by_length_keeps_the_order(backends, report_texts):
    """Texts are run longest first in batches; each row still belongs to its text (one by one as twin)."""
    encoder = backends[Backend.ONNX]
    texts = report_texts[:6] + QUERIES[:3]
    together = encoder.encode_queries(texts)
    alone = np.concatenate([encoder.encode_queries([t]) for t in texts])
    assert _cosines(together, alone).min() > 0.9999


@pytest.mark.slow
def test_windows_and_config_are_shared(backends, report_texts):
    torch_encoder = backends[Backend.TORCH]
    for backend, encoder in backends.items():
        assert encoder.config.backend == backend.value
        assert encoder.windows(report_texts[-1]) == torch_encoder.windows(report_texts[-1])
    assert backends[Backend.ONNX].config.vector_fields() == torch_encoder.config.vector_fields()
    assert backends[Backend.ONNX_INT8].config.vector_fields() != torch_encoder.config.vector_fields()


@pytest.mark.slow
def test_export_is_cached_whole(backends, sanad_home):
    root = sanad_home / "cache" / "onnx"
    (key,) = [p for p in root.iterdir() if p.is_dir()]
    assert sorted(p.name for p in key.iterdir() if not p.name.startswith(".")) == ["float32", "int8"]
    assert not [p for p in key.iterdir() if ".tmp-" in p.name]  # temp dirs were renamed into place
    graph = key / "float32" / "model.onnx"
    before = graph.stat().st_mtime_ns
    again = load_encoder(backend=Backend.ONNX)
    assert graph.stat().st_mtime_ns == before  # reused, not exported again
    assert again.encode_queries(["x"]).shape == (1, again.dimension)


@pytest.mark.slow
@pytest.mark.parametrize("weights", ["float32", "int8"])
def test_default_graph_runs_fused_attention(backends, sanad_home, weights):
    import onnx

    (key,) = [p for p in (sanad_home / "cache" / "onnx").iterdir() if p.is_dir()]
    folder = key / weights
    ops = {node.op_type for node in onnx.load(str(folder / "model.onnx"), load_external_data=False).graph.node}
    assert {"Attention", "QAttention"} & ops, sorted(ops)  # onnxruntime's fused kernel, not MatMul/Softmax chains
    assert "Softmax" not in ops
    assert not (folder / "traced.onnx").exists()


def test_an_unknown_architecture_keeps_the_traced_graph(tmp_path):
    from index.encoders.onnx_export import _fuse

    traced, target = tmp_path / "traced.onnx", tmp_path / "model.onnx"
    traced.write_bytes(b"graph")
    _fuse(traced, target, config=None)
    assert target.read_bytes() == b"graph" and not traced.exists()


def test_cache_key_follows_the_model_files(tmp_path):
    (tmp_path / "a.json").write_text("{}")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.bin").write_bytes(b"1")
    first = cache_key(tmp_path)
    assert cache_key(tmp_path) == first
    (tmp_path / "sub" / "b.bin").write_bytes(b"2")
    assert cache_key(tmp_path) != first


def test_backend_is_an_enum_with_a_clear_error(monkeypatch):
    with pytest.raises(OptionError, match="'torch', 'onnx', 'onnx-int8'"):
        EncoderConfig(backend="tensorflow")
    monkeypatch.setenv("SANAD_ENCODER", "ONNX-INT8")
    assert resolve_backend() is Backend.ONNX_INT8
    assert EncoderConfig().resolved().backend == "onnx-int8"
    assert EncoderConfig(backend="torch").resolved().backend == "torch"
    monkeypatch.setenv("SANAD_ENCODER", "bogus")
    with pytest.raises(OptionError, match="unknown encoder 'bogus'"):
        resolve_backend()
    monkeypatch.delenv("SANAD_ENCODER")
    assert resolve_backend() is Backend.ONNX  # onnxruntime is installed (importorskip above)


def test_fingerprint_fields_change_only_with_the_weights():
    torch_fields = EncoderConfig(backend="torch").vector_fields()
    assert EncoderConfig(backend="onnx").vector_fields() == torch_fields
    assert EncoderConfig(backend="onnx", batch_size=7).vector_fields() == torch_fields
    assert EncoderConfig(backend="onnx-int8").vector_fields() == {**torch_fields, "weights": "int8"}


def test_onnx_refuses_a_hub_name(sanad_home):
    with pytest.raises(SanadError, match="not a local sentence-transformers folder|is not one"):
        load_encoder("someone/some-model", backend=Backend.ONNX)


def test_automatic_choice_falls_back_to_torch(monkeypatch):
    """Named, a failing ONNX backend raises; chosen automatically, torch takes over."""
    from index.encoders import onnx_backend, torch_backend

    def refuse(**_):
        raise SanadError("cannot export")

    monkeypatch.setattr(onnx_backend.OnnxEncoder, "load", staticmethod(refuse))
    monkeypatch.setattr(torch_backend.Encoder, "load", staticmethod(lambda config: ("torch", config.backend)))
    assert factory.load_encoder() == ("torch", "torch")
    with pytest.raises(SanadError, match="cannot export"):
        factory.load_encoder(backend="onnx")


def test_threads_are_set_in_one_place():
    import faiss

    from index import threads

    applied = threads.configure(threads.Threads(onnxruntime=2, torch=1, blas=1, faiss=1))
    assert applied.faiss == faiss.omp_get_max_threads() == 1
    from threadpoolctl import threadpool_info

    assert all(pool["num_threads"] == 1 for pool in threadpool_info() if pool["user_api"] == "blas")


@pytest.mark.parametrize("max_batch", [1, 3, 32])
@pytest.mark.parametrize("same", [0.0, 0.9, 1.0])
@pytest.mark.parametrize("pad", [0, 2, 5])
def test_length_batches_against_a_brute_force_check(max_batch, same, pad):
    """Every row once, longest first, no run over ``max_batch`` or with a row both under ``same`` x its
    first and more than ``pad`` tokens shorter; and a run is cut only when it had to be (the next row
    breaks one of those rules)."""
    from index.encoders.onnx_backend import length_batches

    rng = random.Random(max_batch)
    fits = lambda row, first: row >= same * first or first - row <= pad
    for size in (1, 2, 7, 50):
        lengths = [rng.choice([3, 5, 6, 8, 21, 22, 40, 43, 510]) for _ in range(size)]
        batches = [b.tolist() for b in length_batches(lengths, max_batch, same, pad)]
        flat = [row for batch in batches for row in batch]
        assert sorted(flat) == list(range(size))
        assert [lengths[r] for r in flat] == sorted(lengths, reverse=True)
        for batch, after in zip(batches, batches[1:] + [None]):
            assert len(batch) <= max_batch and all(fits(lengths[r], lengths[batch[0]]) for r in batch)
            if after is not None:
                assert len(batch) == max_batch or not fits(lengths[after[0]], lengths[batch[0]])
    with pytest.raises(SanadError, match="max_batch >= 1"):
        length_batches([1], 0)


@pytest.mark.slow
def test_runs_of_equal_length_give_the_same_vectors(backends):
    """Many questions of many lengths (several runs of the model) against each embedded alone."""
    encoder = backends[Backend.ONNX]
    texts = [" ".join(["كلمة"] * n) + f" {n}" for n in (1, 30, 2, 29, 3, 12, 11, 60, 59, 4)] + QUERIES
    together = encoder.encode_queries(texts)
    alone = np.concatenate([encoder.encode_queries([t]) for t in texts])
    assert _cosines(together, alone).min() > 0.9999
