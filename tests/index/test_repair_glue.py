"""Glue the raw line never had (index.repair.glue): counted by hand, charged in the search and in choose."""

from __future__ import annotations

from pathlib import Path

import pytest

from eval.repair_damage import created_glue
from index.repair import build_vocabulary, reversal
from index.repair.glue import FREE_JOINS, GLUE_JOIN, Glue
from index.repair.lines import choose, readings
from index.repair.words import WordModel

REPORT = Path(__file__).parents[2] / "index" / "data" / "a74-trafficking.txt"
RAW = "أمانة ب الاحتفاظتحدة سمح له"


@pytest.fixture(scope="module")
def empty():
    return WordModel(None, outside={})  # knows no word: every word is unknown


def test_pieces_are_the_fewest_raw_stretches(empty):
    glue = Glue(RAW, empty)
    assert glue.pieces("سمح") == 1  # a raw token whole
    assert glue.pieces("الاحتفاظ") == 1  # part of one
    assert glue.pieces("تحدةسمح") == 2
    assert glue.pieces("سمحالاحتفاظتحدةبأمانة") == 4  # سمح + الاحتفاظتحدة + ب + أمانة
    assert glue.pieces("xyz") == 1  # not spelt by the raw line: nothing to charge


def test_only_unknown_words_past_the_free_joins_pay(empty):
    glue = Glue(RAW, empty)

    def charge(pieces: int) -> float:
        return GLUE_JOIN * max(pieces - 1 - FREE_JOINS, 0)

    assert glue.cost("سمح له") == 0.0
    assert glue.cost("تحدةسمح") == charge(2)  # one join: a word cut once and rejoined
    assert glue.cost("سمحالاحتفاظتحدةبأمانة") == charge(4) > 0.0
    known = WordModel(None, outside={"لهسمح": 1e-5})
    assert Glue(RAW, known).cost("لهسمح له") == 0.0  # a word the sources know is free however made


@pytest.fixture(scope="module")
def report():
    lines = REPORT.read_text(encoding="utf-8").splitlines()
    return build_vocabulary(lines), reversal.build_vocabulary(lines)


def test_a_line_of_names_is_not_glued_into_one_token(report):
    """Before the glue charge the search read this line as one token of nine names glued together."""
    raw = "كواسي ونور المالكي الجهني وألكسيس بيتانكور ياو وفيكتوريا أفاكوفا."
    found = readings(raw, *report)
    chosen = choose(found).text
    assert created_glue(chosen, raw, found.words) == []
    assert len(chosen.split()) == len(raw.split())
