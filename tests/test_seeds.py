"""The canonical seed pair (../shared/seeds): what the issue says must be shared and what must stay unique.

Phrases are the short keys the issue itself names; the articles are read from ../shared at test time.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

pytestmark = [pytest.mark.slow, pytest.mark.seeds]

MAINSTREAM, PARTISAN = "000_", "001_"
SHARED = [
    "very bitter event",
    "Our comrades were forced",
    "expiring visas",
    "amounts to expulsion",
    "list of 55 people",
]
ONLY = {
    MAINSTREAM: [
        "28 people are leaving by June 30",
        "$200 million",
        "8,500 troops",
        "annexation of Crimea",
        "could be arrested",
    ],
    PARTISAN: ["notified in late November", "“premature”", "make exit plans", "two dozen Russian diplomats"],
}


@pytest.fixture(scope="module")
def seed_comparison(seeds_dir: Path) -> Any:
    import newsparallax

    paths = sorted(seeds_dir.glob("*.txt"))
    return newsparallax.compare([newsparallax.read(str(p)) for p in paths])


def _facts_with(comparison: Any, prefix: str, phrase: str) -> list[Any]:
    article = next(a for a in comparison.articles if Path(a.path or "").name.startswith(prefix))
    at = article.text.find(phrase)
    assert at >= 0, f"{phrase!r} not in {article.path}"
    return [f for f in comparison.facts for m in f.mentions if m.article == article.id and m.start <= at < m.end]


@pytest.mark.parametrize("phrase", SHARED)
def test_seeds_shared_facts_are_aligned(seed_comparison: Any, phrase: str) -> None:
    facts = _facts_with(seed_comparison, MAINSTREAM, phrase)
    assert any(len(f.articles) == 2 for f in facts), phrase


@pytest.mark.parametrize(("prefix", "phrase"), [(p, x) for p, xs in ONLY.items() for x in xs])
def test_seeds_unique_facts_stay_unique(seed_comparison: Any, prefix: str, phrase: str) -> None:
    facts = _facts_with(seed_comparison, prefix, phrase)
    assert facts and all(len(f.articles) == 1 for f in facts), phrase


def test_seeds_every_mention_reproduces_its_text(seed_comparison: Any) -> None:
    data = seed_comparison.to_dict()
    texts = {a["id"]: a["text"] for a in data["articles"]}
    for fact in data["facts"]:
        for mention in fact["mentions"]:
            assert texts[mention["article"]][mention["start"] : mention["end"]] == mention["text"]
