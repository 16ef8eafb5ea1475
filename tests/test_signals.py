import pytest

from newsparallax.signals import dates, relative_year, signals, stem


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("two dozen diplomats", [24.0]),
        ("27 people", [27.0]),
        ("$200 million worth of aid", [200_000_000.0]),
        ("8,500 troops", [8500.0]),
        ("three hundred residents", [300.0]),
        ("1.5 billion dollars", [1_500_000_000.0]),
        ("by Jan. 30 in 2022", []),  # day of month and year are dates, not counts
        ("several hundred people", []),  # a magnitude, not a figure to compare
    ],
)
def test_signals_numbers(text: str, expected: list[float]) -> None:
    assert sorted(f.value for f in signals(text).figures) == sorted(expected)


@pytest.mark.parametrize(
    ("text", "months", "weekdays", "years"),
    [
        ("a deadline of Jan.30 for their departure", {"m01", "m01-30"}, set(), set()),
        ("told to leave in September 2021", {"m09"}, set(), {"2021"}),
        ("left on Wednesday", set(), {"wednesday"}, set()),
        ("they may leave soon", set(), set(), set()),  # "may" the verb is not May the month
    ],
)
def test_signals_dates(text: str, months: set[str], weekdays: set[str], years: set[str]) -> None:
    assert dates(text) == (frozenset(months), frozenset(weekdays), frozenset(years))


@pytest.mark.parametrize(("a", "b"), [("expelled", "expel"), ("leaving", "leave"), ("visas", "visa")])
def test_signals_stem_matches_inflections(a: str, b: str) -> None:
    assert stem(a) == stem(b)


def test_signals_names_skip_sentence_words_and_months() -> None:
    found = signals("The Harbor Authority met Mayor Ilse Varga in March.").names
    assert {"harbor", "authority", "ilse", "varga"} <= found
    assert "march" not in found and "the" not in found


@pytest.mark.parametrize(
    ("text", "offset"),
    [
        ("Russia was notified in late November of last year.", -1),
        ("A year ago the plant was still open.", -1),
        ("The vote is due next year.", 1),
        ("Sales rose this year.", 0),
        ("Sales rose last year but will fall next year.", None),  # two years: no single offset
        ("The plant closed in March.", None),
    ],
)
def test_signals_relative_year(text: str, offset: int | None) -> None:
    assert relative_year(text) == offset


def test_signals_year_offset_only_without_a_named_year() -> None:
    assert signals("It opened last year.").year_offset == -1
    assert signals("It opened in 2019, last year's report said.").year_offset is None


@pytest.mark.parametrize(
    ("text", "months"),
    [
        ("In May, thieves stole the jewels.", {"m05"}),
        ("Since May the price rose.", {"m05"}),
        ("Thieves may steal the jewels.", set()),
        ("May Lee said the thieves left.", set()),
    ],
)
def test_may_is_the_month_when_a_preposition_introduces_it(text: str, months: set[str]) -> None:
    from newsparallax.signals import dates

    assert set(dates(text)[0]) == months
