"""Lines in reading order → the report's line shape, so one parser (:mod:`index.report`) reads every format.

The report parser finds a paragraph or heading by its marker ``-N`` / ``-أولاً`` /
``-ألف`` after a wide gap (where the PDF extraction of the bundled report leaves
it), and a list item by ``(أ)`` or ``‘٣’`` standing alone between wide gaps. A
DOCX paragraph or a PDF line read in order starts with them instead
(``١ -	نص``, ``أولاً - مقدمة``, ``(أ)	نص``): this moves the marker to the end
and widens the gap after an item label. Nothing else in the line changes.
"""

from __future__ import annotations

import re

from index.repair.markers import CHAPTER_WORDS, SECTION_WORDS

_LEADING_MARKER = re.compile(
    rf"^\s*(?P<m>[\u0660-\u0669]{{1,3}}|{'|'.join(CHAPTER_WORDS)}|{'|'.join(SECTION_WORDS)})\s*[-–](?:\s+|(?=[^\s\d\u0660-\u0669]))(?P<rest>\S.*)$"
)
_LEADING_ITEM = re.compile(r"^\s*(\([\u0621-\u064a]\)|‘[\u0660-\u0669]+’)\s+(?=\S)")


def report_line(line: str) -> str:
    """One line in reading order, in the report's line shape.

    >>> report_line("١ -\\tدعت الجمعية العامة")
    'دعت الجمعية العامة  -١'
    >>> report_line("(أ) تشجيع الدول")
    '(أ)  تشجيع الدول'
    """
    marker = _LEADING_MARKER.match(line)
    if marker:
        return f"{' '.join(marker.group('rest').split())}  -{marker.group('m')}"
    item = _LEADING_ITEM.match(line)
    if item:
        return f"{item.group(1)}  {' '.join(line[item.end():].split())}"
    return " ".join(line.split())


def report_text(lines: list[str]) -> str:
    return "\n".join(report_line(line) for line in lines)
