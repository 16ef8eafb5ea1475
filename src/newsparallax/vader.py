"""VADER's analyzer with its scores unchanged and its time linear in the length of the text.

vaderSentiment 3.3.2 (pinned) lower-cases the whole word list again inside two checks it runs for every
sentiment-laden word, and scales the words around a "but" with a ``list.index`` per word: quadratic, so the tone
of a 10,000-word article took about a second and that of a 60,000-word one a minute. Framing scores whole
articles, so the analyzer here overrides those three methods with versions that read only the words they look at.
The results are the library's own to the last digit, quirks included (a test compares them on many texts):
"but" scales the value at the first position holding an equal value, which is where the library's
``list.index`` puts it.
"""

from __future__ import annotations

import heapq
from collections.abc import Sequence
from typing import Any

from vaderSentiment.vaderSentiment import (  # type: ignore[import-untyped]
    BOOSTER_DICT,
    N_SCALAR,
    SPECIAL_CASES,
    SentimentIntensityAnalyzer,
    negated,
)


class LinearAnalyzer(SentimentIntensityAnalyzer):  # type: ignore[misc]
    """:class:`SentimentIntensityAnalyzer` whose per-word checks read a few words instead of all of them."""

    @staticmethod
    def _negation_check(valence: float, words: Sequence[Any], start_i: int, i: int) -> float:
        def low(k: int) -> str:
            return str(words[k]).lower()

        if start_i == 0 and negated([low(i - 1)]):
            valence = valence * N_SCALAR
        if start_i == 1:
            if low(i - 2) == "never" and (low(i - 1) == "so" or low(i - 1) == "this"):
                valence = valence * 1.25
            elif low(i - 2) == "without" and low(i - 1) == "doubt":
                pass
            elif negated([low(i - 2)]):
                valence = valence * N_SCALAR
        if start_i == 2:
            if (low(i - 3) == "never" and (low(i - 2) == "so" or low(i - 2) == "this")) or (
                low(i - 1) == "so" or low(i - 1) == "this"
            ):
                valence = valence * 1.25
            elif low(i - 3) == "without" and (low(i - 2) == "doubt" or low(i - 1) == "doubt"):
                pass
            elif negated([low(i - 3)]):
                valence = valence * N_SCALAR
        return valence

    @staticmethod
    def _special_idioms_check(valence: float, words: Sequence[Any], i: int) -> float:
        def low(k: int) -> str:
            return str(words[k]).lower()

        onezero = f"{low(i - 1)} {low(i)}"
        twoonezero = f"{low(i - 2)} {low(i - 1)} {low(i)}"
        twoone = f"{low(i - 2)} {low(i - 1)}"
        threetwoone = f"{low(i - 3)} {low(i - 2)} {low(i - 1)}"
        threetwo = f"{low(i - 3)} {low(i - 2)}"
        for seq in (onezero, twoonezero, twoone, threetwoone, threetwo):
            if seq in SPECIAL_CASES:
                valence = SPECIAL_CASES[seq]
                break
        if len(words) - 1 > i:
            zeroone = f"{low(i)} {low(i + 1)}"
            if zeroone in SPECIAL_CASES:
                valence = SPECIAL_CASES[zeroone]
        if len(words) - 1 > i + 1:
            zeroonetwo = f"{low(i)} {low(i + 1)} {low(i + 2)}"
            if zeroonetwo in SPECIAL_CASES:
                valence = SPECIAL_CASES[zeroonetwo]
        for n_gram in (threetwoone, threetwo, twoone):
            if n_gram in BOOSTER_DICT:
                valence = valence + BOOSTER_DICT[n_gram]
        return valence

    @staticmethod
    def _but_check(words: Sequence[Any], sentiments: list[float]) -> list[float]:
        lowered = [str(w).lower() for w in words]
        if "but" not in lowered:
            return sentiments
        bi = lowered.index("but")
        # The library visits each position k and scales the value found there at the first position holding an
        # equal value (list.index); a heap of positions per value finds that position without a scan.
        positions: dict[float, list[int]] = {}
        for k, value in enumerate(sentiments):
            positions.setdefault(value, []).append(k)  # ascending: already a heap
        for k in range(len(sentiments)):
            value = sentiments[k]
            si = positions[value][0]
            if si == bi:
                continue
            scaled = value * 0.5 if si < bi else value * 1.5
            heapq.heappop(positions[value])
            if not positions[value]:
                del positions[value]
            sentiments[si] = scaled
            heapq.heappush(positions.setdefault(scaled, []), si)
        return sentiments
