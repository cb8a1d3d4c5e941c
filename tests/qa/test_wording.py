"""An abstention says the same thing in Arabic and English, from the same fields, worded in one place."""

import pytest

from index.common import OptionError
from qa.wording import WORDS, Language, names, not_answered, not_answered_reason


def test_every_message_in_every_language():
    assert set(WORDS) == set(Language)
    assert all("{names}" in words.not_mentioned for words in WORDS.values())


def test_abstention_in_both_languages():
    assert not_answered("en", [4, None], ["Libya", "2018"]) == (
        "The report does not seem to answer this question. The closest paragraphs do not mention «Libya», «2018». "
        "Closest paragraphs: 4, summary."
    )
    assert not_answered(Language.ARABIC, [], ["ليبيا"]) == "لا يبدو أن التقرير يجيب عن هذا السؤال. لا تذكر الفقرات الأقرب إليه: «ليبيا»."
    assert not_answered_reason("ar", ["ليبيا"]) == not_answered("ar", [], ["ليبيا"])
    assert names(["a", "b"], "ar") == "«a»، «b»"


def test_unknown_language_lists_the_valid_ones():
    with pytest.raises(OptionError, match=r"\['ar', 'en'\]"):
        not_answered("fr")
