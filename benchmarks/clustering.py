"""Story clustering quality: BCubed and pairwise P/R/F1 against gold stories, with the default settings.

    .venv/bin/python benchmarks/clustering.py                  # ECB+ and UCI headlines
    .venv/bin/python benchmarks/clustering.py --errors         # also list split and mixed gold stories (ECB+)
    .venv/bin/python benchmarks/clustering.py --orders 5       # ECB+ again in 5 shuffled orders (seeded)

Goal (issue 5): ECB+ (../shared/data/ecbplus/docs.jsonl, 982 articles, 86 events, all at once, no topic given)
BCubed F1 >= 0.95. UCI (../shared/data/uci-news-aggregator-sample/headlines.jsonl, headlines with publication
times): agreement with Google News' own clusters. Articles are read with the project's reader and clustered in
file order by `newsparallax.cluster.cluster`, exactly what `parallax cluster` does; the gold labels are read
only here, for scoring. Skips cleanly when ../shared is absent.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
DATA = ROOT.parent / "shared" / "data"
SETS = {
    "ECB+": DATA / "ecbplus" / "docs.jsonl",
    "UCI headlines": DATA / "uci-news-aggregator-sample" / "headlines.jsonl",
}

from newsparallax.cluster import DEFAULT_CLUSTER, cluster  # noqa: E402
from newsparallax.cluster_eval import as_mapping, bcubed, pairwise  # noqa: E402
from newsparallax.model import Article  # noqa: E402
from newsparallax.readers import parse_record  # noqa: E402


def load(path: Path) -> tuple[list[Article], dict[str, str]]:
    """The articles of a gold JSONL file (through the project's reader) and their gold story labels."""
    articles: list[Article] = []
    gold: dict[str, str] = {}
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            record = json.loads(line)
            label = record.pop("story")
            articles.append(parse_record(record, f"{path}:{number}", path=str(path), fallback_source=path.stem))
            gold[articles[-1].id] = label
    return articles, gold


def score(articles: list[Article], gold: dict[str, str]) -> tuple[dict[str, str], float, int]:
    start = time.perf_counter()
    stories = cluster(articles, DEFAULT_CLUSTER)
    return as_mapping(stories), time.perf_counter() - start, len(stories)


def errors(predicted: dict[str, str], gold: dict[str, str]) -> None:
    by_gold: dict[str, Counter[str]] = defaultdict(Counter)
    by_story: dict[str, Counter[str]] = defaultdict(Counter)
    for article, label in gold.items():
        by_gold[label][predicted[article]] += 1
        by_story[predicted[article]][label] += 1
    print("  gold stories split (sizes of the parts):")
    for label, parts in sorted(by_gold.items()):
        if len(parts) > 1:
            print(f"    {label:<14} {sorted(parts.values(), reverse=True)}")
    print("  predicted stories mixing gold stories:")
    for story, labels in sorted(by_story.items()):
        if len(labels) > 1:
            print(f"    {story}  {dict(labels.most_common())}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--errors", action="store_true", help="list split and mixed gold stories of ECB+")
    parser.add_argument("--orders", type=int, default=0, metavar="N", help="also score ECB+ in N shuffled orders")
    args = parser.parse_args(argv)
    if not all(path.exists() for path in SETS.values()):
        print(f"skipped: the data sets under {DATA} are not present")
        return 0
    print(f"{'data set':<14} {'articles':>8} {'gold':>5} {'found':>6} {'seconds':>7}  BCubed / pairwise")
    for name, path in SETS.items():
        articles, gold = load(path)
        predicted, seconds, found = score(articles, gold)
        b, p = bcubed(predicted, gold), pairwise(predicted, gold)
        print(f"{name:<14} {len(articles):>8} {len(set(gold.values())):>5} {found:>6} {seconds:>7.2f}  BCubed   {b}")
        print(f"{'':<46}pairwise {p}")
        if name == "ECB+" and args.errors:
            errors(predicted, gold)
        if name == "ECB+" and args.orders:
            rng = random.Random(0)
            f1s = []
            for _ in range(args.orders):
                shuffled = articles[:]
                rng.shuffle(shuffled)
                f1s.append(bcubed(score(shuffled, gold)[0], gold).f1)
            print(f"{'':<46}BCubed F1 over {args.orders} shuffled orders: min {min(f1s):.4f}, "
                  f"mean {sum(f1s) / len(f1s):.4f}, max {max(f1s):.4f}")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
