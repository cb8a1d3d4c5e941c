"""Repair lines: one line, or every line of a document.

Each line gets two readings: this package's search over run orders
(:mod:`index.repair.search`), and the reversal-only repair of :mod:`index.repair.reversal`
(a dynamic program over cut sets, better at lines whose runs are exactly
reversed). The word model keeps the reading whose words and word pairs are the
more likely. On the gold lines that beats either engine alone: tuning half 62 of
114 against 57 (search) and 53 (reversal); test half 66 of 103 against 58 and 60.
"""

from __future__ import annotations

from collections import Counter
from typing import NamedTuple

from index.repair import reversal
from index.repair.atoms import CUT_SPACE, atomize
from index.repair.markers import split_item, split_marker
from index.repair.search import search
from index.repair.typography import finish
from index.repair.words import WordModel, arabic_words, build_vocabulary

# A reading that beats the best different reading by less than this (natural-log units of the
# word model, about a fifth of a common word) is reported as uncertain.
UNCERTAIN_MARGIN = 1.0
_TIE = 1e-6


class RepairedLine(NamedTuple):
    text: str  # the line in reading order, without its list item marker
    item: str | None = None  # the list item's label ("أ", "٣") when the line starts an item
    uncertain: bool = False  # the chosen reading won by less than UNCERTAIN_MARGIN

    @property
    def shown(self) -> str:
        """The line as a reader sees it: the item marker first ("(أ) …", "‘٣’ …")."""
        if self.item is None:
            return self.text
        marker = f"({self.item})" if self.item.isalpha() else f"‘{self.item}’"
        return f"{marker} {self.text}".strip()


def repair(raw: str, vocabulary: Counter | None = None, reversal_vocabulary: Counter | None = None) -> RepairedLine:
    """One raw line (its paragraph marker already removed) in reading order.

    ``vocabulary`` is :func:`build_vocabulary` of the whole document;
    ``reversal_vocabulary`` is :func:`index.repair.reversal.build_vocabulary` of it, and
    turns on the second reading (without it only the search runs).
    """
    label, body = split_item(raw.replace("\u00a0", " "))
    if not body.strip():
        return RepairedLine("", label)
    words = WordModel(vocabulary, body.strip())
    searched, margin = _search_line(body, words)
    if reversal_vocabulary is None:
        return RepairedLine(searched, label, margin < UNCERTAIN_MARGIN)
    reversed_text = reversal.repair_line(body, reversal_vocabulary)
    if reversed_text == searched:
        return RepairedLine(searched, label, margin < UNCERTAIN_MARGIN)
    gap = words.reading(searched) - words.reading(reversed_text)
    # A tie (same words, same pairs, only their order differs) goes to the reversal: it is the
    # extraction's usual order, and the word model cannot see brackets or numbers.
    chosen = reversed_text if gap > -_TIE else searched
    return RepairedLine(chosen, label, abs(gap) < UNCERTAIN_MARGIN)


def _search_line(body: str, words: WordModel) -> tuple[str, float]:
    """The search's best reading and its margin over the best different reading."""
    spaced_edges = (body[:1].isspace(), body[-1:].isspace())
    atoms, bounds = atomize(body.strip(), words)
    if not atoms:
        return "", float("inf")
    if _one_clean_run(atoms, bounds, words):
        return finish(" ".join(a.text for a in atoms)), float("inf")
    candidates = search(atoms, bounds, words, spaced_edges=spaced_edges)
    finished = [finish(c.text) for c in candidates]
    runner_up = next((c.cost for c, f in zip(candidates[1:], finished[1:]) if f != finished[0]), float("inf"))
    return finished[0], runner_up - candidates[0].cost


def _one_clean_run(atoms, bounds, words: WordModel) -> bool:
    """A line with nothing to repair: Arabic words only, single spaces, every word surely a word."""
    return all(b.space and b.cut == CUT_SPACE for b in bounds) and all(
        a.kind == "a" and not a.joins_left and not a.joins_right and all(words.solid(w) for w in arabic_words(a.text))
        and not any(len(w) == 1 and w not in "و" for w in arabic_words(a.text))
        for a in atoms
    )


def repair_line(raw: str, vocabulary: Counter | None = None) -> str:
    """One extracted source line -> its text in logical reading order (search reading only).

    Tatweel is removed, whitespace collapses to single spaces, runs of digits and
    Latin text go back in place, words cut by the extraction are joined, mirrored
    brackets and swapped digit ranges are put right. ``vocabulary`` (see
    :func:`build_vocabulary`) is the document's own word counts.

    Example:
        >>> repair_line("، المعنون ٧٢/١٩٥دعت الجمعية العامة في قرارها")
        'دعت الجمعية العامة في قرارها ٧٢/١٩٥، المعنون'
    """
    return repair(split_marker(raw)[1], vocabulary).shown


def repair_document(lines: list[str]) -> list[RepairedLine]:
    """Repair every line of one document with both readings; blank lines stay blank.

    Paragraph and heading markers are removed; the document's own lines are the
    context the word model counts.
    """
    vocabulary = build_vocabulary(lines)
    reversal_vocabulary = reversal.build_vocabulary(lines)
    return [
        repair(split_marker(line)[1], vocabulary, reversal_vocabulary) if line.strip() else RepairedLine("")
        for line in lines
    ]


def repair_lines(lines: list[str]) -> list[str]:
    """The repaired text of every line of one document as a reader sees it (see :func:`repair_document`)."""
    return [line.shown for line in repair_document(lines)]
