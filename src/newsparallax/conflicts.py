"""Conflicting details between the mentions of one fact: numbers, dates, names, negation.

Only mentions that alignment put in the same fact are compared, so two different events ("two dozen … in
September" vs "27 … by Jan. 30") can never conflict: they are different facts. Within a fact, values are
compared only where they play the same part: figures that count the same thing (or the only figure on each
side), dates in the same role (a deadline is not a departure day), people or places in the same syntactic
role. Hedges ("it was not clear whether …") are certainty, not negation, and never conflict.
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Callable, Mapping, Sequence
from functools import lru_cache
from itertools import combinations, islice
from typing import Any, TypeVar

from newsparallax.dates import in_dateline
from newsparallax.listing import who_says
from newsparallax.model import Article, Conflict, DateMention, Fact, Mention, Quantity, Span
from newsparallax.quantities import Figure, compatible, describe
from newsparallax.signals import STOPWORDS, signals, stem

_UNIT_SYNONYMS = {
    "person": "people", "individual": "people", "resident": "people", "civilian": "people",
    "employee": "worker", "staff": "worker", "staffer": "worker",
    "dead": "killed", "death": "killed", "fatality": "killed", "hurt": "injured", "wounded": "injured",
    "injury": "injured",
}  # fmt: skip
_DEADLINE = re.compile(r"\b(?:by|until|till|before|no later than|deadline(?: of| for)?|due)\s*(?:the\s)?$", re.I)
_SINCE = re.compile(r"\b(?:since|from|starting|beginning)\s*$", re.I)
_HEDGE = re.compile(
    r"\b(?:not (?:immediately |yet )?(?:clear|known(?! (?:as|for)\b)|certain|confirmed whether)|unclear|unknown|"
    r"could not be "
    r"(?:reached|confirmed|verified)|did not (?:respond|return|immediately)|declined to|"
    r"(?:has|have|had) not (?:yet )?been (?:determined|established|identified))\b",
    re.I,
)
# "no longer" is left out on purpose: "no longer affected" says the state changed, which agrees with a report of
# the earlier state. Modal negations ("wouldn't have placed him on IR") are counterfactual and assert nothing.
_NEGATION = re.compile(
    # "not only killed the deputy but also …" adds, it does not deny ("not just a player" alone still denies).
    r"\b(?<!would )(?<!could )(?<!might )(?<!should )"
    r"(?:not(?!\s+(?:only|just|merely|simply)\b[^.;]*\b(?:but|also)\b)|never|neither|nor)\b\s+"
    r"(?:(?:been|be|have|has|had|yet|immediately|ever|also|actually|officially|formally|the|a|an)\s+)*"
    r"[\"“‘']?([a-z][a-z'-]+)",  # a quoted word is denied too: was not "heartbroken"
    re.I,
)
_CONDITION = re.compile(r"\b(?:if|unless|whether|in case|otherwise|or else)\b", re.I)
# Contractions, also as word-tokenised copy writes them ("hadn ’ t") and without the apostrophe ("cant").
_CONTRACTED = re.compile(
    r"\b(?:ca|do|does|did|is|are|was|were|has|have|had|wo|ai|need)(?:n\s?[’']\s?t|nt)\s+"
    r"(?:(?:been|be|have|yet|ever)\s+)*[\"“‘']?([a-z][a-z'-]+)",
    re.I,
)
_NO_SUBJECT = re.compile(  # "No gun has been recovered": the subject's "no" negates the verb
    r"\bno\s+(?:[a-z]+\s+){1,3}?(?:has|have|had|was|were|is|are|will)\s+(?:been\s+|be\s+)?([a-z][a-z'-]+)", re.I
)
_INFINITIVE = re.compile(r"\bto\s+$", re.I)
# A modal with its verb, negated or not: "would not pay off" denies what "would pay off" says, though a modal
# negation against a plain statement ("wouldn't comment" / "has not commented") is no flip (see _UNASSERTED).
_MODAL = re.compile(
    r"\b(would|could|might|should|must|will|can|wo(?=n)|ca(?=n))(n\s?[’']\s?t|nt|\s*not)?\s+(?:(?:also|ever|[a-z]{3,}ly)\s+)?"
    r"([a-z][a-z'-]+)",
    re.I,
)
# Words a mention mentions without asserting them: after a modal negation ("wouldn't comment", "would not
# withstand") or inside a "no" phrase ("no immediate reports of damage"). They deny nothing the other side says,
# and the other side's denial does not contradict them either.
_UNASSERTED = re.compile(
    r"\b(?:(?:would|could|might|should|must)(?:n\s?[’']\s?t|nt|\s+not)|no)\s+"
    r"(?:(?:been|be|have|yet|ever|immediate|further|official|new)\s+)*([a-z][a-z'-]+)",
    re.I,
)
_ANTONYMS = [
    (re.compile(a, re.I), re.compile(b, re.I))
    for a, b in [
        (r"\bconfirm(?:s|ed|ing)?\b", r"\bden(?:y|ies|ied|ying)\b"),
        (r"\badmit(?:s|ted|ting)?\b", r"\bden(?:y|ies|ied|ying)\b"),
        (r"\bapprov(?:e|es|ed|ing)\b", r"\breject(?:s|ed|ing)?\b"),
        (r"\baccept(?:s|ed|ing)?\b", r"\b(?:refus|declin)(?:e|es|ed|ing)\b"),
        (r"\b(?:won|wins?|winning)\b", r"\b(?:lost|loses?|losing)\b"),
        (r"\b(?:rose|rises?|rising|increased?)\b", r"\b(?:fell|falls?|falling|decreased?|dropped)\b"),
        (r"\b(?:opened|reopened)\b", r"\bclosed\b"),
        (r"\b(?:passed|adopted)\b", r"\b(?:failed|defeated)\b"),
        (r"\bacquitted\b", r"\bconvicted\b"),
        (r"\bsurvived\b", r"\b(?:died|killed)\b"),
    ]
]


def _within(items: Sequence[Any], mention: Mention) -> list[Any]:
    return [i for i in items if mention.start <= i.start and i.end <= mention.end]


def _unit_key(unit: str | None) -> str | None:
    """A counted noun in one form: singular, synonyms folded ("residents" → "people", "deaths" → "killed")."""
    if unit is None:
        return None
    word = unit.lower()
    if word.endswith("ies") and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith(("ches", "shes", "xes", "sses", "zes")):
        word = word[:-2]
    elif word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        word = word[:-1]
    return _UNIT_SYNONYMS.get(word, word)


def _figure(q: Quantity) -> Figure:
    return Figure(q.start, q.end, q.value, q.comparator, q.unit)


_PERSON_NOUNS = frozenset(
    "people worker victim passenger diplomat official soldier troop officer student child children adult patient "
    "family firefighter member".split()
)
_MEASURES = frozenset(
    "yard mile foot feet inch meter metre kilometer kilometre km acre ton tonne pound kilogram kg year month week "
    "day hour minute second point storey story magnitude".split()
)
_CURRENCY_CODES = frozenset({"USD", "EUR", "GBP", "JPY", "RUB", "CHF", "USD cents"})
_MODIFIER_DEPS = frozenset({"nummod", "compound", "quantmod", "nmod", "amod", "npadvmod"})
_AGE = "age"


def _counted(q: Quantity, doc: Any | None) -> str | None:
    """What a figure counts, read off the parse: the noun it modifies ("3 pirate ships" → "ship", "26 Somali
    pirates" → "pirate"), through a measure word used as a modifier ("the 7-yard line" → "line", "a
    16-year-old daughter" → "daughter"); "age:<name>" for an age in apposition ("Hiller, 43,"). Without a parse,
    the unit the scanner found after the figure."""
    # A currency or "%" is the figure's class, not what it counts.
    fallback = None if q.unit in _CURRENCY_CODES or q.unit == "%" else _unit_key(q.unit)
    if doc is None:
        return fallback
    span = doc.char_span(q.start, q.end, alignment_mode="expand")
    if span is None or not len(span):
        return fallback
    root = span.root
    # A share counts what its whole counts: "10 of the first 17 points", "3 of his 11 rebounds".
    whole = next((c for c in root.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    if whole is not None and root.pos_ == "NUM":
        noun = next((c for c in whole.children if c.dep_ == "pobj" and c.pos_ in ("NOUN", "PROPN")), None)
        if noun is not None:
            return _unit_key(noun.text)
    if root.dep_ == "appos" and root.head.pos_ == "PROPN":
        return f"{_AGE}:{root.head.text.lower()}"
    if root.dep_ not in _MODIFIER_DEPS or root.head.pos_ not in ("NOUN", "PROPN"):
        return fallback
    noun, age, measure = root.head, False, ""
    while _unit_key(noun.text) in _MEASURES and noun.dep_ in _MODIFIER_DEPS and noun.head.pos_ in ("NOUN", "ADJ"):
        age = age or (noun.text.lower().startswith("year") and noun.head.text.lower() == "old")
        measure = f"{_unit_key(noun.text)} "  # "the 7-yard line" counts yards, not lines
        noun = noun.head if noun.head.pos_ == "NOUN" else noun.head.head  # "16-year-old daughter": old → daughter
        if noun.pos_ not in ("NOUN", "PROPN"):
            return fallback
    if age:
        return f"{_AGE}:{noun.text.lower()}"
    return measure + (_unit_key(noun.text) or "")  # the shared pipeline runs no lemmatizer: _unit_key folds the plural


_CLASSES = _CURRENCY_CODES | {"%", "count"}


def _class(q: Quantity) -> str:
    return q.unit if q.unit in _CURRENCY_CODES or q.unit == "%" else "count"


def _same_thing(a: str | None, b: str | None) -> bool:
    """Whether two figures, the only one on each side, can count the same thing though named differently."""
    if a is None or b is None or a == b:
        return not (a or "").startswith(_AGE) and not (b or "").startswith(_AGE)
    return a in _PERSON_NOUNS and b in _PERSON_NOUNS  # "12 people" / "15 workers": one count of people


def _number_conflicts(
    fact: Fact, articles: dict[str, Article], label: Callable[[str], str], docs: Mapping[str, Any], words: _Wording
) -> list[Conflict]:
    per_article: dict[str, list[tuple[Quantity, str | None]]] = {}
    for mention in _first_mentions(fact):
        doc = docs.get(mention.article)
        found = [(q, _counted(q, doc)) for q in _within(articles[mention.article].quantities, mention)]
        if found:
            per_article[mention.article] = found
    if len(per_article) < 2:
        return []
    groups: dict[tuple[str, str | None], dict[str, list[Quantity]]] = {}
    for article_id, quantities in per_article.items():
        for q, counted in quantities:
            groups.setdefault((_class(q), counted), {}).setdefault(article_id, []).append(q)
    # The only figure on each side counts the same thing even when the outlets name it differently ("27" and
    # "two dozen diplomats"), but never across currencies, nor a count against a sum of money or an age.
    singles = [found[0] for found in per_article.values() if len(found) == 1]
    if len(singles) == len(per_article) and len(groups) > 1:
        classes = {_class(q) for q, _ in singles}
        named = {counted for _, counted in singles if counted is not None}
        if len(classes) == 1 and all(_same_thing(x, y) for x in named for y in named | {None}):
            groups = {("(the figure)", None): {a: [found[0][0]] for a, found in per_article.items()}}
    conflicts = []
    for (kind, counted), by_article in groups.items():
        if len(by_article) < 2:
            continue
        # A figure whose counted thing is unknown may be any figure of its class on the other side: "$54 billion
        # last year" agrees with "IBM's $54 billion-per-year arm" though only the latter names what it measures.
        # Likewise a figure that names what it counts may be the figure of its class on the other side that
        # names nothing ("had 10 points" / "scored 10 of the team's first 17 points").
        pool = by_article
        if kind in _CLASSES:
            pool = {
                a: [q for q, c in per_article[a] if _class(q) == kind and (counted is None or c in (counted, None))]
                for a in by_article
            }

        # As with dates: a figure clashes when it agrees with nothing on the other side and that side too has a
        # figure agreeing with nothing ("down by 80 percent, in India by 65" / "by 123 percent, … by 65").
        clashing = _clashing(
            by_article, pool, _lone_figures, lambda a, b: _figures_comparable(a, b, per_article, words)
        )
        if not clashing:
            continue
        values = tuple((a, _stated(articles[a], qs)) for a, qs in clashing.items())
        spans = tuple(Span(q.article, q.start, q.end) for qs in clashing.values() for q in qs)
        what = counted if kind == "count" else None
        what = f"age of {what.split(':', 1)[1]}" if what and what.startswith(_AGE + ":") else what
        suffix = f" ({what})" if what else ""
        explanation = "different figures" + suffix + ": " + who_says(values, label, " vs ")
        conflicts.append(Conflict("number", values, spans, explanation))
    return conflicts


T = TypeVar("T")

#: The share of content words (Dice) two mentions must have in common before a difference that could be a
#: mismatch rather than a discrepancy counts as a conflict: figures of a sentence that holds several of them
#: (box scores, tallies: which figure answers which is a guess) and a person named on one side only. Real ECB+
#: pairs the aligner put in one fact while they report different moments of a game share 13-29 % of their
#: words; reworded reports of one statement share a third or more.
_MIN_SHARED_WORDING = 0.3


class _Wording:
    """The content words of each article's first mention in a fact, read when first asked for."""

    def __init__(self, fact: Fact, articles: Mapping[str, Article]) -> None:
        self._texts = {m.article: articles[m.article].text[m.start : m.end] for m in _first_mentions(fact)}
        self._content: dict[str, frozenset[str]] = {}

    def text(self, article_id: str) -> str:
        """The words of the article's first mention."""
        return self._texts[article_id]

    def _of(self, article_id: str) -> frozenset[str]:
        found = self._content.get(article_id)
        if found is None:
            found = self._content[article_id] = signals(self._texts[article_id]).content
        return found

    def shared(self, a: str, b: str) -> float:
        """Dice overlap of the two mentions' content words."""
        x, y = self._of(a), self._of(b)
        return 2 * len(x & y) / max(1, len(x) + len(y))


def _figures_comparable(
    a: str, b: str, per_article: Mapping[str, Sequence[tuple[Quantity, str | None]]], words: _Wording
) -> bool:
    """Whether the figures of two mentions can be held against each other: always when each has one figure,
    else only when the mentions share their wording (see :data:`_MIN_SHARED_WORDING`)."""
    if len(per_article[a]) == 1 and len(per_article[b]) == 1:
        return True
    return words.shared(a, b) >= _MIN_SHARED_WORDING


def _clashing(
    own: Mapping[str, Sequence[T]],
    others: Mapping[str, Sequence[T]],
    lone: Callable[[Sequence[T], Sequence[T]], list[T]],
    comparable: Callable[[str, str], bool] = lambda a, b: True,
) -> dict[str, list[T]]:
    """Per article, its values that clash: a value of mine that ``lone`` finds agreeing with nothing among theirs
    clashes when they too have a value agreeing with nothing among mine ("May 1 … and Nov. 1" vs "October 1 … and
    Nov. 1" pairs the two unmatched dates; a value the other side merely lacks is an omission, not a conflict)."""
    clashing: dict[str, list[T]] = {}
    for a, b in combinations(own, 2):
        if not comparable(a, b):
            continue
        lone_a = lone(own[a], others[b])
        lone_b = lone(own[b], others[a])
        if lone_a and lone_b:
            for article_id, values in ((a, lone_a), (b, lone_b)):
                known = clashing.setdefault(article_id, [])
                known.extend(x for x in values if x not in known)
    return clashing


def _lone_figures(mine: Sequence[Quantity], theirs: Sequence[Quantity]) -> list[Quantity]:
    """My figures that no figure of theirs accounts for, each of theirs accounting for one of mine: in "100
    percent … over 70 percent" against "153 percent … over 70 percent" the two "over 70" pair up, so 100 and 153
    are left to clash, though 100 alone would agree with "over 70". Equal figures pair first, and a figure
    repeated ("27 diplomats … the 27") is accounted for by one equal figure of theirs."""
    mine_f, theirs_f = [_figure(q) for q in mine], [_figure(y) for y in theirs]
    stated = {(f.value, f.comparator, f.unit) for f in theirs_f}
    equal = {(f.value, f.comparator, f.unit) for f in mine_f} & stated
    rest = [i for i, f in enumerate(mine_f) if (f.value, f.comparator, f.unit) not in equal]
    free = [j for j, f in enumerate(theirs_f) if (f.value, f.comparator, f.unit) not in equal]
    partner: dict[int, int] = {}  # one of theirs -> one of mine, by augmenting paths (lists are a handful long)

    def place(i: int, seen: set[int]) -> bool:
        for j in free:
            if j not in seen and compatible(mine_f[i], theirs_f[j]):
                seen.add(j)
                if j not in partner or place(partner[j], seen):
                    partner[j] = i
                    return True
        return False

    return [mine[i] for i in rest if not place(i, set())]


def _lone_dates(mine: Sequence[_DatedItem], theirs: Sequence[_DatedItem]) -> list[_DatedItem]:
    return [x for x in mine if not _date_matched(x, theirs)]


def _stated(article: Article, quantities: Sequence[Quantity]) -> str:
    parts = []
    for q in quantities:
        text = article.text[q.start : q.end]
        normal = describe(_figure(q))
        parts.append(text if normal.split()[0].replace(",", "") == text.replace(",", "") else f"{text} (= {normal})")
    return "; ".join(parts)


_STATEMENT = re.compile(r"\b(?:said|says|reported|announced|told\s+\w+|stated|confirmed)\s+(?:on\s+)?$", re.I)


def _role(article: Article, item: DateMention) -> str:
    if in_dateline(article.text, item.start):
        return "dateline"  # "Posted: Sep 27, 2013 5:50 PM …": when the page was published, not when things happened
    before = article.text[max(0, item.start - 25) : item.start]
    if _DEADLINE.search(before):
        return "deadline"
    if _SINCE.search(before):
        return "since"
    if _STATEMENT.search(before):
        return "statement"  # "ITAR-TASS reported September 26": when it was said, not when it happens
    return "event"


def _date_key(item: DateMention, article: Article) -> str | None:
    if item.value and item.granularity in ("day", "month", "year"):
        return item.value
    if item.granularity == "weekday":  # unplaceable without a publication date, but two names still compare
        return article.text[item.start : item.end].lower().split()[-1]
    return None


def _date_parts(key: str) -> tuple[str | None, ...]:
    """ "2022-01-30" → (2022, 01, 30); "--01-30" → (None, 01, 30); "2022-01" → (2022, 01, None); a weekday → itself."""
    if not key[:1].isdigit() and not key.startswith("--"):
        return (key,)
    year, _, rest = key.partition("-") if not key.startswith("--") else ("", "", key[2:])
    month, _, day = rest.partition("-")
    return (year or None, month or None, day or None)


def _dates_agree(a: str, b: str) -> bool:
    """Two dates agree when every part both state is equal: "2022-01" agrees with "2022-01-30" and "--01-30"."""
    parts_a, parts_b = _date_parts(a), _date_parts(b)
    if len(parts_a) != len(parts_b):
        return True  # a weekday against a calendar date: not comparable without a publication date
    shared = [(x, y) for x, y in zip(parts_a, parts_b, strict=True) if x is not None and y is not None]
    return bool(shared) and all(x == y for x, y in shared)


_WEEKDAY = re.compile(r"\b(mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?\b", re.I)
_DatedItem = tuple[DateMention, str, str | None]  # the mention, its comparable key, the weekday it names


def _weekday(text: str) -> str | None:
    match = _WEEKDAY.search(text)
    return match.group(1)[:3].lower() if match else None


def _items_agree(x: _DatedItem, y: _DatedItem) -> bool:
    """Dates agree when their calendar parts do and, where both name a weekday, the weekdays too ("Wednesday 5
    May" and "Friday 5 May" cannot both be right)."""
    if x[2] and y[2] and x[2] != y[2]:
        return False
    return _dates_agree(x[1], y[1])


def _stated_date(text: str, key: str) -> str:
    """A date as written, with its reading where that adds something: "late Tuesday (= 2026-03-10)", "Friday"."""
    return text if key == text.lower().split()[-1] else f"{text} (= {key})"


def _date_matched(x: _DatedItem, theirs: Sequence[_DatedItem]) -> bool:
    """Whether a date agrees with one of theirs; a weekday is only held against weekdays, a calendar date only
    against calendar dates ("Wednesday" and "5 May" cannot be compared without a publication date)."""
    comparable = [y for y in theirs if _is_weekday(y) == _is_weekday(x)]
    return not comparable or any(_items_agree(x, y) for y in comparable)


def _is_weekday(item: _DatedItem) -> bool:
    return item[0].granularity == "weekday"


def _date_conflicts(fact: Fact, articles: dict[str, Article], label: Callable[[str], str]) -> list[Conflict]:
    by_role: dict[str, dict[str, list[_DatedItem]]] = {}
    for mention in _first_mentions(fact):
        article = articles[mention.article]
        for item in _within(article.dates, mention):
            key = _date_key(item, article)
            if key:
                weekday = _weekday(article.text[item.start : item.end])
                by_role.setdefault(_role(article, item), {}).setdefault(mention.article, []).append(
                    (item, key, weekday)
                )
    conflicts = []
    for role, by_article in sorted(by_role.items()):
        if role == "dateline":
            continue  # outlets publish at different times; that is no conflict
        clashing = _clashing(by_article, by_article, _lone_dates)
        if clashing:
            values = tuple(
                (a, "; ".join(_stated_date(articles[a].text[d.start : d.end], k) for d, k, _ in items))
                for a, items in clashing.items()
            )
            spans = tuple(Span(d.article, d.start, d.end) for items in clashing.values() for d, _, _ in items)
            conflicts.append(
                Conflict("date", values, spans, f"different dates ({role}): " + who_says(values, label, " vs "))
            )
    return conflicts


def _conditional(text: str, at: int) -> bool:
    """Whether position ``at`` sits in an "if …"/"unless …" clause: "if they did not leave" asserts nothing."""
    clause = re.split(r"[,;:—–]", text[:at])[-1]
    return bool(_CONDITION.search(clause))


def _negated(text: str) -> set[tuple[str, ...]]:
    """The stems of each phrase the text denies, the denied word first (see :func:`_denied_phrase`)."""
    if _HEDGE.search(text):
        return set()
    matches = [*_NEGATION.finditer(text), *_CONTRACTED.finditer(text), *_NO_SUBJECT.finditer(text)]
    phrases = [_denied_phrase(text, m.start(1)) for m in matches if not _conditional(text, m.start())]
    return {tuple(stem(w) for w in p) for p in phrases if p}


def _flips(denied: set[tuple[str, ...]], asserted: set[str], also_denied: set[str]) -> set[str]:
    """Denied words whose whole phrase the other mention asserts, and does not deny itself."""
    return {p[0] for p in denied if p[0] not in also_denied and set(p) <= asserted}


def _lone_pair(
    articles: Mapping[str, Article], *sides: tuple[Mention, Sequence[_Entity]]
) -> tuple[_Entity, _Entity] | None:
    """The one unmatched name on each side that fills the same part: when each side has one, its syntactic role or
    the words around it must agree; when a side has more, the one pair standing between the same words."""
    (m_a, lone_a), (m_b, lone_b) = sides
    if len(lone_a) == 1 and len(lone_b) == 1:
        ea, eb = lone_a[0], lone_b[0]
        return (ea, eb) if ea[2] == eb[2] or _same_slot(articles, (m_a, ea), (m_b, eb)) else None
    slotted = [(ea, eb) for ea in lone_a for eb in lone_b if _same_slot(articles, (m_a, ea), (m_b, eb))]
    return slotted[0] if len(slotted) == 1 else None


_WORD = re.compile(r"[A-Za-z][\w'-]*|\d[\d.,]*")


_CLAUSE_END = re.compile(r"[,;:.!?—–()]")


_DETERMINERS = frozenset("a an the any his her its their our".split())


def _denied_phrase(text: str, at: int) -> tuple[str, ...] | None:
    """The first content word from ``at`` on, within four words: "is not being coy" denies "coy", "will not be
    the first" denies "first". A capitalised word is a name and is passed over ("was not a Navy lieutenant"
    denies "lieutenant"; "he was not Deep Throat" denies nothing the other side could assert); a number is a
    figure, which the figure comparison reads, and ends the search. After a determiner the word opens a noun
    phrase, and the phrase is what is denied: "doesn't have a nationwide 3G coverage" denies no "nationwide
    Wi-Fi calling", so the words up to the phrase's end come with it."""
    last, after_determiner = at, False
    matches = list(islice(_WORD.finditer(text, at), 7))  # the word is among the first four, its phrase 3 more
    for n, match in enumerate(matches):
        word = match.group(0)
        if n >= 4 or word[0].isdigit() or _CLAUSE_END.search(text, last, match.start()):
            return None  # past a comma the words belong to another clause ("had been said, provincial chief …")
        last = match.end()
        if word[0].isupper():
            continue
        after_determiner = after_determiner or word.lower() in _DETERMINERS
        if word.lower() not in STOPWORDS and not (len(word) > 5 and word.lower().endswith("ly")):
            if not after_determiner:
                return (word,)  # an adverb is passed over: "was not additionally killed" denies "killed"
            phrase = [word]
            for following in matches[n + 1 : n + 4]:
                if _CLAUSE_END.search(text, last, following.start()) or following.group(0).lower() in STOPWORDS:
                    break
                phrase.append(following.group(0))
                last = following.end()
            return tuple(phrase)
    return None


_CONDITIONAL_CLAUSE = re.compile(r"\b(?:if|unless|whether)\b[^,;.]*", re.I)
# Doubt held, not a fact stated: "some don't believe Gray had a gun" asserts no gun, so it cannot contradict
# "Gray did not have a gun"; the rest of the clause after a negated belief verb is not asserted.
_DOUBTED_CLAUSE = re.compile(
    r"(?:\bnot|\bnever|n\s?[’']\s?t|nt)\s+(?:believe|think|accept|buy|trust)\w*\b[^,;.:—–]*", re.I
)


def _stems(text: str) -> set[str]:
    """The stems a mention asserts: not a word after "to" ("trying to determine the cause"), a modal negation or
    "no" (see ``_UNASSERTED``), nor inside an "if" clause ("even if he had a gun") or a doubted one ("don't
    believe he had a gun")."""
    text = _CONDITIONAL_CLAUSE.sub(lambda m: " " * len(m.group(0)), text)
    text = _DOUBTED_CLAUSE.sub(lambda m: " " * len(m.group(0)), text)
    words = {
        stem(m.group(0))
        for m in re.finditer(r"[A-Za-z][\w'-]*", text)
        if m.group(0).lower() not in STOPWORDS and not _INFINITIVE.search(text[max(0, m.start() - 4) : m.start()])
    }
    return words - {stem(m.group(1)) for m in _UNASSERTED.finditer(text)}


def _modal_verbs(text: str) -> dict[bool, set[tuple[str, str]]]:
    """(modal, verb stem) pairs a mention states, keyed by whether the modal is negated; none inside "if" clauses."""
    found: dict[bool, set[tuple[str, str]]] = {True: set(), False: set()}
    for m in _MODAL.finditer(text):
        if m.group(3).lower() not in STOPWORDS and not _conditional(text, m.start()):
            modal = {"wo": "will", "ca": "can"}.get(m.group(1).lower(), m.group(1).lower())
            found[m.group(2) is not None].add((modal, stem(m.group(3))))
    return found


def _asserted(pattern: re.Pattern[str], text: str, negated: set[str]) -> re.Match[str] | None:
    """``pattern``'s match in ``text`` unless that word is itself negated ("has not lost" does not say "lost")."""
    match = pattern.search(text)
    return None if match is None or stem(match.group(0)) in negated else match


def _negation_conflicts(fact: Fact, articles: dict[str, Article], label: Callable[[str], str]) -> list[Conflict]:
    conflicts = []
    mentions = _first_mentions(fact)
    # Everything about one mention is read once, not once per pair: a fact reported by 50 articles has 1,225
    # pairs, and these regular expressions were most of a big story's conflict time.
    texts = {id(m): articles[m.article].text[m.start : m.end] for m in mentions}
    hedged = {key: bool(_HEDGE.search(text)) for key, text in texts.items()}
    negated = {key: _negated(text) for key, text in texts.items() if not hedged[key]}
    denied = {key: {p[0] for p in phrases} for key, phrases in negated.items()}
    stems = {key: _stems(text) for key, text in texts.items() if not hedged[key]}
    modals = {key: _modal_verbs(text) for key, text in texts.items() if not hedged[key]}
    antonyms = {
        key: [(_asserted(left, text, denied[key]), _asserted(right, text, denied[key])) for left, right in _ANTONYMS]
        for key, text in texts.items()
        if not hedged[key]
    }
    # Which antonym pairs a mention says either word of: a flip needs one on each side, and most mentions say
    # none, so a pair of mentions looks only at those both say.
    antonymous = {key: {n for n, (left, right) in enumerate(found) if left or right} for key, found in antonyms.items()}
    for a, b in combinations(mentions, 2):
        ka, kb = id(a), id(b)
        if hedged[ka] or hedged[kb] or texts[ka] == texts[kb]:
            continue  # the same words state the same thing (wire copy: most pairs of a big story)
        text_a, text_b = texts[ka], texts[kb]
        flipped = sorted(
            _flips(negated[ka], stems[kb], denied[kb])
            | _flips(negated[kb], stems[ka], denied[ka])
            | {verb for _, verb in modals[ka][True] & modals[kb][False] | modals[kb][True] & modals[ka][False]}
        )
        for n in sorted(antonymous[ka] & antonymous[kb]):
            (left_a, right_a), (left_b, right_b) = antonyms[ka][n], antonyms[kb][n]
            # One side says the left word and the other the right one, and neither says both.
            for (one, not_right), (other, not_left) in (
                ((left_a, right_a), (right_b, left_b)),
                ((left_b, right_b), (right_a, left_a)),
            ):
                if one and other and not not_right and not not_left:
                    flipped.append(f"{one.group(0)} / {other.group(0)}")
        if flipped:
            values = ((a.article, text_a), (b.article, text_b))
            conflicts.append(
                Conflict(
                    "negation",
                    values,
                    (a.span, b.span),
                    f"{label(a.article)} and {label(b.article)} state opposite things ({', '.join(flipped)})",
                )
            )
    return conflicts


_Entity = tuple[str, str, str, int, int]  # label, text, dependency of its root, start, end (article offsets)


_DOC_ENTITIES: weakref.WeakKeyDictionary[Any, list[_Entity]] = weakref.WeakKeyDictionary()


def _doc_entities(doc: Any) -> list[_Entity]:
    """An article's entities, read off its parse once: a fact reported by 50 outlets asks for them per mention,
    and walking ``doc.ents`` with their roots each time was most of a big story's conflict time."""
    found = _DOC_ENTITIES.get(doc)
    if found is None:
        found = [(e.label_, e.text, e.root.dep_, e.start_char, e.end_char) for e in doc.ents]
        _DOC_ENTITIES[doc] = found
    return found


def _entities(mention: Mention, articles: dict[str, Article], nlp: Any, docs: Mapping[str, Any]) -> list[_Entity]:
    """The named entities inside a mention: from the article's own parse when there is one (the pipeline shares
    it), else from parsing the mention's text alone."""
    doc = docs.get(mention.article)
    if doc is not None:
        return [e for e in _doc_entities(doc) if mention.start <= e[3] and e[4] <= mention.end]
    alone = nlp(articles[mention.article].text[mention.start : mention.end])
    return [
        (e.label_, e.text, e.root.dep_, mention.start + e.start_char, mention.start + e.end_char) for e in alone.ents
    ]


def _name_conflicts(
    fact: Fact,
    articles: dict[str, Article],
    label: Callable[[str], str],
    nlp: Any,
    docs: Mapping[str, Any],
    words: _Wording,
) -> list[Conflict]:
    """Names of one fact that differ between outlets: one name spelled differently ("Bertrand Kessle" / "Bertrand
    Kessler", "Hollis Brandt" / "Howard Brandt"; one conflict per name, however many outlets), or a person or
    place on one side that no name on the other matches, against the one unmatched name of the same kind and
    syntactic role there ("President Obama named Dr. Regina Benjamin" / "… Dr. Maria Kovacs")."""
    mentions = _first_mentions(fact)
    found = [_entities(m, articles, nlp, docs) for m in mentions]
    conflicts = []
    spellings: list[dict[str, _Entity]] = []  # per name spelled several ways: article id -> its spelling
    for (m_a, ents_all_a), (m_b, ents_all_b) in combinations(zip(mentions, found, strict=True), 2):
        text_a, text_b = words.text(m_a.article), words.text(m_b.article)
        if text_a == text_b:
            continue  # the same words name the same people and places, spelled alike (wire copy)
        for kind in ("PERSON", "GPE"):
            ents_a = [e for e in ents_all_a if e[0] == kind]
            ents_b = [e for e in ents_all_b if e[0] == kind]
            matched = _match_names(ents_a, ents_b)
            for i, j, how in matched:
                # Another given name is a misnaming only where both play the same part (the speaker of one quote,
                # say); elsewhere it is as likely a relative ("Deputy Jerry Ortiz" and his wife "Chela Ortiz").
                if how == "variant" or (how == "given" and ents_a[i][2] == ents_b[j][2]):
                    _join_spellings(spellings, (m_a.article, ents_a[i]), (m_b.article, ents_b[j]))
            # A name the other mention writes too, under another label or none, is not missing there: the tagger
            # read "Palin spokesman Bill McAllister said that Palin told …" as an ORG and a GPE "Palin".
            lone_a = [e for i, e in enumerate(ents_a) if i not in {m[0] for m in matched} and not _writes(text_b, e)]
            lone_b = [f for j, f in enumerate(ents_b) if j not in {m[1] for m in matched} and not _writes(text_a, f)]
            single = kind == "PERSON" or (len(ents_a) == 1 and len(ents_b) == 1)  # places nest: one each side
            if not single or not lone_a or not lone_b or words.shared(m_a.article, m_b.article) < _MIN_SHARED_WORDING:
                continue
            pair = _lone_pair(articles, (m_a, lone_a), (m_b, lone_b))
            if pair is not None:
                ea, eb = pair
                values = ((m_a.article, ea[1]), (m_b.article, eb[1]))
                spans = (Span(m_a.article, ea[3], ea[4]), Span(m_b.article, eb[3], eb[4]))
                what = "different person" if kind == "PERSON" else "different place"
                conflicts.append(Conflict("name", values, spans, f"{what}: " + who_says(values, label, " vs ")))
    for by_article in spellings:
        spelled = tuple((a, e[1]) for a, e in by_article.items())
        where = tuple(Span(a, e[3], e[4]) for a, e in by_article.items())
        conflicts.append(
            Conflict("name", spelled, where, "name spelled differently: " + who_says(spelled, label, " vs "))
        )
    return conflicts


def _writes(text: str, entity: _Entity) -> bool:
    """Whether ``text`` has the entity's words, all of them, as words of their own. Not its surname alone:
    "Laci Peterson" is not named where "Peterson" is her husband."""
    return _name_pattern(entity[1]).search(text) is not None


@lru_cache(maxsize=4096)
def _name_pattern(name: str) -> re.Pattern[str]:
    """The whole-word pattern of a name, compiled once: every mention pair of a fact tests its names (612,000
    tests for a 150-outlet story), more distinct patterns than ``re``'s own cache keeps."""
    full = r"\s+".join(re.escape(w) for w in name.split())
    return re.compile(rf"(?<!\w){full}(?!\w)")


_SLOT_FILLERS = frozenset("a an the and or of to in on at by for with as said says told".split())


def _same_slot(articles: Mapping[str, Article], *named: tuple[Mention, _Entity]) -> bool:
    """Whether two names are followed by the same words, as an apposition that describes the person does ("Hengky
    Tewu, a hospital director" / "…, Maria Kovacs, a hospital director"; "Ken Salazar and Commerce Secretary …").
    The parser's role for a name shifts with the sentence around it ("X, a director, said …" is a subject, "…, X,
    a director, stated" an apposition), so the same two words after both names, one of them more than a filler,
    also show one part. The words before a name show less: "the court reporter Julie Ann Brandau" and "the court
    reporter Nichols murdered" name the victim and her killer."""
    after = []
    for mention, entity in named:
        text = articles[mention.article].text
        after.append([w.lower() for w in _WORD.findall(text[entity[4] : mention.end])][:2])
    return len(after[0]) == 2 and after[0] == after[1] and any(w not in _SLOT_FILLERS for w in after[0])


def _match_names(ents_a: Sequence[_Entity], ents_b: Sequence[_Entity]) -> list[tuple[int, int, str]]:
    """Names of two mentions paired one to one, identical names first, then the same person named another way,
    then spelling variants: "Peterson … Laci Peterson" / "Peterson … Maria Kovacs" pairs the two "Peterson"s and
    leaves "Laci Peterson" and "Maria Kovacs" unmatched."""
    rank = {"same": 1, "variant": 2, "given": 3}
    candidates = []
    for i, e in enumerate(ents_a):
        for j, f in enumerate(ents_b):
            how = "same" if e[1] == f[1] else _name_relation(e[1], f[1])
            if how != "different":
                candidates.append((0 if e[1] == f[1] else rank[how], i, j, how))
    used_a: set[int] = set()
    used_b: set[int] = set()
    matched = []
    for _, i, j, how in sorted(candidates):
        if i not in used_a and j not in used_b:
            used_a.add(i)
            used_b.add(j)
            matched.append((i, j, how))
    return matched


def _join_spellings(groups: list[dict[str, _Entity]], *named: tuple[str, _Entity]) -> None:
    """Put two spellings of one name into the group that already holds either (or a new one)."""
    texts = {e[1] for _, e in named}
    home = next((g for g in groups if texts & {e[1] for e in g.values()}), None)
    if home is None:
        home = {}
        groups.append(home)
    for article_id, entity in named:
        home.setdefault(article_id, entity)


_TITLE = re.compile(
    r"^(?:[A-Z][a-z]{0,3}\.|mr|mrs|ms|miss|dr|doctor|sir|lord|lady|president|vice|prime|minister|mayor|governor|"
    r"senator|representative|secretary|ambassador|chief|director|deputy|sheriff|officer|sergeant|lieutenant|"
    r"captain|colonel|general|judge|justice|professor|prof|reverend|father|coach|agent|detective|inspector|"
    r"commissioner|spokesman|spokeswoman|chairman|chairwoman|king|queen|prince|princess|pope|harbormaster)$",
    re.I,
)
_SUFFIX = re.compile(r"^(?:jr|sr|ii|iii|iv)\.?$", re.I)
_NICKNAMES = {
    "bill": "william", "will": "william", "bob": "robert", "rob": "robert", "jim": "james", "jimmy": "james",
    "mike": "michael", "tom": "thomas", "dick": "richard", "rick": "richard", "joe": "joseph", "dan": "daniel",
    "dave": "david", "steve": "steven", "chris": "christopher", "tony": "anthony", "ed": "edward", "ted": "edward",
    "liz": "elizabeth", "beth": "elizabeth", "kate": "katherine", "katie": "katherine", "sue": "susan",
    "jenny": "jennifer", "peggy": "margaret", "maggie": "margaret", "nick": "nicholas", "alex": "alexander",
}  # fmt: skip


@lru_cache(maxsize=65536)  # a 50-outlet fact compares the same few names in 1,225 mention pairs
def _name_relation(a: str, b: str) -> str:
    """``same`` ("Amb. Antonov" / "Antoly Antonov", "Katie" / "Kathryn Jenkin"), ``variant`` (one name spelled two
    ways: "Kessle" / "Kessler", "Antoly" / "Anatoly Antonov"), ``given`` (the surname agrees, the given name
    does not: "Hollis" / "Howard Brandt") or ``different``."""
    from rapidfuzz import fuzz

    def words(name: str) -> list[str]:
        name = re.sub(r"\s*-\s*", "-", name.replace("’s", "").replace("'s", ""))  # "al - Goweiny" = "al-Goweiny"
        tokens = [w for w in name.split() if any(c.isalpha() for c in w)]
        kept = [w for w in tokens if not _TITLE.match(w) and not _SUFFIX.match(w)]
        return [_NICKNAMES.get(w.lower(), w.lower()) for w in kept or tokens or [name]]

    if re.search(rf"(?<!\w){re.escape(a)}(?!\w)", b) or re.search(rf"(?<!\w){re.escape(b)}(?!\w)", a):
        return "same"  # one name inside a longer span the tagger took for one name ("Jennifer Lawrence - Liam …")
    words_a, words_b = words(a), words(b)
    shorter, longer = sorted((words_a, words_b), key=len)
    if longer[len(longer) - len(shorter) :] == shorter:
        return "same"  # "Kicker Ryan Succop" / "Ryan Succop": a title the list above does not know
    if words_a[-1].lower() == words_b[-1].lower():
        if len(words_a) > 1 and len(words_b) > 1 and words_a[0][:3].lower() != words_b[0][:3].lower():
            return "given"  # same surname, another given name: one person misnamed, or two relatives
        return "same"  # "Brandt" / "Hollis Brandt", "Rob Kane" / "Robert Kane"
    if min(len(words_a), len(words_b)) == 1 and words_a[0][:3].lower() == words_b[0][:3].lower():
        return "same"  # a first name alone, or its short form: "Katie" and "Kathryn Jenkin"
    return "variant" if fuzz.ratio(" ".join(words_a).lower(), " ".join(words_b).lower()) >= 85 else "different"


def _first_mentions(fact: Fact) -> list[Mention]:
    seen: dict[str, Mention] = {}
    for mention in fact.mentions:
        seen.setdefault(mention.article, mention)
    return list(seen.values())


def find_conflicts(
    facts: Sequence[Fact],
    articles: Sequence[Article],
    nlp: Any | None = None,
    docs: Mapping[str, Any] | None = None,
) -> tuple[Fact, ...]:
    """The facts with their ``conflicts`` filled in; only facts reported by two or more articles can conflict.

    ``nlp`` (a spaCy pipeline) enables name conflicts; without it numbers, dates and negation are still checked.
    """
    by_id = {a.id: a for a in articles}

    def label(article_id: str) -> str:
        return by_id[article_id].source

    result = []
    # A sentence that states two facts is a mention of both: a clash between two such sentences is one
    # conflict, reported with the first fact only.
    reported: set[tuple[str, tuple[tuple[str, str], ...], tuple[Span, ...]]] = set()
    for fact in facts:
        if len(fact.articles) < 2:
            result.append(fact)
            continue
        words = _Wording(fact, by_id)  # read by the number and name checks, once
        found = _number_conflicts(fact, by_id, label, docs or {}, words) + _date_conflicts(fact, by_id, label)
        if nlp is not None:
            found += _name_conflicts(fact, by_id, label, nlp, docs or {}, words)
        found += _negation_conflicts(fact, by_id, label)
        fresh = [c for c in found if (c.kind, c.values, c.mentions) not in reported]
        reported.update((c.kind, c.values, c.mentions) for c in fresh)
        result.append(Fact(fact.id, fact.mentions, tuple(fresh)))
    return tuple(result)
