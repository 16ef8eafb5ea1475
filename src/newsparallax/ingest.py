"""Ingest: stream inputs into a store, give each new article a story, commit in batches, never stop on a record.

Before the first new article, the clusterer is rebuilt by replaying the stored articles in arrival order (the
clusterer is deterministic, so it ends in the state the last ingest left it in). Replay also checks the stored
assignments: where the clusterer now decides differently (its code or settings changed), the store is moved to
the clusterer's view, so the stories always match what ingesting every article afresh would give.

Each batch (articles, their assignments, the failures met since the last batch) is one transaction: a killed
ingest loses at most the open batch, and running it again completes it, since stored texts count as duplicates.
Another writer committing in between is detected (the last arrival number moved); the clusterer is then
rebuilt and the open batch clustered again, so two ingests into one store do not mix two clusterers' ids.

With a clusterer that can work ahead (a PrefetchingClusterer, as StoryClusterer is), the inputs other than
standard input are read in a process of their own, which parses the records, computes their content keys and
guesses their language: about a third of an article's cost, taken off this process (clustering, SQLite), the
one the others wait for. Records arrive in the same order either way, so what is stored does not change.
"""

from __future__ import annotations

import bisect
import itertools
import multiprocessing
import os
import queue
import time
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from multiprocessing.process import BaseProcess
from operator import itemgetter
from typing import IO, Any, TypeVar

from newsparallax.errors import ParallaxError, StoreConflict, StoreError
from newsparallax.language import looks_english
from newsparallax.model import Article, InputIssue
from newsparallax.readers import iter_inputs
from newsparallax.settings import DEFAULT, Settings
from newsparallax.store import (
    BatchClusterer,
    Clusterer,
    ClustererFactory,
    PrefetchingClusterer,
    ReassigningClusterer,
    SnapshotClusterer,
    Store,
    content_key,
)

Progress = Callable[[int, int | None], None]
BATCH_SIZE = 200
BATCH_SECONDS = 5.0
MAX_REASONS = 10
MAX_CONFLICTS = 5
READ_BATCH = 250  # records the reading process sends at a time
CLUSTER_BATCH = 250  # new articles clustered at once (the prefetch chunk: their features arrive together)


@dataclass(frozen=True)
class IngestReport:
    """What one ingest did. ``first_failures`` holds the first few failures in input order."""

    run: int
    added: int
    duplicates: int
    failed: int
    warnings: int
    stories: int  # stories that gained articles
    reassigned: int  # stored articles moved to another story because the clusterer now decides differently
    replayed: int  # stored articles replayed into the clusterer first (those after its snapshot, if it has one)
    articles_total: int
    stories_total: int
    first_failures: tuple[InputIssue, ...]
    replay_seconds: float
    seconds: float

    def summary(self) -> str:
        """A few lines for a person: the counts, then the first reasons inputs failed."""
        lines = [
            f"added {self.added} article{'s' * (self.added != 1)} to {self.stories} "
            f"stor{'ies' if self.stories != 1 else 'y'}; {self.duplicates} already stored, {self.failed} failed"
            + (f", {self.warnings} with warnings" if self.warnings else ""),
            f"the store holds {self.articles_total} article{'s' * (self.articles_total != 1)} in "
            f"{self.stories_total} stor{'ies' if self.stories_total != 1 else 'y'}",
        ]
        if self.reassigned:
            lines.append(
                f"{self.reassigned} stored articles moved to another story (stories merged, or the clusterer changed)"
            )
        lines += [f"failed: {issue.input}: {issue.reason}" for issue in self.first_failures]
        if self.failed > len(self.first_failures):
            lines.append(f"... and {self.failed - len(self.first_failures)} more failures (`parallax failures`)")
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        return {
            "run": self.run,
            "added": self.added,
            "duplicates": self.duplicates,
            "failed": self.failed,
            "warnings": self.warnings,
            "stories": self.stories,
            "reassigned": self.reassigned,
            "replayed": self.replayed,
            "articles_total": self.articles_total,
            "stories_total": self.stories_total,
            "first_failures": [{"input": i.input, "reason": i.reason} for i in self.first_failures],
            "replay_seconds": round(self.replay_seconds, 3),
            "seconds": round(self.seconds, 3),
        }


@dataclass(frozen=True)
class _Read:
    """A record read ahead: the article with its language set, its content key, whether it looks English."""

    article: Article
    key: str
    english: bool


def _guessed(article: Article, key: str, settings: Settings) -> _Read:
    english, guess = looks_english(article.title + "\n" + article.text, settings.english_min_share)
    return _Read(replace(article, language="en" if english else guess.language), key, english)


class _Clustering:
    """A clusterer brought up to date with the store, and the keys and ids the store holds."""

    def __init__(self, store: Store, factory: ClustererFactory, progress: Progress | None) -> None:
        start = time.perf_counter()
        self.clusterer: Clusterer = factory()
        self.keys: set[str] = set()
        self.ids: set[str] = set()
        self.last_seq = 0
        self.moved: dict[str, str] = {}
        self.replayed = 0
        restored = 0
        if isinstance(self.clusterer, SnapshotClusterer):
            saved = store.get_snapshot(self.clusterer.snapshot_key)
            if saved is not None and saved[0] <= store.last_seq():
                self.clusterer.restore(saved[1])
                restored = saved[0]
        total = store.article_count() if progress else None
        reassigning = isinstance(self.clusterer, ReassigningClusterer)
        stored_story: dict[str, str | None] = {}  # what the store says, to compare with the clusterer's later moves
        replay = _ahead(store.iter_articles(), lambda: self.clusterer, lambda stored: stored.article)
        count = 0
        while chunk := list(itertools.islice(replay, AHEAD_CHUNK)):
            due = [stored for stored in chunk if stored.seq > restored]
            for stored, story in zip(due, self._replay([stored.article for stored in due]), strict=True):
                if story != stored.story:
                    self.moved[stored.article.id] = story
            self.replayed += len(due)
            for stored in chunk:
                if reassigning:
                    stored_story[stored.article.id] = stored.story
                self.keys.add(stored.key)
                self.ids.add(stored.article.id)
                self.last_seq = stored.seq
                count += 1
                if progress:
                    progress(count, total)
        if isinstance(self.clusterer, ReassigningClusterer):
            for article, story in self.clusterer.take_moves().items():
                if stored_story.get(article) == story:
                    self.moved.pop(article, None)
                else:
                    self.moved[article] = story
        self.restored = restored
        self.seconds = time.perf_counter() - start

    def _replay(self, articles: list[Article]) -> list[str]:
        """Stored articles back into the clusterer, as :meth:`place` puts new ones; they were clustered once, so
        an error here is the clusterer's own and is raised."""
        placed = self.place(articles)
        for story in placed:
            if isinstance(story, ParallaxError):
                raise story
        return [story for story in placed if isinstance(story, str)]

    def reserve(self, article: Article, key: str) -> Article | None:
        """Take a new article's key and id before it is clustered (``None`` for a text already held); an id
        taken by another text gets ``-2``, ``-3``…"""
        if key in self.keys:
            return None
        candidate, n = article.id, 1
        while candidate in self.ids:
            n += 1
            candidate = f"{article.id}-{n}"
        if candidate != article.id:
            article = replace(article, id=candidate)
        self.keys.add(key)
        self.ids.add(article.id)
        return article

    def place(self, articles: Sequence[Article]) -> list[str | ParallaxError]:
        """The story of each reserved article, in order, or the error that kept it out of every story.

        A batch clusterer places them at once (the same decisions, a fraction of the cost per article); should
        it refuse the batch, each is added alone, so one bad article costs only itself.
        """
        clusterer = self.clusterer
        if isinstance(clusterer, BatchClusterer) and len(articles) > 1:
            try:
                return list(clusterer.add_batch(articles))
            except ParallaxError:
                pass  # raised before anything changed (the protocol's promise): find the article at fault
        placed: list[str | ParallaxError] = []
        for article in articles:
            try:
                placed.append(clusterer.add(article))
            except ParallaxError as exc:
                placed.append(exc)
        return placed


class _Ingest:
    def __init__(
        self,
        store: Store,
        factory: ClustererFactory,
        run: int,
        *,
        batch_size: int,
        batch_seconds: float,
        max_reasons: int,
        replay_progress: Progress | None,
    ) -> None:
        self.store, self.factory, self.run = store, factory, run
        self.batch_size, self.batch_seconds, self.max_reasons = batch_size, batch_seconds, max_reasons
        self.replay_progress = replay_progress
        self.clustering = _Clustering(store, factory, replay_progress)
        self.replayed, self.replay_seconds = self.clustering.replayed, self.clustering.seconds
        self.reassigned = store.reassign(self.clustering.moved) if self.clustering.moved else 0
        # Records are numbered in input order (``seen``): an article reserved now may fail clustering a batch
        # later, after records read since, and the failures are reported and stored in input order all the same.
        self.seen = 0
        self.originals: list[tuple[int, Article]] = []  # the open batch as read, to cluster again after a conflict
        # Reserved, not clustered: (input position, as read, reserved, key).
        self.pending: list[tuple[int, Article, Article, str]] = []
        self.staged: list[tuple[Article, str]] = []  # clustered: (article, story id)
        self.staged_keys: list[str] = []
        self.issues: list[tuple[int, InputIssue]] = []
        self.first_failures: list[tuple[int, InputIssue]] = []
        self.added = self.duplicates = self.failed = self.warnings = 0
        self.stories: set[str] = set()
        self.flushed_at = time.monotonic()

    def issue(self, issue: InputIssue, position: int | None = None) -> None:
        """Record a problem of the record at ``position`` in the input (default: the one being read)."""
        at = self.seen if position is None else position
        self.issues.append((at, issue))
        if issue.level == "warning":
            self.warnings += 1
            return
        self.failed += 1
        if len(self.first_failures) < self.max_reasons or at < self.first_failures[-1][0]:
            bisect.insort(self.first_failures, (at, issue), key=itemgetter(0))
            del self.first_failures[self.max_reasons :]

    def article(self, item: Article | _Read, settings: Settings) -> None:
        key = item.key if isinstance(item, _Read) else content_key(item)
        if key in self.clustering.keys:
            self.duplicates += 1
            return
        read = item if isinstance(item, _Read) else _guessed(item, key, settings)  # (not for duplicates)
        article = read.article
        if not read.english:
            named = f" (looks like {article.language!r})" if article.language else ""
            self.issue(InputIssue(_name_of(article), f"text does not look English{named}", "warning"))
        self._reserve(article, key, self.seen)

    def _reserve(self, article: Article, key: str, position: int) -> None:
        reserved = self.clustering.reserve(article, key)
        if reserved is None:
            self.duplicates += 1
            return
        self.originals.append((position, article))
        self.pending.append((position, article, reserved, key))
        if len(self.pending) >= CLUSTER_BATCH:
            self._cluster_pending()

    def _cluster_pending(self) -> None:
        """Cluster the reserved articles at once: records arrive one at a time, and the clusterer decides the
        same by the batch at a fraction of the cost per article."""
        pending, self.pending = self.pending, []
        placed = self.clustering.place([reserved for _, _, reserved, _ in pending])
        for (position, original, article, key), story in zip(pending, placed, strict=True):
            if isinstance(story, ParallaxError):
                self.issue(InputIssue(_name_of(article), f"could not be clustered: {story}"), position)
                # Not held after all: a later record with this text or id is tried afresh.
                self.clustering.keys.discard(key)
                self.clustering.ids.discard(article.id)
                self.originals = [kept for kept in self.originals if kept[1] is not original]
            else:
                self.staged.append((article, story))
                self.staged_keys.append(key)

    def due(self) -> bool:
        return (
            len(self.staged) + len(self.pending) >= self.batch_size
            or len(self.issues) >= self.batch_size
            or time.monotonic() - self.flushed_at >= self.batch_seconds
        )

    def flush(self) -> None:
        self._cluster_pending()
        if not self.staged and not self.issues:
            self.flushed_at = time.monotonic()
            return
        for _ in range(MAX_CONFLICTS):
            earlier = self._take_moves()
            try:
                result = self.store.add_articles(
                    self.staged,
                    keys=self.staged_keys,
                    failures=[issue for _, issue in sorted(self.issues, key=itemgetter(0))],
                    run=self.run,
                    expect_last_seq=self.clustering.last_seq,
                )
                break
            except StoreConflict:
                self._recluster()
        else:
            raise StoreError(f"{self.store.location} keeps changing under this ingest; is another one running?")
        if earlier:
            # A second transaction: a kill in between leaves stale stories that the next ingest's replay moves.
            self.reassigned += self.store.reassign(earlier)
        self.added += result.added
        self.duplicates += result.duplicates
        self.stories.update(result.stories)
        self.clustering.last_seq = result.last_seq
        self.originals, self.staged, self.staged_keys, self.issues = [], [], [], []
        self.flushed_at = time.monotonic()

    def _take_moves(self) -> dict[str, str]:
        """Apply the clusterer's merges to the open batch; return the moves of articles already stored."""
        clusterer = self.clustering.clusterer
        if not isinstance(clusterer, ReassigningClusterer):
            return {}
        moves = clusterer.take_moves()
        if not moves:
            return {}
        self.staged = [(article, moves.pop(article.id, story)) for article, story in self.staged]
        return moves

    def save_snapshot(self) -> None:
        clusterer, last = self.clustering.clusterer, self.clustering.last_seq
        if isinstance(clusterer, SnapshotClusterer) and last and last != self.clustering.restored:
            self.store.put_snapshot(clusterer.snapshot_key, last, clusterer.snapshot())

    def _recluster(self) -> None:
        """Another writer committed: rebuild the clusterer from the store and cluster the open batch again."""
        _close(self.clustering.clusterer)
        self.clustering = _Clustering(self.store, self.factory, self.replay_progress)
        if self.clustering.moved:
            self.reassigned += self.store.reassign(self.clustering.moved)
        originals, self.originals, self.staged, self.staged_keys = self.originals, [], [], []
        for position, article in originals:
            self._reserve(article, content_key(article), position)
        self._cluster_pending()


T = TypeVar("T")
AHEAD_CHUNK = 250  # records per prefetch batch: big enough to amortise a process hop, small enough to start soon


def _ahead(
    items: Iterable[T], clusterer: Callable[[], Clusterer], article_of: Callable[[T], Article | None]
) -> Iterator[T]:
    """``items`` unchanged, read two chunks ahead so a prefetching clusterer extracts features in its worker
    processes while this one clusters and writes (a clusterer without ``prefetch`` just gets the items)."""
    if not isinstance(clusterer(), PrefetchingClusterer):
        yield from items
        return
    source = iter(items)
    waiting: deque[list[T]] = deque()
    while True:
        chunk = list(itertools.islice(source, AHEAD_CHUNK))
        if chunk:
            target = clusterer()  # rebuilt after another writer's commit: prefetch for the current one
            if isinstance(target, PrefetchingClusterer):
                target.prefetch([a for a in map(article_of, chunk) if a is not None])
            waiting.append(chunk)
        if waiting and (len(waiting) > 2 or not chunk):
            yield from waiting.popleft()
        elif not chunk:
            return


def _as_article(item: Article | _Read | InputIssue) -> Article | None:
    if isinstance(item, _Read):
        return item.article
    return item if isinstance(item, Article) else None


def _close(clusterer: Clusterer) -> None:
    if isinstance(clusterer, PrefetchingClusterer):
        clusterer.close()


def _name_of(article: Article) -> str:
    return article.path or article.url or f"{article.source} ({article.id})"


def _records(
    inputs: Iterable[str], settings: Settings, stdin: IO[str] | IO[bytes] | None
) -> Iterator[Article | InputIssue]:
    """Every record of every input; a reader that breaks on one input becomes a failure of that input only."""
    for name in inputs:
        try:
            yield from iter_inputs([name], settings, stdin=stdin)
        except Exception as exc:  # a reader bug must not cost the records of the other inputs
            yield InputIssue(name, f"unexpected error while reading: {type(exc).__name__}: {exc}")


def _read_elsewhere(inputs: list[str], settings: Settings) -> Iterator[_Read | InputIssue]:
    """What :func:`_records` yields, keyed and language-guessed, read in another process and in order."""
    context = multiprocessing.get_context()
    batches: multiprocessing.Queue[list[_Read | InputIssue] | str | None] = context.Queue(maxsize=8)
    reader = context.Process(target=_reader, args=(inputs, settings, batches, os.getpid()), daemon=True)
    reader.start()
    try:
        while (batch := _next_batch(batches, reader)) is not None:
            yield from batch
    finally:
        reader.terminate()  # nothing left to do once the last batch came; a stopped ingest stops it early
        reader.join()


def _reader(inputs: list[str], settings: Settings, batches: multiprocessing.Queue[Any], parent: int) -> None:
    """The reading process: batches of records, then ``None``; a failure's message instead, should one occur."""

    def put(item: list[_Read | InputIssue] | None) -> None:
        # A full queue and a parent killed outright (SIGKILL leaves daemon children running) would otherwise
        # keep this process waiting for ever.
        while True:
            try:
                batches.put(item, timeout=1.0)
                return
            except queue.Full:
                if os.getppid() != parent:
                    raise SystemExit(0) from None

    try:
        batch: list[_Read | InputIssue] = []
        for item in _records(inputs, settings, None):
            batch.append(item if isinstance(item, InputIssue) else _guessed(item, content_key(item), settings))
            if len(batch) == READ_BATCH:
                put(batch)
                batch = []
        put(batch)
        put(None)
    except KeyboardInterrupt:
        pass  # Ctrl-C reaches every process; the ingest itself keeps what was read
    except Exception as exc:  # reported by the ingest, which would otherwise wait for ever
        batches.put(f"{type(exc).__name__}: {exc}")


def _next_batch(batches: multiprocessing.Queue[Any], reader: BaseProcess) -> list[_Read | InputIssue] | None:
    while True:
        try:
            batch: list[_Read | InputIssue] | str | None = batches.get(timeout=1.0)
        except queue.Empty:
            if not reader.is_alive():
                raise ParallaxError(f"the process reading the inputs stopped (exit code {reader.exitcode})") from None
            continue
        if isinstance(batch, str):
            raise ParallaxError(f"reading the inputs failed: {batch}")
        return batch


def ingest(
    inputs: Iterable[str],
    store: Store,
    clusterer_factory: ClustererFactory,
    settings: Settings = DEFAULT,
    *,
    progress: Progress | None = None,
    replay_progress: Progress | None = None,
    stdin: IO[str] | IO[bytes] | None = None,
    batch_size: int = BATCH_SIZE,
    batch_seconds: float = BATCH_SECONDS,
    max_reasons: int = MAX_REASONS,
    records: Iterable[Article | InputIssue] | None = None,
) -> IngestReport:
    """Read ``inputs`` (paths, directories, URLs, ``-``) into ``store``; return what was added and what failed.

    ``progress(done, None)`` is called after each record (the total is unknown while streaming);
    ``replay_progress(done, total)`` while the stored articles are replayed into the clusterer. A batch is
    committed every ``batch_size`` articles or ``batch_seconds``, whichever comes first. ``records`` are
    articles parsed already (e.g. posted to the web app), ingested instead of reading ``inputs``, which then
    only name them in the run's record.
    """
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    started = time.perf_counter()
    inputs = list(inputs)
    run = store.start_run(inputs)
    state = _Ingest(
        store,
        clusterer_factory,
        run,
        batch_size=batch_size,
        batch_seconds=batch_seconds,
        max_reasons=max_reasons,
        replay_progress=replay_progress,
    )
    done = 0
    source: Iterable[Article | _Read | InputIssue]
    if records is not None:
        source = records
    elif isinstance(state.clustering.clusterer, PrefetchingClusterer) and "-" not in inputs:
        source = _read_elsewhere(inputs, settings)
    else:
        source = _records(inputs, settings, stdin)
    try:
        for item in _ahead(source, lambda: state.clustering.clusterer, _as_article):
            state.seen = done
            if isinstance(item, InputIssue):
                state.issue(item)
            else:
                state.article(item, settings)
            done += 1
            if progress:
                progress(done, None)
            if state.due():
                state.flush()
    except KeyboardInterrupt:
        state.flush()  # keep what was read: the staged articles are complete and in clustering order
        raise
    finally:
        if isinstance(source, Generator):
            source.close()  # stops the reading process, if any, at once
        _close(state.clustering.clusterer)
    state.flush()
    state.save_snapshot()
    store.finish_run(run, added=state.added, duplicates=state.duplicates, failed=state.failed)
    return IngestReport(
        run=run,
        added=state.added,
        duplicates=state.duplicates,
        failed=state.failed,
        warnings=state.warnings,
        stories=len(state.stories),
        reassigned=state.reassigned,
        replayed=state.replayed,
        articles_total=store.article_count(),
        stories_total=store.story_count(),
        first_failures=tuple(issue for _, issue in state.first_failures),
        replay_seconds=state.replay_seconds,
        seconds=time.perf_counter() - started,
    )
