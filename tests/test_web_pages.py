"""The HTML pages in process: compare form (pasted, uploaded), stories, story, errors; hostile text escaped in
every page and panel, and no inline code for the Content-Security-Policy to allow."""

from __future__ import annotations

import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest

pytest.importorskip("fastapi", reason="the web extra is not installed (pip install -e '.[web]')")
from fastapi.testclient import TestClient

from newsparallax.web import create_app
from web_fixtures import FIRE, IMG, PAYLOADS, SCRIPT, fire_records, hostile, ingest_records

pytestmark = pytest.mark.slow  # comparisons load the embedder
HTML = {"accept": "text/html"}
# Every panel the hostile story fills, and the payload text (escaped) that each must show.
PANELS = ("summary", "articles", "facts", "conflicts", "coverage", "quotes", "reuse", "framing")


class Tags(HTMLParser):
    """The elements of a page with their attributes, as a browser's parser would see them."""

    def __init__(self, page: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.feed(page)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def assert_inert(page: str) -> None:
    """No payload survives as markup, and the page has nothing a strict CSP would have to allow: every script is
    the JSON data block or a file of ours, no event-handler or style attributes, no other origin."""
    for payload in PAYLOADS:
        assert payload not in page
    assert not re.search(r"<img[^>]*onerror", page, re.IGNORECASE)
    tags = Tags(page).tags
    assert not [t for t, _ in tags if t == "img"]
    assert not [(t, a) for t, attrs in tags for a in attrs if a.startswith("on") or a == "style"]
    for tag, attrs in tags:
        if tag == "script":
            assert attrs.get("type") == "application/json" or str(attrs.get("src", "")).startswith("/static/"), attrs
        if tag == "link":
            assert str(attrs.get("href", "")).startswith("/static/"), attrs
    assert not re.search(r"<script>", page), "no inline script"
    assert all(str(attrs["src"]).startswith("/static/") for _, attrs in tags if "src" in attrs), "no CDN"


def sections(page: str) -> dict[str, str]:
    return {m[1]: m[2] for m in re.finditer(r'<section id="(\w+)"(.*?)</section>', page, re.S)}


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = str(tmp_path_factory.mktemp("pages") / "hostile.db")
    ingest_records(path, hostile(fire_records()))
    ingest_records(path, [{"title": f"Lone {SCRIPT}", "text": f"One article only. {IMG}", "source": "Gull"}])
    return path


@pytest.fixture(scope="module")
def client(db: str) -> Iterator[TestClient]:
    with TestClient(create_app(db), headers=HTML) as c:
        yield c


def test_web_pages_home_is_a_form_with_no_inline_code(client: TestClient) -> None:
    response = client.get("/")
    page = response.text
    assert '<form method="post" action="/compare"' in page and 'name="text"' in page and 'type="file"' in page
    assert '<script src="/static/compare.js' in page
    assert_inert(page)
    assert "unsafe-inline" not in response.headers["content-security-policy"]


def test_web_pages_pasted_hostile_articles_are_compared_and_escaped_in_every_panel(client: TestClient) -> None:
    records = hostile(fire_records())
    form = {
        "title": [r["title"] for r in records],
        "text": [r["text"] for r in records],
        "source": [r["source"] for r in records],
    }
    response = client.post("/compare", data=form)
    assert response.status_code == 200, response.text
    page = response.text
    assert_inert(page)
    found = sections(page)
    assert set(PANELS) <= set(found), sorted(found)
    for name in PANELS:
        assert "&lt;script&gt;" in found[name] or "&lt;img src=x onerror=" in found[name], name
    for name in ("articles", "facts", "quotes", "reuse"):
        assert "&lt;script&gt;window.__pwned = 1&lt;/script&gt;" in found[name], name
    assert "&lt;script&gt;window.__pwned" in page.split("<main>")[0], "the title, in the page header"
    assert 'href="/stories"' in page, "the app's navigation is on the report"


def test_web_pages_uploaded_files_and_unsupported_types(client: TestClient) -> None:
    paths = sorted(FIRE.glob("*.txt"))[:2]
    files = [("files", (p.name, p.read_bytes(), "text/plain")) for p in paths]
    files.append(("files", ("../../etc/photo.png", b"\x89PNG", "image/png")))
    files.append(("files", (f"{SCRIPT}.txt", b"", "text/plain")))
    response = client.post("/compare", data={"title": [""], "text": [""]}, files=files)
    assert response.status_code == 200, response.text
    assert paths[0].name in response.text and "unsupported file type &#x27;.png&#x27;" in response.text
    assert "photo.png" in response.text and "../" not in response.text, "only the file's own name is shown"
    assert "empty file" in response.text
    assert_inert(response.text)


def test_web_pages_too_few_articles_is_an_error_page(client: TestClient) -> None:
    response = client.post("/compare", data={"title": ["One"], "text": ["Only one article here."]})
    assert response.status_code == 400 and "at least two usable articles" in response.text
    assert response.headers["content-type"].startswith("text/html") and 'role="alert"' in response.text
    hostile_error = client.post("/compare", data={"title": [SCRIPT], "text": [IMG]})
    assert hostile_error.status_code == 400
    assert_inert(hostile_error.text)


def test_web_pages_stories_list_searches_sorts_and_escapes(client: TestClient) -> None:
    page = client.get("/stories").text
    assert "2 of 2 stories" in page and "&lt;script&gt;" in page
    assert page.index("Port Averell") < page.index("Lone"), "largest first"
    assert_inert(page)
    recent = client.get("/stories", params={"order": "recent"}).text
    assert '<option value="recent" selected>' in recent and "2026-03-11" in recent
    searched = client.get("/stories", params={"q": SCRIPT + "zz", "order": "recent"})
    assert searched.status_code == 200 and "No stories match" in searched.text
    assert_inert(searched.text)
    assert "Lone" in client.get("/stories", params={"q": "gull"}).text
    assert client.get("/stories", params={"order": "sideways"}).status_code == 422


def test_web_pages_story_page_is_the_report_with_every_panel_escaped(client: TestClient) -> None:
    story = client.get("/api/stories").json()["stories"][0]["id"]
    response = client.get(f"/stories/{story}")
    assert response.status_code == 200
    page = response.text
    found = sections(page)
    assert set(PANELS) <= set(found)
    for name in ("articles", "facts", "quotes", "reuse"):
        assert "&lt;script&gt;window.__pwned = 1&lt;/script&gt;" in found[name], name
    assert 'role="tablist"' in page and page.count('class="col"') == 4, "columns, and tabs for narrow screens"
    assert '<link rel="stylesheet" href="/static/report.css' in page
    assert_inert(page)


def test_web_pages_story_errors_are_pages(client: TestClient) -> None:
    missing = client.get("/stories/s-not-there")
    assert missing.status_code == 404 and "no story" in missing.text and "<h1>" in missing.text
    assert_inert(client.get(f"/stories/{SCRIPT}").text)
    lone = next(s for s in client.get("/api/stories").json()["stories"] if s["size"] == 1)
    one = client.get(f"/stories/{lone['id']}")
    assert one.status_code == 400 and "at least two" in one.text
    assert client.get("/nothing/here").status_code == 404
    as_json = client.get("/stories/s-not-there", headers={"accept": "application/json"})
    assert as_json.json()["error"]["status"] == 404


def test_web_pages_a_new_or_missing_store(tmp_path: Path) -> None:
    with TestClient(create_app(str(tmp_path / "fresh.db")), headers=HTML) as client:
        assert "no stories yet" in client.get("/stories").text
    with TestClient(create_app(None), headers=HTML) as client:
        page = client.get("/stories")
        assert page.status_code == 503 and "no store" in page.text
        assert client.get("/").status_code == 200, "comparing needs no store"


def test_web_pages_api_docs_page_is_inert(client: TestClient) -> None:
    assert_inert(client.get("/docs").text)
