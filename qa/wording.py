"""How an answer reads: in the question's language, the short answer first, one citation per paragraph run.

An Arabic question gets the report's sentences, each paragraph's run followed by
its label (``… (الفقرة ٣)``). An English question gets the same quotes framed in
English (``Paragraph 3 says: «…»``): the quote stays Arabic, the short answer is
rendered in English where that is exact (``qa.english``). The phrase that
answers is marked ``**…**`` inside its sentence.

It is also the one owner of what an answer says when it quotes nothing (an
abstention), in both languages: ``qa.answer`` writes an answer's ``text`` with
it, and ``ui.render`` words the same fields in the interface's language.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass

from index import arabic
from index.common import parse_enum
from qa.results import Citation, citation_label


class Language(enum.Enum):
    """The languages Sanad speaks: an answer's (the question's) and the chat interface's."""

    ARABIC = "ar"
    ENGLISH = "en"


def language_of(question: str) -> Language:
    """Arabic if the question has an Arabic letter, else English (the UI's other language)."""
    return Language.ARABIC if arabic.has_arabic(question) else Language.ENGLISH


def paragraph_label(language: Language, number: int | None, item: tuple[str, ...] = ()) -> str:
    """A source as the interface in ``language`` names it: ``الفقرة ١٣٩ (د) ‘٣’`` / ``paragraph 139 (د) ‘٣’``.

    The item letters stay the report's own (Arabic) in both: they are how the report addresses them.

    >>> paragraph_label(Language.ENGLISH, 3), paragraph_label(Language.ARABIC, 3), paragraph_label(Language.ENGLISH, None)
    ('paragraph 3', 'الفقرة ٣', 'the summary')
    """
    if language is Language.ARABIC:
        return citation_label(number, item)
    if number is None:
        return "the summary"
    return f"paragraph {number}" + (f" ({item[0]})" + "".join(f" ‘{part}’" for part in item[1:]) if item else "")


def english_label(citation: Citation) -> str:
    """``Paragraph 139 (د) ‘٣’`` / ``The summary``: how an English answer's sentence opens on a source."""
    label = paragraph_label(Language.ENGLISH, citation.number, citation.item)
    return label[0].upper() + label[1:]


def runs(citations: Sequence[Citation]) -> list[list[Citation]]:
    """Consecutive citations of the same passage and sub-item, grouped: each run is cited once."""
    grouped: list[list[Citation]] = []
    for citation in citations:
        if grouped and (grouped[-1][-1].id, grouped[-1][-1].item) == (citation.id, citation.item):
            grouped[-1].append(citation)
        else:
            grouped.append([citation])
    return grouped


def answer_text(language: Language, short: str, citations: Sequence[Citation]) -> str:
    """The answer as text: ``**short**`` on its own line (when there is one), then the quotes.

    >>> c = Citation("d#3", 3, "صدقت اليابان في ١١ تموز/يوليه ٢٠١٧.", 0, 35, highlight=(16, 34))
    >>> print(answer_text(Language.ARABIC, "١١ تموز/يوليه ٢٠١٧", [c]))
    **١١ تموز/يوليه ٢٠١٧**
    صدقت اليابان في **١١ تموز/يوليه ٢٠١٧**. (الفقرة ٣)
    >>> print(answer_text(Language.ENGLISH, "11 July 2017", [c]))
    **11 July 2017**
    Paragraph 3 says: «صدقت اليابان في **١١ تموز/يوليه ٢٠١٧**.»
    """
    parts = []
    for run in runs(citations):
        quotes = " ".join(c.marked() for c in run)
        if language is Language.ENGLISH:
            parts.append(f"{english_label(run[0])} says: «{quotes}»")
        else:
            parts.append(f"{quotes} ({citation_label(run[0].number, run[0].item)})")
    body = " ".join(parts) if language is Language.ARABIC else "\n".join(parts)
    return f"**{short}**\n{body}" if short else body


@dataclass(frozen=True)
class Words:
    """What an answer says when it quotes nothing, in one language (every language has every field)."""

    nothing_to_find: str  # input with no content word
    not_answered: str  # a question about the report that it does not answer
    not_mentioned: str  # ... and the names the closest paragraphs lack: ``{names}``
    closest: str  # heading of the closest paragraphs' list
    separator: str  # between list items


WORDS = {
    Language.ARABIC: Words(
        nothing_to_find="لم أجد هذا في التقرير. جرّب أن تعيد صياغة سؤالك بكلمات من موضوع التقرير.",
        not_answered="لا يبدو أن التقرير يجيب عن هذا السؤال.",
        not_mentioned="لا تذكر الفقرات الأقرب إليه: {names}.",
        closest="أقرب الفقرات إليه:",
        separator="، ",
    ),
    Language.ENGLISH: Words(
        nothing_to_find="I could not find this in the report. Try rephrasing your question with words about the report's topic.",
        not_answered="The report does not seem to answer this question.",
        not_mentioned="The closest paragraphs do not mention {names}.",
        closest="Closest paragraphs:",
        separator=", ",
    ),
}


def nothing_to_find(question: str) -> str:
    """For input with no content word: in its language, both when it has no letters at all (emoji, "?!")."""
    if arabic.has_arabic(question):
        return WORDS[Language.ARABIC].nothing_to_find
    if any(ch.isalpha() for ch in question):
        return WORDS[Language.ENGLISH].nothing_to_find
    return f"{WORDS[Language.ARABIC].nothing_to_find}\n{WORDS[Language.ENGLISH].nothing_to_find}"


def names(values: Sequence[str], language: Language | str = Language.ARABIC) -> str:
    """Quoted names joined the language's way: ``«Fiji»، «2018»``."""
    language = parse_enum(Language, language, "language")
    return WORDS[language].separator.join(f"«{value}»" for value in values)


def not_answered_reason(language: Language | str, missing: Sequence[str] = ()) -> str:
    """That the report does not answer, and what the closest paragraphs lack (when the question names it)."""
    language = parse_enum(Language, language, "language")
    text = WORDS[language].not_answered
    if missing:
        text += " " + WORDS[language].not_mentioned.format(names=names(missing, language))
    return text


def closest_label(language: Language, number: int | None) -> str:
    """A closest paragraph as an abstention lists it: ``الفقرة ٨١`` / ``81``, ``الملخص`` / ``summary``."""
    if language is Language.ENGLISH:
        return "summary" if number is None else str(number)
    return citation_label(number)


def not_answered(language: Language | str, closest: Sequence[int | None] = (), missing: Sequence[str] = ()) -> str:
    """An abstention on a question about the report: what the closest paragraphs lack, and which they are.

    >>> not_answered(Language.ENGLISH, [81, 55], ["Libya"])
    'The report does not seem to answer this question. The closest paragraphs do not mention «Libya». Closest paragraphs: 81, 55.'
    >>> not_answered("ar", [3, 4])
    'لا يبدو أن التقرير يجيب عن هذا السؤال. أقرب الفقرات إليه: الفقرة ٣، الفقرة ٤.'
    """
    language = parse_enum(Language, language, "language")
    text = not_answered_reason(language, missing)
    if closest:
        words = WORDS[language]
        text += f" {words.closest} " + words.separator.join(closest_label(language, n) for n in closest) + "."
    return text
