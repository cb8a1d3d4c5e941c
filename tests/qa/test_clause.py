"""The clauses of a long sentence around its answering phrase (qa.clause)."""

import pytest

from qa.clause import around, clauses

SENTENCE = (
    "وقدم المكتب، بوصفه القيِّم على بروتوكول مكافحة الاتِّجار بالأشخاص، مساهمات كبيرة في إعداد وتنظيم المؤتمر الحكومي الدولي، "
    "الذي عُقد في مراكش، المغرب، يومي ١٠ و١١ كانون الأول/ديسمبر ٢٠١٨، والذي تناول أساليب التصدي للتحديات."
)


def test_clauses_cover_the_text_in_order():
    parts = clauses(SENTENCE)
    assert "".join(SENTENCE[a:b] for a, b in parts) == SENTENCE
    assert all(b1 == a2 for (_, b1), (a2, _) in zip(parts, parts[1:]))


@pytest.mark.parametrize("budget", [20, 60, 100, 150])
def test_the_window_holds_the_phrase_within_the_budget_or_the_phrase_clauses_alone(budget):
    start = SENTENCE.index("مراكش")
    window = around(SENTENCE, start, start + len("مراكش"), budget)
    assert window.start <= start and start + len("مراكش") <= window.end
    own = [(a, b) for a, b in clauses(SENTENCE) if a <= start < b][0]
    assert window.end - window.start <= max(budget, own[1] - own[0])
    assert window.cut_before or window.cut_after  # the sentence is longer than every budget: something is left out


def test_a_phrase_across_clauses_is_never_cut():
    text = "صدقت على البروتوكول ثلاث دول، هي: فيجي، وملديف، واليابان، كما صدقت دولة فلسطين عليه في ذلك العام."
    start, end = text.index("فيجي"), text.index("واليابان") + len("واليابان")
    window = around(text, start, end, 10)
    assert window.start <= start and end <= window.end


def test_a_short_sentence_is_whole():
    assert around("صدقت اليابان في ١١ تموز/يوليه ٢٠١٧.", 16, 34, 220) == (0, 35, False, False)


@pytest.mark.parametrize("number", ["٦,٧ ملايين دولار", "1,500 officers", "الساعة 10:30 صباحاً", "٤:٥١"])
def test_a_number_is_never_cut_at_its_own_comma_or_colon(number):
    """A decimal or thousands comma and a time's colon lie between digits: cut there, a quote of
    ¶123's «مبلغ ٦,٧ ملايين دولار» would read «… ٧ ملايين دولار» (7 million)."""
    text = f"وقدمت ٣٠ دولة، في عام ٢٠١٨، مساهمات بلغت {number}، وفقاً للتقرير."
    first, last = text.index(number), text.index(number) + len(number)
    assert not [b for _, b in clauses(text) if first < b < last]
    start = text.index("٣٠ دولة")
    window = around(text, start, start + len("٣٠ دولة"), budget=20)
    assert not first < window.end < last
