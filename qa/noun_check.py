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

The rank alone did not transfer: on XQuAD's count questions (other topics, a larger lexicon) it lost
15 of 113 Arabic answers, mostly where "how many X" was read wrong (a verb: "كم يبلغ عدد …") or the
figure's last word is not its noun ("ست جوائز غرامي"). So a figure also passes when any word of the
quoted sentences ranks near the asked noun. With that second sign the rank rejects no report_dev or
probe answer, and what is left doing the work is the Arabic noun the report never names.

That escape also let through what the probes' unanswerable count questions get: a count of one of the
report's staple nouns (دولة, بلدان, ضحايا, شخص) for "how many judges / hotlines / staff". Such a figure,
far from the asked noun by rank and among the corpus's most frequent terms (``hub``), is turned away
without the escape: its sentence's other words do not change what it counts (eval/results/answers.md,
eleventh round: the probes' recall 0.59 -> 0.85 and 0.67 -> 0.75, XQuAD count questions 0.555 -> 0.545).
"""

from __future__ import annotations

import weakref
from collections.abc import Sequence

import numpy as np

from index import arabic
from qa import counted


def counts_asked(
    question: str, phrases: Sequence[str], quotes: Sequence[str], store, max_rank: int, hub: float = 0.0, synonyms: bool = False
) -> bool:
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
    counted_terms = []
    for phrase in phrases:
        word = counted.counted_word(phrase)
        terms = arabic.tokenize(word) if word else []
        if not terms:
            continue
        told = True
        if terms[0] in question_terms:
            return True
        counted_terms.append(terms[0])
    if not told:
        return True
    if asked is None:
        return False
    quoted = {t for quote in quotes for t in arabic.tokenize(quote)}
    ranks = _ranks(asked, store, sorted(set(counted_terms) | quoted))
    if any(ranks.get(term, 0) <= max_rank for term in counted_terms):
        return True
    # Or near the report's own word for the asked noun (its nearest Arabic term): a question's word
    # reaches the report's synonyms through it, where the single-word vectors across languages do not.
    # "States" has دول nearest (rank 0) but the report's other word for them, بلدان, 586th; دول has
    # بلدان 204th. So "How many States have laws that criminalize only some aspects?" is answered by
    # «تسعة بلدان» again instead of turned away (eval/results/answers.md, twelfth round).
    if synonyms and any(rank <= max_rank for rank in _ranks(_nearest(asked, store), store, counted_terms).values()):
        return True
    # A figure that counts one of the corpus's staple nouns (among its ``hub`` share of most frequent terms:
    # the report's دولة, بلدان, ضحايا, شخص) and ranks far from the asked noun counts something else: the
    # sentence's other words do not change what it counts, so the escape below is not tried.
    if hub and all(_frequent(term, store, hub) for term in counted_terms):
        return False
    # Nor any word of the quoted sentences: a question whose noun the reading of "how many X" got wrong
    # ("كم يبلغ عدد …", a verb) or that the figure names by another word of its sentence ("ست جوائز غرامي"
    # for "كم عدد جوائز", the figure's last word taken for its noun) is not turned away. XQuAD ar->ar
    # count questions lost 15 answers of 113 without this.
    return any(ranks.get(term, max_rank + 1) <= max_rank for term in quoted)


def _nearest(asked: np.ndarray, store) -> np.ndarray:
    """The vector of the lexicon's Arabic-script term nearest to ``asked`` (the report's word for it)."""
    vectors, norms, _ = _arabic_vectors(store.lexicon)
    best = int(np.argmax((vectors @ np.asarray(asked, dtype=np.float32)) / norms))
    return vectors[best] / norms[best]


def _frequent(term: str, store, share: float) -> bool:
    """Whether ``term`` is among the ``share`` of the corpus's terms with the lowest idf (the most frequent)."""
    bm25 = store.bm25
    row = bm25.term_ids.get(term)
    if row is None:
        return False
    idf = np.asarray(bm25.idf)
    return float(np.mean(idf <= idf[row])) <= share


def _ranks(asked: np.ndarray, store, terms) -> dict[str, int]:
    """Each of ``terms``' rank among the lexicon's Arabic-script terms by cosine to ``asked`` (0: the nearest);
    a term the lexicon lacks is left out; ties keep the lexicon's order. One sort in numpy: a library's
    lexicon can hold far more terms than the few asked about."""
    lexicon = store.lexicon
    vectors, norms, arabic_rows = _arabic_vectors(lexicon)
    cosines = (vectors @ np.asarray(asked, dtype=np.float32)) / norms
    rank_of = np.empty(len(cosines), dtype=np.int64)
    rank_of[np.lexsort((np.arange(len(cosines)), -cosines))] = np.arange(len(cosines))
    ranks = {}
    for term, row in zip(terms, lexicon.row_per_term(list(terms)).tolist()):
        at = int(np.searchsorted(arabic_rows, row))
        if row >= 0 and at < len(arabic_rows) and arabic_rows[at] == row:
            ranks[term] = int(rank_of[at])
    return ranks


_ARABIC: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def _arabic_vectors(lexicon) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The lexicon's Arabic-script terms' vectors, their norms and their rows, computed once per lexicon."""
    found = _ARABIC.get(lexicon)
    if found is None:
        rows = np.array([i for i, t in enumerate(lexicon.terms) if arabic.has_arabic(t)], dtype=np.int64)
        vectors = np.ascontiguousarray(np.asarray(lexicon.vectors, dtype=np.float32)[rows])
        found = _ARABIC[lexicon] = (vectors, np.maximum(np.linalg.norm(vectors, axis=1), 1e-12), rows)
    return found
