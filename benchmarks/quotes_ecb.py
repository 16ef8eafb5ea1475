"""Quotes on real coverage: how many quotations ECB+ articles hold and who they are given to, with samples.

    .venv/bin/python benchmarks/quotes_ecb.py                        # counts
    .venv/bin/python benchmarks/quotes_ecb.py --sample 10            # and quotes to read, with their speakers
    .venv/bin/python benchmarks/quotes_ecb.py --save before.json     # then, on other code:
    .venv/bin/python benchmarks/quotes_ecb.py --diff before.json     # every quote whose speaker changed

Articles: every other document of ../shared/data/ecbplus (491 of 982), each read on its own, as `compare` reads
it (segmentation, the shared spaCy parse, the quote extractor and speaker resolver). ECB+ has no quote gold, so
speakers are judged by reading: ``--diff`` prints each quote whose speaker differs from a saved run with the
text before it, which is how a change to speaker resolution is checked on text its author did not write.
Nothing from the corpus is written to the repository; ``--save`` writes where you say.
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

from newsparallax import resources  # noqa: E402
from newsparallax.analyze import analyze  # noqa: E402
from newsparallax.body_parse import parse_bodies  # noqa: E402
from newsparallax.model import Article  # noqa: E402
from newsparallax.quotes import find_quotes  # noqa: E402

CONTEXT = 160  # characters of text shown before a quote


def articles(every: int = 2) -> list[Article]:
    records = [json.loads(line) for line in DATA.open(encoding="utf-8")][::every]
    return [analyze(Article(id=r["id"], source=r["id"], title=r.get("title") or "", text=r["text"])) for r in records]


def quotes(read: list[Article]) -> dict[str, list[dict[str, Any]]]:
    """Per article, each quote's span, kind, cue, speaker and the text just before it (for reading)."""
    found = {}
    for article, doc in zip(read, parse_bodies(read, resources.nlp()), strict=True):
        found[article.id] = [
            {
                "start": q.start,
                "end": q.end,
                "kind": q.kind,
                "cue": q.cue,
                "speaker": q.speaker,
                "text": " ".join(article.text[q.start : q.end].split()),
                "before": " ".join(article.text[max(0, q.start - CONTEXT) : q.start].split()),
            }
            for q in find_quotes(article, doc)
        ]
    return found


def show(article: str, quote: dict[str, Any], was: str = "") -> None:
    """One quote with its speaker (``was``: what a saved run said, before an arrow) and the text before it."""
    print(f"- [{article}] {was}{quote['speaker']!r} ({quote['kind']}, {quote['cue']}): {quote['text'][:110]!r}")
    print(f"    … {quote['before'][-CONTEXT:]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sample", type=int, default=0, help="quotes to print for reading")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--save", type=Path, help="write this run's quotes (JSON) to compare with later")
    parser.add_argument("--diff", type=Path, help="a run saved with --save: print every quote whose speaker changed")
    args = parser.parse_args()
    if not DATA.exists():
        print(f"{DATA} absent: the real-coverage quote benchmark is skipped")
        return
    found = quotes(articles())
    every = [(a, q) for a, found_in in found.items() for q in found_in]
    kinds = Counter(q["kind"] for _, q in every)
    named = sum(q["speaker"] is not None for _, q in every)
    print(
        f"{len(found)} ECB+ articles: {len(every)} quotes ("
        + ", ".join(f"{kind} {count}" for kind, count in sorted(kinds.items()))
        + f"), {named} with a speaker, {len(every) - named} without"
    )
    if args.save:
        args.save.write_text(json.dumps(found), encoding="utf-8")
    if args.diff:
        saved = json.loads(args.diff.read_text(encoding="utf-8"))
        then = {(a, q["start"], q["end"]): q for a, found_in in saved.items() for q in found_in}
        now = {(a, q["start"], q["end"]): q for a, q in every}
        changed = [key for key in now if key in then and now[key]["speaker"] != then[key]["speaker"]]
        print(
            f"against {args.diff}: {len(changed)} speakers changed, "
            f"{len(now.keys() - then.keys())} quotes new, {len(then.keys() - now.keys())} gone"
        )
        for key in changed:
            show(key[0], now[key], f"{then[key]['speaker']!r} -> ")
        for key in sorted(now.keys() - then.keys()):
            show(key[0], now[key], "(new) ")
        for key in sorted(then.keys() - now.keys()):
            show(key[0], then[key], "(gone) ")
        return
    for article, quote in random.Random(args.seed).sample(every, min(args.sample, len(every))):
        show(article, quote)


if __name__ == "__main__":
    main()
