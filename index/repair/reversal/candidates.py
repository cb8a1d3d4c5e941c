"""The readings one more piece makes of a partial reading: the piece as new words, or joined on.

A reading is built in reading order, one piece (a run of atoms) at a time. Its
last token stays open: the next piece may continue it (a word the extraction
cut in two) or start a new word, as the typography (``junction``) and the
document's words allow. A lone one-letter conjunction ("و") may always join the
word read after it.
"""

from __future__ import annotations

from typing import NamedTuple

from index.arabic import PROCLITIC_LETTERS
from index.repair.reversal.score import Scorer
from index.repair.typography import PUNCT_FIRST, Brackets, junction, opens_with_stop
from index.repair.words import arabic_words


class State(NamedTuple):
    """What the rest of a reading depends on: the tokens still to be scored, and the bracket balance."""

    open_token: str | None  # the reading's last token, not yet scored (None: nothing read yet)
    previous_word: str | None  # the token before it, for the pair bonus
    brackets: Brackets


class Candidate(NamedTuple):
    state: State
    cost: float  # the reading's cost so far, the open token not counted
    separator: str  # what stands between the reading and the piece: " " or "" (joined)


def extend(state: State, piece: str, cost: float, scorer: Scorer) -> list[Candidate]:
    """Each way to read ``piece`` after a reading in ``state`` that has cost ``cost`` so far."""
    brackets = state.brackets
    if "(" in piece or ")" in piece:
        brackets, penalty = brackets.after(piece)
        cost += penalty
    open_tok, prev = state.open_token, state.previous_word
    options = []
    if open_tok is None:
        options.append((cost + (PUNCT_FIRST if opens_with_stop(piece.lstrip()) else 0.0), "", piece, None))
    else:
        rule = junction(open_tok, piece)
        closed = cost + scorer.token(open_tok) + scorer.pair(prev or "", open_tok)
        if rule == " " or rule is None:
            options.append((closed, " ", piece, open_tok))
        if rule == "" or (
            rule is None
            and (open_tok in PROCLITIC_LETTERS or scorer.known(arabic_words(open_tok)[-1] + arabic_words(piece)[0]))
        ):
            options.append((cost, "", open_tok + piece, prev))
    candidates = []
    for c, separator, merged, before in options:
        tokens = merged.split(" ")
        for w in tokens[:-1]:
            c += scorer.token(w) + scorer.pair(before or "", w)
            before = w
        candidates.append(Candidate(State(tokens[-1], before, brackets), c, separator))
    return candidates
