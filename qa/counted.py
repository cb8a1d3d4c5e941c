"""What a count counts: the noun a "how many" question asks about, against the noun a figure counts.

"How many police officers did INTERPOL train in 2018?" is read by a paragraph holding two counts
of that year, "١١ نشاطاً" (activities) and "٣٤٢ ضابطاً" (officers). Both are numbers; only one
counts officers. The question's counted noun ("officers", "نشاطاً" after "كم") and each figure's
(the Arabic word the figure is followed by, ``qa.short.NUMBER``) are compared by the vectors the
index already holds: the question's word from the index's word table (``index.word_table``, the
common English and Arabic words), the figure's from the corpus lexicon (``index.lexicon``, every
corpus term). Single-word cosines of the encoder do not separate by a threshold (the former
count-noun filter, eval/results/answers.md: "countries"/بلداً 0.86 below شخص/بلداً 0.90), but for
one question the right noun is the nearest one: "officers" ضابطاً 0.84, نشاطاً 0.83, دولة 0.82;
"posts" وظيفتين 0.85, فرد 0.83, بلدان 0.81; "practitioners" الممارسين 0.88, منظمة 0.83. So the
composer compares the figures of one question's close sentences with each other
(``AnswerConfig.count_noun``), never with a fixed bar.
"""

from __future__ import annotations

import re

import numpy as np

from index import arabic
from qa import short

# "how many [adjectives] NOUN [verb …]": up to four words after "how many", before an auxiliary or a
# preposition (or the question's end); the noun is picked among them by ``_head``.
_HOW_MANY = re.compile(r"\bhow\s+many\s+((?:[\w-]+\s+){0,3}[\w-]+)", re.I)
_STOP = frozenset(
    "did do does were was are is have has had will would can could in of for from at on to by".split()
)
# English plurals that do not end in -s.
_PLURALS = frozenset("people children men women staff personnel police".split())
# "كم نشاطاً", "كم عدد الدول", "وكم بلداً", "كم يبلغ عدد الدول": the word after كم (and after عدد when it
# follows, with or without a verb between: "كم يبلغ عدد الدول" counts States, not "يبلغ").
_KAM = re.compile(
    r"(?:^|\s)[وف]?(?:كم|بكم)\s+(?:(?:[\u0621-\u064a\u064b-\u065f\u0670]+\s+)?عدد\s+)?([\u0621-\u064a\u064b-\u065f\u0670]+)"
)
_LINKS = frozenset({"من", "في"})
_NUMBER_NOUNS = frozenset({"عدد", "العدد"})
_TASHKEEL = re.compile("[\u064b-\u065f\u0670]")
_ARABIC_WORD = re.compile(r"[\u0621-\u064a\u064b-\u065f\u0670]{2,}")


def asked_noun(question: str) -> str | None:
    """The noun a "how many" question counts, as written; ``None`` when it names none.

    >>> asked_noun("How many police officers did INTERPOL train in 2018?"), asked_noun("And how many practitioners were trained?")
    ('officers', 'practitioners')
    >>> asked_noun("and how many amended their existing laws?") is None
    True
    >>> asked_noun("كم نشاطاً لبناء القدرات طوّره الإنتربول؟"), asked_noun("كم عدد الدول الأعضاء؟"), asked_noun("When?")
    ('نشاطاً', 'الدول', None)
    """
    found = _HOW_MANY.search(question)
    if found:
        words = []
        for word in found.group(1).split():
            if word.lower() in _STOP:
                break
            words.append(word.split("-")[-1])
        # "how many amended their laws": a verb after "how many", the noun left to the question before.
        if not words or words[0].lower().endswith("ed"):
            return None
        return _head(words)
    found = _KAM.search(question)
    # "كم العدد التقريبي للأشخاص": the word for number itself names nothing counted.
    return found.group(1) if found and arabic.normalize(found.group(1)) not in _NUMBER_NOUNS else None


def _head(words: list[str]) -> str:
    """The counted noun among the words after "how many" (before any auxiliary): the first plural and the
    plurals right after it ("staff members"), else the last word ("how many universities teach" counts
    universities, not "teach"; "how many square kilometres" kilometres).

    >>> _head(["universities", "teach", "UNODC"]), _head(["staff", "members", "work"]), _head(["police", "officers"])
    ('universities', 'members', 'officers')
    """
    plural = [w.lower() in _PLURALS or (len(w) > 3 and w.endswith("s") and not w.endswith("ss")) for w in words]
    if not any(plural):
        return words[-1]
    i = plural.index(True)
    while i + 1 < len(words) and plural[i + 1]:
        i += 1
    return words[i]


def counted_word(phrase: str) -> str | None:
    """The Arabic word a figure counts: the last Arabic word of its phrase that is not a number word
    ("٣٤٢ ضابطاً" -> "ضابطاً", "بلد واحد" -> "بلد"; "العشرة" alone counts nothing it names).

    >>> counted_word("٣٤٢ ضابطاً"), counted_word("٧ ٠٠٠ من الممارسين"), counted_word("بلد واحد"), counted_word("العشرة"), counted_word("١٤٢")
    ('ضابطاً', 'الممارسين', 'بلد', None, None)
    """
    # Without its case endings: "٥٠ ألفٍ" counts nothing it names, like "٥٠ ألف".
    words = [w for w in _ARABIC_WORD.findall(phrase) if not _number_word(_TASHKEEL.sub("", w)) and w not in _LINKS]
    return words[-1] if words else None


def _number_word(word: str) -> bool:
    return short.NUMBER_WORD.fullmatch(word) is not None or word in ("ألف", "آلاف", "مليون", "ملايين", "مليار")


def question_vector(word: str, store) -> np.ndarray | None:
    """The asked noun's vector: the word table's (its normalized form), else the corpus lexicon's (its term)."""
    for spelling in (word, *_singulars(word)):
        found = arabic.search_words(spelling)
        if not found:
            continue
        normalized, term = found[0]
        table = store.word_table.found([normalized])
        if normalized in table:
            return _unit(table[normalized])
        vector = term_vector(term, store)
        if vector is not None:
            return vector
    return None


def _singulars(word: str) -> tuple[str, ...]:
    """An English plural's possible singulars, tried when the plural has no vector ("hotlines": the word
    table has "hotline" only); none for an Arabic word.

    >>> _singulars("hotlines"), _singulars("universities"), _singulars("الخطوط")
    (('hotline', 'hotlin'), ('university', 'universitie'), ())
    """
    if arabic.has_arabic(word) or not word.endswith("s"):
        return ()
    if word.endswith("ies"):
        return (word[:-3] + "y", word[:-1])
    return (word[:-1], word[:-2]) if word.endswith("es") else (word[:-1],)


def term_vector(term: str, store) -> np.ndarray | None:
    """A corpus term's vector from the lexicon, ``None`` when the lexicon lacks it."""
    row = store.lexicon.row_per_term([term])[0]
    return None if row < 0 else _unit(store.lexicon.vectors[row])


def fit(asked: np.ndarray, phrase: str, store) -> float | None:
    """Cosine of the asked noun's vector and the noun ``phrase`` counts; ``None`` when it has none."""
    word = counted_word(phrase)
    if word is None:
        return None
    tokens = arabic.tokenize(word)
    vector = term_vector(tokens[0], store) if tokens else None
    return None if vector is None else float(asked @ vector)


def _unit(vector: np.ndarray) -> np.ndarray:
    vector = np.asarray(vector, dtype=np.float32)
    norm = float(np.linalg.norm(vector))
    return vector / norm if norm else vector
