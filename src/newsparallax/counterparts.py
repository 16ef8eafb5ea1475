"""Sentences of two articles that talk about the same thing although the aligner kept them apart.

Alignment is tuned for precision: a loose paraphrase ("A raging inferno ripped through the plant" / "Flames
swept through the shed") or a hedge against an assertion often stays in two one-article facts. Framing needs
exactly those pairs, so it looks for them on its own terms: the rare content words, names and figures two
sentences share, weighted by how few sentences of the story use them (a word every sentence has, like the
story's main noun, proves nothing). Pairs whose figures or years disagree are different events, not rewording.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from newsparallax.framing_text import Parsed, topic_key
from newsparallax.model import Fact


@dataclass(frozen=True, slots=True)
class Unit:
    """A stretch of one article as the matcher sees it: topic keys, figures (``#27``) and years."""

    article: str
    sentence: int
    start: int
    end: int
    keys: frozenset[str]
    figures: frozenset[str]
    years: frozenset[str]
    names: frozenset[str]  # the keys that come from proper nouns only


def figure_key(token: Any) -> str | None:
    """``#27`` for a number token (``#1200`` for "1,200"), None for other words."""
    if not token.like_num:
        return None
    text = token.text.replace(",", "")
    try:
        return f"#{float(text):g}"
    except ValueError:
        return f"#{text.lower()}"


def unit_of(parsed: Parsed, sentence: int, tokens: Iterable[Any], start: int, end: int) -> Unit:
    """The matcher's view of ``tokens`` (the outlet's own words of a sentence or of a hedge's scope)."""
    keys: set[str] = set()
    figures: set[str] = set()
    years: set[str] = set()
    names: set[str] = set()
    common: set[str] = set()
    for token in tokens:
        figure = figure_key(token)
        if figure is not None:
            if len(token.text) == 4 and token.text.isdigit() and token.text[:2] in ("19", "20"):
                years.add(token.text)
            else:
                figures.add(figure)
        elif (key := topic_key(token)) is not None and len(key) > 1:
            keys.add(key)
            (names if token.pos_ == "PROPN" else common).add(key)
    return Unit(
        parsed.id,
        sentence,
        start,
        end,
        frozenset(keys),
        frozenset(figures),
        frozenset(years),
        frozenset(names - common),
    )


def sentence_units(parsed: Parsed) -> list[Unit]:
    return [
        unit_of(parsed, s.index, parsed.own_tokens(s.start, s.end), s.start, s.end)
        for s in parsed.article.content_sentences
    ]


class Story:
    """Every sentence of a story, with the rarity of each key across them."""

    def __init__(self, parsed: Sequence[Parsed]) -> None:
        self.units = {p.id: sentence_units(p) for p in parsed}
        every = [u for units in self.units.values() for u in units]
        self._df = Counter(k for u in every for k in u.keys | u.figures)
        self._n = max(len(every), 1)
        # score() runs for every cross-article sentence pair (~10^5-10^6 in a big story): weights and each
        # unit's total are computed once, and summed with fsum, which is exact and so independent of the
        # (hash-seeded) order of a frozenset.
        self._weights = {k: math.log((1 + self._n) / (1 + c)) + 0.1 for k, c in self._df.items()}
        self._unseen = math.log(1 + self._n) + 0.1
        self._totals: dict[tuple[str, int], float] = {}

    def weight(self, key: str) -> float:
        """Inverse document frequency over the story's sentences: rare words and figures weigh more."""
        return self._weights.get(key, self._unseen)

    def _total(self, unit: Unit) -> float:
        where = (unit.article, unit.sentence)
        total = self._totals.get(where)
        if total is None:
            total = self._totals[where] = math.fsum(map(self.weight, unit.keys | unit.figures))
        return total

    def score(self, a: Unit, b: Unit) -> float:
        """Weighted Dice overlap of two units' keys and figures, 0 when their figures or years disagree."""
        if a.figures and b.figures and not a.figures & b.figures:
            return 0.0
        if a.years and b.years and not a.years & b.years:
            return 0.0
        total = self._total(a) + self._total(b)
        if not total:
            return 0.0
        common = (a.keys | a.figures) & (b.keys | b.figures)
        return 2 * math.fsum(map(self.weight, common)) / total if common else 0.0

    def shared(self, a: Unit, b: Unit) -> frozenset[str]:
        return (a.keys | a.figures) & (b.keys | b.figures)


def _linked(facts: Sequence[Fact]) -> set[tuple[str, int, str, int]]:
    """(article, sentence, article, sentence) of sentences the aligner already put in one fact."""
    linked = set()
    for fact in facts:
        for m in fact.mentions:
            for n in fact.mentions:
                if m.article != n.article:
                    linked.add((m.article, m.sentence, n.article, n.sentence))
    return linked


def counterpart_pairs(story: Story, facts: Sequence[Fact], threshold: float) -> list[tuple[Unit, Unit]]:
    """Sentence pairs across articles, not already in one fact, that are each other's best match above
    ``threshold``; in article order."""
    linked = _linked(facts)
    ids = list(story.units)
    pairs = []
    for i, a_id in enumerate(ids):
        for b_id in ids[i + 1 :]:
            scores = {
                (ua.sentence, ub.sentence): story.score(ua, ub)
                for ua in story.units[a_id]
                for ub in story.units[b_id]
                if (a_id, ua.sentence, b_id, ub.sentence) not in linked
            }
            best_a: dict[int, tuple[float, int]] = {}
            best_b: dict[int, tuple[float, int]] = {}
            for (sa, sb), value in scores.items():
                if value > best_a.get(sa, (0.0, -1))[0]:
                    best_a[sa] = (value, sb)
                if value > best_b.get(sb, (0.0, -1))[0]:
                    best_b[sb] = (value, sa)
            by_index_a = {u.sentence: u for u in story.units[a_id]}
            by_index_b = {u.sentence: u for u in story.units[b_id]}
            for sa, (value, sb) in sorted(best_a.items()):
                if value >= threshold and best_b[sb][1] == sa:
                    pairs.append((by_index_a[sa], by_index_b[sb]))
    return pairs
