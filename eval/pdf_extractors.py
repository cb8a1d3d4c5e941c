"""Which PDF extractor reads Arabic best: every one on the LibreOffice report of :mod:`eval.pdf_fixture`.

``python -m eval.pdf_extractors [--out DIR]`` builds the DOCX and PDF (needs
``make ingest-tools``), reads the PDF with each extractor through the same path
(the local fixes of :mod:`index.ingest.logical`, the report's line shape, the
report parser) and the DOCX through python-docx, and prints, side by side:
- lines exact: the share of a numbered paragraph's source lines found word for word
  in the paragraph as written (the measure of the README's line repair);
- paragraphs: how many numbered paragraphs were found with the number, in the order, written;
- exact: paragraphs whose whole text is as written; headings: paragraphs with their heading path right;
- seconds to extract.
"""

from __future__ import annotations

import argparse
import re
import tempfile
import time
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from eval.pdf_fixture import ExpectedPassage, build, expected
from index.ingest.pdf import Extractor, extract_pages
from index.passage import Passage
from index.repair.markers import split_item, split_marker

_BIDI_CONTROLS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")


@dataclass(frozen=True)
class Row:
    reader: str
    lines_exact: int
    lines: int
    paragraphs_in_order: int
    paragraphs_exact: int
    headings_right: int
    expected: int
    seconds: float

    @property
    def share(self) -> float:
        return self.lines_exact / self.lines if self.lines else 0.0


def _clean(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", _BIDI_CONTROLS.sub("", text)).split())


def compare(passages: list[Passage], wanted: list[ExpectedPassage], reader: str, seconds: float) -> Row:
    """Score the numbered passages read from a file against the ones written into it."""
    got = {p.number: p for p in passages if p.number is not None}
    by_number = {e.number: e for e in wanted}
    lines = exact_lines = 0
    for number, passage in got.items():
        target = by_number.get(number)
        for raw in passage.raw:
            body = _clean(split_item(split_marker(raw)[1])[1])
            if not body:
                continue
            lines += 1
            exact_lines += bool(target) and body in _clean(target.text)
    numbers = [p.number for p in passages if p.number is not None]
    in_order = sum(1 for a, b in zip(numbers, [e.number for e in wanted]) if a == b)
    exact = sum(1 for e in wanted if e.number in got and _clean(got[e.number].text) == _clean(e.text))
    headings = sum(
        1 for e in wanted if e.number in got and tuple(map(_clean, got[e.number].section)) == tuple(map(_clean, e.section))
    )
    return Row(reader, exact_lines, lines, in_order, exact, headings, len(wanted), seconds)


def read_with(pdf: Path, extractor: Extractor) -> tuple[list[Passage], float]:
    """The PDF's passages through one extractor and the ingest path after it; and the extraction time."""
    from index.ingest.logical import fix_lines
    from index.ingest.shape import report_text
    from index.report import parse_report

    start = time.perf_counter()
    pages = extract_pages(pdf, extractor)
    seconds = time.perf_counter() - start
    lines = [_BIDI_CONTROLS.sub("", line) for page in pages for line in page.splitlines()]
    passages, _ = parse_report(report_text(fix_lines(lines)), "fixture", ordered=True)
    return passages, seconds


def measure(out_dir: Path) -> list[Row]:
    from index.documents import load_document

    document, docx, pdf = build(out_dir)
    wanted = expected(document)
    rows = []
    for extractor in Extractor:
        passages, seconds = read_with(pdf, extractor)
        rows.append(compare(passages, wanted, f"PDF, {extractor.value}", seconds))
    start = time.perf_counter()
    loaded = load_document(docx)
    rows.append(compare(list(loaded.passages), wanted, "DOCX, python-docx", time.perf_counter() - start))
    return rows


def table(rows: list[Row]) -> str:
    out = [
        "| reader | lines exact | paragraphs, number and order | paragraphs exact | heading path right | seconds |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        out.append(
            f"| {r.reader} | {r.share:.1%} ({r.lines_exact}/{r.lines}) | {r.paragraphs_in_order}/{r.expected} "
            f"| {r.paragraphs_exact}/{r.expected} | {r.headings_right}/{r.expected} | {r.seconds:.2f} |"
        )
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.pdf_extractors", description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, help="keep the DOCX and PDF in this directory (default: a temporary one)")
    args = parser.parse_args(argv)
    if args.out:
        print(table(measure(args.out)))
    else:
        with tempfile.TemporaryDirectory(prefix="sanad-pdf-") as tmp:
            print(table(measure(Path(tmp))))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
