"""Outlets in prose, grouped by what they say: "A, B and C say Tuesday" (the conflict lines and the summary)."""

from __future__ import annotations

from collections.abc import Callable, Sequence


def who_says(values: Sequence[tuple[str, str]], label: Callable[[str], str], separator: str) -> str:
    """``(article id, value)`` pairs as "A and C say X<separator>B says Y": outlets grouped by the value they give,
    in order of first appearance. Values are compared as written: "Antoly" and "antoly" are a spelling apart."""
    by_value: dict[str, list[str]] = {}
    for article_id, value in values:
        by_value.setdefault(value, []).append(label(article_id))
    return separator.join(
        f"{names[0]} says {value}" if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]} say {value}"
        for value, names in by_value.items()
    )
