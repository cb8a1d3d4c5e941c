"""``sanad repair``: a right-to-left extraction printed in reading order."""

from __future__ import annotations

from ui.cli import main


def test_repair_prints_each_line_in_reading_order(tmp_path, capsys):
    source = tmp_path / "report.txt"
    source.write_text(
        "، المعنون ٧٢/١٩٥دعت الجمعية العامة في قرارها   -١\n\nالاتِّجار بالأشخاص في الدول الأعضاء\n",
        encoding="utf-8",
    )
    assert main(["repair", str(source)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out == ["دعت الجمعية العامة في قرارها ٧٢/١٩٥، المعنون", "", "الاتِّجار بالأشخاص في الدول الأعضاء"]


def test_repair_diff_shows_only_changed_lines(tmp_path, capsys):
    source = tmp_path / "report.txt"
    source.write_text("، تراجعت ٢٠١٦-٢٠٠٧وخلال الفترة\nالاتِّجار بالأشخاص في الدول الأعضاء\n", encoding="utf-8")
    assert main(["repair", str(source), "--diff"]) == 0
    captured = capsys.readouterr()
    assert captured.out.splitlines() == [
        f"{source}:1",
        "- ، تراجعت ٢٠١٦-٢٠٠٧وخلال الفترة",
        "+ وخلال الفترة ٢٠٠٧-٢٠١٦، تراجعت",
    ]
    assert "1 of 2 lines changed" in captured.err


def test_repair_of_a_missing_file_is_one_line_and_exit_2(tmp_path, capsys):
    assert main(["repair", str(tmp_path / "missing.txt")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "missing.txt: no such file" in err[0]
