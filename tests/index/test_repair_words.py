"""Glued words: the word model's price of a token that holds several words, and the hidden breaks
proposed inside it (``index.repair.words``, ``index.repair.atoms``).

The extraction glues two words where a run break had no space ('فحصاتخذت'); the repair
must be able to cut such a token at its hidden break, and must never find a reading
cheaper by gluing words into one unknown token ('متحصلفدياتعليها').
"""

from __future__ import annotations

import itertools
import math
from collections import Counter
from pathlib import Path

import pytest

from index.repair import build_vocabulary, repair
from index.repair.atoms import atomize
from index.repair.words import ENCLITIC_RATES, WordModel, impossible, is_fragment

REPORT = Path(__file__).parents[2] / "index" / "data" / "a74-trafficking.txt"


@pytest.fixture(scope="module")
def vocabulary():
    return build_vocabulary(REPORT.read_text(encoding="utf-8").splitlines())


def test_an_enclitic_without_a_free_form_standing_alone_is_a_fragment():
    assert is_fragment("ها") and is_fragment("نا")
    assert not is_fragment("هم") and not is_fragment("هما") and not is_fragment("كما")  # words in their own right
    # A rare joined form of a frequent stem ('خططها' at zipf 1.5, as 'تدابيرها' in the report): once 'ها'
    # alone is priced as a fragment, the word with its pronoun costs less than the two pieces.
    words = WordModel(Counter({"خطط": 13, "ها": 1, "ملء": 9986}), outside={"خطط": 1e-5, "ها": 6.6e-5, "خططها": 3.3e-8})
    assert words.text("خططها") < words.text("خطط ها")


def test_a_bound_enclitic_is_priced_by_the_stem_it_completes():
    """``WordModel._completed``: the stem's cost in the mixture plus how often the outside list writes the
    stem with the enclitic. A stem the document writes often ('تدابير' 13 times, report line 1282) makes its
    rare joined form cheaper than the outside list alone prices it (17.9 -> 12.9 there); a stem the document
    never writes ('وقياس') keeps the mixture's price, which is the same product."""
    outside = {"خطط": 1e-5, "خططها": 3.3e-8, "وقياس": 2.9e-6, "وقياسها": 1.4e-7, "نادر": 1e-8}
    words = WordModel(Counter({"خطط": 13, "ملء": 9986}), outside=outside)
    assert words.word("خططها") == pytest.approx(words.word("خطط") + math.log(1e-5 / 3.3e-8))
    assert words.word("وقياسها") == pytest.approx(-math.log(0.5 * 1.4e-7))  # the mixture's own price
    assert words.word("خططها") < -math.log(0.5 * 3.3e-8) - 4  # 13.0 against 17.9


def test_a_stem_never_written_with_the_enclitic_pays_the_outside_lists_floor():
    """Not an unknown word ('إداناتها', whole in report line 99): the outside list would list it if it were
    as common as its rarest word, so the ratio is at most that word's frequency over the stem's, and the
    price never below the enclitic's typical rate (``ENCLITIC_RATES``)."""
    outside = {"إدانات": 4.4e-7, "الوقت": 1.6e-4, "قليل": 2e-8, "نادر": 1e-8}
    words = WordModel(Counter({"إدانات": 5, "الوقت": 40}), outside=outside)
    assert words.word("إداناتها") == pytest.approx(words.word("إدانات") + math.log(4.4e-7 / 1e-8))
    assert words.word("الوقتها") - words.word("الوقت") == pytest.approx(math.log(1.6e-4 / 1e-8))
    assert words.word("قليلها") - words.word("قليل") == pytest.approx(ENCLITIC_RATES["ها"])  # ln 2 is less
    # A stem the outside list does not know gets no such price.
    assert WordModel(Counter({"إدانات": 5}), outside={"نادر": 1e-8}).word("إداناتها") > 20


def test_a_letter_after_a_final_form_starts_another_word():
    assert impossible("اًبلد") and impossible("جرةأطراء") and impossible("علىالدول")
    assert not impossible("بلداً") and not impossible("كاملاً") and not impossible("الكيانات")
    assert not impossible("ضحيةٌ")  # a tanween on the final letter ends the word


def _brute_force_split(words: WordModel, text: str) -> float:
    """The cheapest split into two or more pieces, by trying every set of cuts."""
    best = float("inf")
    for k in range(1, len(text)):
        for cuts in itertools.combinations(range(1, len(text)), k):
            bounds = (0, *cuts, len(text))
            best = min(best, sum(words.piece(text[a:b]) for a, b in zip(bounds, bounds[1:])))
    return best


@pytest.mark.parametrize("text", ["فحصاتخذت", "وضعالمؤسسية", "اًبلد", "التوسيم"])
def test_segments_match_every_split_tried(vocabulary, text):
    words = WordModel(vocabulary)
    ahead, behind = words.segments(text)
    assert ahead[-1] == pytest.approx(_brute_force_split(words, text))
    for i in range(1, len(text)):
        head, tail = text[:i], text[i:]
        through = min(_brute_force_split(words, head), words.piece(head)) + min(
            _brute_force_split(words, tail), words.piece(tail)
        )
        assert ahead[i] + behind[i] == pytest.approx(through)


def test_glued_words_never_cost_less_than_their_cheapest_split(vocabulary):
    words = WordModel(vocabulary)
    glued = "".join(["متحصل", "فديات", "عليها", "شخصا", "بطت"])
    cheapest = words.segments(glued)[0][-1]
    assert words.word(glued) == pytest.approx(cheapest)  # above 20 + 1.5 a letter, the plain unknown cost
    assert words.word(glued) > 20 + 1.5 * len(glued)


def test_a_glued_token_is_cut_at_its_hidden_break(vocabulary):
    raw = "لديها لأغراض تعزيز  الاشتراءممارسات  فحصاتخذت منظمة الأمن والتعاون في أوروبا إجراءات ل"
    atoms, _ = atomize(raw, WordModel(vocabulary, raw))
    texts = [a.text for a in atoms]
    assert {"الاشتراء", "ممارسات", "فحص"} <= set(texts)
    assert repair(raw, vocabulary).shown == (
        "اتخذت منظمة الأمن والتعاون في أوروبا إجراءات لفحص ممارسات الاشتراء لديها لأغراض تعزيز"
    )


def test_a_known_word_is_not_cut(vocabulary):
    raw = "والتعاون في أوروبا"
    atoms, _ = atomize(raw, WordModel(vocabulary, raw))
    assert [a.text for a in atoms] == ["والتعاون", "في", "أوروبا"]


def test_the_price_of_a_glued_token_uses_the_cheapest_split(vocabulary):
    """``WordModel.word`` floors an unknown token at ``_cheapest_split``, the fast twin of ``segments``."""
    words = WordModel(vocabulary, "")
    for text in ("متحصلفدياتعليهاشخصابطت", "اًبلد", "كافحةالرصد", "أولباعتبارها", "لفحصالاشتراءممارساتلديها"):
        assert words._cheapest_split(text) == pytest.approx(words.segments(text)[0][-1]), text


def test_a_proclitic_on_a_number_costs_what_it_adds_to_a_stem(vocabulary):
    """'و١٢' is a word the report writes ('و٢٠١٧'), but not a free one: priced at nothing, the repair
    search parked a stray 'و' on any number ('المادة و١٢' for 'واستعمالها … المادة ١٢', report line 168;
    'و١٤' in paragraph 3, line 75). It costs the backoff of a proclitic on a known stem, and less than
    the letter standing alone."""
    words = WordModel(vocabulary)
    assert 0.0 < words.text("و١٢") < words.text("و")
    assert words.text("١٢") == 0.0
