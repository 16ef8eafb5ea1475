"""Evaluative labels and loaded language in each outlet's own words, with who reports the same fact plainly.

A word is evaluative when the curated lexicon (:mod:`framing_lexicon`) lists it, or when it is an adjective that
both sentiment lexicons call strong and subjective (VADER valence of at least 1.5 either way and Pattern
subjectivity of at least 0.5: "illegal", "tired", but not "clear" or "heavy"). Words inside quotation marks are
the speaker's framing and are skipped. Each word is widened to the phrase it labels ("illegal annexation",
"dumped a wall of water", "caught flat-footed"), and one item lists the labels of one sentence. When the
sentence states a fact other outlets report too, those outlets are named as the neutral variant, with their
aligned wording when the word-by-word alignment finds it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import cache
from typing import Any

from newsparallax.framing_lexicon import EVALUATIVE, PHRASE_PATTERNS
from newsparallax.framing_text import Parsed, first_mentions
from newsparallax.model import Fact, Framing, Span
from newsparallax.sentiment import valence, word_subjectivity

_MIN_VALENCE = 1.5
_MIN_SUBJECTIVITY = 0.5
_MAX_PHRASE = 6  # tokens: a label is a phrase, not a clause


# A verdict or a plea reports what a court or a defendant said: "found guilty", "pleaded not guilty", "ruled
# liable" are the news, not the outlet's judgement, though the sentiment lexicons score "guilty" as strong.
_VERDICTS = frozenset("guilty innocent liable".split())
_VERDICT_VERBS = frozenset("found find finds finding pleaded plead pleads pleading pled ruled declared judged".split())
# Terms of art: a charge ("negligent homicide", "reckless driving"), a kind of thing ("natural disaster"). The
# first word names the kind and judges nothing, though the lexicon lists it for its judging use.
_TERMS_OF_ART = frozenset(
    {
        ("negligent", "homicide"), ("negligent", "manslaughter"), ("reckless", "driving"), ("reckless", "endangerment"),
        ("violent", "crime"), ("violent", "crimes"), ("dangerous", "weapon"), ("deadly", "weapon"),
        ("guilty", "plea"), ("guilty", "pleas"), ("guilty", "verdict"), ("guilty", "verdicts"),
    }
)  # fmt: skip
# Adjectives the sentiment lexicons score as strong that name a kind, a degree or a plain state in news copy:
# "special prosecutor", "crude oil", "criminal court", "grand jury", "free agent", "strong aftershocks",
# "powerful quake", "customers interested in the phone", "safe water" ("stay safe", "on the safe side", and the
# tagger's "the safe in the hotel room"). Measured on the first two articles of each ECB+ story, these were most
# of the labels found by sentiment alone.
_KIND_ADJECTIVES = frozenset("special crude criminal grand free active ready strong powerful interested safe".split())


_NAME_ENTITIES = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "WORK_OF_ART", "EVENT", "PRODUCT", "LAW"})


def _in_capital_title(token: Any) -> bool:
    """Whether ``token`` is in a run of words written in capitals, inside running text, that holds a function
    word: a title ("produced IN GOOD COMPANY"). A headline's shouted kicker ("INFERNO ON PIER 9: …") judges.
    spaCy's entity tags are no guide in capitals: it reads "INFERNO ON PIER" as an organisation."""
    if not (token.is_upper and token.is_alpha):
        return False
    doc, lo, hi = token.doc, token.i, token.i
    while lo > 0 and doc[lo - 1].is_upper and doc[lo - 1].is_alpha:
        lo -= 1
    while hi + 1 < len(doc) and doc[hi + 1].is_upper and doc[hi + 1].is_alpha:
        hi += 1
    embedded = lo > 0 and doc[lo - 1].is_lower  # running text around it, not a headline's shouted kicker
    return embedded and any(t.pos_ in ("ADP", "DET", "CCONJ", "PRON") for t in doc[lo : hi + 1])


def is_evaluative(token: Any) -> bool:
    """Whether a word judges: listed in the lexicon, or an adjective both sentiment lexicons call strong."""
    word = token.text.lower()
    following = token.doc[token.i + 1].text.lower() if token.i + 1 < len(token.doc) else ""
    if (word, following) in _TERMS_OF_ART:
        return False
    if (token.ent_type_ in _NAME_ENTITIES and not token.is_upper) or _in_capital_title(token):
        return False  # part of a name or a title ("Great Barrier Reef", the film "IN GOOD COMPANY"), not a verdict
    if word in EVALUATIVE:
        # A noun modifying another names a kind of it ("disaster agency", "disaster relief"), as does "natural".
        kind_of = token.pos_ == "NOUN" and token.dep_ == "compound"
        return not (kind_of or any(c.lower_ == "natural" for c in token.children))
    if word in _KIND_ADJECTIVES:
        return False
    # "guilty of bribery", "guilty on four counts": a headline's verdict, without the verb ("Mayor guilty of …").
    if word in _VERDICTS and (token.head.text.lower() in _VERDICT_VERBS or following in ("of", "on")):
        return False
    return token.pos_ == "ADJ" and abs(valence(word)) >= _MIN_VALENCE and word_subjectivity(word) >= _MIN_SUBJECTIVITY


def label_phrase(token: Any) -> list[Any]:
    """The phrase a loaded word labels: adjective + noun, verb + object, noun + its modifiers."""
    if token.dep_ in ("amod", "advmod") and token.head.pos_ in ("NOUN", "PROPN", "ADJ", "VERB"):
        lo, hi = sorted((token.i, token.head.i))
        return list(token.doc[lo : hi + 1])
    if token.dep_ == "acomp" and token.head.pos_ == "VERB":  # "caught flat-footed"; a copula adds nothing
        return list(token.doc[token.head.i : token.i + 1])
    if token.pos_ == "VERB":
        objects = [c for c in token.children if c.dep_ in ("dobj", "prt")]
        if objects:
            hi = max(t.i for c in objects for t in c.subtree)
            if hi - token.i < _MAX_PHRASE:
                return list(token.doc[token.i : hi + 1])
        return [token]
    if token.pos_ == "NOUN":
        modifiers = [c for c in token.children if c.dep_ in ("amod", "compound") and c.i < token.i]
        lo = min([token.i] + [c.i for c in modifiers])
        return list(token.doc[lo : token.i + 1])
    return [token]


def lexicon_phrases(text: str) -> list[tuple[int, int]]:
    """Where the lexicon's multi-word and hyphenated expressions occur in ``text``."""
    return [(m.start(), m.end()) for _, pattern in PHRASE_PATTERNS for m in pattern.finditer(text)]


def merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for lo, hi in sorted(spans):
        if merged and lo <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(hi, merged[-1][1]))
        else:
            merged.append((lo, hi))
    return merged


def _phrase_spans(parsed: Parsed, start: int, end: int) -> list[tuple[int, int]]:
    """Multi-word expressions of the lexicon, widened to the object they govern ("reduced to charred hulls")."""
    found = []
    for a, b in lexicon_phrases(parsed.article.text[start:end]):
        lo, hi = start + a, start + b
        if parsed.in_quote(lo, hi):
            continue
        last = parsed.tokens(lo, hi)[-1]
        objects = [t for c in last.children if c.dep_ == "pobj" for t in c.subtree]
        if objects and max(t.i for t in objects) - last.i < _MAX_PHRASE:
            hi = max(t.idx + len(t.text) for t in objects)
        found.append((lo, hi))
    return found


def label_spans(parsed: Parsed, start: int, end: int) -> list[tuple[int, int]]:
    """Merged character spans of the evaluative phrases in ``[start, end)``, outside quotes, in text order."""
    spans = _phrase_spans(parsed, start, end)
    for token in parsed.own_tokens(start, end):
        if is_evaluative(token):
            tokens = [t for t in label_phrase(token) if not parsed.in_quote(t.idx)]
            if tokens:
                spans.append((tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)))
    return merge(spans)


def _facts_by_sentence(facts: Sequence[Fact]) -> dict[tuple[str, int], list[Fact]]:
    found: dict[tuple[str, int], list[Fact]] = {}
    for fact in facts:
        for m in fact.mentions:
            found.setdefault((m.article, m.sentence), []).append(fact)
    return found


def _variants(article: str, lo: int, hi: int, word_choice: Sequence[Framing]) -> list[Span]:
    """Other outlets' wording of a labelled stretch, from the word-choice items whose term overlaps it."""
    found = []
    for item in word_choice:
        if any(s.article == article and s.start < hi and lo < s.end for s in item.spans):
            found += [s for s in item.spans if s.article != article]
    return found


def find_labels(parsed: Sequence[Parsed], facts: Sequence[Fact], word_choice: Sequence[Framing]) -> list[Framing]:
    """One item per sentence with evaluative language, naming the outlets that report its fact plainly (with
    their aligned wording where a ``word_choice`` item pairs it)."""
    by_id = {p.id: p for p in parsed}
    by_sentence = _facts_by_sentence(facts)

    # Whether a stretch carries a label, read once per stretch: each labelled sentence of a fact asks it of every
    # other outlet's mention (a fact 150 outlets report asks it of one mention up to 149 times).
    @cache
    def loaded(article: str, start: int, end: int) -> bool:
        return bool(label_spans(by_id[article], start, end))

    items = []
    for p in parsed:
        seen: set[str] = set()
        for sentence in p.article.content_sentences:
            said = p.article.text[sentence.start : sentence.end]
            if said in seen:
                continue  # a sentence the article repeats word for word (a lead restated) is one finding
            seen.add(said)
            spans = label_spans(p, sentence.start, sentence.end)
            if not spans:
                continue
            facts_here = by_sentence.get((p.id, sentence.index), [])
            variants = [v for lo, hi in spans for v in _variants(p.id, lo, hi, word_choice)]
            aligned = [v for v in variants if not loaded(v.article, v.start, v.end)]
            neutral = list(dict.fromkeys(_neutral(p, facts_here, loaded) + [v.article for v in aligned]))
            items.append(_item(p, spans, neutral, aligned, by_id, facts_here))
    return items


def _neutral(p: Parsed, facts_here: list[Fact], loaded: Callable[[str, int, int], bool]) -> list[str]:
    """The other outlets that report a fact of this sentence without evaluative words in their mention."""
    neutral: list[str] = []
    for fact in facts_here:
        for article, mention in first_mentions(fact.mentions).items():
            if article != p.id and article not in neutral and not loaded(article, mention.start, mention.end):
                neutral.append(article)
    return neutral


def _item(
    p: Parsed,
    spans: list[tuple[int, int]],
    neutral: list[str],
    aligned: list[Span],
    by_id: dict[str, Parsed],
    facts_here: list[Fact],
) -> Framing:
    words = [p.article.text[lo:hi] for lo, hi in spans]
    order = list(by_id)
    quoted = ", ".join(f"“{w}”" for w in words)
    if neutral:
        names = ", ".join(by_id[a].article.source for a in sorted(neutral, key=order.index))
        tail = f"; {names} report{'s' if len(neutral) == 1 else ''} the same fact without it"
    elif (facts_here and any(len(first_mentions(f.mentions)) > 1 for f in facts_here)) or aligned:
        tail = "; the other outlets reporting this fact use loaded words too"
    else:
        tail = "; no other outlet reports this"
    terms: list[tuple[str, tuple[str, ...]]] = [(p.id, tuple(words))]
    for article in sorted({s.article for s in aligned}, key=order.index):
        text = by_id[article].article.text
        terms.append((article, tuple(text[s.start : s.end] for s in aligned if s.article == article)))
    articles = tuple(sorted({p.id, *neutral}, key=order.index))
    return Framing(
        kind="label",
        articles=articles,
        terms=tuple(sorted(terms, key=lambda t: order.index(t[0]))),
        spans=tuple(Span(p.id, lo, hi) for lo, hi in spans) + tuple(aligned),
        explanation=f"{p.article.source} uses evaluative language ({quoted}){tail}.",
        fact=facts_here[0].id if facts_here else None,
    )
