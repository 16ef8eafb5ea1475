"""The compare orchestrator: segment each article, then run the per-story analyses in order."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from newsparallax import resources
from newsparallax.align import align
from newsparallax.analyze import analyze
from newsparallax.conflicts import find_conflicts
from newsparallax.coverage import coverage
from newsparallax.errors import NotEnoughArticles
from newsparallax.model import Article, Comparison, InputIssue
from newsparallax.settings import DEFAULT, Settings


def compare(
    articles: Iterable[Article], settings: Settings = DEFAULT, *, issues: Sequence[InputIssue] = ()
) -> Comparison:
    """Compare the articles of one story.

    ``issues`` are problems met while reading the inputs; they are carried into the result so a report
    can show what was left out and why. Raises :class:`NotEnoughArticles` for fewer than two articles.
    """
    prepared = [analyze(a) for a in articles]
    if len(prepared) < 2:
        raise NotEnoughArticles(
            f"need at least two articles to compare, got {len(prepared)}"
            + (f" ({len(issues)} input(s) could not be used)" if issues else "")
        )
    ids = [a.id for a in prepared]
    if len(set(ids)) != len(ids):
        raise ValueError(f"article ids must be unique within a comparison: {ids}")
    embedder = resources.embedder(settings)
    facts = align(prepared, embedder.embed, settings)
    facts = find_conflicts(facts, prepared, resources.nlp())
    return Comparison(
        articles=tuple(prepared),
        facts=facts,
        coverage=coverage(prepared, facts),
        issues=tuple(issues),
        settings={"embedder": embedder.name, **settings.to_dict()},
    )
