"""Quotes on real coverage: how many quotations ECB+ articles hold and who they are given to, with samples.

    .venv/bin/python benchmarks/quotes_ecb.py                        # counts
    .venv/bin/python benchmarks/quotes_ecb.py --sample 10            # and quotes to read, with their speakers
    .venv/bin/python benchmarks/quotes_ecb.py --save before.json     # then, on other code:
    .venv/bin/python benchmarks/quotes_ecb.py --diff before.json     # every quote whose speaker changed
    .venv/bin/python benchmarks/quotes_ecb.py --agreement            # do outlets' copies of a quote agree on who?

Articles: every other document of ../shared/data/ecbplus (491 of 982), each read on its own, as `compare` reads
it (segmentation, the shared spaCy parse, the quote extractor and speaker resolver). ECB+ has no quote gold, so
speakers are judged by reading: ``--diff`` prints each quote whose speaker differs from a saved run with the
text before it, which is how a change to speaker resolution is checked on text its author did not write.

``--agreement`` measures speakers without a gold: in all 982 articles, every pair of direct or partial quotes of
two articles of one gold story with nearly the same words (6 or more, 90 % alike: one quote, as quote grouping
reads it) and a speaker on both sides, and how many of those pairs name one speaker (after the cross-article
name normalisation `compare` uses). Outlets rarely misattribute a quote they share, so a disagreement is nearly
always our reading of one of them: the share that agree is a proxy for speaker accuracy on shared quotes.
Nothing from the corpus is written to the repository; ``--save`` writes where you say.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import Counter
from difflib import SequenceMatcher
from itertools import combinations
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
DATA = ROOT.parent / "shared" / "data" / "ecbplus" / "docs.jsonl"

from newsparallax import resources  # noqa: E402
from newsparallax.analyze import analyze  # noqa: E402
from newsparallax.body_parse import parse_bodies  # noqa: E402
from newsparallax.model import Article, QuoteMention  # noqa: E402
from newsparallax.quote_groups import quote_words  # noqa: E402
from newsparallax.quotes import find_quotes  # noqa: E402
from newsparallax.speakers import canonical_speakers, is_person_name, split_name  # noqa: E402

CONTEXT = 160  # characters of text shown before a quote
# One quote in two outlets: at least this many words, this alike (as quote grouping reads near-identical words).
SAME_WORDS_MIN = 6
SAME_WORDS = 0.9


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


def agreement() -> None:
    """Print how often two outlets' copies of one quote are given to one speaker, with every disagreement."""
    records = [json.loads(line) for line in DATA.open(encoding="utf-8")]
    story_of = {r["id"]: r["story"] for r in records}
    read = articles(every=1)
    texts = {a.id: a.text for a in read}
    by_story: dict[str, list[QuoteMention]] = {}
    for article, doc in zip(read, parse_bodies(read, resources.nlp()), strict=True):
        by_story.setdefault(story_of[article.id], []).extend(find_quotes(article, doc))
    pairs = agreeing = 0
    differing = []
    for story, found in sorted(by_story.items()):
        quoted = [q for q in found if q.kind != "reported" and q.speaker]
        names = canonical_speakers(q.speaker for q in quoted if q.speaker)
        words = [[w for w, _ in quote_words(texts[q.article][q.start : q.end])] for q in quoted]
        for i, j in combinations(range(len(quoted)), 2):
            a, b = quoted[i], quoted[j]
            if a.article == b.article or min(len(words[i]), len(words[j])) < SAME_WORDS_MIN:
                continue
            matcher = SequenceMatcher(None, words[i], words[j], autojunk=False)
            run = matcher.find_longest_match(0, len(words[i]), 0, len(words[j])).size
            if max(run / min(len(words[i]), len(words[j])), matcher.ratio()) < SAME_WORDS:
                continue
            pairs += 1
            if names[a.speaker or ""] == names[b.speaker or ""]:
                agreeing += 1
            else:
                differing.append((story, a, b, " ".join(words[i])[:80]))
    print(
        f"{len(read)} ECB+ articles, {len(by_story)} stories: {pairs} pairs of one quote in two outlets, both "
        f"attributed; {agreeing} to one speaker ({agreeing / max(pairs, 1):.1%}), {len(differing)} to two"
    )
    # Two names that differ are two people, so one side is wrong; a name against a description ("a village
    # resident") or two descriptions may both be right, when an outlet does not name the speaker.
    named = Counter(sum(is_person_name(split_name(q.speaker or "")[1]) for q in (a, b)) for _, a, b, _ in differing)
    print(
        f"  of the {len(differing)}: {named[2]} give two person's names, {named[1]} a name and a description, "
        f"{named[0]} two descriptions"
    )
    for story, a, b, words in differing:
        print(f"- [{story}] {a.article}: {a.speaker!r} / {b.article}: {b.speaker!r}: {words!r}")


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
    parser.add_argument("--agreement", action="store_true", help="do the outlets carrying a quote agree on who?")
    args = parser.parse_args()
    if not DATA.exists():
        print(f"{DATA} absent: the real-coverage quote benchmark is skipped")
        return
    if args.agreement:
        agreement()
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
