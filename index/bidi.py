"""Repair the display order of one line extracted from a right-to-left PDF.

The extractor cut each printed line into text runs and usually lists them in the
reverse of reading order, while the text inside each run is in reading order.
Runs break at every switch between Arabic and digits/Latin text, at gaps of two
or more spaces and before a comma that follows a space (forced cuts), maybe at a
single space (a cut with a cost), and inside a word that is two words of the
document run together. A dynamic program picks the cut set: the logical text is
the pieces in reverse order, scored with a unigram model of the document's own
words (a word broken across two runs costs more than the whole word, which the
two runs then join into), a bonus for word pairs seen elsewhere in the document,
and typographic rules (no space before "،", numbers stand apart from words). A
bracket touching a letter may end a run (a cut with a cost), and the search
tracks bracket balance: round brackets do not nest, and a closing bracket after
the line's own pair costs extra. A lone one-letter conjunction ("و") may always
join the word read after it.
Lines whose runs are shuffled in other ways (words cut at kashida points, one
block of runs out of place) are not modelled; :func:`is_kashida_scrambled` flags
the worst of them.
"""

from __future__ import annotations

import math
import re
from collections import Counter

from index.repair.atoms import script_chunks
from index.repair.markers import split_marker
from index.repair.typography import junction as _junction

__all__ = ["build_vocabulary", "is_kashida_scrambled", "repair_line", "repair_lines", "split_marker"]

TATWEEL = "\u0640"
_DIACRITICS = re.compile("[\u064b-\u0652\u0670]")
_ARABIC_WORD = re.compile("[\u0621-\u063a\u0641-\u064a\u064b-\u0652\u0670\u0671-\u06d3]+")
_LETTER = re.compile("[\u0621-\u063a\u0641-\u064a\u0671-\u06d3]")
_BRACKET_CUT = re.compile("(?<=[()])(?=[\u0621-\u064a])|(?<=[\u0621-\u064a\u064b-\u0652])(?=[()])")
_AN_RANGE = re.compile("^([\u0660-\u0669]+)-([\u0660-\u0669]+)$")

# A list item marker standing alone between wide gaps: ‘٣’, (أ), (٢).
_ITEM = re.compile(r"(?:^|(?<=\s\s))(‘[\u0660-\u0669]+’|\([\u0621-\u064a\u0660-\u0669]\))(?=\s\s|\s*$)")

_CLOSE_PUNCT = set("،.؛:!؟)]}»,;?")
_OPEN_PUNCT = set("([{«")
_CONJUNCTIONS = set("وفبلك")  # one-letter words that never stand alone
_PROCLITICS = ("وال", "بال", "فال", "كال", "لل", "ال", "و", "ف", "ب", "ل", "ك")

# Costs (natural-log units of the unigram model).
_OOV_EXTRA = 5.0
_BACKOFF_EXTRA = 2.5
_FRAGMENT_EXTRA = 4.0
_CUT_SPACE = 3.5  # cut at a single space
_PAIR_BONUS = 2.0
_BEAM = 12
_PUNCT_FIRST = 3.0
_CUT_BRACKET = 3.0  # cut between a bracket and the letter it touches
_BRACKET_NEST = 6.0  # an opening bracket before the previous one is closed
_BRACKET_STRAY = 8.0  # a closing bracket after this line opened and closed its own


def build_vocabulary(lines: list[str]) -> Counter:
    """Count the Arabic words of a document (tatweel and diacritics removed)."""
    counts: Counter = Counter()
    for line in lines:
        counts.update(_words(line))
        counts.update(_pairs(line))
    return counts


def _pairs(text: str) -> list[str]:
    """Adjacent word pairs ("w1 w2") of each space-separated stretch of Arabic words."""
    pairs = []
    for stretch in re.split(r"[^\u0621-\u063a\u0641-\u064a\u064b-\u0652\u0670\u0640 ]+", text):
        words = _words(stretch)
        pairs.extend(f"{a} {b}" for a, b in zip(words, words[1:]))
    return pairs


def _words(text: str) -> list[str]:
    text = _DIACRITICS.sub("", text.replace(TATWEEL, ""))
    return _ARABIC_WORD.findall(text)


class _Scorer:
    """Cost of a word: -log of its leave-one-out frequency in the document."""

    def __init__(self, vocabulary: Counter | None, own: list[str]):
        self.vocab = vocabulary
        self.own = Counter(own)
        total = sum(c for w, c in vocabulary.items() if " " not in w) if vocabulary else 0
        self.log_n = math.log(total + 10)
        self.cache: dict[str, float] = {}

    def pair(self, left: str, right: str) -> float:
        """Bonus (negative cost) when the two words stand side by side elsewhere."""
        a, b = _words(left), _words(right)
        if self.vocab is None or not a or not b:
            return 0.0
        return -_PAIR_BONUS if self.count(f"{a[-1]} {b[0]}") > 0 else 0.0
        self.cache: dict[str, float] = {}

    def count(self, word: str) -> int:
        return self.vocab.get(word, 0) - self.own.get(word, 0)

    def word(self, word: str) -> float:
        """Cost of a word, or of its best split into words when it is not one."""
        if word in self.cache:
            return self.cache[word]
        cost = self._single(word)
        self.cache[word] = cost
        return cost

    def known(self, word: str) -> bool:
        """Whether the word occurs in the document (or does after a proclitic)."""
        if self.vocab is None:
            return False
        return self.count(word) > 0 or any(
            self.count(word[len(p):]) > 0
            for p in _PROCLITICS
            if word.startswith(p) and len(word) - len(p) >= 3
        )

    def _single(self, word: str) -> float:
        cost = _shape_cost(word)
        if self.vocab is None:
            return cost + 1.0
        c = self.count(word)
        if c > 0:
            return cost + self.log_n - math.log(c)
        backoff = [
            self.count(word[len(p):])
            for p in _PROCLITICS
            if word.startswith(p) and len(word) - len(p) >= 2
        ]
        best = max(backoff, default=0)
        if best > 0:
            return cost + self.log_n - math.log(best) + _BACKOFF_EXTRA
        return cost + self.log_n + _OOV_EXTRA + 2.5 * len(word)

    def token(self, token: str) -> float:
        return sum(self.word(w) for w in _words(token))


def _shape_cost(word: str) -> float:
    """Extra cost for shapes that are never whole words: one letter, 'ال' + one letter."""
    if len(word) == 1:
        return _FRAGMENT_EXTRA
    if word.startswith("ال") and len(word) <= 3:
        return _FRAGMENT_EXTRA
    return 0.0


def _kind(ch: str) -> str:
    if ch.isdigit():
        return "d"
    if "A" <= ch <= "Z" or "a" <= ch <= "z" or ch in "#@":
        return "l"
    if _LETTER.match(ch):
        return "a"
    return "p"


def _atomize(text: str, scorer: _Scorer):
    """Split a line into atoms; return atoms, their kinds and the boundaries between them.

    A boundary is (whitespace between the atoms, cut cost or None when forced).
    """
    chunks = script_chunks(text)

    atoms: list[str] = []
    kinds: list[str] = []
    bounds: list[tuple[str, float | None]] = []
    pending_ws = ""
    forced = False
    for chunk, kind in chunks:
        if kind != "o":
            if atoms:
                bounds.append((pending_ws, None))
            atoms.append(chunk)
            kinds.append(kind)
            pending_ws, forced = "", True
            continue
        for piece in re.split(r"(\s+)", chunk):
            if not piece:
                continue
            if piece.isspace():
                pending_ws += piece
                continue
            parts = _split_inside(piece, scorer)
            for i, (part, inner_cost) in enumerate(parts):
                if atoms:
                    if forced and i == 0:
                        bounds.append((pending_ws, None))
                    elif i > 0:
                        bounds.append(("", inner_cost))
                    elif part[0] in "،؛" and pending_ws:
                        bounds.append((pending_ws, None))
                    elif len(pending_ws) >= 2:
                        bounds.append((pending_ws, None))
                    elif pending_ws:
                        bounds.append((pending_ws, _CUT_SPACE))
                    else:  # no space and no cue: never cut here
                        bounds.append(("", math.inf))
                atoms.append(part)
                kinds.append("o")
                pending_ws, forced = "", False
    return atoms, kinds, bounds


def _split_inside(piece: str, scorer: _Scorer) -> list[tuple[str, float | None]]:
    """Cut a space-free piece into atoms, each with the cost of the cut before it.

    A run-together word is cut where both halves are words of the document, and a
    comma glued to the next word ('،وتضمنت') ends a run: those cuts are forced
    (None). A bracket touching a letter ('ملديف)،') may end or start a run, as
    brackets are bidi neutrals: that cut costs ``_CUT_BRACKET``.
    """
    out: list[tuple[str, float | None]] = []
    pieces = [p for p in _BRACKET_CUT.split(piece) if p]
    for k, bracketed in enumerate(pieces):
        parts = [p for p in re.split(r"(?<=[،؛])(?=[\u0621-\u064a])", bracketed) if p]
        for j, part in enumerate(parts):
            words = _split_word(part, scorer) if scorer.vocab is not None else [part]
            for i, word in enumerate(words):
                out.append((word, _CUT_BRACKET if k > 0 and i == j == 0 else None))
    return out


def _split_word(part: str, scorer: _Scorer) -> list[str]:
    words = _words(part)
    if len(words) != 1 or scorer.count(words[0]) > 0:
        return [part]
    best, best_cost = None, math.inf
    for i in range(1, len(part)):
        left, right = part[:i], part[i:]
        if _DIACRITICS.match(right[0]) or not _LETTER.match(left[-1]):
            continue
        costs = []
        for half in (left, right):
            hw = _words(half)
            if len(hw) != 1:
                break
            w = hw[0]
            if scorer.count(w) >= 2 and len(w) >= 3 and not _shape_cost(w):
                costs.append(scorer.word(w))
            elif w in ("و", "ل", "ب"):
                costs.append(_FRAGMENT_EXTRA + scorer.log_n)
            else:
                break
        if len(costs) == 2 and sum(costs) < best_cost:
            best, best_cost = i, sum(costs)
    if best is None or best_cost >= scorer.word(words[0]):
        return [part]
    return [part[:best], part[best:]]


def _search(atoms, bounds, scorer: _Scorer):
    """Best reversal cut set: DP over (start of the last piece taken, open token, word before it)."""
    m = len(atoms)
    forced_before = [False] * (m + 1)
    for i, (_, cost) in enumerate(bounds):
        forced_before[i + 1] = cost is None
    # states[a] = {(open_token, previous_word): (cost, back)}; pieces are taken right to left.
    states: list[dict] = [dict() for _ in range(m + 1)]
    states[m][(None, None, 0)] = (0.0, None)
    for a in range(m, 0, -1):
        kept = sorted(
            states[a].items(),
            key=lambda item: item[1][0] + (scorer.token(item[0][0]) if item[0][0] else 0.0),
        )[:_BEAM]
        states[a] = dict(kept)
        for key, (cost, _) in kept:
            start = a - 1
            while True:
                _take(states, atoms, bounds, scorer, a, start, key, cost)
                if start == 0 or forced_before[start]:
                    break
                start -= 1
    best = None
    for key, (cost, _) in states[0].items():
        open_tok, prev, _ = key
        total = cost + (scorer.token(open_tok) + scorer.pair(prev or "", open_tok) if open_tok else 0.0)
        if best is None or total < best[0]:
            best = (total, key)
    return best[0], _rebuild(states, best[1])


def _brackets(state: int, piece: str) -> tuple[int, float]:
    """Bracket state after a piece read in order, and the penalty it earns.

    The state is the open depth (0-2) plus 4 once the line has opened a bracket.
    Round brackets do not nest in this prose; a closing bracket is free only while
    the line has opened none (it closes one from the line before).
    """
    depth, opened = state & 3, state & 4
    penalty = 0.0
    for ch in piece:
        if ch == "(":
            if depth:
                penalty += _BRACKET_NEST
            depth, opened = min(depth + 1, 2), 4
        elif ch == ")":
            if depth:
                depth -= 1
            elif opened:
                penalty += _BRACKET_STRAY
    return depth | opened, penalty


def _take(states, atoms, bounds, scorer, a, start, key, cost):
    open_tok, prev, brk = key
    piece = atoms[start]
    for i in range(start + 1, a):
        piece += (" " if bounds[i - 1][0] else "") + atoms[i]
    if start > 0:
        cost += bounds[start - 1][1] or 0.0
    if "(" in piece or ")" in piece:
        brk, penalty = _brackets(brk, piece)
        cost += penalty
    options = []
    if open_tok is None:
        first = piece.lstrip()
        options.append((cost + (_PUNCT_FIRST if first[:1] in "،.؛:)" else 0.0), "", piece, None))
    else:
        rule = _junction(open_tok, piece)
        closed = cost + scorer.token(open_tok) + scorer.pair(prev or "", open_tok)
        if rule == " " or rule is None:
            options.append((closed, " ", piece, open_tok))
        if rule == "" or (
            rule is None
            and (open_tok in _CONJUNCTIONS or scorer.known(_words(open_tok)[-1] + _words(piece)[0]))
        ):
            options.append((cost, "", open_tok + piece, prev))
    for c, sep, merged, before in options:
        words = merged.split(" ")
        for w in words[:-1]:
            c += scorer.token(w) + scorer.pair(before or "", w)
            before = w
        new_key = (words[-1], before, brk)
        old = states[start].get(new_key)
        if old is None or c < old[0]:
            states[start][new_key] = (c, (a, key, sep, piece))


def _rebuild(states, key) -> str:
    out: list[str] = []
    start = 0
    while True:
        _, back = states[start][key]
        if back is None:
            break
        a, prev_key, sep, piece = back
        out.append(piece)
        out.append(sep)
        start, key = a, prev_key
    return "".join(reversed(out))


def _finish(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    text = _fix_mirrored_brackets(text)
    text = re.sub(r"(?<![#\w])([A-Za-z]\w*)#", r"#\1", text)  # hashtag: '#' leads its word
    text = re.sub(r"([(\[{«]) ", r"\1", text)
    text = re.sub(r" ([)\]}»،؛])", r"\1", text)
    return re.sub(r"(\w)\(", r"\1 (", text)


def _fix_mirrored_brackets(text: str) -> str:
    """Swap a ')' ... '(' pair that encloses no Arabic letter: a bracket left in visual form."""
    match = re.search(r"\)([^()\u0621-\u064a]+)\(", text)
    while match:
        text = text[: match.start()] + "(" + match.group(1) + ")" + text[match.end():]
        match = re.search(r"\)([^()\u0621-\u064a]+)\(", text)
    return text


def _swap_ranges(atoms: list[str], kinds: list[str]) -> list[str]:
    return [
        _AN_RANGE.sub(r"\2-\1", atom) if kind == "d" else atom for atom, kind in zip(atoms, kinds)
    ]


def _repair(text: str, scorer: _Scorer) -> tuple[float, str]:
    atoms, kinds, bounds = _atomize(text, scorer)
    if not atoms:
        return 0.0, ""
    atoms = _swap_ranges(atoms, kinds)
    return _search(atoms, bounds, scorer)


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
    match = _ITEM.search(text)
    if match:
        item = match.group(1)
        text = text[: match.start()] + " " * (len(item) + 2) + text[match.end():]
    text = text.strip()
    scorer = _Scorer(vocabulary, _words(text) + _pairs(text))
    _, best = _repair(text, scorer)
    best = _finish(best)
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
    words = _words(repaired)
    scorer = _Scorer(vocabulary, words + _pairs(repaired))
    for word in words:
        if _shape_cost(word) or (vocabulary is not None and len(word) <= 3 and not scorer.count(word)):
            fragments += 1
    return fragments >= 2


def repair_lines(lines: list[str]) -> list[str]:
    """Repair every line of one extracted document; blank lines stay blank.

    Paragraph and heading markers ("-١٢", "-ثانياً") are removed; the document's
    own lines are the context the repair uses.
    """
    vocabulary = build_vocabulary(lines)
    return [repair_line(split_marker(line)[1], vocabulary) if line.strip() else "" for line in lines]
