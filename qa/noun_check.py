"""Does the figure we would quote count what a "how many" question asks about? If not, we abstain.

"How many shelters did IOM run in 2018?" is on topic: its best sentence, "the IOM assisted ٧ ٤٠٠
victims in 2018", scores like an answer and holds a number, so every other check passes. What gives
it away is the noun: the question counts shelters, the figure counts victims (``qa.counted`` reads
both). ``qa.counted`` uses the nouns to *choose* among close figures; here they decide whether any
figure answers.

Single-word cosines of the encoder do not separate by a fixed bar ("countries"/بلداً 0.86 sits
below شخص/بلداً 0.90, eval/results/answers.md), so the test is relative to the asked noun: where the
figure's noun ranks among all the report's Arabic terms by cosine to it. A figure counting the
asked thing ranks near the top (report_dev and the probe, answered right: "countries"/بلداً 0,
"practitioners"/الممارسين 7, "people"/شخص 13, دولة/بلداً 163, "officers"/ضابطاً 240); one counting
something else ranks far down (the probe's unanswerable questions: "shelters"/ضحايا 453, موظفي/دولة
949, "judges"/بلدان 1452). Two cheaper signs of a match come first: the figure's noun is one of the
question's own words ("كم غاية من أهداف …" counted by "الأهداف"), or the asked noun is one of the
quoted sentence's words. An Arabic noun that is neither a word of the report nor a common word
("كم عدد الملاجئ …") is counted by no figure of it.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from index import arabic
from qa import counted


def counts_asked(question: str, phrases: Sequence[str], quotes: Sequence[str], store, max_rank: int) -> bool:
    """False when ``question`` asks how many of a noun and none of the figures ``phrases`` (the answering
    phrases of the ``quotes`` we would quote) counts it; True when they do or when we cannot tell
    (no counted noun, no vector for it, no figure with a noun)."""
    noun = counted.asked_noun(question)
    noun_terms = set(arabic.tokenize(noun)) if noun else set()
    if not noun_terms:
        return True
    if any(noun_terms & set(arabic.tokenize(quote)) for quote in quotes):
        return True
    asked = counted.question_vector(noun, store)
    # An Arabic noun with no vector is in neither the report nor the common words ("الملاجئ"): the
    # report never names it, so no figure of it counts it. An English one may just be rare.
    if asked is None and not arabic.has_arabic(noun):
        return True
    question_terms = set(arabic.tokenize(question))
    told = False  # whether any figure names what it counts
    for phrase in phrases:
        word = counted.counted_word(phrase)
        terms = arabic.tokenize(word) if word else []
        if not terms:
            continue
        told = True
        if terms[0] in question_terms:
            return True
        rank = None if asked is None else _rank(asked, terms[0], store)
        if asked is not None and (rank is None or rank <= max_rank):
            return True
    return not told


def _rank(asked: np.ndarray, term: str, store) -> int | None:
    """How many of the lexicon's terms in ``term``'s script are nearer to ``asked`` than ``term`` is
    (``None`` when the lexicon lacks ``term``)."""
    lexicon = store.lexicon
    row = int(lexicon.row_per_term([term])[0])
    if row < 0:
        return None
    vectors = np.asarray(lexicon.vectors, dtype=np.float32)
    cosines = (vectors @ asked) / np.maximum(np.linalg.norm(vectors, axis=1), 1e-12)
    same_script = np.fromiter((arabic.has_arabic(t) == arabic.has_arabic(term) for t in lexicon.terms), dtype=bool, count=len(lexicon.terms))
    return int(((cosines > cosines[row]) & same_script).sum())
