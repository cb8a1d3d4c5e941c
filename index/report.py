"""Parse a UN report, as extracted from its PDF, into numbered passages.

The extracted text lists each printed line's runs in visual order; every line
is put back in reading order by :mod:`index.repair` (remembered on disk by
:mod:`index.repair.memo`), and a passage notes when one of its lines was a close
call (``Passage.uncertain``). The paragraph number ``-N`` usually sits at the end of the paragraph's first line.
Headings use the same shape: chapters end in ``-أولاً`` … ``-تاسعاً``, sections
in ``-ألف`` … , sub-headings in ``-١`` … (numbered again in each section). We
tell a sub-heading from a paragraph by the numbering: paragraphs run 1 … N
through the whole report, sub-headings restart in every section.

Every non-blank source line ends up in exactly one block: front matter,
heading or paragraph (``parse_report`` returns the headings too, so a test can
prove it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from index.passage import DocRef, Passage, SubItem
from index.repair import RepairedLine
from index.repair.markers import (
    CHAPTER_WORDS,
    SECTION_WORDS,
    Role,
    marker_number,
    roles,
    split_item,
    split_marker,
)
from index.repair.memo import repair_document_remembered

SUMMARY_SECTION = "ملخص"
_SUMMARY_HEADING = re.compile(r"^\s*ملخ\S*ص\s*$")


class BlockKind(StrEnum):
    """What a block holds: the front matter (cover and summary, before the first marker that has a
    role), or what its first line's marker opens (a :class:`index.repair.markers.Role`, same values)."""

    FRONT = "front"
    HEADING = Role.HEADING.value
    PARAGRAPH = Role.PARAGRAPH.value


@dataclass(frozen=True)
class Block:
    """A run of source lines of one kind."""

    kind: BlockKind
    marker: str | None
    line_numbers: tuple[int, ...]


def _is_summary_heading(raw: str) -> bool:
    # The heading is printed with shadda and fatha (ملخَّص); they are marks, not letters.
    return bool(_SUMMARY_HEADING.match(raw.replace("\u0651", "").replace("\u064e", "")))


def looks_like_report(text: str) -> bool:
    """True if ``text`` has the report shape: paragraph markers -1, -2, -3 in order."""
    expected = 1
    for line in text.splitlines():
        marker, _ = split_marker(line)
        if marker is not None and marker_number(marker) == expected:
            expected += 1
            if expected > 3:
                return True
    return False


def segment(lines: list[str]) -> list[Block]:
    """Cut source lines into blocks; blank lines belong to none (roles: :func:`index.repair.markers.roles`)."""
    blocks: list[Block] = []
    current: list[int] = []
    kind, marker = BlockKind.FRONT, None

    def close():
        if current:
            blocks.append(Block(kind, marker, tuple(current)))

    for number, (line, role) in enumerate(zip(lines, roles(lines)), start=1):
        if not line.strip():
            continue
        if role is None:
            current.append(number)
            continue
        close()
        kind, marker, current = BlockKind(role), split_marker(line)[0], [number]
    close()
    return blocks


def _paragraph_text(repaired: list[RepairedLine]) -> tuple[str, tuple[SubItem, ...]]:
    """Join repaired lines; lines that start a list item get their marker back in front."""
    pieces: list[str] = []
    starts: list[tuple[tuple[str, ...], int]] = []
    letter: str | None = None
    offset = 0
    for entry in repaired:
        label, line = entry.item, entry.text
        if label is not None:
            if label.isalpha():
                letter, path, shown = label, (label,), f"({label})"
            else:
                path, shown = ((letter,) if letter else ()) + (label,), f"‘{label}’"
            line = f"{shown} {line}".strip()
            starts.append((path, offset + (1 if pieces else 0)))
        if not line:
            continue
        if pieces:
            offset += 1
        pieces.append(line)
        offset += len(line)
    text = " ".join(pieces)
    return text, sub_items(text, starts)


def sub_items(text: str, starts: list[tuple[tuple[str, ...], int]]) -> tuple[SubItem, ...]:
    """Items of a paragraph's ``text`` from where each begins (its label path, its offset)."""
    items = []
    for index, (path, start) in enumerate(starts):
        end = len(text)
        # An item ends where the next item at its own level or above begins.
        for later_path, later_start in starts[index + 1 :]:
            if len(later_path) <= len(path):
                end = later_start - 1
                break
        items.append(SubItem(label=path, start=start, end=end))
    return tuple(items)


def _heading_text(marker: str, repaired: list[RepairedLine]) -> str:
    body = " ".join(filter(None, (entry.shown for entry in repaired)))
    return f"{marker} - {body}"


def _front_passages(doc: DocRef, lines: list[str], block: Block, repaired: list[RepairedLine]) -> list[Passage]:
    """The front matter: the cover (session, agenda item, title) and the summary."""
    cover, summary = [], []
    target = cover
    for number in block.line_numbers:
        if _is_summary_heading(lines[number - 1]):
            target = summary
        target.append(number)
    passages = []
    for suffix, numbers in (("cover", cover), ("summary", summary)):
        if not numbers:
            continue
        raws = [lines[n - 1] for n in numbers]
        text = " ".join(filter(None, (repaired[n - 1].shown for n in numbers)))
        passages.append(
            Passage(
                id=f"{doc.id}#{suffix}",
                doc=doc,
                number=None,
                section=(SUMMARY_SECTION,),
                text=text,
                raw=tuple(raws),
                uncertain=any(repaired[n - 1].uncertain for n in numbers),
            )
        )
    return passages


def guess_title(lines: list[str], blocks: list[Block], repaired: list[RepairedLine]) -> str | None:
    """The report's title: the longest cover line before the summary heading."""
    if not blocks or blocks[0].kind is not BlockKind.FRONT:
        return None
    candidates = []
    for number in blocks[0].line_numbers:
        raw = lines[number - 1]
        if _is_summary_heading(raw):
            break
        candidates.append(repaired[number - 1].shown)
    # The session and agenda lines are short; the title is the longest line before "تقرير".
    plain = [c for c in candidates if c and not re.search(r"[0-9٠-٩*]", c)]
    return max(plain, key=len) if plain else None


def _as_read(lines: list[str]) -> list[RepairedLine]:
    """Lines already in reading order (a DOCX, a PDF read glyph by glyph): markers split off, no repair."""
    out = []
    for line in lines:
        label, body = split_item(split_marker(line)[1])
        out.append(RepairedLine(" ".join(body.split()), label))
    return out


def parse_report(
    text: str, doc_id: str, title: str | None = None, *, ordered: bool = False, language: str = "ar"
) -> tuple[list[Passage], list[Block]]:
    """Turn a report's extracted text into passages (front matter, then paragraphs).

    ``ordered`` says the lines are in reading order already (the report's line shape,
    markers ``-N`` after a wide gap, but nothing to repair). Returns the passages and
    every block (headings included), so callers can check that no source line was lost.
    """
    lines = text.splitlines()
    repaired = _as_read(lines) if ordered else repair_document_remembered(lines)
    blocks = segment(lines)
    doc = DocRef(id=doc_id, title=title or guess_title(lines, blocks, repaired) or doc_id, language=language)
    passages: list[Passage] = []
    path: list[tuple[str, str]] = []  # (level, heading text)
    for block in blocks:
        raws = [lines[n - 1] for n in block.line_numbers]
        if block.kind is BlockKind.FRONT:
            passages.extend(_front_passages(doc, lines, block, repaired))
        elif block.kind is BlockKind.HEADING:
            level = "chapter" if block.marker in CHAPTER_WORDS else "section" if block.marker in SECTION_WORDS else "sub"
            keep = {"chapter": 0, "section": 1, "sub": 2}[level]
            path = [p for p in path if {"chapter": 0, "section": 1, "sub": 2}[p[0]] < keep]
            path.append((level, _heading_text(block.marker, [repaired[n - 1] for n in block.line_numbers])))
        else:
            number = marker_number(block.marker)
            entries = [repaired[n - 1] for n in block.line_numbers]
            body, items = _paragraph_text(entries)
            passages.append(
                Passage(
                    id=f"{doc_id}#{number}",
                    doc=doc,
                    number=number,
                    section=tuple(text for _, text in path),
                    text=body,
                    raw=tuple(raws),
                    items=items,
                    uncertain=any(entry.uncertain for entry in entries),
                )
            )
    return passages, blocks


def paragraph_count(passages: list[Passage]) -> int:
    return sum(1 for p in passages if p.number is not None)


__all__ = ["parse_report", "looks_like_report", "segment", "Block", "BlockKind", "paragraph_count"]
