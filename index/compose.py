"""What BM25 and the encoder see of a passage: its text, the headings above it, its sub-items.

A paragraph's chapter title often carries the word a question asks with and
the paragraph itself lacks ("التوصيات" over paragraph 139, which says "يوصى";
"الموارد" over 133-138). ``SectionText`` names how much of the section path
goes with the text. Sub-items (139 (د) ‘٣’) are also embedded on their own,
each behind its paragraph's lead-in, so one recommendation among seventeen is
not diluted by the other sixteen; they stay pieces of their paragraph (the
ranking unit and the citation), like the windows of a long one.
"""

from __future__ import annotations

import enum
import re

from index.passage import Passage

_URL = re.compile(r"(?:https?://|www\.)\S+")
# "تاسعاً - التوصيات", "باء - ...", "٣ - ...": the ordinal label before the title says nothing.
_ORDINAL = re.compile(r"^\s*\S{1,8}\s+-\s+")


class SectionText(enum.Enum):
    """How much of a passage's section path joins its text."""

    NONE = "none"
    INNERMOST = "innermost"  # the heading right above the paragraph
    CHAPTER = "chapter"  # the top-level heading (the report's chapter)
    PATH = "path"  # every heading, outermost first


def heading(title: str) -> str:
    """A heading without its ordinal label (``"تاسعاً - التوصيات"`` → ``"التوصيات"``)."""
    stripped = _ORDINAL.sub("", title, count=1).lstrip(" :")
    return stripped or title


def section_text(passage: Passage, which: SectionText) -> str:
    """The headings ``which`` selects, one per line ("" when there are none)."""
    path = passage.section
    if not path or which is SectionText.NONE:
        return ""
    chosen = {
        SectionText.INNERMOST: path[-1:],
        SectionText.CHAPTER: path[:1],
        SectionText.PATH: path,
    }[which]
    return "\n".join(heading(title) for title in chosen)


def with_section(text: str, passage: Passage, which: SectionText) -> str:
    """``text`` behind the headings ``which`` selects."""
    head = section_text(passage, which)
    return f"{head}\n{text}" if head else text


def search_text(passage: Passage, which: SectionText = SectionText.INNERMOST) -> str:
    """What BM25 sees of a passage: its text behind the headings ``which`` selects."""
    return with_section(passage.text, passage, which)


def embedding_text(text: str) -> str:
    """What the encoder sees of a text: URLs out. They carry no meaning for it, and their Latin
    letters pull English queries toward any Arabic paragraph that cites a link (measured on
    report_qa.jsonl: English MRR@10 0.670 → 0.699 from paragraph 112's footnote URL alone)."""
    stripped = " ".join(_URL.sub(" ", text).split())
    return stripped or text


def item_texts(passage: Passage, which: SectionText = SectionText.NONE) -> list[str]:
    """One text per innermost sub-item: the headings, the paragraph's lead-in, the lead-in of
    each enclosing item, then the item itself (``[]`` for a passage without items).

    >>> from index.passage import DocRef, SubItem
    >>> text = "يوصى بما يلي: (أ) تشجيع الدول؛ (ب) دعوة الدول إلى: ‘١’ التعاون؛ ‘٢’ الحماية"
    >>> items = (SubItem(("أ",), 14, 30), SubItem(("ب",), 31, 75), SubItem(("ب", "١"), 51, 63), SubItem(("ب", "٢"), 64, 75))
    >>> item_texts(Passage("d#1", DocRef("d", "D"), 1, ("تاسعاً - التوصيات",), text, items=items), SectionText.CHAPTER)
    ['التوصيات\\nيوصى بما يلي: (أ) تشجيع الدول؛', 'التوصيات\\nيوصى بما يلي: (ب) دعوة الدول إلى: ‘١’ التعاون؛', 'التوصيات\\nيوصى بما يلي: (ب) دعوة الدول إلى: ‘٢’ الحماية']
    """
    if not passage.items:
        return []
    text = passage.text
    lead = text[: min(item.start for item in passage.items)].strip()
    by_label = {item.label: item for item in passage.items}
    parents = {item.label[:-1] for item in passage.items if len(item.label) > 1}
    out = []
    for item in passage.items:
        if item.label in parents:
            continue  # its children carry it, each behind its lead-in
        parts = [lead]
        for depth in range(1, len(item.label)):
            outer = by_label.get(item.label[:depth])
            if outer is not None:
                first_child = min(i.start for i in passage.items if i.label[:depth] == outer.label and i is not outer)
                parts.append(text[outer.start : first_child].strip())
        parts.append(text[item.start : item.end].strip())
        out.append(with_section(" ".join(p for p in parts if p), passage, which))
    return out
