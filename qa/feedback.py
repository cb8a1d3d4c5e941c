"""Votes on answers, in ``$SANAD_HOME/feedback.jsonl`` (one JSON line each), so a team can collect mistakes.

An answer shown in the chat has an id; its vote is one line, which a later
vote (changed my mind), a comment ("what was wrong") or a withdrawal replaces
or removes. Every change rewrites the file whole (a temporary file renamed
over it) under an exclusive lock on ``feedback.jsonl.lock``, so concurrent
writers, threads or processes, never lose or interleave each other's lines.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import enum
import json
import os
import tempfile
from pathlib import Path

from index.common import OptionError, parse_enum, sanad_home
from qa.inputs import InputError
from qa.wording import Refusal

FEEDBACK_FILE = "feedback.jsonl"
MAX_COMMENT_CHARS = 2000


class Vote(enum.Enum):
    UP = "up"
    DOWN = "down"


def default_feedback_path() -> Path:
    return sanad_home() / FEEDBACK_FILE


@contextlib.contextmanager
def _locked(path: Path):
    """Hold the feedback file's lock (``fcntl.flock``; where there is none, a single process is assumed)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.with_name(path.name + ".lock"), "a") as lock:
        try:
            import fcntl
        except ImportError:  # pragma: no cover - not POSIX
            yield
            return
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _lines(path: Path) -> list[str]:
    if not path.exists():
        return []
    return [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _read(path: Path) -> list[dict]:
    return [json.loads(line) for line in _lines(path)]


def _without(lines: list[str], answer_id: str) -> list[str]:
    """``lines`` but the votes on ``answer_id``; only lines that mention the id are parsed, so a
    vote costs a copy of the file, not a parse of every line (1,000 concurrent votes on a busy 2-core
    machine: 32 s → 3.7 s, tests/qa/test_feedback.py)."""
    needle = json.dumps(answer_id, ensure_ascii=False)
    return [line for line in lines if needle not in line or json.loads(line).get("id") != answer_id]


def _write(path: Path, lines: list[str]) -> None:
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        out.writelines(line + "\n" for line in lines)
    os.replace(temporary, path)


def _comment(comment: str | None) -> str | None:
    if comment is None or not comment.strip():
        return None
    if len(comment) > MAX_COMMENT_CHARS:
        raise InputError(Refusal.TOO_LONG, "comment", count=len(comment), limit=MAX_COMMENT_CHARS)
    return comment.strip()


def record_feedback(
    answer_json: dict,
    vote: Vote | str,
    path: Path | None = None,
    *,
    answer_id: str | None = None,
    comment: str | None = None,
) -> Path:
    """Save a vote (timestamp, vote, comment, question, answer, citations) and return the file's path.

    ``answer_json`` is ``Answer.to_json()``; ``vote`` is one of ``Vote``'s values. With
    ``answer_id``, the line of an earlier vote on the same answer is replaced, so an
    answer has one vote however often it is changed; without, a line is added.

    Example:
        >>> import tempfile
        >>> answer = {"question": "q", "answer": "a (الفقرة ٣)", "citations": [], "hits": [], "abstained": False}
        >>> path = Path(tempfile.mkdtemp()) / "feedback.jsonl"
        >>> _ = record_feedback(answer, "up", path, answer_id="a1")
        >>> _ = record_feedback(answer, "down", path, answer_id="a1", comment="wrong paragraph")
        >>> [(r["vote"], r["comment"]) for r in read_feedback(path)]
        [('down', 'wrong paragraph')]
    """
    vote = parse_enum(Vote, vote, "vote")
    if not isinstance(answer_json, dict) or "question" not in answer_json or "answer" not in answer_json:
        raise OptionError("feedback needs an answer as returned by Answer.to_json() (with 'question' and 'answer')")
    record = {
        "timestamp": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
        "id": answer_id,
        "vote": vote.value,
        "comment": _comment(comment),
        "question": answer_json["question"],
        "answer": answer_json["answer"],
        "abstained": bool(answer_json.get("abstained", False)),
        "citations": list(answer_json.get("citations", [])),
        "retrieved": [hit.get("id") for hit in answer_json.get("hits", [])],
    }
    path = Path(path) if path is not None else default_feedback_path()
    with _locked(path):
        lines = _lines(path)
        if answer_id is not None:
            lines = _without(lines, answer_id)
        _write(path, lines + [json.dumps(record, ensure_ascii=False)])
    return path


def withdraw_feedback(answer_id: str, path: Path | None = None) -> bool:
    """Remove the vote on answer ``answer_id``; ``False`` if it had none."""
    path = Path(path) if path is not None else default_feedback_path()
    with _locked(path):
        lines = _lines(path)
        kept = _without(lines, answer_id)
        if len(kept) == len(lines):
            return False
        _write(path, kept)
    return True


def read_feedback(path: Path | None = None) -> list[dict]:
    """Every saved vote, oldest first."""
    path = Path(path) if path is not None else default_feedback_path()
    with _locked(path):
        return _read(path)


__all__ = ["Vote", "record_feedback", "withdraw_feedback", "read_feedback", "default_feedback_path", "MAX_COMMENT_CHARS"]
