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


def test_script_codes_are_the_script_letters():
    """``letter_shares`` counts UTF-16 code ranges: the same characters as ``SCRIPTS``' patterns."""
    from index import arabic

    for name, pattern in arabic.SCRIPTS.items():
        ranges = arabic.SCRIPT_CODES[name]
        for code in range(0x10000):
            assert bool(pattern.fullmatch(chr(code))) == any(lo <= code <= hi for lo, hi in ranges), (name, hex(code))


def _shares_by_pattern(texts):
    """The reference: each script's letters found by its pattern, text by text."""
    from index import arabic

    counts = {name: sum(len(letter.findall(t)) for t in texts) for name, letter in arabic.SCRIPTS.items()}
    total = sum(counts.values())
    return {name: c / total if total else 0.0 for name, c in counts.items()}


def test_letter_shares_are_the_patterns_counts(report_passages, monkeypatch):
    from index import arabic

    texts = [p.text for p in report_passages] + ["UN 😀 قرار \ud800 Ωmega", "", "٢٠١٧ 2017"]
    assert arabic.letter_shares(texts) == _shares_by_pattern(texts)
    monkeypatch.setattr(arabic, "_SHARE_CHUNK", 7)  # many chunks, boundaries inside the list
    assert arabic.letter_shares(iter(texts)) == _shares_by_pattern(texts)
    assert arabic.letter_shares(["", "2017"]) == {"arabic": 0.0, "latin": 0.0}
