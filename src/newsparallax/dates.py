"""Date and time expressions, resolved against the article's publication date when it is known.

"on Wednesday", "Jan. 30", "by June 30", "late November", "last month", "in 2019", "yesterday". A scanner of
our own rather than dateparser.search_dates: that misses forms news copy uses daily ("the March 1 deadline",
"Jan.30"), cannot say which words it resolved, and costs ~1 s to import. Without a publication date, only
expressions that carry their year resolve fully; a month and day without a year become ISO 8601's ``--MM-DD``
(comparable, not placeable), and relative expressions keep ``value=None``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from newsparallax.model import DateMention

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "oct": 10,
    "nov": 11, "dec": 12,
}  # fmt: skip
_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
# A month name as news copy writes it ("Jan.", "Sept", "December"); match case-insensitively.
MONTH = (
    r"(?:jan(?:uary|\.)?|feb(?:ruary|\.)?|mar(?:ch|\.)?|apr(?:il|\.)?|may|june?|july?|aug(?:ust|\.)?|"
    r"sept?(?:ember|\.)?|oct(?:ober|\.)?|nov(?:ember|\.)?|dec(?:ember|\.)?)"
)
_EXPRESSIONS = [
    ("iso", r"\b(?P<y>20\d\d|19\d\d)-(?P<m>\d\d)-(?P<d>\d\d)\b"),
    ("month_day", rf"\b(?P<mon>{MONTH})\s?(?P<d>[0-3]?\d)(?:st|nd|rd|th)?(?:,?\s(?P<y>(?:19|20)\d\d))?\b(?!:)"),
    ("day_month", rf"\b(?P<d>[0-3]?\d)(?:st|nd|rd|th)?\s(?:of\s)?(?P<mon>{MONTH})(?:,?\s(?P<y>(?:19|20)\d\d))?\b"),
    ("month", rf"\b(?:(?P<part>early|mid|late|the end of|the start of|the beginning of)[\s-])?"
              rf"(?P<mon>{MONTH})(?:,?\s(?P<y>(?:19|20)\d\d))?\b"),
    ("relative_month", r"\b(?P<rel>last|next|this|previous|the past)\s(?P<unit>month|year|week)\b"),
    ("weekday", r"\b(?:(?P<rel>last|next|this)\s)?(?P<wd>monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b"),
    ("relative_day", r"\b(?P<rd>today|yesterday|tomorrow|tonight|last night)\b"),
    # A year after a preposition, or ending a range ("from 1974 to 1978", "between 1974 and 1978", "1974-1978").
    ("year", r"(?:\b(?:in|since|by|of|from|until|during|before|after|between|through)\s"
             r"|(?<=(?:19|20)\d\d\s)(?:(?:to|and|through)\s|[-–]\s?)|(?<=(?:19|20)\d\d)[-–])(?P<y>(?:19|20)\d\d)\b"),
    ("time", r"\b(?P<h>[01]?\d)(?::(?P<min>[0-5]\d))?\s?(?P<ampm>a\.?m\.?|p\.?m\.?)(?!\w)"),
]  # fmt: skip
_PATTERNS = [(name, re.compile(pattern, re.IGNORECASE)) for name, pattern in _EXPRESSIONS]


@dataclass(frozen=True, slots=True)
class Resolved:
    value: str | None
    granularity: str


def _month_number(token: str) -> int:
    return _MONTHS[token.lower()[:3]]


def _closest_year(month: int, day: int, anchor: date | None) -> int | None:
    """The year that puts month/day nearest the publication date: news reports the recent past and near future."""
    if anchor is None:
        return None
    best = min(
        (anchor.year - 1, anchor.year, anchor.year + 1),
        key=lambda y: (abs((date(y, month, min(day, 28)) - anchor).days), y > anchor.year),
    )
    return best


def _shift_month(anchor: date, months: int) -> date:
    index = anchor.year * 12 + anchor.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def _resolve(kind: str, groups: dict[str, str | None], anchor: date | None) -> Resolved:
    if kind == "iso":
        return Resolved(f"{groups['y']}-{groups['m']}-{groups['d']}", "day")
    if kind == "year":
        return Resolved(groups["y"], "year")
    if kind in ("month_day", "day_month"):
        month, day = _month_number(groups["mon"] or ""), int(groups["d"] or 0)
        if not 1 <= day <= 31:
            return Resolved(None, "unresolved")
        year = int(groups["y"] or 0) if groups.get("y") else _closest_year(month, day, anchor)
        # Without a year, ISO 8601's "--MM-DD" still lets two mentions be compared on month and day.
        return Resolved(f"{year:04d}-{month:02d}-{day:02d}" if year else f"--{month:02d}-{day:02d}", "day")
    if kind == "month":
        month = _month_number(groups["mon"] or "")
        year = int(groups["y"] or 0) if groups.get("y") else _closest_year(month, 15, anchor)
        return Resolved(f"{year:04d}-{month:02d}" if year else f"--{month:02d}", "month")
    if kind == "year":
        return Resolved(groups["y"], "year")
    if kind == "time":
        hour = int(groups["h"] or 0) % 12 + (12 if (groups["ampm"] or "").lower().startswith("p") else 0)
        return Resolved(f"T{hour:02d}:{groups.get('min') or '00'}", "time")
    if anchor is None:
        return Resolved(None, "weekday" if kind == "weekday" else "unresolved")
    if kind == "relative_month":
        step = {"last": -1, "previous": -1, "the past": -1, "next": 1, "this": 0}[(groups["rel"] or "").lower()]
        unit = (groups["unit"] or "").lower()
        if unit == "month":
            return Resolved(_shift_month(anchor, step).strftime("%Y-%m"), "month")
        if unit == "year":
            return Resolved(str(anchor.year + step), "year")
        return Resolved((anchor + timedelta(weeks=step)).isoformat(), "relative")
    if kind == "weekday":
        target = _WEEKDAYS.index((groups["wd"] or "").lower())
        rel = (groups.get("rel") or "").lower()
        if rel == "next":
            delta = (target - anchor.weekday()) % 7 or 7
        else:  # news reports what happened: the most recent such day, the publication day included
            delta = -((anchor.weekday() - target) % 7) - (7 if rel == "last" else 0)
        return Resolved((anchor + timedelta(days=delta)).isoformat(), "day")
    if kind == "relative_day":
        word = (groups["rd"] or "").lower()
        delta = {"today": 0, "tonight": 0, "yesterday": -1, "last night": -1, "tomorrow": 1}[word]
        return Resolved((anchor + timedelta(days=delta)).isoformat(), "day")
    return Resolved(None, "unresolved")


_WEEKDAY_WORD = r"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\W*)?"  # "WEDNESDAY, " before the date, if any
_STAMP_LABEL = re.compile(
    rf"\b(?:(?:first|last)\s+)?(?:posted|published|updated|modified)(?:\s+(?:on|at))?\s*:\s*{_WEEKDAY_WORD}\Z", re.I
)
_DATELINE_LEAD = re.compile(
    r"^\W*(?:(?:first\s+)?(?:posted|published|updated|on)\W*)?(?:\d{1,2}\s?:\s?\d{2}\s?(?:[ap]\.?\s?m\.?)?\W*)?"
    rf"{_WEEKDAY_WORD}$",
    re.I,
)


def in_dateline(text: str, start: int) -> bool:
    """Whether a date at ``start`` is the article's dateline ("Posted: Sep 27, 2013 5:50 PM …", "WEDNESDAY 03 JULY
    2013 Soldiers …") or a page stamp ("UPDATED: …"): when the page was published, not when anything it reports
    happened."""
    if start < 60 and _DATELINE_LEAD.match(text[:start]):
        return True
    # A page stamp further in, where the page was pasted into the text: "… his hands. ' PUBLISHED: WEDNESDAY,
    # MARCH 13, 2013, 12: 38 AM UPDATED: WEDNESDAY, …".
    return bool(_STAMP_LABEL.search(text, max(0, start - 40), start))


# A page's time stamp glued to the lead: "Thu, 10 Nov 2011 02: 45 PM A refugee camp …", "Dec. 7, 2009 A …",
# "posted Apr 24th, 2013 at 12: 28 PM More …", "AUGUST 2, 2013 | 08: 06AM PT Talkshow …", "09 / 10 / 10 08: 23 PM
# ET A Kraft …". Read part by part: each part is a word or sign such stamps are made of.
_STAMP_WEEKDAY = r"(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?"
_STAMP_PART = re.compile(
    r"(?:(?i:first posted|last updated|posted|updated|published)\b:?"
    rf"|(?i:on)(?=\s+(?i:{MONTH}|{_STAMP_WEEKDAY})\b)|(?i:at)(?=\s+\d{{1,2}}\s?:)"
    rf"|(?i:{_STAMP_WEEKDAY})\b\.?|(?i:{MONTH})(?![a-z])"
    r"|\d{1,2}\s?:\s?\d{2}(?:\s?(?i:[ap]\.?\s?m)\b\.?)?|(?i:[ap]\.?\s?m)\b\.?|\d{1,4}(?:st|nd|rd|th)?\b"
    r"|\((?:GMT|UTC)[^)]{0,12}\)|(?:[ECMP][SD]?T|GMT|UTC|IST|BST|CET|PT|ET)\b|[|/,:–—-])\s*"
)
_STAMP_YEAR = re.compile(r"\b(?:19|20)\d\d\b|\d{1,2}\s?/\s?\d{1,2}\s?/\s?\d{2,4}")
_STAMP_MONTH = re.compile(rf"(?i:{MONTH})")
_STAMP_CLOCK = re.compile(r"\d{1,2}\s?:\s?\d{2}")


def strip_page_stamp(text: str) -> str:
    """``text`` without a leading page stamp: a run of date and time parts that names a year (or a numeric date)
    and a month or a clock, before a capitalised word. "On March 1, 2012 Apple …" keeps its date: after "On" only
    a clock time makes it a stamp."""
    end = 0
    while (part := _STAMP_PART.match(text, end)) is not None and part.end() > end:
        end = part.end()
    stamp, rest = text[:end], text[end:]
    dated = _STAMP_YEAR.search(stamp) and (_STAMP_MONTH.search(stamp) or "/" in stamp or _STAMP_CLOCK.search(stamp))
    if not dated or (not rest[:1].isupper() and rest[:1] not in '“"') or len(rest.split()) < 3:
        return text
    if stamp[:2].lower() == "on" and not _STAMP_CLOCK.search(stamp):
        return text
    return rest


def parse_published(published: str | None) -> date | None:
    if not published:
        return None
    match = re.match(r"(\d{4})-(\d{2})-(\d{2})", published)
    if not match:
        return None
    try:
        return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None


def find_dates(text: str, article_id: str, published: str | None, offset: int = 0) -> list[DateMention]:
    """Date expressions in ``text`` (offsets shifted by ``offset``), resolved against ``published``."""
    anchor = parse_published(published)
    candidates = []
    for priority, (kind, pattern) in enumerate(_PATTERNS):
        for match in pattern.finditer(text):
            candidates.append((match.start(), -(match.end() - match.start()), priority, kind, match))
    found: list[DateMention] = []
    taken_until = -1
    # Longest expression first at each position, earlier patterns first on ties; no overlaps.
    for start, _, _, kind, match in sorted(candidates, key=lambda c: c[:3]):
        if start < taken_until:
            continue
        groups = {k: v for k, v in match.groupdict().items() if v is not None}
        if kind == "month" and not _is_month_use(text, match, groups):
            continue
        taken_until = match.end()
        resolved = _resolve(kind, _with_defaults(groups), anchor)
        found.append(
            DateMention(article_id, offset + start, offset + match.end(), resolved.value, resolved.granularity)  # type: ignore[arg-type]
        )
    return found


_INTRODUCES_MONTH = re.compile(
    r"\b(?:in|of|since|until|by|from|last|next|this|early|late|mid|during|before|after)\s*-?$", re.IGNORECASE
)
_NAME_AFTER = re.compile(r"\s[A-Z][a-z]")


def month_introduced(text: str, start: int) -> bool:
    """Whether a preposition or "last"/"early"/… right before ``start`` makes the word there a month ("In May")."""
    # Only the last few characters can match; searching from the text's start made every "may" cost a scan.
    return bool(_INTRODUCES_MONTH.search(text, max(0, start - 40), start))


def _is_month_use(text: str, match: re.Match[str], groups: dict[str, str]) -> bool:
    """ "may" and "march" are verbs far more often than months unless a year, a part or a preposition says so; a
    month name before a capitalised word is a given name ("Police chief Jan Olson", "April Ryan said") unless a
    preposition says otherwise ("In January Congress …")."""
    word = (groups.get("mon") or "").lower().rstrip(".")
    if groups.get("y") or groups.get("part"):
        return True
    introduced = month_introduced(text, match.start())
    if _NAME_AFTER.match(text, match.end()) and not match.group(0).endswith("."):
        return introduced
    return word not in ("may", "mar", "march") or introduced


def _with_defaults(groups: dict[str, str]) -> dict[str, str | None]:
    keys = ("y", "m", "d", "mon", "part", "rel", "unit", "wd", "rd", "h", "min", "ampm")
    return {key: groups.get(key) for key in keys}
