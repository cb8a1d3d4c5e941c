"""The public API with the real model over the real bundled report."""

import doctest
import json

import pytest

from index.common import OptionError, SanadError
from qa import Assistant, Mode
from ui.cli import main

pytestmark = pytest.mark.slow

ARABIC = "متى صدقت اليابان على بروتوكول الاتجار بالأشخاص؟"
ENGLISH = "Which countries ratified the trafficking protocol during the reporting period?"
# Only paragraph 139's last item, (ط), says this.
LAST_ITEM = "ما الذي أوصى به التقرير بشأن الاستفادة من المنفعة الجماعية للكيانات الثلاثة والعشرين العاملة معاً؟"


def test_docstring_examples_run(real_assistant):
    finder = doctest.DocTestFinder()
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    for test in finder.find(Assistant, "Assistant", globs={"Assistant": Assistant}):
        runner.run(test)
    assert runner.failures == 0 and runner.tries >= 3


@pytest.mark.parametrize("mode", list(Mode))
def test_every_mode_finds_the_ratification_paragraph(real_assistant, mode):
    numbers = [hit.passage.number for hit in real_assistant.search(ARABIC, k=5, mode=mode)]
    assert 3 in numbers


def test_hits_carry_each_retrievers_score_and_rank(real_assistant):
    hits = real_assistant.search(ARABIC, k=3)
    assert [h.rank for h in hits] == [1, 2, 3]
    assert hits[0].passage.number == 3
    assert set(hits[0].scores) == {"bm25", "dense", "sentence"} and set(hits[0].ranks) == set(hits[0].scores)
    assert hits[0].score >= hits[1].score >= hits[2].score


def test_english_question_over_arabic_text(real_assistant):
    assert 3 in [h.passage.number for h in real_assistant.search(ENGLISH, k=3)]


def test_no_text_is_lost_to_truncation(real_assistant):
    store = real_assistant.store
    row = store.by_id["a74-trafficking#139"]
    assert (store.dense.owner == row).sum() > 1  # paragraph 139 is longer than one window
    assert 139 in [h.passage.number for h in real_assistant.search(LAST_ITEM, k=5, mode="dense")]


def test_answer_quotes_and_cites(real_assistant):
    answer = real_assistant.ask(ARABIC)
    assert not answer.abstained
    assert "(الفقرة ٣)" in answer.text
    for citation in answer.citations:
        passage = real_assistant.passage(citation.id)
        assert passage.text[citation.start : citation.end] == citation.quote
    assert any("اليابان" in c.quote for c in answer.citations)


def test_follow_up_uses_the_history(real_assistant):
    first = "متى صدقت فيجي على بروتوكول الاتجار بالأشخاص؟"
    history = [{"role": "user", "content": first}, {"role": "assistant", "content": real_assistant.ask(first).text}]
    answer = real_assistant.ask("وماذا عن دولة فلسطين؟", history=history)
    assert 3 in [c.number for c in answer.citations]
    assert any("فلسطين" in c.quote for c in answer.citations)


def test_abstains_when_the_report_does_not_say(real_assistant):
    answer = real_assistant.ask("ما هي عاصمة البرازيل؟")
    assert answer.abstained and not answer.citations
    assert answer.text.startswith("لا يبدو أن التقرير يجيب")
    assert len(answer.hits) == 5  # the closest paragraphs are still listed


def test_unknown_mode_lists_the_valid_ones(real_assistant):
    with pytest.raises(OptionError, match=r"\['hybrid', 'bm25', 'dense', 'rrf'\]"):
        real_assistant.search("x", mode="fuzzy")


def test_an_index_is_not_queried_with_another_model(real_assistant, tmp_path):
    # The default index was built with the bundled model; asking for another one rebuilds,
    # and a model that cannot load is a clear error that leaves the index as it was.
    fingerprint = real_assistant.store.manifest.fingerprint
    with pytest.raises(SanadError, match="no-such-model"):
        Assistant.load(model=str(tmp_path / "no-such-model"))
    assert Assistant.load().store.manifest.fingerprint == fingerprint


def test_cli_index_reuses_and_search_ask_print_the_api_json(real_assistant, capsys):
    assert main(["index"]) == 0
    assert capsys.readouterr().out.startswith("up to date, reused: 141 passages")
    assert main(["search", ARABIC, "-k", "2", "--json"]) == 0
    body = json.loads(capsys.readouterr().out)
    assert body["mode"] == "hybrid" and body["hits"][0]["number"] == 3
    assert main(["ask", ARABIC, "--json"]) == 0
    body = json.loads(capsys.readouterr().out)
    assert set(body) >= {"question", "answer", "abstained", "citations", "hits"}
    assert main(["search", "  "]) == 2
    assert "the query is empty" in capsys.readouterr().err
