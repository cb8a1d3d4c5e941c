"""The simulation failure classes (eval.repair_sim_classes): what differs, and the verdict."""

import json

import pytest

from eval.repair_sim_classes import difference, main, verdict


@pytest.mark.parametrize(("returned", "expected", "kind"), [
    ("ب ج أ", "أ ب ج", "rotation"),
    ("ج أ ب د", "أ ب ج د", "order: Arabic runs"),
    ("في ٢٠١٨ عام بدأ", "في عام ٢٠١٨ بدأ", "order: number/Latin"),
    ("أب ج", "أ ب ج", "space: Arabic join/split"),
    ("عام ٢٠١٨ ،بدأ", "عام ٢٠١٨، بدأ", "space: punctuation/number"),
    ("عام، ٢٠١٨ بدأ", "عام ٢٠١٨، بدأ", "punctuation/brackets"),
    ("ب، أ ج", "أ ب، ج", "order: Arabic runs"),  # the stop moved with its word: an order error
    ("عام ٢٠١٨ (بدأ(", "عام ٢٠١٨ (بدأ)", "characters"),  # a mirrored bracket left
    ("الك تاب جديد", "الكتاب جديد", "space: Arabic join/split"),
    ("تابالك جديد", "الكتاب جديد", "word pieces"),
    ("ج تابالك أ", "أ الكتاب ج", "word pieces +order"),
    ("عام ٨بدأ ٢٠١", "عام ٢٠١٨ بدأ", "number/Latin"),
])
def test_difference(returned, expected, kind):
    assert difference(returned, expected) == kind


def test_verdict():
    inf = float("inf")
    assert verdict(inf, 10.0, False, False) == "unreachable"
    assert verdict(inf, 10.0, False, True) == "model error: choice"  # the reversal read it
    assert verdict(9.0, 10.0, False, False) == "search error"
    assert verdict(10.0, 10.0, False, False) == "model error"  # a tie: the beam is not to blame
    assert verdict(10.0, 10.0, True, False) == "model error: choice"


def test_records_retabulate(tmp_path, capsys):
    rows = [
        {"doc": 0, "line": 1, "exact": True, "reachable": True, "finish_stable": True},
        {"doc": 0, "line": 2, "exact": False, "reachable": True, "finish_stable": True, "returned": "ب ج أ",
         "expected": "أ ب ج", "verdict": "model error", "source": "reversal", "raw": "", "expected_cost": 3.0,
         "returned_cost": 3.0, "best_cost": 3.0, "expected_price": 1.0, "returned_price": 1.0},
    ]
    path = tmp_path / "records.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    assert main([str(path), "--records"]) == 0
    out = capsys.readouterr().out
    assert "lines 2, exact 1, true reading reachable 2" in out
    assert "| rotation | 0 | 1 | 0 | 0 | 1 |" in out


def test_missing_dump_is_exit_2(tmp_path, capsys):
    assert main([str(tmp_path / "nope.jsonl")]) == 2
    assert "no such dump" in capsys.readouterr().err
