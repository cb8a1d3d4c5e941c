"""What each indexed document is: its title, kind, session, agenda item, symbol, date, how many paragraphs.

Read from the passages alone (the cover's lines), with patterns that hold for
any UN report the parser reads, in Arabic or English. A fact the text does not
carry stays ``None``: the bundled report's extracted cover has no document
symbol and no date of issue, so the chat names its session, the year that
session opened and its agenda item instead.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Sequence
from dataclasses import dataclass

from index import arabic
from index.ingest.symbol import SYMBOL
from index.passage import Passage
from qa.address import part_of
from qa.short import FULL_DATE

# The General Assembly's first session opened in 1946; session N opens in September of 1945 + N.
FIRST_SESSION_YEAR = 1945
# A UN document symbol, spelled once, where ingestion reads it (a resolution's, A/RES/…, is not a report's).
_SYMBOL = SYMBOL
_ENGLISH_DATE = re.compile(
    r"\b\d{1,2} (?:January|February|March|April|May|June|July|August|September|October|November|December) \d{4}\b"
)
# "البند ١٠٨ من القائمة الأولية", "Item 108 of the preliminary list": the agenda item a report is under.
_AGENDA_ITEM = re.compile(r"(?:البند|\bItem)\s*([0-9٠-٩]{1,3})\b")
_UNITS = {
    "الاولي": 1, "الحاديه": 1, "الثانيه": 2, "الثالثه": 3, "الرابعه": 4, "الخامسه": 5,
    "السادسه": 6, "السابعه": 7, "الثامنه": 8, "التاسعه": 9, "العاشره": 10,
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9,
}  # fmt: skip
_TENS = {
    "العشرون": 20, "الثلاثون": 30, "الاربعون": 40, "الخمسون": 50, "الستون": 60, "السبعون": 70, "الثمانون": 80, "التسعون": 90,
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
_TENS_ORDINAL = {"twentieth": 20, "thirtieth": 30, "fortieth": 40, "fiftieth": 50, "sixtieth": 60, "seventieth": 70, "eightieth": 80, "ninetieth": 90}
_WESTERN = str.maketrans("٠١٢٣٤٥٦٧٨٩", "0123456789")
_ARABIC_SESSION = re.compile(r"الدوره\s+(\S+)(?:\s+و(\S+))?")
_ENGLISH_SESSION = re.compile(r"\b(?:(\w+)-)?(\w+)\s+session\b")


class Kind(enum.Enum):
    """What a document is, when its cover says so."""

    SECRETARY_GENERAL_REPORT = "report-of-the-secretary-general"


@dataclass(frozen=True)
class DocumentInfo:
    """One document: ``paragraphs`` counts numbered paragraphs only, ``front`` names the rest."""

    id: str
    title: str
    paragraphs: int
    front: tuple[str, ...] = ()
    language: str = "ar"  # ISO 639-1 (index.ingest.language)
    kind: Kind | None = None
    session: int | None = None
    symbol: str | None = None
    date: str | None = None  # the date of issue as the cover writes it
    agenda_item: int | None = None

    @property
    def year(self) -> int | None:
        """The year the document's General Assembly session opened."""
        return None if self.session is None else FIRST_SESSION_YEAR + self.session


def session_number(text: str) -> int | None:
    """The General Assembly session a cover names, in Arabic or English words.

    >>> session_number("الدورة الرابعة والسبعون البند ١٠٨"), session_number("Seventy-fourth session")
    (74, 74)
    >>> session_number("الدورة السبعون"), session_number("no session here") is None
    (70, True)
    """
    normalized = arabic.normalize(text)
    if found := _ARABIC_SESSION.search(normalized):
        first, second = found.group(1), found.group(2)
        if first in _UNITS and second in _TENS:
            return _UNITS[first] + _TENS[second]
        if first in _TENS or first in _UNITS:
            return _TENS.get(first) or _UNITS[first]
    if found := _ENGLISH_SESSION.search(normalized):
        tens, last = found.group(1), found.group(2)
        if tens in _TENS and last in _UNITS:
            return _TENS[tens] + _UNITS[last]
        if tens is None and (last in _UNITS or last in _TENS_ORDINAL):
            return _UNITS.get(last) or _TENS_ORDINAL[last]
    return None


def _kind(text: str) -> Kind | None:
    words = set(arabic.tokenize(text, arabic.Stemming.NONE))
    # The extracted cover line can be cut mid-word ("متقرير الأمين العا"): match the words, not the phrase.
    if ({"secretary", "general"} <= words and "report" in words) or (
        "الامين" in words and any("تقرير" in w for w in words)
    ):
        return Kind.SECRETARY_GENERAL_REPORT
    return None


def describe(passages: Sequence[Passage]) -> list[DocumentInfo]:
    """Every document of ``passages``, in the order they first appear."""
    grouped: dict[str, list[Passage]] = {}
    for passage in passages:
        grouped.setdefault(passage.doc.id, []).append(passage)
    infos = []
    for doc_id, own in grouped.items():
        front = [p for p in own if p.number is None]
        first = next((p for p in front if part_of(p) == "cover"), front[0] if front else None)
        cover = first.text if first else ""
        lines = " ".join((first.raw or ()) + (first.text,)) if first else ""  # as extracted, and repaired
        symbol, date = _SYMBOL.search(lines), FULL_DATE.search(cover) or _ENGLISH_DATE.search(cover)
        item = _AGENDA_ITEM.search(cover)
        infos.append(
            DocumentInfo(
                id=doc_id,
                title=own[0].doc.title,
                language=own[0].doc.language,
                paragraphs=len({p.number for p in own if p.number is not None}),  # a paragraph in two passages is one
                front=tuple(part_of(p) for p in front),
                kind=_kind(cover),
                session=session_number(cover),
                symbol=symbol.group(0) if symbol else None,
                date=date.group(0) if date else None,
                agenda_item=int(item.group(1).translate(_WESTERN)) if item else None,
            )
        )
    return infos


__all__ = ["DocumentInfo", "Kind", "describe", "session_number"]
