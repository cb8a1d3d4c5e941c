"""``/docs`` (Swagger UI) and ``/redoc`` (ReDoc) served from a package, so they work offline.

FastAPI's own pages load their JavaScript and CSS from a CDN and are blank
without one. The ``fastapi-offline`` wheel ships the same files; we serve them
at ``ASSETS`` and point FastAPI's page builders at them (no Google Fonts, a
local favicon, no Swagger validator badge). What is still wired to the web,
ReDoc's sidebar logo, is kept off by a Content-Security-Policy that allows
this server only: the logo hides itself when it cannot load.
"""

from __future__ import annotations

from importlib import resources

from fastapi import FastAPI, Request
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

ASSETS = "/docs-assets"
# Inline scripts and styles: both pages start from an inline <script>; ReDoc searches in a blob: worker.
POLICY = (
    "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self' data:; worker-src 'self' blob:; connect-src 'self'"
)


def _asset_directory() -> str:
    try:
        return str(resources.files("fastapi_offline") / "static")
    except ModuleNotFoundError:
        raise ImportError("the offline API docs need fastapi-offline: pip install fastapi-offline") from None


def _offline(page: HTMLResponse) -> HTMLResponse:
    page.headers["Content-Security-Policy"] = POLICY
    return page


def install_docs(app: FastAPI, docs_url: str = "/docs", redoc_url: str = "/redoc") -> None:
    """Add the two pages and their assets to ``app`` (created with ``docs_url=None, redoc_url=None``)."""
    app.mount(ASSETS, StaticFiles(directory=_asset_directory()), name="docs-assets")

    def root(request: Request) -> str:  # behind a proxy that strips a prefix, URLs keep it
        return request.scope.get("root_path", "").rstrip("/")

    @app.get(docs_url, include_in_schema=False)
    def swagger_ui(request: Request) -> HTMLResponse:
        base = root(request)
        page = get_swagger_ui_html(
            openapi_url=base + app.openapi_url,
            title=f"{app.title} API",
            swagger_js_url=f"{base}{ASSETS}/swagger-ui-bundle.js",
            swagger_css_url=f"{base}{ASSETS}/swagger-ui.css",
            swagger_favicon_url=f"{base}{ASSETS}/favicon.png",
            swagger_ui_parameters={"validatorUrl": None},  # the badge is an image from the validator's site
        )
        return _offline(page)

    @app.get(redoc_url, include_in_schema=False)
    def redoc(request: Request) -> HTMLResponse:
        base = root(request)
        page = get_redoc_html(
            openapi_url=base + app.openapi_url,
            title=f"{app.title} API",
            redoc_js_url=f"{base}{ASSETS}/redoc.standalone.js",
            redoc_favicon_url=f"{base}{ASSETS}/favicon.png",
            with_google_fonts=False,
        )
        return _offline(page)
