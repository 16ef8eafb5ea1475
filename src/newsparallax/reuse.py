"""Text reuse: passages that two or more articles share word for word.

Each article's content (boilerplate sentences left out) becomes a list of normalised words that keep their
character offsets: case, accents, curly or straight apostrophes and every mark between words (quotes, dashes,
spacing) are ignored, so formatting never breaks a match. For every pair of articles the maximal shared word
sequences are found from hashed n-gram seeds (each seed is extended only where it is left-maximal, so a shared
passage costs its own length once). A passage is reported when it has ``min_words`` words, or when it is
shorter but carries a shared misspelling (see :func:`_near_miss`): two outlets writing "Antoly Antonov" where
English text writes "Anatoly" is evidence of copying that two outlets writing "Joe Biden" is not.

A pair whose reported passages cover ``syndication_share`` of the shorter article is one ``syndication`` item.
Other passages are merged across pairs when the same words of an article are shared with several others, so a
sentence three outlets carry is one item with three spans. ``kind`` is ``quote`` when every span lies inside a
direct quote of its article.

Quotes shared verbatim are also found by the quote comparison. The caller passes the spans it already reports
as verbatim quotes in ``quoted``; a reuse item whose every span lies inside them is dropped, so one quotation is
not listed twice. Syndication shares are measured before that drop: a copied article copies its quotes too.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import combinations, pairwise

from newsparallax.model import Article, Reuse, ReuseKind, Span

# Numbers keep their separators ("8,500" is one word); words keep inner apostrophes ("wasn't", "Russia’s").
_WORD = re.compile(r"\d+(?:[.,]\d+)+|[^\W_]+(?:['’‘ʼ`][^\W_]+)*")
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "`": "'"})
_OPENING = frozenset("“„‟«")
_CLOSING = frozenset("”»")
# Quote marks and clause punctuation between two words make a soft boundary, as a sentence start does: a shared
# passage that runs past one by fewer than _SPILL words ("… here.” The", "… United States, and") has run on by
# chance, and those words are trimmed off.
_BREAKS = frozenset('"“”„‟«»‘’,;:()[]—–')
_SPILL = 3
# A misspelling is told from a rare but correct name by a spelling one slip away that is this much more common.
_NEAR_MISS_GAP = 1.5
_MIN_MARKER_LETTERS = 4  # shorter rare tokens (initials, codes) are one edit away from too many words
_MIN_RARE_WORDS = 2  # one shared odd word alone is too little evidence of copying


@dataclass(frozen=True, slots=True)
class _Words:
    """An article's content words: normalised ids, character offsets and the boundaries before each word."""

    article: Article
    ids: list[int]
    starts: list[int]
    ends: list[int]
    soft: list[bool]  # a sentence start, a quote mark or clause punctuation lies just before this word
    hard: list[bool]  # skipped boilerplate lies just before this word: no passage spans the gap


@dataclass(frozen=True, slots=True)
class _Passage:
    """Words ``[i, i + length)`` of article ``a`` equal words ``[j, j + length)`` of article ``b`` (a < b)."""

    a: int
    b: int
    i: int
    j: int
    length: int


def find_reuse(
    articles: Sequence[Article],
    *,
    min_words: int = 8,
    rare_max_zipf: float = 1.0,
    syndication_share: float = 0.6,
    quoted: Iterable[Span] = (),
) -> tuple[Reuse, ...]:
    """Passages shared word for word between the articles, ordered by first article then offset.

    ``rare_max_zipf``: a word below this Zipf frequency (wordfreq's English list, which starts at 1.0; 3 is once
    per million words) that a dropped or swapped letter makes of a word ``_NEAR_MISS_GAP`` more frequent counts
    as a misspelling, and makes a shared passage of two or more words reportable. ``quoted``: spans already
    reported as verbatim quotes; items lying wholly inside them are left out.
    """
    vocabulary: dict[str, int] = {}
    words = [_tokenise(article, vocabulary) for article in articles]
    markers = _markers(words, vocabulary, rare_max_zipf)
    seed = max(min_words, _MIN_RARE_WORDS)

    by_pair: dict[tuple[int, int], list[_Passage]] = defaultdict(list)
    for raw in _maximal_matches(words, seed, markers):
        passage = _trim(words[raw.a], words[raw.b], raw, markers)
        if passage.length >= min_words or (
            passage.length >= _MIN_RARE_WORDS and any(w in markers for w in _ids(words[passage.a], passage))
        ):
            by_pair[(passage.a, passage.b)].append(passage)

    items: list[Reuse] = []
    grouped: list[_Passage] = []
    for (a, b), found in sorted(by_pair.items()):
        tiles = _tile(found)
        shared = sum(p.length for p in tiles)
        shorter = min(len(words[a].ids), len(words[b].ids))
        if shared >= syndication_share * shorter:
            spans = [_span(words[a], p.i, p.length) for p in tiles] + [_span(words[b], p.j, p.length) for p in tiles]
            items.append(Reuse((articles[a].id, articles[b].id), shared, "syndication", tuple(_ordered(spans))))
        else:
            grouped.extend(tiles)
    items.extend(_groups(words, grouped))

    blocked = _regions_by_article(quoted)
    items = [item for item in items if item.kind == "syndication" or not _all_inside(item.spans, blocked)]
    order = {article.id: index for index, article in enumerate(articles)}
    return tuple(sorted(items, key=lambda r: (order[r.spans[0].article], r.spans[0].start, r.spans[0].end)))


def _tokenise(article: Article, vocabulary: dict[str, int]) -> _Words:
    ids: list[int] = []
    starts: list[int] = []
    ends: list[int] = []
    soft: list[bool] = []
    hard: list[bool] = []
    # Unsegmented text is one non-boilerplate region: the detector then works without sentence boundaries.
    regions = [(s.start, s.end, s.boilerplate) for s in article.sentences] or [(0, len(article.text), False)]
    skipped = False
    for start, end, boilerplate in regions:
        if boilerplate:
            skipped = True
            continue
        first = True
        for match in _WORD.finditer(article.text, start, end):
            gap = article.text[ends[-1] : match.start()] if ends else ""
            ids.append(vocabulary.setdefault(_normalise(match.group()), len(vocabulary)))
            soft.append(first or (gap != " " and not _BREAKS.isdisjoint(gap)))
            hard.append(skipped)
            starts.append(match.start())
            ends.append(match.end())
            first = skipped = False
    return _Words(article, ids, starts, ends, soft, hard)


@lru_cache(maxsize=65536)
def _normalise(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word.translate(_APOSTROPHES)).casefold()
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _maximal_matches(words: Sequence[_Words], seed: int, markers: frozenset[int]) -> list[_Passage]:
    """Every maximal shared word run of at least ``seed`` words, plus every shared run around a marker word."""
    index: dict[tuple[int, ...], list[tuple[int, int]]] = defaultdict(list)
    at_marker: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for x, w in enumerate(words):
        reach = _reach(w.hard)
        for i in range(len(w.ids) - seed + 1):
            if reach[i] >= seed:
                index[tuple(w.ids[i : i + seed])].append((x, i))
        for i, word in enumerate(w.ids):
            if word in markers:
                at_marker[word].append((x, i))

    found: list[_Passage] = []
    for places in index.values():
        for (x, i), (y, j) in _cross_pairs(places):
            # Only the left-maximal seed of a run extends it: the run is then found exactly once.
            if not _joins_left(words[x], words[y], i, j):
                found.append(_Passage(x, y, i, j, _extend_right(words[x], words[y], i, j)))
    seen = {(p.a, p.b, p.i, p.j) for p in found}
    for places in at_marker.values():
        for (x, i), (y, j) in _cross_pairs(places):
            while _joins_left(words[x], words[y], i, j):
                i, j = i - 1, j - 1
            if (x, y, i, j) not in seen:
                seen.add((x, y, i, j))
                found.append(_Passage(x, y, i, j, _extend_right(words[x], words[y], i, j)))
    return found


def _reach(hard: list[bool]) -> list[int]:
    """How many words from each position on lie before the next hard boundary."""
    reach = [0] * len(hard)
    for i in range(len(hard) - 1, -1, -1):
        reach[i] = 1 if i + 1 == len(hard) or hard[i + 1] else reach[i + 1] + 1
    return reach


def _cross_pairs(places: list[tuple[int, int]]) -> Iterable[tuple[tuple[int, int], tuple[int, int]]]:
    """Pairs of occurrences in two different articles, the lower article first."""
    for first, second in combinations(places, 2):
        if first[0] != second[0]:
            yield (first, second) if first[0] < second[0] else (second, first)


def _joins_left(a: _Words, b: _Words, i: int, j: int) -> bool:
    return i > 0 and j > 0 and not a.hard[i] and not b.hard[j] and a.ids[i - 1] == b.ids[j - 1]


def _extend_right(a: _Words, b: _Words, i: int, j: int) -> int:
    length = 1
    while (
        i + length < len(a.ids)
        and j + length < len(b.ids)
        and not a.hard[i + length]
        and not b.hard[j + length]
        and a.ids[i + length] == b.ids[j + length]
    ):
        length += 1
    return length


def _trim(a: _Words, b: _Words, p: _Passage, markers: frozenset[int]) -> _Passage:
    """Cut off words that run past a soft boundary by chance (fewer than ``_SPILL`` and no marker among them)."""
    cuts = [t for t in range(1, p.length) if a.soft[p.i + t] or b.soft[p.j + t]]
    bounds = [0, *cuts, p.length]
    pieces = list(pairwise(bounds))

    def spill(piece: tuple[int, int]) -> bool:
        lo, hi = piece
        return hi - lo < _SPILL and not any(w in markers for w in a.ids[p.i + lo : p.i + hi])

    while len(pieces) > 1 and spill(pieces[0]):
        pieces.pop(0)
    while len(pieces) > 1 and spill(pieces[-1]):
        pieces.pop()
    lo, hi = pieces[0][0], pieces[-1][1]
    return _Passage(p.a, p.b, p.i + lo, p.j + lo, hi - lo)


def _tile(passages: list[_Passage]) -> list[_Passage]:
    """Longest first, passages that reuse no word already taken on either side (a repeated sentence counts once)."""
    taken_a: set[int] = set()
    taken_b: set[int] = set()
    tiles: list[_Passage] = []
    for p in sorted(passages, key=lambda p: (-p.length, p.i, p.j)):
        span_a, span_b = range(p.i, p.i + p.length), range(p.j, p.j + p.length)
        if taken_a.isdisjoint(span_a) and taken_b.isdisjoint(span_b):
            taken_a.update(span_a)
            taken_b.update(span_b)
            tiles.append(p)
    return sorted(tiles, key=lambda p: (p.i, p.j))


def _groups(words: Sequence[_Words], passages: list[_Passage]) -> list[Reuse]:
    """Merge pair passages into one item when they share most of the same words of some article."""
    # Nodes are word ranges of one article, (article, first word, end word), each once however many pairs share it.
    ids: dict[tuple[int, int, int], int] = {}
    edges = [
        (ids.setdefault((p.a, p.i, p.i + p.length), len(ids)), ids.setdefault((p.b, p.j, p.j + p.length), len(ids)))
        for p in passages
    ]
    nodes = list(ids)
    parent = list(range(len(nodes)))

    def root(n: int) -> int:
        while parent[n] != n:
            parent[n] = parent[parent[n]]
            n = parent[n]
        return n

    def union(m: int, n: int) -> None:
        m, n = root(m), root(n)
        parent[max(m, n)] = min(m, n)

    for m, n in edges:
        union(m, n)
    ordered = sorted(range(len(nodes)), key=lambda n: nodes[n])
    for k, m in enumerate(ordered):
        x, s1, e1 = nodes[m]
        for n in ordered[k + 1 :]:
            y, s2, e2 = nodes[n]
            if y != x or s2 >= e1:  # sorted by article and start: no later node overlaps this one
                break
            # Half the longer one: the same words up to some chance context at the edges. A short passage inside
            # a long one stays apart ("Oppal said" is not the paragraph that ends with it).
            if 2 * (min(e1, e2) - s2) >= max(e1 - s1, e2 - s2):
                union(m, n)

    components: dict[int, list[tuple[int, int, int]]] = defaultdict(list)
    for n, node in enumerate(nodes):
        components[root(n)].append(node)
    quotes: dict[int, list[tuple[int, int]]] = {}
    items: list[Reuse] = []
    for component in components.values():
        ranges = _merged_ranges(component)
        spans = [_span(words[x], lo, hi - lo) for x, lo, hi in ranges]
        counts: dict[int, int] = defaultdict(int)
        for x, lo, hi in ranges:
            counts[x] += hi - lo
            if x not in quotes:
                quotes[x] = _quote_regions(words[x].article)
        inside = all(_inside(s, quotes[x]) for (x, _, _), s in zip(ranges, spans, strict=True))
        kind: ReuseKind = "quote" if inside else "narrative"
        article_ids = tuple(words[x].article.id for x in sorted(counts))
        items.append(Reuse(article_ids, min(counts.values()), kind, tuple(spans)))
    return items


def _merged_ranges(nodes: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    merged: list[tuple[int, int, int]] = []
    for x, lo, hi in sorted(set(nodes)):
        if merged and merged[-1][0] == x and lo <= merged[-1][2]:
            merged[-1] = (x, merged[-1][1], max(hi, merged[-1][2]))
        else:
            merged.append((x, lo, hi))
    return merged


def _ids(w: _Words, p: _Passage) -> list[int]:
    return w.ids[p.i : p.i + p.length]


def _span(w: _Words, first: int, length: int) -> Span:
    return Span(w.article.id, w.starts[first], w.ends[first + length - 1])


def _ordered(spans: list[Span]) -> list[Span]:
    """Spans of the first article, then the second, each by offset."""
    first = spans[0].article
    return sorted(spans, key=lambda s: (s.article != first, s.start))


# --- quotes ---------------------------------------------------------------------------------------------------


def _quote_regions(article: Article) -> list[tuple[int, int]]:
    """Direct quotes from the quote annotator, plus every run between quote marks in case it has not run."""
    regions = [(q.start, q.end) for q in article.quotes if q.kind != "reported"]
    for line in re.finditer(r"[^\n]+", article.text):
        opened: int | None = None
        for offset, ch in enumerate(line.group(), line.start()):
            if ch in _OPENING or (ch == '"' and opened is None):
                opened = offset + 1
            elif (ch in _CLOSING or ch == '"') and opened is not None:
                regions.append((opened, offset))
                opened = None
        if opened is not None:  # a quote running on into the next paragraph leaves its closing mark off
            regions.append((opened, line.end()))
    return regions


def _regions_by_article(spans: Iterable[Span]) -> dict[str, list[tuple[int, int]]]:
    regions: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for span in spans:
        regions[span.article].append((span.start, span.end))
    return regions


def _all_inside(spans: Sequence[Span], regions: dict[str, list[tuple[int, int]]]) -> bool:
    return all(_inside(s, regions.get(s.article, [])) for s in spans)


def _inside(span: Span, regions: list[tuple[int, int]]) -> bool:
    return any(lo <= span.start and span.end <= hi for lo, hi in regions)


# --- shared misspellings --------------------------------------------------------------------------------------


def _markers(words: Sequence[_Words], vocabulary: dict[str, int], rare_max_zipf: float) -> frozenset[int]:
    """Ids of the words that two or more articles share and that look like the same misspelling."""
    in_articles: dict[int, int] = defaultdict(int)
    for w in words:
        for word in set(w.ids):
            in_articles[word] += 1
    return frozenset(
        word_id for word, word_id in vocabulary.items() if in_articles[word_id] >= 2 and _near_miss(word, rare_max_zipf)
    )


def _near_miss(word: str, rare_max_zipf: float) -> bool:
    """A word missing from the frequency list that a dropped or swapped letter makes of a common word.

    Being rare is not enough: "Ryazhskikh" is rare and correct. Nor is being one edit from a common word: rare
    correct names are ("Teasley" and "Beasley", "Gunness" and "Guinness", measured on ECB+ story clusters). The
    slips that copying spreads are narrower: a letter dropped ("Antoly" for "Anatoly", "Schnectady") or two
    letters swapped, never the first letter, which names differ by. An added letter is left out too: it is how
    transliterations differ ("Zelenskyy", "Zelensky").
    """
    stem = word.removesuffix("'s")
    if len(stem) < _MIN_MARKER_LETTERS or not stem.isalpha() or _zipf(stem) >= rare_max_zipf:
        return False
    floor = rare_max_zipf + _NEAR_MISS_GAP
    return any(_zipf(variant) >= floor for variant in _slips_of(stem))


def _slips_of(word: str) -> set[str]:
    """The words that ``word`` could be a slip of: one letter put back, or two neighbours swapped back."""
    letters = set("abcdefghijklmnopqrstuvwxyz" + word)
    restored = {word[:k] + c + word[k:] for k in range(1, len(word) + 1) for c in letters}
    swapped = {word[:k] + word[k + 1] + word[k] + word[k + 2 :] for k in range(1, len(word) - 1)}
    return (restored | swapped) - {word}


def _zipf(word: str) -> float:
    frequency = _frequencies().get(word, 0.0)
    return math.log10(frequency) + 9 if frequency > 0 else 0.0


@lru_cache(maxsize=1)
def _frequencies() -> dict[str, float]:
    """wordfreq's English frequencies (shipped inside the package, no download); loaded once, ~0.4 s."""
    from wordfreq import get_frequency_dict

    return get_frequency_dict("en")
