"""Fact-alignment quality: pairwise precision/recall on the gold examples, plus the seed-pair checks.

    .venv/bin/python benchmarks/alignment.py                 # the defaults
    .venv/bin/python benchmarks/alignment.py --grid          # a sweep of the alignment threshold

Gold: examples/gold/<story>.json (see examples/README.md). Seeds: ../shared/seeds, when present.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from newsparallax import compare, read  # noqa: E402
from newsparallax.evaluation import (  # noqa: E402
    Scores,
    gold_pairs,
    load_gold,
    near_miss_violations,
    predicted_pairs,
    score,
)
from newsparallax.settings import DEFAULT, Settings  # noqa: E402

SEEDS = ROOT.parent / "shared" / "seeds"
SEED_SHARED = ["very bitter event", "Our comrades were forced", "expiring visas", "amounts to expulsion", "list of 55"]
SEED_ONLY = {
    "000_": [
        "28 people are leaving by June 30",
        "$200 million",
        "8,500 troops",
        "annexation of Crimea",
        "could be arrested",
    ],
    "001_": ["notified in late November", "“premature”", "make exit plans", "two dozen Russian diplomats"],
}


def evaluate_gold(settings: Settings) -> tuple[Scores, list[str]]:
    predicted_all, gold_all, misses = set(), set(), []
    for gold_path in sorted((ROOT / "examples" / "gold").glob("*.json")):
        gold = load_gold(gold_path)
        story_dir = ROOT / "examples" / gold["story"]
        articles = {name: read(str(story_dir / name)) for name in gold["articles"]}
        comparison = compare(list(articles.values()), settings)
        by_name = {a.path and Path(a.path).name: a for a in comparison.articles}
        names = {a.id: Path(a.path or "").name for a in comparison.articles}
        g = {(gold["story"], *tuple(sorted(p))) for p in map(tuple, gold_pairs(gold, by_name))}  # type: ignore[arg-type]
        p = predicted_pairs(comparison, names)
        predicted_all |= {(gold["story"], *tuple(sorted(x))) for x in map(tuple, p)}
        gold_all |= g
        misses += [f"{gold['story']}: {why}" for why in near_miss_violations(gold, by_name, p)]
    return score(predicted_all, gold_all), misses


def evaluate_seeds(settings: Settings) -> tuple[int, int, list[str]]:
    if not SEEDS.is_dir():
        return 0, 0, ["../shared/seeds absent: seed checks skipped"]
    comparison = compare([read(str(p)) for p in sorted(SEEDS.glob("*.txt"))], settings)
    failures, checks = [], 0
    cases = [("000_", phrase, True) for phrase in SEED_SHARED]
    cases += [(prefix, phrase, False) for prefix, phrases in SEED_ONLY.items() for phrase in phrases]
    for prefix, phrase, shared in cases:
        checks += 1
        article = next(a for a in comparison.articles if Path(a.path or "").name.startswith(prefix))
        at = article.text.find(phrase)
        facts = [f for f in comparison.facts for m in f.mentions if m.article == article.id and m.start <= at < m.end]
        ok = (
            any(len(f.articles) > 1 for f in facts)
            if shared
            else bool(facts) and all(len(f.articles) == 1 for f in facts)
        )
        if not ok:
            failures.append(f"{'shared' if shared else 'unique'}: {phrase}")
    return checks - len(failures), checks, failures


def report(settings: Settings, label: str) -> None:
    scores, misses = evaluate_gold(settings)
    passed, checks, failures = evaluate_seeds(settings)
    print(
        f"{label:<28} gold pairs: P={scores.precision:.3f} R={scores.recall:.3f} F1={scores.f1:.3f} "
        f"({scores.true_positives}/{scores.predicted} predicted, {scores.gold} gold) | "
        f"near-misses merged: {len(misses)} | seed checks: {passed}/{checks}"
    )
    for line in misses + failures:
        print(f"    - {line}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--grid", action="store_true", help="sweep align_threshold around the default")
    args = parser.parse_args()
    report(DEFAULT, "defaults")
    if args.grid:
        for threshold in (0.5, 0.55, 0.58, 0.6, 0.62, 0.65, 0.7):
            report(DEFAULT.replace(align_threshold=threshold), f"align_threshold={threshold}")


if __name__ == "__main__":
    main()
