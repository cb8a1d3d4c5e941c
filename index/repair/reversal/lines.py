"""Repair lines with the reversal reading alone: one line, or every line of a document.

Lines whose runs are shuffled in other ways (words cut at kashida points, one
block of runs out of place) are not modelled; :func:`is_kashida_scrambled` flags
the worst of them.
"""

from __future__ import annotations

import re
from collections import Counter

from index.repair.markers import LOGICAL_ITEM_MARKER, split_marker
from index.repair.reversal.runs import atomize
from index.repair.reversal.score import Scorer, build_vocabulary
from index.repair.reversal.search import search
from index.repair.typography import REVERSAL_SPACE_BEFORE_CLOSER, finish
from index.repair.words import TATWEEL, arabic_words, is_fragment, word_pairs


def repair_line(raw: str, vocabulary: Counter | None = None) -> str:
    """One extracted source line -> its text in logical reading order.

    Tatweel (U+0640) is removed, whitespace runs collapse to one space and the
    ends are trimmed; runs of digits / Latin text are put back in logical order
    with the Arabic around them, mirrored brackets are fixed and swapped digit
    ranges (٢٠١٦-٢٠٠٧ for 2007–2016) are put right. ``vocabulary`` (see
    :func:`build_vocabulary`) lets the search find breaks inside words.

    Example:
        >>> repair_line("، المعنون ٧٢/١٩٥دعت الجمعية العامة في قرارها")
        'دعت الجمعية العامة في قرارها ٧٢/١٩٥، المعنون'
    """
    text = raw.replace(TATWEEL, "").replace("\u00a0", " ")
    item = None
    match = LOGICAL_ITEM_MARKER.search(text)
    if match:  # the marker is blanked out of the search and leads the reading
        item = match.group(1)
        text = text[: match.start()] + " " * (len(item) + 2) + text[match.end():]
    text = text.strip()
    scorer = Scorer(vocabulary, arabic_words(text) + word_pairs(text))
    atoms, gaps = atomize(text, scorer)
    best = finish(search(atoms, gaps, scorer) if atoms else "", REVERSAL_SPACE_BEFORE_CLOSER)
    return f"{item} {best}".strip() if item else best


def is_kashida_scrambled(raw: str, vocabulary: Counter | None = None) -> bool:
    """True when a line keeps word fragments that :func:`repair_line` cannot join.

    Justification cut some words into kashida fragments that the extractor then
    listed in shuffled order. After repair such a line still shows two or more
    fragments: a run starting with tatweel, a lone letter, 'ال' plus one letter,
    or (given the document's ``vocabulary``) a short word found nowhere else.
    """
    _, text = split_marker(raw)
    fragments = len(re.findall(rf"(?:^|\s){TATWEEL}", text))
    repaired = repair_line(text, vocabulary)
    words = arabic_words(repaired)
    scorer = Scorer(vocabulary, words + word_pairs(repaired))
    for word in words:
        if is_fragment(word) or (vocabulary is not None and len(word) <= 3 and not scorer.count(word)):
            fragments += 1
    return fragments >= 2


def repair_lines(lines: list[str]) -> list[str]:
    """Repair every line of one extracted document; blank lines stay blank.

    Paragraph and heading markers ("-١٢", "-ثانياً") are removed; the document's
    own lines are the context the repair uses.
    """
    vocabulary = build_vocabulary(lines)
    return [repair_line(split_marker(line)[1], vocabulary) if line.strip() else "" for line in lines]
