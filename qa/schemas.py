"""The HTTP API's bodies as pydantic models: what ``/openapi.json`` documents is what is sent.

Responses are built by the typed results' ``to_json()`` (``qa.results``,
``index.passage``) and validated against these models, which forbid unknown
keys: a field added to one and not the other fails the API tests instead of
vanishing from the docs.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from qa.inputs import MAX_K, MAX_QUERY_CHARS, Mode


def _fold_case(value):
    return value.strip().lower() if isinstance(value, str) else value


# A retriever name, documented as the Enum's values; " BM25 " is read as "bm25", as in Python and the CLI.
ModeName = Annotated[Mode, BeforeValidator(_fold_case)]


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ErrorBody(_Body):
    """Every 4xx response: one message a person can act on."""

    error: str = Field(examples=["the question is empty"])


# Requests


class Turn(_Body):
    role: Literal["user", "assistant"]
    content: str = Field(max_length=20_000)


class AskRequest(_Body):
    question: str = Field(
        description=f"The question, in any language; 1 to {MAX_QUERY_CHARS:,} characters (a longer one is a 422).",
        examples=["متى صدقت فيجي على البروتوكول؟"],
        json_schema_extra={"minLength": 1, "maxLength": MAX_QUERY_CHARS},
    )
    history: list[Turn] = Field(
        default_factory=list,
        max_length=50,
        description="Earlier turns, oldest first. A short follow-up (\"and Japan?\") is read with the last user turn.",
    )
    k: int = Field(default=5, ge=1, le=MAX_K, description=f"How many paragraphs to consider, 1 to {MAX_K}.")
    mode: ModeName = Field(default=Mode.HYBRID, description="The retriever.")
    doc: list[str] = Field(
        default_factory=list,
        max_length=200,
        description="Only these documents' paragraphs (ids from `GET /api/documents`); empty: every document. "
        "An unknown id is a 422 that lists the known ones.",
        examples=[["a74-trafficking"]],
    )


# Responses


class DocBody(_Body):
    id: str = Field(description="Used in passage ids and addresses.", examples=["a74-trafficking"])
    title: str
    language: str = Field(default="ar", description="The document's language (ISO 639-1): ar, en, fr, es, ru or zh.")


class HitBody(_Body):
    id: str = Field(description="The passage id, `{doc}#{number}`.", examples=["a74-trafficking#3"])
    doc: DocBody
    number: int | None = Field(description="The document's paragraph number; null for the front matter.")
    section: list[str] = Field(description="The headings above the paragraph, outermost first.")
    text: str
    uncertain: bool = Field(default=False, description="True when the repair of one of the paragraph's extracted lines was a close call: the text may be out of order there; `raw` (GET /api/passages) has the lines as extracted.")
    score: float = Field(description="The fused score: higher is better, comparable within one response.")
    rank: int = Field(description="1 for the best hit.")
    scores: dict[str, float] = Field(description="Each retriever's own score (`bm25`, `dense`, `sentence`).")
    ranks: dict[str, int] = Field(description="Each retriever's own 1-based rank; absent if it did not rank the passage.")


class SearchBody(_Body):
    query: str
    mode: Mode
    hits: list[HitBody]


class CitationBody(_Body):
    id: str = Field(description="The cited passage's id.", examples=["a74-trafficking#3"])
    number: int | None = Field(description="The cited paragraph's number; null for the summary.", examples=[3])
    quote: str = Field(description="The quoted text, exactly `text[start:end]` of the passage: a sentence, or its first clause when `cut`.")
    start: int
    end: int
    item: list[str] = Field(description="The sub-item path, e.g. `[\"د\", \"٣\"]`; empty for the paragraph itself.")
    label: str = Field(description="How the answer names the source.", examples=["الفقرة ٣"])
    highlight: list[int] | None = Field(
        description="`[start, end]` in the passage's text of the phrase that answers, inside the quote; null when the whole sentence is the answer.",
        examples=[[120, 139]],
    )
    doc: str = Field(default="", description="The cited document's id when several are indexed (the label names it too); empty otherwise.")
    cut: bool = Field(
        default=False,
        description="The quote stops inside its sentence (a lettered item's first clause); the answer text shows it with a trailing ` …`.",
    )
    cut_before: bool = Field(
        default=False,
        description="The quote starts inside its sentence (the clauses around the answering phrase of a long sentence); the answer text shows it with a leading `… `.",
    )


class AnswerBody(_Body):
    question: str
    answer: str = Field(
        description="The short answer in `**…**` on the first line (when there is one), then the quoted sentences, "
        "the answering phrase marked `**…**`, one citation per paragraph run; framed in English for an English question."
    )
    short: str = Field(
        description="The phrase that answers (a date, number, resolution symbol, countries), in the question's language "
        "where it renders exactly (dates and country names in English for an English question); empty when the whole sentence is the answer.",
        examples=["١١ تموز/يوليه ٢٠١٧", "11 July 2017"],
    )
    abstained: bool = Field(description="True when the report does not seem to answer: `answer` says so.")
    confidence: float
    missing: list[str] = Field(
        default_factory=list,
        description="When it abstained because of them: the countries and years the question names that the closest paragraphs do not mention.",
        examples=[["Libya", "2018"]],
    )
    citations: list[CitationBody]
    hits: list[HitBody] = Field(description="The paragraphs considered, best first.")


class ItemBody(_Body):
    label: list[str] = Field(examples=[["د", "٣"]])
    start: int = Field(description="Offset into the passage's `text`.")
    end: int


class SelectedItemBody(ItemBody):
    text: str = Field(description="`text[start:end]` of the passage.")


class PassageBody(_Body):
    id: str = Field(examples=["a74-trafficking#3"])
    doc: DocBody
    number: int | None
    section: list[str]
    text: str = Field(description="The display text, lines repaired.")
    raw: list[str] = Field(description="The source lines exactly as extracted.")
    uncertain: bool = Field(default=False, description="True when the repair of one of the paragraph's extracted lines was a close call: the text may be out of order there; `raw` (GET /api/passages) has the lines as extracted.")
    items: list[ItemBody] = Field(description="The paragraph's lettered items, nested ones as a path.")
    item: SelectedItemBody | None = Field(default=None, description="The sub-item asked for with `?item=`.")


class DocumentBody(DocBody):
    paragraphs: int = Field(description="Numbered paragraphs.")
    front: list[str] = Field(description="Front-matter passages, addressed by name.", examples=[["cover", "summary"]])
    kind: str | None = Field(default=None, description="What the cover says the document is.", examples=["report-of-the-secretary-general"])
    session: int | None = Field(default=None, description="The General Assembly session, when the cover names one.", examples=[74])
    symbol: str | None = Field(default=None, description="The document symbol found on the cover, if any.", examples=["A/74/123"])
    date: str | None = Field(default=None, description="The date of issue as the cover writes it, if any.")
    agenda_item: int | None = Field(default=None, description="The agenda item the cover names, if any.", examples=[108])


class ModelBody(_Body):
    name: str
    dimension: int


class HealthBody(_Body):
    status: Literal["ok"]
    passages: int
    documents: list[str] = Field(description="Document titles.")
    model: ModelBody
    fingerprint: str = Field(description="Changes whenever the documents, model or index settings change.")
    created: str | None = Field(description="When the index was built (ISO 8601, UTC).")


class EndpointBody(_Body):
    method: str
    path: str
    summary: str


class IndexBody(_Body):
    name: str
    version: str
    docs: str = Field(description="Swagger UI.")
    redoc: str
    openapi: str
    endpoints: list[EndpointBody]
