"""Text reuse on fictional articles, plus the seed pair (../shared/seeds) when it is present."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from newsparallax.model import Article, QuoteMention, Reuse, Span
from newsparallax.reuse import find_reuse
from newsparallax.segment import segment

MakeArticle = Callable[..., Any]

# Fillers that share no run of two words with each other, so only the planted passages match.
FILLER = {
    "a": "Ferry crews in Lowbridge described a quiet morning before inspectors arrived with new orders.",
    "b": "Shopkeepers along Quay Street counted losses after three weeks of closures and rerouted buses.",
    "c": "A regional transport spokesperson declined further comment when reached by telephone late yesterday.",
    "d": "Tourism operators fear a lost season, since cruise visitors usually arrive by coach across that span.",
}
COPIED = "The council voted to close the old harbour bridge for urgent repairs."


def texts(articles: list[Article], item: Reuse) -> list[str]:
    by_id = {a.id: a for a in articles}
    return [by_id[s.article].slice(s.start, s.end) for s in item.spans]


def test_copied_sentence_is_found_with_its_spans_in_both(make_article: MakeArticle) -> None:
    a = make_article("a", FILLER["a"], f"Engineers warned of cracks last winter. {COPIED} Divers will survey it.")
    b = make_article("b", f"{COPIED} Most residents welcomed the news on Tuesday.", FILLER["b"])
    (item,) = find_reuse([a, b])
    passage = COPIED.rstrip(".")
    assert item == Reuse(
        ("a", "b"),
        12,
        "narrative",
        (
            Span("a", a.text.index(passage), a.text.index(passage) + len(passage)),
            Span("b", b.text.index(passage), b.text.index(passage) + len(passage)),
        ),
    )


def test_seven_words_are_not_enough_eight_are(make_article: MakeArticle) -> None:
    seven = "seven words of this sentence are shared"
    eight = "but this other passage carries eight shared words"
    a = make_article("a", FILLER["a"], f"Forecasters said {seven} today. Critics noted {eight} indeed.")
    b = make_article("b", FILLER["b"], f"Bloggers think {seven} now. Readers saw {eight} again.")
    (item,) = find_reuse([a, b])
    assert item.words == 8
    assert texts([a, b], item) == [eight, eight]
    assert len(find_reuse([a, b], min_words=7)) == 2


def test_shared_misspelling_of_a_name_is_reuse_a_correct_name_is_not(make_article: MakeArticle) -> None:
    # "Elizbeth" is "Elizabeth" with a letter dropped; "Helen Garrick" is spelled right; "Oksana Vdovychenko"
    # is rare but no slip of a common word.
    a = make_article(
        "a",
        FILLER["a"],
        "Yesterday treasurer Elizbeth Marlow resigned. Mayor Helen Garrick stayed. "
        "Photographer Oksana Vdovychenko left.",
    )
    b = make_article(
        "b",
        FILLER["b"],
        "According to deputy Elizbeth Marlow, funds ran out. Critics of Helen Garrick cheered. Pictures by Oksana "
        "Vdovychenko sold.",
    )
    (item,) = find_reuse([a, b])
    assert (item.words, item.kind) == (2, "narrative")
    assert texts([a, b], item) == ["Elizbeth Marlow", "Elizbeth Marlow"]


def test_quote_shared_verbatim_is_kind_quote(make_article: MakeArticle) -> None:
    words = "We will rebuild every school that the flood has destroyed this year"
    a = make_article("a", FILLER["a"], f"The minister said: “{words}.” Others disagreed.")
    b = make_article("b", f'"{words}," the minister told reporters in the capital.', FILLER["b"])
    (item,) = find_reuse([a, b])
    assert (item.kind, item.words) == ("quote", 12)
    assert texts([a, b], item) == [words, words]
    # Already listed as a verbatim quote: not listed again as reuse.
    assert find_reuse([a, b], quoted=item.spans) == ()


def test_quote_annotations_count_without_quote_marks(make_article: MakeArticle) -> None:
    words = "the harbour will reopen once every pillar has been checked twice"
    a = make_article("a", FILLER["a"], f"An engineer insisted {words} before summer.")
    b = make_article("b", FILLER["b"], f"Her deputy promised {words} at most.")
    plain = find_reuse([a, b])
    assert [r.kind for r in plain] == ["narrative"]
    quoted = [
        dataclasses.replace(x, quotes=(QuoteMention(x.id, s.start, s.end, None, "said"),))
        for x, s in zip((a, b), plain[0].spans, strict=True)
    ]
    assert [r.kind for r in find_reuse(quoted)] == ["quote"]


def test_syndicated_copy_is_one_item(make_article: MakeArticle) -> None:
    body = [
        "Storms closed the coastal road near Lowbridge for the second time this month on Sunday night.",
        "Council workers cleared fallen trees while police turned back drivers at both ends of the valley.",
        "Emergency shelters opened in two school halls, and volunteers handed out blankets and hot soup.",
        "Forecasters expect the wind to ease by Tuesday, although heavy rain may return later in the week.",
    ]
    a = make_article("a", *body)
    b = make_article("b", "By our regional desk.", *body[:3], "Readers can send photographs to the newsroom.")
    (item,) = find_reuse([a, b])
    assert item.kind == "syndication"
    assert item.articles == ("a", "b")
    assert item.words == sum(len(p.split()) for p in body[:3])
    copied = "\n".join(body[:3]).rstrip(".")
    assert texts([a, b], item) == [copied, copied]


def test_quote_styles_and_whitespace_do_not_break_a_match(make_article: MakeArticle) -> None:
    a = make_article(
        "a", FILLER["a"], "The union called the plan “a shameful betrayal of the town’s dock workers” on Friday."
    )
    b = make_article(
        "b",
        FILLER["b"],
        'Its leader called the plan "a shameful  betrayal\tof the town\'s dock   workers" in a speech.',
    )
    (item,) = find_reuse([a, b])
    assert item.words == 11
    assert texts([a, b], item)[0] == "called the plan “a shameful betrayal of the town’s dock workers"
    assert texts([a, b], item)[1] == "called the plan \"a shameful  betrayal\tof the town's dock   workers"


def test_three_articles_sharing_a_passage_are_one_item(make_article: MakeArticle) -> None:
    a = make_article("a", FILLER["a"], f"Late on Monday, {COPIED}")
    b = make_article("b", f"{COPIED} It was overdue.", FILLER["b"])
    c = make_article("c", FILLER["c"], f"In a short statement: {COPIED}")
    (item,) = find_reuse([a, b, c])
    assert item.articles == ("a", "b", "c")
    assert item.words == 12
    assert [s.article for s in item.spans] == ["a", "b", "c"]
    assert set(texts([a, b, c], item)) == {COPIED.rstrip(".")}


def test_boilerplate_is_not_reuse(make_article: MakeArticle) -> None:
    plea = "Sign up for our morning newsletter to get every story on the harbour bridge in your inbox."
    a = make_article("a", FILLER["a"], plea)
    b = make_article("b", plea, FILLER["b"])
    assert any(s.boilerplate for s in a.sentences)
    assert find_reuse([a, b]) == ()


def test_order_is_deterministic(make_article: MakeArticle) -> None:
    second = "Inspectors will publish a full report on the state of the bridge in March."
    a = make_article("a", FILLER["a"], COPIED, FILLER["c"], second)
    b = make_article("b", second, FILLER["b"], FILLER["d"], COPIED)
    c = make_article("c", COPIED, "Nothing else was said about the plan at the meeting on Thursday.")
    items = find_reuse([a, b, c])
    assert items == find_reuse([a, b, c])
    assert [(r.articles, r.spans[0].start) for r in items] == [
        (("a", "b", "c"), a.text.index(COPIED)),
        (("a", "b"), a.text.index(second)),
    ]


@pytest.mark.seeds
def test_seed_pair_shares_the_misspelt_name_and_the_comrades_sentence(seeds_dir: Path) -> None:
    articles = []
    for path in sorted(seeds_dir.glob("*.txt")):
        headline, *lines = path.read_text(encoding="utf-8").splitlines()
        articles.append(segment(Article(id=path.stem, source=path.stem, title=headline, text="\n".join(lines))))
    items = find_reuse(articles)
    found = [(r.kind, texts(articles, r)) for r in items]
    # Everything the pair shares word for word, and nothing else: the name with its misspelling (inside the
    # attribution that follows the same quote fragment), and two quotes. "State Department", "expiring visas"
    # and "very bitter event" alone are too short and too common to count.
    keys = ["Antoly Antonov", "Our comrades were forced", "a list of 55 people"]
    assert [kind for kind, _ in found] == ["narrative", "quote", "quote"]
    for key, (_, spans) in zip(keys, found, strict=True):
        assert len(spans) == 2
        assert all(key in text for text in spans)
    comrades = found[1][1]
    assert comrades[0] == comrades[1] and comrades[0].endswith("came here")
