"""The frame every page shares: head, navigation bar, skip link; and the report page for a comparison.

Text that came from an article, a request or the store goes through ``esc`` (html.escape with quotes) before it
is placed in a page; pages link their stylesheets and scripts (assets.py) and contain no inline code, so the
Content-Security-Policy can forbid inline scripts outright.
"""

from __future__ import annotations

from typing import Any

from fastapi.responses import HTMLResponse

from newsparallax.render_html import esc, render_html
from newsparallax.web import assets

LINKS = (("/", "Compare"), ("/stories", "Stories"), ("/docs", "API"))


def nav(current: str = "") -> str:
    here = ' aria-current="page"'
    items = "".join(f'<a href="{href}"{here if href == current else ""}>{label}</a>' for href, label in LINKS)
    return f'<nav class="app-nav" aria-label="Parallax"><strong>Parallax</strong>{items}</nav>'


def page(title: str, body: str, *, status: int = 200, current: str = "", scripts: tuple[str, ...] = ()) -> HTMLResponse:
    """A page of the app around ``body`` (markup the caller built with every untrusted string escaped)."""
    styles = "".join(f'<link rel="stylesheet" href="{esc(assets.url(n))}">' for n in assets.PAGE)
    code = "".join(f'<script src="{esc(assets.url(n))}" defer></script>' for n in scripts)
    document = (
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<meta name="referrer" content="no-referrer"><title>{esc(title)} · Parallax</title>{styles}{code}</head>'
        f'<body><a class="skip" href="#main">Skip to the content</a>{nav(current)}'
        f'<main id="main">{body}</main></body></html>'
    )
    return HTMLResponse(document, status_code=status)


def error_page(status: int, message: str) -> HTMLResponse:
    body = f'<h1>Something went wrong</h1><p class="error" role="alert">{esc(message)}</p>'
    return page("Error", body, status=status)


def report(data: dict[str, Any]) -> HTMLResponse:
    """The library's HTML report of a comparison, linking its assets, with the app's navigation above it."""
    return HTMLResponse(render_html(data, assets=assets.urls(assets.REPORT), banner=nav()))
