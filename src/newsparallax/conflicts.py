"""Conflicting details between the mentions of one fact: numbers, dates, names, negation.

Only mentions that alignment put in the same fact are compared, so two different events ("two dozen … in
September" vs "27 … by Jan. 30") can never conflict: they are different facts. Within a fact, values are
compared only where they play the same part: figures that count the same thing (or the only figure on each
side), dates in the same role (a deadline is not a departure day), people or places in the same syntactic
role. Hedges ("it was not clear whether …") are certainty, not negation, and never conflict.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from itertools import combinations
from typing import Any

from newsparallax.model import Article, Conflict, DateMention, Fact, Mention, Quantity, Span
from newsparallax.quantities import Figure, compatible, describe
from newsparallax.signals import STOPWORDS, stem

_UNIT_SYNONYMS = {
    "person": "people", "persons": "people", "individuals": "people", "residents": "people", "civilians": "people",
    "employees": "workers", "staff": "workers", "staffers": "workers", "workers": "workers",
    "dead": "killed", "deaths": "killed", "fatalities": "killed", "hurt": "injured", "wounded": "injured",
    "injuries": "injured",
}  # fmt: skip
_DEADLINE = re.compile(r"\b(?:by|until|till|before|no later than|deadline(?: of| for)?|due)\s*(?:the\s)?$", re.I)
_SINCE = re.compile(r"\b(?:since|from|starting|beginning)\s*$", re.I)
_HEDGE = re.compile(
    r"\b(?:not (?:immediately |yet )?(?:clear|known|certain|confirmed whether)|unclear|unknown|could not be "
    r"(?:reached|confirmed|verified)|did not (?:respond|return|immediately)|declined to)\b",
    re.I,
)
_NEGATION = re.compile(
    r"\b(?:not|never|no longer|n't|neither|nor)\b\s+(?:(?:been|be|have|has|had|yet|immediately|ever|also|"
    r"actually|officially|formally)\s+)*([a-z][a-z'-]+)",
    re.I,
)
_CONDITION = re.compile(r"\b(?:if|unless|whether|in case|otherwise|or else)\b", re.I)
_CONTRACTED = re.compile(r"\b\w+n[’']t\s+(?:(?:been|be|have|yet|ever)\s+)*([a-z][a-z'-]+)", re.I)
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
    if unit is None:
        return None
    return _UNIT_SYNONYMS.get(unit, stem(unit))


def _figure(q: Quantity) -> Figure:
    return Figure(q.start, q.end, q.value, q.comparator, q.unit)


def _number_conflicts(fact: Fact, articles: dict[str, Article], label: Callable[[str], str]) -> list[Conflict]:
    per_article: dict[str, list[Quantity]] = {}
    for mention in _first_mentions(fact):
        found = _within(articles[mention.article].quantities, mention)
        if found:
            per_article[mention.article] = found
    if len(per_article) < 2:
        return []
    groups: dict[str | None, dict[str, list[Quantity]]] = {}
    for article_id, quantities in per_article.items():
        for q in quantities:
            groups.setdefault(_unit_key(q.unit), {}).setdefault(article_id, []).append(q)
    # The only figure on each side counts the same thing even when the outlets name it differently.
    single = all(len(qs) == 1 for qs in per_article.values()) and len(groups) > 1
    if single and len({q[0].unit in ("USD", "EUR", "GBP", "%") for q in per_article.values()}) == 1:
        groups = {"(the figure)": dict(per_article.items())}
    conflicts = []
    for unit, by_article in groups.items():
        if len(by_article) < 2:
            continue
        clash = any(
            not any(compatible(_figure(x), _figure(y)) for x in by_article[a] for y in by_article[b])
            for a, b in combinations(by_article, 2)
        )
        if not clash:
            continue
        values = tuple((a, _stated(articles[a], qs)) for a, qs in by_article.items())
        spans = tuple(Span(q.article, q.start, q.end) for qs in by_article.values() for q in qs)
        what = f" ({unit})" if unit and unit != "(the figure)" else ""
        conflicts.append(Conflict("number", values, spans, "different figures" + what + ": " + _versus(values, label)))
    return conflicts


def _stated(article: Article, quantities: Sequence[Quantity]) -> str:
    parts = []
    for q in quantities:
        text = article.text[q.start : q.end]
        normal = describe(_figure(q))
        parts.append(text if normal.split()[0].replace(",", "") == text.replace(",", "") else f"{text} (= {normal})")
    return "; ".join(parts)


def _versus(values: Sequence[tuple[str, str]], label: Callable[[str], str]) -> str:
    return " vs ".join(f"{label(a)} says {v}" for a, v in values)


def _role(article: Article, item: DateMention) -> str:
    before = article.text[max(0, item.start - 25) : item.start]
    if _DEADLINE.search(before):
        return "deadline"
    if _SINCE.search(before):
        return "since"
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


def _date_conflicts(fact: Fact, articles: dict[str, Article], label: Callable[[str], str]) -> list[Conflict]:
    by_role: dict[str, dict[str, list[tuple[DateMention, str]]]] = {}
    for mention in _first_mentions(fact):
        article = articles[mention.article]
        for item in _within(article.dates, mention):
            key = _date_key(item, article)
            if key:
                by_role.setdefault(_role(article, item), {}).setdefault(mention.article, []).append((item, key))
    conflicts = []
    for role, by_article in sorted(by_role.items()):
        if len(by_article) < 2:
            continue
        clash = any(
            not any(_dates_agree(x[1], y[1]) for x in by_article[a] for y in by_article[b])
            for a, b in combinations(by_article, 2)
        )
        if clash:
            values = tuple(
                (a, "; ".join(f"{articles[a].text[d.start : d.end]} ({k})" for d, k in items))
                for a, items in by_article.items()
            )
            spans = tuple(Span(d.article, d.start, d.end) for items in by_article.values() for d, _ in items)
            conflicts.append(Conflict("date", values, spans, f"different dates ({role}): " + _versus(values, label)))
    return conflicts


def _conditional(text: str, at: int) -> bool:
    """Whether position ``at`` sits in an "if …"/"unless …" clause: "if they did not leave" asserts nothing."""
    clause = re.split(r"[,;:—–]", text[:at])[-1]
    return bool(_CONDITION.search(clause))


def _negated(text: str) -> set[str]:
    if _HEDGE.search(text):
        return set()
    matches = [*_NEGATION.finditer(text), *_CONTRACTED.finditer(text)]
    words = [m.group(1) for m in matches if not _conditional(text, m.start())]
    return {stem(w) for w in words if w.lower() not in STOPWORDS}


def _stems(text: str) -> set[str]:
    return {stem(w) for w in re.findall(r"[A-Za-z][\w'-]*", text) if w.lower() not in STOPWORDS}


def _negation_conflicts(fact: Fact, articles: dict[str, Article], label: Callable[[str], str]) -> list[Conflict]:
    conflicts = []
    mentions = _first_mentions(fact)
    # Everything about one mention is read once, not once per pair: a fact reported by 50 articles has 1,225
    # pairs, and these regular expressions were most of a big story's conflict time.
    texts = {id(m): articles[m.article].text[m.start : m.end] for m in mentions}
    hedged = {key: bool(_HEDGE.search(text)) for key, text in texts.items()}
    negated = {key: _negated(text) for key, text in texts.items() if not hedged[key]}
    stems = {key: _stems(text) for key, text in texts.items() if not hedged[key]}
    antonyms = {
        key: [(left.search(text), right.search(text)) for left, right in _ANTONYMS]
        for key, text in texts.items()
        if not hedged[key]
    }
    for a, b in combinations(mentions, 2):
        ka, kb = id(a), id(b)
        if hedged[ka] or hedged[kb]:
            continue
        text_a, text_b = texts[ka], texts[kb]
        neg_a, neg_b = negated[ka], negated[kb]
        flipped = sorted((neg_a & stems[kb] - neg_b) | (neg_b & stems[ka] - neg_a))
        for (left_a, right_a), (left_b, right_b) in zip(antonyms[ka], antonyms[kb], strict=True):
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


def _entities(mention: Mention, articles: dict[str, Article], nlp: Any, docs: Mapping[str, Any]) -> list[_Entity]:
    """The named entities inside a mention: from the article's own parse when there is one (the pipeline shares
    it), else from parsing the mention's text alone."""
    doc = docs.get(mention.article)
    if doc is not None:
        return [
            (e.label_, e.text, e.root.dep_, e.start_char, e.end_char)
            for e in doc.ents
            if mention.start <= e.start_char and e.end_char <= mention.end
        ]
    alone = nlp(articles[mention.article].text[mention.start : mention.end])
    return [
        (e.label_, e.text, e.root.dep_, mention.start + e.start_char, mention.start + e.end_char) for e in alone.ents
    ]


def _name_conflicts(
    fact: Fact, articles: dict[str, Article], label: Callable[[str], str], nlp: Any, docs: Mapping[str, Any]
) -> list[Conflict]:
    mentions = _first_mentions(fact)
    found = [_entities(m, articles, nlp, docs) for m in mentions]
    conflicts = []
    for (m_a, ents_all_a), (m_b, ents_all_b) in combinations(zip(mentions, found, strict=True), 2):
        for kind in ("PERSON", "GPE"):
            ents_a = [e for e in ents_all_a if e[0] == kind]
            ents_b = [e for e in ents_all_b if e[0] == kind]
            if len(ents_a) != 1 or len(ents_b) != 1:
                continue
            ea, eb = ents_a[0], ents_b[0]
            if ea[2] != eb[2] or _same_name(ea[1], eb[1]):
                continue
            values = ((m_a.article, ea[1]), (m_b.article, eb[1]))
            spans = (Span(m_a.article, ea[3], ea[4]), Span(m_b.article, eb[3], eb[4]))
            what = "person" if kind == "PERSON" else "place"
            conflicts.append(Conflict("name", values, spans, f"different {what}: " + _versus(values, label)))
    return conflicts


def _same_name(a: str, b: str) -> bool:
    from rapidfuzz import fuzz

    words_a, words_b = a.replace("’s", "").split(), b.replace("’s", "").split()
    if words_a[-1].lower() == words_b[-1].lower():
        return True  # "Amb. Antonov" and "Antoly Antonov"
    return fuzz.ratio(a.lower(), b.lower()) >= 85  # a spelling variant is not a different person


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
    for fact in facts:
        if len(fact.articles) < 2:
            result.append(fact)
            continue
        found = _number_conflicts(fact, by_id, label) + _date_conflicts(fact, by_id, label)
        if nlp is not None:
            found += _name_conflicts(fact, by_id, label, nlp, docs or {})
        found += _negation_conflicts(fact, by_id, label)
        result.append(Fact(fact.id, fact.mentions, tuple(found)))
    return tuple(result)
