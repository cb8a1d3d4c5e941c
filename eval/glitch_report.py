"""The report's body lines as a population: the strata the gold lines were drawn from, and their weights.

The gold (``tests/index/data/repair_gold.jsonl``) was not drawn uniformly: every
6th line with a digit or Latin letter, then lines drawn at random among those
with a visible glitch symptom, then among those with none, and every chapter
and section heading. A rate pooled over the gold as it is would over-count the
glitched lines. Each gold body line is therefore weighted by how many of the
report's body lines its cell (stratum and length class) holds per gold line
(post-stratification), so
that a rate measured on the weighted gold is a rate of the report's body text,
the text the simulation stands for. Headings are left out: XQuAD has none, and
the report prints them centred and unjustified.

The cells are a stratum and the line's length class (:func:`is_short`), both
read from the raw line alone (marker removed); the strata as the sampler read
them (``tests/index/data/sample_repair_gold.py``):

- ``digits-latin``: a digit or Latin letter;
- ``symptom``: else tatweel, a bracket or quote, a double space inside, or a lone letter;
- ``no-symptom``: the rest.
"""

from __future__ import annotations

import enum
import re
from collections import Counter
from pathlib import Path

from eval.glitch_align import MARKER
from eval.glitch_text import SHORT_LINE, logical_text

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "tests" / "index" / "data" / "repair_gold.jsonl"
REPORT = ROOT / "index" / "data" / "a74-trafficking.txt"

_DIGIT_LATIN = re.compile("[0-9\u0660-\u0669A-Za-z]")
# The sampler's symptom pattern, digits and Latin aside (they are their own stratum).
_SYMPTOM = re.compile(r'[\u0640()"«»]|(?<=\S)\s{2,}(?=\S)|(?:^|\s)[\u0621-\u064a](?:\s|$)')


class Stratum(enum.Enum):
    DIGITS_LATIN = "digits-latin"
    SYMPTOM = "symptom"
    NO_SYMPTOM = "no-symptom"


def stratum(raw: str) -> Stratum:
    """The stratum of a raw line, read with its paragraph marker removed.

    >>> stratum("-١٢  في عام ٢٠١٨"), stratum("نســـبة البلدان"), stratum("-٣  نسبة البلدان")
    (<Stratum.DIGITS_LATIN: 'digits-latin'>, <Stratum.SYMPTOM: 'symptom'>, <Stratum.NO_SYMPTOM: 'no-symptom'>)
    """
    text = MARKER.sub(" ", raw).strip()
    if _DIGIT_LATIN.search(text):
        return Stratum.DIGITS_LATIN
    return Stratum.SYMPTOM if _SYMPTOM.search(text) else Stratum.NO_SYMPTOM


def body_lines(report_lines: list[str]) -> list[str]:
    """The report's non-blank lines that are not chapter or section headings (what the sampler called body)."""
    # The report's parser, imported here so that eval.repair_sim stays light.
    from index.repair.markers import CHAPTER_WORDS, SECTION_WORDS
    from index.report import BlockKind, segment

    headings = {n for block in segment(report_lines) if block.kind is BlockKind.HEADING
                and (block.marker in CHAPTER_WORDS or block.marker in SECTION_WORDS) for n in block.line_numbers}
    return [line for n, line in enumerate(report_lines, start=1) if line.strip() and n not in headings]


def is_short(raw: str) -> bool:
    """A line shorter than a full printed line: a paragraph's last, which justification leaves alone.

    Such lines glitch far less (tatweel in 7 of the report's 143 body lines under
    ``SHORT_LINE`` characters, 487 of its 758 full ones), so they are a cell of their own.
    """
    return len(logical_text(MARKER.sub(" ", raw))) < SHORT_LINE


def cell(raw: str) -> tuple[Stratum, bool]:
    """The weighting cell of a raw line: its stratum, and whether it is short."""
    return stratum(raw), is_short(raw)


def weights(gold_raws: list[str], population: list[str]) -> list[float]:
    """Each gold line's weight: the population's lines of its cell per gold line of that cell.

    Raises:
        ValueError: when the population has a cell that no gold line stands for.
    """
    sizes = Counter(map(cell, population))
    drawn = Counter(map(cell, gold_raws))
    missing = [(s.value, "short" if short else "full") for s, short in sizes if not drawn[(s, short)]]
    if missing:
        raise ValueError(f"no gold line stands for the population's cell {missing}")
    return [sizes[c] / drawn[c] for c in map(cell, gold_raws)]
