"""The clauses of a long sentence around its answering phrase: what a typed answer quotes.

A UN sentence often runs to 400 characters and more ("وقدم المكتب، بوصفه القيِّم على بروتوكول …، الذي
عُقد في مراكش، المغرب، يومي ١٠ و١١ كانون الأول/ديسمبر ٢٠١٨ …"); when the question asks for a date, a
figure or a name and the phrase is marked, the reader needs the clause that holds it and its neighbours,
not the whole sentence (issue 11: "lead with the short answer … then that sentence"; the rest stays in
the sources panel). A clause ends at an Arabic or Latin comma, semicolon or colon. The phrase itself is
never cut: a list of countries separated by commas stays whole, however long.
"""

from __future__ import annotations

import re
from typing import NamedTuple

# Where a clause ends: after a comma, semicolon or colon (Arabic or Latin) and the spaces after it, but
# not one between two digits: a decimal or thousands comma ("٦,٧ ملايين", "1,500") or a time ("10:30")
# cut there would quote "٧ ملايين" for 6.7 million.
_BREAK = re.compile(r"(?<![0-9٠-٩])[،؛:,;]\s*|[،؛:,;](?![0-9٠-٩])\s*")


class Window(NamedTuple):
    """``[start, end)`` of the quoted part of a sentence, and whether text was left out before / after it."""

    start: int
    end: int
    cut_before: bool
    cut_after: bool


def clauses(text: str) -> list[tuple[int, int]]:
    """``text``'s clauses as ``(start, end)`` offsets, each with its closing mark; together they cover it.

    >>> t = "في عام ٢٠١٨، دُرِّب ٣٤٢ ضابطاً، في آسيا."
    >>> [t[a:b] for a, b in clauses(t)]
    ['في عام ٢٠١٨، ', 'دُرِّب ٣٤٢ ضابطاً، ', 'في آسيا.']
    """
    bounds, start = [], 0
    for m in _BREAK.finditer(text):
        if m.end() < len(text):
            bounds.append((start, m.end()))
            start = m.end()
    bounds.append((start, len(text)))
    return bounds


def around(text: str, start: int, end: int, budget: int) -> Window:
    """The clauses of ``text`` that hold ``[start, end)``, widened by whole neighbouring clauses, the one
    before first (in UN Arabic it says what the figure is about: "وفي عام ٢٠١٨، دُرِّب …"), while the
    quote stays within ``budget`` characters; the whole text when it fits.

    >>> t = "وفي عام ٢٠١٨، دُرِّب ما مجموعه ٣٤٢ ضابطاً في بلدان آسيا، وغرب أفريقيا، والشرق الأوسط، وأمريكا اللاتينية."
    >>> w = around(t, t.index("٣٤٢"), t.index("ضابطاً") + 6, 60); t[w.start:w.end].strip(), w.cut_before, w.cut_after
    ('وفي عام ٢٠١٨، دُرِّب ما مجموعه ٣٤٢ ضابطاً في بلدان آسيا،', False, True)
    """
    if len(text) <= budget:
        return Window(0, len(text), False, False)
    parts = clauses(text)
    first = next(i for i, (a, b) in enumerate(parts) if a <= start < b)
    last = next(i for i, (a, b) in enumerate(parts) if a < end <= b or (i == len(parts) - 1))
    grown = True
    while grown:  # one clause before, then one after, in turn, while they fit
        grown = False
        if first > 0 and parts[last][1] - parts[first - 1][0] <= budget:
            first, grown = first - 1, True
        if last < len(parts) - 1 and parts[last + 1][1] - parts[first][0] <= budget:
            last, grown = last + 1, True
    a, b = parts[first][0], parts[last][1]
    while b > a and text[b - 1].isspace():
        b -= 1
    return Window(a, b, a > 0, bool(text[b:].strip(" \n،؛:.,;")))
