"""The JSON API: ``/api/compare``, ``/api/articles``, ``/api/stories``, ``/api/stories/{id}``.

Answers are the library's own JSON (a comparison is what ``parallax compare --format json`` prints); errors are
``{"error": {"status", "message"}}`` (errors.py). Slow work runs in the thread pool (service.py), so a
comparison never blocks the event loop.
"""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field

from newsparallax.serialize import FORMAT_VERSION
from newsparallax.store import story_to_dict
from newsparallax.web.service import Service

router = APIRouter(prefix="/api", tags=["api"])
MAX_COMPARE_ARTICLES = 50  # each article adds seconds of CPU; a story rarely has more outlets than this


class ArticleIn(BaseModel):
    """One article: its text and title, or only a URL to fetch."""

    title: str = ""
    text: str = ""
    source: str | None = Field(None, description="the outlet; 'article N' when absent")
    url: str | None = Field(None, description="fetched when there is no text (private addresses refused)")
    published: str | None = Field(None, description="ISO date or timestamp")
    author: str | None = None
    id: str | None = Field(None, description="your id for the article; a content hash when absent")


class CompareIn(BaseModel):
    articles: list[ArticleIn] = Field(..., min_length=1, max_length=MAX_COMPARE_ARTICLES)


class ArticlesIn(BaseModel):
    articles: list[ArticleIn] = Field(..., min_length=1)


class ErrorDetail(BaseModel):
    status: int
    message: str


class ErrorOut(BaseModel):
    error: ErrorDetail


def _errors(*statuses: int) -> dict[int | str, dict[str, Any]]:
    meaning = {
        400: "bad input (e.g. fewer than two usable articles)",
        404: "no such story",
        413: "request body over the server's limit",
        422: "malformed request",
        503: "the server has no store",
    }
    return {status: {"model": ErrorOut, "description": meaning[status]} for status in statuses}


def _json_object(description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": {"type": "object"}}}}


def _service(request: Request) -> Service:
    service: Service = request.app.state.service
    return service


def _records(articles: list[ArticleIn]) -> list[dict[str, Any]]:
    return [a.model_dump(exclude_none=True) for a in articles]


@router.post(
    "/compare",
    summary="Compare two or more articles of one story",
    response_class=Response,
    responses={
        200: _json_object(f"the comparison, format {FORMAT_VERSION} (docs/format.md)"),
        **_errors(400, 413, 422),
    },
)
async def compare(body: CompareIn, request: Request) -> Response:
    """The same JSON as ``parallax compare --format json``. Articles that cannot be used are listed in
    ``issues`` by their place (``articles[2]``); fewer than two usable ones is a 400."""
    answer = await _service(request).compare_records(_records(body.articles))
    return Response(answer, media_type="application/json")


@router.post(
    "/articles",
    summary="Add one or many articles to the store",
    responses={200: _json_object("the ingest report and the story of each article"), **_errors(413, 422, 503)},
)
def add_articles(body: ArticlesIn, request: Request) -> JSONResponse:
    """Articles are de-duplicated by content and grouped into stories. The answer is the ingest report
    (``added``, ``duplicates``, ``failed``, ``first_failures``, …) and ``story_of``: article id → story id."""
    service = _service(request)
    articles, issues = service.read_records(_records(body.articles))
    failures = [i for i in issues if i.level == "failure"]  # ingest makes its own language warnings
    report, story_of = service.ingest(articles, failures, "api")
    return JSONResponse({**report.to_dict(), "story_of": story_of})


@router.get(
    "/stories",
    summary="The stories in the store",
    responses={200: _json_object('{"total", "stories": [{"id", "headline", "size", …}]}'), **_errors(422, 503)},
)
def stories(
    request: Request,
    q: str | None = Query(None, max_length=500, description="only stories whose headline or sources contain this"),
    order: Literal["size", "recent", "id"] = Query("size", description="largest first, latest first, or by id"),
    limit: int = Query(50, ge=1, le=1000),
    min_size: int = Query(1, ge=1, description="only stories of at least this many articles"),
) -> JSONResponse:
    with _service(request).store() as store:
        found = store.stories(order=order, limit=limit, min_size=min_size, search=q or None)
        return JSONResponse({"total": store.story_count(), "stories": [story_to_dict(s) for s in found]})


@router.get(
    "/stories/{story_id}",
    summary="The comparison of one story",
    responses={200: _json_object("the story's comparison, as POST /api/compare gives it"), **_errors(400, 404, 503)},
)
async def story(story_id: str, request: Request) -> JSONResponse:
    """Everything ``parallax story ID --format json`` gives, cached until the story changes. 404 for an
    unknown id, 400 for a story of one article (nothing to compare yet)."""
    return JSONResponse(await _service(request).story(story_id))
