"""Why simulated lines stay wrong: search or model error, and what differs from the true line.

    python -m eval.repair_sim_classes DUMP [--examples K] [--json PATH] [--records]

``DUMP`` is the ``--dump`` of ``python -m eval.repair_damage --sim-seeds S --limit N`` (one JSON line per
simulated line: raw, chosen and expected text). Each document is simulated again (same seed, so the same
raw lines) to rebuild its vocabulary; for every line the repair got wrong the search's own cost of the
true reading (:func:`eval.repair_search_errors.forced_cost`, both atomizations) is compared with the
beam's best reading of the line alone (``index.repair.lines._search_line``):

- *unreachable*: no path of the search's steps spells the true reading (a needed cut or join is never
  offered), and the reversal engine does not read it either;
- *search error*: the true reading is cheaper than the beam's best (the beam lost it);
- *model error*: it is as dear or dearer (a wider beam would not help); *choice* when the search did rank
  it first (or the reversal read it) and the line's choice among readings (reversal, seams, rotation,
  printed order) took another.

What differs (:func:`difference`) is read off the two texts, the first that holds:

1. the same tokens: *rotation* (the true line's halves swapped at a space), else *order: number/Latin*
   (the tokens without a digit or Latin letter read in order), else *order: Arabic runs*;
2. the same text but for spaces: *space: Arabic join/split* (a space between two letters differs),
   else *space: punctuation/number*;
3. not the same characters: *characters* (a bracket left mirrored, a range's ends);
4. the same words once punctuation and brackets are stripped: in the same order *punctuation/brackets*,
   else one of the order classes of 1 (a stop or bracket moved with its run);
5. a differing token holds a digit or a Latin letter: *number/Latin*;
6. else *word pieces*: an Arabic word cut or glued wrong (``+order`` when the shared tokens are
   also out of order).

The true reading's reachability counts the reversal engine's reading and the printed order too;
:func:`unreachable_reason` says which part of the candidate generator misses it.
"""

from __future__ import annotations

import argparse
import difflib
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

from eval.bench import XQUAD_DIR
from eval.repair_bench import load_articles
from eval.repair_search_errors import _along, forced_cost
from eval.repair_sim import simulate
from index.repair import reversal
from index.repair.atoms import atomize
from index.repair.glue import Glue
from index.repair.lines import _search_line
from index.repair.markers import split_item, split_marker
from index.repair.search import line_space
from index.repair.typography import finish
from index.repair.words import TATWEEL, WordModel, build_vocabulary

_NUMBER_OR_LATIN = re.compile(r"[0-9٠-٩A-Za-z]")
_PUNCT = re.compile(r"[^\w\u0621-\u065f\u0670]+")
_LETTER = re.compile(r"[\u0621-\u064a\u064b-\u065f\u0670]")
_EPS = 1e-6


def difference(returned: str, expected: str) -> str:
    """What a wrong reading gets wrong, in one class name (see the module docstring).

    >>> difference("ب ج أ", "أ ب ج"), difference("أب ج", "أ ب ج"), difference("ج ٢٠١٨ ب", "ج ب ٢٠١٨")
    ('rotation', 'space: Arabic join/split', 'order: number/Latin')
    """
    got, want = returned.split(), expected.split()
    if Counter(got) == Counter(want):
        return _order(got, want)
    if returned.replace(" ", "") == expected.replace(" ", ""):
        return "space: Arabic join/split" if _letter_space_differs(returned, expected) else "space: punctuation/number"
    if Counter(returned.replace(" ", "")) != Counter(expected.replace(" ", "")):
        return "characters"
    bare_got, bare_want = _bare(got), _bare(want)
    if bare_got == bare_want:
        return "punctuation/brackets"
    if Counter(bare_got) == Counter(bare_want):
        return _order(bare_got, bare_want)  # the words in another order, a stop or bracket moved with them
    wrong = list((Counter(got) - Counter(want)).elements()) + list((Counter(want) - Counter(got)).elements())
    if any(_NUMBER_OR_LATIN.search(t) for t in wrong):
        return "number/Latin"
    shared = list((Counter(got) & Counter(want)).elements())
    in_got = [t for t in got if t in shared]
    in_want = [t for t in want if t in shared]
    return "word pieces" + (" +order" if _out_of_order(in_got, in_want) else "")


def _order(got: list[str], want: list[str]) -> str:
    if any(got == want[k:] + want[:k] for k in range(1, len(want))):
        return "rotation"
    # Only the numbers or Latin tokens stand elsewhere: the Arabic tokens alone read in order.
    arabic = lambda ts: [t for t in ts if not _NUMBER_OR_LATIN.search(t)]
    return "order: number/Latin" if arabic(got) == arabic(want) else "order: Arabic runs"


def _bare(tokens: list[str]) -> list[str]:
    """The tokens without punctuation or brackets (tokens of punctuation only dropped)."""
    return [b for b in (_PUNCT.sub("", t) for t in tokens) if b]


def _out_of_order(got: list[str], want: list[str]) -> bool:
    matcher = difflib.SequenceMatcher(a=got, b=want, autojunk=False)
    return sum(b.size for b in matcher.get_matching_blocks()) < len(got)


def _letter_space_differs(a: str, b: str) -> bool:
    """Whether two texts with the same letters differ in a space between two Arabic letters."""
    def letter_gaps(text: str) -> set[int]:
        out, k = set(), 0
        for i, ch in enumerate(text):
            if ch == " ":
                if 0 < i < len(text) - 1 and _LETTER.match(text[i - 1]) and _LETTER.match(text[i + 1]):
                    out.add(k)
            else:
                k += 1
        return out
    return letter_gaps(a) != letter_gaps(b)


_BRACKETS = str.maketrans("()[]{}«»", "((((((((")


def unreachable_reason(body: str, words: WordModel, target: str) -> str:
    """Why no path of the search's steps spells ``target``: the first of these that holds.

    *typography*: ``finish`` would change the true reading itself; *atoms*: under both
    atomizations some atom is no piece of the true reading (a cut inside a token, or a glued one,
    is never offered; which kind of atom, see :func:`_misfit`); *run start*: the true reading is reachable once a run may start at every
    atom (``search.run_starts`` opens a single space only near a weak word or a glued boundary);
    *join rule*: else (a junction's space or join is forced the other way).
    """
    if finish(target) != target:
        return "typography"
    flat = target.replace(" ", "").translate(_BRACKETS)
    spaced_edges = (body[:1].isspace(), body[-1:].isspace())
    spaces, misfits = [], []
    for hidden in (True, False):
        atoms, bounds = atomize(body.strip(), words, hidden=hidden)
        misfit = [a for a in atoms if a.text.replace(TATWEEL, "").replace(" ", "").translate(_BRACKETS) not in flat]
        if not misfit:
            spaces.append(line_space(atoms, bounds, words, spaced_edges=spaced_edges))
        misfits += misfit
    if not spaces:
        return "atoms: " + _misfit(misfits, words)
    if any(_along(space._replace(opens=[True] * len(space.atoms)), target) < float("inf") for space in spaces):
        return "run start"
    return "join rule"


def _misfit(atoms, words: WordModel) -> str:
    """What kind of atom stands across the true line's pieces (the first kind any of them is)."""
    if any(a.kind in ("d", "l") for a in atoms):
        return "number/Latin atom"  # 'Panthers   6': the Latin pattern takes the number after it
    if any(words.known(a.text.replace(TATWEEL, "")) for a in atoms):
        return "known token"  # a word or a web fragment of the outside list: no hidden break proposed
    return "unknown token"


def verdict(expected_cost: float, best_cost: float, chosen_by_search: bool, reversal_reads_it: bool) -> str:
    """Search error, model error, choice or unreachable (see the module docstring)."""
    if expected_cost == float("inf") and not reversal_reads_it:  # (the printed order is one of the steps' paths)
        return "unreachable"
    if expected_cost < best_cost - _EPS:
        return "search error"
    if chosen_by_search or reversal_reads_it:
        return "model error: choice"
    return "model error"


def diagnose(rows: list[dict], seed: int) -> list[dict]:
    """Each wrong row of one seed's dump, with its costs, verdict and class."""
    articles = load_articles(XQUAD_DIR / "xquad.ar.json")
    by_doc: dict[int, list[dict]] = defaultdict(list)
    for row in rows:
        by_doc[row["doc"]].append(row)
    # forced_cost walks the search's steps along the true reading recursively, a frame or more per step:
    # a long line with many cuts goes past Python's default depth of 1,000.
    sys.setrecursionlimit(10_000)
    out = []
    for doc, doc_rows in sorted(by_doc.items()):
        pairs = simulate(articles[doc], seed=f"{seed}/{doc}")
        lines = [r for r, _ in pairs]
        vocabulary, reversal_vocabulary = build_vocabulary(lines), reversal.build_vocabulary(lines)
        for row in doc_rows:
            raw = lines[row["line"] - 1]
            if raw != row["raw"]:
                raise ValueError(f"line {row['line']} of document {doc} is not what seed {seed} simulates now: "
                                 "make the dump again with this checkout's eval.repair_damage")
            expected, shown = row["expected"], " ".join(row["shown"].split())
            label, body = split_item(split_marker(raw)[1].replace("\u00a0", " "))
            target = expected
            if label is not None:
                # The repair read an item marker: the true reading must then start with it.
                marker = shown.split(" ", 1)[0]
                target = expected[len(marker):].strip() if expected.startswith(marker) else "\0"
            words = WordModel(vocabulary, body.strip())
            found, _ = _search_line(body, words)
            reversed_text = reversal.repair_line(body, reversal_vocabulary)
            exact = shown == expected
            printed = finish(body.replace(TATWEEL, ""))
            glue = Glue(printed, words)
            record = {
                "doc": doc, "line": row["line"], "raw": raw.strip(), "returned": row["text"], "expected": target,
                "exact": exact, "finish_stable": finish(target) == target,
                # Read by the search's steps, the reversal or as printed: a reading the repair can return.
                "reachable": target in (reversed_text, printed) or forced_cost(body, words, target) < float("inf"),
            }
            if not exact:
                expected_cost = forced_cost(body, words, target)
                record.update({
                    "expected_cost": expected_cost,
                    "returned_cost": forced_cost(body, words, row["text"]),
                    "best": found[0].text, "best_cost": found[0].cost,
                    "expected_rank": next((k for k, c in enumerate(found) if c.text == target), None),
                    "reversal": reversed_text,
                    "expected_price": words.reading(target) + glue.cost(target),
                    "returned_price": words.reading(row["text"]) + glue.cost(row["text"]),
                    "verdict": verdict(expected_cost, found[0].cost, found[0].text == target, reversed_text == target),
                    "class": difference(row["text"], target),
                    "source": _source(row["text"], found, reversed_text, printed),
                })
                if not record["reachable"]:
                    record["why"] = unreachable_reason(body, words, target)
            out.append(record)
    return out


def _source(returned: str, found, reversed_text: str, printed: str) -> str:
    """Which of the line's readings the repair returned."""
    if returned == found[0].text:
        return "search's best"
    if returned == reversed_text:
        return "reversal"
    if returned == printed:
        return "printed order"
    if any(returned == c.text for c in found):
        return "search's other"
    return "rotated"


def table(records: list[dict]) -> str:
    """A markdown table: classes (rows) by verdict (columns)."""
    wrong = [r for r in records if not r["exact"]]
    verdicts = ["search error", "model error", "model error: choice", "unreachable"]
    counts = Counter((r["class"], r["verdict"]) for r in wrong)
    classes = sorted({r["class"] for r in wrong}, key=lambda c: -sum(counts[c, v] for v in verdicts))
    lines = ["| what differs | " + " | ".join(verdicts) + " | all |", "|---|" + "---:|" * (len(verdicts) + 1)]
    for c in classes:
        lines.append(f"| {c} | " + " | ".join(str(counts[c, v]) for v in verdicts)
                     + f" | {sum(counts[c, v] for v in verdicts)} |")
    lines.append("| all | " + " | ".join(str(sum(counts[c, v] for c in classes)) for v in verdicts) + f" | {len(wrong)} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.repair_sim_classes", description=__doc__.split("\n")[0])
    parser.add_argument("dump", type=Path, help="the --dump of eval.repair_damage --sim-seeds S")
    parser.add_argument("--examples", type=int, default=2, metavar="K", help="examples printed per class")
    parser.add_argument("--json", type=Path, metavar="PATH", help="write every diagnosed line as JSON lines")
    parser.add_argument("--records", action="store_true",
                        help="DUMP is an earlier --json: only classify and tabulate again (no search)")
    args = parser.parse_args(argv)
    if not args.dump.is_file():
        print(f"sanad: error: no such dump: {args.dump}", file=sys.stderr)
        return 2
    rows = [json.loads(line) for line in args.dump.read_text(encoding="utf-8").splitlines() if line.strip()]
    if args.records:
        records = [{**r, "class": difference(r["returned"], r["expected"])} if not r["exact"] else r for r in rows]
    else:
        records = []
        for source in sorted({row["source"] for row in rows}):
            seed = int(source.rsplit(" ", 1)[1])
            try:
                records += diagnose([row for row in rows if row["source"] == source], seed)
            except ValueError as error:
                print(f"sanad: error: {error}", file=sys.stderr)
                return 2
    reachable = sum(r["reachable"] for r in records)
    wrong = [r for r in records if not r["exact"]]
    print(f"lines {len(records)}, exact {len(records) - len(wrong)}, true reading reachable {reachable} "
          f"(wrong lines: {sum(r['reachable'] for r in wrong)} of {len(wrong)}), "
          f"true reading not a fixed point of finish(): {sum(not r['finish_stable'] for r in records)}\n")
    print(table(records))
    why = Counter((r["class"], r["why"]) for r in wrong if "why" in r)
    print("\nunreachable, why (see unreachable_reason): "
          + ", ".join(f"{w} {n}" for w, n in Counter(r["why"] for r in wrong if "why" in r).most_common()))
    print("unreachable, the line's word model (words + pairs + glue) on the true reading against the returned: "
          + ", ".join(f"{k} {n}" for k, n in Counter(
              "cheaper" if r["expected_price"] < r["returned_price"] - _EPS
              else "tie" if r["expected_price"] < r["returned_price"] + _EPS else "dearer"
              for r in wrong if "why" in r).most_common()))
    for (c, w), n in sorted(why.items(), key=lambda kv: -kv[1]):
        print(f"  {c} / {w}: {n}")
    print("\nreturned reading's source: " + ", ".join(
        f"{k} {n}" for k, n in Counter(r["source"] for r in wrong).most_common()))
    by_class = defaultdict(list)
    for r in wrong:
        by_class[r["class"]].append(r)
    for c, rs in sorted(by_class.items(), key=lambda kv: -len(kv[1])):
        for r in rs[:args.examples]:
            print(f"\n{c} / {r['verdict']}{' (' + r['why'] + ')' if 'why' in r else ''} (doc {r['doc']} line {r['line']}): search cost true "
                  f"{r['expected_cost']:.1f}, returned {r['returned_cost']:.1f}, beam's best {r['best_cost']:.1f}; "
                  f"words+glue true {r['expected_price']:.1f}, returned {r['returned_price']:.1f}"
                  f"\n  RAW: {r['raw']}\n  GOT: {r['returned']}\n  EXP: {r['expected']}")
    if args.json:
        with args.json.open("w", encoding="utf-8") as out:
            for r in records:
                out.write(json.dumps(r, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
