"""The chat page: a Gradio Blocks over ``qa.Assistant``. No retrieval or answer logic lives here."""

from __future__ import annotations

import logging

import gradio as gr

from index.errors import SanadError
from qa.assistant import Assistant
from qa.feedback import record_feedback
from qa.retriever import MAX_K, Mode
from ui import render

log = logging.getLogger(__name__)

# Questions the report answers (and one it does not), in both languages.
EXAMPLES = [
    "متى صدقت اليابان على بروتوكول الاتجار بالأشخاص؟",
    "كم عدد البلدان التي لديها تشريعات تجرّم الاتجار بالأشخاص؟",
    "Which countries ratified the trafficking protocol during the reporting period?",
    "How many countries had legislation criminalizing trafficking in persons?",
]


def _history(turns: list[dict]) -> list[dict]:
    """The API's ``history``: plain-text turns, oldest first."""
    return [{"role": t["role"], "content": t["content"]} for t in turns]


def _messages(turns: list[dict]) -> list[dict]:
    return [{"role": t["role"], "content": t["html"]} for t in turns]


def build_blocks(assistant: Assistant) -> gr.Blocks:
    """The chat (left), the sources panel (right), retrieval settings and examples.

    Each turn in the session state keeps the plain text (for follow-ups), the
    rendered HTML (for the chatbot) and the answer's JSON (for feedback).
    """
    passages = assistant.passages
    titles = sorted({p.doc.title for p in passages})
    model = assistant.store.manifest.get("model", {})
    model_name = model.get("requested") or model.get("name", "?")

    def respond(question: str, turns: list[dict], mode: str, k: float):
        question = (question or "").strip()
        if not question:
            return gr.skip(), turns, gr.skip(), ""
        turns = list(turns)
        user = {"role": "user", "content": question, "html": render.render_question(question), "answer": None}
        try:
            answer = assistant.ask(question, history=_history(turns), k=int(k), mode=mode)
        except SanadError as exc:
            reply = {"role": "assistant", "content": str(exc), "html": render.render_error(str(exc)), "answer": None}
            turns += [user, reply]
            return _messages(turns), turns, gr.skip(), ""
        reply = {"role": "assistant", "content": answer.text, "html": render.render_answer(answer), "answer": answer.to_json()}
        turns += [user, reply]
        return _messages(turns), turns, render.render_sources(answer), ""

    def vote(turns: list[dict], data: gr.LikeData):
        index = data.index if isinstance(data.index, int) else data.index[0]
        if not 0 <= index < len(turns) or turns[index]["answer"] is None:
            return
        choice = {True: "up", "Like": "up", False: "down", "Dislike": "down"}.get(data.liked)
        if choice is None:  # a vote withdrawn
            return
        path = record_feedback(turns[index]["answer"], choice)
        log.info("feedback %s saved to %s", choice, path)
        gr.Info("Thanks, your feedback was saved.")

    def clear():
        return [], [], render.render_sources(None), ""

    with gr.Blocks(title="Sanad", analytics_enabled=False) as blocks:
        turns = gr.State([])
        gr.HTML(render.render_corpus(titles, len(passages), model_name), elem_id="sanad-corpus")
        with gr.Row(equal_height=False):
            with gr.Column(scale=5):
                chatbot = gr.Chatbot(
                    label="Chat",
                    elem_id="sanad-chat",
                    height=520,
                    sanitize_html=True,
                    buttons=[],
                    feedback_options=("Like", "Dislike"),
                    placeholder="Ask about the report, in Arabic or English. Each answer quotes the report and cites its paragraphs.",
                )
                with gr.Row():
                    question = gr.Textbox(
                        show_label=False,
                        placeholder="اكتب سؤالك هنا… / Type your question…",
                        elem_id="sanad-question",
                        scale=5,
                        max_lines=4,
                    )
                    send = gr.Button("Ask", variant="primary", scale=1, elem_id="sanad-send")
                gr.Examples(EXAMPLES, inputs=question, label="Examples from the report")
                with gr.Accordion("Retrieval settings", open=False):
                    mode = gr.Radio([m.value for m in Mode], value=Mode.HYBRID.value, label="Mode")
                    k = gr.Slider(1, min(20, MAX_K), value=5, step=1, label="Paragraphs to retrieve (k)")
            with gr.Column(scale=4):
                sources = gr.HTML(render.render_sources(None), elem_id="sanad-sources", js_on_load=None)

        outputs = [chatbot, turns, sources, question]
        question.submit(respond, [question, turns, mode, k], outputs)
        send.click(respond, [question, turns, mode, k], outputs)
        chatbot.like(vote, [turns], None)
        chatbot.clear(clear, None, outputs)
    return blocks
