import json
import subprocess
import sys

from ui.cli import main


def test_passages_json_has_the_passage_fields(capsys):
    assert main(["passages", "--json"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    numbered = [row for row in rows if row["number"] is not None]
    assert [row["number"] for row in numbered] == list(range(1, 140))
    assert set(rows[5]) >= {"id", "doc", "number", "section", "text", "raw"}
    assert rows[5]["doc"]["id"] == "a74-trafficking"


def test_passages_of_a_user_file(tmp_path, capsys):
    path = tmp_path / "notes.md"
    path.write_text("One.\n\nTwo.\n", encoding="utf-8")
    assert main(["passages", str(path)]) == 0
    out = capsys.readouterr().out
    assert "[notes#1]" in out and "[notes#2]" in out


def test_bad_file_gives_one_line_and_exit_2(tmp_path):
    path = tmp_path / "missing.txt"
    done = subprocess.run([sys.executable, "-m", "ui", "passages", str(path)], capture_output=True, text=True)
    assert done.returncode == 2
    assert done.stderr.strip() == f"sanad: error: {path}: no such file"


def test_help_starts_without_heavy_imports():
    code = (
        "import sys, contextlib, io\n"
        "from ui.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    try: main(['--help'])\n"
        "    except SystemExit: pass\n"
        "heavy = [m for m in ('torch', 'gradio', 'faiss', 'sentence_transformers', 'fastapi') if m in sys.modules]\n"
        "print(heavy)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
