"""The web app and JSON API (``parallax serve``): an interface over the library, which never imports it.

``create_app`` builds the FastAPI application, ``serve`` runs it with uvicorn. Modules by job: app (factory,
security headers), api (JSON routes), pages and docs (HTML routes), layout (the page frame), assets (packaged
CSS and JS), service (reading, comparing, the store), cache (answer cache, compute limiter), limits (body cap),
errors (statuses and error answers). Models load once per process through :mod:`newsparallax.resources`.
"""

from __future__ import annotations

from newsparallax.web.app import create_app, serve

__all__ = ["create_app", "serve"]
