"""Repair lines: one line, or every line of a document.

Each line gets two readings: this package's search over run orders
(:mod:`index.repair.search`), and the reversal-only repair of :mod:`index.repair.reversal`
(a dynamic program over cut sets, better at lines whose runs are exactly
reversed). A line whose unknown tokens the hidden breaks cut into more atoms
(:mod:`index.repair.atoms`) is searched over both its finer and its coarser atoms
(:func:`_search_line`). The word model keeps the reading whose words and word pairs are the
more likely; in a whole document, the neighbouring lines then decide close calls
(:func:`choose`, which may also rotate a line, see :mod:`index.repair.rotation`), with the seams and
paragraph edges of :mod:`index.repair.seams`. A line that shows no sign of a break and that the
reversal reads as printed keeps that order unless the search gains ``FILE_ORDER``. A reading that
glues pieces of several raw tokens into an unknown word (:mod:`index.repair.glue`) yields to the
other engine's reading or the printed order when either glues none. A heading line (no sentence
openers to go by) also takes a rotation on its seams alone when it makes no more run breaks than the
reading it replaces (:func:`_rotate`). Gold lines exact (``python -m eval.repair_gold``): tuning half
78 of 114 (71 with each line alone; the reversal alone 53; 71 before the sentence openers, 75 before
the heading rules), test half 70 of 103 (68 before), every clean gold line unchanged.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import NamedTuple

from index.repair import reversal
from index.repair.atoms import CUT_SPACE, atomize
from index.repair.glue import Glue
from index.repair.markers import split_item, split_marker
from index.repair.rotation import Openers, best_rotation, breaks, ends_sentence
from index.repair.seams import Edges, Enders, Seams, edges
from index.repair.search import Candidate, file_order_cost, line_space, search
from index.repair.typography import PUNCT_FIRST, finish, opens_with_stop
from index.repair.words import (
    TATWEEL,
    Sources,
    WordModel,
    arabic_words,
    build_vocabulary,
)

# A reading that beats the best different reading by less than this (natural-log units of the
# word model, about a fifth of a common word) is reported as uncertain.
UNCERTAIN_MARGIN = 1.0
_TIE = 1e-6
# Readings the search hands on per line, and how far behind its best one a reading may be and still
# win on its seams with the neighbouring lines. Tuning half: margin 1-2 -> +2 lines, 4 or more -> -3
# (the seams then overrule the line's own evidence); 12 readings give as much as 4 more would.
CANDIDATES = 12
CONTEXT_MARGIN = 2.0
# What a repaired line's rotation at a space must gain on its words' pairs and seams: the cost of
# one more run break at a single space (atoms.CUT_SPACE is 3). Tuning half: 1 -> 65 lines (3 fixed,
# 6 rotated wrongly), 2 -> 68, 3 to 5 -> 69 (one fixed, none broken), 6 -> 68 (none moves). Charging
# it only where the file has the two cut words side by side (and giving it back where it has the
# two joined ones): 65, many lines rotated on a pair bonus alone. With the sentence openers below:
# 3 to 4 -> 75, 4.5 -> 74.
ROTATION = 4.0
# A line the extraction left in its own order is rotated only on more evidence than a repaired one
# (tuning half, with the openers below: 3 or 4 -> 73 lines and a clean gold line rotated, 6 -> 74,
# 8 -> 73, never -> 73; with the evident cuts, 5 or 6 -> 75, 7 -> 74). A rotation at a cut the text
# itself shows (a stop glued to the next word, a word cut across the line's ends, see
# rotation.candidates) needs less: 0 or 1 -> 75, 2 or 4 -> 74.
ROTATION_FILE_ORDER = 6.0
ROTATION_EVIDENT = 1.0
# Weight of the sentence openers' log-ratios (rotation.Openers) against the word model's costs.
# Tuning half (ROTATION_FILE_ORDER never): 0 or 0.5 -> 71, 1 -> 73, 1.5 -> 72, 2 or 3 -> 70; with the
# settings above 0.7 -> 73, 1 -> 75, 1.5 -> 74 and a clean gold line rotated.
OPENER_WEIGHT = 1.0
# A line that shows no sign of a break (shows_a_break) and that the reversal reads as printed keeps
# the file's order unless the search's best repair is cheaper than it, in the search's own cost, by
# this much: the margin a rotation of the file order needs (ROTATION_FILE_ORDER). Simulation, seed 0,
# main's readings: of the 50 clean lines the search damaged this way, a margin of 2 keeps 20, 4 keeps
# 29, 6 keeps 34, 8 keeps 38, each losing 3 glitched lines the search read right. With the rule: clean
# simulated lines unchanged 451 -> 481 of 511 (seed 1: 399 -> 419 of 446), tuning half 75 either way.
FILE_ORDER = 6.0
LETTER_START = re.compile("[\u0621-\u064a]")
LETTER_END = re.compile("[\u0621-\u064a\u064b-\u065f\u0670]$")


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


class Readings(NamedTuple):
    """What one line's repair found, kept so that its neighbours' readings can still decide."""

    label: str | None  # the list item's label, if the line starts an item
    searched: list[Candidate]  # the search's best readings (finished), best first; one when the line is clean
    reversed_text: str | None  # the reversal's reading (None when only the search runs)
    words: WordModel | None  # the line's word model (None for an empty line)
    file_order: str = ""  # the line as the file has it, tidied: the reading of a line with nothing to repair
    file_order_cost: float = float("inf")  # the search's cost of reading the atoms in the file's order


def repair(raw: str, vocabulary: Counter | None = None, reversal_vocabulary: Counter | None = None) -> RepairedLine:
    """One raw line (its paragraph marker already removed) in reading order.

    ``vocabulary`` is :func:`build_vocabulary` of the whole document;
    ``reversal_vocabulary`` is :func:`index.repair.reversal.build_vocabulary` of it, and
    turns on the second reading (without it only the search runs).
    """
    return choose(readings(raw, vocabulary, reversal_vocabulary))


def readings(raw: str, vocabulary: Counter | None = None, reversal_vocabulary: Counter | None = None,
             sources: Sources = Sources()) -> Readings:
    """Both engines' readings of one raw line (its paragraph marker already removed)."""
    label, body = split_item(raw.replace("\u00a0", " "))
    if not body.strip():
        return Readings(label, [Candidate("", 0.0)], None, None)
    words = WordModel(vocabulary, body.strip(), sources=sources)
    searched, in_order = _search_line(body, words)
    reversed_text = reversal.repair_line(body, reversal_vocabulary) if reversal_vocabulary is not None else None
    return Readings(label, searched, reversed_text, words, finish(body.replace(TATWEEL, "")), in_order)


def choose(line: Readings, before: str = "", after: str = "", edge: Edges = Edges(),
           openers: Openers | None = None, enders: Enders = Enders()) -> RepairedLine:
    """The likelier reading of a line, given the neighbouring lines' readings (``before``, ``after``).

    Across a line break the text goes on: the line's first word follows the last
    word of the line before, its last word precedes the first of the line after,
    and a pair seen side by side elsewhere in the document earns its bonus there
    too (not across punctuation). That decides rotations (a line's halves swapped at a space), which the
    line alone cannot: both readings have the same words and all but one pair.
    ``edge`` says whether the line opens or closes its paragraph (see :mod:`index.repair.seams`).
    """
    best = line.searched[0]
    if line.words is None:
        return RepairedLine(best.text, line.label)
    words = line.words

    around = Seams(words, enders)

    def seams(text: str) -> float:
        return around.around(text, before, after, edge)

    context = bool(before or after or edge.starts or edge.ends)
    glue = Glue(line.file_order, words)

    def price(text: str) -> float:
        # The word model's cost and the glue the raw line did not have (see index.repair.glue).
        return words.reading(text) + glue.cost(text)

    # A line whose best reading is the file's own order stays so: the seams may choose between
    # repairs, never talk a clean line into one (2 of 64 clean gold lines were rotated without this).
    if context and best.text != line.file_order:
        close = [c for c in line.searched if c.cost <= best.cost + CONTEXT_MARGIN]
        best = min(close, key=lambda c: c.cost + seams(c.text))
    runner_up = min((c.cost for c in line.searched if c.text != best.text), default=float("inf"))
    margin = runner_up - best.cost
    kept = line.file_order_cost - line.searched[0].cost
    if line.reversed_text == line.file_order != best.text and kept < FILE_ORDER:
        # The printed line shows no break and the reversal reads it as printed: the search's repair
        # must beat that order by FILE_ORDER (readings sets file_order_cost only for such lines).
        chosen, uncertain = line.file_order, kept < UNCERTAIN_MARGIN
    elif line.reversed_text is None or line.reversed_text == best.text:
        chosen, uncertain = best.text, margin < UNCERTAIN_MARGIN
    else:
        gap = price(best.text) + seams(best.text) - price(line.reversed_text) - seams(line.reversed_text)
        # A tie (same words, same pairs, only their order differs) goes to the reversal: it is the
        # extraction's usual order, and the word model cannot see brackets or numbers.
        chosen = line.reversed_text if gap > -_TIE else best.text
        uncertain = abs(gap) < UNCERTAIN_MARGIN
    if glue.cost(chosen) > 0.0:
        # Do no harm: a reading that glues pieces of the raw line into an unknown word yields to
        # the likelier of the other engine's reading and the printed order, if either glues none.
        unglued = [t for t in (line.reversed_text, line.file_order) if t is not None and glue.cost(t) == 0.0]
        if unglued:
            chosen, uncertain = min(unglued, key=price), True
    if context:
        gain, rotated = _rotate(chosen, line, before, after, edge, seams, openers or Openers())
        if gain > 0.0:
            chosen, uncertain = rotated, gain < UNCERTAIN_MARGIN
    return RepairedLine(chosen, line.label, uncertain)


def _rotate(text: str, line: Readings, before: str, after: str, edge: Edges, seams, openers: Openers) -> tuple[float, str]:
    """The best rotation of a chosen reading and its gain (see :mod:`index.repair.rotation`): its words
    and pairs, its seams, a stop first (typography.PUNCT_FIRST) and its sentence starts, the next
    line's first word among them when the reading ends with a stop."""
    words = line.words
    # A numbered paragraph's first line opens a sentence, and so does a line after a stop; a heading or
    # a list item opens its unit but not with a sentence's words.
    opens = edge.sentence or (not edge.starts and bool(before) and ends_sentence(before))
    after_words = arabic_words(after) if after and not edge.ends and LETTER_START.match(after) else []

    def score(candidate: str) -> float:
        cost = words.reading(candidate) + seams(candidate) + (PUNCT_FIRST if opens_with_stop(candidate) else 0.0)
        starts = openers.starts(candidate, opens)
        if after_words and ends_sentence(candidate):
            starts += openers.opener(after_words[0])
        return cost - OPENER_WEIGHT * starts

    def joinable(last: str, first: str) -> bool:
        if not (LETTER_END.search(last) and LETTER_START.match(first)):
            return False
        joined = arabic_words(last + first)
        # One word the sources know, made of two tokens not both surely words ('الأ' + 'عضاء').
        return len(joined) == 1 and words.known(joined[0]) and not (words.solid(last) and words.solid(first))

    if edge.starts and opens_with_stop(text):
        # A unit's first line has nothing of its own before it that a stop could close: it starts wrong.
        threshold = ROTATION_EVIDENT
    else:
        threshold = ROTATION if text != line.file_order else ROTATION_FILE_ORDER
    cuts = breaks(text, line.file_order)

    def neutral(rotated: str) -> bool:
        # A repaired reading rotated at a cut it already makes (or where it restores the printed
        # neighbours it had cut) costs no run break more: the threshold's reason does not hold.
        return edge.heading and text != line.file_order and breaks(rotated, line.file_order) <= cuts

    gain, rotated = best_rotation(text, score, threshold, joinable, ROTATION_EVIDENT, neutral)
    return gain, finish(rotated)


def rotations(text: str) -> list[str]:
    """The text's halves swapped at each space: 'a b c' -> 'b c a', 'c a b'."""
    tokens = text.split(" ")
    return [" ".join(tokens[k:] + tokens[:k]) for k in range(1, len(tokens))]


def _search_line(body: str, words: WordModel) -> tuple[list[Candidate], float]:
    """The search's best readings, finished and distinct, best first (one when the line is clean),
    and the search's cost of the file's own order."""
    spaced_edges = (body[:1].isspace(), body[-1:].isspace())
    atoms, bounds = atomize(body.strip(), words)
    if not atoms:
        return [Candidate("", 0.0)], 0.0
    if _one_clean_run(atoms, bounds, words):
        return [Candidate(finish(" ".join(a.text for a in atoms)), 0.0)], 0.0
    in_order = float("inf") if shows_a_break(body) else file_order_cost(line_space(atoms, bounds, words, spaced_edges=spaced_edges))
    found = search(atoms, bounds, words, spaced_edges=spaced_edges, limit=CANDIDATES)
    coarse = atomize(body.strip(), words, hidden=False)
    if coarse[0] != atoms:
        # The hidden breaks gave the line more atoms. Every reading of the coarser atoms is also one of
        # the finer, at the same cost, but the beam over the finer may lose it: a word cut into one more
        # atom is built through a partial state that ranks poorly ('بم' + 'كاف' + 'حة' of 'بمكافحة',
        # report line 801). Both searches are approximations of one objective; the cheaper readings win.
        found = sorted(found + search(*coarse, words, spaced_edges=spaced_edges, limit=CANDIDATES), key=lambda c: c.cost)
    out: list[Candidate] = []
    for c in found:
        text = finish(c.text)
        if all(text != o.text for o in out):
            out.append(Candidate(text, c.cost))
    return out[:CANDIDATES], in_order


# What a printed line never has but a cut one often does: a wide gap between two words (40 of 41 such
# gaps between Arabic words are run breaks, see atoms.KEEP_GAP), a stop glued to the next word, a
# kashida stretch at a token's edge (a word cut at the stretch).
_BREAK_SIGN = re.compile("\\S {2,}\\S|[.،؛:!؟][\u0621-\u064a]|(?:^|\\s)\u0640|\u0640(?:\\s|$)")


def shows_a_break(body: str) -> bool:
    """Whether a raw line (marker removed) shows a sign of a run break.

    >>> shows_a_break("منها الورقات التي قدمها:العالمي، "), shows_a_break("نص مطبوع كما هو ")
    (True, False)
    """
    return _BREAK_SIGN.search(body.strip().replace("\u00a0", " ")) is not None


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


def repair_document(lines: list[str], sources: Sources = Sources()) -> list[RepairedLine]:
    """Repair every line of one document with both readings; blank lines stay blank.

    Paragraph and heading markers are removed; the document's own lines are the
    context the word model counts. Each line is read alone first; then each line's
    readings are chosen again with its neighbours' first readings on either side (:func:`decode`).
    ``sources`` turns the outside word resources on or off (for measuring them).
    """
    vocabulary = build_vocabulary(lines)
    reversal_vocabulary = reversal.build_vocabulary(lines)
    found = [
        readings(split_marker(line)[1], vocabulary, reversal_vocabulary, sources) if line.strip() else None
        for line in lines
    ]
    return decode(lines, found)


def decode(lines: list[str], found: list[Readings | None]) -> list[RepairedLine]:
    """Choose every line's reading: alone first, then with its neighbours' alone readings as its
    seams and its place in its paragraph (:func:`index.repair.seams.edges`) as its edges.

    ``found[i]`` holds line i's :func:`readings`, or None for a line not to repair (a blank
    one); ``lines`` are the raw lines, which give the markers. Measured and left out:
    choosing again with the neighbours' chosen readings (iterated conditional modes) changes no
    line of the report; a Viterbi pass over each paragraph's candidates and their rotations
    (seams as pair costs) gave the same 70 tuning lines and moved 67 report lines, most of them
    wrongly: the search's costs and the word model's do not add up across lines.
    """
    where = edges(lines)
    openers = Openers.from_lines(lines)
    enders = Enders.from_lines(lines)
    alone = [choose(r).text if r is not None else "" for r in found]
    return [
        RepairedLine("") if line is None
        else choose(line, neighbour(alone, i, -1), neighbour(alone, i, +1), where[i], openers, enders)
        for i, line in enumerate(found)
    ]


def neighbour(texts: list[str], i: int, step: int) -> str:
    """The nearest non-blank line's text within two lines (the extraction leaves blank lines
    inside paragraphs); "" when there is none."""
    for k in (i + step, i + 2 * step):
        if 0 <= k < len(texts) and texts[k]:
            return texts[k]
    return ""


def repair_lines(lines: list[str]) -> list[str]:
    """The repaired text of every line of one document as a reader sees it (see :func:`repair_document`)."""
    return [line.shown for line in repair_document(lines)]
