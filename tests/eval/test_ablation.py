"""The ablation table: its baseline rows agree with the benchmark runner, and its index variants are what they claim."""

import numpy as np
import pytest

from eval import ablation, runner
from eval.datasets import EvalDataset, EvalQuestion
from index.passage import DocRef, Passage
from index.store import IndexConfig, Store

TEXTS = [
    "صدقت فيجي واليابان على بروتوكول الاتجار بالأشخاص في عام ٢٠١٧.",
    "يقدم الصندوق الاستئماني المساعدة إلى الضحايا من النساء والأطفال.",
    "The Council of Europe joined the coordination group in 2018.",
    "عقد الفريق اجتماعه الأول في نيويورك على مستوى الرؤساء.",
]
QUESTIONS = [
    ("متى صدقت اليابان على البروتوكول؟", (1,)),
    ("من يساعد الصندوق الاستئماني؟", (2,)),
    ("When did the Council of Europe join?", (3,)),
    ("أين عقد الاجتماع الأول للفريق؟", (4,)),
    ("ما عاصمة المريخ؟", ()),
]


@pytest.fixture
def small(encoder_factory):
    doc = DocRef("d", "D")
    passages = [Passage(f"d#{n}", doc, n, (), text) for n, text in enumerate(TEXTS, 1)]
    encoder = encoder_factory()
    store = Store.build(passages, encoder, IndexConfig.for_model(encoder.name))
    questions = tuple(EvalQuestion(id=str(i), question=q, doc="d", gold=g) for i, (q, g) in enumerate(QUESTIONS))
    return EvalDataset("small", questions, None, "inline"), store, encoder


def test_baseline_rows_match_the_benchmark_runner(small):
    dataset, store, encoder = small
    rows = dict(ablation.run(dataset, store, encoder))
    report = runner.run(dataset, store, encoder, ["hybrid", "bm25", "dense", "rrf"], ablation.CUTOFF)
    modes = report.to_json()["modes"]
    assert rows["hybrid (Sanad)"]["all"] == pytest.approx(modes["hybrid"]["mrr@10"])
    assert rows["bm25, stemmed"]["all"] == pytest.approx(modes["bm25"]["mrr@10"])
    assert rows["dense, windows"]["all"] == pytest.approx(modes["dense"]["mrr@10"])
    assert rows["rrf, k = 60"]["all"] == pytest.approx(modes["rrf"]["mrr@10"])
    assert len(rows) == len(ablation.VARIANTS)


def test_reusing_encoder_embeds_once_and_can_keep_first_windows_only():
    calls = []

    class Windowed:
        name = "w"

        def encode_passages(self, texts, show_progress=False):
            calls.append(list(texts))
            owner = np.array([0, 0, 1, 2, 2, 2])
            return np.arange(6, dtype=np.float32).reshape(6, 1), owner

    shared = {}
    whole = ablation._ReusingEncoder(Windowed(), shared=shared)
    first = ablation._ReusingEncoder(Windowed(), first_window_only=True, shared=shared)
    vectors, owner = whole.encode_passages(["a", "b", "c"])
    assert owner.tolist() == [0, 0, 1, 2, 2, 2]
    vectors, owner = first.encode_passages(["a", "b", "c"])
    assert owner.tolist() == [0, 1, 2] and vectors[:, 0].tolist() == [0.0, 2.0, 3.0]
    assert len(calls) == 1


def test_markdown_has_a_column_per_benchmark_and_language():
    rows = [("hybrid (Sanad)", {"all": 0.9, "ar": 0.95, "en": 0.8}), ("bm25, stemmed", {"all": 0.5, "ar": 0.7, "en": 0.1})]
    text = ablation.markdown([("report_qa", rows), ("xquad", [(n, {"all": s["all"]}) for n, s in rows])])
    assert text.splitlines()[0] == "| variant | report_qa | report_qa (ar) | report_qa (en) | xquad |"
    assert "| hybrid (Sanad) | 0.900 | 0.950 | 0.800 | 0.900 |" in text
