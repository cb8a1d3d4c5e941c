"""Lines already in reading order (a PDF's glyphs read by :mod:`index.ingest.glyphs`): the glitches left.

The report's line repair (:mod:`index.repair`) reorders runs that the extraction
listed backwards; these lines are in order already, and running it on them loses
lines (on the LibreOffice report of ``eval.pdf_fixture``, 226 lines: 61 % exact as
read, 47 % after the line repair, 89 % after this module). What is left to put
right is local, and done here:
- a number printed on the other side of its punctuation (``،٧٠/١٧٩`` → ``٧٠/١٧٩،``);
- a space before a closing mark (``٢٠١٦ .``, ``٢٠١٧ )``), as the report's typography rule has it
  (:data:`index.repair.typography.SPACE_BEFORE_CLOSER`);
- a range of Arabic-Indic numbers with its ends swapped (``٢٠١٦-٢٠٠٧``), since the
  hyphen between them is a bidi neutral (:func:`index.repair.atoms.swap_range`);
- brackets and single quotes mirrored (``)أ(`` → ``(أ)``, ``’١‘`` → ``‘١’``): PDFium maps
  a right-to-left line's mirrored bracket glyphs to the other bracket;
- a word cut in two at a justification point (``بالأش خاص``): two pieces, one of
  them not a word, that make a word the document or the word list knows.
"""

from __future__ import annotations

import re

from index.repair.atoms import swap_range
from index.repair.typography import SPACE_BEFORE_CLOSER
from index.repair.words import SOLID_FREQUENCY, WordModel, build_vocabulary, plain

_NUMBER = r"[0-9\u0660-\u0669][0-9\u0660-\u0669/.,٫٬-]*[0-9\u0660-\u0669]|[0-9\u0660-\u0669]"
_PUNCT_FIRST = re.compile(rf"(?:(?<=\s)|^)([،؛.:])({_NUMBER})(?=\s|$)")
_MIRROR = str.maketrans("()[]‘’", ")(][’‘")
_AN_RANGE = re.compile(r"[\u0660-\u0669]+-[\u0660-\u0669]+")
_ARABIC_PIECE = re.compile(r"^[\u0621-\u064a\u064b-\u0652\u0670]+$")


def _descending(number: str) -> bool:
    ends = number.split("-")
    digits = [int(end.translate(str.maketrans("٠١٢٣٤٥٦٧٨٩", "0123456789"))) for end in ends]
    return digits[0] > digits[1]


def _common_outside(word: str, words: WordModel) -> bool:
    return words.outside.get(plain(word), 0.0) >= SOLID_FREQUENCY


def _cut_word(left: str, right: str, words: WordModel) -> bool:
    """Two pieces of one word: together a known word, at least as frequent in the document as
    either piece, and not both common words in their own right (``في ما`` stays two words)."""
    joined = plain(left + right)
    if not words.solid(joined) or (_common_outside(left, words) and _common_outside(right, words)):
        return False
    return words.count(joined) >= min(words.count(plain(left)), words.count(plain(right)))


def fix_line(line: str, words: WordModel) -> str:
    """One line's local glitches put right (see the module docstring)."""
    line = line.translate(_MIRROR)
    line = _PUNCT_FIRST.sub(r"\2\1", line)
    line = SPACE_BEFORE_CLOSER.sub(r"\1", line)
    line = _AN_RANGE.sub(lambda m: swap_range(m.group(0)) if _descending(m.group(0)) else m.group(0), line)
    tokens = line.split(" ")
    out: list[str] = []
    for token in tokens:
        if out and _ARABIC_PIECE.match(out[-1]) and _ARABIC_PIECE.match(token):
            left, right = out[-1], token
            joined = left + right
            if _cut_word(left, right, words):
                out[-1] = joined
                continue
        out.append(token)
    return " ".join(out)


def fix_lines(lines: list[str]) -> list[str]:
    """Every line of one document; the document's own words are the word model's first source."""
    vocabulary = build_vocabulary([plain(line) for line in lines])
    words = WordModel(vocabulary)
    return [fix_line(line, words) for line in lines]
