"""What a caller may pass to search and ask, checked in one place (Python API, CLI and HTTP alike).

Every check raises ``OptionError`` with a message the caller can act on; the
HTTP schemas and the CLI read their limits from here.
"""

from __future__ import annotations

import enum

from index.common import OptionError, parse_enum

MAX_K = 50
MAX_QUERY_CHARS = 2000


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
        raise OptionError(f"the {what} is empty")
    if len(text) > MAX_QUERY_CHARS:
        raise OptionError(f"the {what} has {len(text):,} characters; the limit is {MAX_QUERY_CHARS:,}")
    return text.strip()


def check_k(k) -> int:
    """``k`` if it is an integer from 1 to ``MAX_K`` (a bool is not one)."""
    if not isinstance(k, int) or isinstance(k, bool) or not 1 <= k <= MAX_K:
        raise OptionError(f"k must be an integer from 1 to {MAX_K}, got {k!r}")
    return k


def check_mode(mode: Mode | str) -> Mode:
    """``mode`` as a ``Mode``; the error lists the valid values."""
    return parse_enum(Mode, mode, "mode")
