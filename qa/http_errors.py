"""Every caller mistake as a 4xx with ``{"error": message}``, and that body documented in OpenAPI.

One body for every error, whoever raises it: request validation (400, 415,
422), our own ``SanadError``s (404, 422, 400), the router (404, 405) and the
body limit (413, ``qa.body_limit``).

Messages are English. A request whose ``Accept-Language`` prefers Arabic gets
the refusals of its question, ``k`` and ``mode`` in Arabic (``qa.wording.REFUSALS``);
every other message stays English.
"""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from index.common import NotFoundError, OptionError, SanadError, valid_values
from qa.inputs import MAX_K, InputError, Mode
from qa.schemas import ErrorBody
from qa.wording import Language, Refusal, pick_language

OTHER = "Any other caller mistake (405 for a wrong method, 413 for a body that is too large): the same body."


def error(status: int, message: str, headers: dict | None = None) -> JSONResponse:
    return JSONResponse(status_code=status, content={"error": message}, headers=headers)


def documented(**described: str) -> dict:
    """OpenAPI ``responses``: ``e404="why"`` for each status an endpoint sends, plus ``4XX``.

    Every endpoint lists ``4XX``, so FastAPI adds no ``422`` of its own (its
    ``detail`` body is not the one we send).
    """
    responses = {code[1:]: {"model": ErrorBody, "description": text} for code, text in described.items()}
    return {**responses, "4XX": {"model": ErrorBody, "description": OTHER}}


def _language(request: Request) -> Language:
    return pick_language(None, request.headers.get("accept-language"))


def _refusal(problem: dict) -> InputError | None:
    """Our own refusal of an out-of-range ``k`` or an unknown ``mode``, when that is the problem."""
    field, given = (problem.get("loc") or ("",))[-1], problem.get("input")
    if field == "k":
        return InputError(Refusal.K, limit=MAX_K, value=repr(given))
    if field == "mode" and problem.get("type") == "enum":
        return InputError(Refusal.MODE, value=repr(given), valid=valid_values(Mode))
    return None


def _describe_validation(exc: RequestValidationError, language: Language) -> str:
    parts = []
    for problem in exc.errors():
        if language is Language.ARABIC and (refused := _refusal(problem)):
            parts.append(refused.in_language(language))
            continue
        where = ".".join(str(p) for p in problem.get("loc", ()) if p not in ("body", "query", "path")) or "body"
        parts.append(f"{where}: {problem.get('msg', 'invalid')}")
    return "; ".join(parts) or "invalid request"


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError):
        if request.method == "POST" and "json" not in request.headers.get("content-type", ""):
            return error(415, "send the body as JSON with Content-Type: application/json")
        if any(e.get("type") == "json_invalid" for e in exc.errors()):
            return error(400, "the body is not valid JSON")
        return error(422, _describe_validation(exc, _language(request)))

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException):
        return error(exc.status_code, str(exc.detail), exc.headers)

    @app.exception_handler(NotFoundError)
    async def not_found(request: Request, exc: NotFoundError):
        return error(404, str(exc))

    @app.exception_handler(OptionError)
    async def bad_option(request: Request, exc: OptionError):
        return error(422, exc.in_language(_language(request)) if isinstance(exc, InputError) else str(exc))

    @app.exception_handler(SanadError)
    async def sanad_error(request: Request, exc: SanadError):
        return error(400, str(exc))
