"""The compare orchestrator: annotate each article, then run the per-story analyses in order.

Stages never import each other; this module is where they meet. Per article: segmentation; then, beside fact
alignment, the spaCy parse, quantities and dates (:mod:`analyze`) and quotations on the parse. Per story: fact
alignment, quote groups across articles and text reuse (a shared verbatim quote is linked to its quote group
rather than reported twice), conflicts on the aligned facts, coverage, then framing and the neutral summary,
which read all of the above.
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
from newsparallax.segment import segment
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
    ids = [a.id for a in given]
    if len(set(ids)) != len(ids):
        raise ValueError(f"article ids must be unique within a comparison: {ids}")
    details = story_details(given, settings)
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


def story_details(articles: Sequence[Article], settings: Settings = DEFAULT) -> StoryDetails:
    """Align the facts of the articles, and find their quantities and dates, quotes, quote groups, conflicts and
    reuse.

    Alignment needs only the sentences; everything else but conflicts needs only the spaCy parse. So the parse
    and the analyses that read it run beside the embedder, in one worker thread: the ONNX session and spaCy's
    parser and matrix products both work outside the GIL, and on a cold run spaCy loads while the embedder does.
    The parse ends well before alignment, so the analyses after it use time the worker would spend waiting (the
    seed pair: +42 % over the core compare with them after alignment, +35 % here). Conflicts read both, and run
    last.
    """
    segmented = [a if a.sentences else segment(a) for a in articles]
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="parallax-parse") as pool:
        beside = pool.submit(_beside_alignment, segmented, settings)
        facts = align(segmented, resources.embedder(settings).embed, settings)
        quoted, docs, quotes, reuse = beside.result()
    facts = find_conflicts(facts, quoted, resources.nlp(), docs)
    return StoryDetails(quoted, facts, quotes, reuse, docs)


def _beside_alignment(
    segmented: Sequence[Article], settings: Settings
) -> tuple[list[Article], dict[str, Any], tuple[Quote, ...], tuple[Reuse, ...]]:
    """What needs no aligned facts: the parse, quantities and dates, quotes, quote groups and reuse."""
    docs = dict(zip([a.id for a in segmented], parse_bodies(segmented, resources.nlp()), strict=True))
    quoted = [replace(a, quotes=find_quotes(a, docs[a.id])) for a in (analyze(a) for a in segmented)]
    quotes = group_quotes(quoted)
    reuse = _link_quotes(
        find_reuse(quoted, min_words=settings.reuse_min_words, syndication_share=settings.syndication_share),
        quotes,
    )
    return quoted, docs, quotes, reuse


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
