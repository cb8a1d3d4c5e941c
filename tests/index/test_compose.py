"""What BM25 and the encoder see of a passage: headings, text, sub-items."""

import doctest

import numpy as np
import pytest

from index import compose
from index.compose import SectionText
from index.common import SanadError
from index.passage import DocRef, Passage, SubItem
from index.store import IndexConfig, Store

DOC = DocRef("d", "D")
PATH = ("تاسعاً - التوصيات", "ألف - الدول الأعضاء")
LEAD = "يوصى بما يلي: "
TEXT = LEAD + "(أ) تشجيع الدول؛ (ب) دعوة الدول إلى: ‘١’ التعاون؛ ‘٢’ الحماية"


def passage(number=1, section=PATH, text=TEXT, items=()):
    return Passage(f"d#{number}", DOC, number, section, text, items=items)


def items_of(text):
    def span(marker, end_marker=None):
        start = text.index(marker)
        return start, text.index(end_marker) - 1 if end_marker else len(text)

    a, b, b1, b2 = span("(أ)", "(ب)"), span("(ب)"), span("‘١’", "‘٢’"), span("‘٢’")
    return (SubItem(("أ",), *a), SubItem(("ب",), *b), SubItem(("ب", "١"), *b1), SubItem(("ب", "٢"), *b2))


def test_docstring_examples_run():
    assert doctest.testmod(compose).failed == 0


def test_heading_drops_the_ordinal_label_only():
    assert compose.heading("تاسعاً - التوصيات") == "التوصيات"
    assert compose.heading("٣ - الملاحقة القضائية والعقاب") == "الملاحقة القضائية والعقاب"
    assert compose.heading("خامساً - : تحديث للمعلومات") == "تحديث للمعلومات"
    assert compose.heading("ملخص") == "ملخص"


@pytest.mark.parametrize(
    "which, expected",
    [
        (SectionText.NONE, TEXT),
        (SectionText.INNERMOST, "الدول الأعضاء\n" + TEXT),
        (SectionText.CHAPTER, "التوصيات\n" + TEXT),
        (SectionText.PATH, "التوصيات\nالدول الأعضاء\n" + TEXT),
    ],
)
def test_search_text_takes_the_headings_asked_for(which, expected):
    assert compose.search_text(passage(), which) == expected


def test_a_passage_without_section_is_its_text_alone():
    assert compose.search_text(passage(section=()), SectionText.PATH) == TEXT


def test_every_innermost_item_comes_behind_every_lead_in():
    texts = compose.item_texts(passage(items=items_of(TEXT)), SectionText.NONE)
    assert texts == [
        LEAD + "(أ) تشجيع الدول؛",
        LEAD + "(ب) دعوة الدول إلى: ‘١’ التعاون؛",
        LEAD + "(ب) دعوة الدول إلى: ‘٢’ الحماية",
    ]
    assert compose.item_texts(passage()) == []


class Recording:
    """An encoder that records what it embeds: one 2-d vector per text, owner by position."""

    name = "recording"

    def __init__(self):
        self.seen = []

    def encode_passages(self, texts, show_progress=False):
        self.seen.append(list(texts))
        vectors = np.tile(np.array([[1.0, 0.0]], dtype=np.float32), (len(texts), 1))
        return vectors, np.arange(len(texts))

    def encode_queries(self, texts):
        return np.tile(np.array([[1.0, 0.0]], dtype=np.float32), (len(texts), 1))


def test_item_vectors_are_pieces_of_their_paragraph():
    passages = [passage(1, text="فقرة أولى."), passage(2, items=items_of(TEXT))]
    encoder = Recording()
    store = Store.build(passages, encoder, IndexConfig.for_model("recording", item_vectors=True))
    windows, items, sentences = encoder.seen[0], encoder.seen[1], encoder.seen[2]
    assert windows == ["الدول الأعضاء فقرة أولى.", "الدول الأعضاء " + TEXT]  # embedding_text joins lines
    assert len(items) == 3 and all(text.startswith("الدول الأعضاء " + LEAD) for text in items)
    assert store.dense.owner.tolist() == [0, 1, 1, 1, 1]
    assert store.manifest.counts.item_vectors == 3 and store.manifest.counts.windows == 5
    assert not any("الدول الأعضاء" in text for text in sentences)  # sentences stay bare by default
    plain = Store.build(passages, Recording(), IndexConfig.for_model("recording", item_vectors=False))
    assert plain.dense.owner.tolist() == [0, 1] and plain.manifest.counts.item_vectors == 0


def test_sentence_section_puts_the_heading_on_every_sentence_vector():
    encoder = Recording()
    Store.build([passage(1, text="الأولى. الثانية")], encoder, IndexConfig.for_model("recording", sentence_section="chapter"))
    assert encoder.seen[-1] == ["التوصيات الأولى.", "التوصيات الثانية"]


def test_a_bad_section_value_names_the_valid_ones():
    with pytest.raises(SanadError, match="'innermost'.*'chapter'.*'path'"):
        IndexConfig(bm25_section="chapters")
