"""Does an input ask about anything? Its content words, in any language.

The encoder finds a "closest" sentence for any input at all, and a short
input's cosines run *higher* than a real question's (measured on report_dev:
"thanks", "..." and "😀😀😀" score 0.84-0.91 against their best sentence,
answerable English questions 0.80 at the median), so no score threshold can
tell "asdkjh qwpoeiru" or "مرحبا" from a question. What can: a question names
something. A content word is a search token (stop words out) that

* is not a greeting, thanks or acknowledgement (``CONVERSATION``: words that
  carry no topic, like stop words, but of conversation rather than of grammar),
* is not one letter repeated ("ههههه", "zzz"), nor a number alone, and
* is a known word: the index vocabulary has its stem, or it is a common word of
  English or Arabic (wordfreq's Zipf frequency at least ``MIN_ZIPF``: keyboard runs
  such as "asdkjh" or "qwpoeiru" have none, "asdf" 1.7, "qwerty" 2.5; the words of
  the report's questions are above 3).

An input without one gets "I could not find this in the report" and no citation.
"""

from __future__ import annotations

import functools
import re

from index import arabic

MIN_ZIPF = 3.0
_LANGUAGES = ("en", "ar", "fr", "es")
# Normalized (``index.arabic.normalize``) as the tokens they are compared with.
CONVERSATION = frozenset(
    """
    hello hi hey hiya greetings thanks thank thx ty ok okay yes yeah yep nope bye goodbye please welcome
    good morning evening afternoon night great cool nice fine test testing lol haha sorry
    مرحبا مرحبتين اهلا اهلين هلا سلام السلام عليكم وعليكم شكرا جزيلا الشكر مشكور صباح مساء الخير النور
    نعم طيب تمام حسنا اوكي وداعا السلامه شيء اي شي عفوا اسف
    """.split()
)
_REPEATED = re.compile(r"(.)\1\1")


@functools.lru_cache(maxsize=4096)
def _common_word(word: str) -> bool:
    from wordfreq import zipf_frequency  # deferred: only answers need it

    return any(zipf_frequency(word, lang) >= MIN_ZIPF for lang in _LANGUAGES)


def content_words(text: str, vocabulary) -> list[str]:
    """The words of ``text`` that could name a topic; ``vocabulary`` holds the index's search terms.

    >>> content_words("asdkjh qwpoeiru zxmcnv", {}), content_words("مرحبا!", {}), content_words("😀 ؟؟؟", {})
    ([], [], [])
    >>> content_words("When did Japan ratify the protocol?", {})
    ['japan', 'protocol']
    """
    words = []
    for word, term in arabic.search_words(text):
        if word in CONVERSATION or word.isdigit() or _REPEATED.search(word):
            continue
        if term in vocabulary or _common_word(word):
            words.append(word)
    return words
