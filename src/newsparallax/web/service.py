"""What the pages and the API share: reading posted articles, comparing them, and the store.

Handlers stay thin: they turn a request into records and call here. Everything slow (reading and fetching,
comparing, the store) runs in the thread pool; comparisons go through the answer cache and the limiter
(cache.py). Models load once per process, on the first comparison, through the library's one door
(:mod:`newsparallax.resources`); nothing here builds anything per request.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import partial
from typing import Any

from starlette.concurrency import run_in_threadpool

from newsparallax.cluster import DEFAULT_CLUSTER, ClusterSettings, StoryClusterer
from newsparallax.errors import InputError, NotEnoughArticles
from newsparallax.ingest import IngestReport, ingest
from newsparallax.model import Article, Comparison, InputIssue
from newsparallax.pipeline import compare
from newsparallax.readers import collect, iter_inputs, parse_record
from newsparallax.settings import DEFAULT, Settings
from newsparallax.store import Store, cached_comparison, open_store
from newsparallax.web.cache import CACHE_BYTES, AnswerCache, Limiter
from newsparallax.web.errors import NoStore, UnknownStory


class _Miss(Exception):
    """The story's comparison is not in the store's cache (and this call may not compute it)."""


def to_json(data: dict[str, Any]) -> bytes:
    """The comparison as the API sends it: the JSON of ``parallax compare --format json``, without indentation."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


class Service:
    """The app's state: the store's location, the settings, the answer cache and the compute limiter."""

    def __init__(
        self,
        db: str | None,
        settings: Settings = DEFAULT,
        cluster_settings: ClusterSettings = DEFAULT_CLUSTER,
        *,
        concurrency: int | None = None,
        cache_bytes: int = CACHE_BYTES,
    ) -> None:
        self.db, self.settings, self.cluster_settings = db, settings, cluster_settings
        self.cache = AnswerCache(cache_bytes)
        self.limiter = Limiter(concurrency)
        self._settings_key = json.dumps(settings.to_dict(), sort_keys=True)
        # One ingest at a time from this process: concurrent ones would each rebuild the clusterer after the
        # other's commit (ingest handles it, at the cost of a replay per conflict).
        self._ingest_lock = threading.Lock()
        if db is not None:
            with open_store(db, create=True):  # a bad path fails when the server starts, not on a request
                pass

    # --- comparing posted articles -----------------------------------------------------------------------
    def parse_records(self, records: Sequence[Any], origin: str) -> list[Article | InputIssue]:
        """Each record as an article, or an issue naming ``origin[n]``. A record with only a URL is fetched,
        with the CLI's refusal of private and loopback addresses, its timeout and size cap."""
        items: list[Article | InputIssue] = []
        for number, record in enumerate(records):
            name = f"{origin}[{number}]"
            if isinstance(record, dict) and record.get("url") and not (record.get("text") or record.get("title")):
                items.extend(iter_inputs([str(record["url"])], self.settings))
                continue
            try:
                items.append(parse_record(record, name, fallback_source=f"article {number + 1}"))
            except InputError as exc:
                items.append(InputIssue(exc.source, exc.reason))
        return items

    def read_records(self, records: Sequence[Any], origin: str = "articles") -> tuple[list[Article], list[InputIssue]]:
        """Posted records as articles (repeated texts dropped, ids made unique, language guessed) and issues."""
        return collect(self.parse_records(records, origin), self.settings)

    async def compare(self, articles: list[Article], issues: list[InputIssue]) -> bytes:
        """The comparison's JSON; raises :class:`NotEnoughArticles` below two usable articles."""
        if len(articles) < 2:
            failures = "".join(f"; {i.input}: {i.reason}" for i in issues if i.level == "failure")
            raise NotEnoughArticles(f"need at least two usable articles to compare, got {len(articles)}{failures}")
        key = self._key(articles, issues)
        cached = self.cache.get(key)
        if cached is not None:
            return cached

        def compute() -> bytes:
            answer = to_json(compare(articles, self.settings, issues=issues).to_dict())
            self.cache.put(key, answer)
            return answer

        return await self.limiter.run(key, compute)

    async def compare_records(self, records: Sequence[Any], origin: str = "articles") -> bytes:
        articles, issues = await run_in_threadpool(self.read_records, records, origin)
        return await self.compare(articles, issues)

    def _key(self, articles: list[Article], issues: list[InputIssue]) -> str:
        """A digest of everything the answer depends on: the articles as read, the issues, the settings."""
        payload = json.dumps(
            [
                self._settings_key,
                [[a.id, a.source, a.title, a.text, a.url, a.published, a.author, a.path] for a in articles],
                [[i.input, i.reason, i.level] for i in issues],
            ],
            ensure_ascii=False,
        )
        return "compare:" + hashlib.sha256(payload.encode("utf-8")).hexdigest()

    # --- the store ---------------------------------------------------------------------------------------
    @contextmanager
    def store(self) -> Iterator[Store]:
        """The store, opened for one request (a SQLite connection belongs to the thread that opened it)."""
        if self.db is None:
            raise NoStore("this server has no store: start it with --db PATH to list and add stories")
        with open_store(self.db, create=False) as store:
            yield store

    async def story(self, story_id: str) -> dict[str, Any]:
        """The comparison of a stored story, from the store's cache when its articles have not changed; only
        a miss waits for a compute slot."""
        cached = await run_in_threadpool(self._story, story_id, False)
        if cached is not None:
            return cached
        computed = await self.limiter.run(f"story:{story_id}", partial(self._story, story_id, True))
        assert computed is not None
        return computed

    def _story(self, story_id: str, may_compute: bool) -> dict[str, Any] | None:
        def compute(articles: list[Article]) -> Comparison:
            if not may_compute:
                raise _Miss
            return compare(articles, self.settings)

        with self.store() as store:
            if store.story(story_id) is None:
                raise UnknownStory(f"no story {story_id!r} in this store")
            try:
                return cached_comparison(store, story_id, self.settings, compute)
            except _Miss:
                return None

    def ingest(
        self, articles: list[Article], issues: list[InputIssue], origin: str
    ) -> tuple[IngestReport, dict[str, str]]:
        """Add articles to the store; the report and the story each article is now in."""
        with self._ingest_lock, self.store() as store:
            report = ingest(
                [origin],
                store,
                partial(StoryClusterer, self.cluster_settings),
                self.settings,
                records=[*issues, *articles],
            )
            placed = {a.id: store.story_of(a.id) for a in articles}
        return report, {article: story for article, story in placed.items() if story is not None}
