"""One app for one process: the HTTP API at ``/api/…`` (docs at ``/docs``) and the chat at ``/``."""

from __future__ import annotations

from fastapi import FastAPI

from qa.api import create_app
from qa.assistant import Assistant
from ui.cli import DEFAULT_HOST, DEFAULT_PORT


def create_server(assistant: Assistant, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT) -> FastAPI:
    """The API app with the Gradio chat mounted at ``/``.

    The API's routes are registered first, so ``/api/…``, ``/docs`` and
    ``/openapi.json`` win over the mount. Gradio serves only its own assets:
    no extra ``allowed_paths``, no server-side rendering (no Node process),
    no MCP server, no run history kept on disk.
    """
    import gradio as gr

    from ui import page
    from ui.app import build_blocks

    app = create_app(assistant)
    return gr.mount_gradio_app(
        app,
        build_blocks(assistant),
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
