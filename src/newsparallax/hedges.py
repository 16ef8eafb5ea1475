"""Certainty: the same information hedged by one outlet and stated as fact by another.

A hedge is a cue in the outlet's own words (never inside a quotation, where the hedging is the speaker's):
"unclear" / "not clear whether", the modals "may", "might", "could", adverbs such as "reportedly" or
"allegedly", "appeared to", "it appears that", "is believed", "possible"; a question hedges nothing. Its
*scope* is the clause it governs ("whether *all 27 departed in the video*"). The aligner seldom puts "It wasn't
clear if all 27 departed" and "27 Russian diplomats left" in one fact, so the asserted counterpart is searched
in the other articles directly: an unhedged sentence that states the same claim, judged by :func:`_evidence`
(the scope's figure, or the claim's predicate, subject and object). "The fire appeared to have started in a
storage room" therefore does not pair with a sentence that merely mentions the fire and the shed: the claim
hedged is where it started.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from newsparallax.counterparts import Story, Unit, figure_key, unit_of
from newsparallax.framing_text import Parsed, content_key
from newsparallax.model import Framing, Span

_NEGATED_CLEAR = frozenset({"clear", "known", "certain", "confirmed", "sure"})
_UNCLEAR = frozenset({"unclear", "uncertain", "unconfirmed", "unknown"})
_MODALS = frozenset({"may", "might", "could"})
# Modals under which a statement asserts no fact either. Not "will" or "would": "Brandt said the gates would stay
# open" reports what was said as settled.
_NOT_ASSERTING = _MODALS | {"can", "must", "should", "ca"}  # "ca" of "ca n't"
_ADVERBS = frozenset(
    """reportedly allegedly apparently possibly perhaps presumably purportedly seemingly probably likely
    unlikely maybe""".split()
)
_SEEM = frozenset({"appeared", "appears", "appear", "seemed", "seems", "seem"})
_BELIEVED = frozenset({"believed", "thought", "suspected", "understood", "rumored", "rumoured"})
_BELIEF_VERBS = frozenset({"believe", "believes", "suspect", "suspects", "fear", "fears"})
_VAGUE_SUBJECTS = frozenset({"many", "some", "others", "analysts", "experts", "observers", "critics"})
_ROLE_HEDGES = frozenset({"alleged", "suspected"})  # the hedged nouns that say who someone is
_ADJECTIVES = frozenset({"possible", "alleged", "suspected", "apparent", "probable", "potential"})
# What the hedged claim is about besides its verb; not "acomp": "could stay open" is not "were opened".
_COMPLEMENT = frozenset({"dobj", "attr", "oprd", "pobj", "xcomp", "ccomp", "prep", "agent"})
_OBJECTS = frozenset({"dobj", "attr", "oprd"})  # what a claim is about: another object is another claim
_PREFIX = 5  # keys compared by their first letters, so "departed" meets "departure" and "flooded" "flooding"


@dataclass(frozen=True, slots=True)
class Hedge:
    """A hedge cue in one sentence and the clause it governs."""

    parsed: Parsed
    sentence: int
    cue: tuple[Any, ...]
    scope: tuple[Any, ...]
    predicate: Any

    @property
    def cue_text(self) -> str:
        start, end = self.cue[0].idx, self.cue[-1].idx + len(self.cue[-1].text)
        return self.parsed.article.text[start:end]


def _clause(token: Any) -> Any | None:
    """The clause a "clear"/"unclear" governs: "whether ..." or "if ..." hanging off it or off its copula."""
    for holder in (token, token.head):
        for child in holder.children:
            if child.dep_ in ("ccomp", "advcl", "csubj", "xcomp") and child.i != token.i:
                return child
    return None


def _negated(token: Any) -> bool:
    return any(c.dep_ == "neg" for c in (*token.children, *token.head.children))


def _cue(token: Any) -> tuple[tuple[Any, ...], Any] | None:
    """``(cue tokens, predicate of the scope)`` when ``token`` opens a hedge, else None."""
    word = token.text.lower()
    if word in _UNCLEAR or (word in _NEGATED_CLEAR and token.pos_ == "ADJ" and _negated(token)):
        clause = _clause(token)
        if clause is None:
            return None
        first = min([token.i] + [c.i for c in (*token.children, *token.head.children) if c.dep_ == "neg"])
        if token.dep_ == "acomp":
            first = min(first, token.head.i)  # "wasn't clear if": the copula belongs to the cue
        mark = next((c for c in clause.children if c.dep_ == "mark"), None)
        last = mark.i if mark is not None and mark.i > token.i else token.i
        return tuple(token.doc[first : last + 1]), clause
    if token.tag_ == "MD" and word in _MODALS:
        if word == "could" and any(c.dep_ == "neg" for c in token.head.children):
            return None  # "could not be reached": a statement about ability, not a hedge
        return (token,), token.head
    if word in _ADVERBS and token.pos_ in ("ADV", "ADJ"):
        return (token,), token.head
    if word in _SEEM and any(c.dep_ == "xcomp" for c in token.children):
        return (token,), next(c for c in token.children if c.dep_ == "xcomp")
    if word in _SEEM and any(c.dep_ in ("nsubj", "expl") and c.lower_ == "it" for c in token.children):
        # "it appears that the flaw affects …"; not "it seemed appropriate that …", a remark on the clause.
        clause = next((c for c in token.children if c.dep_ == "ccomp"), None)
        if clause is not None and not any(c.dep_ in ("acomp", "oprd") for c in token.children):
            return (token,), clause
    if word in _BELIEVED and any(c.dep_ == "auxpass" for c in token.children):
        return (token,), token
    if word in _BELIEF_VERBS and any(c.dep_ == "nsubj" and c.text.lower() in _VAGUE_SUBJECTS for c in token.children):
        clause = next((c for c in token.children if c.dep_ == "ccomp"), None)
        subject = next(c for c in token.children if c.dep_ == "nsubj")
        return (subject, token), clause if clause is not None else token
    if word in _ADJECTIVES and token.dep_ == "amod":
        return (token,), token.head
    return None


def find_hedges(parsed: Parsed) -> list[Hedge]:
    """Every hedge in the outlet's own words, in text order (one per sentence and predicate)."""
    hedges: list[Hedge] = []
    seen: set[tuple[int, int]] = set()
    for sentence in parsed.article.content_sentences:
        if parsed.article.text[sentence.start : sentence.end].rstrip(" \"'”’)").endswith("?"):
            continue  # a question asserts nothing, so it hedges nothing: "Did you feel it, or perhaps wake up?"
        for token in parsed.own_tokens(sentence.start, sentence.end):
            found = _cue(token)
            if found is None:
                continue
            cue, predicate = found
            if (sentence.index, predicate.i) in seen:
                continue
            seen.add((sentence.index, predicate.i))
            scope = tuple(
                t
                for t in predicate.subtree
                if t.i not in {c.i for c in cue} and sentence.start <= t.idx < sentence.end and not t.is_punct
            )
            if not scope:
                continue
            hedges.append(Hedge(parsed, sentence.index, cue, scope, predicate))
    return hedges


def _prefixes(keys: frozenset[str]) -> set[str]:
    return {k[:_PREFIX] for k in keys}


@dataclass(frozen=True, slots=True)
class _Keys:
    """A unit with its key prefixes: all of them, and those of its common words (keys that are not names).

    Every hedge is compared with every unhedged sentence of the other articles, so the prefixes are made once.
    """

    unit: Unit
    prefixes: set[str]
    common: set[str]

    @classmethod
    def of(cls, unit: Unit) -> _Keys:
        return cls(unit, _prefixes(unit.keys), _prefixes(unit.keys - unit.names))


@dataclass(frozen=True, slots=True)
class _Claim:
    """The keys of a hedged claim: its predicate and complements, its direct object (with the name it carries),
    its subject's head; and, when the hedge is on a noun, which kind of noun."""

    core: set[str]
    objects: set[str]
    subject: set[str]
    head: set[str]  # the predicate's own key (the noun itself, for a hedged noun)
    role: bool  # "a suspected Mafia boss", "the alleged gunman": who someone is; the claim has no subject
    thing: bool  # "a release likely for late 2009": a hedged thing, matched by the noun and two more words


def _claim(hedge: Hedge) -> _Claim:
    words = [hedge.predicate] + [c for c in hedge.predicate.children if c.dep_ in _COMPLEMENT]
    words += [g for c in words if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj"]
    objects = [c for c in hedge.predicate.children if c.dep_ in _OBJECTS]
    # A named object is that one: "damaged the Kalidingin hotel" is not "two hotels collapsed".
    objects += [g for c in objects for g in c.children if g.dep_ == "compound" and g.pos_ == "PROPN"]
    subjects = [c for c in hedge.predicate.children if c.dep_ in ("nsubj", "nsubjpass", "csubj")]

    def keys(tokens: Sequence[Any]) -> set[str]:
        return {k[:_PREFIX] for t in tokens if (k := content_key(t)) is not None}

    noun = hedge.predicate.pos_ in ("NOUN", "PROPN")
    role = noun and any(c.lower_ in _ROLE_HEDGES for c in hedge.cue)
    return _Claim(keys(words), keys(objects), keys(subjects), keys([hedge.predicate]), role, noun and not role)


def _evidence(scope: _Keys, claim: _Claim, other: _Keys, story: Story) -> float:
    """How surely ``other`` states the hedged claim: the weight of what it shares, 0 when it is not enough.

    Either the scope's figure and the claim's predicate or two more words ("all 27 departed" / "27 ... left ...
    departure"; "all 40 workers on the overnight shift at the plant" / "the plant's 40 night-shift employees";
    not "the team was believed to have offered $160 million" / "other teams: the Nationals ($160 million)"), or
    the claim's predicate (or a complement), its subject, its object if it has one, and one more word ("the release
    ... caused the flooding" / "The release flooded"). Sharing the verb alone would pair "the gates could stay
    open" with "the city ... asked residents to stay away"; sharing the subject and the verb but not the object,
    "the quakes reportedly damaged the hotel" with "135 homes were damaged in the quakes". A claim whose subject
    is a pronoun ("whether they could impose the death penalty") names no one to match: only its figure can. A
    hedged thing ("a potential harm", "a release likely for late 2009") must share the noun and two more words.
    """
    shared_figures = scope.unit.figures & other.unit.figures
    if scope.unit.figures and not shared_figures:
        return 0.0  # the hedge is about that number ("all 27"): a statement without it asserts something else
    shared_keys = scope.common & other.common
    named = claim.subject <= other.prefixes and (bool(claim.subject) or claim.role)
    if claim.thing and claim.head & shared_keys and len(shared_keys) >= 3:
        named = True  # "a release likely for late 2009" / "a late 2009 or early 2010 release date"
    by_figure = bool(shared_figures and shared_keys) and (len(shared_keys) >= 2 or bool(claim.core & shared_keys))
    by_claim = named and bool(claim.core & shared_keys) and claim.objects <= other.prefixes and len(shared_keys) >= 2
    if not (by_figure or by_claim):
        return 0.0
    if scope.unit.years and other.unit.years and not scope.unit.years & other.unit.years:
        return 0.0
    return sum(story.weight(f) for f in shared_figures) + len(shared_keys)


def _match_key(token: Any) -> str | None:
    figure = figure_key(token)
    if figure is not None:
        return figure
    key = content_key(token)
    return key[:_PREFIX] if key is not None else None


_Verbs = list[tuple[Any, list[str | None], int]]  # a unit's verbs, each with its phrase's match keys and size


def _verbs(parsed: Parsed, unit: Unit) -> _Verbs:
    """The verbs of ``unit`` that can state a claim (not auxiliaries), each with the match keys of its phrase."""
    verbs = []
    for t in parsed.own_tokens(unit.start, unit.end):
        if t.pos_ in ("VERB", "AUX") and t.dep_ not in ("aux", "auxpass"):
            phrase = list(t.subtree)
            verbs.append((t, [_match_key(w) for w in phrase], len(phrase)))
    return verbs


def _asserting_verb(verbs: _Verbs, keys: set[str]) -> Any | None:
    """The verb whose phrase holds the most shared ``keys`` (then the tightest such phrase), of a unit's
    :func:`_verbs`."""
    best, best_rank = None, (0, 0)
    for verb, phrase, size in verbs:
        count = sum(1 for k in phrase if k in keys)
        rank = (count, -size)
        if count and rank > best_rank:
            best, best_rank = verb, rank
    return best


def _modal(verb: Any | None) -> bool:
    """Whether a modal governs the verb: "Cybercriminals can set up …", "It must be …" state no fact either, so
    they are no assertion to set against "Attackers could set up …"."""
    return verb is not None and any(c.dep_ == "aux" and c.lower_ in _NOT_ASSERTING for c in verb.children)


def _asserted_term(parsed: Parsed, unit: Unit, best: Any | None) -> tuple[int, int]:
    """Offsets of the clause of ``unit`` that states the claim: the subject through ``best``, the verb whose
    phrase holds the shared words ("27 Russian diplomats left"); the whole unit when there is none."""
    tokens = parsed.own_tokens(unit.start, unit.end)
    if best is None:
        return tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
    subject = next((c for c in best.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    start = min(t.idx for t in subject.subtree) if subject is not None else best.idx
    tail = [c for c in best.children if c.dep_ in ("acomp", "prt") and c.i == best.i + 1]
    end_token = tail[0] if tail else best
    return start, end_token.idx + len(end_token.text)


def find_certainty(parsed: Sequence[Parsed], story: Story) -> list[Framing]:
    """One item per hedge and article that states the hedged claim without the hedge."""
    hedges = {p.id: find_hedges(p) for p in parsed}
    hedged_sentences = {(p.id, h.sentence) for p in parsed for h in hedges[p.id]}
    # A statement to set against the hedge: an unhedged sentence with a verb ("At approximately 7 p.m." asserts
    # nothing, though it shares the hour).
    candidates = {
        p.id: [
            _Keys.of(u)
            for u in story.units[p.id]
            if (p.id, u.sentence) not in hedged_sentences
            and any(t.pos_ in ("VERB", "AUX") for t in p.tokens(u.start, u.end))
        ]
        for p in parsed
    }
    items = []
    # A unit's verbs and their phrases, read once: in a big story one statement answers the hedges of many
    # outlets (7,500 look-ups for 150 articles, half the certainty stage when each walked the parse again).
    verbs: dict[tuple[str, int, int], _Verbs] = {}
    for pa in parsed:
        for hedge in hedges[pa.id]:
            scope = unit_of(pa, hedge.sentence, hedge.scope, hedge.scope[0].idx, hedge.scope[-1].idx)
            scope_keys = _Keys.of(scope)
            claim = _claim(hedge)
            shared = _shared(scope)
            for pb in parsed:
                if pb.id == pa.id:
                    continue
                scored = [(_evidence(scope_keys, claim, k, story), -k.unit.start, k.unit) for k in candidates[pb.id]]
                best = max(scored, default=(0.0, 0, None), key=lambda s: (s[0], s[1]))
                if best[2] is None or best[0] <= 0:
                    continue
                unit = best[2]
                key = (pb.id, unit.start, unit.end)
                if key not in verbs:
                    verbs[key] = _verbs(pb, unit)
                verb = _asserting_verb(verbs[key], shared)
                if _modal(verb):
                    continue  # the other outlet's closest statement of the claim is under a modal too: no contrast
                items.append(_item(hedge, pb, best[2], verb))
    return items


def _shared(scope: Unit) -> set[str]:
    """The keys a statement of the hedged claim is matched on: the scope's word prefixes and its figures."""
    return _prefixes(scope.keys) | set(scope.figures)


def _item(hedge: Hedge, pb: Parsed, other: Unit, verb: Any | None) -> Framing:
    pa = hedge.parsed
    b_start, b_end = _asserted_term(pb, other, verb)
    cue_start, cue_end = hedge.cue[0].idx, hedge.cue[-1].idx + len(hedge.cue[-1].text)
    asserted = pb.article.text[b_start:b_end]
    return Framing(
        kind="certainty",
        articles=(pa.id, pb.id),
        terms=((pa.id, (hedge.cue_text,)), (pb.id, (asserted,))),
        spans=(Span(pa.id, cue_start, cue_end), Span(pb.id, b_start, b_end)),
        explanation=(
            f"{pa.article.source} hedges this (“{hedge.cue_text}”) where {pb.article.source} states it as fact "
            f"(“{asserted}”)."
        ),
    )
