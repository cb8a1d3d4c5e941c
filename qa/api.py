"""The HTTP API (FastAPI): an index of endpoints, ask, search, passages, documents, health.

Docs at ``/docs`` (Swagger UI) and ``/redoc``, both served offline
(``qa.docs``); bodies are the pydantic models of ``qa.schemas``. Every caller
mistake is a 4xx with ``{"error": message}`` (``qa.http_errors``), documented
on each endpoint; nothing a client sends can produce a 500.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, FastAPI, Path, Query, Request
from fastapi.routing import APIRoute

from index.common import NotFoundError
from qa import catalog, schemas
from qa.address import Located, part_of, split_id
from qa.assistant import Assistant
from qa.body_limit import MAX_BODY_BYTES, BodyLimit
from qa.docs import install_docs
from qa.http_errors import documented, error, install_error_handlers
from qa.inputs import MAX_K, MAX_QUERY_CHARS, Mode

VERSION = "0.1.0"
DESCRIPTION = f"""Cited answers from UN reports: an answer quotes sentences of the report and names their paragraphs.

* `POST /api/ask` answers a question; `GET /api/search` returns the closest paragraphs.
* `GET /api/passages/{{doc}}/{{number}}` is one paragraph, `?item=د` one of its lettered items;
  `GET /api/documents` lists the `doc` ids. `GET /api/` lists every endpoint.
* Every error is a 4xx with the body `{{"error": "a message to act on"}}`, in English; a request whose
  `Accept-Language` prefers Arabic (`ar`) gets the refusals of its question, `k` and `mode` in Arabic.
* A question has at most {MAX_QUERY_CHARS:,} characters, a request body at most {MAX_BODY_BYTES:,} bytes (413 beyond).
"""
TAGS = [
    {"name": "answers", "description": "Questions in, cited paragraphs out."},
    {"name": "passages", "description": "The documents' paragraphs, by address."},
    {"name": "service", "description": "What this server offers and runs on."},
]
MODE_HELP = "The retriever: `hybrid` (default), `bm25` (words), `dense` (meaning) or `rrf` (rank-fusion baseline)."
DOC_HELP = "Only this document's paragraphs; repeat for several (`?doc=a&doc=b`). An unknown id is a 422 that lists the known ones."
ITEM_HELP = "One lettered item of the paragraph: `د`, or a nested one as a path, `د/٣` (or `د/3`)."


def _passage_body(found: Located) -> dict:
    body = found.passage.to_json()
    if found.item is not None:
        item = found.item
        body["item"] = {"label": list(item.label), "start": item.start, "end": item.end, "text": found.item_text}
    return body


def router(assistant: Assistant) -> APIRouter:
    api = APIRouter(prefix="/api")

    def documented_routes() -> list[APIRoute]:
        return [r for r in api.routes if isinstance(r, APIRoute) and r.include_in_schema]

    def locate(doc: str | None, part: str, item: str | None) -> dict:
        try:
            return _passage_body(assistant.locate(part, doc=doc, item=item))
        except NotFoundError as exc:
            example = next((p for p in assistant.passages if p.number is not None), assistant.passages[0])
            sample = f"{example.doc.id}/{part_of(example)}"
            raise NotFoundError(
                f"{exc}. Address a passage as /api/passages/{{doc}}/{{number}} (e.g. /api/passages/{sample}), "
                f"optionally with ?item=د for a lettered item; GET /api/documents lists the documents"
            ) from None

    @api.get("/", response_model=schemas.IndexBody, responses=documented(), tags=["service"], summary="This list of endpoints")
    def endpoints(request: Request):
        app = request.app
        listed = [
            {"method": method, "path": route.path, "summary": route.summary or ""}
            for route in documented_routes()
            for method in sorted(route.methods)
        ]
        return {"name": app.title, "version": app.version, "docs": "/docs", "redoc": "/redoc", "openapi": app.openapi_url, "endpoints": listed}

    api.add_api_route("", endpoints, methods=["GET"], response_model=schemas.IndexBody, include_in_schema=False)

    @api.post(
        "/ask",
        response_model=schemas.AnswerBody,
        responses=documented(
            e400="The body is not valid JSON.",
            e413=f"The body is over {MAX_BODY_BYTES:,} bytes.",
            e415="The body is not sent as `application/json`.",
            e422="A field is missing or out of range (an empty or too long question, an unknown mode or document); the message names it.",
        ),
        tags=["answers"],
        summary="Answer a question with cited paragraphs",
    )
    def ask(request: schemas.AskRequest):
        history = [turn.model_dump() for turn in request.history]
        return assistant.ask(request.question, history=history, k=request.k, mode=request.mode, docs=request.doc).to_json()

    @api.get(
        "/search",
        response_model=schemas.SearchBody,
        responses=documented(e422="A parameter is missing or out of range (an unknown mode or document); the message names it."),
        tags=["answers"],
        summary="The closest paragraphs to a query",
    )
    def search(
        q: Annotated[
            str,
            Query(
                description=f"The query, 1 to {MAX_QUERY_CHARS:,} characters.",
                json_schema_extra={"minLength": 1, "maxLength": MAX_QUERY_CHARS},
            ),
        ],
        k: Annotated[int, Query(ge=1, le=MAX_K, description=f"How many paragraphs, 1 to {MAX_K}.")] = 5,
        mode: Annotated[schemas.ModeName, Query(description=MODE_HELP)] = Mode.HYBRID,
        doc: Annotated[list[str] | None, Query(description=DOC_HELP)] = None,
    ):
        hits = assistant.search(q, k=k, mode=mode, docs=doc)
        return {"query": q, "mode": mode.value, "hits": [h.to_json() for h in hits]}

    @api.get(
        "/passages/{doc}/{number}",
        response_model=schemas.PassageBody,
        responses=documented(e404="No such document, paragraph or item: the message lists the valid ones."),
        tags=["passages"],
        summary="One paragraph, by document and number",
    )
    def passage_by_number(
        doc: Annotated[str, Path(description="The document id (`GET /api/documents`).", examples=["a74-trafficking"])],
        number: Annotated[str, Path(description="The paragraph number, or `summary`/`cover` for the front matter.", examples=["3"])],
        item: Annotated[str | None, Query(description=ITEM_HELP)] = None,
    ):
        return locate(doc, number, item)

    @api.get(
        "/passages/{passage_id}",
        response_model=schemas.PassageBody,
        responses=documented(e404="No such passage: the message says how to address one."),
        tags=["passages"],
        summary="One passage, by id (or by number alone when one document is indexed)",
    )
    def passage(
        passage_id: Annotated[
            str,
            Path(
                description="A passage id as in `hits[].id`, `{doc}#{number}` sent as `{doc}%23{number}`; "
                "or a number alone when one document is indexed.",
                examples=["a74-trafficking#3"],
            ),
        ],
        item: Annotated[str | None, Query(description=ITEM_HELP)] = None,
    ):
        doc, part = split_id(passage_id)
        return locate(doc, part, item)

    @api.get("/documents", response_model=list[schemas.DocumentBody], responses=documented(), tags=["passages"], summary="The indexed documents and their ids")
    def documents():
        return [
            {
                "id": d.id, "title": d.title, "language": d.language, "paragraphs": d.paragraphs, "front": list(d.front),
                "kind": d.kind.value if d.kind else None, "session": d.session, "symbol": d.symbol,
                "date": d.date, "agenda_item": d.agenda_item,
            }
            for d in catalog.describe(assistant.passages)
        ]

    @api.get("/health", response_model=schemas.HealthBody, responses=documented(), tags=["service"], summary="Status, corpus size, model and index fingerprint")
    def health():
        manifest = assistant.store.manifest
        return {
            "status": "ok",
            "passages": len(assistant.passages),
            "documents": sorted({p.doc.title for p in assistant.passages}),
            "model": {"name": manifest.model, "dimension": manifest.dimension},
            "fingerprint": manifest.fingerprint,
            "created": manifest.created,
        }

    @api.api_route("/{path:path}", methods=["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"], include_in_schema=False)
    def unknown(path: str, request: Request):
        """Keeps ``/api/…`` ours when the chat is mounted at ``/``: a JSON 404 or 405, never the chat."""
        allowed = sorted({m for r in documented_routes() if r.path_regex.match(request.url.path) for m in r.methods})
        if allowed:
            message = f"{request.url.path} answers {', '.join(allowed)}, not {request.method}"
            return error(405, message, {"Allow": ", ".join(allowed)})
        return error(404, f"no endpoint {request.method} {request.url.path}; GET /api/ lists the endpoints")

    return api


def create_app(assistant: Assistant) -> FastAPI:
    """The API alone, its docs, and the body limit; ``ui`` mounts the chat beside it."""
    app = FastAPI(
        title="Sanad",
        description=DESCRIPTION,
        version=VERSION,
        openapi_tags=TAGS,
        docs_url=None,
        redoc_url=None,
        # Operation ids are the function names: a generated client calls `ask`, not `ask_api_ask_post`.
        generate_unique_id_function=lambda route: route.name,
    )
    app.include_router(router(assistant))
    install_docs(app)
    install_error_handlers(app)
    app.add_middleware(BodyLimit, limit=MAX_BODY_BYTES, hint="send fewer or shorter history turns")
    return app
