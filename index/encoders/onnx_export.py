"""A sentence-transformers model as an ONNX graph, cached under ``$SANAD_HOME/cache/onnx/<key>/``.

The graph takes ``input_ids`` and ``attention_mask`` ([batch, tokens], both axes dynamic)
and returns the model's own ``sentence_embedding`` (its pooling and normalization are in the
graph), so it gives torch's vectors. The model is traced with its plain ("eager") attention, whose
pattern onnxruntime's transformer optimizer recognizes and folds, with LayerNorm and GELU, into
its fused CPU kernels: on long report passages that embeds 2.1 → 5.9 texts/s, one query 16.5 → 12.1 ms
(quiet machine, side by side; cosine to the unfused graph 0.9999996). The SDPA attention that
transformers picks by default traces to a pattern the optimizer leaves unfused. ``<key>`` hashes the model's files and the torch, onnx
and onnxruntime versions; ``<key>/float32`` and ``<key>/int8`` are each written to a temporary
directory and renamed into place. int8 is ONNX Runtime's dynamic quantization, per channel:
per tensor cost too much (cosine to torch 0.975 on a report passage, per channel 0.994).
"""

from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import json
import logging
import shutil
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

from index.common import SanadError, file_lock, replace_directory, restore_interrupted_replace, sanad_home, sha256_file

logger = logging.getLogger(__name__)

EXPORT_VERSION = 2  # bump when the graph or the files written change
OPSET = 17  # the legacy TorchScript exporter's newest well-trodden opset; onnxruntime runs up to 21+
GRAPH = "model.onnx"
TRACED = "traced.onnx"  # the exporter's graph, before fusion; removed once fused
# Architectures whose attention onnxruntime's "bert" fusion recognizes; others keep the traced graph.
FUSABLE_MODEL_TYPES = frozenset({"bert", "xlm-roberta", "roberta", "distilbert", "electra"})
TOKENIZER = "tokenizer.json"
META = "sanad_onnx.json"  # written last: its presence means the folder is whole


@dataclass(frozen=True)
class ExportedModel:
    """What the ONNX backend needs besides the graph; saved as ``sanad_onnx.json``."""

    dimension: int
    max_seq_length: int | None
    pad_id: int
    prompts: dict
    key: str
    weights: str  # "float32" or "int8"


def exported(model_dir: Path, weights: str) -> tuple[Path, ExportedModel]:
    """The folder holding ``model_dir``'s graph with ``weights`` ("float32", "int8"), exported if missing."""
    key = cache_key(model_dir)
    target = sanad_home() / "cache" / "onnx" / key / weights
    restore_interrupted_replace(target)
    if not _is_whole(target):
        target.parent.mkdir(parents=True, exist_ok=True)
        with file_lock(target.parent / f".{weights}.lock"):
            if not _is_whole(target):  # another process may have written it
                _write(model_dir, key, weights, target)
    return target, read_meta(target)


def read_meta(folder: Path) -> ExportedModel:
    return ExportedModel(**json.loads((folder / META).read_text(encoding="utf-8")))


def cache_key(model_dir: Path) -> str:
    """sha256 of every file of the model folder (names and contents) and the exporting libraries' versions."""
    digest = hashlib.sha256(f"sanad-onnx {EXPORT_VERSION} opset {OPSET}\n".encode())
    for name in ("torch", "onnx", "onnxruntime", "sentence-transformers", "transformers"):
        digest.update(f"{name} {_version_of(name)}\n".encode())
    for path in sorted(p for p in Path(model_dir).rglob("*") if p.is_file()):
        stat = path.stat()
        digest.update(f"{path.relative_to(model_dir)} {_sha256(path, stat.st_size, stat.st_mtime_ns)}\n".encode())
    return digest.hexdigest()[:32]


@functools.lru_cache(maxsize=64)
def _sha256(path: Path, size: int, mtime_ns: int) -> str:
    # size and mtime key the memo, so a replaced file is hashed again; the weights take ~1 s.
    return sha256_file(path)


def _is_whole(folder: Path) -> bool:
    return (folder / META).is_file() and (folder / GRAPH).is_file() and (folder / TOKENIZER).is_file()


def _write(model_dir: Path, key: str, weights: str, target: Path) -> None:
    for stale in target.parent.glob(f".{weights}.tmp-*"):
        shutil.rmtree(stale, ignore_errors=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{weights}.tmp-", dir=target.parent))
    try:
        if weights == "float32":
            _export(model_dir, key, tmp)
        elif weights == "int8":
            source, meta = exported(model_dir, "float32")
            _quantize(source, tmp)
            shutil.copy(source / TOKENIZER, tmp / TOKENIZER)
            _write_meta(tmp, ExportedModel(**{**asdict(meta), "weights": "int8"}))
        else:
            raise ValueError(f"unknown weights {weights!r}")
        replace_directory(tmp, target)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    logger.info("wrote the %s ONNX graph of %s to %s", weights, model_dir, target)


def _export(model_dir: Path, key: str, folder: Path) -> None:
    import torch
    from sentence_transformers import SentenceTransformer

    st = SentenceTransformer(str(model_dir), device="cpu", local_files_only=True, model_kwargs={"attn_implementation": "eager"}).eval()
    _check_exportable(st, model_dir)
    tokenizer = st.tokenizer
    graph = _graph_module(st).eval()
    sample = st.preprocess(["query: a short text", "passage: نص أطول قليلا من الأول"])
    with torch.no_grad():
        # dynamo=False: the dynamo exporter's graph reuses the output's name inside (onnxruntime
        # refuses it), needs onnxscript, and took twice as long (28 s vs 13 s) for the same vectors.
        torch.onnx.export(
            graph,
            (sample["input_ids"], sample["attention_mask"]),
            str(folder / TRACED),
            input_names=["input_ids", "attention_mask"],
            output_names=["sentence_embedding"],
            dynamic_axes={"input_ids": {0: "batch", 1: "tokens"}, "attention_mask": {0: "batch", 1: "tokens"}, "sentence_embedding": {0: "batch"}},
            opset_version=OPSET,
            dynamo=False,
        )
    _fuse(folder / TRACED, folder / GRAPH, _transformer_config(st))
    tokenizer.backend_tokenizer.save(str(folder / TOKENIZER))
    dimension = getattr(st, "get_embedding_dimension", None) or st.get_sentence_embedding_dimension
    _write_meta(folder, ExportedModel(
        dimension=int(dimension()),
        max_seq_length=st.max_seq_length,
        pad_id=int(tokenizer.pad_token_id if tokenizer.pad_token_id is not None else 0),
        prompts=dict(getattr(st, "prompts", None) or {}),
        key=key,
        weights="float32",
    ))


def _transformer_config(st):
    """The Hugging Face config of ``st``'s transformer module, or None."""
    model = getattr(st[0], "auto_model", None)
    return getattr(model, "config", None)


def _fuse(traced: Path, target: Path, config) -> None:
    """``traced`` with onnxruntime's fused attention/LayerNorm/GELU kernels, written to ``target``.

    An architecture the optimizer does not know, or a fusion that fails, keeps the traced graph:
    slower, the same vectors.
    """
    model_type = getattr(config, "model_type", None)
    if model_type in FUSABLE_MODEL_TYPES:
        try:
            from onnxruntime.transformers import optimizer

            fused = optimizer.optimize_model(
                str(traced), model_type="bert", num_heads=int(config.num_attention_heads), hidden_size=int(config.hidden_size), opt_level=1, use_gpu=False
            )
            fused.save_model_to_file(str(target))
            traced.unlink()
            logger.info("fused ONNX graph: %s", {k: v for k, v in fused.get_fused_operator_statistics().items() if v})
            return
        except Exception as exc:  # the optimizer is best effort; any failure leaves a working graph
            logger.warning("onnxruntime could not fuse the %s graph (%s); keeping it unfused", model_type, exc)
            target.unlink(missing_ok=True)
    traced.replace(target)


def _check_exportable(st, model_dir: Path) -> None:
    """The graph sees token ids and the mask only; a pooling that leaves the prompt out needs more."""
    for module in st:
        if getattr(module, "include_prompt", True) is False:
            raise SanadError(f"{model_dir}: its pooling leaves the prompt out, which the ONNX graph cannot; use --encoder torch")
    if getattr(st.tokenizer, "backend_tokenizer", None) is None:
        raise SanadError(f"{model_dir}: no fast tokenizer, which the ONNX backend needs; use --encoder torch")


def _quantize(source: Path, folder: Path) -> None:
    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic

    # The fused kernels live in onnxruntime's own domain, where shape inference gives no type:
    # their inputs are float32 activations.
    quantize_dynamic(
        str(source / GRAPH), str(folder / GRAPH), weight_type=QuantType.QInt8, per_channel=True,
        extra_options={"DefaultTensorType": onnx.TensorProto.FLOAT},
    )


def _write_meta(folder: Path, meta: ExportedModel) -> None:
    (folder / META).write_text(json.dumps(asdict(meta), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def _version_of(package: str) -> str:
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return "none"


def _graph_module(st):
    """``st`` as a module of (input_ids, attention_mask) -> sentence_embedding, for the exporter."""
    import torch

    class SentenceEmbedding(torch.nn.Module):
        def __init__(self, model):
            super().__init__()
            self.model = model

        def forward(self, input_ids, attention_mask):
            return self.model({"input_ids": input_ids, "attention_mask": attention_mask, "modality": "text"})["sentence_embedding"]

    return SentenceEmbedding(st)
