import math

import pytest

from eval.datasets import EvalDataset, EvalQuestion
from eval.runner import QueryResult, evaluate_answers, metric_names, retrieval_query, run, score_rankings
from index.common import SanadError
from index.passage import DocRef, Passage
from index.store import IndexConfig, Store
from qa.results import Answer


def result(index, ranked, latency=1.0):
    return QueryResult(index, str(index), "bm25", tuple(ranked), latency, latency / 2)


def test_unanswerable_questions_are_skipped_by_ranking_metrics_but_timed():
    gold = [frozenset({"a"}), frozenset(), frozenset({"b", "c"})]
    results = [result(0, ["x", "y", "a"], 1.0), result(1, ["a"], 2.0), result(2, ["b", "x", "c"], 3.0)]
    scores = score_rankings(results, gold, 10)
    assert scores["recall@1"] == pytest.approx(0.5)  # (0 + 1) / 2: the unanswerable one is not counted
    assert scores["mrr@10"] == pytest.approx((1 / 3 + 1) / 2)
    ndcg_first = (1 / math.log2(4)) / 1
    ndcg_third = (1 + 1 / math.log2(4)) / (1 + 1 / math.log2(3))
    assert scores["ndcg@10"] == pytest.approx(round((ndcg_first + ndcg_third) / 2, 6))
    assert scores["latency_ms_p50"] == 2.0  # latency covers every question
    assert scores["retrieval_ms_p50"] == 1.0


def test_no_answerable_question_cannot_be_scored():
    with pytest.raises(SanadError, match="no answerable question"):
        score_rankings([result(0, ["a"])], [frozenset()], 10)


def test_metric_names_follow_k():
    assert metric_names(10) == ["recall@1", "recall@5", "recall@10", "mrr@10", "ndcg@10"]
    assert metric_names(3) == ["recall@1", "recall@3", "mrr@3", "ndcg@3"]
    assert metric_names(20) == ["recall@1", "recall@5", "recall@10", "recall@20", "mrr@20", "ndcg@20"]


class ScriptedAssistant:
    """Replies by question; remembers the history each question was asked with (``Assistant.ask``'s signature)."""

    def __init__(self, replies):
        self.replies = replies
        self.histories = {}

    def ask(self, question, history=()):
        self.histories[question] = list(history)
        text, abstained = self.replies[question]
        return Answer(question=question, text=text, citations=(), hits=(), abstained=abstained)


def q(text, gold, answer=""):
    return EvalQuestion(id=text, question=text, doc="d", gold=gold, answer=answer)


def test_answer_hits_and_abstention_hand_computed():
    questions = [
        q("a1", (1,), "سوفا"),  # answered with the span (diacritics differ) -> hit
        q("a2", (2,), "15 ضحية"),  # answered without the span -> miss
        q("a3", (3,), "النيل"),  # abstained -> miss, and a wrong abstention
        q("a4", (4,)),  # answerable but no gold span: not in the hit rate
        q("u1", ()),  # abstained -> right
        q("u2", ()),  # answered -> missed abstention
    ]
    assistant = ScriptedAssistant(
        {
            "a1": ("العاصمة هي سُوفا.", False),
            "a2": ("بلغ العدد ١٦ ضحية", False),
            "a3": ("لا أجد الجواب في التقرير.", True),
            "a4": ("شيء", False),
            "u1": ("لا أجد الجواب.", True),
            "u2": ("جواب مختلق", False),
        }
    )
    scores = evaluate_answers(assistant, questions)
    assert scores.hit_rate == pytest.approx(1 / 3)
    assert scores.with_gold_answer == 3 and scores.asked == 6
    assert scores.abstain_precision == pytest.approx(1 / 2)  # abstained on a3, u1
    assert scores.abstain_recall == pytest.approx(1 / 2)  # unanswerable u1, u2
    assert scores.to_json()["hit_rate"] == scores.hit_rate


def test_run_with_an_assistant_reports_answers(encoder_factory):
    doc = DocRef("d", "D")
    passages = [Passage(f"d#{n}", doc, n, (), text) for n, text in enumerate(["Suva is the capital of Fiji.", "The Nile flows north."], 1)]
    encoder = encoder_factory()
    store = Store.build(passages, encoder, IndexConfig.for_model(encoder.name))
    dataset = EvalDataset("tiny", (q("capital of Fiji", (1,), "Suva"), q("the moon", ())), None, "inline")
    assistant = ScriptedAssistant({"capital of Fiji": ("Suva.", False), "the moon": ("-", True)})
    report = run(dataset, store, encoder, ["bm25", "dense"], 5, assistant=assistant)
    data = report.to_json()
    answers = data["answers"]
    ask_ms = (answers.pop("ask_ms_p50"), answers.pop("ask_ms_p95"))
    assert answers == {
        "hit_rate": 1.0,
        "short_exact_match": 0.0,  # the scripted answers mark no phrase
        "answer_chars_p50": 5.0,  # "Suva."; the abstention is not counted
        "abstain_precision": 1.0,
        "abstain_recall": 1.0,
        "on_topic_abstain_precision": 1.0,
        "on_topic_abstain_recall": 1.0,
        "junk_abstained": None,
        "asked": 2,
        "with_gold_answer": 1,
    }
    assert 0 < ask_ms[0] <= ask_ms[1]
    assert data["modes"]["bm25"]["recall@1"] == 1.0 and data["answerable"] == 1
    assert len(report.per_query) == 2 * 2 and "per_query" not in data


def test_mixed_languages_get_their_own_scores(encoder_factory):
    doc = DocRef("d", "D")
    passages = [Passage(f"d#{n}", doc, n, (), text) for n, text in enumerate(["Suva is the capital of Fiji.", "عاصمة فيجي هي سوفا.", "النيل نهر.", "The Nile is a river."], 1)]
    encoder = encoder_factory()
    store = Store.build(passages, encoder, IndexConfig.for_model(encoder.name))
    questions = (
        EvalQuestion("1", "capital of Fiji", "d", (1,), lang="en"),
        EvalQuestion("2", "عاصمة فيجي", "d", (2,), lang="ar"),
        EvalQuestion("3", "nothing here", "d", (), lang="fr"),  # no answerable question: no row
    )
    report = run(EvalDataset("mixed", questions, None, "inline"), store, encoder, ["bm25"], 10)
    assert set(report.by_lang) == {"ar", "en"}
    assert report.by_lang["en"]["bm25"]["recall@1"] == 1.0 and report.by_lang["ar"]["bm25"]["recall@1"] == 1.0
    assert set(report.to_json()["by_lang"]) == {"ar", "en"}


def test_a_follow_up_is_searched_and_asked_with_its_history(encoder_factory):
    doc = DocRef("d", "D")
    texts = ["Japan ratified the protocol in 2017.", "Fiji ratified the protocol in 2017.", "The Nile flows north."]
    passages = [Passage(f"d#{n}", doc, n, (), text) for n, text in enumerate(texts, 1)]
    encoder = encoder_factory()
    store = Store.build(passages, encoder, IndexConfig.for_model(encoder.name))
    history = (("user", "Did Fiji ratify the protocol?"), ("assistant", "Yes (paragraph 2)."))
    follow_up = EvalQuestion("f", "and in what year?", "d", (2,), "2017", history=history)
    assert retrieval_query(follow_up) == "Did Fiji ratify the protocol? and in what year?"
    assert retrieval_query(EvalQuestion("n", "and in what year?", "d", (2,))) == "and in what year?"
    assistant = ScriptedAssistant({"and in what year?": ("In 2017.", False)})
    report = run(EvalDataset("conv", (follow_up,), None, "inline"), store, encoder, ["bm25"], 3, assistant=assistant)
    # Only the history names Fiji: ¶2 comes first because the search saw it.
    assert report.per_query[0].ranked[0] == ("d", 2)
    assert assistant.histories["and in what year?"] == [
        {"role": "user", "content": "Did Fiji ratify the protocol?"},
        {"role": "assistant", "content": "Yes (paragraph 2)."},
    ]
    assert report.answers.hit_rate == 1.0
