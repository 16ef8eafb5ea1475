"""Split a sentence into clauses where one sentence plainly carries two statements.

Only unambiguous joints are cut: a semicolon, a contrastive conjunction after a comma ("…, but Russia has
said …"), a colon that opens a quotation ("X said: “…”"), and ", and" before a new figure ("…by Jan. 30, and 28
people by June 30"). Each clause must keep
``min_words`` words, so lists and short asides stay whole. The connective itself belongs to neither clause.
"""

from __future__ import annotations

import re

from newsparallax.quantities import NUMBER_WORD

# A figure after ", and": digits, a number written as a word, or a count in dozens, hundreds or thousands. Not
# "one" or "zero", which open more phrases than counts ("and one day", "and zero tolerance").
_FIGURE = rf"\d|(?!one\b|zero\b){NUMBER_WORD}\b|(?:dozens|hundreds|thousands)\b|a\s+dozen\b"
_JOINTS = re.compile(
    r";\s+(?:(?:but|however|and|while)\b,?\s*)?"
    r"|,\s+(?:but|however,|while|whereas|although|though|yet)\s+"
    r"|:\s+(?=[“\"‘'])"
    r"|\s+[–—]\s+(?=(?:to which|which|while|but)\b)"
    # ", and 28 people …", ", and two of them were treated …": a coordinated clause with its own figure is a second
    # statement, even inside a quote.
    rf"|(?P<figure>,\s+and\s+(?={_FIGURE}))",
    re.IGNORECASE,
)
_WORD = re.compile(r"[\w’'-]+")
# After ", and 60 …": the coordinated figure ends at a comma and the sentence's verb follows, shared by both.
_SHARED_PREDICATE = re.compile(
    r"[^,;.:]*,\s+(?:were|was|are|is|have|has|had|will|would|could|may|might|remain|remained)\b", re.IGNORECASE
)


def split_clauses(text: str, start: int, end: int, min_words: int) -> list[tuple[int, int]]:
    """Clause offsets within ``text[start:end]``; the whole span when no joint leaves clauses long enough."""
    pieces: list[tuple[int, int]] = []
    cursor = start
    for joint in _JOINTS.finditer(text, start, end):
        if _quote_depth(text, start, joint.start()) % 2 and not joint.group("figure"):
            continue  # a joint inside a quotation is the speaker's syntax, not ours to cut
        if joint.group("figure") and _SHARED_PREDICATE.match(text, joint.end(), end):
            continue  # "70 per cent in Egypt, and 60 per cent in India, were disrupted": one subject, coordinated
        pieces.append((cursor, joint.start()))
        cursor = joint.end()
    pieces.append((cursor, end))
    pieces = [(b, e) for b, e in (_trim(text, b, e) for b, e in pieces) if e > b]
    if len(pieces) < 2 or any(len(_WORD.findall(text, b, e)) < min_words for b, e in pieces):
        return [(start, end)]
    return pieces


def _quote_depth(text: str, start: int, end: int) -> int:
    segment = text[start:end]
    return segment.count("“") + segment.count("”") + segment.count('"')


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in " ,;:–—":
        start += 1
    while end > start and text[end - 1] in " ,;:–—":
        end -= 1
    return start, end
