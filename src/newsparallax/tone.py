"""Tone: lexicon sentiment and subjectivity of each outlet's own words, per article and per shared fact.

Scores are VADER's compound (-1 negative to 1 positive) and TextBlob's subjectivity (0 to 1), on the words
outside quotation marks (what sources say is theirs, not the outlet's). A lexicon scores the words, so a
report of a fire or an expulsion reads negative whoever writes it: the numbers measure how grim the events
sound, not the outlet's stance, and every explanation says so. A shared fact gets an item only when its
mentions differ clearly, so the list points at the facts where wording, not the event, moves the score.
"""

from __future__ import annotations

from collections.abc import Sequence

from newsparallax.framing_text import Parsed, first_mentions
from newsparallax.model import Fact, Framing, Span
from newsparallax.sentiment import compound, strongest_words, subjectivity

CAVEAT = "lexicon sentiment measures how negative the events sound, not the outlet's stance"
_FACT_GAP = 0.5  # compound points between two mentions of one fact before the difference is worth a line
_MIN_WORDS = 6


def own_text(parsed: Parsed, start: int, end: int) -> str:
    """The outlet's own words of ``[start, end)`` joined, quotations and names left out ("United States" and
    "Fire Chief" are names, not tone)."""
    return " ".join(t.text for t in parsed.own_tokens(start, end) if t.pos_ != "PROPN" and not t.ent_type_)


def _word_spans(parsed: Parsed, start: int, end: int, words: list[str]) -> list[Span]:
    spans = []
    for word in words:
        token = next((t for t in parsed.own_tokens(start, end) if t.text == word), None)
        if token is not None:
            spans.append(Span(parsed.id, token.idx, token.idx + len(token.text)))
    return spans


def find_tone(parsed: Sequence[Parsed], facts: Sequence[Fact]) -> list[Framing]:
    """One item per article, then one per shared fact whose mentions differ in sentiment by ``_FACT_GAP``."""
    by_id = {p.id: p for p in parsed}
    items = []
    for p in parsed:
        sentences = p.article.content_sentences
        text = " ".join(own_text(p, s.start, s.end) for s in sentences)
        words = strongest_words(text)
        where: dict[str, Span] = {}  # each strong word where it first occurs
        for s in sentences:
            for span in _word_spans(p, s.start, s.end, words):
                where.setdefault(p.article.text[span.start : span.end], span)
        items.append(
            Framing(
                kind="tone",
                articles=(p.id,),
                terms=((p.id, tuple(words)),),
                spans=tuple(sorted(where.values(), key=lambda sp: sp.start)),
                explanation=(
                    f"{p.article.source}: sentiment {compound(text):+.2f} (VADER compound), subjectivity "
                    f"{subjectivity(text):.2f} (TextBlob), on its own words; {CAVEAT}."
                ),
            )
        )
    for fact in facts:
        first = first_mentions(fact.mentions)
        if len(first) < 2:
            continue
        texts = {a: own_text(by_id[a], m.start, m.end) for a, m in first.items()}
        if min(len(t.split()) for t in texts.values()) < _MIN_WORDS:
            continue  # a mention that is mostly quotation has too few own words to score
        scores = {a: compound(t) for a, t in texts.items()}
        if max(scores.values()) - min(scores.values()) < _FACT_GAP:
            continue
        ids = [p.id for p in parsed if p.id in first]
        terms, spans = [], []
        for a in ids:
            m = first[a]
            strong = strongest_words(own_text(by_id[a], m.start, m.end))
            terms.append((a, tuple(strong)))
            spans += _word_spans(by_id[a], m.start, m.end, strong)
        listing = ", ".join(f"{by_id[a].article.source} {scores[a]:+.2f}" for a in ids)
        items.append(
            Framing(
                kind="tone",
                articles=tuple(ids),
                terms=tuple(terms),
                spans=tuple(spans),
                explanation=f"The same fact in a different tone: {listing} (VADER compound); {CAVEAT}.",
                fact=fact.id,
            )
        )
    return items
