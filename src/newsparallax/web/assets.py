"""The stylesheets and scripts the pages link, served from the package itself (no CDN, works offline).

Only the files named here are served: the route takes a name, never a path. URLs carry a hash of the content,
so browsers may keep a file for a day and still never run a stale script after an upgrade.
"""

from __future__ import annotations

import hashlib
from functools import cache

from fastapi import APIRouter
from fastapi.responses import Response
from starlette.exceptions import HTTPException

# name -> (package holding it, media type)
FILES = {
    "report.css": ("newsparallax", "text/css"),
    "report.js": ("newsparallax", "text/javascript"),
    "web.css": ("newsparallax.web", "text/css"),
    "nav.css": ("newsparallax.web", "text/css"),
    "compare.js": ("newsparallax.web", "text/javascript"),
}
#: What the report page (a comparison, a story) links, in order; the navigation bar has its own small sheet.
REPORT = ("report.css", "nav.css", "report.js")
#: What the app's other pages link.
PAGE = ("web.css", "nav.css")

router = APIRouter(include_in_schema=False)


@cache
def content(name: str) -> bytes:
    from importlib.resources import files

    package, _ = FILES[name]
    return (files(package) / "static" / name).read_bytes()


@cache
def url(name: str) -> str:
    return f"/static/{name}?v={hashlib.sha256(content(name)).hexdigest()[:12]}"


def urls(names: tuple[str, ...]) -> dict[str, str]:
    return {name: url(name) for name in names}


@router.get("/static/{name}")
def static(name: str) -> Response:
    if name not in FILES:
        raise HTTPException(404, f"no file {name!r}")
    return Response(
        content(name),
        media_type=FILES[name][1],
        headers={"Cache-Control": "public, max-age=86400"},
    )


@router.get("/favicon.ico")
def favicon() -> Response:
    # Browsers ask for it on every site; an empty answer keeps a 404 out of their consoles and the server log.
    return Response(status_code=204, headers={"Cache-Control": "public, max-age=86400"})
