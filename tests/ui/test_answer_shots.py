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
# The marker after a quote names its paragraph in the interface's language ("(paragraph 42)").
MARKER = re.compile(r"\((?:paragraph|الفقرة)[^()]*\)\s*$")


@pytest.mark.parametrize(("case_id", "digits"), [("u014", "(1)"), ("u194", "(9)")])
def test_a_count_in_words_gets_its_digits(page, server, case_id, digits):
    shown = photograph(page, server, BY_ID[case_id], "after")
    assert shown.short.endswith(digits), shown


@pytest.mark.parametrize("case_id", ["u059", "u073"])
def test_an_english_question_does_not_quote_a_sentence_for_its_latin_words(page, server, case_id):
    shown = photograph(page, server, BY_ID[case_id], "after")
    assert shown.sentences, shown
    for sentence in shown.sentences:
        assert len(LATIN_WORDS.findall(MARKER.sub("", sentence))) < 2, shown


def test_a_question_naming_egypt_quotes_the_sentence_naming_it(page, server):
    shown = photograph(page, server, BY_ID["u021"], "after")
    assert len(shown.sentences) == 1 and "مصر" in shown.sentences[0] and shown.sentences[0].endswith("(الفقرة ٦)"), shown
