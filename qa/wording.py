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


_ARABIC_DIGITS = str.maketrans("0123456789,", "٠١٢٣٤٥٦٧٨٩٬")


def number(value: int, language: Language, grouped: bool = True) -> str:
    """``1,234`` in English, ``١٬٢٣٤`` in Arabic (``grouped=False``: ``2019``, ``٢٠١٩``)."""
    text = f"{value:,}" if grouped else str(value)
    return text.translate(_ARABIC_DIGITS) if language is Language.ARABIC else text


def pick_language(choice: str | None, accept_language: str | None) -> Language:
    """The user's own choice if any, else the first of Arabic and English in an ``Accept-Language`` header.

    A header that prefers neither gets English.

    >>> pick_language(None, "ar-EG,ar;q=0.9,en;q=0.8").value, pick_language("en", "ar").value
    ('ar', 'en')
    >>> pick_language("", "fr-FR,fr;q=0.9,en;q=0.5").value, pick_language(None, None).value
    ('en', 'en')
    """
    for value in (choice or "").strip().lower(), *_preferred(accept_language or ""):
        for language in Language:
            if value == language.value or value.startswith(language.value + "-"):
                return language
    return Language.ENGLISH


def _preferred(header: str) -> list[str]:
    """The header's language tags, most preferred first."""
    ranked = []
    for position, part in enumerate(header.split(",")):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        if tag:
            ranked.append((-quality, position, tag.strip().lower()))
    return [tag for _, _, tag in sorted(ranked)]


def language_of(question: str) -> Language:
    """Arabic if the question has an Arabic letter, else English (the UI's other language)."""
    return Language.ARABIC if arabic.has_arabic(question) else Language.ENGLISH


def paragraph_label(language: Language, number: int | None, item: tuple[str, ...] = (), doc: str = "") -> str:
    """A source as the interface in ``language`` names it: ``الفقرة ١٣٩ (د) ‘٣’`` / ``paragraph 139 (د) ‘٣’``.

    The item letters stay the report's own (Arabic) in both: they are how the report addresses them.

    ``doc`` (a document id, when several are indexed) goes first: ``A/74/123, paragraph 3``.

    >>> paragraph_label(Language.ENGLISH, 3), paragraph_label(Language.ARABIC, 3), paragraph_label(Language.ENGLISH, None)
    ('paragraph 3', 'الفقرة ٣', 'the summary')
    >>> paragraph_label(Language.ENGLISH, 3, doc="A/74/123")
    'A/74/123, paragraph 3'
    """
    if language is Language.ARABIC:
        return citation_label(number, item, doc)
    if number is None:
        label = "the summary"
    else:
        label = f"paragraph {number}" + (f" ({item[0]})" + "".join(f" ‘{part}’" for part in item[1:]) if item else "")
    return f"{doc}, {label}" if doc else label


def english_label(citation: Citation) -> str:
    """``Paragraph 139 (د) ‘٣’`` / ``The summary`` / ``A/74/123, paragraph 3``: how an English answer's sentence opens on a source."""
    label = paragraph_label(Language.ENGLISH, citation.number, citation.item, citation.doc)
    return label if citation.doc else label[0].upper() + label[1:]


def says(label: str) -> str:
    """How an English answer opens a run of quotes from the source ``label`` names: ``Paragraph 3 says:``."""
    return f"{label} says:"


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
            parts.append(f"{says(english_label(run[0]))} «{quotes}»")
        else:
            parts.append(f"{quotes} ({citation_label(run[0].number, run[0].item, run[0].doc)})")
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


class Refusal(enum.Enum):
    """Why a question, a query or an option was refused (``qa.inputs.InputError``)."""

    EMPTY = "empty"
    TOO_LONG = "too-long"
    K = "k"
    MODE = "mode"
    DOC = "doc"


# What was refused, named in each language: the ``{what}`` of a refusal.
_WHAT = {
    Language.ENGLISH: {"question": "question", "query": "query", "comment": "comment"},
    Language.ARABIC: {"question": "السؤال", "query": "نص البحث", "comment": "التعليق"},
}
REFUSALS = {
    Language.ENGLISH: {
        Refusal.EMPTY: "the {what} is empty",
        Refusal.TOO_LONG: "the {what} has {count} characters; the limit is {limit}",
        Refusal.K: "k must be an integer from 1 to {limit}, got {value}",
        Refusal.MODE: "unknown mode {value}. Use one of the supported values: [{valid}]",
        Refusal.DOC: "unknown document {value}. Use one of the indexed documents: [{valid}]",
    },
    Language.ARABIC: {
        Refusal.EMPTY: "{what} فارغ",
        Refusal.TOO_LONG: "عدد أحرف {what} {count} والحد الأقصى {limit}",
        Refusal.K: "يجب أن يكون k عدداً صحيحاً من ١ إلى {limit}، والقيمة المرسلة {value}",
        Refusal.MODE: "طريقة البحث {value} غير معروفة. استخدم إحدى القيم المتاحة: [{valid}]",
        Refusal.DOC: "المستند {value} غير موجود. استخدم أحد المستندات المفهرسة: [{valid}]",
    },
}


def refusal(language: Language, why: Refusal, what: str = "question", **values) -> str:
    """A refusal's message in ``language``; integer values are written its way.

    >>> refusal(Language.ENGLISH, Refusal.TOO_LONG, count=2001, limit=2000)
    'the question has 2,001 characters; the limit is 2,000'
    >>> refusal(Language.ARABIC, Refusal.TOO_LONG, "query", count=2001, limit=2000)
    'عدد أحرف نص البحث ٢٬٠٠١ والحد الأقصى ٢٬٠٠٠'
    """
    written = {k: number(v, language) if isinstance(v, int) and not isinstance(v, bool) else v for k, v in values.items()}
    return REFUSALS[language][why].format(what=_WHAT[language][what], **written)
