"""HTML views of questions, answers and sources for the chat.

Every string from the corpus or the user goes through :func:`html.escape`
here and nowhere else. Each block of running text carries ``dir="auto"``
and the ``sanad-bidi`` class (``unicode-bidi: plaintext``), so Arabic reads
right to left, English left to right, and digits and brackets stay where
the sentence puts them. Chat fragments are single lines: the chatbot's
markdown passes a one-line HTML block through untouched.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from html import escape

from qa.results import Answer, Citation, Hit, citation_label
from qa.wording import runs

CSS = """
.sanad-bidi { unicode-bidi: plaintext; text-align: start; overflow-wrap: anywhere; }
#sanad-question textarea { unicode-bidi: plaintext; text-align: start; }
.sanad-msg p { margin: 0 0 .4em 0; }
.sanad-cite { text-decoration: none; font-weight: 600; white-space: nowrap; }
.sanad-cite:hover { text-decoration: underline; }
.sanad-abstain { font-weight: 600; }
.sanad-note { font-size: .85em; opacity: .75; }
.sanad-corpus { display: flex; flex-wrap: wrap; gap: .3em 1em; align-items: baseline; }
.sanad-corpus h1 { margin: 0; font-size: 1.4em; }
.sanad-sources h2 { font-size: 1.1em; margin: .2em 0 .5em 0; }
.sanad-src { border: 1px solid var(--border-color-primary, #ddd); border-radius: 8px; padding: .6em .8em; margin-bottom: .7em; scroll-margin-top: 1em; }
.sanad-src.sanad-cited { border-color: var(--color-accent, #f97316); }
.sanad-src.sanad-flash { box-shadow: 0 0 0 3px var(--color-accent, #f97316); }
.sanad-src-head { display: flex; flex-wrap: wrap; gap: .2em .8em; align-items: baseline; justify-content: space-between; }
.sanad-label { font-weight: 700; }
.sanad-score { font-size: .85em; opacity: .8; font-variant-numeric: tabular-nums; }
.sanad-section { font-size: .85em; opacity: .8; margin: .2em 0; }
.sanad-text { white-space: pre-line; line-height: 1.7; margin: .3em 0 0 0; }
.sanad-text mark { background: #fde68a; color: inherit; padding: 0 .1em; border-radius: 2px; }
"""

# Clicking a marker scrolls the sources panel to the paragraph and flashes it,
# whatever the chatbot does with ordinary links.
HEAD = """
<script>
document.addEventListener("click", function (event) {
  var link = event.target.closest && event.target.closest("a.sanad-cite");
  if (!link) return;
  var target = document.getElementById(link.getAttribute("href").slice(1));
  if (!target) return;
  event.preventDefault();
  target.scrollIntoView({behavior: "smooth", block: "start"});
  target.classList.add("sanad-flash");
  setTimeout(function () { target.classList.remove("sanad-flash"); }, 1600);
}, true);
</script>
"""

_UNSAFE_ID = re.compile(r"[^A-Za-z0-9_-]+")
_NEWLINES = re.compile(r"\s*\n\s*")


def anchor_id(number: int | None, passage_id: str = "") -> str:
    """The id of a paragraph's entry in the sources panel: ``src-3``, or ``src-`` and the passage id."""
    if number is not None:
        return f"src-{int(number)}"
    return "src-" + (_UNSAFE_ID.sub("-", passage_id).strip("-") or "summary")


def _one_line(text: str) -> str:
    return _NEWLINES.sub(" ", text).strip()


def _block(tag: str, inner_html: str, css_class: str = "") -> str:
    classes = f"sanad-bidi {css_class}".strip()
    return f'<{tag} dir="auto" class="{classes}">{inner_html}</{tag}>'


def marker(label: str, number: int | None, passage_id: str = "") -> str:
    """A citation marker: ``(الفقرة ٣)`` linking to the paragraph in the sources panel."""
    return f'<a dir="auto" class="sanad-cite" href="#{anchor_id(number, passage_id)}">({escape(label)})</a>'


def render_question(question: str) -> str:
    """The user's turn in the chat."""
    return _block("div", escape(_one_line(question)), "sanad-msg")


def render_answer(answer: Answer) -> str:
    """The assistant's turn: each quoted sentence and its marker, or a plain abstention."""
    if answer.abstained or not answer.citations:
        closest = " ".join(marker(citation_label(h.passage.number), h.passage.number, h.passage.id) for h in answer.hits[:3])
        # Input with nothing to look for has no closest paragraphs: its text says so, alone.
        note = f'<p dir="ltr" class="sanad-note">The report does not seem to answer this. Closest paragraphs: {closest}</p>' if closest else ""
        return '<div class="sanad-msg">' + _block("p", escape(_one_line(answer.text)), "sanad-abstain") + note + "</div>"
    lead = _block("p", f"<strong>{escape(_one_line(answer.short))}</strong>", "sanad-short") if answer.short else ""
    # One marker per paragraph run: consecutive quotes of one paragraph share it.
    sentences = [
        _block("p", " ".join(_quote(c) for c in run) + f" {marker(run[0].label(), run[0].number, run[0].id)}")
        for run in runs(answer.citations)
    ]
    return f'<div class="sanad-msg">{lead}{"".join(sentences)}</div>'


def _quote(citation: Citation) -> str:
    """A quote, escaped, on one line, its answering phrase in ``<mark>``."""
    if citation.highlight is None:
        return escape(_one_line(citation.quote))
    a, b = citation.highlight[0] - citation.start, citation.highlight[1] - citation.start
    flat = [_NEWLINES.sub(" ", part) for part in (citation.quote[:a], citation.quote[a:b], citation.quote[b:])]
    return f"{escape(flat[0].lstrip())}<mark>{escape(flat[1])}</mark>{escape(flat[2].rstrip())}"


def render_error(message: str) -> str:
    """A caller mistake (say, an over-long question), shown in the chat."""
    return _block("div", escape(_one_line(message)), "sanad-msg sanad-abstain")


def highlight(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """``text`` escaped, with each ``[start, end)`` span wrapped in ``<mark>`` (overlaps merged).

    >>> highlight("a <b> c", [(2, 5)])
    'a <mark>&lt;b&gt;</mark> c'
    """
    merged: list[list[int]] = []
    for start, end in sorted((max(0, a), min(len(text), b)) for a, b in spans):
        if start >= end:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    out, position = [], 0
    for start, end in merged:
        out.append(escape(text[position:start]))
        out.append(f"<mark>{escape(text[start:end])}</mark>")
        position = end
    out.append(escape(text[position:]))
    return "".join(out)


def _scores(hit: Hit) -> str:
    parts = [f"score {hit.score:.3f}"]
    parts += [f"{name} {value:.3f}" for name, value in hit.scores.items()]
    return " · ".join(parts)


def render_source(hit: Hit, citations: Iterable[Citation] = ()) -> str:
    """One entry of the sources panel: label, section path, full text with quotes marked, score."""
    passage = hit.passage
    citations = [c for c in citations if c.id == passage.id]
    labels = sorted({c.label() for c in citations}) or [citation_label(passage.number)]
    cited = " sanad-cited" if citations else ""
    head = (
        '<div class="sanad-src-head">'
        + f'<span class="sanad-label">{escape(" · ".join(labels))}</span>'
        + f'<span dir="ltr" class="sanad-score">#{hit.rank} · {escape(_scores(hit))}{" · cited" if citations else ""}</span>'
        + "</div>"
    )
    section = _block("div", escape(" › ".join(passage.section)), "sanad-section") if passage.section else ""
    text = _block("p", highlight(passage.text, [(c.start, c.end) for c in citations]), "sanad-text")
    anchor = anchor_id(passage.number, passage.id)
    return f'<section id="{anchor}" dir="auto" class="sanad-src{cited}" data-passage="{escape(passage.id)}">{head}{section}{text}</section>'


def render_sources(answer: Answer | None) -> str:
    """The sources panel: every retrieved paragraph, the cited ones marked."""
    if answer is None:
        return '<div class="sanad-sources"><h2>Sources</h2><p class="sanad-note">Ask a question to see the paragraphs an answer stands on.</p></div>'
    title = "Closest paragraphs" if answer.abstained else "Sources"
    entries = "".join(render_source(hit, answer.citations) for hit in answer.hits)
    return f'<div class="sanad-sources"><h2>{title}</h2>{entries}</div>'


def render_corpus(titles: Iterable[str], passages: int, model: str) -> str:
    """The header: which documents are searched, how many paragraphs, with which model."""
    names = " · ".join(escape(t) for t in titles)
    return (
        '<div class="sanad-corpus">'
        '<h1 dir="ltr">Sanad</h1>'
        + _block("span", names, "sanad-label")
        + f'<span dir="ltr" class="sanad-note">{passages} paragraphs · model {escape(model)}</span>'
        + "</div>"
    )
