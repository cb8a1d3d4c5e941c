"""MRR@10 on the bundled sets with sentence fragments muted (``index.sentences.fragments``) and not, side by side.

What ``make bench`` measures (the report alone, report_dev; XQuAD ar→ar and en→ar), one index and one
encoder per set, both settings in one process; the scale side is ``eval.scale_decompose``:

    python -m eval.sentence_fragments [--sets report_dev xquad_ar_ar xquad_en_ar]
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    from eval import bench, runner
    from index.encoders import load_encoder
    from index.sentences import fragments

    parser = argparse.ArgumentParser(prog="python -m eval.sentence_fragments", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sets", nargs="+", default=["report_dev", "xquad_ar_ar", "xquad_en_ar"], choices=bench.NAMES)
    parser.add_argument("--xquad-dir", type=Path, default=bench.XQUAD_DIR)
    args = parser.parse_args(argv)
    encoder = load_encoder()
    lines = ["| set | muted vectors | hybrid, all kept | hybrid, fragments muted | dense (either) |", "|---|---:|---:|---:|---:|"]
    for name in args.sets:
        b = next(b for b in bench.BENCHMARKS if b.name == name)
        dataset = b.load(args)
        store, enc = runner.open_index(dataset, lambda _: encoder)
        muted = fragments(store.sentence_spans)
        scores = {}
        for mute in (False, True):
            store.sentences.muted = muted if mute else None
            report = runner.run(dataset, store, enc, ["hybrid", "dense"], 10)
            scores[mute] = report.modes
            print(f"{name} muted={mute}: hybrid {report.modes['hybrid']['mrr@10']:.4f}", file=sys.stderr, flush=True)
        count = 0 if muted is None else int(muted.sum())
        lines.append(f"| {name} | {count} of {len(store.sentence_spans):,} | {scores[False]['hybrid']['mrr@10']:.3f} | "
                     f"{scores[True]['hybrid']['mrr@10']:.3f} | {scores[True]['dense']['mrr@10']:.3f} |")
    print("\n".join(lines))
    print(f"\nload average (1, 5, 15 min): {', '.join(f'{v:.1f}' for v in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
