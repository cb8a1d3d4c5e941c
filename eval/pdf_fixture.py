"""An Arabic UN-style report made the way UN reports are made: DOCX written by python-docx, PDF by LibreOffice.

No real UN PDF can be fetched here, so the end-to-end test of Arabic PDFs (and
``python -m eval.pdf_extractors``) builds one: paragraphs of the bundled report
(its repaired text) under their chapter, section and sub-headings, numbered
``١ -`` … like the report, written right to left, justified, in Amiri, then
converted by ``soffice --headless``. :func:`expected` is what ingesting either
file must give back: paragraph numbers, order, headings and words.

Needs Debian's ``libreoffice-writer-nogui`` and ``fonts-hosny-amiri`` (``make ingest-tools``).
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from index.passage import Passage

# A symbol of the UN's shape that no real document has (a document number 000): the fixture is ours.
FIXTURE_SYMBOL = "A/74/000"
FIXTURE_TITLE = "تحسين تنسيق الجهود المبذولة لمكافحة الاتِّجار بالأشخاص"
_COVER = ("الدورة الرابعة والسبعون", "منع الجريمة والعدالة الجنائية")
_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
FONT = "Amiri"
# A longer "word" is several words the repair left glued together: not a paragraph to print.
_LONGEST_WORD = 16


@dataclass(frozen=True)
class Heading:
    """A chapter (``أولاً``), section (``ألف``) or sub-heading (``١``) line: ``marker - title``."""

    marker: str
    title: str

    @property
    def text(self) -> str:
        return f"{self.marker} - {self.title}"


@dataclass(frozen=True)
class Paragraph:
    """A numbered paragraph: its lead text, then its list items as (printed label, text) pairs."""

    number: int
    lead: str
    items: tuple[tuple[str, str], ...] = ()

    @property
    def text(self) -> str:
        return " ".join([self.lead, *(f"{label} {body}" for label, body in self.items)])


@dataclass(frozen=True)
class FixtureDocument:
    symbol: str
    title: str
    summary: str
    blocks: tuple[Heading | Paragraph, ...]


@dataclass(frozen=True)
class ExpectedPassage:
    number: int
    section: tuple[str, ...]
    text: str


def _heading(path_entry: str) -> Heading:
    marker, _, title = path_entry.partition(" - ")
    return Heading(marker, title)


def _split_items(passage: Passage) -> tuple[str, tuple[tuple[str, str], ...]]:
    """A report paragraph's lead text and its items, each with its printed label ("(أ)", "‘١’")."""
    if not passage.items:
        return passage.text, ()
    starts = sorted({item.start for item in passage.items})
    lead = passage.text[: starts[0]].strip()
    items = []
    for start, end in zip(starts, [*starts[1:], len(passage.text) + 1]):
        label, _, body = passage.text[start : end - 1].strip().partition(" ")
        items.append((label, body))
    return lead, tuple(items)


def report_sample(
    passages: list[Passage], per_chapter: int = 3, symbol: str = FIXTURE_SYMBOL, extra: tuple[str, ...] = ()
) -> FixtureDocument:
    """The first ``per_chapter`` sure paragraphs of every chapter (and the recommendations, with their
    items), renumbered 1 … N, with every heading above them, and the summary; ``extra`` paragraphs
    (text of one's own, e.g. a fact no other document has) follow as N + 1 …."""
    summary = next(p.text for p in passages if p.id.endswith("#summary"))
    chosen: list[Passage] = []
    count: dict[str, int] = {}
    for passage in passages:
        if passage.number is None or not passage.section:
            continue
        chapter = passage.section[0]
        sure = not passage.uncertain and max(map(len, passage.text.split())) <= _LONGEST_WORD
        if passage.items or (sure and count.get(chapter, 0) < per_chapter):
            chosen.append(passage)
            count[chapter] = count.get(chapter, 0) + 1
    blocks: list[Heading | Paragraph] = []
    path: tuple[str, ...] = ()
    subheadings = 0
    for number, passage in enumerate(chosen, start=1):
        # Headings that open here: those of this paragraph's path below the common prefix with the last.
        common = 0
        while common < min(len(path), len(passage.section)) and path[common] == passage.section[common]:
            common += 1
        for entry in passage.section[common:]:
            heading = _heading(entry)
            if heading.marker.isdigit():
                # Sub-headings are numbered 1, 2, … again in every section: renumber the ones we keep.
                subheadings += 1
                heading = Heading(str(subheadings).translate(_INDIC), heading.title)
                if subheadings == number:
                    raise ValueError(f"sub-heading {subheadings} would read as paragraph {number}")
            else:
                subheadings = 0
            blocks.append(heading)
        path = passage.section
        lead, items = _split_items(passage)
        blocks.append(Paragraph(number, lead, items))
    blocks.extend(Paragraph(len(chosen) + i, text) for i, text in enumerate(extra, start=1))
    return FixtureDocument(symbol, FIXTURE_TITLE, summary, tuple(blocks))


def expected(document: FixtureDocument) -> list[ExpectedPassage]:
    """The numbered passages ingestion must find: number, heading path and text as written."""
    out: list[ExpectedPassage] = []
    levels: list[tuple[int, str]] = []
    for block in document.blocks:
        if isinstance(block, Heading):
            level = 0 if block.marker.endswith("اً") else 2 if block.marker.isdigit() else 1
            levels = [entry for entry in levels if entry[0] < level] + [(level, block.text)]
        else:
            out.append(ExpectedPassage(block.number, tuple(text for _, text in levels), block.text))
    return out


# --- DOCX ---------------------------------------------------------------------------------------


def _rtl_paragraph(doc, text: str, *, align=None, bold: bool = False, size: int = 13, indent_cm: float = 0.0):
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    paragraph = doc.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY if align is None else align
    # python-docx has no switch for a right-to-left paragraph: w:bidi in the paragraph properties.
    paragraph._p.get_or_add_pPr().append(OxmlElement("w:bidi"))
    if indent_cm:
        paragraph.paragraph_format.first_line_indent = Cm(-indent_cm)
        paragraph.paragraph_format.left_indent = Cm(indent_cm)  # the line end in a right-to-left paragraph
    paragraph.paragraph_format.space_after = Pt(6)
    run = paragraph.add_run(text)
    run.font.rtl = True
    run.font.bold = bold or None
    run.font.size = Pt(size)
    properties = run._r.get_or_add_rPr()
    fonts = properties.get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(attribute), FONT)
    # Arabic is "complex script" text: its size and weight are the *Cs properties.
    size_cs = OxmlElement("w:szCs")
    size_cs.set(qn("w:val"), str(size * 2))
    properties.append(size_cs)
    if bold:
        properties.append(OxmlElement("w:bCs"))
    return paragraph


def write_docx(document: FixtureDocument, path: Path) -> Path:
    """The document as a right-to-left, justified DOCX in Amiri: symbol, cover, summary, chapters."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    doc = Document()
    doc.core_properties.title = document.title
    _rtl_paragraph(doc, document.symbol, align=WD_ALIGN_PARAGRAPH.LEFT, size=11)
    for line in _COVER:
        _rtl_paragraph(doc, line, align=WD_ALIGN_PARAGRAPH.RIGHT)
    _rtl_paragraph(doc, document.title, align=WD_ALIGN_PARAGRAPH.CENTER, bold=True, size=16)
    _rtl_paragraph(doc, "تقرير الأمين العام", align=WD_ALIGN_PARAGRAPH.CENTER, bold=True)
    _rtl_paragraph(doc, "ملخَّص", align=WD_ALIGN_PARAGRAPH.CENTER, bold=True)
    summary = document.summary.removeprefix("ملخَّص").strip()
    _rtl_paragraph(doc, summary)
    for block in document.blocks:
        if isinstance(block, Heading):
            _rtl_paragraph(doc, block.text, align=WD_ALIGN_PARAGRAPH.RIGHT, bold=True)
            continue
        _rtl_paragraph(doc, f"{str(block.number).translate(_INDIC)} -\t{block.lead}", indent_cm=1.0)
        for label, body in block.items:
            depth = 2.0 if label.startswith("‘") else 1.5
            _rtl_paragraph(doc, f"{label}\t{body}", indent_cm=depth)
    path = Path(path)
    doc.save(path)
    return path


# --- PDF ----------------------------------------------------------------------------------------


class ConversionError(RuntimeError):
    """LibreOffice is missing or failed to convert."""


def docx_to_pdf(docx: Path, out_dir: Path, profile_dir: Path, timeout: float = 240.0) -> Path:
    """Convert with ``soffice --headless`` under its own profile (no shared user state, no lock)."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise ConversionError("LibreOffice is not installed: make ingest-tools (apt-get install libreoffice-writer-nogui)")
    out_dir, profile_dir = Path(out_dir), Path(profile_dir)
    command = [
        soffice,
        f"-env:UserInstallation={profile_dir.resolve().as_uri()}",
        "--headless",
        "--norestore",
        "--convert-to",
        "pdf",
        "--outdir",
        str(out_dir),
        str(docx),
    ]
    result = subprocess.run(command, capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL)
    pdf = out_dir / (Path(docx).stem + ".pdf")
    if result.returncode != 0 or not pdf.exists():
        raise ConversionError(f"soffice failed ({result.returncode}): {result.stderr.strip()[-500:]}")
    return pdf


def build(
    out_dir: Path,
    passages: list[Passage] | None = None,
    name: str = "a74-000",
    *,
    symbol: str = FIXTURE_SYMBOL,
    extra: tuple[str, ...] = (),
) -> tuple[FixtureDocument, Path, Path]:
    """Write the sample DOCX and convert it: returns the document, the DOCX and the PDF (in ``out_dir``).

    Another ``symbol`` (and ``name``) makes another document; ``extra`` adds paragraphs of one's own.
    """
    if passages is None:
        from index.documents import bundled_report_path, load_passages

        passages = load_passages(bundled_report_path())
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    document = report_sample(passages, symbol=symbol, extra=extra)
    docx = write_docx(document, out_dir / f"{name}.docx")
    pdf = docx_to_pdf(docx, out_dir, out_dir / "lo-profile")
    return document, docx, pdf
