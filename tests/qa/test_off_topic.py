"""Off-topic questions are turned away by comparing them with generic text (qa.off_topic); answerable ones are not.

Real model over the bundled report: the English questions below come as close to some Arabic
sentence of the report as answerable English questions do, so only the comparison with the
background sentences tells them apart.
"""

import dataclasses
from types import SimpleNamespace

import numpy as np
import pytest

from qa import Assistant, off_topic
from qa.answer import AnswerConfig


@pytest.fixture(scope="module")
def without_check(real_assistant):
    """The same model and index, the off-topic check off."""
    config = dataclasses.replace(real_assistant.answer_config, off_topic_margin=None)
    return Assistant(real_assistant.store, real_assistant.encoder, answer=config)


@pytest.mark.slow
@pytest.mark.parametrize("question", ["How do I bake bread?", "What is the weather like in Geneva today?", "How do I install Python on Windows?"])
def test_an_off_topic_question_is_turned_away(real_assistant, without_check, question):
    answer = real_assistant.ask(question)
    assert answer.abstained and not answer.citations
    # The check alone turns it away: without it the report's closest sentence is quoted.
    assert not without_check.ask(question).abstained


@pytest.mark.slow
@pytest.mark.parametrize(
    ("question", "number"),
    [
        ("When did the Japanese government ratify the trafficking protocol?", 3),
        ("How many countries does the 2018 Global Report on Trafficking in Persons cover?", 114),
        ("متى صدقت اليابان على البروتوكول؟", 3),
    ],
)
def test_an_answerable_question_comes_closer_to_the_report(real_assistant, question, number):
    answer = real_assistant.ask(question)
    assert not answer.abstained and answer.citations[0].number == number


@pytest.mark.slow
def test_the_background_is_embedded_once_per_encoder(real_assistant):
    first = off_topic.vectors(real_assistant.encoder, "ar")
    assert first is off_topic.vectors(real_assistant.encoder, "ar")
    assert first.shape == (len(off_topic.BACKGROUND["ar"]), real_assistant.encoder.dimension)
    assert np.allclose(np.linalg.norm(first, axis=1), 1.0, atol=1e-5)


def test_a_language_without_background_is_never_judged(hashing_encoder, report_passages):
    english = [dataclasses.replace(p, doc=dataclasses.replace(p.doc, language="en")) for p in report_passages[:1]]
    hit = SimpleNamespace(passage=english[0])
    assert off_topic.vectors(hashing_encoder, "en") is None
    assert off_topic.cosine(hashing_encoder, np.ones(hashing_encoder.dimension), [hit]) is None
    assert off_topic.cosine(hashing_encoder, np.ones(hashing_encoder.dimension), []) is None


def test_the_cosine_is_the_best_background_sentence(hashing_encoder, report_passages):
    hit = SimpleNamespace(passage=report_passages[0])
    sentence = off_topic.BACKGROUND["ar"][2]
    vector = hashing_encoder.encode_queries([sentence])[0]
    # The hashing encoder embeds a query as it embeds a passage: the sentence itself is the best, at 1.
    assert off_topic.cosine(hashing_encoder, vector, [hit]) == pytest.approx(1.0, abs=1e-6)


def test_the_margin_is_a_setting():
    assert AnswerConfig().off_topic_margin == -0.03
    assert dataclasses.replace(AnswerConfig(), off_topic_margin=None).off_topic_margin is None
