"""A PDF page's lines from PDFium's glyphs, with each Arabic diacritic back on its letter.

PDFium lists a page's letters in reading order, right to left included, but on a
report made by LibreOffice (measured: ``python -m eval.pdf_extractors``) its text
puts the diacritics (shadda, kasra, tanween: glyphs of their own drawn above or
below a letter) at the start of the line or on a line of their own, and adds a
space of no width around them that cuts a word in two. Here each cluster of marks
goes back to the letter it is drawn on, by position, and those spaces are dropped
unless the page shows a word gap there. Numbers, brackets and punctuation that
sit on the wrong side are :mod:`index.ingest.logical`'s job.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Arabic harakat, shadda, sukun, superscript alef, Quranic marks.
_MARK = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed]")
_RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")
_LTR = re.compile("[A-Za-z\u00c0-\u024f]")
_NO_WIDTH = 0.1  # points
# A space of no width is a word space where the letters around it stand this share of the page's
# usual space width apart (measured: 3.8 pt spaces; gaps inside words reach 2.6 pt, between words 6+).
_SPACE_SHARE = 0.8
_DEFAULT_SPACE = 3.0  # points, for a page without one space of width


@dataclass(frozen=True)
class Glyph:
    char: str
    x0: float
    y0: float
    x1: float
    y1: float


def page_glyph_lines(textpage) -> list[list[Glyph]]:
    """PDFium's lines of a page, as glyphs; marks are set apart and attached to their letters."""
    import pypdfium2.raw as pdfium_c

    lines: list[list[Glyph]] = [[]]
    clusters: list[list[Glyph]] = []
    last_was_mark = False
    for index in range(textpage.count_chars()):
        char = textpage.get_text_range(index, 1)
        if char in ("\r", "\n"):
            if lines[-1]:
                lines.append([])
            continue
        if not char or pdfium_c.FPDFText_IsGenerated(textpage, index):
            continue
        glyph = Glyph(char, *textpage.get_charbox(index))
        if _MARK.fullmatch(char):
            # Marks drawn one after another (shadda then kasra) sit on one letter: keep them together.
            if last_was_mark:
                clusters[-1].append(glyph)
            else:
                clusters.append([glyph])
            last_was_mark = True
            continue
        last_was_mark = False
        lines[-1].append(glyph)
    widths = sorted(g.x1 - g.x0 for line in lines for g in line if g.char.isspace() and g.x1 - g.x0 >= _NO_WIDTH)
    space = widths[len(widths) // 2] if widths else _DEFAULT_SPACE
    lines = [_without_phantom_spaces(line, _SPACE_SHARE * space) for line in lines if line]
    lines = [line for line in lines if line]
    attached = _attach_marks(lines, clusters)
    return [[_with_marks(g, attached) for g in line] for line in lines]


def _without_phantom_spaces(line: list[Glyph], min_gap: float) -> list[Glyph]:
    """Drop the spaces of no width that stand in no gap.

    PDFium puts such a space on each side of a cluster of marks it met out of place
    (``ش ␠ َّ ␠ خ``, the marks drawn over another word), cutting the word in two. A
    space the text set has the font's width; one of no width (after a tab, at a
    justified line's stretched space) is real only where the page shows a gap of at
    least ``min_gap`` between the letters on either side of it (around a stray
    cluster they overlap; after a letter that never joins left, like ا in ا|لكويت,
    the gap inside the word is narrower than a space).
    """
    rtl = _is_rtl(line)
    kept = []
    for index, glyph in enumerate(line):
        if glyph.char.isspace() and glyph.x1 - glyph.x0 < _NO_WIDTH:
            before = next((g for g in reversed(line[:index]) if not g.char.isspace()), None)
            after = next((g for g in line[index + 1 :] if not g.char.isspace()), None)
            if before is None or after is None:
                continue
            right, left = (before, after) if rtl else (after, before)
            gap = right.x0 - left.x1
            if gap < min_gap:
                continue
        kept.append(glyph)
    return kept


def _is_rtl(line: list[Glyph]) -> bool:
    text = "".join(g.char for g in line)
    return len(_RTL.findall(text)) >= len(_LTR.findall(text))


def _attach_marks(lines: list[list[Glyph]], clusters: list[list[Glyph]]) -> dict[int, str]:
    """``id(letter) -> its marks``: each cluster of marks goes to the letter under or over its centre,
    the first such letter in the text when letters are stacked (a ligature like تج draws ت above ج)."""
    letters = [g for line in lines for g in line if not g.char.isspace()]
    attached: dict[int, str] = {}
    for cluster in clusters:
        cx = (min(g.x0 for g in cluster) + max(g.x1 for g in cluster)) / 2
        cy = (min(g.y0 for g in cluster) + max(g.y1 for g in cluster)) / 2
        best, best_cost = None, float("inf")
        for letter in letters:
            dx = max(letter.x0 - cx, 0.0, cx - letter.x1)
            dy = max(letter.y0 - cy, 0.0, cy - letter.y1)
            cost = dx * 4 + dy  # a mark sits above or below its letter: horizontal distance counts more
            if cost < best_cost:
                best, best_cost = letter, cost
        if best is not None:
            attached[id(best)] = attached.get(id(best), "") + "".join(g.char for g in cluster)
    return attached


def _with_marks(glyph: Glyph, attached: dict[int, str]) -> Glyph:
    # A letter never carries one mark twice; PDFium sometimes lists a cluster twice (once out of place).
    extra = "".join(dict.fromkeys(attached.get(id(glyph), "")))
    return glyph if not extra else Glyph(glyph.char + extra, glyph.x0, glyph.y0, glyph.x1, glyph.y1)


def line_text(line: list[Glyph]) -> str:
    """One line in PDFium's order, each letter followed by its marks (NFC orders them)."""
    return " ".join(unicodedata.normalize("NFC", "".join(g.char for g in line)).split())


def _baseline(line: list[Glyph]) -> float:
    spaces = [g.y0 for g in line if g.char.isspace()]
    values = sorted(spaces or [g.y0 for g in line])
    return values[len(values) // 2]


def with_paragraph_gaps(lines: list[list[Glyph]]) -> list[str]:
    """The lines' text, with a blank line where the gap above a line is wider than 1.5 line pitches."""
    baselines = [_baseline(line) for line in lines]
    steps = sorted(abs(a - b) for a, b in zip(baselines, baselines[1:]) if abs(a - b) > 1.0)
    pitch = steps[len(steps) // 2] if steps else 0.0
    out: list[str] = []
    for index, line in enumerate(lines):
        if index and pitch and abs(baselines[index - 1] - baselines[index]) > 1.5 * pitch:
            out.append("")
        out.append(line_text(line))
    return out


def pdf_lines(pdf) -> list[list[str]]:
    """Every page's lines, rebuilt from glyphs; a blank line stands for a paragraph gap."""
    return [with_paragraph_gaps(page_glyph_lines(page.get_textpage())) for page in pdf]
