"""Sentence spans of a passage: the units answers quote and sentence vectors embed."""

from __future__ import annotations

import re

# A sentence ends at . ؟ ? ! or ؛ followed by space; the mark stays with its sentence.
_SENTENCE_END = re.compile(r"(?<=[.؟?!؛;])\s+")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Character spans of the sentences of ``text`` (non-empty; ``text[start:end]`` is the sentence).

    >>> text = "الأولى. الثانية؛ ثالثة"
    >>> [text[a:b] for a, b in split_sentences(text)]
    ['الأولى.', 'الثانية؛', 'ثالثة']
    """
    spans, start = [], 0
    for match in _SENTENCE_END.finditer(text):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    return [(a, b) for a, b in spans if text[a:b].strip()]
