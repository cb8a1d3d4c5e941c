"""An English UN report's numbering (1., I., A., (a), (i)) read the same from DOCX, PDF and text."""

import pytest

from eval.pdf_fixture import docx_to_pdf
from index.documents import load_document

COVER = ["A/74/150", "General Assembly", "Seventy-fourth session", "Improving the coordination of efforts against trafficking in persons", "Report of the Secretary-General"]
SUMMARY = "The present report is submitted pursuant to General Assembly resolution 72/195."
BODY = [
    "I. Introduction",
    "1. The General Assembly urged Member States to continue their efforts to criminalize trafficking in persons.",
    "2. The Assembly requested the Secretary-General to submit a report on the implementation of the resolution.",
    "II. Measures taken by Member States",
    "A. Legislation",
    "3. Member States reported legislative efforts, in particular:",
    "(a) New laws on forced labour;",
    "(b) Amendments to the criminal code, including:",
    "(i) Longer sentences;",
    "(ii) Protection of witnesses;",
    "(c) Guidelines for prosecutors.",
    "B. Prevention",
    "1. Awareness",
    "4. Campaigns reached millions of people in schools and on social media.",
]
EXPECTED = [
    (1, ("I. Introduction",)),
    (2, ("I. Introduction",)),
    (3, ("II. Measures taken by Member States", "A. Legislation")),
    (4, ("II. Measures taken by Member States", "B. Prevention", "1. Awareness")),
]


def _write(path):
    import docx

    document = docx.Document()
    for line in [*COVER, "Summary", SUMMARY, *BODY]:
        document.add_paragraph(line)
    document.save(path)
    return path


def _check(document, fmt):
    assert (document.doc_id, document.language, document.format) == ("a-74-150", "en", fmt)
    assert document.title == "Improving the coordination of efforts against trafficking in persons"
    numbered = [p for p in document.passages if p.number is not None]
    assert [(p.number, p.section) for p in numbered] == EXPECTED
    three = numbered[2]
    labels = [item.label for item in three.items]
    assert labels == [("a",), ("b",), ("b", "i"), ("b", "ii"), ("c",)]
    item_b = three.items[1]
    assert three.text[item_b.start : item_b.end].startswith("(b) Amendments") and "(ii) Protection of witnesses;" in three.text[item_b.start : item_b.end]
    assert [p.id for p in document.passages if p.number is None] == ["a-74-150#cover", "a-74-150#summary"]
    return numbered


def test_an_english_report_in_docx(tmp_path):
    numbered = _check(load_document(_write(tmp_path / "report.docx")), "docx")
    assert numbered[0].text == BODY[1].removeprefix("1. ")


def test_an_english_report_in_text(tmp_path):
    path = tmp_path / "report.txt"
    path.write_text("\n\n".join([*COVER, "Summary", SUMMARY, *BODY]) + "\n", encoding="utf-8")
    _check(load_document(path), "txt")


@pytest.mark.slow
def test_an_english_report_in_pdf(tmp_path):
    pdf = docx_to_pdf(_write(tmp_path / "report.docx"), tmp_path, tmp_path / "lo-profile")
    numbered = _check(load_document(pdf), "pdf")
    assert numbered[0].text == BODY[1].removeprefix("1. ")
