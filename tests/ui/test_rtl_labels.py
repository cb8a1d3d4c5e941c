"""In the Arabic interface every Arabic label reads right to left, Gradio's own blocks included (real server, Chromium).

Gradio sets dir="ltr" on each block without an `rtl` option (the document picker, the upload zone
and its label, the examples' note, the settings accordion, the language switch), so their Arabic
labels sat at the left with a closing bracket or a ".md" at the wrong end; the model's name in the
header was an LTR span whose Arabic word "النموذج" read after the name. ``ui/static/page.css`` turns
those blocks to the page's direction, and only in the Arabic interface.
"""

from __future__ import annotations

import pytest

from tests.ui.test_e2e import DESKTOP, PHONE, open_chat, page, server  # noqa: F401 (fixtures)

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

# Visible elements that hold Arabic text of their own, with the direction the browser lays them out in.
ARABIC_DIRECTIONS = """() => {
  const found = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const element = node.parentElement;
    if (!element || !/[\\u0600-\\u06FF]/.test(node.textContent) || element.closest("[hidden]")) continue;
    const box = element.getBoundingClientRect();
    if (box.width < 2 || box.height < 2) continue;  // screen-reader text and collapsed content
    found.push({text: node.textContent.trim().slice(0, 60), direction: getComputedStyle(element).direction});
  }
  return found;
}"""


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_every_arabic_label_reads_right_to_left(page, server, viewport):
    page.set_viewport_size(viewport)
    open_chat(page, server, "ar")
    page.locator("#sanad-upload [data-testid=block-label]").wait_for()  # the library's upload zone is there
    shown = page.evaluate(ARABIC_DIRECTIONS)
    assert any("أضف تقريراً" in item["text"] for item in shown), shown
    assert [item for item in shown if item["direction"] != "rtl"] == []


def test_the_english_interface_keeps_its_labels_left_to_right(page, server):
    open_chat(page, server, "en")
    for label in ("#sanad-upload [data-testid=block-label]", "#sanad-settings", "#sanad-header .sanad-meta span"):
        assert page.locator(label).first.evaluate("e => getComputedStyle(e).direction") == "ltr", label
