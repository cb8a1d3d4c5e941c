"""A line both engines can read as printed keeps the file's order unless the search's repair is clearly
cheaper (``lines.FILE_ORDER``): the simulation's clean lines were damaged around unknown names, which the
search cut in two at a hidden break and read as two rare words ('هوتفيل' -> 'فيل … هوت')."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from index.repair import build_vocabulary, repair_document, reversal, split_marker
from index.repair.atoms import atomize
from index.repair.lines import FILE_ORDER, Readings, choose, readings
from index.repair.markers import split_item
from index.repair.search import Candidate, file_order_cost, final_cost, line_space, starts, steps
from index.repair.words import WordModel

GOLD = Path(__file__).parent / "data" / "repair_gold.jsonl"
REPORT = Path(__file__).parents[2] / "index" / "data" / "a74-trafficking.txt"
# A clean line of XQuAD's Arabic text (not the report): 'هوتفيل' is a name no word list knows, and its
# halves 'هوت' and 'فيل' are rare words of the web list. On main (d617263) the repair gave
# 'فيل كانت أبرز … تانكريد هوت'.
NAME_LINE = "كانت أبرز أسرتين بين النورمان الذين وصلوا إلى البحر الأبيض المتوسط من نسل تانكريد هوتفيل"


@pytest.fixture(scope="module")
def report_lines():
    return REPORT.read_text(encoding="utf-8").splitlines()


def _in_order_cost(space) -> float:
    """The slow twin of ``file_order_cost``: walk the search's own steps, always taking the next atom in the file."""
    state, cost, _ = next(s for s in starts(space) if s[0].last == 0)
    for b in range(1, len(space.atoms)):
        state, cost, _ = next(s for s in steps(space, state, cost) if s[0].last == b and s[0].run_start == 0)
    return final_cost(space, state, cost)


def test_the_file_orders_cost_is_the_cost_of_its_steps(report_lines):
    vocabulary = build_vocabulary(report_lines)
    for row in map(json.loads, GOLD.read_text(encoding="utf-8").splitlines()):
        body = split_item(split_marker(row["raw"])[1].replace("\u00a0", " "))[1]
        words = WordModel(vocabulary, body.strip())
        atoms, bounds = atomize(body.strip(), words)
        space = line_space(atoms, bounds, words, spaced_edges=(body[:1].isspace(), body[-1:].isspace()))
        assert file_order_cost(space) == pytest.approx(_in_order_cost(space)), row["line"]


def test_a_clean_line_around_an_unknown_name_stays_as_printed():
    # Alone (the document is this one line) and with its line-final space, as the simulation writes it.
    assert [r.text for r in repair_document([NAME_LINE])] == [NAME_LINE]
    assert [r.text for r in repair_document([NAME_LINE + " "])] == [NAME_LINE]
    # The search alone still prefers the cut; the reversal reads the line as printed, and the
    # search's gain is smaller than FILE_ORDER.
    found = readings(NAME_LINE, build_vocabulary([NAME_LINE]), reversal.build_vocabulary([NAME_LINE]))
    assert found.searched[0].text != NAME_LINE
    assert found.reversed_text == found.file_order == NAME_LINE
    assert 0 < found.file_order_cost - found.searched[0].cost < FILE_ORDER


def _readings(report_lines, file_order: str, repaired: str, gap: float) -> Readings:
    words = WordModel(build_vocabulary(report_lines), file_order)
    return Readings(None, [Candidate(repaired, 100.0)], file_order, words, file_order, 100.0 + gap)


def test_only_a_clear_gain_moves_a_line_both_engines_read_as_printed(report_lines):
    # The first words of the report's paragraph 1 as printed, and the same words rotated.
    printed = "دعت الجمعية العامة في قرارها ٧٢/١٩٥، المعنون"
    rotated = "المعنون دعت الجمعية العامة في قرارها ٧٢/١٩٥،"
    assert choose(_readings(report_lines, printed, rotated, FILE_ORDER - 0.5)).text == printed
    # A clear gain goes on to the usual choice between the search's and the reversal's readings.
    clear = _readings(report_lines, printed, rotated, FILE_ORDER + 0.5)
    assert choose(clear) == choose(clear._replace(file_order_cost=float("inf")))


def test_the_rule_needs_the_reversal_to_read_the_file_order(report_lines):
    printed = "دعت الجمعية العامة في قرارها ٧٢/١٩٥، المعنون"
    rotated = "المعنون دعت الجمعية العامة في قرارها ٧٢/١٩٥،"
    other = _readings(report_lines, printed, rotated, 0.5)._replace(reversed_text=None)
    assert choose(other).text == rotated
