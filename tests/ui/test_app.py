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
    switched = handlers["on_switch"]("en", turns, None, None)
    english = _messages(switched[1])[-1]
    assert "Your question was not asked: k must be an integer from 1 to 50, got 0." in english
    assert "يجب" not in english


def test_the_feedback_note_is_worded_again_after_a_switch(handlers):
    import gradio as gr

    _, turns, *_ = handlers["respond"]("متى صدقت اليابان على بروتوكول الاتجار بالأشخاص؟", [], "hybrid", 5, "ar")
    assert "answer" in turns[1]
    turns, voted, said, _, note, *_ = handlers["vote"](turns, "ar", gr.LikeData(None, {"index": 1, "value": "", "liked": True}))
    assert (voted, said) == (1, "vote_up") and note == "شكراً، حُفظ تقييمك. هل من إضافة؟ (اختياري)"
    english = handlers["on_switch"]("en", turns, None, said)[-1]
    assert english["value"] == "Thanks, your vote is saved. Anything to add? (optional)"
    said, note, *_ = handlers["save_comment"]("x" * 5000, turns, voted, "en")  # past the limit: qa refuses it
    assert "the comment has 5,000 characters" in note
    arabic = handlers["on_switch"]("ar", turns, None, said)[-1]
    assert "عدد أحرف التعليق ٥٬٠٠٠" in arabic["value"]
