"""eval.answer_misses: each kind of miss, on a two-paragraph store built with the hashing encoder."""

import pytest

from eval.answer_misses import Miss, classify
from eval.datasets import EvalQuestion
from index.passage import DocRef, Passage
from index.store import IndexConfig, Store
from qa.results import Answer, Citation, Hit

DOC = DocRef("d", "D")
TEXTS = ["صدقت اليابان على البروتوكول في ١١ تموز/يوليه ٢٠١٧. وصدقت فيجي أيضاً.", "عقد الفريق اجتماعه في نيويورك."]


@pytest.fixture(scope="module")
def store(hashing_encoder):
    passages = [Passage(f"d#{n}", DOC, n, (), text) for n, text in enumerate(TEXTS, 1)]
    return Store.build(passages, hashing_encoder, IndexConfig.for_model(hashing_encoder.name))


def _answer(store, text, hits=(0, 1), quote=None, abstained=False):
    hit_list = tuple(Hit(store.passages[i], rank, 1.0) for rank, i in enumerate(hits, 1))
    citations = () if quote is None else (Citation("d#1", 1, quote, 0, len(quote)),)
    return Answer("q", text, citations, hit_list, abstained=abstained)


def _question(answer="١١ تموز/يوليه ٢٠١٧", gold=(1,)):
    return EvalQuestion("q1", "متى صدقت اليابان؟", "d", gold, answer, "ar")


def test_each_kind_of_miss(store):
    japan, fiji = TEXTS[0].split(". ")
    assert classify(_question(), _answer(store, japan, quote=japan), store, 3) is None  # a hit
    assert classify(_question(answer="١٢ آب/أغسطس ٢٠١٨"), _answer(store, ""), store, 3) is Miss.TEXT
    assert classify(_question(), _answer(store, "", hits=(1,)), store, 3) is Miss.RETRIEVAL
    assert classify(_question(), _answer(store, "", abstained=True), store, 3) is Miss.ABSTAINED
    assert classify(_question(), _answer(store, "**٢٠١٧**", quote=japan), store, 3) is Miss.LOST
    assert classify(_question(), _answer(store, fiji, quote=fiji), store, 3) is Miss.SENTENCE
    across = _question(answer="٢٠١٧. وصدقت فيجي")
    assert classify(across, _answer(store, japan, quote=japan), store, 3) is Miss.OTHER
    assert classify(_question(answer="", gold=()), _answer(store, ""), store, 3) is None  # unanswerable: not a miss
