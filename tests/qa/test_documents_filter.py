"""Asking across documents or within some: ``docs=`` (Python), ``doc=`` (HTTP), citations that name the document."""

import numpy as np
import pytest
from fastapi.testclient import TestClient

from index.common import NotFoundError
from index.library import Library
from index.passage import DocRef, Passage
from index.store import IndexConfig, Store
from qa.answer import AnswerConfig
from qa.api import create_app
from qa.assistant import Assistant
from qa.inputs import InputError
from qa.wording import Language

A, B = DocRef("a", "Report A"), DocRef("b", "Report B")
TEXTS = {
    A: ["صدقت فيجي على البروتوكول في ١٩ أيلول/سبتمبر ٢٠١٧ بعد مشاورات طويلة.", "يدعم الصندوق الاستئماني ضحايا الاتجار بالأشخاص في كل مكان."],
    B: ["صدقت اليابان على البروتوكول في ١١ تموز/يوليه ٢٠١٧ بعد مشاورات طويلة.", "The fund supports victims of trafficking in persons everywhere."],
}


def _passages():
    return [Passage(f"{doc.id}#{i}", doc, i, (), text) for doc, texts in TEXTS.items() for i, text in enumerate(texts, start=1)]


@pytest.fixture(scope="module")
def assistant(hashing_encoder):
    store = Store.build(_passages(), hashing_encoder, IndexConfig.for_model(hashing_encoder.name))
    # The hashing encoder's cosines are no measure of topic: the off-topic check (qa.off_topic) is off.
    config = AnswerConfig(abstain_below=0.3, abstain_below_cross_lingual=0.3, off_topic_margin=None)
    return Assistant(store, hashing_encoder, answer=config)


QUERIES = ["صدقت على البروتوكول بعد مشاورات", "ضحايا الاتجار", "victims of trafficking", "فيجي"]


@pytest.mark.parametrize("query", QUERIES)
@pytest.mark.parametrize("docs", [["a"], ["b"], ["a", "b"]])
@pytest.mark.parametrize("mode", ["hybrid", "bm25", "dense", "rrf"])
def test_a_restricted_search_ranks_as_an_index_of_those_documents_alone(assistant, hashing_encoder, query, docs, mode):
    """The slow twin: an index built from the chosen documents' passages only (its own idf, evidence,
    bridge and normalizations), searched with nothing left out."""
    alone = Store.build([p for p in _passages() if p.doc.id in docs], hashing_encoder, IndexConfig.for_model(hashing_encoder.name))
    expected = Assistant(alone, hashing_encoder).search(query, k=4, mode=mode)
    restricted = assistant.search(query, k=4, mode=mode, docs=docs)
    assert [h.passage.id for h in restricted] == [h.passage.id for h in expected]
    np.testing.assert_allclose([h.score for h in restricted], [h.score for h in expected], rtol=1e-9, atol=1e-12)
    assert [h.rank for h in restricted] == list(range(1, len(restricted) + 1))


@pytest.mark.parametrize("query", QUERIES)
def test_every_document_is_the_unrestricted_search(assistant, query):
    assert [(h.passage.id, h.score) for h in assistant.search(query, k=4, docs=["a", "b"])] == [
        (h.passage.id, h.score) for h in assistant.search(query, k=4)
    ]


def test_a_question_restricted_to_one_document_never_cites_another(assistant):
    question = "متى صدقت فيجي على البروتوكول؟"  # document a answers it
    assert {c.id.split("#")[0] for c in assistant.ask(question).citations} == {"a"}
    answer = assistant.ask(question, docs=["b"])
    assert {h.passage.doc.id for h in answer.hits} == {"b"}
    assert all(c.id.startswith("b#") and c.doc == "b" for c in answer.citations)


def test_citations_name_their_document_when_several_are_indexed(assistant):
    answer = assistant.ask("متى صدقت فيجي على البروتوكول؟", docs=["a"])
    citation = answer.citations[0]
    assert (citation.doc, citation.label()) == ("a", "a، الفقرة ١")
    assert answer.text.endswith("(a، الفقرة ١)")
    english = assistant.ask("When did Fiji ratify the protocol? صدقت فيجي", docs=["a"])
    assert english.citations[0].to_json()["doc"] == "a"


def test_one_document_keeps_its_labels_without_a_name(hashing_encoder):
    store = Store.build([p for p in _passages() if p.doc.id == "a"], hashing_encoder, IndexConfig.for_model(hashing_encoder.name))
    one = Assistant(store, hashing_encoder, answer=AnswerConfig(abstain_below=0.3))
    citation = one.ask("متى صدقت فيجي على البروتوكول؟").citations[0]
    assert (citation.doc, citation.label()) == ("", "الفقرة ١")


@pytest.mark.parametrize("docs", [["zzz"], ["a", "zzz"], "a"])
def test_an_unknown_document_is_refused_with_the_known_ones(assistant, docs):
    with pytest.raises(InputError) as refused:
        assistant.search("فيجي", docs=docs)
    assert "Use one of the indexed documents: ['a', 'b']" in str(refused.value)
    assert "المستند" in refused.value.in_language(Language.ARABIC)


@pytest.fixture(scope="module")
def client(assistant):
    return TestClient(create_app(assistant))


def test_http_doc_is_repeatable_and_checked(client):
    one = client.get("/api/search", params=[("q", "صدقت على البروتوكول"), ("doc", "b")])
    assert one.status_code == 200 and {h["doc"]["id"] for h in one.json()["hits"]} == {"b"}
    both = client.get("/api/search", params=[("q", "صدقت على البروتوكول"), ("doc", "a"), ("doc", "b")])
    assert {h["doc"]["id"] for h in both.json()["hits"]} == {"a", "b"}
    unknown = client.get("/api/search", params={"q": "فيجي", "doc": "zzz"})
    assert unknown.status_code == 422
    assert unknown.json() == {"error": "unknown document 'zzz'. Use one of the indexed documents: ['a', 'b']"}
    arabic = client.get("/api/search", params={"q": "فيجي", "doc": "zzz"}, headers={"Accept-Language": "ar"})
    assert arabic.status_code == 422 and arabic.json()["error"].startswith("المستند 'zzz' غير موجود")


def test_http_ask_takes_a_doc_list(client):
    answer = client.post("/api/ask", json={"question": "متى صدقت فيجي على البروتوكول؟", "doc": ["b"]})
    assert answer.status_code == 200
    body = answer.json()
    assert {h["doc"]["id"] for h in body["hits"]} == {"b"} and all(c["doc"] == "b" for c in body["citations"])
    unknown = client.post("/api/ask", json={"question": "فيجي؟", "doc": ["a", "nope"]})
    assert unknown.status_code == 422 and "['a', 'b']" in unknown.json()["error"]


def test_an_assistant_adds_and_removes_library_documents(tmp_path, hashing_encoder):
    (tmp_path / "first.txt").write_text("صدقت فيجي على البروتوكول.\n\nيدعم الصندوق الضحايا.", encoding="utf-8")
    (tmp_path / "second.txt").write_text("The tribunal heard forty witnesses in Geneva.", encoding="utf-8")
    config = IndexConfig.for_model(hashing_encoder.name)
    library = Library(tmp_path / "lib")
    library.add([tmp_path / "first.txt"], config, lambda: hashing_encoder)
    assistant = Assistant(library.open(config), hashing_encoder, library=library)
    added = assistant.add([tmp_path / "second.txt"])
    assert [d.id for d in added.documents] == ["second"] and [d.id for d in assistant.documents()] == ["first", "second"]
    assert assistant.search("tribunal witnesses Geneva", k=1, docs=["second"])[0].passage.id == "second#1"
    assistant.remove("second")
    assert [d.id for d in assistant.documents()] == ["first"]
    with pytest.raises(NotFoundError, match="its documents: \\['first'\\]"):
        assistant.remove("second")


# A library in two languages: each language is scored as its own index, the encoder's bonus for the
# question's own language taken off its passages' cosines before they are pooled.
C, D = DocRef("c", "Notes C", "en"), DocRef("d", "Notes D", "en")
MIXED = {
    **TEXTS,
    C: ["The tribunal heard forty witnesses in Geneva before the ruling.", "Victims of trafficking received shelter and legal aid."],
    D: ["The fund paid for the training of judges in 2019.", "Japan ratified the protocol in July 2017 after long consultations."],
}


@pytest.fixture(scope="module")
def mixed(hashing_encoder):
    passages = [Passage(f"{doc.id}#{i}", doc, i, (), text) for doc, texts in MIXED.items() for i, text in enumerate(texts, start=1)]
    return passages, Store.build(passages, hashing_encoder, IndexConfig.for_model(hashing_encoder.name))


@pytest.mark.parametrize("bonus", [0.0, 0.05, 0.3])
@pytest.mark.parametrize("query", [*QUERIES, "Japan ratified the protocol", "judges trained by the fund"])
def test_a_library_in_two_languages_fuses_each_language_as_its_own_index(mixed, hashing_encoder, query, bonus):
    """The slow twin of by-language fusion, from two indexes built apart: each passage's BM25, evidence and
    bridge are its language's index's; the dense side, less the bonus in the question's language, is pooled."""
    from index.ingest.language import detect_language
    from qa import fusion
    from qa.retriever import FusionConfig, Retriever

    passages, store = mixed
    pooled = Retriever(store, hashing_encoder, FusionConfig(own_language_bonus=bonus)).score(query)
    vector = hashing_encoder.encode_queries([query])[0]
    side = (store.dense.scores(vector) + store.sentences.best_per_passage(store.sentences.row_scores(vector))) / 2
    lexical = np.empty(len(passages))
    for language in ("ar", "en"):
        rows = np.array([i for i, p in enumerate(passages) if p.doc.language == language])
        if language == detect_language(query):
            side[rows] -= bonus
        alone = Retriever(Store.build([passages[r] for r in rows], hashing_encoder, IndexConfig.for_model(hashing_encoder.name)), hashing_encoder)
        own = alone.score(query)  # the language's own hybrid: its lexical part is final minus its dense part
        lexical[rows] = own.final - fusion.spread_normalize((own.dense + own.sentence) / 2)
    np.testing.assert_allclose(pooled.final, fusion.spread_normalize(side.astype(np.float64)) + lexical, rtol=1e-6, atol=1e-9)


def test_one_pool_is_another_ranking(mixed, hashing_encoder):
    """The ablation switch does switch: pooled, the library's statistics give other scores."""
    from qa.retriever import FusionConfig, Retriever

    _, store = mixed
    grouped, pooled = Retriever(store, hashing_encoder), Retriever(store, hashing_encoder, FusionConfig(by_language=False))
    assert any(not np.allclose(grouped.score(q).final, pooled.score(q).final) for q in [*QUERIES, "Japan ratified the protocol"])
