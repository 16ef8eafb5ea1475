"""Cheap per-text signals that tell events apart: content stems, numbers, dates, names.

The embedder knows two sentences are about diplomats leaving; it does not know that "two dozen ... in
September" and "27 ... by Jan. 30" are different departures. These signals do. They are regular expressions
over the raw text, not a parser, because alignment scores every pair of units in a story and must stay fast
and deterministic; the detail analyzers do the careful extraction.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from newsparallax.dates import month_introduced
from newsparallax.quantities import Figure, find_figures

STOPWORDS = frozenset(
    """a about above after again against all also am an and any are aren't as at be because been before being
    below between both but by can could did do does doing down during each few for from further had has have
    having he her here hers herself him himself his how i if in into is it its itself just let me more most my
    myself no nor not of off on once only or other our ours ourselves out over own same she should so some such
    than that the their theirs them themselves then there these they this those through to too under until up
    very was we were what when where which while who whom why will with would you your yours yourself
    yourselves said says say told according would also one two three four five six seven eight nine ten
    however since amid among per via yet still even though although whether""".split()
)

_MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4, "may": 5,
    "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9, "sept": 9, "september": 9,
    "oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
}  # fmt: skip
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

_TOKEN = re.compile(r"[A-Za-z][A-Za-z'’-]*|\d[\d,]*(?:\.\d+)?")
_MONTH_DAY = re.compile(
    r"\b(jan|feb|mar|apr|may|jun|jul|aug|sept?|oct|nov|dec)[a-z]*\.?\s*(\d{1,2})?(?:st|nd|rd|th)?\b(?!\d)",
    re.IGNORECASE,
)
_YEAR = re.compile(r"\b(1[89]\d{2}|20\d{2})\b")
_RELATIVE_YEAR = re.compile(r"\b(last|this|next) year\b|\ba year (?:ago|earlier)\b", re.IGNORECASE)
_YEAR_OFFSET = {"last": -1, "this": 0, "next": 1}
_CAPITALISED = re.compile(r"\b[A-Z][a-zA-Z'’.-]*[a-zA-Z]|\b[A-Z]{2,}\b")
_SUFFIXES = ("ations", "ation", "ments", "ment", "ings", "ing", "ied", "ies", "ed", "es", "ly", "s")
# Capitalised words that start sentences or name months/days rather than actors.
_NOT_NAMES = STOPWORDS | set(_MONTHS) | set(_WEEKDAYS) | {"mr", "mrs", "ms", "dr", "amb", "sen", "gov", "rep"}


def stem(word: str) -> str:
    """A deliberately tiny suffix stripper: enough to match leave/leaving, visa/visas, expel/expelled."""
    word = word.lower().replace("’", "'").removesuffix("'s").strip("'-")
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            word = word[: -len(suffix)]
            break
    if len(word) > 4 and word[-1] == word[-2] and word[-1] not in "aeious":
        word = word[:-1]  # "expell" → "expel" after stripping "ed"
    return word.rstrip("e") if len(word) > 4 else word


def dates(text: str) -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """(months, weekdays, years) named in the text: ``{"m01", "m01-30"}``, ``{"wednesday"}``, ``{"2019"}``."""
    months: set[str] = set()
    for match in _MONTH_DAY.finditer(text):
        word = match.group(0).split()[0].rstrip(".").lower()
        name = re.match(r"[a-z]+", word)
        if not name or name.group(0) not in _MONTHS:
            continue
        if name.group(0) == "may" and not match.group(2) and not month_introduced(text, match.start()):
            continue  # "may" is far more often the verb; "in May", "since May", "last May" are the month
        month = _MONTHS[name.group(0)]
        months.add(f"m{month:02d}")
        if match.group(2):
            months.add(f"m{month:02d}-{int(match.group(2)):02d}")
    lowered = text.lower()
    weekdays = {day for day in _WEEKDAYS if day in lowered}
    years = set(_YEAR.findall(text))
    return frozenset(months), frozenset(weekdays), frozenset(years)


@dataclass(frozen=True, slots=True)
class Signals:
    content: frozenset[str]
    figures: tuple[Figure, ...]
    months: frozenset[str]
    weekdays: frozenset[str]
    years: frozenset[str]
    names: frozenset[str]
    # The year a text names relative to its own ("last year": -1), when it names no year outright.
    year_offset: int | None = None


def relative_year(text: str) -> int | None:
    """-1 for "last year" or "a year ago", 0 for "this year", 1 for "next year"; None when the text has none of
    them, or several that disagree."""
    offsets = {_YEAR_OFFSET[m.group(1).lower()] if m.group(1) else -1 for m in _RELATIVE_YEAR.finditer(text)}
    return offsets.pop() if len(offsets) == 1 else None


def signals(text: str) -> Signals:
    tokens = _TOKEN.findall(text)
    content = frozenset(
        stem(t) for t in tokens if t[0].isalpha() and t.lower().replace("’", "'") not in STOPWORDS and len(t) > 1
    )
    names = frozenset(
        stem(m.group(0).rstrip("."))
        for m in _CAPITALISED.finditer(text)
        if m.group(0).lower().rstrip(".") not in _NOT_NAMES
    )
    months, weekdays, years = dates(text)
    offset = None if years else relative_year(text)
    return Signals(content, tuple(find_figures(text)), months, weekdays, years, names, offset)
