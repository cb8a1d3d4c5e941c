"""What each answer weight buys: every ``AnswerConfig`` choice undone in turn, on the report sets.

``python -m eval.answer_ablation report_dev report_test`` retrieves each question once,
as ``Assistant.ask`` does (the follow-up's retrieval query, hybrid hits and their scores),
then composes its answer under the final configuration and under each row of ``ROWS``,
and prints the rates ``sanad eval`` prints (``eval.runner._rates``): hit rate (Arabic /
English), short-answer exact match, median answer length, on-topic abstention P / R.
Composing is deterministic, so the rows differ only by their configuration.
"""

from __future__ import annotations

import argparse
import dataclasses
from collections.abc import Sequence

from eval import runner

# (label, the AnswerConfig fields it changes); the first row is the final configuration.
ROWS: tuple[tuple[str, dict], ...] = (
    ("final", {}),
    ("idf overlap 0", {"idf_overlap_weight": 0.0}),
    ("rank prior 0", {"rank_prior": 0.0}),
    ("rank_weight 0", {"rank_weight": 0.0}),
    ("rank_weight 0.07 (fitted on XQuAD)", {"rank_weight": 0.07}),
    ("keep_within 0", {"keep_within": 0.0}),
    ("keep_within 0.08", {"keep_within": 0.08}),
    ("further_tokens 0", {"further_tokens": 0}),
    ("typed_beyond_close off", {"typed_beyond_close": False}),
    ("foreign_words_penalty 0", {"foreign_words_penalty": 0.0}),
    ("constraints_in_sentence off", {"constraints_in_sentence": False}),
    ("check_constraints off", {"check_constraints": False}),
    ("require_phrase ()", {"require_phrase": ()}),
    ("require_phrase without person, place", {"require_phrase": ("date", "number", "name")}),
    ("places_any_kind off", {"places_any_kind": False}),
    ("check_bodies off", {"check_bodies": False}),
    ("hits_considered 2", {"hits_considered": 2}),
    ("hits_considered 4", {"hits_considered": 4}),
    ("max_chars 0 (no limit)", {"max_chars": 0}),
    ("abstain_below 0.82", {"abstain_below": 0.82}),
    ("abstain_below 0.84", {"abstain_below": 0.84}),
    ("abstain_below_cross_lingual 0.74", {"abstain_below_cross_lingual": 0.74}),
    ("abstain_below_cross_lingual 0.76", {"abstain_below_cross_lingual": 0.76}),
    ("both thresholds as before (0.84, 0.76)", {"abstain_below": 0.84, "abstain_below_cross_lingual": 0.76}),
    ("no threshold", {"abstain_below": 0.0, "abstain_below_cross_lingual": 0.0}),
    ("collect_lists off", {"collect_lists": False}),
    ("followup_role off", {"followup_role": False}),
    ("min_words 1", {"min_words": 1}),
    ("recommendations off", {"recommendations": False}),
    ("narrow_fit off", {"narrow_fit": False}),
    ("named_weight 0", {"named_weight": 0.0}),
    ("named_weight 0.03", {"named_weight": 0.03}),
    ("followup_role_order off", {"followup_role_order": False}),
    ("pinned_in_cited off", {"pinned_in_cited": False}),
    ("count_noun 0 (off)", {"count_noun": 0.0}),
    ("count_noun 0.01", {"count_noun": 0.01}),
    ("count_noun 0.02", {"count_noun": 0.02}),
    ("echo_continues 0 (off)", {"echo_continues": 0}),
    ("echo_continues 8", {"echo_continues": 8}),
    ("count_noun and echo_continues off", {"count_noun": 0.0, "echo_continues": 0}),
    ("list_items off", {"list_items": False}),
    ("recommended_items 0 (off)", {"recommended_items": 0}),
    ("recommended_items 1", {"recommended_items": 1}),
    ("recommended_items 5", {"recommended_items": 5}),
    ("list_items and recommended_items off", {"list_items": False, "recommended_items": 0}),
    ("count_noun_rank 0 (off)", {"count_noun_rank": 0}),
    ("count_noun_rank 150", {"count_noun_rank": 150}),
    ("count_noun_rank 450", {"count_noun_rank": 450}),
    ("count_noun_hub 0 (the rank alone)", {"count_noun_hub": 0.0}),
    ("count_noun_hub 0.03", {"count_noun_hub": 0.03}),
    ("count_noun_hub 0.1", {"count_noun_hub": 0.1}),
    ("off_topic_margin None (off)", {"off_topic_margin": None}),
    ("off_topic_margin -0.02", {"off_topic_margin": -0.02}),
    ("off_topic_margin 0", {"off_topic_margin": 0.0}),
    ("precise_date_within 0 (off)", {"precise_date_within": 0.0}),
    ("precise_date_within 0.02", {"precise_date_within": 0.02}),
    ("off_topic_margin None and precise_date_within 0 (main before)", {"off_topic_margin": None, "precise_date_within": 0.0}),
    ("clause_chars 0 (whole sentences)", {"clause_chars": 0}),
    ("clause_chars 180", {"clause_chars": 180}),
    ("clause_chars 260", {"clause_chars": 260}),
    ("count_noun_synonyms off", {"count_noun_synonyms": False}),
)


def retrieve(assistant, questions) -> list[tuple]:
    """Each question's ``(question, retrieval query, hits, scores)``, as ``Assistant.ask`` computes them."""
    from qa import followup, off_topic

    store, retriever = assistant._state
    asked = []
    for question in questions:
        query = followup.resolve(question.question, question.turns())
        vector = assistant.encoder.encode_queries([query])[0]
        hits, scores = retriever.search_with_scores(query, 5, "hybrid", query_vector=vector)
        if scores.sentence_rows is None:
            scores = dataclasses.replace(scores, sentence_rows=store.sentences.row_scores(vector))
        scores = dataclasses.replace(scores, background=off_topic.cosine(assistant.encoder, vector, hits))
        asked.append((question, query, hits, scores))
    return asked


def answers(store, retrieved: Sequence[tuple], config) -> list[tuple]:
    """``(question, Answer)`` for each retrieved question, composed under ``config``."""
    from qa.answer import compose

    return [(q, compose(q.question, hits, store, scores, config, retrieval_query=query)) for q, query, hits, scores in retrieved]


def rates(asked: Sequence[tuple]) -> dict:
    """``runner._rates`` of ``(question, Answer)`` pairs, with the hit rate per language."""
    out = runner._rates(asked)
    for lang in sorted({q.lang for q, _ in asked if q.lang}):
        out[f"hit_rate_{lang}"] = runner._rates([(q, a) for q, a in asked if q.lang == lang])["hit_rate"]
    return out


def row(values: dict) -> str:
    def num(key, digits=3):
        value = values.get(key)
        return "n/a" if value is None else f"{value:.{digits}f}"

    return (
        f"{num('hit_rate')} ({num('hit_rate_ar')} / {num('hit_rate_en')}), {num('short_exact_match')}, "
        f"{num('answer_chars_p50', 1)}, {num('on_topic_abstain_precision', 2)} / {num('on_topic_abstain_recall', 2)}"
    )


def main(argv: Sequence[str] | None = None) -> int:
    from eval.datasets import DATASET_HELP, resolve
    from qa import Assistant

    parser = argparse.ArgumentParser(prog="python -m eval.answer_ablation", description=__doc__.split("\n")[0])
    parser.add_argument("datasets", nargs="+", help=DATASET_HELP)
    args = parser.parse_args(argv)
    assistant = Assistant.load()
    retrieved = {name: retrieve(assistant, resolve(name).questions) for name in args.datasets}
    print("| undone | " + " | ".join(f"{name}: hit (ar / en), EM, median, P / R" for name in args.datasets) + " |")
    print("|---" * (len(args.datasets) + 1) + "|")
    for label, changes in ROWS:
        config = dataclasses.replace(assistant.answer_config, **changes)
        cells = [row(rates(answers(assistant.store, retrieved[name], config))) for name in args.datasets]
        print(f"| {label} | " + " | ".join(cells) + " |", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
