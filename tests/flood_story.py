"""A small fictional story for the framing and summary tests, its facts aligned by hand (no embedder).

Two outlets cover a river flood in the invented town of Marrow Bend: a wire-style one and a loaded one.
The facts are built from the sentences directly, so each framing kind is tested on exactly what it reads.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from newsparallax.analyze import analyze
from newsparallax.body_parse import parse_body as parse
from newsparallax.model import Article, Conflict, Fact, Mention
from newsparallax.quotes import find_quotes

WIRE = [
    "MARROW BEND (Metro Wire) — City officials ordered 200 residents of Elm Street to leave their homes on "
    "Monday as the Tansy River rose.",
    "It was unclear whether all 200 residents had left by nightfall.",
    "The flood barrier on Elm Street was built in 1998 and was last repaired in 2015.",
    "“We are doing everything we can to keep people safe,” Mayor Lena Ortiz told reporters.",
    "About 40 volunteers filled sandbags along the river, the city said.",
    "“It was a reckless gamble to wait this long,” said resident Tom Hale.",
]
GAZETTE = [
    "Incompetent city officials forced 200 residents of Elm Street from their homes on Monday as the Tansy River rose.",
    "All 200 residents left the street before nightfall, police said.",
    "“We are doing everything we can to keep people safe,” Mayor Lena Ortiz insisted.",
    "Some 45 volunteers filled sandbags along the river.",
    "The city claimed that the barrier was safe.",
]


def build(article_id: str, source: str, title: str, paragraphs: Sequence[str]) -> Article:
    article = analyze(Article(id=article_id, source=source, title=title, text="\n".join(paragraphs)))
    return dataclasses.replace(article, quotes=find_quotes(article, parse(article)))


def mention(article: Article, text: str) -> Mention:
    start = article.text.index(text)
    sentence = next(s for s in article.sentences if s.start <= start < s.end)
    return Mention(article.id, sentence.index, sentence.start, sentence.end)


def story() -> tuple[list[Article], list[Fact]]:
    wire = build("wire", "Metro Wire", "City orders Elm Street residents to leave as river rises", WIRE)
    gazette = build("gazette", "Daily Gazette", "Reckless City Hall drives families from homes", GAZETTE)
    volunteers = (mention(wire, "About 40"), mention(gazette, "Some 45"))
    counted = Conflict("number", (("wire", "About 40"), ("gazette", "45")), tuple(m.span for m in volunteers), "40/45")
    facts = [
        Fact("f1", (mention(wire, "City officials ordered"), mention(gazette, "Incompetent city"))),
        Fact("f2", (mention(wire, "“We are doing"), mention(gazette, "“We are doing"))),
        Fact("f3", volunteers, (counted,)),
        Fact("f4", (mention(wire, "It was unclear"),)),
        Fact("f5", (mention(wire, "The flood barrier"),)),
        Fact("f6", (mention(wire, "“It was a reckless"),)),
        Fact("f7", (mention(gazette, "All 200 residents"),)),
        Fact("f8", (mention(gazette, "The city claimed"),)),
    ]
    return [wire, gazette], facts
