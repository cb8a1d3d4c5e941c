"""Markers a report prints beside its text: paragraph numbers, heading labels, list items.

The extractor writes a paragraph number as ``-N`` (Arabic-Indic digits) after a
wide gap, usually at the end of the paragraph's first line; chapter headings end
in ``-أولاً`` … and sections in ``-ألف`` …; list items stand alone as ``(أ)`` or
``‘٣’``. This module is the one place these shapes are spelled.
"""

from __future__ import annotations

import re
from enum import StrEnum

CHAPTER_WORDS = ("أولاً", "ثانياً", "ثالثاً", "رابعاً", "خامساً", "سادساً", "سابعاً", "ثامناً", "تاسعاً", "عاشراً")
SECTION_WORDS = ("ألف", "باء", "جيم", "دال", "هاء", "واو", "زاي", "حاء", "طاء", "ياء")

_MARKER = re.compile(
    rf"(?:^|(?<=\s\s))-(?P<m>[\u0660-\u0669]+|{'|'.join(CHAPTER_WORDS)}|{'|'.join(SECTION_WORDS)})(?=\s|$)"
)
_ARABIC_INDIC = str.maketrans("٠١٢٣٤٥٦٧٨٩", "0123456789")
# A list item marker standing alone between wide gaps (usually at the line end): (أ) … or ‘١’ …,
# brackets as extracted (mirrored or not).
ITEM_MARKER = re.compile(
    r"(?:^|\s{2,})(?:([()]{1,2})([\u0621-\u064a])([()]?)|([‘’])([٠-٩]+)([‘’]))(?:\s{2,}|\s*$)"
)

# The reversal engine's list item marker: only in logical form, ‘٣’ or (أ), alone between wide gaps.
LOGICAL_ITEM_MARKER = re.compile(
    r"(?:^|(?<=\s\s))(‘[\u0660-\u0669]+’|\([\u0621-\u064a\u0660-\u0669]\))(?=\s\s|\s*$)"
)



def marker_number(marker: str) -> int | None:
    """A paragraph or subheading marker's number (Arabic-Indic digits read), ``None`` for a word marker.

    >>> marker_number("١٢"), marker_number("ثانياً")
    (12, None)
    """
    digits = marker.translate(_ARABIC_INDIC)
    return int(digits) if digits.isdigit() else None

def split_marker(raw: str) -> tuple[str | None, str]:
    """Find a paragraph or heading marker ("-١٢", "-ثانياً", "-باء") in a raw line.

    The marker stands after two or more spaces (or at the line start) and before
    whitespace or the line end; SDG targets ("٧-٨") and ranges ("٢٠١٦-٢٠٠٧") do
    not qualify. Returns the marker without its dash (or None) and the line with
    the marker blanked out, the surrounding runs left as they were.

    Example:
        >>> split_marker("قرارها   -١")
        ('١', 'قرارها')
    """
    match = _MARKER.search(raw)
    if match is None:
        return None, raw
    blank = " " * (match.end() - match.start() + 2)
    rest = raw[: match.start()] + blank + raw[match.end():]
    if not raw[match.end():].strip() or not raw[: match.start()].strip():
        rest = rest.strip()
    return match.group("m"), rest


class Role(StrEnum):
    """What a line's marker opens (``index.report.BlockKind`` adds the front matter)."""

    HEADING = "heading"
    PARAGRAPH = "paragraph"


def roles(lines: list[str]) -> list[Role | None]:
    """Each line's marker role: ``Role.HEADING`` (a chapter or section word, or a sub-heading number),
    ``Role.PARAGRAPH`` (a paragraph number), or None (no marker, or one not in sequence).

    Paragraph numbers run 1 … N through the whole report; sub-headings (``-١`` …) are numbered
    again after every chapter or section heading, so a number is a paragraph's when it is the
    next paragraph number, else a sub-heading's when it is the next sub-heading number. Numbers
    before the first chapter heading (the cover, the summary) have no role.

    Example:
        >>> [str(role) if role else None for role in roles(["مقدِّمة  -أولاً", "نص  -١", "التشريعات  -١", "نص  -٢", "نص"])]
        ['heading', 'paragraph', 'heading', 'paragraph', None]
    """
    out: list[Role | None] = []
    next_paragraph, next_subheading = 1, 1
    seen_chapter = False
    for line in lines:
        found = split_marker(line)[0] if line.strip() else None
        role = None
        if found in CHAPTER_WORDS or found in SECTION_WORDS:
            role, next_subheading, seen_chapter = Role.HEADING, 1, True
        elif found is not None and seen_chapter:
            value = marker_number(found)
            if value == next_paragraph:
                role, next_paragraph = Role.PARAGRAPH, next_paragraph + 1
            elif value == next_subheading:
                role, next_subheading = Role.HEADING, next_subheading + 1
        out.append(role)
    return out


def split_item(raw: str) -> tuple[str | None, str]:
    """Find a list item marker ("(أ)", "‘٣’") standing alone in a raw line.

    Returns the item's label (the letter or the digits, brackets dropped) or
    None, and the line with the marker replaced by a wide gap.

    Example:
        >>> split_item("الدول الأعضاء  (ب)")
        ('ب', 'الدول الأعضاء  ')
    """
    match = ITEM_MARKER.search(raw)
    if not match:
        return None, raw
    label = match.group(2) or match.group(5)
    return label, raw[: match.start()] + "  " + raw[match.end():]

