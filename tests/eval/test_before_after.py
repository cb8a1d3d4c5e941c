"""eval.before_after: its questions are the ones its rule picks, and it starts without a browser."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from eval.before_after import QUESTIONS
from eval.datasets import Split, bundled_topics_dataset, split_of

ROOT = Path(__file__).resolve().parents[2]


def _test_half() -> list[dict]:
    rows = [json.loads(line) for line in bundled_topics_dataset().read_text(encoding="utf-8").splitlines() if line.strip()]
    return [row for row in rows if split_of(row["id"]) is Split.TEST]


def _first(rows: list[dict], keep) -> dict:
    return next(row for row in rows if keep(row))


def test_the_dataset_questions_are_the_first_of_their_kind_in_the_test_half():
    rows = _test_half()
    picked = {
        "germany-unanswerable": _first(rows, lambda r: r["kind"] == "unanswerable" and not r.get("history")),
        "laws-count": _first(rows, lambda r: r["lang"] == "en" and r["kind"] in ("date", "number")),
        "observer-followup": _first(rows, lambda r: bool(r.get("history"))),
    }
    by_slug = {question.slug: question for question in QUESTIONS}
    for slug, row in picked.items():
        question = by_slug[slug]
        assert (question.source, question.text, question.lang) == (row["id"], row["question"], row["lang"]), slug
        asked_before = tuple(turn["content"] for turn in row.get("history", ()) if turn["role"] == "user")
        assert question.history == asked_before, slug


def test_five_questions_with_distinct_slugs_and_one_phone_pair():
    assert len(QUESTIONS) == 5
    assert len({question.slug for question in QUESTIONS}) == 5
    assert [question.slug for question in QUESTIONS if question.phone] == ["eu-2018"]


def test_help_needs_no_browser_or_server():
    done = subprocess.run([sys.executable, "-m", "eval.before_after", "--help"], capture_output=True, text=True, timeout=60, cwd=ROOT, check=False)
    assert done.returncode == 0, done.stderr
    assert "--before" in done.stdout and "--after" in done.stdout
