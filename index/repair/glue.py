"""Glue the raw line never had: a word the repair made by joining pieces of several raw tokens.

The word model prices a string it does not know at no less than its cheapest split
into words (``WordModel.word``), so that gluing words never pays. But that split
may cut the string anywhere, not where the pieces it was made of meet: glued into
one token, a run's stray fragments ('الم', 'ب') are priced as parts of whatever
words fit best, and so cost less than standing alone. A search free to join any
runs then glues a line's leftovers into one unknown token
('المسمحالاحتفاظتحدةبأمانة' from 'الم', 'سمح', 'الاحتفاظتحدة', 'ب', 'أمانة').

:class:`Glue` counts how many pieces of the line's raw tokens (each a stretch of the
file's text between spaces) such a word is made of, fewest first, and charges
``GLUE_JOIN`` for each join beyond ``FREE_JOINS``. A word cut once by the
extraction (a kashida, a run break) and joined back is free even when no word list
knows it, as a name; a known word is free however it was made.
"""

from __future__ import annotations

import math

from index.repair.words import WordModel, arabic_words, impossible, plain

# Joins an unknown word may have for free, and the price of each further one (natural-log units of
# the word model, a common word costs 6-9). Whole report (eval.repair_damage), lines whose reading
# holds an unknown word no raw token holds: 32 without the charge; 22 with 1 free join at 6, 18 at 12;
# 7 with none free at 6 (and 0 with lines.choose's guard). The tuning half stays at 75 of 114 in each.
FREE_JOINS = 0
GLUE_JOIN = 6.0


class Glue:
    """The glue charges of one line, given its text in the file's order (tatweel removed)."""

    def __init__(self, file_text: str, words: WordModel):
        self.raw = " " + " ".join(plain(token) for token in file_text.split()) + " "
        self.words = words
        self._cache: dict[str, float] = {}

    def pieces(self, word: str) -> int:
        """The fewest stretches of raw tokens that spell ``word`` one after another (1: a raw token
        holds it whole); 1 when no such spelling exists (the repair changed letters: nothing to charge).

        >>> Glue("أمانة ب الاحتفاظتحدة سمح", WordModel(None, outside={})).pieces("سمحالاحتفاظبأمانة")
        4
        """
        word = plain(word)
        n = len(word)
        fewest = [0] + [math.inf] * n
        for i in range(1, n + 1):
            for j in range(i):
                if fewest[j] + 1 < fewest[i] and word[j:i] in self.raw:
                    fewest[i] = fewest[j] + 1
        return 1 if fewest[n] == math.inf else int(fewest[n])

    def cost(self, text: str) -> float:
        """The glue charge of every Arabic word of a text."""
        cost = self._cache.get(text)
        if cost is None:
            cost = self._cache[text] = sum(self._word(w) for w in arabic_words(text))
        return cost

    def _word(self, word: str) -> float:
        if len(word) < 2 or (self.words.vouched(word) and not impossible(word)):
            return 0.0
        return GLUE_JOIN * max(self.pieces(word) - 1 - FREE_JOINS, 0)
