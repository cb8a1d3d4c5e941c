"""Costs of a reversal reading: the document's own words and word pairs, and bracket balance.

A word costs -log of its leave-one-out frequency in the document (the line's own
words left out, so a broken word cannot vouch for itself); a word the document
lacks backs off to its stem behind a proclitic, else costs by its length. Word
pairs seen side by side elsewhere in the document earn a bonus. Costs are in
natural-log units of this model.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from typing import NamedTuple

from index.repair.words import TATWEEL, is_fragment

_DIACRITICS = re.compile("[\u064b-\u0652\u0670]")
_ARABIC_WORD = re.compile("[\u0621-\u063a\u0641-\u064a\u064b-\u0652\u0670\u0671-\u06d3]+")
_PROCLITICS = ("وال", "بال", "فال", "كال", "لل", "ال", "و", "ف", "ب", "ل", "ك")

_OOV_EXTRA = 5.0
_OOV_PER_LETTER = 2.5
_BACKOFF_EXTRA = 2.5
_SMOOTHING = 10
_NO_VOCABULARY = 1.0
FRAGMENT_EXTRA = 4.0
_PAIR_BONUS = 2.0
_BRACKET_NEST = 6.0  # an opening bracket before the previous one is closed
_BRACKET_STRAY = 8.0  # a closing bracket after this line opened and closed its own


def build_vocabulary(lines: list[str]) -> Counter:
    """Count the Arabic words and adjacent word pairs of a document (tatweel and diacritics removed)."""
    counts: Counter = Counter()
    for line in lines:
        counts.update(arabic_words(line))
        counts.update(word_pairs(line))
    return counts


def word_pairs(text: str) -> list[str]:
    """Adjacent word pairs ("w1 w2") of each space-separated stretch of Arabic words."""
    pairs = []
    for stretch in re.split(r"[^\u0621-\u063a\u0641-\u064a\u064b-\u0652\u0670\u0640 ]+", text):
        words = arabic_words(stretch)
        pairs.extend(f"{a} {b}" for a, b in zip(words, words[1:]))
    return pairs


def arabic_words(text: str) -> list[str]:
    text = _DIACRITICS.sub("", text.replace(TATWEEL, ""))
    return _ARABIC_WORD.findall(text)


class Scorer:
    """Costs of words and word pairs for one line, the line's own words (``own``) left out."""

    def __init__(self, vocabulary: Counter | None, own: list[str]):
        self.vocab = vocabulary
        self.own = Counter(own)
        total = sum(c for w, c in vocabulary.items() if " " not in w) if vocabulary else 0
        self.log_n = math.log(total + _SMOOTHING)
        self.cache: dict[str, float] = {}

    def pair(self, left: str, right: str) -> float:
        """Bonus (negative cost) when the two words stand side by side elsewhere."""
        a, b = arabic_words(left), arabic_words(right)
        if self.vocab is None or not a or not b:
            return 0.0
        return -_PAIR_BONUS if self.count(f"{a[-1]} {b[0]}") > 0 else 0.0

    def count(self, word: str) -> int:
        """The word's count in the document outside this line (negative for a word only the line has)."""
        return self.vocab.get(word, 0) - self.own.get(word, 0)

    def word(self, word: str) -> float:
        """Cost of one word (a word with no Arabic letters costs as an unknown one)."""
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
        cost = FRAGMENT_EXTRA if is_fragment(word) else 0.0
        if self.vocab is None:
            return cost + _NO_VOCABULARY
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
        return cost + self.log_n + _OOV_EXTRA + _OOV_PER_LETTER * len(word)

    def token(self, token: str) -> float:
        """Cost of every Arabic word of a token."""
        return sum(self.word(w) for w in arabic_words(token))


class Brackets(NamedTuple):
    """Round-bracket balance of a partial reading.

    Round brackets do not nest in this prose; a closing bracket is free only while
    the line has opened none (it closes one from the line before).
    """

    depth: int = 0  # brackets open now, at most 2
    opened: bool = False  # the line has opened a bracket

    def after(self, piece: str) -> tuple[Brackets, float]:
        """The balance after ``piece`` (read in order) and the penalty it earns."""
        depth, opened = self.depth, self.opened
        penalty = 0.0
        for ch in piece:
            if ch == "(":
                if depth:
                    penalty += _BRACKET_NEST
                depth, opened = min(depth + 1, 2), True
            elif ch == ")":
                if depth:
                    depth -= 1
                elif opened:
                    penalty += _BRACKET_STRAY
        return Brackets(depth, opened), penalty
