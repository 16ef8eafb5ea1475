"""The cap on request bodies: checked on Content-Length before reading, and again while the body streams.

A chunked upload says no length, and a client may send more than it declared; counting the bytes as they
arrive catches both before more than ``limit`` bytes are held in memory.
"""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from newsparallax.web.errors import error_json

MAX_BODY_BYTES = 5_000_000


def too_large_message(limit: int) -> str:
    return f"request body larger than the limit of {limit:,} bytes"


class BodyTooLarge(HTTPException):
    """Raised while a body streams past the limit; an HTTP error, so the app's handlers answer 413 with it."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, too_large_message(limit))


class BodyLimit:
    """ASGI middleware refusing request bodies over ``limit`` bytes with 413."""

    def __init__(self, app: ASGIApp, limit: int = MAX_BODY_BYTES) -> None:
        if limit < 1:
            raise ValueError("the body limit must be at least one byte")
        self.app, self.limit = app, limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        for name, value in scope.get("headers", []):
            if name == b"content-length" and value.isdigit() and int(value) > self.limit:
                await self._refuse(scope, send)
                return
        seen = 0
        started = False

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    raise BodyTooLarge(self.limit)
            return message

        async def watched(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted, watched)
        except BodyTooLarge:
            # Reached only where the app let the error through (a handler reading the body outside the
            # routes' error handling); the client still gets its 413 unless a response had begun.
            if not started:
                await self._refuse(scope, send)

    async def _refuse(self, scope: Scope, send: Send) -> None:
        response = error_json(413, too_large_message(self.limit))
        response.headers["Connection"] = "close"  # the unread rest of the body is not worth waiting for

        async def nothing() -> Message:
            return {"type": "http.disconnect"}

        await response(scope, nothing, send)
