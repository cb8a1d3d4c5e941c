"""The API docs in a real browser, offline: ``/docs`` (Swagger UI) and ``/redoc`` render from this server alone.

The server is the one `sanad serve` runs (the chat mounted beside the API,
``ui.server.create_server``) over the stand-in corpus, under uvicorn on
loopback. The browser is offline to the pages: a request for another host
(a CDN) is aborted and recorded, and fails the test. (ReDoc's sidebar logo
is blocked before it is requested, by the pages' Content-Security-Policy.)
Screenshots go to ``tests/artifacts/``.
"""

from __future__ import annotations

import json
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import pytest

pytestmark = pytest.mark.e2e

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
RENDER_TIMEOUT = 30_000  # milliseconds


@pytest.fixture(scope="module")
def base_url(assistant, serve):
    from ui.server import create_server

    return serve(create_server(assistant))


@pytest.fixture(scope="module")
def operations(base_url) -> list[tuple[str, str, str]]:
    """``(METHOD, path, summary)`` of every operation ``/openapi.json`` documents."""
    with urllib.request.urlopen(f"{base_url}/openapi.json", timeout=30) as response:
        spec = json.load(response)
    return [(method.upper(), path, op["summary"]) for path, ops in spec["paths"].items() for method, op in ops.items()]


@pytest.fixture
def page(browser_context, base_url):
    """A page that reaches this server only; what it asks of any other host is aborted and kept in ``page.foreign``."""
    page = browser_context.new_page()
    page.foreign = []
    own = urlsplit(base_url).netloc

    def refuse(route):
        page.foreign.append(route.request.url)
        route.abort("internetdisconnected")

    page.route(lambda url: urlsplit(url).netloc not in ("", own), refuse)
    yield page
    page.close()


def _shot(page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_swagger_ui_lists_every_operation_offline(page, base_url, operations):
    page.goto(f"{base_url}/docs", wait_until="domcontentloaded")
    blocks = page.locator(".opblock")
    blocks.first.wait_for(timeout=RENDER_TIMEOUT)
    shown = {
        (blocks.nth(i).locator(".opblock-summary-method").inner_text().strip(), blocks.nth(i).locator(".opblock-summary-path").get_attribute("data-path"))
        for i in range(blocks.count())
    }
    assert shown == {(method, path) for method, path, _ in operations}
    assert "Sanad" in page.locator(".info .title").inner_text()
    _shot(page, "api-docs")

    # Opening `ask` shows the real bodies: the answer's fields and the error body.
    ask = page.locator(".opblock-post").filter(has_text="/api/ask")
    ask.locator(".opblock-summary").click()
    responses = ask.locator(".responses-table")
    responses.first.wait_for(timeout=RENDER_TIMEOUT)
    text = ask.inner_text()
    for expected in ('"citations"', '"quote"', '"error"', "413", "422"):
        assert expected in text, expected
    _shot(page, "api-docs-ask")
    assert page.foreign == []


def test_redoc_renders_every_operation_offline(page, base_url, operations):
    page.goto(f"{base_url}/redoc", wait_until="domcontentloaded")
    page.locator("h1").filter(has_text="Sanad").wait_for(timeout=RENDER_TIMEOUT)
    content = page.locator(".api-content").inner_text()
    for _, path, summary in operations:
        assert summary in content, summary
    _shot(page, "api-redoc")
    assert page.foreign == []
