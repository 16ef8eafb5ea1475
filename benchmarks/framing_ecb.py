"""Framing on real coverage: how many items each kind finds in ECB+ stories, with a sample to judge by hand.

    .venv/bin/python benchmarks/framing_ecb.py                       # counts per kind
    .venv/bin/python benchmarks/framing_ecb.py --sample 15 --kind certainty
    .venv/bin/python benchmarks/framing_ecb.py --save before.json    # then, on other code:
    .venv/bin/python benchmarks/framing_ecb.py --diff before.json --kind word_choice --sample 15

Stories: every third gold story of ../shared/data/ecbplus (29 of 86), its first six articles, compared as one
story each with the default settings. ECB+ has no framing gold, so precision is judged by reading the sample:
each item is printed with the sentence behind each of its spans. ``--diff`` compares with a saved run and
samples the items one run has and the other lacks, which is how a change to a framing rule is judged on text
its author did not write. Nothing from the corpus is written to the repository; ``--save`` writes where you say.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
DATA = ROOT.parent / "shared" / "data" / "ecbplus" / "docs.jsonl"

from newsparallax import compare  # noqa: E402
from newsparallax.model import Article, Comparison  # noqa: E402

KINDS = ("word_choice", "label", "certainty", "attribution", "headline", "context", "voice", "tone")


def stories(every: int = 3, size: int = 6) -> dict[str, list[Article]]:
    by_story: dict[str, list[dict[str, Any]]] = {}
    for line in DATA.open(encoding="utf-8"):
        record = json.loads(line)
        by_story.setdefault(record["story"], []).append(record)
    return {
        name: [
            Article(id=r["id"], source=r["id"], title=r.get("title") or "", text=r["text"])
            for r in by_story[name][:size]
        ]
        for name in sorted(by_story)[::every]
    }


def items(comparison: Comparison) -> list[dict[str, Any]]:
    """Each framing item as its kind, explanation and, per span, the spanned words and their sentence."""
    articles = {a.id: a for a in comparison.articles}

    def sentence(article: str, at: int) -> str:
        a = articles[article]
        return next((a.text[s.start : s.end] for s in a.sentences if s.start <= at < s.end), "")

    return [
        {
            "kind": f.kind,
            "explanation": f.explanation,
            "spans": [
                [s.article, articles[s.article].text[s.start : s.end], sentence(s.article, s.start)] for s in f.spans
            ],
        }
        for f in comparison.framing
    ]


def show(label: str, found: list[tuple[str, dict[str, Any]]], sample: int, seed: int) -> None:
    print(f"\n{label}: {len(found)}")
    for story, item in random.Random(seed).sample(found, min(sample, len(found))):
        print(f"- [{story}] {item['explanation'][:220]}")
        for article, words, sentence in item["spans"][:3]:
            print(f"    {article}: {words[:60]!r} :: {' '.join(sentence.split())[:170]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--kind", choices=KINDS, help="the kind to sample (default: counts only)")
    parser.add_argument("--sample", type=int, default=0, help="items to print for reading")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--save", type=Path, help="write this run's items (JSON) to compare with later")
    parser.add_argument("--diff", type=Path, help="a run saved with --save: sample what each run alone has")
    args = parser.parse_args()
    if not DATA.exists():
        print(f"{DATA} absent: the real-coverage framing benchmark is skipped")
        return
    found = {name: items(compare(articles)) for name, articles in stories().items()}
    counts = Counter(i["kind"] for story in found.values() for i in story)
    print(f"{len(found)} ECB+ stories, 6 articles each: " + ", ".join(f"{k} {counts[k]}" for k in KINDS))
    if args.save:
        args.save.write_text(json.dumps(found), encoding="utf-8")
    if not args.kind:
        return
    if args.diff:
        before = json.loads(args.diff.read_text(encoding="utf-8"))
        old = {(s, i["explanation"]) for s, story in before.items() for i in story if i["kind"] == args.kind}
        new = {(s, i["explanation"]) for s, story in found.items() for i in story if i["kind"] == args.kind}
        show(
            "only in the saved run",
            [(s, i) for s, story in before.items() for i in story if (s, i["explanation"]) in old - new],
            args.sample,
            args.seed,
        )
        show(
            "only in this run",
            [(s, i) for s, story in found.items() for i in story if (s, i["explanation"]) in new - old],
            args.sample,
            args.seed,
        )
        return
    chosen = [(s, i) for s, story in found.items() for i in story if i["kind"] == args.kind]
    show(args.kind, chosen, args.sample, args.seed)


if __name__ == "__main__":
    main()
