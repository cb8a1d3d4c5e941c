"""The answer composer's sentence weights, fitted on public data and checked on held-out data.

``python -m eval.fit_sentence_score`` reads every quotable sentence ``qa.answer.compose`` ranks
(``qa.answer.sentence_terms``: cosine, idf share of the question, paragraph rank, Latin words for an
English question) for the questions of

* XQuAD (Arabic contexts; its Arabic questions and its English ones, both judged by the Arabic
  gold answer, which the Arabic text holds), split by article: even articles (in file order) fit,
  odd ones are held out;
* ``report_dev`` (checked, not fitted on: the weights must come from data nobody tuned rules on),

then fits a conditional logit (a softmax over each question's sentences; the targets are the
sentences holding the gold answer, as ``eval.metrics.answer_contains`` judges it) on XQuAD's fit half,
and prints, scaled so the cosine's weight is 1 (the score ``AnswerConfig.sentence_score`` adds up),
the fitted weights and how often the best-scored sentence holds the gold answer, for the fitted
weights, ``AnswerConfig``'s and each of those undone, on each half and on dev.

``--index DIR`` reuses XQuAD's index saved by ``python -m eval.search_overhead --save-index
xquad_ar_ar DIR`` (else it is built in memory, as ``sanad eval`` does: minutes).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np

FEATURES = ("cosine", "overlap", "rank_share", "foreign")


@dataclasses.dataclass(frozen=True)
class Ranked:
    """One question's sentences: their terms (rows of ``FEATURES``) and which hold the gold answer."""

    lang: str
    terms: np.ndarray
    gold: np.ndarray


def xquad_questions(xquad_dir: Path) -> tuple[list, list, dict[str, int]]:
    """XQuAD's Arabic and English questions (both with the Arabic gold answer) and each id's article."""
    from eval.datasets import load_paired, load_squad

    arabic = xquad_dir / "xquad.ar.json"
    article, answer = {}, {}
    for a, entry in enumerate(json.loads(arabic.read_text(encoding="utf-8"))["data"]):
        for paragraph in entry["paragraphs"]:
            for qa in paragraph["qas"]:
                article[qa["id"]], answer[qa["id"]] = a, qa["answers"][0]["text"]
    ar = [dataclasses.replace(q, lang="ar") for q in load_squad(arabic, name="xquad.ar").questions]
    en = [dataclasses.replace(q, lang="en", answer=answer[q.id]) for q in load_paired(xquad_dir / "xquad.en.json", arabic).questions]
    return ar, en, article


def ranked(assistant, questions) -> list[tuple[object, Ranked]]:
    """Each question with a gold answer and its composer's sentences' terms and gold labels."""
    from eval import metrics
    from eval.answer_ablation import retrieve
    from qa.answer import sentence_terms

    store, config = assistant.store, assistant.answer_config
    out = []
    for question, query, hits, scores in retrieve(assistant, questions):
        if not (question.answerable and metrics.answer_tokens(question.answer)):
            continue
        sentences = sentence_terms(question.question, hits, store, scores, config, retrieval_query=query)
        if sentences:
            terms = np.array([[float(getattr(t, f)) for f in FEATURES] for _, t in sentences])
            gold = np.array([metrics.answer_contains(s.text, question.answer) for s, _ in sentences])
            out.append((question, Ranked(question.lang or "", terms, gold)))
    return out


def loss(w: np.ndarray, groups: Sequence[Ranked], l2: float) -> tuple[float, np.ndarray]:
    """Mean negative log of the softmax mass on the gold sentences (questions with some gold and some not),
    plus ``l2`` times the squared weights other than the cosine's; and its gradient."""
    total, grad, n = 0.0, np.zeros(len(w)), 0
    for g in groups:
        if not g.gold.any() or g.gold.all():
            continue
        s = g.terms @ w
        p = np.exp(s - s.max())
        p /= p.sum()
        mass = p[g.gold].sum()
        total -= np.log(mass)
        grad -= (np.where(g.gold, p, 0.0) / mass - p) @ g.terms
        n += 1
    total, grad = total / n + l2 * (w[1:] ** 2).sum(), grad / n
    grad[1:] += 2 * l2 * w[1:]
    return total, grad


def fit(groups: Sequence[Ranked], l2: float = 1e-3) -> np.ndarray:
    """The fitted weights, scaled so the cosine's is 1."""
    from scipy.optimize import minimize

    start = np.zeros(len(FEATURES))
    start[0] = 10.0
    w = minimize(loss, start, args=(groups, l2), jac=True, method="L-BFGS-B").x
    return w / w[0]


def top_hit(groups: Sequence[Ranked], w: np.ndarray) -> float:
    """How often the best-scored sentence holds the gold answer (ties: the first, as ``compose``'s stable sort)."""
    return float(np.mean([g.gold[int(np.argmax(g.terms @ w))] for g in groups])) if groups else float("nan")


def configured(config) -> np.ndarray:
    """``AnswerConfig``'s weights in ``FEATURES`` order (``sentence_score``)."""
    return np.array([1.0, config.idf_overlap_weight, config.rank_weight, -config.foreign_words_penalty])


def main(argv: Sequence[str] | None = None) -> int:
    from eval import bench, runner
    from eval.datasets import load_squad, resolve
    from index.encoders import load_encoder
    from index.store import Store
    from qa import Assistant

    parser = argparse.ArgumentParser(prog="python -m eval.fit_sentence_score", description=__doc__.split("\n")[0])
    parser.add_argument("--xquad-dir", type=Path, default=bench.XQUAD_DIR)
    parser.add_argument("--index", type=Path, help="XQuAD's saved index (python -m eval.search_overhead --save-index xquad_ar_ar DIR)")
    parser.add_argument("--l2", type=float, default=1e-3)
    args = parser.parse_args(argv)
    report = Assistant.load()
    if args.index:
        store = Store.load(args.index)
        encoder = load_encoder(store.model_name)
    else:
        store, encoder = runner.open_index(load_squad(args.xquad_dir / "xquad.ar.json"), lambda model: load_encoder(model))
    xquad = Assistant(store, encoder, answer=report.answer_config)
    ar, en, article = xquad_questions(args.xquad_dir)
    asked = ranked(xquad, ar) + ranked(xquad, en)
    sets = {
        f"xquad {lang} {half}": [g for q, g in asked if q.lang == lang and article[q.id] % 2 == (half == "held-out")]
        for lang in ("ar", "en")
        for half in ("fit", "held-out")
    }
    dev = [g for _, g in ranked(report, resolve("report_dev").questions)]
    sets.update({"dev ar": [g for g in dev if g.lang == "ar"], "dev en": [g for g in dev if g.lang == "en"]})
    fitted = fit(sets["xquad ar fit"] + sets["xquad en fit"], args.l2)
    print("fitted on XQuAD's fit half (cosine = 1): " + ", ".join(f"{f} {v:+.4f}" for f, v in zip(FEATURES, fitted)))
    rows = {"fitted": fitted, "AnswerConfig": configured(report.answer_config)}
    for i, name in enumerate(FEATURES[1:], start=1):
        undone = configured(report.answer_config)
        undone[i] = 0.0
        rows[f"AnswerConfig, {name} 0"] = undone
    print("| weights | " + " | ".join(sets) + " |\n|---" * 1 + "|---" * len(sets) + "|")
    for label, w in rows.items():
        print(f"| {label} | " + " | ".join(f"{top_hit(g, w):.3f}" for g in sets.values()) + " |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
