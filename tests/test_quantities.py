import pytest

from newsparallax.quantities import Figure, compatible, describe, find_figures


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("27 diplomats left", [("27", 27.0, "=", "diplomats")]),
        ("two dozen Russian diplomats", [("two dozen", 24.0, "=", "diplomats")]),
        ("more than 50 diplomats", [("50", 50.0, ">", "diplomats")]),
        ("over 50 diplomats", [("50", 50.0, ">", "diplomats")]),
        ("$200 million worth of military aid", [("$200 million", 200e6, "=", "USD")]),
        ("8,500 troops", [("8,500", 8500.0, "=", "troops")]),
        ("some 43 employees", [("43", 43.0, "~", "employees")]),
        ("at least 12 people", [("12", 12.0, ">=", "people")]),
        ("a 20% rise", [("20%", 20.0, "=", "%")]),
        ("1.5bn euros", [("1.5bn", 1.5e9, "=", "EUR")]),
        ("three hundred residents", [("three hundred", 300.0, "=", "residents")]),
        ("by Jan. 30, 2022 at 5 p.m.", []),  # a date, a year and a time are not counts
        ("one of the workers", []),
        # A conversion in brackets is the same bound; an aside in brackets is its own figure.
        ("less than 50 km (30 miles) away", [("50", 50.0, "<", "km"), ("30", 30.0, "<", "miles")]),
        ("more than 300 homes (120 of them empty)", [("300", 300.0, ">", "homes"), ("120", 120.0, "=", "them")]),
        # A measure written on to its figure is one; "4G" and "10News" are names.
        ("about 58km (36 miles) south", [("58", 58.0, "~", "km"), ("36", 36.0, "~", "miles")]),
        ("a 4G mast near 10News", []),
        # A part of a whole: the whole is at least that.
        ("completed his first 17 passes", [("17", 17.0, ">=", "passes")]),
        # An age in apposition counts years, not the people of the sentence.
        ("Ada Pruitt, 71, who has lived there", [("71", 71.0, "=", "years old")]),
        # A grouped number before a comma is whole ("1,000,", not "1"); a plural after modifiers is the noun.
        ("a town of approximately 1,000, most of them", [("1,000", 1000.0, "~", None)]),
        ("two undersea cables and 14 fishing boats", [("two", 2.0, "=", "cables"), ("14", 14.0, "=", "boats")]),
        ("3 people were hurt", [("3", 3.0, "=", "people")]),
        # A possessive is no plural noun ("his" ends in s); a demonstrative opens another phrase.
        ("Five of his points came in a run", [("Five", 5.0, "=", "points")]),
        ("he scored 20 this season", [("20", 20.0, "=", None)]),
        # Word-tokenised copy: "170, 000" is one figure, "6. 2" a decimal; the day of a date is no thousand.
        (
            "killed 170, 000 people (about 6. 2 a day)",
            [("170, 000", 170000.0, "=", "people"), ("6. 2", 6.2, "~", "day")],
        ),
        ("On May 5, 200 people marched", [("200", 200.0, "=", "people")]),
    ],
)
def test_quantities_find_figures(text: str, expected: list[tuple[str, float, str, str]]) -> None:
    found = [(text[f.start : f.end], f.value, f.comparator, f.unit) for f in find_figures(text)]
    assert found == expected


@pytest.mark.parametrize(
    ("a", "b", "agree"),
    [
        ("more than 50 diplomats", "55 diplomats", True),
        ("over 50 diplomats", "more than 50 diplomats", True),
        ("two dozen diplomats", "24 diplomats", True),
        ("two dozen diplomats", "27 diplomats", False),
        ("about 40 workers", "43 workers", True),
        ("at least 12 injured", "15 injured", True),
        ("15 injured", "12 injured", False),
        ("fewer than 10 boats", "12 boats", False),
        ("6.2 miles", "6 miles", True),  # the same distance at less precision
        ("6.6 miles", "6 miles", False),
        ("6.25 miles", "6.2 miles", True),
        ("6 miles", "7 miles", False),
        # An approximate figure against a bound: it agrees when a value near it meets the bound.
        ("about 2,400 workers", "more than 2,000 workers", True),
        ("roughly 100 boats", "fewer than 105 boats", True),
        ("about 30 workers", "more than 50 workers", False),
        ("about 300 homes", "fewer than 200 homes", False),
    ],
)
def test_quantities_compatible_respects_comparators(a: str, b: str, agree: bool) -> None:
    (fa,), (fb,) = find_figures(a), find_figures(b)
    assert compatible(fa, fb) is agree
    assert compatible(fb, fa) is agree


def test_quantities_describe_reads_like_a_reader() -> None:
    assert describe(Figure(0, 2, 50.0, ">", "diplomats")) == ">50 diplomats"
    assert describe(Figure(0, 2, 1500.0, "=", None)) == "1,500"


@pytest.mark.parametrize(
    "text",
    ["The hearing on 08/09 was short.", "The home side won 2-1.", "Badge 09 was on duty.", "It ran from 3/4 to 5/6."],
)
def test_quantities_skip_dates_scores_and_codes(text: str) -> None:
    assert find_figures(text) == []
