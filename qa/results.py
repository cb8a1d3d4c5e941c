"""Typed results: what search and ask return, everywhere (Python, CLI, HTTP)."""

from __future__ import annotations

from dataclasses import dataclass, field

from index.passage import Passage


@dataclass(frozen=True)
class Hit:
    """One retrieved passage, with the fused score and each retriever's own score and rank.

    ``scores``/``ranks`` map a retriever name (``"bm25"``, ``"dense"``) to its
    score and 1-based rank; a retriever that did not rank the passage is absent.
    """

    passage: Passage
    rank: int
    score: float
    scores: dict[str, float] = field(default_factory=dict)
    ranks: dict[str, int] = field(default_factory=dict)

    def to_json(self) -> dict:
        p = self.passage
        return {
            "id": p.id,
            "doc": {"id": p.doc.id, "title": p.doc.title},
            "number": p.number,
            "section": list(p.section),
            "text": p.text,
            "score": round(float(self.score), 6),
            "rank": self.rank,
            "scores": {name: round(float(value), 6) for name, value in self.scores.items()},
            "ranks": dict(self.ranks),
        }


@dataclass(frozen=True)
class Citation:
    """A quoted sentence: ``passage.text[start:end] == quote``."""

    id: str
    number: int | None
    quote: str
    start: int
    end: int
    item: tuple[str, ...] = ()  # sub-item path, e.g. ("د", "٣") for 139 (د) ‘٣’

    def label(self) -> str:
        return citation_label(self.number, self.item)

    def to_json(self) -> dict:
        return {
            "id": self.id,
            "number": self.number,
            "quote": self.quote,
            "start": self.start,
            "end": self.end,
            "item": list(self.item),
            "label": self.label(),
        }


@dataclass(frozen=True)
class Answer:
    question: str
    text: str
    citations: tuple[Citation, ...]
    hits: tuple[Hit, ...]
    abstained: bool
    confidence: float = 0.0
    # An abstention's reason: the countries and years the question names that the paragraphs lack.
    missing: tuple[str, ...] = ()

    def to_json(self) -> dict:
        return {
            "question": self.question,
            "answer": self.text,
            "abstained": self.abstained,
            "confidence": round(float(self.confidence), 6),
            "missing": list(self.missing),
            "citations": [c.to_json() for c in self.citations],
            "hits": [h.to_json() for h in self.hits],
        }


_ARABIC_DIGITS = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


def arabic_number(value: int) -> str:
    return str(value).translate(_ARABIC_DIGITS)


def citation_label(number: int | None, item: tuple[str, ...] = ()) -> str:
    """How an answer names its source, e.g. ``الفقرة ١٣٩ (د) ‘٣’`` or ``الملخص``."""
    if number is None:
        return "الملخص"
    label = f"الفقرة {arabic_number(number)}"
    if item:
        label += f" ({item[0]})"
        label += "".join(f" ‘{part}’" for part in item[1:])
    return label
