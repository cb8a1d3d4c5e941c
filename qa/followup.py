"""Resolve a short follow-up question ("وماذا عن اليابان؟", "and in 2018?") against the conversation."""

from __future__ import annotations

import re
from collections.abc import Sequence

from index import arabic

# Openers that mark a question as leaning on the previous one.
_FOLLOW_UP_OPENERS = re.compile(
    r"^\s*(?:و?ماذا عن|و?ما ذا عن|وما|وهل|وكم|ومتى|وفي|وعن|و?كذلك|and|what about|how about|and what about|also|same for)\b",
    re.IGNORECASE,
)
_MAX_FOLLOW_UP_TOKENS = 3


def _turn(turn) -> tuple[str, str]:
    if isinstance(turn, dict):
        return str(turn.get("role", "")), str(turn.get("content", ""))
    role, content = turn
    return str(role), str(content)


def last_user_question(history: Sequence) -> str | None:
    for turn in reversed(list(history)):
        role, content = _turn(turn)
        if role == "user" and content.strip():
            return content
    return None


def is_follow_up(question: str) -> bool:
    """A question that names no topic of its own: it opens like a follow-up, or is very short."""
    return bool(_FOLLOW_UP_OPENERS.match(question)) or len(arabic.tokenize(question)) <= _MAX_FOLLOW_UP_TOKENS - 1


def resolve(question: str, history: Sequence = ()) -> str:
    """The text to retrieve with: the question, joined to the last user question when it is a follow-up.

    >>> resolve("وماذا عن اليابان؟", [{"role": "user", "content": "متى صدقت فيجي على البروتوكول؟"}])
    'متى صدقت فيجي على البروتوكول؟ وماذا عن اليابان؟'
    >>> resolve("When did Fiji ratify the protocol?", [{"role": "user", "content": "Hello"}])
    'When did Fiji ratify the protocol?'
    """
    previous = last_user_question(history)
    if previous is None or not is_follow_up(question):
        return question
    return f"{previous.strip()} {question.strip()}"
