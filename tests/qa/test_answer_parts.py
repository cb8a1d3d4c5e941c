from index.sentences import split_sentences
from qa.results import citation_label


def test_sentences_keep_their_spans():
    text = "أولى الجمل. ثانية؛ ثالثة؟ Fourth one. خامسة"
    spans = split_sentences(text)
    assert [text[a:b] for a, b in spans] == ["أولى الجمل.", "ثانية؛", "ثالثة؟", "Fourth one.", "خامسة"]


def test_citation_labels():
    assert citation_label(3) == "الفقرة ٣"
    assert citation_label(139, ("د", "٣")) == "الفقرة ١٣٩ (د) ‘٣’"
    assert citation_label(None) == "الملخص"
