"""Outlets grouped by what they say."""

from __future__ import annotations

from newsparallax.listing import who_says

NAMES = {"a": "Coastal Wire", "b": "The Bay Patriot", "c": "Harbor Daily", "d": "Tidewater"}


def test_outlets_giving_one_value_are_listed_together_in_order_of_first_appearance() -> None:
    values = [("a", "Tuesday"), ("b", "Wednesday"), ("c", "Tuesday"), ("d", "Tuesday")]
    assert (
        who_says(values, NAMES.__getitem__, "; ")
        == "Coastal Wire, Harbor Daily and Tidewater say Tuesday; The Bay Patriot says Wednesday"
    )


def test_values_are_compared_as_written() -> None:
    # A spelling conflict can be a matter of case alone.
    values = [("a", "Antoly"), ("b", "antoly")]
    assert who_says(values, NAMES.__getitem__, " vs ") == "Coastal Wire says Antoly vs The Bay Patriot says antoly"
