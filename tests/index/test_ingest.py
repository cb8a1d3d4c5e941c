"""index.ingest on small files made in the test: bad files, languages, symbols, DOCX structure."""

import io

import pytest

from index.common import InputFileError
from index.documents import load_document, load_documents
from index.ingest.symbol import find_symbol
from index.passage import Passage


def _docx(path, paragraphs, title=None):
    import docx

    document = docx.Document()
    for text, style in paragraphs:
        document.add_paragraph(text, style=style)
    if title:
        document.core_properties.title = title
    document.save(path)
    return path


def _encrypted_pdf(path):
    import pypdf

    writer = pypdf.PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.encrypt("secret")
    with open(path, "wb") as handle:
        writer.write(handle)
    return path


def _image_pdf(path):
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (400, 200), "white")
    ImageDraw.Draw(image).text((20, 80), "scanned page, no text layer", fill="black")
    image.save(path, "PDF")
    return path


BAD_FILES = {
    "encrypted.pdf": (_encrypted_pdf, "encrypted; save an unprotected copy"),
    "scan.pdf": (_image_pdf, "no text layer"),
    "damaged.pdf": (lambda p: p.write_bytes(b"%PDF-1.7\n garbage") and p, "not a readable PDF"),
    "corrupt.docx": (lambda p: p.write_bytes(b"PK\x03\x04 not really a zip") and p, "not a readable Word file"),
    "empty.docx": (lambda p: p.write_bytes(b"") and p, "is empty"),
    "empty.pdf": (lambda p: p.write_bytes(b"") and p, "is empty"),
    "blank.docx": (lambda p: _docx(p, [("   ", None)]), "is empty"),
}


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_a_bad_file_gets_one_line_naming_it_and_what_to_do(tmp_path, name):
    make, message = BAD_FILES[name]
    path = tmp_path / name
    make(path)
    with pytest.raises(InputFileError, match=message) as info:
        load_document(path)
    text = str(info.value)
    assert text.startswith(str(path)) and "\n" not in text


def test_bad_files_never_stop_the_others(tmp_path):
    good = tmp_path / "notes.txt"
    good.write_text("First paragraph.\n\nSecond paragraph.\n", encoding="utf-8")
    copy = tmp_path / "copy.md"
    copy.write_bytes(good.read_bytes())
    other = _docx(tmp_path / "brief.docx", [("Findings", "Heading 1"), ("One finding.", None), ("Another.", None)])
    bad = [BAD_FILES[name][0](tmp_path / name) for name in ("encrypted.pdf", "scan.pdf", "corrupt.docx")]
    documents, errors = load_documents([bad[0], good, bad[1], copy, other, bad[2]])
    assert [d.doc_id for d in documents] == ["notes", "brief"]
    assert [str(e).split(":")[0] for e in errors] == [str(bad[0]), str(bad[1]), str(copy), str(bad[2])]
    assert "same content as" in str(errors[2]) and str(good) in str(errors[2])


def test_docx_heading_styles_become_the_section_path(tmp_path):
    path = _docx(
        tmp_path / "Brief.docx",
        [("Findings", "Heading 1"), ("One.", None), ("Detail", "Heading 2"), ("Two.", None), ("Next", "Heading 1"), ("Three.", None)],
        title="A brief",
    )
    document = load_document(path)
    assert (document.doc_id, document.title, document.format, document.language) == ("brief", "A brief", "docx", "en")
    assert [(p.number, p.section, p.text) for p in document.passages] == [
        (1, ("Findings",), "One."),
        (2, ("Findings", "Detail"), "Two."),
        (3, ("Next",), "Three."),
    ]


@pytest.mark.parametrize(
    "text, language",
    [
        ("The Secretary-General has the honour to transmit to the General Assembly the report on trafficking in persons.", "en"),
        ("Le Secrétaire général a l'honneur de transmettre à l'Assemblée générale le rapport sur la traite des personnes.", "fr"),
        ("El Secretario General tiene el honor de transmitir a la Asamblea General el informe sobre la trata de personas.", "es"),
        ("دعت الجمعية العامة في قرارها ٧٢/١٩٥ الدول الأعضاء إلى مواصلة جهودها الرامية إلى تجريم الاتِّجار بالأشخاص.", "ar"),
    ],
)
def test_the_language_is_detected_and_recorded_on_every_passage(tmp_path, text, language):
    path = tmp_path / "report.txt"
    path.write_text(f"{text}\n\n{text}\n", encoding="utf-8")
    document = load_document(path)
    assert document.language == language
    assert {p.doc.language for p in document.passages} == {language}


def test_a_symbol_on_the_cover_names_the_document(tmp_path):
    path = _docx(tmp_path / "upload 3.docx", [("A/74/150", None), ("Report of the Secretary-General", None), ("Text.", None)])
    assert load_document(path).doc_id == "a-74-150"
    assert find_symbol(["See A/RES/74/176 and resolution 72/195"]) is None
    assert find_symbol(["S/2019/456", "A/74/150"]) == "S/2019/456"
    assert find_symbol(["E/CN.15/2019/5"]) == "E/CN.15/2019/5"


def test_passage_json_without_a_language_reads_as_arabic(report_passages):
    data = report_passages[3].to_json()
    assert data["doc"]["language"] == "ar"
    del data["doc"]["language"]
    assert Passage.from_json(data) == report_passages[3]


def test_two_files_of_one_symbol_are_one_document(tmp_path):
    first = _docx(tmp_path / "report.docx", [("A/74/150", None), ("Text.", None)])
    second = _docx(tmp_path / "report-copy.docx", [("A/74/150", None), ("Other text.", None)])
    documents, errors = load_documents([first, second])
    assert [d.doc_id for d in documents] == ["a-74-150"]
    assert len(errors) == 1 and str(errors[0]).startswith(str(second)) and "same document id 'a-74-150'" in str(errors[0])
