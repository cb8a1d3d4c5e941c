"""Score a line repair on the simulated glitch of XQuAD's Arabic paragraphs.

    python -m eval.repair_sim [--contexts PATH] [--seed 0] [--limit N] [--digits as-is|arabic-indic] [--json]

Each article of the SQuAD-format file (``data[].paragraphs[].context``) is one
document: :func:`eval.repair_sim.simulate` wraps and glitches its paragraphs,
with a blank line between them, and the repair gets all of the document's raw
lines in one call, as it gets the report's. A line is *repaired exactly* when
the repair's output, whitespace collapsed, equals the logical line (tatweel and
the marker removed). A line is *glitched* when its raw text, marker removed and
whitespace collapsed, differs from the logical line: the glitch moved or cut
something; a line only stretched or marked is clean, and must come back as it was.
Each line's symptoms are read from its alignment (:mod:`eval.glitch_symptoms`),
and the exact share is given per symptom: it says which glitches the repair misses.
"""

from __future__ import annotations

import argparse
import enum
import json
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

from eval.bench import XQUAD_DIR
from eval.glitch_align import MARKER
from eval.glitch_rates import MEASURED
from eval.glitch_symptoms import SymptomScore, breakdown, shape
from eval.glitch_text import logical_text
from eval.repair_sim import GlitchRates, simulate, wrap
from index.common import InputFileError, SanadError, parse_enum

Repair = Callable[[list[str]], list[str]]
_ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


class Digits(enum.Enum):
    """Digits of the clean text: as XQuAD writes them (ASCII), or as UN Arabic reports print them."""

    AS_IS = "as-is"
    ARABIC_INDIC = "arabic-indic"


@dataclass(frozen=True)
class RepairScore:
    documents: int
    lines: int
    glitched: int
    exact: int
    exact_glitched: int
    clean_unchanged: int
    repair_seconds: float
    simulate_seconds: float
    symptoms: tuple[SymptomScore, ...] = ()  # lines and exact repairs per glitch symptom

    @property
    def clean(self) -> int:
        return self.lines - self.glitched

    def to_dict(self) -> dict:
        return {**asdict(self), "share_exact": _share(self.exact, self.lines),
                "share_exact_glitched": _share(self.exact_glitched, self.glitched),
                "share_clean_unchanged": _share(self.clean_unchanged, self.clean)}


def load_articles(path: Path | str, digits: Digits = Digits.AS_IS) -> list[list[str]]:
    """The contexts of a SQuAD-format file, one list of paragraphs per article."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        articles = [[p["context"] for p in article["paragraphs"]] for article in data["data"]]
    except OSError as exc:
        raise InputFileError(f"cannot read {path}: {exc.strerror or exc}") from None
    except (ValueError, KeyError, TypeError) as exc:
        raise InputFileError(f"{path} is not SQuAD JSON (data[].paragraphs[].context): {exc}") from None
    if digits is Digits.ARABIC_INDIC:
        articles = [[c.translate(_ARABIC_INDIC) for c in article] for article in articles]
    return articles


def run(articles: list[list[str]], repair: Repair, rates: GlitchRates = MEASURED, seed: int = 0) -> RepairScore:
    """Simulate each article as one document, repair it, and count exact lines."""
    counts = dict.fromkeys(("lines", "glitched", "exact", "exact_glitched", "clean_unchanged"), 0)
    repair_seconds = simulate_seconds = 0.0
    shapes, exacts = [], []
    for i, paragraphs in enumerate(articles):
        start = time.perf_counter()
        pairs = simulate(paragraphs, rates, seed=f"{seed}/{i}")
        simulate_seconds += time.perf_counter() - start
        raw = [r for r, _ in pairs]
        start = time.perf_counter()
        repaired = repair(raw)
        repair_seconds += time.perf_counter() - start
        if len(repaired) != len(raw):
            raise SanadError(f"the repair returned {len(repaired)} lines for {len(raw)}; it must return one per line")
        for (line, expected), out in zip(pairs, repaired):
            if not expected:
                continue
            glitched = logical_text(MARKER.sub(" ", line)) != expected
            exact = " ".join(out.split()) == expected
            counts["lines"] += 1
            counts["glitched"] += glitched
            counts["exact"] += exact
            counts["exact_glitched"] += exact and glitched
            counts["clean_unchanged"] += exact and not glitched
            shapes.append(shape(line, expected))
            exacts.append(exact)
    return RepairScore(len(articles), **counts, repair_seconds=repair_seconds, simulate_seconds=simulate_seconds,
                       symptoms=breakdown(shapes, exacts))


def text_report(score: RepairScore, all_lines: int | None = None) -> str:
    """The score as the command prints it; ``all_lines`` (of the whole file) adds a time estimate."""
    per_line = score.repair_seconds / score.lines if score.lines else 0.0
    out = [
        f"documents: {score.documents}, lines: {score.lines}, glitched: {score.glitched}"
        + f" ({_percent(score.glitched, score.lines)})",
        f"repaired exactly: {score.exact}/{score.lines} ({_percent(score.exact, score.lines)})",
        f"  glitched lines: {score.exact_glitched}/{score.glitched} ({_percent(score.exact_glitched, score.glitched)})",
        f"  clean lines unchanged: {score.clean_unchanged}/{score.clean}"
        + f" ({_percent(score.clean_unchanged, score.clean)})",
        f"repair time: {score.repair_seconds:.1f} s ({1000 * per_line:.1f} ms/line);"
        + f" simulation {score.simulate_seconds:.1f} s",
    ]
    if all_lines and all_lines > score.lines:
        out.append(f"estimated repair time for all {all_lines} lines: {per_line * all_lines:.0f} s")
    if score.symptoms:
        out += ["", "| symptom (a line may show several) | lines | exact |", "|---|---:|---:|"]
        out += [f"| {s.symptom} | {s.lines} | {s.exact} ({_percent(s.exact, s.lines)}) |" for s in score.symptoms]
    return "\n".join(out)


def main(argv: list[str] | None = None, repair: Repair | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.repair_sim", description=__doc__.split("\n")[0])
    default = XQUAD_DIR / "xquad.ar.json"
    parser.add_argument("--contexts", type=Path, default=default, metavar="PATH", help=f"SQuAD-format JSON (default: {default})")
    parser.add_argument("--seed", type=int, default=0, help="seed of the simulation (default: 0)")
    parser.add_argument("--limit", type=int, metavar="N", help="only the first N articles")
    parser.add_argument("--digits", default=Digits.AS_IS.value, metavar="|".join(d.value for d in Digits),
                        help="write the text's digits as they are or as Arabic-Indic (default: as-is)")
    parser.add_argument("--engine", default="repair", choices=["reversal", "repair"],
                        help="the repair under test: index.repair (both readings, the parser's; default)"
                        " or index.repair.reversal (reversal alone)")
    parser.add_argument("--json", action="store_true", help="print the score as JSON")
    args = parser.parse_args(argv)
    try:
        articles = load_articles(args.contexts, parse_enum(Digits, args.digits, "--digits"))
        if repair is None:
            if args.engine == "repair":
                from index.repair import repair_lines as repair  # the repair under test, imported when run
            else:
                from index.repair.reversal import repair_lines as repair
        chosen = articles[: args.limit] if args.limit is not None else articles
        score = run(chosen, repair, seed=args.seed)
    except SanadError as exc:
        print(f"sanad: error: {exc}", file=sys.stderr)
        return 2
    if args.json:
        rates = asdict(MEASURED)
        print(json.dumps({**score.to_dict(), "seed": args.seed, "digits": args.digits, "rates": rates}, indent=2))
    else:
        all_lines = sum(len(wrap(p)) for article in articles for p in article)
        print(text_report(score, all_lines))
    return 0


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def _percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f} %" if whole else "n/a"
