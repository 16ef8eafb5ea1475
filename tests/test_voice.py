"""Voice: the side each speaker speaks for, read from how the article describes them."""

from __future__ import annotations

from dataclasses import replace
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
        "“Prices will rise next year,” the chip maker said in a statement. "
        "“Our members are done waiting,” said union president Marta Oyelaran. "
        "“No one is above the law,” U.S. Attorney Carla Whitfield told reporters. "
        "Defense attorney Ben Okafor said his client was “disappointed.”"
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
        "Marta Oyelaran": "unions and advocates",  # "president" of a union, not of a country
        "Carla Whitfield": "US officials",  # a U.S. Attorney prosecutes for the government
        "Ben Okafor": "other voices",  # a defense attorney speaks for a client; "Defense" is no organisation
    }
