"""Question → ranked passages, by BM25, dense search, or their fusion."""

from __future__ import annotations

import enum
from dataclasses import dataclass

import numpy as np

from index import arabic, lexicon
from index.errors import OptionError, parse_enum
from qa import fusion
from qa.results import Hit

MAX_K = 50
_WORD_CACHE_SIZE = 20_000


class Mode(enum.Enum):
    """Retrieval modes: ``hybrid`` is the default; ``rrf`` is the naive-fusion baseline."""

    HYBRID = "hybrid"
    BM25 = "bm25"
    DENSE = "dense"
    RRF = "rrf"


@dataclass(frozen=True)
class FusionConfig:
    """``bm25_weight`` and ``sentence_weight`` were tuned on XQuAD ar→ar and en→ar only; both sit
    in a flat optimum. ``bridge_weight`` gains on XQuAD en→ar from 0.1 to 0.25 and was set to
    0.25, the value that also served the report's English questions best (see README, ablation)."""

    bm25_weight: float = 0.75
    # Hybrid's dense side: (best window + sentence_weight * best sentence) / (1 + sentence_weight).
    sentence_weight: float = 1.0
    # Weight of BM25 over the query's unknown words mapped to their nearest corpus terms
    # (``index.lexicon``), scaled by the share of the query the corpus lacks; 0 turns it off.
    bridge_weight: float = 0.25
    # The bridge embeds the unknown words (one more encoder call), so it runs only for queries
    # whose lexical evidence is below this: questions in another language than the corpus. On
    # same-language questions it bought nothing measurable (XQuAD ar→ar +0.001 MRR@10).
    bridge_below: float = 0.5
    # False weighs BM25 fully whatever the query's lexical evidence (an ablation switch).
    weigh_by_evidence: bool = True
    rrf_k: float = 60.0


class Retriever:
    """Scores every passage of a ``Store``; cheap enough to do exhaustively for report-sized corpora."""

    def __init__(self, store, encoder, fusion_config: FusionConfig = FusionConfig()):
        self.store = store
        self.encoder = encoder
        self.fusion_config = fusion_config
        bm25 = store.bm25
        self._unknown_idf = float(bm25.idf.max()) if len(bm25.idf) else 1.0
        self._word_vectors: dict[str, np.ndarray] = {}

    def _term_idf(self, term: str):
        column = self.store.bm25.term_ids.get(term)
        return None if column is None else float(self.store.bm25.idf[column])

    def score(self, query: str, mode: Mode | str = Mode.HYBRID, query_vector: np.ndarray | None = None) -> dict[str, np.ndarray]:
        """Score arrays, one entry per passage: ``"bm25"``, ``"dense"`` (best window), for hybrid
        ``"sentence"`` (best sentence), and the ranking one, ``"final"``. ``"sentence_rows"``
        holds each sentence vector's own score (used to pick answer sentences); when the
        cross-lingual bridge ran, ``"bridge"`` holds its scores and ``"bridge_terms"`` the
        corpus terms it used."""
        mode = parse_enum(Mode, mode, "mode")
        config = self.fusion_config
        out: dict[str, np.ndarray] = {}
        if mode is not Mode.DENSE:
            tokens = arabic.tokenize(query, self.store.stemming)
            out["bm25"] = self.store.bm25.scores(tokens)
        if mode is not Mode.BM25:
            if query_vector is None:
                query_vector = self.encoder.encode_queries([query])[0]
            out["dense"] = self.store.dense.scores(query_vector).astype(np.float64)
        if mode is Mode.BM25:
            out["final"] = out["bm25"]
        elif mode is Mode.DENSE:
            out["final"] = out["dense"]
        elif mode is Mode.RRF:
            out["final"] = fusion.reciprocal_rank_fusion([out["bm25"], out["dense"]], config.rrf_k)
        else:
            out["sentence_rows"] = self.store.sentences.row_scores(query_vector)
            out["sentence"] = self.store.sentences.best_per_passage(out["sentence_rows"]).astype(np.float64)
            # A passage without sentences (never, for non-empty text) keeps its window score.
            sentence = np.where(np.isfinite(out["sentence"]), out["sentence"], out["dense"])
            dense_side = (out["dense"] + config.sentence_weight * sentence) / (1 + config.sentence_weight)
            evidence = fusion.lexical_evidence(tokens, self._term_idf, self._unknown_idf)
            bm25_share = evidence if config.weigh_by_evidence else 1.0
            out["final"] = fusion.evidence_weighted(out["bm25"], dense_side, bm25_share, config.bm25_weight)
            if config.bridge_weight > 0 and evidence < config.bridge_below:
                pairs = self.bridge_terms(query)
                # Kept so the answer composer can reuse them instead of bridging the words again.
                out["bridge_terms"] = np.array([term for term, _ in pairs], dtype=str)
                out["bridge"] = self.bridge_scores(pairs)
                out["final"] = out["final"] + config.bridge_weight * (1 - evidence) * fusion.max_normalize(out["bridge"])
        return out

    def unknown_words(self, query: str) -> list[str]:
        """The query's words (letters only) whose search term the corpus lacks, in order, once each."""
        term_ids = self.store.bm25.term_ids
        words = [w for w, t in arabic.search_words(query, self.store.stemming) if lexicon.is_word(w) and t not in term_ids]
        return list(dict.fromkeys(words))

    def bridge_terms(self, query: str) -> list[tuple[str, float]]:
        """The corpus term nearest to each unknown word of the query, with their cosine."""
        words = self.unknown_words(query)
        if not words or not len(self.store.lexicon):
            return []
        rows, similarity = self.store.lexicon.nearest(self._vectors_of(words))
        # A word with no counterpart still has a nearest term; a negative cosine must not subtract.
        return [(self.store.lexicon.terms[r], max(float(s), 0.0)) for r, s in zip(rows, similarity)]

    def bridge_scores(self, pairs: list[tuple[str, float]]) -> np.ndarray:
        """BM25 scores of ``bridge_terms`` pairs: each term weighted by its cosine."""
        if not pairs:
            return np.zeros(len(self.store.passages))
        return self.store.bm25.scores([t for t, _ in pairs], weights=[w for _, w in pairs])

    def clear_word_cache(self) -> None:
        """Forget embedded words (benchmarks time every question as if its words were new)."""
        self._word_vectors.clear()

    def _vectors_of(self, words: list[str]) -> np.ndarray:
        """Word vectors, each embedded once per process: a chat repeats its words.

        Safe under concurrent requests: lookups use ``dict.get`` and the result is built
        from a local dict, so another thread clearing the cache cannot break this one.
        """
        cache = self._word_vectors
        found = {w: v for w in words if (v := cache.get(w)) is not None}
        new = [w for w in words if w not in found]
        if new:
            fresh = dict(zip(new, self.encoder.encode_queries(new)))
            found.update(fresh)
            if len(cache) + len(fresh) > _WORD_CACHE_SIZE:
                cache.clear()
            cache.update(fresh)
        return np.stack([found[w] for w in words])

    def search(self, query: str, k: int = 5, mode: Mode | str = Mode.HYBRID, query_vector: np.ndarray | None = None) -> list[Hit]:
        return self.search_with_scores(query, k, mode, query_vector)[0]

    def search_with_scores(self, query: str, k: int = 5, mode: Mode | str = Mode.HYBRID, query_vector: np.ndarray | None = None):
        """``search`` plus the score arrays it ranked by (see ``score``)."""
        if not isinstance(k, int) or isinstance(k, bool) or not 1 <= k <= MAX_K:
            raise OptionError(f"k must be an integer from 1 to {MAX_K}, got {k!r}")
        if not query or not query.strip():
            raise OptionError("the query is empty")
        scores = self.score(query, mode, query_vector)
        final = scores["final"]
        order = np.argsort(-final, kind="stable")[:k]
        shown = [name for name in ("bm25", "dense", "sentence") if name in scores]
        ranks = {name: fusion.ranks(scores[name]) for name in shown}
        hits = []
        for position, row in enumerate(order, start=1):
            hits.append(
                Hit(
                    passage=self.store.passages[row],
                    rank=position,
                    score=float(final[row]),
                    scores={name: float(scores[name][row]) for name in shown if np.isfinite(scores[name][row])},
                    ranks={name: int(r[row]) for name, r in ranks.items()},
                )
            )
        return hits, scores

