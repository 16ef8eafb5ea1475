from newsparallax.coverage import coverage
from newsparallax.model import Article, Fact, Mention


def _article(article_id: str) -> Article:
    return Article(id=article_id, source=article_id, title="t", text="x" * 50)


def _fact(fact_id: str, *articles: str) -> Fact:
    return Fact(fact_id, tuple(Mention(a, 0, 0, 1) for a in articles))


def test_coverage_adds_are_unique_facts_and_omits_rank_by_reach() -> None:
    articles = [_article("a"), _article("b"), _article("c")]
    facts = [
        _fact("f1", "a", "b", "c"),
        _fact("f2", "b", "c"),
        _fact("f3", "a", "c"),
        _fact("f4", "c"),
        _fact("f5", "a"),
        _fact("f6", "b"),
    ]
    result = {c.article: c for c in coverage(articles, facts)}
    assert result["a"].adds == ("f5",)
    assert result["a"].omits == ("f2", "f4", "f6")  # f2 is reported by two sources, so it ranks first
    assert result["c"].adds == ("f4",)
    assert result["c"].omits == ("f5", "f6")
