"""``sanad serve``: the chat, the HTTP API and its docs in one process.

Registered through the ``sanad.commands`` entry point; only ``argparse`` is
imported here so that ``sanad --help`` stays instant.
"""

from __future__ import annotations

import argparse

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 7860
_LOOPBACK = {"127.0.0.1", "localhost", "::1"}


# What the ready line names: (label, path under the server's URL). tests/ui/test_server.py gets each.
ADVERTISED = (("chat", ""), ("API", "api/"), ("docs", "docs"))


def _url(host: str, port: int) -> str:
    shown = "127.0.0.1" if host in ("0.0.0.0", "") else host
    if ":" in shown:
        shown = f"[{shown}]"
    return f"http://{shown}:{port}/"


def ready_line(url: str, seconds: float) -> str:
    """``sanad: ready in 2.1 s: chat http://…/  API http://…/api/  docs http://…/docs``"""
    return f"sanad: ready in {seconds:.1f} s: " + "  ".join(f"{label} {url}{path}" for label, path in ADVERTISED)


def _cmd_serve(args) -> int:
    import sys
    import time

    import logging

    logging.basicConfig(level=logging.WARNING, format="sanad: %(message)s", stream=sys.stderr)
    for name in ("index", "qa", "ui"):  # our own progress notes, not every library's
        logging.getLogger(name).setLevel(logging.INFO)
    started = time.perf_counter()
    print("sanad: opening the index (the first start builds it, a minute or two)…", file=sys.stderr, flush=True)
    from qa.assistant import Assistant

    assistant = Assistant.load(args.index_dir, show_progress=True)

    import uvicorn

    from ui.server import create_server

    app = create_server(assistant, host=args.host, port=args.port)
    url = _url(args.host, args.port)

    class Server(uvicorn.Server):
        async def startup(self, sockets=None):
            await super().startup(sockets=sockets)
            if self.started:  # listening: now the URL works
                print(ready_line(url, time.perf_counter() - started), flush=True)

    if args.host not in _LOOPBACK:
        print(f"sanad: warning: listening on {args.host}, not only on this machine", file=sys.stderr, flush=True)
    server = Server(uvicorn.Config(app, host=args.host, port=args.port, log_level="warning", lifespan="on"))
    server.run()
    return 0 if server.started else 1


def register(commands: argparse._SubParsersAction) -> None:
    """Add ``serve`` to the ``sanad`` command's subparsers."""
    serve = commands.add_parser("serve", help="run the chat at / and the HTTP API at /api (one process)")
    serve.add_argument("--host", default=DEFAULT_HOST, help=f"address to bind (default {DEFAULT_HOST}: this machine only)")
    serve.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"port (default {DEFAULT_PORT})")
    serve.add_argument("--index-dir", metavar="D", help="index directory (default: $SANAD_HOME/index/default, built if missing)")
    serve.set_defaults(run=_cmd_serve)
