"""Answers that issue 11's third answer round changed, as a user sees them in the chat (real server, Chromium).

Each case asks its question (after its history, for a follow-up) in the English or the
Arabic interface, photographs the chat into ``tests/artifacts/answers-after-<id>.png``
and checks what changed. The ``answers-before-<id>.png`` beside them were taken once
with ``photograph(..., "before")`` against a `sanad serve` of ``main`` at 998ade2
(``SANAD_E2E_URL``), the commit this branch started from.

Four are report_test questions, the only report_test answers the branch changes (all
English); the fifth (u021) is a report_dev one, the Arabic answer that changed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from tests.ui.test_e2e import ARTIFACTS, SCROLL_TO_LAST, ask, open_chat, page, server  # noqa: F401 (fixtures)

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


@dataclass(frozen=True)
class Case:
    id: str
    lang: str  # the interface's language
    question: str
    history: tuple[str, ...] = ()  # earlier questions, asked first in the same chat


CASES = (
    Case("u014", "en", "How many countries had laws criminalizing trafficking in line with the protocol by 2018?"),
    Case("u194", "en", "How many States are parties to the Trafficking in Persons Protocol?"),
    Case("u059", "en", "Has UNODC produced anything for journalists who cover trafficking?"),
    Case("u073", "en", "and when was that fund created?", ("How many victims did IOM's Global Assistance Fund help?",)),
    Case("u021", "ar", "هل ردت مصر على طلب المعلومات الذي أرسله المكتب بشأن التدابير الوطنية؟"),
)
BY_ID = {case.id: case for case in CASES}


@dataclass(frozen=True)
class Shown:
    """What the chat shows of an answer: its short answer (bold, first) and its quoted sentences."""

    short: str
    sentences: tuple[str, ...]


def photograph(page, server: str, case: Case, when: str) -> Shown:
    """Ask ``case`` in a fresh chat, save ``answers-<when>-<id>.png``, return what the answer shows."""
    open_chat(page, server, case.lang)
    for earlier in case.history:
        ask(page, earlier)
    answer = ask(page, case.question)
    page.evaluate(SCROLL_TO_LAST)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"answers-{when}-{case.id}.png"), full_page=True)
    short = answer.locator(".sanad-short")
    return Shown(short.inner_text() if short.count() else "", tuple(answer.locator(".sanad-sentence").all_inner_texts()))


LATIN_WORDS = re.compile(r"[A-Za-z]{2,}")
# An English question's quote is framed "Paragraph 42 says: «…»"; an Arabic one's is followed by "(الفقرة ٤٢)".
MARKER = re.compile(r"^Paragraph [^«]* says: «|»$|\((?:paragraph|الفقرة)[^()]*\)\s*$")


ARABIC_NUMBER = re.compile(r"[٠-٩]+")
WESTERN = str.maketrans("٠١٢٣٤٥٦٧٨٩", "0123456789")


def test_a_count_is_quoted_from_the_paragraph_that_gives_it_framed_in_english(page, server):
    """u014: the report's answer is ¶4's «١٦٨ بلداً من أصل ١٨١». What holds for a right answer: it quotes ¶4,
    framed in English, and a short answer shows each of its Arabic-Indic figures in Western digits beside it."""
    shown = photograph(page, server, BY_ID["u014"], "after")
    assert shown.sentences and shown.sentences[0].startswith("Paragraph 4 says: «"), shown
    for figure in ARABIC_NUMBER.findall(shown.short):
        assert figure.translate(WESTERN) in shown.short, shown


@pytest.mark.xfail(strict=True, reason="the chat answers «بلد واحد (1)»: the report says 168 of 181 countries (eval/results/before_after.md, Q4)")
def test_the_count_is_the_reports_168_of_181(page, server):
    shown = photograph(page, server, BY_ID["u014"], "after")
    assert "168" in shown.short and "181" in shown.short, shown


@pytest.mark.xfail(strict=True, reason="the chat answers with a count of some other group of States (9 or 3): the report gives no count of parties (u194 is unanswerable)")
def test_a_question_the_report_does_not_answer_is_not_answered_with_a_count(page, server):
    """u194 (how many States are parties to the protocol) is unanswerable: the report gives no such total."""
    open_chat(page, server, "en")
    answer = ask(page, BY_ID["u194"].question)
    page.evaluate(SCROLL_TO_LAST)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "answers-after-u194.png"), full_page=True)
    assert answer.locator(".sanad-abstain").count() == 1 and answer.locator(".sanad-short").count() == 0, answer.inner_text()


def test_an_english_question_does_not_quote_a_sentence_for_its_latin_words(page, server):
    shown = photograph(page, server, BY_ID["u073"], "after")
    assert shown.sentences, shown
    for sentence in shown.sentences:
        assert len(LATIN_WORDS.findall(MARKER.sub("", sentence))) < 2, shown


def test_journalists_get_the_toolkit_for_journalists(page, server):
    """u059 was the second case of the Latin-words test while ¶42's English title stood apart from its
    brackets. Since PARSER_VERSION report-15 the title is back inside them, in the very sentence that
    names the toolkit for journalists, so quoting Latin words is right here: the answer is that sentence."""
    shown = photograph(page, server, BY_ID["u059"], "after")
    assert any("أدوات للصحفيين" in sentence and sentence.startswith("Paragraph 42 ") for sentence in shown.sentences), shown


def test_a_question_naming_egypt_quotes_the_sentence_naming_it(page, server):
    shown = photograph(page, server, BY_ID["u021"], "after")
    assert len(shown.sentences) == 1 and "مصر" in shown.sentences[0] and shown.sentences[0].endswith("(الفقرة ٦)"), shown
