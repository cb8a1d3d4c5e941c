"""Evaluation datasets: Sanad's JSONL format over an index, and SQuAD v1.1 JSON with its own passages.

**JSONL** (one question per line)::

    {"question": "…", "gold": [3], "answer": "…", "lang": "ar", "doc": "a74-trafficking",
     "history": [{"role": "user", "content": "…"}, {"role": "assistant", "content": "…"}]}

``question`` and ``gold`` are required; ``gold`` lists paragraph numbers of
document ``doc`` (default: the bundled report) that answer the question, ``[]``
when none does. ``answer`` (a short span), ``lang`` and ``history`` (the earlier
turns of a follow-up, oldest first) are optional; any other key is ignored.
Answer spans are not checked against the current parse, so a file written
against an older parse still loads. The passages come from an index (the
default one or ``--index-dir``): ``EvalDataset.passages`` is None.

**Bundled report questions**, by name (``ReportSet``): ``report`` is
``report_qa.jsonl`` alone, the set every weight was tuned on, kept so earlier
numbers stay comparable; ``report_all`` merges it with ``report_questions.jsonl``
(questions written from the report's topics); ``report_dev`` and ``report_test``
are the two halves of that merge, cut once by ``split_of`` on the question id.
Tune on ``report_dev``; report ``report_test``.

**SQuAD v1.1** (``{"data": [{"title", "paragraphs": [{"context", "qas"}]}]}``):
every distinct context (exact text) becomes one passage of a throw-away index,
numbered 1 … N in order of first appearance, and a question's gold is its own
context. ``load_paired`` takes the questions of one file and the contexts of
another, matched by question id (XQuAD's languages are parallel files).

Errors name the file and, for JSONL and JSON syntax, the line; SQuAD structure
errors name the JSON path (``data[2].paragraphs[0].qas[5]``).
"""

from __future__ import annotations

import enum
import hashlib
import json
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from index.common import InputFileError, parse_enum, read_text, valid_values
from index.passage import DocRef, Passage

REPORT_DATASET = "report"  # the name users type for the bundled report questions
REPORT_FILE = "report_qa.jsonl"
# Written from the report's topics after everything had been tuned on REPORT_FILE.
TOPICS_FILE = "report_questions.jsonl"
# Written to check abstention on questions nothing was tuned on; loaded as its own .jsonl set, never split.
PROBE_FILE = "abstain_probe.jsonl"
# Written from the report's headings and summary before its paragraphs were read, gold found after
# (fresh12); a check on choices made on report_dev, never fitted to. Retrieval only: no answer spans.
FRESH_FILE = "fresh_questions.jsonl"
_MAX_BYTES = 200 * 1024 * 1024
_SPLIT_SALT = "sanad-split:"


class ReportSet(enum.Enum):
    """The bundled report question sets a user can name (see the module docstring)."""

    REPORT = "report"
    REPORT_ALL = "report_all"
    REPORT_DEV = "report_dev"
    REPORT_TEST = "report_test"


# How ``sanad eval`` and its errors describe a DATASET argument; the set names come from the Enum.
DATASET_HELP = (
    f"a bundled report question set ({valid_values(ReportSet)}; tune on {ReportSet.REPORT_DEV.value!r} only, see the README), "
    "a .jsonl file (Sanad format) or a .json file (SQuAD v1.1)"
)


class Split(enum.Enum):
    """The half of the merged report questions a question belongs to (``split_of``)."""

    DEV = "dev"
    TEST = "test"


class Role(enum.Enum):
    """Who spoke an earlier turn of a follow-up's ``history``."""

    USER = "user"
    ASSISTANT = "assistant"


def split_of(question_id: str) -> Split:
    """The fixed half of a question: ``TEST`` when sha256("sanad-split:" + id) is odd, else ``DEV``.

    The rule reads the id alone, so adding or editing a question never moves
    another one between halves, and a question's text cannot steer its half.

    >>> split_of("q001"), split_of("u002")
    (<Split.DEV: 'dev'>, <Split.TEST: 'test'>)
    """
    digest = hashlib.sha256((_SPLIT_SALT + question_id).encode("utf-8")).hexdigest()
    return Split.TEST if int(digest, 16) % 2 == 1 else Split.DEV


@dataclass(frozen=True)
class EvalQuestion:
    """One question and the passages that answer it: ``(doc, n)`` for each ``n`` in ``gold``."""

    id: str
    question: str
    doc: str
    gold: tuple[int, ...]
    answer: str = ""
    lang: str | None = None
    source: str = ""  # "<file>:<line>" or "<file>: <json path>", for error messages
    # Earlier turns of a follow-up, oldest first: (role, content) with role a ``Role`` value.
    # Plain strings, not ``Role`` members, because ``qa.followup`` reads the role as text.
    history: tuple[tuple[str, str], ...] = ()
    # The question set's own label ("date", "list", "unanswerable", "junk", ...); "junk" marks
    # input that is no question at all (must abstain), "" when the file has none.
    kind: str = ""

    @property
    def answerable(self) -> bool:
        return bool(self.gold)

    def gold_keys(self) -> frozenset[tuple[str, int]]:
        return frozenset((self.doc, number) for number in self.gold)

    def turns(self) -> list[dict[str, str]]:
        """``history`` as the ``{"role", "content"}`` turns ``Assistant.ask`` and the HTTP API take."""
        return [{"role": role, "content": content} for role, content in self.history]


@dataclass(frozen=True)
class EvalDataset:
    """Questions, and the passages to index for them (``None``: use an existing index)."""

    name: str
    questions: tuple[EvalQuestion, ...]
    passages: tuple[Passage, ...] | None
    description: str


def relevance_key(passage: Passage) -> tuple[str, int | None]:
    """What a gold entry names: the passage's document and paragraph number."""
    return (passage.doc.id, passage.number)


def bundled_report_dataset() -> Path:
    return _bundled(REPORT_FILE)


def bundled_topics_dataset() -> Path:
    return _bundled(TOPICS_FILE)


def bundled_probe_dataset() -> Path:
    return _bundled(PROBE_FILE)


def bundled_fresh_dataset() -> Path:
    return _bundled(FRESH_FILE)


def _bundled(name: str) -> Path:
    return Path(str(resources.files("eval").joinpath("data", name)))


def default_doc_id() -> str:
    from index.documents import bundled_report_path, doc_id_for

    return doc_id_for(bundled_report_path())


def resolve(spec: str | Path) -> EvalDataset:
    """A ``ReportSet`` name (``"report"``, ``"report_dev"`` …), a ``.jsonl`` file (Sanad format) or a ``.json`` file (SQuAD)."""
    if str(spec) in {member.value for member in ReportSet}:
        return load_report_set(str(spec))
    path = Path(spec)
    suffix = path.suffix.lower()
    if suffix == ".jsonl":
        return load_jsonl(path)
    if suffix == ".json":
        return load_squad(path)
    raise InputFileError(f"{path}: unknown dataset format; expected one of [{valid_values(ReportSet)}], a .jsonl (Sanad) or a .json (SQuAD) file")


def load_report_set(which: ReportSet | str) -> EvalDataset:
    """One of the bundled report question sets; ``OptionError`` lists the names for any other."""
    which = parse_enum(ReportSet, which, "report question set")
    if which is ReportSet.REPORT:
        return load_jsonl(bundled_report_dataset(), name="report_qa")
    files = (bundled_report_dataset(), bundled_topics_dataset())
    questions = _merge([load_jsonl(path) for path in files])
    half = {ReportSet.REPORT_DEV: Split.DEV, ReportSet.REPORT_TEST: Split.TEST}.get(which)
    description = " + ".join(path.name for path in files)
    if half is not None:
        questions = tuple(q for q in questions if split_of(q.id) is half)
        description += f", {half.value} half (split_of: sha256 of the id)"
    return EvalDataset(which.value, questions, None, description)


def _merge(parts: list[EvalDataset]) -> tuple[EvalQuestion, ...]:
    """Every question of every part, in order; an id may appear once, since the split is by id."""
    seen: dict[str, EvalQuestion] = {}
    for question in (q for part in parts for q in part.questions):
        first = seen.setdefault(question.id, question)
        if first is not question:
            raise InputFileError(f"{question.source}: question id {question.id!r} is already used at {first.source}")
    return tuple(seen.values())


def _read(path: Path) -> str:
    return read_text(path, expected="a dataset file", max_bytes=_MAX_BYTES)


# --- Sanad JSONL ---------------------------------------------------------------------------------


def load_jsonl(path: Path | str, name: str | None = None) -> EvalDataset:
    """Questions over an index; see the module docstring for the format."""
    path = Path(path)
    text = _read(path)
    report_doc = None
    questions = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputFileError(f"{where}: invalid JSON ({exc.msg}, column {exc.colno})") from None
        if not isinstance(row, dict):
            raise InputFileError(f"{where}: expected a JSON object, got {type(row).__name__}")
        if "doc" not in row and report_doc is None:
            report_doc = default_doc_id()
        questions.append(_jsonl_question(row, where, report_doc, len(questions) + 1))
    if not questions:
        raise InputFileError(f"{path}: is empty (no question lines)")
    return EvalDataset(name or path.stem, tuple(questions), None, str(path))


def _jsonl_question(row: dict, where: str, report_doc: str | None, ordinal: int) -> EvalQuestion:
    for key in ("question", "gold"):
        if key not in row:
            raise InputFileError(f"{where}: missing key {key!r}")
    question, gold = row["question"], row["gold"]
    if not isinstance(question, str) or not question.strip():
        raise InputFileError(f"{where}: 'question' must be a non-empty string")
    if not isinstance(gold, list) or not all(isinstance(n, int) and not isinstance(n, bool) and n >= 0 for n in gold):
        raise InputFileError(f"{where}: 'gold' must be a list of paragraph numbers, e.g. [3] or []")
    for key in ("answer", "lang", "doc", "kind"):
        if key in row and not isinstance(row[key], str):
            raise InputFileError(f"{where}: {key!r} must be a string")
    doc = row.get("doc") or report_doc
    return EvalQuestion(
        id=str(row.get("id", ordinal)),
        question=question.strip(),
        doc=doc,
        gold=tuple(dict.fromkeys(gold)),
        answer=row.get("answer", ""),
        lang=row.get("lang"),
        source=where,
        history=_history(row.get("history", []), where),
        kind=row.get("kind", ""),
    )


def _history(turns, where: str) -> tuple[tuple[str, str], ...]:
    """``[{"role": "user", "content": "…"}, …]`` → ``(("user", "…"), …)``; each mistake names the turn."""
    roles = [member.value for member in Role]
    if not isinstance(turns, list):
        raise InputFileError(f"{where}: 'history' must be a list of turns, e.g. [{{\"role\": \"user\", \"content\": \"…\"}}]")
    parsed = []
    for n, turn in enumerate(turns):
        if not isinstance(turn, dict):
            raise InputFileError(f"{where}: history[{n}] must be an object with 'role' and 'content', got {type(turn).__name__}")
        role, content = turn.get("role"), turn.get("content")
        if role not in roles:
            valid = ", ".join(repr(r) for r in roles)
            raise InputFileError(f"{where}: history[{n}].role is {role!r}. Use one of the supported values: [{valid}]")
        if not isinstance(content, str) or not content.strip():
            raise InputFileError(f"{where}: history[{n}].content must be a non-empty string")
        parsed.append((role, content.strip()))
    return tuple(parsed)


# --- SQuAD v1.1 ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _SquadQA:
    id: str
    question: str
    context: str
    title: str
    answer: str
    impossible: bool
    where: str


def _squad_items(path: Path) -> list[_SquadQA]:
    text = _read(path)
    try:
        root = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputFileError(f"{path}:{exc.lineno}: invalid JSON ({exc.msg}, column {exc.colno})") from None
    if not isinstance(root, dict) or not isinstance(root.get("data"), list):
        raise InputFileError(f"{path}: not a SQuAD file: expected an object with a 'data' list")

    def need(obj, key, kind, where):
        if not isinstance(obj, dict):
            raise InputFileError(f"{path}: {where}: expected an object")
        if key not in obj:
            raise InputFileError(f"{path}: {where}: missing key {key!r}")
        if not isinstance(obj[key], kind):
            raise InputFileError(f"{path}: {where}.{key}: expected {kind.__name__}")
        return obj[key]

    items = []
    for a, article in enumerate(root["data"]):
        title = article.get("title", "") if isinstance(article, dict) else ""
        for p, paragraph in enumerate(need(article, "paragraphs", list, f"data[{a}]")):
            where_p = f"data[{a}].paragraphs[{p}]"
            context = need(paragraph, "context", str, where_p)
            for q, qa in enumerate(need(paragraph, "qas", list, where_p)):
                where = f"{where_p}.qas[{q}]"
                question = need(qa, "question", str, where)
                if not question.strip():
                    raise InputFileError(f"{path}: {where}: empty question")
                answers = qa.get("answers") or []
                first = answers[0].get("text", "") if answers and isinstance(answers[0], dict) else ""
                items.append(
                    _SquadQA(
                        id=str(qa.get("id", f"{a}.{p}.{q}")),
                        question=question.strip(),
                        context=context,
                        title=str(title),
                        answer=str(first),
                        impossible=bool(qa.get("is_impossible", False)),
                        where=f"{path}: {where}",
                    )
                )
    if not items:
        raise InputFileError(f"{path}: is empty (no questions in 'data')")
    return items


def _contexts(items: list[_SquadQA], name: str) -> tuple[tuple[Passage, ...], dict[str, int]]:
    """One passage per distinct context, numbered by first appearance; context → number."""
    numbers: dict[str, int] = {}
    passages = []
    for item in items:
        if item.context in numbers:
            continue
        number = len(numbers) + 1
        numbers[item.context] = number
        passages.append(
            Passage(
                id=f"{name}#{number}",
                doc=DocRef(name, item.title),
                number=number,
                section=(),  # the title stays out of the search text: XQuAD keeps English titles in every language
                text=item.context,
            )
        )
    return tuple(passages), numbers


def load_squad(path: Path | str, name: str | None = None) -> EvalDataset:
    """SQuAD questions over their own contexts."""
    path = Path(path)
    name = name or path.stem
    items = _squad_items(path)
    passages, numbers = _contexts(items, name)
    questions = tuple(
        EvalQuestion(
            id=item.id,
            question=item.question,
            doc=name,
            gold=() if item.impossible else (numbers[item.context],),
            answer=item.answer,
            source=item.where,
        )
        for item in items
    )
    return EvalDataset(name, questions, passages, str(path))


def load_paired(questions_path: Path | str, passages_path: Path | str, name: str | None = None) -> EvalDataset:
    """Questions of one SQuAD file over the contexts of another, matched by question id.

    Every question of ``questions_path`` must have its id in ``passages_path``;
    its gold is the context that id belongs to there.
    """
    questions_path, passages_path = Path(questions_path), Path(passages_path)
    asked = _squad_items(questions_path)
    answered = _squad_items(passages_path)
    doc = passages_path.stem
    passages, numbers = _contexts(answered, doc)
    context_of: dict[str, _SquadQA] = {}
    for item in answered:
        if item.id in context_of:
            raise InputFileError(f"{item.where}: question id {item.id!r} appears twice; pairing needs unique ids")
        context_of[item.id] = item
    questions = []
    for item in asked:
        match = context_of.get(item.id)
        if match is None:
            raise InputFileError(f"{item.where}: question id {item.id!r} is not in {passages_path}")
        questions.append(
            EvalQuestion(
                id=item.id,
                question=item.question,
                doc=doc,
                gold=() if item.impossible or match.impossible else (numbers[match.context],),
                answer=item.answer,
                source=item.where,
            )
        )
    name = name or f"{questions_path.stem}->{passages_path.stem}"
    description = f"questions {questions_path}, passages {passages_path}"
    return EvalDataset(name, tuple(questions), passages, description)
