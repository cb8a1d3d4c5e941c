"""The public Python API: ``Assistant.load()``, ``.search()``, ``.ask()``."""

from __future__ import annotations

import dataclasses
import logging
import threading
from collections.abc import Sequence
from pathlib import Path

from index.common import SanadError
from index.encoders.batching import BatchConfig, BatchingEncoder
from qa import address, followup, off_topic
from qa.address import Located
from qa.answer import AnswerConfig, compose
from qa.inputs import MAX_QUERY_CHARS, check_docs, check_k, check_mode, check_query
from qa.results import Answer, Hit
from qa.retriever import FusionConfig, Mode, Retriever

__all__ = ["MAX_QUERY_CHARS", "Assistant", "check_query"]

log = logging.getLogger(__name__)


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

    def __init__(self, store, encoder, fusion: FusionConfig = FusionConfig(), answer: AnswerConfig = AnswerConfig(), library=None):
        self.encoder = encoder
        self.fusion = fusion
        self.answer_config = answer
        self.library = library  # an ``index.library.Library`` when documents can be added, else None
        self._reloading = threading.Lock()
        self._generation = library.generation() if library is not None else None
        self._use(store)

    def _use(self, store, generation=None) -> None:
        # One assignment: a request running meanwhile keeps the store and retriever it started with.
        # The bridge's word vectors depend on the encoder alone: a new store keeps the ones embedded.
        words = self._held[1].words if hasattr(self, "_held") else None
        self._held = (store, Retriever(store, self.encoder, self.fusion, words=words))
        if self.library is not None:
            self._generation = generation if generation is not None else self.library.generation()

    @property
    def _state(self):
        """The store and retriever, reloaded first if another process (``sanad add`` in another shell)
        changed the library since: one ``stat`` of its catalog per call."""
        if self.library is not None and self.library.generation() not in (None, self._generation):
            self._reload()
        return self._held

    def _reload(self) -> None:
        if not self._reloading.acquire(blocking=False):
            return  # another request is reloading it; this one is served by the store it has
        try:
            generation = self.library.generation()
            if generation is None or generation == self._generation:
                return
            try:
                store = self.library.open(self._held[0].manifest.config, lambda: self.encoder)
            except (OSError, SanadError) as exc:  # swapped again while it was read: the next call retries
                log.warning("the library changed but could not be read yet (%s)", exc)
                return
            if store is None:
                from index.build import ensure_index

                store = ensure_index(None, None, self._held[0].manifest.config, encoder=self.encoder).store
            self._use(store, generation)
            log.info("the library changed: %d documents, %d passages", len(self._known_docs(store)), len(store.passages))
        finally:
            self._reloading.release()

    @property
    def store(self):
        return self._state[0]

    @property
    def retriever(self) -> Retriever:
        return self._state[1]

    @classmethod
    def load(
        cls,
        index_dir: Path | str | None = None,
        *,
        model: str | None = None,
        backend: str | None = None,
        files=None,
        show_progress: bool = False,
        query_batch: BatchConfig | None = None,
    ) -> "Assistant":
        """Open the library in ``$SANAD_HOME`` (``sanad add``), or the bundled report's index when it is empty;
        ``index_dir`` or ``files`` open that index instead (built if missing or stale), with no library.

        ``model`` (default: ``$SANAD_MODEL``, else the bundled one) embeds the queries; an
        index built with another model is rebuilt with this one (its fingerprint differs).
        ``backend`` runs it (an ``index.encoders.Backend`` value; default: ``$SANAD_ENCODER``,
        else ONNX when onnxruntime is installed, else torch).
        ``query_batch`` embeds the queries of concurrent calls together
        (``index.encoders.batching``; a server passes it): ``None`` embeds each alone.
        """
        from index.build import ensure_index
        from index.encoders import EncoderConfig, load_encoder
        from index.library import Library
        from index.store import IndexConfig

        config = IndexConfig(encoder=EncoderConfig(model=model, backend=backend)).resolved()
        encoder = load_encoder(config=config.encoder)  # one load serves both a build and the queries
        library = Library() if index_dir is None and files is None else None
        store = library.open(config, lambda: encoder) if library is not None else None
        if store is None:
            store = ensure_index(files, index_dir, config, show_progress=show_progress, encoder=encoder).store
        # The fingerprint covers the model, so a reused index was built with this one.
        assert store.model_name == config.encoder.model, (store.model_name, config.encoder.model)
        if query_batch is not None:
            encoder = BatchingEncoder(encoder, query_batch)
        return cls(store, encoder, library=library)

    def _library(self):
        if self.library is None:
            from index.common import SanadError

            raise SanadError("this assistant serves a fixed index (--index-dir or files given), not the library")
        return self.library

    def add(self, paths, progress=None):
        """Add files to the library (the bundled report first when it is empty) and search them from now on.

        Returns ``index.library.Added``: the documents added and one line per file refused.
        ``progress(share, note)`` is told how far it got.
        """
        from index.documents import bundled_report_path

        added = self._library().add(
            paths, self.store.manifest.config, lambda: self.encoder, progress, seed=bundled_report_path(), reuse=self.store
        )
        if added.store is not None:
            self._use(added.store)
        return added

    def remove(self, doc_id: str) -> None:
        """Take a document out of the library; with none left, the bundled report is searched again."""
        store = self._library().remove(doc_id, self.store.manifest.config)
        if store is None:
            from index.build import ensure_index

            store = ensure_index(None, None, self.store.manifest.config, encoder=self.encoder).store
        self._use(store)

    def documents(self) -> list:
        """What each searchable document is (``qa.catalog.DocumentInfo``), in index order."""
        from qa.catalog import describe

        return describe(self.passages)

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

    def _known_docs(self, store) -> list[str]:
        return list(dict.fromkeys(p.doc.id for p in store.passages))

    def search(self, query: str, k: int = 5, mode: Mode | str = Mode.HYBRID, docs: Sequence[str] | None = None) -> list[Hit]:
        """The ``k`` best passages for ``query``; ``mode`` is one of ``Mode``'s values.

        ``docs`` (document ids, ``documents()``) keeps the passages of those documents only.
        """
        store, retriever = self._state
        docs = check_docs(docs, self._known_docs(store))
        return retriever.search(check_query(query), check_k(k), check_mode(mode), docs=docs)

    def ask(self, question: str, history: Sequence = (), k: int = 5, mode: Mode | str = Mode.HYBRID, docs: Sequence[str] | None = None) -> Answer:
        """An extractive, cited answer; ``history`` is earlier turns ``{"role", "content"}``; ``docs`` as in ``search``."""
        store, retriever = self._state
        question, k, mode = check_query(question, "question"), check_k(k), check_mode(mode)
        docs = check_docs(docs, self._known_docs(store))
        retrieval_query = followup.resolve(question, history)
        query_vector = retriever.query_vector(retrieval_query, mode, docs)  # with the bridge's new words
        hits, scores = retriever.search_with_scores(retrieval_query, k, mode, query_vector=query_vector, docs=docs)
        if scores.sentence_rows is None:  # modes other than hybrid: the composer still needs every sentence's cosine
            scores = dataclasses.replace(scores, sentence_rows=store.sentences.row_scores(query_vector))
        scores = dataclasses.replace(scores, background=off_topic.cosine(self.encoder, query_vector, hits))
        return compose(question, hits, store, scores, self.answer_config, retrieval_query=retrieval_query)
