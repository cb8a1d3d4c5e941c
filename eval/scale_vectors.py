"""Are the scale benchmark's modelled distractor vectors faithful? Each model against the real
encoder on the same distractors (the first ``--rows`` of ``eval.scale_corpus``, their real window
vectors cached by ``python -m eval.scale --prepare --real N``).

Per model: the cosine of each modelled vector to the real one of the same text, and what a
question sees of the distractors (report_dev's questions, real vectors): the mean and the spread
of its cosines, its largest cosine, and how many of its 10 nearest distractors by the real vectors
are among its 10 nearest by the modelled ones.

    python -m eval.scale_vectors --work DIR [--rows 10000]
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import numpy as np


def models(real: dict[str, np.ndarray], pool: list[str], passages: list[str]) -> dict[str, np.ndarray]:
    """Each model's vector of every text of ``passages``."""
    from eval.scale_compose import Composer, Composition
    from eval.scale_corpus import GaussianModel

    out = {}
    for composition in Composition:
        composer = Composer({t: real[t] for t in pool}, composition)
        out[f"composed: {composition.value}"] = np.stack([composer.vector(t) for t in passages])
    # The earlier model: a diagonal Gaussian fitted on 256 real windows (eval.scale --real 256 --vectors gaussian).
    fitted = GaussianModel.fit(np.stack([real[t] for t in passages[:256]]))
    out["Gaussian (256 fitted)"] = fitted.sample(len(passages), np.random.default_rng(0))
    return out


def describe(queries: np.ndarray, real: np.ndarray, modelled: np.ndarray) -> dict[str, float]:
    paired = np.einsum("ij,ij->i", real, modelled)
    sims = queries @ modelled.T
    truth = np.argsort(-(queries @ real.T), axis=1)[:, :10]
    mine = np.argsort(-sims, axis=1)[:, :10]
    overlap = np.mean([len(set(a) & set(b)) / 10 for a, b in zip(truth, mine)])
    return {
        "paired p5": float(np.percentile(paired, 5)), "paired p50": float(np.median(paired)),
        "query mean": float(sims.mean()), "query spread": float(sims.std(axis=1).mean()),
        "query max p50": float(np.median(sims.max(axis=1))), "top-10 overlap": float(overlap),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.scale_vectors", description=__doc__.split("\n\n")[0])
    parser.add_argument("--work", type=Path, required=True, help="eval.scale's work directory (its real/ cache)")
    parser.add_argument("--rows", type=int, default=10_000, help="distractors compared (their real vectors must be cached)")
    parser.add_argument("--set", default="report_dev", choices=["report_dev", "report_test"])
    args = parser.parse_args(argv)
    from eval.datasets import ReportSet, load_report_set
    from eval.runner import retrieval_query
    from eval.scale import prepare, real_texts
    from index.encoders import load_encoder

    encoder = load_encoder()
    real = prepare(args.work, args.rows, encoder, progress=False)
    pool, passages = real_texts(args.rows, 10**9)
    queries = encoder.encode_queries([retrieval_query(q) for q in load_report_set(ReportSet(args.set)).questions])
    truth = np.stack([real[t] for t in passages])
    rows = {"real (the encoder)": describe(queries, truth, truth)}
    rows.update({name: describe(queries, truth, vectors) for name, vectors in models(real, pool, passages).items()})
    keys = list(next(iter(rows.values())))
    print(f"{len(passages):,} distractors, {len(queries)} {args.set} questions\n")
    print("| vectors | " + " | ".join(keys) + " |\n|" + "---|" * (len(keys) + 1))
    for name, row in rows.items():
        print(f"| {name} | " + " | ".join(f"{row[k]:.3f}" if k != "query spread" else f"{row[k]:.4f}" for k in keys) + " |")
    print(f"\nload average (1, 5, 15 min): {', '.join(f'{v:.1f}' for v in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
