"""The cross-lingual BM25 bridge and the constraint abstention, with the real model over the report."""

import numpy as np
import pytest

from qa import fusion
from qa.retriever import FusionConfig, Retriever

pytestmark = pytest.mark.slow

ENGLISH = "Which Security Council resolution dealt with trafficking in persons in conflict when the Council took up the issue in November 2017?"
ARABIC = "متى صدقت اليابان على بروتوكول الاتجار بالأشخاص؟"


def _top(scores, store):
    return store.passages[int(np.argmax(scores.final))].number


def test_english_words_the_report_lacks_are_bridged(real_assistant):
    retriever, store = real_assistant.retriever, real_assistant.store
    assert {"dealt", "conflict"} <= set(retriever.unknown_words(ENGLISH))
    scores = retriever.score(ENGLISH, "hybrid")
    assert scores.bridge.max() > 0
    # Paragraphs 38, 64 and 119 each name resolution 2388 (2017); 38 and 119 tell of the November meeting.
    # Paragraph 42 quotes an English title ("Evidential Issues in Trafficking in Persons Cases"): its
    # Latin words are foreign to the Arabic report and no longer match the question's (arabic.foreign_to).
    assert _top(scores, store) in (38, 64, 119)
    assert all("٢٣٨٨" in store.passages[i].text for i in np.argsort(-scores.final)[:2])
    assert not {"traffick", "person"} & set(scores.bridge_terms)  # bridged to Arabic terms, never to the title's
    plain = Retriever(store, real_assistant.encoder, FusionConfig(bridge_weight=0.0)).score(ENGLISH, "hybrid")
    assert plain.bridge is None and plain.bridge_terms == ()
    # The summary's shift below the numbered paragraphs depends on the score range (FusionConfig.front_matter_last).
    numbered = np.array([p.number is not None for p in store.passages])
    np.testing.assert_allclose(
        (scores.final - plain.final)[numbered],
        (0.25 * (1 - _evidence(retriever, ENGLISH)) * fusion.max_normalize(scores.bridge))[numbered],
    )


def _evidence(retriever, query):
    from index import arabic

    return fusion.lexical_evidence(arabic.tokenize(query, retriever.store.stemming), retriever.term_idf, retriever.whole.unknown_idf)


def test_a_question_in_the_reports_own_words_skips_the_bridge(real_assistant):
    assert real_assistant.retriever.score(ARABIC, "hybrid").bridge is None


def test_bridged_words_are_embedded_once(real_assistant):
    retriever = Retriever(real_assistant.store, _CountingEncoder(real_assistant.encoder))
    retriever.score(ENGLISH, "hybrid")
    first = retriever.encoder.texts
    retriever.score(ENGLISH, "hybrid")
    assert retriever.encoder.texts == first + 1  # the second time, only the question itself


class _CountingEncoder:
    def __init__(self, encoder):
        self.encoder, self.texts = encoder, 0

    def encode_queries(self, texts):
        self.texts += len(texts)
        return self.encoder.encode_queries(texts)


@pytest.mark.parametrize(
    ("question", "missing"),
    [
        ("How many victims of trafficking were identified in Libya in 2018?", "Libya"),
        ("كم عدد ضحايا الاتجار بالأشخاص في مصر خلال عام ٢٠١٨؟", "مصر"),
        ("ما موضوع اليوم العالمي لمكافحة الاتجار بالأشخاص لعام ٢٠٢٠؟", "2020"),
    ],
)
def test_abstains_when_the_closest_paragraphs_lack_a_named_country_or_year(real_assistant, question, missing):
    answer = real_assistant.ask(question)
    assert answer.abstained and not answer.citations
    assert f"«{missing}»" in answer.text
    assert len(answer.hits) >= 3  # the closest paragraphs are still listed


def test_a_named_year_the_report_gives_is_answered(real_assistant):
    answer = real_assistant.ask("ما الشعار الذي اختير لإحياء اليوم العالمي في 2016؟")
    assert not answer.abstained and answer.citations
