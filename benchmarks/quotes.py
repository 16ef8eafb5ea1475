"""Quote extraction and grouping: precision and recall against the gold stories, and a listing of the seeds.

    .venv/bin/python benchmarks/quotes.py [--verbose]

Gold: examples/gold/*.json, each with "quotes" ([{speaker, match, mentions: [{article, text}]}]) and
"reported_speech" ([{article, speaker, text}]), the texts exact substrings of the article bodies.
  - spans: a gold mention and a found one match when their characters overlap by half of the longer of the two
    (direct and partial quotes against "quotes", reported speech against "reported_speech");
  - speakers: over matched spans, a found speaker is right when canonical_speakers merges it with the gold
    one or one holds the other's words ("officials" / "fire officials"); precision over found speakers,
    recall over gold speakers;
  - groups: pairs of gold mentions from different articles of one utterance (gold entries that share a mention
    are one utterance) against pairs put in one Quote;
  - labels: each gold entry against the found Quote holding its mentions, seen only on the entry's articles
    (gold splits an utterance into a "verbatim" and an "altered" entry where Parallax keeps one Quote with a
    per-article diff).
Seeds (../shared/seeds, when present): every quote and group found is printed for reading; there is no gold.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from newsparallax.body_parse import parse_body as parse  # noqa: E402
from newsparallax.model import Article, Quote, QuoteMention  # noqa: E402
from newsparallax.quote_groups import group_quotes, quote_words  # noqa: E402
from newsparallax.quotes import find_quotes  # noqa: E402
from newsparallax.segment import segment  # noqa: E402
from newsparallax.speakers import canonical_speakers  # noqa: E402

GOLD = ROOT / "examples" / "gold"
SEEDS = ROOT.parent / "shared" / "seeds"
Span = tuple[str, int, int]


def annotate(articles: Sequence[Article]) -> list[Article]:
    out = []
    for article in articles:
        article = article if article.sentences else segment(article)
        out.append(dataclasses.replace(article, quotes=find_quotes(article, parse(article))))
    return out


def overlaps(a: Span, b: Span) -> bool:
    inter = min(a[2], b[2]) - max(a[1], b[1])
    return a[0] == b[0] and inter > 0 and inter >= 0.5 * max(a[2] - a[1], b[2] - b[1])


def same_speaker(gold: str | None, found: str | None) -> bool:
    if not gold or not found:
        return gold == found
    names = canonical_speakers([gold, found])
    g, f = gold.casefold().split(), found.casefold().split()
    return names[gold] == names[found] or set(g) <= set(f) or set(f) <= set(g)


def locate(article: Article, text: str, cursor: dict[tuple[str, str], int]) -> Span | None:
    """The gold text's span; the same text listed again in one article is taken at its next occurrence."""
    key = (article.id, text)
    at = article.text.find(text, cursor.get(key, 0))
    if at < 0:
        at = article.text.find(text)
    if at < 0:
        return None
    cursor[key] = at + 1
    return article.id, at, at + len(text)


class Tally:
    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()

    def add(self, name: str, value: int = 1) -> None:
        self.counts[name] += value

    def pr(self, name: str, hit_p: str, total_p: str, hit_r: str, total_r: str) -> str:
        c = self.counts
        p = c[hit_p] / c[total_p] if c[total_p] else float("nan")
        r = c[hit_r] / c[total_r] if c[total_r] else float("nan")
        return f"{name:<22} precision {p:.2f} ({c[hit_p]}/{c[total_p]})  recall {r:.2f} ({c[hit_r]}/{c[total_r]})"


def restricted_label(quote: Quote, articles: set[str], texts: dict[str, str]) -> str:
    mentions = [m for m in quote.mentions if m.article in articles]
    if len({m.article for m in mentions}) < 2:
        return "single"
    words = [[w for w, _ in quote_words(texts[m.article][m.start : m.end])] for m in mentions]
    return "verbatim" if all(w == words[0] for w in words) else "altered"


def score_story(path: Path, tally: Tally, verbose: bool) -> None:
    import newsparallax

    gold = json.loads(path.read_text(encoding="utf-8"))
    folder = path.parent.parent / gold.get("story", path.stem)
    names = list(gold["articles"])
    read = [newsparallax.read(str(folder / name)) for name in names]
    articles = annotate([dataclasses.replace(a, id=name) for a, name in zip(read, names, strict=True)])
    by_id = {a.id: a for a in articles}
    texts = {a.id: a.text for a in articles}
    quotes = group_quotes(articles)
    found_quotes = [q for a in articles for q in a.quotes if q.kind != "reported"]
    found_reported = [q for a in articles for q in a.quotes if q.kind == "reported"]
    cursor: dict[tuple[str, str], int] = {}

    entries: list[tuple[dict[str, object], list[tuple[Span, QuoteMention | None]]]] = []
    for entry in gold.get("quotes", []):
        pairs = []
        for mention in entry["mentions"]:
            span = locate(by_id[mention["article"]], mention["text"], cursor)
            if span is None:
                print(f"  ! not found in {mention['article']}: {mention['text'][:60]!r}")
                continue
            match = next((q for q in found_quotes if overlaps(span, (q.article, q.start, q.end))), None)
            pairs.append((span, match))
        entries.append((entry, pairs))
    score_spans(tally, "quote", entries, found_quotes, texts, verbose)
    reported_entries = []
    for item in gold.get("reported_speech", []):
        span = locate(by_id[item["article"]], item["text"], cursor)
        if span is not None:
            match = next((q for q in found_reported if overlaps(span, (q.article, q.start, q.end))), None)
            reported_entries.append(({"speaker": item.get("speaker"), "mentions": [item]}, [(span, match)]))
    score_spans(tally, "reported", reported_entries, found_reported, texts, verbose)
    score_groups(tally, entries, quotes, texts, verbose)


def score_spans(
    tally: Tally,
    kind: str,
    entries: list[tuple[dict[str, object], list[tuple[Span, QuoteMention | None]]]],
    found: list[QuoteMention],
    texts: dict[str, str],
    verbose: bool,
) -> None:
    gold_spans = {span for _, pairs in entries for span, _ in pairs}
    tally.add(f"{kind}_gold", len(gold_spans))
    tally.add(f"{kind}_found", len(found))
    tally.add(f"{kind}_recall_hit", len({span for _, pairs in entries for span, m in pairs if m is not None}))
    for q in found:
        hit = any(overlaps(g, (q.article, q.start, q.end)) for g in gold_spans)
        tally.add(f"{kind}_precision_hit", hit)
        if verbose and not hit:
            print(f"  + extra {kind} in {q.article}: {texts[q.article][q.start : q.end][:70]!r} ({q.speaker})")
    for entry, pairs in entries:
        speaker = entry.get("speaker")
        for span, match in pairs:
            if match is None:
                if verbose:
                    print(f"  - missed {kind} in {span[0]}: {texts[span[0]][span[1] : span[2]][:70]!r}")
                continue
            tally.add(f"{kind}_speaker_gold")
            if match.speaker:
                tally.add(f"{kind}_speaker_found")
            right = same_speaker(speaker if isinstance(speaker, str) else None, match.speaker)
            tally.add(f"{kind}_speaker_hit", right and bool(match.speaker))
            if verbose and not right:
                quoted = texts[span[0]][span[1] : span[2]][:40]
                print(f"  ~ speaker of {quoted!r}: gold {speaker!r}, found {match.speaker!r}")


def _utterance_pairs(entries: list[list[Span]]) -> set[frozenset[Span]]:
    """Pairs of gold mentions from different articles that quote one utterance.

    The gold lists an utterance's verbatim copies and an altered copy as two entries that share the mention they
    are compared with; both are one utterance, so entries sharing a mention are joined before the pairs are made.
    """
    utterance: dict[Span, int] = {}
    members: dict[int, set[Span]] = {}
    for k, spans in enumerate(entries):
        joined = {utterance[s] for s in spans if s in utterance}
        group = set(spans).union(*(members.pop(j) for j in joined))
        members[k] = group
        utterance.update(dict.fromkeys(group, k))
    return {frozenset((a, b)) for group in members.values() for a in group for b in group if a[0] < b[0]}


def score_groups(
    tally: Tally,
    entries: list[tuple[dict[str, object], list[tuple[Span, QuoteMention | None]]]],
    quotes: Sequence[Quote],
    texts: dict[str, str],
    verbose: bool,
) -> None:
    group_of = {(m.article, m.start, m.end): q for q in quotes for m in q.mentions}
    gold_pairs = _utterance_pairs([[span for span, _ in pairs] for _, pairs in entries])
    matched: dict[Span, Quote] = {}
    for entry, pairs in entries:
        spans = [span for span, _ in pairs]
        for span, match in pairs:
            if match is not None:
                matched[span] = group_of[(match.article, match.start, match.end)]
        found_groups = {matched[s].id for s in spans if s in matched}
        label = "missing"
        if len(found_groups) == 1 and len(matched) and all(s in matched for s in spans):
            label = restricted_label(matched[spans[0]], {s[0] for s in spans}, texts)
        elif len(found_groups) > 1:
            label = "split"
        gold_label = str(entry.get("match"))
        tally.add(f"label_gold_{gold_label}")
        tally.add(f"label_found_{label}")
        tally.add(f"label_hit_{gold_label}", label == gold_label)
        tally.add("label_gold")
        tally.add("label_hit", label == gold_label)
        if verbose and label != gold_label:
            print(f"  ~ label of {entry.get('speaker')}'s quote: gold {gold_label}, found {label}")
    spans = list(matched)
    found_pairs = {frozenset((a, b)) for a in spans for b in spans if a[0] < b[0] and matched[a].id == matched[b].id}
    if verbose:
        for pair in sorted(found_pairs - gold_pairs, key=sorted):
            a, b = sorted(pair)
            print(
                f"  + grouped, not in the gold: {texts[a[0]][a[1] : a[2]][:50]!r} ~ {texts[b[0]][b[1] : b[2]][:50]!r}"
            )
    tally.add("pairs_gold", len(gold_pairs))
    tally.add("pairs_found", len(found_pairs))
    tally.add("pairs_hit", len(gold_pairs & found_pairs))


def list_seeds(verbose: bool) -> None:
    paths = sorted(SEEDS.glob("*.txt"))
    articles = []
    for path in paths:
        lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        articles.append(segment(Article(path.stem, path.stem, lines[0], "\n".join(lines[1:]))))
    started = time.perf_counter()
    articles = annotate(articles)
    quotes = group_quotes(articles)
    elapsed = time.perf_counter() - started
    texts = {a.id: a.text for a in articles}
    print(f"seeds: {len(articles)} articles, {sum(len(a.quotes) for a in articles)} mentions, "
          f"{len(quotes)} quotes, {elapsed:.2f} s (parse included)")  # fmt: skip
    for q in quotes:
        flag = " paraphrase" if q.paraphrase else ""
        parts = " | ".join(f"{m.article[:3]} {m.kind} {texts[m.article][m.start : m.end][:50]!r}" for m in q.mentions)
        print(f"  {q.id} {q.match}{flag} {q.speaker or 'unknown speaker'}: {parts}")
    if verbose:
        for a in articles:
            for m in a.quotes:
                if m.kind == "reported":
                    print(f"  reported {a.id[:3]} {m.speaker or 'unknown'} ({m.cue}): {a.text[m.start : m.end][:70]!r}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verbose", action="store_true", help="print every miss, extra and wrong speaker")
    args = parser.parse_args(argv)
    golds = sorted(GOLD.glob("*.json"))
    if not golds:
        print(f"no gold files under {GOLD}: skipping the measured part")
    tally = Tally()
    started = time.perf_counter()
    for path in golds:
        print(f"gold {path.name}")
        score_story(path, tally, args.verbose)
    if golds:
        print(f"{len(golds)} stories in {time.perf_counter() - started:.1f} s")
        for kind in ("quote", "reported"):
            print(tally.pr(f"{kind} spans", *[f"{kind}_{x}" for x in ("precision_hit", "found", "recall_hit", "gold")]))
            print(tally.pr(f"{kind} speakers", *[f"{kind}_speaker_{x}" for x in ("hit", "found", "hit", "gold")]))
        print(tally.pr("group pairs", "pairs_hit", "pairs_found", "pairs_hit", "pairs_gold"))
        for label in ("verbatim", "altered", "single"):
            print(tally.pr(f"label {label}", *[f"label_{x}_{label}" for x in ("hit", "found", "hit", "gold")]))
        c = tally.counts
        print(f"labels right           {c['label_hit']}/{c['label_gold']}")
    if SEEDS.is_dir():
        list_seeds(args.verbose)
    else:
        print(f"no seeds under {SEEDS}: skipped")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
