"""Question → ranked passages, by BM25, dense search, or their fusion."""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field, replace

import numpy as np

from index import arabic, arrays, lexicon
from qa import centring, fusion, rerank, scope
from qa.inputs import MAX_K, Mode, check_k, check_mode, check_query
from qa.results import Hit
from qa.word_cache import WordVectors

__all__ = ["MAX_K", "FusionConfig", "Mode", "Retriever", "Scores"]

_SCOPE_CACHE_SIZE = 64


def _group_of(groups, row: int) -> int:
    """The position of the scope holding ``row`` among ``groups``."""
    return next(i for i, g in enumerate(groups) if g.rows[min(np.searchsorted(g.rows, row), len(g.rows) - 1)] == row)


@dataclass(frozen=True)
class FusionConfig:
    """``sentence_weight`` was tuned on XQuAD ar→ar and en→ar only and sits in a flat optimum;
    ``bm25_weight``, first tuned there too (flat from 0.75 to 1.0), was set on report_dev.
    ``bridge_weight`` gains on XQuAD en→ar from 0.1 to 0.25 and was set to 0.25, the value that
    also served the report's English questions best (see README, ablation)."""

    # Re-measured on report_dev (issue #11): hybrid MRR@10 0.5 → 0.841, 0.75 → 0.848, 1.0 → 0.855,
    # 1.25 → 0.854, 1.5 → 0.851 (Arabic questions 0.869 / 0.880 / 0.889 / 0.888 / 0.884; English ones
    # have no lexical evidence: unchanged); at 1.0 fresh_questions 0.748 → 0.750, XQuAD ar→ar 0.962 and
    # en→ar 0.893 as at 0.75 (eval/results/retrieval.md, fresh12).
    bm25_weight: float = 1.0
    # Hybrid's dense side: (best window + sentence_weight * best sentence) / (1 + sentence_weight).
    sentence_weight: float = 1.0
    # Weight of BM25 over the query's unknown words mapped to their nearest corpus terms
    # (``index.lexicon``), scaled by the share of the query the corpus lacks; 0 turns it off.
    bridge_weight: float = 0.25
    # The bridge embeds the unknown words (one more encoder call), so it runs only for queries
    # whose lexical evidence is below this: questions in another language than the corpus. On
    # same-language questions it bought nothing measurable (XQuAD ar→ar +0.001 MRR@10).
    bridge_below: float = 0.5
    # A bridged word goes to its nearest term among those of the dense side's ``bridge_near`` best
    # passages (pseudo-relevance feedback), not of the whole corpus: a word alone is a poor guide to
    # its translation (every English word lies at cosine 0.86-0.94 of thousands of Arabic terms;
    # "trafficking" → "حملات", "Coordination" → "تنظيم" of "تنظيم داعش"), and the passages the whole
    # question already points at choose among those senses. 0 bridges into the whole lexicon (before).
    # MRR@10, report_dev English / XQuAD en→ar: 0 → 0.721 / 0.879, 3 → 0.772 / 0.884, 5 → 0.772 / 0.882,
    # 8 → 0.763 / 0.884, 10 → 0.759 / 0.886, 15 → 0.738 / 0.888, 20 → 0.731 / 0.885 (report_dev Arabic
    # 0.874 throughout: its questions skip the bridge). 10: gains on both, on XQuAD's plateau. report_test,
    # run once after: English 0.842 → 0.841, Arabic 0.921 (eval/results/bridge_near.md).
    bridge_near: int = 10
    # A question in a language none of the searched documents is in ranks by its vector minus
    # ``centring_weight`` times the mean vector of generic questions in its language (``qa.centring``):
    # the direction every such question shares pulls hub paragraphs up. Hybrid MRR@10, report_dev
    # English / XQuAD en→ar: 0 → 0.753 / 0.886, 0.5 → 0.764 / 0.893, 1.0 → 0.793 / 0.875 (dev 0.7:
    # 0.755, 1.2: 0.780). 0.5: the one measured value that gains on both; report_dev Arabic 0.882
    # and XQuAD ar→ar unchanged (their questions are in the documents' language). 0 turns it off.
    centring_weight: float = 0.5
    # The bridge searches the Arabic name of each international body an English question names by its
    # English name or acronym (``qa.bodies.in_other_words``: "UNODC", "ICAT"), at this cosine-like weight,
    # instead of bridging those words one by one (the encoder does not translate acronyms). 0 turns it off.
    # report_dev hybrid MRR@10 of English questions / fresh_questions' / XQuAD en→ar: 0 → 0.790 / 0.714 /
    # 0.893, 1 → 0.797 / 0.714 / 0.893, 2 → 0.806 / 0.715 / 0.893, 3-4 → 0.806 / 0.712-0.713 / 0.893, 8 → 0.808 /
    # 0.712; 2: the dev plateau's first value, and the one that loses on neither check. Arabic questions
    # skip the bridge (eval/results/retrieval.md, fresh12). Off (0) since: outside report_dev it buys
    # +0.001, and it lifts every paragraph naming the body alike, so "How many police officers did INTERPOL
    # train in 2018?" quoted ¶82's «١٢٠ بلداً» (countries) instead of ¶84's «٣٤٢ ضابطاً» (tests/qa/test_counted.py).
    body_weight: float = 0.0
    # False weighs BM25 fully whatever the query's lexical evidence (an ablation switch).
    weigh_by_evidence: bool = True
    rrf_k: float = 60.0
    # Hybrid's second stage (``qa.rerank``): the ``rerank_depth`` best passages gain
    # ``rerank_weight * evidence * coverage`` of their best sentence; a weight of 0 turns it off.
    rerank_depth: int = 20
    rerank_weight: float = 0.0
    # A citation is a numbered paragraph; front matter (the summary, ``number is None``) restates
    # them, so in every mode it ranks after them, in its own order (report_dev hybrid +0.012).
    front_matter_last: bool = True
    # Indexes of at least this many passages fuse the union of each retriever's best passages
    # (``qa.candidates``) instead of scoring every passage; below it, scoring all is cheap and
    # exact (every benchmark of ``make bench`` stays below it). Depths are per retriever.
    exhaustive_below: int = 20_000
    # Documents in several languages are searched one language at a time (``qa.scope``), each with
    # its own BM25 statistics, evidence and bridge; False: one pool (an ablation). On both paths: the
    # report among 10k real-vector distractors (a third English), report_test hybrid MRR@10 pooled
    # 0.622 (English questions 0.085), by language 0.835-0.855 (eval/results/scale.md).
    by_language: bool = True
    # The cosine the encoder adds for a passage in the question's own language, relevant or not,
    # taken off those passages before the languages are pooled (no effect within one language).
    # report_dev in a library of 26 documents (the report, Arabic and English articles), hybrid MRR@10
    # of English / Arabic questions: 0 → 0.494 / 0.872, 0.04 → 0.685 / 0.872, 0.06 → 0.694 / 0.872,
    # 0.08 → 0.694 / 0.883, 0.10 → 0.694 / 0.859, 0.15 → 0.694 / 0.730 (dense, Arabic: 0.835 up to
    # 0.06, then 0.821, 0.779, 0.283). 0.06: the English questions' plateau, before the cliff.
    own_language_bonus: float = 0.06
    bm25_depth: int = 100
    dense_depth: int = 200
    sentence_depth: int = 400
    # An IVF index searches a language scope that is not the question's language with this many times
    # its cells (``index.dense_kinds.IVF_NPROBE``): the cells nearest a question hold mostly passages in
    # its own language, so within another language few vectors are scanned. report_dev among 100k
    # distractors (nprobe 64, one run): hybrid MRR@10 1 → 0.712 (English questions 0.492), 4 → 0.744
    # (0.596; Arabic 0.830 → 0.824), every cell 0.740; the report alone and XQuAD are one language: no
    # effect (eval/results/scale.md, 2026-12-02, scale8).
    cross_language_probes: int = 4


@dataclass(frozen=True, eq=False)
class Scores:
    """One query's scores (``final`` ranks them).

    Every mode fills ``final``; a field a mode does not compute is ``None`` (or empty):
    ``bm25`` for every mode but dense, ``dense`` (best window) for every mode but bm25;
    hybrid alone fills ``sentence`` (best sentence per passage) and ``sentence_rows``
    (each stored sentence vector's own cosine, which the answer composer reads), and,
    when the cross-lingual bridge ran, ``bridge`` and the corpus terms it used,
    ``bridge_terms``. ``lexical_evidence`` is the share of the query the corpus
    vocabulary knows (``fusion.lexical_evidence``; ``None`` for dense).

    ``rows`` is ``None`` when each array has one entry per passage of the store; the candidate
    path (``qa.candidates``) scores only the union of each retriever's candidates, and its arrays
    are aligned with ``rows`` (ascending passage rows) instead, ``sentence_rows`` with
    ``sentence_ids`` (ascending sentence vector ids) likewise. Either way ``passage_rows`` names
    the passage of each entry. ``rank_floor`` holds, per retriever, the lowest score whose rank
    among all passages is known: below its last candidate's score, a passage outside the union
    could outrank it (absent: every rank is known).
    """

    mode: Mode
    final: np.ndarray
    bm25: np.ndarray | None = None
    dense: np.ndarray | None = None
    sentence: np.ndarray | None = None
    sentence_rows: np.ndarray | None = None
    bridge: np.ndarray | None = None
    bridge_terms: tuple[str, ...] = ()
    lexical_evidence: float | None = None
    rows: np.ndarray | None = None
    sentence_ids: np.ndarray | None = None
    rank_floor: dict[str, float] = field(default_factory=dict)
    # The query's best cosine to generic sentences in its documents' language (``qa.off_topic``);
    # filled by ``Assistant.ask``, not by a search (the answer composer reads it).
    background: float | None = None

    def by_retriever(self) -> dict[str, np.ndarray]:
        """The per-retriever arrays a ``Hit`` reports (``"bm25"``, ``"dense"``, ``"sentence"``), those computed."""
        named = {"bm25": self.bm25, "dense": self.dense, "sentence": self.sentence}
        return {name: values for name, values in named.items() if values is not None}

    def passage_rows(self, entries: np.ndarray) -> np.ndarray:
        """The passage row of each entry (an index into the arrays)."""
        return np.asarray(entries, dtype=np.int64) if self.rows is None else self.rows[entries]

    def sentence_cosines(self, ids: np.ndarray) -> np.ndarray:
        """The cosine of stored sentence vectors ``ids`` (``-inf`` for one the candidate path did not score)."""
        ids = np.asarray(ids, dtype=np.int64)
        if self.sentence_ids is None:
            return np.asarray(self.sentence_rows)[ids]
        at = np.minimum(np.searchsorted(self.sentence_ids, ids), max(len(self.sentence_ids) - 1, 0))
        found = self.sentence_ids[at] == ids if len(self.sentence_ids) else np.zeros(len(ids), dtype=bool)
        return np.where(found, self.sentence_rows[at] if len(self.sentence_ids) else 0.0, -np.inf)

    def every_passage(self, passages: int, sentences: int) -> Scores:
        """These scores with one entry per passage (and per sentence vector), ``-inf`` where unscored."""
        if self.rows is None:
            return self

        def full(values, rows, size, dtype=np.float64):
            if values is None:
                return None
            out = np.full(size, -np.inf, dtype=dtype)
            out[rows] = values
            return out

        return replace(
            self,
            final=full(self.final, self.rows, passages),
            bm25=full(self.bm25, self.rows, passages),
            dense=full(self.dense, self.rows, passages),
            sentence=full(self.sentence, self.rows, passages),
            bridge=full(self.bridge, self.rows, passages),
            sentence_rows=full(self.sentence_rows, self.sentence_ids, sentences, np.float32),
            rows=None,
            sentence_ids=None,
        )


class Retriever:
    """Scores the passages of a ``Store``: every one below ``exhaustive_below`` passages, else the
    union of each retriever's candidates from ``backend`` (``qa.candidates``)."""

    def __init__(self, store, encoder, fusion_config: FusionConfig = FusionConfig(), backend=None, words: WordVectors | None = None):
        """``words``: the bridge's word vectors, to share with another retriever of ``encoder`` (default: a new cache)."""
        from index.backend import LocalBackend

        self.store = store
        self.encoder = encoder
        self.fusion_config = fusion_config
        self.backend = backend if backend is not None else LocalBackend(store)
        # A query word the corpus has only in another script's fragments (an English question's
        # "trafficking" against an English title quoted in the Arabic report) counts as unknown:
        # it is bridged to the corpus's own words instead. report_dev hybrid MRR@10, English
        # questions: 0.689 -> 0.717 (Arabic unchanged); the title's paragraph 42 had been taking
        # the top rank of English questions about anything "in persons" (tests/qa/test_bridge.py).
        self._foreign = None
        self._native_lexicons: dict[int, tuple] = {}  # id of a lexicon -> (it, its terms in the corpus's scripts)
        self._lexicon_rows_by_bm25: dict[int, tuple] = {}  # id of a BM25 -> (it, the lexicon, _lexicon_rows)
        self._foreign_of: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
        self.words = words if words is not None else WordVectors(encoder)
        self._sentence_terms: dict[int, list[frozenset[str]]] = {}
        self._centres: centring.Centres | None = None  # generic-question centres, embedded on the first cross-language question
        self._front_matter = np.array([p.number is None for p in store.passages], dtype=bool)
        self._has_front_matter = bool(self._front_matter.any())
        self.languages = store.languages  # a pass over every passage: once, not per query
        self.whole = scope.whole(store, self.languages)
        self.term_idf = self.idf_in(self.whole)  # the whole corpus's, as the candidate path weighs terms
        self._doc_of_row = np.array([p.doc.id for p in store.passages])
        self._scopes: dict[frozenset[str] | None, tuple[scope.Scope, ...]] = {}
        # Scopes are made under a lock: at 1M passages making a library's language scopes takes 19 s,
        # and two first questions at once would each make them (and hold both in memory).
        self._scopes_lock = threading.Lock()

    def foreign(self, token: str) -> bool:
        """Whether ``token`` is in a script foreign to the corpus (``arabic.foreign_to``); the corpus's
        letters are counted on first use, so a retriever that never searches by words never reads them."""
        if self._foreign is None:
            shares = arabic.letter_shares(p.text for p in self.store.passages)
            self._foreign = arabic.foreign_to(self.languages, shares)
        return self._foreign(token)

    def foreign_in(self, group: scope.Scope | None = None) -> Callable[[str], bool]:
        """``foreign`` for the passages of ``group`` (its languages, its letters); the whole corpus's for ``None``."""
        if group is None or group.whole:
            return self.foreign
        found = self._foreign_of.get(group)
        if found is None:
            shares = arabic.letter_shares(self.store.passages[r].text for r in group.rows)
            found = self._foreign_of[group] = arabic.foreign_to(group.languages, shares)
        return found

    def idf_in(self, group: scope.Scope) -> Callable[[str], float | None]:
        """``group``'s idf of a term, ``None`` when it lacks the term or has it only in a foreign script."""
        foreign = self.foreign_in(group)
        return lambda term: None if foreign(term) else group.term_idf(term)

    def query_tokens(self, query: str) -> list[str]:
        """The query's BM25 terms under the rules of every language of the store."""
        return arabic.tokenize_any(query, self.store.stemming, self.languages)

    def score(
        self, query: str, mode: Mode | str = Mode.HYBRID, query_vector: np.ndarray | None = None, docs: frozenset[str] | None = None
    ) -> Scores:
        """Every passage's scores for ``query`` under ``mode`` (see ``Scores``), one entry per passage;
        ``docs`` (document ids) scores those documents' passages as their own index would and leaves
        the others at ``-inf`` (below ``exhaustive_below`` passages; the candidate path scores the
        whole index)."""
        scores = self._scores(query, check_mode(mode), query_vector, docs)
        return scores.every_passage(len(self.store.passages), self.store.sentences.faiss_index.ntotal)

    def _scores(self, query: str, mode: Mode, query_vector: np.ndarray | None, docs: frozenset[str] | None = None) -> Scores:
        """``score``'s scores, over the union of candidates (``Scores.rows``) on the candidate path."""
        if len(self.store.passages) >= self.fusion_config.exhaustive_below:
            from qa import candidates

            scores = candidates.score(self, query, mode, query_vector)
        else:
            scores = self._score(query, mode, query_vector, self.scopes(docs))
        if not (self.fusion_config.front_matter_last and self._has_front_matter):
            return scores
        front = self._front_matter if scores.rows is None else self._front_matter[scores.rows]
        return replace(scores, final=fusion.rank_after(scores.final, front))

    def group_of_rows(self, groups: tuple[scope.Scope, ...]) -> np.ndarray:
        """The position in ``groups`` of each passage's scope (-1 outside them), made once per ``scopes`` tuple."""
        cached = self.__dict__.get("_group_of_rows")
        if cached is None or cached[0] is not groups:
            out = np.full(len(self.store.passages), -1, dtype=np.int64)
            for i, group in enumerate(groups):
                out[group.rows] = i
            cached = self._group_of_rows = (groups, out)
        return cached[1]

    def scopes(self, docs: frozenset[str] | None = None) -> tuple[scope.Scope, ...]:
        """The scopes a search within ``docs`` runs in (``qa.scope.scopes``), made once per set of documents."""
        key = None if docs is None else frozenset(docs)
        found = self._scopes.get(key)
        if found is not None:
            return found
        with self._scopes_lock:
            found = self._scopes.get(key)
            if found is None:
                found = scope.scopes(self.store, key, self.fusion_config.by_language, self.encoder)
                if len(self._scopes) >= _SCOPE_CACHE_SIZE:
                    self._scopes.clear()
                self._scopes[key] = found
        return found

    def _score(self, query: str, mode: Mode, query_vector: np.ndarray | None, groups: tuple[scope.Scope, ...]) -> Scores:
        config = self.fusion_config
        n = len(self.store.passages)
        inside = np.zeros(n, dtype=bool)
        for group in groups:
            inside[group.rows] = True
        bm25_scores = dense_scores = None
        tokens, evidence = {}, {}
        if mode is not Mode.DENSE:
            bm25_scores = np.full(n, -np.inf)
            for i, group in enumerate(groups):
                foreign = self.foreign_in(group)
                tokens[i] = arabic.tokenize_any(query, self.store.stemming, group.languages)
                bm25_scores[group.rows] = group.bm25.scores([t for t in tokens[i] if not foreign(t)])[group.rows]
                evidence[i] = fusion.lexical_evidence(tokens[i], self.idf_in(group), group.unknown_idf)
        ranking = None
        if mode is not Mode.BM25:
            if query_vector is None:
                query_vector = self._embed(query, mode, groups)
            # Hybrid ranks by the centred vector when there is one; scoring the passages once with it,
            # not first with the question's own vector, saves a full pass over the dense index.
            ranking = self.ranking_vector(query, query_vector, groups) if mode is Mode.HYBRID else query_vector
            dense_scores = np.where(inside, self.store.dense.scores(ranking).astype(np.float64), -np.inf)
        top_group = lambda final: _group_of(groups, int(np.argmax(final)))
        if mode is Mode.BM25:
            return Scores(mode, bm25_scores, bm25=bm25_scores, lexical_evidence=evidence[top_group(bm25_scores)])
        if mode is Mode.DENSE:
            return Scores(mode, self._pooled(dense_scores, groups, query), dense=dense_scores)
        if mode is Mode.RRF:
            final = fusion.reciprocal_rank_fusion([bm25_scores, dense_scores], config.rrf_k)
            final = np.where(inside, final, -np.inf)
            return Scores(mode, final, bm25=bm25_scores, dense=dense_scores, lexical_evidence=evidence[top_group(final)])
        sentence_rows = self.store.sentences.row_scores(query_vector)
        if ranking is not query_vector:
            # ``dense`` and ``sentence`` are those of the centred vector, which ranks; each sentence's
            # cosine (``sentence_rows``) stays the question's own: the answer composer's thresholds read it.
            sentence = self.store.sentences.scores(ranking).astype(np.float64)
        else:
            sentence = self.store.sentences.best_per_passage(sentence_rows).astype(np.float64)
        sentence = np.where(inside, sentence, -np.inf)
        # A passage without sentences (never, for non-empty text) keeps its window score.
        dense_side = (dense_scores + config.sentence_weight * np.where(np.isfinite(sentence), sentence, dense_scores)) / (
            1 + config.sentence_weight
        )
        final = np.full(n, -np.inf)
        pooled_side = self._pooled(dense_side, groups, query)
        final[inside] = fusion.spread_normalize(pooled_side)[inside]
        bridge, bridge_terms, bonuses = None, [], {}
        for i, group in enumerate(groups):
            rows = group.rows
            bm25_share = evidence[i] if config.weigh_by_evidence else 1.0
            final[rows] += config.bm25_weight * bm25_share * fusion.max_normalize(bm25_scores[rows])
            if config.bridge_weight > 0 and evidence[i] < config.bridge_below:
                words, pairs = self.bridge_pairs(query, group, near=self.near_rows(group.rows, pooled_side[group.rows]))
                # Kept so the answer composer can reuse them instead of bridging the words again.
                bridge_terms += [term for term, _ in words if term not in bridge_terms]
                if bridge is None:
                    bridge = np.full(n, -np.inf)
                bridge[rows] = self.bridge_scores(pairs, group)[rows]
                final[rows] += config.bridge_weight * (1 - evidence[i]) * fusion.max_normalize(bridge[rows])
            if config.rerank_weight > 0 and config.rerank_depth > 0 and evidence[i] > 0:
                bonuses[i] = (rerank.query_weights(tokens[i], self.idf_in(group), group.unknown_idf), config.rerank_weight * evidence[i])
        if bonuses:
            def bonus(row: int) -> float:
                weights, scale = bonuses.get(_group_of(groups, row), ({}, 0.0))
                return scale * rerank.coverage(weights, self.sentence_terms(row)) if scale else 0.0

            final = rerank.rerank(final, config.rerank_depth, bonus)
        return Scores(
            mode,
            final,
            bm25=bm25_scores,
            dense=dense_scores,
            sentence=sentence,
            sentence_rows=sentence_rows,
            bridge=bridge,
            bridge_terms=tuple(bridge_terms),
            lexical_evidence=evidence[top_group(final)],
        )

    def ranking_vector(self, query: str, query_vector: np.ndarray, groups: tuple[scope.Scope, ...]) -> np.ndarray:
        """The vector hybrid search ranks ``groups`` by: ``query_vector`` centred (``qa.centring``) when the
        question's language is none of theirs and has generic questions, else ``query_vector`` itself."""
        centre = self._centre(query, groups)
        return query_vector if centre is None else centring.centred(query_vector, centre, self.fusion_config.centring_weight)

    def _centre(self, query: str, groups: tuple[scope.Scope, ...]) -> np.ndarray | None:
        if self.fusion_config.centring_weight <= 0:
            return None
        from index.ingest.language import detect_language

        language = detect_language(query)
        if any(language in group.languages for group in groups):
            return None
        if self._centres is None:
            self._centres = centring.Centres(self.encoder)
        return self._centres.centre(language)

    def _pooled(self, values: np.ndarray, groups: tuple[scope.Scope, ...], query: str) -> np.ndarray:
        """Dense ``values`` of several languages on one scale (``scope.own_language_shifted``); one language's as they are."""
        if len(groups) == 1 or not self.fusion_config.own_language_bonus:
            return values
        from index.ingest.language import detect_language

        shifted = scope.own_language_shifted(values, groups, detect_language(query), self.fusion_config.own_language_bonus)
        return np.where(np.isnan(shifted), -np.inf, shifted)

    def sentence_terms(self, row: int) -> list[frozenset[str]]:
        """The BM25 terms of each stored sentence of passage ``row``, tokenized once per process."""
        terms = self._sentence_terms.get(row)
        if terms is None:
            passage = self.store.passages[row]
            spans = self.store.sentence_spans[self.store.sentences.owner == row]
            terms = [frozenset(arabic.tokenize(passage.text[a:b], self.store.stemming, passage.doc.language)) for a, b in spans]
            self._sentence_terms[row] = terms
        return terms

    def unknown_words(self, query: str, within: scope.Scope | None = None) -> list[str]:
        """The query's words (letters only) whose search term the corpus (or ``within``) lacks or has
        only in a foreign script (``foreign_in``), in order, once each."""
        term_ids = (within.bm25 if within is not None else self.store.bm25).term_ids
        foreign = self.foreign_in(within)
        words = [w for w, t in arabic.search_words(query, self.store.stemming) if lexicon.is_word(w) and (t not in term_ids or foreign(t))]
        return list(dict.fromkeys(words))

    def _lexicon(self, within: scope.Scope | None = None):
        """The terms a word may be bridged to: the corpus's (or ``within``'s) in its own scripts."""
        full = within.lexicon if within is not None else self.store.lexicon
        cached = self._native_lexicons.get(id(full))
        if cached is not None and cached[0] is full:
            return cached[1]
        foreign = self.foreign_in(within)
        native = [i for i, term in enumerate(full.terms) if not foreign(term)]
        found = full if len(native) == len(full) else lexicon.Lexicon(
            [full.terms[i] for i in native], [full.words[i] for i in native], full.vectors[native]
        )
        if len(self._native_lexicons) >= _SCOPE_CACHE_SIZE:
            self._native_lexicons.clear()
        self._native_lexicons[id(full)] = (full, found)
        return found

    def _lexicon_rows(self, bm25, terms) -> np.ndarray:
        """Each BM25 column's row in the bridge's lexicon ``terms`` (-1: no bridge target), once per scope:
        mapping a query's few hundred near terms through strings instead took 0.17 ms, this 0.07 ms."""
        cached = self._lexicon_rows_by_bm25.get(id(bm25))
        if cached is not None and cached[0] is bm25 and cached[1] is terms:
            return cached[2]
        rows = terms.row_per_term(bm25.vocab)
        if len(self._lexicon_rows_by_bm25) >= _SCOPE_CACHE_SIZE:
            self._lexicon_rows_by_bm25.clear()
        self._lexicon_rows_by_bm25[id(bm25)] = (bm25, terms, rows)
        return rows

    def near_rows(self, rows: np.ndarray, dense_side: np.ndarray) -> np.ndarray | None:
        """The ``bridge_near`` of passages ``rows`` best by their ``dense_side`` (``None``: bridge into every term)."""
        depth = self.fusion_config.bridge_near
        if depth <= 0:
            return None
        values = np.where(np.isfinite(dense_side), dense_side, -np.inf)
        return np.asarray(rows, dtype=np.int64)[fusion.top_rows(values, min(depth, len(values)))]

    def bridge_terms(self, query: str, within: scope.Scope | None = None, near: np.ndarray | None = None) -> list[tuple[str, float]]:
        """The corpus (or ``within``'s) term nearest to each unknown word of the query, with their cosine;
        with ``near`` (passage rows), the nearest among the terms of those passages
        (``FusionConfig.bridge_near``). The words naming a body of ``body_names`` are left to
        ``named_body_terms``."""
        words = self.unknown_words(query, within)
        named = self.body_names(query)
        if named:  # searched by their Arabic names (``named_body_terms``), not word by word
            named_words = {w for written, _ in named for w, _ in arabic.search_words(written, self.store.stemming)}
            words = [w for w in words if w not in named_words]
        terms = self._lexicon(within)
        if not words or not len(terms):
            return []
        among = None
        if near is not None:
            bm25 = within.bm25 if within is not None else self.store.bm25
            among = arrays.unique(self._lexicon_rows(bm25, terms)[bm25.terms_in(near)])
            among = among[among >= 0]
            if not len(among):
                return []
        rows, similarity = terms.nearest(self._vectors_of(words), among)
        # A word with no counterpart still has a nearest term; a negative cosine must not subtract.
        return [(terms.terms[r], max(float(s), 0.0)) for r, s in zip(rows, similarity)]

    def bridge_pairs(
        self, query: str, within: scope.Scope | None = None, near: np.ndarray | None = None
    ) -> tuple[list[tuple[str, float]], list[tuple[str, float]]]:
        """The bridge's ``(term, weight)`` pairs for ``query``: its unknown words' nearest terms
        (``bridge_terms``), which the answer composer reads as the question's words, and those with the
        Arabic names of the bodies it names (``named_body_terms``), which rank passages only: as the
        composer's query words they drew answers to any sentence naming the body (u059 went from ¶42's
        toolkit to ¶55). Both search paths (exhaustive and ``qa.candidates``) take them from here."""
        words = self.bridge_terms(query, within, near)
        return words, words + self.named_body_terms(query, within)

    def body_names(self, query: str) -> list[tuple[str, str]]:
        """``qa.bodies.in_other_words`` of ``query`` when ``FusionConfig.body_weight`` is on, else none."""
        if self.fusion_config.body_weight <= 0:
            return []
        from qa import bodies

        return bodies.in_other_words(query)

    def named_body_terms(self, query: str, within: scope.Scope | None = None) -> list[tuple[str, float]]:
        """The search terms of the Arabic names of the bodies ``query`` names in English that the corpus
        (or ``within``) has, each at ``FusionConfig.body_weight``, once each."""
        idf = self.idf_in(within if within is not None else self.whole)
        weight = self.fusion_config.body_weight
        terms = [t for _, name in self.body_names(query) for t in arabic.tokenize(name, self.store.stemming)]
        return [(t, weight) for t in dict.fromkeys(terms) if idf(t) is not None]

    def bridge_scores(self, pairs: list[tuple[str, float]], within: scope.Scope | None = None) -> np.ndarray:
        """BM25 scores of ``bridge_terms`` pairs: each term weighted by its cosine (``within``'s BM25)."""
        if not pairs:
            return np.zeros(len(self.store.passages))
        bm25 = within.bm25 if within is not None else self.store.bm25
        return bm25.scores([t for t, _ in pairs], weights=[w for _, w in pairs])

    def clear_word_cache(self) -> None:
        """Forget embedded words (benchmarks time every question as if its words were new)."""
        self.words.clear()

    def _vectors_of(self, words: list[str]) -> np.ndarray:
        """Word vectors: a common word's from the index's table (``index.word_table``), any other
        embedded once (``qa.word_cache``): a chat repeats its words."""
        found = self.store.word_table.found(words)
        rare = [w for w in words if w not in found]
        if rare:
            found.update(zip(rare, self.words.vectors(rare)))
        return np.stack([found[w] for w in words])

    def bridge_words(self, query: str, mode: Mode | str = Mode.HYBRID, docs: frozenset[str] | None = None) -> list[str]:
        """The words a search for ``query`` in ``mode`` within ``docs`` bridges (``bridge_terms``), in order, once each."""
        return self._bridge_words(query, check_mode(mode), self._groups(docs))

    def _groups(self, docs: frozenset[str] | None) -> tuple[scope.Scope, ...]:
        """The scopes a search runs in: ``scopes(docs)``, or on the candidate path (which searches the
        whole index) its languages' or the whole index's."""
        if len(self.store.passages) < self.fusion_config.exhaustive_below:
            return self.scopes(docs)
        return self.scopes(None) if self.fusion_config.by_language else (self.whole,)

    def _bridge_words(self, query: str, mode: Mode, groups: tuple[scope.Scope, ...]) -> list[str]:
        config = self.fusion_config
        if mode is not Mode.HYBRID or config.bridge_weight <= 0:
            return []
        words = []
        for group in groups:  # the bridge runs in the groups where the query's lexical evidence is low
            tokens = arabic.tokenize_any(query, self.store.stemming, group.languages)
            if fusion.lexical_evidence(tokens, self.idf_in(group), group.unknown_idf) < config.bridge_below:
                words += self.unknown_words(query, group)
        return list(dict.fromkeys(words))

    def query_vector(self, query: str, mode: Mode | str = Mode.HYBRID, docs: frozenset[str] | None = None) -> np.ndarray:
        """``query``'s vector, embedded in one encoder call with the new words its search will bridge
        (kept in ``words`` for it): one call instead of two, and one queue round trip behind a
        ``BatchingEncoder``."""
        return self._embed(query, check_mode(mode), self._groups(docs))

    def _embed(self, query: str, mode: Mode, groups: tuple[scope.Scope, ...]) -> np.ndarray:
        table = self.store.word_table  # common words are looked up there, not embedded
        words = self.words.missing([w for w in self._bridge_words(query, mode, groups) if w not in table])
        vectors = self.encoder.encode_queries([query, *words])
        self.words.add(words, vectors[1:])
        return vectors[0]

    def search(
        self, query: str, k: int = 5, mode: Mode | str = Mode.HYBRID, query_vector: np.ndarray | None = None, docs: frozenset[str] | None = None
    ) -> list[Hit]:
        return self.search_with_scores(query, k, mode, query_vector, docs)[0]

    def search_with_scores(
        self, query: str, k: int = 5, mode: Mode | str = Mode.HYBRID, query_vector: np.ndarray | None = None, docs: frozenset[str] | None = None
    ) -> tuple[list[Hit], Scores]:
        """``search`` plus the scores it ranked by; ``docs`` (document ids) keeps only their passages.

        The scores are those of an index of ``docs`` alone (``qa.scope``: BM25's idf, the lexical
        evidence, the bridge and the normalizations are theirs), so restricting to one document
        ranks as that document's own index does.
        """
        k = check_k(k)
        query = check_query(query)
        scores = self._scores(query, check_mode(mode), query_vector, docs)
        final = scores.final
        order = fusion.top_rows(final, len(final) if docs is not None else k)
        order = order[np.isfinite(final[order])]  # outside ``docs``, or a union member left unscored
        if docs is not None:
            order = order[np.isin(self._doc_of_row[scores.passage_rows(order)], sorted(docs))]
        order = order[:k]
        shown = scores.by_retriever()
        ranks = {name: fusion.ranks_at(values, order) for name, values in shown.items()}
        hits = []
        for position, (entry, row) in enumerate(zip(order, scores.passage_rows(order)), start=1):
            hits.append(
                Hit(
                    passage=self.store.passages[row],
                    rank=position,
                    score=float(final[entry]),
                    scores={name: float(values[entry]) for name, values in shown.items() if np.isfinite(values[entry])},
                    ranks={
                        name: int(r[position - 1]) for name, r in ranks.items() if _ranked(name, float(shown[name][entry]), scores.rank_floor)
                    },
                )
            )
        return hits, scores


def _ranked(name: str, value: float, floor: dict[str, float]) -> bool:
    """Whether retriever ``name`` ranks a passage it scored ``value``: BM25 does not rank a passage
    that matches none of the query's terms (its order among those is only their row order), and
    the candidate path knows a rank only at or above the retriever's ``floor``."""
    return value >= floor.get(name, -np.inf) and (name != "bm25" or value > 0)
