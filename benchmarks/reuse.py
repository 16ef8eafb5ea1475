"""Speed of the text-reuse detector, and what it finds in the seed pair.

    .venv/bin/python benchmarks/reuse.py

1. A synthetic story of 50 articles x ~600 words (goal: well under 1 s warm). The articles recombine the
   sentences of the largest real ECB+ topic (../shared/data/ecbplus), so wording is real and every sentence
   recurs in several articles: far more reuse than a real story has, which is the slow case. Without ../shared
   it recombines the bundled examples. The first call also loads wordfreq's list (once per process).
2. The seed pair (../shared/seeds): every item found, with the start of each span.
"""

from __future__ import annotations

import json
import random
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
SHARED = ROOT.parent / "shared"

from newsparallax.model import Article  # noqa: E402
from newsparallax.reuse import find_reuse  # noqa: E402
from newsparallax.segment import segment, split_sentences  # noqa: E402


def synthetic_story(n_articles: int = 50, n_words: int = 600) -> tuple[list[Article], str]:
    ecb = SHARED / "data" / "ecbplus" / "docs.jsonl"
    if ecb.exists():
        topics: dict[str, list[str]] = {}
        for line in ecb.open(encoding="utf-8"):
            record = json.loads(line)
            topics.setdefault(record["story"].split("_")[0], []).append(record["text"])
        name, texts = max(topics.items(), key=lambda item: len(item[1]))
        label = f"ECB+ topic {name} ({len(texts)} real articles)"
    else:
        texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "examples").glob("*/*.txt"))]
        label = "bundled examples"
    sentences = [t[s:e] for t in texts for s, e in split_sentences(t)]
    rng = random.Random(7)
    articles = []
    for n in range(n_articles):
        picked: list[str] = []
        while sum(len(s.split()) for s in picked) < n_words:
            picked.append(rng.choice(sentences))
        body = "\n".join(" ".join(picked[i : i + 3]) for i in range(0, len(picked), 3))
        articles.append(segment(Article(id=f"a{n:02d}", source=f"outlet{n}", title=f"Article {n}", text=body)))
    return articles, f"synthetic, recombined from {label}"


def seed_pair() -> list[Article]:
    articles = []
    for path in sorted((SHARED / "seeds").glob("*.txt")):
        headline, *lines = path.read_text(encoding="utf-8").splitlines()
        articles.append(segment(Article(id=path.stem, source=path.stem, title=headline, text="\n".join(lines))))
    return articles


def timed(articles: list[Article]) -> float:
    start = time.perf_counter()
    find_reuse(articles)
    return time.perf_counter() - start


def main() -> None:
    articles, label = synthetic_story()
    words = sum(len(a.text.split()) for a in articles) / len(articles)
    cold = timed(articles)
    warm = statistics.median(timed(articles) for _ in range(5))
    kinds = Counter(r.kind for r in find_reuse(articles))
    print(f"story: {len(articles)} articles x {words:.0f} words, {label}")
    print(f"first call  {cold:6.3f} s   (includes loading wordfreq's English list)")
    print(f"warm        {warm:6.3f} s   median of 5 (goal: well under 1 s)")
    print(f"items       {dict(sorted(kinds.items()))}")

    seeds = seed_pair()
    if len(seeds) < 2:
        print("seed pair: ../shared/seeds absent, skipped")
        return
    by_id = {a.id: a for a in seeds}
    items = find_reuse(seeds)
    print(f"seed pair   {statistics.median(timed(seeds) for _ in range(5)) * 1000:6.1f} ms, {len(items)} items")
    for item in items:
        print(f"  {item.kind:<11} {item.words:3d} words in {len(item.articles)} articles")
        for span in item.spans:
            text = by_id[span.article].slice(span.start, span.end)
            print(f"      {span.article[:3]} [{span.start}:{span.end}] {text!r}")


if __name__ == "__main__":
    main()
