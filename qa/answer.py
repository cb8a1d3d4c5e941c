"""Extractive answers: the report's own sentences, each with its citation.

From the top hits we split paragraphs into sentences, score each sentence
against the question (encoder cosine, shared search tokens, and whether it
holds what the question asks for: a number for "how many", a date for
"when"), and keep the best one to three. When even the best evidence is weak
we abstain and say so, still listing the closest paragraphs. We also abstain
when the question names a year or a country that none of the paragraphs we
would quote mentions (``qa.constraints``): an on-topic question about a figure
the report does not give scores like an answerable one, but it names something
the evidence lacks.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from index import arabic
from qa import constraints as question_constraints
from qa.results import Answer, Citation, Hit, citation_label

if TYPE_CHECKING:
    from index.store import Store
    from qa.retriever import Scores

_DIGIT = re.compile(r"[0-9٠-٩]")
_YEAR_OR_DATE = re.compile(r"(?:19|20)[0-9]{2}|[١٢][٩٠][٠-٩]{2}|يناير|فبراير|مارس|أبريل|مايو|يونيه|يوليه|أغسطس|سبتمبر|أكتوبر|نوفمبر|ديسمبر")
_HOW_MANY = re.compile(r"\b(how many|how much|what share|what percentage|number of|percent)\b|كم|عدد|نسبة|النسبة", re.IGNORECASE)
_WHEN = re.compile(r"\b(when|what year|which year|what date)\b|متى|في أي عام|في أي سنة|تاريخ", re.IGNORECASE)
# UN documents answer "which resolution" with a symbol: 72/195, or "resolution 2388 (2017)".
_WHICH_RESOLUTION = re.compile(r"\b(which|what)\b[\w\s]{0,40}\bresolution|(أي|ما|بأي)\s+(ال)?قرار", re.IGNORECASE)
_RESOLUTION = re.compile(r"[0-9٠-٩]+/[0-9٠-٩]+|قرار\S*\s+[0-9٠-٩]{3,}")


@dataclass(frozen=True)
class AnswerConfig:
    max_sentences: int = 3
    hits_considered: int = 3
    # Below this best-sentence score the report is taken not to answer. Calibrated on
    # eval/data/report_qa.jsonl: answerable Arabic questions score 0.87 at their 10th percentile,
    # English ones over the Arabic text 0.79 (cross-lingual cosines run lower), so the cut
    # depends on the question's script. On-topic unanswerable questions (a figure the report
    # does not give) score like answerable ones; these cuts catch off-topic questions.
    abstain_below: float = 0.82
    abstain_below_cross_lingual: float = 0.78
    # A second or third sentence must score this close to the best one.
    keep_within: float = 0.04
    # Abstain when a year or country the question names is absent from the quoted paragraphs.
    check_constraints: bool = True


@dataclass(frozen=True)
class Sentence:
    hit: Hit
    start: int
    end: int

    @property
    def text(self) -> str:
        return self.hit.passage.text[self.start : self.end]


def _item_of(hit: Hit, start: int) -> tuple[str, ...]:
    """The innermost sub-item of the passage that contains offset ``start``."""
    best: tuple[str, ...] = ()
    for item in hit.passage.items:
        if item.start <= start < item.end and len(item.label) >= len(best):
            best = item.label
    return best


def _share(tokens: set[str], wanted: set[str]) -> float:
    return len(tokens & wanted) / len(wanted) if wanted else 0.0


def _type_bonus(question: str, sentence: str) -> float:
    bonus = 0.0
    if _HOW_MANY.search(question) and _DIGIT.search(sentence):
        bonus += 0.02
    if _WHEN.search(question) and _YEAR_OR_DATE.search(sentence):
        bonus += 0.02
    if _WHICH_RESOLUTION.search(question) and _RESOLUTION.search(sentence):
        bonus += 0.02
    return bonus


def _candidates(hits: list[Hit], store: Store, sentence_rows: np.ndarray, config: AnswerConfig) -> list[tuple[Sentence, float]]:
    """The sentences of the top hits with their cosine to the question (best of a sentence's windows)."""
    wanted = {store.by_id[h.passage.id]: h for h in hits[: config.hits_considered]}
    owner, spans = store.sentences.owner, store.sentence_spans
    best: dict[tuple[int, int, int], float] = {}
    for row in np.flatnonzero(np.isin(owner, list(wanted))):
        key = (int(owner[row]), int(spans[row, 0]), int(spans[row, 1]))
        best[key] = max(best.get(key, -np.inf), float(sentence_rows[row]))
    return [(Sentence(wanted[p], a, b), cosine) for (p, a, b), cosine in best.items()]


def compose(
    question: str,
    hits: list[Hit],
    store: Store,
    scores: Scores,
    config: AnswerConfig = AnswerConfig(),
    retrieval_query: str | None = None,
) -> Answer:
    """Pick the answer sentences from ``hits`` and cite them.

    ``scores`` are the retrieval query's (``Retriever.score``); ``scores.sentence_rows``
    must be set. Their ``bridge_terms`` count as the question's own search tokens (a
    question in another language shares no words with the sentences; its bridged terms do).
    """
    assert scores.sentence_rows is not None, "compose needs every sentence's cosine (Scores.sentence_rows)"
    retrieval_query = retrieval_query or question
    candidates = _candidates(hits, store, scores.sentence_rows, config)
    if not candidates:
        return _abstain(question, hits, 0.0)
    query_tokens = set(arabic.tokenize(retrieval_query)) | set(scores.bridge_terms)
    # A follow-up's own words say which sentence it is after ("وماذا عن اليابان؟" → the Japan one).
    own_tokens = set(arabic.tokenize(question)) if retrieval_query != question else set()
    scores = []
    for candidate, similarity in candidates:
        tokens = set(arabic.tokenize(candidate.text))
        overlap = _share(tokens, query_tokens) + 2 * _share(tokens, own_tokens)
        # Sentences of better-ranked paragraphs win ties: the paragraph context backs them.
        rank_prior = 0.01 * (config.hits_considered - candidate.hit.rank) / config.hits_considered
        scores.append(similarity + 0.05 * overlap + _type_bonus(question, candidate.text) + rank_prior)
    order = np.argsort(-np.asarray(scores), kind="stable")
    best = scores[order[0]]
    threshold = config.abstain_below if arabic.has_arabic(question) else config.abstain_below_cross_lingual
    if best < threshold:
        return _abstain(question, hits, best)
    if config.check_constraints:
        missing = question_constraints.unmet(
            question_constraints.constraints(question), [h.passage.text for h in hits[: config.hits_considered]]
        )
        if missing:
            return _abstain(question, hits, best, missing=[c.label for c in missing])
    chosen = [candidates[i][0] for i in order[: config.max_sentences] if scores[i] >= best - config.keep_within]
    chosen.sort(key=lambda c: (c.hit.rank, c.start))  # read in report order within each paragraph
    citations, parts = [], []
    for sentence in chosen:
        passage = sentence.hit.passage
        item = _item_of(sentence.hit, sentence.start)
        citation = Citation(passage.id, passage.number, sentence.text, sentence.start, sentence.end, item)
        citations.append(citation)
        parts.append(f"{sentence.text} ({citation_label(passage.number, item)})")
    return Answer(question, " ".join(parts), tuple(citations), tuple(hits), abstained=False, confidence=best)


NO_ANSWER = "لا يبدو أن التقرير يجيب عن هذا السؤال."
CLOSEST = "أقرب الفقرات إليه:"


def _abstain(question: str, hits: list[Hit], confidence: float, missing: Sequence[str] = ()) -> Answer:
    text = NO_ANSWER
    if missing:
        text += " لا تذكر الفقرات الأقرب إليه: " + "، ".join(f"«{m}»" for m in missing) + "."
    closest = "، ".join(citation_label(h.passage.number) for h in hits[:3])
    if closest:
        text += f" {CLOSEST} {closest}."
    return Answer(question, text, (), tuple(hits), abstained=True, confidence=confidence)
