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


def test_which_resolution_marks_the_resolution_symbol():
    from qa.short import AnswerType, answer_type, find

    question = "Which Security Council resolution dealt with it?"
    assert answer_type(question) is AnswerType.RESOLUTION
    assert answer_type("بأي قرار أنشئت خطة العمل؟") is AnswerType.RESOLUTION
    assert answer_type("ما الجهة التي تتولى الرصد؟") is AnswerType.ORGANIZATION  # a body, not a resolution
    sentence = "اعتمد المجلس قراره ٢٣٨٨ (٢٠١٧) بالإجماع"
    span = find(question, sentence)
    assert sentence[span.start : span.end] == "قراره ٢٣٨٨ (٢٠١٧)"
    assert find(question, "اعتمد المجلس خطة") is None
    # What the question already names is not its answer.
    assert find("What did resolution 72/195 ask for?", "طلبت في قرارها ٧٢/١٩٥ تقريراً") is None
