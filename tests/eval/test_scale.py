"""make bench-scale at a tiny size: a real build, real queries, a real table (a smoke test, not a measurement)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from eval import scale

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.skipif(not (scale.XQUAD_DIR / "xquad.ar.json").exists(), reason="XQuAD not found")
def test_bench_scale_runs_a_small_size(tmp_path, sanad_home):
    results = tmp_path / "scale.md"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "SANAD_HOME": str(sanad_home)}
    command = [sys.executable, "-m", "eval.scale", "--sizes", "2000", "--real", "24", "--real-sentences", "24", "--vectors", "gaussian", "--work", str(tmp_path / "work"), "--results", str(results)]
    subprocess.run(command, cwd=ROOT, env=env, check=True, stdout=subprocess.PIPE)
    row = json.loads((tmp_path / "work" / "scale-2000.json").read_text())
    assert row["size"] == 2000 and row["windows"] >= 2000 and row["sentences"] > 2000
    assert set(row["query_ms"]) == {"hybrid", "bm25", "dense", "rrf"}
    assert 0 < row["mrr10"]["hybrid"] <= 1
    text = results.read_text()
    assert "| 2,000 |" in text and "composed from its sentences' real vectors" in text
    # The report alone (the baseline) was measured too, in its own process.
    assert json.loads((tmp_path / "work" / "scale-0.json").read_text())["size"] < 2000


def test_bad_sizes_exit_2(tmp_path):
    done = subprocess.run([sys.executable, "-m", "eval.scale", "--sizes", "0", "--work", str(tmp_path)], cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True, text=True)
    assert done.returncode == 2 and "sizes must be positive" in done.stderr


def test_faiss_comparison_kinds_keep_flat_first():
    from eval.scale_compare import _faiss_variants
    from index.dense import DenseKind

    chosen = list(_faiss_variants(100_000, {DenseKind.IVF_SQ8}))
    # flat is the reference of every recall, so it is measured even when not asked for.
    assert [kind for kind, _, _ in chosen] == [DenseKind.FLAT] + [DenseKind.IVF_SQ8] * 3
    assert [nlist for _, nlist, _ in chosen[1:]] == [316, 632, 1264]
    assert list(_faiss_variants(100_000)) == list(_faiss_variants(100_000, set(DenseKind)))


def test_faiss_comparison_unknown_kind_exits_2(tmp_path):
    done = subprocess.run([sys.executable, "-m", "eval.scale_compare", "faiss", "--kinds", "annoy", "--work", str(tmp_path)], cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True, text=True)
    assert done.returncode == 2 and "unknown --kinds 'annoy'" in done.stderr and "ivf-sq8" in done.stderr
