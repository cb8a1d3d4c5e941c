"""Tests of ``index.repair.seams``: the text across a line break, and where a paragraph starts and ends."""

from __future__ import annotations

from collections import Counter

from index.repair.lines import Readings, choose
from index.repair.markers import roles
from index.repair.seams import ENDER_SEEN, OPEN_END, Edges, Enders, Seams, edges
from index.repair.search import Candidate
from index.repair.words import PAIR_BONUS, WordModel

# A paragraph's first line and the same words rotated: which one a line's context favours.
FIRST = "وفي إطار البرنامج على منع الاتِّجار بالأشخاص وتهريب المهاجرين،"
ROTATED = "بالأشخاص وتهريب المهاجرين، وفي إطار البرنامج على منع الاتِّجار"


def _words() -> WordModel:
    return WordModel(Counter({"الاتجار بالأشخاص": 3}), outside={})


def test_a_pair_across_punctuation_is_no_seam():
    seams = Seams(_words())
    assert seams.pair("مكافحة الاتِّجار", "بالأشخاص وتهريب") == -PAIR_BONUS
    # The document's pairs never span a stop or a comma, so neither does a seam.
    assert seams.pair("مكافحة الاتِّجار.", "بالأشخاص وتهريب") == 0.0
    assert seams.pair("مكافحة الاتِّجار،", "بالأشخاص وتهريب") == 0.0
    assert seams.pair("", "بالأشخاص") == seams.pair("الاتِّجار", "") == 0.0


def test_edges_come_from_the_markers():
    lines = [
        "نص الفقرة الأولى  -١",  # a paragraph marker: starts
        "",
        "وتتمة الفقرة الأولى.",  # the next non-blank line starts: ends
        "الفقرة الثانية  -٢",
        "ما يلي:",
        "  (أ)  البند الأول؛",  # a list item: starts
        "تتمة",
        "",
        "",
        "بعد سطرين فارغين  -٣",  # three lines on: "تتمة" is not taken to end its unit
    ]
    got = edges(lines)
    assert [e.starts for e in got] == [True, False, False, True, False, True, False, False, False, True]
    assert [e.ends for e in got] == [False, False, True, False, True, False, False, False, False, False]
    # Only a numbered paragraph's first line opens a sentence; a list item opens no sentence.
    assert [e.sentence for e in got] == [True, False, False, True, False, False, False, False, False, True]


def test_a_heading_opens_its_unit_but_no_sentence():
    got = edges(["نطاق التقرير  -ثانياً", "عنوان القسم  -ألف", "نص الفقرة  -١٢"])
    assert [e.starts for e in got] == [True, True, True]
    assert [e.sentence for e in got] == [False, False, True]


def test_a_heading_runs_from_its_marker_to_the_next_marker():
    """Headings are told from paragraphs by the numbering (markers.roles): paragraph numbers run on,
    sub-headings restart after every chapter or section heading."""
    lines = ["عنوان الفصل  -أولاً", "تتمة العنوان", "", "نص الفقرة  -١", "تتمة الفقرة",
             "عنوان فرعي  -١", "نص الفقرة التالية  -٢"]
    assert roles(lines) == ["heading", None, None, "paragraph", None, "heading", "paragraph"]
    got = edges(lines)
    assert [e.heading for e in got] == [True, True, True, False, False, True, False]
    # A sub-heading's number is no paragraph's: it opens no sentence.
    assert [e.sentence for e in got] == [False, False, False, True, False, False, True]


def test_a_headings_last_line_ends_without_a_stop():
    """A heading never ends with a stop and its seam with the paragraph after is no text: its last line
    pays no OPEN_END (once this rotated the heading 'التوعية: أنشطة …' to end on its colon)."""
    seams = Seams(_words())
    assert seams.around("عنوان بلا نقطة", "", "", Edges(ends=True, heading=True)) == 0.0
    assert seams.around("عنوان بلا نقطة:", "", "", Edges(ends=True, heading=True)) == 0.0


def test_a_headings_last_line_does_not_end_on_a_word_that_never_closes_a_clause():
    """Report line 1224, chapter VIII's last heading line, read '… بالأشخاص فيما' (the search's best by 1.0;
    the right '… والجريمة، فيما يتعلق … بالأشخاص' second). 'فيما' is frequent in the document and never
    stands before a stop or a comma (seams.Enders)."""
    lines = ["قرأ الطالب الكتاب فيما كان المعلم يكتب، ثم خرج."] * ENDER_SEEN + ["وعاد الطالب إلى البيت."]
    enders = Enders.from_lines(lines)
    assert "فيما" in enders.never and "الطالب" in enders.never
    assert "يكتب" not in enders.never and "البيت" not in enders.never  # seen before a stop
    seams = Seams(_words(), enders)
    heading_end = Edges(ends=True, heading=True)
    assert seams.around("ما يتعلق بالبيت فيما", "", "", heading_end) == OPEN_END
    assert seams.around("فيما يتعلق بالبيت", "", "", heading_end) == 0.0
    assert Seams(_words()).around("ما يتعلق بالبيت فيما", "", "", heading_end) == 0.0  # no counts, no charge


def test_a_units_last_line_ends_with_a_stop():
    seams = Seams(_words())
    assert seams.around("نص ينتهي.", "", "", Edges(ends=True)) == 0.0
    assert seams.around("نص لا ينتهي", "", "", Edges(ends=True)) == OPEN_END


def _paragraph_start() -> Readings:
    # Two readings with the same words and the same search cost: only the context can tell.
    return Readings(None, [Candidate(FIRST, 10.0), Candidate(ROTATED, 10.0)], None, _words(), "file order")


def test_a_stop_before_the_line_does_not_pull_its_continuation_first():
    """Paragraph 55's line once read 'بالأشخاص … الاتِّجار': the line before ends 'الاتِّجار.', and
    the pair 'الاتِّجار بالأشخاص' across that stop was taken for a seam."""
    assert choose(_paragraph_start(), "الرامية إلى مكافحة الاتِّجار.").text == FIRST
    assert choose(_paragraph_start(), "الرامية إلى مكافحة الاتِّجار").text == ROTATED


def test_a_paragraphs_first_line_has_no_text_before_it():
    line = _paragraph_start()
    before = "الرامية إلى مكافحة الاتِّجار"  # say a heading without a stop
    assert choose(line, before, edge=Edges(starts=True)).text == FIRST
