"""One app: the API and its docs beside the chat, Gradio serving nothing but its own assets."""

from __future__ import annotations

import subprocess
import sys

import pytest


@pytest.fixture(scope="module")
def client(assistant):
    from fastapi.testclient import TestClient

    from ui.server import create_server

    with TestClient(create_server(assistant)) as client:
        yield client


def test_api_and_docs_work_beside_the_chat(client, standin):
    health = client.get("/api/health")
    assert health.status_code == 200 and health.json()["passages"] == len(standin)
    assert client.get("/docs").status_code == 200
    assert "/api/ask" in client.get("/openapi.json").json()["paths"]
    page = client.get("/")
    assert page.status_code == 200 and "gradio" in page.text.lower()


def test_every_url_the_ready_line_names_answers(client):
    from ui.server import ready_line

    line = ready_line("http://127.0.0.1:7860/", 1.0)
    urls = line.split(": ", 2)[2].split()[1::2]
    assert urls == ["http://127.0.0.1:7860/", "http://127.0.0.1:7860/api/", "http://127.0.0.1:7860/docs"]
    for url in urls:
        response = client.get(url.removeprefix("http://127.0.0.1:7860"))
        assert response.status_code == 200, (url, response.status_code)


@pytest.mark.parametrize("path", ["/api", "/api/", "/api/no-such-endpoint", "/api/passages/3?item=ج"])
def test_the_chat_mount_does_not_swallow_api_paths(client, path):
    """Gradio is mounted at "/": every /api path, even a wrong one, still answers the API's JSON."""
    response = client.get(path)
    assert response.headers["content-type"] == "application/json", (path, response.text[:200])
    assert ("endpoints" in response.json()) == (path in ("/api", "/api/"))


def test_passage_sub_item_through_the_mounted_api(client, standin):
    body = client.get("/api/passages/a74-trafficking/139", params={"item": "ب"}).json()
    assert body["item"]["label"] == ["ب"] and body["item"]["text"].startswith("(ب) تشجيع")
    assert body["item"]["text"] == standin[139].text[body["item"]["start"] : body["item"]["end"]]


def test_ask_through_the_mounted_api(client):
    reply = client.post("/api/ask", json={"question": "متى صدقت اليابان على بروتوكول الاتجار بالأشخاص؟"})
    assert reply.status_code == 200
    assert reply.json()["hits"]


@pytest.mark.parametrize("path", ["/etc/passwd", "pyproject.toml", "/work/main/pyproject.toml", "../../../etc/passwd"])
def test_gradio_serves_no_project_or_system_files(client, path):
    for prefix in ("/gradio_api/file=", "/file="):
        response = client.get(prefix + path)
        assert response.status_code in (403, 404), (prefix + path, response.status_code)


def test_help_does_not_import_gradio():
    code = "import sys; from ui.cli import build_parser; build_parser(); print('gradio' in sys.modules, 'uvicorn' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False"]


def test_serve_binds_loopback_by_default():
    from ui.cli import build_parser

    args = build_parser().parse_args(["serve"])
    assert (args.host, args.port, args.index_dir) == ("127.0.0.1", 7860, None)
