"""Word choice: the different words outlets use for the same act, actor or thing.

Two mentions of one aligned fact (or two headlines) are lined up word by word with difflib on word stems, the
quoted words of each collapsed to one placeholder so a quotation counts as a shared anchor and never as a
difference (quote changes are the quote module's business). A stretch that differs between two shared anchors is
a candidate *term pair*. It is kept only when it is a substitution that fills the same syntactic slot:

* both sides hold content words, and each side holds some the other lacks (an added adjective is detail, not
  a different word for the same thing);
* each side is one phrase: a single syntactic head after trimming articles and prepositions at the edges;
* the heads are the same kind of word (verb for verb, noun for noun) in one slot: nouns hang off the same
  word or both head their sentence; verbs act on the same thing (an argument in the same role is shared: "tore
  through the shed" / "swept through the shed"; a shared subject alone only for two speech verbs), or hang off
  the same word other than as the next act of a sequence; in headlines, whose parses are rough, any two
  predicates;
* the difference is not only in numbers or proper names (conflicts or naming, reported elsewhere), nor in
  figures, nor in spelling ("jewellery" / "jewelry").

Pairs of one fact that share a term are merged into one item covering every outlet that words it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Any

from newsparallax.counterparts import Story, counterpart_pairs
from newsparallax.framing_lexicon import SPEECH_CUES, is_loaded
from newsparallax.framing_text import Parsed, content_key, first_mentions, quote_spans
from newsparallax.model import Fact, Framing, Span
from newsparallax.signals import stem

_PLACEHOLDER = "«quote»"
_EDGE = frozenset({"DET", "CCONJ", "SCONJ", "ADP", "PART", "PUNCT", "AUX", "SYM"})
_MAX_SIDE = 6  # tokens per side: longer differing stretches are different information, not another word for it
_MAX_TITLE_SIDE = 3  # headlines pack clauses tightly: a longer stretch is another clause, not another word
_BRIDGE = 2  # an identical run this short between two differences may join them into one phrase
_PREDICATE = frozenset({"ROOT", "conj", "acl", "relcl", "ccomp", "xcomp", "advcl", "pcomp", "parataxis"})
_MODIFIER = frozenset({"amod", "compound", "nmod", "npadvmod"})
_POS_CLASS = {"VERB": "verb", "AUX": "verb", "NOUN": "noun", "PROPN": "noun", "PRON": "noun", "ADJ": "mod"}
_LIGHT_VERBS = frozenset(
    """get gets got getting bring brings brought bringing take takes took taking make makes made making have has
    had having do does did doing go goes went going put puts putting give gives gave giving come comes came
    coming keep keeps kept keeping""".split()
)
# Verbs that report what someone said or how they named a thing ("Russia called it expulsion").
_SPEECH_OR_NAMING = SPEECH_CUES | frozenset({"call", "calls", "called", "calling"})
_QUANTIFIERS = frozenset("many most some few several all both others none each either neither".split())
_ROLE_WORD = {"verb": "act", "noun": "actor or thing", "mod": "description"}


@dataclass(frozen=True, slots=True)
class _Seq:
    """A mention as difflib sees it: comparison keys and the token behind each (``None`` for a quotation)."""

    keys: tuple[str, ...]
    tokens: tuple[Any | None, ...]
    roots: frozenset[int]  # token indices (in the doc) that count as the mention's main predicate
    quotes_before: tuple[int, ...]  # per position (and the end), how many quotations come before it
    # Lower-case verbs, auxiliaries and nouns, for :func:`_says_verb`: asked for every pair of unaligned verbs
    # of every mention pair, it read the spaCy tokens' attributes each time (a fifth of a 50-article story).
    verbal: tuple[str, ...]
    nouns: frozenset[str]  # the keys of its nouns and proper nouns, for :func:`_worded_alike_elsewhere`

    def has_quote(self, lo: int, hi: int) -> bool:
        """Whether positions ``[lo, hi)`` hold a quotation (asked of every differing stretch, so O(1))."""
        return self.quotes_before[hi] > self.quotes_before[lo]


@dataclass(frozen=True, slots=True)
class _Region:
    """Sequence positions ``[a_lo, a_hi)`` and ``[b_lo, b_hi)`` that differ."""

    a_lo: int
    a_hi: int
    b_lo: int
    b_hi: int
    bounded: bool
    anchors: tuple[tuple[Any, Any], ...]  # the aligned token pairs of the identical runs around the stretch


@dataclass(frozen=True, slots=True)
class _Candidate:
    side_a: list[Any]
    side_b: list[Any]
    head_a: Any
    head_b: Any
    ends: tuple[int, int]


@dataclass(frozen=True, slots=True)
class Term:
    """One side of a term pair: characters ``[start, end)`` of the article text, or of its headline."""

    article: str
    start: int
    end: int
    text: str
    head: Any
    title: bool


def _key(token: Any) -> str:
    return token.text.lower() if token.like_num else stem(token.text)


def sequence(tokens: Sequence[Any], quoted: Callable[[Any], bool]) -> _Seq:
    keys: list[str] = []
    kept: list[Any | None] = []
    for token in tokens:
        if token.is_punct or token.is_space:
            continue
        if quoted(token):
            if not kept or kept[-1] is not None:
                keys.append(_PLACEHOLDER)
                kept.append(None)
            continue
        keys.append(_key(token))
        kept.append(token)
    indices = {t.i for t in kept if t is not None}
    roots = frozenset(t.i for t in kept if t is not None and (t.dep_ == "ROOT" or t.head.i not in indices))
    quotes_before = [0]
    for token in kept:
        quotes_before.append(quotes_before[-1] + (token is None))
    verbal = tuple(t.text.lower() for t in kept if t is not None and t.pos_ in ("VERB", "AUX", "NOUN"))
    nouns = frozenset(k for k, t in zip(keys, kept, strict=True) if t is not None and t.pos_ in ("NOUN", "PROPN"))
    return _Seq(tuple(keys), tuple(kept), roots, tuple(quotes_before), verbal, nouns)


def _trim(side: list[Any]) -> list[Any]:
    while side and side[0].pos_ in _EDGE:
        side = side[1:]
    while side and side[-1].pos_ in _EDGE:
        side = side[:-1]
    return side


def _heads(side: list[Any]) -> list[Any]:
    inside = {t.i for t in side}
    return [t for t in side if t.head.i not in inside or t.head.i == t.i]


def _regions(a: _Seq, b: _Seq, ops: Sequence[tuple[str, int, int, int, int]]) -> list[_Region]:
    """Maximal differing stretches in sequence positions, with the identical runs around them.

    A stretch is bounded when each side is an identical run or the start (end) of both mentions.
    """
    regions: list[_Region] = []
    i = 0
    while i < len(ops):
        if ops[i][0] == "equal":
            i += 1
            continue
        j = i
        while j + 1 < len(ops) and ops[j + 1][0] != "equal":
            j += 1
        left = ops[i - 1] if i > 0 else None
        right = ops[j + 1] if j + 1 < len(ops) else None
        bounded = (left is not None or (ops[i][1] == 0 and ops[i][3] == 0)) and (
            right is not None or (ops[j][2] == len(a.keys) and ops[j][4] == len(b.keys))
        )
        anchors = tuple(
            (ta, tb)
            for op in (left, right)
            if op is not None
            for ta, tb in zip(a.tokens[op[1] : op[2]], b.tokens[op[3] : op[4]], strict=True)
        )
        regions.append(_Region(ops[i][1], ops[j][2], ops[i][3], ops[j][4], bounded, anchors))
        i = j + 1
    return regions


def _anchored(region: _Region, head_a: Any, head_b: Any) -> bool:
    """A shared content word (or quotation) borders the stretch, or a shared word hangs off both heads."""
    for ta, tb in region.anchors:
        if ta is None or content_key(ta) is not None:
            return True
        if tb is not None and ta.head.i == head_a.i and tb.head.i == head_b.i:
            return True  # "tore through" / "swept through": the shared preposition is the verbs' own
    return False


def _extend_particle(a: list[Any], b: list[Any], sa: _Seq, sb: _Seq, ends: tuple[int, int]) -> None:
    """Extend "tore" / "swept" to "tore through" / "swept through" when both verbs take the same next word."""
    na, nb = ends
    if len(a) != 1 or len(b) != 1 or na >= len(sa.tokens) or nb >= len(sb.tokens):
        return
    ta, tb = sa.tokens[na], sb.tokens[nb]
    if ta is None or tb is None or ta.text.lower() != tb.text.lower() or ta.i != a[0].i + 1 or tb.i != b[0].i + 1:
        return
    if ta.head.i == a[0].i and tb.head.i == b[0].i and ta.dep_ in ("prt", "prep") and tb.dep_ in ("prt", "prep"):
        a.append(ta)
        b.append(tb)


def _without_time(side: list[Any], head: Any) -> list[Any]:
    """The side without a date or time hanging off its head ("said on Wednesday" is "said")."""
    drop: set[int] = set()
    for child in head.children:
        subtree = [t for t in child.subtree if not t.is_punct]
        words = [t for t in subtree if t.pos_ not in ("ADP", "DET")]
        if words and all(t.ent_type_ in ("DATE", "TIME") for t in words):
            drop |= {t.i for t in child.subtree}
    return _trim([t for t in side if t.i not in drop])


def _only_names_or_numbers(tokens: list[Any], other: set[str]) -> bool:
    differing = [t for t in tokens if (k := content_key(t)) is not None and k not in other]
    return all(t.pos_ in ("NUM", "PROPN") or t.like_num for t in differing)


def _same_slot(
    ha: Any,
    hb: Any,
    aligned: dict[int, int],
    title: bool,
    sides: tuple[Sequence[Any], Sequence[Any]] = ((), ()),
    same_words: dict[int, int] | None = None,
) -> bool:
    """Whether two heads fill one slot: the same kind of word hanging off aligned words.

    Modifiers of aligned words pass whatever their tag ("overnight shift" / "night shift"). Nouns pass when they
    hang off aligned words (:func:`_governor_aligned`) or both head their sentence. A verb is another word for
    the same act only when it acts on the same thing: it shares an aligned argument in the same role with the
    other verb ("tore through the shed" / "swept through the shed", "released water" / "dumped water"), or it
    is the complement of an aligned word ("said the fire destroyed" / "said the fire burned"). The argument may
    hang off a word of the phrase (``sides``) that completes the verb: "spent the night on cots" / "ended up
    sleeping on cots". Two main verbs, or two verbs of a sequence, that share no argument are two acts: "was
    found guilty of murdering a deputy" / "shot and killed a deputy", "took her gun and shot the judge" / "took
    her gun and went to the chambers". In headlines, whose parses are rough, any two predicates pass.
    ``aligned`` pairs the substituted heads too; ``same_words`` (default ``aligned``) only the words the two
    mentions share, and the substituted verbs that fill one slot.
    """
    governed = ha.head.i != ha.i and aligned.get(ha.head.i) == hb.head.i
    if governed and ha.dep_ in _MODIFIER and hb.dep_ in _MODIFIER:
        return True
    ca, cb = _POS_CLASS.get(ha.pos_), _POS_CLASS.get(hb.pos_)
    if ca is None or ca != cb:
        return False
    shared = aligned if same_words is None else same_words
    if ca != "verb":
        return (governed and _governor_aligned(ha, hb, shared)) or (ha.dep_ == "ROOT" and hb.dep_ == "ROOT")
    if title:
        return governed or (ha.dep_ in _PREDICATE and hb.dep_ in _PREDICATE)
    if governed and "conj" not in (ha.dep_, hb.dep_):
        return True
    return _share_argument(_verb_complex(ha, sides[0]), _verb_complex(hb, sides[1]), shared)


def _governor_aligned(ha: Any, hb: Any, aligned: dict[int, int]) -> bool:
    """Whether the aligned word two nouns hang off says what they are to it: a content word ("the burned shed" /
    "the burned building"), or a preposition whose own governor is aligned too ("tore through the shed" / "tore
    through the building"). A shared preposition alone is no slot: "deals with him in the future" / "faced
    charges in the case", "drove off in the van" / "hid in the shed" (``aligned``: the words both share, and
    substituted verbs that fill one slot)."""
    governor = ha.head
    if content_key(governor) is not None:
        return True
    above = governor.head
    return bool(above.i != governor.i and aligned.get(above.i) == hb.head.head.i)


# Dependency roles an argument keeps across two wordings of one act; a passive subject is not an active one.
_ROLE = {
    "nsubj": "subject", "csubj": "subject", "nsubjpass": "passive", "csubjpass": "passive", "dobj": "object",
    "obj": "object", "attr": "object", "oprd": "object", "dative": "dative", "xcomp": "complement",
    "ccomp": "complement", "prep": "prep", "agent": "prep",
}  # fmt: skip
_CORE = frozenset({"nsubj", "nsubjpass", "dobj", "obj"})  # a complement clause's arguments that tell its act
_COMPLETES = frozenset({"xcomp", "prt", "acomp", "oprd", "advmod"})  # "ended up sleeping", "keep clear"
_CLAUSE_DEPS = frozenset({"relcl", "acl", "advcl", "ccomp", "xcomp", "parataxis"})  # another statement inside


def _verb_complex(head: Any, side: Sequence[Any]) -> list[Any]:
    """The head verb and the words of ``side`` that complete it ("ended up sleeping", "keep clear"), whose
    arguments are the act's own; not a verb it governs through a preposition ("convicted of overpowering")."""
    inside = {t.i for t in side}
    found, stack = [head], [head]
    while stack:
        more = [c for c in stack.pop().children if c.i in inside and c.dep_ in _COMPLETES]
        found += more
        stack += more
    return found


def _share_argument(side_a: list[Any], side_b: list[Any], aligned: dict[int, int]) -> bool:
    """Whether two phrases have arguments outside them in the same role that share an aligned content word.

    The arguments: a subject or object; the object of a preposition, whatever the preposition ("keep clear of
    the riverbank" / "stay away from the riverbank"); a complement clause's verb ("asked residents to stay" /
    "told everyone to stay"), subject or object ("cautioned that the cause was …" / "claimed the cause is …").
    The shared word may be any of the argument's own ("through the Calder Bay Seafoods plant" / "through the
    Calder Bay Seafoods processing shed").
    """
    arguments_b = _arguments(side_b)
    # The same actor does many things: a shared subject alone makes two verbs one act only when both report
    # speech ("Brandt said" / "Brandt insisted"), not "Ratliff scored" / "Ratliff intercepted a pass".
    speech = all(any(t.lower_ in _SPEECH_OR_NAMING for t in side) for side in (side_a, side_b))
    for role, words in _arguments(side_a):
        if role == "subject" and not speech:
            continue
        partners = {aligned[i] for i in words if i in aligned}
        if partners and any(role == other and partners & theirs for other, theirs in arguments_b):
            return True
    return False


def _arguments(side: list[Any]) -> list[tuple[str, frozenset[int]]]:
    """The arguments of ``side`` outside it, each as its role and the token indices of its content words."""
    inside = {t.i for t in side}
    found: list[tuple[str, frozenset[int]]] = []
    for child in (c for t in side for c in t.children if c.i not in inside):
        role = _ROLE.get(child.dep_)
        if role == "prep":
            found += [(role, _phrase(g)) for g in child.children if g.dep_ == "pobj"]
        elif role == "complement":  # the clause's verb itself ("to stay"), its subject and its object
            found.append((role, frozenset({child.i} if content_key(child) is not None else ())))
            found += [(_ROLE[g.dep_], _phrase(g)) for g in child.children if g.dep_ in _CORE]
        elif role is not None:
            found.append((role, _phrase(child)))
            if role == "passive" and any(c.dep_ == "xcomp" and c.i in inside for c in child.head.children):
                # A raising verb's passive subject does the act of its complement: in "Antonov is seen telling
                # a reporter" / "Antonov said", Antonov speaks in both.
                found.append(("subject", _phrase(child)))
    return found


def _phrase(token: Any) -> frozenset[int]:
    """Indices of the content words of ``token``'s phrase, not reaching into clauses that hang off it."""
    words, stack = set(), [token]
    while stack:
        t = stack.pop()
        if content_key(t) is not None:
            words.add(t.i)
        stack += [c for c in t.children if c.dep_ not in _CLAUSE_DEPS]
    return frozenset(words)


def _split_subject(side: list[Any], head: Any) -> tuple[list[Any], list[Any]]:
    """``(subject, rest)`` of a side that holds a clause's subject and its verb: the actor and the act."""
    inside = {t.i for t in side}
    subject = next((c for c in head.children if c.dep_ in ("nsubj", "nsubjpass") and c.i in inside), None)
    if subject is None or head.pos_ not in ("VERB", "AUX"):
        return [], side
    phrase = {t.i for t in subject.subtree} & inside
    return _trim([t for t in side if t.i in phrase]), _trim([t for t in side if t.i not in phrase])


def _candidate(a: _Seq, b: _Seq, region: _Region, title: bool) -> _Candidate | None:
    """The two phrases of a differing stretch when each is one short phrase outside quotes."""
    quoted = a.has_quote(region.a_lo, region.a_hi) or b.has_quote(region.b_lo, region.b_hi)
    if not region.bounded or not region.anchors or quoted:
        return None
    side_a, side_b = list(a.tokens[region.a_lo : region.a_hi]), list(b.tokens[region.b_lo : region.b_hi])
    side_a, side_b = _trim(side_a), _trim(side_b)
    longest = _MAX_TITLE_SIDE if title else _MAX_SIDE
    if not side_a or not side_b or len(side_a) > longest or len(side_b) > longest:
        return None
    heads_a, heads_b = _heads(side_a), _heads(side_b)
    if len(heads_a) != 1 or len(heads_b) != 1 or not _anchored(region, heads_a[0], heads_b[0]):
        return None
    side_a, side_b = _without_time(side_a, heads_a[0]), _without_time(side_b, heads_b[0])
    if not side_a or not side_b:
        return None
    return _Candidate(side_a, side_b, heads_a[0], heads_b[0], (region.a_hi, region.b_hi))


def _bridged(first: _Region, second: _Region) -> _Region | None:
    """Two differences around a short identical run, as one ("asked residents to stay away" / "told ... off")."""
    substitutions = all(r.a_hi > r.a_lo and r.b_hi > r.b_lo for r in (first, second))
    if not substitutions or second.a_lo - first.a_hi > _BRIDGE or second.b_lo - first.b_hi > _BRIDGE:
        return None
    bounded = first.bounded and second.bounded
    return _Region(first.a_lo, second.a_hi, first.b_lo, second.b_hi, bounded, first.anchors + second.anchors)


def _candidates(a: _Seq, b: _Seq, regions: list[_Region], title: bool) -> list[_Candidate]:
    found = []
    i = 0
    while i < len(regions):
        one = _candidate(a, b, regions[i], title)
        if one is None and i + 1 < len(regions) and (merged := _bridged(regions[i], regions[i + 1])) is not None:
            both = _candidate(a, b, merged, title)
            if both is not None:
                found.append(both)
                i += 2
                continue
        if one is not None:
            found.append(one)
        i += 1
    return found


# British spellings and their American forms, as (pattern, replacement) over a lower-case word. A rule list, not a
# dictionary: no offline package maps the two, and these few patterns cover the spellings news copy mixes.
_BRITISH = tuple(
    (re.compile(pattern), replacement)
    for pattern, replacement in (
        (r"ellery$", "elry"), (r"our(s?)$", r"or\1"), (r"our(ed|ing|ite|ites|able|er|ers)$", r"or\1"),
        (r"([a-z])tre(s?)$", r"\1ter\2"), (r"is(e|es|ed|ing|ation|ations)$", r"iz\1"),
        (r"ys(e|es|ed|ing)$", r"yz\1"), (r"([aeiou])ll(ed|ing|er|ers)$", r"\1l\2"), (r"ogue$", "og"),
        (r"ence$", "ense"), (r"amme(s?)$", r"am\1"),
    )
)  # fmt: skip


def _spellings(side: list[Any]) -> list[str]:
    """The side's words with British spellings in their American form ("jewellery" reads "jewelry")."""
    words = []
    for token in side:
        word = token.lower_
        for pattern, replacement in _BRITISH:
            word = pattern.sub(replacement, word)
        words.append(word)
    return words


def _differs(side_a: list[Any], side_b: list[Any]) -> bool:
    """Each side has content words the other lacks, and not only numbers or names (conflicts, not wording)."""
    keys_a = {k for t in side_a if (k := content_key(t)) is not None}
    keys_b = {k for t in side_b if (k := content_key(t)) is not None}
    if not keys_a - keys_b or not keys_b - keys_a:
        return False
    if _spellings(side_a) == _spellings(side_b):
        return False  # "jewellery" / "jewelry", "favourite" / "favorite": one word in two spellings
    numbers_a, numbers_b = ({t.lower_ for t in side if t.like_num} for side in (side_a, side_b))
    if numbers_a and numbers_b and not numbers_a & numbers_b:
        return False  # "at least 30 homers" / "13 home runs": another figure, so another count, not another word
    heads = _heads(side_a) + _heads(side_b)
    if all(h.text.lower() in _LIGHT_VERBS for h in heads):
        return False  # "bringing it" / "get the fire": light verbs carry too little meaning to frame anything
    if any(h.pos_ == "PRON" or h.text.lower() in _QUANTIFIERS for h in heads):
        return False  # "Most of them" / "Many": pronouns and quantifiers stand in for a noun said elsewhere
    return not (_only_names_or_numbers(side_a, keys_b) or _only_names_or_numbers(side_b, keys_a))


def _report_parts(c: _Candidate) -> list[tuple[list[Any], list[Any], Any, Any]]:
    """The candidate's sides with their heads; split in two when both report speech with the clause reported:
    "admitted that repairs would take" / "said crews would need" are two choices, the verb of saying
    ("admitted" / "said") and the clause's own wording, each paired apart."""
    reported_a, reported_b = _reported(c.side_a, c.head_a), _reported(c.side_b, c.head_b)
    if reported_a is None or reported_b is None:
        return [(c.side_a, c.side_b, c.head_a, c.head_b)]
    (verb_a, clause_a, clause_head_a), (verb_b, clause_b, clause_head_b) = reported_a, reported_b
    return [(verb_a, verb_b, c.head_a, c.head_b), (clause_a, clause_b, clause_head_a, clause_head_b)]


def _reported(side: list[Any], head: Any) -> tuple[list[Any], list[Any], Any] | None:
    """``(speech verb, reported clause, the clause's head)`` of a side whose head is a speech verb with its
    clausal complement inside the side, else None."""
    if head.text.lower() not in SPEECH_CUES:
        return None
    inside = {t.i for t in side}
    clause = next((child for child in head.children if child.dep_ == "ccomp" and child.i in inside), None)
    if clause is None:
        return None
    reported = {t.i for t in clause.subtree}
    verb, said = _trim([t for t in side if t.i not in reported]), _trim([t for t in side if t.i in reported])
    return (verb, said, clause) if verb and said else None


def _worded_alike_elsewhere(side_a: list[Any], side_b: list[Any], a: _Seq, b: _Seq) -> bool:
    """Whether the head noun of one side is a word the other mention also uses: "repairs would take three days"
    / "crews would need three days for repairs" name the repairs alike, so "crews" is another actor, not another
    word for the repairs. The other mention must use the word as a noun too: "a temporary patch to fix the flaw"
    / "a temporary fix" still word the remedy differently."""
    return any(
        head.pos_ in ("NOUN", "PROPN") and _key(head) in other.nouns
        for side, other in ((side_a, b), (side_b, a))
        for head in _heads(side)
    )


def _added_labels(
    a: _Seq, b: _Seq, regions: list[_Region], aligned: dict[int, int]
) -> list[tuple[list[Any], list[Any]]]:
    """A loaded phrase one outlet puts on a shared name: "bureaucrats at the Authority" / "the Authority".

    Additions are detail as a rule; an added evaluative word that governs the shared words is a different word
    for the same actor, so the pair is the added phrase with its shared words against those shared words.
    """
    by_index_b: dict[int, Any] | None = None  # built on the first addition: most mention pairs have none
    pairs = []
    for region in regions:
        if region.b_hi > region.b_lo or not region.bounded:
            continue
        if by_index_b is None:
            by_index_b = {t.i: t for t in b.tokens if t is not None}
        added = [t for t in a.tokens[region.a_lo : region.a_hi] if t is not None]
        for head in _heads(added):
            phrase = [t for t in head.subtree if not t.is_punct]
            partners = sorted(by_index_b[aligned[t.i]].i for t in phrase if t.i in aligned)
            if not partners or not is_loaded(" ".join(t.text for t in phrase if t.i not in aligned)):
                continue
            doc = by_index_b[partners[0]].doc
            lo = partners[0] - 1 if partners[0] > 0 and doc[partners[0] - 1].pos_ == "DET" else partners[0]
            pairs.append((_trim(phrase), list(doc[lo : partners[-1] + 1])))
    return pairs


def term_pairs(
    a: _Seq,
    b: _Seq,
    *,
    title: bool = False,
    same_statement: bool = True,
    matcher: SequenceMatcher[str] | None = None,
) -> list[tuple[list[Any], list[Any]]]:
    """The substituted phrases of two mentions, as token lists (see the module docstring for the tests).

    ``same_statement`` is False for sentences paired by :mod:`counterparts` rather than by the aligner: they may
    be two statements of one speaker, so differing speech verbs there are not a choice of words. ``matcher``, a
    ``SequenceMatcher(None, x, b.keys, autojunk=False)``, saves indexing ``b`` again when ``b`` meets many ``a``.
    """
    if a.keys == b.keys:
        # One "equal" run (or none): no differing stretch, so no candidate and no added label. A big story
        # prints many sentences word for word in several outlets, and this skips difflib for them.
        return []
    if matcher is None:
        matcher = SequenceMatcher(None, a.keys, b.keys, autojunk=False)
    else:
        matcher.set_seq1(a.keys)
    ops = matcher.get_opcodes()
    aligned: dict[int, int] = {}
    for tag, a_lo, a_hi, b_lo, b_hi in ops:
        if tag == "equal":
            for ta, tb in zip(a.tokens[a_lo:a_hi], b.tokens[b_lo:b_hi], strict=True):
                if ta is not None and tb is not None:
                    aligned[ta.i] = tb.i
    regions = _regions(a, b, ops)
    candidates = _candidates(a, b, regions, title)
    same_words = dict(aligned)
    for c in candidates:
        aligned[c.head_a.i] = c.head_b.i  # substituted heads align, so their dependents' slots can be checked
    # Verbs first: a noun after a preposition of two substituted verbs ("tore through the shed" / "ripped through
    # the plant") fills one slot when the verbs do, and not when they are two acts ("drove off in the van" / "hid
    # in the shed").
    slotted = same_words | {
        c.head_a.i: c.head_b.i
        for c in candidates
        if _POS_CLASS.get(c.head_a.pos_) == "verb"
        and _same_slot(c.head_a, c.head_b, aligned, title, (c.side_a, c.side_b), same_words)
    }
    pairs: list[tuple[list[Any], list[Any]]] = []
    for c in candidates:
        if not _same_slot(c.head_a, c.head_b, aligned, title, (c.side_a, c.side_b), slotted):
            continue
        if not same_statement and (c.head_a.text.lower() in SPEECH_CUES or c.head_b.text.lower() in SPEECH_CUES):
            continue
        for whole_a, whole_b, head_a, head_b in _report_parts(c):
            subject_a, act_a = _split_subject(whole_a, head_a)
            subject_b, act_b = _split_subject(whole_b, head_b)
            if subject_a and subject_b and act_a and act_b:
                if _differs(subject_a, subject_b) and not _worded_alike_elsewhere(subject_a, subject_b, a, b):
                    pairs.append((subject_a, subject_b))
                side_a, side_b = act_a, act_b
            else:
                side_a, side_b = whole_a, whole_b
            if _differs(side_a, side_b) and not _worded_alike_elsewhere(side_a, side_b, a, b):
                _extend_particle(side_a, side_b, a, b, c.ends)
                pairs.append((side_a, side_b))
    if not title:
        paired = ({t.i for side, _ in pairs for t in side}, {t.i for _, side in pairs for t in side})
        pairs += _voice_pairs(a, b, regions, aligned, paired, same_statement)
        pairs += _added_labels(a, b, regions, aligned)
        reverse = {v: k for k, v in aligned.items()}
        mirrored = [_Region(r.b_lo, r.b_hi, r.a_lo, r.a_hi, r.bounded, ()) for r in regions]
        pairs += [(x, y) for y, x in _added_labels(b, a, mirrored, reverse)]
    return pairs


_VOICE = {("nsubjpass", "dobj"), ("dobj", "nsubjpass")}
_VOICE_ROLES = frozenset(role for role, _ in _VOICE)


def _says_verb(seq: _Seq, verb: Any) -> bool:
    """Whether ``seq`` has a form of ``verb``. Compared on the words' common prefix rather than :func:`stem`,
    which leaves "apply" whole but cuts "applied" to "appl": all but one letter of the shorter word."""
    word = verb.text.lower()
    for other in seq.verbal:
        shorter = min(len(word), len(other))
        if shorter >= 3 and word[: shorter - 1] == other[: shorter - 1]:
            return True
    return False


def _voice_pairs(
    a: _Seq,
    b: _Seq,
    regions: list[_Region],
    aligned: dict[int, int],
    paired: tuple[set[int], set[int]],
    same_statement: bool,
) -> list[tuple[list[Any], list[Any]]]:
    """Two verbs for one act told in two voices: "The ferry was towed back" / "Tugboats pulled the ferry back".

    The differing stretches are not one substitution there (the agent is added before the shared object, the
    verb dropped after it), so the stretch test above misses them. The slot is shown by the argument instead: an
    unaligned verb whose passive subject is aligned with the object of an unaligned verb on the other side.
    """
    verbs_a = [t for r in regions for t in a.tokens[r.a_lo : r.a_hi] if t is not None and t.pos_ == "VERB"]
    verbs_b = [t for r in regions for t in b.tokens[r.b_lo : r.b_hi] if t is not None and t.pos_ == "VERB"]
    found: list[tuple[list[Any], list[Any]]] = []
    if not verbs_a or not verbs_b:
        return found
    # What the tests below read of each verb, read once rather than for every pair of verbs (spaCy builds a new
    # token object for each child it yields), and the cheapest tests first; they only filter, so the order of
    # the tests changes nothing found.
    partners_b = set(aligned.values())
    voiced_a = [[(aligned.get(c.i, -1), c.dep_) for c in va.children if c.dep_ in _VOICE_ROLES] for va in verbs_a]
    roles_b = [{c.i: c.dep_ for c in vb.children} for vb in verbs_b]
    for va, voiced in zip(verbs_a, voiced_a, strict=True):
        for vb, roles in zip(verbs_b, roles_b, strict=True):
            # Token indices of each side apart: the two mentions are in two documents, whose indices overlap.
            if va.i in paired[0] or vb.i in paired[1] or va.i in aligned or vb.i in partners_b:
                continue
            if not any((dep, roles.get(partner, "")) in _VOICE for partner, dep in voiced):
                continue
            if _says_verb(b, va) or _says_verb(a, vb):
                continue  # the same verb on both sides in two voices ("shot and killed" / "was shot and killed")
            if not same_statement and (va.text.lower() in SPEECH_CUES or vb.text.lower() in SPEECH_CUES):
                continue
            side_a = [t for t in va.children if t.dep_ == "auxpass" and t.i < va.i] + [va]
            side_b = [t for t in vb.children if t.dep_ == "auxpass" and t.i < vb.i] + [vb]
            if _differs(side_a, side_b):
                found.append((side_a, side_b))
                paired[0].add(va.i)
                paired[1].add(vb.i)
    return found


def _mention_seq(parsed: Parsed, start: int, end: int) -> _Seq:
    return sequence(parsed.own_span_tokens(start, end), lambda t: parsed.in_quote(t.idx))


def _title_seq(parsed: Parsed) -> _Seq:
    quoted = quote_spans(parsed.title.text)
    return sequence(list(parsed.title), lambda t: any(lo <= t.idx < hi for lo, hi in quoted))


def _term(parsed: Parsed, tokens: list[Any], title: bool) -> Term:
    start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
    source = parsed.title.text if title else parsed.article.text
    head = _heads(tokens)[0]
    return Term(parsed.id, start, end, source[start:end], head, title)


class _Components:
    """Union-find over terms: two pairs sharing an overlapping term in one article describe one slot.

    Terms are unique: a term equal to one already seen overlaps it, so it joins that one instead.
    """

    def __init__(self) -> None:
        self.terms: list[Term] = []
        self.parent: list[int] = []
        # Term indices by (article, title), in the order added: a new term is only compared with its own text's
        # terms (a big story has thousands of terms, and scanning them all for each was quadratic).
        self._by_text: dict[tuple[str, bool], list[int]] = {}

    def add(self, term: Term) -> int:
        same_text = self._by_text.setdefault((term.article, term.title), [])
        for i in same_text:
            seen = self.terms[i]
            if seen.start < term.end and term.start < seen.end:
                return self.find(i)
        same_text.append(len(self.terms))
        self.terms.append(term)
        self.parent.append(len(self.parent))
        return len(self.parent) - 1

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, i: int, j: int) -> None:
        self.parent[self.find(i)] = self.find(j)

    def groups(self) -> list[tuple[int, list[Term]]]:
        """``(root, terms)`` of each group, in the order of their first terms."""
        out: dict[int, list[Term]] = {}
        for i, term in enumerate(self.terms):
            out.setdefault(self.find(i), []).append(term)
        return list(out.items())


def _normal(text: str) -> str:
    return " ".join(stem(w) for w in text.split())


def _item(group: list[Term], order: dict[str, int], labels: dict[str, str], fact: str | None) -> Framing | None:
    by_article: dict[str, Term] = {}
    for term in sorted(group, key=lambda t: (order[t.article], t.start)):
        by_article.setdefault(term.article, term)
    terms = sorted(by_article.values(), key=lambda t: order[t.article])
    if len({_normal(t.text) for t in terms}) < 2:
        return None  # never an item from identical wording
    role = _ROLE_WORD.get(_POS_CLASS.get(terms[0].head.pos_, "noun"), "thing")
    where = "headlines" if terms[0].title else "outlets"
    wording = "; ".join(f"{labels[t.article]}: “{t.text}”" for t in terms)
    loaded = [t.text for t in terms if is_loaded(t.text)]
    note = f" “{loaded[0]}” is the loaded one." if loaded and len(loaded) < len(terms) else ""
    return Framing(
        kind="headline" if terms[0].title else "word_choice",
        articles=tuple(t.article for t in terms),
        terms=tuple((t.article, (t.text,)) for t in terms),
        spans=tuple(Span(t.article, t.start, t.end) for t in terms if not t.title),
        explanation=f"The {where} word the same {role} differently: {wording}.{note}",
        fact=fact,
    )


@dataclass(frozen=True, slots=True)
class _Unit:
    """A mention with its sequence. ``signature`` is all that :func:`term_pairs` reads of it, with token positions
    counted from ``first`` (the first token of its sentence); ``None`` for headlines, which are never shared."""

    parsed: Parsed
    seq: _Seq
    first: int = 0
    signature: Hashable = None


def _mention_unit(parsed: Parsed, start: int, end: int) -> _Unit:
    seq = _mention_seq(parsed, start, end)
    kept = [t for t in seq.tokens if t is not None]
    if not kept:
        return _Unit(parsed, seq, 0, (seq.keys,))
    doc = parsed.doc
    lo, hi = kept[0].sent.start, kept[-1].sent.end
    # Trees stay inside sentences, so what term_pairs reads (words, tags, dependencies, entities, subtrees) lies
    # in the mention's sentences; and the word before them, whose article a loaded label may take along.
    sentence = tuple(
        (t.text, t.whitespace_, t.tag_, t.pos_, t.dep_, t.head.i - lo, t.ent_iob_, t.ent_type_) for t in doc[lo:hi]
    )
    before = lo > 0 and doc[lo - 1].pos_ == "DET"
    positions = tuple(-1 if t is None else t.i - lo for t in seq.tokens)
    return _Unit(parsed, seq, lo, (sentence, positions, before))


_Found = list[tuple[tuple[int, ...], tuple[int, ...]]]


def _pairs_of(
    units: list[_Unit], title: bool, same_statement: bool = True, known: dict[Hashable, _Found] | None = None
) -> list[tuple[Term, Term]]:
    """The term pairs of every two of ``units``, in order.

    ``known`` holds the pairs found for two signatures: wire copy puts one sentence, parsed alike (see
    :func:`newsparallax.body_parse.parse_bodies`), in many outlets, and each of its pairs with another wording is
    then worked out once and placed in every copy (a fact 50 outlets report is 1,225 pairs, most of them repeats).
    """
    known = {} if known is None else known
    found = []
    # One matcher per second mention, made when first needed: difflib indexes its second sequence, and each
    # mention is second to all those before it. The first mention is never second.
    matchers: dict[int, SequenceMatcher[str]] = {}
    docs = [u.parsed.title if title else u.parsed.doc for u in units]
    for i, ua in enumerate(units):
        for j in range(i + 1, len(units)):
            ub = units[j]
            key = (ua.signature, ub.signature, title, same_statement) if ua.signature and ub.signature else None
            at = known.get(key) if key else None
            if at is None:
                if j not in matchers:
                    matchers[j] = SequenceMatcher(None, (), ub.seq.keys, autojunk=False)
                pairs = term_pairs(ua.seq, ub.seq, title=title, same_statement=same_statement, matcher=matchers[j])
                at = [(tuple(t.i - ua.first for t in x), tuple(t.i - ub.first for t in y)) for x, y in pairs]
                if key:
                    known[key] = at
            for side_a, side_b in at:
                found.append(
                    (
                        _term(ua.parsed, [docs[i][ua.first + k] for k in side_a], title),
                        _term(ub.parsed, [docs[j][ub.first + k] for k in side_b], title),
                    )
                )
    return found


def _items(
    pairs: Sequence[tuple[Term, Term, str | None]], order: dict[str, int], labels: dict[str, str]
) -> list[Framing]:
    """One item per group of pairs that share a term (the same words of one sentence are one slot)."""
    components = _Components()
    facts: dict[int, str | None] = {}
    for term_a, term_b, fact in pairs:
        x, y = components.add(term_a), components.add(term_b)
        components.union(x, y)
        facts.setdefault(x, fact)
    # Each group's fact: that of its first term (in the order added) that has one. Terms are unique, so a term
    # is in a group exactly when its root is the group's.
    fact_of: dict[int, str | None] = {}
    for i in range(len(components.terms)):
        if facts.get(i):
            fact_of.setdefault(components.find(i), facts[i])
    items = []
    for root, group in components.groups():
        item = _item(group, order, labels, fact_of.get(root))
        if item is not None:
            items.append(item)
    return items


def find_word_choice(
    parsed: Sequence[Parsed], facts: Sequence[Fact], story: Story, counterpart_threshold: float = 0.27
) -> list[Framing]:
    """Word-choice items over every fact two or more articles report, and over sentence counterparts: pairs
    of sentences the aligner kept apart that still overlap by ``counterpart_threshold`` (settings)."""
    by_id = {p.id: p for p in parsed}
    order = {p.id: i for i, p in enumerate(parsed)}
    # A sentence is a mention of several facts and a counterpart of several others (five times on average in
    # a 50-article story): its sequence is made once.
    made: dict[tuple[str, int, int], _Unit] = {}
    known: dict[Hashable, _Found] = {}

    def unit(article: str, start: int, end: int) -> _Unit:
        if (article, start, end) not in made:
            made[article, start, end] = _mention_unit(by_id[article], start, end)
        return made[article, start, end]

    pairs: list[tuple[Term, Term, str | None]] = []
    for fact in facts:
        first = first_mentions(fact.mentions)
        if len(first) < 2:
            continue
        units = [unit(m.article, m.start, m.end) for m in sorted(first.values(), key=lambda m: order[m.article])]
        pairs += [(x, y, fact.id) for x, y in _pairs_of(units, False, known=known)]
    for ua, ub in counterpart_pairs(story, facts, counterpart_threshold):
        if not story.shared(ua, ub) - ua.names - ub.names:
            continue  # sentences that share only a name are two statements by or about one actor
        units = [unit(u.article, u.start, u.end) for u in (ua, ub)]
        pairs += [(x, y, None) for x, y in _pairs_of(units, False, same_statement=False, known=known)]
    return _items(pairs, order, {p.id: p.article.source for p in parsed})


def find_headline_wording(parsed: Sequence[Parsed]) -> list[Framing]:
    """Word-choice items between headlines (``kind`` ``headline``); spans are empty: titles have no offsets."""
    order = {p.id: i for i, p in enumerate(parsed)}
    units = [_Unit(p, _title_seq(p)) for p in parsed if p.title.text.strip()]
    pairs = [(x, y, None) for x, y in _pairs_of(units, True)]
    return _items(pairs, order, {p.id: p.article.source for p in parsed})
