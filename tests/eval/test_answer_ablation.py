"""eval.answer_ablation composes from retrieval computed once: the same answers as ``Assistant.ask`` (its slow twin)."""

import dataclasses

import pytest

from eval.answer_ablation import ROWS, answers, rates, retrieve
from eval.datasets import resolve
from qa.answer import AnswerConfig

pytestmark = pytest.mark.slow


def test_the_answers_are_those_assistant_ask_gives(real_assistant):
    questions = resolve("report_dev").questions
    # The first questions, one follow-up with its history and one unanswerable question.
    chosen = list(questions[:8]) + [next(q for q in questions if q.history), next(q for q in questions if not q.answerable)]
    composed = answers(real_assistant.store, retrieve(real_assistant, chosen), real_assistant.answer_config)
    for question, answer in composed:
        asked = real_assistant.ask(question.question, history=question.turns())
        assert (answer.text, answer.abstained) == (asked.text, asked.abstained), question.id
    assert rates(composed)["asked"] == len(chosen)


def test_every_row_names_real_fields():
    fields = {f.name for f in dataclasses.fields(AnswerConfig)}
    for label, changes in ROWS:
        assert set(changes) <= fields, label
        dataclasses.replace(AnswerConfig(), **changes)
