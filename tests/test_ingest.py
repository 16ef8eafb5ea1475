"""Ingest: counts added / duplicates / failed, never stops on a record, resumes after SIGKILL, replays determinism."""

from __future__ import annotations

import io
import itertools
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

from newsparallax import ingest as ingest_module
from newsparallax.errors import ParallaxError
from newsparallax.ingest import IngestReport, ingest
from newsparallax.model import Article
from newsparallax.readers import iter_inputs
from newsparallax.store import open_store
from newsparallax.store_sqlite import SQLiteStore

TOPICS = ("Ferry", "Bridge", "Harvest", "Election", "Storm", "Museum", "Rail", "Festival")
TOWNS = ("Port Wren", "Gull Island", "Eastmere", "Hollow Bay", "Larkfield")


class TopicClusterer:
    """A fake incremental clusterer: one story per first word of the title, ids by first appearance."""

    def __init__(self) -> None:
        self.ids: dict[str, str] = {}
        self.seen: list[str] = []

    def add(self, article: Article) -> str:
        self.seen.append(article.id)
        topic = (article.title.split() or ["untitled"])[0]
        return self.ids.setdefault(topic, f"story-{len(self.ids) + 1:04d}")


class SnapshotTopicClusterer(TopicClusterer):
    """The topic clusterer with a saved state, so an ingest need not replay what the snapshot covers."""

    snapshot_key = "topic-v1"

    def snapshot(self) -> bytes:
        return json.dumps(self.ids).encode()

    def restore(self, data: bytes) -> None:
        self.ids = json.loads(data)


class TownClusterer(TopicClusterer):
    """A clusterer that decides differently: one story per town named in the text."""

    def add(self, article: Article) -> str:
        town = next((t for t in TOWNS if t in article.text), "elsewhere")
        return self.ids.setdefault(town, f"story-{town}")


def records(count: int, *, start: int = 0) -> list[dict[str, str]]:
    """Fictional, distinct short articles."""
    out = []
    for i in range(start, start + count):
        topic, town = TOPICS[i % len(TOPICS)], TOWNS[i % len(TOWNS)]
        out.append(
            {
                "title": f"{topic} news from {town}, report {i}",
                "text": f"Officials in {town} said the {topic.lower()} matter number {i} was settled on day {i % 28}. "
                "Residents were told more details would follow later in the week.",
                "source": f"outlet-{i % 7}",
                "published": f"2026-03-{1 + i % 28:02d}",
            }
        )
    return out


def write_jsonl(path: Path, rows: list[dict[str, str]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


@pytest.fixture()
def store(tmp_path: Path) -> Iterator[SQLiteStore]:
    with SQLiteStore(tmp_path / "parallax.db") as opened:
        yield opened


def test_ingest_counts_added_duplicates_and_failures(tmp_path: Path, store: SQLiteStore) -> None:
    rows = records(5)
    dump = tmp_path / "dump.jsonl"
    lines = [json.dumps(r) for r in rows]
    lines.insert(2, "{not json")
    lines.insert(4, json.dumps({"source": "No text"}))  # neither text nor a title
    lines.append(json.dumps({**rows[0], "title": "Copy", "text": rows[0]["text"].upper()}))  # same text, cased
    dump.write_text("\n".join(lines) + "\n", encoding="utf-8")
    seen: list[tuple[int, int | None]] = []
    report = ingest(
        [str(dump), str(tmp_path / "missing.txt")], store, TopicClusterer, progress=lambda d, t: seen.append((d, t))
    )
    assert (report.added, report.duplicates, report.failed) == (5, 1, 3)
    assert [f.input for f in report.first_failures] == [f"{dump}:3", f"{dump}:5", str(tmp_path / "missing.txt")]
    assert "invalid JSON" in report.first_failures[0].reason
    assert seen[-1] == (9, None) and len(seen) == 9
    assert [(f.input, f.run) for f in store.failures()] == [(i.input, report.run) for i in report.first_failures]
    assert (report.articles_total, report.stories_total, report.stories) == (5, 5, 5)
    summary = report.summary()
    assert "added 5 articles to 5 stories; 1 already stored, 3 failed" in summary
    assert f"failed: {dump}:3: invalid JSON" in summary
    [run] = store.runs()
    assert (run.added, run.duplicates, run.failed, run.finished is not None) == (5, 1, 3, True)

    again = ingest([str(dump)], store, TopicClusterer)
    assert (again.added, again.duplicates, again.failed, again.replayed) == (0, 6, 2, 5)
    assert "added 0 articles" in again.summary() and store.article_count() == 5


def test_ingest_takes_records_parsed_already(store: SQLiteStore) -> None:
    from newsparallax.model import InputIssue
    from newsparallax.readers import parse_record

    rows = records(3)
    articles = [parse_record(r, f"posted[{n}]", fallback_source="web") for n, r in enumerate(rows)]
    posted = [articles[0], InputIssue("posted[3]", "no text"), articles[1], articles[2], articles[0]]
    report = ingest(["web"], store, TopicClusterer, records=posted)
    assert (report.added, report.duplicates, report.failed) == (3, 1, 1)
    assert [f.input for f in report.first_failures] == ["posted[3]"]
    assert [r.inputs for r in store.runs()] == [("web",)], "the inputs only name the run"
    assert [store.story_of(a.id) for a in articles] == ["story-0001", "story-0002", "story-0003"]


def test_ingest_in_parts_gives_the_same_stories_as_in_one_go(tmp_path: Path) -> None:
    rows = records(60)
    whole = write_jsonl(tmp_path / "all.jsonl", rows)
    first = write_jsonl(tmp_path / "first.jsonl", rows[:25])
    second = write_jsonl(tmp_path / "second.jsonl", rows[25:])
    with SQLiteStore(tmp_path / "one.db") as one, SQLiteStore(tmp_path / "two.db") as two:
        ingest([str(whole)], one, TopicClusterer, batch_size=7)
        ingest([str(first)], two, TopicClusterer, batch_size=7)
        report = ingest([str(second)], two, TopicClusterer, batch_size=7)
        assert (report.replayed, report.added, report.reassigned) == (25, 35, 0)
        assert one.assignments() == two.assignments()
        assert [(s.id, s.size, s.headline) for s in one.stories()] == [
            (s.id, s.size, s.headline) for s in two.stories()
        ]


def test_ingest_moves_stored_articles_when_the_clusterer_decides_differently(
    tmp_path: Path, store: SQLiteStore
) -> None:
    ingest([str(write_jsonl(tmp_path / "a.jsonl", records(20)))], store, TopicClusterer)
    assert store.story_count() == len(TOPICS)
    report = ingest([str(write_jsonl(tmp_path / "b.jsonl", records(5, start=20)))], store, TownClusterer)
    assert report.reassigned == 20 and report.added == 5
    assert store.story_count() == len(TOWNS)
    with SQLiteStore(tmp_path / "fresh.db") as fresh:
        ingest([str(tmp_path / "a.jsonl"), str(tmp_path / "b.jsonl")], fresh, TownClusterer)
        assert fresh.assignments() == store.assignments()
    assert store.integrity_check() == []


def test_ingest_restores_a_clusterer_snapshot_instead_of_replaying(tmp_path: Path, store: SQLiteStore) -> None:
    rows = records(50)
    first = write_jsonl(tmp_path / "first.jsonl", rows[:30])
    second = write_jsonl(tmp_path / "second.jsonl", rows[30:45])
    third = write_jsonl(tmp_path / "third.jsonl", rows[45:])
    assert ingest([str(first)], store, SnapshotTopicClusterer).replayed == 0
    saved = store.get_snapshot("topic-v1")
    assert saved is not None and saved[0] == 30
    report = ingest([str(second)], store, SnapshotTopicClusterer)
    assert (report.replayed, report.added, report.reassigned) == (0, 15, 0)
    # A snapshot that lags behind (here: of another ingest that did not save one) replays only the rest.
    ingest([str(third)], store, TopicClusterer)
    assert ingest([], store, SnapshotTopicClusterer).replayed == 5
    with SQLiteStore(tmp_path / "plain.db") as plain:
        ingest([str(first), str(second), str(third)], plain, TopicClusterer)
        assert plain.assignments() == store.assignments()

    class Renamed(SnapshotTopicClusterer):
        snapshot_key = "topic-v2"

    assert ingest([], store, Renamed).replayed == 50


def test_ingest_reads_standard_input(store: SQLiteStore) -> None:
    stdin = io.StringIO("".join(json.dumps(r) + "\n" for r in records(4)))
    report = ingest(["-"], store, TopicClusterer, stdin=stdin)
    assert (report.added, report.failed) == (4, 0)
    assert ingest(["-"], store, TopicClusterer).first_failures[0].reason == "no standard input available"


def test_ingest_gives_a_taken_id_a_suffix(tmp_path: Path, store: SQLiteStore) -> None:
    rows = [{**r, "id": "same"} for r in records(3)]
    report = ingest([str(write_jsonl(tmp_path / "ids.jsonl", rows))], store, TopicClusterer)
    assert report.added == 3
    assert [a for a, _ in store.assignments()] == ["same", "same-2", "same-3"]


def test_ingest_marks_text_that_is_not_english(tmp_path: Path, store: SQLiteStore) -> None:
    french = {
        "title": "Le ferry",
        "text": "Le ferry de la ville est arrêté dans le port et les passagers sont restés sur le quai "
        "avec les enfants pour une journée entière sans nouvelles de la compagnie qui est responsable du service.",
    }
    report = ingest([str(write_jsonl(tmp_path / "fr.jsonl", [french, *records(1)]))], store, TopicClusterer)
    assert (report.added, report.failed, report.warnings) == (2, 0, 1)
    assert [(f.level, "does not look English" in f.reason) for f in store.failures()] == [("warning", True)]
    assert [a.language for a in (store.get_article(i) for i, _ in store.assignments()) if a] == ["fr", "en"]


def test_ingest_carries_on_when_a_reader_breaks(
    tmp_path: Path, store: SQLiteStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    good = write_jsonl(tmp_path / "good.jsonl", records(3))
    other = write_jsonl(tmp_path / "other.jsonl", records(2, start=10))
    real = iter_inputs

    def flaky(inputs, settings, *, stdin=None):  # type: ignore[no-untyped-def]
        if list(inputs) == ["bad"]:  # one record, then the reader breaks
            yield from itertools.islice(real([str(other)], settings), 1)
            raise RuntimeError("reader bug")
        yield from real(inputs, settings, stdin=stdin)

    monkeypatch.setattr(ingest_module, "iter_inputs", flaky)
    report = ingest(["bad", str(good)], store, TopicClusterer)
    assert report.added == 4
    assert [(i.input, i.reason) for i in report.first_failures] == [
        ("bad", "unexpected error while reading: RuntimeError: reader bug")
    ]


def test_ingest_keeps_the_open_batch_on_ctrl_c(tmp_path: Path, store: SQLiteStore) -> None:
    dump = write_jsonl(tmp_path / "d.jsonl", records(100))

    def interrupt(done: int, total: int | None) -> None:
        if done == 40:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        ingest([str(dump)], store, TopicClusterer, progress=interrupt, batch_size=1000)
    assert store.article_count() == 40
    report = ingest([str(dump)], store, TopicClusterer)
    assert (report.added, report.duplicates) == (60, 40)


def test_ingest_notices_another_writer_and_clusters_again(tmp_path: Path) -> None:
    path = tmp_path / "shared.db"
    other = write_jsonl(tmp_path / "other.jsonl", records(10, start=100))
    mine = write_jsonl(tmp_path / "mine.jsonl", records(30))
    with SQLiteStore(path) as first, SQLiteStore(path) as second:
        reports: list[IngestReport] = []

        def interleave(done: int, total: int | None) -> None:
            if done == 15 and not reports:  # another process commits while this ingest holds an open batch
                reports.append(ingest([str(other)], second, TopicClusterer))

        report = ingest([str(mine)], first, TopicClusterer, progress=interleave, batch_size=10)
        assert reports[0].added == 10 and report.added == 30
        assert first.article_count() == 40
        # The stored assignments are exactly what one clusterer replaying the arrival order gives.
        check = ingest([], first, TopicClusterer)
        assert (check.replayed, check.reassigned) == (40, 0)
        assert first.integrity_check() == []


CHILD = """
import sys, time
sys.path.insert(0, {tests!r})
from test_ingest import TopicClusterer
from newsparallax import store_sqlite
from newsparallax.ingest import ingest
from newsparallax.store import open_store

grow = store_sqlite.SQLiteStore._grow_stories

def slow_grow(self, *args):
    grow(self, *args)
    time.sleep(0.03)  # the batch's rows are written, the transaction still open: most kills land here

store_sqlite.SQLiteStore._grow_stories = slow_grow
with open_store({db!r}) as store:
    ingest([{dump!r}], store, TopicClusterer, batch_size={batch}, batch_seconds=600)
print("finished", flush=True)
"""


def test_ingest_survives_sigkill_and_resumes(tmp_path: Path) -> None:
    rows = records(3000)
    rows += [rows[i] for i in range(0, 3000, 10)]  # 300 repeats: 3000 distinct texts
    dump = write_jsonl(tmp_path / "dump.jsonl", rows)
    db, batch = tmp_path / "killed.db", 50
    code = CHILD.format(tests=str(Path(__file__).parent), db=str(db), dump=str(dump), batch=batch)
    child = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        stored = 0
        while stored < 300 and time.monotonic() < deadline and child.poll() is None:
            time.sleep(0.02)
            if db.exists():
                stored = _count(db)
        assert child.poll() is None, f"the child ended before the kill: {child.communicate()}"
        os.kill(child.pid, signal.SIGKILL)
    finally:
        child.wait()
        assert child.stdout is not None and child.stderr is not None
        child.stdout.close()
        child.stderr.close()
    assert child.returncode == -signal.SIGKILL

    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        count = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        unassigned = conn.execute(
            "SELECT count(*) FROM articles a LEFT JOIN assignments s ON s.article_id = a.id WHERE s.story_id IS NULL"
        ).fetchone()[0]
        sizes = conn.execute(
            "SELECT count(*) FROM stories t"
            " WHERE t.size != (SELECT count(*) FROM assignments s WHERE s.story_id = t.id)"
        ).fetchone()[0]
        finished = conn.execute("SELECT finished_at FROM runs").fetchall()
    finally:
        conn.close()
    assert 300 <= count < 3000
    assert count % batch == 0  # whole batches only
    assert (unassigned, sizes) == (0, 0)
    assert finished == [(None,)]  # the killed run shows as unfinished

    with open_store(db) as store:
        report = ingest([str(dump)], store, TopicClusterer, batch_size=batch)
        assert (report.replayed, report.added, report.duplicates, report.failed) == (
            count,
            3000 - count,
            300 + count,
            0,
        )
        assert store.article_count() == 3000
        resumed = store.assignments()
    with open_store(tmp_path / "clean.db") as clean:
        ingest([str(dump)], clean, TopicClusterer, batch_size=batch)
        assert clean.assignments() == resumed


def _count(db: Path) -> int:
    conn = sqlite3.connect(db, timeout=5)
    try:
        return int(conn.execute("SELECT count(*) FROM articles").fetchone()[0])
    except sqlite3.OperationalError:  # the schema is not created yet
        return 0
    finally:
        conn.close()


# --- with the real story clusterer ---------------------------------------------------------------------------


def _stream_rows(articles: Iterator[Article] | tuple[Article, ...]) -> list[dict[str, str]]:
    return [
        {"id": a.id, "title": a.title, "text": a.text, "source": a.source, "published": a.published or ""}
        for a in articles
    ]


def test_ingest_one_by_one_gives_the_batch_clustering(tmp_path: Path, store: SQLiteStore) -> None:
    from cluster_stories import STREAM
    from newsparallax.cluster import StoryClusterer, cluster
    from newsparallax.cluster_eval import as_mapping

    dump = write_jsonl(tmp_path / "stream.jsonl", _stream_rows(STREAM))
    for number in range(len(STREAM)):  # one ingest per record, each replaying the store first
        single = write_jsonl(tmp_path / f"one-{number}.jsonl", _stream_rows(STREAM[number : number + 1]))
        ingest([str(single)], store, StoryClusterer)
    assert dict(store.assignments()) == as_mapping(cluster(list(STREAM)))
    again = ingest([str(dump)], store, StoryClusterer)
    assert (again.added, again.duplicates, again.reassigned) == (0, len(STREAM), 0)
    # The whole file in one ingest (new articles clustered by the batch) and replayed by the batch agrees too.
    with SQLiteStore(tmp_path / "whole.db") as whole:
        ingest([str(dump)], whole, StoryClusterer)
        assert dict(whole.assignments()) == as_mapping(cluster(list(STREAM)))
    with sqlite3.connect(tmp_path / "whole.db") as connection:
        connection.execute("DELETE FROM snapshots")  # so the next ingest replays every stored article
    with SQLiteStore(tmp_path / "whole.db") as whole:
        replayed = ingest([str(dump)], whole, StoryClusterer)
        assert (replayed.replayed, replayed.reassigned, replayed.added) == (len(STREAM), 0, 0)


class BatchTopicClusterer(TopicClusterer):
    """The topic clusterer by the batch; a title starting "Broken" cannot be clustered, and a batch holding
    one is refused whole, before anything changes (the protocol's promise)."""

    def __init__(self) -> None:
        super().__init__()
        self.batches: list[int] = []

    def add(self, article: Article) -> str:
        if article.title.startswith("Broken"):
            raise ParallaxError("no features in this text")
        return super().add(article)

    def add_batch(self, articles: Sequence[Article]) -> list[str]:
        if any(a.title.startswith("Broken") for a in articles):
            raise ParallaxError("a batch with an article that cannot be clustered")
        self.batches.append(len(articles))
        return [self.add(a) for a in articles]


def test_ingest_clusters_by_the_batch_and_a_refused_batch_costs_only_its_bad_article(
    tmp_path: Path, store: SQLiteStore
) -> None:
    rows = records(600)
    rows[300] = {**rows[300], "title": "Broken " + rows[300]["title"]}
    clusterers: list[BatchTopicClusterer] = []

    def factory() -> BatchTopicClusterer:
        clusterers.append(BatchTopicClusterer())
        return clusterers[-1]

    report = ingest([str(write_jsonl(tmp_path / "dump.jsonl", rows))], store, factory, batch_size=1000)
    assert (report.added, report.failed) == (599, 1)
    assert "could not be clustered: no features in this text" in report.first_failures[0].reason
    [clusterer] = clusterers
    assert clusterer.batches and max(clusterer.batches) > 1, "new articles were clustered by the batch"
    one_by_one = BatchTopicClusterer()
    read = [a for a in iter_inputs([str(tmp_path / "dump.jsonl")]) if isinstance(a, Article)]
    assert dict(store.assignments()) == {a.id: one_by_one.add(a) for a in read if not a.title.startswith("Broken")}


def test_ingest_reports_and_stores_failures_in_input_order(tmp_path: Path, store: SQLiteStore) -> None:
    # Record 300 fails clustering only when its batch of reserved articles is clustered, after the broken line
    # read later (input line 311) has failed already; both lists still follow the input.
    rows = records(600)
    rows[300] = {**rows[300], "title": "Broken " + rows[300]["title"]}
    lines = [json.dumps(r) for r in rows]
    lines.insert(310, "{not json")
    dump = tmp_path / "dump.jsonl"
    dump.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = ingest([str(dump)], store, BatchTopicClusterer, batch_size=1000)
    assert report.failed == 2
    first, second = report.first_failures
    assert first.reason.startswith("could not be clustered") and second.input.endswith("dump.jsonl:311")
    stored = store.failures()
    assert [f.input for f in stored] == [f.input for f in report.first_failures]


def test_ingest_writes_the_moves_of_a_merge_to_stored_articles(tmp_path: Path, store: SQLiteStore) -> None:
    from dataclasses import replace

    from cluster_stories import A1, A2
    from newsparallax.cluster import ClusterSettings, StoryClusterer

    settings = ClusterSettings(join_threshold=1.0, merge_threshold=0.9)  # A1 and A2 start apart (tests/test_cluster)
    both = replace(A1, id="both", text=A1.text + " " + A2.text)
    first = write_jsonl(tmp_path / "first.jsonl", _stream_rows((A1, A2)))
    ingest([str(first)], store, lambda: StoryClusterer(settings))
    assert len({story for _, story in store.assignments()}) == 2
    report = ingest(
        [str(write_jsonl(tmp_path / "both.jsonl", _stream_rows((both,))))], store, lambda: StoryClusterer(settings)
    )
    assert report.reassigned == 1 and len({story for _, story in store.assignments()}) == 1
    assert store.story_count() == 1 and store.stories()[0].size == 3, "the emptied story is gone"


def test_prefetching_in_worker_processes_changes_nothing(tmp_path: Path) -> None:
    from cluster_stories import STREAM
    from newsparallax.cluster import StoryClusterer

    rows = _stream_rows(STREAM) + [
        {**r, "id": f"{r['id']}-{n}", "text": f"{r['text']} Update {n}."}
        for n in range(40)
        for r in _stream_rows(STREAM)
    ]
    dump = write_jsonl(tmp_path / "many.jsonl", rows)
    results = []
    for workers in (1, 2):
        with SQLiteStore(tmp_path / f"w{workers}.db") as store:
            report = ingest([str(dump)], store, lambda w=workers: StoryClusterer(workers=w))  # type: ignore[misc]
            results.append((report.added, sorted(store.assignments())))
    assert results[0] == results[1] and results[0][0] == len(rows)


def test_reading_in_another_process_stores_what_reading_here_does(tmp_path: Path) -> None:
    from newsparallax.cluster import StoryClusterer

    french = {
        "title": "Le traversier reste au port",
        "text": "Le traversier de la compagnie est resté au port pendant toute la journée et les passagers sont "
        "restés avec les enfants pour une journée entière sans nouvelles de la compagnie qui est responsable.",
    }
    dump = tmp_path / "mixed.jsonl"
    lines = [json.dumps(r) for r in [french, *records(30)]] + ["{not json", json.dumps(records(1)[0])]
    dump.write_text("\n".join(lines) + "\n", encoding="utf-8")
    results = []
    for parsed in (None, list(iter_inputs([str(dump)]))):  # a clusterer that prefetches: read elsewhere, or not
        with SQLiteStore(tmp_path / f"{parsed is None}.db") as store:
            report = ingest([str(dump)], store, StoryClusterer, records=parsed)
            articles = [store.get_article(i) for i, _ in store.assignments()]
            results.append(
                (
                    (report.added, report.duplicates, report.failed, report.warnings),
                    sorted(store.assignments()),
                    [(a.id, a.language) for a in articles if a],
                    [(f.input, f.reason, f.level) for f in store.failures()],
                )
            )
    assert results[0] == results[1]
    assert results[0][0] == (31, 1, 1, 1)
