"""List answers (qa.lists): enumerations of the parsed report, and the answers the real model gives to list questions."""

import pytest

from qa import lists
from qa.answer import Sentence
from qa.results import Hit


def _span_text(sentence: str) -> str | None:
    span = lists.items(sentence)
    return None if span is None else sentence[span.start : span.end]


def test_the_items_of_the_reports_own_enumerations(paragraphs):
    # ¶8 announces its four pillars with "هي:", ¶48 its three areas the same way.
    assert _span_text(paragraphs[8].text).startswith("المنع، وحماية الضحايا، وملاحقة الجناة، وإقامة الشراكات")
    assert "تنمية القدرات، والبحوث والمعارف، وإقامة الشراكات" in _span_text(paragraphs[48].text.split(". ")[-1])


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("وأفادت دول بأنها تدرب المعنيين، ومنهم الشرطة، وموظفو الهجرة، وحرس الحدود (٢٠١٨).", "الشرطة، وموظفو الهجرة، وحرس الحدود"),
        ("صدقت ثلاث دول، هي: فيجي، وملديف، واليابان.", "فيجي، وملديف، واليابان"),
        ("صدقت دولتان، هما فيجي، وملديف.", None),  # no opener the rule knows, no "، و" twice after one
        ("وأشارت الدول إلى أهمية الحماية، والمساعدة، والإدماج.", None),  # a series without an opener: not a list answer
        ("", None),
    ],
)
def test_items(sentence, expected):
    assert _span_text(sentence) == expected


def test_a_head_is_the_first_clause_and_stays_a_substring(paragraphs):
    passage = paragraphs[139]
    hit = Hit(passage, 1, 1.0)
    start = passage.text.index("(ب)")
    whole = Sentence(hit, start, passage.text.index("؛", start) + 1)
    cut = lists.head(whole)
    assert cut.text == "(ب) تشجيع الدول الأعضاء على تبادل المعلومات بشأن تدابير التصدي تلك"
    assert passage.text[cut.start : cut.end] == cut.text and cut.start == whole.start
    assert cut.cut and not whole.cut  # marked, so that the answer shows where the quote stops
    assert len(lists.head(whole, limit=30).text) <= 30


def test_a_head_that_leaves_only_a_stop_out_is_not_marked_cut(paragraphs):
    passage = paragraphs[139]  # "يوصى بأن تنظر الجمعية العامة في اتخاذ الإجراءات التالية:"
    whole = Sentence(Hit(passage, 1, 1.0), 0, passage.text.index(":") + 1)
    cut = lists.head(whole)
    assert cut.text.endswith("التالية") and not cut.cut


def test_gathering_keeps_a_sentence_that_is_no_item(paragraphs):
    hit = Hit(paragraphs[3], 1, 1.0)
    plain = Sentence(hit, 0, 40)
    assert lists.gather_items([plain], [(plain, 0.9)], 0.8, lambda s: (), 3) == [plain]


@pytest.mark.slow
def test_a_list_question_quotes_the_enumeration_not_the_restatement(real_assistant):
    """¶48's first sentence restates the question; its third one lists the three areas (report_dev u067)."""
    answer = real_assistant.ask("ما المجالات الثلاثة التي تعمل فيها مفوضية حقوق الإنسان ضد الاتجار؟")
    assert answer.short == "تنمية القدرات، والبحوث والمعارف، وإقامة الشراكات"
    assert answer.citations[0].number == 48 and answer.citations[0].phrase == answer.short


@pytest.mark.slow
def test_what_the_secretary_general_recommends_is_several_items_each_cited(real_assistant):
    answer = real_assistant.ask("What does the Secretary-General recommend to Member States?")
    items = [c.item for c in answer.citations]
    assert len(items) >= 2 and len(set(items)) == len(items), answer.text
    assert all(c.number == 139 and c.item for c in answer.citations)
    for citation in answer.citations:  # each its own run, labelled by its own item
        assert f"Paragraph 139 ({citation.item[0]})" in answer.text
        assert real_assistant.passage(citation.id).text[citation.start : citation.end] == citation.quote
    # Each item is quoted by its first clause; a quote that stops inside its sentence says so with "…".
    cut = [c for c in answer.citations if c.cut]
    assert cut, answer.text
    for citation in cut:
        assert f"{citation.marked()}»" in answer.text and citation.marked().endswith(" …")


@pytest.mark.slow
def test_one_recommendation_asked_for_is_one_item(real_assistant):
    answer = real_assistant.ask("هل يوصي التقرير بلمّ شمل الضحايا بأسرهم؟")
    assert len(answer.citations) == 1
