"""Quotations in one article: direct quotes, partial quotes inside a sentence, and reported speech.

Quote marks are paired on the text, paragraph by paragraph: straight and curly double marks, single marks only
where they cannot be apostrophes, and the newswire convention that a quote left open at the end of a paragraph
goes on in the next paragraph that opens with a mark. Attribution reads spaCy's parse of the whole article:
the speech verb nearest the quote outside it ("said", "told", "according to") and that verb's subject, or
"quote — Name". A quote with no cue takes the speaker of the sentence just before it (newswire strings quote
paragraphs after one attribution), else a person named in the sentence before or after. Reported speech is
the finite clause a speech verb governs when it holds no quote marks. textacy's extractor is not used: it
fails on quotes over paragraphs, "quote — speaker" and speakers named in a neighbouring sentence.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import islice
from typing import Any

import numpy

from newsparallax.body_parse import entity_end, parse_body
from newsparallax.model import Article, QuoteKind, QuoteMention
from newsparallax.segment import segment
from newsparallax.speakers import TITLE_WORDS, Gender, SpeakerResolver, is_person_name, split_name

_DOUBLE = '"“”„«»'
_OPENING = "“„«"
_CLOSING = "”»"
_LEFT_OF_OPENER = "([{—–-/:;,"
_RIGHT_OF_CLOSER = ".,;:!?)]}—–-…"
# Subjects that say somebody spoke without naming them.
_UNNAMED = frozenset("one another someone somebody anyone nobody".split())
# Verb forms that attribute words to a speaker, as written (the pipeline has no lemmatizer, on purpose).
_SPEECH = frozenset(
    """say says said saying tell tells told telling add adds added adding claim claims claimed claiming
    lament laments lamented lamenting complain complains complained complaining state states stated stating
    explain explains explained explaining note notes noted noting insist insists insisted insisting warn warns
    warned warning write writes wrote writing ask asks asked asking reply replies replied replying respond
    responds responded responding declare declares declared declaring announce announces announced announcing
    acknowledge acknowledges acknowledged acknowledging argue argues argued arguing admit admits admitted
    admitting remark remarks remarked recall recalls recalled recalling report reports reported reporting
    suggest suggests suggested suggesting urge urges urged urging call calls called calling deny denies denied
    denying confirm confirms confirmed confirming stress stresses stressed stressing emphasize emphasized
    emphasised tweet tweets tweeted tweeting post posts posted describe describes described describing detail
    details detailed continue continues continued shout shouted testify testifies testified promise promised
    vow vows vowed concede concedes conceded quip quipped exclaim exclaimed counter countered reveal revealed
    reveals predict predicted predicts dub dubbed term termed caution cautions cautioned maintain maintains
    maintained maintaining contend contends contended contending assert asserts asserted asserting""".split()
)
# The forms that report speech when they govern a finite clause ("said the move amounts to expulsion").
_REPORTING = frozenset(
    """say says said tell tells told add adds added claim claims claimed state states stated announce announces
    announced explain explains explained insist insists insisted warn warns warned note notes noted argue
    argues argued acknowledge acknowledged admit admitted confirm confirms confirmed deny denies denied
    complain complains complained lament laments lamented stress stressed suggest suggested write writes wrote
    tweet tweeted detail detailed report reports reported reveal revealed predict predicted promise promised
    vow vowed concede conceded caution cautions cautioned maintain maintains maintained contend contends
    contended assert asserts asserted""".split()
)
# "According to a translation" names a document, not a speaker: the speaker, if any, hangs off it ("of", "by").
_DOCUMENTS = frozenset(
    """translation translations report reports statement statements data figures documents document records
    study survey poll polls estimates estimate analysis filing filings website transcript interview letter
    account accounts note release post posts tweet video footage""".split()
)
_FINITE = frozenset({"VBD", "VBZ", "VBP", "MD"})
_MAX_QUOTE_WORDS = 150  # more inside one paragraph's marks is narration between wrongly paired marks
_HOPS = 3  # how far up the parse a speech verb still governs a quoted fragment
_SMALL_WORDS = frozenset("a an the of to in on and or for at by with".split())
_NOT_NAME = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL"})
_CLAUSE_TAGS = frozenset({"WRB", "WDT", "WP", "IN", "CC", "TO", "MD", "VB", "VBD", "VBZ", "VBP", "VBN", "VBG"})
_WORD = re.compile(r"\w+")
_DASH_AFTER = re.compile(r"[\s,.]*[—–-]{1,2}\s*")  # used with match(text, pos): anchored at pos


@dataclass(frozen=True, slots=True)
class _Marked:
    """A quoted stretch: words ``[start, end)``, marks included ``[outer_start, outer_end)``."""

    start: int
    end: int
    outer_start: int
    outer_end: int
    paragraph: int
    open_ended: bool  # no closing mark before the paragraph ends


@dataclass(frozen=True, slots=True)
class _Phrase:
    """A speaker as written: the text handed to the resolver and the span of its name mention."""

    text: str
    start: int
    end: int
    titles: tuple[str, ...]
    label: str | None
    gender: Gender | None = None
    antecedent: str | None = None  # a "he" or "she": the person the sentence before is about (see _salient)


@dataclass(frozen=True, slots=True)
class _Found:
    cue: str | None
    speaker: int | None  # resolver handle
    span: tuple[int, int] | None


_NOBODY = _Found(None, None, None)


def _role(text: str, i: int, lo: int, hi: int) -> str:
    """Whether the mark at ``i`` opens, closes, or cannot tell from its neighbours."""
    before = text[i - 1] if i > lo else " "
    after = text[i + 1] if i + 1 < hi else " "
    opens = before.isspace() or before in _LEFT_OF_OPENER or before in _OPENING
    closes = after.isspace() or after in _RIGHT_OF_CLOSER or after in _CLOSING or after == '"'
    if opens and not closes:
        return "open"
    if closes and not opens:
        return "close"
    return "either"


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """The quoted words without surrounding space and the comma newswire puts before the closing mark."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:"):
        end -= 1
    return start, end


def _double_quotes(text: str, p_index: int, lo: int, hi: int) -> list[_Marked]:
    found: list[_Marked] = []
    depth, opened = 0, lo
    for i in range(lo, hi):
        char = text[i]
        if char not in _DOUBLE:
            continue
        role = _role(text, i, lo, hi)
        if char == '"':
            # Straight marks cannot nest. A mark that can only open, met inside a quote, means the earlier
            # opener was stray (one missing mark must not flip every later pair); one that can only close,
            # met outside, is stray itself.
            if role == "open" and depth:
                opened = i
                continue
            if role == "either":
                role = "close" if depth else "open"
        elif role == "either":
            role = "open" if char in _OPENING else "close"
        if role == "open":
            if depth == 0:
                opened = i
            depth += 1
        elif depth:
            depth -= 1
            if depth == 0:
                found.append(_Marked(*_trim(text, opened + 1, i), opened, i + 1, p_index, False))
    if depth:
        found.append(_Marked(*_trim(text, opened + 1, hi), opened, hi, p_index, True))
    # Longer than any quote in one paragraph: marks paired wrongly around a missing one (text with paragraphs
    # run together), which would make narration a quote.
    return [m for m in found if len(text[m.start : m.end].split()) <= _MAX_QUOTE_WORDS]


def _single_quotes(text: str, p_index: int, lo: int, hi: int, taken: list[_Marked]) -> list[_Marked]:
    """‘…’ and '…' pairs outside double quotes, where neither mark can be an apostrophe.

    ``taken`` (the double-quoted stretches) is sorted and disjoint. The marks that can close, the double marks and
    the stretches are looked up by bisection: scanning them for every character made a paragraph of 100 KB with
    many marks take seconds (quadratic).
    """
    closers = [
        j
        for j in range(lo + 2, hi)
        if text[j] in "’'" and not text[j - 1].isspace() and (j + 1 == hi or not text[j + 1].isalnum())
    ]
    straight = [j for j in closers if text[j] == "'"]
    doubles = [j for j in range(lo, hi) if text[j] in _DOUBLE]
    starts = [m.outer_start for m in taken]
    found: list[_Marked] = []
    i = lo
    while i < hi:
        k = bisect_right(starts, i) - 1
        if k >= 0 and i < taken[k].outer_end:
            i = taken[k].outer_end  # inside a double-quoted stretch
            continue
        char = text[i]
        opens = char in "‘'" and (i == lo or text[i - 1].isspace() or text[i - 1] in _LEFT_OF_OPENER)
        if not opens or i + 1 >= hi or not text[i + 1].isalpha():
            i += 1
            continue
        pool = closers if char == "‘" else straight  # ‘ may be closed by either mark, ' only by its own
        n = bisect_left(pool, i + 2)
        if n == len(pool):
            i += 1
            continue
        close = pool[n]
        d = bisect_left(doubles, i)
        k = bisect_left(starts, close) - 1
        if (d < len(doubles) and doubles[d] < close) or (k >= 0 and close < taken[k].outer_end):
            i += 1
            continue
        found.append(_Marked(*_trim(text, i + 1, close), i, close + 1, p_index, False))
        i = close + 1
    return found


def _marks(text: str, paragraphs: Sequence[tuple[int, int]]) -> list[_Marked]:
    marked: list[_Marked] = []
    for p_index, (lo, hi) in enumerate(paragraphs):
        doubles = _double_quotes(text, p_index, lo, hi)
        marked += doubles + _single_quotes(text, p_index, lo, hi, doubles)
    return sorted((m for m in marked if m.end > m.start), key=lambda m: m.start)


def _chains(marked: list[_Marked], text: str, paragraphs: Sequence[tuple[int, int]]) -> list[int]:
    """For each stretch, the index of the first stretch of the multi-paragraph quote it belongs to."""
    first = list(range(len(marked)))
    for k in range(1, len(marked)):
        before, here = marked[k - 1], marked[k]
        opens_paragraph = here.outer_start == paragraphs[here.paragraph][0] and text[here.outer_start] not in _CLOSING
        if before.open_ended and here.paragraph == before.paragraph + 1 and opens_paragraph:
            first[k] = first[k - 1]
    return first


class _Reader:
    """The state of one article's reading: text, parse, sentences, quote stretches and speakers so far."""

    def __init__(self, article: Article, doc: Any, marked: list[_Marked]) -> None:
        self.text = article.text
        self.doc = doc
        self.article = article
        self.marked = marked
        self.sentences = [(s.start, s.end) for s in article.sentences]
        self.sentence_starts = [s.start for s in article.sentences]
        self.ranges = [(m.outer_start, m.outer_end) for m in marked]
        self.range_starts = [m.outer_start for m in marked]
        self.token_starts = doc.to_array("IDX").tolist()
        self.resolver = SpeakerResolver(_known_people(doc, self.inside, self.in_title))
        self.spoken: dict[int, _Found] = {}  # sentence index -> the last attribution made in it
        self._cues: dict[tuple[int, int], list[Any]] = {}

    # --- positions ---------------------------------------------------------------------------------------------
    def marked_at(self, offset: int) -> _Marked | None:
        """The quoted stretch (marks included) that holds ``offset``, if any."""
        k = bisect_right(self.range_starts, offset) - 1
        return self.marked[k] if k >= 0 and offset < self.ranges[k][1] else None

    def inside(self, offset: int) -> bool:
        return self.marked_at(offset) is not None

    def in_title(self, offset: int) -> bool:
        m = self.marked_at(offset)
        return m is not None and self.is_title(m)

    def sentence_at(self, offset: int) -> int:
        return max(bisect_right(self.sentence_starts, offset) - 1, 0)

    def tokens(self, start: int, end: int) -> Any:
        return self.doc[bisect_left(self.token_starts, start) : bisect_left(self.token_starts, end)]

    # --- cues and speakers -------------------------------------------------------------------------------------
    def cue(self, token: Any) -> str | None:
        if token.lower_ == "according" and token.i + 1 < len(self.doc) and self.doc[token.i + 1].lower_ == "to":
            return "according to"
        if token.lower_ in _SPEECH and (token.tag_.startswith("VB") or token.pos_ == "VERB"):
            if token.dep_ == "acl" and token.lower_ in ("called", "named"):
                return None  # "a collie dog called Fenn" names the dog; it says nothing
            return str(token.lower_)
        return None

    def subject(self, verb: Any) -> Any:
        """The token naming who speaks through ``verb``; None when the parse gives nobody."""
        if verb.lower_ == "according":
            objects = [o for to in verb.children if to.lower_ == "to" for o in to.children if o.dep_ == "pobj"]
            if not objects:
                return None
            source = objects[0]
            if source.lower_ in _DOCUMENTS:  # "according to a statement from the embassy"
                owners = [o for p in source.children if p.lower_ in ("of", "by", "from") for o in p.children]
                source = next((o for o in owners if o.dep_ == "pobj" and o.tag_ != "PRP$"), None)
            return source
        current, first = verb, True
        # The parse runs over the whole text and may join paragraphs: stay in the verb's own sentence.
        sentence = self.sentence_at(verb.idx)
        named = self.name_beside(verb)
        if named is not None and not any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
            return named  # '"…," team general manager A.J. Smith said': the parser hung the name elsewhere
        for _ in range(4):
            # The verb's own passive subject is who was told, not who spoke ("Russia was told that ...").
            wanted = ("nsubj",) if first else ("nsubj", "nsubjpass")
            subject = next((c for c in current.children if c.dep_ in wanted), None)
            if subject is not None:
                if self.inside(subject.idx) or (subject.lower_ == "it" and subject.dep_ == "nsubjpass"):
                    return None
                if self.sentence_at(subject.idx) != sentence:
                    return None
                if subject.lower_ in ("who", "that", "which") and current.dep_ == "relcl":
                    return current.head
                return subject
            if current.dep_ == "acl":  # "an official speaking on condition of anonymity said"
                return current.head
            if current.dep_ not in ("advcl", "xcomp", "conj", "pcomp") or current.head is current:
                return None
            current, first = current.head, False
            if self.inside(current.idx) or self.sentence_at(current.idx) != sentence:
                return None
        return None

    def name_beside(self, verb: Any) -> Any:
        """The last word of a person's name written right before ``verb``, or a few words after it ('said ABC
        Entertainment Group prexy Paul Lee'), outside quote marks and in the verb's sentence."""
        sentence = self.sentence_at(verb.idx)
        before = self.doc[verb.i - 1] if verb.i else None
        if before is not None and before.tag_ == "NNP" and before.ent_type_ == "PERSON" and not self.inside(before.idx):
            return before if self.sentence_at(before.idx) == sentence else None
        # After the verb only where the attribution is inverted, right after the quotation ('…,” said Paul Lee'):
        # after "saying" or "told" a name is whom the speech is about or to.
        if before is None or before.text not in _CLOSING_MARKS:
            return None
        for token in self.doc[verb.i + 1 : verb.i + 1 + _NAME_AFTER]:
            if self.inside(token.idx) or self.sentence_at(token.idx) != sentence:
                return None
            if (person := _person_at(self.doc, token.i)) is not None:
                return person[-1]
            if token.pos_ in ("VERB", "AUX") and token.tag_ != "VB":  # "prexy" read as a bare verb is a title word
                return None  # another clause, with a subject of its own
        return None

    def phrase(self, head: Any) -> _Phrase:
        """The speaker phrase around ``head``: its left modifiers, "of"/"for" complements, appositive titles."""
        if head.tag_ == "PRP":
            antecedent = self.salient(head) if head.lower_ in ("he", "she") else None
            return _Phrase(head.text, head.idx, head.idx + len(head.text), (), None, antecedent=antecedent)
        doc, first = self.doc, head.i
        # "said Sgt. Tim Shields": the parser may end the subject at the abbreviation's period; the name follows.
        if head.i + 2 < len(doc) and doc[head.i + 1].text == ".":
            titles, bare = split_name(head.text + ".")
            named = _person_at(doc, head.i + 2)
            if titles and not bare and named is not None:
                return _Phrase(named.text, named.start_char, named.end_char, (head.text,), "PERSON")
        lo = self.sentences[self.sentence_at(head.idx)][0]
        # Left modifiers up to the first thing that cannot sit inside a name phrase: a quote, a clause word
        # ("If Woodward"), punctuation other than the period of "Amb." or a hyphen.
        while first > head.left_edge.i:
            before = doc[first - 1]
            if before.idx < lo or "\n" in before.text or self.inside(before.idx):
                break
            clause_word = before.dep_ in ("mark", "cc", "prep", "advmod") or before.tag_ in _CLAUSE_TAGS
            if clause_word and not _inside_title(doc, first - 1):
                break
            if before.is_punct and before.text not in ".-":
                break
            first -= 1
        while first < head.i and (doc[first].ent_type_ in _NOT_NAME or doc[first].is_punct or doc[first].is_space):
            first += 1  # a dateline's date before the subject: "13 Nov 2007 Hewlett-Packard announced"
        if head.tag_ in ("NNP", "NNPS"):  # a lower-case description is no part of a name: "religious Obama"
            while first < head.i and doc[first].tag_ in _DESCRIPTION_TAGS:
                if not (doc[first].text[:1].islower() or (doc[first].tag_ == "DT" and doc[first].is_sent_start)):
                    break
                first += 1
        last = head.i
        # "the spokesman for the city", and a capitalised title: "Secretary of the Interior Dirk Kempthorne".
        if head.tag_ in ("NN", "NNS") or (head.tag_ == "NNP" and head.lower_ in TITLE_WORDS):
            for child in head.rights:
                if child.dep_ == "prep" and child.lower_ in ("of", "for", "at", "from"):
                    last = max(last, child.right_edge.i)
        titles = tuple(self.doc[c.left_edge.i : c.i + 1].text for c in head.children if c.dep_ == "appos")
        if head.tag_ in ("NN", "NNS"):
            # "the company's spokesman, Tomas Brandt, said": the role's apposition names the speaker.
            for child in head.children:
                named = self.doc[child.left_edge.i : child.i + 1]
                if child.dep_ == "appos" and child.tag_ == "NNP" and is_person_name(named.text):
                    role = self.doc[first : head.i + 1].text
                    gender = _pronoun_hint(head, self.inside)
                    return _Phrase(
                        named.text, named.start_char, named.end_char, (role,), child.ent_type_ or None, gender
                    )
        span = self.doc[first : last + 1]
        text = span.text
        _, bare = split_name(text)
        at = text.rfind(bare) if bare and is_person_name(bare) else -1
        if at < 0:  # a body or role: the phrase without its determiner
            while first < head.i and self.doc[first].tag_ == "DT":
                first += 1
            at = self.doc[first].idx - span.start_char
            bare = text[at:]
        label = head.ent_type_ or None
        if label is None and head.tag_ in ("NN", "NNS") and head.is_sent_start:
            label = "NOUN"  # "Residents said": capitalised only because it starts the sentence
        start = span.start_char + at
        return _Phrase(text, start, start + len(bare), titles, label, _pronoun_hint(head, self.inside))

    def salient(self, pronoun: Any) -> str | None:
        """The person the sentence before ``pronoun``'s is about: the subject of its main verb, outside quotation
        marks, when the pronoun's own sentence names no one before it. News copy puts the person a '"…," he said'
        refers to there, even when someone else was quoted before ("Officer Baehr said Jackson was cited.
        Jackson issued a statement.")."""
        k = self.sentence_at(pronoun.idx)
        own = self.tokens(self.sentences[k][0], pronoun.idx)
        if k == 0 or any(t.ent_type_ == "PERSON" and not self.inside(t.idx) for t in own):
            return None
        root = next((t for t in self.tokens(*self.sentences[k - 1]) if t.dep_ == "ROOT"), None)
        if root is None or self.inside(root.idx):
            return None
        for head in (c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")):
            if self.inside(head.idx) or head.tag_ not in ("NNP", "NNPS"):
                continue
            first = head.i
            while first > head.left_edge.i and self.doc[first - 1].tag_ in ("NNP", "NNPS"):
                first -= 1
            name = str(self.doc[first : head.i + 1].text)
            if head.ent_type_ == "PERSON" or is_person_name(split_name(name)[1]):
                return name
        return None

    def attribute(self, cue_token: Any, cue: str | None) -> _Found:
        return self.attribute_subject(self.subject(cue_token), cue)

    def attribute_subject(self, subject: Any, cue: str | None) -> _Found:
        if subject is None:
            return _Found(cue, None, None)
        return self.attribute_phrase(self.phrase(subject), cue)

    def attribute_phrase(self, phrase: _Phrase, cue: str | None) -> _Found:
        handle = self.resolver.resolve(
            phrase.text, phrase.start, phrase.titles, phrase.label, gender=phrase.gender, antecedent=phrase.antecedent
        )
        return _Found(cue, handle, (phrase.start, phrase.end) if handle is not None else None)

    # --- direct and partial quotes ------------------------------------------------------------------------------
    def is_direct(self, m: _Marked) -> bool:
        """Set off from the sentence (its start, or after ":", ",", a dash) rather than woven into its syntax."""
        lo = self.article.paragraphs[m.paragraph].start
        before = self.text[lo : m.outer_start].rstrip()
        if not before or before[-1] in ":,;—–-(.!?…" or before[-1] in _CLOSING or before[-1] == '"':
            return True
        word = _WORD.findall(before[-12:])
        return bool(word) and word[-1].lower() in _SPEECH and self.text[m.start : m.start + 1].isupper()

    def is_title(self, m: _Marked) -> bool:
        """A title in quote marks: capitalised words that modify the noun after them (the "Today" show), or
        capitalised words no speech verb governs (starred in "Million Dollar Mermaid", based on "Twilight")."""
        words = [w for w in self.text[m.start : m.end].split() if w.lower() not in _SMALL_WORDS]
        if not words or len(words) > 6 or not all(w[:1].isupper() or w[:1].isdigit() for w in words):
            return False
        inner = self.tokens(m.start, m.end)
        after = self.tokens(m.outer_end, m.outer_end + 40)
        if len(inner) and len(after) and after[0].tag_.startswith("NN") and inner[-1].head.i == after[0].i:
            return True
        return not self.governing(m)

    def in_brackets(self, m: _Marked) -> bool:
        return self.text[m.outer_start - 1 : m.outer_start] == "(" and self.text[m.outer_end : m.outer_end + 1] == ")"

    def context(self, m: _Marked) -> tuple[int, int]:
        """Sentence indices ``[first, last]`` the quote and its marks run over."""
        return self.sentence_at(m.outer_start), self.sentence_at(max(m.outer_end - 1, m.outer_start))

    def segments(self, k: int) -> tuple[tuple[int, int], tuple[int, int]]:
        """The frame text before and after quote ``k`` within its sentences, stopping at neighbouring quotes."""
        m = self.marked[k]
        first, last = self.context(m)
        lo, hi = self.sentences[first][0], self.sentences[last][1]
        if k > 0 and self.marked[k - 1].outer_end > lo:
            lo = self.marked[k - 1].outer_end
        if k + 1 < len(self.marked) and self.marked[k + 1].outer_start < hi:
            hi = self.marked[k + 1].outer_start
        return (lo, m.outer_start), (m.outer_end, max(hi, m.outer_end))

    def direct(self, k: int) -> _Found:
        m = self.marked[k]
        (b_lo, b_hi), (a_lo, a_hi) = self.segments(k)
        before, after = self.tokens(b_lo, b_hi), self.tokens(a_lo, a_hi)
        candidates: list[tuple[int, int, int, Any, str]] = []
        for side, tokens in ((1, before), (0, after)):
            for n, token in enumerate(tokens):
                cue = self.cue(token)
                if cue is not None and not self.inside(token.idx):
                    distance = len(tokens) - n if side else n
                    subject = self.subject(token)
                    candidates.append((int(subject is None), distance, side, subject, cue))
        found = _NOBODY
        if candidates:
            _, _, _, subject, cue = min(candidates, key=lambda c: c[:3])
            found = self.attribute_subject(subject, cue)
            if found.speaker is not None:
                return found
            if subject is not None and subject.lower_ in _UNNAMED:
                return found  # 'One said: "…"': someone the article does not name, not whoever is named nearby
        named = self.dash_or_colon(m, after, before)
        if named is not None:
            return self.attribute_phrase(named, found.cue)
        return self.neighbours(m, found.cue)

    def dash_or_colon(self, m: _Marked, after: Any, before: Any) -> _Phrase | None:
        """ "quote" — Maria Lopes, and Maria Lopes: "quote" (a name and no verb)."""
        dash = _DASH_AFTER.match(self.text, m.outer_end)
        if dash and len(after):
            names = [t for t in self.tokens(dash.end(), after.end_char) if not t.is_punct]
            name = _leading_name(names)
            if name is not None:
                return self.phrase(name)
        if len(before) >= 2 and before[-1].text == ":" and self.text[before.start_char : m.outer_start].count(" ") < 5:
            name = _leading_name([t for t in before[:-1] if not t.is_punct])
            if name is not None and name.i == before[-2].i:
                return self.phrase(name)
        if len(before) >= 2 and before[-1].text == ":":
            return self.colon_subject(before[-2])
        return None

    def colon_subject(self, last: Any) -> _Phrase | None:
        """ "The judge had advice for anyone who deals with him: "…"": with no speech verb, the person who is the
        subject of the clause the colon ends speaks (a name, a pronoun or a title: not "The report had details")."""
        verb, sentence = last, self.sentence_at(last.idx)
        for _ in range(6):
            if verb.dep_ == "ROOT" or verb.head is verb:
                break
            verb = verb.head
        if self.inside(verb.idx) or self.sentence_at(verb.idx) != sentence:
            return None
        subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        if subject is None or self.inside(subject.idx):
            return None
        word = subject.lower_
        if (
            subject.ent_type_ == "PERSON"
            or word in ("he", "she")
            or (subject.tag_ in ("NN", "NNP") and word in TITLE_WORDS)
        ):
            return self.phrase(subject)
        return None

    def neighbours(self, m: _Marked, cue: str | None) -> _Found:
        """No speaker in the quote's own sentence: the one just before, else a person named around it."""
        first, last = self.context(m)
        if first > 0:
            previous = self.spoken.get(first - 1)
            if previous is not None and previous.speaker is not None:
                return _Found(cue, previous.speaker, previous.span)
            person = self.person_subject(first - 1)
            if person is not None:
                return self.attribute_phrase(person, cue)
        # The next sentence's cue belongs to its own quote when it has one.
        if last + 1 < len(self.sentences) and not self.holds_quote(last + 1):
            lo, hi = self.sentences[last + 1]
            for token in self.tokens(lo, hi):
                if self.inside(token.idx) or self.cue(token) is None or self.subject(token) is None:
                    continue
                if any(c.dep_ == "ccomp" and not self.inside(c.idx) for c in token.children):
                    break  # the next sentence reports its own speech: that speaker need not be this one
                return self.attribute(token, cue)
            person = self.person_subject(last + 1)
            if person is not None and person.label != "PRP":
                return self.attribute_phrase(person, cue)
        return _Found(cue, None, None)

    def holds_quote(self, index: int) -> bool:
        lo, hi = self.sentences[index]
        return any(start < hi and lo < end for start, end in self.ranges)

    def person_subject(self, index: int) -> _Phrase | None:
        """The subject of a sentence's main verb when it names a person ("Maria Lopes spoke at the pier")."""
        lo, hi = self.sentences[index]
        for token in self.tokens(lo, hi):
            if token.dep_ != "nsubj" or token.head.dep_ != "ROOT" or self.inside(token.idx):
                continue
            if token.lower_ in ("he", "she"):
                return _Phrase(token.text, token.idx, token.idx + len(token.text), (), "PRP")
            phrase = self.phrase(token)
            titles, bare = split_name(phrase.text)
            # Initials before a surname make a person whatever the tagger's label ("T.J. Simons" as ORG).
            named = phrase.label is None or titles or _INITIALS.match(bare)
            if token.ent_type_ == "PERSON" or (named and is_person_name(bare)):
                return phrase
        return None

    def governing(self, m: _Marked) -> list[tuple[Any, str]]:
        """Speech verbs a few steps up the parse from the quoted words: "calling it "premature"", "said it was "x"".

        Further up, a verb governs the clause the fragment sits in, not the fragment ("would not reveal what the
        "Pie" star was treated for").
        """
        first, last = self.context(m)
        lo, hi = self.sentences[first][0], self.sentences[last][1]
        found: list[tuple[Any, str]] = []
        for token in self.tokens(m.start, m.end):
            if m.start <= token.head.idx < m.end:
                continue
            for ancestor in islice(token.ancestors, _HOPS):
                if not lo <= ancestor.idx < hi:
                    break
                cue = None if self.inside(ancestor.idx) else self.cue(ancestor)
                if cue is not None:
                    found.append((ancestor, cue))
        return found

    def partial(self, m: _Marked) -> _Found:
        """A fragment woven into the sentence: the speech verb governing it, else one in its sentence.

        Each way, a cue without a subject is passed over for the next: "warning" in 'called the warning "an
        afterthought"'; "detailed" in 'Antonov said in an interview that "our diplomats are being expelled" and
        detailed that …', which the parser hangs off the quoted verb while "said" names the speaker.
        """
        governing = self.governing(m)
        if (found := self.first_speaking(governing)) is not None:
            return found
        if len(self.text[m.start : m.end].split()) < 3:  # a scare quote: nobody said it
            return _Found(governing[0][1], None, None) if governing else _NOBODY
        cues = self.cues_in(*self.context(m))
        if not cues:
            return _NOBODY
        ranked = [(t, self.cue(t)) for t in sorted(cues, key=lambda t: (abs(t.idx - m.start), t.idx))]  # nearest first
        found = self.first_speaking(ranked)
        return found if found is not None else _Found(ranked[0][1], None, None)

    def first_speaking(self, cues: Sequence[tuple[Any, str | None]]) -> _Found | None:
        """The attribution through the first of ``cues`` whose speaker the parse gives, if any."""
        for token, cue in cues:
            found = self.attribute(token, cue)
            if found.speaker is not None:
                return found
        return None

    def cues_in(self, first: int, last: int) -> list[Any]:
        """The speech verbs outside quote marks in sentences ``first..last``, found once per range: a sentence
        with many fragments would otherwise be read once per fragment."""
        if (first, last) not in self._cues:
            tokens = self.tokens(self.sentences[first][0], self.sentences[last][1])
            self._cues[(first, last)] = [t for t in tokens if not self.inside(t.idx) and self.cue(t) is not None]
        return self._cues[(first, last)]

    # --- reported speech --------------------------------------------------------------------------------------
    def reported(self) -> list[tuple[int, int, Any]]:
        """``(start, end, cue token)`` of clauses reported without quote marks."""
        found: list[tuple[int, int, Any]] = []
        for token in self.doc:
            if self.inside(token.idx):
                continue
            if token.lower_ in _REPORTING and token.tag_.startswith("VB"):
                clause = next((c for c in token.children if c.dep_ == "ccomp" and _finite(c)), None)
                if clause is None or self.subject(token) is None:
                    continue
                last = clause.right_edge.i
                # "said that X and detailed that Y": the second speech verb starts a report of its own.
                for conj in clause.rights:
                    if conj.dep_ == "conj" and conj.lower_ in _SPEECH:
                        last = min(last, conj.left_edge.i - 1)
                span = self.clause_span(clause.left_edge.i, last, token.idx)
            elif self.cue(token) == "according to" and self.subject(token) is not None:
                span = self.around(token)
            else:
                continue
            if span is not None:
                found.append((span[0], span[1], token))
        return found

    def clause_span(self, first: int, last: int, anchor: int) -> tuple[int, int] | None:
        """The clause's characters, "that" and edge punctuation dropped, kept inside the anchor's sentence."""
        lo, hi = self.sentences[self.sentence_at(anchor)]
        doc = self.doc
        while first <= last and (
            doc[first].is_punct or doc[first].is_space or (doc[first].dep_ == "mark" and doc[first].lower_ == "that")
        ):
            first += 1
        while last >= first and (doc[last].is_punct or doc[last].is_space or doc[last].dep_ == "cc"):
            last -= 1
        if last - first < 2:
            return None
        start, end = max(doc[first].idx, lo), min(doc[last].idx + len(doc[last].text), hi)
        if start >= end:
            return None
        # A clause may hold a partial quote ("claimed the response was "fast""), not be one or hold a direct one.
        quoted = [k for k, (s, e) in enumerate(self.ranges) if s < end and start < e]
        unquoted = self.text[start:end]
        for k in reversed(quoted):
            s, e = self.ranges[k]
            unquoted = unquoted[: max(s - start, 0)] + " " + unquoted[max(e - start, 0) :]
        if any(self.is_direct(self.marked[k]) for k in quoted) or len(unquoted.split()) < 2:
            return None
        return start, end

    def around(self, according: Any) -> tuple[int, int] | None:
        """The sentence reported "according to X", without that phrase when it opens or closes the sentence."""
        index = self.sentence_at(according.idx)
        tokens = self.tokens(*self.sentences[index])
        words = [t for t in tokens if not t.is_punct]
        if not words:
            return None
        phrase_first, phrase_last = according.i, according.right_edge.i
        first, last = words[0].i, words[-1].i
        if phrase_first <= first:
            first = phrase_last + 1
        elif phrase_last >= last:
            last = phrase_first - 1
        return self.clause_span(first, last, according.idx)

    # --- the whole article --------------------------------------------------------------------------------------
    def read(self) -> tuple[QuoteMention, ...]:
        reported = self.reported()
        items = [(m.start, k) for k, m in enumerate(self.marked)] + [(r[0], -1 - n) for n, r in enumerate(reported)]
        found: list[tuple[int, int, QuoteKind, _Found]] = []
        of_mark: dict[int, int] = {}  # quote stretch -> its entry in found
        for _, k in sorted(items):
            if k < 0:
                start, end, token = reported[-1 - k]
                result = self.attribute(token, self.cue(token))
                found.append((start, end, "reported", result))
                self.spoken[self.sentence_at(start)] = result
                continue
            m = self.marked[k]
            if self.in_brackets(m) and self.is_title(m):
                continue  # a title, whoever speaks around it: 'a determined magician ("The Prestige")'
            kind: QuoteKind = "direct" if self.is_direct(m) else "partial"
            if kind == "partial" and self.is_title(m):
                continue
            result = self.direct(k) if kind == "direct" else self.partial(m)
            if kind == "direct" and result.speaker is None and self.is_title(m):
                continue  # a title opening a sentence, no one quoted: '"Moon," like "Twilight," is based on …'
            of_mark[k] = len(found)
            found.append((m.start, m.end, kind, result))
            if result.speaker is not None:
                self.spoken[self.context(m)[1]] = result
        self.share_over_paragraphs(found, of_mark)
        mentions = [
            QuoteMention(
                self.article.id,
                start,
                end,
                None if result.speaker is None else self.resolver.name(result.speaker),
                result.cue,
                kind,
                result.span[0] if result.span else None,
                result.span[1] if result.span else None,
            )
            for start, end, kind, result in found
        ]
        return tuple(sorted(mentions, key=lambda q: (q.start, q.end)))

    def share_over_paragraphs(self, found: list[tuple[int, int, QuoteKind, _Found]], of_mark: dict[int, int]) -> None:
        """Every part of a quote running over paragraphs gets the speaker of its first attributed part."""
        chains = _chains(self.marked, self.text, [(p.start, p.end) for p in self.article.paragraphs])
        shared: dict[int, _Found] = {}
        for k, head in enumerate(chains):
            if k in of_mark and found[of_mark[k]][3].speaker is not None:
                shared.setdefault(head, found[of_mark[k]][3])
        for k, head in enumerate(chains):
            if k in of_mark and head in shared and chains.count(head) > 1:
                start, end, kind, result = found[of_mark[k]]
                found[of_mark[k]] = (start, end, kind, _Found(result.cue, shared[head].speaker, shared[head].span))


_CLOSING_MARKS = frozenset({"”", '"', "''", "’"})
_NAME_AFTER = 7  # words after a speech verb in which its speaker's name may start ("said ABC's prexy Paul Lee")
_INITIALS = re.compile(r"(?:[A-Z]\.\s?){1,3}[A-Z][a-z]")
# Lower-case words before a name that describe the person ("an exhausted Tomas Brandt", "religious Obama").
_DESCRIPTION_TAGS = frozenset({"DT", "JJ", "JJR", "JJS", "VBN", "VBG", "RB", "RBR"})


def _person_at(doc: Any, i: int) -> Any:
    """The PERSON entity that starts at token ``i``, if one does."""
    if i >= len(doc) or doc[i].ent_iob_ != "B" or doc[i].ent_type_ != "PERSON":
        return None
    return doc[i : entity_end(doc, i)]


def _inside_title(doc: Any, i: int) -> bool:
    """Whether ``doc[i]``, an "of" or "the", joins a capitalised title to its department: "U.S. Secretary of State
    Condoleezza Rice", "Minister of the Interior Ana Ruiz" (a name phrase, not a clause boundary)."""
    j, k = i, i
    while j >= 0 and doc[j].lower_ in ("of", "the"):
        j -= 1
    while k < len(doc) and doc[k].lower_ in ("of", "the"):
        k += 1
    return (
        j < i
        and j >= 0
        and k < len(doc)
        and doc[j].lower_ in TITLE_WORDS
        and doc[j].text[:1].isupper()
        and doc[k].text[:1].isupper()
    )


def _finite(verb: Any) -> bool:
    """A clause that can be reported: a finite verb, or one with a finite auxiliary or a subject."""
    return bool(
        verb.tag_ in _FINITE
        or any(c.dep_ in ("aux", "auxpass") and c.tag_ in _FINITE for c in verb.children)
        or any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children)
    )


def _leading_name(tokens: Sequence[Any]) -> Any:
    """The head of a name that the tokens open with and that no verb follows: "Maria Lopes, fisherman"."""
    if not tokens or any(t.pos_ in ("VERB", "AUX") for t in tokens):
        return None
    run = [t for t in tokens[:5] if t.text[:1].isupper() or t.tag_ == "DT"]
    if not run or run[0].i != tokens[0].i:
        return None
    head = run[0]
    for token in run[1:]:
        if token.i != head.i + 1:
            break
        head = token
    return head if head.text[:1].isupper() else None


def _pronoun_hint(name: Any, quoted: Callable[[int], bool]) -> Gender | None:
    """The gender of a "he" or "she" the sentence ties to ``name``, the subject of a verb: the subject of a clause
    the verb reports ("Tishana King says she saw it"), or a possessive in the verb's own clause ("Gray did not
    have anything in his hands"); outside quotation marks, with no other person named in between. A pronoun
    further down ("…, noting the work she has done") and a quotation's pronouns ('Ortiz said: "He lied"') may
    be someone else's, and are left out.
    """
    if name.dep_ not in ("nsubj", "nsubjpass"):
        return None
    verb = name.head
    for token in verb.subtree:
        if token.i <= name.i or quoted(token.idx):
            continue
        if token.ent_type_ == "PERSON" or (token.tag_ == "NNP" and token.dep_ in ("nsubj", "nsubjpass")):
            return None  # another person named first: the pronoun may be theirs
        word = token.lower_
        reported = token.dep_ in ("nsubj", "nsubjpass") and token.head.dep_ == "ccomp" and token.head.head == verb
        if (word in ("he", "she") and reported) or (word in ("his", "her") and _in_clause_of(token, verb)):
            return "m" if word in ("he", "his") else "f"
    return None


def _in_clause_of(possessive: Any, verb: Any) -> bool:
    """Whether a possessive hangs off the verb's own objects and complements, crossing no clause boundary."""
    if possessive.dep_ != "poss":
        return False
    current = possessive.head
    while current != verb:
        if current.dep_ not in ("dobj", "pobj", "prep", "attr", "dative", "npadvmod", "compound", "conj", "cc"):
            return False
        current = current.head
    return True


def _known_people(
    doc: Any, quoted: Callable[[int], bool], titled: Callable[[int], bool]
) -> list[tuple[int, str, tuple[str, ...], Gender | None]]:
    """Persons named anywhere in the text, with the title words written before them and in an appositive, and
    what the text says of the pronoun they take (:func:`_pronoun_hint`).

    A person is a PERSON entity or a capitalised name that is a subject: the small model misses many names
    ("Ana Ruiz visited the pier") that a later "she" or "the mayor" refers to.
    """
    heads = {ent.end - 1 for ent in doc.ents if ent.label_ == "PERSON"}
    # Read as arrays: building a token object for each word of the text cost more than the rest of this reading.
    strings = doc.vocab.strings
    dep, tag, entity = doc.to_array(["DEP", "TAG", "ENT_TYPE"]).T
    subjects = numpy.isin(dep, [strings.add("nsubj"), strings.add("nsubjpass")])
    heads.update(numpy.flatnonzero(subjects & (tag == strings.add("NNP")) & (entity == 0)).tolist())
    people = []
    for last in sorted(heads):
        if titled(doc[last].idx):
            continue  # a title in quote marks ("his movie “Ted”") names no one
        first = last
        while first > max(last - 5, doc[last].sent.start) and (
            (doc[first - 1].text[:1].isupper() and doc[first - 1].tag_ in ("NNP", "NNPS", "JJ", "NN"))
            or doc[first - 1].text == "."
        ):
            first -= 1
        phrase = doc[first : last + 1].text
        if doc[last].ent_type_ != "PERSON" and not is_person_name(split_name(phrase)[1]):
            continue
        titles = tuple(doc[c.left_edge.i : c.i + 1].text for c in doc[last].children if c.dep_ == "appos")
        people.append((doc[first].idx, phrase, titles, _pronoun_hint(doc[last], quoted)))
    return people


def _respects(doc: Any, article: Article) -> bool:
    """Whether no sentence of the parse runs over a paragraph break."""
    idx, sent_start = doc.to_array(["IDX", "SENT_START"]).T
    starts = set(idx[sent_start.astype(numpy.int64) == 1].tolist())
    return all(p.start in starts for p in article.paragraphs)


def find_quotes(article: Article, doc: Any) -> tuple[QuoteMention, ...]:
    """Every quotation in ``article``, sorted by start; ``doc`` is the spaCy parse of ``article.text``.

    Direct quotes and partial quotes cover the quoted words without the marks; reported speech covers the
    reported clause. ``speaker`` is the speaker's name as the article gives it in full, ``None`` when the text
    does not say who spoke; ``speaker_start``/``speaker_end`` point to where the speaker is named. A parse
    whose sentences run over paragraph breaks (plain ``nlp(text)``) is redone with :func:`parse` first.
    """
    if not article.sentences:
        article = segment(article)
    if not _respects(doc, article):
        doc = parse_body(article)
    paragraphs = [(p.start, p.end) for p in article.paragraphs]
    return _Reader(article, doc, _marks(article.text, paragraphs)).read()
