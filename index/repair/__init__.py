"""Repair of right-to-left PDF extraction: each line back in reading order.

Layout: ``markers`` (paragraph, heading and item markers), ``words`` (the word
model that scores a reading), ``spelling`` (the Arabic spelling dictionary it
consults), ``atoms`` (a raw line cut into reorderable pieces and what each run
break costs), ``search`` (the beam search over orders and joins), ``glue`` (the charge for unknown words
joined from several raw tokens), ``typography`` (spacing and bracket rules), ``seams`` (the text across a line break and
paragraph edges), ``rotation`` (where a line starts: its rotations and the document's sentence openers), ``lines`` (the entry points),
``reversal/`` (the second reading: runs read back to front, see its docstring).
"""

from index.repair.lines import RepairedLine, repair, repair_document, repair_line, repair_lines
from index.repair.markers import CHAPTER_WORDS, SECTION_WORDS, split_item, split_marker
from index.repair.words import build_vocabulary

__all__ = [
    "CHAPTER_WORDS",
    "SECTION_WORDS",
    "RepairedLine",
    "build_vocabulary",
    "repair",
    "repair_document",
    "repair_line",
    "repair_lines",
    "split_item",
    "split_marker",
]
