"""The load test's table (``eval/results/load.md``): one row per variant and client count."""

from __future__ import annotations

from collections import Counter

import numpy as np

MB = 1024 * 1024


def percentiles(latencies_ms, qs=(50, 95, 99)) -> tuple[float, ...]:
    if not len(latencies_ms):
        return tuple(float("nan") for _ in qs)
    return tuple(float(v) for v in np.percentile(np.asarray(latencies_ms), qs))


def rss_growth(phase) -> float:
    """Growth of the server's RSS over the phase, as a fraction of its start."""
    return phase.rss_end / phase.rss_start - 1


def markdown(phases, command: str, date: str, machine: str, client_cpu_s: float, distinct: int = 0) -> str:
    """The table, with each variant's throughput against its own one-client run and the errors listed."""
    single = {p.variant: p.throughput for p in phases if p.clients == 1}
    rows = [
        "| server | clients | answered/s | vs 1 client | p50 ms | p95 ms | p99 ms | answered | intended 4xx | errors (5xx) | server CPU ms / answer | RSS start → end MB (growth), peak |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for p in phases:
        p50, p95, p99 = percentiles(p.latencies_ms)
        ratio = p.throughput / single[p.variant] if single.get(p.variant) else float("nan")
        rss = f"{p.rss_start / MB:.0f} → {p.rss_end / MB:.0f} ({rss_growth(p):+.1%}), {p.rss_peak / MB:.0f}"
        rows.append(
            f"| {p.variant} | {p.clients} | {p.throughput:.1f} | {ratio:.2f}× | {p50:.0f} | {p95:.0f} | {p99:.0f} "
            f"| {p.answered} | {p.intended_4xx} | {len(p.errors)} ({p.server_errors}) | {p.cpu_ms_per_answer:.1f} | {rss} |"
        )
    lines = [
        f"Produced by `{command}` on {date} ({machine}); the server and this client share the machine's cores "
        f"(the client used {client_cpu_s:.0f} s of CPU in all), and other work ran on it too.",
        "",
        "Each variant: `python -m ui serve` in its own process on loopback, all started together, 16 warm-up calls; "
        "then one client, then the concurrent clients, each phase for a fixed time split into turns that alternate "
        "between the variants, so each sees the same share of the machine's other work. Calls: the bundled report questions (Arabic and English), "
        "alternately `POST /api/ask` and `GET /api/search`, mostly hybrid, k of 3, 5 or 10; one call in eight "
        "is bad input (empty or too long question, k or mode out of range, a body that is not JSON) that must "
        "get its documented 4xx. Latencies are of answered (200) calls, measured by the client; an error is "
        "any other outcome. `batched` embeds concurrent queries together (`index.encoders.batching`, the "
        "server's default); `unbatched` is `sanad serve --batch-max 1`, each request embedding its own query. "
        f"The mix has {distinct} distinct questions, so a long phase repeats them; the server keeps no cache of "
        "answers or query vectors (only of single words' vectors, `Retriever._vectors_of`), so repeats are not "
        "answered from memory. Server CPU is the server process's user + system time over the phase.",
        "",
        *rows,
    ]
    errors = Counter(e for p in phases for e in p.errors)
    if errors:
        lines += ["", "Errors:", ""] + [f"- {count} × {error}" for error, count in errors.most_common(20)]
    return "\n".join(lines) + "\n"
