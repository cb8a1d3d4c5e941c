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


def test_which_resolution_prefers_a_sentence_with_a_resolution_symbol():
    from qa.answer import _type_bonus

    assert _type_bonus("Which Security Council resolution dealt with it?", "اعتمد المجلس قراره ٢٣٨٨ (٢٠١٧)") > 0
    assert _type_bonus("بأي قرار أنشئت خطة العمل؟", "في قرارها ٦٤/٢٩٣") > 0
    assert _type_bonus("Which Security Council resolution dealt with it?", "اعتمد المجلس خطة") == 0
    assert _type_bonus("ما الجهة التي تتولى الرصد؟", "في قرارها ٦٤/٢٩٣") == 0
