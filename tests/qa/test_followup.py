"""Follow-ups: which questions lean on the conversation, and what ``ask`` does with them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from qa.followup import is_follow_up, read, resolve

HISTORY = [
    {"role": "user", "content": "متى صدقت فيجي على بروتوكول الاتجار بالأشخاص؟"},
    {"role": "assistant", "content": "… (الفقرة ٣)"},
]
QUESTIONS = Path(__file__).resolve().parents[2] / "eval" / "data" / "report_questions.jsonl"


def _with_history() -> list[dict]:
    rows = [json.loads(line) for line in QUESTIONS.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [row for row in rows if row.get("history")]


def test_short_follow_ups_join_the_last_user_question():
    assert resolve("وماذا عن اليابان؟", HISTORY) == "متى صدقت فيجي على بروتوكول الاتجار بالأشخاص؟ وماذا عن اليابان؟"
    english = [("user", "How many victims were detected in 2016?"), ("assistant", "…")]
    assert resolve("and in 2018?", english) == "How many victims were detected in 2016? and in 2018?"


@pytest.mark.parametrize("question", ["What about Fiji?", "وماذا عن اليابان؟", "and when was that?", "Japan?", "وفي عام ٢٠١٨؟"])
def test_follow_ups(question):
    reading = read(question, HISTORY)
    assert reading.is_follow_up and reading.previous == HISTORY[0]["content"]


@pytest.mark.parametrize(
    "question",
    [
        "ما هي الأولويات المواضيعية لصندوق الأمم المتحدة الاستئماني؟",
        "وما هي الأولويات المواضيعية لصندوق الأمم المتحدة الاستئماني؟",  # Arabic opens sentences with و
        "How many countries had legislation criminalizing trafficking in persons?",
        "And how many countries had legislation criminalizing trafficking in persons?",
        "When did ICAT hold its first meeting?",  # "its" points inside the question
        "What is the purpose of this report?",  # "this" before a noun
        "thanks",
        "مرحبا",
    ],
)
def test_questions_with_a_topic_of_their_own_stand_alone(question):
    assert not is_follow_up(question)
    assert resolve(question, HISTORY) == question


@pytest.mark.parametrize("row", _with_history(), ids=lambda row: row["id"])
def test_the_bundled_conversations(row):
    """Every written follow-up is read as one (answerable or not); a new topic asked second is not."""
    leans = row["kind"] in ("followup", "unanswerable")
    assert is_follow_up(row["question"]) == leans, row["question"]


def test_without_history_nothing_changes():
    assert resolve("وماذا عن اليابان؟", []) == "وماذا عن اليابان؟"
    assert not read("وماذا عن اليابان؟", []).is_follow_up


def test_the_bundled_set_has_both_kinds():
    rows = _with_history()
    assert sum(r["kind"] == "followup" for r in rows) >= 20
    assert sum(r["kind"] not in ("followup", "unanswerable") for r in rows) >= 2
