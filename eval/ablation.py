"""What each retrieval choice buys: MRR@10 with one choice undone at a time, in one run.

Variants share the query vectors and, through ``_ReusingEncoder``, the passage
and sentence vectors, so the whole table costs little more than embedding the
questions once. The choices:

* each sub-item of a paragraph embedded on its own (``IndexConfig.item_vectors``);
* the innermost heading in the embedded text (``IndexConfig.embedded_section``);
* the whole section path in the BM25 text, not just the innermost heading
  (``IndexConfig.bm25_section``);
* the front matter (the summary, no paragraph number) ranked after the
  numbered paragraphs (``FusionConfig.front_matter_last``);
* all four undone at once: hybrid search as it was before them;
* two choices measured and left off, as "+" rows: the innermost heading on the
  sentence vectors (``IndexConfig.sentence_section``) and the second stage
  that reranks the top 20 by sentence-level word coverage
  (``FusionConfig.rerank_weight``);
* the cross-lingual BM25 bridge (``FusionConfig.bridge_weight``), and its words bridged into the
  terms of the dense side's best passages rather than the whole lexicon (``bridge_near``);
* the Arabic names of the bodies an English question names, searched by the bridge (``body_weight``,
  measured and left off), and BM25's weight (``bm25_weight``, set by fresh12; ``eval/results/retrieval.md``);
* sentence vectors beside the passage windows (``sentence_weight``);
* weighing BM25 by the query's lexical evidence (``weigh_by_evidence``);
* Snowball stemming of the BM25 terms (a second index without it);
* token windows over long passages, against one vector per passage truncated
  at the model's limit, which is what embedding whole paragraphs amounts to;
* naive RRF's constant ``k``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

import numpy as np

from eval import metrics
from eval.datasets import EvalDataset, relevance_key

CUTOFF = 10
RRF_KS = (10, 30, 60, 100)


@dataclasses.dataclass(frozen=True)
class Variant:
    name: str
    mode: str = "hybrid"
    fusion: dict = dataclasses.field(default_factory=dict)  # FusionConfig overrides
    index: dict = dataclasses.field(default_factory=dict)  # IndexConfig overrides: a second index
    first_window: bool = False  # one truncated vector per passage (``_ReusingEncoder``)

    def store_key(self) -> tuple:
        """Variants with the same key search the same index."""
        return (tuple(sorted(self.index.items())), self.first_window)


BEFORE = {"bm25_section": "innermost", "embedded_section": "none", "item_vectors": False}
UNSTEMMED = {"stemming": "none"}

VARIANTS = (
    Variant("hybrid (Sanad)"),
    Variant("− sub-item vectors", index={"item_vectors": False}),
    Variant("− innermost heading in the embedded text", index={"embedded_section": "none"}),
    Variant("− section path in the BM25 text (innermost heading only)", index={"bm25_section": "innermost"}),
    Variant("− the summary after the numbered paragraphs", fusion={"front_matter_last": False}),
    Variant("− all four (hybrid before #11's retrieval work)", fusion={"front_matter_last": False}, index=BEFORE),
    Variant("+ innermost heading on the sentence vectors", index={"sentence_section": "innermost"}),
    Variant("+ second stage: top 20 reranked by sentence coverage", fusion={"rerank_weight": 0.2}),
    Variant("− cross-lingual bridge", fusion={"bridge_weight": 0.0}),
    Variant("− bridge into the 10 best passages' terms (whole lexicon)", fusion={"bridge_near": 0}),
    Variant("+ Arabic names of bodies an English question names, in the bridge (off)", fusion={"body_weight": 2.0}),
    Variant("BM25 weight 0.75 (before fresh12)", fusion={"bm25_weight": 0.75}),
    Variant("− sentence vectors", fusion={"sentence_weight": 0.0}),
    Variant("− evidence weighting of BM25", fusion={"weigh_by_evidence": False}),
    Variant("− stemming (BM25 on surface words)", index=UNSTEMMED),
    Variant("− windows (one truncated vector per passage)", first_window=True),
    Variant("bm25, stemmed", "bm25"),
    Variant("bm25, unstemmed", "bm25", index=UNSTEMMED),
    Variant("bm25, before #11", "bm25", {"front_matter_last": False}, index=BEFORE),
    Variant("dense, windows", "dense"),
    Variant("dense, one truncated vector per passage", "dense", first_window=True),
    Variant("dense, before #11", "dense", {"front_matter_last": False}, index=BEFORE),
    *(Variant(f"rrf, k = {k}", "rrf", {"rrf_k": float(k)}) for k in RRF_KS),
)


class _ReusingEncoder:
    """Wraps an encoder so a rebuilt index reuses the vectors of the first build.

    ``first_window_only`` keeps one vector per passage, the first window: what a
    model truncating at its input limit embeds of a whole paragraph.
    """

    def __init__(self, encoder, first_window_only: bool = False, shared: dict | None = None):
        self.encoder = encoder
        self.name = encoder.name
        self.first_window_only = first_window_only
        self._memo = shared if shared is not None else {}

    def encode_queries(self, texts: list[str]) -> np.ndarray:
        new = [t for t in dict.fromkeys(texts) if ("q", t) not in self._memo]
        if new:
            self._memo.update({("q", t): v for t, v in zip(new, self.encoder.encode_queries(new))})
        return np.stack([self._memo[("q", t)] for t in texts])

    def encode_passages(self, texts: list[str], show_progress: bool = False):
        key = ("p", tuple(texts))
        if key not in self._memo:
            self._memo[key] = self.encoder.encode_passages(texts, show_progress=show_progress)
        vectors, owner = self._memo[key]
        if not self.first_window_only:
            return vectors, owner
        owner = np.asarray(owner)
        first = np.flatnonzero(np.r_[True, owner[1:] != owner[:-1]])
        return vectors[first], owner[first]


def _stores(store, encoder, variants: Sequence[Variant], shared: dict) -> dict:
    """One index per distinct ``Variant.store_key``; ``store`` (built with the default config) is the base."""
    from index.store import IndexConfig, Store

    base = ((), False)
    stores = {base: store}
    for variant in variants:
        key = variant.store_key()
        if key not in stores:
            config = dataclasses.replace(IndexConfig.for_model(encoder.name), **variant.index)
            stores[key] = Store.build(list(store.passages), _ReusingEncoder(encoder, variant.first_window, shared), config)
    return stores


def run(
    dataset: EvalDataset, store, encoder, variants: Sequence[Variant] = VARIANTS, shared: dict | None = None
) -> list[tuple[str, dict]]:
    """``[(variant name, {"all": mrr@10, <lang>: mrr@10, ...}), ...]`` over answerable questions.

    ``shared`` memoizes passage vectors across calls (benchmarks over the same passages).
    """
    from eval.runner import retrieval_query
    from qa.retriever import FusionConfig, Retriever

    questions = [q for q in dataset.questions if q.answerable]
    queries = [retrieval_query(q) for q in questions]  # follow-ups as the runner searches them
    vectors = encoder.encode_queries(queries)
    stores = _stores(store, encoder, variants, {} if shared is None else shared)
    retrievers = {key: Retriever(s, encoder) for key, s in stores.items()}
    langs = sorted({q.lang for q in questions if q.lang})
    rows = []
    for variant in variants:
        retriever = retrievers[variant.store_key()]
        retriever.fusion_config = dataclasses.replace(FusionConfig(), **variant.fusion)
        reciprocal = []
        for question, query, vector in zip(questions, queries, vectors):
            final = retriever.score(query, variant.mode, vector).final
            order = np.argsort(-final, kind="stable")[:CUTOFF]
            ranked = [relevance_key(retriever.store.passages[i]) for i in order]
            reciprocal.append(metrics.reciprocal_rank(ranked, question.gold_keys(), CUTOFF))
        reciprocal = np.asarray(reciprocal)
        scores = {"all": float(reciprocal.mean())}
        if len(langs) > 1:
            for lang in langs:
                mask = np.array([q.lang == lang for q in questions])
                scores[lang] = float(reciprocal[mask].mean())
        rows.append((variant.name, scores))
    return rows


def markdown(tables: Sequence[tuple[str, list[tuple[str, dict]]]]) -> str:
    """One column per benchmark (and per language where a set mixes them), one row per variant."""
    columns = [(bench, key) for bench, rows in tables for key in rows[0][1]]
    header = ["variant"] + [bench if key == "all" else f"{bench} ({key})" for bench, key in columns]
    lines = ["| " + " | ".join(header) + " |", "|---" + "|---:" * len(columns) + "|"]
    by_bench = {bench: dict(rows) for bench, rows in tables}
    for name, _ in tables[0][1]:
        cells = [f"{by_bench[bench][name][key]:.3f}" for bench, key in columns]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return "\n".join(lines)
