"""A "when" question is answered by a date that names its day or month over a bare year in a near tie.

Real model over the bundled report (``AnswerConfig.precise_date_within``).
"""

import dataclasses

import pytest

from qa import Assistant, short

pytestmark = pytest.mark.slow

QUESTION = "When is the World Day against Trafficking in Persons?"


def test_the_day_not_the_year_of_a_theme(real_assistant):
    answer = real_assistant.ask(QUESTION)
    assert not answer.abstained and answer.short == "30 July"
    assert answer.citations[0].number == 125


def test_without_the_rule_a_bare_year_a_hair_better_scored_is_quoted(real_assistant):
    config = dataclasses.replace(real_assistant.answer_config, precise_date_within=0.0)
    answer = Assistant(real_assistant.store, real_assistant.encoder, answer=config).ask(QUESTION)
    assert answer.short == "2017" and answer.citations[0].number == 127


def test_a_year_question_keeps_its_year(real_assistant):
    # "In which year": a day and a month do not answer (qa.short), whatever this rule prefers.
    answer = real_assistant.ask("In which year did the General Assembly designate the World Day against Trafficking in Persons?")
    assert not answer.abstained and answer.short.isdigit()


@pytest.mark.parametrize(("phrase", "named"), [("٣٠ تموز/يوليه", True), ("١١ تموز/يوليه ٢٠١٧", True), ("عام ٢٠١٧", False), ("٢٠١٨", False)])
def test_names_month(phrase, named):
    assert short.names_month(phrase) is named
