"""The canonical seed pair (../shared/seeds): the quotes both outlets carry group, the unique ones keep a speaker.

The articles are read from ../shared at test time; only short key phrases appear here.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from newsparallax.model import Article, Quote, QuoteMention
from newsparallax.quote_groups import group_quotes
from newsparallax.quotes import find_quotes
from newsparallax.segment import segment

pytestmark = [pytest.mark.slow, pytest.mark.seeds]

MAINSTREAM, PARTISAN = "000_", "001_"
SHARED = ["very bitter event", "Our comrades were forced", "list of 55 people"]
ONLY = [
    (MAINSTREAM, "28 people are leaving by June 30", "Antonov"),
    (MAINSTREAM, "could be arrested", "Antonov"),
    (PARTISAN, "spouses and children", "Antonov"),
    (PARTISAN, "our diplomats are being expelled", "Antonov"),
    (PARTISAN, "prudent precautions", "official"),
]


def read_seed(path: Path) -> Article:
    """First line the headline, then one paragraph per non-empty line."""
    lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return segment(Article(path.stem, path.stem, lines[0], "\n".join(lines[1:])))


@pytest.fixture(scope="module")
def seeds(seeds_dir: Path) -> tuple[list[Article], tuple[Quote, ...]]:
    from newsparallax import resources

    nlp = resources.nlp()
    articles = [read_seed(p) for p in sorted(seeds_dir.glob("*.txt"))]
    articles = [dataclasses.replace(a, quotes=find_quotes(a, nlp(a.text))) for a in articles]
    return articles, group_quotes(articles)


def _mention(articles: list[Article], prefix: str, phrase: str) -> tuple[Article, QuoteMention]:
    article = next(a for a in articles if a.id.startswith(prefix))
    at = article.text.find(phrase)
    assert at >= 0, phrase
    found = [q for q in article.quotes if q.start <= at < q.end and q.kind != "reported"]
    assert found, f"no quote holds {phrase!r}"
    return article, found[0]


@pytest.mark.parametrize("phrase", SHARED)
def test_quotes_seeds_shared_quotes_are_grouped(seeds: tuple[list[Article], tuple[Quote, ...]], phrase: str) -> None:
    articles, quotes = seeds
    _, mention = _mention(articles, MAINSTREAM, phrase)
    (quote,) = [q for q in quotes if mention in q.mentions]
    assert len(quote.articles) == 2
    assert quote.speaker is not None and "Antonov" in quote.speaker
    assert quote.match in ("verbatim", "altered")


@pytest.mark.parametrize(("prefix", "phrase", "speaker"), ONLY)
def test_quotes_seeds_unique_quotes_keep_their_speaker(
    seeds: tuple[list[Article], tuple[Quote, ...]], prefix: str, phrase: str, speaker: str
) -> None:
    articles, quotes = seeds
    _, mention = _mention(articles, prefix, phrase)
    assert mention.speaker is not None and speaker in mention.speaker
    (quote,) = [q for q in quotes if mention in q.mentions]
    assert quote.match == "single"


def test_quotes_seeds_offsets_rebuild_quoted_words(seeds: tuple[list[Article], tuple[Quote, ...]]) -> None:
    articles, _ = seeds
    for article in articles:
        for q in article.quotes:
            words = article.slice(q.start, q.end)
            assert words and words == words.strip() and words[0] not in '“”"', words
            if q.speaker_start is not None and q.speaker_end is not None:
                assert article.slice(q.speaker_start, q.speaker_end).strip()


def test_quotes_seeds_scare_quote_has_no_speaker(seeds: tuple[list[Article], tuple[Quote, ...]]) -> None:
    articles, _ = seeds
    _, mention = _mention(articles, MAINSTREAM, "heightened alert")
    assert mention.kind == "partial" and mention.speaker is None


def test_quotes_seeds_partial_quote_in_headline_style_sentence(seeds: tuple[list[Article], tuple[Quote, ...]]) -> None:
    articles, _ = seeds
    _, mention = _mention(articles, PARTISAN, "premature")
    assert mention.kind == "partial" and mention.cue == "calling"
    assert mention.speaker is not None and "government" in mention.speaker
