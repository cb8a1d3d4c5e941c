import json

from eval import bench

CONTEXTS = {
    "ar": [("فيجي دولة جزرية عاصمتها سوفا.", "q1", "ما عاصمة فيجي؟"), ("النيل أطول نهر في أفريقيا.", "q2", "ما أطول نهر؟")],
    "en": [("Fiji is an island country; its capital is Suva.", "q1", "What is Fiji's capital?"), ("The Nile is Africa's longest river.", "q2", "Longest river?")],
}


def write_xquad(directory):
    directory.mkdir()
    for lang, rows in CONTEXTS.items():
        data = {"data": [{"title": "T", "paragraphs": [{"context": c, "qas": [{"id": i, "question": q, "answers": []}]} for c, i, q in rows]}]}
        (directory / f"xquad.{lang}.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def test_bench_writes_results(tmp_path, encoder_factory, capsys):
    write_xquad(tmp_path / "xquad")
    results = tmp_path / "results"
    argv = ["--xquad-dir", str(tmp_path / "xquad"), "--results", str(results), "--only", "xquad_ar_ar", "xquad_en_ar", "--no-readme"]
    assert bench.main(argv, encoder_factory) == 0
    captured = capsys.readouterr()
    assert "== xquad_ar_ar" in captured.out and "== xquad_en_ar" in captured.out
    for name in ("xquad_ar_ar", "xquad_en_ar"):
        data = json.loads((results / f"{name}.json").read_text(encoding="utf-8"))
        assert data["benchmark"] == name and data["command"] == "make bench"
        assert data["dataset"] == name and data["questions"] == 2 and data["passages"] == 2
        assert set(data["modes"]) == {"hybrid", "bm25", "dense", "rrf"}
        md = (results / f"{name}.md").read_text(encoding="utf-8")
        assert md.startswith(f"# {name}: XQuAD") and "| hybrid |" in md and "`make bench`" in md
        assert (results / f"{name}.png").read_bytes()[:4] == b"\x89PNG"
    summary = (results / "summary.md").read_text(encoding="utf-8")
    assert "**xquad_ar_ar**" in summary and "**xquad_en_ar**" in summary and "report_test" not in summary
    table = (results / "ablation.md").read_text(encoding="utf-8")
    assert table.splitlines()[0] == "| variant | xquad_ar_ar | xquad_en_ar |"
    assert "| hybrid (Sanad) |" in table and "| rrf, k = 60 |" in table and "What each choice buys" in summary


def test_bench_skips_a_missing_set(tmp_path, encoder_factory, capsys):
    argv = ["--xquad-dir", str(tmp_path / "none"), "--results", str(tmp_path / "results"), "--only", "xquad_ar_ar", "--no-readme"]
    assert bench.main(argv, encoder_factory) == 1
    assert f"skipping xquad_ar_ar: {tmp_path / 'none' / 'xquad.ar.json'} not found" in capsys.readouterr().err


def test_split_table_puts_test_beside_dev():
    from eval.runner import EvalReport

    def report(name, hybrid, ar, en):
        modes = {"hybrid": {"mrr@10": hybrid}, "bm25": {"mrr@10": 0.5}}
        by_lang = {"ar": {"hybrid": {"mrr@10": ar}, "bm25": {"mrr@10": 0.7}}, "en": {"hybrid": {"mrr@10": en}, "bm25": {"mrr@10": 0.1}}}
        return EvalReport(name, "", 3, 3, 10, 10, "m", modes, 1.0, by_lang=by_lang)

    text = bench.split_table(report("report_test", 0.85, 0.9, 0.75), report("report_dev", 0.8, 0.88, 0.7))
    assert text.splitlines()[0] == "| mode | test all | test ar | test en | dev all | dev ar | dev en |"
    assert "| hybrid | 0.850 | 0.900 | 0.750 | 0.800 | 0.880 | 0.700 |" in text
    assert "| bm25 | 0.500 | 0.700 | 0.100 | 0.500 | 0.700 | 0.100 |" in text


def test_readme_section_is_replaced_between_markers(tmp_path):
    readme = tmp_path / "README.md"
    readme.write_text(f"# X\n\n## Benchmarks\n{bench.START}\nold\n{bench.END}\n\nafter\n", encoding="utf-8")
    assert bench.update_readme("new table\n", readme)
    assert readme.read_text(encoding="utf-8") == f"# X\n\n## Benchmarks\n{bench.START}\nnew table\n{bench.END}\n\nafter\n"
    plain = tmp_path / "PLAIN.md"
    plain.write_text("no markers\n", encoding="utf-8")
    assert not bench.update_readme("x", plain)
