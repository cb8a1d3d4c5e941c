"""An ``EvalReport`` as text: the terminal table, ``report.md``, and a PNG chart of the modes."""

from __future__ import annotations

import json
from pathlib import Path

from eval.runner import EvalReport, metric_names

REPORT_MD = "report.md"
CHART_PNG = "metrics.png"
RESULT_JSON = "report.json"


def _columns(report: EvalReport) -> list[str]:
    return metric_names(report.k) + ["latency_ms_p50", "latency_ms_p95", "retrieval_ms_p50", "retrieval_ms_p95"]


def _cell(name: str, value: float) -> str:
    return f"{value:.1f}" if name.endswith(("_p50", "_p95")) else f"{value:.3f}"


def table_rows(report: EvalReport) -> tuple[list[str], list[list[str]]]:
    """Header and one row per mode, values formatted (3 decimals for scores, 1 for milliseconds)."""
    columns = _columns(report)
    rows = [[mode] + [_cell(c, values[c]) for c in columns] for mode, values in report.modes.items()]
    return ["mode"] + columns, rows


def text_table(report: EvalReport) -> str:
    """A fixed-width table for the terminal, with a heading line and the answer scores if any."""
    header, rows = table_rows(report)
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    lines = [
        f"{report.dataset}: {report.questions} questions ({report.answerable} answerable), "
        f"{report.passages} passages, model {report.model}, k={report.k}",
        "  ".join(cell.ljust(widths[i]) if i == 0 else cell.rjust(widths[i]) for i, cell in enumerate(header)),
    ]
    for row in rows:
        lines.append("  ".join(cell.ljust(widths[i]) if i == 0 else cell.rjust(widths[i]) for i, cell in enumerate(row)))
    lines.append(f"one query embedding: {report.encoder_ms_p50:.1f} ms (p50)")
    lines.extend(_answer_lines(report))
    return "\n".join(lines)


def rate_text(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def _answer_lines(report: EvalReport) -> list[str]:
    if report.answers is None:
        return []
    a = report.answers
    lines = [f"answers: {answer_summary(a)}"]
    for lang, rates in a.by_lang.items():
        lines.append(f"  {lang}: {answer_summary(rates)}")
    if a.ask_ms_p50 is not None:
        lines.append(f"ask latency: p50 {a.ask_ms_p50:.1f} ms, p95 {a.ask_ms_p95:.1f} ms ({ask_overhead(report)})")
    return lines


def answer_summary(a) -> str:
    """One line of answer rates, from an ``AnswerScores`` or its ``by_lang`` dict."""
    get = a.get if isinstance(a, dict) else lambda name: getattr(a, name)
    chars = get("answer_chars_p50")
    line = (
        f"hit rate {rate_text(get('hit_rate'))} ({get('with_gold_answer')} with a gold span), "
        f"short-answer exact match {rate_text(get('short_exact_match'))}, "
        f"median answer {'n/a' if chars is None else f'{chars:.0f}'} characters; "
        f"abstention precision {rate_text(get('abstain_precision'))}, recall {rate_text(get('abstain_recall'))} "
        f"(on-topic unanswerable: {rate_text(get('on_topic_abstain_precision'))} / {rate_text(get('on_topic_abstain_recall'))}"
    )
    junk = get("junk_abstained")
    return line + ("" if junk is None else f"; junk input abstained {rate_text(junk)}") + ")"


def ask_overhead(report: EvalReport) -> str:
    """How much of one ``ask`` is not the query embedding, as a share of the p50."""
    a = report.answers
    share = max(0.0, 1 - report.encoder_ms_p50 / a.ask_ms_p50) if a.ask_ms_p50 else 0.0
    return f"{share:.0%} of it outside the query embedding"


def markdown_table(report: EvalReport) -> str:
    header, rows = table_rows(report)
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(["---"] + ["---:"] * (len(header) - 1)) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def by_lang_table(report: EvalReport) -> str:
    """Recall@1, the last recall and MRR per question language and mode (Markdown)."""
    names = list(dict.fromkeys(["recall@1", f"recall@{report.k}", f"mrr@{report.k}"]))
    lines = ["| lang | mode | " + " | ".join(names) + " |", "|---|---|" + "---:|" * len(names)]
    for lang, modes in report.by_lang.items():
        for mode, values in modes.items():
            lines.append(f"| {lang} | {mode} | " + " | ".join(f"{values[n]:.3f}" for n in names) + " |")
    return "\n".join(lines)


def markdown(report: EvalReport, command: str | None = None, chart: str | None = CHART_PNG, title: str | None = None) -> str:
    """``report.md``: the table, the dataset, the machine, the date and the model."""
    parts = [
        f"# {title or f'Retrieval evaluation: {report.dataset}'}",
        "",
        f"- Dataset: {report.description} — {report.questions} questions "
        f"({report.answerable} answerable), {report.passages} passages",
        f"- Model: {report.model}",
        f"- Machine: {report.machine}",
        f"- Date: {report.created}",
        f"- Cutoff k = {report.k}; run took {report.seconds:.1f} s",
    ]
    if command:
        parts.append(f"- Command: `{command}`")
    parts += [
        "",
        markdown_table(report),
        "",
        f"Recall@k: share of answerable questions with a gold passage in the top k. "
        f"Latency: one full search incl. query embedding; retrieval: the search given the query vector "
        f"(for hybrid incl. embedding the words its bridge translates). "
        f"One bare query embedding takes {report.encoder_ms_p50:.1f} ms (p50).",
    ]
    if report.answers is not None:
        parts += ["", *(f"  - {line.strip()}" if line.startswith("  ") else f"- {line}" for line in _answer_lines(report))]
    if report.by_lang:
        parts += ["", by_lang_table(report)]
    if chart:
        parts += ["", f"![metrics per mode]({chart})"]
    return "\n".join(parts) + "\n"


def chart(report: EvalReport, path: Path) -> Path:
    """Grouped bars per mode: ranking metrics (left) and latency p50/p95 in ms (right); Agg backend."""
    import matplotlib

    matplotlib.use("Agg", force=True)
    from matplotlib.figure import Figure

    modes = list(report.modes)
    panels = [
        (metric_names(report.k), "score", (0, 1.0)),
        (["latency_ms_p50", "latency_ms_p95", "retrieval_ms_p50", "retrieval_ms_p95"], "milliseconds", None),
    ]
    figure = Figure(figsize=(12.0, 4.5), dpi=100)
    axes_list = figure.subplots(1, 2, gridspec_kw={"width_ratios": [len(panels[0][0]), 4]})
    width = 0.8 / max(1, len(modes))
    for axes, (names, ylabel, ylim) in zip(axes_list, panels):
        for i, mode in enumerate(modes):
            positions = [j + (i - (len(modes) - 1) / 2) * width for j in range(len(names))]
            axes.bar(positions, [report.modes[mode][n] for n in names], width, label=mode)
        axes.set_xticks(range(len(names)), [n.replace("_ms", "") for n in names], fontsize=8)
        axes.set_ylabel(ylabel)
        if ylim:
            axes.set_ylim(*ylim)
    axes_list[0].legend(loc="upper center", bbox_to_anchor=(0.5, -0.1), ncol=len(modes), frameon=False)
    figure.suptitle(f"{report.dataset}: {report.questions} questions, {report.passages} passages, {report.model}")
    figure.tight_layout()
    figure.savefig(path, format="png")
    return path


def write(report: EvalReport, directory: Path, command: str | None = None) -> list[Path]:
    """Write ``report.md``, the chart and ``report.json`` (with per-query results) into ``directory``."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    png = chart(report, directory / CHART_PNG)
    md = directory / REPORT_MD
    md.write_text(markdown(report, command, CHART_PNG), encoding="utf-8")
    js = directory / RESULT_JSON
    js.write_text(json.dumps(report.to_json(per_query=True), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return [md, png, js]
