"""Feedback lines: one per vote, in $SANAD_HOME/feedback.jsonl, with the answer and its citations."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from index.common import OptionError
from qa.feedback import MAX_COMMENT_CHARS, Vote, default_feedback_path, read_feedback, record_feedback, withdraw_feedback

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


def test_one_vote_per_answer_changed_and_commented(tmp_path):
    path = tmp_path / "feedback.jsonl"
    record_feedback(ANSWER, "up", path, answer_id="a1")
    record_feedback(ANSWER, "down", path, answer_id="a1")
    record_feedback(ANSWER, "down", path, answer_id="a1", comment="  the date is for Fiji, not Japan  ")
    record_feedback(ANSWER, "up", path, answer_id="a2")
    assert [(r["id"], r["vote"], r["comment"]) for r in read_feedback(path)] == [
        ("a1", "down", "the date is for Fiji, not Japan"),
        ("a2", "up", None),
    ]
    assert withdraw_feedback("a1", path) and not withdraw_feedback("a1", path)
    assert [r["id"] for r in read_feedback(path)] == ["a2"]


def test_an_overlong_comment_is_refused_with_the_limit(tmp_path):
    with pytest.raises(OptionError, match=f"limit is {MAX_COMMENT_CHARS:,}"):
        record_feedback(ANSWER, "down", tmp_path / "f.jsonl", answer_id="a", comment="x" * (MAX_COMMENT_CHARS + 1))


def _vote_many(path, worker: int, answers: int) -> None:
    for n in range(answers):
        record_feedback(ANSWER, "up", path, answer_id=f"w{worker}-{n}")
        record_feedback(ANSWER, "down", path, answer_id=f"w{worker}-{n}", comment=f"{worker}/{n}")


def test_concurrent_writers_lose_nothing(tmp_path):
    """Threads and processes voting at once: every answer ends with exactly its last vote."""
    import subprocess
    import sys
    import threading

    path = tmp_path / "feedback.jsonl"
    # The other processes load this file by its path: ``tests`` is a namespace package here, and
    # spylls (a dependency) installs a regular top-level ``tests`` that would win an import by name.
    voter = (
        "import importlib.util, sys; from pathlib import Path;"
        f"spec = importlib.util.spec_from_file_location('feedback_voters', {str(Path(__file__).resolve())!r});"
        "module = importlib.util.module_from_spec(spec); spec.loader.exec_module(module);"
        "module._vote_many(Path(sys.argv[1]), int(sys.argv[2]), 15)"
    )
    root = Path(__file__).resolve().parents[2]
    threads = [threading.Thread(target=_vote_many, args=(path, w, 15)) for w in range(4)]
    processes = [subprocess.Popen([sys.executable, "-c", voter, str(path), str(w)], cwd=root) for w in range(4, 6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert all(process.wait(120) == 0 for process in processes)
    records = read_feedback(path)
    assert sorted(r["id"] for r in records) == sorted(f"w{w}-{n}" for w in range(6) for n in range(15))
    assert {(r["vote"], r["comment"]) for r in records} == {("down", f"{r['id'][1:].replace('-', '/')}") for r in records}


def test_a_thousand_concurrent_thumbs_lose_no_line_and_corrupt_none(tmp_path):
    """100 threads released together, 10 votes each (a new answer, or a changed vote on one already voted)."""
    import threading

    path = tmp_path / "feedback.jsonl"
    start = threading.Barrier(100)
    failures = []

    def thumbs(worker: int) -> None:
        start.wait()
        try:
            for n in range(10):
                # Every other vote changes the thread's previous one: its line is replaced, not added.
                answer_id = f"t{worker}-{n - n % 2}"
                record_feedback(ANSWER, "up" if n % 2 == 0 else "down", path, answer_id=answer_id)
        except Exception as exc:  # noqa: BLE001 - reported below
            failures.append(exc)

    threads = [threading.Thread(target=thumbs, args=(w,)) for w in range(100)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    lines = path.read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines]  # a torn or interleaved line would not parse
    assert sorted(r["id"] for r in records) == sorted(f"t{w}-{n}" for w in range(100) for n in range(0, 10, 2))
    assert {r["vote"] for r in records} == {"down"} and all(r["question"] == ANSWER["question"] for r in records)
