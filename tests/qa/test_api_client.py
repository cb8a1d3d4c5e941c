"""A client generated from ``/openapi.json`` alone (openapi-python-client) works against a real server.

The generator reads the schema from a uvicorn server on loopback, writes the
client into ``tmp_path`` (about a second, no network), and the test calls it
as a developer would: typed requests in, typed bodies out, errors included.
"""

import subprocess
import sys

import pytest

from index.passage import DocRef, Passage
from index.store import IndexConfig, Store
from qa.answer import AnswerConfig
from qa.api import create_app
from qa.assistant import Assistant

DOC = DocRef("notes", "Notes")
TEXTS = [
    "صدقت فيجي على البروتوكول في ١٩ أيلول/سبتمبر ٢٠١٧. وصدقت اليابان في ١١ تموز/يوليه ٢٠١٧.",
    "يدعم الصندوق الاستئماني ضحايا الاتجار بالأشخاص. ويمول منحا للمنظمات غير الحكومية.",
    "The report covers the period from December 2015 to April 2019.",
]


@pytest.fixture(scope="module")
def base_url(hashing_encoder, serve):
    passages = [Passage(f"notes#{i}", DOC, i, ("Section",), text) for i, text in enumerate(TEXTS, start=1)]
    store = Store.build(passages, hashing_encoder, IndexConfig.for_model(hashing_encoder.name))
    # The hashing encoder's similarities are low: the threshold that suits it, as in tests/ui/conftest.py.
    return serve(create_app(Assistant(store, hashing_encoder, answer=AnswerConfig(abstain_below=0.4))))


@pytest.fixture(scope="module")
def generated(base_url, tmp_path_factory):
    """The generated package, imported as ``sanad_client``."""
    pytest.importorskip("openapi_python_client", reason="a test dependency: pip install -e '.[test]'")
    root = tmp_path_factory.mktemp("client")
    config = root / "config.yml"
    config.write_text("post_hooks: []\n", encoding="utf-8")  # no formatter run: it needs nothing on PATH
    command = [
        sys.executable, "-m", "openapi_python_client", "generate",
        "--url", f"{base_url}/openapi.json",
        "--output-path", str(root / "sanad_client"),
        "--meta", "none", "--config", str(config),
        "--fail-on-warning",  # every schema the API documents must be one a generator understands
    ]  # fmt: skip
    result = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    with pytest.MonkeyPatch.context() as patch:
        patch.syspath_prepend(str(root))
        import sanad_client

        yield sanad_client
    for name in [n for n in sys.modules if n == "sanad_client" or n.startswith("sanad_client.")]:
        del sys.modules[name]


@pytest.fixture
def client(generated, base_url):
    return generated.Client(base_url=base_url, raise_on_unexpected_status=True)


def test_ask_round_trips_with_typed_citations(generated, client):
    from sanad_client.api.answers import ask
    from sanad_client.models import AnswerBody, AskRequest, Mode, Turn, TurnRole

    request = AskRequest(
        question="متى صدقت فيجي على البروتوكول؟",
        history=[Turn(role=TurnRole.USER, content="مرحبا")],
        k=3,
        mode=Mode.HYBRID,
    )
    answer = ask.sync(client=client, body=request)
    assert isinstance(answer, AnswerBody), answer
    assert answer.question == request.question and not answer.abstained
    assert answer.citations, answer.answer
    for citation in answer.citations:
        assert isinstance(citation.number, int)
        assert TEXTS[citation.number - 1][citation.start : citation.end] == citation.quote
        assert citation.label.startswith("الفقرة")
    assert answer.citations[0].number == 1 and answer.hits[0].doc.id == "notes"


def test_search_returns_typed_hits(generated, client):
    from sanad_client.api.answers import search
    from sanad_client.models import Mode, SearchBody

    body = search.sync(client=client, q="فيجي", k=2, mode=Mode.BM25)
    assert isinstance(body, SearchBody) and body.mode is Mode.BM25
    assert [hit.rank for hit in body.hits] == [1, 2]
    assert body.hits[0].id == "notes#1" and body.hits[0].number == 1
    assert isinstance(body.hits[0].score, float) and "bm25" in body.hits[0].scores.additional_properties


def test_passages_by_address_and_by_id(generated, client):
    from sanad_client.api.passages import documents, passage, passage_by_number

    [document] = documents.sync(client=client)
    by_number = passage_by_number.sync(client=client, doc=document.id, number="2")
    by_id = passage.sync(client=client, passage_id="notes#2")  # the client escapes the "#"
    assert by_number.text == by_id.text == TEXTS[1]


def test_errors_come_back_as_the_documented_error_body(generated, client):
    from sanad_client.api.answers import ask
    from sanad_client.api.passages import passage_by_number
    from sanad_client.models import AskRequest, ErrorBody

    empty = ask.sync(client=client, body=AskRequest(question="  "))
    assert isinstance(empty, ErrorBody) and empty.error == "the question is empty"
    missing = passage_by_number.sync_detailed(client=client, doc="notes", number="9")
    assert missing.status_code == 404 and isinstance(missing.parsed, ErrorBody)
    assert "paragraphs 1 to 3" in missing.parsed.error
