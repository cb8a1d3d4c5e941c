"""The HTTP API (FastAPI): search, ask, passages, health. Docs at ``/docs``.

Every caller mistake is a 4xx with ``{"error": message}``; nothing a client
sends can produce a 500.
"""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from index.errors import OptionError, SanadError
from qa.assistant import MAX_QUERY_CHARS, Assistant
from qa.retriever import MAX_K, Mode


class Turn(BaseModel):
    role: Literal["user", "assistant"]
    content: str = Field(max_length=20_000)


class AskRequest(BaseModel):
    question: str = Field(description="The question, in any language.", examples=["متى صدقت فيجي على البروتوكول؟"])
    history: list[Turn] = Field(default_factory=list, max_length=50, description="Earlier turns, oldest first.")
    k: int = Field(default=5, ge=1, le=MAX_K)
    mode: str = Field(default=Mode.HYBRID.value, description=f"One of {[m.value for m in Mode]}.")


def _error(status: int, message: str) -> JSONResponse:
    return JSONResponse(status_code=status, content={"error": message})


def _describe_validation(exc: RequestValidationError) -> str:
    parts = []
    for error in exc.errors():
        where = ".".join(str(p) for p in error.get("loc", ()) if p != "body") or "body"
        parts.append(f"{where}: {error.get('msg', 'invalid')}")
    return "; ".join(parts) or "invalid request"


def router(assistant: Assistant) -> APIRouter:
    api = APIRouter(prefix="/api")
    modes = ", ".join(repr(m.value) for m in Mode)

    @api.get("/search", summary="Retrieve cited paragraphs")
    def search(
        q: str = Query(..., description=f"The query (1 to {MAX_QUERY_CHARS} characters)."),
        k: int = Query(5, description=f"How many passages, 1 to {MAX_K}."),
        mode: str = Query(Mode.HYBRID.value, description=f"One of [{modes}]."),
    ):
        hits = assistant.search(q, k=k, mode=mode)
        return {"query": q, "mode": Mode(mode.strip().lower()).value, "hits": [h.to_json() for h in hits]}

    @api.post("/ask", summary="Answer a question with citations")
    def ask(request: AskRequest):
        history = [turn.model_dump() for turn in request.history]
        answer = assistant.ask(request.question, history=history, k=request.k, mode=request.mode)
        return answer.to_json()

    @api.get("/passages/{passage_id:path}", summary="One passage by id")
    def passage(passage_id: str):
        found = assistant.passage(passage_id)
        if found is None:
            return _error(404, f"no passage with id {passage_id!r}")
        return found.to_json()

    @api.get("/health", summary="Status, corpus size, model and index fingerprint")
    def health():
        manifest = assistant.store.manifest
        return {
            "status": "ok",
            "passages": len(assistant.passages),
            "documents": sorted({p.doc.title for p in assistant.passages}),
            "model": manifest["model"],
            "fingerprint": manifest["fingerprint"],
            "created": manifest.get("created"),
        }

    return api


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError):
        if request.method == "POST" and "json" not in request.headers.get("content-type", ""):
            return _error(415, "send the body as JSON with Content-Type: application/json")
        if any(e.get("type") == "json_invalid" for e in exc.errors()):
            return _error(400, "the body is not valid JSON")
        return _error(422, _describe_validation(exc))

    @app.exception_handler(OptionError)
    async def bad_option(request: Request, exc: OptionError):
        return _error(422, str(exc))

    @app.exception_handler(SanadError)
    async def sanad_error(request: Request, exc: SanadError):
        return _error(400, str(exc))


def create_app(assistant: Assistant) -> FastAPI:
    """The API alone; ``ui`` mounts the chat beside it."""
    app = FastAPI(title="Sanad", description="Cited answers from UN reports.", version="0.1.0")
    app.include_router(router(assistant))
    install_error_handlers(app)
    return app
