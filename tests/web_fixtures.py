"""Shared pieces of the web tests: the example story as API records, hostile variants, a store, a live server."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from newsparallax.cluster import StoryClusterer
from newsparallax.ingest import IngestReport, ingest
from newsparallax.readers import parse_record, read_many
from newsparallax.store import open_store

ROOT = Path(__file__).resolve().parents[1]
FIRE = ROOT / "examples" / "harbor-fire"
DAM = ROOT / "examples" / "dam-release"
SCRIPT = "<script>window.__pwned = 1</script>"
IMG = '<img src=x onerror="window.__pwned = 2">'
PAYLOADS = (SCRIPT, IMG)
# A quotation two outlets print word for word, carrying both payloads: it becomes a shared fact, a quote group
# and a reused passage, so the payloads reach the facts, quotes, reuse and summary panels as well as the columns.
HOSTILE_QUOTE = (
    f"“Nobody typed {SCRIPT} into the incident log, and nobody clicked {IMG} on the harbor camera feed either,” "
    "the harbormaster’s deputy told reporters on Wednesday."
)


def fire_records() -> list[dict[str, Any]]:
    """The harbor-fire example as JSON records, as a client would post them."""
    articles, _ = read_many([str(FIRE)])
    return [
        {"title": a.title, "text": a.text, "source": a.source, "published": a.published, "url": a.url} for a in articles
    ]


def hostile(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The records with script and onerror payloads in the first one's title, source and body, and in a quote
    the first two share."""
    first, second = dict(records[0]), dict(records[1])
    first["title"] = f"{SCRIPT} {first['title']}"
    first["source"] = f"{IMG} Wire"
    first["text"] = f"{first['text']}\n\nA reader wrote {SCRIPT} and {IMG} in a comment.\n\n{HOSTILE_QUOTE}"
    second["text"] = f"{second['text']}\n\n{HOSTILE_QUOTE}"
    return [first, second, *records[2:]]


def ingest_records(db: str, records: list[dict[str, Any]], origin: str = "fixture") -> IngestReport:
    """Records (as posted to the API) added to the store at ``db``."""
    articles = [parse_record(r, f"{origin}[{n}]", fallback_source="x") for n, r in enumerate(records)]
    with open_store(db) as store:
        return ingest([origin], store, StoryClusterer, records=articles)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@contextmanager
def live_server(app: Any) -> Iterator[str]:
    """``app`` served by uvicorn in a thread on a free loopback port; yields its base URL."""
    import uvicorn

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
