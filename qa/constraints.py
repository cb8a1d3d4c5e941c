"""What a question pins down that any answer to it must mention: years and countries.

A question such as "How many victims were identified in Libya in 2018?" is on
topic, so its best sentence scores like a real answer; what gives it away is
that no paragraph near the top names Libya. We read the question's *constraints*
(four-digit years, and country names in any of the UN's Latin- and
Arabic-script languages, from the Unicode CLDR through Babel, which also maps an
English or French name to the Arabic one) and the answer composer abstains when
the paragraphs it would quote mention none of a constraint's forms.

Names are compared as whole words (after Arabic proclitics), never stemmed:
stems conflate "مايو" (May) with Mayotte and "المالي" (the financial) with Mali.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from index import arabic

# CLDR locales whose country names we recognise: the UN languages that tokenize as words.
NAME_LOCALES = ("ar", "en", "fr", "es")
# Alpha-2 codes that are not countries: the EU, the euro area, the UN, pseudo-regions.
_NOT_COUNTRIES = {"EU", "EZ", "UN", "QO", "XA", "XB", "ZZ"}
_YEAR = re.compile(r"^(?:19|20)[0-9]{2}$")


@dataclass(frozen=True)
class Constraint:
    """One thing the question names; ``forms`` are its search-token sequences in every known language."""

    label: str
    forms: tuple[tuple[str, ...], ...]

    def met_by(self, tokens: set[str]) -> bool:
        return any(all(t in tokens for t in form) for form in self.forms)


@functools.lru_cache(maxsize=1)
def _countries() -> tuple[dict[tuple[str, ...], tuple[str, str]], dict[str, tuple[tuple[str, ...], ...]]]:
    """(word sequence → (country code, its name), country code → every form)."""
    from babel import Locale  # deferred: only answers need it

    by_form: dict[tuple[str, ...], tuple[str, str]] = {}
    forms: dict[str, set[tuple[str, ...]]] = {}
    for locale in NAME_LOCALES:
        for code, name in Locale.parse(locale).territories.items():
            if len(code) != 2 or not code.isalpha() or code in _NOT_COUNTRIES:
                continue
            keys = _keys(name)
            if not keys:
                continue
            for form in _candidate_forms(keys):
                by_form.setdefault(form, (code, name))
                forms.setdefault(code, set()).add(form)
    return by_form, {code: tuple(sorted(f)) for code, f in forms.items()}


def _variants(word: str) -> set[str]:
    """The word and the word without the Arabic proclitics a name takes in running text:
    و/ف (and) and ب/ك/ل (in, as, to), with ل + ال written لل. The article stays, so "المالي"
    (the financial) is not Mali while "واليابان" is Japan ("اليابان") and "بمصر" is Egypt."""
    forms = {word}
    if word[:1] in ("و", "ف") and len(word) > 3:
        forms.add(word[1:])
    for form in list(forms):
        if form.startswith("لل") and len(form) > 4:
            forms.add("ال" + form[2:])
        elif form[:1] in ("ب", "ك", "ل") and len(form) > 3:
            forms.add(form[1:])
    return forms


def _keys(text: str) -> list[set[str]]:
    """Each normalized non-stop word of ``text`` with its proclitic-free variants."""
    return [_variants(word) for word in arabic.tokenize(text, arabic.Stemming.NONE)]


def _find_countries(keys: list[set[str]]) -> list[Constraint]:
    by_form, forms = _countries()
    longest = max(map(len, by_form))
    found, seen, i = [], set(), 0
    while i < len(keys):
        for size in range(min(longest, len(keys) - i), 0, -1):
            match = None
            for form in _candidate_forms(keys[i : i + size]):
                match = by_form.get(form)
                if match is not None:
                    break
            if match is not None:
                code, name = match
                if code not in seen:
                    seen.add(code)
                    found.append(Constraint(name, forms[code]))
                i += size
                break
        else:
            i += 1
    return found


def _candidate_forms(keys: list[set[str]]):
    forms = [()]
    for options in keys:
        forms = [form + (key,) for form in forms for key in sorted(options)]
    return forms


def constraints(question: str) -> list[Constraint]:
    """The years and countries ``question`` names (countries labelled with their CLDR name).

    >>> [c.label for c in constraints("How many victims were identified in Libya in 2018?")]
    ['2018', 'Libya']
    >>> [c.label for c in constraints("ما عدد الضحايا في مصر عام ٢٠٢٠؟")]
    ['2020', 'مصر']
    >>> [c.label for c in unmet(constraints("متى صدقت اليابان؟"), ["صدقت كندا واليابان على البروتوكول"])]
    []
    >>> [c.label for c in constraints("ما الدعم المالي المقدم في مايو؟")]
    []
    """
    keys = _keys(question)
    years = [Constraint(t, ((t,),)) for t in dict.fromkeys(k for ks in keys for k in ks) if _YEAR.match(t)]
    return years + _find_countries(keys)


def unmet(question_constraints: list[Constraint], texts: list[str]) -> list[Constraint]:
    """The constraints that none of ``texts`` mentions."""
    if not question_constraints:
        return []
    tokens = {key for text in texts for keys in _keys(text) for key in keys}
    return [c for c in question_constraints if not c.met_by(tokens)]
