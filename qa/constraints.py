"""What a question pins down that any answer to it must mention: years, countries and world regions.

A question such as "How many victims were identified in Libya in 2018?" is on
topic, so its best sentence scores like a real answer; what gives it away is
that no paragraph near the top names Libya. We read the question's *constraints*
(four-digit years, and country names in any of the UN's Latin- and
Arabic-script languages, from the Unicode CLDR through Babel, which also maps an
English or French name to the Arabic one, plus the official names UN documents
use) and the answer composer abstains when the paragraphs it would quote
mention none of a constraint's forms.

Names are compared as whole, consecutive words (after Arabic proclitics on the
text's side), never stemmed: stems conflate "مايو" (May) with Mayotte and
"المالي" (the financial) with Mali. Single words that are as often something
else ("Chad", "Jordan", "المغرب" for the Maghreb, "مالي" for financial) are not
read as countries in a question: a missed abstention costs less than a false one.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

from index import arabic
from qa import demonyms

# CLDR locales whose country names we recognise: the UN languages that tokenize as words.
NAME_LOCALES = ("ar", "en", "fr", "es")
# Alpha-2 codes that are not countries: the EU, the euro area, the UN, pseudo-regions.
_NOT_COUNTRIES = {"EU", "EZ", "UN", "QO", "XA", "XB", "ZZ"}
# The names UN documents use where they differ from CLDR's short ones.
UN_NAMES = {
    "SY": ("الجمهورية العربية السورية", "سوريا", "Syrian Arab Republic", "Syria"),
    "RU": ("الاتحاد الروسي", "Russian Federation", "Russia"),
    "IR": ("جمهورية إيران الإسلامية", "Islamic Republic of Iran"),
    "KR": ("جمهورية كوريا", "Republic of Korea"),
    "KP": ("جمهورية كوريا الشعبية الديمقراطية", "Democratic People's Republic of Korea"),
    "CD": ("جمهورية الكونغو الديمقراطية", "Democratic Republic of the Congo"),
    "VN": ("فييت نام", "Viet Nam"),
    "MV": ("ملديف", "Maldives"),
    "LA": ("جمهورية لاو الديمقراطية الشعبية", "Lao People's Democratic Republic"),
    "TZ": ("جمهورية تنزانيا المتحدة", "United Republic of Tanzania"),
    "MD": ("جمهورية مولدوفا", "Republic of Moldova"),
    "BO": ("دولة بوليفيا المتعددة القوميات", "Plurinational State of Bolivia"),
    "VE": ("جمهورية فنزويلا البوليفارية", "Bolivarian Republic of Venezuela"),
    "PS": ("دولة فلسطين", "State of Palestine"),
    "TR": ("تركيا", "Turkey", "Türkiye"),
    "US": ("الولايات المتحدة الأمريكية", "United States of America"),
    "GB": ("المملكة المتحدة لبريطانيا العظمى وأيرلندا الشمالية", "United Kingdom of Great Britain and Northern Ireland"),
    # UN Arabic short names CLDR writes otherwise ("الرأس الأخضر", "الإكوادور", "ساحل العاج", "التشيك"):
    # report_dev q026 and u164 name Cabo Verde and Ecuador this way in the gold sentence.
    "CV": ("كابو فيردي", "Cabo Verde"),
    "EC": ("إكوادور",),
    "CI": ("كوت ديفوار", "Côte d'Ivoire"),
    "CZ": ("تشيكيا", "الجمهورية التشيكية", "Czech Republic"),
    "BN": ("بروني دار السلام", "Brunei Darussalam"),
    "LK": ("سري لانكا",),
    "GW": ("غينيا - بيساو", "Guinea-Bissau"),
    "ST": ("سان تومي وبرينسيبي",),
    "DO": ("الجمهورية الدومينيكية",),
    "KN": ("سانت كيتس ونيفس",),
}
# CLDR's world regions a question may name ("in Europe", "أفريقيا جنوب الصحراء الكبرى"): all of
# them but the world itself (a question about trafficking "worldwide" names no place).
REGIONS = frozenset(
    "002 003 005 009 011 013 014 015 017 018 019 021 029 030 034 035 039 053 054 057 061 "
    "142 143 145 150 151 154 155 202 419".split()
)
# One-word names that are as often something else; never read as a constraint in a question.
AMBIGUOUS = frozenset({"مالي", "المغرب", "عمان", "chad", "jordan", "georgia", "guinea", "niger", "turkey"})
_YEAR = re.compile(r"^(?:19|20)[0-9]{2}$")
# Ordinals from the second on, (Arabic masculine, feminine, English): "the second meeting" asks about
# an event the report may count only to the first. "first" is left out: the report says it in
# many ways ("لأول مرة", "بدأ", "أُنشئ"), so it would turn away answerable questions.
ORDINALS = (
    ("ثاني", "ثانيه", "second", "2nd"), ("ثالث", "ثالثه", "third", "3rd"), ("رابع", "رابعه", "fourth", "4th"),
    ("خامس", "خامسه", "fifth", "5th"), ("سادس", "سادسه", "sixth", "6th"), ("سابع", "سابعه", "seventh", "7th"),
    ("ثامن", "ثامنه", "eighth", "8th"), ("تاسع", "تاسعه", "ninth", "9th"), ("عاشر", "عاشره", "tenth", "10th"),
)
# What an ordinal counts in a question: an event held again and again (a meeting, a session, a report).
_EVENT_EN = r"(?:meeting|session|conference|edition|round|review|appraisal|report|forum|summit|congress|phase|cycle)s?"
_EVENT_AR = r"(?:ال)?(?:اجتماع|دوره|موتمر|جوله|تقييم|تقرير|منتدي|استعراض|طبعه|مرحله|قمه)"  # normalized
_ORDINAL_EN = "|".join(o[2] for o in ORDINALS) + "|" + "|".join(o[3] for o in ORDINALS)
_ORDINAL_AR = "|".join(f"{o[0]}|{o[1]}" for o in ORDINALS)
_ASKED_ORDINAL = re.compile(
    rf"\b({_ORDINAL_EN})\s+(?:[\w'-]+\s+){{0,4}}?{_EVENT_EN}\b|"
    rf"(?<!\S){_EVENT_AR}\s+(?:\S+\s+){{0,2}}?ال({_ORDINAL_AR})(?![^\s؟?.,،])",
    re.I,
)
# Months named with an ordinal ("تشرين الثاني/نوفمبر", its first word sometimes lost to the PDF text).
_ORDINAL_MONTH = re.compile(r"(?:(?:كانون|تشرين|ربيع|جمادى)\s+)?ال(?:اول|ثاني|اخر|اخره)/\S+|(?:كانون|تشرين)\s+ال(?:اول|ثاني)")


@dataclass(frozen=True)
class Constraint:
    """One thing the question names; ``forms`` are its word sequences in every known language."""

    label: str
    forms: tuple[tuple[str, ...], ...]
    code: str = ""  # a country's CLDR code; empty for a year


def words(text: str) -> list[str]:
    """A name's words as constraints compare them: normalized, stop words dropped, unstemmed."""
    return arabic.tokenize(text, arabic.Stemming.NONE)



@functools.lru_cache(maxsize=1)
def _countries() -> tuple[dict[str, list[tuple[tuple[str, ...], str, str]]], dict[str, tuple[tuple[str, ...], ...]]]:
    """(first word → [(form, country code, name), longest first], country code → every form)."""
    from babel import Locale  # deferred: only answers need it

    names: list[tuple[str, str]] = []
    for locale in NAME_LOCALES:
        for code, name in Locale.parse(locale).territories.items():
            if (len(code) == 2 and code.isalpha() and code not in _NOT_COUNTRIES) or code in REGIONS:
                names.append((code, name))
    names += [(code, name) for code, aliases in UN_NAMES.items() for name in aliases]
    by_first: dict[str, list[tuple[tuple[str, ...], str, str]]] = {}
    forms: dict[str, set[tuple[str, ...]]] = {}
    for code, name in names:
        form = tuple(words(name))
        if form:
            by_first.setdefault(form[0], []).append((form, code, name))
            forms.setdefault(code, set()).add(form)
    for entries in by_first.values():
        entries.sort(key=lambda entry: -len(entry[0]))
    return by_first, {code: tuple(sorted(f)) for code, f in forms.items()}


def _keys(text: str) -> list[set[str]]:
    """Each normalized non-stop word of ``text`` with its proclitic-free readings, so a name
    matches however it is attached ("واليابان" is Japan, "بمصر" is Egypt)."""
    return [arabic.without_proclitics(word) for word in words(text)]


def _form_at(keys: list[set[str]], start: int, form: tuple[str, ...]) -> bool:
    return start + len(form) <= len(keys) and all(word in keys[start + j] for j, word in enumerate(form))


class CountryMatch(NamedTuple):
    """A country named in a text: its CLDR code, the name as matched, and where (word positions or characters)."""

    code: str
    name: str
    form: tuple[str, ...]
    start: int
    end: int


def _match_countries(keys: list[set[str]]) -> list[CountryMatch]:
    """Each country named in ``keys`` (longest name first at each word), first mention only;
    ``start``/``end`` are word positions."""
    by_first, _ = _countries()
    found, seen, i = [], set(), 0
    while i < len(keys):
        match = None
        for variant in keys[i]:
            for form, code, name in by_first.get(variant, ()):
                if _form_at(keys, i, form) and (match is None or len(form) > len(match[0])):
                    match = (form, code, name)
                    break  # entries are longest first
        if match is None:
            i += 1
            continue
        form, code, name = match
        if code not in seen and not (len(form) == 1 and form[0] in AMBIGUOUS):
            seen.add(code)
            found.append(CountryMatch(code, name, form, i, i + len(form)))
        i += len(form)
    return found


def _find_countries(keys: list[set[str]]) -> list[Constraint]:
    """The countries ``keys`` name, by name or by adjective ("القانون المصري", "Egyptian law"),
    each met in a text by its name or its adjective in any language."""
    _, forms = _countries()
    found = [Constraint(m.name, forms[m.code] + demonyms.forms(m.code), m.code) for m in _match_countries(keys)]
    seen = {c.code for c in found}
    for variants in keys:
        code = next((c for c in map(demonyms.of_word, sorted(variants)) if c), None)
        if code and code not in seen and code in forms:
            seen.add(code)
            label = english_name(code) if next(iter(variants)).isascii() else _arabic_name(code)
            found.append(Constraint(label, forms[code] + demonyms.forms(code), code))
    return found


# A word as written, for offsets: anything between spaces and punctuation.
RAW_WORD = re.compile(r"[^\s،,.;؛:()«»\"'/]+")


def country_spans(text: str) -> list[CountryMatch]:
    """The countries ``text`` names, with character offsets into ``text``.

    >>> t = "صدقت فيجي وملديف واليابان على البروتوكول"
    >>> [(m.code, t[m.start:m.end]) for m in country_spans(t)]
    [('FJ', 'فيجي'), ('MV', 'وملديف'), ('JP', 'واليابان')]
    """
    keys, offsets = _located_keys(text)
    return [m._replace(start=offsets[m.start][0], end=offsets[m.end - 1][1]) for m in _match_countries(keys)]


def _located_keys(text: str) -> tuple[list[set[str]], list[tuple[int, int]]]:
    """``_keys`` of ``text`` word by word, each with the character span of the word as written."""
    keys, offsets = [], []
    for match in RAW_WORD.finditer(text):
        for token in words(match.group()):
            keys.append(arabic.without_proclitics(token))
            offsets.append(match.span())
    return keys, offsets


def form_spans(text: str, named: Sequence[Constraint]) -> list[tuple[Constraint, int, int]]:
    """Where ``text`` names each of ``named`` (any of its forms), as character offsets, in text order.

    >>> c = Constraint("INTERPOL", (("الانتربول",), ("interpol",)))
    >>> t = "وجرى التعاون مع المكتب والإنتربول."
    >>> [(x.label, t[a:b]) for x, a, b in form_spans(t, [c])]
    [('INTERPOL', 'والإنتربول')]
    """
    keys, offsets = _located_keys(text)
    found = []
    for constraint in named:
        for i in range(len(keys)):
            form = next((f for f in constraint.forms if _form_at(keys, i, f)), None)
            if form is not None:
                found.append((constraint, offsets[i][0], offsets[i + len(form) - 1][1]))
                break
    return sorted(found, key=lambda entry: entry[1])


def _arabic_name(code: str) -> str:
    from babel import Locale

    return Locale.parse("ar").territories.get(code, code)


def english_name(code: str) -> str:
    """A country's English name: the UN's where it differs from CLDR's short one (``UN_NAMES``).

    >>> english_name("JP"), english_name("SY")
    ('Japan', 'Syrian Arab Republic')
    """
    from babel import Locale

    un = [name for name in UN_NAMES.get(code, ()) if not arabic.has_arabic(name)]
    return un[0] if un else Locale.parse("en").territories.get(code, code)


def constraints(question: str) -> list[Constraint]:
    """The years and countries ``question`` names (countries labelled with the name it matched).

    >>> [c.label for c in constraints("How many victims were identified in Libya in 2018?")]
    ['2018', 'Libya']
    >>> [c.label for c in constraints("ما عدد الضحايا في مصر عام ٢٠٢٠؟")]
    ['2020', 'مصر']
    >>> [c.label for c in unmet(constraints("متى صدقت اليابان؟"), ["صدقت كندا واليابان على البروتوكول"])]
    []
    >>> [c.label for c in constraints("ما الدعم المالي المقدم في أيار/مايو؟")]
    []
    """
    keys = _keys(question)
    years = [Constraint(t, ((t,),)) for t in dict.fromkeys(k for ks in keys for k in ks) if _YEAR.match(t)]
    return years + _find_countries(keys) + _ordinals(question)


def _ordinals(question: str) -> list[Constraint]:
    """The ordinal of an event the question counts ("the second meeting", "الدورة الثالثة"),
    met in a text by the same ordinal in either language.

    >>> [c.label for c in _ordinals("Which city hosted the second ICAT meeting of heads of agencies?")]
    ['second']
    """
    found = []
    for match in _ASKED_ORDINAL.finditer(arabic.normalize(question)):
        word = (match.group(1) or match.group(2)).lower()
        for ordinal in ORDINALS:
            if word in (ordinal[2], ordinal[3]) or word.rstrip("ه") == ordinal[0]:
                forms = {(w,) for w in ordinal} | {("ال" + w,) for w in ordinal[:2]}
                found.append(Constraint(match.group(1) or "ال" + match.group(2), tuple(sorted(forms))))
    return list({c.forms: c for c in found}.values())


def search_tokens(question_constraints: Sequence[Constraint]) -> set[str]:
    """The search tokens (``arabic.tokenize``) of every form of every constraint: a country in
    each language it is known in, so an English name finds the Arabic sentence and back.

    >>> sorted(search_tokens(constraints("What about Fiji?")))
    ['fidji', 'fiji', 'fijian', 'fiyi', 'فيج']
    """
    return {token for c in question_constraints for form in c.forms for token in arabic.tokenize(" ".join(form))}


def unmet(question_constraints: Sequence[Constraint], texts: Sequence[str]) -> list[Constraint]:
    """The constraints that none of ``texts`` mentions (a form's words consecutive in one text)."""
    if not question_constraints:
        return []
    keyed = [_keys(_ORDINAL_MONTH.sub(" ", arabic.normalize(text))) for text in texts]
    return [
        c
        for c in question_constraints
        if not any(_form_at(keys, i, form) for form in c.forms for keys in keyed for i in range(len(keys)))
    ]
