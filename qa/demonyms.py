"""The adjectives that name a country ("المصري", "Egyptian"), derived from its CLDR names.

"ما العقوبة التي ينص عليها القانون المصري؟" names Egypt as surely as "في مصر" does,
and a report that quotes the penalty of no country's law does not answer it. CLDR
has no demonyms, but both languages derive most of them by rule: Arabic adds the
nisba "ـي" to the name without its article and final alif or ta marbuta
(مصر → مصري, ليبيا → ليبي, السودان → سوداني, الجزائر → جزائري), English one of a
few endings (Egypt → Egyptian, Libya → Libyan, Qatar → Qatari, Japan → Japanese,
Italy → Italian). Irregular ones (British, French, سعودي) are listed.

Each rule proposes candidates; a candidate becomes a demonym only when it is
claimed by one country alone and is not an ordinary word ("القطري" is as often
"country-level", "المالي" is "financial"): a missed abstention costs less than a
false one.
"""

from __future__ import annotations

import functools

# Irregular demonyms: CLDR code → words (any inflection listed is matched as written).
IRREGULAR = {
    "US": ("أمريكي", "أميركي", "American"),
    "GB": ("بريطاني", "British"),
    "SA": ("سعودي", "Saudi"),
    "AE": ("إماراتي", "Emirati"),
    "FR": ("French",),
    "DE": ("German",),
    "NL": ("هولندي", "Dutch"),
    "CH": ("سويسري", "Swiss"),
    "ES": ("Spanish",),
    "TR": ("Turkish",),
    "TH": ("تايلندي", "Thai"),
    "PH": ("فلبيني", "Filipino"),
    "GR": ("Greek",),
    "IE": ("Irish",),
    "PL": ("Polish",),
    "DK": ("Danish",),
    "SE": ("Swedish",),
    "FI": ("Finnish",),
    "NO": ("نرويجي", "Norwegian"),
    "PT": ("Portuguese",),
    "LB": ("Lebanese",),
    "AF": ("Afghan",),
    "PE": ("Peruvian",),
    "BE": ("Belgian",),
    "PS": ("فلسطيني", "Palestinian"),
    "CD": ("Congolese",),
    "CG": ("Congolese",),
    "NZ": ("New Zealander",),
}
# Candidates that are ordinary words as often as adjectives of a country; never read as one.
NOT_DEMONYMS = frozenset(
    {"قطري", "مالي", "مغربي", "عماني", "هندي", "تركي", "جورجي", "indian", "chadian", "georgian", "guinean", "jordanian"}
)
_ARABIC_ENDINGS = ("ي", "يه", "يين", "يون", "يات")


def _arabic_stems(name: str, article: bool) -> list[str]:
    """The nisba base of a one-word normalized Arabic country name: "ليبيا" → "ليبي", "مصر" → "مصري".

    ``article``: the name as written starts with the article (normalized "ألمانيا" starts with "ال" too).
    """
    base = name[2:] if article else name
    if len(base) < 3:
        return []
    if base.endswith("يا"):
        return [base[:-1]]
    if base.endswith(("ا", "ه")):
        stem = base[:-1]
        return [stem if stem.endswith("ي") else stem + "ي"]
    if base.endswith("ي"):
        return []  # جيبوتي: the adjective is the name
    return [base + "ي"]


def _english_stems(name: str) -> list[str]:
    """Candidate English demonyms of a one-word country name, by its last letter (Libya → Libyan,
    Canada → Canadian, China → Chinese, Italy → Italian, Mexico → Mexican, Mali → Malian,
    Egypt → Egyptian, Qatar → Qatari, Japan → Japanese, Ukraine → Ukrainian)."""
    name = name.lower()
    last, stem = name[-1], name[:-1]
    if last == "a":
        return [name + "n", stem + "ian", stem + "ese"]
    if last == "y":
        return [stem + "ian"]
    if last == "o":
        return [stem + "an"]
    if last == "i":
        return [name + "an"]
    if last == "e":
        return [stem + "ian"]
    return [name + "ian", name + "i", name + "ese"]


@functools.lru_cache(maxsize=1)
def demonyms() -> dict[str, str]:
    """Normalized demonym word (article-free, any inflection) → CLDR country code."""
    from babel import Locale  # deferred: only answers need it

    from index import arabic

    # word → {code: length of the name it came from}: "nigerian" is Nigeria's (Nigeria + n), not
    # Niger's (Niger + ian); the name a demonym keeps more of wins.
    claims: dict[str, dict[str, int]] = {}

    def claim(word: str, code: str, name: str) -> None:
        by_code = claims.setdefault(arabic.normalize(word), {})
        by_code[code] = max(by_code.get(code, 0), len(name))

    for code, name in Locale.parse("ar").territories.items():
        words = arabic.normalize(name).split()
        if len(code) == 2 and len(words) == 1:
            for stem in _arabic_stems(words[0], name.startswith("ال")):
                for ending in _ARABIC_ENDINGS:
                    claim(stem[:-1] + ending, code, words[0])
    for code, name in Locale.parse("en").territories.items():
        if len(code) == 2 and name.isalpha():
            for word in _english_stems(name):
                claim(word, code, name)
    for code, words in IRREGULAR.items():
        for word in words:
            stem = arabic.normalize(word)
            forms = [stem[:-1] + ending for ending in _ARABIC_ENDINGS] if stem.endswith("ي") else [stem]
            for form in forms:
                claims[form] = {code: 1000}  # an irregular name outranks a rule's guess
    blocked = {arabic.normalize(w) for w in NOT_DEMONYMS}
    blocked |= {stem[:-1] + ending for stem in blocked if stem.endswith("ي") for ending in _ARABIC_ENDINGS}
    table = {}
    for word, by_code in claims.items():
        longest = max(by_code.values())
        codes = [code for code, length in by_code.items() if length == longest]
        if len(codes) == 1 and word not in blocked and len(word) >= 4:
            table[word] = codes[0]
    return table


def of_word(word: str) -> str | None:
    """The country a normalized word is the adjective of, with or without the article.

    >>> of_word("المصري"), of_word("مصريين"), of_word("egyptian"), of_word("nigerian"), of_word("المالي")
    ('EG', 'EG', 'EG', 'NG', None)
    """
    table = demonyms()
    code = table.get(word)
    if code is None and word.startswith("ال"):
        code = table.get(word[2:])
    return code


@functools.cache
def forms(code: str) -> tuple[tuple[str, ...], ...]:
    """A country's demonyms as one-word forms, with and without the Arabic article (read once per
    country: every question naming it would otherwise scan the whole table)."""
    words = [w for w, c in demonyms().items() if c == code]
    return tuple((w,) for w in words) + tuple(("ال" + w,) for w in words if not w.isascii())
