"""Feedback lines: one per vote, in $SANAD_HOME/feedback.jsonl, with the answer and its citations."""

from __future__ import annotations

import json

import pytest

from index.errors import OptionError
from qa.feedback import Vote, default_feedback_path, record_feedback

ANSWER = {
    "question": "متى صدقت اليابان على البروتوكول؟",
    "answer": "واليابان (١١ تموز/يوليه ٢٠١٧). (الفقرة ٣)",
    "abstained": False,
    "confidence": 0.9,
    "citations": [{"id": "a74/3", "number": 3, "quote": "واليابان (١١ تموز/يوليه ٢٠١٧).", "start": 10, "end": 40, "item": [], "label": "الفقرة ٣"}],
    "hits": [{"id": "a74/3"}, {"id": "a74/4"}],
}


def test_each_vote_appends_one_line(tmp_path):
    path = tmp_path / "feedback.jsonl"
    assert record_feedback(ANSWER, "up", path) == path
    record_feedback(ANSWER, Vote.DOWN, path)
    lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert [line["vote"] for line in lines] == ["up", "down"]
    first = lines[0]
    assert first["question"] == ANSWER["question"] and first["answer"] == ANSWER["answer"]
    assert first["citations"] == ANSWER["citations"]
    assert first["retrieved"] == ["a74/3", "a74/4"]
    assert first["timestamp"].endswith("+00:00")


def test_default_path_is_under_sanad_home(tmp_path, monkeypatch):
    monkeypatch.setenv("SANAD_HOME", str(tmp_path / "home"))
    assert default_feedback_path() == tmp_path / "home" / "feedback.jsonl"
    assert record_feedback(ANSWER, "down") == tmp_path / "home" / "feedback.jsonl"


def test_unknown_vote_lists_the_valid_ones(tmp_path):
    with pytest.raises(OptionError, match=r"\['up', 'down'\]"):
        record_feedback(ANSWER, "meh", tmp_path / "f.jsonl")
    assert not (tmp_path / "f.jsonl").exists()


def test_rejects_what_is_not_an_answer(tmp_path):
    with pytest.raises(OptionError, match="Answer.to_json"):
        record_feedback({"text": "x"}, "up", tmp_path / "f.jsonl")
