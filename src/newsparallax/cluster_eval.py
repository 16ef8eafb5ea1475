"""Scoring a story clustering against gold stories: BCubed and pairwise precision, recall and F1.

BCubed (Bagga & Baldwin 1998, as Amigó et al. 2009 recommend for clustering) scores every item: its precision
is the share of its predicted cluster that shares its gold class, its recall the share of its gold class that
shares its predicted cluster; both are averaged over items. Pairwise scores count pairs of items put together
(predicted) against pairs that belong together (gold). Items missing from either side are ignored.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class PRF:
    precision: float
    recall: float

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0

    def __str__(self) -> str:
        return f"P {self.precision:.4f}  R {self.recall:.4f}  F1 {self.f1:.4f}"


def _common(predicted: Mapping[str, str], gold: Mapping[str, str]) -> list[str]:
    return [item for item in predicted if item in gold]


def bcubed(predicted: Mapping[str, str], gold: Mapping[str, str]) -> PRF:
    """BCubed precision and recall of ``predicted`` (item → cluster) against ``gold`` (item → class)."""
    items = _common(predicted, gold)
    if not items:
        return PRF(1.0, 1.0)
    cluster_size = Counter(predicted[i] for i in items)
    class_size = Counter(gold[i] for i in items)
    both = Counter((predicted[i], gold[i]) for i in items)
    precision = sum(both[predicted[i], gold[i]] / cluster_size[predicted[i]] for i in items) / len(items)
    recall = sum(both[predicted[i], gold[i]] / class_size[gold[i]] for i in items) / len(items)
    return PRF(precision, recall)


def pairwise(predicted: Mapping[str, str], gold: Mapping[str, str]) -> PRF:
    """Precision and recall over pairs of items: together in the prediction vs together in the gold."""
    items = _common(predicted, gold)

    def pairs(counts: Counter[object]) -> int:
        return sum(n * (n - 1) // 2 for n in counts.values())

    true = pairs(Counter((predicted[i], gold[i]) for i in items))
    predicted_pairs = pairs(Counter(predicted[i] for i in items))
    gold_pairs = pairs(Counter(gold[i] for i in items))
    return PRF(true / predicted_pairs if predicted_pairs else 1.0, true / gold_pairs if gold_pairs else 1.0)


def as_mapping(stories: list[tuple[str, list[str]]]) -> dict[str, str]:
    """``cluster()`` output (story id, article ids) as article id → story id."""
    return {article: sid for sid, articles in stories for article in articles}
