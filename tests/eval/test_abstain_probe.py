"""The abstention probe ``eval/data/abstain_probe.jsonl``: 50 questions over the bundled report.

Written for issue 11's abstention targets from the report's headings and summary, as a user would
ask: 15 answerable (gold paragraphs found by reading) and 15 on topic but unanswerable (a figure,
year, country or body the report does not give), 16 of them in English. 20 more (p31-p50) for
``qa.noun_check``: 10 counts or shares of something the report does not count, 2 English
off-topic questions, 8 answerable counts (12 of the 20 in English). It is loaded as its own set
(``python -m eval.answer_ablation eval/data/abstain_probe.jsonl``), never merged into
``report_dev``/``report_test``: their split must not move, and a probe kept apart checks that what
was tuned on ``report_dev`` holds on questions it never saw.
"""

from __future__ import annotations

import pytest

from eval import metrics
from eval.datasets import bundled_probe_dataset, bundled_report_dataset, bundled_topics_dataset, load_jsonl


@pytest.fixture(scope="module")
def probe():
    return load_jsonl(bundled_probe_dataset()).questions


def test_the_probe_has_what_its_docstring_says(probe):
    answerable = [q for q in probe if q.answerable]
    unanswerable = [q for q in probe if not q.answerable]
    assert len(answerable) == 23 and len(unanswerable) == 27
    assert all(q.kind == "unanswerable" and not q.answer for q in unanswerable)
    assert sum(q.lang == "en" for q in probe) == 28  # 12 answerable, 16 not


def test_probe_ids_are_apart_from_the_report_sets(probe):
    others = {q.id for path in (bundled_report_dataset(), bundled_topics_dataset()) for q in load_jsonl(path).questions}
    assert not others & {q.id for q in probe}
    assert len({q.id for q in probe}) == len(probe)


def test_answer_spans_are_in_a_gold_paragraph(probe, paragraphs):
    for q in (q for q in probe if q.answerable):
        assert any(metrics.answer_contains(paragraphs[n].text, q.answer) for n in q.gold), q.id
