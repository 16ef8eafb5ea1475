"""The compare orchestrator: annotate each article, then run the per-story analyses in order.

Stages never import each other; this module is where they meet. Per article: segmentation, quantities and
dates (:mod:`analyze`), then quotations on the spaCy parse. Per story: fact alignment, conflicts on the aligned
facts, coverage, quote groups across articles, and text reuse (a shared verbatim quote is linked to its
quote group rather than reported twice), then framing and the neutral summary, which read all of the above.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from typing import Any, NamedTuple

from newsparallax import resources
from newsparallax.align import align
from newsparallax.analyze import analyze
from newsparallax.body_parse import parse_bodies
from newsparallax.conflicts import find_conflicts
from newsparallax.coverage import coverage
from newsparallax.errors import NotEnoughArticles
from newsparallax.framing import find_framing
from newsparallax.model import Article, Comparison, Fact, InputIssue, Quote, Reuse
from newsparallax.quote_groups import group_quotes
from newsparallax.quotes import find_quotes
from newsparallax.reuse import find_reuse
from newsparallax.settings import DEFAULT, Settings
from newsparallax.summary import summarize


def compare(
    articles: Iterable[Article], settings: Settings = DEFAULT, *, issues: Sequence[InputIssue] = ()
) -> Comparison:
    """Compare the articles of one story.

    ``issues`` are problems met while reading the inputs; they are carried into the result so a report
    can show what was left out and why. Raises :class:`NotEnoughArticles` for fewer than two articles.
    """
    given = list(articles)
    if len(given) < 2:
        raise NotEnoughArticles(
            f"need at least two articles to compare, got {len(given)}"
            + (f" ({len(issues)} input(s) could not be used)" if issues else "")
        )
    resources.warm_up(settings)
    prepared = [analyze(a) for a in given]
    ids = [a.id for a in prepared]
    if len(set(ids)) != len(ids):
        raise ValueError(f"article ids must be unique within a comparison: {ids}")
    details = story_details(prepared, settings)
    framing = find_framing(
        details.articles,
        details.facts,
        details.quotes,
        resources.nlp(),
        counterpart_threshold=settings.counterpart_threshold,
        docs=details.docs,
    )
    return Comparison(
        articles=tuple(details.articles),
        facts=details.facts,
        coverage=coverage(details.articles, details.facts),
        quotes=details.quotes,
        reuse=details.reuse,
        framing=framing,
        summary=summarize(details.articles, details.facts, framing),
        issues=tuple(issues),
        settings={"embedder": resources.embedder(settings).name, **settings.to_dict()},
    )


class StoryDetails(NamedTuple):
    """Everything of a comparison but coverage, framing and the summary, and the parse they share."""

    articles: list[Article]  # with their quotes
    facts: tuple[Fact, ...]  # with their conflicts
    quotes: tuple[Quote, ...]
    reuse: tuple[Reuse, ...]
    docs: dict[str, Any]  # article id -> its spaCy parse


def story_details(prepared: Sequence[Article], settings: Settings = DEFAULT) -> StoryDetails:
    """Align the facts of analyzed articles, then find quotes, quote groups, conflicts and reuse."""
    ids = [a.id for a in prepared]
    # One spaCy parse per article body, shared by the quote, conflict and framing stages. It is a third of a
    # warm run, and alignment does not need it, so it runs beside the embedder: the ONNX session and spaCy's
    # parser and matrix products both work outside the GIL, and on a cold run spaCy loads while the embedder
    # does.
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="parallax-parse") as pool:
        parsing = pool.submit(lambda: dict(zip(ids, parse_bodies(prepared, resources.nlp()), strict=True)))
        facts = align(prepared, resources.embedder(settings).embed, settings)
        docs = parsing.result()
    quoted = [replace(a, quotes=find_quotes(a, docs[a.id])) for a in prepared]
    quotes = group_quotes(quoted)
    facts = find_conflicts(facts, quoted, resources.nlp(), docs)
    reuse = _link_quotes(
        find_reuse(quoted, min_words=settings.reuse_min_words, syndication_share=settings.syndication_share),
        quotes,
    )
    return StoryDetails(quoted, facts, quotes, reuse, docs)


def _link_quotes(reuse: Sequence[Reuse], quotes: Sequence[Quote]) -> tuple[Reuse, ...]:
    """Point each shared quotation at its verbatim quote group, so reports list the words once, cross-referenced.

    A quote two outlets carry word for word is both a quote match and shared text; the reuse item stays (copying
    the same sentence is evidence of reuse) but says which quote it is instead of standing as a second finding.
    """
    linked = []
    for item in reuse:
        quote_id = None
        if item.kind == "quote":
            for quote in quotes:
                if quote.match == "verbatim" and all(
                    any(m.article == s.article and m.start <= s.start and s.end <= m.end for m in quote.mentions)
                    for s in item.spans
                ):
                    quote_id = quote.id
                    break
        linked.append(replace(item, quote=quote_id) if quote_id else item)
    return tuple(linked)
