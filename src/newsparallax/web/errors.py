"""Errors as answers: ``{"error": {"status", "message"}}`` for the API, an error page for a browser.

Every exception the library raises on purpose maps to a status and keeps its message (which names the input and
says what to do); anything else is logged with its traceback and answered with a generic 500, so internals
never reach a client.
"""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException

from newsparallax.errors import InputError, ModelUnavailable, NotEnoughArticles, ParallaxError, StoreError

log = logging.getLogger("newsparallax.web")


class NoStore(StoreError):
    """The server was started without a store, so there are no stories to list or add to."""


class UnknownStory(StoreError):
    """No story has this id."""


# The most specific class first: the first match decides.
STATUS: tuple[tuple[type[Exception], int], ...] = (
    (UnknownStory, 404),
    (NoStore, 503),
    (StoreError, 503),
    (ModelUnavailable, 503),
    (NotEnoughArticles, 400),
    (InputError, 400),
    (ParallaxError, 400),
)


def error_json(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error": {"status": status, "message": message}}, status_code=status)


def _answer(request: Request, status: int, message: str) -> Response:
    """An HTML page for a browser on a page route, JSON otherwise (the API, curl, scripts)."""
    if not request.url.path.startswith("/api") and "text/html" in request.headers.get("accept", ""):
        from newsparallax.web.layout import error_page

        return error_page(status, message)
    return error_json(status, message)


def status_of(exc: Exception) -> int:
    return next((status for cls, status in STATUS if isinstance(exc, cls)), 500)


def install(app: FastAPI) -> None:
    """Register the handlers that turn every error into an answer with the right status."""

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        return _answer(request, exc.status_code, str(exc.detail))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e.get('loc', ()) if p != 'body') or 'body'}: {e.get('msg', 'invalid')}"
            for e in exc.errors()
        )
        return _answer(request, 422, f"invalid request: {problems}")

    @app.exception_handler(ParallaxError)
    async def parallax_error(request: Request, exc: ParallaxError) -> Response:
        return _answer(request, status_of(exc), str(exc))

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> Response:
        log.error("unexpected error on %s %s", request.method, request.url.path, exc_info=exc)
        return _answer(request, 500, "internal error; the server log has the details")
