"""International bodies a question names that no document of the library mentions.

"How much did the World Bank give to the Trust Fund?" is on topic; a report that
never names the World Bank cannot answer it. Unlike a country (``qa.constraints``,
checked against the paragraphs read), a body is checked against the whole
library: a paragraph often calls a body by a short name after its first mention
("المنظمة" for the OSCE), so a body missing from the paragraphs read proves
nothing (report_dev: the OSCE question u103 was turned away, precision
0.89 -> 0.85), one missing from every document does.

Each body is listed with its Arabic and English names and acronyms as UN
documents write them. English acronyms are matched case-sensitively ("WHO"
would be "who": left out), names as whole words.
"""

from __future__ import annotations

import functools
import re
import weakref
from collections.abc import Sequence

from qa import constraints as _constraints

# (label, Arabic names, English names, English acronyms)
BODIES = (
    ("World Bank", ("البنك الدولي",), ("World Bank",), ()),
    ("European Union", ("الاتحاد الأوروبي",), ("European Union",), ("EU",)),
    ("African Union", ("الاتحاد الأفريقي",), ("African Union",), ()),
    ("League of Arab States", ("جامعة الدول العربية",), ("League of Arab States", "Arab League"), ()),
    ("INTERPOL", ("الإنتربول", "المنظمة الدولية للشرطة الجنائية"), ("Interpol", "International Criminal Police Organization"), ("INTERPOL",)),
    ("Europol", ("اليوروبول",), ("Europol",), ()),
    ("ILO", ("منظمة العمل الدولية",), ("International Labour Organization", "International Labor Organization"), ("ILO",)),
    ("UNICEF", ("اليونيسيف", "اليونيسف", "منظمة الأمم المتحدة للطفولة"), ("United Nations Children's Fund",), ("UNICEF",)),
    ("UNHCR", ("مفوضية الأمم المتحدة لشؤون اللاجئين",), ("High Commissioner for Refugees",), ("UNHCR",)),
    ("OSCE", ("منظمة الأمن والتعاون في أوروبا",), ("Organization for Security and Co-operation in Europe",), ("OSCE",)),
    ("Council of Europe", ("مجلس أوروبا",), ("Council of Europe",), ()),
    ("ASEAN", ("رابطة أمم جنوب شرق آسيا",), ("Association of Southeast Asian Nations",), ("ASEAN",)),
    ("World Health Organization", ("منظمة الصحة العالمية",), ("World Health Organization",), ()),
    ("UNDP", ("برنامج الأمم المتحدة الإنمائي",), ("United Nations Development Programme",), ("UNDP",)),
    ("UNFPA", ("صندوق الأمم المتحدة للسكان",), ("United Nations Population Fund",), ("UNFPA",)),
    ("UNESCO", ("اليونسكو", "منظمة الأمم المتحدة للتربية والعلم والثقافة"), (), ("UNESCO",)),
    ("Human Rights Council", ("مجلس حقوق الإنسان",), ("Human Rights Council",), ()),
    ("ECOWAS", ("الجماعة الاقتصادية لدول غرب أفريقيا",), ("Economic Community of West African States",), ("ECOWAS",)),
    ("Organization of American States", ("منظمة الدول الأمريكية",), ("Organization of American States",), ()),
    ("FATF", ("فرقة العمل المعنية بالإجراءات المالية",), ("Financial Action Task Force",), ("FATF",)),
    ("Gulf Cooperation Council", ("مجلس التعاون لدول الخليج العربية", "مجلس التعاون الخليجي"), ("Gulf Cooperation Council",), ()),
    # The UN family's own entities: an answer to "which organization" (qa.short), never absent from a UN report on them.
    ("UNODC", ("مكتب الأمم المتحدة المعني بالمخدرات والجريمة",), ("United Nations Office on Drugs and Crime",), ("UNODC",)),
    ("IOM", ("المنظمة الدولية للهجرة",), ("International Organization for Migration",), ("IOM",)),
    ("UN-Women", ("هيئة الأمم المتحدة للمرأة",), ("UN-Women", "UN Women"), ()),
    # The UN's inter-agency group on trafficking: an English question names it by its acronym, which the Arabic text
    # never writes and the encoder does not translate ("What is the budget of ICAT for 2019?" read paragraphs 123,
    # 131, 64, none about it). Knowing its Arabic name lets pinned_in_cited turn such a figure away; report_dev, the
    # probes and XQuAD answer as before (eval/results/answers.md, tenth round).
    ("ICAT", ("فريق التنسيق المشترك بين الوكالات",), ("Inter-Agency Coordination Group against Trafficking in Persons", "Inter-Agency Coordination Group"), ("ICAT",)),
    ("OHCHR", ("مفوضية الأمم المتحدة لحقوق الإنسان", "مفوضية حقوق الإنسان"), ("Office of the United Nations High Commissioner for Human Rights",), ("OHCHR",)),
)


def _constraint(body: tuple, arabic_label: bool = False) -> _constraints.Constraint:
    label, arabic_names, english_names, acronyms = body
    forms = {tuple(_constraints.words(name)) for name in arabic_names + english_names + acronyms}
    return _constraints.Constraint(arabic_names[0] if arabic_label else label, tuple(sorted(f for f in forms if f)))


def named(question: str) -> list[_constraints.Constraint]:
    """The bodies ``question`` names: an Arabic name (after proclitics), an English name, an acronym.

    >>> [c.label for c in named("How much did the World Bank and the EU give?")]
    ['World Bank', 'European Union']
    >>> [c.label for c in named("ما مساهمة البنك الدولي والإنتربول؟")], named("Who leads the work?")
    (['البنك الدولي', 'الإنتربول'], [])
    """
    from index.arabic import has_arabic

    arabic_unmet = set(_constraints.unmet(_arabic_constraints(), [question]))  # one tokenizing of the question
    found = []
    for body, arabic_names in zip(BODIES, _arabic_constraints()):
        _, _, english_names, acronyms = body
        if (
            arabic_names not in arabic_unmet
            or any(re.search(rf"\b{re.escape(n)}\b", question, re.I) for n in english_names)
            or any(re.search(rf"\b{re.escape(a)}\b", question) for a in acronyms)
        ):
            found.append(_constraint(body, arabic_label=has_arabic(question)))
    return found


def in_other_words(question: str) -> list[tuple[str, str]]:
    """``(what the question writes, the body's first Arabic name)`` for each body ``question`` names by
    an English name or acronym, in ``BODIES``' order: what an English question's words mean in an
    Arabic document (the cross-lingual bridge searches the Arabic name, ``qa.retriever``).

    >>> in_other_words("What did UNODC and the Council of Europe do?")
    [('Council of Europe', 'مجلس أوروبا'), ('UNODC', 'مكتب الأمم المتحدة المعني بالمخدرات والجريمة')]
    """
    found = []
    for label, arabic_names, english_names, acronyms in BODIES:
        for name in english_names:
            match = re.search(rf"\b{re.escape(name)}\b", question, re.I)
            if match:
                break
        else:
            match = next((m for a in acronyms if (m := re.search(rf"\b{re.escape(a)}\b", question))), None)
        if match:
            found.append((match.group(0), arabic_names[0]))
    return found


@functools.cache
def _arabic_constraints() -> tuple[_constraints.Constraint, ...]:
    """Each body's Arabic names as one constraint, in BODIES' order."""
    return tuple(_constraint((body[0], body[1], (), ())) for body in BODIES)


@functools.cache
def _all_constraints() -> tuple[_constraints.Constraint, ...]:
    """Each body's every name and acronym as one constraint, in BODIES' order."""
    return tuple(_constraint(body) for body in BODIES)


# What each store's documents mention, computed once per store (a library change makes a new one).
_MENTIONED: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def absent(question_bodies: Sequence[_constraints.Constraint], store) -> list[_constraints.Constraint]:
    """The bodies of ``question_bodies`` that no passage of ``store`` mentions."""
    if not question_bodies:
        return []
    mentioned = _MENTIONED.get(store)
    if mentioned is None:
        lacking = set(_constraints.unmet(_all_constraints(), [p.text for p in store.passages]))  # one pass over the texts
        mentioned = {c.forms for c in _all_constraints() if c not in lacking}
        _MENTIONED[store] = mentioned
    return [c for c in question_bodies if c.forms not in mentioned]


# A short name a document gives a body after its full name: "مكتب الأمم المتحدة المعني بالمخدِّرات
# والجريمة (المكتب)", the UN's way of saying "hereinafter": one to three words in parentheses.
_HEREINAFTER = re.compile(r"\s*\(([^()\d]{2,40})\)")
_ALIASES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def with_aliases(question_bodies: Sequence[_constraints.Constraint], store) -> list[_constraints.Constraint]:
    """``question_bodies`` with the short names the documents of ``store`` give them, as further forms.

    A paragraph calls UNODC "المكتب" once the report has said "… والجريمة (المكتب)": a check that a
    paragraph names the body a question names must accept the short name.
    """
    if not question_bodies:
        return []
    aliases = _ALIASES.get(store)
    if aliases is None:
        aliases = {}
        for passage in store.passages:
            for body, _, end in _constraints.form_spans(passage.text, _all_constraints()):
                short = _HEREINAFTER.match(passage.text, end)
                form = tuple(_constraints.words(short.group(1))) if short else ()
                if 0 < len(form) <= 3:
                    aliases.setdefault(body.label, set()).add(form)
        _ALIASES[store] = aliases
    by_forms = {c.forms: c.label for c in _all_constraints()}
    by_forms |= {c.forms: c.label for c in _arabic_constraints()}
    out = []
    for c in question_bodies:
        label = by_forms.get(c.forms) or next((a.label for a in _all_constraints() if set(c.forms) <= set(a.forms)), c.label)
        extra = tuple(sorted(aliases.get(label, set()) - set(c.forms)))
        out.append(_constraints.Constraint(c.label, c.forms + extra, c.code))
    return out


def english_name(phrase: str) -> str | None:
    """The English label of the body ``phrase`` names, if it names one.

    >>> english_name("المنظمة الدولية للشرطة الجنائية"), english_name("المكتب")
    ('INTERPOL', None)
    """
    found = _constraints.form_spans(phrase, _all_constraints())
    return found[0][0].label if found else None


def spans(text: str) -> list[tuple[int, int]]:
    """Where ``text`` names a body of ``BODIES`` (by any of its names), as character offsets.

    >>> t = "وجرى أيضا التعاون مع المكتب والمنظمة الدولية للشرطة الجنائية (الإنتربول)."
    >>> [t[a:b] for a, b in spans(t)]
    ['والمنظمة الدولية للشرطة الجنائية']
    """
    return [(start, end) for _, start, end in _constraints.form_spans(text, _all_constraints())]
