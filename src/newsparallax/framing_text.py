"""What every framing analysis reads: each article's spaCy parse, its headline's parse and its quoted stretches.

Framing is about the outlet's own words. Words inside quote marks belong to the speaker, so every analysis asks
:meth:`Parsed.quoted` before it judges a word. Quoted stretches come from the quote annotator (``Article.quotes``,
direct and partial quotes) and from a plain scan of quote marks, so framing works when the annotator has not run.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from newsparallax.body_parse import parse_bodies
from newsparallax.model import Article, Mention
from newsparallax.signals import STOPWORDS, stem

# Irregular past forms of verbs news copy uses, so "says" / "said" or "buys" / "bought" differ in tense only
# (the stemmer joins regular ones: "announces" / "announced"). spaCy's lemmatizer would do this, but it needs
# lookup tables no offline package ships, and the pipeline loads without it.
_IRREGULAR = {
    past: base
    for base, forms in (
        ("say", "said"), ("tell", "told"), ("give", "gave given"), ("take", "took taken"), ("make", "made"),
        ("go", "went gone"), ("come", "came"), ("get", "got gotten"), ("find", "found"), ("see", "saw seen"),
        ("know", "knew known"), ("think", "thought"), ("leave", "left"), ("keep", "kept"), ("hold", "held"),
        ("bring", "brought"), ("begin", "began begun"), ("write", "wrote written"), ("speak", "spoke spoken"),
        ("win", "won"), ("lose", "lost"), ("fall", "fell fallen"), ("rise", "rose risen"), ("send", "sent"),
        ("build", "built"), ("meet", "met"), ("pay", "paid"), ("sell", "sold"), ("buy", "bought"),
        ("feel", "felt"), ("seek", "sought"), ("fight", "fought"), ("catch", "caught"), ("shoot", "shot"),
        ("spend", "spent"), ("strike", "struck stricken"), ("steal", "stole stolen"), ("flee", "fled"),
        ("drive", "drove driven"), ("choose", "chose chosen"), ("break", "broke broken"), ("sink", "sank sunk"),
        ("throw", "threw thrown"), ("draw", "drew drawn"), ("fly", "flew flown"), ("grow", "grew grown"),
        ("run", "ran"), ("stand", "stood"), ("understand", "understood"), ("hear", "heard"), ("swear", "swore sworn"),
        ("have", "has had"), ("do", "does did done"), ("become", "became"), ("lead", "led"),
    )
    for past in forms.split()
}  # fmt: skip
# Part-of-speech tags of words that carry content (spaCy's universal tags).
CONTENT_POS = frozenset({"NOUN", "PROPN", "VERB", "ADJ", "ADV", "NUM"})
_PAIRS = re.compile(r"“[^“”\n]*”|\"[^\"\n]*\"|«[^«»\n]*»")
# "PORT AVERELL (Coastal Wire) — ": the place and agency that open a wire story are not part of its wording.
_DATELINE = re.compile(r"[A-Z][A-Z .,'’-]{2,40}(?:\([^()\n]{1,40}\))?\s*[—–-]{1,2}\s+")


@dataclass(frozen=True)
class Parsed:
    """One article with its parse. ``quoted`` holds sorted, disjoint ``(start, end)`` ranges inside quote marks."""

    article: Article
    doc: Any
    title: Any
    quoted: tuple[tuple[int, int], ...]

    @property
    def id(self) -> str:
        return self.article.id

    def in_quote(self, start: int, end: int | None = None) -> bool:
        """Whether ``[start, end)`` (a single position when ``end`` is None) lies inside a quoted stretch."""
        end = start + 1 if end is None else end
        i = bisect_right(self.quoted, (start, 10**12)) - 1
        return i >= 0 and self.quoted[i][0] <= start and end <= self.quoted[i][1]

    def tokens(self, start: int, end: int) -> list[Any]:
        """The tokens of the parse that lie inside characters ``[start, end)``."""
        span = self.doc.char_span(start, end, alignment_mode="expand")
        return list(span) if span is not None else []

    def own_span_tokens(self, start: int, end: int) -> list[Any]:
        """The tokens of ``[start, end)`` without a dateline that opens it."""
        dateline = _DATELINE.match(self.article.text, start, end)
        return self.tokens(dateline.end() if dateline else start, end)

    def own_tokens(self, start: int, end: int) -> list[Any]:
        """The tokens of ``[start, end)`` outside quotes and punctuation: the outlet's own words."""
        tokens = self.own_span_tokens(start, end)
        return [t for t in tokens if not t.is_punct and not t.is_space and not self.in_quote(t.idx)]

    def sentence_of(self, position: int) -> tuple[int, int]:
        """Offsets of the segmenter's sentence holding ``position``."""
        for sentence in self.article.sentences:
            if sentence.start <= position < sentence.end:
                return sentence.start, sentence.end
        return position, position


def content_key(token: Any) -> str | None:
    """The comparison key of a content word (its stem), ``None`` for function words and punctuation.

    Speech verbs count as content here ("said" against "insisted" is a difference of wording), so the
    alignment stopword list is not used; adverbs on spaCy's stop list ("very", "then") are left out.
    """
    if token.pos_ not in CONTENT_POS or token.is_punct or (token.pos_ == "ADV" and token.is_stop):
        return None
    word = token.text.lower()
    return stem(_verb_base(word) if token.pos_ == "VERB" else word)


def _verb_base(word: str) -> str:
    """ "said", "says" → "say"; "bought", "buys" → "buy": the present form the stemmer can then match."""
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    if word.endswith("s") and len(word) > 3 and not word.endswith(("ss", "us", "is")):
        return word[:-2] if word.endswith(("ches", "shes", "sses", "xes", "oes")) else word[:-1]
    return word


def topic_key(token: Any) -> str | None:
    """The key of a word that says what a sentence is about: content words minus reporting verbs."""
    key = content_key(token)
    return None if key is None or token.text.lower() in STOPWORDS else key


def quote_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """The words inside paired quote marks of ``text[start:end]`` (marks excluded); pairs never cross a line."""
    found = _PAIRS.finditer(text, start, len(text) if end is None else end)
    return [(m.start() + 1, m.end() - 1) for m in found]


def _scan_quotes(article: Article) -> list[tuple[int, int]]:
    """Paired quote marks inside each paragraph (a fallback when the quote annotator has not run)."""
    bounds = [(p.start, p.end) for p in article.paragraphs] or [(0, len(article.text))]
    return [span for start, end in bounds for span in quote_spans(article.text, start, end)]


def _merge(ranges: list[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(ranges):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return tuple(merged)


def quoted_ranges(article: Article) -> tuple[tuple[int, int], ...]:
    annotated = [(q.start, q.end) for q in article.quotes if q.kind in ("direct", "partial")]
    return _merge(annotated + _scan_quotes(article))


def parse_articles(articles: Sequence[Article], nlp: Any, docs: Mapping[str, Any] | None = None) -> list[Parsed]:
    """Parse every article body and headline once; the framing analyses share the result. ``docs`` are body
    parses made already (the quote stage's, made the same way), by article id."""
    titles = list(nlp.pipe([a.title or "" for a in articles]))
    missing = [a for a in articles if a.id not in (docs or {})]
    bodies = {**dict(zip([a.id for a in missing], parse_bodies(missing, nlp), strict=True)), **(docs or {})}
    return [Parsed(a, bodies[a.id], title, quoted_ranges(a)) for a, title in zip(articles, titles, strict=True)]


def first_mentions(mentions: Sequence[Mention]) -> dict[str, Mention]:
    """The first mention of a fact in each article (a fact restated inside one article counts once)."""
    first: dict[str, Mention] = {}
    for mention in mentions:
        first.setdefault(mention.article, mention)
    return first
