"""The HTML pages: compare (home), stories, one story. The offline API docs are in docs.py.

The comparison and story pages are the library's report (render_html: columns side by side, tabs on narrow
screens, click-to-highlight, panels); this module only gathers the input and builds the list pages. Every
string from an article, a request or the store goes through ``esc``.
"""

from __future__ import annotations

import json
from pathlib import PurePath
from typing import Any, Literal

from fastapi import APIRouter, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse
from starlette.datastructures import UploadFile

from newsparallax.model import Article, InputIssue
from newsparallax.readers import SUFFIXES, collect, iter_inputs, parse_file
from newsparallax.render_html import esc
from newsparallax.web.layout import page, report
from newsparallax.web.service import Service

router = APIRouter(include_in_schema=False)
FORM_ARTICLES = 3  # article blocks the compare form shows at first; "Add an article" adds more
MAX_FORM_FILES = 50
MAX_FORM_FIELDS = 500
ORDERS = {"size": "Largest first", "recent": "Most recent first"}


def _service(request: Request) -> Service:
    service: Service = request.app.state.service
    return service


# --- compare -------------------------------------------------------------------------------------------------


def _article_fieldset(n: int) -> str:
    return f"""<fieldset class="article"><legend>Article {n}</legend>
<div class="row"><div><label for="title-{n}">Headline</label><input type="text" id="title-{n}" name="title"></div>
<div><label for="source-{n}">Outlet</label><input type="text" id="source-{n}" name="source"></div></div>
<label for="text-{n}">Text</label><textarea id="text-{n}" name="text"></textarea></fieldset>"""


@router.get("/", response_class=HTMLResponse)
def home() -> HTMLResponse:
    blocks = "\n".join(_article_fieldset(n) for n in range(1, FORM_ARTICLES + 1))
    accept = ",".join(SUFFIXES)
    body = f"""<h1>Compare coverage of one story</h1>
<p class="hint">Paste two or more articles about the same event, give their URLs, or upload files
({esc(", ".join(SUFFIXES))}). Parallax shows the facts they share, what each adds or leaves out, conflicting
details, quotes, copied passages, framing and a neutral summary with citations.</p>
<form method="post" action="/compare" enctype="multipart/form-data">
{blocks}
<p><button type="button" class="secondary" id="add">Add an article</button></p>
<fieldset><legend>Or from the web and from files</legend>
<label for="urls">URLs, one per line</label><textarea id="urls" name="urls" class="short"></textarea>
<label for="files">Files</label><input type="file" id="files" name="files" multiple accept="{esc(accept)}">
</fieldset>
<p><button type="submit">Compare</button></p></form>"""
    return page("Compare", body, current="/", scripts=("compare.js",))


@router.post("/compare", response_class=HTMLResponse)
async def compare_form(request: Request) -> HTMLResponse:
    """The form's pasted articles, URLs and files, read in that order, compared; errors become error pages."""
    service = _service(request)
    async with request.form(max_files=MAX_FORM_FILES, max_fields=MAX_FORM_FIELDS) as form:
        titles, sources, texts = form.getlist("title"), form.getlist("source"), form.getlist("text")
        records: list[dict[str, Any]] = []
        for n, text in enumerate(texts):
            title = str(titles[n]) if n < len(titles) else ""
            if str(text).strip() or title.strip():
                source = str(sources[n]).strip() if n < len(sources) else ""
                records.append({"title": title, "text": str(text), **({"source": source} if source else {})})
        urls = [u.strip() for u in str(form.get("urls") or "").splitlines() if u.strip()]
        uploads = [f for f in form.getlist("files") if isinstance(f, UploadFile) and f.filename]
        # The client's file name is only a label: its directory part is dropped and it never becomes a path.
        files = [(PurePath(f.filename or "upload").name or "upload", await f.read()) for f in uploads]

    def read() -> tuple[list[Article], list[InputIssue]]:
        items = service.parse_records(records, "pasted")
        items += iter_inputs(urls, service.settings)
        for name, data in files:
            items += parse_file(data, name, path=name)
        return collect(items, service.settings)

    articles, issues = await run_in_threadpool(read)
    answer = await service.compare(articles, issues)
    return report(json.loads(answer))


# --- stories -------------------------------------------------------------------------------------------------


def _dates(first: str | None, last: str | None) -> str:
    days = list(dict.fromkeys(d[:10] for d in (first, last) if d))
    return " – ".join(days) or "undated"


@router.get("/stories", response_class=HTMLResponse)
def stories_page(
    request: Request,
    q: str = Query("", max_length=500),
    order: Literal["size", "recent"] = "size",
    limit: int = Query(100, ge=1, le=1000),
) -> HTMLResponse:
    with _service(request).store() as store:
        found = store.stories(order=order, limit=limit, search=q or None)
        total = store.story_count()
    rows = "".join(
        f'<tr><td><a href="/stories/{esc(story.id)}">{esc(story.headline or "(untitled)")}</a></td>'
        f'<td class="num">{story.size}</td><td>{esc(", ".join(story.sources))}</td>'
        f"<td>{esc(_dates(story.first_published, story.last_published))}</td></tr>"
        for story in found
    )
    if rows:
        table = (
            f'<table><caption class="hint">{len(found)} of {total} {"story" if total == 1 else "stories"}</caption>'
            '<thead><tr><th scope="col">Headline</th><th scope="col" class="num">Articles</th>'
            f'<th scope="col">Sources</th><th scope="col">Dates</th></tr></thead><tbody>{rows}</tbody></table>'
        )
    elif q:
        table = f"<p>No stories match {esc(repr(q))}.</p>"
    else:
        table = "<p>The store has no stories yet: add articles with <code>parallax ingest</code> or the API.</p>"
    options = "".join(
        f'<option value="{value}"{" selected" if value == order else ""}>{label}</option>'
        for value, label in ORDERS.items()
    )
    body = f"""<h1>Stories</h1>
<form class="filters" method="get" action="/stories" role="search">
<div><label for="q">Search headlines and sources</label><input type="search" id="q" name="q" value="{esc(q)}"></div>
<div><label for="order">Sort</label><select id="order" name="order">{options}</select></div>
<div><button type="submit">Show</button></div></form>{table}"""
    return page("Stories", body, current="/stories")


@router.get("/stories/{story_id}", response_class=HTMLResponse)
async def story_page(story_id: str, request: Request) -> HTMLResponse:
    return report(await _service(request).story(story_id))
