"""The chat's HTML: escaped, bidi-safe, markers linking to sources, quotes highlighted at the right offsets."""

from __future__ import annotations

from dataclasses import replace
from html import escape
from html.parser import HTMLParser

from qa import wording
from qa.answer import AnswerConfig
from qa.results import Answer, Citation, Hit
from ui import page, render
from ui.strings import AR, EN

XSS = "<img src=x onerror=alert(1)>"


class Elements(HTMLParser):
    """Every start tag with its attributes, and the text inside each ``<mark>``."""

    def __init__(self, html: str):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.marks: list[str] = []
        self._in_mark = 0
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_mark += tag == "mark"
        if tag == "mark":
            self.marks.append("")

    def handle_endtag(self, tag):
        self._in_mark -= tag == "mark"

    def handle_data(self, data):
        if self._in_mark:
            self.marks[-1] += data

    def named(self, tag: str) -> list[dict]:
        return [attrs for name, attrs in self.tags if name == tag]


def _citation(passage, quote: str, item=()) -> Citation:
    start = passage.text.index(quote)
    return Citation(passage.id, passage.number, quote, start, start + len(quote), item)


def _answer(citations, hits, abstained=False, question="سؤال", missing=()) -> Answer:
    text = " ".join(f"{c.quote} ({c.label()})" for c in citations) or "لا يبدو أن التقرير يجيب عن هذا السؤال."
    closest = tuple(hits[: AnswerConfig().hits_considered]) if abstained else ()
    return Answer(question, text, tuple(citations), tuple(hits), abstained=abstained, missing=tuple(missing), closest=closest)


JAPAN = "واليابان (١١ تموز/يوليه ٢٠١٧)."


def test_question_and_corpus_text_is_escaped(standin):
    question = Elements(render.render_question(XSS))
    assert [tag for tag, _ in question.tags] == ["div"]
    assert "&lt;img" in render.render_question(XSS)

    p3 = standin[3]
    hostile = replace(p3, section=(XSS,), text=XSS + " " + p3.text)
    citation = _citation(hostile, XSS)
    answer = _answer([citation], [Hit(hostile, 1, 0.9)])
    for html in (render.render_answer(answer, EN), render.render_sources(answer, AR), render.render_error(XSS)):
        tags = {tag for tag, _ in Elements(html).tags}
        assert "img" not in tags and "script" not in tags
        assert "onerror=alert(1)&gt;" in html


def test_every_text_block_is_bidi_isolated(standin):
    p3 = standin[3]
    answer = _answer([_citation(p3, "وخلال الفترة المشمولة بهذا التقرير،")], [Hit(p3, 1, 0.9)])
    for html in (render.render_question("When did Japan ratify?"), render.render_answer(answer, AR), render.render_sources(answer, EN)):
        blocks = [attrs for tag, attrs in Elements(html).tags if "sanad-bidi" in attrs.get("class", "")]
        assert blocks, html
        assert all(attrs.get("dir") == "auto" for attrs in blocks)
    assert ".sanad-bidi { unicode-bidi: plaintext;" in page.css()


def test_markers_open_their_paragraph_in_place_or_in_the_panel(standin):
    p3, p139 = standin[3], standin[139]
    item_quote = "(ب) تشجيع الدول الأعضاء على تبادل المعلومات بشأن تدابير التصدي تلك؛"
    citations = [_citation(p3, JAPAN), _citation(p139, item_quote, ("ب",))]
    answer = _answer(citations, [Hit(p3, 1, 0.9), Hit(p139, 2, 0.5)])

    html = render.render_answer(answer, EN, turn=4)
    links = Elements(html).named("a")
    assert [a["href"] for a in links] == ["#a4-r0", "#a4-r1"]  # the paragraph that follows, in this answer
    assert [a["class"].split()[-1] for a in links] == ["sanad-to-src-3", "sanad-to-src-139"]  # the panel's entry
    in_place = [d for d in Elements(html).named("div") if "sanad-inline" in d.get("class", "").split()]
    assert [(d["id"], "hidden" in d) for d in in_place] == [("a4-r0", True), ("a4-r1", True)]
    assert len(Elements(html).named("button")) == 3  # a way back from each paragraph, and Copy

    sources = Elements(render.render_sources(answer, EN))
    ids = [attrs["id"] for attrs in sources.named("section")]
    assert ids == ["src-3", "src-139"]
    assert p139.text[: p139.text.index("\n")] in render.render_sources(answer, EN)  # the full paragraph, not a snippet
    assert "id=" not in html.split("sanad-drawer")[1]  # the answer's own copy of its sources has no ids to clash


def _labels(html: str, css_class: str) -> list[str]:
    """The text of each element of ``css_class``: a marker's ``(…)``, a card's label."""
    found, depth = [], 0

    class Texts(HTMLParser):
        def handle_starttag(self, tag, attrs):
            nonlocal depth
            if depth or css_class in dict(attrs).get("class", "").split():
                depth += 1
                if depth == 1:
                    found.append("")

        def handle_endtag(self, tag):
            nonlocal depth
            depth = max(0, depth - 1)

        def handle_data(self, data):
            if depth:
                found[-1] += data

    Texts().feed(html)
    return found


def test_citations_are_named_in_the_interface_language_and_quotes_stay_arabic(standin):
    p3, p139 = standin[3], standin[139]
    item_quote = "(ب) تشجيع الدول الأعضاء على تبادل المعلومات بشأن تدابير التصدي تلك؛"
    answer = _answer([_citation(p3, JAPAN), _citation(p139, item_quote, ("ب",))], [Hit(p3, 1, 0.9), Hit(p139, 2, 0.5)])
    english, arabic = render.render_answer(answer, EN), render.render_answer(answer, AR)
    assert _labels(english, "sanad-cite") == ["(paragraph 3)", "(paragraph 139 (ب))"]
    assert _labels(arabic, "sanad-cite") == ["(الفقرة ٣)", "(الفقرة ١٣٩ (ب))"]
    assert "الفقرة" not in english and "paragraph" not in arabic
    assert JAPAN in english and JAPAN in arabic  # the report's sentence itself, untouched
    # The paragraph opened in place, the answer's folded cards and the sources panel say the same.
    assert _labels(english, "sanad-label") == ["paragraph 3", "paragraph 139 (ب)", "paragraph 3", "paragraph 139 (ب)"]
    assert _labels(render.render_sources(answer, EN), "sanad-label") == ["paragraph 3", "paragraph 139 (ب)"]
    assert _labels(render.render_sources(answer, AR), "sanad-label") == ["الفقرة ٣", "الفقرة ١٣٩ (ب)"]
    abstained = _answer([], [Hit(p3, 1, 0.9), Hit(standin[None], 2, 0.5)], abstained=True)
    assert _labels(render.render_answer(abstained, EN), "sanad-cite") == ["(paragraph 3)", "(the summary)"]
    assert _labels(render.render_answer(abstained, AR), "sanad-cite") == ["(الفقرة ٣)", "(الملخص)"]


def _sentences(html: str) -> list[str]:
    return _labels(html, "sanad-sentence")


def test_an_english_question_is_framed_in_english_with_the_arabic_quote_isolated_inside(standin):
    """What the API's text says ("Paragraph 3 says: «…»"), in either interface; an Arabic question is not framed."""
    p3, p139 = standin[3], standin[139]
    item_quote = "(ب) تشجيع الدول الأعضاء على تبادل المعلومات بشأن تدابير التصدي تلك؛"
    japan = _citation(p3, JAPAN)
    start = japan.start + JAPAN.index("١١")
    japan = replace(japan, highlight=(start, start + len("١١ تموز/يوليه ٢٠١٧")))
    citations = [japan, _citation(p139, item_quote, ("ب",))]
    english = replace(_answer(citations, [Hit(p3, 1, 0.9), Hit(p139, 2, 0.5)], question="When did Japan ratify?"), short="11 July 2017")
    for language in (EN, AR):
        html = render.render_answer(english, language)
        assert _sentences(html) == [f"Paragraph 3 says: «{JAPAN}»", f"Paragraph 139 (ب) says: «{item_quote}»"]
        sentences = [p for p in Elements(html).named("p") if "sanad-sentence" in p["class"].split()]
        assert [p["dir"] for p in sentences] == ["ltr", "ltr"]  # the frame reads left to right…
        assert [(b["dir"], b["class"]) for b in Elements(html).named("bdi")] == [("rtl", "sanad-quote")] * 2  # …the quote right to left
        assert _labels(html, "sanad-cite") == ["Paragraph 3", "Paragraph 139 (ب)"]  # the frame's label opens the paragraph
        assert [a["href"] for a in Elements(html).named("a")] == ["#a0-r0", "#a0-r1"]
        assert Elements(html).marks[0] == "١١ تموز/يوليه ٢٠١٧" and _labels(html, "sanad-short") == ["11 July 2017"]
        # The API's words for the same answer: the chat shows them, with its own markup.
        api = wording.answer_text(wording.Language.ENGLISH, english.short, english.citations).replace("**", "")
        assert api.split("\n")[1:] == _sentences(html)
    notes = replace(p3, id="notes#1", text="The Committee met in Valparaiso on 3 March 2021.")
    latin = _answer([_citation(notes, notes.text)], [Hit(notes, 1, 0.9)], question="Where did it meet?")
    assert [b["dir"] for b in Elements(render.render_answer(latin, AR)).named("bdi")] == ["ltr"]  # an English quote stays LTR
    arabic = replace(english, question="متى صدقت اليابان؟")
    for language in (EN, AR):
        html = render.render_answer(arabic, language)
        assert "says" not in html and "<bdi" not in html
        assert len(_labels(html, "sanad-cite")) == 2 and all(label.startswith("(") for label in _labels(html, "sanad-cite"))


def test_one_marker_per_paragraph_run(standin):
    p3, p4 = standin[3], standin[4]
    first = "وخلال الفترة المشمولة بهذا التقرير،"
    fourth = "ولا تشمل القوانين الجنائية لدى أربعة بلدان جريمة الاتِّجار بالأشخاص."
    answer = _answer([_citation(p3, first), _citation(p3, JAPAN), _citation(p4, fourth)], [Hit(p3, 1, 0.9), Hit(p4, 2, 0.8)])
    html = render.render_answer(answer, AR)
    assert html.count("(الفقرة ٣)") == 1 and html.count("(الفقرة ٤)") == 1
    sentences = [p for p in Elements(html).named("p") if "sanad-sentence" in p.get("class", "").split()]
    assert len(sentences) == 2


def test_quotes_are_highlighted_at_their_offsets(standin):
    p3 = standin[3]
    first = "وخلال الفترة المشمولة بهذا التقرير،"
    answer = _answer([_citation(p3, JAPAN), _citation(p3, first)], [Hit(p3, 1, 0.9)])
    marks = Elements(render.render_source(answer.hits[0], answer.citations, AR)).marks
    assert marks == [first, JAPAN]


def test_highlight_merges_overlaps_and_escapes_each_piece():
    text = "a<b>c d&e f"
    assert render.highlight(text, [(1, 4), (3, 6)]) == "a<mark>&lt;b&gt;c </mark>d&amp;e f"
    assert render.highlight(text, [(9, 99), (5, 5)]) == "a&lt;b&gt;c d&amp;e<mark> f</mark>"
    assert render.highlight(text, []) == "a&lt;b&gt;c d&amp;e f"


def test_abstention_says_so_once_in_the_interface_language(standin):
    hits = [Hit(p, rank, 1.0 / rank) for rank, p in enumerate(standin.values(), start=1)]
    answer = _answer([], hits, abstained=True, missing=["Fiji"])
    english = render.render_answer(answer, EN)
    assert "does not seem to answer" in english and "do not mention «Fiji»" in english
    assert english.count("Closest paragraphs") == 1 and "أقرب" not in english and "لا يبدو" not in english
    closest = [a["href"] for a in Elements(english).named("a")]
    assert closest == ["#a0-r0", "#a0-r1", "#a0-r2"]
    arabic = render.render_answer(answer, AR)
    assert "لا يبدو أن التقرير يجيب" in arabic and arabic.count("أقرب الفقرات إليه") == 1 and "Closest" not in arabic
    sources = render.render_sources(answer, EN)
    assert "Closest paragraphs" in sources
    assert len(Elements(sources).named("section")) == len(hits)
    assert Elements(sources).marks == []
    assert "أقرب الفقرات" in render.render_sources(answer, AR)


def test_scores_wait_behind_details(standin):
    hit = Hit(standin[3], 1, 0.912345, scores={"bm25": 7.5, "dense": 0.81})
    card = render.render_source(hit, (), EN)
    details = card[card.index("<details") : card.index("</details>")]
    assert "score 0.912" in details and "bm25 7.500" in details and "dense 0.810" in details
    assert "0.912" not in card.replace(details, "")
    assert "<summary>Details</summary>" in card and "<summary>تفاصيل</summary>" in render.render_source(hit, (), AR)


def test_anchor_ids_are_safe():
    assert render.anchor_id(3) == "src-3"
    assert render.anchor_id(None, 'doc/"><x') == "src-doc-x"
    assert render.anchor_id(None, "") == "src-summary"


def test_chat_fragments_are_single_lines(standin):
    """The chatbot's markdown would end an HTML block at a blank line."""
    p139 = standin[139]
    quote = p139.text  # spans several lines
    answer = _answer([Citation(p139.id, 139, quote, 0, len(quote))], [Hit(p139, 1, 0.9)])
    assert "\n" not in render.render_answer(answer, AR)
    assert "\n" not in render.render_question("a\n\nb")


def test_the_short_answer_leads_and_its_phrase_is_marked_once_per_paragraph_run(standin):
    p3 = standin[3]
    quote = _citation(p3, JAPAN)
    start = quote.start + JAPAN.index("١١")
    marked = replace(quote, highlight=(start, start + len("١١ تموز/يوليه ٢٠١٧")))
    answer = replace(_answer([marked], [Hit(p3, 1, 0.9)]), short="١١ تموز/يوليه ٢٠١٧")
    html = render.render_answer(answer, AR)
    assert Elements(html).marks[0] == "١١ تموز/يوليه ٢٠١٧"  # then the quote, marked in its paragraph
    assert html.index("<strong>") < html.index("<mark>")
    # Two quotes of one paragraph share one marker.
    first = _citation(p3, p3.text[: p3.text.index(" ", 40)])
    two = _answer([first, quote], [Hit(p3, 1, 0.9)])
    assert [a["href"] for a in Elements(render.render_answer(two, AR)).named("a")] == ["#a0-r0"]


def test_input_with_nothing_to_look_for_gets_its_message_alone():
    answer = Answer("asdkjh", "I could not find this in the report. Try rephrasing it.", (), (), abstained=True)
    html = render.render_answer(answer, AR)
    assert "could not find this" in html and "does not seem" not in html
    assert Elements(html).named("a") == []


def test_an_uncertain_paragraph_carries_a_quiet_note_in_the_interface_language(standin):
    p3 = standin[3]
    plain = render.render_source(Hit(p3, 1, 0.9), language=EN)
    assert "sanad-uncertain" not in plain
    for language, words in ((EN, "out of order"), (AR, "ترتيب")):
        html = render.render_source(Hit(replace(p3, uncertain=True), 1, 0.9), language=language)
        (note,) = [attrs for tag, attrs in Elements(html).tags if "sanad-uncertain" in attrs.get("class", "")]
        assert words in html


def test_a_quote_cut_inside_its_sentence_ends_in_an_ellipsis_in_both_frames(standin):
    p3 = standin[3]
    whole = _citation(p3, JAPAN)
    cut = _citation(p3, JAPAN[: JAPAN.index(" ", 12)])
    cut = replace(cut, cut=True)
    for question, language in (("سؤال", AR), ("When?", EN)):
        html = render.render_answer(replace(_answer([cut], [Hit(p3, 1, 0.9)]), question=question), language)
        assert f"{escape(cut.quote)} …" in html
        assert " …" not in render.render_answer(replace(_answer([whole], [Hit(p3, 1, 0.9)]), question=question), language)
