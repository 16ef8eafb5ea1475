"""Voice: who speaks in each article, grouped by the side they speak for, and how much of it is quotation.

Speakers come from the quote annotator (``Article.quotes``): direct and partial quotes count as *quoted*
words, reported speech as *paraphrased*. A speaker's side is read from how the article describes them, never
from a list of known people: the nationality or country in their description ("*Russian* Ambassador Antoly
Antonov", "*Ukraine's* government", "Russia has said") gives a country; otherwise an organisation named in it
("Calder Bay Seafoods"); otherwise their title says whether they speak as an official, for a business, or for
themselves. A speaker described only by role ("a senior official") takes the organisation or country that the
sentence before names as the one responding or speaking ("... to which the State Dept responded: ..."). A
place counts as a side only when it is a country (CLDR's English country names, through Babel): a villager of
Bukit Sama or a doctor in Lampahan speaks for no country. A nationality joins its country by spelling
("Ukrainian" and "Ukraine", "Iraqi" and "Iraq"), a short list of irregular ones ("French", "Dutch"), and a few
abbreviations are aliases (US, UK, EU, UN).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from newsparallax.body_parse import entities_in
from newsparallax.framing_lexicon import SPEECH_CUES
from newsparallax.framing_text import Parsed, quote_spans
from newsparallax.model import Framing, QuoteMention, Span
from newsparallax.speakers import TITLE_WORDS, is_person_name

_ALIASES = {
    "us": "US", "u.s.": "US", "u.s": "US", "usa": "US", "u.s.a.": "US", "united states": "US", "america": "US",
    "american": "US", "americans": "US", "uk": "UK", "u.k.": "UK", "britain": "UK", "great britain": "UK",
    "united kingdom": "UK", "british": "UK", "eu": "EU", "european union": "EU", "un": "UN", "united nations": "UN",
}  # fmt: skip
# Nationalities that do not start like their country's name.
_DEMONYMS = {
    "french": "France", "chinese": "China", "dutch": "Netherlands", "swiss": "Switzerland", "spanish": "Spain",
    "greek": "Greece", "turkish": "Türkiye", "thai": "Thailand", "irish": "Ireland", "filipino": "Philippines",
    "danish": "Denmark", "swedish": "Sweden", "finnish": "Finland", "polish": "Poland", "norwegian": "Norway",
    "emirati": "United Arab Emirates", "welsh": "UK", "scottish": "UK", "scots": "UK", "burmese": "Myanmar",
    "congolese": "Congo - Kinshasa", "ivorian": "Côte d’Ivoire", "kiwi": "New Zealand",
}  # fmt: skip
# What a nationality adds to its country's name ("Iraq-i", "Kenya-n", "Sudan-ese"); "Chad-wick" is a name.
_NATIONALITY_ENDS = frozenset({"", "n", "an", "ian", "vian", "i", "ese", "lese", "ish", "ans", "ians", "is"})
_ABBREVIATIONS = {"dept": "department", "dept.": "department", "govt": "government", "gov't": "government"}
_OFFICIAL = frozenset(
    """ambassador amb amb. minister ministry official officials embassy government department dept authority
    spokesperson spokesman spokeswoman president secretary governor mayor chief director council councilmember
    councilman councilwoman senator police sheriff harbormaster commissioner agency office administration
    kremlin white house military army officer officers diplomat diplomats prosecutor judge court county city
    state federal municipal town ministry survey service bureau commission authorities prosecutors deputies
    troopers""".split()
)
_BUSINESS = frozenset(
    """executive ceo company firm insurers insurer owners owner analyst analysts chairman subsidiary carrier
    operator maker manufacturer retailer giant startup chain""".split()
)
# Who speaks for members or a cause rather than for a government or a company: "union president Marta
# Oyelaran" holds a title ("president") but is no official.
_ADVOCATES = frozenset(
    """union unions unionist unionists activist activists advocate advocates campaigner campaigners protester
    protesters protestor protestors strikers""".split()
)
# An attorney is a prosecutor, so an official, when the title says whom they serve; else a lawyer for a client.
_PUBLIC_ATTORNEY = frozenset("u.s. us district general state state's county city commonwealth".split())
_PREFIX = 5
_PLACE_NOUNS = frozenset(
    "village town city district province county region neighborhood neighbourhood area island suburb".split()
)
_WHERE = frozenset({"in", "at", "near"})  # prepositions that say where someone is ("from the ministry" says whom)


@dataclass(frozen=True, slots=True)
class Voice:
    """One speaker of one article: the side they speak for and how many of their words are quoted."""

    article: str
    speaker: str
    side: str
    quoted_words: int
    paraphrased_words: int
    span: Span | None  # where the article first names them for a quotation


def _word_count(text: str) -> int:
    return len(text.split())


@cache
def _countries() -> dict[str, str]:
    """Country names in English, lower case -> as written ("Russia", "Türkiye", "Myanmar"), from CLDR through
    Babel (loaded on first use: only a story with speakers needs it)."""
    from babel import Locale

    names = {}
    for code, name in Locale("en").territories.items():
        if len(code) == 2 and code.isalpha():  # countries and territories; "001" and the like are regions
            short = name.split(" (")[0]  # "Myanmar (Burma)"
            names[short.lower()] = short
    return names


class Sides:
    """The rules that turn a speaker's description into a side."""

    @staticmethod
    def _canonical(name: str) -> str:
        name = name.removeprefix("the ").removeprefix("The ").replace("’s", "").replace("'s", "").strip()
        return _ALIASES.get(name.lower(), name)

    def country(self, text: str) -> str | None:
        """The country a place or nationality names: "Russia", "Russian" and "Russia's" give "Russia"; a city, a
        village or a person's name gives None."""
        name = self._canonical(text)
        if name in _ALIASES.values():
            return name
        countries, word = _countries(), name.lower()
        if word in countries:
            return countries[word]
        if word in _DEMONYMS:
            return _DEMONYMS[word]
        # "Iraqi", "South Korean", "Nigerian" (not "Niger"): the longest country name the word begins with.
        starts = [c for c in countries if len(c) >= 4 and word.startswith(c) and word[len(c) :] in _NATIONALITY_ENDS]
        if starts:
            return countries[max(starts, key=len)]
        # "Ukrainian", "Russian", "Argentine": the first five letters of a country's name.
        if len(word) >= _PREFIX and " " not in word:  # one word: "British Columbia" is no British territory
            same = sorted(c for c in countries if len(c) >= _PREFIX and c[:_PREFIX] == word[:_PREFIX])
            if same:
                return countries[same[0]]
        return None

    def country_in(self, description: Any) -> str | None:
        """The country a description names, by a GPE, a nationality or a known abbreviation."""
        for ent in entities_in(description):
            if ent.label_ in ("GPE", "NORP") and (country := self.country(ent.text)) is not None:
                return country
        for token in description:
            # "British Columbia" was read whole above: its "British" is no country of its own.
            if token.text.lower() in _ALIASES and token.ent_type_ not in ("GPE", "LOC"):
                return _ALIASES[token.text.lower()]
        return None


def _organisation_in(description: Any, name: tuple[int, int] | None) -> str | None:
    """An organisation the description names, other than the person's own name (the small model often tags
    "Harbormaster Anatoly Vesnin" as an organisation)."""
    doc = description.doc
    for ent in entities_in(description):
        overlaps_name = name is not None and ent.start_char < name[1] and name[0] < ent.end_char
        # A piece of a longer name the tagger cut ("a Bukit Sama village resident" tags "Bukit") is no organisation;
        # one followed by a title or by the person's name is whole ("CHP Officer Brad Baehr", "the Post's Kurtz").
        after = doc[ent.end] if ent.end < len(doc) else None
        cut_short = (
            after is not None
            and after.tag_ in ("NNP", "NNPS")
            and after.lower_.rstrip(".") not in TITLE_WORDS
            and not ent.text.endswith(("'s", "’s"))
            and not (name is not None and name[0] <= after.idx < name[1])
        )
        place = after is not None and after.lower_ in _PLACE_NOUNS  # "a Bukit Tarra village resident"
        # A common noun capitalised only because it opens the sentence is no name, whatever the entity tag
        # ("Defense attorney Ben Okafor said"). Singular only: teams are plurals the tagger reads as common nouns
        # ("Angels spokesman Tim Mead").
        common = ent[0].is_sent_start and all(t.tag_ == "NN" for t in ent)
        if ent.label_ == "ORG" and not overlaps_name and not cut_short and not place and not common:
            return _organisation(ent.text)
    return None


def _organisation(text: str) -> str:
    words = [w for w in text.split() if w.lower() != "the"]
    return " ".join(_ABBREVIATIONS.get(w.lower(), w).title() if w.lower() in _ABBREVIATIONS else w for w in words)


def _description(parsed: Parsed, quote: QuoteMention) -> Any:
    """The noun phrase that names the speaker where the quote names them, title and nationality included."""
    if quote.speaker_start is None or quote.speaker_end is None:
        return None
    span = parsed.doc.char_span(quote.speaker_start, quote.speaker_end, alignment_mode="expand")
    if span is None:
        return None
    head = span.root
    tokens = [t for t in head.subtree if t.i <= head.i or t.dep_ in ("appos", "prep", "pobj", "compound")]
    lo, hi = min(t.i for t in tokens), max(t.i for t in tokens)
    return parsed.doc[lo : hi + 1]


def _named_elsewhere(parsed: Parsed, quote: QuoteMention) -> Any:
    """The fullest description of the same speaker elsewhere in the article ("Antonov" -> "Russian Ambassador
    Antoly Antonov")."""
    if not quote.speaker:
        return None
    at = parsed.article.text.find(quote.speaker)
    if at < 0:
        return None
    span = parsed.doc.char_span(at, at + len(quote.speaker), alignment_mode="expand")
    return parsed.doc[min(t.i for t in span.root.subtree) : span.end] if span is not None else None


def _responder(parsed: Parsed, quote: QuoteMention, sides: Sides) -> str | None:
    """The side of whoever the sentence before the quote names as speaking or responding."""
    lo, _ = parsed.sentence_of(quote.start)
    before = [s for s in parsed.article.sentences if s.end <= lo]
    if not before:
        return None
    previous = parsed.doc.char_span(before[-1].start, before[-1].end, alignment_mode="expand")
    if previous is None:
        return None
    found = None
    for token in previous:
        if token.dep_ == "nsubj" and token.head.text.lower() in SPEECH_CUES:
            subject = parsed.doc[min(t.i for t in token.subtree) : token.i + 1]
            country = sides.country_in(subject)
            found = (f"{country} officials" if country else _organisation_in(subject, None)) or found
    return found


def _role(description: Any) -> str:
    """``unions and advocates``, ``business``, ``officials`` or ``other voices`` by the words of the description
    before a place it names: "a doctor at a health clinic in Lampahan city" is no official, "the spokesman for
    the city" is one."""
    words: set[str] = set()
    for token in description if description is not None else ():
        if token.lower_ in _WHERE and token.dep_ == "prep" and token.head.i < token.i:
            break
        words.add(token.text.lower())
    if words & _ADVOCATES:  # before officials: a "union president" speaks for its members
        return "unions and advocates"
    if "attorney" in words and words & _PUBLIC_ATTORNEY:  # "U.S. Attorney", "district attorney": prosecutors
        return "officials"
    if words & _BUSINESS:  # before officials: a "chief executive" speaks for a company
        return "business"
    if words & _OFFICIAL:
        return "officials"
    return "other voices"


def side_of(parsed: Parsed, quote: QuoteMention, sides: Sides) -> str:
    """The side a quoted or paraphrased speaker speaks for (see the module docstring for the rules)."""
    description = _description(parsed, quote)
    person = quote.speaker is not None and is_person_name(quote.speaker)
    known = person and quote.speaker_start is not None and quote.speaker_end is not None
    name = (quote.speaker_start or 0, quote.speaker_end or 0) if known else None
    for source in (description, _named_elsewhere(parsed, quote)):
        if source is not None and (country := sides.country_in(source)) is not None:
            speaks_as_country = quote.speaker is not None and sides.country(quote.speaker) == country
            return f"{country} {'officials' if speaks_as_country else _role(source)}"
    if description is not None and (organisation := _organisation_in(description, name)) is not None:
        return organisation
    if not person and (description is None or not any(t.pos_ == "PROPN" for t in description)):
        responder = _responder(parsed, quote, sides)
        if responder is not None:
            return responder
    return _role(description)


def voices(parsed: Parsed, sides: Sides) -> list[Voice]:
    """Every speaker of one article with their side and word counts, in order of first appearance."""
    found: dict[str, Voice] = {}
    text = parsed.article.text
    for quote in parsed.article.quotes:
        if quote.speaker is None and quote.kind == "partial":
            continue  # scare quotes ("heightened alert"): a phrase set off, not a voice
        name = quote.speaker or "unnamed"
        words = _word_count(text[quote.start : quote.end])
        quoted, paraphrased = (words, 0) if quote.kind in ("direct", "partial") else (0, words)
        span = (
            Span(parsed.id, quote.speaker_start, quote.speaker_end)
            if quote.speaker_start is not None and quote.speaker_end is not None
            else None
        )
        if name in found:
            old = found[name]
            found[name] = Voice(
                old.article, name, old.side, old.quoted_words + quoted, old.paraphrased_words + paraphrased,
                old.span or span,
            )  # fmt: skip
        else:
            side = side_of(parsed, quote, sides) if quote.speaker else "unattributed"
            found[name] = Voice(parsed.id, name, side, quoted, paraphrased, span)
    return list(found.values())


def quoted_share(parsed: Parsed) -> float:
    """Share of the article's words that sit inside quotation marks."""
    text = parsed.article.text
    total = sum(_word_count(text[s.start : s.end]) for s in parsed.article.content_sentences)
    quoted = sum(_word_count(text[lo:hi]) for lo, hi in parsed.quoted) if parsed.quoted else 0
    if not parsed.quoted:
        quoted = sum(_word_count(text[lo:hi]) for lo, hi in quote_spans(text))
    return quoted / total if total else 0.0


def _shares(found: list[Voice]) -> dict[str, float]:
    total = sum(v.quoted_words for v in found)
    shares: dict[str, float] = {}
    for v in found:
        if v.quoted_words:
            shares[v.side] = shares.get(v.side, 0.0) + v.quoted_words / total
    return dict(sorted(shares.items(), key=lambda kv: -kv[1]))


def find_voice(parsed: Sequence[Parsed]) -> list[Framing]:
    """One item per article that quotes or paraphrases anyone."""
    sides = Sides()
    per_article = {p.id: voices(p, sides) for p in parsed}
    quoted_sides = {a: {v.side for v in found if v.quoted_words} for a, found in per_article.items()}
    items = []
    for p in parsed:
        found = per_article[p.id]
        if not found:
            continue
        shares = _shares(found)
        by_side: dict[str, list[str]] = {}
        for v in found:
            if v.quoted_words:
                by_side.setdefault(v.side, []).append(v.speaker)
        quoted = ", ".join(f"{side} {share:.0%} ({', '.join(by_side[side])})" for side, share in shares.items())
        paraphrased = sorted({v.side for v in found if v.paraphrased_words and not v.quoted_words})
        others = set().union(*(s for a, s in quoted_sides.items() if a != p.id))
        only = sorted(quoted_sides[p.id] - others)
        parts = [f"quoted words by side: {quoted}" if quoted else "no direct quotation"]
        if paraphrased:
            parts.append(f"paraphrased only: {', '.join(paraphrased)}")
        if only and len(parsed) > 1:
            parts.append(f"only this outlet quotes {', '.join(only)}")
        parts.append(f"quotations are {quoted_share(p):.0%} of its words")
        items.append(
            Framing(
                kind="voice",
                articles=(p.id,),
                terms=((p.id, tuple(v.speaker for v in found)),),
                spans=tuple(v.span for v in found if v.span is not None),
                explanation=f"Who speaks in {p.article.source}: " + "; ".join(parts) + ".",
            )
        )
    return items
