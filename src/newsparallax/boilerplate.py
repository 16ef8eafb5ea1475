"""Boilerplate lines: photo credits, "read more" links, newsletter pleas, update notes, bylines.

They stay in the article (offsets must hold) but are flagged so no fact, quote or summary rests on them.
Patterns are anchored to the start of a paragraph: the same words inside a sentence are news, not chrome.
"""

from __future__ import annotations

import re

_PATTERNS = [
    r"(?:image|photo|picture|video|graphic|illustration)s?\s*(?:credits?|courtesy)?\s*(?:[:|/©]|by\b)",
    r"(?:top|main|featured|lead)\s+(?:image|photo|picture)\b",
    r"(?:read|see|watch|listen)\s+(?:more|also|next|the full (?:story|article|report|interview|video))\b",
    r"(?:also read|related|recommended|more from|more on this|most read|trending)\s*(?::|$|\b(?:stories|articles)\b)",
    r"(?:sign up|subscribe|get)\b.{0,60}\b(?:newsletter|updates|alerts|inbox)",
    r"(?:follow|like)\s+(?:us|him|her|them)\s+on\b",
    r"(?:share|click|tap)\s+(?:this|here|to)\b",
    r"advertisement\s*$",
    r"(?:this|the)\s+(?:story|article|report|post)\s+(?:has been|was|is being)\s+(?:updated|corrected|amended)",
    r"(?:updated|corrected|editor'?s note)\s*[:|]",
    r"(?:reporting|editing|writing|additional reporting)\s+by\b",
    r"(?:copyright|\(c\)|©)",
    r".{0,80}\ball rights reserved\b",
    r"(?:listen to this article|print this page|comments?\s*\(\d+\))",
]
_BOILERPLATE = re.compile(r"^\s*(?:" + "|".join(_PATTERNS) + ")", re.IGNORECASE)
# A short line that is only a credit, e.g. "Jane Roe / Getty Images" or "(AP Photo/Jane Roe)".
_CREDIT = re.compile(
    r"^\W*(?:[\w.’'-]+\s+){0,6}[\w.’'-]*\s*/\s*(?:getty|ap|afp|reuters|epa|shutterstock|contributor)\b.{0,60}$",
    re.IGNORECASE,
)


def is_boilerplate(paragraph: str) -> bool:
    """Whether a whole paragraph is page chrome rather than reporting."""
    text = paragraph.strip()
    if not text:
        return True
    return bool(_BOILERPLATE.match(text) or (len(text) < 120 and _CREDIT.match(text)))
