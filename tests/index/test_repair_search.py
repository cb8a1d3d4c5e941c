"""The repair's searches against an enumeration of every reading (style: every fast path has a slow twin).

A line's readings are all the orders of its atoms that the search's steps allow,
with every join or space at each run break (:func:`index.repair.search.steps`).
On lines of at most six atoms they can all be enumerated: the exact search (the
layered search with no beam) must find the cheapest of them, and the beam the
parser uses must find it too on these lines and report each reading at its true
cost.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from eval.repair_search_errors import forced_cost
from index.repair import build_vocabulary, split_marker
from index.repair.atoms import atomize
from index.repair.lines import _search_line, readings
from index.repair.markers import split_item
from index.repair.search import (
    _longer_words,
    final_cost,
    line_space,
    optimistic_costs,
    search,
    starts,
    steps,
)
from index.repair.words import WordModel

GOLD = Path(__file__).parent / "data" / "repair_gold.jsonl"
REPORT = Path(__file__).parents[2] / "index" / "data" / "a74-trafficking.txt"
MAX_ATOMS = 6


def enumerate_readings(space) -> dict[str, float]:
    """Every reading's text and cost, by depth-first enumeration of every path (no merging)."""
    full = (1 << len(space.atoms)) - 1
    out: dict[str, float] = {}

    def walk(state, cost, text):
        if state.used == full:
            total = final_cost(space, state, cost)
            out[text] = min(total, out.get(text, float("inf")))
            return
        for new, c, piece in steps(space, state, cost):
            walk(new, c, text + piece)

    for state, cost, piece in starts(space):
        walk(state, cost, piece)
    return out


@pytest.fixture(scope="module")
def small_lines():
    """Gold lines of 3 to MAX_ATOMS atoms, each with its word model over the whole report."""
    lines = REPORT.read_text(encoding="utf-8").splitlines()
    vocabulary = build_vocabulary(lines)
    out = []
    for row in map(json.loads, GOLD.read_text(encoding="utf-8").splitlines()):
        body = split_item(split_marker(row["raw"])[1].replace("\u00a0", " "))[1].strip()
        words = WordModel(vocabulary, body)
        atoms, bounds = atomize(body, words)
        if 3 <= len(atoms) <= MAX_ATOMS:
            out.append((row["line"], atoms, bounds, words))
    assert len(out) >= 10  # measured: 17 gold lines
    return out


def test_the_exact_search_finds_the_cheapest_reading(small_lines):
    for line, atoms, bounds, words in small_lines:
        for context in (("", ""), ("لمكافحة الاتِّجار", "بالأشخاص في")):
            every = enumerate_readings(line_space(atoms, bounds, words, *context))
            layered = search(atoms, bounds, words, *context, beam=None, limit=len(every))
            assert layered[0].cost == pytest.approx(min(every.values())), line
            for reading in layered:
                # Merging states keeps the cheapest way into each, so a reading is never dearer than reported.
                assert every[reading.text] == pytest.approx(reading.cost), line


def test_the_beam_finds_the_cheapest_reading_of_small_lines(small_lines):
    for line, atoms, bounds, words in small_lines:
        every = enumerate_readings(line_space(atoms, bounds, words))
        beam = search(atoms, bounds, words)
        assert beam[0].cost == pytest.approx(min(every.values())), line
        assert every[beam[0].text] == pytest.approx(beam[0].cost), line


def test_a_narrow_beam_reports_real_readings():
    """A beam of 2 may miss the cheapest reading, never report one cheaper than it is."""
    vocabulary = build_vocabulary(REPORT.read_text(encoding="utf-8").splitlines())
    body = "المتحدة لمكافحة الجريمة ٢٠١٨ الأمم"
    words = WordModel(vocabulary, body)
    atoms, bounds = atomize(body, words)
    every = enumerate_readings(line_space(atoms, bounds, words))
    for reading in search(atoms, bounds, words, beam=2):
        assert every[reading.text] == pytest.approx(reading.cost)
        assert reading.cost >= min(every.values()) - 1e-9


@pytest.fixture(scope="module")
def report_vocabulary():
    return build_vocabulary(REPORT.read_text(encoding="utf-8").splitlines())


def _report_body(number: int) -> str:
    raw = REPORT.read_text(encoding="utf-8").splitlines()[number - 1]
    return split_item(split_marker(raw)[1].replace("\u00a0", " "))[1]


def test_the_finer_atoms_hold_every_reading_of_the_coarser_at_its_cost(report_vocabulary):
    """What makes pooling the two searches sound (``lines._search_line``): the hidden breaks only add
    atoms, and each reading of the coarser atoms is a reading of the finer at the same cost.

    Report line 588 ('الاتِّجار' cut at the line's end as 'الا|تِّ|ج') is small enough to enumerate both (line
    447's 'تدابيرها', used before, is no longer cut: the word is priced by its stem, words._completed)."""
    body = _report_body(588).strip()
    words = WordModel(report_vocabulary, body)
    fine, coarse = atomize(body, words), atomize(body, words, hidden=False)
    assert len(fine[0]) > len(coarse[0])
    finer = enumerate_readings(line_space(*fine, words))
    for text, cost in enumerate_readings(line_space(*coarse, words)).items():
        assert finer[text] == pytest.approx(cost), text


# Report lines (each alone, the search's best reading) that the beam read right before the hidden
# breaks inside glued words and lost once they came: 801 and 861 got more atoms ('كاف|حة',
# 'أو|ل|باعتبارها').
KEPT = {
    801: "الرصد الذي يقوم به فريق الخبراء المعني بمكافحة الاتِّجار بالبشر، أو من خلال بناء القدرات وأنشطة",
    861: "باعتبارها أول منظمة إقليمية تقيم شراكة مع فريق التنسيق المشترك بين الوكالات لمكافحة الاتِّجار",
}


@pytest.mark.parametrize("number", sorted(KEPT))
def test_the_hidden_breaks_keep_the_readings_found_without_them(report_vocabulary, number):
    assert readings(_report_body(number), report_vocabulary).searched[0].text == KEPT[number]


# Lines whose right reading is a rotation of the search's best: the line alone cannot tell them
# (index.repair.rotation), so the search must hand the rotation on for the neighbouring lines to choose.
# 119 ties with its rotations (one break each, no pair lost); 1123's rotation saves two jumps (75.0
# against 86.0), and the report's repair shows that rotation on main too. Before search._replay these
# two were pinned as the search's best, which only a beam that missed the cheaper rotation gave.
ROTATED = {
    119: "لبريطانيا العظمى وأيرلندا الشمالية، ميانمار، النمسا، هنغاريا، الولايات المتحدة الأمريكية.",
    1123: "النساء والأطفال، الذي أنشأته خطة عمل الأمم المتحدة العالمية لمكافحة الاتِّجار بالأشخاص، وبخاصة",
}


@pytest.mark.parametrize("number", sorted(ROTATED))
def test_the_search_hands_on_the_rotations_of_its_best_reading(report_vocabulary, number):
    body = _report_body(number)
    searched = readings(body, report_vocabulary).searched
    found = {c.text: c.cost for c in searched}
    assert ROTATED[number] in found
    words = WordModel(report_vocabulary, body.strip())
    assert found[ROTATED[number]] == pytest.approx(forced_cost(body, words, ROTATED[number]))


def test_every_reading_the_beam_reports_is_real(small_lines):
    """The rotations search._replay adds are priced as the enumeration prices them."""
    for line, atoms, bounds, words in small_lines:
        every = enumerate_readings(line_space(atoms, bounds, words))
        for reading in search(atoms, bounds, words, limit=len(every)):
            assert every[reading.text] == pytest.approx(reading.cost), (line, reading.text)


def test_an_estimate_is_never_dearer_than_the_word(report_vocabulary):
    """The beam ranks partial readings with ``WordModel.estimate``: a word still growing must not be
    priced as a glued one ('أنش' of 'أنشأته'), nor a string the glue rules price higher."""
    words = WordModel(report_vocabulary, "")
    for text in ("أنش", "متحصلفدياتعليها", "اًبلد", "الاتِّجار", "بالأشخاص"):
        assert words.estimate(text) <= words.word(text) + 1e-9, text
    assert words.estimate("بالأشخاص") == words.word("بالأشخاص")
    assert words.estimate("متحصلفدياتعليهاشخصابطت") < words.word("متحصلفدياتعليهاشخصابطت")


def test_a_growing_word_is_ranked_as_the_commonest_word_it_begins():
    """``search._longer_words``: the beam prices an open token at the cheaper of itself and the
    document's commonest longer word with that prefix; pairs and the word itself are no completion."""
    vocabulary = Counter({"الاستغلال": 5, "الاستراتيجية": 2, "الاستغلالي": 1, "بقصد الاستغلال": 3})
    longer = _longer_words(vocabulary)
    assert longer["الاستغ"] == "الاستغلال"
    assert longer["الاس"] == "الاستغلال"
    assert longer["الاستر"] == "الاستراتيجية"
    assert longer["الاستغلال"] == "الاستغلالي"
    assert longer["ا"] == "الاستغلال"  # one letter is a growing word too (report line 1157, 'ا' of 'الأول')
    assert "بقصد" not in longer


# Tuning-half gold lines whose expected reading the BEAM=40 search lost with the old ranking (its own
# cost cheaper than the beam's best: eval.repair_search_errors) and finds, or beats, with the deferred
# costs and the growing word's completion in the rank.
FOUND = (956, 1100)


@pytest.mark.parametrize("number", FOUND)
def test_the_beam_keeps_readings_that_pay_early(report_vocabulary, number):
    gold = {row["line"]: row for row in map(json.loads, GOLD.read_text(encoding="utf-8").splitlines())}
    label, body = split_item(split_marker(gold[number]["raw"])[1].replace("\u00a0", " "))
    expected = gold[number]["expected"].split(" ", 1)[1] if label else gold[number]["expected"]
    words = WordModel(report_vocabulary, body.strip())
    assert _search_line(body, words)[0][0].cost <= forced_cost(body, words, expected) + 1e-6


def test_a_surely_whole_word_keeps_its_cost_in_the_ranking(report_vocabulary):
    """``search.optimistic_costs``: a word seen in the document keeps its own cost; a lone letter
    that may join it is bounded by what the join adds. Ranked at half their best join with a stray
    letter, the whole words of report line 626 (¶68) sat up to 4.5 below their cost, and partial
    readings that had placed them lost to those that placed the kashida-cut letters first."""
    body = _report_body(626).strip()
    words = WordModel(report_vocabulary, body)
    atoms, _ = atomize(body, words)
    alone = dict(zip((a.text for a in atoms), optimistic_costs(atoms, words)))
    for word in ("تدعم", "مجلس", "قراري", "إدارة"):
        assert alone[word] == pytest.approx(words.estimate(word)), word
    assert 0.0 <= alone["ت"] < words.estimate("ت")


# Report lines (not gold lines) whose right reading one of the beam's two rankings loses (search.RANKINGS):
# 626, ¶68's 'قراري مجلس الأمن ٢٣٣١ (٢٠١٦) و٢٣٨٨' (question u084), lost among kashida fragments' optimistic
# joins by the half-join ranking (80.5 against 76.5); 614, ¶66's '… مع الاضطلاع بأنشطة في هذا الشأن'
# (u082, q036), lost by the whole-word ranking (93.1 against 85.1). Both rankings run; the cheaper wins.
RIGHT = {
    614: "والاتِّجار بالأشخاص، مع الاضطلاع بأنشطة في هذا الشأن على الصعيد الميداني في جمهورية",
    626: "تدعم إدارة عمليات السلام، تماشياً مع قراري مجلس الأمن ٢٣٣١ (٢٠١٦) و٢٣٨٨",
}


@pytest.mark.parametrize("number", sorted(RIGHT))
def test_the_two_rankings_find_what_either_loses(report_vocabulary, number):
    body = _report_body(number)
    words = WordModel(report_vocabulary, body.strip())
    best = _search_line(body, words)[0][0]
    assert best.text == RIGHT[number]
    assert best.cost == pytest.approx(forced_cost(body, words, RIGHT[number]))
