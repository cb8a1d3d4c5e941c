"""An abstention says the same thing in Arabic and English, from the same fields."""

import pytest

from index.common import OptionError
from qa.messages import CLOSEST, NO_ANSWER, NOT_MENTIONED, Language, abstention, names


def test_every_message_in_every_language():
    for table in (NO_ANSWER, NOT_MENTIONED, CLOSEST):
        assert set(table) == set(Language)


def test_abstention_in_both_languages():
    assert abstention(["Libya", "2018"], ["الفقرة ٤"], "en") == (
        "The report does not seem to answer this question. The closest paragraphs do not mention «Libya», «2018». "
        "Closest paragraphs: الفقرة ٤."
    )
    assert abstention(["ليبيا"], [], Language.AR) == "لا يبدو أن التقرير يجيب عن هذا السؤال. لا تذكر الفقرات الأقرب إليه: «ليبيا»."
    assert names(["a", "b"], "ar") == "«a»، «b»"


def test_unknown_language_lists_the_valid_ones():
    with pytest.raises(OptionError, match=r"\['ar', 'en'\]"):
        abstention([], [], "fr")
