"""Context: the background one article adds that the others do not, told apart from news only it reports.

Only facts a single article states are candidates (a fact shared by two outlets is common ground, not one
outlet's framing). Such a fact is *background* when its sentence, in the outlet's own words, looks back: it
names a year before the story's own (the publication year, else the latest year the story mentions), uses the
past perfect in its main clause ("This had followed"), or carries a background cue ("in recent years",
"since", "was built in", "previously", "last year"). Otherwise it is news only that outlet has, which coverage
already lists. A fact stated mostly inside quotation marks is the speaker's account, not the outlet's choice of
context.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from newsparallax.framing_lexicon import BACKGROUND_CUES, SPEECH_CUES
from newsparallax.framing_text import Parsed
from newsparallax.model import Fact, Framing, Span

_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
_MIN_OWN_SHARE = 0.6  # of a mention's words outside quotes for it to count as the outlet's own context


def story_year(parsed: Sequence[Parsed]) -> int | None:
    """The year the story happens: the latest publication year, else the latest year its dates resolve to."""
    published = [
        int(p.article.published[:4]) for p in parsed if p.article.published and p.article.published[:4].isdigit()
    ]
    if published:
        return max(published)
    resolved = [int(d.value[:4]) for p in parsed for d in p.article.dates if d.value and d.value[:4].isdigit()]
    return max(resolved) if resolved else None


def _cues(parsed: Parsed, start: int, end: int, year: int | None) -> list[tuple[int, int]]:
    """Character spans of what marks ``[start, end)`` as background, outside quotes."""
    text = parsed.article.text
    found = [
        (start + m.start(), start + m.end())
        for m in BACKGROUND_CUES.finditer(text[start:end])
        if not parsed.in_quote(start + m.start()) and not _reported(parsed, start + m.start())
    ]
    if year is not None:
        found += [
            (start + m.start(), start + m.end())
            for m in _YEAR.finditer(text[start:end])
            if int(m.group(0)) < year and not parsed.in_quote(start + m.start())
        ]
    for token in parsed.own_tokens(start, end):
        if _reported(parsed, token.idx):
            continue
        main = token.dep_ == "ROOT"
        if main and token.tag_ == "VBN" and any(c.dep_ == "aux" and c.text.lower() == "had" for c in token.children):
            aux = next(c for c in token.children if c.text.lower() == "had")
            found.append((aux.idx, token.idx + len(token.text)))  # main-clause past perfect: "This had followed"
    return sorted(set(found))


def _reported(parsed: Parsed, position: int) -> bool:
    """Whether ``position`` sits in a clause reported by a speech verb ("said the cause had not been
    determined"): the tense there follows the reporting verb and says nothing about background."""
    tokens = parsed.tokens(position, position + 1)
    if not tokens:
        return False
    token = tokens[0]
    while token.head.i != token.i:
        if token.dep_ == "ccomp" and token.head.text.lower() in SPEECH_CUES:
            return True
        token = token.head
    return False


def find_context(parsed: Sequence[Parsed], facts: Sequence[Fact]) -> list[Framing]:
    """One item per background fact only one article states."""
    by_id = {p.id: p for p in parsed}
    year = story_year(parsed)
    items = []
    seen: set[tuple[str, int]] = set()
    for fact in facts:
        articles = fact.articles
        if len(articles) != 1 or len(parsed) < 2:
            continue
        mention = fact.mentions[0]
        p = by_id[mention.article]
        if (p.id, mention.sentence) in seen:
            continue
        all_words = [t for t in p.tokens(mention.start, mention.end) if not t.is_punct]
        own = p.own_tokens(mention.start, mention.end)
        if not all_words or len(own) / len(all_words) < _MIN_OWN_SHARE:
            continue
        cues = _cues(p, mention.start, mention.end, year)
        if not cues:
            continue
        seen.add((p.id, mention.sentence))
        words = tuple(p.article.text[lo:hi] for lo, hi in cues)
        sentence = p.article.text[mention.start : mention.end]
        items.append(
            Framing(
                kind="context",
                articles=(p.id,),
                terms=((p.id, words),),
                spans=tuple(Span(p.id, lo, hi) for lo, hi in cues),
                explanation=(
                    f"Background only {p.article.source} gives (marked by {', '.join(f'“{w}”' for w in words)}): "
                    f"{_shorten(sentence)}"
                ),
                fact=fact.id,
            )
        )
    return items


def _shorten(text: str, limit: int = 140) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"
