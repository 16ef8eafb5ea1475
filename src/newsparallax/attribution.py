"""Attribution: the verbs that introduce what sources say, neutral ("said", "told", "according to") or loaded.

A loaded cue adds the outlet's view of the speech: "claimed" casts doubt, "admitted" makes it a concession,
"lamented" adds emotion (the lists and what each adds are in :mod:`framing_lexicon`). A verb counts as an
attribution only when it introduces speech: it governs a clause ("insisted that ...", "urged people to ..."), it
is the cue the quote annotator found for a quotation, or a quotation opens the next sentence ("X defended the
record. "The sprinklers ..."" is newswire for a quote by X). Two kinds of items: one per article listing its
loaded cues against its count of neutral ones, and one per statement that several outlets attribute with
different verbs (the same quotation, or the same reported fact).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from newsparallax.framing_lexicon import LOADED_CUE_PHRASES, LOADED_CUES, NEUTRAL_CUES, SPEECH_CUES
from newsparallax.framing_text import Parsed, first_mentions
from newsparallax.model import Fact, Framing, Quote, Span

_CLAUSE = frozenset({"ccomp", "xcomp", "parataxis"})
_OPENING_MARKS = '"“‘«'


@dataclass(frozen=True, slots=True)
class Cue:
    """An attribution verb or phrase as written: characters ``[start, end)`` of the article."""

    article: str
    start: int
    end: int
    text: str

    @property
    def loaded(self) -> bool:
        return self.key in LOADED_CUES or self.key in LOADED_CUE_PHRASES

    @property
    def key(self) -> str:
        return self.text.lower()


def _opens_quote(parsed: Parsed, sentence_end: int) -> bool:
    """Whether the sentence after ``sentence_end`` starts with a quotation mark."""
    rest = parsed.article.text[sentence_end : sentence_end + 3].lstrip()
    return bool(rest) and rest[0] in _OPENING_MARKS


def _introduces_speech(parsed: Parsed, token: Any, quote_cues: set[tuple[str, int]], sentence_end: int) -> bool:
    if any(c.dep_ in _CLAUSE for c in token.children):
        return True
    if (token.text.lower(), parsed.article.text.count("\n", 0, token.idx)) in quote_cues:
        return True
    return token.dep_ == "ROOT" and _opens_quote(parsed, sentence_end)


def find_cues(parsed: Parsed, start: int | None = None, end: int | None = None) -> list[Cue]:
    """The attribution cues in the outlet's own words, in text order (the whole article by default)."""
    text = parsed.article.text
    lo, hi = (0, len(text)) if start is None or end is None else (start, end)
    # The quote annotator's cues, keyed by word and paragraph, confirm verbs the parse alone would miss.
    quote_cues = {(q.cue.lower(), text.count("\n", 0, q.start)) for q in parsed.article.quotes if q.cue}
    cues = []
    for sentence in parsed.article.content_sentences:
        if sentence.end <= lo or sentence.start >= hi:
            continue
        for token in parsed.own_tokens(max(sentence.start, lo), min(sentence.end, hi)):
            word = token.text.lower()
            if word == "according" and token.i + 1 < len(token.doc) and token.doc[token.i + 1].text == "to":
                nxt = token.doc[token.i + 1]
                cues.append(Cue(parsed.id, token.idx, nxt.idx + len(nxt.text), text[token.idx : nxt.idx + 2]))
            elif (
                word in SPEECH_CUES
                and token.pos_ == "VERB"
                and _introduces_speech(parsed, token, quote_cues, sentence.end)
            ):
                cues.append(Cue(parsed.id, token.idx, token.idx + len(token.text), token.text))
        for phrase in LOADED_CUE_PHRASES:
            for match in re.finditer(rf"\b{re.escape(phrase)}\b", text[sentence.start : sentence.end], re.I):
                at = sentence.start + match.start()
                if lo <= at < hi and not parsed.in_quote(at):
                    cues.append(Cue(parsed.id, at, at + len(match.group(0)), match.group(0)))
    return sorted(cues, key=lambda c: c.start)


def _per_article(p: Parsed, cues: list[Cue]) -> Framing | None:
    loaded = [c for c in cues if c.loaded]
    if not loaded:
        return None
    neutral = [c for c in cues if c.key in NEUTRAL_CUES or c.key.startswith("according")]
    effects = "; ".join(f"“{c.text}” {LOADED_CUES.get(c.key) or LOADED_CUE_PHRASES[c.key]}" for c in loaded)
    plain = sorted({c.key.split()[0] if c.key.startswith("according") else c.key for c in neutral})
    neutral_note = f"; neutral cues ({', '.join(plain)}) {len(neutral)} times" if neutral else "; no neutral cue"
    return Framing(
        kind="attribution",
        articles=(p.id,),
        terms=((p.id, tuple(c.text for c in loaded)),),
        spans=tuple(Span(p.id, c.start, c.end) for c in loaded),
        explanation=f"{p.article.source} attributes with loaded verbs: {effects}{neutral_note}.",
    )


def _across(
    cues: dict[str, Cue], by_id: dict[str, Parsed], what: str, fact: str | None, order: list[str]
) -> Framing | None:
    """An item when outlets attribute one statement with different verbs, one of them loaded at least."""
    if len(cues) < 2 or len({c.key for c in cues.values()}) < 2 or not any(c.loaded for c in cues.values()):
        return None
    ids = sorted(cues, key=order.index)
    wording = "; ".join(f"{by_id[a].article.source}: “{cues[a].text}”" for a in ids)
    return Framing(
        kind="attribution",
        articles=tuple(ids),
        terms=tuple((a, (cues[a].text,)) for a in ids),
        spans=tuple(Span(a, cues[a].start, cues[a].end) for a in ids),
        explanation=f"The outlets introduce {what} with different verbs: {wording}.",
        fact=fact,
    )


def _quote_cue(p: Parsed, start: int, end: int, cues: list[Cue]) -> Cue | None:
    """The cue of the sentence holding a quotation (nearest to it)."""
    lo, hi = p.sentence_of(start)
    inside = [c for c in cues if lo <= c.start < max(hi, end)]
    return min(inside, key=lambda c: abs(c.start - start)) if inside else None


def find_attribution(parsed: Sequence[Parsed], facts: Sequence[Fact], quotes: Sequence[Quote]) -> list[Framing]:
    by_id = {p.id: p for p in parsed}
    order = list(by_id)
    cues = {p.id: find_cues(p) for p in parsed}
    items = [item for p in parsed if (item := _per_article(p, cues[p.id])) is not None]
    seen: set[frozenset[Span]] = set()
    for quote in quotes:
        per_article: dict[str, Cue] = {}
        for m in quote.mentions:
            cue = _quote_cue(by_id[m.article], m.start, m.end, cues[m.article])
            if cue is not None and m.article not in per_article:
                per_article[m.article] = cue
        who = f"the same quotation from {quote.speaker}" if quote.speaker else "the same quotation"
        item = _across(per_article, by_id, who, None, order)
        if item is not None and frozenset(item.spans) not in seen:
            seen.add(frozenset(item.spans))
            items.append(item)
    for fact in facts:
        per_article = {}
        for article, mention in first_mentions(fact.mentions).items():
            inside = [c for c in cues[article] if mention.start <= c.start < mention.end]
            if inside:
                per_article[article] = inside[0]
        item = _across(per_article, by_id, "the same statement", fact.id, order)
        if item is not None and frozenset(item.spans) not in seen:
            seen.add(frozenset(item.spans))
            items.append(item)
    return items
