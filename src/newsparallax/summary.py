"""The neutral summary: what most sources report, what only one adds, and where they disagree, with citations.

Extractive by design, so every word can be traced: a *consensus* sentence is one outlet's own sentence for a
fact two or more outlets report, picked as the least loaded wording among the fact's mentions (fewest
evaluative labels and loaded attribution verbs found by the framing stage, no hedge-only wording, narrative
before quotation). The only edits are light: a dateline, a page's time stamp, a leading "But"/"And"/"However,"
and surrounding whitespace go, and a quotation mark the sentence split off is put back. Then one "Only in
<source>: ..." line per source for its most substantive unique fact, and each conflict
stated as one ("Sources differ on the date: A and C say Tuesday; B says Wednesday."). Every sentence cites
every mention of the facts it rests on. :func:`citation_support` checks that the words of each sentence,
templates and source names aside, are found in its citations; :func:`shared_fact_coverage` how many of the
facts two or more outlets share the summary covers.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from newsparallax.dates import strip_page_stamp
from newsparallax.framing_text import quoted_ranges
from newsparallax.listing import who_says
from newsparallax.model import Article, Conflict, Fact, Framing, Mention, Span, SummarySentence
from newsparallax.signals import STOPWORDS, stem

_DATELINE = re.compile(r"^[A-Z][A-Z .,'’-]{2,40}(?:\([^()\n]{1,40}\))?\s*[—–-]{1,2}\s+")
_LEADING = re.compile(r"^(?:But|And|However|Meanwhile|Still|Yet|So)\b,?\s+")
_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’.-]*[A-Za-z0-9]|[A-Za-z0-9]")
_NORMALISED = re.compile(r"\s*\(=[^)]*\)")
#: Words the summary adds around extracted text; citation_support leaves them out.
_UNCOUNTED_PLURALS = frozenset("people children men women police staff personnel km kg mm cm mi ft".split())
TEMPLATE_WORDS = frozenset("only in sources differ on says say how many the figure date name whether".split())
_MIN_SENTENCES = 3
# A sentence that opens by pointing back ("It was next to ...", "He said ...") needs its neighbours to be read.
_ANAPHORIC = re.compile(r"(?:It|This|That|These|Those|He|She|They|His|Her|Their|Its)\b")
_LETTERED = re.compile(r"[A-Za-z]{2,}")
_MIN_WORDS = 3  # a unique "fact" with fewer words is a fragment or a time stamp ("7: 15 a. m.", ", Lyons said.")
_FULL_WORDS = 6  # fewer, and an "Only in" line prefers another of the source's facts


@dataclass(frozen=True, slots=True)
class _Choice:
    mention: Mention
    text: str


def _clean(text: str) -> str:
    """Light compression: no dateline or time stamp, no leading conjunction, one sentence-initial capital, a
    final stop, and the other half of a quotation mark the sentence split off."""
    text = " ".join(text.split())
    text = _DATELINE.sub("", text)
    text = strip_page_stamp(text)
    text = _LEADING.sub("", text)
    if text and text[0].islower():
        text = text[0].upper() + text[1:]
    if text and text[-1] not in '.!?"“”‘’»':
        text += "."
    return _balanced(text)


def _balanced(text: str) -> str:
    """A sentence of a quotation several sentences long carries one of its marks: '"Being asked is a privilege.'
    or 'I can't wait, " he said.'. The missing mark goes back at the other end (the words are the outlet's).
    Straight and curly marks are counted together: copy mixes them ('“ They drive reckless, " a bystander said')."""
    if sum(text.count(mark) for mark in '"“”') % 2 == 0:
        return text
    if text.count("“") != text.count("”"):
        return text + "”" if text.count("“") > text.count("”") else "“" + text
    last = text.rfind('"')
    opens = text[0] == '"' or (last + 1 < len(text) and text[last + 1].isalnum())  # '"Being …' or 'was "great.'
    return text + '"' if opens else '"' + text


def _spans_of(framing: Sequence[Framing], kinds: set[str], first_only: bool = False) -> dict[str, list[Span]]:
    found: dict[str, list[Span]] = {}
    for item in framing:
        if item.kind in kinds:
            for span in item.spans[:1] if first_only else item.spans:
                found.setdefault(span.article, []).append(span)
    return found


class _Loaded:
    """What the framing stage marked in each article: evaluative labels, loaded attribution, hedges."""

    def __init__(self, framing: Sequence[Framing]) -> None:
        self.loaded: dict[str, list[Span]] = {}
        for item in framing:
            if item.kind == "label" and item.spans:
                # A label item lists the labelled outlet's spans first, then the neutral variants.
                labelled = item.spans[0].article
                self.loaded.setdefault(labelled, []).extend(s for s in item.spans if s.article == labelled)
            elif item.kind == "attribution" and len(item.articles) == 1:
                self.loaded.setdefault(item.articles[0], []).extend(item.spans)
        self.hedges = _spans_of(framing, {"certainty"}, first_only=True)

    @staticmethod
    def _inside(spans: list[Span], mention: Mention) -> int:
        return sum(1 for s in spans if mention.start <= s.start and s.end <= mention.end)

    def score(self, mention: Mention) -> tuple[int, int]:
        return self._inside(self.hedges.get(mention.article, []), mention), self._inside(
            self.loaded.get(mention.article, []), mention
        )


class _Quoted:
    """The quoted stretches of each article, to prefer an outlet's narrative over a quotation."""

    def __init__(self, articles: Sequence[Article]) -> None:
        self.ranges = {a.id: quoted_ranges(a) for a in articles}

    def share(self, mention: Mention) -> float:
        inside = sum(
            max(0, min(hi, mention.end) - max(lo, mention.start)) for lo, hi in self.ranges.get(mention.article, ())
        )
        return inside / max(mention.end - mention.start, 1)


def _choose(fact: Fact, texts: dict[str, str], order: dict[str, int], loaded: _Loaded, quoted: _Quoted) -> _Choice:
    """The least loaded full mention: no hedge, fewest loaded words, one that reads on its own (not "It was
    next to the district where ..."), least quotation, then article order."""

    def rank(m: Mention) -> tuple[int, int, bool, bool, float, int, int]:
        hedged, labels = loaded.score(m)
        return (
            hedged,
            labels,
            _points_back(texts[m.article], m),
            m.coverage != "full",
            round(quoted.share(m), 1),
            order[m.article],
            m.start,
        )

    best = min(fact.mentions, key=rank)
    return _Choice(best, _clean(texts[best.article][best.start : best.end]))


def _conflict_line(conflict: Conflict, sources: dict[str, str], units: dict[str, str | None]) -> str:
    topic = {"date": "the date", "name": "the name", "negation": "whether it happened"}.get(conflict.kind)
    if topic is None:
        unit = next((u for a, _ in conflict.values if (u := units.get(a))), None)
        # "How many" only of what is counted ("firefighters", "people", "km"); "on the Richter scale" counts no scale.
        topic = f"how many {unit}" if unit and (unit.endswith("s") or unit in _UNCOUNTED_PLURALS) else "the figure"
    # A value as stated may carry its normalised reading ("Two dozen (= 24 firefighters)"); the summary quotes
    # the words as written.
    values = [(a, _NORMALISED.sub("", value)) for a, value in conflict.values]
    return f"Sources differ on {topic}: {who_says(values, sources.__getitem__, '; ')}."


def _unit(article: Article, spans: Sequence[Span]) -> str | None:
    for quantity in article.quantities:
        if quantity.unit and any(s.article == article.id and s.start <= quantity.start < s.end for s in spans):
            return quantity.unit
    return None


def _counterpart_spans(framing: Sequence[Framing]) -> list[Span]:
    """Terms that word choice paired across articles outside any fact: the sentence is not really unique."""
    return [s for i in framing if i.kind == "word_choice" and i.fact is None and len(i.articles) > 1 for s in i.spans]


def _overlaps(a: Mention, used: list[Mention]) -> bool:
    return any(a.article == b.article and a.start < b.end and b.start < a.end for b in used)


def summarize(
    articles: Sequence[Article], facts: Sequence[Fact], framing: Sequence[Framing], *, max_sentences: int = 8
) -> tuple[SummarySentence, ...]:
    """Three to ``max_sentences`` cited sentences: consensus first, then "Only in" lines, then conflicts."""
    texts = {a.id: a.text for a in articles}
    sources = {a.id: a.source for a in articles}
    order = {a.id: i for i, a in enumerate(articles)}
    by_id = {a.id: a for a in articles}
    loaded = _Loaded(framing)
    quoted = _Quoted(articles)

    conflicts = [
        SummarySentence(
            # Only the articles a conflict cites can give its unit (not every article of a big story, per conflict).
            _conflict_line(c, sources, {s.article: _unit(by_id[s.article], c.mentions) for s in c.mentions}),
            "conflict",
            tuple(sorted({m.span for m in f.mentions}, key=lambda s: (order[s.article], s.start))),
        )
        for f in facts
        for c in f.conflicts
    ]
    choices = {f.id: _choose(f, texts, order, loaded, quoted) for f in facts if len(f.articles) > 1}
    # Among facts as widely reported, one whose best wording reads on its own comes first: "He does have three
    # of his four touchdowns in that stretch." says little without the sentence before it.
    shared = sorted(
        (f for f in facts if len(f.articles) > 1),
        key=lambda f: (
            -len(f.articles),
            bool(_ANAPHORIC.match(choices[f.id].text)),
            min((order[m.article], m.start) for m in f.mentions),
        ),
    )
    counterparts = _counterpart_spans(framing)
    background = {i.fact for i in framing if i.kind == "context"}
    unique: list[SummarySentence] = []
    for article in articles:
        own = [
            f for f in facts if f.articles == (article.id,) and _words(texts[article.id], f.mentions[0]) >= _MIN_WORDS
        ]

        def importance(f: Fact) -> tuple[bool, int, bool, bool, bool, bool, int]:
            m = f.mentions[0]
            paired = any(s.article == m.article and s.start < m.end and m.start < s.end for s in counterparts)
            # A short line ("Jeffs said during his objection.") is an attribution or an aside, rarely the news;
            # one that points back ("They had 26 crewmen aboard.") needs the sentence before it.
            short = _words(texts[m.article], m) < _FULL_WORDS
            loaded_words = sum(loaded.score(m))
            back = _points_back(texts[m.article], m)
            return paired, loaded_words, quoted.share(m) > 0.5, f.id in background, short, back, m.start

        if own:
            m = min(own, key=importance).mentions[0]
            text = _clean(texts[article.id][m.start : m.end])
            unique.append(SummarySentence(f"Only in {sources[article.id]}: {text}", "unique", (m.span,)))

    room = max(max_sentences - len(conflicts) - len(unique), min(_MIN_SENTENCES, len(shared)), 1)
    consensus: list[SummarySentence] = []
    used: list[Mention] = []
    for fact in shared:
        if len(consensus) >= room:
            break
        choice = choices[fact.id]
        if _overlaps(choice.mention, used):
            continue
        used.append(choice.mention)
        citations = tuple(sorted({m.span for m in fact.mentions}, key=lambda s: (order[s.article], s.start)))
        consensus.append(SummarySentence(choice.text, "consensus", citations))
    rest = max(max_sentences - len(consensus), 0)
    tail = (conflicts + unique)[:rest]
    extra = sorted(tail, key=lambda s: 0 if s.kind == "unique" else 1)
    return tuple(consensus + extra)


def _content_words(text: str, exclude: frozenset[str]) -> list[str]:
    words = [w.lower().strip(".") for w in _WORD.findall(text)]
    return [w for w in words if w not in STOPWORDS and w not in exclude and len(w) > 1]


def citation_support(summary: Sequence[SummarySentence], articles: Sequence[Article]) -> float:
    """Share of the summary's content words found in the spans each sentence cites (1.0 when all are).

    Template words ("Only in", "Sources differ on", "says") and the sources' names are not content.
    """
    texts = {a.id: a.text for a in articles}
    names = frozenset(w.lower() for a in articles for w in _WORD.findall(a.source))
    exclude = TEMPLATE_WORDS | names
    total = found = 0
    for sentence in summary:
        cited = " ".join(texts[c.article][c.start : c.end] for c in sentence.citations if c.article in texts)
        available = {stem(w) for w in _content_words(cited, frozenset())}
        for word in _content_words(sentence.text, exclude):
            total += 1
            found += stem(word) in available
    return found / total if total else 1.0


def shared_fact_coverage(summary: Sequence[SummarySentence], facts: Sequence[Fact]) -> float:
    """Share of the facts two or more articles report whose mentions the summary cites."""
    shared = [f for f in facts if len(f.articles) > 1]
    if not shared:
        return 1.0
    cited = [c for s in summary for c in s.citations]
    covered = sum(
        1
        for f in shared
        if any(c.article == m.article and c.start < m.end and m.start < c.end for m in f.mentions for c in cited)
    )
    return covered / len(shared)


def _words(text: str, mention: Mention) -> int:
    return len(_LETTERED.findall(text, mention.start, mention.end))


def _points_back(text: str, mention: Mention) -> bool:
    """Whether the mention opens by pointing back ("It was …", "He said …"): it needs the sentence before it."""
    return _ANAPHORIC.match(text, mention.start) is not None
