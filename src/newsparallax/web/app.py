"""The FastAPI application: the routes of api.py, pages.py, docs.py and assets.py behind the body cap, the
security headers and the error handlers; ``serve`` runs it with uvicorn."""

from __future__ import annotations

import ipaddress
import logging
import sys
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from newsparallax import __version__, resources
from newsparallax.cluster import DEFAULT_CLUSTER, ClusterSettings
from newsparallax.errors import ParallaxError
from newsparallax.settings import DEFAULT, Settings
from newsparallax.web import errors
from newsparallax.web.cache import CACHE_BYTES
from newsparallax.web.limits import MAX_BODY_BYTES, BodyLimit
from newsparallax.web.service import Service

log = logging.getLogger("newsparallax.web")

# Article text is untrusted and escaped everywhere; the policy is the second wall. Pages link their scripts and
# stylesheets from this origin and have no inline code, so inline scripts, event-handler attributes and
# style attributes that an escaping bug let through would still not run; nothing loads from another origin.
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Resource-Policy": "same-origin",
}


class SecurityHeaders:
    """ASGI middleware adding :data:`HEADERS` to every response (plain ASGI: no per-request task overhead)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in HEADERS.items():
                    headers.setdefault(name, value)
            await send(message)

        await self.app(scope, receive, with_headers)


def create_app(
    db: str | None = None,
    settings: Settings = DEFAULT,
    *,
    cluster_settings: ClusterSettings = DEFAULT_CLUSTER,
    allow_private: bool = False,
    max_body_bytes: int = MAX_BODY_BYTES,
    concurrency: int | None = None,
    cache_bytes: int = CACHE_BYTES,
    warm: bool = False,
) -> FastAPI:
    """The app over the store at ``db`` (None: comparing only, no stories).

    ``allow_private`` lets URL fetching reach private and loopback addresses (off: a pasted URL cannot probe
    the server's network). Request bodies over ``max_body_bytes`` get 413. At most ``concurrency``
    comparisons run at once (default: the cores, up to 4); answers are cached up to ``cache_bytes``.
    ``warm`` loads the models in the background at start-up, so the first visitor does not wait for them.
    """
    from newsparallax.web import api, assets, docs, pages

    if allow_private:
        settings = settings.replace(allow_private=True)
    service = Service(db, settings, cluster_settings, concurrency=concurrency, cache_bytes=cache_bytes)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if warm:
            # Not a daemon: a server stopped while the ONNX session is built in C++ would abort (see warm_up).
            threading.Thread(target=_load_models, args=(settings,), name="parallax-warm", daemon=False).start()
        yield

    app = FastAPI(
        title="Parallax",
        version=__version__,
        description='Compare how news outlets cover the same story. Errors are `{"error": {"status", "message"}}`.',
        docs_url=None,  # FastAPI's page loads Swagger UI from a CDN; docs.py serves one that works offline
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.service = service
    app.include_router(api.router)
    app.include_router(pages.router)
    app.include_router(docs.router)
    app.include_router(assets.router)
    errors.install(app)
    # Added last = outermost: the cap applies before anything reads a body, and every answer gets the headers.
    app.add_middleware(BodyLimit, limit=max_body_bytes)
    app.add_middleware(SecurityHeaders)
    return app


def _load_models(settings: Settings) -> None:
    try:
        resources.embedder(settings)
        resources.nlp()
    except ParallaxError as exc:  # the first comparison reports it to its client (503)
        log.warning("models not loaded: %s", exc)


def serve(
    db: str | None = "parallax.db",
    host: str = "127.0.0.1",
    port: int = 8000,
    *,
    settings: Settings = DEFAULT,
    cluster_settings: ClusterSettings = DEFAULT_CLUSTER,
    allow_private: bool = False,
    max_body_bytes: int = MAX_BODY_BYTES,
    concurrency: int | None = None,
    log_level: str = "info",
) -> None:
    """Run the web app with uvicorn until interrupted. Loopback only unless ``host`` says otherwise; the models
    load once, in the background as the server starts."""
    import uvicorn

    if not _is_loopback(host):
        print(f"parallax: serving on {host}, reachable from other machines; there is no login", file=sys.stderr)
    app = create_app(
        db,
        settings,
        cluster_settings=cluster_settings,
        allow_private=allow_private,
        max_body_bytes=max_body_bytes,
        concurrency=concurrency,
        warm=True,
    )
    uvicorn.run(app, host=host, port=port, log_level=log_level)


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
