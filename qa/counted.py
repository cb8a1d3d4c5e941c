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

# The head noun of "how many [adjectives] NOUN [verb …]": the last word before an auxiliary or the end.
_HOW_MANY = re.compile(
    r"\bhow\s+many\s+((?:[\w-]+\s+){0,3}?[\w-]+)(?=\s+(?:did|do|does|were|was|are|is|have|has|had|will|would|can|could|"
    r"in|of|for|from|at|on|to|by)\b|\s*\?|\s*$)",
    re.I,
)
# "كم نشاطاً", "كم عدد الدول", "وكم بلداً": the word after كم (and after عدد when it follows).
_KAM = re.compile(r"(?:^|\s)[وف]?(?:كم|بكم)\s+(?:عدد\s+)?([\u0621-\u064a\u064b-\u065f\u0670]+)")
_LINKS = frozenset({"من", "في"})
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
        words = found.group(1).split()
        # "how many amended their laws": a verb after "how many", the noun left to the question before.
        return None if words[0].lower().endswith("ed") else words[-1].split("-")[-1]
    found = _KAM.search(question)
    return found.group(1) if found else None


def counted_word(phrase: str) -> str | None:
    """The Arabic word a figure counts: the last Arabic word of its phrase that is not a number word
    ("٣٤٢ ضابطاً" -> "ضابطاً", "بلد واحد" -> "بلد"; "العشرة" alone counts nothing it names).

    >>> counted_word("٣٤٢ ضابطاً"), counted_word("٧ ٠٠٠ من الممارسين"), counted_word("بلد واحد"), counted_word("العشرة"), counted_word("١٤٢")
    ('ضابطاً', 'الممارسين', 'بلد', None, None)
    """
    words = [w for w in _ARABIC_WORD.findall(phrase) if not short.NUMBER_WORD.fullmatch(w) and w not in _LINKS]
    return words[-1] if words else None


def question_vector(word: str, store) -> np.ndarray | None:
    """The asked noun's vector: the word table's (its normalized form), else the corpus lexicon's (its term)."""
    found = arabic.search_words(word)
    if not found:
        return None
    normalized, term = found[0]
    table = store.word_table.found([normalized])
    if normalized in table:
        return _unit(table[normalized])
    return term_vector(term, store)


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
