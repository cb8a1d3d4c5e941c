"""What the documents are: read from their own front matter."""

from __future__ import annotations

from index.passage import DocRef, Passage
from qa.catalog import Kind, describe, session_number


def test_the_bundled_report(report_passages):
    [report] = describe(report_passages)
    assert report.paragraphs == 139  # numbered paragraphs only: not the cover and the summary
    assert report.front == ("cover", "summary")
    assert report.kind is Kind.SECRETARY_GENERAL_REPORT
    assert (report.session, report.year) == (74, 2019)
    assert report.symbol is None and report.date is None  # the extracted cover carries neither
    assert report.agenda_item == 108  # "البند ١٠٨ من القائمة الأولية"
    assert report.title.startswith("تحسين تنسيق الجهود")


def test_plain_documents_and_a_symbol():
    notes = DocRef("notes", "Notes")
    cover = DocRef("r", "R")
    passages = [
        Passage("notes#1", notes, 1, (), "one"),
        Passage("notes#2", notes, 2, (), "two"),
        Passage("r#cover", cover, None, (), "A/75/289 Seventy-fifth session Report of the Secretary-General"),
        Passage("r#1", cover, 1, (), "text"),
    ]
    first, second = describe(passages)
    assert (first.id, first.paragraphs, first.kind, first.session, first.symbol) == ("notes", 2, None, None, None)
    assert (second.symbol, second.session, second.kind, second.front) == ("A/75/289", 75, Kind.SECRETARY_GENERAL_REPORT, ("cover",))


def test_session_numbers():
    assert session_number("الدورة الحادية والسبعون") == 71
    assert session_number("الدورة العاشرة") == 10
    assert session_number("Twentieth session") == 20
    assert session_number("Seventy-first session") == 71
    assert session_number("a session") is None


def test_symbol_date_and_item_come_from_the_cover_lines_only():
    doc = DocRef("r", "R")
    cover_lines = ("A/74/176", "الدورة الرابعة والسبعون", "البند ١٠٨ من القائمة الأولية*", "١٩ تموز/يوليه ٢٠١٩")
    passages = [
        Passage("r#cover", doc, None, (), " ".join(cover_lines[1:]), raw=cover_lines),  # the symbol only in the raw lines
        Passage("r#summary", doc, None, (), "وفقاً للقرار A/RES/72/195 والوثيقة A/73/999 المؤرخة ١ آب/أغسطس ٢٠١٨ والبند ٩٩"),
        Passage("r#1", doc, 1, (), "one"),
        Passage("r#1-2", doc, 1, (), "one, continued"),  # one paragraph in two passages
        Passage("r#2", doc, 2, (), "two"),
    ]
    [info] = describe(passages)
    assert (info.symbol, info.date, info.agenda_item, info.session) == ("A/74/176", "١٩ تموز/يوليه ٢٠١٩", 108, 74)
    assert info.paragraphs == 2
    english = [Passage("e#cover", DocRef("e", "E"), None, (), "A/RES/74/1 A/HRC/41/12 Item 3 of the provisional agenda 19 July 2019")]
    [info] = describe(english)
    assert (info.symbol, info.date, info.agenda_item) == ("A/HRC/41/12", "19 July 2019", 3)
