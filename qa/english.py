"""English renderings of an Arabic short answer, only where a library renders it exactly.

Dates and country names come from the Unicode CLDR through Babel (month names,
country names; the UN's own English names where they differ, see
``qa.constraints.UN_NAMES``), resolution symbols and numbers are rewritten in
Western digits. Anything else stays in Arabic, with Western digits beside its
Arabic-Indic ones: we do not translate prose.
"""

from __future__ import annotations

import datetime
import functools
import re

from index import arabic
from qa import bodies, cities, constraints
from qa.short import AnswerType

_ARABIC_DIGITS = re.compile(r"[٠-٩]+(?:[\s\u00a0\u202f][٠-٩]{3})*(?:[,٫][٠-٩]+)?")
_TO_WESTERN = str.maketrans("٠١٢٣٤٥٦٧٨٩٫", "0123456789.")
# UN Arabic spells two months its own way.
_UN_MONTHS = {"يونيه": 6, "يوليه": 7}


def western(text: str) -> str:
    """Arabic-Indic digits as Western ones (thousands kept apart by a space, the decimal comma as a point).

    >>> western("٦,٧ ملايين و٣ ٠٠٠")
    '6.7 ملايين و3 000'
    """
    return text.translate(_TO_WESTERN).replace("\u202f", " ").replace("\u00a0", " ").replace(",", ".") if text else text


@functools.lru_cache(maxsize=1)
def _months() -> dict[str, int]:
    """Normalized Arabic month name (Egyptian and Levantine forms, from CLDR) → month number."""
    from babel import Locale

    names: dict[str, int] = {arabic.normalize(name): n for name, n in _UN_MONTHS.items()}
    for locale in ("ar", "ar_SY"):
        for number, name in Locale.parse(locale).months["format"]["wide"].items():
            names[arabic.normalize(name)] = number
    return names


def _month(name: str) -> int | None:
    months = _months()
    for part in reversed(name.split("/")):  # "كانون الأول/ديسمبر": the name after the slash first
        number = months.get(arabic.normalize(part.strip()))
        if number:
            return number
    return None


_DATE = re.compile(
    r"^(?:من\s+)?(?:(?P<d1>[0-9]{1,2})(?:\s*(?P<sep>و|-|–|إلى|الى)\s*(?P<d2>[0-9]{1,2}))?\s+)?"
    r"(?P<month>[^\d\s/]+(?:\s[^\d\s/]+)?/[^\d\s]+)(?:\s+(?P<year>[0-9]{4}))?$"
)
_UNTIL = re.compile(r"^(?:حتى|إلى|الى|لغاية)\s+")
_YEARS = re.compile(r"^(?:\S+\s+)?(?P<y1>[0-9]{4})(?:\s*[-–]\s*(?P<y2>[0-9]{4}))?$")


def date(phrase: str) -> str | None:
    """A UN Arabic date in English ("15 April 2019", "27 and 28 September 2017", "2017–2020"), or None.

    >>> date("١٥ نيسان/أبريل ٢٠١٩"), date("من ٦ إلى ٨ أيلول/سبتمبر ٢٠١٧"), date("عام ٢٠١٧"), date("٣٠ تموز/يوليه")
    ('15 April 2019', '6 to 8 September 2017', '2017', '30 July')
    >>> date("حتى ١٥ نيسان/أبريل ٢٠١٩")
    'until 15 April 2019'
    """
    from babel.dates import format_date

    text = western(phrase).strip()
    until = _UNTIL.match(text)  # "حتى ١٥ نيسان/أبريل ٢٠١٩": the end of a period (qa.short)
    if until:
        rendered = date(text[until.end() :])
        return rendered and f"until {rendered}"
    years = _YEARS.match(text)
    if years:
        return years["y1"] + (f"–{years['y2']}" if years["y2"] else "")
    match = _DATE.match(text)
    if not match:
        return None
    month = _month(match["month"])
    if month is None:
        return None
    year = int(match["year"]) if match["year"] else 2000  # a leap year: any day of the month is valid
    try:
        day = datetime.date(year, month, int(match["d2"] or match["d1"] or 1))
    except ValueError:
        return None
    pattern = ("d " if match["d1"] else "") + "MMMM" + (" y" if match["year"] else "")
    rendered = format_date(day, pattern, locale="en")
    if match["d2"]:
        joiner = " and " if match["sep"] == "و" else " to "
        rendered = f"{int(match['d1'])}{joiner}{rendered}"
    return rendered


def countries(phrase: str) -> str | None:
    """The countries a phrase names, in English ("Fiji, Maldives and Japan"), or None if it names none.

    >>> countries("فيجي (١٩ أيلول/سبتمبر ٢٠١٧)، وملديف، واليابان")
    'Fiji, Maldives and Japan'
    """
    names = [constraints.english_name(m.code) for m in constraints.country_spans(phrase)]
    if not names:
        return None
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def resolution(phrase: str) -> str:
    """A resolution symbol in Western digits, named as a resolution when the Arabic says so.

    >>> resolution("قراره ٢٣٨٨ (٢٠١٧)"), resolution("٧٢/١٩٥"), resolution("٢٣٨٨ (٢٠١٧")
    ('resolution 2388 (2017)', '72/195', '2388 (2017)')
    """
    symbol = re.search(r"(?P<number>[0-9][0-9/]*)(?:\s*\((?P<year>[0-9]{4})\)?)?", western(phrase))
    if symbol:  # the year's closing bracket is sometimes lost to the PDF text: "٢٣٨٨ (٢٠١٧"
        text = symbol["number"] + (f" ({symbol['year']})" if symbol["year"] else "")
    else:
        text = western(phrase)
    return f"resolution {text}" if "قرار" in phrase else text


# Arabic number words up to ten, by their normalized stem (masculine and feminine forms): a closed class
# whose value is exact, so an English reader gets the digits beside them ("ستة بلدان (6)").
_UNITS = {
    "واحد": 1, "واحدة": 1, "اثنان": 2, "اثنين": 2, "اثنتان": 2, "اثنتين": 2, "مرتين": 2, "ثلاث": 3, "ثلاثة": 3,
    "اربع": 4, "اربعة": 4, "خمس": 5, "خمسة": 5, "ست": 6, "ستة": 6, "سبع": 7, "سبعة": 7, "ثماني": 8, "ثمانية": 8,
    "ثمان": 8, "تسع": 9, "تسعة": 9, "عشر": 10, "عشرة": 10,
}


@functools.cache
def _normalized_units() -> dict[str, int]:
    return {arabic.normalize(word): value for word, value in _UNITS.items()}


def number_words(phrase: str) -> int | None:
    """The value of a count written in words ("ستة بلدان", "بلد واحد", "الخمس عشرة", "مرتين"), or None.

    >>> number_words("ستة بلدان"), number_words("بلد واحد"), number_words("الخمس عشرة"), number_words("عشرات الدول")
    (6, 1, 15, None)
    """
    units = _normalized_units()
    values = []
    for word in phrase.split():
        word = arabic.normalize(word.strip("،,.;؛:()«»\"'"))
        for prefix in ("", "و", "ب", "ال", "وال", "بال"):
            if word.startswith(prefix) and word[len(prefix) :] in units:
                values.append(units[word[len(prefix) :]])
                break
    if len(values) == 2 and values[1] == 10 and values[0] < 10:  # "خمس عشرة": fifteen
        return values[0] + 10
    return values[0] if len(values) == 1 else None


def short_answer(phrase: str, kind: AnswerType) -> str:
    """The phrase as an English reader sees it first: exact renderings where there are any,
    else the Arabic with its numbers in Western digits beside it.

    >>> short_answer("١٤٢ بلداً", AnswerType.NUMBER), short_answer("ستة بلدان", AnswerType.NUMBER)
    ('١٤٢ بلداً (142)', 'ستة بلدان (6)')
    """
    rendered = None
    if kind is AnswerType.DATE:
        rendered = date(phrase)
    elif kind is AnswerType.COUNTRIES:
        rendered = countries(phrase)
    elif kind is AnswerType.PLACE:
        rendered = cities.english_name(phrase) or countries(phrase)
    elif kind is AnswerType.RESOLUTION:
        rendered = resolution(phrase)
    elif kind is AnswerType.ORGANIZATION:
        rendered = bodies.english_name(phrase)
    if rendered:
        return rendered
    numbers = [western(m.group()) for m in _ARABIC_DIGITS.finditer(phrase)]
    if not numbers and kind in (AnswerType.NUMBER, AnswerType.SHARE) and (value := number_words(phrase)) is not None:
        numbers = [str(value)]
    return f"{phrase} ({', '.join(numbers)})" if numbers else phrase
