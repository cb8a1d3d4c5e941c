"""Sanad's question-answering API: an index (``index``) in, cited answers out. Imports ``index`` only.

Layout: ``assistant`` (the public ``Assistant``) over ``retriever`` (BM25, dense and
their ``fusion``; ``word_cache`` keeps the bridge's word vectors) and ``answer`` (the extractive answer: ``short``, ``constraints``
with ``demonyms``, ``cities`` and ``bodies``, ``counted`` (what a count counts), ``clause`` (the clauses of a long sentence around its phrase), ``english``, worded by ``wording``); ``inputs`` checks what a caller passes,
``results`` types what comes back; ``followup`` reads a question in its conversation;
``address`` and ``catalog`` name passages and documents; ``library`` adds and removes them; ``api``, ``schemas``,
``http_errors``, ``body_limit`` and ``docs`` are the HTTP API; ``render`` the terminal's
text; ``feedback`` the votes log.

>>> from qa import Assistant, Mode
"""

from qa.assistant import Assistant
from qa.results import Answer, Citation, Hit
from qa.retriever import Mode

__all__ = ["Assistant", "Answer", "Citation", "Hit", "Mode"]
