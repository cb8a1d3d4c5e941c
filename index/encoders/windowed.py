"""What every backend shares: Sanad's prompts, passage windows and the ``Encoder`` interface.

A backend subclasses :class:`WindowedEncoder` and supplies ``_embed`` (prompted texts →
L2-normalized float32 rows); the torch one is in ``torch_backend``, the ONNX one in ``onnx_backend``.
"""

from __future__ import annotations

import numpy as np

from index.common import SanadError
from index.encoders.config import EncoderConfig


class WindowedEncoder:
    """Prompts and overlapping windows over a model that embeds one text per row.

    Attributes:
        name: the model as configured (``DEFAULT_MODEL_NAME``, a Hub name or a path).
        dimension: length of every vector.
        config: the :class:`EncoderConfig` in use (resolved: a concrete model and backend).
    """

    def __init__(self, tokenizer, *, config: EncoderConfig, dimension: int, prompts: dict, max_seq_length: int | None):
        """``tokenizer`` is a ``tokenizers.Tokenizer`` (a copy: its truncation and padding are turned off)."""
        self.config = config.resolved()
        self.name = self.config.model
        self.dimension = int(dimension)
        self._tokenizer = tokenizer
        self._tokenizer.no_truncation()
        self._tokenizer.no_padding()
        self._query_prompt = prompts.get("query") or ""
        self._passage_prompt = prompts.get("passage") or prompts.get("document") or ""
        specials = len(self._tokenizer.encode("", add_special_tokens=True).ids)
        limit = max_seq_length
        self._window = config.window_tokens if limit is None else min(config.window_tokens, limit - specials)

    def encode_queries(self, texts: list[str]) -> np.ndarray:
        """One L2-normalized float32 row per query, embedded with the model's "query" prompt.

        A query longer than the model's limit is truncated, not windowed.
        """
        return self._checked(list(texts), self._query_prompt, show_progress=False)

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
        vectors = self._checked(pieces, self._passage_prompt, show_progress)
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

    def _checked(self, texts: list[str], prompt: str, show_progress: bool) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        return np.asarray(self._embed(texts, prompt, show_progress), dtype=np.float32)

    def _embed(self, texts: list[str], prompt: str, show_progress: bool) -> np.ndarray:
        """``[len(texts), dimension]`` L2-normalized rows of ``prompt + text``; ``texts`` is not empty."""
        raise NotImplementedError


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
