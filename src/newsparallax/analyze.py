"""The per-article annotators, run in order: sentences, then quantities and dates on the sentences.

Each annotator is a pure function of the article (and a loaded model where it needs one); this module only
composes them. Boilerplate sentences are skipped: a photo credit's date is not part of the story.
"""

from __future__ import annotations

import dataclasses

from newsparallax.dates import find_dates
from newsparallax.model import Article, DateMention, Quantity
from newsparallax.quantities import find_figures
from newsparallax.segment import segment


def quantities(article: Article) -> tuple[Quantity, ...]:
    found = []
    for sentence in article.content_sentences:
        text = article.text[sentence.start : sentence.end]
        for figure in find_figures(text):
            found.append(
                Quantity(
                    article.id,
                    sentence.start + figure.start,
                    sentence.start + figure.end,
                    figure.value,
                    figure.comparator,
                    figure.unit,
                )
            )
    return tuple(found)


def dates(article: Article) -> tuple[DateMention, ...]:
    found: list[DateMention] = []
    for sentence in article.content_sentences:
        text = article.text[sentence.start : sentence.end]
        found += find_dates(text, article.id, article.published, offset=sentence.start)
    return tuple(found)


def analyze(article: Article) -> Article:
    """The article with sentences, quantities and dates filled in (idempotent)."""
    if not article.sentences:
        article = segment(article)
    return dataclasses.replace(article, quantities=quantities(article), dates=dates(article))
