"""Which of the quotable sentences a question is about, beyond its words: rules the encoder misses.

Each rule reads the question and a candidate sentence (or its paragraph) and says whether the
sentence is the kind the question asks for; the answer composer (``qa.answer``) keeps the
sentences that are, when some of them are close enough to the best one to quote.

* A question about what the report recommends ("What does the Secretary-General recommend to
  Member States?", "ما التوصية المتعلقة بسلاسل الإمداد؟") is answered from the report's
  recommendations, the section its heading calls so ("تاسعاً - التوصيات"), not from a paragraph
  elsewhere that shares its topic.
"""

from __future__ import annotations

import re

from index import arabic

# Matched on ``arabic.normalize``d text: "يوصي"/"يوصى", "أوصى", "توصي", "التوصية", "التوصيات", "recommend(ed, ations)".
_RECOMMENDS = re.compile(r"\brecommend|(?<!\S)(?:[وب]?(?:ال)?توصي(?:ه|ات)?|[يت]وصي|اوصي)(?!\S)", re.I)
_RECOMMENDATIONS_HEADING = re.compile(r"(?<!\S)(?:ال)?توصيات(?!\S)|\brecommendations\b", re.I)


def asks_recommendation(question: str) -> bool:
    """Whether ``question`` asks what the report recommends.

    >>> asks_recommendation("What does the Secretary-General recommend?"), asks_recommendation("بماذا يوصي التقرير؟")
    (True, True)
    >>> asks_recommendation("ما التوصية المتعلقة بالمشتريات؟"), asks_recommendation("ما دور الشرطة؟")
    (True, False)
    """
    return bool(_RECOMMENDS.search(arabic.normalize(question)))


def recommendations(section: tuple[str, ...]) -> bool:
    """Whether a paragraph's section path (its headings, outermost first) is the recommendations.

    >>> recommendations(("تاسعاً - التوصيات",)), recommendations(("IX. Recommendations",)), recommendations(("ملخص",))
    (True, True, False)
    """
    return any(_RECOMMENDATIONS_HEADING.search(arabic.normalize(heading)) for heading in section)
