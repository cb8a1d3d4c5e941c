"""What the load test sends: the report's questions, Arabic and English, with bad input mixed in.

Each call names the status it must get: 200 for a question, the specific 4xx for a bad
request (an empty or too long question, a ``k`` or ``mode`` out of range, a body that is
not JSON). Anything else is an error of the server.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from eval.datasets import ReportSet, load_report_set
from qa.inputs import MAX_K, MAX_QUERY_CHARS

# One call in BAD_EVERY is bad input; the rest are questions, alternately asked and searched.
BAD_EVERY = 8


@dataclass(frozen=True)
class Call:
    """One HTTP request and the status it must get."""

    kind: str  # "ask", "search" or the bad input's name ("empty", "too_long", …)
    method: str
    path: str
    expect: int
    params: tuple[tuple[str, str], ...] = ()
    body: bytes | None = None
    lang: str = ""

    @property
    def headers(self) -> dict[str, str]:
        return {"content-type": "application/json"} if self.body is not None else {}


def _ask(question: str, k: int = 5, mode: str = "hybrid", expect: int = 200, kind: str = "ask", lang: str = "") -> Call:
    body = json.dumps({"question": question, "history": [], "k": k, "mode": mode}, ensure_ascii=False).encode()
    return Call(kind, "POST", "/api/ask", expect, body=body, lang=lang)


def _search(query: str, k: int = 5, mode: str = "hybrid", expect: int = 200, kind: str = "search", lang: str = "") -> Call:
    return Call(kind, "GET", "/api/search", expect, params=(("q", query), ("k", str(k)), ("mode", mode)), lang=lang)


def bad_calls() -> list[Call]:
    """The refusals the mix includes: each is a caller mistake with its documented 4xx."""
    long = "ما " * (MAX_QUERY_CHARS // 2 + 1)
    return [
        _ask("", kind="empty", expect=422),
        _search(long, kind="too_long", expect=422),
        _ask("متى صدقت اليابان؟", k=0, kind="bad_k", expect=422),
        _search("Japan ratified", k=MAX_K + 1, kind="bad_k", expect=422),
        _ask("When did Japan ratify?", mode="fuzzy", kind="bad_mode", expect=422),
        _search("فيجي", mode="fuzzy", kind="bad_mode", expect=422),
        Call("not_json", "POST", "/api/ask", 400, body=b'{"question": '),
        _ask(long, kind="too_long", expect=422),
    ]


def questions() -> list[tuple[str, str]]:
    """``(question, lang)`` of every bundled report question with text, Arabic and English interleaved."""
    pool = [(q.question, q.lang or "") for q in load_report_set(ReportSet.REPORT_ALL).questions if q.question.strip()]
    arabic = [p for p in pool if p[1] == "ar"]
    english = [p for p in pool if p[1] != "ar"]
    mixed = []
    for i in range(max(len(arabic), len(english))):
        mixed += ([arabic[i]] if i < len(arabic) else []) + ([english[i]] if i < len(english) else [])
    return mixed


def build_mix() -> list[Call]:
    """The calls in the order one client sends them (clients start at different offsets)."""
    bad = bad_calls()
    calls, asked = [], 0
    for number, (question, lang) in enumerate(questions()):
        if number % (BAD_EVERY - 1) == 0:
            calls.append(bad[(number // (BAD_EVERY - 1)) % len(bad)])
        # Mostly hybrid (the default), sometimes another retriever: every mode is served.
        mode = ("hybrid", "hybrid", "hybrid", "bm25", "dense", "rrf")[number % 6]
        make = _ask if asked % 2 == 0 else _search
        calls.append(make(question, k=(5, 3, 10)[number % 3], mode=mode, lang=lang))
        asked += 1
    return calls
