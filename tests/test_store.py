"""The store: articles kept once by content, stories summarised, comparisons cached, schema versioned, WAL."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from newsparallax import store_sqlite
from newsparallax.model import Article, ArticleCoverage, Comparison
from newsparallax.settings import DEFAULT
from newsparallax.store import (
    StoreConflict,
    StoreError,
    StoryOrder,
    cached_comparison,
    comparison_fingerprint,
    content_key,
    open_store,
    story_to_dict,
)
from newsparallax.store_sqlite import SQLiteStore


def art(article_id: str, text: str, *, title: str = "", source: str = "wire", published: str | None = None) -> Article:
    return Article(id=article_id, source=source, title=title, text=text, published=published)


@pytest.fixture()
def store(tmp_path: Path):  # type: ignore[no-untyped-def]
    with SQLiteStore(tmp_path / "parallax.db") as opened:
        yield opened


def test_store_articles_and_stories_read_back(store: SQLiteStore) -> None:
    result = store.add_articles(
        [
            (art("a1", "The ferry stopped at Gull Island.", source="Bay Times", published="2026-05-04"), "s1"),
            (
                art("a2", "Ferry halted after a fire.", title="Ferry halted", source="Ledger", published="2026-05-03"),
                "s1",
            ),
            (art("b1", "Rain closed the Wren pass road.", title="Pass closed", source="Ledger"), "s2"),
            (art("a3", "Bayline runs a reduced timetable.", title="Timetable cut", source="Bay Times"), "s1"),
        ]
    )
    assert (result.added, result.duplicates, result.stories) == (4, 0, ("s1", "s2"))
    assert store.get_article("a2") == art(
        "a2", "Ferry halted after a fire.", title="Ferry halted", source="Ledger", published="2026-05-03"
    )
    assert store.get_article("nope") is None
    assert store.has(content_key(art("x", "the FERRY stopped  at gull island.")))
    s1 = store.story("s1")
    assert s1 is not None
    # The headline is the first non-empty title in arrival order; sources are distinct and sorted.
    assert (s1.headline, s1.size, s1.sources) == ("Ferry halted", 3, ("Bay Times", "Ledger"))
    assert (s1.first_published, s1.last_published) == ("2026-05-03", "2026-05-04")
    assert [s.id for s in store.stories()] == ["s1", "s2"]
    assert [a.id for a in store.story_articles("s1")] == ["a1", "a2", "a3"]
    assert store.assignments() == [("a1", "s1"), ("a2", "s1"), ("b1", "s2"), ("a3", "s1")]
    assert [s.article.id for s in store.iter_articles()] == ["a1", "a2", "b1", "a3"]
    assert (store.article_count(), store.story_count(), store.last_seq()) == (4, 2, 4)
    assert (store.story_of("a3"), store.story_of("b1"), store.story_of("nope")) == ("s1", "s2", None)


def test_store_story_without_titles_takes_its_opening_words(store: SQLiteStore) -> None:
    store.add_articles([(art("a", "Water levels rose overnight in the valley.\nMore text."), "s")])
    story = store.story("s")
    assert story is not None and story.headline == "Water levels rose overnight in the valley."
    store.add_articles([(art("b", "Later report.", title="Valley floods"), "s")])
    story = store.story("s")
    assert story is not None and story.headline == "Valley floods"


@pytest.mark.parametrize(
    ("order", "expected"),
    [("size", ["a", "b", "c", "d"]), ("recent", ["c", "b", "a", "d"]), ("id", ["a", "b", "c", "d"])],
)
def test_store_stories_order_is_deterministic(store: SQLiteStore, order: StoryOrder, expected: list[str]) -> None:
    store.add_articles(
        [
            (art("1", "one", published="2026-01-01"), "a"),
            (art("2", "two", published="2026-01-02"), "a"),
            (art("3", "three", published="2026-01-03"), "b"),
            (art("4", "four", published="2026-01-02"), "b"),
            (art("5", "five", published="2026-02-01"), "c"),
            (art("6", "six"), "d"),
        ]
    )
    # a and b tie on size: the id breaks the tie; d has no date, so it comes after every dated story by recency.
    assert [s.id for s in store.stories(order=order)] == expected
    pairs = [s for s in expected if s in ("a", "b")]
    assert [s.id for s in store.stories(order=order, min_size=2, limit=1)] == pairs[:1]


def test_store_deduplicates_by_content_within_and_across_batches(store: SQLiteStore) -> None:
    first = store.add_articles([(art("a", "Same words here."), "s"), (art("b", "same   WORDS here."), "s")])
    assert (first.added, first.duplicates) == (1, 1)
    again = store.add_articles([(art("c", "Same words here."), "t")])
    assert (again.added, again.duplicates, again.stories) == (0, 1, ())
    assert store.article_count() == 1 and store.story("t") is None


def test_store_id_taken_by_another_text_rolls_the_batch_back(store: SQLiteStore) -> None:
    store.add_articles([(art("a", "First text."), "s")])
    with pytest.raises(StoreError, match="id 'a' is taken"):
        store.add_articles([(art("b", "Fine text."), "s"), (art("a", "Different text."), "s")])
    assert store.article_count() == 1 and store.get_article("b") is None
    story = store.story("s")
    assert story is not None and story.size == 1


def test_store_conflict_when_another_writer_moved_on(tmp_path: Path) -> None:
    with SQLiteStore(tmp_path / "p.db") as one, SQLiteStore(tmp_path / "p.db") as two:
        one.add_articles([(art("a", "Alpha."), "s")])
        seen = one.last_seq()
        two.add_articles([(art("b", "Beta."), "s")])
        with pytest.raises(StoreConflict):
            one.add_articles([(art("c", "Gamma."), "s")], expect_last_seq=seen)
        assert one.article_count() == 2
        one.add_articles([(art("c", "Gamma."), "s")], expect_last_seq=two.last_seq())
        assert one.article_count() == 3


def _comparison(*articles: Article) -> Comparison:
    return Comparison(
        articles=articles,
        facts=(),
        coverage=tuple(ArticleCoverage(a.id, (), ()) for a in articles),
        settings={"embedder": "fake"},
    )


def test_store_comparison_cache_misses_when_the_story_or_settings_change(store: SQLiteStore) -> None:
    store.add_articles([(art("a", "Alpha text.", title="A"), "s"), (art("b", "Beta text.", title="B"), "s")])
    calls: list[list[str]] = []

    def compute(articles: list[Article]) -> Comparison:
        calls.append([a.id for a in articles])
        return _comparison(*articles)

    first = cached_comparison(store, "s", DEFAULT, compute)
    assert [a["id"] for a in first["articles"]] == ["a", "b"]
    assert cached_comparison(store, "s", DEFAULT, compute) == first
    # A setting that only changes speed keeps the cache; one that changes results misses it.
    assert cached_comparison(store, "s", DEFAULT.replace(threads=1), compute) == first
    assert len(calls) == 1
    cached_comparison(store, "s", DEFAULT.replace(align_threshold=0.7), compute)
    assert len(calls) == 2
    store.add_articles([(art("c", "Gamma text.", title="C"), "s")])
    fingerprint = comparison_fingerprint(["a", "b"], DEFAULT)
    assert store.get_comparison("s", fingerprint) is None  # stale entries go with the change
    third = cached_comparison(store, "s", DEFAULT, compute)
    assert calls[-1] == ["a", "b", "c"] and len(third["articles"]) == 3
    with pytest.raises(StoreError):
        store.put_comparison("missing", "f", _comparison())
    with pytest.raises(StoreError, match="no story"):
        cached_comparison(store, "missing", DEFAULT, compute)


def test_a_change_of_code_misses_the_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    # The version number stays between releases while the analysis changes: the key holds a hash of the code.
    import newsparallax.store as store_module

    before = comparison_fingerprint(["a", "b"], DEFAULT)
    assert comparison_fingerprint(["a", "b"], DEFAULT) == before  # deterministic
    assert len(store_module.code_fingerprint()) == 16
    monkeypatch.setattr(store_module, "code_fingerprint", lambda: "another build")
    assert comparison_fingerprint(["a", "b"], DEFAULT) != before


def test_store_reassign_moves_articles_and_drops_empty_stories(store: SQLiteStore) -> None:
    store.add_articles([(art("a", "Alpha.", title="A"), "s"), (art("b", "Beta.", title="B"), "t")])
    store.put_comparison("s", "f", _comparison(art("a", "Alpha.")))
    assert store.reassign({"b": "s", "a": "s"}) == 1
    assert store.story("t") is None
    story = store.story("s")
    assert story is not None and story.size == 2
    assert store.get_comparison("s", "f") is None
    with pytest.raises(StoreError, match="not stored"):
        store.reassign({"zzz": "s"})
    assert store.integrity_check() == []


def test_store_runs_and_failures_are_recorded(store: SQLiteStore) -> None:
    run = store.start_run(["a.jsonl"])
    store.record_failure("a.jsonl:3", "invalid JSON", run=run)
    store.record_failure("b.txt", "looks French", level="warning")
    store.finish_run(run, added=2, duplicates=1, failed=1)
    assert [(f.run, f.input, f.level) for f in store.failures()] == [
        (run, "a.jsonl:3", "failure"),
        (None, "b.txt", "warning"),
    ]
    assert [f.reason for f in store.failures(run=run)] == ["invalid JSON"]
    [recorded] = store.runs()
    assert (recorded.inputs, recorded.added, recorded.failed, recorded.finished is not None) == (
        ("a.jsonl",),
        2,
        1,
        True,
    )


def test_store_reader_is_not_blocked_by_an_open_write_transaction(tmp_path: Path) -> None:
    path = tmp_path / "p.db"
    with SQLiteStore(path) as writer_store:
        writer_store.add_articles([(art("a", "Alpha.", title="A"), "s")])
    writer = sqlite3.connect(path, isolation_level=None, timeout=0.1)
    try:
        writer.execute("BEGIN IMMEDIATE")
        writer.execute("UPDATE stories SET headline = 'uncommitted' WHERE id = 's'")
        with SQLiteStore(path, timeout=0.1) as reader:
            assert [s.headline for s in reader.stories()] == ["A"]  # the committed snapshot, at once
            with pytest.raises(StoreError, match="is busy"):
                reader.record_failure("x", "a second writer waits, then gives up")
        writer.execute("COMMIT")
    finally:
        writer.close()


def test_store_is_wal_with_foreign_keys(store: SQLiteStore) -> None:
    conn = store._conn
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert store.schema_version == len(store_sqlite.MIGRATIONS)


def test_store_migrates_an_older_schema(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "p.db"
    with SQLiteStore(path) as old:
        old.add_articles([(art("a", "Alpha.", title="A"), "s")])
        assert old.schema_version == 1
    step = ("ALTER TABLE stories ADD COLUMN note TEXT", "UPDATE stories SET note = 'migrated'")
    monkeypatch.setattr(store_sqlite, "MIGRATIONS", [*store_sqlite.MIGRATIONS, step])
    with SQLiteStore(path) as new:
        assert new.schema_version == 2
        assert new._conn.execute("SELECT note FROM stories").fetchone()[0] == "migrated"
        assert new.article_count() == 1


def test_store_failed_migration_keeps_the_old_version(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "p.db"
    SQLiteStore(path).close()
    broken = ("ALTER TABLE stories ADD COLUMN note TEXT", "SELECT * FROM no_such_table")
    monkeypatch.setattr(store_sqlite, "MIGRATIONS", [*store_sqlite.MIGRATIONS, broken])
    with pytest.raises(StoreError, match="no_such_table"):
        SQLiteStore(path)
    monkeypatch.undo()
    with SQLiteStore(path) as reopened:
        assert reopened.schema_version == 1
        assert "note" not in {r[1] for r in reopened._conn.execute("PRAGMA table_info(stories)")}


def test_store_refuses_a_newer_schema(tmp_path: Path) -> None:
    path = tmp_path / "p.db"
    SQLiteStore(path).close()
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version = 99")
    conn.close()
    with pytest.raises(StoreError, match="schema version 99, newer"):
        SQLiteStore(path)


@pytest.mark.parametrize("content", ["table", "text"])
def test_store_refuses_a_file_that_is_not_a_parallax_store(tmp_path: Path, content: str) -> None:
    path = tmp_path / "other.db"
    if content == "table":
        conn = sqlite3.connect(path)
        conn.execute("CREATE TABLE notes (x)")
        conn.close()
    else:
        path.write_text("not a database at all, just some words that fill the header and more" * 20)
    with pytest.raises(StoreError, match="not a"):
        SQLiteStore(path)


def test_open_store_paths_and_urls(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no store at"):
        open_store(tmp_path / "missing.db", create=False)
    assert not (tmp_path / "missing.db").exists()
    with open_store(f"sqlite://{tmp_path}/a.db") as a:
        assert a.location == f"{tmp_path}/a.db"
    with open_store(f"sqlite:{tmp_path}/nested/b.db") as b:
        assert Path(b.location).is_file()
    with pytest.raises(StoreError, match="only SQLite"):
        open_store("postgresql://db.example/parallax")


def test_store_rolls_back_a_batch_whose_story_row_cannot_be_written(store: SQLiteStore) -> None:
    with pytest.raises(StoreError):
        store.add_articles([(art("a", "Alpha."), None)])  # type: ignore[list-item]
    assert store.article_count() == 0 and not store._conn.in_transaction
    store.add_articles([(art("a", "Alpha."), "s")])
    assert store.assignments() == [("a", "s")]


def test_store_in_memory_and_story_dict() -> None:
    with open_store(":memory:") as memory:
        memory.add_articles([(art("a", "Alpha.", title="A", published="2026-01-02"), "s")])
        [story] = memory.stories()
        assert story_to_dict(story) == {
            "id": "s",
            "headline": "A",
            "size": 1,
            "sources": ["wire"],
            "first_published": "2026-01-02",
            "last_published": "2026-01-02",
        }
