"""The language guess behind the non-English warning."""

from __future__ import annotations

from newsparallax.language import _FUNCTION_WORDS, guess, looks_english

ENGLISH = "The council said on Monday that the bridge would stay closed until the repairs are finished by the city."
FRENCH = "Le conseil a annoncé lundi que le pont restera fermé pour des travaux qui sont prévus dans la ville."
GERMAN = "Der Rat sagte am Montag, dass die Brücke für die Reparatur nicht geöffnet wird und auch geschlossen bleibt."


def test_language_lists_share_no_word() -> None:
    seen: dict[str, str] = {}
    for lang, words in _FUNCTION_WORDS.items():
        for word in words:
            assert word not in seen, f"{word!r} is in both {seen.get(word)} and {lang}"
            seen[word] = lang


def test_language_guesses() -> None:
    assert guess(ENGLISH).language == "en"
    assert guess(FRENCH).language == "fr"
    assert guess(GERMAN).language == "de"
    assert guess("").language is None


def test_language_short_texts_get_the_benefit_of_the_doubt() -> None:
    assert looks_english("Le pont est fermé.", 0.06)[0]
    assert not looks_english(FRENCH + " " + FRENCH, 0.06)[0]
    assert looks_english(ENGLISH + " " + ENGLISH, 0.06)[0]
