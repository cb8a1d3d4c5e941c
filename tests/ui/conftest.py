"""UI test fixtures: a small stand-in corpus (hand-written passages, the hashing encoder, no model)
and Debian's Chromium driven by Playwright."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

from index.passage import DocRef, Passage, SubItem

DOC = DocRef("a74-trafficking", "تحسين تنسيق الجهود المبذولة لمكافحة الاتِّجار بالأشخاص")
SECTION_2 = (
    "ثانياً - حالة التصديق على بروتوكول منع وقمع ومعاقبة الاتِّجار بالأشخاص، وبخاصة النساء والأطفال",
)

P3 = (
    "حثَّت الجمعية العامة، في قرارها ٧٢/١٩٥، الدول الأعضاء التي لم تصدِّق بعد على اتفاقية الأمم المتحدة "
    "لمكافحة الجريمة المنظمة عبر الوطنية وبروتوكول منع وقمع ومعاقبة الاتِّجار بالأشخاص على أن تنظر في القيام بذلك. "
    "وخلال الفترة المشمولة بهذا التقرير، صدَّقت على بروتوكول الاتِّجار بالأشخاص ثلاث دول، هي: فيجي "
    "(١٩ أيلول/سبتمبر ٢٠١٧)، وملديف (١٤ أيلول/سبتمبر ٢٠١٦)، واليابان (١١ تموز/يوليه ٢٠١٧). "
    "كما صدَّقت على البروتوكول دولة غير عضو لها صفة المراقب، هي: دولة فلسطين (٢٩ كانون الأول/ديسمبر ٢٠١٧)."
)
P4 = (
    "وطبقاً لما جاء في التقرير العالمي عن الاتِّجار بالأشخاص لعام ٢٠١٨، فإنه حتى آب/أغسطس ٢٠١٨، كان لدى ١٦٨ "
    "بلداً من أصل ١٨١ بلداً خضع للتقييم تشريعات تجرِّم الاتِّجار بالأشخاص. "
    "ولا تشمل القوانين الجنائية لدى أربعة بلدان جريمة الاتِّجار بالأشخاص."
)
P139 = (
    "يوصى بأن تنظر الجمعية العامة في اتخاذ الإجراءات التالية:\n"
    "(أ) تشجيع الدول الأعضاء على الاستمرار في مراقبة تدابير التصدي للاتِّجار بالأشخاص؛\n"
    "(ب) تشجيع الدول الأعضاء على تبادل المعلومات بشأن تدابير التصدي تلك؛"
)


def _items(text: str) -> tuple[SubItem, ...]:
    a = text.index("(أ)")
    b = text.index("(ب)")
    return (SubItem(("أ",), a, b), SubItem(("ب",), b, len(text)))


def standin_passages() -> list[Passage]:
    return [
        Passage("a74-trafficking#summary", DOC, None, ("ملخَّص",), "يتضمن التقرير معلومات عن حالة التصديق على البروتوكول."),
        Passage("a74-trafficking#3", DOC, 3, SECTION_2, P3),
        Passage("a74-trafficking#4", DOC, 4, SECTION_2, P4),
        Passage("a74-trafficking#139", DOC, 139, ("خامساً - التوصيات",), P139, items=_items(P139)),
    ]


def standin_assistant(encoder):
    """An Assistant over the stand-in passages; the abstention threshold suits the hashing encoder."""
    from index.store import Store
    from qa.answer import AnswerConfig
    from qa.assistant import Assistant

    return Assistant(Store.build(standin_passages(), encoder), encoder, answer=AnswerConfig(abstain_below=0.4))


@pytest.fixture(scope="session")
def standin() -> dict:
    """The stand-in passages by paragraph number (``None``: the summary)."""
    return {p.number: p for p in standin_passages()}


@pytest.fixture(scope="session")
def assistant(hashing_encoder):
    return standin_assistant(hashing_encoder)


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser_context():
    """One headless Chromium (a throwaway profile) for the session's browser tests."""
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is missing: `make chromium` installs Debian's Chromium")
    with tempfile.TemporaryDirectory(prefix="sanad-chromium-") as profile, sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            profile,
            executable_path=CHROMIUM,
            headless=True,
            args=CHROMIUM_ARGS,
            viewport={"width": 1400, "height": 1000},
        )
        yield context
        context.close()
