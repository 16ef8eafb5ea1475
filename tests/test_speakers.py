"""Speaker names: titles stripped, mentions resolved inside an article, variants merged across articles."""

from __future__ import annotations

import pytest

from newsparallax.speakers import SpeakerResolver, canonical_speakers, split_name


@pytest.mark.parametrize(
    ("text", "titles", "name"),
    [
        ("Ambassador Viktor Halloran", ("ambassador",), "Viktor Halloran"),
        ("Amb. Halloran", ("ambassador",), "Halloran"),
        ("Fire Chief Dana Reyes", ("fire", "chief"), "Dana Reyes"),
        ("Secretary of State Lena Marsh", ("secretary", "state"), "Lena Marsh"),
        ("Sen. Tomas Ortiz", ("senator",), "Tomas Ortiz"),
        ("the ambassador", ("ambassador",), ""),
        ("a senior Interior Department official", ("senior", "interior", "department", "official"), ""),
        ("the Interior Department", (), "Interior Department"),
        ("Dana Reyes", (), "Dana Reyes"),
        ("longtime agent Mara Voss", ("longtime", "agent"), "Mara Voss"),
        # A title past "of" belongs to a complement: this speaker is a friend, not the mayor.
        ("a friend of the mayor", (), "friend of the mayor"),
        # A page's time stamp glued on; a plural title before names; a surname that is a plural title.
        ("BST Mara Voss", (), "Mara Voss"),
        ("PM ET Mara Voss", (), "Mara Voss"),
        ("Const. Mara Voss", ("constable",), "Mara Voss"),
        ("protester Mara Voss", ("protester",), "Mara Voss"),
        ("Producers Mara Voss", ("producers",), "Mara Voss"),
        ("Lee Majors", (), "Lee Majors"),
    ],
)
def test_speakers_split_name_strips_titles(text: str, titles: tuple[str, ...], name: str) -> None:
    assert split_name(text) == (titles, name)


def _names(resolver: SpeakerResolver, mentions: list[tuple[str, tuple[str, ...], str | None]]) -> list[str | None]:
    out = []
    for offset, (text, titles, label) in enumerate(mentions):
        handle = resolver.resolve(text, offset * 10, titles, label)
        out.append(None if handle is None else resolver.name(handle))
    return out


def test_speakers_resolver_follows_short_names_titles_and_pronouns() -> None:
    resolver = SpeakerResolver()
    names = _names(
        resolver,
        [
            ("Northern Ambassador Viktor Halloran", (), "PERSON"),
            ("Halloran", (), "ORG"),  # the tagger's label does not hide a surname already met
            ("Amb. Halloran", (), None),
            ("the ambassador", (), None),
            ("Dana Reyes", ("the fire chief",), None),
            ("he", (), None),
            ("she", (), None),
            ("the chief", (), None),
            ("the ambassador", (), None),
        ],
    )
    assert names == ["Viktor Halloran"] * 4 + [
        "Dana Reyes",
        "Dana Reyes",
        "Dana Reyes",
        "Dana Reyes",
        "Viktor Halloran",
    ]


def test_speakers_resolver_knows_people_named_before_they_speak() -> None:
    resolver = SpeakerResolver([(0, "Fire Chief Dana Reyes", (), None)])
    handle = resolver.resolve("the chief", 50)
    assert handle is not None and resolver.name(handle) == "Dana Reyes"


def test_speakers_a_pronoun_skips_people_the_text_gives_the_other_gender() -> None:
    resolver = SpeakerResolver([(0, "Rosa King", (), "f"), (5, "Ivo Brandt", (), None)])
    names = _names(
        resolver,
        [
            ("Rosa King", (), "PERSON"),  # a surname that is also a title word is still a name
            ("Mr. Ivo Brandt", (), "PERSON"),  # "Mr." says "he"
            ("she", (), None),  # Brandt spoke last, but is a man
            ("he", (), None),
            ("King", (), None),  # her surname alone
            ("Sgt. Lena Voss", (), "PERSON"),
            ("Sgt", (), "PERSON"),  # a bare title is a role, whatever the tagger thought
        ],
    )
    assert names == ["Rosa King", "Ivo Brandt", "Rosa King", "Ivo Brandt", "Rosa King", "Lena Voss", "Lena Voss"]
    # Without evidence either way, "she" still means the last speaker.
    assert (
        _names(SpeakerResolver(), [("Rosa Lind", (), "PERSON"), ("Ivo Brandt", (), "PERSON"), ("she", (), None)])[-1]
        == "Ivo Brandt"
    )


def test_speakers_resolver_keeps_bodies_and_roles() -> None:
    resolver = SpeakerResolver()
    names = _names(
        resolver,
        [
            ("the Interior Dept.", (), "ORG"),
            ("a senior Interior Department official", (), None),
            ("the official", (), None),
            ("police", (), None),
            ("it", (), None),
            ("the Interior Department", (), "ORG"),
        ],
    )
    assert names == [
        "Interior Department",
        "senior Interior Department official",
        "senior Interior Department official",
        "police",
        "police",
        "Interior Department",
    ]


def test_speakers_resolver_has_no_speaker_for_a_pronoun_without_antecedent() -> None:
    assert SpeakerResolver().resolve("she", 0) is None


def test_speakers_canonical_merges_titles_initials_and_misspelt_first_names() -> None:
    names = ["Northern Ambassador Viktr Haloran", "Amb. Haloran", "Viktor Haloran", "V. Haloran", "the ambassador"]
    assert set(canonical_speakers(names).values()) == {"Viktor Haloran"}  # the longest full name


def test_speakers_canonical_keeps_different_people_apart() -> None:
    mapping = canonical_speakers(["Hollis Brandt", "Howard Brandt", "Brandt", "Dana Reyes"])
    assert mapping["Hollis Brandt"] != mapping["Howard Brandt"]
    assert mapping["Brandt"] == "Brandt"  # two Brandts: the surname alone cannot be placed
    assert mapping["Dana Reyes"] == "Dana Reyes"


def test_speakers_near_spellings_merge_unless_one_article_tells_them_apart() -> None:
    # Across articles "Jonas" and "Jonah" may be one man spelled two ways; an article that quotes both as two
    # people (a brother and a sister, a father and a son) settles it for the whole story.
    assert canonical_speakers(["Jonas Brandt", "Jonah Brandt"])["Jonah Brandt"] == "Jonas Brandt"
    apart = canonical_speakers(["Jonas Brandt", "Jonah Brandt"], [("Jonah Brandt", "Jonas Brandt")])
    assert apart["Jonas Brandt"] == "Jonas Brandt" and apart["Jonah Brandt"] == "Jonah Brandt"
    # Inside one article a first name is spelled one way: two spellings are two people.
    resolver = SpeakerResolver()
    assert _names(resolver, [("Jonas Brandt", (), "PERSON"), ("Jonah Brandt", (), "PERSON")]) == [
        "Jonas Brandt",
        "Jonah Brandt",
    ]


def test_speakers_surname_particles_and_possessives() -> None:
    # Outlets write a particle apart or joined; a capitalised first word stays a given name ("Al Gore").
    mapping = canonical_speakers(["Vincent Del Giudice", "Vincent DelGiudice", "Bill de Blasio", "de Blasio"])
    assert set(mapping.values()) == {"Vincent Del Giudice", "Bill de Blasio"}
    assert canonical_speakers(["Al Gore", "Tipper Gore"]) == {"Al Gore": "Al Gore", "Tipper Gore": "Tipper Gore"}
    resolver = SpeakerResolver()
    assert _names(resolver, [("Jamaal Charles'", (), "PERSON"), ("Charles", (), "PERSON")]) == ["Jamaal Charles"] * 2


def test_speakers_canonical_merges_bodies() -> None:
    mapping = canonical_speakers(["the Interior Dept.", "Interior Department", "senior official", "official", "police"])
    assert mapping["the Interior Dept."] == mapping["Interior Department"] == "Interior Department"
    assert mapping["official"] == "senior official"
    assert mapping["police"] == "police"
