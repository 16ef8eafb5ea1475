"""Numbers with what they count and their comparator, with offsets: "more than 50 diplomats" is >50 diplomats.

Written on regular expressions rather than quantulum3: quantulum3 needs its classifier switched off to load at
all on current scikit-learn, reads "two dozen" as 2 dozen, and takes ~1 s to import; news copy needs a narrow
set of forms (digits with separators, number words, "dozen", scales, currency, percent, a comparator before
the figure) that a scanner gets right and fast. Years and days of the month are dates (see :mod:`dates`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from newsparallax.model import Comparator

_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "a": 1, "an": 1, "half": 0.5, "half a": 0.5,
}  # fmt: skip
_SCALES = {"dozen": 12, "score": 20, "hundred": 100, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_SCALE_ABBREVIATIONS = {"k": 1e3, "m": 1e6, "mn": 1e6, "bn": 1e9, "b": 1e9, "tn": 1e12}
_CURRENCIES = {"$": "USD", "us$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY"}
_CURRENCY_WORDS = {
    "dollars": "USD", "dollar": "USD", "euros": "EUR", "euro": "EUR", "pounds": "GBP", "yen": "JPY",
    "cents": "USD cents", "cent": "USD cents", "rubles": "RUB", "roubles": "RUB", "francs": "CHF",
}  # fmt: skip

# A number written as a word, zero to ninety (clause splitting reads it too).
NUMBER_WORD = (
    r"(?:zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
    r"sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
)
_SCALE = r"(?:dozen|score|hundred|thousand|million|billion|trillion)"
_NUMBER = re.compile(
    r"(?P<cur>us\$|[$€£¥])?\s?"
    # A comma may follow a grouped number ("about 1,000, officials said"); a digit after it may not ("1,0000").
    # Inside one sentence "6. 2" is a decimal that word-tokenised copy spaced out, not a full stop.
    r"(?:(?P<digits>(?<![\w.,])\d{1,3}(?:,\d{3})+(?:\.\d+)?(?!\d|,\d)|(?<![\w.,])\d+(?:\.\s?\d+)?(?![\d]))"
    rf"(?:\s?(?P<dscale>{_SCALE}s?\b|(?:k|m|mn|bn|b|tn)\b))?"
    rf"|(?P<words>\b(?:half an?|an?|{NUMBER_WORD}(?:[\s-]{NUMBER_WORD})?)(?:[\s-](?:{_SCALE}))+\b"
    rf"|\b{NUMBER_WORD}(?:-{NUMBER_WORD})?\b))"
    r"(?P<pct>\s?(?:%|per\s?cent\b|percent\b))?",
    re.IGNORECASE,
)
# A measure written on to its figure: "58km (36 miles)", "a 40kg bag".
_GLUED_UNIT = re.compile(r"(km|kg|mm|cm|mi|lbs?|ft|mph|kph|kmh|ml|mg|ha)\b", re.IGNORECASE)
_COMPARATORS: list[tuple[re.Pattern[str], Comparator]] = [
    (re.compile(r"\b(?:more than|over|above|in excess of|upwards of|exceeding|north of)\s+$", re.I), ">"),
    (re.compile(r"\b(?:at least|no fewer than|no less than|a minimum of|or more)\s+$", re.I), ">="),
    # "completed his first 17 passes": a part, so the whole is at least that ("29 of 34 passes" agrees).
    (re.compile(r"\b(?:his|her|their|its|the) (?:first|last|final|opening)\s+$", re.I), ">="),
    (re.compile(r"\b(?:fewer than|less than|under|below|nearly|almost|just under|short of)\s+$", re.I), "<"),
    (re.compile(r"\b(?:at most|no more than|a maximum of|up to)\s+$", re.I), "<="),
    (re.compile(r"\b(?:about|around|some|roughly|approximately|an estimated|estimated|close to|or so)\s+$", re.I), "~"),
]
_DATE_CONTEXT = re.compile(
    r"(?:\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s*$)", re.IGNORECASE
)
# Word-tokenised copy (common in research corpora and some feeds) spaces out punctuation: "7: 35 am", "20 - 13",
# "10 / 25 / 11", "$1, 099". Each pattern below accepts the spaced form too, or times and scores become counts.
_TIME_AFTER = re.compile(r"^(?:\s?:\s?\d{2}|\s?(?:a\.?m\.?|p\.?m\.?)(?!\w)|(?:st|nd|rd|th)\b)", re.IGNORECASE)
_YEAR = re.compile(r"^(?:1[89]\d{2}|20\d{2})$")
# An age in apposition: "Comeaux, 49, was ..." (a figure between commas right after a name). The conflict stage
# reads ages off the spaCy parse ("age:<name>"); this pattern serves alignment, which runs before any parse.
AGE = "years old"
_AGE_BEFORE = re.compile(r"\b[A-Z][\w'’-]+,\s$")
# How far back the patterns anchored at a figure look: searching from the text's start made a text of many
# figures quadratic. A name longer than this is no name.
_NAME_REACH = 100
_AGE_AFTER = re.compile(r",(?!\s?\d{3}\b)")  # not "20, 000" (thousands written with a space)
# Between a figure and its conversion in brackets: "50 km (" before "30 miles)".
_CONVERSION = re.compile(r"\s*[A-Za-z.$€£%]{0,15}\s*\(\s*")
_CONVERSION_END = re.compile(r"\s*[A-Za-z.%]{0,15}\s*\)")  # "30 miles)", not "120 of them empty)"
_CODE = re.compile(r"^0\d")  # a leading zero: a date or time part ("08/09"), a code, never a count
_CODE_CONTEXT = re.compile(r"^\s?[/:-]\s?\d")  # "08/09", "2-1", "20 - 13": a date or a score continues
_CODE_BEFORE = re.compile(r"\d\s?[/:-]\s?$")
_SPACED_THOUSANDS = re.compile(r"^,\s\d{3}(?!\d|,\d)")  # "$1, 099" in word-tokenised text
_NOUN_AFTER = re.compile(r"\s*(?:of\s+)?((?:[A-Za-z][\w'’-]*\s+){0,3}?)([a-z][\w'-]*)")
_PLURAL = re.compile(r"^[a-z]{2,}(?<![su])s$")  # "cables", "crews"; not "bus", "gas", "various", "press"
_SKIP_AFTER = frozenset(
    "a an the of and or to in on at by for from with as is are was were be been has have had more than about "
    "worth percent per cent people's "
    # Possessives and adverbs that end in "s" would pass for the plural noun: "Five of his points" counts points.
    "his her their its our your my does across always perhaps plus thus unless whereas".split()
)
# A demonstrative opens another noun phrase: "scored 20 this season" counts no seasons.
_ENDS_RUN = frozenset("this these those that".split())


@dataclass(frozen=True, slots=True)
class Figure:
    """A number found in a text: offsets, value, comparator and unit (what it counts)."""

    start: int
    end: int
    value: float
    comparator: Comparator
    unit: str | None


def _word_value(phrase: str) -> float:
    words = [w for w in re.split(r"[\s-]+", phrase.lower()) if w]
    total, current = 0.0, 0.0
    for word in words:
        word = word[:-1] if word.endswith("s") and word[:-1] in _SCALES else word
        if word in _SCALES:
            current = (current or 1) * _SCALES[word]
            if _SCALES[word] >= 1000:
                total, current = total + current, 0.0
        elif word in ("half",):
            current += 0.5
        else:
            current += _UNITS.get(word, 0)
    return total + current


def _unit_after(text: str, end: int) -> str | None:
    """The counted noun after a figure: "27 Russian diplomats" → "diplomats", "14 fishing boats" → "boats".

    Names and function words before the noun are skipped. Of the first run of lower-case words (up to three),
    the first plural is the noun: a count takes a plural, and the words before it modify it ("undersea",
    "armed police"). With no plural ("2 children", "one cable", "5 killed") the run's first word is kept.
    """
    window = text[end : end + 60]
    run: list[str] = []
    for match in re.finditer(r"[A-Za-z][\w'’-]*", window):
        word = match.group(0)
        if window[: match.start()].strip(" -").count(" ") > 3 or re.search(r"[.,;:!?“”\"()]", window[: match.start()]):
            break
        if word.lower() in _ENDS_RUN:
            break
        if word[0].isupper() or word.lower() in _SKIP_AFTER:
            if run:
                break
            continue
        run.append(word.lower())
        if len(run) == 3:
            break
    return next((w for w in run if _PLURAL.search(w)), run[0]) if run else None


def find_figures(text: str) -> list[Figure]:
    """Every count, amount or percentage in ``text``, in order."""
    found: list[Figure] = []
    for match in _NUMBER.finditer(text):
        start, end = match.start(), match.end()
        if found and start < found[-1].end:
            continue  # the second group of a spaced thousand ("12, 500"), read with the first
        raw = match.group(0).strip()
        if not raw:
            continue
        glued = None
        if match.group("digits"):
            digits = match.group("digits")
            is_year = _YEAR.match(digits) and not match.group("cur")
            if is_year or _DATE_CONTEXT.search(text[max(0, start - 12) : start]):
                continue  # a year, or the day in "Jan. 30"
            if _TIME_AFTER.match(text[end : end + 6]) and not match.group("pct"):
                continue  # "5 p.m.", "9:30", "30th"
            glued = _GLUED_UNIT.match(text, end)
            if not match.group("dscale") and text[end : end + 1].isalpha() and not glued:
                continue  # "10News", "4G", "7GHz": part of a name or a model, not a count ("58km" is one)
            if (
                _CODE.match(digits)
                or _CODE_CONTEXT.match(text[end : end + 4])
                or _CODE_BEFORE.search(text, max(0, start - 4), start)  # it reads 4 characters at most
            ):
                continue  # "08", "2/3", "09-12", "No. 7": dates, scores and identifiers, not counts
            value = float(digits.replace(",", "").replace(" ", ""))
            # "170, 000 people" in word-tokenised copy. The day of "On May 5, 200 people" never gets here (the
            # date test above skips it), and a figure of four digits or a decimal is never the first group.
            spaced = _SPACED_THOUSANDS.match(text[end:]) if len(digits) <= 3 and digits.isdigit() else None
            if spaced:
                value = value * 1000 + float(spaced.group(0)[2:])
                end += spaced.end()
            scale = (match.group("dscale") or "").lower().rstrip("s") if match.group("dscale") else ""
            if scale:
                value *= _SCALES.get(scale, _SCALE_ABBREVIATIONS.get(scale, 1))
        else:
            words = match.group("words").lower()
            if words in ("a", "an", "one") or re.fullmatch(r"an?", words):
                continue  # "one of the", "a" alone: not figures anyone disputes
            value = _word_value(words)
            if not value:
                continue
        start = start + (len(match.group(0)) - len(match.group(0).lstrip()))
        before = text[max(0, start - 30) : start]
        comparator: Comparator = next((op for pattern, op in _COMPARATORS if pattern.search(before)), "=")
        if (
            found
            and comparator == "="
            and _CONVERSION.fullmatch(text[found[-1].end : start])
            and _CONVERSION_END.match(text, end)
        ):
            comparator = found[-1].comparator  # "less than 50 km (30 miles)": the conversion is a bound too
        unit: str | None
        if glued:
            unit = glued.group(1).lower()
        elif match.group("cur"):
            unit = _CURRENCIES[match.group("cur").lower()]
        elif match.group("pct"):
            unit = "%"
        else:
            unit = _unit_after(text, end)
            unit = _CURRENCY_WORDS.get(unit or "", unit)
            if (
                unit is None
                and value < 130
                and _AGE_BEFORE.search(text, max(0, start - _NAME_REACH), start)
                and _AGE_AFTER.match(text, end)
            ):
                unit = AGE  # "Lopez, 20, was found guilty": the age of the person just named
        found.append(Figure(start, end, value, comparator, unit))
    return found


def compatible(a: Figure, b: Figure) -> bool:
    """Whether two figures can describe the same amount: "over 50" and 55 can, 24 and 27 cannot."""
    if a.comparator == b.comparator and a.value == b.value:
        return True
    if "~" in (a.comparator, b.comparator):
        approx, other = (a, b) if a.comparator == "~" else (b, a)
        if other.comparator in ("<", "<=", ">", ">="):
            # An approximate figure agrees with a bound that a value near it meets, as an exact one does:
            # "about 2,400 workers" and "more than 2,000 steelworkers" are one walkout.
            return _holds(other, 0.9 * approx.value) or _holds(other, 1.1 * approx.value)
        return abs(a.value - b.value) <= 0.1 * max(a.value, b.value)
    if a.comparator == b.comparator == "=" and _same_when_rounded(a.value, b.value):
        return True
    if b.comparator == "=":
        return _holds(a, b.value)
    if a.comparator == "=":
        return _holds(b, a.value)
    # Two bounds: "more than 220,000" and "at least 230,000" agree; "more than 50" and "fewer than 40" do not.
    low, high = (a, b) if a.comparator in (">", ">=") else (b, a)
    if high.comparator in (">", ">=") or low.comparator in ("<", "<="):
        # Two lower (or two upper) bounds can both be true, but "over 2.5 million" and "over 6 million" are
        # different figures to a reader; within 10% they are the same figure rounded differently.
        return abs(a.value - b.value) <= 0.1 * max(a.value, b.value)
    if low.value == high.value:
        return low.comparator == ">=" and high.comparator == "<="
    return low.value < high.value


@lru_cache(maxsize=4096)  # alignment compares every pair of figures of a story: the same values, many times
def _places(value: float) -> int:
    digits = repr(value)
    return 0 if "e" in digits or digits.endswith(".0") else len(digits.split(".")[1])


def _same_when_rounded(a: float, b: float) -> bool:
    """One figure is the other at less precision: "(6.2 miles)" and "(6 miles)", "3.14" and "3.1"."""
    places_a, places_b = _places(a), _places(b)
    coarse, places, fine, fine_places = (
        (a, places_a, b, places_b) if places_a <= places_b else (b, places_b, a, places_a)
    )
    return fine_places > places and abs(fine - coarse) <= 0.5 * 10**-places


def _holds(bound: Figure, value: float) -> bool:
    return {
        ">": value > bound.value,
        ">=": value >= bound.value,
        "<": value < bound.value,
        "<=": value <= bound.value,
        "=": value == bound.value,
        "~": abs(value - bound.value) <= 0.1 * bound.value,
    }[bound.comparator]


def any_compatible(left: Sequence[Figure], right: Sequence[Figure]) -> bool:
    return any(compatible(a, b) for a in left for b in right)


def describe(figure: Figure) -> str:
    """A figure as a reader would say it: ">50 diplomats", "24 diplomats", "$200,000,000"."""
    value = f"{figure.value:,.0f}" if figure.value == int(figure.value) else f"{figure.value:,}"
    op = "" if figure.comparator == "=" else figure.comparator
    return f"{op}{value}" + (f" {figure.unit}" if figure.unit else "")
