"""The JSON API in process: every endpoint, every error status, limits, URL refusal, models loaded once."""

from __future__ import annotations

import asyncio
import http.server
import io
import json
import logging
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import jsonschema
import pytest

pytest.importorskip("fastapi", reason="the web extra is not installed (pip install -e '.[web]')")
from fastapi.testclient import TestClient

from newsparallax import resources
from newsparallax.cli import main as cli_main
from newsparallax.cluster import StoryClusterer
from newsparallax.ingest import ingest
from newsparallax.serialize import schema_path
from newsparallax.store import open_store
from newsparallax.web import create_app
from web_fixtures import DAM, FIRE, fire_records, ingest_records

pytestmark = pytest.mark.slow  # the compare endpoints load the embedder


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = str(tmp_path_factory.mktemp("web") / "stories.db")
    with open_store(path) as store:
        ingest([str(FIRE), str(DAM)], store, StoryClusterer)
    ingest_records(path, [{"title": "Lone report", "text": "A lighthouse keeper retired on Friday.", "source": "Gull"}])
    return path


@pytest.fixture(scope="module")
def client(db: str) -> Iterator[TestClient]:
    with TestClient(create_app(db, max_body_bytes=300_000)) as c:
        yield c


def error(response: httpx.Response, status: int) -> str:
    """The error's message, after checking the status and the shape: JSON, no stack trace."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"} and body["error"]["status"] == status
    assert "Traceback" not in response.text and 'File "' not in response.text
    message: str = body["error"]["message"]
    return message


def test_web_api_compare_gives_what_the_cli_prints(
    client: TestClient, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    records = fire_records()
    response = client.post("/api/compare", json={"articles": records})
    assert response.status_code == 200 and response.headers["content-type"] == "application/json"
    data = response.json()
    jsonschema.validate(data, json.loads(Path(schema_path()).read_text(encoding="utf-8")))
    # The same records through `parallax compare - --format json`.
    out = tmp_path / "cli.json"
    monkeypatch.setattr(sys, "stdin", io.StringIO(json.dumps(records)))
    assert cli_main(["compare", "-", "--format", "json", "-o", str(out)]) == 0
    assert data == json.loads(out.read_text(encoding="utf-8"))


def test_web_api_compare_answers_equal_requests_from_the_cache(client: TestClient) -> None:
    records = fire_records()
    cache = client.app.state.service.cache  # type: ignore[attr-defined]
    first = client.post("/api/compare", json={"articles": records})
    hits = cache.hits
    again = client.post("/api/compare", json={"articles": records})
    assert again.content == first.content and cache.hits == hits + 1


def test_web_api_compare_reports_unusable_articles_and_needs_two(client: TestClient) -> None:
    records = fire_records()[:2]
    data = client.post("/api/compare", json={"articles": [*records, {"source": "no text, no title"}]}).json()
    assert len(data["articles"]) == 2
    assert [(i["input"], i["level"]) for i in data["issues"]] == [("articles[2]", "failure")]
    message = error(client.post("/api/compare", json={"articles": [records[0], {"source": "x"}]}), 400)
    assert message.startswith("need at least two usable articles") and "articles[1]" in message
    assert "got 1" in error(client.post("/api/compare", json={"articles": [records[0], records[0]]}), 400)


@pytest.mark.parametrize(
    ("body", "says"),
    [
        ({"nope": 1}, "articles: Field required"),
        ({"articles": []}, "articles"),
        ({"articles": [{"title": 3, "text": "x"}]}, "articles.0.title"),
        ({"articles": [{"text": "x"}] * 51}, "at most 50"),
    ],
)
def test_web_api_invalid_bodies_are_422(client: TestClient, body: dict[str, Any], says: str) -> None:
    assert says in error(client.post("/api/compare", json=body), 422)


def test_web_api_malformed_json_is_422(client: TestClient) -> None:
    bad = client.post("/api/compare", content=b"{not json", headers={"content-type": "application/json"})
    assert "JSON" in error(bad, 422)


def test_web_api_bodies_over_the_cap_are_413_by_length_and_while_streaming(client: TestClient) -> None:
    big = {"articles": [{"title": "t", "text": "word " * 100_000}, {"title": "u", "text": "other"}]}
    assert "limit of 300,000 bytes" in error(client.post("/api/compare", json=big), 413)
    assert error(client.post("/api/articles", json=big), 413)

    def chunks() -> Iterator[bytes]:  # no Content-Length: the cap is enforced as the body arrives
        yield b'{"articles": [{"text": "'
        for _ in range(400):
            yield b"x" * 1000
        yield b'"}]}'

    streamed = client.post("/api/compare", content=chunks(), headers={"content-type": "application/json"})
    assert "limit of 300,000 bytes" in error(streamed, 413)
    form = client.post("/compare", files={"files": ("big.txt", b"word " * 100_000, "text/plain")})
    assert form.status_code == 413


class _Article(http.server.BaseHTTPRequestHandler):
    """Serves a short article at every path (a stand-in for a news site on this machine)."""

    def do_GET(self) -> None:
        body = f"Headline {self.path}\n\nThe bridge on Elm Road reopened on Tuesday after repairs ({self.path})."
        data = body.encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture()
def local_site() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Article)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_web_api_urls_to_private_addresses_are_refused(client: TestClient, local_site: str) -> None:
    records = [{"url": f"{local_site}/a"}, {"url": "http://192.168.1.1/admin"}]
    message = error(client.post("/api/compare", json={"articles": records}), 400)
    assert "127.0.0.1" in message and "192.168.1.1" in message and "private" in message


def test_web_api_allow_private_fetches_local_urls(local_site: str) -> None:
    with TestClient(create_app(None, allow_private=True)) as client:
        records = [{"url": f"{local_site}/one"}, {"url": f"{local_site}/two"}]
        data = client.post("/api/compare", json={"articles": records}).json()
    assert [a["url"] for a in data["articles"]] == [f"{local_site}/one", f"{local_site}/two"]


def test_web_api_stories_list_search_sort_and_limit(client: TestClient) -> None:
    listed = client.get("/api/stories").json()
    assert listed["total"] == 3 and [s["size"] for s in listed["stories"]] == [4, 4, 1]
    assert {"id", "headline", "size", "sources", "first_published", "last_published"} <= set(listed["stories"][0])
    found = client.get("/api/stories", params={"q": "averell", "order": "recent"}).json()["stories"]
    assert len(found) == 1 and found[0]["size"] == 4
    recent = client.get("/api/stories", params={"order": "recent"}).json()["stories"]
    days = [s["last_published"] or "" for s in recent if s["last_published"]]
    assert days == sorted(days, reverse=True)
    assert len(client.get("/api/stories", params={"limit": 1, "min_size": 2}).json()["stories"]) == 1
    assert "limit" in error(client.get("/api/stories", params={"limit": 0}), 422)
    assert "order" in error(client.get("/api/stories", params={"order": "sideways"}), 422)


def test_web_api_story_detail_not_found_and_single_article(client: TestClient) -> None:
    stories = client.get("/api/stories").json()["stories"]
    fire = next(s for s in stories if "Averell" in (s["headline"] or "") or s["size"] == 4)
    story = client.get(f"/api/stories/{fire['id']}")
    assert story.status_code == 200 and len(story.json()["articles"]) == 4
    assert client.get(f"/api/stories/{fire['id']}").json() == story.json(), "the store's cached comparison"
    assert "no story" in error(client.get("/api/stories/s000000000000"), 404)
    lone = next(s for s in stories if s["size"] == 1)
    assert "at least two" in error(client.get(f"/api/stories/{lone['id']}"), 400)


def test_web_api_ingest_adds_dedupes_names_failures_and_places_articles(tmp_path: Path) -> None:
    with TestClient(create_app(str(tmp_path / "new.db"))) as client:
        assert client.get("/api/stories").json() == {"total": 0, "stories": []}
        records = fire_records()
        report = client.post("/api/articles", json={"articles": [*records, {"author": "no text"}]}).json()
        assert (report["added"], report["duplicates"], report["failed"]) == (len(records), 0, 1)
        assert report["first_failures"][0]["input"] == f"articles[{len(records)}]"
        assert len(report["story_of"]) == len(records) and len(set(report["story_of"].values())) == 1
        again = client.post("/api/articles", json={"articles": records[:1]}).json()
        assert (again["added"], again["duplicates"]) == (0, 1)
        assert list(again["story_of"].values()) == list(report["story_of"].values())[:1]
        assert client.get("/api/stories").json()["total"] == 1


def test_web_api_without_a_store_compares_but_has_no_stories() -> None:
    with TestClient(create_app(None)) as client:
        assert "no store" in error(client.get("/api/stories"), 503)
        assert "no store" in error(client.post("/api/articles", json={"articles": [{"text": "x"}]}), 503)
        assert error(client.get("/api/stories/s1"), 503)


def test_web_api_unknown_routes_and_methods(client: TestClient) -> None:
    assert error(client.get("/api/nothing"), 404)
    assert error(client.get("/api/compare"), 405)


def test_web_api_unexpected_errors_are_500_logged_without_a_trace(
    db: str, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    app = create_app(db)

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("secret internals")

    monkeypatch.setattr(app.state.service, "_story", broken)
    with caplog.at_level(logging.ERROR, "newsparallax.web"), TestClient(app, raise_server_exceptions=False) as client:
        message = error(client.get("/api/stories/anything"), 500)
    assert "secret" not in message and "internal error" in message
    assert "secret internals" in caplog.text, "the details go to the server log"


def test_web_api_models_load_once_per_process(client: TestClient) -> None:
    records = fire_records()[2:]
    client.post("/api/compare", json={"articles": records})  # loads the models if no test did yet
    loads = resources._embedder.cache_info().misses, resources._nlp.cache_info().misses
    for n in range(2):
        changed = [{**records[0], "text": records[0]["text"] + f"\n\nUpdate {n}: the pier stayed closed."}, records[1]]
        assert client.post("/api/compare", json={"articles": changed}).status_code == 200
    assert (resources._embedder.cache_info().misses, resources._nlp.cache_info().misses) == loads


def test_web_api_a_running_comparison_does_not_block_other_requests(db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from newsparallax.web import service as service_module

    release = threading.Event()

    def slow_compare(*args: Any, **kwargs: Any) -> Any:
        release.wait(timeout=30)
        raise RuntimeError("released")

    monkeypatch.setattr(service_module, "compare", slow_compare)
    app = create_app(db, concurrency=1)

    async def scenario() -> tuple[list[int], int]:
        transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
            body = {"articles": fire_records()[:2]}
            pending = [asyncio.create_task(http.post("/api/compare", json=body)) for _ in range(3)]
            await asyncio.sleep(0.2)
            # The comparison holds the only compute slot; everything else still answers.
            quick = [(await http.get(path)).status_code for path in ("/api/stories", "/", "/docs", "/openapi.json")]
            running = app.state.service.limiter.running
            release.set()
            statuses = [r.status_code for r in await asyncio.gather(*pending)]
            assert statuses == [500, 500, 500]
            return quick, running

    quick, running = asyncio.run(scenario())
    assert quick == [200, 200, 200, 200]
    assert running == 1, "three equal requests, one computation"


def test_web_api_openapi_and_offline_docs(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    assert spec["info"]["title"] == "Parallax"
    assert {"/api/compare", "/api/articles", "/api/stories", "/api/stories/{story_id}"} <= set(spec["paths"])
    assert {"400", "413", "422"} <= set(spec["paths"]["/api/compare"]["post"]["responses"])
    docs = client.get("/docs")
    assert docs.status_code == 200 and "/api/compare" in docs.text and "ArticleIn" in docs.text
    assert "cdn" not in docs.text.lower() and "https://" not in docs.text
    assert client.get("/redoc").status_code == 404


@pytest.mark.parametrize("path", ["/", "/api/stories", "/openapi.json", "/static/report.js", "/api/nothing"])
def test_web_api_security_headers_on_every_answer(client: TestClient, path: str) -> None:
    headers = client.get(path).headers
    policy = headers["content-security-policy"]
    assert "default-src 'none'" in policy and "frame-ancestors 'none'" in policy
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert headers["x-content-type-options"] == "nosniff" and headers["x-frame-options"] == "DENY"


def test_web_api_static_files_are_the_packaged_ones_only(client: TestClient) -> None:
    script = client.get("/static/report.js")
    assert script.status_code == 200 and script.headers["content-type"].startswith("text/javascript")
    assert "parallax-data" in script.text
    assert client.get("/static/web.css").headers["content-type"].startswith("text/css")
    for path in ("/static/app.py", "/static/..%2Fapp.py", "/static/../web/app.py", "/static/"):
        assert client.get(path).status_code == 404, path
