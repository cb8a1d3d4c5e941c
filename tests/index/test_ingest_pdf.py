"""End to end: the report's paragraphs written to DOCX (right to left, justified, Amiri), made a PDF by
LibreOffice, read back; paragraph numbers, order, headings and words compared with what was written."""

import pytest

from eval.pdf_extractors import compare, read_with
from eval.pdf_fixture import FIXTURE_SYMBOL, FIXTURE_TITLE, expected
from index.documents import load_document
from index.ingest.pdf import DEFAULT_EXTRACTOR, Extractor

pytestmark = pytest.mark.slow


def test_pdf_gives_back_the_paragraphs_in_order_with_their_numbers(arabic_report_files):
    document, _, pdf = arabic_report_files
    wanted = expected(document)
    loaded = load_document(pdf)
    assert (loaded.doc_id, loaded.title, loaded.language, loaded.format) == ("a-74-000", FIXTURE_TITLE, "ar", "pdf")
    assert FIXTURE_SYMBOL in loaded.passages[0].text  # the cover
    numbered = [p for p in loaded.passages if p.number is not None]
    assert [p.number for p in numbered] == [e.number for e in wanted]
    assert all(p.doc.id == "a-74-000" and p.id == f"a-74-000#{p.number}" for p in numbered)
    row = compare(list(loaded.passages), wanted, "pdf", 0.0)
    print(f"\nPDF ({DEFAULT_EXTRACTOR.value}): lines exact {row.share:.1%} ({row.lines_exact}/{row.lines}), "
          f"paragraphs exact {row.paragraphs_exact}/{row.expected}, heading paths {row.headings_right}/{row.expected}")
    # Measured 90 % of lines and 20 of 21 heading paths; the floor catches a regression, not noise.
    assert row.share >= 0.85
    assert row.headings_right >= 18
    # The recommendations keep their lettered items, as in the report.
    last = numbered[-1]
    assert [item.label for item in last.items][:3] == [("أ",), ("ب",), ("ج",)]


def test_docx_gives_back_every_word(arabic_report_files):
    document, docx, _ = arabic_report_files
    wanted = expected(document)
    loaded = load_document(docx)
    assert (loaded.doc_id, loaded.title, loaded.language, loaded.format) == ("a-74-000", FIXTURE_TITLE, "ar", "docx")
    numbered = [p for p in loaded.passages if p.number is not None]
    assert [(p.number, p.section, p.text) for p in numbered] == [(e.number, e.section, e.text) for e in wanted]
    row = compare(list(loaded.passages), wanted, "docx", 0.0)
    print(f"\nDOCX: lines exact {row.share:.1%} ({row.lines_exact}/{row.lines})")
    assert row.share == 1.0
    pdf_items = [item.label for item in numbered[-1].items]
    assert ("د", "١") in pdf_items and len(pdf_items) == 17


def test_the_default_extractor_is_the_best_measured(arabic_report_files):
    document, _, pdf = arabic_report_files
    wanted = expected(document)
    rows = {extractor: compare(read_with(pdf, extractor)[0], wanted, extractor.value, 0.0) for extractor in Extractor}
    for extractor, row in rows.items():
        print(f"\n{extractor.value}: lines exact {row.share:.1%}, paragraphs in order {row.paragraphs_in_order}/{row.expected}")
    best = rows[DEFAULT_EXTRACTOR]
    assert all(best.share >= row.share and best.paragraphs_in_order >= row.paragraphs_in_order for row in rows.values())
