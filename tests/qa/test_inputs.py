"""A refused question, query or option says why in English and in Arabic, from the same fields."""

from __future__ import annotations

import pytest

from index.common import OptionError
from qa.inputs import MAX_K, MAX_QUERY_CHARS, InputError, check_k, check_mode, check_query
from qa.wording import REFUSALS, Language, Refusal


def _refused(check, *args) -> InputError:
    with pytest.raises(InputError) as caught:
        check(*args)
    assert isinstance(caught.value, OptionError)  # the HTTP API and the CLI catch it as before
    return caught.value


def test_every_refusal_in_every_language():
    assert set(REFUSALS) == set(Language)
    assert all(set(words) == set(Refusal) for words in REFUSALS.values())


def test_refusals_in_english_and_arabic():
    cases = [
        (_refused(check_query, "  ", "question"), "the question is empty", "السؤال فارغ"),
        (
            _refused(check_query, "س" * 2001, "query"),
            f"the query has 2,001 characters; the limit is {MAX_QUERY_CHARS:,}",
            "عدد أحرف نص البحث ٢٬٠٠١ والحد الأقصى ٢٬٠٠٠",
        ),
        (_refused(check_k, 0), f"k must be an integer from 1 to {MAX_K}, got 0", "يجب أن يكون k عدداً صحيحاً من ١ إلى ٥٠، والقيمة المرسلة 0"),
        (
            _refused(check_mode, "fancy"),
            "unknown mode 'fancy'. Use one of the supported values: ['hybrid', 'bm25', 'dense', 'rrf']",
            "طريقة البحث 'fancy' غير معروفة. استخدم إحدى القيم المتاحة: ['hybrid', 'bm25', 'dense', 'rrf']",
        ),
    ]
    for error, english, arabic in cases:
        assert str(error) == english == error.in_language(Language.ENGLISH)
        assert error.in_language(Language.ARABIC) == arabic


def test_a_refusal_survives_a_copy_and_a_pickle():
    """The chat keeps a refusal in its session state, which Gradio may copy."""
    import copy
    import pickle

    error = _refused(check_query, "س" * 2001, "question")
    for again in (copy.deepcopy(error), pickle.loads(pickle.dumps(error))):
        assert (type(again), str(again)) == (InputError, str(error))
        assert again.in_language(Language.ARABIC) == error.in_language(Language.ARABIC)
