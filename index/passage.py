"""The unit Sanad cites: one numbered paragraph of one document."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class DocRef:
    """A document's id (stable, used in passage ids), its human title and its language (ISO 639-1)."""

    id: str
    title: str
    language: str = "ar"


@dataclass(frozen=True)
class SubItem:
    """An addressable item inside a paragraph, e.g. 139 (د) ‘٣’.

    ``label`` is the path of item markers as printed (``("د", "٣")``);
    ``start``/``end`` are character offsets into the passage's ``text``.
    """

    label: tuple[str, ...]
    start: int
    end: int


@dataclass(frozen=True)
class Passage:
    """One citable block of a document.

    ``number`` is the document's own paragraph number, ``None`` for front
    matter (the summary). ``text`` is the repaired display text, ``raw`` the
    source lines exactly as they were; ``uncertain`` is set when the repair of
    one of those lines chose its reading by a small margin.
    """

    id: str
    doc: DocRef
    number: int | None
    section: tuple[str, ...]
    text: str
    raw: tuple[str, ...] = ()
    items: tuple[SubItem, ...] = field(default=())
    uncertain: bool = False

    def to_json(self, *, lines: bool = True) -> dict:
        """The passage as JSON; ``lines=False`` leaves out its raw lines and sub-item offsets (a hit's view)."""
        # Spelled out, not ``asdict``: its deep copy was a tenth of a large build's batch time.
        out = {
            "id": self.id,
            "doc": {"id": self.doc.id, "title": self.doc.title, "language": self.doc.language},
            "number": self.number,
            "section": list(self.section),
            "text": self.text,
        }
        if lines:
            out["raw"] = list(self.raw)
            out["items"] = [{"label": list(item.label), "start": item.start, "end": item.end} for item in self.items]
        out["uncertain"] = self.uncertain
        return out

    @classmethod
    def from_json(cls, data: dict) -> "Passage":
        return cls(
            id=data["id"],
            doc=DocRef(**data["doc"]),  # passages saved before languages read as Arabic (the default)
            number=data["number"],
            section=tuple(data["section"]),
            text=data["text"],
            raw=tuple(data.get("raw", ())),
            items=tuple(
                SubItem(label=tuple(item["label"]), start=item["start"], end=item["end"])
                for item in data.get("items", ())
            ),
            uncertain=bool(data.get("uncertain", False)),
        )

    def label(self) -> str:
        """How a citation names this passage, e.g. ``"paragraph 12"``."""
        return f"paragraph {self.number}" if self.number is not None else "summary"
