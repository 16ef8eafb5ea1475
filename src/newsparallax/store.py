"""Persistence of ingested articles, the story each belongs to, and cached comparisons, behind one interface.

:class:`Store` is the contract every backend keeps; :func:`open_store` picks the backend from a path or URL
(SQLite, in :mod:`newsparallax.store_sqlite`, is the only one so far). Articles are de-duplicated by
:func:`content_key` (the hash of their case- and whitespace-folded text), kept in arrival order (the order an
incremental clusterer must replay them in), and each has exactly one story id. A story row summarises its
articles: headline, size, sources, date span. A comparison is cached per story under :func:`comparison_fingerprint`
(its article ids in order + the settings that shape results + the Parallax and format versions + a hash of the
code), so a story that gains an article, a change of settings or an upgrade misses the cache and is compared again.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from os import PathLike
from pathlib import Path
from types import TracebackType
from typing import Any, Literal, Protocol, Self, runtime_checkable

from newsparallax.errors import StoreConflict as StoreConflict  # re-exported: callers catch it from here
from newsparallax.errors import StoreError
from newsparallax.model import Article, Comparison, InputIssue
from newsparallax.readers import article_id
from newsparallax.settings import Settings

StoryOrder = Literal["size", "recent", "id"]
DEFAULT_PATH = "parallax.db"
# Settings that change how inputs are fetched or how fast the work runs, never what a comparison says: a
# change of these keeps cached comparisons valid.
_RUNTIME_SETTINGS = frozenset({"threads", "fetch_timeout", "fetch_max_bytes", "allow_private"})


@dataclass(frozen=True)
class Story:
    """A story as stored: its articles' summary. ``headline`` is the first non-empty title in arrival order."""

    id: str
    headline: str
    size: int
    sources: tuple[str, ...]  # distinct, sorted
    first_published: str | None
    last_published: str | None


@dataclass(frozen=True)
class StoredArticle:
    """An article with its place in arrival order (``seq``), its content key and its story id."""

    seq: int
    article: Article
    key: str
    story: str | None


@dataclass(frozen=True)
class Failure:
    """An input that could not be stored (``failure``) or was stored with a caveat (``warning``)."""

    run: int | None
    input: str
    reason: str
    level: Literal["failure", "warning"]
    time: str


@dataclass(frozen=True)
class Run:
    """One ingest run: what it was given and what it did. ``finished`` is ``None`` for a run that was killed."""

    id: int
    started: str
    finished: str | None
    inputs: tuple[str, ...]
    added: int
    duplicates: int
    failed: int


@dataclass(frozen=True)
class AddResult:
    """What :meth:`Store.add_articles` did: rows added, articles already stored, the last arrival number."""

    added: int
    duplicates: int
    last_seq: int
    stories: tuple[str, ...]  # the stories that gained articles, sorted


class Store(Protocol):
    """What Parallax needs from persistence. Every method is one transaction; reads never block on a writer."""

    @property
    def location(self) -> str: ...

    @property
    def schema_version(self) -> int: ...

    def close(self) -> None: ...

    def __enter__(self) -> Self: ...

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None
    ) -> None: ...

    # --- articles and assignments -------------------------------------------------------------------------
    def add_articles(
        self,
        items: Sequence[tuple[Article, str]],
        *,
        keys: Sequence[str] | None = None,
        failures: Sequence[InputIssue] = (),
        run: int | None = None,
        expect_last_seq: int | None = None,
    ) -> AddResult:
        """Store ``(article, story id)`` pairs and ``failures`` in one transaction: all of them or none.

        ``keys`` are the items' content keys (:func:`content_key`) when the caller has them already.

        An article whose content key is stored already is skipped (counted as a duplicate); an article whose id
        is taken by a different text raises :class:`StoreError`. With ``expect_last_seq``, raises
        :class:`StoreConflict` when the last arrival number is another (someone else wrote in between).
        """
        ...

    def reassign(self, assignments: Mapping[str, str]) -> int:
        """Move articles (id -> story id) to other stories in one transaction; returns how many moved."""
        ...

    def has(self, key: str) -> bool:
        """Whether an article with this content key (:func:`content_key`) is stored."""
        ...

    def get_article(self, article_id: str) -> Article | None: ...

    def iter_articles(self, *, after_seq: int = 0) -> Iterator[StoredArticle]:
        """Every stored article in arrival order, read page by page (no transaction is held between pages)."""
        ...

    def article_count(self) -> int: ...

    def last_seq(self) -> int:
        """The arrival number of the last stored article (0 when none): a cheap "has anyone written" check."""
        ...

    def assignments(self) -> list[tuple[str, str]]:
        """``(article id, story id)`` for every article, in arrival order."""
        ...

    # --- stories ----------------------------------------------------------------------------------------
    def stories(
        self,
        *,
        order: StoryOrder = "size",
        limit: int | None = None,
        min_size: int = 1,
        search: str | None = None,
    ) -> list[Story]:
        """Stories ordered by size (largest first), recency (latest published first) or id; ties by id.
        ``search`` keeps those whose headline or sources contain it (any case), or whose id it is."""
        ...

    def story(self, story_id: str) -> Story | None: ...

    def story_of(self, article_id: str) -> str | None:
        """The id of the story an article belongs to (None for an article not stored)."""
        ...

    def story_count(self) -> int: ...

    def story_articles(self, story_id: str) -> list[Article]:
        """The articles of a story in arrival order (the order a comparison lists them in)."""
        ...

    # --- comparisons ------------------------------------------------------------------------------------
    def get_comparison(self, story_id: str, fingerprint: str) -> dict[str, Any] | None:
        """The cached comparison (the dict of ``Comparison.to_dict()``), or ``None`` on a miss."""
        ...

    def put_comparison(self, story_id: str, fingerprint: str, comparison: Comparison | Mapping[str, Any]) -> None: ...

    # --- clusterer snapshots ------------------------------------------------------------------------------
    def get_snapshot(self, key: str) -> tuple[int, bytes] | None:
        """The saved clusterer state under ``key`` and the arrival number it covers up to, or ``None``."""
        ...

    def put_snapshot(self, key: str, last_seq: int, data: bytes) -> None: ...

    # --- runs and failures -------------------------------------------------------------------------------
    def start_run(self, inputs: Sequence[str]) -> int: ...

    def finish_run(self, run: int, *, added: int, duplicates: int, failed: int) -> None: ...

    def runs(self, *, limit: int | None = None) -> list[Run]:
        """Ingest runs, latest first."""
        ...

    def record_failure(
        self, input: str, reason: str, *, level: Literal["failure", "warning"] = "failure", run: int | None = None
    ) -> None: ...

    def failures(self, *, run: int | None = None, limit: int | None = None) -> list[Failure]:
        """Recorded failures and warnings in the order they happened (of one run when ``run`` is given)."""
        ...


class Clusterer(Protocol):
    """An incremental story clusterer: deterministic, so replaying the same articles gives the same ids."""

    def add(self, article: Article) -> str: ...


@runtime_checkable
class BatchClusterer(Clusterer, Protocol):
    """A clusterer that places several articles at once, faster than one ``add`` each.

    ``add_batch(articles)`` must return what ``add`` of each in order would, and raise only before it changes
    anything, so that a caller can fall back to ``add`` one at a time to find the article at fault.
    """

    def add_batch(self, articles: Sequence[Article]) -> list[str]: ...


@runtime_checkable
class SnapshotClusterer(Clusterer, Protocol):
    """A clusterer that can save its state, so an ingest replays only the articles stored after the snapshot.

    ``snapshot_key`` must change whenever a saved state would not be reproduced by replaying (another version
    of the clusterer, other settings); a snapshot under another key is ignored and everything is replayed.
    """

    @property
    def snapshot_key(self) -> str: ...

    def snapshot(self) -> bytes: ...

    def restore(self, data: bytes) -> None: ...


@runtime_checkable
class ReassigningClusterer(Clusterer, Protocol):
    """A clusterer that can move articles it placed earlier (e.g. when two stories turn out to be one).

    ``take_moves`` returns ``{article id: its story id now}`` for every article whose story changed since the
    last call, other than by its own ``add``, and forgets them; ingest writes these moves to the store.
    """

    def take_moves(self) -> dict[str, str]: ...


@runtime_checkable
class PrefetchingClusterer(Clusterer, Protocol):
    """A clusterer that can start work on articles before they are added (e.g. in other processes).

    ``prefetch`` must not change what ``add`` decides, only how soon; ``close`` releases what it holds.
    """

    def prefetch(self, articles: Sequence[Article]) -> None: ...

    def close(self) -> None: ...


ClustererFactory = Callable[[], Clusterer]


def content_key(article: Article) -> str:
    """The de-duplication key: articles whose texts differ only in case and whitespace are one article."""
    return article_id(article.text)


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """A hash of the package's own source files. The version number moves at releases and the analysis between
    them: a comparison cached by other code is stale even under the same version and settings."""
    package = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode("utf-8") + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def comparison_fingerprint(article_ids: Iterable[str], settings: Settings) -> str:
    """A key for a cached comparison: the article ids in order, result-shaping settings, the versions and the
    code (:func:`code_fingerprint`)."""
    from newsparallax import __version__
    from newsparallax.serialize import FORMAT_VERSION

    shaping = {k: v for k, v in sorted(settings.to_dict().items()) if k not in _RUNTIME_SETTINGS}
    payload = json.dumps(
        {
            "articles": list(article_ids),
            "settings": shaping,
            "version": __version__,
            "format": FORMAT_VERSION,
            "code": code_fingerprint(),
        },
        sort_keys=True,
        separators=(",", ":"),
        default=str,
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:24]


def cached_comparison(
    store: Store, story_id: str, settings: Settings, compute: Callable[[list[Article]], Comparison]
) -> dict[str, Any]:
    """The comparison of a story as a dict: from the cache when its articles and settings are unchanged.

    ``compute`` gets the story's articles in arrival order (``pipeline.compare`` with the settings bound) and
    may raise, e.g. :class:`~newsparallax.errors.NotEnoughArticles` for a one-article story.
    """
    articles = store.story_articles(story_id)
    if not articles:
        raise StoreError(f"no story {story_id!r} in {store.location}")
    fingerprint = comparison_fingerprint((a.id for a in articles), settings)
    cached = store.get_comparison(story_id, fingerprint)
    if cached is not None:
        return cached
    data = compute(articles).to_dict()
    store.put_comparison(story_id, fingerprint, data)
    return data


def story_to_dict(story: Story) -> dict[str, Any]:
    return {
        "id": story.id,
        "headline": story.headline,
        "size": story.size,
        "sources": list(story.sources),
        "first_published": story.first_published,
        "last_published": story.last_published,
    }


def open_store(path_or_url: str | PathLike[str], *, create: bool = True) -> Store:
    """Open the store at a path (SQLite) or URL (``sqlite:PATH``; other schemes are refused with a reason).

    With ``create=False`` a missing store raises :class:`StoreError` instead of being created empty, which is
    what read-only commands want.
    """
    from newsparallax.store_sqlite import SQLiteStore

    text = str(path_or_url)
    scheme, sep, rest = text.partition(":")
    if sep and len(scheme) > 1 and scheme.isalpha():  # "C:\..." is a path, not a scheme
        if scheme.lower() != "sqlite":
            raise StoreError(f"unsupported store {text!r}: only SQLite is available (a file path or sqlite:PATH)")
        text = rest[2:] if rest.startswith("//") else rest
        if not text:
            raise StoreError(f"store URL {path_or_url!r} names no file")
    return SQLiteStore(text, create=create)
