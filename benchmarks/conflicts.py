"""Conflict detection: recall and precision on perturbed copies of real articles, false conflicts on real pairs.

    .venv/bin/python benchmarks/conflicts.py [--limit N]

From each real article (../shared/data/ecbplus/docs.jsonl and ../shared/seeds) the script makes copies with
ONE detail changed in one sentence -- a number, a date, a person's name, or a negation -- and that sentence
otherwise reworded by rules (attribution moved, synonyms swapped, a leading phrase moved to the end). Each copy
is compared with its original:
  - a hit is a conflict of the right kind whose spans fall in the changed sentence;
  - every other conflict is a false one (the rest of the two texts is identical).
Then real, unperturbed articles of the same ECB+ story are compared pairwise and every conflict counted as
false. Goals: recall >= 0.9 at precision >= 0.9; <= 1 false conflict per 10 real pairs.
The rewording is rule-based and light: it tests that conflicts survive rewording, not paraphrase in general.
Last, the bundled examples (no ../shared needed): the conflicts their gold annotation lists (examples/gold,
"conflicts") against those `compare` reports -- a gold conflict is found when a reported one of its kind has
spans in two of its articles that give different values; every reported conflict matching none is extra.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from itertools import combinations
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from newsparallax import compare, resources  # noqa: E402
from newsparallax.dates import find_dates, in_dateline  # noqa: E402
from newsparallax.model import Article, Conflict  # noqa: E402
from newsparallax.quantities import find_figures  # noqa: E402
from newsparallax.segment import split_sentences  # noqa: E402

SHARED = ROOT.parent / "shared"
ECB = SHARED / "data" / "ecbplus" / "docs.jsonl"
SYNONYMS = {
    "said": "stated", "says": "states", "told": "informed", "began": "started", "after": "following",
    "big": "large", "also": "additionally", "because": "as", "before": "prior to", "officials": "authorities",
    "announced": "said", "reported": "said", "nearly": "almost", "start": "begin", "help": "assist",
}  # fmt: skip
NAMES = ["Maria Kovacs", "Daniel Okafor", "Helena Strand", "Tomas Brandt"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = ["January", "February", "March", "April", "June", "July", "August", "September", "October", "November"]
AUX = re.compile(r"\b(was|were|is|are|has|have|had|will|would|could|can|did)\b(?! not)")


def reword(sentence: str) -> str:
    """Light, deterministic rewording: swap synonyms, move a leading phrase or the attribution."""
    words = re.split(r"(\W+)", sentence)
    text = "".join(SYNONYMS.get(w, w) for w in words)
    lead = re.match(r"^(On|In|At|Earlier|Late|Last)\b([^,]{3,40}),\s+(.+?)([.!?])$", text)
    if lead:
        rest = lead.group(3)
        return f"{rest[0].upper()}{rest[1:]} {lead.group(1).lower()}{lead.group(2)}{lead.group(4)}"
    said = re.match(r"^(.{5,80}?) (stated|informed) (?:that )?(.{20,})([.!?])$", text)
    if said and '"' not in text and "“" not in text:
        body = said.group(3)
        return f"{body[0].upper()}{body[1:]}, {said.group(1)} {said.group(2)}{said.group(4)}"
    return text


def perturb(sentence: str, kind: str, rng: random.Random, nlp: object, at_start: bool = False) -> str | None:
    """The sentence with one detail of ``kind`` changed, or None when it has no such detail. ``at_start``: the
    sentence opens the article, so a date at its head may be the dateline."""
    if kind == "number":
        # Not a day of a date ("8 October 2011"): changing it changes a date, which the date kind measures.
        dated = [(d.start, d.end) for d in find_dates(sentence, "x", None)]
        figures = [
            f for f in find_figures(sentence) if f.value >= 2 and not any(s < f.end and f.start < e for s, e in dated)
        ]
        if not figures:
            return None
        f = figures[0]
        # Only the digits change, or the number words as a whole: a figure's span also covers its currency sign,
        # scale word and "%"/"percent", which stay ("100 percent of traffic" → "153 percent", "$200 million" →
        # "$303 million", "two dozen" → "39").
        span = sentence[f.start : f.end]
        digits = re.search(r"\d[\d,]*(?:\.\d+)?", span)
        if digits:
            old = float(digits.group(0).replace(",", ""))
            new = int(old * 1.5) + 3
            text = f"{new:,}" if old >= 1000 else str(new)
            at, until = f.start + digits.start(), f.start + digits.end()
        else:
            text, at, until = str(int(f.value * 1.5) + 3), f.start, f.end
        return sentence[:at] + text + sentence[until:]
    if kind == "date":
        for d in find_dates(sentence, "x", None):
            if at_start and in_dateline(sentence, d.start):
                continue  # a publication stamp, which outlets differ on by design: not a reported detail
            expr = sentence[d.start : d.end]
            for day in WEEKDAYS:
                if day in expr:
                    other = WEEKDAYS[(WEEKDAYS.index(day) + 2) % 7]
                    return sentence[: d.start] + expr.replace(day, other) + sentence[d.end :]
            for month in [*MONTHS, "May", "December"]:
                if month.lower()[:3] in expr.lower():
                    other = MONTHS[(MONTHS.index(month) + 3) % len(MONTHS)] if month in MONTHS else "October"
                    swapped = re.sub(r"[A-Za-z]+\.?", other, expr, count=1)
                    return sentence[: d.start] + swapped + sentence[d.end :]
        return None
    if kind == "name":
        doc = nlp(sentence)  # type: ignore[operator]
        # A name of two or more words, letters only: the parser also calls a stamp like "Fri Aug 2, 2013 6" a
        # person, and swapping that out changes no name.
        people = [
            e
            for e in doc.ents
            if e.label_ == "PERSON" and len(e.text.split()) >= 2 and not any(c.isdigit() for c in e.text)
        ]
        if not people:
            return None
        e = people[0]
        other = next(n for n in NAMES if n.split()[-1] not in e.text)
        return sentence[: e.start_char] + other + sentence[e.end_char :]
    if kind == "negation":
        match = AUX.search(sentence)
        if not match or "not" in sentence.split() or "n't" in sentence:
            return None
        return sentence[: match.end()] + " not" + sentence[match.end() :]
    raise ValueError(kind)


def sources() -> list[tuple[str, str, str | None]]:
    from newsparallax import read

    found: list[tuple[str, str, str | None]] = []
    for path in sorted((SHARED / "seeds").glob("*.txt")):
        article = read(str(path))
        found.append((path.name, article.text, article.published))
    if ECB.exists():
        for line in ECB.open(encoding="utf-8"):
            record = json.loads(line)
            found.append((record["id"], record["text"], None))
    return found


def run_perturbations(limit: int) -> dict[str, float]:
    rng = random.Random(13)
    nlp = resources.nlp()
    docs = sources()
    rng.shuffle(docs)
    hits = false = made = 0
    per_kind = {k: [0, 0] for k in ("number", "date", "name", "negation")}
    for n, (name, text, published) in enumerate(docs[:limit]):
        kind = ("number", "date", "name", "negation")[n % 4]
        spans = [(s, e) for s, e in split_sentences(text) if len(text[s:e].split()) >= 8]
        rng.shuffle(spans)
        for start, end in spans:
            changed = perturb(text[start:end], kind, rng, nlp, at_start=start == 0)
            if changed is None:
                continue
            changed = reword(changed)
            copy = text[:start] + changed + text[end:]
            original = Article(id="original", source="Original", title=name, text=text, published=published)
            perturbed = Article(id="perturbed", source="Perturbed", title=name, text=copy, published=published)
            result = compare([original, perturbed])
            made += 1
            per_kind[kind][1] += 1
            window = (start, start + len(changed))
            found = [c for f in result.facts for c in f.conflicts]
            right = [
                c
                for c in found
                if c.kind == kind
                and any(sp.article == "perturbed" and sp.start < window[1] and window[0] < sp.end for sp in c.mentions)
            ]
            if right:
                hits += 1
                per_kind[kind][0] += 1
            false += len(found) - min(len(right), 1)
            break
    reported = hits + false
    result = {"made": made, "hits": hits, "false": false}
    result["recall"] = hits / made if made else 0.0
    result["precision"] = hits / reported if reported else 1.0
    for kind, (h, m) in per_kind.items():
        result[f"recall_{kind}"] = h / m if m else float("nan")
    return result


def run_real_pairs(max_pairs_per_story: int) -> tuple[int, int, list[str]]:
    if not ECB.exists():
        return 0, 0, []
    stories: dict[str, list[dict[str, str]]] = {}
    for line in ECB.open(encoding="utf-8"):
        record = json.loads(line)
        stories.setdefault(record["story"], []).append(record)
    pairs = conflicts = 0
    examples = []
    for story in sorted(stories):
        records = sorted(stories[story], key=lambda r: r["id"])
        for a, b in list(combinations(records, 2))[:max_pairs_per_story]:
            arts = [Article(id=r["id"], source=r["id"], title=r["title"], text=r["text"]) for r in (a, b)]
            result = compare(arts)
            pairs += 1
            for fact in result.facts:
                for c in fact.conflicts:
                    conflicts += 1
                    if len(examples) < 8:
                        examples.append(f"{story}: {c.kind}: {c.explanation[:150]}")
    return pairs, conflicts, examples


def _states(conflict: Conflict, values: dict[str, str], names: dict[str, str]) -> bool:
    """Whether the reported conflict gives, for two or more articles, the gold values, and they differ."""
    agreeing = {
        values[names[article]]
        for article, stated in conflict.values
        if names[article] in values and re.search(rf"\b{re.escape(values[names[article]])}\b", stated)
    }
    return len(agreeing) > 1


def run_gold_examples() -> tuple[int, int, int, list[str]]:
    """(gold conflicts, found, reported, what was missed or extra) on the bundled examples."""
    from newsparallax import read

    gold_total = found = reported = 0
    notes: list[str] = []
    for gold_path in sorted((ROOT / "examples" / "gold").glob("*.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        story = ROOT / "examples" / gold["story"]
        result = compare([read(str(story / name)) for name in gold["articles"]])
        names = {a.id: Path(a.path or "").name for a in result.articles}
        conflicts = [c for f in result.facts for c in f.conflicts]
        reported += len(conflicts)
        matched: set[int] = set()
        for expected in gold["conflicts"]:
            gold_total += 1
            values = expected["values"]
            hit = next(
                (n for n, c in enumerate(conflicts) if c.kind == expected["kind"] and _states(c, values, names)),
                None,
            )
            if hit is None:
                notes.append(f"missed: {gold['story']} {expected['kind']} {expected['fact']} {values}")
            else:
                found += 1
                matched.add(hit)
        notes += [f"extra: {gold['story']} {c.explanation[:120]}" for n, c in enumerate(conflicts) if n not in matched]
    return gold_total, found, reported, notes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--limit", type=int, default=400, help="articles to perturb (default 400)")
    parser.add_argument("--pairs-per-story", type=int, default=3, help="real pairs per ECB+ story (default 3)")
    args = parser.parse_args()
    start = time.perf_counter()
    total, found, reported, notes = run_gold_examples()
    print(f"gold examples: {found}/{total} annotated conflicts found; {reported} reported, {reported - found} extra")
    for line in notes:
        print(f"    - {line}")
    if not ECB.exists() and not (SHARED / "seeds").exists():
        print("../shared is absent: the real-data measures are skipped")
        return
    p = run_perturbations(args.limit)
    print(
        f"perturbed copies: {p['made']:.0f}; recall {p['recall']:.3f}, precision {p['precision']:.3f} "
        f"({p['hits']:.0f} hits, {p['false']:.0f} false conflicts)  [goal >= 0.9 / >= 0.9]"
    )
    print(
        "  recall by kind: " + ", ".join(f"{k} {p['recall_' + k]:.2f}" for k in ("number", "date", "name", "negation"))
    )
    pairs, conflicts, examples = run_real_pairs(args.pairs_per_story)
    if pairs:
        print(
            f"real ECB+ pairs: {pairs}; conflicts {conflicts} = {10 * conflicts / pairs:.2f} per 10 pairs [goal <= 1]"
        )
        for line in examples:
            print(f"    - {line}")
    print(f"({time.perf_counter() - start:.0f} s)")


if __name__ == "__main__":
    main()
