"""HTML views of questions, answers and sources for the chat, in the interface's language.

Every string from the corpus or the user goes through :func:`html.escape`
here and nowhere else. Each block of running text carries ``dir="auto"``
and the ``sanad-bidi`` class (``unicode-bidi: plaintext``), so Arabic reads
right to left, English left to right, and digits and brackets stay where
the sentence puts them. Chat fragments are single lines: the chatbot's
markdown passes a one-line HTML block through untouched. The chatbot's
sanitizer drops ``data-*`` attributes, so what the page script needs rides on
ids and classes: a marker ``a.sanad-cite.sanad-to-src-3`` opens, in place,
the paragraph ``#a{turn}-r{run}`` that follows its sentence, or on a wide
screen the sources panel's ``#src-3``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from html import escape

from qa import wording
from qa.results import ELLIPSIS, LEADING_ELLIPSIS, Answer, Citation, Hit
from ui.strings import Language, direction, number, text

_UNSAFE_ID = re.compile(r"[^A-Za-z0-9_-]+")
_NEWLINES = re.compile(r"\s*\n\s*")


def anchor_id(number: int | None, passage_id: str = "") -> str:
    """The id of a paragraph's entry in the sources panel: ``src-3``, or ``src-`` and the passage id."""
    if number is not None:
        return f"src-{int(number)}"
    return "src-" + (_UNSAFE_ID.sub("-", passage_id).strip("-") or "summary")


def _one_line(value: str) -> str:
    return _NEWLINES.sub(" ", value).strip()


def _block(tag: str, inner_html: str, css_class: str = "") -> str:
    classes = f"sanad-bidi {css_class}".strip()
    return f'<{tag} dir="auto" class="{classes}">{inner_html}</{tag}>'


def marker(label: str, number: int | None, passage_id: str, target: str, bracketed: bool = True) -> str:
    """A citation marker, ``(الفقرة ٣)`` or ``(paragraph 3)``: opens paragraph ``target`` in place, or its entry in the sources panel.

    ``bracketed=False``: the bare label, as an English answer's frame opens (``Paragraph 3`` says: …).
    """
    panel = anchor_id(number, passage_id)
    shown = f"({escape(label)})" if bracketed else escape(label)
    return f'<a dir="auto" class="sanad-cite sanad-to-{panel}" href="#{target}">{shown}</a>'


def _framed(run: Sequence[Citation], link: str) -> str:
    """An English answer's sentence: ``Paragraph 3 says: «…»``, the frame left to right, the quote isolated
    inside it in its own direction, right to left for Arabic (as ``qa.wording.answer_text`` words it for the API)."""
    quotes = " ".join(_quote(c) for c in run)
    way = direction(wording.language_of(" ".join(c.quote for c in run)))
    return f'<p dir="ltr" class="sanad-sentence sanad-framed">{wording.says(link)} «<bdi dir="{way}" class="sanad-quote">{quotes}</bdi>»</p>'


def render_question(question: str) -> str:
    """The user's turn in the chat."""
    return _block("div", escape(_one_line(question)), "sanad-msg")


def _in_place(target: str, hit_or_passage, citations: Sequence[Citation], label: str, language: Language) -> str:
    """The paragraph a marker opens where it stands, quotes highlighted, with a way back."""
    passage = getattr(hit_or_passage, "passage", hit_or_passage)
    spans = [(c.start, c.end) for c in citations if c.id == passage.id]
    return (
        f'<div id="{target}" class="sanad-inline" hidden>'
        f'<div class="sanad-inline-head"><span class="sanad-label">{escape(label)}</span>'
        f'<button type="button" class="sanad-back">{escape(text(language, "back"))}</button></div>'
        + _block("p", highlight(passage.text, spans), "sanad-text")
        + "</div>"
    )


def _tools(answer: Answer, turn: int, language: Language) -> str:
    cards = "".join(render_source(hit, answer.citations, language, anchored=False, with_title=_several(answer)) for hit in answer.hits)
    drawer = (
        f'<details class="sanad-drawer"><summary class="sanad-drawer-summary">{escape(text(language, "answer_sources", count=len(answer.hits)))}</summary>{cards}</details>'
        if answer.hits
        else ""
    )
    copy = f'<button type="button" class="sanad-copy">{escape(text(language, "copy"))}</button>'
    return f'<div class="sanad-tools">{copy}</div>{drawer}'


def render_answer(answer: Answer, language: Language, turn: int = 0) -> str:
    """The assistant's turn: the quoted sentences, one marker per paragraph run, or one abstention line.

    Each marker's paragraph follows it, hidden until the marker is tapped; the
    answer's sources follow, folded (the phone's view of them); ``turn`` keeps
    the ids of several answers apart.
    """
    passages = {hit.passage.id: hit.passage for hit in answer.hits}
    body: list[str] = []
    if answer.short and not answer.abstained:
        body.append(_block("p", f"<strong>{escape(_one_line(answer.short))}</strong>", "sanad-short"))
    if answer.abstained and not answer.hits:
        # Input with nothing to look for: its text says so, alone, with no closest paragraphs.
        body.append(_block("p", escape(_one_line(answer.text)), "sanad-abstain sanad-sentence"))
    elif answer.abstained or not answer.citations:
        closest = answer.closest
        words = wording.not_answered_reason(language, answer.missing)
        body.append(_block("p", escape(words), "sanad-abstain sanad-sentence"))
        if closest:
            targets = [f"a{turn}-r{j}" for j in range(len(closest))]
            labels = [wording.paragraph_label(language, h.passage.number) for h in closest]
            links = " ".join(marker(label, h.passage.number, h.passage.id, t) for h, t, label in zip(closest, targets, labels))
            body.append(_block("p", f"{escape(wording.WORDS[language].closest)} {links}", "sanad-closest"))
            body += [_in_place(t, h, (), label, language) for h, t, label in zip(closest, targets, labels)]
    else:
        # The question's language frames the quotes, as in the API's text: an English question gets
        # "Paragraph 3 says: «…»" in either interface; an Arabic one the quote and its marker.
        framed = wording.language_of(answer.question) is Language.ENGLISH
        for j, run in enumerate(wording.runs(answer.citations)):  # one marker per run, as in the text
            first, target = run[0], f"a{turn}-r{j}"
            label = wording.paragraph_label(language, first.number, first.item, first.doc)
            if framed:
                link = marker(wording.english_label(first), first.number, first.id, target, bracketed=False)
                body.append(_framed(run, link))
            else:
                quotes = " ".join(_quote(c) for c in run)
                body.append(_block("p", f"{quotes} {marker(label, first.number, first.id, target)}", "sanad-sentence"))
            passage = passages.get(first.id)
            if passage is not None:
                body.append(_in_place(target, passage, run, label, language))
    html = f'<div class="sanad-msg sanad-answer">{"".join(body)}{_tools(answer, turn, language)}</div>'
    return html.replace("\n", "<br>")  # one line for the chatbot's markdown; a paragraph's own lines stay lines


def _quote(citation: Citation) -> str:
    """A quote, escaped, on one line, its answering phrase in ``<mark>``; a quote cut inside its sentence ends
    (or, cut before, starts) with ``…``."""
    ellipsis = ELLIPSIS if citation.cut else ""
    opening = LEADING_ELLIPSIS if citation.cut_before else ""
    if citation.highlight is None:
        return opening + escape(_one_line(citation.quote)) + ellipsis
    a, b = citation.highlight[0] - citation.start, citation.highlight[1] - citation.start
    flat = [_NEWLINES.sub(" ", part) for part in (citation.quote[:a], citation.quote[a:b], citation.quote[b:])]
    return f"{opening}{escape(flat[0].lstrip())}<mark>{escape(flat[1])}</mark>{escape(flat[2].rstrip())}{ellipsis}"


def render_error(message: str) -> str:
    """A message instead of an answer (say, an over-long question), shown in the chat."""
    return _block("div", escape(_one_line(message)), "sanad-msg sanad-abstain")


def highlight(value: str, spans: Iterable[tuple[int, int]]) -> str:
    """``value`` escaped, with each ``[start, end)`` span wrapped in ``<mark>`` (overlaps merged).

    >>> highlight("a <b> c", [(2, 5)])
    'a <mark>&lt;b&gt;</mark> c'
    """
    merged: list[list[int]] = []
    for start, end in sorted((max(0, a), min(len(value), b)) for a, b in spans):
        if start >= end:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    out, position = [], 0
    for start, end in merged:
        out.append(escape(value[position:start]))
        out.append(f"<mark>{escape(value[start:end])}</mark>")
        position = end
    out.append(escape(value[position:]))
    return "".join(out)


def _details(hit: Hit, cited: bool, language: Language) -> str:
    """The scores, folded: rank, fused score, each retriever's own."""
    parts = [text(language, "rank", rank=number(hit.rank, language)), text(language, "score", score=f"{hit.score:.3f}")]
    parts += [f"{name} {value:.3f}" for name, value in hit.scores.items()]
    if cited:
        parts.append(text(language, "cited"))
    return (
        f'<details class="sanad-details"><summary>{escape(text(language, "details"))}</summary>'
        f'<span dir="auto" class="sanad-score sanad-bidi">{escape(text(language, "separator").join(parts))}</span></details>'
    )


def render_source(
    hit: Hit, citations: Iterable[Citation] = (), language: Language = Language.ENGLISH, anchored: bool = True, with_title: bool = False
) -> str:
    """One source: label, section path, full text with quotes marked, and its scores behind "Details".

    ``anchored`` gives it the id markers look for (the sources panel's copy, not an answer's);
    ``with_title`` names its document beside the label (when several are indexed).
    """
    passage = hit.passage
    citations = [c for c in citations if c.id == passage.id]
    labels = sorted({wording.paragraph_label(language, c.number, c.item) for c in citations})
    labels = labels or [wording.paragraph_label(language, passage.number)]
    cited = " sanad-cited" if citations else ""
    title = _block("span", escape(passage.doc.title), "sanad-doc-title") if with_title else ""
    head = f'<div class="sanad-src-head"><span class="sanad-label">{escape(" · ".join(labels))}</span>{title}{_details(hit, bool(citations), language)}</div>'
    section = _block("div", escape(" › ".join(passage.section)), "sanad-section") if passage.section else ""
    body = _block("p", highlight(passage.text, [(c.start, c.end) for c in citations]), "sanad-text")
    if passage.uncertain:
        body += _block("p", escape(text(language, "uncertain")), "sanad-note sanad-uncertain")
    anchor = f' id="{anchor_id(passage.number, passage.id)}"' if anchored else ""
    return f'<section{anchor} dir="auto" class="sanad-src{cited}" data-passage="{escape(passage.id)}">{head}{section}{body}</section>'


def _several(answer: Answer) -> bool:
    """Whether the answer comes from an index of several documents: its citations name theirs, or its hits differ."""
    return any(c.doc for c in answer.citations) or len({h.passage.doc.id for h in answer.hits}) > 1


def render_sources(answer: Answer | None, language: Language) -> str:
    """The sources panel: every retrieved paragraph, the cited ones marked."""
    if answer is None:
        return (
            f'<div class="sanad-sources" dir="{direction(language)}"><h2>{escape(text(language, "sources"))}</h2>'
            f'<p class="sanad-note">{escape(text(language, "sources_empty"))}</p></div>'
        )
    title = text(language, "closest" if answer.abstained else "sources")
    entries = "".join(render_source(hit, answer.citations, language, with_title=_several(answer)) for hit in answer.hits)
    return f'<div class="sanad-sources" dir="{direction(language)}"><h2>{escape(title)}</h2>{entries}</div>'
