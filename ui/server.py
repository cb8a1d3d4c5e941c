"""One app for one process: the HTTP API at ``/api/…`` (docs at ``/docs``) and the chat at ``/``.

``sanad serve`` runs ``serve``. Importing this module stays light (the command
line reads its defaults): fastapi, gradio and uvicorn load inside the functions.
"""

from __future__ import annotations

import logging
import sys
import time
from typing import TYPE_CHECKING

from index.encoders.batching import BatchConfig
from qa.library import DEFAULT_MAX_UPLOAD_MB

if TYPE_CHECKING:
    from fastapi import FastAPI

    from qa.assistant import Assistant

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 7860
_LOOPBACK = {"127.0.0.1", "localhost", "::1"}

# What the ready line names: (label, path under the server's URL). tests/ui/test_server.py gets each.
ADVERTISED = (("chat", ""), ("API", "api/"), ("docs", "docs"))
# The chat's requests are a question (at most 2,000 characters), a vote or a comment; Gradio
# itself reads any body whole, so its routes get this limit (the API keeps its own 64 KiB).
CHAT_MAX_BODY_BYTES = 1024 * 1024
UPLOAD_ROUTE = "/gradio_api/upload"
_MULTIPART_ROOM = 64 * 1024


def upload_body_limit(max_upload_mb: float) -> int:
    """Bytes an upload request may carry: the file limit and room for its multipart envelope."""
    return int(max_upload_mb * 1024 * 1024) + _MULTIPART_ROOM


def create_server(assistant: Assistant, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT, max_upload_mb: float = DEFAULT_MAX_UPLOAD_MB) -> FastAPI:
    """The API app with the Gradio chat mounted at ``/``.

    The API's routes are registered first, so ``/api/…``, ``/docs`` and
    ``/openapi.json`` win over the mount. Gradio serves only its own assets:
    no extra ``allowed_paths``, no server-side rendering (no Node process),
    no MCP server, no run history kept on disk. A body over ``CHAT_MAX_BODY_BYTES``
    is refused before it is read, on Gradio's routes as the API refuses its own.
    """
    import gradio as gr

    from qa.api import create_app
    from qa.body_limit import BodyLimit
    from ui import page
    from ui.app import build_blocks

    app = create_app(assistant)
    upload_limit = upload_body_limit(max_upload_mb)
    app.add_middleware(BodyLimit, limit=CHAT_MAX_BODY_BYTES, prefix="", skip=("/api", UPLOAD_ROUTE), hint="the chat sends questions and votes")
    # A file for the library may be larger than a question; past the chat's own limit (with room for
    # the multipart envelope) it is refused before it is read, as every other body is.
    app.add_middleware(BodyLimit, limit=upload_limit, prefix=UPLOAD_ROUTE, hint=f"files up to {max_upload_mb:g} MB can be added")
    return gr.mount_gradio_app(
        app,
        build_blocks(assistant, max_upload_mb=max_upload_mb),
        path="/",
        server_name=host,
        server_port=port,
        footer_links=[],  # Gradio's own API page and settings would speak past the chat's language switch
        run_history=False,
        allowed_paths=[],
        show_error=False,
        ssr_mode=False,
        mcp_server=False,
        enable_monitoring=False,
        pwa=False,
        css=page.css(),
        head=page.head(),
    )


def _url(host: str, port: int) -> str:
    shown = "127.0.0.1" if host in ("0.0.0.0", "") else host
    if ":" in shown:
        shown = f"[{shown}]"
    return f"http://{shown}:{port}/"


def ready_line(url: str, seconds: float) -> str:
    """``sanad: ready in 2.1 s: chat http://…/  API http://…/api/  docs http://…/docs``"""
    return f"sanad: ready in {seconds:.1f} s: " + "  ".join(f"{label} {url}{path}" for label, path in ADVERTISED)


def serve(
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    index_dir=None,
    query_batch: BatchConfig | None = BatchConfig(),
    max_upload_mb: float = DEFAULT_MAX_UPLOAD_MB,
) -> int:
    """Open (or build) the index, then serve until interrupted; prints the ready line once listening.

    ``query_batch`` embeds the queries of concurrent requests together (``None``: one by one).
    """
    logging.basicConfig(level=logging.WARNING, format="sanad: %(message)s", stream=sys.stderr)
    for name in ("index", "qa", "ui"):  # our own progress notes, not every library's
        logging.getLogger(name).setLevel(logging.INFO)
    started = time.perf_counter()
    print("sanad: opening the index (the first start builds it, a minute or two)…", file=sys.stderr, flush=True)
    from qa.assistant import Assistant

    assistant = Assistant.load(index_dir, show_progress=True, query_batch=query_batch)

    import uvicorn

    app = create_server(assistant, host=host, port=port, max_upload_mb=max_upload_mb)
    url = _url(host, port)

    class Server(uvicorn.Server):
        async def startup(self, sockets=None):
            await super().startup(sockets=sockets)
            if self.started:  # listening: now the URL works
                print(ready_line(url, time.perf_counter() - started), flush=True)

    if host not in _LOOPBACK:
        print(f"sanad: warning: listening on {host}, not only on this machine", file=sys.stderr, flush=True)
    server = Server(uvicorn.Config(app, host=host, port=port, log_level="warning", lifespan="on"))
    server.run()
    return 0 if server.started else 1
