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
    assert report.symbol is None  # the extracted text carries none
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
