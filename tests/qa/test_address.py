"""Passage addresses: by id parts, by number alone, and sub-items by their marker path."""

import pytest

from index.common import NotFoundError
from index.passage import DocRef, Passage, SubItem
from qa.address import item_label, locate, split_id

REPORT = DocRef("a74", "Report")
NOTES = DocRef("notes", "Notes")
P139 = "يوصى بما يلي: (أ) أولا؛ (د) رابعا: ‘١’ فرعي أول؛ ‘٣’ فرعي ثالث؛ (هـ) خامسا."


def _items(text: str) -> tuple[SubItem, ...]:
    at = text.index
    return (
        SubItem(("أ",), at("(أ)"), at("(د)")),
        SubItem(("د",), at("(د)"), at("(هـ)")),
        SubItem(("د", "١"), at("‘١’"), at("‘٣’")),
        SubItem(("د", "٣"), at("‘٣’"), at("(هـ)")),
        SubItem(("هـ",), at("(هـ)"), len(text)),
    )


REPORT_PASSAGES = [
    Passage("a74#summary", REPORT, None, (), "ملخص."),
    Passage("a74#3", REPORT, 3, (), "صدقت فيجي."),
    Passage("a74#139", REPORT, 139, (), P139, items=_items(P139)),
]
NOTES_PASSAGES = [Passage("notes#1", NOTES, 1, (), "A note.")]


@pytest.mark.parametrize("part", ["3", "03", "٣", " 3 "])
def test_a_number_in_either_digits_finds_the_paragraph(part):
    assert locate(REPORT_PASSAGES, part, doc="a74").passage.id == "a74#3"


def test_front_matter_by_name_and_the_document_may_be_left_out_when_alone():
    assert locate(REPORT_PASSAGES, "summary").passage.id == "a74#summary"
    assert locate(REPORT_PASSAGES, "139").passage.number == 139


def test_split_id():
    assert split_id("a74#139") == ("a74", "139")
    assert split_id("139") == (None, "139")


@pytest.mark.parametrize(
    "item, label",
    [("د", ("د",)), ("(د)", ("د",)), ("د/٣", ("د", "٣")), ("د/3", ("د", "٣")), ("(د)/‘3’", ("د", "٣")), ("ا", ("أ",)), ("ه", ("هـ",))],
)
def test_sub_items_by_marker_path(item, label):
    found = locate(REPORT_PASSAGES, "139", doc="a74", item=item)
    assert found.item.label == label
    assert found.item_text == P139[found.item.start : found.item.end]
    assert found.item_text.startswith(f"({label[0]})" if len(label) == 1 else f"‘{label[1]}’")


def test_item_label_is_search_form():
    assert item_label("(أ)/‘٣’") == "ا/3"


@pytest.mark.parametrize(
    "passages, part, doc, item, message",
    [
        (REPORT_PASSAGES, "4", "a74", None, "a74 has no passage '4': it has paragraphs 3 to 139, and 'summary' for the front matter"),
        (REPORT_PASSAGES, "cover", None, None, "a74 has no passage 'cover': it has paragraphs 3 to 139, and 'summary' for the front matter"),
        (REPORT_PASSAGES, "3", "a75", None, "no document 'a75' is indexed; the documents: ['a74']"),
        (REPORT_PASSAGES + NOTES_PASSAGES, "3", None, None, "2 documents are indexed, so name the document: one of ['a74', 'notes']"),
        (REPORT_PASSAGES, "139", "a74", "ي", "paragraph 139 has no item 'ي'; its items: أ, د, د/١, د/٣, هـ"),
        (REPORT_PASSAGES, "3", "a74", "أ", "paragraph 3 has no lettered items"),
    ],
)
def test_what_is_not_there_is_named_with_what_is(passages, part, doc, item, message):
    with pytest.raises(NotFoundError) as info:
        locate(passages, part, doc=doc, item=item)
    assert str(info.value) == message


def test_two_documents_are_told_apart():
    passages = REPORT_PASSAGES + NOTES_PASSAGES
    assert locate(passages, "1", doc="notes").passage.id == "notes#1"
    assert locate(passages, "3", doc="a74").passage.id == "a74#3"


def test_the_bundled_report_by_address(report_passages):
    """The issue's examples, on the parsed report (no model needed)."""
    assert locate(report_passages, "3").passage.id == "a74-trafficking#3"
    assert locate(report_passages, "summary", doc="a74-trafficking").passage.id == "a74-trafficking#summary"
    d = locate(report_passages, "139", doc="a74-trafficking", item="د")
    d3 = locate(report_passages, "139", doc="a74-trafficking", item="د/3")
    assert d3.item.label == ("د", "٣")
    assert d.item.start < d3.item.start < d3.item.end <= d.item.end  # (د) holds its sub-items
    assert d.item_text.startswith("(د) دعوة الدول الأعضاء") and d3.item_text.startswith("‘٣’ إقامة وتطوير شراكات")
    with pytest.raises(NotFoundError, match="paragraphs 1 to 139, and 'cover', 'summary' for the front matter"):
        locate(report_passages, "140")
