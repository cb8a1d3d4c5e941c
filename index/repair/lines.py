"""Repair lines: one line alone, or every line of a document with its neighbours as context."""

from __future__ import annotations

from collections import Counter
from typing import NamedTuple

from index.repair.atoms import CUT_SPACE, atomize
from index.repair.markers import split_item, split_marker
from index.repair.search import search
from index.repair.typography import finish
from index.repair.words import WordModel, arabic_words, build_vocabulary

# A reading that beats the runner-up by less than this is reported as uncertain.
UNCERTAIN_MARGIN = 1.0


class RepairedLine(NamedTuple):
    text: str
    uncertain: bool  # the best reading won by less than UNCERTAIN_MARGIN
    margin: float


def _item_prefix(label: str | None) -> str:
    if label is None:
        return ""
    return f"({label}) " if label.isalpha() else f"‘{label}’ "


def repair(raw: str, vocabulary: Counter | None = None, before: str = "", after: str = "") -> RepairedLine:
    """One raw line (paragraph marker already removed) in reading order, with its certainty."""
    label, text = split_item(raw.replace("\u00a0", " "))
    spaced_edges = (text[:1].isspace(), text[-1:].isspace())
    text = text.strip()
    if not text:
        return RepairedLine(_item_prefix(label).strip(), False, float("inf"))
    words = WordModel(vocabulary, text)
    atoms, bounds = atomize(text, words)
    if not atoms:
        return RepairedLine(_item_prefix(label).strip(), False, float("inf"))
    if _one_clean_run(atoms, bounds, words):
        return RepairedLine(_item_prefix(label) + finish(" ".join(a.text for a in atoms)), False, float("inf"))
    candidates = search(atoms, bounds, words, before=before, after=after, spaced_edges=spaced_edges)
    best = candidates[0]
    finished = [finish(c.text) for c in candidates]
    runner_up = next((c.cost for c, f in zip(candidates[1:], finished[1:]) if f != finished[0]), float("inf"))
    margin = runner_up - best.cost
    return RepairedLine(_item_prefix(label) + finished[0], margin < UNCERTAIN_MARGIN, margin)


def _one_clean_run(atoms, bounds, words: WordModel) -> bool:
    """A line with nothing to repair: Arabic words only, single spaces, every word surely a word."""
    return all(b.space and b.cut == CUT_SPACE for b in bounds) and all(
        a.kind == "a" and not a.joins_left and not a.joins_right and all(words.solid(w) for w in arabic_words(a.text))
        and not any(len(w) == 1 and w not in "و" for w in arabic_words(a.text))
        for a in atoms
    )


def repair_line(raw: str, vocabulary: Counter | None = None) -> str:
    """One extracted source line -> its text in logical reading order.

    Tatweel is removed, whitespace collapses to single spaces, runs of digits and
    Latin text go back in place, words cut by the extraction are joined, mirrored
    brackets and swapped digit ranges are put right. ``vocabulary`` (see
    :func:`build_vocabulary`) is the document's own word counts.

    Example:
        >>> repair_line("، المعنون ٧٢/١٩٥دعت الجمعية العامة في قرارها")
        'دعت الجمعية العامة في قرارها ٧٢/١٩٥، المعنون'
    """
    return repair(split_marker(raw)[1], vocabulary).text


def repair_document(lines: list[str]) -> list[RepairedLine]:
    """Repair every line of one document; blank lines stay blank.

    Markers are removed. A first pass repairs each line alone; a second pass
    repairs each again with the first pass's neighbouring lines as context (a
    line's last word should precede the next line's first word), which places
    the run breaks that a line's own words cannot.
    """
    vocabulary = build_vocabulary(lines)
    bodies = [split_marker(line)[1] if line.strip() else "" for line in lines]
    first = [repair(body, vocabulary) if body.strip() else RepairedLine("", False, float("inf")) for body in bodies]
    out = []
    for i, body in enumerate(bodies):
        if not body.strip():
            out.append(first[i])
            continue
        before = next((first[j].text for j in range(i - 1, max(i - 3, -1), -1) if first[j].text), "")
        after = next((first[j].text for j in range(i + 1, min(i + 3, len(lines))) if first[j].text), "")
        out.append(repair(body, vocabulary, before=_last_word(before), after=_first_word(after)))
    return out


def repair_lines(lines: list[str]) -> list[str]:
    """The repaired text of every line of one document (see :func:`repair_document`)."""
    return [line.text for line in repair_document(lines)]


def _last_word(text: str) -> str:
    words = arabic_words(text)
    return words[-1] if words else ""


def _first_word(text: str) -> str:
    words = arabic_words(text)
    return words[0] if words else ""
