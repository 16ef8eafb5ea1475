"""Cheap per-article features for story clustering: content stems, name proxies, numbers, years, dates, MinHash.

Story clustering must keep up with a news firehose (thousands of ~600-word articles a second on two cores), so
nothing here runs a parser, a tagger or a transformer. One regular expression splits the text into tokens and
one pass over them sorts each token into a feature type:

``words``
    content stems (stop words dropped, :func:`newsparallax.signals.stem`), what the article is about;
``names``
    capitalised tokens and runs of them ("Tony Thompson"), a stand-in for named entities: who and where;
``numbers``
    figures that are not years ("4.6", "26", "$2.6 million" gives "2.6"): magnitudes, tolls, scores;
``years`` and ``dates``
    years named in the text and month / month-day mentions ("12", "12-14"): when.

Words in the title and the lead (the first ``lead_words`` words) count twice: news puts the who/what/where/when
of its event up front and background further down, and similar events mostly share the background.

The trade-off against spaCy NER: capitalised-token runs also catch sentence-initial words and miss lowercase
names, but cost a dictionary look-up per token instead of ~5 ms of parsing per article, and on ECB+ they tell
events apart about as well (the clusterer weighs them against words, numbers and dates rather than trusting
any one of them).

A MinHash signature over word 4-shingles finds syndicated copies (the same wire story under several
mastheads) whatever the rest of the story looks like.

Speed: each distinct token is described once (cached), and an article is then counted, summed per key and
hashed with a few numpy operations over token numbers rather than Python work per token; see
:class:`FeatureExtractor`.
"""

from __future__ import annotations

import math
import re
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache
from itertools import chain
from typing import Any, Final, TypeVar

import numpy as np
import numpy.typing as npt

from newsparallax.signals import STOPWORDS, stem

Signature = npt.NDArray[np.uint32]
FloatArray = npt.NDArray[np.float64]
IdArray = npt.NDArray[np.intp]
Row = tuple[str, str, str, str | None]  # what extraction reads of an article: id, title, text, published
_G = TypeVar("_G", bound=np.generic)

_MONTHS: Final = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4,
    "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9, "sept": 9, "september": 9,
    "oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
}  # fmt: skip
# "may" is left out as a month word: it is far more often the verb. "May 3" still counts (_MONTH_DAY).
_DAY_MONTHS: Final = {**_MONTHS, "may": 5}
_WEEKDAYS: Final = frozenset(("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"))
_NOT_NAMES: Final = STOPWORDS | set(_DAY_MONTHS) | _WEEKDAYS | {"mr", "mrs", "ms", "dr", "st"}

# Text re-joined from tokens ("magnitude 4. 6", "10: 24 AM") is common in scraped and corpus text: the first two
# alternatives read "4. 6" as one figure and "10: 24" as a clock time.
_TOKEN = re.compile(
    r"\d{1,2}\. \d{1,2}(?![\d.])|\d{1,2} ?: \d\d|[A-Za-z][A-Za-z'’\-]*[A-Za-z]|[A-Za-z]|\d+(?:[.,:]\d+)*"
)
# Runs of capitalised words: "Tony Thompson", "Santa Rosa", "Internet Explorer". The word boundary is tested
# after the first capital (the lookbehind) rather than by a leading ``\b``: a pattern that starts with a
# character class lets the regex engine skip to the next capital, twice as fast, and matches the same.
_RUN_WORD = r"[A-Za-z'’\-]*[a-z][A-Za-z'’\-]*"
_RUN = re.compile(rf"[A-Z](?<!\w[A-Z]){_RUN_WORD}(?: [A-Z]{_RUN_WORD})+")
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?"
# The lookahead names every possible first character, for the same reason.
_MONTH_DAY = re.compile(
    rf"(?=[JFMASOND\d])\b(?:({_MONTH}) (\d{{1,2}})\b(?![\d:])|(\d{{1,2}})(?:st|nd|rd|th)? ({_MONTH})\b)"
)
_YEAR = re.compile(r"(?:1[89]|20)\d\d")

# Term types, in the order ArticleFeatures keeps them; a key's first character tells its type.
WORDS, NAMES, NUMBERS, YEARS, DATES = range(5)
_KIND_OF_PREFIX: Final = {"@": NAMES, "#": NUMBERS, "~": YEARS, "^": DATES}

# Background document frequency of a word: the chance that an article of ~_ARTICLE_TOKENS tokens contains it at
# least once, from its frequency per token in wordfreq's English list (Poisson). A word missing from the list
# is rarer than anything in it.
_ARTICLE_TOKENS: Final = 500
_UNLISTED_FREQUENCY: Final = 1e-8

# Articles whose MinHash products are computed together: enough to amortise numpy's cost per call, few enough
# to keep the (permutations × shingles) array small.
_SIGNATURE_GROUP: Final = 16

# 1 + log(n), looked up for the common small counts (computed by math.log either way, so the bits never differ).
_SUBLINEAR: Final = np.array([0.0] + [1.0 + math.log(n) for n in range(1, 1024)])


@cache
def _background() -> dict[str, float]:
    """wordfreq's English word frequencies (shipped inside the package, no download); loaded once, ~0.25 s."""
    from wordfreq import get_frequency_dict

    return get_frequency_dict("en", "best")


def background_share(word: str) -> float:
    """The share of English news-like articles expected to contain ``word`` (lower case)."""
    frequency = _background().get(word, _UNLISTED_FREQUENCY)
    return -math.expm1(-_ARTICLE_TOKENS * frequency)


@dataclass(frozen=True, slots=True)
class ArticleFeatures:
    """What the clusterer needs of one article: typed term frequencies, a MinHash signature, a day.

    Compact, because features travel by pickle from the extraction processes: one tuple of term keys and flat
    arrays rather than a dict per type. Keys carry their type so that one document-frequency table serves all:
    words are bare stems, names start with ``@``, numbers with ``#``, years with ``~`` and dates with ``^``.
    ``terms`` holds the words, then the names, numbers, years and dates (each type ends at ``ends[type]``),
    each type in order of first appearance. ``tf`` is the sublinear term frequency (1 + log tf); the clusterer
    multiplies in the idf. :meth:`typed` and the properties give one type as a dict.
    """

    id: str
    terms: tuple[str, ...]
    tf: FloatArray
    # Background share of articles containing each word and name (the first ends[NAMES] terms; see
    # background_share), for the idf prior: an article's own surface forms decide it, so it never depends on
    # what was extracted before.
    shares: FloatArray
    ends: tuple[int, int, int, int, int]
    signature: Signature
    day: int | None  # publication date as a day ordinal, None when unknown

    def typed(self, kind: int) -> dict[str, float]:
        """Term → sublinear tf for one type (WORDS, NAMES, NUMBERS, YEARS or DATES)."""
        start, end = self.ends[kind - 1] if kind else 0, self.ends[kind]
        return dict(zip(self.terms[start:end], self.tf[start:end].tolist(), strict=True))

    @property
    def words(self) -> dict[str, float]:
        return self.typed(WORDS)

    @property
    def names(self) -> dict[str, float]:
        return self.typed(NAMES)

    @property
    def numbers(self) -> dict[str, float]:
        return self.typed(NUMBERS)

    @property
    def years(self) -> dict[str, float]:
        return self.typed(YEARS)

    @property
    def dates(self) -> dict[str, float]:
        return self.typed(DATES)


@dataclass
class _Entries:
    """Term occurrences of a batch of articles before they are summed per article and key: key numbers (-1:
    none), article numbers, weights (counts, doubled in the lead) and background shares. Token terms come as
    arrays (``add``), runs and dates read from the text one by one (``add_one``); ``drop`` holds (article,
    key) pairs to leave out."""

    keys: list[IdArray] = field(default_factory=list)
    articles: list[IdArray] = field(default_factory=list)
    weights: list[FloatArray] = field(default_factory=list)
    shares: list[FloatArray] = field(default_factory=list)
    extra: tuple[list[int], list[int], list[float], list[float]] = field(default_factory=lambda: ([], [], [], []))
    drop: list[tuple[int, int]] = field(default_factory=list)

    def add(self, keys: IdArray, articles: IdArray, weights: FloatArray, shares: FloatArray) -> None:
        self.keys.append(keys)
        self.articles.append(articles)
        self.weights.append(weights)
        self.shares.append(shares)

    def add_one(self, key: int, article: int, weight: float, share: float) -> None:
        keys, articles, weights, shares = self.extra
        keys.append(key)
        articles.append(article)
        weights.append(weight)
        shares.append(share)

    def arrays(self) -> tuple[IdArray, IdArray, FloatArray, FloatArray]:
        keys, articles, weights, shares = self.extra
        return (
            np.concatenate([*self.keys, np.array(keys, np.intp)]),
            np.concatenate([*self.articles, np.array(articles, np.intp)]),
            np.concatenate([*self.weights, np.array(weights, np.float64)]),
            np.concatenate([*self.shares, np.array(shares, np.float64)]),
        )


class FeatureExtractor:
    """Turns ``(id, title, text, published)`` into :class:`ArticleFeatures`; caches per-token work.

    A token gets a number the first time it is seen, and numpy columns indexed by that number say what it is:
    the key numbers of its term (word stem, figure or year), its name and its month (-1: none), whether it is a
    word and in capitals, its background share and its shingle hash. A batch of articles then costs a regular
    expression each, one dictionary look-up per token (in C, through ``map``) and a few array operations for the
    whole batch that count, double the lead, sum per key and hash, instead of Python work per token. Distinct
    keys are numbered the same way. The caches are cleared past ``cache_size`` tokens and capitalised runs
    together (a worker process keeps its extractor, and so its caches, from batch to batch).
    """

    def __init__(self, lead_words: int = 50, minhash_permutations: int = 32, cache_size: int = 500_000) -> None:
        self.lead_words = lead_words
        self.cache_size = cache_size
        rng = np.random.default_rng(20240611)  # fixed: signatures must agree across processes and runs
        # Multiply-shift hashing: odd 64-bit multipliers, the top 32 bits of the (wrapping) product.
        self._a = rng.integers(1, 1 << 63, size=minhash_permutations, dtype=np.uint64) * np.uint64(2) + np.uint64(1)
        self._b = rng.integers(0, 1 << 63, size=minhash_permutations, dtype=np.uint64)
        self._clear()

    def _clear(self) -> None:
        self._token_ids: dict[str, int] = {}
        self._term: IdArray = np.empty(0, np.intp)
        self._name: IdArray = np.empty(0, np.intp)
        self._month: IdArray = np.empty(0, np.intp)
        self._word: npt.NDArray[np.bool_] = np.empty(0, np.bool_)  # words and stop words: the capitals test
        self._upper: npt.NDArray[np.bool_] = np.empty(0, np.bool_)
        self._share: FloatArray = np.empty(0, np.float64)
        self._hash: npt.NDArray[np.uint64] = np.empty(0, np.uint64)
        self._key_ids: dict[str, int] = {}
        self._keys: list[str] = []
        self._kinds: IdArray = np.empty(0, np.intp)
        self._runs: dict[str, tuple[int, float]] = {}
        self._lexemes: dict[str, tuple[str, float]] = {}

    def extract(self, article_id: str, title: str, text: str, published: str | None = None) -> ArticleFeatures:
        return self.extract_many([(article_id, title, text, published)])[0]

    def extract_many(self, rows: Sequence[Row]) -> list[ArticleFeatures]:
        """The features of each ``(id, title, text, published)``, the same as extracting them one at a time; the
        array work is done once for the whole batch, since numpy's cost per call would otherwise dominate."""
        if len(self._token_ids) + len(self._runs) > self.cache_size:
            self._clear()
        bodies = [f"{title}\n{text}" if title else text for _, title, text, _ in rows]
        tokens = [_TOKEN.findall(body) for body in bodies]
        self._learn(chain.from_iterable(tokens))
        lengths: IdArray = np.fromiter(map(len, tokens), np.intp, len(tokens))
        all_tokens = chain.from_iterable(tokens)
        ids: IdArray = np.fromiter(map(self._token_ids.__getitem__, all_tokens), np.intp, int(lengths.sum()))
        entries = _Entries()
        named, dated = self._token_entries(ids, lengths, entries)
        for article, body in enumerate(bodies):
            if named[article]:  # an article mostly in capitals has no usable capitalisation, so no names
                self._add_runs(article, body, entries)
            if dated[article] or "May " in body:
                self._add_dates(article, body, entries)
        return self._assemble(rows, entries, self._signatures(ids, lengths))

    def _token_entries(
        self, ids: IdArray, lengths: IdArray, entries: _Entries
    ) -> tuple[npt.NDArray[np.bool_], npt.NDArray[np.bool_]]:
        """Count each article's distinct tokens (the title and lead, its first ``lead_words`` tokens, twice)
        and add their terms, months and names in order of first appearance; return per article whether its
        capitalisation is usable (names) and whether it names a month (dates)."""
        count = len(lengths)
        article = np.repeat(np.arange(count), lengths)
        vocabulary = len(self._token_ids)
        distinct, first, inverse, counts = np.unique(
            article * vocabulary + ids, return_index=True, return_inverse=True, return_counts=True
        )
        position = np.arange(len(ids)) - np.repeat(np.cumsum(lengths) - lengths, lengths)
        lead = np.bincount(inverse, weights=position < self.lead_words, minlength=len(distinct))
        order = np.argsort(first)  # by article, then first appearance
        token, article, counts = distinct[order] % vocabulary, distinct[order] // vocabulary, counts[order]
        weights, shares, months = counts + lead[order], self._share[token], self._month[token]
        upper = np.bincount(article, weights=counts * self._upper[token], minlength=count)
        named = 2 * upper <= np.bincount(article, weights=counts * self._word[token], minlength=count)
        entries.add(self._term[token], article, weights, shares)
        entries.add(months, article, weights, shares)
        entries.add(np.where(named[article], self._name[token], -1), article, weights, shares)
        return named, np.bincount(article, weights=months >= 0, minlength=count) > 0

    # --- the token and key tables ------------------------------------------------------------------------
    def _learn(self, tokens: Iterable[str]) -> None:
        """Number and describe the tokens not seen before (sorted: the same numbers in every run)."""
        new = sorted(set(tokens).difference(self._token_ids))
        if not new:
            return
        size = len(self._token_ids)
        described = [self._describe(token) for token in new]
        self._term = appended(self._term, size, [d[0] for d in described])
        self._name = appended(self._name, size, [d[1] for d in described])
        self._month = appended(self._month, size, [d[2] for d in described])
        self._word = appended(self._word, size, [d[3] for d in described])
        self._upper = appended(self._upper, size, [d[4] for d in described])
        self._share = appended(self._share, size, [d[5] for d in described])
        self._hash = appended(self._hash, size, [zlib.crc32(token.lower().encode()) for token in new])
        self._token_ids.update(zip(new, range(size, size + len(new)), strict=True))

    def _describe(self, token: str) -> tuple[int, int, int, bool, bool, float]:
        """Key numbers of the token's term, name and month, whether it is a word, in capitals, its share."""
        low = token.lower()
        first = token[0]
        if first.isdigit():
            if len(token) == 4 and _YEAR.fullmatch(token):
                return (self._key("~" + token), -1, -1, False, False, 0.0)
            if ":" in token:
                return (-1, -1, -1, False, False, 0.0)  # a clock time
            number = token.replace(", ", ".").replace(". ", ".").replace(",", "")
            # Single digits ("3 people", "6th round") are too common to tell events apart; kept as days only.
            return (self._key("#" + number) if len(number) > 1 else -1, -1, -1, False, False, 0.0)
        upper = len(token) > 1 and token.isupper()
        if low in STOPWORDS:
            return (-1, -1, -1, True, upper, 1.0)
        key, share = self._lexeme(low)
        name = self._key("@" + key) if first.isupper() and low not in _NOT_NAMES else -1
        # Month names are capitalised; "march" in lower case is a verb, and "May" alone too often one.
        month = _MONTHS.get(low, 0) if first.isupper() else 0
        return (self._key(key), name, self._key(f"^{month}") if month else -1, True, upper, share)

    def _lexeme(self, low: str) -> tuple[str, float]:
        """The stem and background share of a lower-case word, cached: the case variants of a token and the
        words of new capitalised runs are mostly words seen before."""
        known = self._lexemes.get(low)
        if known is None:
            known = self._lexemes[low] = (stem(low), background_share(low))
        return known

    def _key(self, key: str) -> int:
        number = self._key_ids.get(key)
        if number is None:
            number = self._key_ids[key] = len(self._keys)
            self._kinds = appended(self._kinds, len(self._keys), [_KIND_OF_PREFIX.get(key[0], WORDS)])
            self._keys.append(key)
        return number

    # --- names and dates read from the text --------------------------------------------------------------
    def _add_runs(self, article: int, body: str, entries: _Entries) -> None:
        """Runs of capitalised words as names; the last run of a key gives its share."""
        lead_end = _lead_end(body, self.lead_words)
        runs = self._runs
        weights: dict[int, float] = {}
        shares: dict[int, float] = {}
        for match in _RUN.finditer(body):
            run = match.group(0)
            known = runs.get(run)
            if known is None:
                known = runs[run] = self._run_key(run)
            key, share = known
            if key >= 0:
                weights[key] = weights.get(key, 0.0) + (2.0 if match.start() < lead_end else 1.0)
                shares[key] = share
        for key, weight in weights.items():
            entries.add_one(key, article, weight, shares[key])

    def _run_key(self, run: str) -> tuple[int, float]:
        """The name key of a run of capitalised words, without leading or trailing stop words and months, and
        its background share: that of its rarest word, since the run is at most as common as any of its words."""
        parts = [w.lower() for w in run.split(" ")]
        while parts and parts[0] in _NOT_NAMES:
            parts.pop(0)
        while parts and parts[-1] in _NOT_NAMES:
            parts.pop()
        if len(parts) < 2:
            return -1, 0.0
        lexemes = [self._lexeme(w) for w in parts]
        return self._key("@" + " ".join(key for key, _ in lexemes)), min(share for _, share in lexemes)

    def _add_dates(self, article: int, body: str, entries: _Entries) -> None:
        """Month-day dates ("March 3", "3rd March"); their day is then no figure."""
        for match in _MONTH_DAY.finditer(body):
            month_word, day, day_first, month_after = match.groups()
            month = _DAY_MONTHS.get((month_word or month_after).rstrip(".").lower()[:3], 0)
            number = int(day or day_first)
            if month and 1 <= number <= 31:
                entries.add_one(self._key(f"^{month}-{number}"), article, 1.0, 0.0)
                entries.drop.append((article, self._key_ids.get(f"#{day or day_first}", -1)))

    # --- assembly ----------------------------------------------------------------------------------------
    def _assemble(self, rows: Sequence[Row], entries: _Entries, signatures: list[Signature]) -> list[ArticleFeatures]:
        """Sum the entries per article and key (weights add up, the commonest surface form gives the share),
        order each article's keys by type, then first appearance, and cut the batch into articles."""
        keys, articles, weights, shares = entries.arrays()
        size = len(self._keys)
        combined = articles * size + keys
        keep = keys >= 0
        if entries.drop:
            keep &= ~np.isin(combined, [article * size + key for article, key in entries.drop if key >= 0])
        unique, first, inverse = np.unique(combined[keep], return_index=True, return_inverse=True)
        sums = np.asarray(np.bincount(inverse, weights=weights[keep], minlength=len(unique)), np.float64)
        best = np.zeros(len(unique))
        np.maximum.at(best, inverse, shares[keep])
        key, article = unique % size, unique // size
        kind = self._kinds[key]
        order = np.lexsort((first, kind, article))
        key, article, kind, sums, best = key[order], article[order], kind[order], sums[order], best[order]
        count = len(rows)
        starts = np.searchsorted(article, np.arange(count + 1)).tolist()
        ends = np.cumsum(np.bincount(article * 5 + kind, minlength=5 * count).reshape(count, 5), axis=1).tolist()
        terms = list(map(self._keys.__getitem__, key.tolist()))
        tf = _sublinear(sums)
        features = []
        for number, (article_id, _, _, published) in enumerate(rows):
            start, stop = starts[number], starts[number + 1]
            words, names, numbers, years, dates = ends[number]
            features.append(
                ArticleFeatures(
                    article_id,
                    tuple(terms[start:stop]),
                    tf[start:stop],
                    best[start : start + names],
                    (words, names, numbers, years, dates),
                    signatures[number],
                    publication_day(published),
                )
            )
        return features

    def _signatures(self, ids: IdArray, lengths: IdArray) -> list[Signature]:
        """MinHash of each article's word 4-shingles (of its words themselves when fewer than four, of a single
        0 when none). Products for a group of articles at a time: few numpy calls, a small array."""
        hashes = self._hash[ids]
        shingles = (
            hashes[:-3] * np.uint64(0x9E3779B97F4A7C15)
            + hashes[1:-2] * np.uint64(0xC2B2AE3D27D4EB4F)
            + hashes[2:-1] * np.uint64(0x165667B19E3779F9)
            + hashes[3:]
            if len(hashes) >= 4
            else np.empty(0, np.uint64)
        )
        values = np.concatenate((shingles, hashes, np.zeros(1, np.uint64)))
        # Where each article's values lie in `values`: its shingles, else its token hashes, else the final 0.
        starts = np.cumsum(lengths) - lengths
        sizes = np.where(lengths >= 4, lengths - 3, np.maximum(lengths, 1))
        sources = np.where(lengths >= 4, starts, np.where(lengths > 0, len(shingles) + starts, len(values) - 1))
        offsets = np.cumsum(sizes) - sizes
        values = values[np.repeat(sources - offsets, sizes) + np.arange(int(sizes.sum()))]
        bounds = np.append(offsets, len(values)).tolist()
        signatures: list[Signature] = []
        for group in range(0, len(lengths), _SIGNATURE_GROUP):
            last = min(group + _SIGNATURE_GROUP, len(lengths))
            products = self._a[:, None] * values[None, bounds[group] : bounds[last]]
            products += self._b[:, None]
            # The top 32 bits of the smallest product are the smallest top 32 bits (the shift keeps the order).
            smallest = np.minimum.reduceat(products, offsets[group:last] - bounds[group], axis=1)
            signatures.extend(np.ascontiguousarray((smallest >> np.uint64(32)).astype(np.uint32).T))
        return signatures


def appended(array: npt.NDArray[_G], size: int, values: Sequence[Any]) -> npt.NDArray[_G]:
    """``array`` with ``values`` (items, or rows of a 2-d array) written from ``size`` on, reallocated at twice
    the length when full."""
    end = size + len(values)
    if end > len(array):
        grown = np.empty((max(end, 2 * len(array), 1024), *array.shape[1:]), array.dtype)
        grown[:size] = array[:size]
        array = grown
    array[size:end] = values
    return array


def _lead_end(body: str, lead_words: int) -> int:
    """Character offset where the lead (the first ``lead_words`` words) ends."""
    if not lead_words:
        return 0
    position = 0
    for _ in range(lead_words):
        position = body.find(" ", position + 1)
        if position < 0:
            return len(body)
    return position


def _sublinear(counts: FloatArray) -> FloatArray:
    """1 + log(count), by table for counts below its length."""
    whole = counts.astype(np.intp)
    if len(whole) and whole.max() >= len(_SUBLINEAR):
        return np.array([1.0 + math.log(n) for n in counts.tolist()])
    result: FloatArray = _SUBLINEAR[whole]
    return result


def publication_day(published: str | None) -> int | None:
    """The day ordinal of an ISO date or timestamp ("2014-03-10T16:52:50+00:00"); None when absent or odd."""
    if not published:
        return None
    try:
        if len(published) == 10:
            return date.fromisoformat(published).toordinal()
        return datetime.fromisoformat(published.replace("Z", "+00:00")).date().toordinal()
    except ValueError:
        return None
