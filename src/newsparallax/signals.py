"""Cheap per-text signals that tell events apart: content stems, numbers, dates, names.

The embedder knows two sentences are about diplomats leaving; it does not know that "two dozen ... in
September" and "27 ... by Jan. 30" are different departures. These signals do. They are regular expressions
over the raw text, not a parser, because alignment scores every pair of units in a story and must stay fast
and deterministic; the detail analyzers do the careful extraction.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

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

_NUMBER_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40,
    "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "dozen": 12,
    "score": 20, "half": 0.5,
}  # fmt: skip
_SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000, "dozen": 12}
_MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4, "may": 5,
    "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9, "sept": 9, "september": 9,
    "oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
}  # fmt: skip
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

_TOKEN = re.compile(r"[A-Za-z][A-Za-z'’-]*|\d[\d,]*(?:\.\d+)?")
_WORD_NUMBER = re.compile(
    r"\b(?:(?:a|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|"
    r"fifty|sixty|seventy|eighty|ninety|several|a few)[\s-]+)?(?:dozen|hundred|thousand|million|billion)s?\b|"
    r"\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|"
    r"seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
    r"(?:[\s-](?:one|two|three|four|five|six|seven|eight|nine))?\b",
    re.IGNORECASE,
)
_DIGITS = re.compile(r"(?<![\w.])(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?(?:\s*(million|billion|thousand|m|bn)\b)?", re.I)
_MONTH_DAY = re.compile(
    r"\b(jan|feb|mar|apr|may|jun|jul|aug|sept?|oct|nov|dec)[a-z]*\.?\s*(\d{1,2})?(?:st|nd|rd|th)?\b(?!\d)",
    re.IGNORECASE,
)
_YEAR = re.compile(r"\b(1[89]\d{2}|20\d{2})\b")
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


def _word_number(phrase: str) -> float | None:
    words = re.split(r"[\s-]+", phrase.lower())
    if words[-1].endswith("s") and words[-1][:-1] in _SCALES:
        words[-1] = words[-1][:-1]
    if words[0] in ("several", "few", "a") and len(words) > 1 and words[-1] in _SCALES:
        return None  # "several hundred": a magnitude, not a figure to compare
    total = 0.0
    current = 0.0
    for word in words:
        if (word in _SCALES and word != "dozen") or (word == "dozen" and current):
            current = max(current, 1) * _SCALES[word]
            if _SCALES[word] >= 1000:
                total += current
                current = 0
        elif word == "dozen":
            current = 12
        elif word in _NUMBER_WORDS:
            current += _NUMBER_WORDS[word]
    return total + current or None


_COMPARATORS = [
    (re.compile(r"(?:more than|over|above|in excess of|upwards of|exceeding)\s+$", re.I), ">"),
    (re.compile(r"(?:at least|no fewer than|no less than|a minimum of)\s+$", re.I), ">="),
    (re.compile(r"(?:fewer than|less than|under|below|nearly|almost|just under|up to)\s+$", re.I), "<"),
    (re.compile(r"(?:at most|no more than|a maximum of)\s+$", re.I), "<="),
    (re.compile(r"(?:about|around|some|roughly|approximately|an estimated|estimated|close to|~)\s+$", re.I), "~"),
]
Figure = tuple[str, float]  # (comparator, value): ("=", 27.0), (">", 50.0), ("~", 40.0)


def figures(text: str) -> list[Figure]:
    """Numbers with the comparator written before them: "more than 50" is (">", 50)."""
    found: list[Figure] = []
    for start, value in _numbers_at(text):
        before = text[max(0, start - 24) : start].replace("$", "").replace("€", "").replace("£", "")
        op = next((op for pattern, op in _COMPARATORS if pattern.search(before)), "=")
        found.append((op, value))
    return found


def _holds(op: str, bound: float, value: float) -> bool:
    if op == ">":
        return value > bound
    if op == ">=":
        return value >= bound
    if op == "<":
        return value < bound
    if op == "<=":
        return value <= bound
    if op == "~":
        return abs(value - bound) <= 0.1 * bound
    return value == bound


def figures_agree(left: Sequence[Figure], right: Sequence[Figure]) -> bool:
    """Whether some figure on the left is compatible with some figure on the right ("over 50" and 55 are)."""
    for op_a, a in left:
        for op_b, b in right:
            if op_a == op_b and a == b:
                return True
            if (op_b == "=" and _holds(op_a, a, b)) or (op_a == "=" and _holds(op_b, b, a)):
                return True
            if "~" in (op_a, op_b) and abs(a - b) <= 0.1 * max(a, b):
                return True
    return False


def numbers(text: str) -> list[float]:
    """Numbers stated in the text (digits and words, "two dozen" = 24), years and day-of-month excluded."""
    return [value for _, value in _numbers_at(text)]


def _numbers_at(text: str) -> list[tuple[int, float]]:
    masked = _MONTH_DAY.sub(lambda m: " " * len(m.group(0)), text)
    masked = _YEAR.sub(lambda m: " " * len(m.group(0)), masked)
    found: list[tuple[int, float]] = []
    for match in _DIGITS.finditer(masked):
        masked = masked[: match.start()] + " " * (match.end() - match.start()) + masked[match.end() :]
        value = float(match.group(1).replace(",", "") + ("." + match.group(2) if match.group(2) else ""))
        scale = (match.group(3) or "").lower()
        value *= {"million": 1e6, "m": 1e6, "billion": 1e9, "bn": 1e9, "thousand": 1e3}.get(scale, 1)
        found.append((match.start(), value))
    for match in _WORD_NUMBER.finditer(masked):
        word_value = _word_number(match.group(0))
        if word_value is not None and not (word_value == 1 and match.group(0).lower() == "one"):
            found.append((match.start(), word_value))
    return sorted(found)


def dates(text: str) -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """(months, weekdays, years) named in the text: ``{"m01", "m01-30"}``, ``{"wednesday"}``, ``{"2019"}``."""
    months: set[str] = set()
    for match in _MONTH_DAY.finditer(text):
        word = match.group(0).split()[0].rstrip(".").lower()
        name = re.match(r"[a-z]+", word)
        if not name or name.group(0) not in _MONTHS:
            continue
        if name.group(0) == "may" and not match.group(2):
            continue  # "may" is far more often the verb
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
    numbers: tuple[Figure, ...]
    months: frozenset[str]
    weekdays: frozenset[str]
    years: frozenset[str]
    names: frozenset[str]


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
    return Signals(content, tuple(figures(text)), months, weekdays, years, names)
