"""Framing and the summary on the real seed pair (../shared/seeds): the observations the issue names.

The articles are read from ../shared at test time; only short key phrases appear here.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from newsparallax.model import Comparison, Framing

pytestmark = [pytest.mark.slow, pytest.mark.seeds]


@pytest.fixture(scope="module")
def seeds(seeds_dir: Path) -> tuple[Comparison, tuple[Framing, ...]]:
    import newsparallax
    from newsparallax import resources
    from newsparallax.framing import find_framing

    paths = sorted(seeds_dir.glob("*.txt"))
    comparison = newsparallax.compare([newsparallax.read(str(p)) for p in paths])
    return comparison, find_framing(comparison.articles, comparison.facts, comparison.quotes, resources.nlp())


def _terms(items: tuple[Framing, ...], kinds: set[str]) -> list[dict[str, tuple[str, ...]]]:
    return [dict(i.terms) for i in items if i.kind in kinds]


def test_seeds_word_choice_told_to_leave_against_expelled(seeds) -> None:  # type: ignore[no-untyped-def]
    _, items = seeds
    pairs = _terms(items, {"word_choice", "headline"})
    assert any(
        any("told to leave" in t.lower() for ts in p.values() for t in ts)
        and any("expelled" in t.lower() for ts in p.values() for t in ts)
        for p in pairs
    )


def test_seeds_illegal_annexation_is_a_label_only_one_outlet_uses(seeds) -> None:  # type: ignore[no-untyped-def]
    comparison, items = seeds
    users = {
        i.spans[0].article
        for i in items
        if i.kind == "label" and any("illegal annexation" in t for ts in dict(i.terms).values() for t in ts)
    }
    assert len(users) == 1
    (user,) = users
    assert "illegal" not in " ".join(
        t for p in _terms(items, {"label"}) for a, ts in p.items() if a != user for t in ts
    )
    assert user == comparison.articles[0].id


def test_seeds_departure_hedged_in_one_outlet_asserted_in_the_other(seeds) -> None:  # type: ignore[no-untyped-def]
    comparison, items = seeds
    first, second = (a.id for a in comparison.articles)
    certainty = [dict(i.terms) for i in items if i.kind == "certainty" and i.articles == (first, second)]
    assert any("clear" in c[first][0] and "27" in c[second][0] and "left" in c[second][0] for c in certainty)


def test_seeds_voice_russian_officials_dominate_one_and_the_other_adds_us_and_ukraine(seeds) -> None:  # type: ignore[no-untyped-def]
    from newsparallax import resources
    from newsparallax.framing_text import parse_articles
    from newsparallax.voice import Sides, voices

    comparison, _ = seeds
    parsed = parse_articles(comparison.articles, resources.nlp())
    sides = Sides()
    quoted = []
    for p in parsed:
        found = voices(p, sides)
        total = sum(v.quoted_words for v in found)
        per_side: dict[str, float] = {}
        for v in found:
            per_side[v.side] = per_side.get(v.side, 0.0) + v.quoted_words / total
        quoted.append(per_side)
    first, second = quoted
    assert sum(x for side, x in first.items() if side.startswith("Russia")) >= 0.9
    added = {side for side, x in second.items() if x > 0} - {side for side, x in first.items() if x > 0}
    assert any(side.startswith("Ukraine") for side in added)
    assert any(side.startswith("US") or "State Department" in side for side in added)


def test_seeds_summary_cites_valid_spans_in_every_sentence(seeds) -> None:  # type: ignore[no-untyped-def]
    from newsparallax.summary import citation_support, summarize

    comparison, items = seeds
    summary = summarize(comparison.articles, comparison.facts, items)
    texts = {a.id: a.text for a in comparison.articles}
    assert 3 <= len(summary) <= 8
    for sentence in summary:
        assert sentence.citations
        assert all(0 <= c.start < c.end <= len(texts[c.article]) for c in sentence.citations)
    assert citation_support(summary, comparison.articles) == 1.0
