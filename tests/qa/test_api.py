"""The HTTP API: in-process for the error matrix, and once over a real uvicorn socket."""

import json
import socket
import threading
import urllib.error
import urllib.request

import pytest
from fastapi.testclient import TestClient

from index.passage import DocRef, Passage
from index.store import IndexConfig, Store
from qa.api import create_app
from qa.assistant import Assistant

DOC = DocRef("notes", "Notes")
TEXTS = [
    "صدقت فيجي على البروتوكول في ١٩ أيلول/سبتمبر ٢٠١٧. وصدقت اليابان في ١١ تموز/يوليه ٢٠١٧.",
    "يدعم الصندوق الاستئماني ضحايا الاتجار بالأشخاص. ويمول منحا للمنظمات غير الحكومية.",
    "The report covers the period from December 2015 to April 2019.",
]


@pytest.fixture(scope="module")
def assistant(hashing_encoder):
    passages = [Passage(f"notes#{i}", DOC, i, ("Section",), text) for i, text in enumerate(TEXTS, start=1)]
    store = Store.build(passages, hashing_encoder, IndexConfig(model=hashing_encoder.name))
    return Assistant(store, hashing_encoder)


@pytest.fixture(scope="module")
def client(assistant):
    return TestClient(create_app(assistant))


def test_search_returns_typed_hits(client):
    body = client.get("/api/search", params={"q": "فيجي البروتوكول", "k": 2}).json()
    assert body["mode"] == "hybrid" and len(body["hits"]) == 2
    hit = body["hits"][0]
    assert hit["id"] == "notes#1" and hit["number"] == 1 and hit["rank"] == 1
    assert set(hit) >= {"id", "doc", "number", "section", "text", "score", "rank", "scores"}
    assert set(hit["scores"]) == {"bm25", "dense", "sentence"}


def test_ask_returns_citations_with_spans(client):
    body = client.post("/api/ask", json={"question": "متى صدقت فيجي على البروتوكول؟", "history": []}).json()
    assert set(body) >= {"question", "answer", "abstained", "citations", "hits"}
    for citation in body["citations"]:
        text = TEXTS[citation["number"] - 1]
        assert text[citation["start"] : citation["end"]] == citation["quote"]


def test_passage_and_health(client):
    # "#" starts a URL fragment, so clients send passage ids URL-encoded.
    assert client.get("/api/passages/notes%232").json()["number"] == 2
    health = client.get("/api/health").json()
    assert health["status"] == "ok" and health["passages"] == 3 and health["fingerprint"]


@pytest.mark.parametrize(
    "params, status, fragment",
    [
        ({"q": ""}, 422, "empty"),
        ({"q": "   "}, 422, "empty"),
        ({"q": "x" * 2001}, 422, "2,000"),
        ({"q": "x", "k": 0}, 422, "1 to 50"),
        ({"q": "x", "k": 51}, 422, "1 to 50"),
        ({"q": "x", "k": "many"}, 422, "k"),
        ({"q": "x", "mode": "magic"}, 422, "'hybrid', 'bm25', 'dense', 'rrf'"),
        ({}, 422, "q"),
    ],
)
def test_bad_search_input_is_a_4xx_with_a_message(client, params, status, fragment):
    response = client.get("/api/search", params=params)
    assert response.status_code == status
    assert fragment in response.json()["error"]


@pytest.mark.parametrize(
    "kwargs, status, fragment",
    [
        ({"content": b"{not json", "headers": {"content-type": "application/json"}}, 400, "not valid JSON"),
        ({"content": b"question=hi", "headers": {"content-type": "application/x-www-form-urlencoded"}}, 415, "application/json"),
        ({"json": {"question": ""}}, 422, "empty"),
        ({"json": {"history": []}}, 422, "question"),
        ({"json": {"question": "hi", "history": [{"role": "robot", "content": "x"}]}}, 422, "role"),
        ({"json": {"question": "hi", "mode": "nope"}}, 422, "supported values"),
    ],
)
def test_bad_ask_input_is_a_4xx_with_a_message(client, kwargs, status, fragment):
    response = client.post("/api/ask", **kwargs)
    assert response.status_code == status, response.text
    assert fragment in response.json()["error"]


def test_unknown_passage_is_404(client):
    response = client.get("/api/passages/notes%2399")
    assert response.status_code == 404 and "notes#99" in response.json()["error"]


def test_openapi_docs_are_served(client):
    assert client.get("/docs").status_code == 200
    assert "/api/search" in client.get("/openapi.json").json()["paths"]


def test_real_uvicorn_server_on_loopback(assistant):
    import uvicorn

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    sock.listen(16)  # connections wait in the backlog until the server accepts them: no polling
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(assistant), log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        base = f"http://127.0.0.1:{port}"
        with urllib.request.urlopen(f"{base}/api/search?q=%D9%81%D9%8A%D8%AC%D9%8A&k=1&mode=bm25", timeout=30) as response:
            assert json.loads(response.read())["hits"][0]["id"] == "notes#1"
        request = urllib.request.Request(f"{base}/api/ask", data=b"{", headers={"content-type": "application/json"})
        with pytest.raises(urllib.error.HTTPError) as info:
            urllib.request.urlopen(request, timeout=30)
        assert info.value.code == 400
    finally:
        server.should_exit = True
        thread.join(timeout=30)
        sock.close()
