"""The data model every stage speaks: frozen dataclasses, items point into ``Article.text`` by offsets.

``Article.text`` is the single source of truth. Sentences, mentions and every later item store
``(article, start, end)`` and never a copy of the text; :meth:`Article.slice` rebuilds the text of a span.
Serialisation to and from JSON lives in :mod:`newsparallax.serialize`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Coverage = Literal["full", "partial"]
Comparator = Literal["=", ">", ">=", "<", "<=", "~"]
QuoteMatch = Literal["verbatim", "altered", "single"]
QuoteKind = Literal["direct", "partial", "reported"]
ReuseKind = Literal["quote", "narrative", "syndication"]
FramingKind = Literal["word_choice", "label", "attribution", "certainty", "voice", "context", "tone", "headline"]
SummaryKind = Literal["consensus", "unique", "conflict"]


@dataclass(frozen=True, slots=True)
class Span:
    """Characters ``[start, end)`` of the text of article ``article``."""

    article: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of an article: offsets into its text, the paragraph it sits in, boilerplate or not."""

    index: int
    start: int
    end: int
    paragraph: int
    boilerplate: bool = False


@dataclass(frozen=True, slots=True)
class Paragraph:
    index: int
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number with what it counts: "more than 50 diplomats" is (>, 50, "diplomats")."""

    article: str
    start: int
    end: int
    value: float
    comparator: Comparator = "="
    unit: str | None = None  # what is counted or measured: "diplomats", "USD", "%", "troops"


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date or time expression; ``value`` is ISO (``2022-01-30``, ``2022-01``, ``2022``) once resolved."""

    article: str
    start: int
    end: int
    value: str | None
    granularity: Literal["day", "month", "year", "weekday", "relative", "time", "unresolved"] = "unresolved"


@dataclass(frozen=True, slots=True)
class QuoteMention:
    """A quotation in one article: ``start``/``end`` cover the quoted words (marks excluded).

    ``speaker`` is the normalised speaker name (``None`` when unknown), ``cue`` the attribution verb
    ("said", "told", "according to"), ``kind`` whether the words are quoted directly, a fragment inside a
    sentence, or reported speech without quote marks.
    """

    article: str
    start: int
    end: int
    speaker: str | None
    cue: str | None
    kind: QuoteKind = "direct"
    speaker_start: int | None = None
    speaker_end: int | None = None


@dataclass(frozen=True, slots=True)
class Article:
    """One news article. ``sentences`` and ``paragraphs`` are empty until the segmenter has run."""

    id: str
    source: str
    title: str
    text: str
    path: str | None = None
    url: str | None = None
    published: str | None = None
    author: str | None = None
    language: str | None = None
    paragraphs: tuple[Paragraph, ...] = ()
    sentences: tuple[Sentence, ...] = ()
    # Filled in by the per-article annotators (empty until they have run).
    quotes: tuple[QuoteMention, ...] = ()
    quantities: tuple[Quantity, ...] = ()
    dates: tuple[DateMention, ...] = ()

    def slice(self, start: int, end: int) -> str:
        return self.text[start:end]

    @property
    def content_sentences(self) -> tuple[Sentence, ...]:
        """The sentences that can state facts (boilerplate left out)."""
        return tuple(s for s in self.sentences if not s.boilerplate)


@dataclass(frozen=True, slots=True)
class Mention:
    """The part of a sentence that states a fact.

    ``start``/``end`` may cover the whole sentence or one of its clauses. ``coverage`` is ``partial`` when the
    mention states clearly less of the fact than another mention of it does (see docs/alignment.md).
    """

    article: str
    sentence: int
    start: int
    end: int
    coverage: Coverage = "full"

    @property
    def span(self) -> Span:
        return Span(self.article, self.start, self.end)


@dataclass(frozen=True, slots=True)
class Conflict:
    """Mentions of one fact that disagree on a detail: a number, a date, a name, or a negation."""

    kind: Literal["number", "date", "name", "negation"]
    values: tuple[tuple[str, str], ...]  # (article id, value as stated) in article order
    mentions: tuple[Span, ...]
    explanation: str


@dataclass(frozen=True, slots=True)
class Fact:
    """One piece of information and every mention of it across the articles of a story."""

    id: str
    mentions: tuple[Mention, ...]
    conflicts: tuple[Conflict, ...] = ()

    @property
    def articles(self) -> tuple[str, ...]:
        """The articles reporting the fact, in the story's article order is up to the caller; here: first seen."""
        return tuple(dict.fromkeys(m.article for m in self.mentions))


@dataclass(frozen=True, slots=True)
class Quote:
    """One utterance quoted by one or more articles.

    ``match``: ``verbatim`` (every article has the same words), ``altered`` (the words differ; ``diff`` holds
    word-level operations ``(op, words_a, words_b)`` between the first mention and each other), ``single``
    (only one article quotes it).
    """

    id: str
    speaker: str | None
    match: QuoteMatch
    mentions: tuple[QuoteMention, ...]
    diff: tuple[tuple[str, str, str, str], ...] = ()  # (article id, op, words in first, words here)
    paraphrase: bool = False  # same speaker and fact, but the words inside the marks differ too much to be one
    # (article id, the normalised speaker that article gives the words, None when it names none), per article
    attributions: tuple[tuple[str, str | None], ...] = ()

    @property
    def articles(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(m.article for m in self.mentions))


@dataclass(frozen=True, slots=True)
class Reuse:
    """A passage two (or more) articles share word for word."""

    articles: tuple[str, ...]
    words: int
    kind: ReuseKind
    spans: tuple[Span, ...]
    quote: str | None = None  # the id of the verbatim quote group these words are, when they are one


@dataclass(frozen=True, slots=True)
class Framing:
    """One framing observation: how outlets word, label, attribute, hedge or voice the same story.

    ``terms`` maps an article id to the words it uses (in text order); ``spans`` locate them; ``fact`` names the
    aligned fact the item rests on when there is one; ``explanation`` is one line for a reader.
    """

    kind: FramingKind
    articles: tuple[str, ...]
    terms: tuple[tuple[str, tuple[str, ...]], ...]
    spans: tuple[Span, ...]
    explanation: str
    fact: str | None = None


@dataclass(frozen=True, slots=True)
class SummarySentence:
    """A sentence of the neutral summary and every span it rests on."""

    text: str
    kind: SummaryKind
    citations: tuple[Span, ...]


@dataclass(frozen=True, slots=True)
class ArticleCoverage:
    """What one article adds (facts no other article has) and omits (facts others report), ranked."""

    article: str
    adds: tuple[str, ...]
    omits: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class InputIssue:
    """A problem with one input: ``failure`` drops it from the comparison, ``warning`` keeps it."""

    input: str
    reason: str
    level: Literal["failure", "warning"] = "failure"


@dataclass(frozen=True)
class Comparison:
    """The comparison of the articles of one story."""

    articles: tuple[Article, ...]
    facts: tuple[Fact, ...]
    coverage: tuple[ArticleCoverage, ...]
    quotes: tuple[Quote, ...] = ()
    reuse: tuple[Reuse, ...] = ()
    framing: tuple[Framing, ...] = ()
    summary: tuple[SummarySentence, ...] = ()
    issues: tuple[InputIssue, ...] = ()
    settings: dict[str, object] = field(default_factory=dict)

    def article(self, article_id: str) -> Article:
        for article in self.articles:
            if article.id == article_id:
                return article
        raise KeyError(article_id)

    def text_of(self, span: Span | Mention) -> str:
        return self.article(span.article).slice(span.start, span.end)

    def to_dict(self) -> dict[str, object]:
        from newsparallax.serialize import comparison_to_dict

        return comparison_to_dict(self)

    def to_json(self, indent: int | None = 2) -> str:
        from newsparallax.serialize import dumps

        return dumps(self.to_dict(), indent=indent)
