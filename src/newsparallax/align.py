"""Fact alignment: group the sentences and clauses of all articles into facts.

A fact is a set of mentions, across articles, that state the same information. Each unit (a sentence, or a
clause where a sentence carries two statements) is scored against every unit of the other articles:

    score = max(cos, (1 - lexical_weight) * cos + lexical_weight * dice) - penalties

with ``cos`` the MiniLM cosine and ``dice`` the overlap of content stems, and

the penalties firing when both units state numbers and none agree, name months, weekdays or years and none
agree, name actors and share none, or share at most one content word. Units are then merged greedily, best pair
first, with average linkage and a floor on every cross-article pair, so a chain of loose resemblances cannot
build a fact. A last pass lets a unit that also states a fact grown elsewhere join it too: one sentence may
carry several facts. See docs/alignment.md for the reasoning and the measured figures.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

import numpy as np
import numpy.typing as npt

from newsparallax.clauses import split_clauses
from newsparallax.model import Article, Fact, Mention
from newsparallax.quantities import AGE, Figure, any_compatible
from newsparallax.settings import Settings
from newsparallax.signals import Signals, signals

Matrix = npt.NDArray[np.float32]
EmbedFn = Callable[[Sequence[str]], Matrix]
_CLASH_MIN_OVERLAP = 0.25  # content-word Dice two reports of one statement share (examples 0.25-0.60)
_MIN_CONTENT_WORDS = 2  # a unit with fewer says too little to match another ("m.", ", Lyons said.")
_SAME_ARTICLE_REPEAT = 0.85  # a fact restated inside one article must be near-verbatim to count as a repeat
_WORDS = re.compile(r"\w+")
_CONTAINED_SCORE = 0.9  # as alike as close paraphrase; the figure, date and name penalties still apply
_CONTAINED_MIN_WORDS = 6  # a shorter shared run is a phrase ("the Associated Press reported"), not a statement
_CONTAINED_SHARE = 0.8  # of the shorter unit's words: a run that leaves more out may stop at what differs
_CONTAINED_MAX_SHARING = 100  # distinct texts one run may join before it counts as a formula


@dataclass(frozen=True, slots=True)
class Unit:
    article: int
    sentence: int
    start: int
    end: int


def units_of(articles: Sequence[Article], settings: Settings) -> list[Unit]:
    units = []
    for a_index, article in enumerate(articles):
        for sentence in article.content_sentences:
            for start, end in split_clauses(article.text, sentence.start, sentence.end, settings.clause_min_words):
                units.append(Unit(a_index, sentence.index, start, end))
    return units


def _incidence(sets: Sequence[frozenset[object]]) -> Matrix:
    vocabulary = {item: i for i, item in enumerate(sorted({x for s in sets for x in s}, key=repr))}
    matrix = np.zeros((len(sets), max(len(vocabulary), 1)), dtype=np.float32)
    for row, items in enumerate(sets):
        for item in items:
            matrix[row, vocabulary[item]] = 1.0
    return matrix


def _disjoint(sets: Sequence[frozenset[object]]) -> npt.NDArray[np.bool_]:
    """``[i, j]`` is true when both sets are non-empty and share nothing."""
    matrix = _incidence(sets)
    shared = matrix @ matrix.T
    present = matrix.sum(axis=1) > 0
    return np.asarray((shared == 0) & present[:, None] & present[None, :])


def _figures_compare(
    sigs: Sequence[Signals], relevant: npt.NDArray[np.bool_]
) -> tuple[npt.NDArray[np.bool_], npt.NDArray[np.bool_], npt.NDArray[np.bool_]]:
    """``(disagree, agree, same_thing)``: both units state figures and none / some are compatible with the
    other's; ``same_thing``: some figure on each side counts the same unit (so a disagreement is about it).
    Only ``relevant`` pairs are compared (the rest stay false): every pair of a text of 2,000 figures took
    half a minute.

    A shared figure is no agreement when another figure counting one same thing clashes: "an eight-year, $200
    million deal" and "an eight-year, $160 million offer" share the term but not the money (two offers).
    """
    disagree = np.zeros((len(sigs), len(sigs)), dtype=bool)
    agree = np.zeros_like(disagree)
    same_thing = np.zeros_like(disagree)
    # A person's age ("Lopez, 20, ...") is said of the person in every sentence about them, not of one fact.
    figures = {i: [f for f in s.figures if f.unit != AGE] for i, s in enumerate(sigs)}
    with_figures = [i for i in range(len(sigs)) if figures[i]]
    units = {i: {_unit(f.unit) for f in figures[i]} for i in with_figures}
    for n, i in enumerate(with_figures):
        for j in with_figures[n + 1 :]:
            if not relevant[i, j]:
                continue
            shared = units[i] & units[j]
            same_thing[i, j] = same_thing[j, i] = bool(shared)
            if not any_compatible(figures[i], figures[j]):
                disagree[i, j] = disagree[j, i] = True
            elif not any(_clashes(figures[i], figures[j], unit) for unit in shared if unit):
                agree[i, j] = agree[j, i] = True
    return disagree, agree, same_thing


def _clashes(left: Sequence[Figure], right: Sequence[Figure], unit: str) -> bool:
    """Whether the figures counting ``unit`` on the two sides have no compatible pair."""
    return not any_compatible([f for f in left if _unit(f.unit) == unit], [f for f in right if _unit(f.unit) == unit])


def _unit(unit: str | None) -> str | None:
    return unit.lower().removesuffix("s") if unit else None


@dataclass(frozen=True, slots=True)
class PairScores:
    """``score``: the pair scores alignment merges on; ``wording``: the same before the figure and date
    penalties (how alike two units are apart from those details); ``clash``: where two units disagree on a date
    or on a figure counting the same thing ("40 people" / "38 people", not "1,200 residents" / "340 homes");
    ``dated``: both name months (or weekdays) and share none, as the date penalty reads them."""

    score: Matrix
    wording: Matrix
    clash: npt.NDArray[np.bool_]
    dated: npt.NDArray[np.bool_]
    signals: list[Signals]


def score_matrix(
    texts: Sequence[str], vectors: Matrix, settings: Settings, published_years: Sequence[str | None] | None = None
) -> PairScores:
    """Pair scores of all units (symmetric), with the signals read per unit.

    ``published_years`` (per unit: the publication year of its article, when known) lets a unit that names no
    year stand for the present: "a fire at the pier in 2019" then differs from "the fire at the pier" in an
    article of 2026, which is how news copy tells background from the event itself.
    """
    sigs = [signals(t) for t in texts]
    cosine = np.clip(vectors @ vectors.T, -1.0, 1.0)
    content = _incidence([s.content for s in sigs])
    inter = content @ content.T
    sizes = content.sum(axis=1)
    dice = 2 * inter / np.clip(sizes[:, None] + sizes[None, :], 1, None)
    # Shared wording is evidence that two units say the same thing; its absence is not evidence against
    # (that is what paraphrase is), so the lexical blend can only raise the embedder's score.
    score = np.maximum(cosine, (1 - settings.lexical_weight) * cosine + settings.lexical_weight * dice)
    # One unit copied whole inside another says what the shorter one says, however much the longer adds: the
    # quote '"We appreciate your respect …"' and the same quote with its attribution scored 0.53 (the frame
    # dilutes both the embedding and the word overlap), so the shared quote was reported as a unique fact.
    score = np.maximum(score, _CONTAINED_SCORE * _contained(texts))
    score -= settings.entity_penalty * _disjoint([s.names for s in sigs])
    # Sharing no wording is no evidence against one fact, but a pair that shares at most one content word rests
    # on the embedder alone, whose scores for two statements on one topic reach the threshold: the seeds' arrest
    # warning ("if these people did not leave … could be arrested") scored 0.622 against the embassy's "forced to
    # leave earlier than their tenure expired". A small margin at the threshold, not a veto.
    score -= settings.overlap_penalty * (inter <= 1)
    wording = score.astype(np.float32)
    disagree, agree, same_thing = _figures_compare(sigs, _may_matter(wording, settings))
    score -= settings.number_penalty * disagree
    score += settings.number_bonus * agree
    month_level = [frozenset(m for m in s.months if len(m) == 3) for s in sigs]
    # The year each unit speaks of: the years it names; else its article's year moved by "last year" / "next
    # year"; else its article's year. Without a publication year, a unit naming no year still speaks of the
    # story's present, which "last year" is not ("notified in late November of last year" is not the order
    # "last month"); such relative years are only compared with each other, never with a year named outright.
    years: list[frozenset[str]] = []
    relative: list[frozenset[str]] = []
    for i, sig in enumerate(sigs):
        published = published_years[i] if published_years else None
        offset = sig.year_offset or 0
        if sig.years:
            years.append(sig.years)
            relative.append(frozenset())
        elif published and published.isdigit():
            years.append(frozenset({str(int(published) + offset)}))
            relative.append(frozenset())
        else:
            years.append(frozenset())
            relative.append(frozenset({str(offset)}))
    months, other_year = _disjoint(month_level), _disjoint(years) | _disjoint(relative)
    weekdays = _disjoint([s.weekdays for s in sigs])
    score -= settings.date_penalty * (months | other_year)
    score -= settings.date_penalty / 2 * weekdays
    # Another year is another event (the 2019 fire at the same pier), never a detail two reports disagree on.
    clash = ((disagree & same_thing) | months | weekdays) & ~other_year
    # A unit of fewer than two content words (a fragment such as "m." or ", Lyons said.") states no fact of its
    # own: identical fragments of two articles would otherwise be a perfect match, and a "shared fact".
    slight = np.array([len(s.content) < _MIN_CONTENT_WORDS for s in sigs])
    if slight.any():
        lone = slight[:, None] | slight[None, :]
        np.fill_diagonal(lone, False)
        score[lone] = wording[lone] = -1.0
        clash &= ~lone
    return PairScores(score.astype(np.float32), wording, clash, months | weekdays, sigs)


def _may_matter(wording: Matrix, settings: Settings) -> npt.NDArray[np.bool_]:
    """Pairs whose figures can change a decision. Merging needs every pair of a fact at ``align_min_link`` or
    more, and the clash pass reads pairs worded alike to ``align_clash_threshold``; a pair that the most the
    figure and date terms can add leaves below both has the same fate whatever its figures say, so its figures
    are not compared (its score then lacks the figure terms, and stays below every threshold)."""
    most_added = max(0.0, settings.number_bonus, -settings.number_penalty) + 1.5 * max(0.0, -settings.date_penalty)
    floor = min(settings.align_min_link, settings.align_threshold) - most_added
    return np.asarray((wording >= floor) | (wording >= settings.align_clash_threshold))


def _contained(texts: Sequence[str]) -> npt.NDArray[np.bool_]:
    """Pairs of units where one unit's words, nearly all of them, run word for word inside the other.

    Candidates share a run of ``_CONTAINED_MIN_WORDS`` words (an index of word n-grams, so a 50-article story
    is not compared pair by pair); each distinct text pair is matched once with difflib's longest common run.
    A run shared by more than ``_CONTAINED_MAX_SHARING`` distinct texts is a formula, not evidence, and proposes
    no pair (the texts it joins share other runs when one really holds the other).
    """
    n = _CONTAINED_MIN_WORDS
    words = [tuple(w.lower() for w in _WORDS.findall(t)) for t in texts]
    distinct = sorted(set(words))
    index: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for k, w in enumerate(distinct):
        for gram in {w[i : i + n] for i in range(len(w) - n + 1)}:
            index[gram].append(k)
    candidates = {(a, b) for ks in index.values() if len(ks) <= _CONTAINED_MAX_SHARING for a in ks for b in ks if a < b}
    hit = np.zeros((len(distinct), len(distinct)), dtype=bool)
    np.fill_diagonal(hit, [len(w) >= n for w in distinct])  # the same words in two articles
    for a, b in sorted(candidates):
        wa, wb = distinct[a], distinct[b]
        run = SequenceMatcher(None, wa, wb, autojunk=False).find_longest_match(0, len(wa), 0, len(wb)).size
        if run >= n and run >= _CONTAINED_SHARE * min(len(wa), len(wb)):
            hit[a, b] = hit[b, a] = True
    position = {w: k for k, w in enumerate(distinct)}
    keys = np.array([position[w] for w in words], dtype=np.intp)
    found: npt.NDArray[np.bool_] = hit[np.ix_(keys, keys)]
    np.fill_diagonal(found, False)
    return found


class _Clusters:
    """Greedy average-linkage merging under the constraints that keep facts pure."""

    def __init__(self, units: Sequence[Unit], scores: PairScores, settings: Settings) -> None:
        self.units = units
        self.score = scores.score
        self.scores = scores
        self.settings = settings
        self.members: dict[int, list[int]] = {i: [i] for i in range(len(units))}
        self.owner = list(range(len(units)))
        self._article = np.array([u.article for u in units], np.intp)
        self._sentence = np.array([u.sentence for u in units], np.intp)

    def can_merge(self, left: list[int], right: list[int]) -> bool:
        """Whether two groups may become one fact: no two statements of one article (unless near-verbatim
        repeats), every cross-article pair at ``align_min_link`` or more, and their average at the threshold.

        By array over the block of pairs rather than pair by pair: a big story's facts grow to dozens of mentions,
        and this test ran on every edge tried (196,000 times for 150 articles, once 7 % of the comparison).
        """
        rows, cols = np.array(left, np.intp), np.array(right, np.intp)
        block = self.score[np.ix_(rows, cols)]
        same = self._article[rows][:, None] == self._article[cols][None, :]
        if same.any():
            same_sentence = same & (self._sentence[rows][:, None] == self._sentence[cols][None, :])
            if same_sentence.any() or (block[same] < _SAME_ARTICLE_REPEAT).any():
                return False  # two different statements of one article are two facts
            if same.all():
                return True  # only repeats of one article's statement
        # float64, as the scalar test read each value: a threshold compared in float32 would be rounded first.
        cross = block[~same].astype(np.float64)
        if (cross < self.settings.align_min_link).any():
            return False
        # Python's sum adds in row order, as the pair-by-pair loop did, so the average is the same bits.
        total: float = sum(cross.tolist())
        return total / len(cross) >= self.settings.align_threshold

    def run(self) -> list[list[int]]:
        rows, cols = np.nonzero(np.triu(self.score >= self.settings.align_threshold, k=1))
        # Best pair first; ties broken by position so the result never depends on hash or sort stability.
        edges = sorted(zip(rows.tolist(), cols.tolist(), strict=True), key=lambda e: (-self.score[e], e))
        for i, j in edges:
            left, right = self.owner[i], self.owner[j]
            if left == right or not self.can_merge(self.members[left], self.members[right]):
                continue
            keep, gone = min(left, right), max(left, right)
            self.members[keep].extend(self.members.pop(gone))
            for k in self.members[keep]:
                self.owner[k] = keep
        self._join_clashing()
        return [sorted(m) for _, m in sorted(self.members.items())]

    def _join_clashing(self) -> None:
        """Join two units that say the same thing but for a figure or date, so the conflict can be reported.

        The figure and date penalties keep different events apart ("two dozen … in September" vs "27 … by Jan.
        30"), but they also keep apart two reports of one event that disagree on a detail ("40 people spent the
        night at the shelter" vs "38 people stayed overnight at the shelter") -- the very thing a fact-checker
        looks for. Such a pair is joined when, without those penalties, it scores at least
        ``align_clash_threshold`` and each unit is the other's best match in its article, so a detail that
        differs because the event differs (the other article has its own, closer, match) stays apart.
        """
        floor = self.settings.align_clash_threshold
        wording, clash = self.scores.wording, self.scores.clash
        article_of = np.array([u.article for u in self.units])
        present = np.unique(article_of).tolist()
        edges = []
        for n, a in enumerate(present):
            rows = np.flatnonzero(article_of == a)
            for b in present[n + 1 :]:
                cols = np.flatnonzero(article_of == b)
                block = wording[np.ix_(rows, cols)]
                best_col, best_row = block.argmax(axis=1), block.argmax(axis=0)
                for r, c in enumerate(best_col.tolist()):
                    i, j = int(rows[r]), int(cols[c])
                    if best_row[c] == r and clash[i, j] and block[r, c] >= floor and self._one_detail_apart(i, j):
                        edges.append((i, j))
        edges.sort(key=lambda e: (-wording[e], e))
        for i, j in edges:
            left, right = self.owner[i], self.owner[j]
            if left == right or min(len(self.members[left]), len(self.members[right])) > 1:
                continue  # one side must still be on its own: two facts already agreed on are not merged
            lone, group = (left, right) if len(self.members[left]) == 1 else (right, left)
            (k,) = self.members[lone]
            links = [float(wording[k, m]) for m in self.members[group]]
            articles = {self.units[m].article for m in self.members[group]}
            if self.units[k].article in articles or min(links) < self.settings.align_min_link:
                continue
            if sum(links) / len(links) < floor:
                continue
            keep, gone = min(left, right), max(left, right)
            self.members[keep].extend(self.members.pop(gone))
            for k in self.members[keep]:
                self.owner[k] = keep

    def _one_detail_apart(self, i: int, j: int) -> bool:
        """Whether two units are plain statements that share their wording and can differ in one detail only: at
        most one figure each, not a figure and a date both differing, and a quarter of their content words in
        common. Sentences packed with figures (box scores, casualty tallies of several quakes) resemble each other
        without reporting one thing."""
        a, b = self.scores.signals[i], self.scores.signals[j]
        if self.owner[i] == self.owner[j] or len(a.figures) > 1 or len(b.figures) > 1:
            return False
        if self.scores.dated[i, j] and a.figures and b.figures and not any_compatible(a.figures, b.figures):
            return False  # "In May, thieves stole £910,000" / "In July, a thief stole £88m": two details, two events
        shared = 2 * len(a.content & b.content) / max(1, len(a.content) + len(b.content))
        return shared >= _CLASH_MIN_OVERLAP

    def attach_secondary(self, clusters: list[list[int]]) -> list[list[int]]:
        """Let a unit join a second fact when it states that fact too (one sentence, several facts).

        Only the best unit per article joins, and only when it would have passed the merge test on its own.
        """
        article_of = np.array([u.article for u in self.units])
        grown = []
        for cluster in clusters:
            present = np.unique(article_of[cluster])
            if len(present) < 2:
                grown.append(cluster)
                continue
            block = self.score[:, cluster]
            # can_merge's test, for every outside unit at once.
            eligible = (
                ~np.isin(article_of, present)
                & (block.mean(axis=1) >= self.settings.align_threshold)
                & (block.min(axis=1) >= self.settings.align_min_link)
            )
            best: dict[int, int] = {}
            means = block.mean(axis=1)
            for k in np.flatnonzero(eligible).tolist():
                a = int(article_of[k])
                if a not in best or means[k] > means[best[a]]:
                    best[a] = k
            grown.append(sorted(cluster + list(best.values())))
        return grown


def _coverage(cluster: list[int], sigs: Sequence[Signals], units: Sequence[Unit], settings: Settings) -> list[str]:
    articles = {units[i].article for i in cluster}
    sizes = [len(sigs[i].content) + len(sigs[i].figures) for i in cluster]
    fullest = max(sizes)
    if len(articles) < 2:
        return ["full"] * len(cluster)
    return ["partial" if size < settings.partial_coverage * fullest else "full" for size in sizes]


def align(articles: Sequence[Article], embed: EmbedFn, settings: Settings) -> tuple[Fact, ...]:
    """The facts of a story; ``articles`` must be segmented. Fact ids ``f1``… follow the returned order."""
    units = units_of(articles, settings)
    if not units:
        return ()
    texts = [articles[u.article].text[u.start : u.end] for u in units]
    years = [(articles[u.article].published or "")[:4] or None for u in units]
    # A sentence several outlets carry word for word (wire copy) is embedded once.
    distinct = list(dict.fromkeys(texts))
    row = {text: n for n, text in enumerate(distinct)}
    vectors = embed(distinct)[[row[t] for t in texts]]
    scores = score_matrix(texts, vectors, settings, years)
    sigs = scores.signals
    clusters = _Clusters(units, scores, settings)
    groups = clusters.attach_secondary(clusters.run())

    aligned: set[int] = set()
    multi, single = [], []
    for group in groups:
        if len({units[i].article for i in group}) > 1:
            multi.append(group)
            aligned.update(group)
        else:
            single.append(group)
    # Unaligned clauses of one sentence go back together: the sentence states its own fact(s) only here.
    by_sentence: dict[tuple[int, int], list[int]] = defaultdict(list)
    for group in single:
        if len(group) == 1 and group[0] not in aligned:
            by_sentence[(units[group[0]].article, units[group[0]].sentence)].append(group[0])
    rest = [g for g in single if not (len(g) == 1 and g[0] not in aligned)]
    rest += [sorted(g) for g in by_sentence.values()]

    facts: list[tuple[tuple[int, int, int], list[Mention]]] = []
    for group in multi + rest:
        mentions = _mentions(group, units, sigs, settings, articles)
        first = min((units[i].article, units[i].start) for i in group)
        facts.append(((-len({m.article for m in mentions}), first[0], first[1]), mentions))
    facts.sort(key=lambda item: item[0])
    return tuple(Fact(f"f{n}", tuple(mentions)) for n, (_, mentions) in enumerate(facts, start=1))


def _mentions(
    group: list[int], units: Sequence[Unit], sigs: Sequence[Signals], settings: Settings, articles: Sequence[Article]
) -> list[Mention]:
    coverage = dict(zip(group, _coverage(group, sigs, units, settings), strict=True))
    merged: dict[tuple[int, int], list[int]] = defaultdict(list)
    for i in group:
        merged[(units[i].article, units[i].sentence)].append(i)
    mentions = []
    for (a_index, sentence), members in sorted(merged.items()):
        start = min(units[i].start for i in members)
        end = max(units[i].end for i in members)
        full = any(coverage[i] == "full" for i in members)
        mentions.append(Mention(articles[a_index].id, sentence, start, end, "full" if full else "partial"))
    return mentions
