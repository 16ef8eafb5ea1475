import pytest

from newsparallax.clauses import split_clauses


def clauses(text: str, min_words: int = 4) -> list[str]:
    return [text[s:e] for s, e in split_clauses(text, 0, len(text), min_words)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The ministry said the permits had simply expired, but the union has called it a purge of its members.",
            ["The ministry said the permits had simply expired", "the union has called it a purge of its members."],
        ),
        (
            "The mayor opened the bridge on Monday; the council had voted against it twice last year.",
            ["The mayor opened the bridge on Monday", "the council had voted against it twice last year."],
        ),
        (
            "Crews rescued 12 people from the river on Monday, and 14 more were found on Tuesday.",
            ["Crews rescued 12 people from the river on Monday", "14 more were found on Tuesday."],
        ),
        (  # a figure written out
            "Rescue boats carried all 80 crew to shore within two hours, and three of them were treated for burns.",
            ["Rescue boats carried all 80 crew to shore within two hours", "three of them were treated for burns."],
        ),
        (
            "Crews cleared the coast road by noon, and a dozen homes were evacuated overnight.",
            ["Crews cleared the coast road by noon", "a dozen homes were evacuated overnight."],
        ),
        (
            "Calling it “a dark day for the harbor,” the chief said in a video: “We lost the east warehouse tonight.”",
            [
                "Calling it “a dark day for the harbor,” the chief said in a video",
                "“We lost the east warehouse tonight.”",
            ],
        ),
    ],
)
def test_clauses_split_two_statements(text: str, expected: list[str]) -> None:
    assert clauses(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Prices rose, but slowly, across the region during the winter months.",  # a clause would be too short
        "“We tried, but the fire was too fast for the crews,” she said afterwards.",  # the joint is inside a quote
        "The council approved the plan on Tuesday after a long debate.",
        # ", and" before a figure that ends at a comma with the verb after it: two subjects of one predicate.
        "About 40 per cent of the boats in Eastport, and 25 per cent in Millbay, were damaged by the storm.",
        "The wave swept away the pier, and two fishing boats.",  # a coordinated object: too short to stand alone
        "Crews worked through the night, and one by one the fires went out.",  # "one" opens a phrase, not a count
        "The ferry was late, and another storm is expected.",  # no figure after ", and"
    ],
)
def test_clauses_keep_single_statements_whole(text: str) -> None:
    assert clauses(text) == [text]
