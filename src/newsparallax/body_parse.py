"""The spaCy parse of an article body, made one way for every stage that reads it (quotes, framing, conflicts).

Parsed as one string, the text lets the parser run a sentence over a paragraph break (a paragraph without a final
stop then becomes the subject of the next one); the segmenter's sentence boundaries are preset so each tree stays
inside one sentence. The pipeline parses each article once and hands the parse to the stages.
"""

from __future__ import annotations

from typing import Any

from newsparallax.model import Article
from newsparallax.segment import segment


def parse_body(article: Article, nlp: Any | None = None) -> Any:
    """The parse of ``article.text`` with the segmenter's sentences as its sentences (``nlp``: the spaCy
    pipeline, :func:`newsparallax.resources.nlp` when not given)."""
    if nlp is None:
        from newsparallax import resources

        nlp = resources.nlp()
    if not article.sentences:
        article = segment(article)
    doc = nlp.make_doc(article.text)
    starts = {s.start for s in article.sentences}
    for token in doc:
        token.is_sent_start = token.i == 0 or token.idx in starts
    for _, component in nlp.pipeline:
        doc = component(doc)
    return doc
