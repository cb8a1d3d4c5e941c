import pytest

from index.arabic import Stemming, has_arabic, normalize, tokenize
from index.common import OptionError


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("الاتِّجار", "الاتجار"),  # shadda and kasra
        ("بالأشــــخاص", "بالاشخاص"),  # hamza alef and tatweel
        ("إدانات آمنة ٱلحق", "ادانات امنه الحق"),
        ("مستشفى", "مستشفي"),
        ("المرأة", "المراه"),
        ("١٢٣ ۴۵", "123 45"),
        ("UNODC Report", "unodc report"),
    ],
)
def test_normalize_folds_variants(raw, expected):
    assert normalize(raw) == expected


def test_tokenize_drops_stop_words_and_splits_punctuation():
    assert tokenize("ما هو عدد الضحايا؟", stemming="none") == ["عدد", "الضحايا"]
    assert tokenize("(UNODC), report.", stemming="none") == ["unodc", "report"]


def test_resolution_numbers_and_decimals_stay_whole():
    assert tokenize("القرار ٧٢/١٩٥ و ٦,٧ في المائة", stemming="none") == ["القرار", "72/195", "6,7", "المايه"]


def test_mixed_text_stems_each_script_with_its_own_stemmer():
    tokens = tokenize("ضحايا الاتجار victims trafficking", stemming=Stemming.SNOWBALL)
    assert "traffick" in tokens and "victim" in tokens
    assert tokenize("بالأشخاص") == tokenize("الأشخاص")


def test_query_and_passage_normalize_alike():
    assert tokenize("الاتّجار بالأشخاص") == tokenize("الاتجار بالاشخاص")


def test_unknown_stemming_lists_valid_values():
    with pytest.raises(OptionError, match=r"\['snowball', 'none'\]"):
        tokenize("x", stemming="porter")


def test_has_arabic():
    assert has_arabic("in قرار") and not has_arabic("only English 12")


def test_a_token_is_foreign_to_a_corpus_not_written_in_its_script():
    from index.arabic import foreign_to

    arabic_only, mixed, english = foreign_to(["ar"]), foreign_to(["ar", "en"]), foreign_to(["en", "fr"])
    assert arabic_only("traffick") and not arabic_only("اتجار") and not arabic_only("2017")
    assert not mixed("traffick") and not mixed("اتجار")
    assert english("اتجار") and not english("traffick")
    assert foreign_to([])("traffick")  # no language known: the report's, Arabic
