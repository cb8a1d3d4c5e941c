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
        # Proclitics: "and Japan", "in Iraq", "to the Sudan".
        ("وماذا عن واليابان وبالعراق وللسودان؟", ["اليابان", "العراق", "السودان"]),
        # The names UN documents use, longest first.
        ("What did the Democratic Republic of the Congo report?", ["Democratic Republic of the Congo"]),
        ("ما عدد الضحايا في الجمهورية العربية السورية؟", ["الجمهورية العربية السورية"]),
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
        "نما عدد الضحايا",  # "grew", not Panama with its first letter dropped
        "ما دور دول المغرب العربي؟",  # the Maghreb
        "Did Chad and Jordan co-author the paper?",  # people, as often as countries
    ],
)
def test_no_false_constraints(question):
    assert labels(question) == []


def test_a_country_is_met_in_any_language_and_form():
    (japan,) = constraints("When did Japan ratify the protocol?")
    assert not unmet([japan], ["صدقت فيجي وملديف واليابان على البروتوكول"])
    assert [c.label for c in unmet([japan], ["صدقت فيجي على البروتوكول"])] == ["Japan"]


def test_a_name_is_met_only_by_its_words_in_sequence():
    (states,) = constraints("How many in the United States?")
    assert unmet([states], ["الأمم المتحدة والدول الأعضاء المتحدة"]) == [states]
    assert not unmet([states], ["في الولايات المتحدة الأمريكية"])


def test_a_short_name_is_met_by_the_official_one():
    (syria,) = constraints("What did Syria report?")
    assert not unmet([syria], ["أبلغت الجمهورية العربية السورية عن"])


def test_a_year_is_met_in_arabic_indic_digits():
    (year,) = constraints("What happened in 2017?")
    assert not unmet([year], ["في عام ٢٠١٧ اعتمد المجلس قراره"])
    assert unmet([year], ["في عام ٢٠١٨ اعتمد المجلس قراره"]) == [year]


def test_no_constraints_nothing_unmet():
    assert unmet([], ["anything"]) == []


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("ما العقوبة التي ينص عليها القانون المصري على جريمة الاتجار بالبشر؟", ["مصر"]),
        ("What penalty does Egyptian law set for trafficking?", ["Egypt"]),
        ("ما الذي فعلته الحكومة السودانية؟", ["السودان"]),
        ("How many Nigerian victims were identified?", ["Nigeria"]),
        ("متى صدقت الحكومة الجزائرية؟", ["الجزائر"]),
    ],
)
def test_a_country_is_named_by_its_adjective(question, expected):
    assert labels(question) == expected


@pytest.mark.parametrize(
    "question",
    [
        "ما الدعم المالي المقدم؟",  # financial, not Malian
        "ما البرامج القطرية للمكتب؟",  # country programmes, not Qatari ones
        "ما دور الاتحاد الأفريقي؟",  # a region's adjective names no country
        "What did the Indian Ocean commission do?",
    ],
)
def test_adjectives_that_are_ordinary_words_are_no_constraint(question):
    assert labels(question) == []


def test_an_adjective_and_a_name_meet_each_other():
    (egypt,) = constraints("What penalty does Egyptian law set?")
    assert not unmet([egypt], ["وأفادت السلطات المصرية بأن"]) and not unmet([egypt], ["وردت مصر على الطلب"])
    assert unmet([egypt], ["وردت فيجي على الطلب"]) == [egypt]


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("Which city hosted the second ICAT meeting of heads of agencies?", ["second"]),
        ("متى عُقد الاجتماع الرابع لمجلس الأمن؟", ["الرابع"]),
        ("ما المرحلة الثانية من البرنامج؟", ["الثانيه"]),
        ("When was the first meeting held?", []),  # "first" is said in too many ways
        ("ما الذي حدث في تشرين الثاني/نوفمبر؟", []),  # a month, not an ordinal
        ("What is the second goal?", []),  # a goal is not an event held again
    ],
)
def test_the_ordinal_of_an_event_is_a_constraint(question, expected):
    assert labels(question) == expected


def test_an_ordinal_is_not_met_by_a_month():
    (second,) = constraints("Which city hosted the second meeting?")
    assert unmet([second], ["عُقد في ٢١ تشرين الثاني/نوفمبر ٢٠١٧"]) == [second]
    assert not unmet([second], ["عُقد الاجتماع الثاني في فيينا"])
