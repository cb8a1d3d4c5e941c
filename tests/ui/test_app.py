"""The chat's handlers, called as Gradio calls them: what they show, in the interface's language."""

from __future__ import annotations

import pytest

from ui.app import build_blocks


@pytest.fixture(scope="module")
def handlers(assistant):
    blocks = build_blocks(assistant)
    return {getattr(f.fn, "__name__", ""): f.fn for f in blocks.fns.values()}


def _messages(update) -> list[str]:
    return [message["content"] for message in update["value"]]


def test_a_refused_question_is_said_in_the_interface_language_and_again_after_a_switch(handlers):
    chat, turns, *_ = handlers["respond"]("متى صدقت اليابان؟", [], "hybrid", 0, "ar")  # k=0: qa refuses it
    refusal = _messages(chat)[-1]
    assert "لم يُطرح سؤالك: يجب أن يكون k عدداً صحيحاً من ١ إلى ٥٠" in refusal
    assert "must be" not in refusal and "Something went wrong" not in refusal
    switched = handlers["on_switch"]("en", turns, None)
    english = _messages(switched[1])[-1]
    assert "Your question was not asked: k must be an integer from 1 to 50, got 0." in english
    assert "يجب" not in english
