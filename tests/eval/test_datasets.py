import json

import pytest

from eval import datasets
from eval.datasets import EvalQuestion, ReportSet, Split, load_jsonl, load_paired, load_report_set, load_squad, resolve, split_of
from index.common import InputFileError, OptionError


def write_jsonl(path, rows):
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r, ensure_ascii=False)) + "\n" for r in rows), encoding="utf-8")
    return path


def squad(articles):
    """``articles``: {title: [(context, [(id, question, answer), …]), …]}."""
    return {
        "version": "1.1",
        "data": [
            {
                "title": title,
                "paragraphs": [
                    {
                        "context": context,
                        "qas": [
                            {"id": qid, "question": q, "answers": [{"answer_start": max(0, context.find(a)), "text": a}]}
                            for qid, q, a in qas
                        ],
                    }
                    for context, qas in paragraphs
                ],
            }
            for title, paragraphs in articles.items()
        ],
    }


def write_json(path, data):
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


AR = squad(
    {
        "Fiji": [
            ("فيجي دولة جزرية في المحيط الهادئ.", [("q1", "أين تقع فيجي؟", "المحيط الهادئ")]),
            ("عاصمة فيجي هي سوفا.", [("q2", "ما عاصمة فيجي؟", "سوفا"), ("q3", "ما هي سوفا؟", "عاصمة فيجي")]),
        ],
        "Nile": [
            ("النيل أطول نهر في أفريقيا.", [("q4", "ما أطول نهر في أفريقيا؟", "النيل")]),
            ("فيجي دولة جزرية في المحيط الهادئ.", [("q5", "ما هي فيجي؟", "دولة جزرية")]),  # repeated context
        ],
    }
)
EN = squad(
    {
        "Fiji": [
            ("Fiji is an island country in the Pacific.", [("q1", "Where is Fiji?", "Pacific")]),
            ("The capital of Fiji is Suva.", [("q3", "What is Suva?", "capital"), ("q2", "What is Fiji's capital?", "Suva")]),
        ],
        "Nile": [
            ("The Nile is the longest river in Africa.", [("q4", "Longest river in Africa?", "Nile")]),
            ("Fiji is an island country in the Pacific.", [("q5", "What is Fiji?", "island country")]),
        ],
    }
)


# --- JSONL ---------------------------------------------------------------------------------------


def test_jsonl_rows_become_questions(tmp_path):
    path = write_jsonl(
        tmp_path / "qa.jsonl",
        [
            {"id": "r1", "kind": "fact", "question": " ما هي فيجي؟ ", "gold": [3, 5, 3], "answer": "فيجي", "lang": "ar"},
            {"question": "Who?", "gold": [], "lang": "en"},
            "",
            {"question": "Other doc", "gold": [2], "doc": "notes"},
        ],
    )
    dataset = load_jsonl(path)
    assert dataset.name == "qa" and dataset.passages is None
    report = datasets.default_doc_id()
    assert report == "a74-trafficking"
    first, second, third = dataset.questions
    assert first == EvalQuestion("r1", "ما هي فيجي؟", report, (3, 5), "فيجي", "ar", f"{path}:1", kind="fact")
    assert first.gold_keys() == {(report, 3), (report, 5)}
    assert not second.answerable and second.answer == "" and second.id == "2"
    assert third.doc == "notes" and third.source == f"{path}:4"


def test_resolve_picks_the_loader_by_name(tmp_path):
    write_jsonl(tmp_path / "a.jsonl", [{"question": "q", "gold": [1]}])
    write_json(tmp_path / "b.json", AR)
    assert resolve(tmp_path / "a.jsonl").passages is None
    assert resolve(str(tmp_path / "b.json")).passages is not None
    with pytest.raises(InputFileError, match=r"c\.csv: unknown dataset format"):
        resolve(tmp_path / "c.csv")
    assert datasets.bundled_report_dataset().name == "report_qa.jsonl"


def test_history_becomes_role_content_pairs(tmp_path):
    turns = [{"role": "user", "content": " When did Japan ratify? "}, {"role": "assistant", "content": "On 11 July 2017."}]
    path = write_jsonl(tmp_path / "qa.jsonl", [{"question": "What about Fiji?", "gold": [3], "history": turns}, {"question": "q", "gold": []}])
    follow_up, plain = load_jsonl(path).questions
    assert follow_up.history == (("user", "When did Japan ratify?"), ("assistant", "On 11 July 2017."))
    assert follow_up.turns() == [{"role": "user", "content": "When did Japan ratify?"}, {"role": "assistant", "content": "On 11 July 2017."}]
    assert plain.history == () and plain.turns() == []


@pytest.mark.parametrize(
    "history, message",
    [
        ('"hi"', r"qa\.jsonl:2: 'history' must be a list of turns"),
        ('{"role": "user"}', r"qa\.jsonl:2: 'history' must be a list of turns"),
        ('["hi"]', r"qa\.jsonl:2: history\[0\] must be an object with 'role' and 'content', got str"),
        ('[{"content": "hi"}]', r"qa\.jsonl:2: history\[0\]\.role is None\. Use one of the supported values: \['user', 'assistant'\]"),
        (
            '[{"role": "user", "content": "a"}, {"role": "system", "content": "b"}]',
            r"history\[1\]\.role is 'system'\. Use one of the supported values: \['user', 'assistant'\]",
        ),
        ('[{"role": "user", "content": " "}]', r"qa\.jsonl:2: history\[0\]\.content must be a non-empty string"),
        ('[{"role": "user", "content": 3}]', r"qa\.jsonl:2: history\[0\]\.content must be a non-empty string"),
    ],
)
def test_a_bad_history_names_the_line_and_the_turn(tmp_path, history, message):
    path = write_jsonl(tmp_path / "qa.jsonl", [{"question": "fine", "gold": [1]}, f'{{"question": "q", "gold": [1], "history": {history}}}'])
    with pytest.raises(InputFileError, match=message):
        load_jsonl(path)


def test_split_of_is_the_documented_hash_rule():
    import hashlib

    for qid in ("q001", "q050", "u001", "u002", "anything else"):
        odd = int(hashlib.sha256(("sanad-split:" + qid).encode()).hexdigest(), 16) % 2 == 1
        assert split_of(qid) is (Split.TEST if odd else Split.DEV)
    assert split_of("q001") is Split.DEV and split_of("u002") is Split.TEST  # hand-checked


def test_report_sets_load_by_name():
    report = resolve("report")
    assert report.name == "report_qa" and [q.id for q in report.questions][:2] == ["q001", "q002"]
    every = resolve("report_all")
    dev, test = resolve("report_dev"), resolve("report_test")
    assert (dev.name, test.name, every.name) == ("report_dev", "report_test", "report_all")
    assert len(dev.questions) + len(test.questions) == len(every.questions) > len(report.questions)
    assert {q.id for q in report.questions} < {q.id for q in every.questions}
    assert "dev half" in dev.description and "report_questions.jsonl" in every.description
    assert load_report_set(ReportSet.REPORT_TEST).questions == test.questions


def test_an_unknown_report_set_lists_the_names(tmp_path):
    with pytest.raises(OptionError, match=r"Use one of the supported values: \['report', 'report_all', 'report_dev', 'report_test'\]"):
        load_report_set("report_train")
    with pytest.raises(InputFileError, match=r"report_train: unknown dataset format; expected one of \['report', 'report_all'"):
        resolve("report_train")


def test_merged_files_must_not_share_an_id(tmp_path, monkeypatch):
    first = write_jsonl(tmp_path / "a.jsonl", [{"id": "x1", "question": "q", "gold": [1]}])
    second = write_jsonl(tmp_path / "b.jsonl", [{"id": "y1", "question": "r", "gold": []}, {"id": "x1", "question": "s", "gold": [2]}])
    monkeypatch.setattr(datasets, "bundled_report_dataset", lambda: first)
    monkeypatch.setattr(datasets, "bundled_topics_dataset", lambda: second)
    with pytest.raises(InputFileError, match=r"b\.jsonl:2: question id 'x1' is already used at .*a\.jsonl:1"):
        load_report_set("report_all")


@pytest.mark.parametrize(
    "line, message",
    [
        ('{"question": "q", "gold": [1]', r"qa\.jsonl:2: invalid JSON"),
        ('[1, 2]', r"qa\.jsonl:2: expected a JSON object, got list"),
        ('{"gold": [1]}', r"qa\.jsonl:2: missing key 'question'"),
        ('{"question": "q"}', r"qa\.jsonl:2: missing key 'gold'"),
        ('{"question": "  ", "gold": [1]}', r"qa\.jsonl:2: 'question' must be a non-empty string"),
        ('{"question": "q", "gold": 3}', r"qa\.jsonl:2: 'gold' must be a list of paragraph numbers"),
        ('{"question": "q", "gold": ["3"]}', r"qa\.jsonl:2: 'gold' must be a list"),
        ('{"question": "q", "gold": [true]}', r"qa\.jsonl:2: 'gold' must be a list"),
        ('{"question": "q", "gold": [1], "answer": 5}', r"qa\.jsonl:2: 'answer' must be a string"),
    ],
)
def test_a_bad_jsonl_line_is_named(tmp_path, line, message):
    path = write_jsonl(tmp_path / "qa.jsonl", [{"question": "fine", "gold": [1]}, line])
    with pytest.raises(InputFileError, match=message):
        load_jsonl(path)


def test_missing_and_empty_files(tmp_path):
    with pytest.raises(InputFileError, match=r"nope\.jsonl: no such file"):
        load_jsonl(tmp_path / "nope.jsonl")
    (tmp_path / "empty.jsonl").write_text("", encoding="utf-8")
    with pytest.raises(InputFileError, match=r"empty\.jsonl: is empty"):
        load_jsonl(tmp_path / "empty.jsonl")
    (tmp_path / "blank.jsonl").write_text("\n  \n", encoding="utf-8")
    with pytest.raises(InputFileError, match=r"blank\.jsonl: is empty"):
        load_jsonl(tmp_path / "blank.jsonl")
    with pytest.raises(InputFileError, match=r"nope\.json: no such file"):
        load_squad(tmp_path / "nope.json")
    (tmp_path / "empty.json").write_text(json.dumps({"version": "1.1", "data": []}), encoding="utf-8")
    with pytest.raises(InputFileError, match=r"empty\.json: is empty"):
        load_squad(tmp_path / "empty.json")


# --- SQuAD ---------------------------------------------------------------------------------------


def test_squad_contexts_are_deduplicated_passages_and_gold_is_the_own_context(tmp_path):
    dataset = load_squad(write_json(tmp_path / "xq.ar.json", AR))
    assert dataset.name == "xq.ar"
    assert [p.number for p in dataset.passages] == [1, 2, 3]  # the repeated context is one passage
    first = dataset.passages[0]
    assert first.id == "xq.ar#1" and first.doc.id == "xq.ar" and first.doc.title == "Fiji" and first.section == ()
    assert dataset.passages[2].doc.title == "Nile"
    gold = {q.id: q.gold for q in dataset.questions}
    assert gold == {"q1": (1,), "q2": (2,), "q3": (2,), "q4": (3,), "q5": (1,)}
    q2 = next(q for q in dataset.questions if q.id == "q2")
    assert q2.answer == "سوفا" and q2.doc == "xq.ar" and "data[0].paragraphs[1].qas[0]" in q2.source


def test_cross_lingual_pairing_matches_by_question_id(tmp_path):
    en = write_json(tmp_path / "xq.en.json", EN)
    ar = write_json(tmp_path / "xq.ar.json", AR)
    dataset = load_paired(en, ar)
    assert dataset.name == "xq.en->xq.ar"
    assert [p.text for p in dataset.passages] == [p.text for p in load_squad(ar).passages]
    by_id = {q.id: q for q in dataset.questions}
    assert by_id["q2"].question == "What is Fiji's capital?"  # English question …
    assert by_id["q2"].gold == (2,)  # … Arabic gold, even though EN lists q3 first in that paragraph
    assert by_id["q5"].gold == (1,) and by_id["q4"].gold == (3,)
    assert {q.doc for q in dataset.questions} == {"xq.ar"}


def test_pairing_errors_name_the_question(tmp_path):
    en = squad({"X": [("ctx", [("q9", "Unknown id?", "ctx")])]})
    with pytest.raises(InputFileError, match=r"en\.json: data\[0\]\.paragraphs\[0\]\.qas\[0\]: question id 'q9' is not in"):
        load_paired(write_json(tmp_path / "en.json", en), write_json(tmp_path / "ar.json", AR))
    twice = squad({"X": [("a", [("q1", "?", "a")]), ("b", [("q1", "?", "b")])]})
    with pytest.raises(InputFileError, match="appears twice"):
        load_paired(tmp_path / "en.json", write_json(tmp_path / "twice.json", twice))


def test_squad_syntax_error_names_the_line(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text('{\n  "data": [\n    {"title": "x",, }\n  ]\n}\n', encoding="utf-8")
    with pytest.raises(InputFileError, match=r"bad\.json:3: invalid JSON"):
        load_squad(path)


@pytest.mark.parametrize(
    "data, message",
    [
        ([], r"not a SQuAD file"),
        ({"data": {}}, r"not a SQuAD file"),
        ({"data": [{"title": "t"}]}, r"data\[0\]: missing key 'paragraphs'"),
        ({"data": [{"paragraphs": [{"qas": []}]}]}, r"data\[0\]\.paragraphs\[0\]: missing key 'context'"),
        ({"data": [{"paragraphs": [{"context": "c", "qas": [{"id": "1"}]}]}]}, r"qas\[0\]: missing key 'question'"),
        ({"data": [{"paragraphs": [{"context": 5, "qas": []}]}]}, r"paragraphs\[0\]\.context: expected str"),
    ],
)
def test_squad_structure_errors_name_the_json_path(tmp_path, data, message):
    with pytest.raises(InputFileError, match=message):
        load_squad(write_json(tmp_path / "s.json", data))
