"""The interface speaks Arabic and English alike, and picks the browser's language."""

from __future__ import annotations

import re
import string

import pytest

from qa.catalog import DocumentInfo, Kind
from ui import page
from ui.strings import AR, EN, GRADIO_LABELS, STRINGS, number, ordinal, pick_language, text

FIELDS = string.Formatter()


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in FIELDS.parse(template) if name}


def test_both_languages_say_everything_with_the_same_blanks():
    assert STRINGS[AR].keys() == STRINGS[EN].keys()
    for key in STRINGS[EN]:
        assert _fields(STRINGS[AR][key]) == _fields(STRINGS[EN][key]), key
        assert STRINGS[AR][key].strip() and STRINGS[EN][key].strip(), key


def test_arabic_strings_are_arabic():
    technical = {"counter", "separator"}  # "{count} / {limit}", " | "
    for key, value in STRINGS[AR].items():
        if key not in technical:
            assert re.search("[\u0600-\u06ff]", value), key


def test_every_mode_and_kind_has_its_line():
    from qa.retriever import Mode

    for language in (AR, EN):
        for mode in Mode:
            line = text(language, f"mode.{mode.value}")
            assert line.startswith(f"{mode.value}: ") and len(line) > len(mode.value) + 12
        for kind in Kind:
            assert text(language, f"kind.{kind.value}")


@pytest.mark.parametrize(
    ("choice", "header", "expected"),
    [
        (None, "ar-EG,ar;q=0.9,en;q=0.8", AR),
        (None, "en-US,en;q=0.9,ar;q=0.8", EN),
        (None, "fr-FR,fr;q=0.9,ar;q=0.7,en;q=0.5", AR),  # the first of the two it knows
        (None, "en;q=0.4,ar;q=0.6", AR),  # by quality, not position
        (None, "fr-FR", EN),
        (None, "", EN),
        ("en", "ar-EG", EN),  # the user's own choice wins
        ("ar", None, AR),
        ("xx", "ar", AR),  # a choice it cannot honour is ignored
    ],
)
def test_pick_language(choice, header, expected):
    assert pick_language(choice, header) is expected


def test_numbers_in_each_language():
    assert (number(2000, EN), number(2000, AR), number(2019, AR, grouped=False)) == ("2,000", "٢٬٠٠٠", "٢٠١٩")
    assert [ordinal(n, EN) for n in (1, 2, 3, 11, 12, 13, 21, 74)] == ["1st", "2nd", "3rd", "11th", "12th", "13th", "21st", "74th"]
    assert ordinal(74, AR) == "٧٤"


REPORT = DocumentInfo("a74", "تحسين تنسيق الجهود", 139, ("cover", "summary"), kind=Kind.SECRETARY_GENERAL_REPORT, session=74)


def test_the_header_names_the_report_in_each_language():
    english = page.render_header([REPORT], "e5", EN, 2000)
    for expected in ("تحسين تنسيق الجهود", "Report of the Secretary-General", "74th session (2019)", "139 numbered paragraphs"):
        assert expected in english
    arabic = page.render_header([REPORT], "e5", AR, 2000)
    for expected in ('dir="rtl"', "تقرير الأمين العام", "الدورة ٧٤ (٢٠١٩)", "١٣٩ فقرة مرقّمة", " | "):
        assert expected in arabic
    assert "Symbol" not in english and "dated" not in english and "item" not in english  # the text carries none
    full = DocumentInfo("a74", "t", 139, symbol="A/74/123", date="١٩ تموز/يوليه ٢٠١٩", agenda_item=108)
    english = page.render_header([full], "e5", EN, 2000)
    assert "item 108 · Symbol A/74/123 · dated 19 July 2019 · 139 numbered paragraphs" in re.sub("<[^>]+>", "", english)
    assert '<span class="sanad-fact">item 108</span>' in english  # a fact is not split across lines
    arabic = page.render_header([full], "e5", AR, 2000)
    assert "البند ١٠٨ | الرمز A/74/123 | بتاريخ ١٩ تموز/يوليه ٢٠١٩ | ١٣٩ فقرة مرقّمة" in re.sub("<[^>]+>", "", arabic)


def test_the_header_hands_the_page_script_its_limit_and_messages():
    arabic = page.render_header([REPORT], "e5", AR, 2000)
    assert 'data-limit="2000"' in arabic and 'data-counter-from="1600"' in arabic and 'data-lang="ar"' in arabic
    assert "والحد الأقصى {limit}" in arabic
    assert 'data-too-long="Your question has {count} characters; the limit is {limit}.' in page.render_header([REPORT], "e5", EN, 2000)
    script = page.head()
    assert "window.sanadSetLanguage" in script and "#sanad-question textarea" in script


def test_gradios_own_labels_have_words_in_each_language():
    """The page script's table (``data-gradio-labels``): Gradio's words as it writes them, and ours."""
    import json
    from html import unescape

    for language in (AR, EN):
        (config,) = re.findall(r'data-gradio-labels="([^"]*)"', page.render_header([REPORT], "e5", language, 2000))
        assert json.loads(unescape(config)) == GRADIO_LABELS[language]
    arabic = GRADIO_LABELS[AR]
    assert {"Like", "Dislike", "Clear", "Liked", "Disliked"} <= arabic.keys()
    assert all(re.search("[\u0600-\u06ff]", words) for words in arabic.values())
    assert all(key.count("{}") == words.count("{}") for table in GRADIO_LABELS.values() for key, words in table.items())
    # A button drawn in Arabic before a switch to English reads English again.
    assert {GRADIO_LABELS[EN][arabic[word]] for word in ("Like", "Dislike", "Clear")} == {"Like", "Dislike", "Clear"}
