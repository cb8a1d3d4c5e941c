import doctest
import math

import pytest

from eval import metrics
from eval.metrics import (
    Abstention,
    abstention,
    answer_contains,
    ndcg_at_k,
    percentile,
    recall_at_k,
    reciprocal_rank,
)


def test_docstring_examples_run():
    assert doctest.testmod(metrics).failed == 0


def test_recall_is_any_gold_within_the_cutoff():
    ranked = ["a", "b", "c", "d"]
    assert recall_at_k(ranked, {"c"}, 1) == 0.0
    assert recall_at_k(ranked, {"c"}, 2) == 0.0
    assert recall_at_k(ranked, {"c"}, 3) == 1.0
    assert recall_at_k(ranked, {"a", "z"}, 1) == 1.0  # one of two gold answers is enough
    assert recall_at_k(ranked, {"z"}, 10) == 0.0  # cutoff beyond the list


def test_reciprocal_rank_of_gold_at_rank_three():
    assert reciprocal_rank(["a", "b", "c"], {"c"}, 10) == pytest.approx(1 / 3)
    assert reciprocal_rank(["a", "b", "c"], {"b", "c"}, 10) == pytest.approx(1 / 2)  # first gold counts
    assert reciprocal_rank(["a", "b", "c"], {"c"}, 2) == 0.0  # beyond the cutoff
    assert reciprocal_rank([], {"c"}, 10) == 0.0


def test_ndcg_two_gold_at_ranks_one_and_three():
    expected = (1 + 1 / math.log2(4)) / (1 + 1 / math.log2(3))
    assert ndcg_at_k(["a", "x", "b", "y"], {"a", "b"}, 10) == pytest.approx(expected)


def test_ndcg_hand_computed_edge_cases():
    assert ndcg_at_k(["a", "b"], {"a", "b"}, 10) == pytest.approx(1.0)
    assert ndcg_at_k(["x", "a"], {"a"}, 10) == pytest.approx(1 / math.log2(3))
    assert ndcg_at_k(["x", "y"], {"a"}, 10) == 0.0
    # The ideal ranking is cut at k too: 3 gold, k=2, gold at 1 and 2 is perfect.
    assert ndcg_at_k(["a", "b", "c"], {"a", "b", "c"}, 2) == pytest.approx(1.0)
    # Only one of two gold retrieved, at rank 1: 1 / (1 + 1/log2(3)).
    assert ndcg_at_k(["a", "x"], {"a", "b"}, 10) == pytest.approx(1 / (1 + 1 / math.log2(3)))


def test_a_repeated_key_counts_once_at_its_first_position():
    # Two hits of the same paragraph (a tie on the relevance key) never score above the ideal.
    assert ndcg_at_k(["a", "a", "b"], {"a", "b"}, 10) == pytest.approx((1 + 1 / math.log2(4)) / (1 + 1 / math.log2(3)))
    assert ndcg_at_k(["a", "a"], {"a"}, 10) == pytest.approx(1.0)
    assert reciprocal_rank(["x", "a", "a"], {"a"}, 10) == pytest.approx(1 / 2)


def test_the_ranking_is_scored_as_given():
    # Tied scores were broken by the retriever; swapping two tied hits changes the score accordingly.
    assert reciprocal_rank(["x", "a"], {"a"}, 10) == pytest.approx(1 / 2)
    assert reciprocal_rank(["a", "x"], {"a"}, 10) == pytest.approx(1.0)


@pytest.mark.parametrize("function", [recall_at_k, reciprocal_rank, ndcg_at_k])
def test_empty_gold_is_undefined_and_raises(function):
    with pytest.raises(ValueError, match="without gold"):
        function(["a", "b"], set(), 10)


def test_tuple_keys_as_the_runner_uses_them():
    ranked = [("doc", 4), ("doc", 3), ("other", 3)]
    assert reciprocal_rank(ranked, {("doc", 3)}, 10) == pytest.approx(1 / 2)
    assert recall_at_k(ranked, {("other", 4)}, 10) == 0.0


def test_percentile_interpolates_like_numpy():
    assert percentile([4.0, 1.0, 3.0, 2.0], 50) == pytest.approx(2.5)
    assert percentile([1.0, 2.0, 3.0, 4.0, 5.0], 95) == pytest.approx(4.8)  # 1 + 0.95*4 = 4.8th order statistic
    assert percentile([7.0], 95) == 7.0
    assert percentile([2.0, 2.0, 2.0, 9.0], 50) == 2.0  # ties
    assert percentile([1.0, 2.0], 0) == 1.0 and percentile([1.0, 2.0], 100) == 2.0
    with pytest.raises(ValueError):
        percentile([], 50)


def test_answer_contains_ignores_punctuation_diacritics_and_letter_variants():
    assert answer_contains("بلغ عدد الضحايا ١٥ ضحيةً في عام ٢٠١٨.", "15 ضحية")
    assert answer_contains("وقالت إن «الأمم المتحدة» تدعم…", "الامم المتحدة")
    assert answer_contains("The answer is: Fiji!", "fiji")


def test_answer_contains_needs_a_contiguous_run_in_order():
    assert not answer_contains("ضحية 15", "15 ضحية")  # out of order
    assert not answer_contains("15 من كل ضحية", "15 ضحية")  # not contiguous
    assert not answer_contains("15", "15 ضحية")  # only part of the gold
    assert not answer_contains("", "15")
    with pytest.raises(ValueError, match="no word"):
        answer_contains("anything", " ... ")


def test_abstention_precision_and_recall_hand_computed():
    # questions:    unanswerable, answerable, unanswerable, answerable, unanswerable
    # abstained:    yes,          yes,        no,           no,         yes
    result = abstention([True, True, False, False, True], [True, False, True, False, True])
    assert result == Abstention(precision=2 / 3, recall=2 / 3)


def test_abstention_with_a_zero_denominator_is_none():
    assert abstention([False, False], [True, False]) == Abstention(precision=None, recall=0.0)
    assert abstention([True, False], [False, False]) == Abstention(precision=0.0, recall=None)
    with pytest.raises(ValueError):
        abstention([True], [True, False])


def test_answer_contains_lets_the_span_start_after_an_attached_proclitic():
    assert answer_contains("واعتباراً من عام ٢٠١٩، أصبحت عضويته مفتوحة", "اعتباراً من عام ٢٠١٩")
    assert not answer_contains("الاعتبار من عام ٢٠١٩", "اعتبار من عام ٢٠١٩")  # the article is not a proclitic here
    assert not answer_contains("مالاعتبار", "اعتبار")
    assert not answer_contains("واعتبارات من عام", "اعتبار من عام")  # only a prefix, never a suffix
    assert not answer_contains("كما ورد", "ما ورد")  # a two-letter first word takes no proclitic
