"""Costs of a reversal reading: the document's own words and word pairs.

A word costs -log of its leave-one-out frequency in the document (the line's own
words left out, so a broken word cannot vouch for itself); a word the document
lacks backs off to its stem behind a proclitic, else costs by its length. Word
pairs seen side by side elsewhere in the document earn a bonus. Costs are in
natural-log units of this model.
"""

from __future__ import annotations

import math
from collections import Counter

from index.arabic import stems
from index.repair.words import arabic_words, is_fragment, word_pairs

_OOV_EXTRA = 5.0
_OOV_PER_LETTER = 2.5
_BACKOFF_EXTRA = 2.5
_SMOOTHING = 10
_NO_VOCABULARY = 1.0
FRAGMENT_EXTRA = 4.0
_PAIR_BONUS = 2.0


def build_vocabulary(lines: list[str]) -> Counter:
    """Count the Arabic words and adjacent word pairs of a document (tatweel and diacritics removed)."""
    counts: Counter = Counter()
    for line in lines:
        counts.update(arabic_words(line))
        counts.update(word_pairs(line))
    return counts


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
        return self.count(word) > 0 or any(self.count(stem) > 0 for stem in stems(word, 3))

    def _single(self, word: str) -> float:
        cost = FRAGMENT_EXTRA if is_fragment(word) else 0.0
        if self.vocab is None:
            return cost + _NO_VOCABULARY
        c = self.count(word)
        if c > 0:
            return cost + self.log_n - math.log(c)
        best = max((self.count(stem) for stem in stems(word, 2)), default=0)
        if best > 0:
            return cost + self.log_n - math.log(best) + _BACKOFF_EXTRA
        return cost + self.log_n + _OOV_EXTRA + _OOV_PER_LETTER * len(word)

    def token(self, token: str) -> float:
        """Cost of every Arabic word of a token."""
        return sum(self.word(w) for w in arabic_words(token))
