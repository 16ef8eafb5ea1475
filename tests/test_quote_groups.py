"""Grouping quotes of one utterance across articles, and the match label and diff of each group."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from newsparallax.model import Article, QuoteKind, QuoteMention
from newsparallax.quote_groups import group_quotes


def article(article_id: str, text: str, *quotes: tuple[str, str | None] | tuple[str, str | None, QuoteKind]) -> Article:
    """An article whose quotes are the given words, found in ``text`` from left to right."""
    mentions, cursor = [], 0
    for quote in quotes:
        words, speaker = quote[0], quote[1]
        kind: QuoteKind = quote[2] if len(quote) == 3 else "direct"
        at = text.index(words, cursor)
        mentions.append(QuoteMention(article_id, at, at + len(words), speaker, "said", kind))
        cursor = at + 1
    return Article(article_id, article_id, "Headline", text, quotes=tuple(mentions))


def said(article_id: str, words: str, speaker: str | None, name: str | None = None) -> Article:
    """An article quoting ``words`` as “words,” NAME said; ``name`` is how the text names the speaker."""
    return article(article_id, f"“{words},” {name or speaker or 'someone'} said.", (words, speaker))


def test_quote_groups_verbatim_despite_marks_case_and_punctuation() -> None:
    a = article("a", "“We will rebuild the pier,” Ana Ruiz said.", ("We will rebuild the pier", "Ana Ruiz"))
    b = article("b", '"we will REBUILD the pier!" said Mayor Ana Ruiz.', ("we will REBUILD the pier!", "Ana Ruiz"))
    (quote,) = group_quotes([a, b])
    assert (quote.id, quote.speaker, quote.match, quote.diff) == ("q1", "Ana Ruiz", "verbatim", ())
    assert quote.articles == ("a", "b")


@pytest.mark.parametrize(
    ("first", "here", "diff"),
    [
        ("It is a very bitter event for us", "It is a very sad event for us", [("replace", "bitter", "sad")]),
        (
            "Back in May we were invited and given a list of names",
            "we were invited and given a list",
            [("delete", "Back in May", ""), ("delete", "of names", "")],
        ),
        ("we were invited and given a list", "we were invited and quietly given a list", [("insert", "", "quietly")]),
    ],
    ids=["replace", "truncation", "insertion"],
)
def test_quote_groups_altered_quote_has_word_diff(first: str, here: str, diff: list[tuple[str, str, str]]) -> None:
    a = article("a", f"“{first},” Lena Marsh said.", (first, "Lena Marsh"))
    b = article("b", f"Lena Marsh said: “{here}.”", (here, "Lena Marsh"))
    (quote,) = group_quotes([a, b])
    assert quote.match == "altered"
    assert list(quote.diff) == [("b", *op) for op in diff]


def test_quote_groups_unknown_speaker_joins_a_named_one() -> None:
    a = said("a", "The sprinklers were inspected in January", "Tomas Brandt")
    b = article("b", "“The sprinklers were inspected in January.”", ("The sprinklers were inspected in January.", None))
    (quote,) = group_quotes([a, b])
    assert quote.speaker == "Tomas Brandt" and quote.match == "verbatim"


def test_quote_groups_speaker_variants_merge_but_other_speakers_do_not() -> None:
    a = said("a", "The water came over the wall", "Viktr Halloran", "Ambassador Viktr Halloran")
    b = said("b", "The water came over the wall", "Viktor Halloran")
    c = said("c", "The water came over", "Dana Reyes")  # too few words to say it is the same utterance
    quotes = group_quotes([a, b, c])
    assert [(q.speaker, q.articles, q.match) for q in quotes] == [
        ("Viktor Halloran", ("a", "b"), "verbatim"),
        ("Dana Reyes", ("c",), "single"),
    ]
    assert quotes[0].attributions == (("a", "Viktor Halloran"), ("b", "Viktor Halloran"))


@pytest.mark.parametrize(
    ("c_speaker", "c_name"),
    [("harbor worker", "a harbor worker"), ("Dana Reyes", "Dana Reyes")],
    ids=["a description", "another person"],
)
def test_quote_groups_the_same_words_given_to_another_speaker_are_one_utterance(c_speaker: str, c_name: str) -> None:
    # Nearly the same long quote in three outlets, one of which gives it to someone else: one utterance, the
    # speaker most outlets name (a person's name before a description), and each outlet's attribution kept.
    words = "The water came over the wall at dawn and we ran"
    a = said("a", words, "Viktor Halloran")
    b = said("b", words, "Viktor Halloran")
    c = said("c", words.replace("dawn", "daybreak"), c_speaker, c_name)
    (quote,) = group_quotes([a, b, c])
    assert (quote.speaker, quote.articles, quote.match) == ("Viktor Halloran", ("a", "b", "c"), "altered")
    assert quote.attributions == (("a", "Viktor Halloran"), ("b", "Viktor Halloran"), ("c", c_speaker))
    # With only the description against the name, the name still speaks.
    (pair,) = group_quotes([c, a]) if c_speaker == "harbor worker" else (quote,)
    assert pair.speaker == "Viktor Halloran"


def test_quote_groups_one_article_giving_the_same_words_to_two_people_keeps_them_apart() -> None:
    words = "The water came over the wall at dawn and we ran"
    a = article(
        "a", f"“{words},” Ana Ruiz said. “{words},” Dana Reyes said.", (words, "Ana Ruiz"), (words, "Dana Reyes")
    )
    b = said("b", words, "Dana Reyes")
    assert [(q.speaker, q.articles) for q in group_quotes([a, b])] == [("Ana Ruiz", ("a",)), ("Dana Reyes", ("a", "b"))]


def test_quote_groups_two_people_one_article_tells_apart_stay_two_speakers() -> None:
    words = "She was the heart of the harbor office"
    a = article(
        "a",
        f"“{words},” Jonas Brandt said. “We will miss her every day,” said Jonah Brandt, his sister.",
        (words, "Jonas Brandt"),
        ("We will miss her every day", "Jonah Brandt"),
    )
    b = said("b", words, "Jonah Brandt")
    quotes = group_quotes([a, b])
    assert {q.speaker for q in quotes} == {"Jonas Brandt", "Jonah Brandt"}


def test_quote_groups_ids_follow_article_order_then_offset() -> None:
    text = "“First words here,” Lena Marsh said. “Second words there,” Dana Reyes said."
    a = article("a", text, ("First words here", "Lena Marsh"), ("Second words there", "Dana Reyes"))
    b = said("b", "Third words elsewhere", "Tomas Brandt")
    quotes = group_quotes([b, a])
    assert [(q.id, q.speaker) for q in quotes] == [("q1", "Tomas Brandt"), ("q2", "Lena Marsh"), ("q3", "Dana Reyes")]
    assert group_quotes([b, a]) == quotes


def test_quote_groups_fold_a_quote_repeated_in_one_article() -> None:
    text = "“We will not leave,” Lena Marsh said. Later she repeated: “We will not leave.”"
    a = article("a", text, ("We will not leave", "Lena Marsh"), ("We will not leave.", "Lena Marsh"))
    (quote,) = group_quotes([a])
    assert quote.match == "single" and len(quote.mentions) == 2


def test_quote_groups_split_quote_is_one_utterance() -> None:
    text = "“We are fully insured,” she said, “and we intend to rebuild.”"
    a = article("a", text, ("We are fully insured", "Priya Nair"), ("and we intend to rebuild.", "Priya Nair"))
    b = said("b", "We are fully insured and we intend to rebuild", "Priya Nair")
    (quote,) = group_quotes([a, b])
    assert quote.match == "verbatim" and len(quote.mentions) == 3


def test_quote_groups_reported_speech_is_not_grouped() -> None:
    a = article("a", "Lena Marsh said the pier would reopen.", ("the pier would reopen", "Lena Marsh", "reported"))
    assert group_quotes([a]) == ()


def test_quote_groups_paraphrase_in_quote_marks_is_flagged() -> None:
    a = said("a", "We lost every boat we had in the harbour fire", "Maria Lopes")
    b = said("b", "The harbour fire took all our boats", "Maria Lopes")
    c = said("c", "We lost every boat we had in the harbour fire", "Lopes")
    (quote,) = group_quotes([a, b])
    assert quote.articles == ("a", "b") and quote.match == "altered" and quote.paraphrase
    (faithful,) = group_quotes([a, c])
    assert faithful.match == "verbatim" and not faithful.paraphrase


def test_quote_groups_different_quotes_of_one_speaker_stay_apart() -> None:
    a = said("a", "The fire started in the storage room", "Dana Reyes")
    b = said("b", "Our crews arrived within six minutes", "Dana Reyes")
    assert [q.match for q in group_quotes([a, b])] == ["single", "single"]


@pytest.fixture(scope="module")
def nlp() -> Any:
    from newsparallax import resources

    return resources.nlp()


def test_quote_groups_on_extracted_quotes(make_article: Any, nlp: Any) -> None:
    from newsparallax.quotes import find_quotes

    texts = [
        ("a", "“This was a very difficult night for everyone on this waterfront,” Fire Chief Maria Lopes said."),
        ("b", '"This was a very sad night for everyone on this waterfront," Maria Lopes lamented.'),
    ]
    articles = []
    for article_id, text in texts:
        built = make_article(article_id, text)
        articles.append(dataclasses.replace(built, quotes=find_quotes(built, nlp(built.text))))
    (quote,) = group_quotes(articles)
    assert (quote.speaker, quote.match, quote.diff) == (
        "Maria Lopes",
        "altered",
        (("b", "replace", "difficult", "sad"),),
    )
