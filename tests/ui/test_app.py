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


def test_the_document_picker_is_hidden_when_there_is_one_document(assistant, handlers):
    """The stand-in index holds one report: an empty picker would only push the question box down."""
    blocks = build_blocks(assistant)
    (picker,) = [b for b in blocks.blocks.values() if getattr(b, "elem_id", None) == "sanad-docs"]
    assert picker.visible is False
    for lang in ("en", "ar"):
        speaking = handlers["on_switch"](lang, [], None, None)
        (update,) = [u for u in speaking if isinstance(u, dict) and "choices" in u and "visible" in u]
        assert update["visible"] is False and len(update["choices"]) == 1


def _library_handlers(tmp_path, hashing_encoder, limit_mb=50):
    from index.library import Library
    from index.store import IndexConfig
    from qa.answer import AnswerConfig
    from qa.assistant import Assistant

    (tmp_path / "first.txt").write_text("صدقت فيجي على البروتوكول.\n\nيدعم الصندوق الضحايا.", encoding="utf-8")
    config = IndexConfig.for_model(hashing_encoder.name)
    library = Library(tmp_path / "lib")
    library.add([tmp_path / "first.txt"], config, lambda: hashing_encoder)
    assistant = Assistant(library.open(config), hashing_encoder, library=library, answer=AnswerConfig(abstain_below=0.3))
    blocks = build_blocks(assistant, max_upload_mb=limit_mb)
    return {getattr(f.fn, "__name__", ""): f.fn for f in blocks.fns.values()}


def test_an_upload_is_added_offered_in_the_picker_and_its_temporary_copy_removed(tmp_path, hashing_encoder):
    handlers = _library_handlers(tmp_path, hashing_encoder)
    upload = tmp_path / "upload" / "tribunal.md"
    upload.parent.mkdir()
    upload.write_text("# Tribunal\n\nThe tribunal heard forty witnesses in Geneva.", encoding="utf-8")
    picker, box, note = handlers["upload"](str(upload), "en", ["first"], progress=None)
    assert picker["choices"] == [("first.txt (first)", "first"), ("tribunal.md (tribunal)", "tribunal")]
    assert picker["value"] == ["first"]  # what was picked stays picked
    assert picker["visible"] is True  # a second document: now there is a choice
    assert box["value"] is None and note["value"] == "Added «tribunal.md» (1 passages): choose it above to ask within it."
    assert not upload.exists()  # the library keeps its own copy; the upload's is gone
    chat, turns, sources, answer, _ = handlers["respond"]("tribunal witnesses Geneva", [], "hybrid", 5, "en", ["tribunal"])
    assert {h.passage.doc.id for h in answer.hits} == {"tribunal"}
    assert "tribunal, paragraph 1" in chat["value"][-1]["content"]
    assert 'class="sanad-bidi sanad-doc-title"' in sources


@pytest.mark.parametrize(
    ("name", "size", "lang", "said"),
    [
        ("notes.exe", 10, "en", "notes.exe was not added: only PDF, Word (.docx), .txt and .md files can be added."),
        ("notes.exe", 10, "ar", "لم يُضف notes.exe: لا يمكن إضافة إلا ملفات PDF وWord (.docx) و.txt و.md."),
        ("big.txt", 3 * 1024 * 1024, "en", "big.txt was not added: it has 3.0 MB; the limit is 2 MB."),
        ("big.txt", 3 * 1024 * 1024, "ar", "لم يُضف big.txt: حجمه 3.0 ميغابايت والحد الأقصى 2 ميغابايت."),
    ],
)
def test_an_upload_of_another_type_or_too_large_is_refused_in_the_interface_language(tmp_path, hashing_encoder, name, size, lang, said):
    handlers = _library_handlers(tmp_path, hashing_encoder, limit_mb=2)
    upload = tmp_path / name
    upload.write_bytes(b"a" * size)
    picker, _, note = handlers["upload"](str(upload), lang, [], progress=None)
    assert note["value"] == said and [value for _, value in picker["choices"]] == ["first"]
    assert picker["visible"] is False  # still one document: nothing to pick
