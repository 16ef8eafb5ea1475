"""Speed of the SQLite store and the ingest job, with a fake clusterer (the real one is timed on its own).

    .venv/bin/python benchmarks/store_speed.py [ARTICLES]

1. ``add_articles`` alone: prebuilt articles (~1.5 kB of text each) in batches of 200, one transaction each.
2. ``ingest`` end to end from a JSONL dump: reader, language check, dedupe, fake clusterer, store.
3. Re-ingesting the same dump: every record a duplicate (replay + read + hash).
4. Replay: reading every stored article back in arrival order into a clusterer that does nothing.
Articles are fictional and generated; the default count is 20,000.
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from newsparallax.ingest import ingest  # noqa: E402
from newsparallax.model import Article  # noqa: E402
from newsparallax.store_sqlite import SQLiteStore  # noqa: E402

STORIES = 2000
SENTENCE = "Officials in Port Wren said the harbour matter number {i} was settled after a long meeting on day {d}. "


class FakeClusterer:
    """Story by record number: about ARTICLES / STORIES articles a story, ids by first appearance."""

    def __init__(self) -> None:
        self.ids: dict[str, str] = {}

    def add(self, article: Article) -> str:
        key = article.title.rsplit(" ", 1)[-1]
        return self.ids.setdefault(key, f"story-{len(self.ids):05d}")


def record(i: int) -> dict[str, str]:
    return {
        "title": f"Harbour report {i} topic {i % STORIES}",
        "text": "".join(SENTENCE.format(i=i, d=d) for d in range(14)),
        "source": f"outlet-{i % 40}",
        "published": f"2026-03-{1 + i % 28:02d}",
    }


def main(count: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        articles = [
            (Article(id=f"a{i}", source=r["source"], title=r["title"], text=r["text"], published=r["published"]), i)
            for i, r in enumerate(record(i) for i in range(count))
        ]
        with SQLiteStore(base / "alone.db") as store:
            clusterer = FakeClusterer()
            pairs = [(a, clusterer.add(a)) for a, _ in articles]
            start = time.perf_counter()
            for at in range(0, count, 200):
                store.add_articles(pairs[at : at + 200])
            alone = time.perf_counter() - start
        print(f"1. add_articles alone: {count} articles in {alone:.2f} s = {count / alone:,.0f} articles/s")

        dump = base / "dump.jsonl"
        dump.write_text("".join(json.dumps(record(i)) + "\n" for i in range(count)), encoding="utf-8")
        with SQLiteStore(base / "ingest.db") as store:
            first = ingest([str(dump)], store, FakeClusterer)
            print(f"2. ingest: {first.added} articles in {first.seconds:.2f} s = {first.added / first.seconds:,.0f}/s")
            again = ingest([str(dump)], store, FakeClusterer)
            print(
                f"3. re-ingest: {again.duplicates} duplicates in {again.seconds:.2f} s "
                f"(replay of {again.replayed} stored articles: {again.replay_seconds:.2f} s, "
                f"{again.replay_seconds / max(again.replayed, 1) * 1e6:.0f} µs an article)"
            )
            start = time.perf_counter()
            n = sum(1 for _ in store.iter_articles())
            read = time.perf_counter() - start
            print(f"4. reading {n} stored articles in arrival order: {read:.2f} s = {n / read:,.0f}/s")
        size = sum(p.stat().st_size for p in base.glob("ingest.db*"))
        print(f"   store file: {size / 1e6:.1f} MB for {count} articles")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20_000)
