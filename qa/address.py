"""Passage addresses: a document, a paragraph number (or front-matter name), an optional sub-item.

A passage's id is ``{doc}#{number}`` (``a74-trafficking#3``) or ``{doc}#summary``.
The same passage can be named by its parts: ``("a74-trafficking", "3")``, or by
the number alone when one document is indexed. A sub-item is the path of its
markers, ``د`` or ``د/٣`` (paragraph 139 (د) ‘٣’); digits may be Western or
Arabic-Indic, and letters are compared in search form (``أ`` = ``ا``).

Example:
    >>> from index.passage import DocRef, Passage, SubItem
    >>> doc = DocRef("notes", "Notes")
    >>> text = "Do this: (a) first; (b) second."
    >>> passages = [Passage("notes#1", doc, 1, (), text, items=(SubItem(("b",), 20, 31),))]
    >>> found = locate(passages, "1", item="(b)")
    >>> found.passage.id, found.item_text
    ('notes#1', '(b) second.')
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from index import arabic
from index.common import NotFoundError
from index.passage import Passage, SubItem

_MARKER_PUNCTUATION = "()[]‘’'\"«» "


@dataclass(frozen=True)
class Located:
    """A passage and, when one was asked for, one of its sub-items."""

    passage: Passage
    item: SubItem | None = None

    @property
    def item_text(self) -> str | None:
        return None if self.item is None else self.passage.text[self.item.start : self.item.end]


def part_of(passage: Passage) -> str:
    """The part of the id after the document: the number, or ``cover``/``summary``."""
    return str(passage.number) if passage.number is not None else passage.id.rpartition("#")[2]


def split_id(address: str) -> tuple[str | None, str]:
    """``"doc#3"`` → ``("doc", "3")``; ``"3"`` → ``(None, "3")``."""
    doc, hash_sign, part = address.partition("#")
    return (doc, part) if hash_sign else (None, address)


def item_label(text: str) -> str:
    """An item path in search form: ``"(د)/‘٣’"`` → ``"د/3"``."""
    return "/".join(arabic.normalize(step.strip(_MARKER_PUNCTUATION)) for step in text.split("/"))


def _choose_doc(passages: Sequence[Passage], doc: str | None) -> str:
    docs = sorted({p.doc.id for p in passages})
    if doc is None:
        if len(docs) == 1:
            return docs[0]
        raise NotFoundError(f"{len(docs)} documents are indexed, so name the document: one of {docs}")
    if doc not in docs:
        raise NotFoundError(f"no document {doc!r} is indexed; the documents: {docs}")
    return doc


def _describe_parts(in_doc: list[Passage]) -> str:
    numbers = [p.number for p in in_doc if p.number is not None]
    front = [part_of(p) for p in in_doc if p.number is None]
    described = f"paragraphs {min(numbers)} to {max(numbers)}" if numbers else "no numbered paragraphs"
    return described + (f", and {', '.join(map(repr, front))} for the front matter" if front else "")


def _choose_item(passage: Passage, item: str) -> SubItem:
    wanted = item_label(item)
    for sub in passage.items:
        if item_label("/".join(sub.label)) == wanted:
            return sub
    if not passage.items:
        raise NotFoundError(f"{passage.label()} has no lettered items")
    labels = ", ".join("/".join(sub.label) for sub in passage.items)
    raise NotFoundError(f"{passage.label()} has no item {item!r}; its items: {labels}")


def locate(passages: Sequence[Passage], part: str, doc: str | None = None, item: str | None = None) -> Located:
    """The passage ``part`` (a number or front-matter name) of ``doc``, and its sub-item ``item``.

    ``doc`` may be left out when one document is indexed. Raises
    ``NotFoundError`` with the valid values when nothing matches.
    """
    doc = _choose_doc(passages, doc)
    in_doc = [p for p in passages if p.doc.id == doc]
    wanted = arabic.normalize(part.strip())
    if wanted.isdigit():
        wanted = str(int(wanted))  # "03" and "٣" are paragraph 3
    passage = next((p for p in in_doc if part_of(p) == wanted), None)
    if passage is None:
        raise NotFoundError(f"{doc} has no passage {part!r}: it has {_describe_parts(in_doc)}")
    return Located(passage, None if item is None else _choose_item(passage, item))
