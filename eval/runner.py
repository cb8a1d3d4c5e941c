"""Run every retrieval mode over a dataset's questions and score them side by side.

Per question, the encoder embeds the query once on its own (``encoder_ms``),
then for each mode we time two calls of ``Retriever.search``:

* ``latency_ms``: the full call as a user makes it, query embedding included
  (BM25 never embeds, so its two timings coincide);
* ``retrieval_ms``: the same search given the precomputed query vector,
  i.e. what the retriever adds on top of one embedding. For hybrid that
  includes embedding the words its cross-lingual bridge translates: the
  word-vector cache is cleared before every timed call, so each question is
  timed as if its words were new.

One untimed warm-up search per mode runs first so lazy initialisation does
not land in the percentiles. Retrieval metrics average over answerable
questions only (empty gold: see ``eval.metrics``); latencies cover every question.

A follow-up (a question with ``history``) is searched the way ``Assistant.ask``
searches it: with ``retrieval_query``, and asked end to end with its history.
"""

from __future__ import annotations

import datetime as _dt
import logging
import platform
import time
from collections.abc import Sequence
from dataclasses import dataclass, field

from eval import metrics
from eval.datasets import EvalDataset, EvalQuestion, relevance_key
from index.common import InputFileError, SanadError, parse_enum
from qa import followup
from qa.retriever import Mode, Retriever

log = logging.getLogger(__name__)

RECALL_CUTOFFS = (1, 5, 10)
JUNK = "junk"  # the question-set kind of input that is no question at all (must abstain)


@dataclass(frozen=True)
class QueryResult:
    """One question under one mode: what came back and how long it took."""

    index: int  # position of the question in the dataset
    question_id: str
    mode: str
    ranked: tuple[tuple[str, int | None], ...]  # relevance keys of the hits, best first
    latency_ms: float
    retrieval_ms: float

    def to_json(self) -> dict:
        return {
            "id": self.question_id,
            "mode": self.mode,
            "ranked": [list(key) for key in self.ranked],
            "latency_ms": round(self.latency_ms, 3),
            "retrieval_ms": round(self.retrieval_ms, 3),
        }


@dataclass(frozen=True)
class AnswerScores:
    """End-to-end ``ask`` results; a rate is ``None`` when nothing could be counted.

    ``abstain_*`` treat every question without gold as one to abstain on; the ``on_topic_*``
    pair leaves out the junk inputs (kind ``"junk"``: no question at all), so it measures
    abstention on questions about the report that it does not answer. ``by_lang`` holds the
    same rates (without latency) per question language.
    """

    hit_rate: float | None
    abstain_precision: float | None
    abstain_recall: float | None
    asked: int
    with_gold_answer: int
    # One ``ask``, end to end: query embedding, retrieval, answer composition (ms).
    ask_ms_p50: float | None = None
    ask_ms_p95: float | None = None
    # The marked phrase(s) of the answer equal the gold span (``metrics.exact_match``).
    short_exact_match: float | None = None
    # Median characters of an answer's text, abstentions left out.
    answer_chars_p50: float | None = None
    on_topic_abstain_precision: float | None = None
    on_topic_abstain_recall: float | None = None
    junk_abstained: float | None = None
    by_lang: dict[str, dict] = field(default_factory=dict)

    def to_json(self) -> dict:
        data = {name: getattr(self, name) for name in _RATE_NAMES}
        data["ask_ms_p50"], data["ask_ms_p95"] = self.ask_ms_p50, self.ask_ms_p95
        if self.by_lang:
            data["by_lang"] = {lang: dict(rates) for lang, rates in self.by_lang.items()}
        return data


_RATE_NAMES = (
    "hit_rate", "short_exact_match", "answer_chars_p50", "abstain_precision", "abstain_recall",
    "on_topic_abstain_precision", "on_topic_abstain_recall", "junk_abstained", "asked", "with_gold_answer",
)  # fmt: skip


@dataclass(frozen=True)
class EvalReport:
    dataset: str
    description: str
    questions: int
    answerable: int
    passages: int
    k: int
    model: str
    modes: dict[str, dict[str, float]]
    encoder_ms_p50: float
    answers: AnswerScores | None = None
    by_lang: dict[str, dict[str, dict[str, float]]] = field(default_factory=dict)  # lang -> mode -> metrics
    created: str = ""
    machine: str = ""
    seconds: float = 0.0
    per_query: tuple[QueryResult, ...] = field(default=(), repr=False)

    def to_json(self, per_query: bool = False) -> dict:
        data = {
            "dataset": self.dataset,
            "description": self.description,
            "questions": self.questions,
            "answerable": self.answerable,
            "passages": self.passages,
            "k": self.k,
            "model": self.model,
            "modes": {mode: dict(values) for mode, values in self.modes.items()},
            "encoder_ms_p50": round(self.encoder_ms_p50, 3),
            "created": self.created,
            "machine": self.machine,
            "seconds": round(self.seconds, 2),
        }
        if self.answers is not None:
            data["answers"] = self.answers.to_json()
        if self.by_lang:
            data["by_lang"] = {lang: {mode: dict(v) for mode, v in modes.items()} for lang, modes in self.by_lang.items()}
        if per_query:
            data["per_query"] = [result.to_json() for result in self.per_query]
        return data


def machine_description() -> str:
    """e.g. ``"Linux x86_64, AMD EPYC 7B13, 2 CPUs, Python 3.11.7"``."""
    import os

    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            cpu = next((line.split(":", 1)[1].strip() for line in handle if line.startswith("model name")), cpu)
    except OSError:
        pass
    return f"{platform.system()} {platform.machine()}, {cpu}, {os.cpu_count()} CPUs, Python {platform.python_version()}"


def metric_names(k: int) -> list[str]:
    """The table's ranking columns for cutoff ``k``: recall at 1/5/10 (those ≤ k) and at k, MRR, nDCG."""
    cutoffs = sorted({c for c in RECALL_CUTOFFS if c <= k} | {k})
    return [f"recall@{c}" for c in cutoffs] + [f"mrr@{k}", f"ndcg@{k}"]


def score_rankings(results: Sequence[QueryResult], gold: Sequence[frozenset], k: int) -> dict[str, float]:
    """Mean ranking metrics over the answerable questions, and latency percentiles over all.

    ``gold[i]`` is the relevant keys of question ``i`` (``QueryResult.index``).
    """
    answerable = [r for r in results if gold[r.index]]
    if not answerable:
        raise SanadError("no answerable question (every gold list is empty): retrieval cannot be scored")
    scores: dict[str, float] = {}
    for name in metric_names(k):
        cutoff = int(name.split("@")[1])
        function = {
            "recall": metrics.recall_at_k,
            "mrr": metrics.reciprocal_rank,
            "ndcg": metrics.ndcg_at_k,
        }[name.split("@")[0]]
        scores[name] = metrics.mean([function(r.ranked, gold[r.index], cutoff) for r in answerable])
    for label, values in (("latency_ms", [r.latency_ms for r in results]), ("retrieval_ms", [r.retrieval_ms for r in results])):
        scores[f"{label}_p50"] = metrics.percentile(values, 50)
        scores[f"{label}_p95"] = metrics.percentile(values, 95)
    return {name: round(value, 6) for name, value in scores.items()}


def retrieval_query(question: EvalQuestion) -> str:
    """The text a search for ``question`` is given: ``qa.followup.resolve``, as ``Assistant.ask`` does.

    >>> from eval.datasets import EvalQuestion
    >>> retrieval_query(EvalQuestion("1", "وماذا عن اليابان؟", "d", (3,), history=(("user", "متى صدقت فيجي؟"),)))
    'متى صدقت فيجي؟ وماذا عن اليابان؟'
    """
    return followup.resolve(question.question, question.history)


def check_gold(dataset: EvalDataset, store) -> None:
    """Every gold paragraph must be in the index; the error names the question's line."""
    present = {relevance_key(p) for p in store.passages}
    for question in dataset.questions:
        for key in sorted(question.gold_keys()):
            if key not in present:
                docs = sorted({doc for doc, _ in present})
                raise InputFileError(
                    f"{question.source}: gold paragraph {key[1]} of document {key[0]!r} is not in the index "
                    f"(its documents: {', '.join(docs)})"
                )


def run(
    dataset: EvalDataset,
    store,
    encoder,
    modes: Sequence,
    k: int = 10,
    *,
    assistant=None,
    progress: bool = False,
    docs: frozenset[str] | None = None,
    fusion_config=None,
) -> EvalReport:
    """Search every question in every mode; score them; ask them end to end if ``assistant`` is given.

    ``docs`` restricts every search to those documents (``Retriever.search``); ``fusion_config``
    (a ``qa.retriever.FusionConfig``, default its defaults) is the retriever's.
    """
    started = time.perf_counter()
    modes = [parse_enum(Mode, mode, "mode") for mode in modes]
    check_gold(dataset, store)
    retriever = Retriever(store, encoder) if fusion_config is None else Retriever(store, encoder, fusion_config)
    first = dataset.questions[0].question
    for mode in modes:  # warm-up, untimed
        retriever.search(first, k, mode)

    results: list[QueryResult] = []
    encoder_ms: list[float] = []
    for index, question in enumerate(_progress(dataset.questions, progress, "retrieval")):
        query = retrieval_query(question)
        t0 = time.perf_counter()
        vector = encoder.encode_queries([query])[0]
        encoder_ms.append((time.perf_counter() - t0) * 1000)
        for mode in modes:
            # Every question is timed as if its words were new to the process (no word-vector cache).
            retriever.clear_word_cache()
            t0 = time.perf_counter()
            hits = retriever.search(query, k, mode, docs=docs)
            full = (time.perf_counter() - t0) * 1000
            retriever.clear_word_cache()
            t0 = time.perf_counter()
            retriever.search(query, k, mode, query_vector=vector, docs=docs)
            bare = (time.perf_counter() - t0) * 1000
            ranked = tuple(relevance_key(hit.passage) for hit in hits)
            results.append(QueryResult(index, question.id, mode.value, ranked, full, bare))

    gold = [q.gold_keys() for q in dataset.questions]
    scored = {mode.value: score_rankings([r for r in results if r.mode == mode.value], gold, k) for mode in modes}
    by_lang = _scores_by_lang(dataset.questions, results, gold, modes, k)
    answers = evaluate_answers(assistant, dataset.questions, progress=progress) if assistant is not None else None
    return EvalReport(
        dataset=dataset.name,
        description=dataset.description,
        questions=len(dataset.questions),
        answerable=sum(1 for q in dataset.questions if q.answerable),
        passages=len(store.passages),
        k=k,
        model=_model_name(store, encoder),
        modes=scored,
        encoder_ms_p50=metrics.percentile(encoder_ms, 50),
        answers=answers,
        by_lang=by_lang,
        created=_dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
        machine=machine_description(),
        seconds=time.perf_counter() - started,
        per_query=tuple(results),
    )


def _scores_by_lang(questions, results, gold, modes, k) -> dict:
    """Per question language (``lang`` key), when a dataset mixes several and each has answerable ones."""
    langs = sorted({q.lang for q in questions if q.lang})
    if len(langs) < 2:
        return {}
    out = {}
    for lang in langs:
        rows = [r for r in results if questions[r.index].lang == lang]
        if any(gold[r.index] for r in rows):
            out[lang] = {m.value: score_rankings([r for r in rows if r.mode == m.value], gold, k) for m in modes}
    return out


def evaluate_answers(assistant, questions: Sequence[EvalQuestion], *, progress: bool = False) -> AnswerScores:
    """Ask every question (a follow-up with its history); score answer hits and abstentions.

    A hit: the assistant did not abstain and ``metrics.answer_contains(answer, gold answer)``;
    the hit rate counts answerable questions with a gold span. Short-answer exact match
    compares the answer's marked phrases (``Answer.phrases()``) with the gold span.
    """
    asked: list[tuple[EvalQuestion, object]] = []
    ask_ms: list[float] = []
    if questions:
        assistant.ask(questions[0].question)  # warm-up, untimed
    retriever = getattr(assistant, "retriever", None)
    for question in _progress(questions, progress, "answers"):
        if retriever is not None:
            retriever.clear_word_cache()
        t0 = time.perf_counter()
        answer = assistant.ask(question.question, history=question.turns())
        ask_ms.append((time.perf_counter() - t0) * 1000)
        asked.append((question, answer))
    langs = sorted({q.lang for q, _ in asked if q.lang})
    by_lang = {lang: _rates([(q, a) for q, a in asked if q.lang == lang]) for lang in langs} if len(langs) > 1 else {}
    return AnswerScores(
        **_rates(asked),
        ask_ms_p50=round(metrics.percentile(ask_ms, 50), 3) if ask_ms else None,
        ask_ms_p95=round(metrics.percentile(ask_ms, 95), 3) if ask_ms else None,
        by_lang=by_lang,
    )


def _rates(asked: Sequence[tuple[EvalQuestion, object]]) -> dict:
    """``AnswerScores``' rates over ``(question, answer)`` pairs."""
    hits, exact = [], []
    for question, answer in asked:
        if question.answerable and metrics.answer_tokens(question.answer):
            hits.append(not answer.abstained and metrics.answer_contains(answer.text, question.answer))
            phrases = answer.phrases() if hasattr(answer, "phrases") else []
            exact.append(not answer.abstained and bool(phrases) and metrics.exact_match(" ".join(phrases), question.answer))
    lengths = [len(answer.text) for _, answer in asked if not answer.abstained]
    every = metrics.abstention([bool(a.abstained) for _, a in asked], [not q.answerable for q, _ in asked])
    on_topic = [(q, a) for q, a in asked if q.kind != JUNK]
    topic = metrics.abstention([bool(a.abstained) for _, a in on_topic], [not q.answerable for q, _ in on_topic])
    junk = [bool(a.abstained) for q, a in asked if q.kind == JUNK]

    def rate(value):
        return None if value is None else round(value, 6)

    return {
        "hit_rate": rate(metrics.mean(hits)) if hits else None,
        "short_exact_match": rate(metrics.mean(exact)) if exact else None,
        "answer_chars_p50": metrics.percentile(lengths, 50) if lengths else None,
        "abstain_precision": rate(every.precision),
        "abstain_recall": rate(every.recall),
        "on_topic_abstain_precision": rate(topic.precision),
        "on_topic_abstain_recall": rate(topic.recall),
        "junk_abstained": rate(metrics.mean(junk)) if junk else None,
        "asked": len(asked),
        "with_gold_answer": len(hits),
    }


def _model_name(store, encoder) -> str:
    try:
        return store.model_name
    except (AttributeError, KeyError, TypeError):
        return getattr(encoder, "name", "unknown")


def _progress(items, enabled: bool, label: str):
    if not enabled:
        return items
    from tqdm import tqdm  # writes to stderr

    return tqdm(items, desc=label, unit="q", leave=False)


def open_index(dataset: EvalDataset, encoder_factory, index_dir=None, *, progress: bool = False):
    """The store to search and its matching encoder: ``(store, encoder)``.

    A dataset with its own passages (SQuAD) gets a throw-away in-memory index.
    A JSONL dataset uses ``index_dir`` as it is (never rebuilt: it may hold other
    documents), else the default index of the bundled report, built if missing or stale.
    ``encoder_factory(model_name_or_None)`` returns an encoder.
    """
    from index.store import Store

    if dataset.passages is not None:
        encoder = encoder_factory(None)
        store = Store.build(list(dataset.passages), encoder, index_config(encoder), show_progress=progress)
        return store, encoder
    if index_dir is not None:
        store = Store.load(index_dir)
        return store, encoder_factory(store.model_name)
    from index.build import ensure_index
    from index.encoders import resolve_model

    model = resolve_model(None)
    encoder = encoder_factory(model)
    result = ensure_index(None, None, index_config(encoder), encoder=encoder, show_progress=progress)
    return result.store, encoder


def index_config(encoder):
    """The default index config for ``encoder``: its own ``EncoderConfig`` (model, windows, weights) when it has one."""
    from index.encoders import EncoderConfig
    from index.store import IndexConfig

    own = getattr(encoder, "config", None)
    return IndexConfig(encoder=own) if isinstance(own, EncoderConfig) else IndexConfig.for_model(encoder.name)
