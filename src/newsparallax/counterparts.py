"""Sentences of two articles that talk about the same thing although the aligner kept them apart.

Alignment is tuned for precision: a loose paraphrase ("A raging inferno ripped through the plant" / "Flames
swept through the shed") or a hedge against an assertion often stays in two one-article facts. Framing needs
exactly those pairs, so it looks for them on its own terms: the rare content words, names and figures two
sentences share, weighted by how few sentences of the story use them (a word every sentence has, like the
story's main noun, proves nothing). Pairs whose figures or years disagree are different events, not rewording.

A 50-article story has ~2 million cross-article sentence pairs, too many to score one by one in Python, so
each article pair is scored at once with matrix products (:meth:`Story.scores`). Those sums round differently
from the exact :meth:`Story.score`, and ties between equal scores decide which pair is kept, so the matrices
only narrow the search: every pair within :data:`_TIE` of a sentence's best is scored again exactly, and the
exact scores pick the pair, as they would without the matrices.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from newsparallax.framing_text import Parsed, topic_key
from newsparallax.model import Fact

Matrix = npt.NDArray[np.float64]
# How far a matrix score may fall below a sentence's best and still be rescored exactly: far above the rounding
# of a product of a few hundred weights (~1e-13), so the exact best is always among those rescored.
_TIE = 1e-9


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


@dataclass(frozen=True, slots=True)
class _Incidence:
    """Which units of one article hold which keys: the story-wide ids of the keys the article uses (sorted)
    and a units × those keys 0/1 matrix."""

    columns: npt.NDArray[np.int64]
    rows: Matrix

    @classmethod
    def of(cls, sets: Sequence[frozenset[str]], ids: dict[str, int]) -> _Incidence:
        columns = sorted({ids[k] for keys in sets for k in keys})
        position = {c: n for n, c in enumerate(columns)}
        rows = np.zeros((len(sets), len(columns)))
        for r, keys in enumerate(sets):
            rows[r, [position[ids[k]] for k in keys]] = 1.0
        return cls(np.array(columns, dtype=np.int64), rows)

    def common(self, other: _Incidence, weights: Matrix | None = None) -> Matrix:
        """Per unit pair, the number of keys (or their summed ``weights``, by key id) the two share."""
        shared, mine, theirs = np.intersect1d(self.columns, other.columns, assume_unique=True, return_indices=True)
        left = self.rows[:, mine] if weights is None else self.rows[:, mine] * weights[shared]
        product: Matrix = left @ other.rows[:, theirs].T
        return product


@dataclass(frozen=True, slots=True)
class _Arrays:
    """One article's units as matrices, for scoring a whole article pair at once."""

    words: _Incidence  # keys and figures, as score() weighs them
    figures: _Incidence
    years: _Incidence
    totals: Matrix  # each unit's exact total weight
    has_figures: npt.NDArray[np.bool_]
    has_years: npt.NDArray[np.bool_]


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
        self._ids = {k: n for n, k in enumerate(self._weights)}  # every key and figure of a unit is here
        self._weight_array = np.array(list(self._weights.values()), dtype=np.float64)
        self._year_ids = {y: n for n, y in enumerate(sorted({y for u in every for y in u.years}))}
        self._arrays: dict[str, _Arrays] = {}

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

    def scores(self, a_id: str, b_id: str) -> Matrix:
        """:meth:`score` of every unit of article ``a_id`` (rows) against every unit of ``b_id`` (columns), up to
        rounding: zero exactly where :meth:`score` is zero, within ~1e-13 of it elsewhere."""
        a, b = self._arrays_of(a_id), self._arrays_of(b_id)
        common = a.words.common(b.words, self._weight_array)
        total = a.totals[:, None] + b.totals[None, :]
        scores: Matrix = np.divide(2 * common, total, out=np.zeros_like(common), where=common > 0)
        figures_clash = a.has_figures[:, None] & b.has_figures[None, :] & (a.figures.common(b.figures) == 0)
        years_clash = a.has_years[:, None] & b.has_years[None, :] & (a.years.common(b.years) == 0)
        scores[figures_clash | years_clash] = 0.0
        return scores

    def _arrays_of(self, article: str) -> _Arrays:
        arrays = self._arrays.get(article)
        if arrays is None:
            units = self.units[article]
            arrays = self._arrays[article] = _Arrays(
                _Incidence.of([u.keys | u.figures for u in units], self._ids),
                _Incidence.of([u.figures for u in units], self._ids),
                _Incidence.of([u.years for u in units], self._year_ids),
                np.array([self._total(u) for u in units], dtype=np.float64),
                np.array([bool(u.figures) for u in units]),
                np.array([bool(u.years) for u in units]),
            )
        return arrays


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
    ``threshold``; in article order.

    A sentence's best match is the first (in text order) with the highest positive :meth:`Story.score`.
    """
    linked = _linked_rows(story, facts)
    ids = list(story.units)
    pairs = []
    for i, a_id in enumerate(ids):
        for b_id in ids[i + 1 :]:
            scores = story.scores(a_id, b_id)
            if not scores.size:
                continue
            for r, c in linked.get((a_id, b_id), ()):
                scores[r, c] = 0.0  # never a counterpart: a best match scores above 0
            pairs += _mutual_best(story, story.units[a_id], story.units[b_id], scores, threshold)
    return pairs


def _linked_rows(story: Story, facts: Sequence[Fact]) -> dict[tuple[str, str], list[tuple[int, int]]]:
    """:func:`_linked` as positions in :meth:`Story.scores`, by article pair."""
    row = {(u.article, u.sentence): n for units in story.units.values() for n, u in enumerate(units)}
    by_pair: dict[tuple[str, str], list[tuple[int, int]]] = {}
    for a, sa, b, sb in _linked(facts):
        if (a, sa) in row and (b, sb) in row:
            by_pair.setdefault((a, b), []).append((row[a, sa], row[b, sb]))
    return by_pair


def _mutual_best(
    story: Story, units_a: list[Unit], units_b: list[Unit], scores: Matrix, threshold: float
) -> list[tuple[Unit, Unit]]:
    """The pairs of two articles that are each other's best match, in the order of the first article's sentences.

    ``scores`` (from :meth:`Story.scores`, zero where a pair is excluded) only shortlist: the exact
    :meth:`Story.score` of the shortlist picks each best, so rounding never changes which pair wins a tie.
    """
    pairs = []
    row_best = scores.max(axis=1)
    rows = np.flatnonzero((row_best > 0) & (row_best >= threshold - _TIE)).tolist()
    for r in sorted(rows, key=lambda r: units_a[r].sentence):
        value, c = _exact_best(story, units_a[r], units_b, scores[r])
        if (
            c >= 0
            and value >= threshold
            and _exact_best(story, units_b[c], units_a, scores[:, c], reverse=True)[1] == r
        ):
            pairs.append((units_a[r], units_b[c]))
    return pairs


def _exact_best(
    story: Story, unit: Unit, others: list[Unit], scores: Matrix, reverse: bool = False
) -> tuple[float, int]:
    """``(score, index)`` of the first of ``others`` with the highest positive exact score against ``unit``,
    searched among those whose matrix ``scores`` come within :data:`_TIE` of the best."""
    shortlist = np.flatnonzero((scores > 0) & (scores >= scores.max() - _TIE)).tolist()
    best, index = 0.0, -1
    for n in shortlist:
        value = story.score(others[n], unit) if reverse else story.score(unit, others[n])
        if value > best:
            best, index = value, n
    return best, index
