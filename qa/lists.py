"""List answers: a question that asks for items is answered by the sentence that lists them, the items marked.

"ما المجالات الثلاثة التي تعمل فيها مفوضية حقوق الإنسان؟" is asked of a paragraph whose first
sentence restates the question ("تروِّج مفوضية … نهجاً قائماً على حقوق الإنسان") and whose third one
lists the answer ("… في ثلاثة مجالات …، هي: تنمية القدرات، والبحوث والمعارف، وإقامة الشراكات").
The encoder ranks the restatement first (it shares the question's words, not its items). So for a
list question (``qa.short.AnswerType.LIST``) the paragraph that the best sentence comes from is read
for its enumeration (``enumeration_first``), and an enumeration's items are the short answer
(``items``): the span from the word that opens the list ("هي:", "مثل", "منها", "ومنهم", "بما في
ذلك") to the end of its last item, the items joined as UN Arabic joins them ("أ، وب، وج").

A report's recommendations are a list too, one lettered item each (¶139's (أ)–(ط)): an open question
about what it recommends ("What does the Secretary-General recommend to Member States?",
``asks_recommendations``) quotes the item the composer chose and the next best items of the same
paragraph, each by its first clause (``head``) and each cited by its own item (``gather_items``).
Measured in eval/results/lists.md.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from typing import Protocol

from qa import focus, short

# What opens a list in UN Arabic: "…، هي: أ، وب، وج", "مثل أ وب", "ومنهم أ، وب", "بما في ذلك أ، وب".
_OPENS = re.compile(r"(?:(?<!\S)(?:هي|هم|وهي|وهم|أي)\s*:|:|(?<!\S)(?:مثل|منها|ومنها|منهم|ومنهم|بما\s+في\s+ذلك|بما\s+فيها|بما\s+فيهم|ولا\s+سيما|وخاصة)(?!\S))")
# Between items: "، و" (the Arabic serial "and"), or a semicolon list ("كوكس بازار، بنغلاديش؛ وليبيا؛").
_BETWEEN = re.compile(r"[،؛]\s*و")
# Where the last item ends: the next comma, semicolon, full stop or bracket (a date in brackets after a name).
_ITEM_END = re.compile(r"[،؛.:()\[\]]")


class _Quotable(Protocol):
    @property
    def text(self) -> str: ...

    @property
    def hit(self): ...

    @property
    def cut(self) -> bool: ...


def items(sentence: str) -> short.Span | None:
    """The span of ``sentence`` that lists the items of an enumeration, ``None`` when it lists none.

    The list opens after the last opener that two "، و" follow and ends where its last item does.

    >>> s = "ترتكز عموماً على أربعة أركان، هي: المنع، وحماية الضحايا، وملاحقة الجناة، وإقامة الشراكات."
    >>> span = items(s); s[span.start:span.end]
    'المنع، وحماية الضحايا، وملاحقة الجناة، وإقامة الشراكات'
    >>> s = "ومنهم الممارسون في مجال العدالة الجنائية، وموظفو الهجرة، وحرس الحدود، ومفتشو العمل (٢٠١٨)."
    >>> span = items(s); s[span.start:span.end]
    'الممارسون في مجال العدالة الجنائية، وموظفو الهجرة، وحرس الحدود، ومفتشو العمل'
    >>> items("وأشارت الدول الأعضاء إلى أهمية توفير الحماية، والمساعدة.") is None
    True
    """
    between = list(_BETWEEN.finditer(sentence))
    # The last opener followed by at least two separators, or by one after "هي:" (a list of two announced).
    for opener in reversed(list(_OPENS.finditer(sentence))):
        after = [m for m in between if m.start() >= opener.end()]
        if len(after) >= 2 or (after and ":" in opener.group()):
            break
    else:
        return None
    start = opener.end()
    tail = _ITEM_END.search(sentence, after[-1].end())
    end = tail.start() if tail else len(sentence)
    while start < end and sentence[start].isspace():
        start += 1
    while end > start and sentence[end - 1].isspace():
        end -= 1
    return short.Span(start, end) if end > start else None


def enumeration_first(chosen: Sequence[_Quotable], ranked: Sequence[_Quotable]) -> list:
    """``chosen`` led by the enumeration of the first chosen sentence's paragraph, when that sentence
    lists nothing and the paragraph has a sentence that does (the best-ranked such one); the other
    chosen sentences of that paragraph give way to it, those of other paragraphs follow."""
    if not chosen or items(chosen[0].text) is not None:
        return list(chosen)
    paragraph = chosen[0].hit.passage.id
    listing = next((s for s in ranked if s.hit.passage.id == paragraph and items(s.text) is not None), None)
    if listing is None:
        return list(chosen)
    return [listing] + [s for s in chosen if s.hit.passage.id != paragraph]


def items_of(find):
    """``find`` (a sentence's answering span, ``qa.short.find``) for a list question: its items, else what ``find`` gives."""

    def find_items(sentence: str) -> short.Span | None:
        return items(sentence) or find(sentence)

    return find_items


# A clause of a lettered item ends at its first comma or semicolon: "(ب) تشجيع الدول الأعضاء على تبادل المعلومات".
_CLAUSE_END = re.compile(r"[،؛:]")


def head(sentence: _Quotable, min_words: int = 5, limit: int = 100) -> _Quotable:
    """``sentence`` cut to its first clause of at least ``min_words`` words (at most ``limit`` characters,
    cut at a space): what a lettered item asks for, its reasons and means left to the sources panel."""
    text = sentence.text
    end = len(text)
    for m in _CLAUSE_END.finditer(text):
        if len(text[: m.start()].split()) >= min_words:
            end = m.start()
            break
    if end > limit:
        end = text.rfind(" ", 0, limit) if " " in text[:limit] else limit
    if end >= len(text):
        return sentence
    # Only stops and spaces after the cut: nothing is left out, so no ellipsis.
    return dataclasses.replace(sentence, end=sentence.start + end, cut=bool(text[end:].strip(" \n،؛:.,;")))


def gather_items(
    chosen: Sequence[_Quotable], ranked: Sequence[tuple[_Quotable, float]], threshold: float, item_of, more: int, budget: int = 0
) -> list:
    """``chosen`` with up to ``more`` further lettered items of its first sentence's paragraph, each cut
    to its ``head``: those whose confidence clears ``threshold``, best first, one sentence per item.
    ``item_of`` gives a sentence's item label (``()`` outside the items); ``chosen`` is kept as it is
    when its first sentence is no item. The first sentence is quoted whole unless it alone is longer
    than ``budget`` characters (the composer's ``max_chars``; 0: no limit), then by its head too."""
    if not chosen or not item_of(chosen[0]) or more <= 0:
        return list(chosen)
    paragraph = chosen[0].hit.passage.id
    labels = {item_of(s) for s in chosen if s.hit.passage.id == paragraph}
    first = head(chosen[0]) if budget and len(chosen[0].text) > budget else chosen[0]
    gathered = [first, *chosen[1:]]
    for sentence, confidence in ranked:
        if len(gathered) - len(chosen) >= more:
            break
        label = item_of(sentence)
        if sentence.hit.passage.id == paragraph and label and label not in labels and confidence >= threshold:
            gathered.append(head(sentence))
            labels.add(label)
    return gathered


def yes_no(question: str) -> bool:
    """Whether ``question`` asks yes or no ("هل يوصي التقرير بـ…؟"): one recommendation answers it, not a list.

    >>> yes_no("هل يوصي التقرير بلمّ شمل الضحايا بأسرهم؟"), yes_no("What does the Secretary-General recommend?")
    (True, False)
    """
    return short._YES_NO.match(question) is not None  # the rule qa.short types questions by


# One recommendation asked for: "ما التوصية المتعلقة بـ…", "which network does it recommend …", "أي شبكة".
_ONE_ASKED = re.compile(r"\brecommendation\b(?!s)|\bwhich\b|(?<!\S)(?:[وب]?(?:ال)?توصية|أي|أية|بأي|مع\s+أي)(?!\S)", re.I)


def asks_recommendations(question: str, retrieval_query: str = "") -> bool:
    """Whether ``question`` asks what the report recommends, open-ended: the answer is its recommendations,
    not one of them (a yes/no question, "which …", "the recommendation on …").

    >>> asks_recommendations("What does the Secretary-General recommend to Member States?"), asks_recommendations("بماذا يوصي التقرير؟")
    (True, True)
    >>> asks_recommendations("ما التوصية المتعلقة بالمشتريات؟"), asks_recommendations("هل يوصي التقرير بلمّ الشمل؟"), asks_recommendations("مع أي شبكة يوصي التقرير؟")
    (False, False, False)
    """
    return focus.asks_recommendation(retrieval_query or question) and not yes_no(question) and not _ONE_ASKED.search(question)
