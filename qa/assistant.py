"""The public Python API: ``Assistant.load()``, ``.search()``, ``.ask()``."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from pathlib import Path

from qa import address, followup
from qa.address import Located
from qa.answer import AnswerConfig, compose
from qa.inputs import MAX_QUERY_CHARS, check_k, check_mode, check_query
from qa.results import Answer, Hit
from qa.retriever import FusionConfig, Mode, Retriever

__all__ = ["MAX_QUERY_CHARS", "Assistant", "check_query"]


class Assistant:
    """Question answering over one index.

    Example (run by tests/qa/test_assistant.py):
        >>> assistant = Assistant.load()
        >>> [hit.passage.number for hit in assistant.search("متى صدقت اليابان على البروتوكول؟", k=1)]
        [3]
        >>> answer = assistant.ask("متى صدقت اليابان على بروتوكول الاتجار بالأشخاص؟")
        >>> answer.abstained, answer.citations[0].number
        (False, 3)
    """

    def __init__(self, store, encoder, fusion: FusionConfig = FusionConfig(), answer: AnswerConfig = AnswerConfig()):
        self.store = store
        self.encoder = encoder
        self.retriever = Retriever(store, encoder, fusion)
        self.answer_config = answer

    @classmethod
    def load(cls, index_dir: Path | str | None = None, *, model: str | None = None, backend: str | None = None, files=None, show_progress: bool = False) -> "Assistant":
        """Open the index in ``index_dir`` (default: the bundled report's, built if missing or stale).

        ``model`` (default: ``$SANAD_MODEL``, else the bundled one) embeds the queries; an
        index built with another model is rebuilt with this one (its fingerprint differs).
        ``backend`` runs it (an ``index.encoders.Backend`` value; default: ``$SANAD_ENCODER``,
        else ONNX when onnxruntime is installed, else torch).
        """
        from index.build import ensure_index
        from index.encoders import EncoderConfig, load_encoder
        from index.store import IndexConfig

        config = IndexConfig(encoder=EncoderConfig(model=model, backend=backend)).resolved()
        encoder = load_encoder(config=config.encoder)  # one load serves both a build and the queries
        result = ensure_index(files, index_dir, config, show_progress=show_progress, encoder=encoder)
        # The fingerprint covers the model, so a reused index was built with this one.
        assert result.store.model_name == config.encoder.model, (result.store.model_name, config.encoder.model)
        return cls(result.store, encoder)

    @property
    def passages(self):
        return self.store.passages

    def passage(self, passage_id: str):
        """The passage with this id, or ``None``."""
        row = self.store.by_id.get(passage_id)
        return None if row is None else self.store.passages[row]

    def locate(self, part: str, doc: str | None = None, item: str | None = None) -> Located:
        """Paragraph ``part`` (``"3"``, ``"summary"``) of ``doc``, and its sub-item ``item`` (``"د/٣"``).

        ``doc`` may be left out when one document is indexed; raises ``NotFoundError``
        naming the valid values otherwise (see ``qa.address``).
        """
        return address.locate(self.passages, part, doc=doc, item=item)

    def search(self, query: str, k: int = 5, mode: Mode | str = Mode.HYBRID) -> list[Hit]:
        """The ``k`` best passages for ``query``; ``mode`` is one of ``Mode``'s values."""
        return self.retriever.search(check_query(query), check_k(k), check_mode(mode))

    def ask(self, question: str, history: Sequence = (), k: int = 5, mode: Mode | str = Mode.HYBRID) -> Answer:
        """An extractive, cited answer; ``history`` is earlier turns ``{"role", "content"}``."""
        question, k, mode = check_query(question, "question"), check_k(k), check_mode(mode)
        retrieval_query = followup.resolve(question, history)
        query_vector = self.encoder.encode_queries([retrieval_query])[0]
        hits, scores = self.retriever.search_with_scores(retrieval_query, k, mode, query_vector=query_vector)
        if scores.sentence_rows is None:  # modes other than hybrid: the composer still needs every sentence's cosine
            scores = dataclasses.replace(scores, sentence_rows=self.store.sentences.row_scores(query_vector))
        return compose(question, hits, self.store, scores, self.answer_config, retrieval_query=retrieval_query)
