"""Request bodies over a limit are refused before they are read, on the chat's routes as on the API's.

Real server on loopback (the chat mounted beside the API, the stand-in corpus), real
sockets: a client announces or streams 5 MB and the server must answer 413 and close
without reading it.
"""

from __future__ import annotations

import json
import socket
import time

import pytest

FIVE_MB = 5 * 1024 * 1024
UPLOAD_MB = 2  # the chat's file limit in these tests, so that 5 MB is over it too
# Gradio's routes a browser (or anyone) can POST to: its event queue, a file upload, an API call.
CHAT_POSTS = ["/gradio_api/queue/join", "/gradio_api/upload", "/gradio_api/run/predict", "/"]


@pytest.fixture(scope="module")
def base(assistant, serve):
    from ui.server import create_server

    return serve(create_server(assistant, max_upload_mb=UPLOAD_MB))


def raw_request(base: str, head: bytes, body: bytes) -> tuple[bytes, float]:
    """Send ``head`` and ``body`` on a socket; the response and the seconds until the server closed."""
    host, port = base.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=20) as sock:
        sock.sendall(head + body)
        started, received = time.perf_counter(), b""
        while chunk := sock.recv(65536):
            received += chunk
        return received, time.perf_counter() - started


def _limit_text(path: str) -> str:
    from ui.server import UPLOAD_ROUTE, upload_body_limit

    if path.startswith("/api"):
        return "65,536"
    return f"{upload_body_limit(UPLOAD_MB):,}" if path == UPLOAD_ROUTE else "1,048,576"


def _refused(response: bytes, limit_text: str) -> bool:
    status, _, body = response.partition(b"\r\n\r\n")
    return status.startswith(b"HTTP/1.1 413 ") and json.loads(body)["error"].startswith(f"the request body is over {limit_text} bytes")


@pytest.mark.parametrize("path", ["/api/ask", *CHAT_POSTS])
def test_an_announced_5_mb_body_is_refused_on_its_headers(base, path):
    head = f"POST {path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: {FIVE_MB}\r\n\r\n".encode()
    response, seconds = raw_request(base, head, b"{" + b" " * 1000)
    limit = _limit_text(path)
    assert _refused(response, limit), response[:300]
    assert seconds < 5  # at once, not after waiting for the rest


@pytest.mark.parametrize("path", ["/api/ask", *CHAT_POSTS])
def test_a_chunked_5_mb_body_is_refused_once_it_passes_the_limit(base, path):
    """No Content-Length: 5 MB in 64 KiB chunks; the server answers and closes long before the end."""
    head = f"POST {path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n".encode()
    host, port = base.removeprefix("http://").split(":")
    chunk = b"10000\r\n" + b" " * 0x10000 + b"\r\n"
    sent = 0
    with socket.create_connection((host, int(port)), timeout=20) as sock:
        sock.sendall(head)
        try:
            while sent < FIVE_MB:
                sock.sendall(chunk)
                sent += 0x10000
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server closed: what we want
        received = b""
        try:
            while data := sock.recv(65536):
                received += data
        except ConnectionResetError:
            pass
    limit = _limit_text(path)
    assert _refused(received, limit), received[:300]


def test_the_chat_still_takes_its_own_requests(base):
    import urllib.request

    with urllib.request.urlopen(f"{base}/config", timeout=30) as response:
        assert response.status == 200 and json.loads(response.read())["components"]
