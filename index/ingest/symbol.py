"""A UN document symbol (``A/74/123``, ``S/2019/456``, ``E/CN.15/2019/5``) on a document's cover.

The symbol names the document (its id, and what a citation shows); a resolution
symbol (``A/RES/74/176``) names another document, so it is never taken. Only the
cover is read: the body cites other documents' symbols.
"""

from __future__ import annotations

import re

# A/74/123, A/HRC/41/12, S/2019/123, E/CN.15/2019/5, A/74/L.5, A/74/150/Add.1; never A/RES/….
SYMBOL = re.compile(
    r"(?<![\w/])(?:A|E|S|ST|UNEP|TD|DP|CRC|CEDAW|HRC)/(?!RES/)"
    r"(?:[A-Z]+(?:\.\d+)?/)*\d{2,4}/(?:[A-Z]+\.)?\d+(?:/(?:Add|Rev|Corr)\.\d+)*(?![\w/])"
)
COVER_LINES = 40


def find_symbol(lines: list[str]) -> str | None:
    """The first document symbol on the cover (the first ``COVER_LINES`` non-blank lines).

    >>> find_symbol(["A/74/150", "Distr.: General"]), find_symbol(["A/RES/74/176"])
    ('A/74/150', None)
    """
    cover = [line for line in lines if line.strip()][:COVER_LINES]
    for line in cover:
        match = SYMBOL.search(line)
        if match:
            return match.group(0)
    return None


def symbol_doc_id(symbol: str) -> str:
    """The document id a symbol gives: lower case, ``/`` to ``-`` (``A/74/150`` → ``a-74-150``)."""
    return symbol.lower().replace("/", "-")
