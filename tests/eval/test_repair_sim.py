"""Tests of the glitch simulation: the forward model, the rates it was measured at, and the benchmark."""

from __future__ import annotations

import dataclasses
import json
import math
from pathlib import Path

import pytest

from eval.glitch_align import align
from eval.glitch_rates import GlitchRates, block_moves, measure_rates

ROOT = Path(__file__).resolve().parents[2]
GOLD = ROOT / "tests" / "index" / "data" / "repair_gold.jsonl"


@pytest.fixture(scope="module")
def gold():
    rows = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines()]
    return [row["raw"] for row in rows], [row["expected"] for row in rows]


def test_measuring_the_gold_reproduces_the_committed_rates(gold):
    measured, committed = measure_rates(*gold), GlitchRates()
    for field in dataclasses.fields(GlitchRates):
        got, want = getattr(measured, field.name), getattr(committed, field.name)
        if isinstance(want, tuple):
            assert len(got) == len(want) and all(math.isclose(g, w, abs_tol=5e-5) for g, w in zip(got, want)), field.name
        else:
            assert math.isclose(got, want, abs_tol=5e-5), (field.name, got, want)


def test_alignment_of_a_gold_line_and_block_moves():
    al = align("تســــــجل أي إدانات من ، تراجعت نســــــبة البلدان التي لم ٢٠١٦-٢٠٠٧وخلال الفترة   -٥",
               "وخلال الفترة ٢٠٠٧-٢٠١٦، تراجعت نسبة البلدان التي لم تسجل أي إدانات من")
    assert [al.logical[p.start : p.end] for p in al.pieces] == [
        "تسجل أي إدانات من", "، تراجعت نسبة البلدان التي لم", "٢٠٠٧-٢٠١٦", "وخلال الفترة", "\ue000"]
    assert (al.ranges_swapped, al.ranges_kept) == (1, 0)
    assert block_moves(al.ranks()) == 0
    assert block_moves([3, 0, 2, 1]) == 1  # the report's line 650: the marker moved inside the line
    with pytest.raises(ValueError, match="rearrangement"):
        align("شيء آخر", "وخلال الفترة")


def test_rates_refuse_impossible_values():
    with pytest.raises(ValueError, match="space_cut"):
        GlitchRates(space_cut=1.5)
    with pytest.raises(ValueError, match="order"):
        GlitchRates(order=(1.0, 0.0))
