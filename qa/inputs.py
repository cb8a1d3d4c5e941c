"""What a caller may pass to search and ask, checked in one place (Python API, CLI and HTTP alike).

Every check raises ``InputError`` (an ``OptionError``) with a message the
caller can act on, in English as ``str(error)`` and in either language by
``error.in_language``: the chat shows it in its interface's language, the HTTP
API in Arabic to a request that asks for it. The HTTP schemas and the CLI read
their limits from here.
"""

from __future__ import annotations

import enum

from index.common import OptionError, parse_enum, valid_values
from qa.wording import Language, Refusal, refusal

MAX_K = 50
MAX_QUERY_CHARS = 2000


class InputError(OptionError):
    """A refused question, query or option, worded in any language (``qa.wording.REFUSALS``)."""

    def __init__(self, why: Refusal, what: str = "question", **values):
        self.why, self.what, self.values = why, what, values
        super().__init__(self.in_language(Language.ENGLISH))

    def in_language(self, language: Language) -> str:
        return refusal(language, self.why, self.what, **self.values)

    def __reduce__(self):  # a copy (Gradio's session state) is rebuilt from the fields, not the English message
        return (_input_error, (self.why, self.what, self.values))


def _input_error(why: Refusal, what: str, values: dict) -> InputError:
    return InputError(why, what, **values)


class Mode(enum.Enum):
    """Retrieval modes: ``hybrid`` is the default; ``rrf`` is the naive-fusion baseline."""

    HYBRID = "hybrid"
    BM25 = "bm25"
    DENSE = "dense"
    RRF = "rrf"


def check_query(text: str, what: str = "query") -> str:
    """``text`` stripped; refuses what no search can use.

    >>> check_query("  متى؟ ")
    'متى؟'
    """
    if not isinstance(text, str) or not text.strip():
        raise InputError(Refusal.EMPTY, what)
    if len(text) > MAX_QUERY_CHARS:
        raise InputError(Refusal.TOO_LONG, what, count=len(text), limit=MAX_QUERY_CHARS)
    return text.strip()


def check_k(k) -> int:
    """``k`` if it is an integer from 1 to ``MAX_K`` (a bool is not one)."""
    if not isinstance(k, int) or isinstance(k, bool) or not 1 <= k <= MAX_K:
        raise InputError(Refusal.K, limit=MAX_K, value=repr(k))
    return k


def check_docs(docs, known) -> frozenset[str] | None:
    """The document ids a search is restricted to (``None``: every document; so is an empty list).

    ``docs`` is a list (or tuple, set) of ids, each one of ``known``; the error lists them.

    >>> sorted(check_docs(["b"], ["a", "b"])), check_docs([], ["a"]) is None
    (['b'], True)
    """
    if docs is None:
        return None
    known = sorted(set(known))
    if isinstance(docs, str) or not all(isinstance(d, str) for d in docs):
        raise InputError(Refusal.DOC, value=repr(docs), valid=", ".join(map(repr, known)))
    for doc in docs:
        if doc not in known:
            raise InputError(Refusal.DOC, value=repr(doc), valid=", ".join(map(repr, known)))
    return frozenset(docs) or None


def check_mode(mode: Mode | str) -> Mode:
    """``mode`` as a ``Mode``; the error lists the valid values."""
    try:
        return parse_enum(Mode, mode, "mode")
    except OptionError:
        raise InputError(Refusal.MODE, value=repr(mode), valid=valid_values(Mode)) from None
