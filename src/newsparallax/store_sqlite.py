"""The SQLite store: one file, WAL journal so readers never wait for an ingest, versioned schema.

Durability: every write is one transaction. With ``synchronous=NORMAL`` in WAL mode a committed transaction
survives the process being killed (it sits in the WAL file); only a power cut can lose the latest commits, and
the file stays consistent either way. ``durable=True`` selects ``synchronous=FULL`` for that case too.

Schema changes are steps in :data:`MIGRATIONS`, applied in order, each in its own transaction with the
``PRAGMA user_version`` bump; opening an older file migrates it, a newer one is refused.
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from os import PathLike
from pathlib import Path
from types import TracebackType
from typing import Any, Literal, Self

from newsparallax.errors import StoreConflict, StoreError
from newsparallax.model import Article, Comparison, InputIssue
from newsparallax.serialize import dumps
from newsparallax.store import (
    AddResult,
    Failure,
    Run,
    StoredArticle,
    Story,
    StoryOrder,
    content_key,
)

# "PRLX": marks the file as a Parallax store, so a stranger's SQLite file is refused rather than altered.
APPLICATION_ID = 0x50524C58
HEADLINE_FALLBACK_CHARS = 120
PAGE = 500

# Each step is a tuple of statements run in one transaction; step n brings the schema to version n + 1.
# Never edit a released step: append a new one.
MIGRATIONS: list[tuple[str, ...]] = [
    (
        f"PRAGMA application_id = {APPLICATION_ID}",
        """CREATE TABLE runs (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            started_at TEXT NOT NULL,
            finished_at TEXT,
            inputs TEXT NOT NULL,
            added INTEGER NOT NULL DEFAULT 0,
            duplicates INTEGER NOT NULL DEFAULT 0,
            failed INTEGER NOT NULL DEFAULT 0)""",
        # seq is the arrival order, the order an incremental clusterer replays articles in.
        """CREATE TABLE articles (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            id TEXT NOT NULL UNIQUE,
            content_key TEXT NOT NULL UNIQUE,
            source TEXT NOT NULL,
            title TEXT NOT NULL,
            text TEXT NOT NULL,
            path TEXT,
            url TEXT,
            published TEXT,
            author TEXT,
            language TEXT,
            run INTEGER REFERENCES runs(id) ON DELETE SET NULL,
            added_at TEXT NOT NULL)""",
        """CREATE TABLE stories (
            id TEXT PRIMARY KEY,
            headline TEXT NOT NULL,
            titled INTEGER NOT NULL,
            size INTEGER NOT NULL,
            sources TEXT NOT NULL,
            first_published TEXT,
            last_published TEXT,
            last_seq INTEGER NOT NULL,
            updated_at TEXT NOT NULL) WITHOUT ROWID""",
        "CREATE INDEX stories_by_size ON stories(size DESC, id)",
        # Assignments reach their story row only at commit: articles and stories are written in one batch.
        """CREATE TABLE assignments (
            article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
            story_id TEXT NOT NULL REFERENCES stories(id) DEFERRABLE INITIALLY DEFERRED) WITHOUT ROWID""",
        "CREATE INDEX assignments_by_story ON assignments(story_id)",
        """CREATE TABLE comparisons (
            story_id TEXT NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
            fingerprint TEXT NOT NULL,
            data TEXT NOT NULL,
            created_at TEXT NOT NULL,
            PRIMARY KEY (story_id, fingerprint)) WITHOUT ROWID""",
        """CREATE TABLE failures (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            run INTEGER REFERENCES runs(id) ON DELETE CASCADE,
            input TEXT NOT NULL,
            reason TEXT NOT NULL,
            level TEXT NOT NULL CHECK (level IN ('failure', 'warning')),
            at TEXT NOT NULL)""",
        "CREATE INDEX failures_by_run ON failures(run, id)",
        """CREATE TABLE snapshots (
            key TEXT PRIMARY KEY,
            last_seq INTEGER NOT NULL,
            data BLOB NOT NULL,
            created_at TEXT NOT NULL) WITHOUT ROWID""",
    ),
]

_ARTICLE_COLUMNS = (
    "a.seq, a.id, a.content_key, a.source, a.title, a.text, a.path, a.url, a.published, a.author, a.language"
)
_STORY_COLUMNS = "id, headline, size, sources, first_published, last_published"
_CHUNK = 500  # bound variables per IN (...) query
_UPSERT_STORY = (
    "INSERT INTO stories (id, headline, titled, size, sources, first_published, last_published, last_seq, updated_at)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET headline = excluded.headline,"
    " titled = excluded.titled, size = excluded.size, sources = excluded.sources,"
    " first_published = excluded.first_published, last_published = excluded.last_published,"
    " last_seq = excluded.last_seq, updated_at = excluded.updated_at"
)
_ORDERS: dict[str, str] = {
    "size": "size DESC, id",
    "recent": "last_published DESC NULLS LAST, last_seq DESC, id",
    "id": "id",
}


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _opening(text: str) -> str:
    """A headline for a story whose articles have no title: the start of the first line of text."""
    line = " ".join(text.split("\n", 1)[0].split())
    return line if len(line) <= HEADLINE_FALLBACK_CHARS else line[: HEADLINE_FALLBACK_CHARS - 1].rstrip() + "…"


def _article(row: sqlite3.Row) -> Article:
    return Article(
        id=row["id"],
        source=row["source"],
        title=row["title"],
        text=row["text"],
        path=row["path"],
        url=row["url"],
        published=row["published"],
        author=row["author"],
        language=row["language"],
    )


def _story(row: sqlite3.Row) -> Story:
    return Story(
        id=row["id"],
        headline=row["headline"],
        size=row["size"],
        sources=tuple(json.loads(row["sources"])),
        first_published=row["first_published"],
        last_published=row["last_published"],
    )


class SQLiteStore:
    """A :class:`~newsparallax.store.Store` in one SQLite file. Close it (or use ``with``) when done."""

    def __init__(
        self, path: str | PathLike[str], *, create: bool = True, durable: bool = False, timeout: float = 30.0
    ) -> None:
        self._path = str(path)
        memory = self._path == ":memory:"
        if not memory:
            file = Path(self._path)
            if not file.exists():
                if not create:
                    raise StoreError(f"no store at {self._path} (run `parallax ingest` to create one)")
                file.parent.mkdir(parents=True, exist_ok=True)
            elif file.is_dir():
                raise StoreError(f"{self._path} is a directory, not a store file")
        try:
            # isolation_level=None: no implicit transactions; every write below opens its own.
            self._conn = sqlite3.connect(self._path, timeout=timeout, isolation_level=None)
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open store {self._path}: {exc}") from exc
        self._conn.row_factory = sqlite3.Row
        try:
            self._configure(memory, durable)
            self._version = self._migrate()
        except sqlite3.DatabaseError as exc:
            self._conn.close()
            raise StoreError(f"{self._path} is not a usable Parallax store: {exc}") from exc
        except BaseException:
            self._conn.close()
            raise

    # --- connection, transactions and schema -------------------------------------------------------------
    def _configure(self, memory: bool, durable: bool) -> None:
        self._conn.execute("PRAGMA foreign_keys = ON")
        if not memory:
            mode = self._conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if str(mode).lower() != "wal":
                raise StoreError(f"{self._path}: SQLite refused the WAL journal (got {mode!r})")
        self._conn.execute(f"PRAGMA synchronous = {'FULL' if durable else 'NORMAL'}")

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction, taken at once (IMMEDIATE) so two writers queue instead of deadlocking."""
        try:
            self._conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise StoreError(f"{self._path} is busy: another process is writing to it ({exc})") from exc
        try:
            yield self._conn
            self._conn.execute("COMMIT")  # a deferred foreign key that fails here leaves the transaction open
        except BaseException as exc:
            if self._conn.in_transaction:
                self._conn.execute("ROLLBACK")
            if isinstance(exc, sqlite3.Error):
                raise StoreError(f"{self._path}: {exc}") from exc
            raise

    def _migrate(self) -> int:
        target = len(MIGRATIONS)
        version = self._check_version()
        while version < target:
            with self._write() as conn:
                version = self._check_version()  # another process may have migrated while this one waited
                if version >= target:
                    break
                try:
                    for statement in MIGRATIONS[version]:
                        conn.execute(statement)
                except sqlite3.Error as exc:
                    raise StoreError(
                        f"{self._path}: migrating the schema to version {version + 1} failed: {exc}"
                    ) from exc
                version += 1
                conn.execute(f"PRAGMA user_version = {version}")
        return version

    def _check_version(self) -> int:
        version = int(self._conn.execute("PRAGMA user_version").fetchone()[0])
        app = int(self._conn.execute("PRAGMA application_id").fetchone()[0])
        if version == 0:
            tables = self._conn.execute("SELECT count(*) FROM sqlite_schema WHERE type = 'table'").fetchone()[0]
            if tables:
                raise StoreError(f"{self._path} is an SQLite file of another application, not a Parallax store")
        elif app != APPLICATION_ID:
            raise StoreError(f"{self._path} is an SQLite file of another application, not a Parallax store")
        if version > len(MIGRATIONS):
            raise StoreError(
                f"{self._path} has schema version {version}, newer than this Parallax understands "
                f"({len(MIGRATIONS)}); upgrade newsparallax to open it"
            )
        return version

    @property
    def location(self) -> str:
        return self._path

    @property
    def schema_version(self) -> int:
        return self._version

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"SQLiteStore({self._path!r})"

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
        now = _now()
        if keys is None:
            keys = [content_key(article) for article, _ in items]
        elif len(keys) != len(items):
            raise ValueError(f"{len(keys)} content keys for {len(items)} articles")
        keyed = [(key, article, story_id) for key, (article, story_id) in zip(keys, items, strict=True)]
        with self._write() as conn:
            last = self._last_seq(conn)
            if expect_last_seq is not None and last != expect_last_seq:
                raise StoreConflict(
                    f"{self._path} gained articles from another writer (last arrival {last}, expected "
                    f"{expect_last_seq}); re-read the store and try again"
                )
            tail = (run, now)
            seen = self._existing(conn, "content_key", [key for key, _, _ in keyed])
            fresh: list[tuple[str, Article, str]] = []
            for key, article, story_id in keyed:
                if key not in seen:
                    seen.add(key)
                    fresh.append((key, article, story_id))
            ids = [a.id for _, a, _ in fresh]
            taken = sorted(self._existing(conn, "id", ids) | {i for i, n in Counter(ids).items() if n > 1})
            if taken:
                shown = ", ".join(repr(i) for i in taken[:5]) + (" …" if len(taken) > 5 else "")
                raise StoreError(f"article id {shown} is taken by a different text; give each text its own id")
            conn.executemany(
                "INSERT INTO articles (id, content_key, source, title, text, path, url, published, author,"
                " language, run, added_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (a.id, key, a.source, a.title, a.text, a.path, a.url, a.published, a.author, a.language, *tail)
                    for key, a, _ in fresh
                ],
            )
            conn.executemany(
                "INSERT INTO assignments (article_id, story_id) VALUES (?, ?)", [(a.id, s) for _, a, s in fresh]
            )
            # AUTOINCREMENT numbers exceed every number used before, so the rows above ``last`` are this batch.
            seqs = dict(conn.execute("SELECT id, seq FROM articles WHERE seq > ?", (last,)).fetchall())
            self._grow_stories(conn, [(seqs[a.id], a, s) for _, a, s in fresh], now)
            self._insert_failures(conn, failures, run, now)
            last = self._last_seq(conn)
        touched = tuple(sorted({s for _, _, s in fresh}))
        return AddResult(len(fresh), len(items) - len(fresh), last, touched)

    @staticmethod
    def _existing(conn: sqlite3.Connection, column: Literal["id", "content_key"], values: list[str]) -> set[str]:
        """The values of ``column`` (a unique column of articles) that are stored already."""
        found: set[str] = set()
        for start in range(0, len(values), _CHUNK):
            chunk = values[start : start + _CHUNK]
            marks = ",".join("?" * len(chunk))
            rows = conn.execute(f"SELECT {column} FROM articles WHERE {column} IN ({marks})", chunk)
            found.update(r[0] for r in rows)
        return found

    def _grow_stories(self, conn: sqlite3.Connection, added: list[tuple[int, Article, str]], now: str) -> None:
        """Fold newly added articles (arrival number, article, story) into their stories' summary rows.

        Incremental, so a batch costs the same whatever the size of the stories it joins.
        """
        by_story: dict[str, list[tuple[int, Article]]] = {}
        for seq, article, story_id in added:
            by_story.setdefault(story_id, []).append((seq, article))
        rows = []
        for story_id in sorted(by_story):
            members = by_story[story_id]
            old = conn.execute(
                "SELECT headline, titled, size, sources, first_published, last_published FROM stories WHERE id = ?",
                (story_id,),
            ).fetchone()
            headline, titled, size, sources = "", False, 0, set()
            dates = [a.published for _, a in members if a.published]
            if old is not None:
                headline, titled, size = old["headline"], bool(old["titled"]), old["size"]
                sources = set(json.loads(old["sources"]))
                dates += [d for d in (old["first_published"], old["last_published"]) if d]
            if not titled:
                title = next((a.title for _, a in members if a.title), None)
                if title:
                    headline, titled = title, True
                elif old is None:
                    headline = _opening(members[0][1].text)
            sources.update(a.source for _, a in members)
            sources_json = json.dumps(sorted(sources), ensure_ascii=False)
            first, last = min(dates, default=None), max(dates, default=None)
            size += len(members)
            rows.append((story_id, headline, int(titled), size, sources_json, first, last, members[-1][0], now))
        conn.executemany(_UPSERT_STORY, rows)
        conn.executemany("DELETE FROM comparisons WHERE story_id = ?", [(s,) for s in sorted(by_story)])

    def _refresh_stories(self, conn: sqlite3.Connection, story_ids: set[str], now: str) -> None:
        """Recompute the summary row of each story from all its articles; drop stories left empty."""
        for story_id in sorted(story_ids):
            size, first, last, last_seq = conn.execute(
                "SELECT count(*), min(a.published), max(a.published), max(a.seq) FROM assignments s"
                " JOIN articles a ON a.id = s.article_id WHERE s.story_id = ?",
                (story_id,),
            ).fetchone()
            conn.execute("DELETE FROM comparisons WHERE story_id = ?", (story_id,))
            if not size:
                conn.execute("DELETE FROM stories WHERE id = ?", (story_id,))
                continue
            sources = [
                r[0]
                for r in conn.execute(
                    "SELECT DISTINCT a.source FROM assignments s JOIN articles a ON a.id = s.article_id"
                    " WHERE s.story_id = ? ORDER BY a.source",
                    (story_id,),
                )
            ]
            title, text = conn.execute(
                "SELECT a.title, substr(a.text, 1, ?) FROM assignments s JOIN articles a ON a.id = s.article_id"
                " WHERE s.story_id = ? ORDER BY a.title = '', a.seq LIMIT 1",
                (HEADLINE_FALLBACK_CHARS * 2, story_id),
            ).fetchone()
            headline = title or _opening(text)
            sources_json = json.dumps(sources, ensure_ascii=False)
            conn.execute(
                _UPSERT_STORY, (story_id, headline, int(bool(title)), size, sources_json, first, last, last_seq, now)
            )

    @staticmethod
    def _insert_failures(conn: sqlite3.Connection, failures: Sequence[InputIssue], run: int | None, now: str) -> None:
        conn.executemany(
            "INSERT INTO failures (run, input, reason, level, at) VALUES (?, ?, ?, ?, ?)",
            [(run, f.input, f.reason, f.level, now) for f in failures],
        )

    def reassign(self, assignments: Mapping[str, str]) -> int:
        moved = 0
        touched: set[str] = set()
        with self._write() as conn:
            for article_id, story_id in sorted(assignments.items()):
                row = conn.execute("SELECT story_id FROM assignments WHERE article_id = ?", (article_id,)).fetchone()
                if row is not None and row[0] == story_id:
                    continue
                if conn.execute("SELECT 1 FROM articles WHERE id = ?", (article_id,)).fetchone() is None:
                    raise StoreError(f"cannot assign article {article_id!r}: it is not stored")
                conn.execute(
                    "INSERT INTO assignments (article_id, story_id) VALUES (?, ?)"
                    " ON CONFLICT (article_id) DO UPDATE SET story_id = excluded.story_id",
                    (article_id, story_id),
                )
                if row is not None:
                    touched.add(row[0])
                touched.add(story_id)
                moved += 1
            self._refresh_stories(conn, touched, _now())
        return moved

    def has(self, key: str) -> bool:
        return self._conn.execute("SELECT 1 FROM articles WHERE content_key = ?", (key,)).fetchone() is not None

    def get_article(self, article_id: str) -> Article | None:
        row = self._conn.execute(f"SELECT {_ARTICLE_COLUMNS} FROM articles a WHERE a.id = ?", (article_id,)).fetchone()
        return None if row is None else _article(row)

    def iter_articles(self, *, after_seq: int = 0) -> Iterator[StoredArticle]:
        # Pages by arrival number rather than one open cursor: an abandoned iteration holds no read snapshot.
        while True:
            rows = self._conn.execute(
                f"SELECT {_ARTICLE_COLUMNS}, s.story_id FROM articles a LEFT JOIN assignments s"
                " ON s.article_id = a.id WHERE a.seq > ? ORDER BY a.seq LIMIT ?",
                (after_seq, PAGE),
            ).fetchall()
            for row in rows:
                yield StoredArticle(row["seq"], _article(row), row["content_key"], row["story_id"])
            if len(rows) < PAGE:
                return
            after_seq = rows[-1]["seq"]

    def article_count(self) -> int:
        return int(self._conn.execute("SELECT count(*) FROM articles").fetchone()[0])

    @staticmethod
    def _last_seq(conn: sqlite3.Connection) -> int:
        return int(conn.execute("SELECT coalesce(max(seq), 0) FROM articles").fetchone()[0])

    def last_seq(self) -> int:
        return self._last_seq(self._conn)

    def assignments(self) -> list[tuple[str, str]]:
        rows = self._conn.execute(
            "SELECT s.article_id, s.story_id FROM assignments s JOIN articles a ON a.id = s.article_id ORDER BY a.seq"
        )
        return [(r[0], r[1]) for r in rows]

    # --- stories ----------------------------------------------------------------------------------------
    def stories(
        self,
        *,
        order: StoryOrder = "size",
        limit: int | None = None,
        min_size: int = 1,
        search: str | None = None,
    ) -> list[Story]:
        if order not in _ORDERS:
            raise ValueError(f"order must be one of {', '.join(_ORDERS)}, not {order!r}")
        where = "size >= ?"
        params: list[object] = [min_size]
        if search and search.strip():
            # LIKE is case-insensitive for ASCII in SQLite; % and _ typed by the user are matched literally.
            pattern = "%" + search.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            where += " AND (headline LIKE ? ESCAPE '\\' OR sources LIKE ? ESCAPE '\\' OR id = ?)"
            params = [*params, pattern, pattern, search.strip()]
        rows = self._conn.execute(
            f"SELECT {_STORY_COLUMNS} FROM stories WHERE {where} ORDER BY {_ORDERS[order]} LIMIT ?",
            (*params, -1 if limit is None else limit),
        )
        return [_story(r) for r in rows]

    def story(self, story_id: str) -> Story | None:
        row = self._conn.execute(f"SELECT {_STORY_COLUMNS} FROM stories WHERE id = ?", (story_id,)).fetchone()
        return None if row is None else _story(row)

    def story_of(self, article_id: str) -> str | None:
        row = self._conn.execute("SELECT story_id FROM assignments WHERE article_id = ?", (article_id,)).fetchone()
        return None if row is None else str(row[0])

    def story_count(self) -> int:
        return int(self._conn.execute("SELECT count(*) FROM stories").fetchone()[0])

    def story_articles(self, story_id: str) -> list[Article]:
        rows = self._conn.execute(
            f"SELECT {_ARTICLE_COLUMNS} FROM assignments s JOIN articles a ON a.id = s.article_id"
            " WHERE s.story_id = ? ORDER BY a.seq",
            (story_id,),
        )
        return [_article(r) for r in rows]

    # --- comparisons ------------------------------------------------------------------------------------
    def get_comparison(self, story_id: str, fingerprint: str) -> dict[str, Any] | None:
        row = self._conn.execute(
            "SELECT data FROM comparisons WHERE story_id = ? AND fingerprint = ?", (story_id, fingerprint)
        ).fetchone()
        if row is None:
            return None
        data: dict[str, Any] = json.loads(row[0])
        return data

    def put_comparison(self, story_id: str, fingerprint: str, comparison: Comparison | Mapping[str, Any]) -> None:
        data = comparison.to_dict() if isinstance(comparison, Comparison) else dict(comparison)
        with self._write() as conn:
            if conn.execute("SELECT 1 FROM stories WHERE id = ?", (story_id,)).fetchone() is None:
                raise StoreError(f"cannot cache a comparison of story {story_id!r}: it is not stored")
            conn.execute(
                "INSERT INTO comparisons (story_id, fingerprint, data, created_at) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (story_id, fingerprint) DO UPDATE SET data = excluded.data,"
                " created_at = excluded.created_at",
                (story_id, fingerprint, dumps(data, indent=None), _now()),
            )

    # --- clusterer snapshots ------------------------------------------------------------------------------
    def get_snapshot(self, key: str) -> tuple[int, bytes] | None:
        row = self._conn.execute("SELECT last_seq, data FROM snapshots WHERE key = ?", (key,)).fetchone()
        return None if row is None else (int(row[0]), bytes(row[1]))

    def put_snapshot(self, key: str, last_seq: int, data: bytes) -> None:
        with self._write() as conn:
            if last_seq > self._last_seq(conn):
                raise StoreError(f"a snapshot at arrival {last_seq} is ahead of the stored articles")
            conn.execute(
                "INSERT INTO snapshots (key, last_seq, data, created_at) VALUES (?, ?, ?, ?) ON CONFLICT (key)"
                " DO UPDATE SET last_seq = excluded.last_seq, data = excluded.data, created_at = excluded.created_at",
                (key, last_seq, data, _now()),
            )

    # --- runs and failures -------------------------------------------------------------------------------
    def start_run(self, inputs: Sequence[str]) -> int:
        with self._write() as conn:
            cursor = conn.execute(
                "INSERT INTO runs (started_at, inputs) VALUES (?, ?)",
                (_now(), json.dumps(list(inputs), ensure_ascii=False)),
            )
            return int(cursor.lastrowid or 0)

    def finish_run(self, run: int, *, added: int, duplicates: int, failed: int) -> None:
        with self._write() as conn:
            conn.execute(
                "UPDATE runs SET finished_at = ?, added = ?, duplicates = ?, failed = ? WHERE id = ?",
                (_now(), added, duplicates, failed, run),
            )

    def runs(self, *, limit: int | None = None) -> list[Run]:
        rows = self._conn.execute(
            "SELECT id, started_at, finished_at, inputs, added, duplicates, failed FROM runs ORDER BY id DESC LIMIT ?",
            (-1 if limit is None else limit,),
        )
        return [Run(r[0], r[1], r[2], tuple(json.loads(r[3])), r[4], r[5], r[6]) for r in rows]

    def record_failure(
        self, input: str, reason: str, *, level: Literal["failure", "warning"] = "failure", run: int | None = None
    ) -> None:
        with self._write() as conn:
            self._insert_failures(conn, [InputIssue(input, reason, level)], run, _now())

    def failures(self, *, run: int | None = None, limit: int | None = None) -> list[Failure]:
        where, params = ("WHERE run = ?", [run]) if run is not None else ("", [])
        rows = self._conn.execute(
            f"SELECT run, input, reason, level, at FROM failures {where} ORDER BY id LIMIT ?",
            (*params, -1 if limit is None else limit),
        )
        return [Failure(r[0], r[1], r[2], r[3], r[4]) for r in rows]

    def integrity_check(self) -> list[str]:
        """SQLite's integrity and foreign-key checks: an empty list when the file is sound."""
        problems = [r[0] for r in self._conn.execute("PRAGMA integrity_check") if r[0] != "ok"]
        problems += [f"foreign key: {tuple(r)}" for r in self._conn.execute("PRAGMA foreign_key_check")]
        return problems
