"""A "how many" question is answered only by a figure that counts its noun (qa.noun_check,
AnswerConfig.count_noun_rank). Real model, real index, the bundled report."""

import dataclasses

import pytest

from qa import noun_check


@pytest.mark.parametrize(
    ("question", "phrase"),
    [
        ("How many countries got UNODC capacity-building help?", "٧٩ بلداً"),
        ("How many police officers did INTERPOL train in 2018?", "٣٤٢ ضابطاً"),
        ("And how many practitioners were trained?", "٧ ٠٠٠ من الممارسين"),
        ("كم عدد الضباط الذين دربهم الإنتربول؟", "٣٤٢ ضابطاً"),
        ("كم غاية من أهداف التنمية تتناول الاتجار؟", "ثلاثة من الأهداف"),  # the figure's noun is the question's word
        ("When did Japan ratify?", "١١ تموز/يوليه ٢٠١٧"),  # no counted noun: nothing to check
    ],
)
def test_a_figure_that_counts_the_asked_noun_passes(real_assistant, question, phrase):
    assert noun_check.counts_asked(question, [phrase], ["…"], real_assistant.store, 300)


@pytest.mark.parametrize(
    ("question", "phrase"),
    [
        ("How many shelters did IOM run in 2018?", "٧ ٤٠٠ من ضحايا"),
        ("How many judges did UNODC train?", "ستة بلدان"),
        ("كم عدد موظفي وحدة الإنتربول؟", "١٩٠ دولة"),
        ("كم عدد الملاجئ التي تديرها المنظمة؟", "٤٦٢ من الضحايا"),  # a noun the report never uses
    ],
)
def test_a_figure_of_another_noun_does_not(real_assistant, question, phrase):
    assert not noun_check.counts_asked(question, [phrase], ["…"], real_assistant.store, 300)


def test_the_asked_noun_in_the_quote_is_enough(real_assistant):
    assert noun_check.counts_asked("How many shelters did IOM run?", ["٤٦٢ من الضحايا"], ["shelters for victims"], real_assistant.store, 300)


def test_a_quoted_word_near_the_asked_noun_is_enough(real_assistant):
    """The second sign: the sentence names the asked thing by another word than the figure's last one."""
    quote = "وفي عام ٢٠١٨، دُرِّبَ ما مجموعه ٣٤٢ ضابطاً في بلدان وسط آسيا."
    assert noun_check.counts_asked("How many officers were trained?", ["١٢٠ بلداً"], [quote], real_assistant.store, 300)


def test_a_count_of_a_staple_noun_is_not_let_through_by_another_quoted_word(real_assistant):
    """The figure counts countries, one of the report's most frequent nouns, far from "officers": a quoted
    word near "officers" lets it through by the rank alone, not with the staple-noun check (hub)."""
    quote = "وفي عام ٢٠١٨، دُرِّبَ ما مجموعه ٣٤٢ ضابطاً في بلدان وسط آسيا."
    store = real_assistant.store
    assert noun_check.counts_asked("How many officers were trained?", ["١٢٠ بلداً"], [quote], store, 300, hub=0.0)
    assert not noun_check.counts_asked("How many officers were trained?", ["١٢٠ بلداً"], [quote], store, 300, hub=0.05)
    # a staple noun near the asked one still counts it
    assert noun_check.counts_asked("How many countries were trained?", ["١٢٠ بلداً"], [quote], store, 300, hub=0.05)


@pytest.mark.parametrize(
    ("question", "figure"),
    [("How many judges did UNODC train on trafficking cases?", "ستة بلدان"),  # the probe's p37
     ("كم عدد موظفي وحدة الإنتربول المعنية بالاتجار بالأشخاص؟", "١٩٠ دولة")],  # p25
)
def test_a_count_of_countries_does_not_answer_how_many_of_something_else(real_assistant, question, figure):
    """Answered with a count of countries without the staple-noun check; turned away with it (the default)."""
    assert _compose(real_assistant, question).abstained
    before = _compose(real_assistant, question, count_noun_hub=0.0)
    assert not before.abstained and figure in before.short


def test_a_figure_of_a_noun_the_question_names_passes(real_assistant):
    """The figure's noun among the question's words counts as asked ("كم غاية من أهداف …"): so a question
    that names victims beside what it counts is not turned away by a count of victims (a known gap)."""
    assert noun_check.counts_asked("كم عدد الملاجئ المخصصة للضحايا؟", ["٤٦٢ من الضحايا"], ["…"], real_assistant.store, 300)


def test_a_figure_that_names_nothing_it_counts_passes(real_assistant):
    assert noun_check.counts_asked("How many judges did UNODC train?", ["العشرة"], ["…"], real_assistant.store, 300)


@pytest.mark.parametrize(
    "question",
    ["كم عدد الملاجئ المخصصة لضحايا الاتجار التي تديرها المنظمة الدولية للهجرة؟", "كم عدد المحاكمات المتعلقة بالاتجار بالأشخاص في عام ٢٠١٨؟"],
)
def test_a_count_of_something_the_report_never_names_is_turned_away(real_assistant, question):
    """Both are answered without the check (``count_noun_rank`` 0), with a count of victims and of countries."""
    assert _compose(real_assistant, question, count_noun_rank=300).abstained
    before = _compose(real_assistant, question, count_noun_rank=0)
    assert not before.abstained and before.short


@pytest.mark.parametrize(
    ("question", "gold"),
    [("How many victims did IOM assist directly in 2018?", "٧ ٤٠٠"), ("كم عدد الضباط الذين دربهم الإنتربول في عام ٢٠١٨؟", "٣٤٢")],
)
def test_a_count_the_report_gives_is_still_answered(real_assistant, question, gold):
    answer = _compose(real_assistant, question, count_noun_rank=300)
    assert not answer.abstained and gold in answer.text


def _compose(assistant, question: str, **changes):
    """The answer under the assistant's configuration with ``changes``, retrieved as ``ask`` does."""
    from qa.answer import compose

    store, retriever = assistant._state
    vector = retriever.query_vector(question)
    hits, scores = retriever.search_with_scores(question, 5, "hybrid", query_vector=vector)
    if scores.sentence_rows is None:
        scores = dataclasses.replace(scores, sentence_rows=store.sentences.row_scores(vector))
    return compose(question, hits, store, scores, dataclasses.replace(assistant.answer_config, **changes))


@pytest.mark.parametrize("word", ["officers", "الخطوط"])
def test_the_ranks_are_those_of_a_plain_sort_of_every_term(real_assistant, word):
    """The fast path (one numpy sort, ranks looked up for the terms asked) against sorting every Arabic term."""
    import numpy as np

    from index import arabic
    from qa import counted

    store = real_assistant.store
    lexicon = store.lexicon
    asked = counted.question_vector(word, store)
    vectors = np.asarray(lexicon.vectors, dtype=np.float32)
    cosines = (vectors @ asked) / np.maximum(np.linalg.norm(vectors, axis=1), 1e-12)
    rows = sorted((i for i, t in enumerate(lexicon.terms) if arabic.has_arabic(t)), key=lambda i: -cosines[i])
    expected = {lexicon.terms[i]: rank for rank, i in enumerate(rows)}
    asked_terms = list(expected)[::5] + ["not-a-term", "officers"]  # absent and Latin-script terms are left out
    assert noun_check._ranks(asked, store, asked_terms) == {t: expected[t] for t in asked_terms if t in expected}


def test_a_count_in_the_reports_other_word_for_the_asked_noun_passes(real_assistant):
    # "States" has دول nearest but بلدان 586th; بلدان is 204th from دول, the report's word for "States".
    store = real_assistant.store
    args = ("How many States have laws that criminalize only some aspects of trafficking?", ["تسعة بلدان"], ["…"], store, 300, 0.05)
    assert not noun_check.counts_asked(*args)
    assert noun_check.counts_asked(*args, synonyms=True)


def test_the_reports_other_word_does_not_let_a_staple_noun_answer_something_else(real_assistant):
    store = real_assistant.store
    for question, phrase in [("How many judges did UNODC train?", "ستة بلدان"), ("How many shelters did IOM run in 2018?", "٧ ٤٠٠ من ضحايا")]:
        assert not noun_check.counts_asked(question, [phrase], ["…"], store, 300, 0.05, synonyms=True)
