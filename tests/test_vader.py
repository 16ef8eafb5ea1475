"""The linear VADER analyzer scores every text exactly as vaderSentiment's own does, only faster on long texts."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

vader = pytest.importorskip("vaderSentiment.vaderSentiment")

from newsparallax.vader import LinearAnalyzer  # noqa: E402

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"

# Words that drive each rule the overridden checks implement: negations, "never so", "without doubt", idioms,
# boosters and "kind of", "but", capitals, "least", "no", emphasis, an emoji; plus plain words and sentiment words.
_VOCABULARY = (
    "not n't never no nor or so this without doubt kiss of death the bomb yeah right cut me some slack "
    "kind sort of very extremely barely least at but BUT GOOD good bad terrible great fire killed "
    "happy sad ! ? :) 😀 diplomats left the city evacuated expelled friendly hostile hardly quite "
    "isn't wasn't ain't cannot"
).split()


def _texts() -> list[str]:
    rng = random.Random(7)
    texts = [path.read_text(encoding="utf-8") for path in sorted(EXAMPLES.rglob("*.txt"))]
    texts += [
        "The fire was not good, but the crew was great.",
        "It was kind of bad but never so terrible without doubt.",
        "no good",
        "Good! But bad? Bad?? BAD",
        "the bomb, yeah right",
        "",
        "but",
        "good but",
        "least good at least good very least good",
    ]
    for n in range(300):
        texts.append(" ".join(rng.choice(_VOCABULARY) for _ in range(rng.randint(1, 40 + n))))
    return texts


def test_scores_match_the_library_exactly() -> None:
    stock, linear = vader.SentimentIntensityAnalyzer(), LinearAnalyzer()
    for text in _texts():
        assert linear.polarity_scores(text) == stock.polarity_scores(text), text[:80]


def test_but_quirk_is_kept() -> None:
    # Equal values before "but": the library scales the first one twice and leaves the second; so does ours.
    stock, linear = vader.SentimentIntensityAnalyzer(), LinearAnalyzer()
    text = "good good good but bad bad"
    assert linear.polarity_scores(text) == stock.polarity_scores(text)


class _Counted(list[str]):
    """A word list that counts how many of its words are read."""

    reads = 0

    def __getitem__(self, index):  # type: ignore[no-untyped-def]
        _Counted.reads += 1
        return super().__getitem__(index)

    def __iter__(self):  # type: ignore[no-untyped-def]
        _Counted.reads += len(self)
        return super().__iter__()


def test_per_word_checks_read_only_nearby_words() -> None:
    # The library's checks read the whole word list for every sentiment word (quadratic in the text); these
    # read the few words around it, whatever the length of the text.
    words = _Counted(["word"] * 10_000)
    _Counted.reads = 0
    for start_i in range(3):
        LinearAnalyzer._negation_check(1.0, words, start_i, 5_000)
    LinearAnalyzer._special_idioms_check(1.0, words, 5_000)
    assert _Counted.reads < 40
