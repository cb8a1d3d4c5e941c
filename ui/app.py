"""The chat page: a Gradio Blocks over ``qa.Assistant``. No retrieval or answer logic lives here.

The session keeps its turns as data (the question, the ``Answer``, the vote),
not as HTML, so switching the interface's language re-renders the whole
conversation in the other one.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import os
import uuid
from pathlib import Path

import gradio as gr

from index.common import SanadError
from qa.assistant import MAX_QUERY_CHARS, Assistant
from qa.inputs import InputError
from qa.catalog import describe
from qa.feedback import MAX_COMMENT_CHARS, record_feedback, withdraw_feedback
from qa.library import DEFAULT_MAX_UPLOAD_MB, UploadProblem, upload_problem
from qa.retriever import MAX_K, Mode
from ui import page, render
from ui.strings import AR, EN, Language, number, pick_language, text

log = logging.getLogger(__name__)

# Questions the report answers, in both languages: one click asks.
EXAMPLES = [
    "متى صدقت اليابان على بروتوكول الاتجار بالأشخاص؟",
    "كم عدد البلدان التي لديها تشريعات تجرّم الاتجار بالأشخاص؟",
    "Which countries ratified the trafficking protocol during the reporting period?",
    "How many countries had legislation criminalizing trafficking in persons?",
]
LANGUAGES = [("العربية", "ar"), ("English", "en")]
VOTES = {True: "Like", "Like": "Like", False: "Dislike", "Dislike": "Dislike"}
VOTE_VALUES = {"Like": "up", "Dislike": "down"}

# On load: a language chosen before (?lang=, or the switch on an earlier visit), else "" for the browser's.
CHOSEN_LANGUAGE_JS = "() => window.sanadChosenLanguage()"
SET_DIRECTION_JS = "(lang) => window.sanadSetLanguage(lang, false)"
REMEMBER_LANGUAGE_JS = "(lang) => window.sanadSetLanguage(lang, true)"


def _user_turn(question: str) -> dict:
    return {"role": "user", "content": question}


def _answer_turn(answer) -> dict:
    return {"role": "assistant", "content": answer.text, "answer": answer, "id": uuid.uuid4().hex[:12], "vote": None}


def _error_turn(key: str, **values) -> dict:
    return {"role": "assistant", "content": key, "error": (key, values), "vote": None}


def _refusal_turn(error: SanadError) -> dict:
    """What ``qa`` refused, kept as the error itself: it is worded again when the language changes."""
    return {"role": "assistant", "content": str(error), "error": error, "vote": None}


def error_message(error: SanadError | tuple[str, dict], language: Language) -> str:
    """An error turn's words in ``language``: a refusal of the question in its own words, anything else framed."""
    if isinstance(error, InputError):
        return text(language, "refused", message=error.in_language(language))
    if isinstance(error, SanadError):
        return text(language, "error", message=str(error))
    key, values = error
    return text(language, key, **values)


def _note(said: str | SanadError, language: Language) -> str:
    """The feedback note in ``language``: kept as its key (``vote_up``…) or the error, it is worded again on a switch."""
    if isinstance(said, SanadError):
        return text(language, "error", message=said.in_language(language) if isinstance(said, InputError) else str(said))
    return text(language, said)


def _history(turns: list[dict]) -> list[dict]:
    """The API's ``history``: plain-text turns, oldest first (answers only, not interface messages)."""
    return [{"role": t["role"], "content": t["content"]} for t in turns if "error" not in t]


def _html(turn: dict, index: int, language: Language) -> str:
    if turn["role"] == "user":
        return render.render_question(turn["content"])
    if "error" in turn:
        return render.render_error(error_message(turn["error"], language))
    return render.render_answer(turn["answer"], language, turn=index)


def _chat(turns: list[dict], language: Language, **changes):
    """The chatbot's messages and their votes (Gradio keeps one per assistant message)."""
    messages = [{"role": t["role"], "content": _html(t, i, language)} for i, t in enumerate(turns)]
    votes = [t["vote"] for t in turns if t["role"] == "assistant"]
    return gr.update(value=messages, feedback_value=votes, **changes)


def _mode_choices(language: Language) -> list[tuple[str, str]]:
    return [(text(language, f"mode.{m.value}"), m.value) for m in Mode]


def _doc_choices(assistant: Assistant) -> list[tuple[str, str]]:
    """The picker's entries: each document's title (and id, which citations name), its id as the value."""
    return [(f"{d.title} ({d.id})" if d.title != d.id else d.id, d.id) for d in assistant.documents()]


def _picker_fields(choices: list[tuple[str, str]]) -> dict:
    """The picker's entries, shown only when there is a choice: one document has nothing to pick, and its
    empty box would push the question down a phone's screen (the header names the one report)."""
    return {"choices": choices, "visible": len(choices) > 1}


def upload_message(assistant: Assistant, path: str | None, language: Language, limit_mb: float, progress=None) -> str:
    """Add an uploaded file to the library and say what happened, in ``language``.

    The upload's temporary copy is deleted whatever happens: the library keeps its own under
    ``$SANAD_HOME``, and nothing is served back from either.
    """
    name = Path(path).name
    try:
        problem = upload_problem(name, os.path.getsize(path), int(limit_mb * 1024 * 1024))
        if problem is UploadProblem.TYPE:
            return text(language, "upload_type", name=name)
        if problem is UploadProblem.SIZE:
            size = f"{os.path.getsize(path) / 1024 / 1024:.1f}"
            return text(language, "upload_size", name=name, size=size, limit=f"{limit_mb:g}")
        note = text(language, "upload_adding", name=name)
        added = assistant.add([path], progress=(lambda share, _: progress(share, desc=note)) if progress else None)
        if added.errors:
            return text(language, "upload_failed", name=name, message=added.errors[0].replace(str(path), name))
        document = added.documents[-1]
        return text(language, "upload_added", title=document.title, count=number(document.passages, language))
    except SanadError as exc:
        return text(language, "upload_failed", name=name, message=str(exc).replace(str(path), name))
    finally:
        with contextlib.suppress(OSError):
            os.unlink(path)


def build_blocks(assistant: Assistant, max_upload_mb: float = DEFAULT_MAX_UPLOAD_MB) -> gr.Blocks:
    """The header and language switch; the chat, question box, document picker, upload, feedback,
    examples and settings; the sources panel.

    Each turn in the session state keeps its data: a question, an ``Answer``
    (with an id for its one vote), or an interface message by key. The upload
    shows only when the assistant serves the library (``Assistant.library``).
    """
    documents = describe(assistant.passages)
    model_name = assistant.store.model_name

    def header(language: Language) -> str:
        return page.render_header(documents, model_name, language, MAX_QUERY_CHARS)

    def respond(question: str, turns: list[dict], mode: str, k: float, lang: str, picked: list[str] | None = None):
        language = Language(lang)
        question = (question or "").strip()
        if not question:
            return gr.skip(), turns, gr.skip(), gr.skip(), gr.skip()
        turns = list(turns)
        if len(question) > MAX_QUERY_CHARS:  # the page refuses it first; this is for a page without its script
            limit, count = number(MAX_QUERY_CHARS, language), number(len(question), language)
            turns.append(_error_turn("too_long", count=count, limit=limit))
            return _chat(turns, language), turns, gr.skip(), gr.skip(), gr.skip()  # the question stays in the box
        try:
            answer = assistant.ask(question, history=_history(turns), k=int(k), mode=mode, docs=picked or None)
        except SanadError as exc:
            turns += [_user_turn(question), _refusal_turn(exc)]
            return _chat(turns, language), turns, gr.skip(), gr.skip(), ""
        turns += [_user_turn(question), _answer_turn(answer)]
        return _chat(turns, language), turns, render.render_sources(answer, language), answer, ""

    def respond_to_example(example: str, turns: list[dict], mode: str, k: float, lang: str, picked: list[str] | None = None):
        """An example is asked at once; whatever is in the question box stays there."""
        return respond(example, turns, mode, k, lang, picked)[:-1]

    def upload(path: str | None, lang: str, picked: list[str] | None, progress=gr.Progress()):
        """A dropped file: added to the library (a progress bar meanwhile), then offered in the picker."""
        if not path:
            return gr.skip(), gr.skip(), gr.skip()
        said = upload_message(assistant, path, Language(lang), max_upload_mb, progress)
        choices = _doc_choices(assistant)
        known = {value for _, value in choices}
        picker_update = gr.update(**_picker_fields(choices), value=[d for d in (picked or []) if d in known])
        return picker_update, gr.update(value=None), gr.update(value=said, visible=True)

    def vote(turns: list[dict], lang: str, data: gr.LikeData):
        language = Language(lang)
        index = data.index if isinstance(data.index, int) else data.index[0]
        if not 0 <= index < len(turns) or "answer" not in turns[index]:
            return (gr.skip(),) * 7
        turns = [dict(t) if i == index else t for i, t in enumerate(turns)]
        turn = turns[index]
        turn["vote"] = VOTES.get(data.liked)  # "" or None: the vote was taken back
        if turn["vote"] is None:
            withdraw_feedback(turn["id"])
            log.info("feedback on %s withdrawn", turn["id"])
            said, asking = "vote_withdrawn", False
        else:
            path = record_feedback(turn["answer"].to_json(), VOTE_VALUES[turn["vote"]], answer_id=turn["id"])
            log.info("feedback %s on %s saved to %s", turn["vote"], turn["id"], path)
            said, asking = ("vote_up" if turn["vote"] == "Like" else "vote_down"), True
        return (
            turns,
            index,
            said,
            gr.update(visible=True),
            _note(said, language),
            gr.update(value="", visible=asking),
            gr.update(visible=asking),
        )

    def save_comment(comment: str, turns: list[dict], voted: int | None, lang: str):
        language = Language(lang)
        if voted is None or not 0 <= voted < len(turns) or not turns[voted].get("vote") or not (comment or "").strip():
            return gr.skip(), gr.skip(), gr.skip(), gr.skip()
        turn = turns[voted]
        try:
            record_feedback(turn["answer"].to_json(), VOTE_VALUES[turn["vote"]], answer_id=turn["id"], comment=comment)
        except SanadError as exc:
            return exc, _note(exc, language), gr.skip(), gr.skip()
        return "comment_saved", _note("comment_saved", language), gr.update(value="", visible=False), gr.update(visible=False)

    def relabel(language: Language, turns: list[dict], shown, said):
        """Everything that speaks, in ``language``, laid out in its direction."""
        rtl = language is AR
        return (
            header(language),
            _chat(turns, language, label=text(language, "chat"), placeholder=text(language, "chat_placeholder"), rtl=rtl),
            gr.update(placeholder=text(language, "question_placeholder"), rtl=rtl),
            gr.update(value=text(language, "ask")),
            f'<div class="sanad-note">{text(language, "examples")}</div>',
            gr.update(label=text(language, "settings")),
            gr.update(label=text(language, "mode"), choices=_mode_choices(language), rtl=rtl),
            gr.update(label=text(language, "k")),
            render.render_sources(shown, language),
            gr.update(placeholder=text(language, "comment_placeholder"), rtl=rtl),
            gr.update(value=text(language, "send_comment")),
            gr.update(**_picker_fields(_doc_choices(assistant)), label=text(language, "documents")),  # a page opened after an upload lists it
            gr.update(label=text(language, "upload")),
            gr.update(value=_note(said, language), rtl=rtl) if said else gr.update(rtl=rtl),
        )

    def on_load(choice: str, request: gr.Request):
        accept = request.headers.get("accept-language") if request is not None else None
        language = pick_language(choice, accept)
        return (language.value, *relabel(language, [], None, None))

    def on_switch(lang: str, turns: list[dict], shown, said):
        return relabel(Language(lang), turns, shown, said)

    def clear():
        return [], [], None, None, render.render_sources(None, EN), gr.update(visible=False)

    with gr.Blocks(title="Sanad · سند", analytics_enabled=False) as blocks:
        chosen = gr.Textbox(visible=False)  # on load: the language chosen before, or "" (see CHOSEN_LANGUAGE_JS)
        turns = gr.State([])
        shown = gr.State(None)  # the answer whose sources the panel shows
        voted = gr.State(None)  # the turn the last vote was on
        said = gr.State(None)  # what the feedback note says: a key of ui.strings, or an error
        with gr.Row(equal_height=False, elem_id="sanad-top"):
            header_html = gr.HTML(header(EN), elem_id="sanad-header", scale=8, js_on_load=None)
            lang = gr.Radio(LANGUAGES, value=EN.value, show_label=False, elem_id="sanad-lang", container=False, scale=1, min_width=190)
        with gr.Row(equal_height=False):
            with gr.Column(scale=5, elem_id="sanad-chat-col"):
                chatbot = gr.Chatbot(
                    label=text(EN, "chat"),
                    elem_id="sanad-chat",
                    height=500,
                    sanitize_html=True,
                    buttons=[],  # Gradio's copy button copies the HTML; each answer has its own
                    feedback_options=("Like", "Dislike"),
                    placeholder=text(EN, "chat_placeholder"),
                )
                picker = gr.Dropdown(
                    **_picker_fields(_doc_choices(assistant)),
                    value=[],
                    multiselect=True,
                    label=text(EN, "documents"),
                    elem_id="sanad-docs",
                )
                with gr.Row(elem_id="sanad-ask-row"):
                    question = gr.Textbox(
                        show_label=False,
                        placeholder=text(EN, "question_placeholder"),
                        elem_id="sanad-question",
                        scale=5,
                        max_lines=4,
                    )
                    send = gr.Button(text(EN, "ask"), variant="primary", scale=1, min_width=80, elem_id="sanad-send")
                with gr.Row(visible=False, elem_id="sanad-feedback") as feedback_row:
                    feedback_note = gr.Markdown(elem_id="sanad-feedback-note")
                    comment = gr.Textbox(
                        show_label=False,
                        placeholder=text(EN, "comment_placeholder"),
                        elem_id="sanad-comment",
                        max_lines=3,
                        max_length=MAX_COMMENT_CHARS,
                        scale=4,
                    )
                    send_comment = gr.Button(text(EN, "send_comment"), scale=1, min_width=80, elem_id="sanad-send-comment")
                upload_box = gr.File(
                    label=text(EN, "upload"),
                    file_count="single",
                    type="filepath",
                    height=110,
                    elem_id="sanad-upload",
                    visible=assistant.library is not None,
                )
                upload_note = gr.Markdown(visible=False, elem_id="sanad-upload-note")
                examples_label = gr.HTML(f'<div class="sanad-note">{text(EN, "examples")}</div>', js_on_load=None)
                with gr.Row(elem_id="sanad-examples"):
                    example_buttons = [
                        gr.Button(example, size="sm", elem_classes="sanad-example", min_width=200) for example in EXAMPLES
                    ]
                with gr.Accordion(text(EN, "settings"), open=False, elem_id="sanad-settings") as settings:
                    mode = gr.Radio(_mode_choices(EN), value=Mode.HYBRID.value, label=text(EN, "mode"), elem_id="sanad-mode")
                    k = gr.Slider(1, min(20, MAX_K), value=5, step=1, label=text(EN, "k"))
            with gr.Column(scale=4, elem_id="sanad-sources-col"):
                sources = gr.HTML(render.render_sources(None, EN), elem_id="sanad-sources", js_on_load=None)

        answered = [chatbot, turns, sources, shown, question]
        question.submit(respond, [question, turns, mode, k, lang, picker], answered)
        send.click(respond, [question, turns, mode, k, lang, picker], answered)
        for button, example in zip(example_buttons, EXAMPLES):
            button.click(functools.partial(respond_to_example, example), [turns, mode, k, lang, picker], answered[:-1])
        upload_box.upload(upload, [upload_box, lang, picker], [picker, upload_box, upload_note], show_progress="full")

        chatbot.like(vote, [turns, lang], [turns, voted, said, feedback_row, feedback_note, comment, send_comment])
        comment.submit(save_comment, [comment, turns, voted, lang], [said, feedback_note, comment, send_comment])
        send_comment.click(save_comment, [comment, turns, voted, lang], [said, feedback_note, comment, send_comment])
        chatbot.clear(clear, None, [chatbot, turns, shown, said, sources, feedback_row])

        speaking = [header_html, chatbot, question, send, examples_label, settings, mode, k, sources, comment, send_comment, picker, upload_box, feedback_note]
        blocks.load(on_load, [chosen], [lang, *speaking], js=CHOSEN_LANGUAGE_JS).then(None, [lang], None, js=SET_DIRECTION_JS)
        lang.input(on_switch, [lang, turns, shown, said], speaking).then(None, [lang], None, js=REMEMBER_LANGUAGE_JS)
    return blocks
