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

# Each value was set by hand. The counts are exact lines of the reversal alone on the gold tuning
# half (tests/index/test_repair.py: 53 of 114 at these values) with that one constant changed.
_SMOOTHING = 10  # added to the word count N in log N, so an empty vocabulary still works: 1 -> 52, 100 -> 51
_OOV_EXTRA = 5.0  # a word the document lacks, beyond what a once-seen word costs: 3 to 7 all give 53
_OOV_PER_LETTER = 2.5  # ... and per letter, so two words run together cost more than either: 1.5 -> 52, 2 to 3.5 -> 53
_BACKOFF_EXTRA = 2.5  # a known stem behind a proclitic: likely, but less than a seen word: 1.5 -> 52, 2 to 3.5 -> 53
FRAGMENT_EXTRA = 4.0  # a shape that is never a whole word (words.is_fragment): 3 to 6 all give 53
_PAIR_BONUS = 2.0  # the two words stand side by side elsewhere in the document: 1 to 2.5 -> 53, 3 -> 52
_KNOWN_STEM_LETTERS = 3  # a stem that makes a join "known" (candidates) keeps 3 letters: 2 or 4 also give 53
_BACKOFF_STEM_LETTERS = 2  # a stem a word's cost backs off to keeps 2 letters, as in words.WordModel
# Without a vocabulary every word costs this flat amount (plus its shape), so the cuts, the
# typography and the number of words decide. Set by hand; the gold always has a vocabulary and
# does not measure it (the hand-written lines of test_repair_reversal.py do).
_NO_VOCABULARY = 1.0


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
        return self.count(word) > 0 or any(self.count(stem) > 0 for stem in stems(word, _KNOWN_STEM_LETTERS))

    def _single(self, word: str) -> float:
        cost = FRAGMENT_EXTRA if is_fragment(word) else 0.0
        if self.vocab is None:
            return cost + _NO_VOCABULARY
        c = self.count(word)
        if c > 0:
            return cost + self.log_n - math.log(c)
        best = max((self.count(stem) for stem in stems(word, _BACKOFF_STEM_LETTERS)), default=0)
        if best > 0:
            return cost + self.log_n - math.log(best) + _BACKOFF_EXTRA
        return cost + self.log_n + _OOV_EXTRA + _OOV_PER_LETTER * len(word)

    def token(self, token: str) -> float:
        """Cost of every Arabic word of a token."""
        return sum(self.word(w) for w in arabic_words(token))
