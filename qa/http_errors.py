"""Every caller mistake as a 4xx with ``{"error": message}``, and that body documented in OpenAPI.

One body for every error, whoever raises it: request validation (400, 415,
422), our own ``SanadError``s (404, 422, 400), the router (404, 405) and the
body limit (413, ``qa.body_limit``).
"""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from index.common import NotFoundError, OptionError, SanadError
from qa.schemas import ErrorBody

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


def _describe_validation(exc: RequestValidationError) -> str:
    parts = []
    for problem in exc.errors():
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
        return error(422, _describe_validation(exc))

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException):
        return error(exc.status_code, str(exc.detail), exc.headers)

    @app.exception_handler(NotFoundError)
    async def not_found(request: Request, exc: NotFoundError):
        return error(404, str(exc))

    @app.exception_handler(OptionError)
    async def bad_option(request: Request, exc: OptionError):
        return error(422, str(exc))

    @app.exception_handler(SanadError)
    async def sanad_error(request: Request, exc: SanadError):
        return error(400, str(exc))
