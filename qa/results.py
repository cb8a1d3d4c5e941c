"""Typed results: what search and ask return, everywhere (Python, CLI, HTTP)."""

from __future__ import annotations

from dataclasses import dataclass, field

from index.passage import Passage

# What follows a quote that stops inside its sentence (``Citation.cut``).
ELLIPSIS = " …"
LEADING_ELLIPSIS = "… "


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
        return {
            **self.passage.to_json(lines=False),
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
    # The phrase that answers, as passage offsets inside [start, end); None when the sentence is the answer.
    highlight: tuple[int, int] | None = None
    # The cited document's id when the index holds several (the label names it), else "".
    doc: str = ""
    # The quote stops inside its sentence (a lettered item's first clause): shown with a trailing
    # ellipsis, so that no reader takes the clause for the whole of what the report says.
    cut: bool = False
    # The quote starts inside its sentence (the clauses around a typed answer's phrase, ``qa.clause``):
    # shown with a leading ellipsis.
    cut_before: bool = False

    def label(self) -> str:
        return citation_label(self.number, self.item, self.doc)

    @property
    def phrase(self) -> str:
        """The highlighted phrase of the quote, "" when there is none."""
        if self.highlight is None:
            return ""
        return self.quote[self.highlight[0] - self.start : self.highlight[1] - self.start]

    def marked(self, before: str = "**", after: str = "**") -> str:
        """The quote with its highlight wrapped in ``before``/``after`` (Markdown bold by default).

        >>> Citation("d#2", 2, "حتى ١٥ نيسان/أبريل ٢٠١٩.", 10, 34, highlight=(14, 33)).marked()
        'حتى **١٥ نيسان/أبريل ٢٠١٩**.'
        >>> Citation("d#9", 9, "(ب) تشجيع الدول الأعضاء على تبادل المعلومات", 0, 44, cut=True).marked()
        '(ب) تشجيع الدول الأعضاء على تبادل المعلومات …'
        """
        ellipsis = ELLIPSIS if self.cut else ""
        opening = LEADING_ELLIPSIS if self.cut_before else ""
        if self.highlight is None:
            return opening + self.quote + ellipsis
        a, b = self.highlight[0] - self.start, self.highlight[1] - self.start
        return f"{opening}{self.quote[:a]}{before}{self.quote[a:b]}{after}{self.quote[b:]}{ellipsis}"

    def to_json(self) -> dict:
        return {
            "id": self.id,
            "number": self.number,
            "quote": self.quote,
            "start": self.start,
            "end": self.end,
            "item": list(self.item),
            "label": self.label(),
            "highlight": list(self.highlight) if self.highlight else None,
            "doc": self.doc,
            "cut": self.cut,
            "cut_before": self.cut_before,
        }


@dataclass(frozen=True)
class Answer:
    """``text`` leads with ``short`` (the phrase that answers, in the question's language where it
    can be rendered exactly), then the quoted sentences, one citation per paragraph run."""

    question: str
    text: str
    citations: tuple[Citation, ...]
    hits: tuple[Hit, ...]
    abstained: bool
    confidence: float = 0.0
    # An abstention's reason: the countries and years the question names that the paragraphs lack.
    missing: tuple[str, ...] = ()
    short: str = ""
    # An abstention's closest paragraphs: the hits the composer weighed (``AnswerConfig.hits_considered``).
    closest: tuple[Hit, ...] = ()

    def phrases(self) -> list[str]:
        """The marked phrases of the quotes, in order: the short answer as the report words it."""
        return [c.phrase for c in self.citations if c.highlight]

    def to_json(self) -> dict:
        return {
            "question": self.question,
            "answer": self.text,
            "short": self.short,
            "abstained": self.abstained,
            "confidence": round(float(self.confidence), 6),
            "missing": list(self.missing),
            "citations": [c.to_json() for c in self.citations],
            "hits": [h.to_json() for h in self.hits],
        }


_ARABIC_DIGITS = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


def arabic_number(value: int) -> str:
    return str(value).translate(_ARABIC_DIGITS)


def citation_label(number: int | None, item: tuple[str, ...] = (), doc: str = "") -> str:
    """How an answer names its source, e.g. ``الفقرة ١٣٩ (د) ‘٣’`` or ``الملخص``; ``doc`` goes first when given.

    >>> citation_label(3, doc="A/74/123")
    'A/74/123، الفقرة ٣'
    """
    if number is None:
        label = "الملخص"
    else:
        label = f"الفقرة {arabic_number(number)}"
        if item:
            label += f" ({item[0]})"
            label += "".join(f" ‘{part}’" for part in item[1:])
    return f"{doc}، {label}" if doc else label
