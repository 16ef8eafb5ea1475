"""Story clustering: group articles about the same event, one article at a time.

Parallax compares outlets covering *one story*, so a corpus is first split into stories: articles about the
same event together, and a similar event at another time or place (a second earthquake on the same island, the
same boxer's next title defence) apart.

Design, in three stages per article (see :class:`StoryClusterer`):

1. **Features** (:mod:`newsparallax.cluster_features`): content stems, capitalised-token names, numbers, years
   and dates, each weighted by sublinear tf × idf (document frequencies counted as articles arrive) and
   normalised per type, then mixed with the ``*_weight`` settings; title and lead words count double. A MinHash
   signature over word 4-shingles.
2. **Candidate blocking**: an inverted index from terms to the stories that contain them, probed with the
   article's ``probe_terms`` heaviest (that is rarest and most repeated) terms, keeps the ``candidates`` stories
   sharing the most weight; MinHash LSH bands find syndicated copies.
3. **Scoring and assignment**: the cosine between the article and each candidate story's centroid, less a
   penalty when their publication dates lie far apart. The article joins the best story scoring at least
   ``join_threshold`` (or the story of a near-duplicate), else starts a new one. After a join, candidate
   stories whose centroids have grown close to the joined one are merged into it (the older keeps its id):
   two halves of one event started apart before their overlap showed.

``cluster(articles)`` is exactly ``add`` in order, so batch and incremental runs agree, and everything is
deterministic: no randomness, no set or hash order reaches a decision (ties go to the older story).

Story ids are ``"s"`` + the first 12 hex digits of the BLAKE2b hash of the story's first article id: stable
whatever came before that article, so the same corpus in the same order always gives the same ids, and a
story keeps its id as it grows. A merged story keeps the id of the older of the two.
"""

from __future__ import annotations

import functools
import hashlib
import heapq
import io
import json
import math
import pickle
import sys
import zlib
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, fields
from itertools import chain, compress, islice, pairwise, repeat
from typing import Any

import numpy as np
import numpy.typing as npt

from newsparallax.cluster_features import (
    NAMES,
    WORDS,
    ArticleFeatures,
    FeatureExtractor,
    FloatArray,
    IdArray,
    Row,
    Signature,
    appended,
)
from newsparallax.errors import SettingsError
from newsparallax.model import Article
from newsparallax.settings import describe, setting


@dataclass(frozen=True)
class ClusterSettings:
    """Every threshold of story clustering, each with a sentence on what it trades."""

    join_threshold: float = setting(
        0.3,
        "Minimum cosine between an article and a story's centroid for the article to join it. Higher keeps "
        "similar events apart (purer stories) but splits off articles that cover an event from another angle.",
    )
    short_text_terms: int = setting(
        12,
        "Texts with fewer distinct content words than this (headline-only records) join a story at a lower "
        "cosine, down to half the join threshold. Higher groups more headlines, but also more loosely related "
        "short items; 1 treats every text alike.",
    )
    merge_threshold: float = setting(
        0.5,
        "Two stories whose centroids reach this cosine are merged. Lower repairs more stories that started "
        "apart, but risks fusing two similar events once both have grown.",
    )
    word_weight: float = setting(
        1.0, "Weight of content words in the article vector: what happened. Higher favours topical similarity."
    )
    name_weight: float = setting(
        1.5,
        "Weight of capitalised names (people, places, organisations). Higher separates similar events with "
        "different actors or places, but trusts sentence-initial words and headline capitals more.",
    )
    number_weight: float = setting(
        0.7,
        "Weight of figures (magnitudes, tolls, scores). Higher separates events that differ in their numbers "
        "but splits reports that round or update them.",
    )
    year_weight: float = setting(
        0.3, "Weight of years named in the text. Higher separates the same kind of event in different years."
    )
    date_weight: float = setting(
        0.2, "Weight of months and month-day dates named in the text; higher separates events on other days."
    )
    lead_words: int = setting(
        50,
        "Words at the start (title included) that count double: the lead states the event, later paragraphs "
        "the background similar events share. 0 weighs every word alike.",
    )
    max_terms: int = setting(
        150,
        "Heaviest terms kept per article vector. Fewer is faster and uses less memory; more keeps detail that "
        "tells near-identical events apart.",
    )
    max_story_terms: int = setting(
        1000,
        "Heaviest terms kept in a story centroid (pruned when it grows to twice this). Bounds memory on long "
        "streams; lower forgets a big story's rarer details.",
    )
    probe_terms: int = setting(
        16,
        "The article's heaviest terms looked up in the inverted index to find candidate stories. More finds "
        "stories sharing only common words, at a cost per article.",
    )
    max_postings: int = setting(
        100,
        "For each probed term only the stories that most recently took it up are looked at. Bounds the cost "
        "of common terms on long streams; lower favours recent stories.",
    )
    candidates: int = setting(
        6,
        "Stories scored exactly per article (the best by shared term weight). More is slower but misses fewer "
        "stories that share many light terms.",
    )
    duplicate_threshold: float = setting(
        0.7,
        "Estimated Jaccard similarity of word 4-shingles (MinHash) above which an article is a syndicated copy "
        "of an earlier one and joins its story regardless of the centroid score.",
    )
    minhash_permutations: int = setting(
        32, "MinHash signature length: longer estimates resemblance more exactly but costs time and memory."
    )
    minhash_bands: int = setting(
        8,
        "LSH bands the signature is cut into; more bands find copies that differ more (and more false "
        "candidates, which the Jaccard estimate then rejects).",
    )
    time_window_days: float = setting(
        7.0,
        "When publication dates are known: an article dated this many days outside a story's date range takes "
        "the full time_penalty (less in proportion when closer). Longer keeps long-running events together.",
    )
    prior_documents: float = setting(
        2000.0,
        "Background articles (English word frequencies from wordfreq) counted into every idf, so that common "
        "words weigh little from the first article on. Higher trusts general English over the corpus's own "
        "counts for longer; 0 uses the corpus alone (unreliable for its first few hundred articles).",
    )
    time_penalty: float = setting(
        0.2, "Score taken off for a publication date far outside a story's dates; 0 ignores dates."
    )

    def __post_init__(self) -> None:
        for name in ("join_threshold", "merge_threshold", "duplicate_threshold"):
            if not 0.0 <= getattr(self, name) <= 1.0:
                raise SettingsError(f"{name} must lie in [0, 1], not {getattr(self, name)}")
        weights = (self.word_weight, self.name_weight, self.number_weight, self.year_weight, self.date_weight)
        if min(weights) < 0 or not sum(weights):
            raise SettingsError("the *_weight settings must be non-negative and not all zero")
        for name in ("max_terms", "max_story_terms", "probe_terms", "max_postings", "candidates", "short_text_terms"):
            if getattr(self, name) < 1:
                raise SettingsError(f"{name} must be at least 1")
        if self.minhash_bands < 1 or self.minhash_permutations % self.minhash_bands:
            raise SettingsError("minhash_permutations must be a multiple of minhash_bands")
        if self.lead_words < 0 or self.time_window_days <= 0 or self.time_penalty < 0:
            raise SettingsError("lead_words and time_penalty must be >= 0 and time_window_days > 0")


DEFAULT_CLUSTER = ClusterSettings()


def describe_cluster_settings() -> list[tuple[str, Any, str]]:
    """``(name, default, help)`` for every clustering setting, in declaration order."""
    return describe(ClusterSettings)


# Bump when a change to this module or cluster_features makes saved snapshots differ from a replay.
CLUSTERER_VERSION = 4
_STATE = (
    "_df", "_documents", "_stories", "_parent", "_postings", "_article_ids", "_article_story", "_ids_taken",
    "_bands", "_signatures", "_moves",
)  # fmt: skip


# Background share of articles naming a given figure, year or date, for the idf prior (words and names have
# their own, from word frequencies): any one figure or date is rare, a year less so.
_DEFAULT_SHARES = np.array([0.002, 0.02, 0.005])


def story_id(first_article: str) -> str:
    """``"s"`` + 12 hex digits of the BLAKE2b hash of the id of the story's first article."""
    return "s" + hashlib.blake2b(first_article.encode("utf-8"), digest_size=6).hexdigest()


class _Story:
    __slots__ = ("centroid", "first_day", "id", "last_day", "members", "norm2")

    def __init__(self, sid: str) -> None:
        self.id = sid
        self.centroid: dict[str, float] = {}
        self.norm2 = 0.0
        self.members: list[int] = []  # arrival numbers of its articles
        self.first_day: int | None = None
        self.last_day: int | None = None


@dataclass(frozen=True)
class Story:
    """A story as :meth:`StoryClusterer.stories` returns it: its id and its articles in arrival order."""

    id: str
    articles: tuple[str, ...]


class StoryClusterer:
    """Assigns articles to stories one at a time; see the module docstring for the design.

    ``add`` returns the id of the story the article joined or started. A later merge can move earlier articles
    into an older story: :meth:`assignments` and :meth:`stories` always give the current grouping.
    """

    def __init__(self, settings: ClusterSettings = DEFAULT_CLUSTER, *, workers: int = 1) -> None:
        self.settings = settings
        self.workers = workers  # processes for prefetch(); how fast, never what is decided
        self.extractor = FeatureExtractor(settings.lead_words, settings.minhash_permutations)
        self._pool: ProcessPoolExecutor | None = None
        self._prefetched: dict[Row, tuple[Future[list[ArticleFeatures]], int]] = {}
        self._batches: deque[list[Row]] = deque()
        total = (
            settings.word_weight
            + settings.name_weight
            + settings.number_weight
            + settings.year_weight
            + settings.date_weight
        )
        self._scales = tuple(
            math.sqrt(w / total)
            for w in (
                settings.word_weight,
                settings.name_weight,
                settings.number_weight,
                settings.year_weight,
                settings.date_weight,
            )
        )
        self._df: dict[str, int] = {}
        self._documents = 0
        self._stories: list[_Story] = []
        self._parent: list[int] = []  # union-find over story numbers: merged stories point at the survivor
        # The same, flattened into an array (every story's surviving story), for the blocking's bulk look-ups.
        self._roots: IdArray = np.empty(0, np.intp)
        self._postings: dict[str, list[int]] = {}
        self._article_ids: list[str] = []
        self._article_story: dict[str, int] = {}
        self._ids_taken: set[str] = set()
        self._rows = settings.minhash_permutations // settings.minhash_bands
        self._bands: list[dict[bytes, int]] = [{} for _ in range(settings.minhash_bands)]
        # One row per article; an array (not a list of arrays) for memory and a fast snapshot. Rows past
        # len(self._article_ids) are room to grow.
        self._signatures: npt.NDArray[np.uint32] = np.empty((0, settings.minhash_permutations), np.uint32)
        self._moves: dict[str, str] = {}  # articles moved by merges since the last take_moves()

    # --- public API --------------------------------------------------------------------------------------
    def add(self, article: Article) -> str:
        """Assign ``article`` to a story and return the story id. An id seen before returns its current story."""
        known = self._article_story.get(article.id)
        if known is not None:
            return self._stories[self._find(known)].id
        return self.add_batch([article])[0]

    def add_batch(self, articles: Sequence[Article]) -> list[str]:
        """:meth:`add` of each article in order, with the batch's term weights computed at once (see
        :meth:`add_many`); the features of articles not prefetched are extracted together."""
        features: list[ArticleFeatures | None] = []
        missing: list[Row] = []
        for article in articles:
            row = (article.id, article.title, article.text, article.published)
            ahead = self._prefetched.pop(row, None)
            features.append(ahead[0].result()[ahead[1]] if ahead is not None else None)
            if ahead is None:
                missing.append(row)
        extracted = iter(self.extractor.extract_many(missing) if missing else ())
        return self.add_many([f if f is not None else next(extracted) for f in features])

    def prefetch(self, articles: Sequence[Article]) -> None:
        """Start extracting the features of articles about to be added, in ``workers`` processes.

        A stream (``ingest``) calls this a batch or two ahead, so extraction runs beside clustering; ``add`` of
        an article prefetched with the same id and text then waits for its features instead of extracting
        them. Features depend on the article alone, so this changes only the speed. Batches never added (e.g.
        duplicates) are forgotten after a few more prefetches; nothing happens when ``workers`` is 1.
        """
        if self.workers <= 1 or not articles:
            return
        if self._pool is None:
            self._pool = ProcessPoolExecutor(max_workers=self.workers)
        rows = [(a.id, a.title, a.text, a.published) for a in articles]
        future = self._pool.submit(_extract_chunk, (self.settings, rows))
        for index, row in enumerate(rows):
            self._prefetched[row] = (future, index)
        self._batches.append(rows)
        while len(self._batches) > 4 * self.workers:
            for row in self._batches.popleft():
                self._prefetched.pop(row, None)

    def close(self) -> None:
        """Stop the prefetch processes (a clusterer that never prefetched has none)."""
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None
        self._prefetched.clear()
        self._batches.clear()

    def add_features(self, features: ArticleFeatures) -> str:
        """Like :meth:`add` for features extracted already (batch runs extract them in parallel)."""
        return self.add_many([features])[0]

    def add_many(self, batch: Sequence[ArticleFeatures]) -> list[str]:
        """:meth:`add_features` for each in order, with the term weights of the whole batch computed at once
        (fewer look-ups and array operations per article; see :meth:`_vectors`)."""
        fresh: dict[str, ArticleFeatures] = {}
        for features in batch:
            if features.id not in self._article_story:
                fresh.setdefault(features.id, features)  # an id given twice: the second is a known article
        vectors = dict(zip(fresh, self._vectors(list(fresh.values())), strict=True))
        placed = []
        for features in batch:
            vector = vectors.pop(features.id, None) if fresh.get(features.id) is features else None
            placed.append(self.story_of(features.id) if vector is None else self._place(features, *vector))
        return placed

    def _place(self, features: ArticleFeatures, terms: list[str], weights: FloatArray) -> str:
        number = len(self._article_ids)
        self._article_ids.append(features.id)
        chosen, others = self._choose(terms, weights, features)
        if chosen is None:
            chosen = self._new_story(features.id)
        self._join(chosen, number, terms, weights, features.day)
        self._remember_signature(features.signature, number)
        self._article_story[features.id] = chosen
        for other in others:
            chosen = self._maybe_merge(chosen, other)
        return self._stories[chosen].id

    def story_of(self, article_id: str) -> str:
        return self._stories[self._find(self._article_story[article_id])].id

    def assignments(self) -> dict[str, str]:
        """Article id → story id, for every article added, in arrival order."""
        return {a: self._stories[self._find(s)].id for a, s in self._article_story.items()}

    def stories(self) -> list[Story]:
        """The current stories in order of their first article; articles in arrival order."""
        out = []
        for number, story in enumerate(self._stories):
            if self._parent[number] == number:
                members = sorted(story.members)
                out.append((members[0], Story(story.id, tuple(self._article_ids[m] for m in members))))
        return [story for _, story in sorted(out, key=lambda item: item[0])]

    def __len__(self) -> int:
        return len(self._article_ids)

    def take_moves(self) -> dict[str, str]:
        """``{article id: story id now}`` for articles a merge moved since the last call (then forgotten)."""
        moves, self._moves = self._moves, {}
        return {article: self._stories[self._find(self._article_story[article])].id for article in moves}

    # --- snapshots (store.SnapshotClusterer): an ingest restores the state instead of replaying everything ---
    @property
    def snapshot_key(self) -> str:
        settings = json.dumps({f.name: getattr(self.settings, f.name) for f in fields(ClusterSettings)}, sort_keys=True)
        digest = hashlib.blake2b(settings.encode("utf-8"), digest_size=8).hexdigest()
        return f"story-clusterer/{CLUSTERER_VERSION}/{digest}"

    def snapshot(self) -> bytes:
        state = {name: getattr(self, name) for name in _STATE}
        state["_signatures"] = self._signatures[: len(self._article_ids)]
        # Pickled straight into the compressor, frame by frame: ``zlib.compress(pickle.dumps(…))`` would first
        # hold the whole uncompressed pickle, about a gigabyte next to the clusterer itself at 300k articles.
        out = io.BytesIO()
        compressor = zlib.compressobj(1)

        class _Sink:
            def write(self, chunk: Any) -> int:  # bytes, or a PickleBuffer for a large array (protocol 5)
                view = memoryview(chunk)
                out.write(compressor.compress(view))
                return view.nbytes

        pickle.dump(state, _Sink(), protocol=pickle.HIGHEST_PROTOCOL)
        out.write(compressor.flush())
        return out.getvalue()

    def restore(self, data: bytes) -> None:
        # pickle runs code from the data it loads: snapshots are only ever read from the user's own store,
        # which this process writes itself (the same trust as the code that reads it).
        state = pickle.loads(zlib.decompress(data))
        for name in _STATE:
            setattr(self, name, state[name])
        self._intern_restored()
        self._roots = np.array([self._find(story) for story in range(len(self._parent))], np.intp)

    def _intern_restored(self) -> None:
        """Make the restored terms the interned ones (see :meth:`_vectors`), so later articles share them. A term
        this process interned before (a live clusterer's, a module's word list) keeps that copy: the restored
        one is swapped for it wherever it is held, in the same order, so nothing decided changes."""
        canonical = {term: interned for term in self._df if (interned := sys.intern(term)) is not term}
        if not canonical:
            return
        swap = canonical.get
        self._df = {swap(term, term): count for term, count in self._df.items()}
        self._postings = {swap(term, term): stories for term, stories in self._postings.items()}
        for story in self._stories:
            if not canonical.keys().isdisjoint(story.centroid):
                story.centroid = {swap(term, term): weight for term, weight in story.centroid.items()}

    # --- stages ------------------------------------------------------------------------------------------
    def _vectors(self, batch: Sequence[ArticleFeatures]) -> list[tuple[list[str], FloatArray]]:
        """Count the articles' terms into the document frequencies, in order, and weigh each article's terms:
        sublinear tf × idf, L2-normalised per type, times the type's scale; the ``max_terms`` heaviest kept
        (then heaviest first, ties in the article's order).

        The idf also counts ``prior_documents`` background pseudo-articles, of which a term occurs in its share
        (``_DEFAULT_SHARES`` for figures, years, dates): a young corpus cannot tell a rare name from a common
        word by its own counts, and without the prior the first articles of a stream would weigh "said" like
        "Aceh".

        A batch is weighed at once, since document frequencies depend on the order of the articles only, never
        on the clustering decisions: an article's count of a term is the count before the batch plus the
        number of earlier articles of the batch with the term. Each operation runs in the order of the
        per-term loop this replaced (``math.log`` per term, sums of squares added left to right), so the
        weights are the same bits as adding the articles one by one.
        """
        if not batch:
            return []
        per_type = np.diff([[0, *features.ends] for features in batch], axis=1).ravel()  # segment sizes
        segment = np.repeat(np.arange(len(per_type)), per_type)  # article × 5 + type, for each term
        article, kind = np.divmod(segment, 5)
        terms, counts = self._count(list(chain.from_iterable(features.terms for features in batch)), len(batch) > 1)
        shares = np.empty(len(terms))
        words_and_names = kind <= NAMES
        shares[words_and_names] = np.concatenate([features.shares for features in batch])
        shares[~words_and_names] = _DEFAULT_SHARES[kind[~words_and_names] - NAMES - 1]
        pseudo = self.settings.prior_documents
        tops = [math.log(self._documents + number + pseudo + 1) for number in range(1, len(batch) + 1)]
        self._documents += len(batch)
        logs = np.fromiter(map(math.log, (counts + pseudo * shares + 0.5).tolist()), np.float64, len(terms))
        raw = np.concatenate([features.tf for features in batch]) * (np.array(tops)[article] - logs)
        kept = (raw > 0) & (np.array(self._scales)[kind] > 0)
        # Sums of squares per article and type, added left to right: a row per segment, padded with zeros at
        # the end (adding 0 changes nothing), summed along the rows by cumsum, which adds in order.
        starts = np.cumsum(per_type) - per_type
        squares = np.zeros((len(per_type), int(per_type.max())))
        squares[segment, np.arange(len(terms)) - starts[segment]] = np.where(kept, raw * raw, 0.0)
        totals = squares.cumsum(axis=1)[:, -1] if squares.size else np.zeros(len(per_type))
        scales = np.tile(self._scales, len(batch))
        factors = np.divide(scales, np.sqrt(totals), out=np.zeros(len(per_type)), where=totals > 0)
        weights = raw * factors[segment]
        index = np.flatnonzero(kept)
        # Each article's kept terms, and the same heaviest first: a stable sort on the negated weights keeps the
        # first of equal weights first, as heapq.nlargest did.
        heaviest = index[np.lexsort((-weights[index], article[index]))]
        bounds = np.searchsorted(article[index], range(len(batch) + 1)).tolist()
        most = self.settings.max_terms
        vectors = []
        for start, end in pairwise(bounds):
            chosen = index[start:end] if end - start <= most else heaviest[start : start + most]
            vectors.append((list(map(terms.__getitem__, chosen.tolist())), weights[chosen]))
        return vectors

    def _count(self, terms: list[str], repeats: bool) -> tuple[list[str], npt.NDArray[np.int64]]:
        """The terms interned, and each one's document frequency with its article, counted into ``_df``;
        ``repeats``: a term can occur more than once (in several articles of a batch), and its later occurrences
        count the earlier ones.

        Interned because features arrive by pickle, with new string objects for every batch: a story's centroid
        and the inverted index would otherwise keep a copy of a term for each batch that brought it (0.9 of the
        4.5 GB a 300,000-article ingest took, and as many more objects for a snapshot to pickle). ``sys.intern``
        rather than a table of our own, which would cost another entry per term; the price is that on CPython
        3.12, where interned strings are immortal, a long-lived process keeps every term it has clustered
        (bounded by the vocabulary, not by the number of articles).
        """
        df = self._df
        counts: npt.NDArray[np.int64]
        if not repeats:
            terms = list(map(sys.intern, terms))
            counts = np.fromiter(map(df.get, terms, repeat(0)), np.int64, len(terms)) + 1
            df.update(zip(terms, counts.tolist(), strict=True))
            return terms, counts
        distinct = list(map(sys.intern, dict.fromkeys(terms)))
        numbers = dict(zip(distinct, range(len(distinct)), strict=True))
        code = np.fromiter(map(numbers.__getitem__, terms), np.intp, len(terms))
        terms = list(map(distinct.__getitem__, code.tolist()))
        before = np.fromiter(map(df.get, distinct, repeat(0)), np.int64, len(distinct))
        # Each term's occurrences together, in batch order (16-bit codes sort in linear time, by radix).
        order = np.argsort(code.astype(np.uint16) if len(distinct) <= 1 << 16 else code, kind="stable")
        grouped = code[order]
        position = np.arange(len(terms))
        starts = np.concatenate(([True], grouped[1:] != grouped[:-1]))
        earlier = np.empty(len(terms), np.int64)
        earlier[order] = position - np.maximum.accumulate(np.where(starts, position, 0))
        df.update(zip(distinct, (before + np.bincount(code, minlength=len(distinct))).tolist(), strict=True))
        counts = before[code] + earlier + 1
        return terms, counts

    def _find(self, story: int) -> int:
        parent = self._parent
        root = story
        while parent[root] != root:
            root = parent[root]
        while parent[story] != root:
            parent[story], story = root, parent[story]
        return root

    def _choose(self, terms: list[str], weights: FloatArray, features: ArticleFeatures) -> tuple[int | None, list[int]]:
        """The story to join (None: start one) and the other close candidates, to check for merges."""
        settings = self.settings
        duplicate = self._duplicate_of(features.signature)
        candidates = self._block(terms, weights)
        if duplicate is not None and duplicate not in candidates:
            candidates.append(duplicate)
        scores = self._scores(terms, weights, candidates, features.day)
        scored = sorted(zip(scores, candidates, strict=True), key=_by_score)
        if duplicate is not None:
            chosen: int | None = duplicate
        elif scored and scored[0][0] >= self._join_threshold(features):
            chosen = scored[0][1]
        else:
            chosen = None
        # Merge candidates: stories the article also resembles (a merge needs their centroids to be close).
        others = [s for score, s in scored if s != chosen and score >= settings.join_threshold / 2]
        return chosen, others

    def _block(self, terms: list[str], weights: FloatArray) -> list[int]:
        """The ``candidates`` stories sharing the most weight of the article's ``probe_terms`` heaviest terms
        (the first of equal weights first; the vector's order is the article's own), through the inverted index;
        ties go to the older story.

        The hot spot of clustering, so the postings are read in bulk: each probe's last ``max_postings`` stories
        are mapped to their surviving stories and summed per story by numpy, in the order a loop would add
        them, so the sums are the same bits.
        """
        settings = self.settings
        probes = np.argsort(-weights, kind="stable")[: settings.probe_terms].tolist()
        postings, most = self._postings, settings.max_postings
        found = [(postings.get(terms[probe]) or [])[-most:] for probe in probes]
        lengths = [len(stories) for stories in found]
        total = sum(lengths)
        if not total:
            return []
        stories = np.fromiter(chain.from_iterable(found), np.intp, total)
        roots, where = np.unique(self._roots[stories], return_inverse=True)
        shared = np.bincount(where, weights=np.repeat(weights[probes], lengths), minlength=len(roots))
        best = np.lexsort((roots, -shared))[: settings.candidates]
        candidates: list[int] = roots[best].tolist()
        return candidates

    def _join_threshold(self, features: ArticleFeatures) -> float:
        """``join_threshold``, lowered for a text of fewer than ``short_text_terms`` content words (down to half
        at a quarter of them): a headline shares only a few words with its story, so its cosine runs lower
        for the same evidence."""
        settings = self.settings
        terms = features.ends[WORDS]
        if terms >= settings.short_text_terms:
            return float(settings.join_threshold)
        return float(settings.join_threshold * max(0.5, math.sqrt(terms / settings.short_text_terms)))

    def _scores(self, terms: list[str], weights: FloatArray, stories: list[int], day: int | None) -> list[float]:
        """Cosine of the article with each story's centroid, less the time penalty. The centroid weights of the
        article's terms (0 where missing, which adds nothing) are looked up in C and the dot products summed
        left to right, as the per-term loop did."""
        if not stories:
            return []
        values = chain.from_iterable(map(self._stories[s].centroid.get, terms, repeat(0.0)) for s in stories)
        matrix = np.fromiter(values, np.float64, len(stories) * len(terms)).reshape(len(stories), len(terms))
        dots = np.cumsum(matrix * weights, axis=1)[:, -1].tolist() if len(terms) else [0.0] * len(stories)
        settings = self.settings
        scores = []
        for story, dot in zip(stories, dots, strict=True):
            s = self._stories[story]
            if not s.norm2:
                scores.append(0.0)
                continue
            score = dot / math.sqrt(s.norm2)
            if day is not None and s.first_day is not None and s.last_day is not None and settings.time_penalty:
                gap = max(s.first_day - day, day - s.last_day, 0)
                score -= settings.time_penalty * min(1.0, gap / settings.time_window_days)
            scores.append(score)
        return scores

    def _new_story(self, first_article: str) -> int:
        sid = story_id(first_article)
        suffix = 2
        while sid in self._ids_taken:  # a hash collision (or a repeated first id): keep ids unique
            sid = f"{story_id(first_article)}-{suffix}"
            suffix += 1
        self._ids_taken.add(sid)
        self._stories.append(_Story(sid))
        self._roots = appended(self._roots, len(self._parent), [len(self._parent)])
        self._parent.append(len(self._parent))
        return len(self._stories) - 1

    def _join(self, number: int, article: int, terms: list[str], weights: FloatArray, day: int | None) -> None:
        story = self._stories[number]
        story.members.append(article)
        if day is not None:
            story.first_day = day if story.first_day is None else min(story.first_day, day)
            story.last_day = day if story.last_day is None else max(story.last_day, day)
        self._absorb(number, terms, weights)

    def _absorb(self, number: int, terms: Sequence[str], weights: FloatArray) -> None:
        """Add a vector to a story's centroid (new terms in the vector's order) and its squared norm (updated
        term by term, left to right, as a loop would)."""
        story = self._stories[number]
        centroid = story.centroid
        old = np.fromiter(map(centroid.get, terms, repeat(math.nan)), np.float64, len(terms))
        new = np.isnan(old)
        summed = np.where(new, weights, old + weights)
        changes = np.where(new, weights * weights, summed * summed - old * old)
        story.norm2 = float(np.cumsum(np.concatenate(([story.norm2], changes)))[-1])
        centroid.update(zip(terms, summed.tolist(), strict=True))
        postings = self._postings
        for key in compress(terms, new.tolist()):
            posting = postings.get(key)
            if posting is None:
                postings[key] = [number]
            else:
                posting.append(number)
        limit = self.settings.max_story_terms
        if len(centroid) > 2 * limit:
            kept = heapq.nlargest(limit, centroid.items(), key=lambda item: (item[1], item[0]))
            story.centroid = dict(kept)
            story.norm2 = sum(w * w for _, w in kept)

    def _maybe_merge(self, chosen: int, other: int) -> int:
        chosen, other = self._find(chosen), self._find(other)
        if chosen == other:
            return chosen
        a, b = self._stories[chosen], self._stories[other]
        small, large = (a.centroid, b.centroid) if len(a.centroid) <= len(b.centroid) else (b.centroid, a.centroid)
        dot = 0.0
        for key, w in small.items():
            c = large.get(key)
            if c is not None:
                dot += w * c
        if not a.norm2 or not b.norm2 or dot / math.sqrt(a.norm2 * b.norm2) < self.settings.merge_threshold:
            return chosen
        keep, gone = min(chosen, other), max(chosen, other)
        survivor, absorbed = self._stories[keep], self._stories[gone]
        self._parent[gone] = keep
        roots = self._roots[: len(self._parent)]
        roots[roots == gone] = keep
        survivor.members.extend(absorbed.members)
        for member in absorbed.members:
            self._moves[self._article_ids[member]] = survivor.id
        for day in (absorbed.first_day, absorbed.last_day):
            if day is not None:
                survivor.first_day = day if survivor.first_day is None else min(survivor.first_day, day)
                survivor.last_day = day if survivor.last_day is None else max(survivor.last_day, day)
        self._absorb(keep, list(absorbed.centroid), np.fromiter(absorbed.centroid.values(), np.float64))
        absorbed.centroid = {}
        absorbed.members = []
        absorbed.norm2 = 0.0
        return keep

    # --- near-duplicates ---------------------------------------------------------------------------------
    def _band_keys(self, signature: Signature) -> list[bytes]:
        rows = self._rows
        raw = signature.tobytes()
        width = rows * signature.itemsize
        return [raw[i * width : (i + 1) * width] for i in range(len(self._bands))]

    def _duplicate_of(self, signature: Signature) -> int | None:
        """The story of the earliest earlier article whose shingles this one shares (estimated) enough of."""
        seen: list[int] = []
        for band, key in zip(self._bands, self._band_keys(signature), strict=True):
            article = band.get(key)
            if article is not None and article not in seen:
                seen.append(article)
        for article in sorted(seen):
            similarity = float(np.mean(self._signatures[article] == signature))
            if similarity >= self.settings.duplicate_threshold:
                return self._find(self._article_story[self._article_ids[article]])
        return None

    def _remember_signature(self, signature: Signature, article: int) -> None:
        self._signatures = appended(self._signatures, article, [signature])
        for band, key in zip(self._bands, self._band_keys(signature), strict=True):
            band.setdefault(key, article)


def _by_score(item: tuple[float, int]) -> tuple[float, int]:
    """Scored candidates: best first, ties to the older story."""
    return -item[0], item[1]


@functools.cache
def _process_extractor(lead_words: int, minhash_permutations: int) -> FeatureExtractor:
    """One extractor per worker process and settings, so its token caches stay warm from chunk to chunk (a
    fresh one per chunk would describe every token again); features never depend on what a cache holds."""
    return FeatureExtractor(lead_words, minhash_permutations)


def _extract_chunk(args: tuple[ClusterSettings, list[Row]]) -> list[ArticleFeatures]:
    settings, rows = args
    return _process_extractor(settings.lead_words, settings.minhash_permutations).extract_many(rows)


def extract_all(
    articles: Iterable[Article], settings: ClusterSettings = DEFAULT_CLUSTER, workers: int = 1, chunk: int = 500
) -> Iterator[ArticleFeatures]:
    """Features of every article, in order; see :func:`extract_batches`."""
    return chain.from_iterable(extract_batches(articles, settings, workers, chunk))


def extract_batches(
    articles: Iterable[Article], settings: ClusterSettings = DEFAULT_CLUSTER, workers: int = 1, chunk: int = 500
) -> Iterator[list[ArticleFeatures]]:
    """Features of every article, in order and in lists of ``chunk``; in ``workers`` processes when more than one.

    Features depend on the article alone, so parallel extraction changes nothing downstream. The processes
    work ahead of the consumer (which clusters meanwhile) by at most ``2 × workers`` chunks, so a stream of any
    length is extracted in bounded memory.
    """
    rows = ((a.id, a.title, a.text, a.published) for a in articles)
    if workers <= 1:
        extractor = FeatureExtractor(settings.lead_words, settings.minhash_permutations)
        while batch := list(islice(rows, chunk)):
            yield extractor.extract_many(batch)
        return
    with ProcessPoolExecutor(max_workers=workers) as pool:
        pending: deque[Future[list[ArticleFeatures]]] = deque()
        while True:
            while len(pending) < 2 * workers:
                batch = list(islice(rows, chunk))
                if not batch:
                    break
                pending.append(pool.submit(_extract_chunk, (settings, batch)))
            if not pending:
                return
            yield pending.popleft().result()


def cluster(
    articles: Sequence[Article], settings: ClusterSettings = DEFAULT_CLUSTER, workers: int = 1
) -> list[tuple[str, list[str]]]:
    """Group ``articles`` into stories: ``(story id, article ids)`` in order of first article.

    The same as adding the articles one by one to a :class:`StoryClusterer` in this order. ``workers`` > 1
    extracts features in that many processes while this one clusters (worth it from a few thousand articles).
    """
    clusterer = StoryClusterer(settings)
    for batch in extract_batches(articles, settings, workers):
        clusterer.add_many(batch)
    return [(story.id, list(story.articles)) for story in clusterer.stories()]
