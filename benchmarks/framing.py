"""Framing and the neutral summary: gold precision/recall, the seed checks, citation figures and the time added.

    .venv/bin/python benchmarks/framing.py [--verbose]

Gold: examples/gold/*.json, block "framing" (word_choice, labels, attribution, certainty). A gold text is
located at every place it occurs in its article's body. Matching:
  - word choice: a found item (kind word_choice) matches a gold item when, in at least two of the gold item's
    articles, a found term overlaps the gold term. Recall is over gold items. Precision is over found items,
    counted right when they match a gold word-choice item, or a gold label with its neutral variant (a loaded
    word against the plain one is a word-choice pair too), or when one of their terms is a gold loaded
    attribution verb in its article; "strict" precision counts gold word-choice items only;
  - labels: a found label item matches when one of the labelled outlet's spans overlaps a gold label text in
    that article; recall over gold labels, precision over found items;
  - certainty: a found pair matches when its hedge span overlaps the gold hedged text and its asserted span
    the gold asserted text, each in the right article.
Every item with terms in two or more articles must word them differently (asserted: never an item from
identical wording). Seeds (../shared/seeds, when present): the checks the issue names, printed PASS/FAIL.
Time: framing + summary against the compare that produced their input, warm, on each story.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

import newsparallax  # noqa: E402
from newsparallax import resources  # noqa: E402
from newsparallax.body_parse import parse_body  # noqa: E402
from newsparallax.evaluation import load_gold  # noqa: E402
from newsparallax.framing import find_framing  # noqa: E402
from newsparallax.framing_text import parse_articles  # noqa: E402
from newsparallax.model import Article, Comparison, Framing, Span  # noqa: E402
from newsparallax.summary import citation_support, shared_fact_coverage, summarize  # noqa: E402
from newsparallax.voice import Sides, voices  # noqa: E402

GOLD = ROOT / "examples" / "gold"
#: Stories written for this benchmark only, annotated before the system was run on them.
HELD_OUT = Path(__file__).resolve().parent / "heldout"
SEEDS = ROOT.parent / "shared" / "seeds"


def occurrences(article: Article, text: str) -> list[tuple[int, int]]:
    found, at = [], article.text.find(text)
    while at >= 0:
        found.append((at, at + len(text)))
        at = article.text.find(text, at + 1)
    return found


def hits(spans: Sequence[Span], article: Article, text: str) -> bool:
    places = occurrences(article, text)
    return any(s.article == article.id and s.start < hi and lo < s.end for s in spans for lo, hi in places)


def identical_wording(items: Sequence[Framing]) -> list[Framing]:
    """Items whose terms in two or more articles are all the same words."""
    bad = []
    for item in items:
        if item.kind in ("voice", "tone", "context"):
            continue
        worded = {" ".join(t.lower().split()) for _, terms in item.terms if terms for t in terms[:1]}
        if sum(1 for _, terms in item.terms if terms) >= 2 and len(worded) < 2:
            bad.append(item)
    return bad


class Score:
    def __init__(self) -> None:
        self.tp_found = self.found = self.tp_gold = self.gold = self.strict = 0

    def line(self, name: str) -> str:
        p = self.tp_found / self.found if self.found else 1.0
        r = self.tp_gold / self.gold if self.gold else 1.0
        strict = f", strict precision {self.strict / self.found:.2f}" if name == "word_choice" and self.found else ""
        return (
            f"{name:12s} precision {p:.2f} ({self.tp_found}/{self.found})  recall {r:.2f} ({self.tp_gold}/{self.gold})"
            f"{strict}"
        )


def score_story(
    gold: dict[str, Any], comparison: Comparison, items: Sequence[Framing], verbose: bool
) -> dict[str, Score]:
    by_name = {Path(a.path or a.id).name: a for a in comparison.articles}
    framing = gold["framing"]
    scores = {k: Score() for k in ("word_choice", "labels", "certainty")}

    def wc_matches(item: Framing, entry: dict[str, Any]) -> bool:
        hit = [a for a, text in entry["terms"].items() if a in by_name and hits(item.spans, by_name[a], text)]
        return len(hit) >= 2

    def label_pair(item: Framing, entry: dict[str, Any]) -> bool:
        neutral = entry.get("neutral")
        return (
            bool(neutral)
            and hits(item.spans, by_name[entry["article"]], entry["text"])
            and hits(item.spans, by_name[neutral["article"]], neutral["text"])
        )

    def attribution_verb(item: Framing) -> bool:
        return any(hits(item.spans, by_name[e["article"]], e["verb"]) for e in framing["attribution"])

    word_choice = [i for i in items if i.kind == "word_choice"]
    s = scores["word_choice"]
    s.found += len(word_choice)
    s.gold += len(framing["word_choice"])
    for item in word_choice:
        strict = any(wc_matches(item, e) for e in framing["word_choice"])
        ok = strict or any(label_pair(item, e) for e in framing["labels"]) or attribution_verb(item)
        s.tp_found += ok
        s.strict += strict
        if verbose and not ok:
            print("   word_choice not in gold:", dict(item.terms))
    for entry in framing["word_choice"]:
        found = any(wc_matches(item, entry) for item in word_choice)
        s.tp_gold += found
        if verbose and not found:
            print("   word_choice missed:", entry["what"], entry["terms"])

    labels = [i for i in items if i.kind == "label"]
    s = scores["labels"]
    s.found += len(labels)
    s.gold += len(framing["labels"])
    for item in labels:
        own = [sp for sp in item.spans if sp.article == item.spans[0].article]
        ok = any(e["article"] in by_name and hits(own, by_name[e["article"]], e["text"]) for e in framing["labels"])
        s.tp_found += ok
        if verbose and not ok:
            print("   label not in gold:", dict(item.terms))
    for entry in framing["labels"]:
        found = any(hits(i.spans[: len(i.terms[0][1]) + 8], by_name[entry["article"]], entry["text"]) for i in labels)
        s.tp_gold += found
        if verbose and not found:
            print("   label missed:", entry["article"], entry["text"])

    certainty = [i for i in items if i.kind == "certainty"]
    s = scores["certainty"]
    s.found += len(certainty)
    s.gold += len(framing["certainty"])

    def pair(item: Framing, entry: dict[str, Any]) -> bool:
        hedged, asserted = entry["hedged"], entry["asserted"]
        return hits(item.spans[:1], by_name[hedged["article"]], hedged["text"]) and hits(
            item.spans[1:], by_name[asserted["article"]], asserted["text"]
        )

    for item in certainty:
        ok = any(pair(item, e) for e in framing["certainty"])
        s.tp_found += ok
        if verbose and not ok:
            print("   certainty not in gold:", dict(item.terms))
    for entry in framing["certainty"]:
        s.tp_gold += any(pair(item, entry) for item in certainty)
    return scores


def add_scores(totals: dict[str, Score], scores: dict[str, Score]) -> None:
    for name, score in scores.items():
        for field in ("tp_found", "found", "tp_gold", "gold", "strict"):
            setattr(totals[name], field, getattr(totals[name], field) + getattr(score, field))


def timed(articles: list[Article]) -> tuple[Comparison, tuple[Framing, ...], float, float]:
    """(comparison, framing, compare seconds without framing/summary, framing + summary seconds), warm medians."""
    compares, extras = [], []
    comparison = newsparallax.compare(articles)
    items: tuple[Framing, ...] = ()
    # The pipeline hands framing the parse the quote stage made; timing framing alone must not parse again.
    docs = {a.id: parse_body(a, resources.nlp()) for a in comparison.articles}
    for _ in range(3):
        start = time.perf_counter()
        comparison = newsparallax.compare(articles)
        compares.append(time.perf_counter() - start)
        start = time.perf_counter()
        items = find_framing(comparison.articles, comparison.facts, comparison.quotes, resources.nlp(), docs=docs)
        summarize(comparison.articles, comparison.facts, items)
        extras.append(time.perf_counter() - start)
    extra = statistics.median(extras)
    compare = statistics.median(compares)
    # When the pipeline already runs framing and the summary, its time includes them.
    base = compare - extra if comparison.framing or comparison.summary else compare
    return comparison, items, base, extra


def seed_checks(comparison: Comparison, items: Sequence[Framing]) -> list[tuple[str, bool]]:
    a, b = (x.id for x in comparison.articles[:2])
    terms = [(item.kind, dict(item.terms)) for item in items]

    def said(kind: set[str], article: str, word: str) -> bool:
        return any(k in kind and any(word in t.lower() for t in ts.get(article, ())) for k, ts in terms)

    told_expelled = any(
        k in ("word_choice", "headline")
        and any("told to leave" in t.lower() for x in ts.values() for t in x)
        and any("expelled" in t.lower() for x in ts.values() for t in x)
        for k, ts in terms
    )
    annexation = said({"label"}, a, "illegal annexation") != said({"label"}, b, "illegal annexation")
    hedged = any(
        item.kind == "certainty"
        and "clear" in dict(item.terms)[item.articles[0]][0].lower()
        and "27" in dict(item.terms)[item.articles[1]][0]
        for item in items
    )
    parsed = parse_articles(comparison.articles, resources.nlp())
    sides = Sides()
    found = [voices(p, sides) for p in parsed]
    shares = []
    for per in found:
        total = sum(v.quoted_words for v in per) or 1
        shares.append({v.side: 0.0 for v in per})
        for v in per:
            shares[-1][v.side] += v.quoted_words / total
    russian = [sum(x for side, x in s.items() if side.startswith("Russia")) for s in shares]
    dominant = max(range(len(russian)), key=russian.__getitem__)
    other = 1 - dominant
    added = {side for side, x in shares[other].items() if x > 0} - {side for side, x in shares[dominant].items() if x}
    voice_ok = (
        russian[dominant] >= 0.9
        and any("Ukrain" in s for s in added)
        and any(s.startswith("US") or "State Dep" in s for s in added)
    )
    summary = summarize(comparison.articles, comparison.facts, items)
    texts = {x.id: x.text for x in comparison.articles}
    cited = bool(summary) and all(
        s.citations and all(c.article in texts and 0 <= c.start < c.end <= len(texts[c.article]) for c in s.citations)
        for s in summary
    )
    return [
        ("word choice: “told to leave” vs “expelled”", told_expelled),
        ("label: “illegal annexation” in one outlet only", annexation),
        ("certainty: the departure hedged in one outlet, asserted in the other", hedged),
        (f"voice: Russian officials {russian[dominant]:.0%} of quoted words in one; the other adds {sorted(added)}",
         voice_ok),
        (f"summary: {len(summary)} sentences, every one citing valid spans", cited),
    ]  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--verbose", action="store_true", help="list the items that miss or are not in gold")
    args = parser.parse_args()
    resources.embedder()
    resources.nlp()
    totals = {k: Score() for k in ("word_choice", "labels", "certainty")}
    timings: list[tuple[str, float, float]] = []
    identical: list[Framing] = []
    failed = False
    for path in sorted(GOLD.glob("*.json")):
        gold = load_gold(path)
        story = ROOT / "examples" / gold["story"]
        articles = [newsparallax.read(str(story / name)) for name in gold["articles"]]
        comparison, items, base, extra = timed(articles)
        timings.append((gold["story"], base, extra))
        identical += identical_wording(items)
        print(f"{gold['story']}: {len(items)} framing items")
        add_scores(totals, score_story(gold, comparison, items, args.verbose))
        summary = summarize(comparison.articles, comparison.facts, items)
        support = citation_support(summary, comparison.articles)
        print(
            f"  summary: {len(summary)} sentences, citation_support {support:.3f},"
            f" shared_fact_coverage {shared_fact_coverage(summary, comparison.facts):.3f}"
        )
    print("\nGold (both stories):")
    for name, score in totals.items():
        print("  " + score.line(name))
    held_out = {k: Score() for k in ("word_choice", "labels", "certainty")}
    for path in sorted(HELD_OUT.glob("*.json")):
        gold = load_gold(path)
        story = HELD_OUT / gold["story"]
        comparison, items, _, _ = timed([newsparallax.read(str(story / name)) for name in gold["articles"]])
        identical += identical_wording(items)
        print(f"\nheld out, {gold['story']}: {len(items)} framing items")
        add_scores(held_out, score_story(gold, comparison, items, args.verbose))
    print("Held-out gold (annotated before Parallax was run on it):")
    for name, score in held_out.items():
        print("  " + score.line(name))
    seeds = sorted(str(p) for p in SEEDS.glob("*.txt"))
    if len(seeds) >= 2:
        comparison, items, base, extra = timed([newsparallax.read(p) for p in seeds])
        timings.append(("seeds", base, extra))
        identical += identical_wording(items)
        print("\nSeeds:")
        for label, ok in seed_checks(comparison, items):
            failed |= not ok
            print(f"  {'PASS' if ok else 'FAIL'}  {label}")
        summary = summarize(comparison.articles, comparison.facts, items)
        print(
            f"  summary citation_support {citation_support(summary, comparison.articles):.3f},"
            f" shared_fact_coverage {shared_fact_coverage(summary, comparison.facts):.3f}"
        )
    else:
        print("\nSeeds: ../shared/seeds absent, seed checks skipped")
    print("\nTime (warm medians of 3): framing + summary against compare")
    for name, base, extra in timings:
        print(
            f"  {name:13s} compare {base * 1000:6.0f} ms  framing+summary {extra * 1000:5.0f} ms  (+{extra / base:.0%})"
        )
    print(f"\nItems from identical wording: {len(identical)}")
    assert not identical, [dict(i.terms) for i in identical]
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
