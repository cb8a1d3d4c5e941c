"""The HTTP API: in-process for the error matrix, and over a real uvicorn socket for the body limit."""

import json
import socket
import time
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
    # Paragraph 2 stands for one whose line repair was a close call.
    passages = [
        Passage(f"notes#{i}", DOC, i, ("Section",), text, raw=(text,), uncertain=i == 2) for i, text in enumerate(TEXTS, start=1)
    ]
    store = Store.build(passages, hashing_encoder, IndexConfig.for_model(hashing_encoder.name))
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


def test_an_uncertain_repair_is_flagged_with_the_raw_lines_beside_it(client):
    body = client.get("/api/passages/notes/2").json()
    assert body["uncertain"] is True and body["raw"] == [TEXTS[1]]
    assert client.get("/api/passages/notes/1").json()["uncertain"] is False
    hits = client.get("/api/search", params={"q": "الصندوق الاستئماني", "k": 3}).json()["hits"]
    assert {hit["id"]: hit["uncertain"] for hit in hits} == {"notes#1": False, "notes#2": True, "notes#3": False}


def test_passage_and_health(client):
    # "#" starts a URL fragment, so clients send passage ids URL-encoded.
    assert client.get("/api/passages/notes%232").json()["number"] == 2
    health = client.get("/api/health").json()
    assert health["status"] == "ok" and health["passages"] == 3 and health["fingerprint"]
    assert health["model"] == {"name": "test/hashing-encoder", "dimension": 64}


@pytest.mark.parametrize("path", ["/api/passages/notes/2", "/api/passages/notes/٢", "/api/passages/2", "/api/passages/notes%232"])
def test_every_address_form_finds_the_passage(client, path):
    response = client.get(path)
    assert response.status_code == 200, response.text
    assert response.json()["id"] == "notes#2" and response.json()["item"] is None


def test_documents_name_the_ids_addresses_use(client):
    assert client.get("/api/documents").json() == [
        {"id": "notes", "title": "Notes", "language": "ar", "paragraphs": 3, "front": [], "kind": None, "session": None, "symbol": None, "date": None, "agenda_item": None}
    ]


@pytest.mark.parametrize("path", ["/api", "/api/"])
def test_api_root_lists_every_documented_endpoint(client, path):
    body = client.get(path).json()
    listed = {(e["method"], e["path"]) for e in body["endpoints"]}
    spec = client.get(body["openapi"]).json()
    assert listed == {(method.upper(), p) for p, operations in spec["paths"].items() for method in operations}
    assert ("GET", "/api/passages/{doc}/{number}") in listed and ("POST", "/api/ask") in listed
    assert all(e["summary"] for e in body["endpoints"])
    assert (body["docs"], body["redoc"]) == ("/docs", "/redoc")


@pytest.mark.parametrize(
    "params, status, fragment",
    [
        ({"q": ""}, 422, "empty"),
        ({"q": "   "}, 422, "empty"),
        ({"q": "x" * 2001}, 422, "2,000"),
        ({"q": "x", "k": 0}, 422, "k: Input should be greater than or equal to 1"),
        ({"q": "x", "k": 51}, 422, "k: Input should be less than or equal to 50"),
        ({"q": "x", "k": "many"}, 422, "k"),
        ({"q": "x", "mode": "magic"}, 422, "mode: Input should be 'hybrid', 'bm25', 'dense' or 'rrf'"),
        ({}, 422, "q: Field required"),
    ],
)
def test_bad_search_input_is_a_4xx_with_a_message(client, params, status, fragment):
    response = client.get("/api/search", params=params)
    assert response.status_code == status
    assert fragment in response.json()["error"]
    _assert_documented(client, "/api/search", "get", response)


def test_mode_is_read_case_insensitively(client):
    assert client.get("/api/search", params={"q": "فيجي", "mode": " BM25 "}).json()["mode"] == "bm25"
    assert client.post("/api/ask", json={"question": "فيجي؟", "mode": "Dense"}).status_code == 200


@pytest.mark.parametrize(
    "kwargs, status, fragment",
    [
        ({"content": b"{not json", "headers": {"content-type": "application/json"}}, 400, "not valid JSON"),
        ({"content": b"question=hi", "headers": {"content-type": "application/x-www-form-urlencoded"}}, 415, "application/json"),
        ({"json": {"question": ""}}, 422, "empty"),
        ({"json": {"history": []}}, 422, "question"),
        ({"json": {"question": "hi", "history": [{"role": "robot", "content": "x"}]}}, 422, "role"),
        ({"json": {"question": "hi", "mode": "nope"}}, 422, "mode: Input should be 'hybrid', 'bm25', 'dense' or 'rrf'"),
        ({"json": {"question": "hi", "k": 0}}, 422, "k: Input should be greater than or equal to 1"),
        ({"json": {"question": "hi", "qestion": "typo"}}, 422, "qestion: Extra inputs are not permitted"),
        ({"json": {"question": "س" * 2001}}, 422, "the question has 2,001 characters; the limit is 2,000"),
        ({"json": {"question": "x" * 70_000}}, 413, "over 65,536 bytes"),
    ],
)
def test_bad_ask_input_is_a_4xx_with_a_message(client, kwargs, status, fragment):
    response = client.post("/api/ask", **kwargs)
    assert response.status_code == status, response.text
    assert fragment in response.json()["error"]
    _assert_documented(client, "/api/ask", "post", response)


@pytest.mark.parametrize(
    "body, english, arabic",
    [
        ({"question": " "}, "the question is empty", "السؤال فارغ"),
        ({"question": "س" * 2001}, "the question has 2,001 characters", "عدد أحرف السؤال ٢٬٠٠١ والحد الأقصى ٢٬٠٠٠"),
        ({"question": "hi", "k": 0}, "k: Input should be greater than or equal to 1", "يجب أن يكون k عدداً صحيحاً من ١ إلى ٥٠"),
        ({"question": "hi", "mode": "nope"}, "mode: Input should be", "طريقة البحث 'nope' غير معروفة"),
    ],
)
def test_a_refusal_is_in_arabic_when_the_request_asks_for_it(client, body, english, arabic):
    for header, expected in ((None, english), ("en-US,en", english), ("ar-EG,ar;q=0.9,en;q=0.5", arabic)):
        response = client.post("/api/ask", json=body, headers={"Accept-Language": header} if header else {})
        assert response.status_code == 422 and expected in response.json()["error"], (header, response.text)
    other = client.post("/api/ask", json={"question": "hi", "qestion": "typo"}, headers={"Accept-Language": "ar"})
    assert "qestion: Extra inputs are not permitted" in other.json()["error"]  # the rest stays English
    assert "`Accept-Language` prefers Arabic" in client.get("/openapi.json").json()["info"]["description"]  # documented


@pytest.mark.parametrize(
    "path, fragments",
    [
        ("/api/passages/notes%2399", ["notes has no passage '99'", "paragraphs 1 to 3", "/api/passages/notes/1"]),
        ("/api/passages/notes/99", ["notes has no passage '99'", "/api/passages/{doc}/{number}"]),
        ("/api/passages/99", ["notes has no passage '99'"]),
        ("/api/passages/elsewhere/1", ["no document 'elsewhere'", "['notes']", "GET /api/documents"]),
        ("/api/passages/notes/1?item=أ", ["paragraph 1 has no lettered items"]),
        ("/api/passages/notes", ["no passage 'notes'", "/api/passages/{doc}/{number}"]),
    ],
)
def test_unknown_passage_is_a_404_that_says_how_to_address_one(client, path, fragments):
    response = client.get(path)
    assert response.status_code == 404
    assert set(response.json()) == {"error"}
    for fragment in fragments:
        assert fragment in response.json()["error"]
    _assert_documented(client, "/api/passages/{doc}/{number}" if path.count("/") == 4 else "/api/passages/{passage_id}", "get", response)


@pytest.mark.parametrize(
    "method, path, status, fragment",
    [
        ("GET", "/api/nothing-here", 404, "GET /api/ lists the endpoints"),
        ("POST", "/api/search", 405, "/api/search answers GET, not POST"),
        ("GET", "/api/ask", 405, "/api/ask answers POST, not GET"),
        ("DELETE", "/api/passages/notes/1", 405, "answers GET"),
    ],
)
def test_unknown_endpoint_or_method_is_a_json_error(client, method, path, status, fragment):
    response = client.request(method, path)
    assert response.status_code == status and fragment in response.json()["error"]


def test_openapi_schema_documents_real_bodies(client):
    spec = client.get("/openapi.json").json()
    operations = [(path, method, op) for path, ops in spec["paths"].items() for method, op in ops.items()]
    assert len(operations) == 7
    for path, method, op in operations:
        ok = op["responses"]["200"]["content"]["application/json"]["schema"]
        assert ok, f"{method} {path}: the 200 body is undocumented"
        for status, response in op["responses"].items():
            if status != "200":
                assert response["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/ErrorBody"}
    assert "HTTPValidationError" not in spec["components"]["schemas"]  # FastAPI's {"detail": …}, which we never send
    ask = spec["paths"]["/api/ask"]["post"]
    assert ask["responses"]["200"]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/AnswerBody"}
    assert set(ask["responses"]) == {"200", "400", "413", "415", "422", "4XX"}
    assert spec["components"]["schemas"]["Mode"]["enum"] == ["hybrid", "bm25", "dense", "rrf"]
    question = spec["components"]["schemas"]["AskRequest"]["properties"]["question"]
    assert (question["minLength"], question["maxLength"]) == (1, 2000)


def _assert_documented(client, path: str, method: str, response) -> None:
    """The status is one the operation documents (or its 4XX), with the documented error body."""
    documented = client.get("/openapi.json").json()["paths"][path][method]["responses"]
    assert str(response.status_code) in documented or "4XX" in documented
    assert set(response.json()) == {"error"} and response.json()["error"]


def test_docs_pages_load_their_assets_from_this_server(client):
    for page, assets in [("/docs", ["swagger-ui-bundle.js", "swagger-ui.css"]), ("/redoc", ["redoc.standalone.js"])]:
        html = client.get(page).text
        assert "cdn." not in html and "fonts.googleapis" not in html, page
        for asset in assets:
            assert f'"/docs-assets/{asset}"' in html
            assert client.get(f"/docs-assets/{asset}").status_code == 200


def test_real_uvicorn_server_on_loopback(assistant, serve):
    base = serve(create_app(assistant))
    with urllib.request.urlopen(f"{base}/api/search?q=%D9%81%D9%8A%D8%AC%D9%8A&k=1&mode=bm25", timeout=30) as response:
        assert json.loads(response.read())["hits"][0]["id"] == "notes#1"
    request = urllib.request.Request(f"{base}/api/ask", data=b"{", headers={"content-type": "application/json"})
    with pytest.raises(urllib.error.HTTPError) as info:
        urllib.request.urlopen(request, timeout=30)
    assert info.value.code == 400


def _raw_request(base: str, head: bytes, body: bytes) -> tuple[bytes, float]:
    """Send ``head`` and only ``body`` on a socket; the full response and the seconds until the server closed."""
    host, port = base.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(head + body)
        started, received = time.perf_counter(), b""
        while chunk := sock.recv(65536):
            received += chunk
        return received, time.perf_counter() - started


def test_a_5_mb_body_is_refused_on_its_headers_before_it_is_sent(assistant, serve):
    """The client announces 5 MB and sends 1 KB: the server must answer 413 and close without waiting for the rest."""
    base = serve(create_app(assistant))
    head = b"POST /api/ask HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 5000000\r\n\r\n"
    response, seconds = _raw_request(base, head, b"{" + b" " * 1000)
    assert response.startswith(b"HTTP/1.1 413 ")
    assert json.loads(response.split(b"\r\n\r\n", 1)[1])["error"].startswith("the request body is over 65,536 bytes")
    assert seconds < 5  # closed at once, not after a read timeout


def test_a_chunked_body_is_refused_once_it_passes_the_limit(assistant, serve):
    """No Content-Length: 72 KiB of chunks and no final chunk; the server stops reading at the limit."""
    base = serve(create_app(assistant))
    head = b"POST /api/ask HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
    chunks = b"".join(b"2000\r\n" + b" " * 0x2000 + b"\r\n" for _ in range(9))
    response, seconds = _raw_request(base, head, chunks)
    assert response.startswith(b"HTTP/1.1 413 ") and seconds < 5


def test_a_body_within_the_limit_is_read_whole(client):
    """The limit counts bytes: a body just under it (padded JSON) passes through unchanged."""
    body = json.dumps({"question": "فيجي؟", "history": [{"role": "assistant", "content": "x" * 19_000}] * 3}).encode()
    assert 57_000 < len(body) < 65_536
    response = client.post("/api/ask", content=body, headers={"content-type": "application/json"})
    assert response.status_code == 200 and response.json()["question"] == "فيجي؟"


def test_documents_describe_the_bundled_report_as_its_cover_does(real_assistant):
    (report,) = TestClient(create_app(real_assistant)).get("/api/documents").json()
    assert report["paragraphs"] == 139 and report["front"] == ["cover", "summary"]
    assert (report["kind"], report["session"], report["agenda_item"]) == ("report-of-the-secretary-general", 74, 108)
    assert report["symbol"] is None and report["date"] is None  # the extracted cover gives neither
