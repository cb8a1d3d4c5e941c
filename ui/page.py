"""The page around the chat: its header (which report, in the interface's language), its CSS and script.

The script (``static/sanad.js``) does what must happen before anything is sent
or without a round trip: the question's length counter and the refusal of an
over-long question, citations opened in place, copying an answer, the page's
direction, and Gradio's own labels in the interface's language. It reads the
limit, its messages and the words for Gradio's untranslated labels from the
header's ``#sanad-config`` element, so they follow the interface's language.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Sequence
from html import escape
from pathlib import Path

from qa.catalog import DocumentInfo
from ui.strings import GRADIO_LABELS, Language, direction, number, ordinal, text

STATIC = Path(__file__).resolve().with_name("static")
# The counter shows from this share of the limit on (1,600 of 2,000 characters).
COUNTER_FROM = 0.8


@functools.lru_cache(maxsize=None)
def _static(name: str) -> str:
    return (STATIC / name).read_text(encoding="utf-8")


def css() -> str:
    return _static("sanad.css")


def head() -> str:
    """What goes in the page's ``<head>``: the page script, and the styles Gradio would scope to its content."""
    return f"<style>\n{_static('page.css')}\n</style>\n<script>\n{_static('sanad.js')}\n</script>"


def _date(written: str, language: Language) -> str:
    """The cover's date in the interface's language: an Arabic one rendered in English where that is exact."""
    if language is Language.ENGLISH:
        from qa.english import date

        return date(written) or written
    return written


def _fact(words: str) -> str:
    """One fact of the header, kept on one line ("البند ١٠٨" is not split at a narrow width)."""
    return f'<span class="sanad-fact">{escape(words)}</span>'


def _document(info: DocumentInfo, language: Language) -> str:
    facts = []
    if info.kind is not None:
        facts.append(text(language, f"kind.{info.kind.value}"))
    if info.session is not None:
        facts.append(text(language, "session", ordinal=ordinal(info.session, language), year=number(info.year, language, grouped=False)))
    if info.agenda_item is not None:
        facts.append(text(language, "agenda_item", item=number(info.agenda_item, language)))
    if info.symbol:
        facts.append(text(language, "symbol", symbol=info.symbol))
    if info.date:
        facts.append(text(language, "date", date=_date(info.date, language)))
    facts.append(text(language, "paragraphs", count=number(info.paragraphs, language)))
    return (
        '<div class="sanad-report">'
        f'<span dir="auto" class="sanad-report-title sanad-bidi">{escape(info.title)}</span>'
        f'<span class="sanad-report-facts">{escape(text(language, "separator")).join(_fact(f) for f in facts)}</span>'
        "</div>"
    )


def render_header(documents: Sequence[DocumentInfo], model: str, language: Language, limit: int) -> str:
    """The header: the app, each report it answers from, the model, the API docs; and the script's settings."""
    config = {
        "lang": language.value,
        "limit": str(limit),
        "counter-from": str(int(limit * COUNTER_FROM)),
        "counter": text(language, "counter"),
        "too-long": text(language, "too_long"),
        "copied": text(language, "copied"),
        "gradio-labels": json.dumps(GRADIO_LABELS[language], ensure_ascii=False),
    }
    attributes = " ".join(f'data-{name}="{escape(value)}"' for name, value in config.items())
    reports = "".join(_document(info, language) for info in documents)
    return (
        f'<header class="sanad-header" dir="{direction(language)}">'
        f'<div class="sanad-brand"><h1>{escape(text(language, "app"))}</h1>'
        f'<span class="sanad-note">{escape(text(language, "tagline"))}</span></div>'
        f"{reports}"
        f'<div class="sanad-note sanad-meta"><span dir="auto">{escape(text(language, "model", model=model))}</span>{escape(text(language, "separator"))}'
        f'<a href="docs" target="_blank" rel="noopener">{escape(text(language, "api_docs"))}</a></div>'
        f'<div id="sanad-config" hidden {attributes}></div>'
        "</header>"
    )
