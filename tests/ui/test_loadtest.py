"""``make loadtest``, smoke-run for a few seconds: the real server starts, answers both clients' phases, stops.

The benchmark itself (32 clients for 60 s) is not a timed test; this checks it runs and
that the server, under a few concurrent clients and the mix's bad input, gives no 5xx
and no other unexpected outcome.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.slow


def test_the_load_test_runs_and_finds_no_error(real_assistant, tmp_path):
    out = tmp_path / "load.md"
    # Its own process, as `make loadtest` runs it (asyncio.run needs a thread with no running loop).
    # real_assistant built the default index under this session's SANAD_HOME; the server reuses it.
    args = ["--seconds", "4", "--clients", "4", "--baseline-seconds", "2", "--rounds", "1", "--variants", "batched", "--out", str(out)]
    code = subprocess.run([sys.executable, "-m", "eval.load", *args], cwd=ROOT, timeout=900).returncode
    table = out.read_text(encoding="utf-8")
    rows = [line.split("|")[1:-1] for line in table.splitlines() if line.startswith("| batched |")]
    assert code == 0 and [int(row[1]) for row in rows] == [1, 4], table
    for row in rows:
        answered, errors = int(row[7]), row[9].strip()
        assert answered > 0 and errors == "0 (0)", table
    assert "Errors:" not in table
