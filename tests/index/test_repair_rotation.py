"""Tests of ``index.repair.rotation``: where a repaired line starts.

Synthetic lines (not the report's words) for each mechanism; the real report's
clean and rotated lines are checked through ``repair_document`` in test_repair.py.
"""

from __future__ import annotations

import math
from collections import Counter

import pytest

from index.repair.lines import ROTATION, ROTATION_FILE_ORDER, Readings, choose
from index.repair.rotation import (
    Openers,
    best_rotation,
    breaks,
    candidates,
    ends_sentence,
    word_class,
)
from index.repair.seams import Edges
from index.repair.search import Candidate
from index.repair.words import WordModel

# A paragraph's first line as read (its runs reordered, starting at the wrong word) and as written.
READ = "المدرسة القريبة من البيت وفي الصباح الباكر ذهب الطالب إلى"
WRITTEN = "وفي الصباح الباكر ذهب الطالب إلى المدرسة القريبة من البيت"
# The class ratios Openers.from_lines measures on the report (rounded): a definite noun to a conjunction
# gains 4.28, enough to rotate a repaired reading (ROTATION 4), not the file's order (6).
REPORT_OPENERS = Openers({"و": 1.93, "ف": -0.53, "ال": -2.35, "other": -1.21})

# Sentences opening with a conjunction, as Arabic prose does (counted by Openers.from_lines).
DOCUMENT = [
    "قرأ الولد الكتاب. وفي المساء كتب الرسالة. وقد وصلت الرسالة إلى البيت.",
    "ذهبت الأسرة إلى السوق. وبعد ذلك عادت إلى المنزل. وكان الطقس جميلا.",
]


def _readings(text: str, file_order: str = "file order") -> Readings:
    return Readings(None, [Candidate(text, 10.0)], None, WordModel(Counter(), outside={}), file_order)


def test_openers_are_counted_per_word_class_on_the_document():
    ratios = Openers.from_lines(DOCUMENT).ratios
    # Four sentences open after a stop, all with و, among 24 words of which 5 start with و and 10 with ال.
    # Add-one smoothing over the four classes.
    assert ratios["و"] == pytest.approx(math.log((4 + 1) / (4 + 4)) - math.log((5 + 1) / (24 + 4)))
    assert ratios["ال"] == pytest.approx(math.log((0 + 1) / (4 + 4)) - math.log((10 + 1) / (24 + 4)))


def test_a_letter_written_onto_a_number_is_no_conjunction():
    assert word_class("وفي") == "و"
    assert word_class("و٢٠١٨") == "other"
    assert word_class("(والتعاون") == "و"


def test_sentence_starts_are_the_first_word_when_the_line_opens_one_and_every_word_after_a_stop():
    openers = REPORT_OPENERS
    w, al = openers.ratios["و"], openers.ratios["ال"]
    assert openers.starts("الطالب ذهب. وفي الصباح", opens=True) == pytest.approx(al + w)
    assert openers.starts("الطالب ذهب. وفي الصباح", opens=False) == pytest.approx(w)
    assert openers.starts("٢٠١٨ الطالب", opens=True) == 0.0  # a number opens no word class
    assert ends_sentence("ذهب الطالب.") and not ends_sentence("ذهب الطالب،")


def test_candidates_are_the_rotations_at_each_space():
    assert candidates("أ ب ج", lambda a, b: False) == [("ب ج أ", False), ("ج أ ب", False)]


def test_a_stop_glued_to_a_word_is_an_evident_cut():
    got = dict(candidates("الأخير.من هنا إلى", lambda a, b: False))
    assert got["من هنا إلى الأخير."] is True
    assert got["هنا إلى الأخير. من"] is False


def test_a_word_cut_across_the_line_ends_is_joined_in_every_rotation():
    got = candidates("رسة القريبة ذهب إلى المد", lambda last, first: last + first == "المدرسة")
    assert ("ذهب إلى المدرسة القريبة", True) in got
    assert ("المدرسة القريبة ذهب إلى", True) in got
    assert not any("المد " in text for text, _ in got if _)


def test_best_rotation_charges_its_threshold():
    score = {"ب أ": 0.0, "أ ب": 5.0}.get
    assert best_rotation("أ ب", score, 4.0, lambda a, b: False, 1.0) == (1.0, "ب أ")
    assert best_rotation("أ ب", score, 6.0, lambda a, b: False, 1.0) == (0.0, "أ ب")


def test_a_paragraphs_first_line_opens_with_a_sentence_opener():
    paragraph = Edges(starts=True, sentence=True)
    assert choose(_readings(READ), "نص سابق.", "بالحافلة", paragraph, REPORT_OPENERS).text == WRITTEN


def test_a_list_item_or_heading_is_no_sentence():
    """An item's or a heading's first line opens its unit, but not with a sentence's words."""
    item = Edges(starts=True, sentence=False)
    assert choose(_readings(READ), "التالية:", "بالحافلة", item, REPORT_OPENERS).text == READ


def test_a_line_after_a_stop_opens_a_sentence():
    assert choose(_readings(READ), "نص سابق.", "بالحافلة", Edges(), REPORT_OPENERS).text == WRITTEN
    assert choose(_readings(READ), "نص سابق", "بالحافلة", Edges(), REPORT_OPENERS).text == READ


def test_the_file_order_needs_more_evidence_than_a_repaired_reading():
    """A line the extraction left in its own order is rotated only on strong evidence: one sentence
    opener is not enough."""
    paragraph = Edges(starts=True, sentence=True)
    assert ROTATION_FILE_ORDER > ROTATION
    assert choose(_readings(READ, file_order=READ), "نص سابق.", "بالحافلة", paragraph, REPORT_OPENERS).text == READ


def test_a_units_first_line_never_opens_with_a_stop():
    """A heading's first line read from a stop ('…: تتمة العنوان' read as ': تتمة …') has nothing of its own
    before it for the stop to close, so the line's own order is no evidence: it rotates on little."""
    heading = Edges(starts=True)
    read = ": تتمة العنوان الطويل بداية العنوان"
    got = choose(_readings(read, file_order=read), "", "", heading, REPORT_OPENERS).text
    assert not got.startswith(":") and ":" in got
    # Inside a paragraph the stop may close the line before: the file's order stays.
    assert choose(_readings(read, file_order=read), "نص سابق", "", Edges(), REPORT_OPENERS).text == read


def test_breaks_count_the_neighbours_the_printed_line_does_not_have():
    printed = "مهارات القراءة الحديثة لتنمية"
    assert breaks(printed, printed) == 0
    assert breaks("الحديثة لتنمية مهارات القراءة", printed) == 1  # the two runs swapped
    assert breaks("القراءة الحديثة لتنمية مهارات", printed) == 1  # the same ring, started elsewhere
    assert breaks("القراءة مهارات لتنمية الحديثة", printed) == 3  # every neighbour new


def _heading_ring() -> Readings:
    # A heading line printed as two runs in reverse ('مهارات القراءة' | 'الحديثة لتنمية'); the search read the
    # ring but started it at another word, which costs the same run breaks.
    words = WordModel(Counter({"الطرق الحديثة": 2}), outside={})
    return Readings(None, [Candidate("القراءة الحديثة لتنمية مهارات", 10.0)], None, words,
                    "مهارات القراءة الحديثة لتنمية")


def test_a_heading_line_rotates_on_its_seam_when_the_rotation_makes_no_more_run_breaks():
    """Report line 66 (chapter II's heading): the rotation that continues 'لمكافحة الجريمة' with 'المنظمة'
    gains one seam (2.0), less than ROTATION but more than ROTATION_EVIDENT; the rotation moves no run
    break, so a heading line, whose only evidence is its seams, takes it. A body line does not: there the
    sentence openers make such rotations noisy (tuning half 73 of 114 with it on every line, 75 without)."""
    line = _heading_ring()
    assert choose(line, "الطرق", "", Edges(heading=True)).text == "الحديثة لتنمية مهارات القراءة"
    assert choose(line, "الطرق", "", Edges()).text == "القراءة الحديثة لتنمية مهارات"
    # The printed order itself is never rotated this way: its rotation adds a run break.
    printed = line._replace(searched=[Candidate("مهارات القراءة الحديثة لتنمية", 10.0)])
    assert choose(printed, "الطرق", "", Edges(heading=True)).text == "مهارات القراءة الحديثة لتنمية"
