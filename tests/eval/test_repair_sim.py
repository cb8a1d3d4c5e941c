"""Tests of the glitch simulation: the forward model, the rates it was measured at, and the benchmark."""

from __future__ import annotations

import dataclasses
import json
import math
import random
import re
import statistics
from collections import Counter
from pathlib import Path

import pytest

from eval import glitch_report, repair_bench
from eval.glitch_align import MARKER, align, block_moves
from eval.glitch_symptoms import breakdown, distribution, shape
from eval.glitch_text import MIRROR, TATWEEL, logical_text, report_text
from eval.repair_sim import (
    GlitchRates,
    glitch_line,
    measure_rates,
    paragraph_marker,
    simulate,
    wrap,
)

ROOT = Path(__file__).resolve().parents[2]
GOLD = ROOT / "tests" / "index" / "data" / "repair_gold.jsonl"
REPORT = ROOT / "index" / "data" / "a74-trafficking.txt"
XQUAD_AR = ROOT.parent / "shared" / "bench" / "xquad" / "xquad.ar.json"

LINE = "وخلال الفترة ٢٠٠٧-٢٠١٦، تراجعت نسبة البلدان"
# Only the cuts at script switches, runs reversed, ranges swapped: every draw is certain.
REVERSAL_ONLY = dataclasses.replace(GlitchRates.identity(), script_cut=1.0, range_swap=1.0)


@pytest.fixture(scope="module")
def gold():
    # The rates are measured on the gold's body lines, each weighted by the report's body lines
    # of its sampling stratum (eval.glitch_report); headings are left out.
    rows = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines()]
    rows = [row for row in rows if row["kind"] == "body"]
    raws = [row["raw"] for row in rows]
    population = glitch_report.body_lines(REPORT.read_text(encoding="utf-8").splitlines())
    return raws, [row["expected"] for row in rows], glitch_report.weights(raws, population)


def test_measuring_the_gold_reproduces_the_committed_rates(gold):
    measured, committed = measure_rates(*gold), GlitchRates()
    for field in dataclasses.fields(GlitchRates):
        got, want = getattr(measured, field.name), getattr(committed, field.name)
        if isinstance(want, tuple):
            assert len(got) == len(want) and all(math.isclose(g, w, abs_tol=5e-5) for g, w in zip(got, want)), field.name
        else:
            assert math.isclose(got, want, abs_tol=5e-5), (field.name, got, want)


def test_the_gold_stands_for_the_reports_body_lines(gold):
    raws, _, weights = gold
    assert len(raws) == 196 and math.isclose(sum(weights), 901)
    counts = Counter(map(glitch_report.stratum, raws))
    assert {s.value: n for s, n in counts.items()} == {"digits-latin": 56, "symptom": 98, "no-symptom": 42}
    with pytest.raises(ValueError, match="no-symptom"):
        glitch_report.weights(["في عام ٢٠١٨"], ["في عام ٢٠١٨", "نسبة البلدان"])


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


def _symbols(text: str) -> Counter:
    """Characters that the glitch must keep: no tatweel, marker or space; a bracket and its mirror alike."""
    return Counter(min(ch, MIRROR.get(ch, ch)) for ch in MARKER.sub(" ", text) if not ch.isspace() and ch != TATWEEL)


def test_forward_model_writes_the_reports_line_98():
    # Runs "وخلال الفترة" | "٢٠٠٧-٢٠١٦" | "، تراجعت نسبة البلدان", reversed; the space before
    # the number goes with the Arabic run, the line's final space with the last run, then two
    # spaces and the marker: the shape of the report's line 98.
    raw = glitch_line(LINE, REVERSAL_ONLY, random.Random(0), marker="-٥")
    assert raw == "، تراجعت نسبة البلدان ٢٠١٦-٢٠٠٧وخلال الفترة   -٥"


def test_forward_model_cuts_at_a_stretched_kashida_point():
    # Justification stretches نسبة after its س by four tatweels; the cut there leaves them
    # opening the right run (as the report's 'ــــــبة، جرى'), which is read before 'نس'.
    rates = dataclasses.replace(REVERSAL_ONLY, justified_share=1.0, justified_share_short=1.0, stretch_point=1.0,
                                stretch_lengths=(0.0, 0.0, 0.0, 1.0), kashida_cut=1.0, kashida_left=0.0,
                                space_to_previous=1.0)
    raw = glitch_line(LINE, rates, random.Random(0), marker="-٥")
    assert raw == "ــــبة البلدان ، تراجعت نس٢٠١٦-٢٠٠٧وخلال الفترة   -٥"


def test_forward_model_mirrors_brackets_around_latin_text_only():
    # Runs "حملة (" | "Panthers" | ") لمكافحة (" | "٢٠١٧" | ")", reversed: the pair around Latin
    # text mirrors at the run edges (the report's '(#AQUIESTOY)'), the pair around a number not.
    rates = dataclasses.replace(REVERSAL_ONLY, bracket_mirror_latin=1.0, bracket_mirror=0.0)
    raw = glitch_line("حملة (Panthers) لمكافحة (٢٠١٧)", rates, random.Random(0))
    assert raw == ") ٢٠١٧( لمكافحة (Panthersحملة )"


def test_a_moved_marker_lands_between_two_runs():
    rates = dataclasses.replace(REVERSAL_ONLY, marker_moved=1.0)
    rng = random.Random(0)
    for _ in range(20):
        raw = glitch_line(LINE, rates, rng, marker="-٥")
        before, after = raw.split("-٥")
        assert before.endswith("  ") and before.strip() and after.startswith(" ") and after.strip()


def test_forward_model_is_deterministic_for_an_rng():
    runs = [[glitch_line(LINE, GlitchRates(), rng) for _ in range(20)] for rng in (random.Random(5), random.Random(5))]
    assert runs[0] == runs[1]
    assert len(set(runs[0])) > 1


def test_a_glitched_line_keeps_the_clean_lines_characters(gold):
    rng = random.Random(1)
    for line in gold[1][:60] + [LINE, "هي: دولة فلسطين (٢٩ كانون الأول/ديسمبر ٢٠١٧)."]:
        for _ in range(10):
            raw = glitch_line(line, GlitchRates(), rng, marker="-١٢")
            assert _symbols(raw) == _symbols(line), raw


def test_identity_rates_change_nothing_but_whitespace(gold):
    rng = random.Random(2)
    for line in gold[1]:
        assert " ".join(glitch_line(line, GlitchRates.identity(), rng).split()) == line
        # the marker is still a run of its own, written last (at the line's visual start)
        assert " ".join(glitch_line(line, GlitchRates.identity(), rng, marker="-٣").split()) == line + " -٣"


def test_a_line_with_no_glitch_stays_identical():
    # A line drawn whole (cut nowhere inside its Arabic text), with nothing to justify and no
    # script switch, is written as it reads: the glitch adds only the line's final space.
    rates = dataclasses.replace(GlitchRates(), whole_share=1.0, fragmented_share=0.0, justified_share=0.0,
                                whole_share_short=1.0, fragmented_share_short=0.0, justified_share_short=0.0)
    rng = random.Random(3)
    line = "تشارك المنظمة في شراكات مع القطاع الخاص والمجتمع المدني"
    for _ in range(50):
        assert glitch_line(line, rates, rng).strip() == line
        assert not shape(glitch_line(line, rates, rng), line).glitched


def _gold_like(gold, rates, repeats, seed):
    """The gold's own body text glitched ``repeats`` times over, each line with its weight."""
    rng = random.Random(seed)
    raws, expected, weights = [], [], []
    for _ in range(repeats):
        for raw, line, weight in zip(*gold):
            found = MARKER.search(raw)
            raws.append(glitch_line(line, rates, rng, found.group() if found else None))
            expected.append(line)
            weights.append(weight)
    return raws, expected, weights


@pytest.mark.slow  # aligns 784 lines: about 50 s under load
def test_measuring_simulated_lines_gives_back_the_rates_they_were_drawn_at(gold):
    # The forward model and the measurement count the same points: glitch the gold's own
    # text four times over and measure again (wide bounds: 784 lines of sampling noise).
    rates = GlitchRates()
    again = measure_rates(*_gold_like(gold, rates, 4, seed=4))
    for name, tolerance in (("whole_share", 0.06), ("fragmented_share", 0.08), ("script_cut", 0.05),
                            ("space_cut", 0.02), ("inner_cut", 0.007), ("inner_cut_edge", 0.005),
                            ("justified_share", 0.06), ("kashida_cut", 0.05), ("space_to_previous", 0.1),
                            ("marker_moved", 0.1), ("gap_missing", 0.05), ("range_swap", 0.0)):
        assert abs(getattr(again, name) - getattr(rates, name)) <= tolerance, (name, getattr(again, name))
    assert abs(again.order[0] - rates.order[0]) <= 0.1


@pytest.mark.slow  # aligns 784 lines: about 50 s under load
def test_simulated_lines_are_distributed_as_the_reports(gold):
    # The report's body lines (the gold, weighted) against the gold's own text glitched four
    # times over at the measured rates: as many glitched lines, runs and cuts. Before the rates
    # came from all body lines and the whole kind was added, the simulation glitched 88 % of
    # XQuAD's lines with 4.3 runs each (report: 72 %, 3.4).
    raws, expected, weights = gold
    report_shapes = [shape(r, e) for r, e in zip(raws, expected)]
    report = distribution(report_shapes, weights)
    raws, expected, sim_weights = _gold_like(gold, GlitchRates(), 4, seed=6)
    sim_shapes = [shape(r, e) for r, e in zip(raws, expected)]
    simulated = distribution(sim_shapes, sim_weights)
    assert (round(report.glitched, 3), round(report.runs, 2)) == (0.718, 3.36)
    # A paragraph's short last line is glitched far less (report: 43 % against 78 %).
    short = [distribution([s for s in shapes if s.short], [w for s, w in zip(shapes, ws) if s.short]).glitched
             for shapes, ws in ((report_shapes, weights), (sim_shapes, sim_weights))]
    assert short[0] < 0.5 and abs(short[1] - short[0]) <= 0.08, short
    for name, tolerance in (("glitched", 0.04), ("one_run", 0.04), ("runs", 0.25), ("five_runs_or_more", 0.04),
                            ("kashida_cuts", 0.05), ("inner_cuts", 0.1), ("space_cuts", 0.12),
                            ("stretched", 0.05), ("not_reversal", 0.08)):
        got, want = getattr(simulated, name), getattr(report, name)
        assert abs(got - want) <= tolerance, (name, got, want)


def test_simulated_lines_show_the_reports_symptoms_as_often(gold):
    # Symptoms visible in the raw text alone, counted on all 901 body lines of the report (not
    # only the gold), against the gold's text glitched as often as its weight says.
    symptoms = {
        "double space inside": re.compile(r"(?<=\S)\s{2,}(?=\S)"),
        "one letter alone": re.compile(r"(?:^|\s)[\u0621-\u064a](?:\s|$)"),
        "run opens with tatweel": re.compile(rf"(?:^|\s){TATWEEL}"),
        "any tatweel": re.compile(TATWEEL),
    }

    def shares(lines, weights):
        lines = [MARKER.sub(" ", line).strip() for line in lines]
        return {name: sum(w * bool(p.search(line)) for line, w in zip(lines, weights)) / sum(weights)
                for name, p in symptoms.items()}

    report = glitch_report.body_lines(REPORT.read_text(encoding="utf-8").splitlines())
    raws, _, weights = _gold_like(gold, GlitchRates(), 10, seed=7)
    want, got = shares(report, [1.0] * len(report)), shares(raws, weights)
    assert len(report) == 901
    for name in symptoms:
        assert abs(got[name] - want[name]) <= 0.06, (name, got[name], want[name])
    # Markers written inside the line, not last (at its visual start), as often as the report's.
    inside = {name: statistics.mean(MARKER.search(raw).end() < len(raw.rstrip()) for raw in lines if MARKER.search(raw))
              for name, lines in (("report", report), ("simulated", raws))}
    assert abs(inside["simulated"] - inside["report"]) <= 0.08, inside


def test_symptoms_of_a_gold_line_and_their_breakdown():
    raw = "تســــــجل أي إدانات من ، تراجعت نســــــبة البلدان التي لم ٢٠١٦-٢٠٠٧وخلال الفترة   -٥"
    expected = "وخلال الفترة ٢٠٠٧-٢٠١٦، تراجعت نسبة البلدان التي لم تسجل أي إدانات من"
    found = shape(raw, expected)
    assert (found.glitched, found.runs, found.order, found.stretched) == (True, 4, "reversed", True)
    assert found.symptoms == ("number or Latin run", "cut at a space", "range ends swapped")
    clean = shape("تشارك المنظمة في شراكات ", "تشارك المنظمة في شراكات")
    assert clean.symptoms == ("clean",) and clean.runs == 1
    scores = breakdown([found, clean], [False, True])
    assert [(s.symptom, s.lines, s.exact) for s in scores] == [
        ("clean", 1, 1), ("number or Latin run", 1, 0), ("cut at a space", 1, 0), ("range ends swapped", 1, 0)]


def test_report_text_puts_xquad_in_the_reports_typography():
    assert report_text("متمتعاً بـ أربعة اختيارات، و سان دييغو بـ 2,000 ،") == "متمتعاً بأربعة اختيارات، وسان دييغو ب2,000،"
    assert report_text("غابة ــــ بما يقدّر (  1957 )وفي") == "غابة – بما يقدّر (1957)وفي"
    assert report_text("الملحق(أ) «  نص »") == "الملحق (أ) «نص»"
    assert report_text("بعد نشرترجمة لوثر") == "بعد نشرترجمة لوثر"  # XQuAD's own slips stay
    assert report_text("\u200fنص\ufeff") == "نص"
    if XQUAD_AR.exists():  # no tatweel, and no letter but a proclitic's lost or gained
        for article in json.loads(XQUAD_AR.read_text(encoding="utf-8"))["data"]:
            for p in article["paragraphs"]:
                text = report_text(p["context"])
                assert TATWEEL not in text
                letters = Counter(ch for ch in p["context"] if ch.isalpha() and ch != TATWEEL)
                assert letters == Counter(ch for ch in text if ch.isalpha())


def test_simulate_is_deterministic_for_a_seed_and_marks_first_lines():
    paragraphs = ["الفقرة الأولى " * 12, "الفقرة الثانية في عام ٢٠١٨ " * 8]
    pairs = simulate(paragraphs, seed=3)
    assert pairs == simulate(paragraphs, seed=3)
    assert pairs != simulate(paragraphs, seed=4)
    blank = pairs.index(("", ""))
    first, second = pairs[:blank], pairs[blank + 1 :]
    assert [MARKER.search(raw).group() for raw in (first[0][0], second[0][0])] == ["-١", "-٢"]
    assert not any(MARKER.search(raw) for raw, _ in first[1:] + second[1:])
    for part, paragraph in ((first, paragraphs[0]), (second, paragraphs[1])):
        assert " ".join(expected for _, expected in part) == logical_text(paragraph)
        assert all(TATWEEL not in expected and "  " not in expected for _, expected in part)


def test_wrap_breaks_at_spaces_within_the_width():
    text = "وخلال الفترة ٢٠٠٧-٢٠١٦، تراجعت نسبة البلدان التي لم تسجل أي إدانات من " * 5
    lines = wrap(text + "\u200f", 40)
    assert all(len(line) <= 40 for line in lines)
    assert " ".join(lines) == logical_text(text)
    assert paragraph_marker(139) == "-١٣٩"


def test_line_width_is_the_reports():
    lengths = [len(logical_text(MARKER.sub(" ", line))) for line in REPORT.read_text(encoding="utf-8").splitlines()]
    full = [n for n in lengths if n >= 70]
    assert (len(full), statistics.median(full)) == (761, 85)
    if XQUAD_AR.exists():  # the same median once XQuAD's paragraphs are wrapped at LINE_WIDTH
        data = json.loads(XQUAD_AR.read_text(encoding="utf-8"))["data"]
        wrapped = [len(line) for a in data for p in a["paragraphs"] for line in wrap(p["context"])]
        assert abs(statistics.median(wrapped) - 85) <= 1


def _articles():
    return [["أفادت الدول الأعضاء بأن جهوداً تشريعية قد اضطُلع بها في عام ٢٠١٨ " * 3, "وخلال الفترة " * 20],
            ["تشارك المنظمة في شراكات مع القطاع الخاص والمجتمع " * 4]]


def test_benchmark_counts_exact_lines_with_an_oracle_and_with_no_repair():
    articles = _articles()
    truth = {}
    for i, paragraphs in enumerate(articles):
        truth.update(simulate(paragraphs, seed=f"0/{i}"))
    oracle = repair_bench.run(articles, lambda lines: [truth[line] for line in lines])
    assert (oracle.exact, oracle.exact_glitched, oracle.clean_unchanged) == (oracle.lines, oracle.glitched, oracle.clean)
    assert oracle.symptoms and all(s.exact == s.lines for s in oracle.symptoms)
    untouched = repair_bench.run(articles, lambda lines: lines)
    assert untouched.lines == oracle.lines and untouched.exact_glitched == 0
    # Left as they are, only clean lines can be exact (those not stretched by justification).
    assert all(s.exact == 0 for s in untouched.symptoms if s.symptom != "clean")
    with pytest.raises(repair_bench.SanadError, match="one per line"):
        repair_bench.run(articles, lambda lines: lines[:-1])


def test_benchmark_command_prints_json(tmp_path, capsys):
    path = tmp_path / "contexts.json"
    path.write_text(json.dumps({"data": [{"paragraphs": [{"context": p} for p in a]} for a in _articles()]}), encoding="utf-8")
    assert repair_bench.main(["--contexts", str(path), "--json", "--digits", "arabic-indic"], repair=lambda lines: lines) == 0
    score = json.loads(capsys.readouterr().out)
    assert score["documents"] == 2 and score["digits"] == "arabic-indic" and score["rates"]["marker_gap"] == 2
    assert repair_bench.main(["--contexts", str(path), "--digits", "roman"]) == 2
    assert "Use one of the supported values: ['as-is', 'arabic-indic']" in capsys.readouterr().err


@pytest.mark.skipif(not XQUAD_AR.exists(), reason=f"XQuAD is not at {XQUAD_AR}")
def test_benchmark_runs_on_xquad_with_the_current_repair(capsys):
    assert repair_bench.main(["--limit", "1"]) == 0
    out = capsys.readouterr().out
    assert "repaired exactly:" in out and "clean lines unchanged:" in out and "estimated repair time" in out


def test_examples_in_the_docstrings_run():
    import doctest

    from eval import glitch_align, glitch_text, repair_sim

    for module in (glitch_report, glitch_text, glitch_align, repair_sim):
        assert doctest.testmod(module).failed == 0, module.__name__
