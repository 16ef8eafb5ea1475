"""Voice: the side each speaker speaks for, read from how the article describes them."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from newsparallax import resources
from newsparallax.analyze import analyze
from newsparallax.framing_text import parse_articles
from newsparallax.model import Article
from newsparallax.quotes import find_quotes
from newsparallax.voice import Sides, voices


@pytest.fixture(scope="module")
def nlp() -> Any:
    return resources.nlp()


@pytest.mark.parametrize(
    ("written", "country"),
    [
        ("Russia", "Russia"),
        ("Russian", "Russia"),
        ("Russia's", "Russia"),
        ("Ukrainian", "Ukraine"),
        ("Iraqi", "Iraq"),
        ("South Korean", "South Korea"),
        ("Nigerian", "Nigeria"),  # not Niger
        ("French", "France"),
        ("U.S.", "US"),
        ("the United States", "US"),
        # Places that are no country, and names that only start like one.
        ("Lampahan", None),
        ("British Columbia", None),
        ("Chadwick", None),
        ("Malik", None),
    ],
)
def test_voice_country_of_a_place_or_nationality(written: str, country: str | None) -> None:
    assert Sides().country(written) == country


def test_voice_sides_of_villagers_doctors_officials_and_bodies(nlp: Any) -> None:
    text = (
        "“The river rose in minutes,” a Bukit Tarra village resident told reporters. "
        "“We have treated 40 people for cuts,” said Ema Lindqvist, a doctor at a health clinic in Lampahan city. "
        "Russian Ambassador Viktor Halloran said the aid would arrive on Friday. "
        "“The pumps are on their way,” said Tomas Brandt, a spokesman for the Calder Water Board. "
        "“Prices will rise next year,” the chip maker said in a statement."
    )
    article = analyze(Article(id="a", source="Wire", title="Flood", text=text))
    article = replace(article, quotes=find_quotes(article, nlp(article.text)))
    (parsed,) = parse_articles([article], nlp)
    sides = {v.speaker: v.side for v in voices(parsed, Sides())}
    assert sides == {
        "Bukit Tarra village resident": "other voices",  # a village is no organisation, nor a country
        "Ema Lindqvist": "other voices",  # "city" names where the clinic is, not whom she serves
        "Viktor Halloran": "Russia officials",
        "Tomas Brandt": "Calder Water Board",
        "chip maker": "business",
    }


def test_entities_in_a_span_are_spacys_own(examples_dir: Path) -> None:
    from newsparallax import read
    from newsparallax.body_parse import parse_body
    from newsparallax.voice import entities_in

    doc = parse_body(read(str(examples_dir / "harbor-fire" / "01_coastal-wire.txt")), resources.nlp())
    assert doc.ents
    for start in range(0, len(doc), 3):
        for end in (start + 1, start + 4, start + 12, len(doc)):
            span = doc[start : min(end, len(doc))]
            reading = [(e.start, e.end, e.label_, e.text) for e in entities_in(span)]
            assert reading == [(e.start, e.end, e.label_, e.text) for e in span.ents]
