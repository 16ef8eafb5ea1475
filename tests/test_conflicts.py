"""Conflicts are only looked for inside one fact; these build facts by hand to test each kind in isolation."""

from __future__ import annotations

from typing import Any

import pytest

from newsparallax.analyze import analyze
from newsparallax.conflicts import find_conflicts
from newsparallax.model import Article, Fact, Mention


def _fact(*texts: str, published: str | None = "2026-03-13") -> tuple[Fact, list[Article]]:
    articles = [
        analyze(Article(id=f"a{n}", source=f"Outlet {n}", title="t", text=text, published=published))
        for n, text in enumerate(texts)
    ]
    mentions = tuple(Mention(a.id, 0, 0, len(a.text)) for a in articles)
    return Fact("f1", mentions), articles


def _kinds(*texts: str, nlp: Any = None, published: str | None = "2026-03-13") -> list[str]:
    fact, articles = _fact(*texts, published=published)
    (result,) = find_conflicts([fact], articles, nlp)
    return [c.kind for c in result.conflicts]


@pytest.mark.parametrize(
    ("a", "b", "kinds"),
    [
        ("At least 12 people were injured in the blast.", "The blast injured 15 workers.", []),
        ("Twelve people were injured in the blast.", "The blast injured 15 workers.", ["number"]),
        ("More than 40 workers were evacuated.", "Some 43 employees were moved out.", []),
        ("Two dozen boats were damaged.", "24 boats were damaged, officials said.", []),
        ("Two dozen boats were damaged.", "27 boats were damaged, officials said.", ["number"]),
        ("The fire started on Thursday night.", "The blaze broke out on Friday night.", ["date"]),
        ("The crews left on Wednesday, before the Jan. 30 deadline.", "Crews left on Wednesday.", []),
        ("Residents must leave by June 30.", "Residents left on Wednesday.", []),  # a deadline is not a departure
        ("The company confirmed the leak.", "The company denied the leak.", ["negation"]),
        ("The mayor did not sign the order.", "The mayor signed the order on Friday.", ["negation"]),
        ("It was not clear whether all 300 residents left.", "All 300 residents left.", []),  # a hedge
        ("If the crews did not leave, they would be arrested.", "The crews were forced to leave early.", []),
    ],
)
def test_conflicts_by_kind(a: str, b: str, kinds: list[str]) -> None:
    assert _kinds(a, b) == kinds


def test_conflicts_explain_with_sources_and_values() -> None:
    fact, articles = _fact("Twelve people were injured.", "Fifteen people were injured.")
    (result,) = find_conflicts([fact], articles)
    (conflict,) = result.conflicts
    assert dict(conflict.values) == {"a0": "Twelve (= 12 people)", "a1": "Fifteen (= 15 people)"}
    assert "Outlet 0" in conflict.explanation and "Outlet 1" in conflict.explanation
    texts = [articles[int(s.article[1])].text[s.start : s.end] for s in conflict.mentions]
    assert texts == ["Twelve", "Fifteen"]


def test_conflicts_skip_facts_of_one_article() -> None:
    article = analyze(Article(id="a0", source="s", title="t", text="Twelve people were injured."))
    fact = Fact("f1", (Mention("a0", 0, 0, len(article.text)),))
    assert find_conflicts([fact], [article]) == (fact,)


@pytest.mark.slow
def test_conflicts_names_in_the_same_role() -> None:
    from newsparallax import resources

    nlp = resources.nlp()
    assert _kinds("Fire chief Ilse Varga ordered the evacuation.", "Fire chief Ilse Varga ordered it.", nlp=nlp) == []
    assert _kinds(
        "Chief Ilse Varga ordered the evacuation.", "Chief Tomas Brandt ordered the evacuation.", nlp=nlp
    ) == ["name"]
