"""The spaCy parse of an article body, made one way for every stage that reads it (quotes, framing, conflicts).

The segmenter's sentences are the parse's sentences: parsed as one string, the text let the parser run a sentence
over a paragraph break (a paragraph without a final stop became the subject of the next one). Each sentence is
parsed on its own, so a sentence copied word for word parses alike everywhere and once. The pipeline parses each
article once and hands the parse to the stages.
"""

from __future__ import annotations

import itertools
import weakref
from collections.abc import Sequence
from typing import Any

import numpy

from newsparallax.attribute_rules import KEYS, AttributeRules
from newsparallax.model import Article
from newsparallax.segment import segment

# Put before each sentence and cut off after the parse, so the sentence reads as one following another: at the
# very start of a document the entity recogniser took sentence-initial surnames for organisations ("Lohan was
# previously at Betty Ford", "Jackman was announced Friday as the host": 108 PERSON entities of 300 ECB+ articles
# lost against the whole-text parse, 30 with this lead; the entities differing overall fell from 312 to 184 of
# 9,880, and the rest differ both ways).
_LEAD = ". "


def parse_body(article: Article, nlp: Any | None = None) -> Any:
    """The parse of ``article.text`` with the segmenter's sentences as its sentences (``nlp``: the spaCy
    pipeline, :func:`newsparallax.resources.nlp` when not given)."""
    return parse_bodies([article], nlp)[0]


def parse_bodies(articles: Sequence[Article], nlp: Any | None = None, batch_size: int = 64) -> list[Any]:
    """:func:`parse_body` for several articles.

    Each sentence is parsed as a document of its own and its annotations are written into the article's
    document, token for token (the tokens are the same: the tokenizer never joins across whitespace). So a
    sentence several articles carry word for word, as wire copy is, is parsed once and reads the same in every
    article that carries it; parsed with its neighbours, one copied sentence could get another entity or
    subject in each outlet. Each pipeline component runs over all the sentences at once, in batches (fewer,
    larger matrix products).
    """
    if nlp is None:
        from newsparallax import resources

        nlp = resources.nlp()
    pieces = [_pieces(article if article.sentences else segment(article)) for article in articles]
    distinct = list(dict.fromkeys(piece for article in pieces for _, piece in article))
    lead_tokens = len(nlp.make_doc(_LEAD))
    docs, leads = [], []
    for text, starts in distinct:
        # Not before leading whitespace (only an article's first piece can have it): the lead's space and the
        # text's would become one token.
        lead = _LEAD if not text[0].isspace() else ""
        docs.append(_with_starts(nlp.make_doc(lead + text), (0, len(lead), *(s + len(lead) for s in starts))))
        leads.append(lead_tokens if lead else 0)
    ruler, rules = _attribute_rules(nlp)
    for _, component in nlp.pipeline:
        if component is not ruler:
            docs = list(component.pipe(docs, batch_size=batch_size))
    values = [doc.to_array(_ATTRS) for doc in docs]
    if rules is not None and docs:
        values = rules.apply(values, [doc.to_array(list(KEYS)) for doc in docs])
    rows = {}
    for piece, annotated, skip in zip(distinct, values, leads, strict=True):
        annotated = annotated[skip:]
        if len(annotated) and annotated[0, _IOB] == _INSIDE:
            annotated[0, _IOB] = _BEGIN  # an entity the lead began (never seen) begins at the sentence
        rows[piece] = annotated
    space = _space_row(nlp.vocab)
    return [_assemble(nlp, article, parts, rows, space) for article, parts in zip(articles, pieces, strict=True)]


_ATTRS = ["TAG", "POS", "MORPH", "LEMMA", "DEP", "HEAD", "ENT_IOB", "ENT_TYPE", "SENT_START"]
# Components that may follow the attribute ruler when it runs on the arrays after the whole pipeline: the entity
# recogniser reads word forms and the parse, never the part of speech, morphology or lemma the ruler writes.
_BLIND_TO_RULER = frozenset({"ner"})
_compiled: weakref.WeakKeyDictionary[Any, AttributeRules | None] = weakref.WeakKeyDictionary()


def _attribute_rules(nlp: Any) -> tuple[Any, AttributeRules | None]:
    """The pipeline's attribute ruler and its rules compiled for the arrays, or (None, None) where spaCy's ruler
    must run itself: no ruler, rules the arrays cannot reproduce, or a later component that may read its output."""
    from spacy.pipeline import AttributeRuler

    names = nlp.pipe_names
    for position, (_, component) in enumerate(nlp.pipeline):
        if isinstance(component, AttributeRuler):
            later = {nlp.get_pipe_meta(n).factory for n in names[position + 1 :]}
            if not later <= _BLIND_TO_RULER:
                return None, None
            if component not in _compiled:
                _compiled[component] = AttributeRules.compile(component, _ATTRS)
            rules = _compiled[component]
            return (component, rules) if rules is not None else (None, None)
    return None, None


_HEAD, _IOB, _SENT_START = (_ATTRS.index(name) for name in ("HEAD", "ENT_IOB", "SENT_START"))
_INSIDE, _OUTSIDE, _BEGIN = 1, 2, 3  # spaCy's ENT_IOB codes


def _space_row(vocab: Any) -> numpy.ndarray[Any, Any]:
    """The annotations spaCy gives whitespace between sentences (line breaks): tag ``_SP``, no lemma, attached to
    the token before it, outside any entity, inside the sentence before it."""
    from spacy.symbols import SPACE  # type: ignore[import-not-found]  # a compiled module without type stubs

    values = [
        vocab.strings.add("_SP"),
        SPACE,
        vocab.morphology.add(""),
        0,
        vocab.strings.add("dep"),
        -1,
        _OUTSIDE,
        0,
        -1,
    ]
    return numpy.array(values, dtype=numpy.int64).astype(numpy.uint64)


def _assemble(
    nlp: Any,
    article: Article,
    parts: list[tuple[int, tuple[str, tuple[int, ...]]]],
    rows: dict[tuple[str, tuple[int, ...]], numpy.ndarray[Any, Any]],
    space: numpy.ndarray[Any, Any],
) -> Any:
    """The article's document with each piece's parse written at its place and the whitespace between pieces
    annotated as spaCy annotates it."""
    doc = nlp.make_doc(article.text)
    values = numpy.tile(space, (len(doc), 1))
    token_starts = doc.to_array("IDX")
    for offset, piece in parts:
        first, annotated = int(numpy.searchsorted(token_starts, offset)), rows[piece]
        end = first + len(annotated)
        # The tokenizer cuts at whitespace before anything else, so a sentence's tokens are the article's there. A
        # check, not an assert: wrong rows would misplace every annotation after them, and -O skips asserts.
        if (
            end > len(doc)
            or token_starts[first] != offset
            or doc[end - 1].idx + len(doc[end - 1]) != offset + len(piece[0])
        ):
            raise RuntimeError(f"{article.id}: the tokens of the sentence at {offset} differ from the article's")
        values[first:end] = annotated
    if len(doc):
        if not parts or parts[0][0] > 0:  # leading whitespace has no token before it to attach to
            values[0, _HEAD] = 0
            values[0, _SENT_START] = 1
        doc.from_array(_ATTRS, values)
    return doc


def _pieces(article: Article) -> list[tuple[int, tuple[str, tuple[int, ...]]]]:
    """The article's sentences as (offset, (text, sentence starts in it)), the text without the whitespace after
    it. A text is cut only before a sentence that follows whitespace: a sentence the segmenter starts right after a
    character ("end.Next") stays in its neighbour's piece, with its start preset there, since cut there the
    tokenizer could split the text differently from the whole."""
    text = article.text
    starts = sorted({s.start for s in article.sentences})
    cuts = [0, *(s for s in starts if s > 0 and text[s - 1].isspace()), len(text)]
    pieces = []
    for begin, end in itertools.pairwise(cuts):
        body = text[begin:end].rstrip()
        if body:
            inner = tuple(s - begin for s in starts if begin <= s < begin + len(body))
            pieces.append((begin, (body, inner)))
    return pieces


def _with_starts(doc: Any, starts: tuple[int, ...]) -> Any:
    """``doc`` with its sentence starts preset (its first token and the tokens at ``starts``), so each tree stays
    inside one of the segmenter's sentences. Set as one array: ``token.is_sent_start = …`` checks the whole
    document for a parse on every token (quadratic in a long sentence)."""
    flags = numpy.where(numpy.isin(doc.to_array("IDX"), starts), 1, -1)
    if len(flags):
        flags[0] = 1
    doc.from_array(["SENT_START"], flags.astype(numpy.int64).astype(numpy.uint64).reshape(-1, 1))
    return doc


def entity_end(doc: Any, i: int) -> int:
    """The end (exclusive) of the entity whose first token is ``i``: the I tokens after its B token. Read off the
    tokens because ``doc.ents`` and ``Span.ents`` build every entity of the document on each call, which made
    the stages that look up one entity at a time quadratic in a long article."""
    end = i + 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return end


def entities_in(span: Any) -> list[Any]:
    """``span.ents`` (the entities wholly inside ``span``), read off the span's own tokens (see :func:`entity_end`)."""
    doc, found, i = span.doc, [], span.start
    while i < span.end:
        if doc[i].ent_iob_ != "B":
            i += 1
            continue
        j = entity_end(doc, i)
        if j > span.end:
            break  # it runs past the span, and so would any later one
        entity = doc[i:j]
        entity.label_ = doc[i].ent_type_
        found.append(entity)
        i = j
    return found
