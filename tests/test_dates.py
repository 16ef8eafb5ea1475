import pytest

from newsparallax.dates import find_dates, parse_published, strip_page_stamp

PUBLISHED = "2026-03-13T09:30:00Z"  # a Friday


@pytest.mark.parametrize(
    ("text", "expression", "value", "granularity"),
    [
        ("The crews left on Wednesday.", "Wednesday", "2026-03-11", "day"),
        ("The depot burned on Friday night.", "Friday", "2026-03-13", "day"),
        ("Residents must leave by Jan. 30.", "Jan. 30", "2026-01-30", "day"),
        ("a deadline of Jan.30 for their departure", "Jan.30", "2026-01-30", "day"),
        ("The permits run out by June 30.", "June 30", "2026-06-30", "day"),
        ("They were warned in late November.", "late November", "2025-11", "month"),
        ("In January Congress passed the bill.", "January", "2026-01", "month"),
        ("Last month, the council met twice.", "Last month", "2026-02", "month"),
        ("A smaller fire broke out in 2019.", "in 2019", "2019", "year"),
        ("The vote is set for March 1, 2027.", "March 1, 2027", "2027-03-01", "day"),
        ("Workers were sent home yesterday.", "yesterday", "2026-03-12", "day"),
        ("The alarm sounded at 9:40 p.m.", "9:40 p.m.", "T21:40", "time"),
    ],
)
def test_dates_resolve_against_publication(text: str, expression: str, value: str, granularity: str) -> None:
    found = find_dates(text, "a", PUBLISHED)
    assert [(text[d.start : d.end], d.value, d.granularity) for d in found] == [(expression, value, granularity)]


@pytest.mark.parametrize(
    ("text", "years"),
    [
        ("She held the mark from 1974 to 1978.", ["from 1974", "to 1978"]),
        ("She held the mark between 1974 and 1978.", ["between 1974", "and 1978"]),
        ("She held the mark in 1974 - 1978.", ["in 1974", "- 1978"]),
    ],
)
def test_dates_read_both_ends_of_a_range_of_years(text: str, years: list[str]) -> None:
    assert [text[d.start : d.end] for d in find_dates(text, "a", None)] == years


def test_dates_without_publication_keep_relative_expressions_unresolved() -> None:
    found = find_dates("They left on Wednesday, before the Jan. 30, 2022 deadline.", "a", None)
    assert [(d.value, d.granularity) for d in found] == [(None, "weekday"), ("2022-01-30", "day")]
    no_year = find_dates("The deadline is June 30.", "a", None)
    assert [(d.value, d.granularity) for d in no_year] == [("--06-30", "day")]


@pytest.mark.parametrize(
    "text",
    [
        "Officials may order more tests.",
        "Thousands plan to march on the capital.",
        "Harbor chief Jan Olson closed the pier.",  # a month name before a surname is a given name
        "April Ryan asked the first question.",
    ],
)
def test_dates_ignore_verbs_that_look_like_months(text: str) -> None:
    assert find_dates(text, "a", PUBLISHED) == []


@pytest.mark.parametrize(("raw", "ok"), [("2026-03-13", True), ("2026-03-13T09:30:00Z", True), ("March 13", False)])
def test_dates_parse_published(raw: str, ok: bool) -> None:
    assert (parse_published(raw) is not None) is ok


@pytest.mark.parametrize(
    ("text", "word", "stamp"),
    [
        ("Posted: Sep 27, 2013 5:50 PM Crews left the pier.", "Sep 27", True),
        ("He had nothing in his hands. ' PUBLISHED: WEDNESDAY, MARCH 13, 2013 A woman saw it.", "WEDNESDAY", True),
        ("He had nothing in his hands. ' UPDATED: WEDNESDAY, MARCH 13, 2013 A woman saw it.", "MARCH 13", True),
        ("A woman said he was shot on Saturday, and the vigil was on Wednesday.", "Wednesday", False),
    ],
)
def test_dates_a_page_stamp_is_no_event_date(text: str, word: str, stamp: bool) -> None:
    from newsparallax.dates import in_dateline

    assert in_dateline(text, text.index(word)) is stamp


@pytest.mark.parametrize(
    ("text", "stamp"),
    [
        ("Thu, 12 Mar 2026 02: 45 PM A ferry ran aground.", True),
        ("First Posted: 03 / 12 / 26 06: 44 PM ET Updated: 03 / 12 / 26 07: 12 PM ET A ferry ran aground.", True),
        ("WEDNESDAY, MARCH 11, 2026, 10: 53 AM A ferry ran aground.", True),
        ("On March 12, 2026 Gull Point ferries stopped running.", False),  # a date the sentence states
        ("1999 Toyota pickups were recalled across the state.", False),
        ("March 12, 2026 ferries", False),  # too little left to be a sentence after a stamp
    ],
)
def test_dates_strip_page_stamp_keeps_a_date_the_sentence_states(text: str, stamp: bool) -> None:
    assert strip_page_stamp(text) == ("A ferry ran aground." if stamp else text)
