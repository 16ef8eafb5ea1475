"""Scoring fact alignment against a gold annotation (examples/gold/*.json).

Gold facts list, per article file, the text of the sentence or clause stating them. Alignment is scored on
*pairs*: two sentences of different articles are a gold pair when some gold fact has a mention in each, and a
predicted pair when some predicted fact does. Pairwise precision and recall do not depend on how either side
numbers its facts, and a sentence stating two facts simply takes part in more pairs.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path
from typing import Any

from newsparallax.model import Article, Comparison

SentenceKey = tuple[str, int]  # (article file name, sentence index)
Pair = frozenset[SentenceKey]


@dataclass(frozen=True)
class Scores:
    precision: float
    recall: float
    true_positives: int
    predicted: int
    gold: int

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0


def load_gold(path: Path) -> dict[str, Any]:
    gold: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return gold


def locate(article: Article, text: str) -> list[int]:
    """Indices of the sentences that a gold text overlaps (it may be a clause or span two sentences)."""
    start = article.text.find(text)
    if start < 0:
        raise ValueError(f"gold text not found in {article.path or article.id}: {text[:60]!r}")
    end = start + len(text)
    return [s.index for s in article.sentences if s.start < end and start < s.end]


def _pairs(groups: Iterable[Sequence[SentenceKey]]) -> set[Pair]:
    pairs: set[Pair] = set()
    for group in groups:
        for a, b in combinations(sorted(set(group)), 2):
            if a[0] != b[0]:
                pairs.add(frozenset((a, b)))
    return pairs


def gold_pairs(gold: dict[str, Any], articles: dict[str, Article]) -> set[Pair]:
    groups = []
    for fact in gold["facts"]:
        keys = [(m["article"], i) for m in fact["mentions"] for i in locate(articles[m["article"]], m["text"])]
        groups.append(keys)
    return _pairs(groups)


def predicted_pairs(comparison: Comparison, names: dict[str, str]) -> set[Pair]:
    """``names`` maps article ids to the gold's file names."""
    return _pairs([[(names[m.article], m.sentence) for m in fact.mentions] for fact in comparison.facts])


def score(predicted: set[Pair], gold: set[Pair]) -> Scores:
    hits = len(predicted & gold)
    return Scores(
        precision=hits / len(predicted) if predicted else 1.0,
        recall=hits / len(gold) if gold else 1.0,
        true_positives=hits,
        predicted=len(predicted),
        gold=len(gold),
    )


def near_miss_violations(gold: dict[str, Any], articles: dict[str, Article], predicted: set[Pair]) -> list[str]:
    """The gold near-misses that the prediction wrongly aligned."""
    wrong = []
    for item in gold.get("near_misses", []):
        a, b = item["a"], item["b"]
        for i in locate(articles[a["article"]], a["text"]):
            for j in locate(articles[b["article"]], b["text"]):
                if frozenset(((a["article"], i), (b["article"], j))) in predicted:
                    wrong.append(item.get("why", f"{a['text'][:40]} / {b['text'][:40]}"))
    return wrong
