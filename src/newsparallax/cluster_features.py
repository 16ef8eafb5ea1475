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
"""

from __future__ import annotations

import math
import re
import zlib
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from typing import Final

import numpy as np
import numpy.typing as npt

from newsparallax.signals import STOPWORDS, stem

Signature = npt.NDArray[np.uint32]

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
# Runs of capitalised words: "Tony Thompson", "Santa Rosa", "Internet Explorer".
_RUN = re.compile(r"\b[A-Z][A-Za-z'’\-]*[a-z][A-Za-z'’\-]*(?: [A-Z][A-Za-z'’\-]*[a-z][A-Za-z'’\-]*)+")
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?"
_MONTH_DAY = re.compile(rf"\b({_MONTH}) (\d{{1,2}})\b(?![\d:])|\b(\d{{1,2}})(?:st|nd|rd|th)? ({_MONTH})\b")
_YEAR = re.compile(r"(?:1[89]|20)\d\d")

# Token kinds in the per-token cache.
_OTHER, _NUMBER, _YEAR_KIND, _STOP, _WORD = range(5)
_TokenInfo = tuple[int, str, str, int, bool, float]  # kind, key, name key, month, all capitals, background p

# Background document frequency of a word: the chance that an article of ~_ARTICLE_TOKENS tokens contains it at
# least once, from its frequency per token in wordfreq's English list (Poisson). A word missing from the list
# is rarer than anything in it.
_ARTICLE_TOKENS: Final = 500
_UNLISTED_FREQUENCY: Final = 1e-8


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
    """What the clusterer needs of one article: term weights by type, a MinHash signature, a day.

    Term weights are sublinear term frequencies (1 + log tf); the clusterer multiplies in the idf. Keys carry
    their type so that one document-frequency table serves all: words are bare stems, names start with ``@``,
    numbers with ``#``, years with ``~`` and dates with ``^``.
    """

    id: str
    words: dict[str, float]
    names: dict[str, float]
    numbers: dict[str, float]
    years: dict[str, float]
    dates: dict[str, float]
    signature: Signature
    day: int | None  # publication date as a day ordinal, None when unknown
    # Background share of articles containing each word and name key (see background_share), for the idf
    # prior: an article's own surface forms decide it, so it never depends on what was extracted before.
    prior: dict[str, float]


class FeatureExtractor:
    """Turns ``(id, title, text, published)`` into :class:`ArticleFeatures`; caches per-token work.

    The caches map a raw token to what it is (number, year, stop word, stem, capitalised) and to its shingle
    hash, so a token costs a dictionary look-up after the first time it is seen; most of the work runs once
    per distinct token of an article (``Counter`` does the counting in C). They are cleared past
    ``cache_size`` entries.
    """

    def __init__(self, lead_words: int = 50, minhash_permutations: int = 32, cache_size: int = 500_000) -> None:
        self.lead_words = lead_words
        self.cache_size = cache_size
        rng = np.random.default_rng(20240611)  # fixed: signatures must agree across processes and runs
        # Multiply-shift hashing: odd 64-bit multipliers, the top 32 bits of the (wrapping) product.
        self._a = rng.integers(1, 1 << 63, size=minhash_permutations, dtype=np.uint64) * np.uint64(2) + np.uint64(1)
        self._b = rng.integers(0, 1 << 63, size=minhash_permutations, dtype=np.uint64)
        self._info: dict[str, _TokenInfo] = {}
        self._hash: dict[str, int] = {}
        self._runs: dict[str, tuple[str, float]] = {}

    def _describe(self, token: str) -> _TokenInfo:
        low = token.lower()
        first = token[0]
        if first.isdigit():
            if len(token) == 4 and _YEAR.fullmatch(token):
                return (_YEAR_KIND, "~" + token, "", 0, False, 0.0)
            if ":" in token:
                return (_OTHER, "", "", 0, False, 0.0)  # a clock time
            number = token.replace(", ", ".").replace(". ", ".").replace(",", "")
            # Single digits ("3 people", "6th round") are too common to tell events apart; kept as days only.
            return (_NUMBER, "#" + number if len(number) > 1 else "", number, 0, False, 0.0)
        # Month names are capitalised; "march" in lower case is a verb, and "May" alone too often one.
        month = _MONTHS.get(low, 0) if first.isupper() else 0
        upper = len(token) > 1 and token.isupper()
        if low in STOPWORDS:
            return (_STOP, "", "", month, upper, 1.0)
        key = stem(low)
        name = "@" + key if first.isupper() and low not in _NOT_NAMES else ""
        return (_WORD, key, name, month, upper, background_share(low))

    def extract(self, article_id: str, title: str, text: str, published: str | None = None) -> ArticleFeatures:
        body = f"{title}\n{text}" if title else text
        tokens = _TOKEN.findall(body)
        info = self._info
        if len(info) > self.cache_size:
            info.clear()
            self._hash.clear()
            self._runs.clear()
        counts = Counter(tokens)
        for token in counts:
            if token not in info:
                info[token] = self._describe(token)
                self._hash[token] = zlib.crc32(token.lower().encode())
        words: dict[str, float] = {}
        names: dict[str, float] = {}
        numbers: dict[str, float] = {}
        years: dict[str, float] = {}
        months: dict[str, float] = {}
        prior: dict[str, float] = {}
        upper, seen = _accumulate(counts, info, words, names, numbers, years, months, prior)
        if self.lead_words:  # the title and lead count twice
            _accumulate(Counter(tokens[: self.lead_words]), info, words, names, numbers, years, months)
        lead_end = _lead_end(body, self.lead_words)
        if upper * 2 > seen:
            names = {}  # an article in capitals has no usable capitalisation
        else:
            runs = self._runs
            for match in _RUN.finditer(body):
                run = match.group(0)
                known = runs.get(run)
                if known is None:
                    known = runs[run] = _run_key(run)
                key, share = known
                if key:
                    names[key] = names.get(key, 0.0) + (2.0 if match.start() < lead_end else 1.0)
                    prior[key] = share
        dates: dict[str, float] = {}
        if months or "May " in body:
            dates.update(months)
            for match in _MONTH_DAY.finditer(body):
                month_word, day, day_first, month_after = match.groups()
                month = _DAY_MONTHS.get((month_word or month_after).rstrip(".").lower()[:3], 0)
                number = int(day or day_first)
                if month and 1 <= number <= 31:
                    key = f"^{month}-{number}"
                    dates[key] = dates.get(key, 0.0) + 1.0
                    numbers.pop(f"#{day or day_first}", None)
        hashes = list(map(self._hash.__getitem__, tokens))
        return ArticleFeatures(
            article_id,
            _sublinear(words),
            _sublinear(names),
            _sublinear(numbers),
            _sublinear(years),
            _sublinear(dates),
            self.signature(hashes),
            publication_day(published),
            prior,
        )

    def signature(self, hashes: list[int]) -> Signature:
        """MinHash of the word 4-shingles (of the words themselves when fewer than four)."""
        h = np.asarray(hashes if hashes else [0], dtype=np.uint64)
        if len(h) >= 4:
            h = (
                h[:-3] * np.uint64(0x9E3779B97F4A7C15)
                + h[1:-2] * np.uint64(0xC2B2AE3D27D4EB4F)
                + h[2:-1] * np.uint64(0x165667B19E3779F9)
                + h[3:]
            )
        products = (self._a[:, None] * h[None, :] + self._b[:, None]) >> np.uint64(32)
        signature: Signature = products.min(axis=1).astype(np.uint32)
        return signature


def _accumulate(
    counts: Counter[str],
    info: dict[str, _TokenInfo],
    words: dict[str, float],
    names: dict[str, float],
    numbers: dict[str, float],
    years: dict[str, float],
    months: dict[str, float],
    prior: dict[str, float] | None = None,
) -> tuple[int, int]:
    """Add the tokens of ``counts`` to the typed term counts (and, given ``prior``, their background shares);
    return (tokens in capitals, word tokens)."""
    upper = 0
    seen = 0
    for token, n in counts.items():
        kind, key, name, month, capitals, share = info[token]
        if kind == _WORD:
            seen += n
            words[key] = words.get(key, 0.0) + n
            if prior is not None and share > prior.get(key, 0.0):
                # The commonest surface form decides ("offers" and "offer" share a stem): max is order-free.
                prior[key] = share
            if name:
                names[name] = names.get(name, 0.0) + n
                if prior is not None and share > prior.get(name, 0.0):
                    prior[name] = share
            if capitals:
                upper += n
            if month:
                key = f"^{month}"
                months[key] = months.get(key, 0.0) + n
        elif kind == _NUMBER:
            if key:
                numbers[key] = numbers.get(key, 0.0) + n
        elif kind == _YEAR_KIND:
            years[key] = years.get(key, 0.0) + n
        elif kind == _STOP:
            seen += n
            if capitals:
                upper += n
    return upper, seen


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


def _run_key(run: str) -> tuple[str, float]:
    """The name key of a run of capitalised words, without leading or trailing stop words and months, and its
    background share: that of its rarest word, since the run is at most as common as any of its words."""
    parts = [w.lower() for w in run.split(" ")]
    while parts and parts[0] in _NOT_NAMES:
        parts.pop(0)
    while parts and parts[-1] in _NOT_NAMES:
        parts.pop()
    if len(parts) < 2:
        return "", 0.0
    return "@" + " ".join(stem(w) for w in parts), min(background_share(w) for w in parts)


def _sublinear(counts: dict[str, float]) -> dict[str, float]:
    log = math.log
    return {k: 1.0 + log(n) for k, n in counts.items() if n > 0}


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
