"""What an answer says when it quotes nothing, in Arabic and in English.

``qa.answer`` writes an abstention's ``text`` in Arabic (the report's language);
a reader in another language gets the same message from the same fields
(``Answer.missing`` and the closest hits) through :func:`abstention`.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence

from index.common import parse_enum


class Language(enum.Enum):
    """The languages Sanad speaks: its messages, the chat's interface."""

    AR = "ar"
    EN = "en"


NO_ANSWER = {
    Language.AR: "لا يبدو أن التقرير يجيب عن هذا السؤال.",
    Language.EN: "The report does not seem to answer this question.",
}
NOT_MENTIONED = {
    Language.AR: "لا تذكر الفقرات الأقرب إليه: {names}.",
    Language.EN: "The closest paragraphs do not mention {names}.",
}
CLOSEST = {
    Language.AR: "أقرب الفقرات إليه:",
    Language.EN: "Closest paragraphs:",
}
_LIST_SEPARATOR = {Language.AR: "، ", Language.EN: ", "}


def names(values: Sequence[str], language: Language | str = Language.AR) -> str:
    """Quoted names joined the language's way: ``«Fiji»، «2018»``."""
    language = parse_enum(Language, language, "language")
    return _LIST_SEPARATOR[language].join(f"«{value}»" for value in values)


def abstention(missing: Sequence[str] = (), closest: Sequence[str] = (), language: Language | str = Language.AR) -> str:
    """The whole abstention: that the report does not answer, what it lacks, and the closest paragraphs.

    >>> abstention(["Fiji"], ["الفقرة ٣"], "en")
    'The report does not seem to answer this question. The closest paragraphs do not mention «Fiji». Closest paragraphs: الفقرة ٣.'
    >>> abstention([], ["الفقرة ٣", "الفقرة ٤"])
    'لا يبدو أن التقرير يجيب عن هذا السؤال. أقرب الفقرات إليه: الفقرة ٣، الفقرة ٤.'
    """
    language = parse_enum(Language, language, "language")
    parts = [NO_ANSWER[language]]
    if missing:
        parts.append(NOT_MENTIONED[language].format(names=names(missing, language)))
    if closest:
        parts.append(f"{CLOSEST[language]} {_LIST_SEPARATOR[language].join(closest)}.")
    return " ".join(parts)


__all__ = ["Language", "abstention", "names", "NO_ANSWER", "NOT_MENTIONED", "CLOSEST"]
