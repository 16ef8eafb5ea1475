"""BCubed and pairwise scores on hand-worked examples."""

from __future__ import annotations

import pytest

from newsparallax.cluster_eval import as_mapping, bcubed, pairwise

GOLD = {"a": "x", "b": "x", "c": "x", "d": "y", "e": "y"}


def test_perfect_clustering_scores_one() -> None:
    assert bcubed(GOLD, GOLD).f1 == pairwise(GOLD, GOLD).f1 == 1.0


def test_one_story_for_everything() -> None:
    predicted = dict.fromkeys(GOLD, "s")
    b = bcubed(predicted, GOLD)
    # Precision per item: 3/5 for a, b, c and 2/5 for d, e → 13/25; recall is 1.
    assert b.precision == pytest.approx(13 / 25) and b.recall == 1.0
    p = pairwise(predicted, GOLD)
    assert p.precision == pytest.approx(4 / 10) and p.recall == 1.0  # 3 + 1 true pairs of 10


def test_singletons_and_items_missing_from_one_side() -> None:
    predicted = {k: k for k in GOLD} | {"z": "z"}  # "z" has no gold label: ignored
    b = bcubed(predicted, GOLD)
    assert b.precision == 1.0 and b.recall == pytest.approx((3 * (1 / 3) + 2 * (1 / 2)) / 5)
    assert pairwise(predicted, GOLD).recall == 0.0 and pairwise(predicted, GOLD).f1 == 0.0


def test_as_mapping_reads_cluster_output() -> None:
    assert as_mapping([("s1", ["a", "b"]), ("s2", ["c"])]) == {"a": "s1", "b": "s1", "c": "s2"}
