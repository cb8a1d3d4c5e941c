"""UN reports in English, French or Spanish: paragraphs ``1.``, chapters ``I.``, sections ``A.``, items ``(a)``.

The same reading as the Arabic report parser (:mod:`index.report`), for the
numbering these languages print: a line that starts with the next paragraph
number opens a paragraph (paragraphs run 1 … N through the whole report); a
line that starts with the next chapter (Roman numeral) or section (capital
letter) opens a heading, and one that starts with the next sub-heading number
(numbered again in each section) a sub-heading. Lines that open a list item
(``(a)``, ``(ii)``) stay in their paragraph and become its ``SubItem``\\ s. What
comes before the first heading or paragraph is the front matter: the cover, and
the summary after a line that says so.
"""

from __future__ import annotations

import re

from index.passage import DocRef, Passage, SubItem
from index.report import sub_items

_CHAPTER = re.compile(r"^\s*([IVX]{1,5})\.\s+(\S.*)$")
_SECTION = re.compile(r"^\s*([A-Z])\.\s+(\S.*)$")
_NUMBERED = re.compile(r"^\s*(\d{1,3})\.\s+(\S.*)$")
_ITEM = re.compile(r"^\s*\(([a-z]{1,2}|[ivx]{1,5})\)\s+(\S.*)$")
_SUMMARY = re.compile(r"^\s*(summary|résumé|resumen)\s*$", re.IGNORECASE)
_ROMAN = {"I": 1, "V": 5, "X": 10}


def _roman(numeral: str) -> int:
    total = 0
    for here, after in zip(numeral, [*numeral[1:], ""]):
        value = _ROMAN[here]
        total += -value if after and _ROMAN[after] > value else value
    return total


def looks_numbered(lines: list[str]) -> bool:
    """True when paragraphs ``1.``, ``2.``, ``3.`` open lines in that order."""
    expected = 1
    for line in lines:
        match = _NUMBERED.match(line)
        if match and int(match.group(1)) == expected:
            expected += 1
            if expected > 3:
                return True
    return False


def _is_roman_item(label: str, letter: str | None) -> bool:
    """``(i)``, ``(ii)`` … under an open letter item; ``(i)`` right after ``(h)`` is the letter i."""
    if letter is None or not re.fullmatch(r"[ivx]+", label):
        return False
    return not (len(label) == 1 and ord(label) == ord(letter[-1]) + 1)


def _join(lines: list[str]) -> tuple[str, tuple[SubItem, ...]]:
    """A paragraph's lines as one text, each item line's label kept; items end where the next
    item at their level or above begins (a roman item nests under the letter before it)."""
    text, starts = "", []
    letter = None
    for line in lines:
        line = " ".join(line.split())
        if not line:
            continue
        item = _ITEM.match(line)
        if item:
            label = item.group(1)
            if _is_roman_item(label, letter):
                path = (letter, label)
            else:
                letter, path = label, (label,)
            starts.append((path, len(text) + (1 if text else 0)))
        text = f"{text} {line}" if text else line
    return text, sub_items(text, starts)


def parse_numbered(lines: list[str], doc_id: str, title: str | None, language: str) -> list[Passage]:
    """Passages of a report numbered the English/French/Spanish way (see the module docstring)."""
    blocks: list[tuple[str, str | None, list[str]]] = [("front", None, [])]
    next_paragraph, next_chapter, next_section, next_sub = 1, 1, "A", 1
    for line in lines:
        chapter, section, numbered = _CHAPTER.match(line), _SECTION.match(line), _NUMBERED.match(line)
        if chapter and _roman(chapter.group(1)) == next_chapter:
            blocks.append(("chapter", line.strip(), []))
            next_chapter, next_section, next_sub = next_chapter + 1, "A", 1
        elif section and section.group(1) == next_section:
            blocks.append(("section", line.strip(), []))
            next_section, next_sub = chr(ord(next_section) + 1), 1
        elif numbered and int(numbered.group(1)) == next_paragraph:
            blocks.append(("paragraph", numbered.group(1), [numbered.group(2)]))
            next_paragraph += 1
        elif numbered and int(numbered.group(1)) == next_sub and blocks[-1][0] != "front":
            blocks.append(("sub", line.strip(), []))
            next_sub += 1
        else:
            blocks[-1][2].append(line)
    front = [line.strip() for line in blocks[0][2] if line.strip()]
    summary_at = next((i for i, line in enumerate(front) if _SUMMARY.match(line)), None)
    # The title: the longest cover line without a digit (the session and agenda lines are short).
    candidates = [line for line in front[:summary_at] if not re.search(r"\d", line)]
    doc = DocRef(id=doc_id, title=title or (max(candidates, key=len) if candidates else doc_id), language=language)
    passages: list[Passage] = []
    parts = (("cover", front if summary_at is None else front[:summary_at]), ("summary", [] if summary_at is None else front[summary_at:]))
    for suffix, part in parts:
        if part:
            passages.append(Passage(f"{doc_id}#{suffix}", doc, None, ("Summary",), " ".join(part), raw=tuple(part)))
    path: list[tuple[int, str]] = []
    for kind, marker, body in blocks[1:]:
        if kind == "paragraph":
            text, items = _join(body)
            number = int(marker)
            passages.append(Passage(f"{doc_id}#{number}", doc, number, tuple(h for _, h in path), text, raw=tuple(body), items=items))
            continue
        level = {"chapter": 0, "section": 1, "sub": 2}[kind]
        heading = " ".join([marker, *(" ".join(line.split()) for line in body if line.strip())])
        path = [entry for entry in path if entry[0] < level] + [(level, heading)]
    return passages
