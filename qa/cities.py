"""City names, so a "which city" question is answered by a sentence that names one.

The gazetteer is CLDR's, through Babel: the exemplar city of every time zone,
in Arabic, English, French and Spanish (about 420 cities: capitals and large
cities, "فيينا", "نيويورك", "Bangkok"), plus the UN's duty stations and
conference venues that are no time zone's city (Geneva, The Hague, Bonn).
Names match as whole, consecutive words, after Arabic proclitics ("وفيينا").
A city the gazetteer lacks still counts where the text calls it one: the word
after "مدينة" ("في مدينة تمبكتو", the construct state that names a city) or
after "city of" ("the city of Timbuktu").
"""

from __future__ import annotations

import functools
from typing import NamedTuple

from index import arabic

LOCALES = ("ar", "en", "fr", "es")
# Duty stations and venues CLDR gives no time zone of their own.
# Duty stations and venues CLDR gives no time zone of their own: (Arabic, English, other spellings).
EXTRA = (
    ("جنيف", "Geneva", "Genève", "Ginebra"), ("لاهاي", "The Hague"), ("بون", "Bonn"), ("مونتريال", "Montreal"),
    ("ستراسبورغ", "Strasbourg"), ("باليرمو", "Palermo"), ("مراكش", "Marrakech"), ("شرم الشيخ", "Sharm el-Sheikh"),
    ("واشنطن", "Washington"), ("سان فرانسيسكو", "San Francisco"), ("الدوحة", "Doha"),
)
# One-word names that are ordinary words as often ("الرياض" is also "the gardens", "عمان" Oman).
AMBIGUOUS = frozenset(arabic.normalize(w) for w in ("الرياض", "عمان", "بون", "victoria", "regina", "phoenix", "nome", "mayotte"))


def _words(text: str) -> tuple[str, ...]:
    return tuple(arabic.tokenize(text, arabic.Stemming.NONE))


@functools.lru_cache(maxsize=1)
def _names() -> dict[str, list[tuple[str, ...]]]:
    """First word → the city names (word tuples) that start with it, longest first."""
    from babel import Locale  # deferred: only answers need it

    names = {name for names in EXTRA for name in names}
    for locale in LOCALES:
        for zone in Locale.parse(locale).time_zones.values():
            if zone.get("city"):
                names.add(zone["city"])
    # English exemplar cities are the zone ids' own ("America/New_York"): CLDR lists only exceptions.
    for zone in Locale.parse("ar").time_zones:
        if "/" in zone and not zone.startswith("Etc/"):
            names.add(zone.rsplit("/", 1)[1].replace("_", " "))
    by_first: dict[str, list[tuple[str, ...]]] = {}
    for name in names:
        form = _words(name)
        if form and not (len(form) == 1 and form[0] in AMBIGUOUS) and len("".join(form)) >= 3:
            by_first.setdefault(form[0], []).append(form)
    for forms in by_first.values():
        forms.sort(key=len, reverse=True)
    return by_first


@functools.lru_cache(maxsize=1)
def _english() -> dict[tuple[str, ...], str]:
    """A city's name (word tuple, any language) → its English name (the zone id's, or EXTRA's)."""
    from babel import Locale

    out = {_words(name): names[1] for names in EXTRA for name in names}
    for locale in LOCALES:
        for zone, data in Locale.parse(locale).time_zones.items():
            if data.get("city") and "/" in zone:
                out.setdefault(_words(data["city"]), zone.rsplit("/", 1)[1].replace("_", " "))
    return out


def english_name(phrase: str) -> str | None:
    """The English name of the city ``phrase`` names, or None.

    >>> english_name("وفيينا"), english_name("مراكش"), english_name("الضحايا")
    ('Vienna', 'Marrakech', None)
    """
    found = city_spans(phrase)
    if not found:
        return None
    return _english().get(tuple(found[0].name.split()))


_CITY_WORD = _words("مدينة")[0]


def _names_a_city(text: str, keys: list, offsets: list, i: int) -> bool:
    """Word ``i`` says the next word is a city: "مدينة X" (not "المدينة", an ordinary noun phrase's
    head), or "city of X" with X capitalized."""
    following = text[offsets[i + 1][0]:offsets[i + 1][1]]
    if not any(ch.isalpha() for ch in following):
        return False
    if _CITY_WORD in keys[i] and text[offsets[i][0]:offsets[i][1]].lstrip("وفبل").startswith("مدين"):
        return True
    between = text[offsets[i][1]:offsets[i + 1][0]]
    return "city" in keys[i] and between.strip().lower() == "of" and following[:1].isupper()


class CityMatch(NamedTuple):
    name: str
    start: int  # character offsets into the text
    end: int


def city_spans(text: str) -> list[CityMatch]:
    """The cities ``text`` names, with character offsets.

    >>> t = "عُقدت إحاطات في نيويورك وفيينا"
    >>> [t[m.start:m.end] for m in city_spans(t)]
    ['نيويورك', 'وفيينا']
    >>> t = "عُقدت الدورة في مدينة تمبكتو، لا في المدينة القديمة"  # a city CLDR lacks, named as one
    >>> [t[m.start:m.end] for m in city_spans(t)]
    ['تمبكتو']
    """
    from qa.constraints import RAW_WORD  # the one definition of a word as written

    keys, offsets = [], []
    for match in RAW_WORD.finditer(text):
        for token in _words(match.group()):
            keys.append(arabic.without_proclitics(token))
            offsets.append(match.span())
    by_first, found, i = _names(), [], 0
    while i < len(keys):
        best = None
        for variant in keys[i]:
            for form in by_first.get(variant, ()):
                if i + len(form) <= len(keys) and all(w in keys[i + j] for j, w in enumerate(form)):
                    if best is None or len(form) > len(best):
                        best = form
                    break
        if best is None and i + 1 < len(keys) and _names_a_city(text, keys, offsets, i):
            found.append(CityMatch(text[offsets[i + 1][0]:offsets[i + 1][1]], offsets[i + 1][0], offsets[i + 1][1]))
            i += 2
            continue
        if best is None:
            i += 1
            continue
        found.append(CityMatch(" ".join(best), offsets[i][0], offsets[i + len(best) - 1][1]))
        i += len(best)
    return found
