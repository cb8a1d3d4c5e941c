"""Refuse a request body over a byte limit before reading it (ASGI middleware).

A body that declares its ``Content-Length`` is refused on the headers alone; a
chunked one is read until it passes the limit and refused then. Either way
the client gets 413 with the API's error body and the connection is closed,
so at most ``limit`` bytes are ever read. A body within the limit is read
here and handed on unchanged.
"""

from __future__ import annotations

import json

MAX_BODY_BYTES = 64 * 1024


class BodyLimit:
    """Wrap an ASGI ``app``; paths under ``prefix`` (``""``: every path) get bodies of at most ``limit`` bytes.

    ``hint`` is added to the refusal, e.g. what makes a body that large. Paths under a
    prefix in ``skip`` are left to the app (which limits them itself, more strictly).
    """

    def __init__(self, app, limit: int = MAX_BODY_BYTES, prefix: str = "/api", hint: str = "", skip: tuple[str, ...] = ()):
        self.app, self.limit, self.prefix, self.skip = app, limit, prefix, skip
        self.message = f"the request body is over {limit:,} bytes" + (f"; {hint}" if hint else "")

    def _applies(self, scope) -> bool:
        path = scope.get("path", "")
        under = lambda prefix: path == prefix or path.startswith(prefix + "/")  # noqa: E731
        return scope["type"] == "http" and under(self.prefix) and not any(under(p) for p in self.skip)

    async def __call__(self, scope, receive, send):
        if not self._applies(scope):
            return await self.app(scope, receive, send)
        declared = dict(scope.get("headers", ())).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.limit:
            return await self._refuse(send)
        chunks, size, more = [], 0, True
        while more:
            message = await receive()
            if message["type"] != "http.request":  # the client went away
                return
            chunks.append(message.get("body", b""))
            size += len(chunks[-1])
            more = message.get("more_body", False)
            if size > self.limit:
                return await self._refuse(send)
        body = b"".join(chunks)
        replayed = False

        async def replay():
            nonlocal replayed
            if replayed:
                return await receive()  # what follows the body: a disconnect
            replayed = True
            return {"type": "http.request", "body": body, "more_body": False}

        return await self.app(scope, replay, send)

    async def _refuse(self, send) -> None:
        payload = json.dumps({"error": self.message}).encode()
        headers = [
            (b"content-type", b"application/json"),
            (b"content-length", str(len(payload)).encode()),
            (b"connection", b"close"),
        ]
        await send({"type": "http.response.start", "status": 413, "headers": headers})
        await send({"type": "http.response.body", "body": payload})
