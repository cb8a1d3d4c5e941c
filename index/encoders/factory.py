"""``load_encoder``: the one place an encoder is chosen, loaded, and given its threads."""

from __future__ import annotations

import logging
from dataclasses import replace

from index.common import SanadError
from index.encoders.config import Backend, EncoderConfig, named_backend

logger = logging.getLogger(__name__)


def load_encoder(model: str | None = None, *, config: EncoderConfig | None = None, backend: Backend | str | None = None):
    """The encoder for ``config`` (default ``EncoderConfig()``), with ``model`` and ``backend`` overriding it.

    The backend is ``config.backend``, else ``$SANAD_ENCODER``, else ONNX float32 when onnxruntime
    is installed, else torch. Chosen automatically, ONNX falls back to torch (with a warning) for a
    model it cannot export; chosen by name, it raises.

    Raises:
        SanadError: the model or the named backend cannot be loaded.
    """
    from index import threads

    config = config or EncoderConfig()
    automatic = named_backend(backend or config.backend) is None
    config = replace(config, model=model or config.model, backend=backend or config.backend).resolved()
    settings = threads.configure()
    chosen = Backend(config.backend)
    if chosen is not Backend.TORCH:
        from index.encoders.onnx_backend import OnnxEncoder

        try:
            return OnnxEncoder.load(config=config, threads=settings.onnxruntime)
        except SanadError as exc:
            if not automatic:
                raise
            logger.warning("the onnx encoder is unavailable (%s); using torch", exc)
            config = replace(config, backend=Backend.TORCH.value)
    from index.encoders.torch_backend import Encoder

    encoder = Encoder.load(config=config)
    threads.configure(settings)  # again: torch is imported now
    return encoder
