"""Framing: how the outlets word, label, attribute, hedge, voice, contextualise and headline one story.

Each kind has its own module; this one parses every article once, runs them and orders the result:
kind in the order of :data:`KINDS`, then the position of the item's first article, then the offset of its
first span. Every item names its articles, the words each uses (``terms``), where they are (``spans``; empty
for headline words, which have no offsets) and a one-line explanation.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from newsparallax.attribution import find_attribution
from newsparallax.background import find_context
from newsparallax.counterparts import Story
from newsparallax.framing_text import parse_articles
from newsparallax.headlines import find_headline_labels
from newsparallax.hedges import find_certainty
from newsparallax.labels import find_labels
from newsparallax.model import Article, Fact, Framing, FramingKind, Quote
from newsparallax.tone import find_tone
from newsparallax.voice import find_voice
from newsparallax.word_choice import find_headline_wording, find_word_choice

KINDS: tuple[FramingKind, ...] = (
    "word_choice", "label", "attribution", "certainty", "voice", "context", "tone", "headline",
)  # fmt: skip


def find_framing(
    articles: Sequence[Article],
    facts: Sequence[Fact],
    quotes: Sequence[Quote],
    nlp: Any,
    *,
    counterpart_threshold: float = 0.27,
    docs: Mapping[str, Any] | None = None,
) -> tuple[Framing, ...]:
    """Every framing observation of a story, in a deterministic order.

    ``articles`` must be segmented (``Article.sentences``); ``facts`` are the aligned facts, ``quotes`` the
    quote groups (may be empty), ``nlp`` the spaCy pipeline (:func:`newsparallax.resources.nlp`).
    """
    if len(articles) < 2:
        return ()
    parsed = parse_articles(articles, nlp, docs)
    story = Story(parsed)
    word_choice = find_word_choice(parsed, facts, story, counterpart_threshold)
    items = [
        *word_choice,
        *find_labels(parsed, facts, word_choice),
        *find_attribution(parsed, facts, quotes),
        *find_certainty(parsed, story),
        *find_voice(parsed),
        *find_context(parsed, facts),
        *find_tone(parsed, facts),
        *find_headline_wording(parsed),
        *find_headline_labels(parsed),
    ]
    order = {a.id: i for i, a in enumerate(articles)}

    def key(item: Framing) -> tuple[int, int, int, int]:
        first_span = min((s.start for s in item.spans if s.article == item.articles[0]), default=-1)
        return KINDS.index(item.kind), order[item.articles[0]], first_span, len(item.articles)

    return tuple(sorted(items, key=key))
