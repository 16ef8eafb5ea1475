"""Which language an article is written in, told by its most frequent function words.

Parallax's models are English; the readers only need to know whether a text looks English enough to trust
them, and to name the likely language in a warning when it does not. Function words give that reliably from a
paragraph on, with no model to load (langdetect and fastText would add a dependency or a download for a
yes/no question).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

# The commonest function words of each language, chosen so that no word sits in two lists.
_FUNCTION_WORDS: dict[str, frozenset[str]] = {
    "en": frozenset(
        "the of and to in is was that for on with as by at from it his her are were be has have had this which "
        "who will would not but they their its an said after".split()
    ),
    "fr": frozenset("le la les des du et est une dans pour qui sur pas par au avec ce sont été elle ont aux".split()),
    "de": frozenset("der die das und ist nicht mit den dem sich auf für ein eine auch von zu wird wurde bei".split()),
    "es": frozenset("el los las del y en que por con para una es su se al lo como más pero sus fue".split()),
    "it": frozenset("il di che della per non sono gli nel alla anche dei è delle più questo nella degli".split()),
    "pt": frozenset("o os do da em não uma com mais ao dos foi pelo pela também seu".split()),
    "nl": frozenset("het een van dat op te zijn niet met voor ook aan wordt bij naar deze".split()),
}
_LANGUAGE_OF = {word: lang for lang, words in _FUNCTION_WORDS.items() for word in words}
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


@dataclass(frozen=True)
class Guess:
    """The likely language and the share of the text's words that are English function words."""

    language: str | None
    english_share: float
    words: int


# Function words are a quarter to half of any running text, so the first ~300 words decide; ingest guesses the
# language of every record, and reading whole long articles would cost as much as clustering them.
SAMPLE_CHARS = 2000


def guess(text: str) -> Guess:
    words = _WORD.findall(text[:SAMPLE_CHARS].lower())
    if not words:
        return Guess(None, 0.0, 0)
    # Each word's language counted in C (the lists share no word, so a word counts for at most one language;
    # None counts the rest): a third of the cost of counting the words first.
    hits = Counter(map(_LANGUAGE_OF.get, words))
    shares = {lang: hits[lang] / len(words) for lang in _FUNCTION_WORDS}
    # Ties break on the list order (English first) so the guess is deterministic.
    best = max(shares, key=lambda lang: (shares[lang], lang == "en"))
    return Guess(best if shares[best] > 0 else None, shares["en"], len(words))


def looks_english(text: str, min_share: float) -> tuple[bool, Guess]:
    """Whether enough of the words are English function words (short texts get the benefit of the doubt)."""
    result = guess(text)
    if result.words < 20:
        return True, result
    return result.english_share >= min_share and result.language == "en", result
