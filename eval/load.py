"""``make loadtest``: the real server under concurrent clients on loopback, with and without micro-batching.

For each variant it starts ``python -m ui serve`` on a free loopback port (its own
process, so its RSS is the server's alone) and warms it up; then one client, then
``--clients`` clients run, each phase for a bounded time split into turns that
alternate between the variants (``run``); then the servers stop. Clients are
asyncio tasks on one httpx connection pool sending ``eval.load_mix``'s calls (report
questions in Arabic and English to ``/api/ask`` and ``/api/search``, one call in eight a
bad input with its documented 4xx). Writes the table to ``eval/results/load.md``.

    python -m eval.load [--seconds 60] [--clients 32] [--baseline-seconds 20] [--variants batched,unbatched]
                        [--rounds 3] [--index-dir D] [--compare OTHER_CHECKOUT] [--out FILE]

The client shares the server's cores: its own CPU time is reported beside the table.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as _dt
import os
import platform
import resource
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from eval import load_report
from eval.load_mix import Call, build_mix, questions

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_OUT = ROOT / "eval" / "results" / "load.md"
# `sanad serve` flags per variant: batching on with its defaults, or each query embedded alone.
VARIANTS = {"batched": (), "unbatched": ("--batch-max", "1")}
WARMUP_CALLS = 16
READY_TIMEOUT_S = 900  # the first start builds the index
REQUEST_TIMEOUT_S = 120


@dataclass(frozen=True)
class Phase:
    """One run of ``clients`` concurrent clients against one variant of the server."""

    variant: str
    clients: int
    seconds: float
    latencies_ms: tuple[float, ...]  # of the answered (200) calls
    intended_4xx: int  # bad input refused with the status it must get
    errors: tuple[str, ...]  # any other outcome: "503 ask", "ReadTimeout search", …
    rss_start: int
    rss_end: int
    rss_peak: int
    server_cpu_s: float = 0.0  # CPU time the server process used during the phase

    @property
    def cpu_ms_per_answer(self) -> float:
        """The server's CPU per answered call (its share of the bad input included): what bounds
        throughput once the cores are busy."""
        return 1000 * self.server_cpu_s / self.answered if self.answered else float("nan")

    @property
    def answered(self) -> int:
        return len(self.latencies_ms)

    @property
    def throughput(self) -> float:
        """Answered calls per second."""
        return self.answered / self.seconds

    @property
    def server_errors(self) -> int:
        return sum(1 for e in self.errors if e[:1] == "5")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """``python -m ui serve`` in its own process on a free loopback port; a context manager."""

    def __init__(self, flags: tuple[str, ...], index_dir: str | None = None, root: Path = ROOT):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        command = [sys.executable, "-m", "ui", "serve", "--host", "127.0.0.1", "--port", str(self.port), *flags]
        if index_dir:
            command += ["--index-dir", index_dir]
        env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(root), os.environ.get("PYTHONPATH")])))
        self.process = subprocess.Popen(command, cwd=root, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.stderr: list[str] = []
        threading.Thread(target=self._drain_stderr, daemon=True).start()

    def _drain_stderr(self) -> None:
        for line in self.process.stderr:
            self.stderr.append(line.rstrip())

    def __enter__(self) -> Server:
        ready = threading.Event()

        def wait() -> None:
            for line in self.process.stdout:
                if line.startswith("sanad: ready"):
                    ready.set()
                    return

        threading.Thread(target=wait, daemon=True).start()
        if not ready.wait(READY_TIMEOUT_S):
            self.stop()
            raise RuntimeError("the server did not start:\n" + "\n".join(self.stderr[-20:]))
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)  # uvicorn's graceful shutdown
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


async def _send(client, call: Call):
    return await client.request(call.method, call.path, params=list(call.params) or None, content=call.body, headers=call.headers)


async def _client(client, calls: list[Call], offset: int, until: float, latencies: list, outcome: dict) -> None:
    import httpx

    position = offset
    while time.perf_counter() < until:
        call = calls[position % len(calls)]
        position += 1
        started = time.perf_counter()
        try:
            response = await _send(client, call)
        except httpx.HTTPError as exc:
            outcome["errors"].append(f"{type(exc).__name__} {call.kind}")
            continue
        if response.status_code != call.expect:
            outcome["errors"].append(f"{response.status_code} {call.kind}: {response.text[:120]}")
        elif response.status_code == 200:
            latencies.append((time.perf_counter() - started) * 1000)
        else:
            outcome["intended_4xx"] += 1


async def _rss_sampler(pid: int, samples: list[int], stop: asyncio.Event) -> None:
    import psutil

    process = psutil.Process(pid)
    while not stop.is_set():
        samples.append(process.memory_info().rss)
        try:
            await asyncio.wait_for(stop.wait(), 0.25)
        except TimeoutError:
            pass
    samples.append(process.memory_info().rss)


def _cpu_seconds(pid: int) -> float:
    import psutil

    times = psutil.Process(pid).cpu_times()
    return times.user + times.system


async def run_phase(url: str, pid: int, variant: str, clients: int, seconds: float, calls: list[Call]) -> Phase:
    """``clients`` concurrent clients for ``seconds``, each starting at its own place in ``calls``."""
    import httpx

    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    latencies: list[float] = []
    outcome = {"errors": [], "intended_4xx": 0}
    samples: list[int] = []
    stop = asyncio.Event()
    async with httpx.AsyncClient(base_url=url, limits=limits, timeout=REQUEST_TIMEOUT_S) as client:
        sampler = asyncio.create_task(_rss_sampler(pid, samples, stop))
        cpu_start = _cpu_seconds(pid)
        started = time.perf_counter()
        until = started + seconds
        stride = max(1, len(calls) // clients)
        await asyncio.gather(*(_client(client, calls, i * stride, until, latencies, outcome) for i in range(clients)))
        elapsed = time.perf_counter() - started
        cpu = _cpu_seconds(pid) - cpu_start
        stop.set()
        await sampler
    return Phase(
        variant, clients, elapsed, tuple(latencies), outcome["intended_4xx"], tuple(outcome["errors"]),
        samples[0], samples[-1], max(samples), cpu,
    )


async def _warm_up(url: str, calls: list[Call]) -> None:
    import httpx

    async with httpx.AsyncClient(base_url=url, timeout=REQUEST_TIMEOUT_S) as client:
        for call in calls[:WARMUP_CALLS]:
            await _send(client, call)


def merge(slices: list[Phase]) -> Phase:
    """Slices of one variant at one client count, run in turns with the other variants', as one phase."""
    first, last = slices[0], slices[-1]
    return Phase(
        first.variant,
        first.clients,
        sum(p.seconds for p in slices),
        tuple(ms for p in slices for ms in p.latencies_ms),
        sum(p.intended_4xx for p in slices),
        tuple(e for p in slices for e in p.errors),
        first.rss_start,
        last.rss_end,
        max(p.rss_peak for p in slices),
        sum(p.server_cpu_s for p in slices),
    )


def checkout_label(root: Path) -> str:
    """``@`` and the short commit of the checkout at ``root`` (its folder name if git cannot tell)."""
    found = subprocess.run(["git", "-C", str(root), "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
    return "@" + (found.stdout.strip() if found.returncode == 0 else root.name)


def run(
    variants: list[str],
    clients: int,
    seconds: float,
    baseline_seconds: float,
    rounds: int = 3,
    index_dir: str | None = None,
    compare: Path | None = None,
) -> list[Phase]:
    """Every variant's server at once; one client, then ``clients``, each phase in ``rounds`` turns per variant.

    Taking turns in slices gives each variant the same share of whatever else the machine
    is doing, so the variants compare side by side even on a busy machine. ``compare``, another
    checkout of Sanad (e.g. ``git worktree add --detach /tmp/main main``), runs each variant
    from there too, labelled with its commit.
    """
    calls = build_mix()
    # (label, flags, root): this checkout's variants, then the other checkout's.
    plan = [(v, VARIANTS[v], ROOT) for v in variants]
    if compare is not None:
        plan += [(f"{v} {checkout_label(compare)}", VARIANTS[v], compare) for v in variants]
    variants = [label for label, _, _ in plan]
    servers = [Server(flags, index_dir, root) for _, flags, root in plan]
    try:
        for server in servers:
            server.__enter__()
            asyncio.run(_warm_up(server.url, calls))
        phases = []
        for count, total in ((1, baseline_seconds), (clients, seconds)) if clients > 1 else ((1, baseline_seconds),):
            slices: dict[str, list[Phase]] = {v: [] for v in variants}
            for _ in range(rounds):
                for variant, server in zip(variants, servers):
                    slices[variant].append(asyncio.run(run_phase(server.url, server.process.pid, variant, count, total / rounds, calls)))
            phases += [merge(slices[v]) for v in variants]
    finally:
        for server in servers:
            server.stop()
    return phases


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.load", description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=60.0, help="how long the concurrent clients run (default 60)")
    parser.add_argument("--clients", type=int, default=32, help="concurrent clients (default 32)")
    parser.add_argument("--baseline-seconds", type=float, default=20.0, help="how long one client runs first (default 20)")
    parser.add_argument("--variants", default=",".join(VARIANTS), help=f"comma-separated, of {list(VARIANTS)} (default all)")
    parser.add_argument("--rounds", type=int, default=3, help="turns each phase is split into, variants alternating (default 3)")
    parser.add_argument("--index-dir", help="the server's index directory (default: its own default)")
    parser.add_argument("--compare", type=Path, help="another checkout whose servers run beside this one's, in the same turns")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"the Markdown table (default {DEFAULT_OUT.relative_to(ROOT)})")
    args = parser.parse_args(argv)
    variants = [v.strip() for v in args.variants.split(",") if v.strip()]
    unknown = [v for v in variants if v not in VARIANTS]
    if unknown or not variants or args.clients < 1 or args.rounds < 1 or args.seconds <= 0 or args.baseline_seconds <= 0:
        parser.error(f"variants must be of {list(VARIANTS)}, clients and rounds >= 1, seconds > 0")
    command = "python -m eval.load " + " ".join(argv if argv is not None else sys.argv[1:])
    print(
        f"load: {', '.join(variants)}: 1 client for {args.baseline_seconds:g} s, {args.clients} for {args.seconds:g} s, "
        f"each in {args.rounds} turns",
        file=sys.stderr,
        flush=True,
    )
    if args.compare is not None and not (args.compare / "ui" / "server.py").is_file():
        parser.error(f"--compare {args.compare}: not a checkout of Sanad (no ui/server.py)")
    phases = run(variants, args.clients, args.seconds, args.baseline_seconds, args.rounds, args.index_dir, args.compare)
    usage = resource.getrusage(resource.RUSAGE_SELF)
    machine = (
        f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}, "
        f"load average {os.getloadavg()[1]:.1f} over the last 5 minutes"
    )
    distinct = len({question for question, _ in questions()})
    table = load_report.markdown(phases, command.strip(), _dt.date.today().isoformat(), machine, usage.ru_utime + usage.ru_stime, distinct)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(table, encoding="utf-8")
    print(table)
    return 1 if any(p.server_errors for p in phases) else 0


if __name__ == "__main__":
    sys.exit(main())
