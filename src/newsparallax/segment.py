"""Paragraphs, sentences and boilerplate: the first per-article annotator.

Sentences come from pysbd (the most accurate offline splitter on newswire we measured), run paragraph by
paragraph, then mended where it is known to fail: it splits after title abbreviations ("Amb. Antonov") and
initials that pysbd's English list lacks. Every sentence is an offset pair into ``Article.text``.
"""

from __future__ import annotations

import dataclasses
import re
from functools import lru_cache
from typing import Any

from newsparallax.boilerplate import is_boilerplate
from newsparallax.model import Article, Paragraph, Sentence

# Titles and abbreviations that end a token with a period but never a sentence in news copy.
_ABBREVIATIONS = frozenset(
    """adm amb ald apt assn atty brig capt cllr cmdr col comdr cpl dept det dr gen gov hon insp jr lt maj messrs
    mr mrs ms mt no nos prof pres pvt rep reps rev sen sens sgt sr st supt univ vs const cst pte spc cdr lieut
    fr msgr""".split()
)
_TAIL = 80  # characters of a piece its end-anchored tests read (see _tail)
_TRAILING_ABBREVIATION = re.compile(r"(?:^|[\s(“\"'])([A-Za-z]{1,6})\.\s*$")
_LINE = re.compile(r"[^\n]+")
# Cuts pysbd makes inside one sentence, mended by :func:`_continues` (each pattern with the case it mends).
# A quotation closed after a comma goes on to its attribution ('"…, " Wright added.'): pysbd cuts there when the
# closing mark is spaced, as in word-tokenised text.
_OPEN_ATTRIBUTION = re.compile(r",\s*[\"”]$")
# "killed a U.S. Customs agent": after "a"/"an" a dotted acronym is a modifier, never a sentence's last word
# ("he left the U.S. He …" may end there, so "the" is left to pysbd) ...
_ARTICLE_ACRONYM = re.compile(r"\b(?:a|an|An|A)\s+(?:[A-Z]\.){2,}$")
# ... unless all that follows is the rest of a name and its speech verb ("the U.S. Geological Survey said.").
_TRAILING_ACRONYM = re.compile(r"\b(?:[A-Z]\.){2,}$")
_NAME_THEN_SPEECH = re.compile(
    r"[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,4}\s+(?:said|says|reported|reports|stated|added|announced)"
    r"(?:\s+on\s+\w+|\s+\w+day)?[.!?]\s*$"
)
# ... or when what follows is an office or a body the acronym qualifies ('…," U.S. Attorney Carla Whitfield told
# reporters'). After "U.S." news copy writes these far more often as one name than as a new sentence; "… moved
# to the U.S. President Lee met him" is the rare case this reads wrong.
_ACRONYM_QUALIFIES = re.compile(
    r"(?:Attorney|District|Sen\.|Senator|Rep\.|Representative|Ambassador|Embassy|Consulate|Envoy|Army|Navy"
    r"|Air Force|Marines?|Coast Guard|Marshals?|Customs|Border Patrol|Supreme Court|Secretary|President"
    r"|Vice President|Special Forces|Forces|Trade Representative|Census Bureau|Mint)\b"
)
_QUALIFYING_ACRONYMS = frozenset({"U.S.", "U.K.", "U.N.", "E.U."})
# Two or three initials closing a piece ("A.J.", "J. R.", "W.E.B."), and the dotted acronyms of places and
# bodies, which may end a sentence.
_INITIALS_END = re.compile(r"(?:^|\s)((?:[A-Z]\.\s?){2,3})$")
_SENTENCE_END_ACRONYMS = frozenset(
    {"U.S.", "U.K.", "D.C.", "U.N.", "E.U.", "L.A.", "N.Y.", "N.J.", "S.C.", "N.C.", "U.A.E.", "U.S.A."}
)
_OPENERS = frozenset("he she it they we i you the a an this that these those his her its their but and then".split())
# A time detokenised as "7: 15 a. m.": pysbd splits before "a.", after it, or after "m." ("at 9 p. m." | "on
# Monday."). Upper case only right after a figure: "A. M. Turner said" opens a sentence with initials.
_CLOCK_START = re.compile(r"[ap]\.\s?m\.")
_UPPER_CLOCK_START = re.compile(r"[AP]\.\s?M\.")
_CLOCK_HALF_END = re.compile(r"(?:^|[\s\d])[ap]\.$|\d\s?[AP]\.$")
_CLOCK_END = re.compile(r"(?:^|[\s\d])[ap]\.\s?m\.$|\d\s?[AP]\.\s?M\.$")
_ENDS_WITH_FIGURE = re.compile(r"\d$")
# A decimal detokenised as "6. 1": cut after "6." ("a 6. 1 - magnitude quake"; a year may end a sentence, "in
# 2004. 12 …"), or before "2. 7" when pysbd takes it for a list number ("quad-core 2. 3GHz") after a piece that
# did not end a sentence; ".38-caliber" as "a loaded. 38 - caliber revolver".
_SPACED_DECIMAL_HALF = re.compile(r"(?<![\d.,])\d{1,3}\.$")
_DECIMAL_START = re.compile(r"\d{1,3}\.\s?\d")
_TERMINAL = re.compile(r"[.!?…\"”’')\]]$")
_CALIBER = re.compile(r"\d{2,3}\s?-?\s?(?:caliber|calibre)\b", re.I)
# A sentence end inside a quotation: pysbd keeps a whole multi-sentence quote as one sentence, which would make
# one "sentence" state several facts ("27 leave by Jan. 30, and 28 by June 30. The expulsion was not mentioned.").
_INNER_END = re.compile(r"(?<=[.!?…])\s+(?=[“\"‘']?[A-Z])")
_CLOSED_END = re.compile(r"(?<=[.!?…]\s[\"”])\s+(?=[A-Z])")


@lru_cache(maxsize=1)
def _segmenter() -> Any:
    import pysbd

    return pysbd.Segmenter(language="en", clean=False)


def _sentences(text: str) -> list[str]:
    """pysbd's sentences of ``text`` as strings; :func:`split_sentences` finds them in the text itself.

    ``Segmenter.segment`` would also locate every sentence by a regular expression compiled for that sentence
    and run from the start of the text: quadratic in the text's length, and a compile per sentence that churns
    ``re``'s pattern cache for every other module (a tenth of a 50-article comparison). ``str.find`` from the
    end of the previous sentence gives the same offsets; pysbd is pinned, so its processor is a stable door.
    """
    if not text:
        return []
    return list(_segmenter().processor(text).process())


def _ends_with_abbreviation(sentence: str) -> bool:
    match = _TRAILING_ABBREVIATION.search(sentence)
    if not match:
        return False
    word = match.group(1)
    return word.lower() in _ABBREVIATIONS or (len(word) == 1 and word.isupper())


def _continues(previous: str, piece: str, gap: str) -> bool:
    """Whether pysbd's ``piece`` goes on the sentence of ``previous`` (``gap``: the text between them)."""
    return bool(
        _ends_with_abbreviation(previous)
        or _spaced_clock(previous, piece)
        or _spaced_number(previous, piece, gap)
        or _OPEN_ATTRIBUTION.search(previous)
        or _ARTICLE_ACRONYM.search(previous)
        or _acronym_goes_on(previous, piece)
        or _initials_then_surname(previous, piece)
    )


def _acronym_goes_on(previous: str, piece: str) -> bool:
    """A dotted acronym closing ``previous`` that the piece's name or office continues (see the patterns)."""
    acronym = _TRAILING_ACRONYM.search(previous)
    if acronym is None:
        return False
    qualified = acronym.group(0) in _QUALIFYING_ACRONYMS and _ACRONYM_QUALIFIES.match(piece)
    return bool(_NAME_THEN_SPEECH.match(piece) or qualified)


def _initials_then_surname(previous: str, piece: str) -> bool:
    """ "guards A.J. | Slaughter and Orlando Mendez-Valdez": a person's initials, inside running text, before the
    surname, or opening the sentence ("A.J. | Slaughter scored"). A place's or body's acronym may end a sentence
    ("in Washington, D.C. | The mayor"), and so may initials before a word that opens sentences ("… J.R. | He").
    """
    initials = _INITIALS_END.search(previous)
    if initials is None or initials.group(1) in _SENTENCE_END_ACRONYMS:
        return False
    first = piece.split(maxsplit=1)[0] if piece.strip() else ""
    before = previous[: initials.start()].rstrip()
    # Inside running text, or the initials are all the piece holds: no sentence is just "A.J.".
    return first[:1].isupper() and first.lower() not in _OPENERS and (not before or before[-1].islower())


def _spaced_clock(previous: str, piece: str) -> bool:
    return bool(
        _CLOCK_START.match(piece)
        or (_UPPER_CLOCK_START.match(piece) and _ENDS_WITH_FIGURE.search(previous))
        or (piece.startswith(("m.", "M.")) and _CLOCK_HALF_END.search(previous))
        or (piece[:1].islower() and _CLOCK_END.search(previous))
    )


def _spaced_number(previous: str, piece: str, gap: str) -> bool:
    return bool(
        (piece[:1].isdigit() and _SPACED_DECIMAL_HALF.search(previous))
        or (_DECIMAL_START.match(piece) and not _TERMINAL.search(previous) and "\n" not in gap)
        or _CALIBER.match(piece)
    )


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Sentence offsets in ``text[start:end]``, whitespace trimmed, abbreviation splits mended."""
    end = len(text) if end is None else end
    chunk = text[start:end]
    pieces: list[tuple[int, int]] = []
    cursor = 0
    for raw in _sentences(chunk):
        piece = raw.strip()
        if not piece:
            continue
        found = chunk.find(piece, cursor)
        if found < 0:  # pysbd never rewrites text with clean=False; guard anyway by skipping
            continue
        pieces.append((found, found + len(piece)))
        cursor = found + len(piece)
    pieces = [inner for piece in pieces for inner in _split_inside_quotes(chunk, *piece)]
    merged: list[tuple[int, int]] = []
    for begin, finish in pieces:
        if merged and _continues(_tail(chunk, *merged[-1]), chunk[begin:finish], chunk[merged[-1][1] : begin]):
            merged[-1] = (merged[-1][0], finish)
        else:
            merged.append((begin, finish))
    return [(start + b, start + f) for b, f in merged]


def _tail(text: str, begin: int, end: int) -> str:
    """The end of ``text[begin:end]`` that the end-anchored tests of a piece can read, cut after a space.

    Every pattern :func:`_continues` applies to the previous piece is anchored at its end and reads at most a few
    dozen characters; a cut after whitespace keeps what "^", "\b" and a lookbehind see there. Passing the whole
    piece made a run of many merged pieces ("A. B. C. …") quadratic.
    """
    if end - begin <= _TAIL:
        return text[begin:end]
    cut = max(text.rfind(" ", begin, end - _TAIL), text.rfind("\n", begin, end - _TAIL))
    return text[cut + 1 : end] if cut >= 0 else text[begin:end]


def _split_inside_quotes(chunk: str, begin: int, finish: int) -> list[tuple[int, int]]:
    """Cut a piece at sentence ends pysbd skipped because they sit inside quotation marks."""
    cuts = [
        m
        for m in _INNER_END.finditer(chunk, begin, finish)
        if not _ends_with_abbreviation(_tail(chunk, begin, m.start())) and m.end() < finish
    ]
    # 'suspicious. " Anyone with information …': a spaced mark that closes a quotation (curly, or a straight one
    # after an odd number of them) ends the sentence it closes; word-tokenised copy spaces opening marks too.
    cuts += [
        m
        for m in _CLOSED_END.finditer(chunk, begin, finish)
        if m.end() < finish and (chunk[m.start() - 1] == "”" or chunk.count('"', begin, m.start() - 1) % 2 == 1)
    ]
    cuts.sort(key=lambda m: m.start())
    spans, cursor = [], begin
    for cut in cuts:
        spans.append((cursor, cut.start()))
        cursor = cut.end()
    spans.append((cursor, finish))
    return spans


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Each non-empty line is a paragraph: readers keep one paragraph per line, wrapped lines joined."""
    spans = []
    for match in _LINE.finditer(text):
        line = match.group(0)
        stripped = line.strip()
        if stripped:
            offset = match.start() + (len(line) - len(line.lstrip()))
            spans.append((offset, offset + len(stripped)))
    return spans


#: Sentences from which a paragraph flagged as boilerplate is judged sentence by sentence instead.
_LONG_PARAGRAPH = 4


def segment(article: Article) -> Article:
    """The article with ``paragraphs`` and ``sentences`` filled in; boilerplate paragraphs are flagged."""
    paras: list[Paragraph] = []
    sentences: list[Sentence] = []
    for p_index, (p_start, p_end) in enumerate(paragraphs(article.text)):
        paras.append(Paragraph(p_index, p_start, p_end))
        boiler = is_boilerplate(article.text[p_start:p_end])
        spans = split_sentences(article.text, p_start, p_end)
        # A paragraph of several sentences that opens with chrome ("Updated: January 4 …" before a whole story
        # pasted as one block) is reporting with a stamp in front: only the sentences that are chrome go.
        by_sentence = boiler and len(spans) >= _LONG_PARAGRAPH
        for s_start, s_end in spans:
            flag = is_boilerplate(article.text[s_start:s_end]) if by_sentence else boiler
            sentences.append(Sentence(len(sentences), s_start, s_end, p_index, flag))
    return dataclasses.replace(article, paragraphs=tuple(paras), sentences=tuple(sentences))
