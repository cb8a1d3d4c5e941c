"""The short answer: what a question asks for, and the phrase of a sentence that gives it.

A question's ``AnswerType`` is read from its wording (English or Arabic): a
date for "when", a number for "how many", a resolution symbol for "which
resolution", country names for "which countries". ``find`` returns the span of
a sentence that holds such a phrase, leaving out what the question itself
already says (asked "what happened in 2018?", the answer is not "2018").
Questions of any other kind have no typed phrase: their answer is the sentence.

Spans are character offsets into the sentence, widened to whole words, so a
phrase can be marked without cutting a word.
"""

from __future__ import annotations

import enum
import re
from typing import NamedTuple

from index import arabic
from qa import bodies, cities, constraints

_D = "[0-9٠-٩]"
_ARABIC_WORD = "[\u0621-\u064a\u064b-\u065f\u0670\u0640]+"
_YEAR = rf"(?:19|20|١٩|٢٠){_D}{{2}}"
# The word for year before a year: "عام ٢٠١٦" (it is the question's word, not the answer).
_YEAR_WORD = "(?:عام|العام|سنة|لعام|بعام|وعام)"
# A year before 1900 is a date only after a word that dates ("في 1817", "عام 1774"): bare, "١٥٠٠" is a count.
# XQuAD's histories date by such years: its date questions were answered by a later "عام 1901" of another
# sentence, because the answering sentence's "في 1817" was no date. XQuAD answer hit ar->ar 0.640 -> 0.658,
# en->ar (Arabic gold) 0.541 -> 0.559; report_dev and report_test unchanged (eval/results/answers.md, eighth round).
_OLD_YEAR = rf"(?:1[0-8]|١[٠-٨]){_D}{{2}}(?![0-9٠-٩])"
# UN Arabic names a month twice: "نيسان/أبريل", "كانون الأول/ديسمبر"; a bare "مارس" also occurs.
_MONTH = rf"{_ARABIC_WORD}(?:\s{_ARABIC_WORD})?/{_ARABIC_WORD}"
_DAYS = rf"{_D}{{1,2}}(?:\s*(?:و|-|–|إلى|الى)\s*{_D}{{1,2}})?"
DATE = re.compile(
    rf"(?:(?:من\s+)?{_DAYS}\s+)?{_MONTH}\s+{_YEAR}"  # (من) ٦ إلى ٨ أيلول/سبتمبر ٢٠١٧
    rf"|(?:(?:من\s+)?{_DAYS}\s+){_MONTH}"  # ٣٠ تموز/يوليه
    rf"|(?P<year_word>{_YEAR_WORD}\s+)?{_YEAR}(?:\s*[-–]\s*{_YEAR})?"
    rf"|(?:الفترة|للفترة)\s+{_YEAR}(?:\s*[-–]\s*{_YEAR})?"
    rf"|(?P<old_word>(?:{_YEAR_WORD}|في|منذ|حتى)\s+){_OLD_YEAR}"  # في 1817
)


def names_month(phrase: str) -> bool:
    """Whether a date phrase names its month (a day or a month, not a year alone).

    >>> names_month("٣٠ تموز/يوليه"), names_month("أيلول/سبتمبر ٢٠١٧"), names_month("عام ٢٠١٧")
    (True, True, False)
    """
    return re.search(_MONTH, phrase) is not None


# A whole date, day, month and year: "١٩ تموز/يوليه ٢٠١٩" (a cover's date of issue).
FULL_DATE = re.compile(rf"{_D}{{1,2}}\s+{_MONTH}\s+{_YEAR}")
_NUMBER = rf"{_D}+(?:[\s\u00a0\u202f]{_D}{{3}})*(?:[,٫.]{_D}+)?"
# A count and what it counts: "١٤٢ بلداً", "٥٩ في المائة", "٦,٧ ملايين دولار", "٣ ٠٠٠ شخص".
NUMBER = re.compile(rf"(?<![0-9٠-٩/]){_NUMBER}(?![0-9٠-٩/])(?:\s+في\s+المائة|\s*%|\s+(?:ملايين|مليون|مليار|ألف)?\s*(?:من\s+)?{_ARABIC_WORD})?")
# Counts written as words: "خمس إحاطات", "ستة بلدان", "بلد واحد", "مرتين".
_NUMBER_WORDS = (
    "واحد واحدة اثنان اثنين اثنتين اثنتان ثلاث ثلاثة أربع أربعة خمس خمسة ست ستة سبع سبعة ثماني ثمانية ثمان "
    "تسع تسعة عشر عشرة مرتين مرة عشرات مئات آلاف"
).split()
NUMBER_WORD = re.compile(rf"(?<!\S)(?:[وب]?(?:ال)?(?:{'|'.join(_NUMBER_WORDS)}))(?!\S)(?:\s+(?:من\s+)?{_ARABIC_WORD})?")
# A General Assembly symbol ("٧٢/١٩٥"), a resolution named as one ("قراره ٢٣٨٨"), or a Security Council
# symbol by its year in brackets ("٢٣٨٨ (٢٠١٧)", the closing bracket sometimes lost to the PDF text).
RESOLUTION = re.compile(rf"{_D}+/{_D}+|(?:قرار\S*|القرار)\s+{_D}{{3,}}(?:\s*\({_YEAR}\))?|(?<![0-9٠-٩/]){_D}{{3,4}}\s*\({_YEAR}\)?")


class AnswerType(enum.Enum):
    """What kind of phrase answers a question."""

    DATE = "date"
    NUMBER = "number"  # a count or an amount
    SHARE = "share"  # a percentage or a fraction
    RESOLUTION = "resolution"
    COUNTRIES = "countries"
    PERSON = "person"  # who holds an office: a person's name
    PLACE = "place"  # where: a city ("which city") or a city or country ("where was it held")
    ORGANIZATION = "organization"  # "which organization / body / agency": a body qa.bodies knows by name
    NAME = "name"  # what something is called: a title, a theme, a hashtag, in quotes or in Latin letters
    LIST = "list"  # "what are the pillars …", "ما المجالات …": items, no single phrase
    OTHER = "other"


# Offices held by a person (not by a body or a State: "who chairs" may be either, so it is left out).
_ROLE_EN = (
    r"(?:director|executive director|rapporteur|secretary-general|minister|commissioner|"
    r"ambassador|representative|envoy|spokes(?:person|man|woman)|president)\b"
)
_ROLE_AR = (
    r"(?:ال)?(?:مدير|مديرة|المديرة|مقرر|مقررة|الأمين العام|الأمينة العامة|وزير|وزيرة|مفوض|مفوضة|سفير|سفيرة|"
    r"ممثل|ممثلة|مبعوث|مبعوثة|متحدث|متحدثة|ناطق)(?:\s|$|؟)"
)
# "What should States do": a verb between "what" and "States" makes them the subject, not what is asked for.
_AUXILIARY = r"(?:should|shall|must|do|does|did|can|could|will|would|may|might|have|has|had|is|are|was|were)"
_CUES = (
    (AnswerType.RESOLUTION, re.compile(r"\b(which|what)\b[\w\s]{0,40}\bresolution|(أي|ما|بأي)\s+(ال)?قرار", re.I)),
    (AnswerType.COUNTRIES, re.compile(rf"\b(which|what)\s+(?:(?!{_AUXILIARY}\b)\w+\s+){{0,2}}(countr(y|ies)|states|governments?)\b|"
                                      r"(أي|ما|ما هي|في أي)\s+(ال)?(بلدان|البلد|بلد|دول|الدول|دولة|الدولة|حكومة)", re.I)),
    (AnswerType.ORGANIZATION, re.compile(
        rf"\b(?:which|what)\s+(?:(?!{_AUXILIARY}\b)[\w-]+\s+){{0,2}}?(?:organi[sz]ations?|agenc(?:y|ies)|bod(?:y|ies)|entit(?:y|ies)|institutions?)\b|"
        r"(?:أي|أية|ما|ما هي)\s+(?:ال)?(?:منظمة|منظمات|هيئة|هيئات|وكالة|وكالات|جهة|جهات|كيان|كيانات|مؤسسة)(?:\s|؟|$)", re.I)),
    (AnswerType.PERSON, re.compile(
        rf"\bwho\s+(?:is|was|are|were|has been|will be)\s+(?:the\s+|a\s+)?(?:[\w'-]+\s+){{0,5}}?{_ROLE_EN}|"
        rf"\bname\s+of\s+(?:the\s+)?(?:[\w'-]+\s+){{0,5}}?{_ROLE_EN}|"
        # "من" opens the question or is followed by a pronoun: "الدعم المقدم من وزير" is "from a minister".
        rf"^\s*و?من\s+(?:(?:هو|هي|هم|كان|كانت)\s+)?{_ROLE_AR}|(?:^|\s)من\s+(?:هو|هي|هم|كان|كانت)\s+{_ROLE_AR}|"
        rf"(?:^|\s)اسم\s+{_ROLE_AR}", re.I)),
    (AnswerType.PLACE, re.compile(
        r"\b(?:which|what)\s+(?:[\w-]+\s+){0,2}?cit(?:y|ies)\b|\bwhere\b[^?]{0,80}?\b(?:held|hosted|host|take place|took place|convened|located|based|headquartered|met|adopted|signed)\b|"
        r"(?:أي|أية|ما|ما هي)\s+(?:ال)?(?:مدينة|مدن)|(?:^|\s)و?أين\s+(?:عقد|عقدت|عُقد|عُقدت|انعقد|انعقدت|يعقد|تعقد|يقع|تقع|مقر|جرى|جرت|أقيم|أقيمت|اجتمع|اعتمد|اعتُمد|وقع|وُقع)", re.I)),
    # "On which day", "in what month": a date as "when" asks one (p11 "On which day is the World Day …
    # observed?" was an untyped question, answered by two whole sentences).
    (AnswerType.DATE, re.compile(r"\b(when|what year|which year|what date|which date|since when|which years|what day|which day|"
                                 r"what month|which month)\b|"
                                 r"متى|في أي (عام|سنة|يوم|تاريخ)|أي (عام|سنة|يوم)|تاريخ", re.I)),
    # A share asked with a verb between "كم" and "نسبة" ("إلى كم انخفضت نسبة البلدان …", "how far did the share
    # … fall") is a share, not a count: typed as a count it was answered by a count of something else.
    (AnswerType.SHARE, re.compile(r"\b(what share|what percentage|what proportion|what per ?cent|how much of)\b|"
                                  r"\bhow\s+(?:much|far|high|low)\b[^?]{0,40}?\b(?:share|percentage|proportion)\b|"
                                  r"(^|\s)(و?ما|كم)\s+(هي\s+)?(ال)?نسب|(^|\s)(?:إلى\s+)?كم\s+(?:\S+\s+){1,2}?(ال)?نسب", re.I)),
    (AnswerType.NUMBER, re.compile(r"\b(how many|how much|how long)\b|(^|\s)(كم|بكم|وكم|ما المبلغ)\s|(^|\s)(و?ما|كم)\s+(هي\s+)?مد[ةه]\s", re.I)),
    (AnswerType.NAME, re.compile(r"\b(called|named|name of|titles?|titled|hashtags?|slogan|theme)\b|"
                                 r"(^|\s)(و?ما|ماذا)\s+(هو\s+|هي\s+)?(ال)?(اسم|عنوان|شعار|موضوع|وسم)|يسمى|تسمى|المسما[ةه]?|بعنوان", re.I)),
)
# A name as the report gives it: in quotes, or a run of Latin-script words ("#AQUIESTOY", "Libertad").
_QUOTED = re.compile(r"«([^«»]{3,120})»|\"([^\"]{3,120})\"|“([^“”]{3,120})”")
_LATIN = re.compile(r"#?[A-Za-z][\w#&'-]*(?:\s+#?[A-Za-z][\w#&'-]*)*")
_LIST = re.compile(
    r"^\s*(?:and\s+)?(?:what|which)\s+(?:are|were)\b|\b(?:what|which)\s+(?:kinds?|types?|forms?|areas|groups|services|measures|"
    r"categories|pillars|steps|activities|programmes|initiatives)\b|\blist\b|"
    r"(?:^|\s)(?:ما|ماذا|وما)\s+(?:هي\s+)?(?:ال)?(?:[\u0621-\u064a]+ات|أنواع|أشكال|الأشكال|الأركان|الأنشطة|التدابير|الفئات)(?:\s|؟|$)",
    re.I,
)
# A person as UN documents name one: after an honorific ("السيدة …", "Ms. …"), or, inside Arabic
# text, a Latin run of two to four capitalized words and nothing else ("Maria Grazia Giammarinaro";
# not the title "Evidential Issues in Trafficking", whose run has lowercase words). An Arabic name
# without an honorific cannot be told from other words: such a sentence does not answer "who is".
PERSON = re.compile(
    rf"(?<!\S)[وف]?(?:السيد|السيدة|السادة|الدكتور|الدكتورة|البروفيسور|الأستاذ|الأستاذة)\s+{_ARABIC_WORD}(?:\s+{_ARABIC_WORD}){{0,2}}|"
    r"\b(?:Mr|Ms|Mrs|Dr|Prof|H\.E)\.?\s+[A-Z][\w'-]+(?:\s+[A-Z][\w'-]+){0,3}"
)
def _alone(sentence: str, match: re.Match) -> bool:
    """Whether a Latin run stands among Arabic words, not beside more Latin text across punctuation
    ("… Persons Cases: Case Digest")."""
    before = re.sub(r"[\W_\d]+$", "", sentence[: match.start()])
    after = re.sub(r"^[\W_\d]+", "", sentence[match.end() :])
    return not re.search(r"[A-Za-z]$", before) and not re.match(r"[A-Za-z]", after)


_LATIN_NAME = re.compile(r"[A-Z][a-z][\w'-]*(?:\s+(?:(?:de|da|del|van|von|bin|al|el)\s+)?[A-Z][a-z][\w'-]*){1,3}")
# An enumeration in UN Arabic: "المنع، وحماية الضحايا، وملاحقة الجناة".
_ITEMS = re.compile(r"،\s*و")


def enumerates(sentence: str) -> bool:
    """True if the sentence lists at least three items ("أ، وب، وج")."""
    return len(_ITEMS.findall(sentence)) >= 2


# Words that name a count without asking for one in a yes/no question ("هل يتزايد عدد الضحايا؟").
_COUNT_WORDS = re.compile(r"\bnumber of\b|عدد|مبلغ", re.I)
# "What is the budget of ICAT", "ما ميزانية الفريق": a sum or a quantity asked for by its name alone; a
# question that only mentions one ("what are the sources of funding", "ما القيمة المضافة") is not typed by
# it. The quantities ("What is the population of Egypt?", "how large is the budget") type an English
# question as its Arabic form is typed ("كم عدد سكان مصر؟" has "كم"): the same figure, the same check.
_QUANTITY_EN = r"budget|amount|funding|cost|population|size|number|total|rate|gdp|income|salary|staffing"
_SUM_ASKED = re.compile(
    rf"\bwhat\s+(?:is|was|are|were)\s+(?:the\s+)?(?:[\w-]+\s+){{0,2}}?(?:{_QUANTITY_EN})\s+(?:of|for|in)\b|"
    r"\bhow\s+(?:large|big|high)\b|"
    r"(?:^|\s)(?:و?ما|كم)\s+(?:هي\s+|هو\s+)?(?:ال)?(?:ميزانية|تكلفة|حجم|معدل|سكان)",
    re.I,
)
_SHARE_WORDS = re.compile(r"\b(share|percentage|proportion)\b|نسبة|النسبة", re.I)
# A share as words: "ما يقرب من نصف الضحايا".
SHARE_WORD = re.compile(r"(?<!\S)[وب]?(?:ال)?(?:نصف|ثلث|ثلثي|ربع|أغلبية|غالبية)(?!\S)(?:\s+\S+)?")
_PERCENT = re.compile(r"في\s+المائة|%")
_YES_NO = re.compile(r"^\s*(?:و?هل|أ?ليس|is|are|was|were|do|does|did|has|have|can|could|should|will)\b", re.I)


_PLURAL = re.compile(r"\b(countries|states|governments|nations)\b|(^|\s)(ال)?(بلدان|دول|حكومات)(\s|؟|$)", re.I)


def asks_for_several(question: str) -> bool:
    """True if the question asks for countries in the plural ("which countries", "ما الدول").

    >>> asks_for_several("Which countries ratified it?"), asks_for_several("ما الدولة التي صدقت؟")
    (True, False)
    """
    return bool(_PLURAL.search(question))


def answer_type(question: str) -> AnswerType:
    """What ``question`` asks for; ``OTHER`` when it is not a date, number, resolution or country.

    >>> answer_type("When did Japan ratify the protocol?"), answer_type("كم بلداً شملها التقرير؟")
    (<AnswerType.DATE: 'date'>, <AnswerType.NUMBER: 'number'>)
    >>> answer_type("Which countries ratified it?"), answer_type("ما دور المكتب؟")
    (<AnswerType.COUNTRIES: 'countries'>, <AnswerType.OTHER: 'other'>)
    >>> answer_type("ما عدد الضحايا؟"), answer_type("هل يتزايد عدد الضحايا؟"), answer_type("ما نسبة النساء؟")
    (<AnswerType.NUMBER: 'number'>, <AnswerType.OTHER: 'other'>, <AnswerType.SHARE: 'share'>)
    """
    for kind, cue in _CUES:
        if cue.search(question):
            return kind
    if _SHARE_WORDS.search(question) and not _YES_NO.match(question):
        return AnswerType.SHARE
    if (_COUNT_WORDS.search(question) or _SUM_ASKED.search(question)) and not _YES_NO.match(question):
        return AnswerType.NUMBER
    if _LIST.search(question):
        return AnswerType.LIST
    return AnswerType.OTHER


class Span(NamedTuple):
    start: int
    end: int


def _words(text: str) -> set[str]:
    return {w for w in arabic.tokenize(text, arabic.Stemming.NONE)}


# One-letter proclitics Arabic writes on a number: "و٢٠١٩" (and 2019), "ب١٤٢" (by 142), "ل٧٢/١٩٥".
_CLITICS = "وبلف"


def _whole_words(text: str, start: int, end: int) -> Span:
    """Widen ``[start, end)`` to word boundaries and trim trailing punctuation and spaces."""
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    while end < len(text) and not text[end].isspace():
        end += 1
    while end > start and (text[end - 1] in "،,.;؛:)»\"'" or text[end - 1].isspace()):
        if text[end - 1] == ")" and "(" in text[start:end]:
            break
        end -= 1
    if end - start > 2 and text[start] == "(" and text[end - 1] == ")":  # "(١٩ أيلول/سبتمبر ٢٠١٧)"
        start, end = start + 1, end - 1
    if end - start > 1 and text[start] in _CLITICS and re.match(_D, text[start + 1]):  # "و٢٠١٩": the year, not "and"
        start += 1
    while start < end and text[start] in "«\"“'":  # a quoted name: the name, not its quotes
        start += 1
    return Span(start, end)


def _name_start(sentence: str, span: Span) -> Span:
    """``span`` without leading punctuation and without an "و" or "ب" before an "ال"."""
    start = span.start
    while start < span.end and not sentence[start].isalnum():
        start += 1
    if sentence[start : start + 1] in tuple(_CLITICS) and sentence[start + 1 : start + 3] == "ال":
        start += 1
    return Span(start, span.end)


def _count_spans(sentence: str) -> list[Span]:
    """Counts and what they count; a day of a date ("١٧ إلى ٢١ تشرين الأول") is no count, and a
    word that only follows the number ("٧ في", "الست للأمم") is not what it counts."""
    dates = [m.span() for m in DATE.finditer(sentence)]
    spans = []
    for m in list(NUMBER.finditer(sentence)) + list(NUMBER_WORD.finditer(sentence)):
        start, end = m.span()
        if any(a < end and start < b for a, b in dates):
            continue
        words = sentence[start:end].split()
        if len(words) > 1 and not _counts(words[-1]):
            end = start + len(words[0])
            words = words[:1]
        if _ONE.fullmatch(words[0]) and start > 0:  # "بلد واحد": the counted noun comes first
            before = sentence[:start].rstrip()
            noun = re.search(r"\S+$", before)
            if noun and _counts(noun.group()):
                start, end = noun.start(), start + len(words[0])
        spans.append(Span(start, end))
    return spans


# "واحد" follows what it counts ("بلد واحد").
_ONE = re.compile(r"[وب]?(?:ال)?واحد[ةه]?")


def _counts(word: str) -> bool:
    """Whether ``word`` can be what a number counts: a content word, not a particle, a
    preposition with its noun ("للأمم") or a number."""
    word = word.strip("،,.;؛:()«»\"'")
    if not re.fullmatch(_ARABIC_WORD, word) or re.match(r"^(?:لل|بال|كال)", word):
        return False
    return arabic.normalize(word) not in arabic.STOP_WORDS


# Units of time: a count of them ("الخمس عشرة سنة الماضية", "the past fifteen years") dates a fact, it
# does not answer "how many victims"; it answers only a question that asks for a span of time.
_TIME_UNITS = frozenset(
    arabic.normalize(w)
    for w in "سنة سنوات السنوات سنين عام أعوام الأعوام العام شهر أشهر الأشهر شهور الشهور يوم أيام الأيام أسبوع أسابيع عقد عقود العقود ساعة ساعات".split()
)
_ASKS_TIME = re.compile(
    r"\bhow many\s+(?:\w+\s+)?(?:years?|months?|days?|weeks?|decades?|hours?)\b|\bhow long\b|(?:^|\s)(?:و?ما|كم)\s+(?:هي\s+)?مد[ةه]\s|"
    r"(?:^|\s)كم\s+(?:\S+\s+)?(?:سنة|سنوات|عام[اً]*|شهر[اً]*|أشهر|يوم[اً]*|أيام|أسبوع[اً]*|ساعة)",
    re.I,
)


def _counts_time(sentence: str, span: Span) -> bool:
    """Whether the count at ``span`` counts units of time: the word it counts, after it or
    (for a number word, "سنوات الخمس عشرة") before it, is a year, a month, a day ..."""
    after = sentence[span.start : span.end].split()[1:2] or re.findall(r"^\s*(\S+)", sentence[span.end :])[:1]
    before = re.findall(r"(\S+)\s*$", sentence[: span.start])[:1]
    return any(arabic.normalize(w.strip("،,.;؛:()«»\"'")) in _TIME_UNITS for w in after + before)


def _is_count(sentence: str, span: Span) -> bool:
    """A number phrase that says what it counts, or a number word ("مرتين") or a number of
    three digits or more ("٧ ٠٠٠"), not touching a hyphen or a slash (a label, a range, a symbol)."""
    text = sentence[span.start : span.end]
    before, after = sentence[max(span.start - 1, 0) : span.start], sentence[span.end : span.end + 1]
    if "-" in text or "-" in before + after or "/" in before + after:
        return False
    return len(text.split()) > 1 or NUMBER_WORD.fullmatch(text) is not None or len(re.sub(r"\D", "", text)) >= 3


def _date_start(match: re.Match) -> int:
    """Where a ``DATE`` match's date begins: after the word for year ("عام ٢٠١٦" answers "in which year"
    with "٢٠١٦": the word is the question's) or the word dating an older year ("في 1817")."""
    return match.start() + len(match["year_word"] or match["old_word"] or "")


def _typed(kind: AnswerType, sentence: str) -> list[Span]:
    if kind is AnswerType.DATE:
        # "عام ٢٠١٦" answers "in which year" with "٢٠١٦": the word for year is the question's.
        return [Span(_date_start(m), m.end()) for m in DATE.finditer(sentence)]
    if kind is AnswerType.RESOLUTION:
        return [Span(*m.span()) for m in RESOLUTION.finditer(sentence)]
    if kind in (AnswerType.NUMBER, AnswerType.SHARE):
        spans = _count_spans(sentence)
        # A year or a resolution symbol is not a count: "قرار مجلس الأمن ٢٣٨٨ (٢٠١٧)" counts nothing (a41 "in how
        # many countries …" was answered by «٢٣٨٨»).
        spans = [s for s in spans if not re.fullmatch(_YEAR + r"[،,.]?", sentence[s.start : s.end].split()[0])]
        symbols = [m.span() for m in RESOLUTION.finditer(sentence)]
        spans = [s for s in spans if not any(a <= s.start < b for a, b in symbols)]
        # "How many" is not answered by a percentage, "what share" only by one (or "half", ...),
        # nor by a bare number that counts nothing (a split "٧ في المائة", a target "٨-٧").
        if kind is AnswerType.NUMBER:
            return [s for s in spans if not _PERCENT.search(sentence[s.start : s.end]) and _is_count(sentence, s)]
        return [s for s in spans if _PERCENT.search(sentence[s.start : s.end])] + [
            Span(*m.span()) for m in SHARE_WORD.finditer(sentence)
        ]
    if kind is AnswerType.COUNTRIES:
        return [Span(m.start, m.end) for m in constraints.country_spans(sentence)]
    if kind is AnswerType.PERSON:
        latin = [m for m in _LATIN.finditer(sentence) if arabic.has_arabic(sentence) and _LATIN_NAME.fullmatch(m.group()) and _alone(sentence, m)]
        return [Span(*m.span()) for m in PERSON.finditer(sentence)] + [Span(*m.span()) for m in latin]
    if kind is AnswerType.ORGANIZATION:
        return [Span(a, b) for a, b in bodies.spans(sentence)]
    if kind is AnswerType.PLACE:
        return [Span(m.start, m.end) for m in cities.city_spans(sentence)] + [
            Span(m.start, m.end) for m in constraints.country_spans(sentence)
        ]
    if kind is AnswerType.NAME:
        quoted = [Span(*m.span(next(g for g in (1, 2, 3) if m.group(g)))) for m in _QUOTED.finditer(sentence)]
        # A web address or a file name is where a document is, not what it is called.
        addresses = [m.span() for m in re.finditer(r"\S*(?:https?:|www\.|\.pdf|/)\S*", sentence)]
        latin = [Span(*m.span()) for m in _LATIN.finditer(sentence) if not any(q.start <= m.start() < q.end for q in quoted)]
        return [s for s in quoted + latin if not any(a < s.end and s.start < b for a, b in addresses)]
    return []


def _asked(question: str) -> set[str]:
    """The question's words, and the Arabic (and other) names of the countries it names."""
    words = _words(question)
    for constraint in constraints.constraints(question):
        for form in constraint.forms:
            words.update(form)
    return words


def _anchors(sentence: str, asked: set[str]) -> list[Span]:
    """The sentence's words that the question also has (proclitics aside), as spans."""
    spans = []
    for match in constraints.RAW_WORD.finditer(sentence):
        if any(arabic.without_proclitics(token) & asked for token in _words(match.group())):
            spans.append(Span(*match.span()))
    return spans


# What may stand between two names of one list: commas, "و", "and", an aside in brackets.
_LIST_GAP = re.compile(r"(?:[\s،,؛;]|و|and|\([^()]*\))*")


def _runs(sentence: str, spans: list[Span]) -> list[tuple[Span, int]]:
    """Consecutive names joined only by commas, "و" or a bracketed aside, as (span, count)."""
    runs: list[tuple[Span, int]] = []
    for span in sorted(spans):
        if runs and _LIST_GAP.fullmatch(sentence[runs[-1][0].end : span.start]):
            runs[-1] = (Span(runs[-1][0].start, span.end), runs[-1][1] + 1)
        else:
            runs.append((span, 1))
    return runs


# "after 2017", "بعد عام ٢٠١٧", "before 2010", "قبل عام ٢٠١٠": the date asked for lies on that side of the year.
_AFTER = re.compile(rf"\b(?:after|since)\s+(?:the\s+year\s+)?({_YEAR})|(?:بعد|منذ)\s+(?:عام\s+|سنة\s+|العام\s+)?({_YEAR})", re.I)
_BEFORE = re.compile(rf"\bbefore\s+(?:the\s+year\s+)?({_YEAR})|قبل\s+(?:عام\s+|سنة\s+|العام\s+)?({_YEAR})", re.I)
# "in which year", "since which year", "في أي عام": a day and a month ("٣٠ تموز/يوليه") do not answer.
_ASKS_YEAR = re.compile(r"\b(?:what|which)\s+years?\b|(?:أي|أية)\s+(?:عام|سنة|العام|السنة|الأعوام|السنوات)", re.I)


def _in_range(question: str, phrase: str) -> bool:
    """Whether the years of a date ``phrase`` lie after (before) the year a question asks after (before).

    >>> _in_range("متى التقييم القادم بعد عام ٢٠١٧؟", "عام ٢٠١٣"), _in_range("What happened after 2017?", "٢ أيار/مايو ٢٠١٨")
    (False, True)
    """
    years = [int(y) for y in re.findall(_YEAR, phrase)]  # int() reads Arabic-Indic digits too
    if not years:
        return True
    for pattern, keep in ((_AFTER, lambda y, bound: y > bound), (_BEFORE, lambda y, bound: y < bound)):
        for match in pattern.finditer(question):
            bound = int(match.group(1) or match.group(2))
            if not any(keep(y, bound) for y in years):
                return False
    return True


# A year in a plan's name ("خطة التنمية المستدامة لعام ٢٠٣٠", "the 2030 Agenda", "Vision 2030") names the
# plan; it does not date anything. "خطة العمل … عام ٢٠١٠" (the plan … in 2010) dates the plan: only
# "لعام" (of the year) names it.
_PLAN_BEFORE = re.compile(r"(?:خطة|خطه|رؤية|رؤيه|agenda|vision)(?:\s+\S+){0,4}\s+(?:لعام|لسنة|for)\s*$", re.I)
_PLAN_AFTER = re.compile(r"^\s*(?:agenda|vision)\b", re.I)


def _titled(sentence: str, span: Span) -> bool:
    """Whether the date at ``span`` is the year in a plan's name.

    >>> s = "خطة التنمية المستدامة لعام ٢٠٣٠ ذات الصلة"
    >>> _titled(s, Span(s.index("٢٠٣٠"), s.index("٢٠٣٠") + 4)), _titled("the 2030 Agenda", Span(4, 8))
    (True, True)
    >>> s = "اعتمدت خطة العمل العالمية عام ٢٠١٠"
    >>> _titled(s, Span(s.index("٢٠١٠"), len(s)))
    False
    """
    text = sentence[span.start : span.end]
    if not re.fullmatch(rf"(?:عام|لعام|سنة)?\s*{_YEAR}", text.strip()):
        return False
    return bool(_PLAN_BEFORE.search(sentence[: span.start]) or _PLAN_AFTER.match(sentence[span.end :]))


# A question for a sum of money ("what is the budget", "how much did X contribute", "كم بلغ تبرع")
# is answered by an amount in a currency, not by the count of something else in the sentence.
_ASKS_MONEY = re.compile(
    r"\b(?:budget|cost|costs|how much money|funding\b|fund(?:s|ing)?\b.{0,20}\bhow much|how much\b.{0,40}\b(?:contribute|donate|give|gave|raise|spend|spent|fund|funding|cost|allocate))|"
    r"ميزاني|تكلف|مبلغ|تبرع|مساهم|تمويل|(?:^|\s)(?:بكم|كم)\s+(?:\S+\s+)?(?:جمع|تبرع|ساهم|أنفق|خصص|قدم)",
    re.I,
)
_ASKS_COUNT = re.compile(r"\bhow many\b|عدد", re.I)  # "how many regular-budget posts" counts posts
_CURRENCY = re.compile(r"دولار|يورو|فرنك|جنيه|ريال|درهم|\$|€|£|dollar|euro|USD|EUR|francs?", re.I)


# "Until which date", "إلى أي تاريخ تمتد", "حتى متى": the end of a period, the date after "حتى" / "until".
_ASKS_UNTIL = re.compile(
    r"\b(?:until|till|up\s+to|through)\s+(?:when|what|which)\b|\bwhen\s+(?:does|did|will)\b[^?]*\bend\b|"
    r"(?:^|\s)(?:إلى|الى|حتى|لغاية)\s+(?:أي|اي|أية|متى)(?:\s|$)|متى\s+(?:ينتهي|تنتهي|انتهى|انتهت)",
    re.I,
)
_UNTIL_BEFORE = re.compile(r"(?:^|\s)((?:حتى|إلى|الى|لغاية|until|till|to|through)\s+)$", re.I)


def _until(question: str, sentence: str, spans: list[Span]) -> list[Span]:
    """The dates of ``spans`` that end a period ("حتى ١٥ نيسان/أبريل ٢٠١٩"), with their "حتى", when
    ``question`` asks until when; else none."""
    if not _ASKS_UNTIL.search(question):
        return []
    found = []
    for span in spans:
        before = _UNTIL_BEFORE.search(sentence[: span.start])
        if before:
            found.append(Span(span.start - len(before.group(1)), span.end))
    return found


_ASKS_CITY = re.compile(r"\bcit(?:y|ies)\b|مدينة|مدن", re.I)
_ASKS_HASHTAG = re.compile(r"\bhashtags?\b|(?:^|\s)(?:ال)?(?:وسم|هاشتاغ|هاشتاج)", re.I)
HASHTAG = re.compile(r"#\w+")


def find(question: str, sentence: str, kind: AnswerType | None = None) -> Span | None:
    """The span of ``sentence`` that answers ``question``, if its ``answer_type`` is typed.

    Candidates the question already names are skipped; among the rest the one nearest
    to a word of the question wins (the first when the sentence has none of them), so
    "when did Japan ratify?" marks Japan's date in a list of three. Countries are one
    span from the first to the last country named.

    >>> s = "صدقت فيجي (١٩ أيلول/سبتمبر ٢٠١٧)، وملديف (١٤ أيلول/سبتمبر ٢٠١٦)، واليابان (١١ تموز/يوليه ٢٠١٧)."
    >>> span = find("When did Japan ratify?", s); s[span.start:span.end]
    '١١ تموز/يوليه ٢٠١٧'
    >>> s = "وفي عام ٢٠١٨، قدمت المنظمة مساعدة مباشرة إلى ٧ ٤٠٠ من ضحايا الاتِّجار."
    >>> span = find("How many victims did IOM assist in 2018?", s); s[span.start:span.end]
    '٧ ٤٠٠ من ضحايا'
    """
    kind = kind or answer_type(question)
    asked = _asked(question)
    typed = _typed(kind, sentence)
    if kind is AnswerType.PLACE and _ASKS_CITY.search(question):  # a country does not answer "which city"
        typed = [Span(m.start, m.end) for m in cities.city_spans(sentence)]
    if kind is AnswerType.NAME and _ASKS_HASHTAG.search(question):  # a hashtag answers "which hashtag", not a title
        typed = [Span(*m.span()) for m in HASHTAG.finditer(sentence)]
    spans = [_whole_words(sentence, a, b) for a, b in typed]
    if kind is AnswerType.NAME and _ASKS_HASHTAG.search(question):  # "(#AQUIESTOY": the hashtag, not its bracket
        spans = [Span(a, b) for a, b in typed]
    if kind is AnswerType.ORGANIZATION:  # "والمنظمة الدولية", "-المنظمة": the name, not what the PDF text put before it
        spans = [_name_start(sentence, s) for s in spans]
    spans = [s for s in spans if s.end > s.start and not _words(sentence[s.start : s.end]) <= asked]
    if kind is AnswerType.NUMBER and _ASKS_MONEY.search(question) and not _ASKS_COUNT.search(question):
        spans = [s for s in spans if _CURRENCY.search(sentence[s.start : s.end + 12])]
    if kind is AnswerType.NUMBER:  # a span of time answers "how long" and nothing else
        asks_time = _ASKS_TIME.search(question) is not None
        spans = [s for s in spans if _counts_time(sentence, s) == asks_time]
        if asks_time:  # or a period ("للفترة ٢٠١٧-٢٠٢٠") or its start ("منذ عام ٢٠٠٣", "since 2003")
            spans += [
                Span(_date_start(m), m.end())
                for m in DATE.finditer(sentence)
                if len(re.findall(_YEAR, m.group())) == 2 or re.search(r"(?:منذ|since)\s*$", sentence[: m.start()], re.I)
            ]
    if kind is AnswerType.NUMBER and not spans:
        spans = _dual_spans(question, sentence)
    if kind is AnswerType.DATE:
        year = _ASKS_YEAR.search(question) is not None
        spans = [s for s in spans if not _titled(sentence, s)]
        spans = [s for s in spans if _in_range(question, sentence[s.start : s.end]) and (not year or re.search(rf"{_YEAR}|{_OLD_YEAR}", sentence[s.start : s.end]))]
        spans = _until(question, sentence, spans) or spans
    if not spans:
        return None
    if kind is AnswerType.COUNTRIES:
        return max(_runs(sentence, spans), key=lambda run: (run[1], -run[0].start))[0]
    anchors = _anchors(sentence, asked)

    def gap(span: Span) -> int:
        """Characters between the span and the nearest question word outside it (0 if none)."""
        gaps = [span.start - a.end if a.end <= span.start else a.start - span.end for a in anchors if a.end <= span.start or a.start >= span.end]
        return min(gaps, default=0)

    return min(spans, key=lambda s: (gap(s), s.start))


def fits(question: str, sentence: str, kind: AnswerType) -> bool:
    """Whether ``sentence`` holds a phrase that meets what ``question`` narrows its kind to: for
    "until which date", a date that ends a period. ``False`` when the question narrows nothing.

    >>> fits("إلى أي تاريخ تمتد المدة؟", "من ١٧ كانون الأول/ديسمبر ٢٠١٥ حتى ١٥ نيسان/أبريل ٢٠١٩.", AnswerType.DATE)
    True
    >>> fits("إلى أي تاريخ تمتد المدة؟", "صدقت فيجي (١٩ أيلول/سبتمبر ٢٠١٧).", AnswerType.DATE)
    False
    """
    if kind is AnswerType.NUMBER:
        return _counts_asked(question, sentence)
    if kind is not AnswerType.DATE:
        return False
    spans = [_whole_words(sentence, *m.span()) for m in DATE.finditer(sentence)]
    return bool(_until(question, sentence, spans))


# "كم نشاطاً", "بكم لغة", "ما عدد الدول": the noun an Arabic question counts.
_COUNTED = (
    re.compile(r"(?:^|\s)عدد\s+(" + _ARABIC_WORD + ")"),  # "كم يبلغ عدد الدول": the noun after "عدد" first
    re.compile(r"(?:^|\s)(?:و?كم|بكم|في\s+كم)\s+(" + _ARABIC_WORD + ")"),
)


def _counts_asked(question: str, sentence: str) -> bool:
    """Whether a count of ``sentence`` counts the noun an Arabic question counts (same stem:
    "كم نشاطاً" and "١١ نشاطاً", not "١٢٠ بلداً").

    >>> _counts_asked("كم نشاطاً طوّره الإنتربول؟", "طُوِّرَ ١١ نشاطاً"), _counts_asked("كم نشاطاً طوّره؟", "استفاد ١٢٠ بلداً")
    (True, False)
    >>> _counts_asked("كم يبلغ عدد الدول المنتسبة؟", "البالغ عددها ١٩٠ دولة")
    True
    """
    asked = next((m for m in (p.search(question) for p in _COUNTED) if m), None)
    if not asked:
        return False
    stem = set(arabic.tokenize(asked.group(1)))
    for span in _typed(AnswerType.NUMBER, sentence):
        words = sentence[span.start : span.end].split()
        if len(words) > 1 and stem & set(arabic.tokenize(words[-1])):
            return True
    return False


def _dual_spans(question: str, sentence: str) -> list[Span]:
    """The dual of the noun an Arabic question counts: a count of two written as one word
    ("كم وظيفة" is answered by "وظيفتين فقط", "كل كم سنة" by "كل سنتين").

    >>> s = "في ظل وجود وظيفتين فقط مخصصتين في الميزانية العادية"
    >>> [s[a:b] for a, b in _dual_spans("كم وظيفة مخصصة في الميزانية؟", s)], _dual_spans("كم بلداً؟", s)
    (['وظيفتين'], [])
    """
    asked = next((m for m in (p.search(question) for p in _COUNTED) if m), None)
    if not asked:
        return []
    noun = re.sub(r"^ال", "", arabic.normalize(asked.group(1)))
    noun = re.sub(r"ا$", "", noun)  # the accusative of "كم بلداً" ("ً" is gone after normalize)
    stem = noun[:-1] + "ت" if noun.endswith("ه") else noun
    duals = {stem + "ين", stem + "ان"}
    found = []
    for m in re.finditer(r"\S+", sentence):
        word = arabic.normalize(m.group().strip("،,.;؛:()«»\"'"))
        if any(re.fullmatch(rf"[وبلف]?(?:ال)?{re.escape(d)}", word) for d in duals):
            found.append(Span(m.start(), m.start() + len(m.group().rstrip("،,.;؛:()«»\"'"))))
    return found
