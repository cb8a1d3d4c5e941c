"""Years and countries a question names, and whether quoted paragraphs mention them."""

import pytest

from qa.constraints import constraints, unmet


def labels(question):
    return [c.label for c in constraints(question)]


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("How many victims were identified in Libya in 2018?", ["2018", "Libya"]),
        ("كم عدد الضحايا في مصر عام ٢٠٢٠؟", ["2020", "مصر"]),
        ("متى صدّقت المملكة العربية السعودية على البروتوكول؟", ["المملكة العربية السعودية"]),
        ("How much did the United Kingdom give?", ["United Kingdom"]),
        ("Combien de victimes au Maroc ?", ["Maroc"]),
        ("¿Cuántas víctimas en México en 2017?", ["2017", "México"]),
        # Proclitics: "and Japan", "in Iraq", "to Morocco".
        ("وماذا عن واليابان وبالعراق وللمغرب؟", ["اليابان", "العراق", "المغرب"]),
    ],
)
def test_names_years_and_countries(question, expected):
    assert labels(question) == expected


@pytest.mark.parametrize(
    "question",
    [
        "ما الدعم المالي المقدم في أيار/مايو؟",  # "the financial" is not Mali, "May" is not Mayotte
        "What did the European Union fund?",  # a union, not a country
        "How many victims were identified in 95 countries?",  # a count, not a year
        "ما عدد الضحايا؟",
    ],
)
def test_no_false_constraints(question):
    assert labels(question) == []


def test_a_country_is_met_in_any_language_and_form():
    (japan,) = constraints("When did Japan ratify the protocol?")
    assert not unmet([japan], ["صدقت فيجي وملديف واليابان على البروتوكول"])
    assert [c.label for c in unmet([japan], ["صدقت فيجي على البروتوكول"])] == ["Japan"]


def test_a_year_is_met_in_arabic_indic_digits():
    (year,) = constraints("What happened in 2017?")
    assert not unmet([year], ["في عام ٢٠١٧ اعتمد المجلس قراره"])
    assert unmet([year], ["في عام ٢٠١٨ اعتمد المجلس قراره"]) == [year]


def test_no_constraints_nothing_unmet():
    assert unmet([], ["anything"]) == []
