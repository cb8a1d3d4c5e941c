"""``sanad eval``, through the one ``sanad`` command (``ui.cli``) with a stand-in encoder."""

import json
import subprocess
import sys
from unittest import mock

import pytest

from eval import command
from ui import cli
from index.documents import parse_plain
from index.store import IndexConfig, Store

MODES = ["hybrid", "bm25", "dense", "rrf"]
METRICS = ["recall@1", "recall@5", "recall@10", "mrr@10", "ndcg@10", "latency_ms_p50", "latency_ms_p95"]
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def squad_file(path, contexts):
    """``contexts``: [(title, context, [(id, question), …]), …]."""
    data = {
        "version": "1.1",
        "data": [
            {"title": title, "paragraphs": [{"context": context, "qas": [{"id": i, "question": q, "answers": [{"answer_start": 0, "text": context.split()[0]}]} for i, q in qas]}]}
            for title, context, qas in contexts
        ],
    }
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


AR_CONTEXTS = [
    ("Fiji", "فيجي دولة جزرية في جنوب المحيط الهادئ وعاصمتها سوفا.", [("q1", "أين تقع فيجي؟"), ("q2", "ما عاصمة فيجي؟")]),
    ("Nile", "نهر النيل أطول نهر في أفريقيا ويمر بمصر والسودان.", [("q3", "ما أطول نهر في أفريقيا؟")]),
    ("Trafficking", "الاتجار بالأشخاص جريمة تنتهك حقوق الإنسان وتستغل الضحايا.", [("q4", "ما هو الاتجار بالأشخاص؟")]),
]
EN_CONTEXTS = [
    ("Fiji", "Fiji is an island country in the South Pacific; its capital is Suva.", [("q1", "Where is Fiji?"), ("q2", "What is the capital of Fiji?")]),
    ("Nile", "The Nile is the longest river in Africa and flows through Egypt and Sudan.", [("q3", "What is the longest river in Africa?")]),
    ("Trafficking", "Trafficking in persons is a crime that violates human rights and exploits victims.", [("q4", "What is trafficking in persons?")]),
]


@pytest.fixture
def ar_file(tmp_path):
    return squad_file(tmp_path / "mini.ar.json", AR_CONTEXTS)


@pytest.fixture
def en_file(tmp_path):
    return squad_file(tmp_path / "mini.en.json", EN_CONTEXTS)


def main(argv, encoder_factory):
    """``sanad`` with ``argv``; ``encoder_factory`` (unless ``None``) stands in for the real encoder."""
    with mock.patch.object(command, "load_encoder", encoder_factory or command.load_encoder):
        return cli.main(argv)


def run_json(argv, encoder_factory, capsys):
    assert main(argv + ["--json"], encoder_factory) == 0
    out = capsys.readouterr().out
    assert len(out.strip().splitlines()) == 1  # exactly one JSON object
    return json.loads(out)


def test_json_has_the_documented_shape(ar_file, encoder_factory, capsys):
    data = run_json(["eval", str(ar_file)], encoder_factory, capsys)
    assert data["dataset"] == "mini.ar"
    assert data["questions"] == 4 and data["passages"] == 3
    assert list(data["modes"]) == MODES
    for values in data["modes"].values():
        for name in METRICS:
            assert isinstance(values[name], float)
        assert 0.0 <= values["recall@1"] <= values["recall@5"] <= values["recall@10"] <= 1.0
        assert values["latency_ms_p50"] <= values["latency_ms_p95"]
        assert "retrieval_ms_p50" in values
    assert isinstance(data["encoder_ms_p50"], float)
    assert "answers" not in data  # no end-to-end asking unless requested
    # The BM25 words match exactly here, so every question finds its own context first.
    assert data["modes"]["bm25"]["recall@1"] == 1.0 and data["modes"]["bm25"]["mrr@10"] == 1.0


def test_modes_and_k_select_the_columns(ar_file, encoder_factory, capsys):
    data = run_json(["eval", str(ar_file), "--modes", "dense, bm25,dense", "--k", "5"], encoder_factory, capsys)
    assert list(data["modes"]) == ["dense", "bm25"]
    assert set(data["modes"]["bm25"]) >= {"recall@1", "recall@5", "mrr@5", "ndcg@5"}
    assert "recall@10" not in data["modes"]["bm25"]


def test_cross_lingual_pairing(en_file, ar_file, encoder_factory, capsys):
    data = run_json(["eval", "--questions", str(en_file), "--passages", str(ar_file)], encoder_factory, capsys)
    assert data["dataset"] == "mini.en->mini.ar"
    assert data["questions"] == 4 and data["passages"] == 3
    # English questions share no word with Arabic passages: BM25 cannot rank the gold first for all.
    assert data["modes"]["bm25"]["recall@1"] < 1.0


def test_table_has_one_row_per_mode(ar_file, encoder_factory, capsys):
    assert main(["eval", str(ar_file), "--modes", "bm25,hybrid"], encoder_factory) == 0
    captured = capsys.readouterr()
    lines = captured.out.splitlines()
    assert lines[1].split()[:3] == ["mode", "recall@1", "recall@5"]
    assert [line.split()[0] for line in lines[2:4]] == ["bm25", "hybrid"]
    assert "retrieval" in captured.err  # the tqdm bar goes to stderr


def test_out_writes_report_md_and_a_real_png(ar_file, encoder_factory, capsys, tmp_path):
    out = tmp_path / "results"
    data = run_json(["eval", str(ar_file), "--out", str(out)], encoder_factory, capsys)
    report = (out / "report.md").read_text(encoding="utf-8")
    assert "| mode | recall@1 |" in report and "| hybrid |" in report
    assert str(ar_file) in report  # the dataset
    assert "Model: test/hash-bow" in report
    assert "Machine: " in report and f"Date: {data['created']}" in report
    assert f"Command: `sanad eval {ar_file} --k 10`" in report
    assert (out / "metrics.png").read_bytes()[:8] == PNG_MAGIC
    saved = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert saved["modes"] == data["modes"] and len(saved["per_query"]) == 4 * 4


def test_jsonl_over_an_index_dir(tmp_path, encoder_factory, capsys):
    text = "Fiji lies in the Pacific.\n\nThe Nile is a river in Africa.\n\nSuva is the capital of Fiji.\n"
    passages = parse_plain(text, "notes", "notes.md")
    Store.build(passages, encoder_factory(), IndexConfig.for_model("test/hash-bow")).save(tmp_path / "index")
    dataset = tmp_path / "notes_qa.jsonl"
    rows = [
        {"question": "Which river is in Africa?", "gold": [2], "answer": "Nile", "doc": "notes"},
        {"question": "capital of Fiji", "gold": [3, 1], "doc": "notes", "kind": "multi"},
        {"question": "Who won the cup?", "gold": [], "doc": "notes"},
    ]
    dataset.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    data = run_json(["eval", str(dataset), "--index-dir", str(tmp_path / "index"), "--modes", "bm25"], encoder_factory, capsys)
    assert data["questions"] == 3 and data["answerable"] == 2 and data["passages"] == 3
    assert data["modes"]["bm25"]["recall@1"] == 1.0


def test_gold_missing_from_the_index_names_the_line(tmp_path, encoder_factory, capsys):
    passages = parse_plain("One.\n\nTwo.\n", "notes", "notes.md")
    Store.build(passages, encoder_factory(), IndexConfig.for_model("test/hash-bow")).save(tmp_path / "index")
    dataset = tmp_path / "qa.jsonl"
    dataset.write_text('{"question": "one", "gold": [1], "doc": "notes"}\n{"question": "nine", "gold": [9], "doc": "notes"}\n')
    assert main(["eval", str(dataset), "--index-dir", str(tmp_path / "index")], encoder_factory) == 2
    err = capsys.readouterr().err.strip().splitlines()[-1]
    assert err.startswith(f"sanad: error: {dataset}:2: gold paragraph 9 of document 'notes' is not in the index")


@pytest.mark.parametrize(
    "argv, message",
    [
        ([], "no dataset: give DATASET"),
        (["{ar}", "--questions", "{en}", "--passages", "{ar}"], "give either DATASET or --questions"),
        (["--questions", "{en}"], "--questions and --passages go together"),
        (["--passages", "{ar}"], "--questions and --passages go together"),
        (["{ar}", "--index-dir", "somewhere"], "--index-dir applies to a .jsonl dataset"),
        (["{ar}", "--modes", "bm25,fancy"], "unknown mode 'fancy'. Use one of the supported values: ['hybrid', 'bm25', 'dense', 'rrf']"),
        (["{ar}", "--modes", ","], "--modes is empty"),
        (["{ar}", "--k", "0"], "--k must be an integer from 1 to 50"),
        (["{dir}/missing.jsonl"], "missing.jsonl: no such file"),
        (["{dir}/data.csv"], "data.csv: unknown dataset format"),
    ],
)
def test_argument_errors_are_one_line_and_exit_2(argv, message, ar_file, en_file, encoder_factory, capsys):
    argv = [a.format(ar=ar_file, en=en_file, dir=ar_file.parent) for a in argv]
    assert main(["eval", *argv], encoder_factory) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("sanad: error: ")
    assert message in captured.err and len(captured.err.strip().splitlines()) == 1


def test_malformed_dataset_via_python_m_ui(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text('{"question": "q", "gold": [1]}\n{"question": "q", gold: [1]}\n', encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "ui", "eval", str(path)], capture_output=True, text=True)
    assert done.returncode == 2
    assert done.stderr.strip().startswith(f"sanad: error: {path}:2: invalid JSON")
    assert len(done.stderr.strip().splitlines()) == 1


def test_importing_the_eval_command_stays_light():
    code = "import sys, eval.command; heavy = {'numpy', 'torch', 'matplotlib', 'qa', 'tqdm'} & set(sys.modules); print(sorted(heavy))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


@pytest.mark.slow
def test_real_encoder_end_to_end(en_file, ar_file, capsys, tmp_path):
    """The default encoder on a 3-context SQuAD file: dense retrieval must find every own context."""
    data = run_json(["eval", str(ar_file), "--out", str(tmp_path / "out")], None, capsys)
    assert data["model"] and data["model"] != "test/hash-bow"
    assert data["modes"]["dense"]["recall@1"] == 1.0
    assert data["modes"]["hybrid"]["recall@5"] == 1.0
    paired = run_json(["eval", "--questions", str(en_file), "--passages", str(ar_file), "--modes", "dense,hybrid"], None, capsys)
    assert paired["modes"]["dense"]["recall@1"] == 1.0  # multilingual embeddings cross the language gap
    assert (tmp_path / "out" / "metrics.png").read_bytes()[:8] == PNG_MAGIC
