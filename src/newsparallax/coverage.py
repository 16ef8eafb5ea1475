"""Per article: what it adds (facts no other article reports) and what it omits (facts others report)."""

from __future__ import annotations

from collections.abc import Sequence

from newsparallax.model import Article, ArticleCoverage, Fact


def coverage(articles: Sequence[Article], facts: Sequence[Fact]) -> tuple[ArticleCoverage, ...]:
    """Omissions are ranked by how many sources report the fact (most first), then by fact order."""
    order = {fact.id: n for n, fact in enumerate(facts)}
    result = []
    for article in articles:
        adds = [f.id for f in facts if f.articles == (article.id,)]
        missing = [f for f in facts if article.id not in f.articles]
        missing.sort(key=lambda f: (-len(f.articles), order[f.id]))
        result.append(ArticleCoverage(article.id, tuple(adds), tuple(f.id for f in missing)))
    return tuple(result)
