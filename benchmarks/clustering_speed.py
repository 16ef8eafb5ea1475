"""Story clustering throughput and memory on a SYNTHETIC corpus built from real ECB+ sentences.

    .venv/bin/python benchmarks/clustering_speed.py                 # 10k and 100k articles
    .venv/bin/python benchmarks/clustering_speed.py --sizes 10000 100000 300000
    .venv/bin/python benchmarks/clustering_speed.py --workers 1     # feature extraction in this process only
    .venv/bin/python benchmarks/clustering_speed.py --mode ingest   # the full `parallax ingest` into SQLite

Goal (issue): >= 2,000 articles/s on 2 cores for ~600-word articles, peak memory <= 4 GB, near-linear growth.

The corpus: each synthetic event takes one real ECB+ story's sentences (../shared/data/ecbplus), renames its
capitalised names and changes its figures consistently for that event (so events on one ECB+ story stay
different events, as news about one kind of event does), and writes 1-12 articles of ~600 words each, every
one a fresh sample of ~30 of those sentences with ~10% of words dropped, published within three days of the
event. Wording is real, arrangement is synthetic. Each size runs in a fresh child process so that its peak RSS
(``resource.getrusage``) is that run's alone; the corpus is written to a temporary JSONL file outside the timed
part, and the timed part reads it back, so memory is the clusterer's (plus the ingest's open batch).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
ECB = ROOT.parent / "shared" / "data" / "ecbplus" / "docs.jsonl"

from newsparallax.cluster import DEFAULT_CLUSTER, StoryClusterer, extract_batches  # noqa: E402
from newsparallax.ingest import ingest  # noqa: E402
from newsparallax.model import Article  # noqa: E402
from newsparallax.store import open_store  # noqa: E402

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“])")
_NAME = re.compile(r"(?<=[a-z,;] )[A-Z][a-z]{2,}\b")
_FIGURE = re.compile(r"\b\d+(?:\.\d+)?\b")
_SYLLABLES = (
    "ka ro vin tel mar sa do ri an bel cor fen gal hu is jo lem nor pa quin ret sul tor ul ve wy xa zen".split()
)


def synthetic_corpus(size: int, seed: int = 0, chunk_size: int = 1000) -> Iterator[list[Article]]:
    """``size`` synthetic articles in chunks (see the module docstring), deterministic for a seed."""
    records = [json.loads(line) for line in ECB.open(encoding="utf-8")]
    pools: dict[str, list[str]] = {}
    for record in records:
        sentences = [s for s in _SENTENCE_END.split(record["text"]) if len(s.split()) >= 6]
        pools.setdefault(record["story"], []).extend(sentences)
    stories = sorted(pools)
    rng = random.Random(seed)

    def pseudo_name() -> str:
        return "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()

    chunk: list[Article] = []
    made = 0
    event = 0
    day0 = date(2013, 1, 1).toordinal()
    while made < size:
        event += 1
        names: dict[str, str] = {}
        figures: dict[str, str] = {}

        def rename(match: re.Match[str], names: dict[str, str] = names) -> str:
            return names.setdefault(match.group(0), pseudo_name())

        def refigure(match: re.Match[str], figures: dict[str, str] = figures) -> str:
            return figures.setdefault(match.group(0), str(rng.randint(2, 999)))

        sentences = [_FIGURE.sub(refigure, _NAME.sub(rename, s)) for s in pools[rng.choice(stories)]]
        day = day0 + event // 40
        for _ in range(min(size - made, 1 + int(rng.expovariate(1 / 3.5)) % 12)):
            words: list[str] = []
            while len(words) < 600:
                words.extend(w for w in rng.choice(sentences).split() if rng.random() > 0.1)
            published = date.fromordinal(day + rng.randint(0, 2)).isoformat()
            title, text = " ".join(words[:12]), " ".join(words[12:])
            chunk.append(Article(f"a{made}", "synthetic", title, text, published=published))
            made += 1
            if len(chunk) == chunk_size:
                yield chunk
                chunk = []
    if chunk:
        yield chunk


def _child(size: int, workers: int, seed: int, mode: str) -> None:
    clusterer = StoryClusterer(DEFAULT_CLUSTER)
    words = 0
    with tempfile.TemporaryDirectory() as tmp:
        # The corpus is written to a JSONL file first (not timed); the timed part reads it back.
        dump = Path(tmp) / "corpus.jsonl"
        with dump.open("w", encoding="utf-8") as handle:
            for chunk in synthetic_corpus(size, seed):
                for a in chunk:
                    words += len(a.text.split()) + len(a.title.split())
                    record = {"id": a.id, "title": a.title, "text": a.text, "source": a.source}
                    handle.write(json.dumps({**record, "published": a.published}) + "\n")
        start = time.perf_counter()
        cpu_start = _cpu_seconds()
        if mode == "ingest":
            # The whole ingest: the project's reader, language guess, de-duplication, SQLite batches, clustering.
            with open_store(Path(tmp) / "bench.db") as store:
                prefetching = StoryClusterer(DEFAULT_CLUSTER, workers=workers)
                report = ingest([str(dump)], store, lambda: prefetching)
                clusterer = prefetching
            assert report.added == size, report.summary()
        else:
            # `parallax cluster`'s path (newsparallax.cluster.cluster): records parsed, features extracted in
            # `workers` processes working ahead while this process clusters them a batch at a time.
            def articles() -> Iterator[Article]:
                with dump.open(encoding="utf-8") as lines:
                    for line in lines:
                        r = json.loads(line)
                        yield Article(r["id"], r["source"], r["title"], r["text"], published=r["published"])

            for batch in extract_batches(articles(), DEFAULT_CLUSTER, workers):
                clusterer.add_many(batch)
        timed = time.perf_counter() - start
        cpu_main, cpu_workers = (after - before for after, before in zip(_cpu_seconds(), cpu_start, strict=True))
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(
        json.dumps(
            {
                "articles": size,
                "seconds": timed,
                "per_second": size / timed,
                "words_per_article": words / size,
                "stories": len(clusterer.stories()),
                "peak_rss_mb": peak_mb,
                "worker_peak_rss_mb": children_mb,
                "cpu_ms_main": cpu_main / size * 1000,
                "cpu_ms_workers": cpu_workers / size * 1000,
            }
        )
    )


def _cpu_seconds() -> tuple[float, float]:
    """CPU seconds used so far by this process and by its finished child processes (the extraction workers)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, children.ru_utime + children.ru_stime


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--workers", type=int, default=2, help="feature-extraction processes (default 2)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    parser.add_argument(
        "--mode",
        choices=("cluster", "ingest"),
        default="cluster",
        help="cluster: read + extract + cluster (`parallax cluster`); ingest: the full `parallax ingest` into SQLite",
    )
    args = parser.parse_args(argv)
    if not ECB.exists():
        print(f"skipped: {ECB} not found (the synthetic corpus is built from ECB+ sentences)")
        return 0
    if args.child:
        _child(args.child, args.workers, args.seed, args.mode)
        return 0
    print("Story clustering speed on a SYNTHETIC corpus (real ECB+ sentences, recombined and perturbed)")
    where = f"feature extraction in {args.workers} process(es)"
    where += " ahead of the ingest" if args.mode == "ingest" else ""
    print(f"mode {args.mode}: {where}, clustering in one; peak RSS per run in a fresh process")
    print("CPU ms/article: main process and workers; bound: the articles/s that CPU allows on 2 idle cores")
    print(
        f"{'articles':>9} {'words/art':>9} {'stories':>8} {'seconds':>8} {'articles/s':>10}"
        f" {'peak RSS MB':>11} {'worker RSS MB':>13} {'CPU main':>8} {'workers':>7} {'bound':>6}"
    )
    options = ["--workers", str(args.workers), "--seed", str(args.seed)]
    for size in args.sizes:
        out = subprocess.run(
            [sys.executable, __file__, "--child", str(size), "--mode", args.mode, *options],
            check=True,
            capture_output=True,
            text=True,
        )
        r = json.loads(out.stdout.strip().splitlines()[-1])
        # Shared or busy cores make the wall-clock rate vary from run to run; CPU time per article varies less.
        # On 2 idle cores the main process can use one, and all the processes together two.
        main_ms, workers_ms = r["cpu_ms_main"], r["cpu_ms_workers"]
        bound = 1000 / max(main_ms, (main_ms + workers_ms) / 2)
        print(
            f"{r['articles']:>9,} {r['words_per_article']:>9.0f} {r['stories']:>8,} {r['seconds']:>8.1f} "
            f"{r['per_second']:>10,.0f} {r['peak_rss_mb']:>11,.0f} {r['worker_peak_rss_mb']:>13,.0f}"
            f" {main_ms:>8.2f} {workers_ms:>7.2f} {bound:>6,.0f}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
