"""Five answers in the chat of two running `sanad serve`s, photographed side by side (issue #11's closing report).

    python -m eval.before_after --before http://127.0.0.1:7871/ --after http://127.0.0.1:7872/

Each question is asked in a fresh browser profile whose language is the question's (so the
chat picks its interface as it would for that user), after its history for a follow-up, and
photographed at desktop width into ``<out>/NN-<slug>-before.png`` and ``-after.png``; the
first question also at phone width (``-phone-before.png``). What each answer shows (its text,
the paragraphs it cites, its length) goes to ``<out>/answers.json``, for the write-up in
``eval/results/before_after.md``. The waits are for the DOM: the answer's message, then the
sources panel holding every paragraph the answer cites.

The selectors are the ones both versions share (``#sanad-question``, ``#sanad-chat .sanad-msg``,
``a.sanad-cite``, ``#sanad-sources``), so any commit since 292c9b2 can be either side.
It needs two servers and Debian's Chromium, so it is a script, not a test.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
from dataclasses import asdict, dataclass, replace
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "tests" / "artifacts" / "before-after"
CHROMIUM = "/usr/bin/chromium"  # Debian's, as tests/ui/conftest.py launches it
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync"]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
LOCALES = {"ar": "ar-EG", "en": "en-US"}
TIMEOUT_MS = 120_000  # a loaded machine; the waits end as soon as the DOM is there


@dataclass(frozen=True)
class Question:
    slug: str
    lang: str  # the question's language, and so the browser's
    text: str
    history: tuple[str, ...] = ()  # earlier questions, asked first in the same chat
    source: str = ""  # where it was taken from: an issue, or a question id of eval/data/report_questions.jsonl
    phone: bool = False  # photograph at phone width too


# Two the issues name; then, in eval/data/report_questions.jsonl's order, the first report_test question
# (never tuned on) of each kind the issue asks for: an unanswerable one that is not a follow-up, an
# English date or number, a follow-up with its history (tests/eval/test_before_after.py checks the rule).
QUESTIONS = (
    Question("eu-2018", "ar", "ما الذي أطلقه المكتب بالشراكة مع الاتحاد الأوروبي في عام ٢٠١٨؟", source="issue #10", phone=True),
    Question("recommend", "en", "What does the Secretary-General recommend to Member States?", source="issue #11"),
    Question("germany-unanswerable", "ar", "متى صدّقت ألمانيا على بروتوكول الاتجار بالأشخاص؟", source="u187"),
    Question("laws-count", "en", "How many countries had laws criminalizing trafficking in line with the protocol by 2018?", source="u014"),
    Question(
        "observer-followup",
        "en",
        "And did any observer State ratify it too?",
        history=("Which countries joined the trafficking protocol between 2015 and 2019?",),
        source="u011",
    ),
)


@dataclass(frozen=True)
class Shown:
    """What one answer shows: its text as rendered, the paragraphs it cites, and its length."""

    question: str
    text: str  # the answer as read, without its buttons and folded sources
    short: str  # the highlighted short answer, where the chat shows one
    cited: tuple[str, ...]
    characters: int
    history: tuple[Shown, ...] = ()  # the answers to the earlier questions of a follow-up


# The last message's citations (``src-3``), and whether the sources panel holds each of them.
_CITED = """() => {
  const last = [...document.querySelectorAll("#sanad-chat .sanad-msg")].pop();
  // Since 292c9b2 a marker opens its paragraph in place (href) and names its panel entry in a class.
  const target = a => ((a.className.match(/sanad-to-(src-\\S+)/) || [])[1]) || (a.getAttribute("href") || "").replace(/^#/, "");
  return last ? [...last.querySelectorAll("a.sanad-cite")].map(target) : [];
}"""
# What a reader reads of an answer: its text without the copy button, the phone's folded sources
# and the paragraphs a marker opens in place (hidden until clicked).
_ANSWER_TEXT = """(message) => {
  const copy = message.cloneNode(true);
  copy.querySelectorAll(".sanad-tools, .sanad-drawer, .sanad-inline, button").forEach(e => e.remove());
  copy.querySelectorAll("p, li, div").forEach(e => e.append("\\n"));
  return copy.textContent.replace(/[ \\t]+/g, " ").replace(/\\s*\\n\\s*/g, "\\n").trim();
}"""
_SOURCES_READY = """(ids) => ids.every(id => document.querySelector(`#sanad-sources [id="${id}"]`))"""
# A chat with a language switch (since 292c9b2) first renders in English, then takes the browser's
# language on load: wait for the question's language there.
_INTERFACE_READY = """(lang) => document.querySelector("#sanad-sources") !== null
  && (!document.querySelector("#sanad-header")
      || document.querySelector(`#sanad-header #sanad-config[data-lang="${lang}"]`) !== null && document.documentElement.dir !== "")"""
_SCROLLED_TO_LAST = """() => {
  const chat = document.querySelector("#sanad-chat .bubble-wrap");
  return !chat || chat.scrollHeight <= chat.clientHeight || chat.scrollTop + chat.clientHeight >= chat.scrollHeight - 2;
}"""
_SCROLL_TO_LAST = """() => {
  const chat = document.querySelector("#sanad-chat .bubble-wrap");
  if (chat) chat.scrollTop = chat.scrollHeight;
  const last = [...document.querySelectorAll("#sanad-chat .sanad-msg")].pop();
  if (last) last.scrollIntoView({block: "end"});
}"""


def ask(page, question: str) -> Shown:
    """Type ``question``, press Enter, and wait until its answer and the answer's sources are shown."""
    messages = page.locator("#sanad-chat .sanad-msg")
    before = messages.count()
    box = page.locator("#sanad-question textarea")
    box.fill(question)
    box.press("Enter")
    answer = messages.nth(before + 1)  # the question's message, then the answer's
    answer.wait_for(timeout=TIMEOUT_MS)
    cited = [c for c in page.evaluate(_CITED) if c]
    page.wait_for_function(_SOURCES_READY, arg=cited, timeout=TIMEOUT_MS)
    text = answer.evaluate(_ANSWER_TEXT)
    short = answer.locator(".sanad-short")
    numbers = tuple(dict.fromkeys(re.sub(r"^src-", "", c) for c in cited))
    return Shown(question, text, short.first.inner_text().strip() if short.count() else "", numbers, len(text))


def photograph(browser, base: str, question: Question, path: Path, viewport: dict) -> Shown:
    """Ask ``question`` (after its history) in a fresh profile; save the chat with the answer in view."""
    with tempfile.TemporaryDirectory(prefix="sanad-before-after-") as profile:
        context = browser.launch_persistent_context(
            profile, executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS, viewport=viewport, locale=LOCALES[question.lang]
        )
        try:
            page = context.new_page()
            page.goto(base, wait_until="domcontentloaded")
            page.locator("#sanad-question textarea").wait_for(timeout=TIMEOUT_MS)
            page.wait_for_function(_INTERFACE_READY, arg=question.lang, timeout=TIMEOUT_MS)
            earlier = tuple(ask(page, text) for text in question.history)
            shown = replace(ask(page, question.text), history=earlier)
            page.evaluate(_SCROLL_TO_LAST)
            page.wait_for_function(_SCROLLED_TO_LAST, timeout=TIMEOUT_MS)  # a smooth scroll has ended
            page.screenshot(path=str(path), full_page=viewport is DESKTOP, animations="disabled", caret="hide")
            return shown
        finally:
            context.close()


def run(urls: dict[str, str], out: Path, only: set[str] | None = None) -> dict:
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        raise SystemExit(f"{CHROMIUM} is missing: `make chromium` installs Debian's Chromium")
    out.mkdir(parents=True, exist_ok=True)
    results: dict = {}
    with sync_playwright() as playwright:
        for n, question in enumerate(QUESTIONS, 1):
            if only and question.slug not in only:
                continue
            entry = results.setdefault(question.slug, {"question": asdict(question)})
            for when, base in urls.items():
                stem = f"{n:02d}-{question.slug}"
                shown = photograph(playwright.chromium, base, question, out / f"{stem}-{when}.png", DESKTOP)
                entry[when] = asdict(shown)
                if question.phone:
                    photograph(playwright.chromium, base, question, out / f"{stem}-phone-{when}.png", PHONE)
                print(f"{stem} {when}: {shown.characters} characters, cites {', '.join(shown.cited) or 'nothing'}", file=sys.stderr)
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.before_after", description=__doc__.split("\n\n")[0])
    parser.add_argument("--before", required=True, metavar="URL", help="the chat of the earlier commit, e.g. http://127.0.0.1:7871/")
    parser.add_argument("--after", required=True, metavar="URL", help="the chat of the later commit")
    parser.add_argument("--out", type=Path, default=OUT, help=f"where the screenshots go (default {OUT})")
    parser.add_argument("--only", action="append", metavar="SLUG", choices=[q.slug for q in QUESTIONS], help="ask only this question (repeatable)")
    args = parser.parse_args(argv)
    urls = {"before": args.before.rstrip("/") + "/", "after": args.after.rstrip("/") + "/"}
    results = run(urls, args.out, set(args.only) if args.only else None)
    answers = args.out / "answers.json"
    kept = json.loads(answers.read_text(encoding="utf-8")) if answers.exists() and args.only else {}
    kept.update(results)
    answers.write_text(json.dumps(kept, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
