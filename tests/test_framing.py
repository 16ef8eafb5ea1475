"""Framing on a small fictional story whose facts are aligned by hand (flood_story.py; no embedder: fast)."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

import pytest

from flood_story import story
from newsparallax import resources
from newsparallax.framing import KINDS, find_framing
from newsparallax.model import Article, Fact, Framing, Span


@pytest.fixture(scope="module")
def flood() -> tuple[list[Article], list[Fact], tuple[Framing, ...]]:
    articles, facts = story()
    return articles, facts, find_framing(articles, facts, (), resources.nlp())


def of_kind(items: Sequence[Framing], kind: str) -> list[Framing]:
    return [i for i in items if i.kind == kind]


def words(item: Framing, article: str) -> tuple[str, ...]:
    return dict(item.terms).get(article, ())


def test_framing_items_are_ordered_by_kind_then_article_and_are_deterministic(flood) -> None:  # type: ignore[no-untyped-def]
    articles, facts, items = flood
    kinds = [KINDS.index(i.kind) for i in items]
    assert kinds == sorted(kinds)
    assert find_framing(articles, facts, (), resources.nlp()) == items


def test_framing_spans_point_into_the_texts_and_terms_name_article_words(flood) -> None:  # type: ignore[no-untyped-def]
    articles, _, items = flood
    texts = {a.id: a.text for a in articles}
    for item in items:
        assert item.explanation and "\n" not in item.explanation
        assert set(dict(item.terms)) <= set(item.articles)
        for span in item.spans:
            assert 0 <= span.start < span.end <= len(texts[span.article])


def test_word_choice_pairs_the_differing_words_of_one_fact_never_identical_ones(flood) -> None:  # type: ignore[no-untyped-def]
    _, _, items = flood
    pairs = {(words(i, "wire"), words(i, "gazette")) for i in of_kind(items, "word_choice")}
    assert any("ordered" in a[0] and "forced" in b[0] for a, b in pairs if a and b), pairs
    assert any(a == ("told reporters",) and b == ("insisted",) for a, b in pairs), pairs
    for item in of_kind(items, "word_choice") + of_kind(items, "headline"):
        worded = [t[0].lower() for _, t in item.terms if t]
        assert len(worded) < 2 or len(set(worded)) >= 2


def test_label_flags_loaded_words_outside_quotes_with_the_neutral_outlet(flood) -> None:  # type: ignore[no-untyped-def]
    _, _, items = flood
    labels = of_kind(items, "label")
    gazette = [i for i in labels if i.spans[0].article == "gazette"]
    assert any("Incompetent" in " ".join(words(i, "gazette")) and "wire" in i.articles for i in gazette)
    # "a reckless gamble" is resident Tom Hale's, inside quotation marks: not the wire's framing.
    assert not [i for i in labels if i.spans[0].article == "wire"]


def test_attribution_lists_loaded_cues_and_the_same_quote_attributed_differently(flood) -> None:  # type: ignore[no-untyped-def]
    _, _, items = flood
    attribution = of_kind(items, "attribution")
    per_article = [i for i in attribution if i.articles == ("gazette",)]
    assert per_article and {"insisted", "claimed"} <= set(words(per_article[0], "gazette"))
    assert not [i for i in attribution if i.articles == ("wire",)]  # "told", "said": neutral
    across = [i for i in attribution if len(i.articles) == 2]
    assert any(words(i, "wire") == ("told",) and words(i, "gazette") == ("insisted",) for i in across)


def test_certainty_pairs_the_hedge_with_the_other_outlets_assertion(flood) -> None:  # type: ignore[no-untyped-def]
    articles, _, items = flood
    (item,) = of_kind(items, "certainty")
    assert item.articles == ("wire", "gazette")
    assert "unclear whether" in words(item, "wire")[0]
    assert "200 residents left" in words(item, "gazette")[0]
    text = {a.id: a.text for a in articles}
    hedge = item.spans[0]
    assert text["wire"][hedge.start : hedge.end] == words(item, "wire")[0]


def test_voice_counts_quoted_words_by_speaker(flood) -> None:  # type: ignore[no-untyped-def]
    _, _, items = flood
    voice = {i.articles[0]: i for i in of_kind(items, "voice")}
    assert "Lena Ortiz" in words(voice["wire"], "wire")
    assert "officials" in voice["wire"].explanation
    assert "quotations are" in voice["gazette"].explanation


def test_context_marks_background_only_one_outlet_gives(flood) -> None:  # type: ignore[no-untyped-def]
    _, _, items = flood
    context = of_kind(items, "context")
    assert [i.fact for i in context] == ["f5"]
    assert any("1998" in w for w in words(context[0], "wire"))


def test_tone_scores_each_article_with_the_caveat(flood) -> None:  # type: ignore[no-untyped-def]
    _, _, items = flood
    tone = [i for i in of_kind(items, "tone") if len(i.articles) == 1]
    assert [i.articles[0] for i in tone] == ["wire", "gazette"]
    assert all("not the outlet's stance" in i.explanation for i in tone)


def test_headline_flags_the_loaded_title(flood) -> None:  # type: ignore[no-untyped-def]
    _, _, items = flood
    headline = [i for i in of_kind(items, "headline") if i.articles[0] == "gazette" and not i.spans]
    assert any("Reckless" in " ".join(words(i, "gazette")) for i in headline)
    loaded = next(i for i in headline if "loaded words" in i.explanation)
    assert loaded.explanation.endswith("; Metro Wire headlines the story without them.")  # one outlet: "headlines"


def test_framing_needs_two_articles() -> None:
    articles, facts = story()
    assert find_framing(articles[:1], facts[:0], (), resources.nlp()) == ()


def test_framing_works_without_the_quote_annotator() -> None:
    articles, facts = story()
    bare = [dataclasses.replace(a, quotes=()) for a in articles]
    items = find_framing(bare, facts, (), resources.nlp())
    assert not [i for i in of_kind(items, "label") if i.spans[0].article == "wire"]  # quotes still found by marks
    assert of_kind(items, "certainty")


@pytest.mark.slow
def test_framing_runs_on_a_real_comparison() -> None:
    import newsparallax

    articles, _ = story()
    comparison = newsparallax.compare(articles)
    items = find_framing(comparison.articles, comparison.facts, comparison.quotes, resources.nlp())
    assert of_kind(items, "certainty") and of_kind(items, "attribution")
    assert all(isinstance(s, Span) for i in items for s in i.spans)


def _one_fact(*texts: str) -> tuple[list[Article], list[Fact]]:
    from newsparallax.analyze import analyze
    from newsparallax.model import Mention

    articles = [analyze(Article(id=f"o{n}", source=f"Outlet {n}", title="", text=t)) for n, t in enumerate(texts)]
    return articles, [Fact("f1", tuple(Mention(a.id, 0, 0, len(a.text)) for a in articles))]


def test_word_choice_pairs_two_verbs_for_one_act_told_in_two_voices() -> None:
    articles, facts = _one_fact(
        "The barge was towed back to the quay on Sunday.", "Tugboats pulled the barge back to the quay on Sunday."
    )
    items = of_kind(find_framing(articles, facts, (), resources.nlp()), "word_choice")
    assert [(words(i, "o0"), words(i, "o1")) for i in items] == [(("was towed",), ("pulled",))]
    # The shared noun must be the passive subject on one side and the object on the other.
    articles, facts = _one_fact(
        "The barge was towed back to the quay on Sunday.", "The barge sank back at the quay on Sunday."
    )
    items = of_kind(find_framing(articles, facts, (), resources.nlp()), "word_choice")
    assert not any(words(i, "o0") == ("was towed",) for i in items)
    # The same verb in two voices is no choice of words.
    articles, facts = _one_fact(
        "Officers shot and killed Ian Moss in Brookfield.", "Ian Moss was shot and killed in Brookfield."
    )
    assert not of_kind(find_framing(articles, facts, (), resources.nlp()), "word_choice")


def test_word_choice_reads_a_reported_clause_apart_from_its_speech_verb() -> None:
    """ "admitted that repairs would take" / "said crews would need" are two choices, the speech verb and the
    clause's verb; "crews" is no other word for "repairs", which the second outlet also writes."""
    articles, facts = _one_fact(
        "Works director Ines Valcourt admitted that repairs would take at least three days.",
        "Works director Ines Valcourt said crews would need at least three days for repairs.",
    )
    items = of_kind(find_framing(articles, facts, (), resources.nlp()), "word_choice")
    assert sorted((words(i, "o0"), words(i, "o1")) for i in items) == [
        (("admitted",), ("said",)),
        (("take",), ("need",)),
    ]


def test_label_in_a_sentence_the_article_repeats_is_one_item() -> None:
    from newsparallax.analyze import analyze

    lead = "The botched repair left the ferry stranded, triggering violent protests at the harbour."
    articles = [
        analyze(Article(id="o0", source="Outlet 0", title="", text=f"{lead}\nThe ferry was refloated.\n{lead}")),
        analyze(Article(id="o1", source="Outlet 1", title="", text="The ferry was refloated on Monday.")),
    ]
    labels = of_kind(find_framing(articles, [], (), resources.nlp()), "label")
    assert len([i for i in labels if i.articles == ("o0",)]) == 1


def test_a_verdict_is_news_not_a_label() -> None:
    """ "found guilty" reports the jury, as does a headline's "guilty of"; "the guilty skipper" is the outlet's own
    judgement."""
    from newsparallax.analyze import analyze

    verdicts = "A jury found the skipper guilty on all counts.\nFormer mayor Ada Lind guilty of bribery"
    articles = [
        analyze(Article(id="o0", source="Outlet 0", title="", text=verdicts)),
        analyze(Article(id="o1", source="Outlet 1", title="", text="The guilty skipper was led away on Friday.")),
    ]
    labels = of_kind(find_framing(articles, [], (), resources.nlp()), "label")
    assert [(i.articles, words(i, i.articles[0])) for i in labels] == [(("o1",), ("guilty skipper",))]


def test_word_choice_ignores_tense() -> None:
    """ "says" / "said" and "buys" / "bought" differ in tense only; "buy" / "acquire" is a choice of words."""
    articles, facts = _one_fact(
        "Harbor Freight says it buys the Eastport yard for $40 million.",
        "Harbor Freight said it bought the Eastport yard for $40 million.",
        "Harbor Freight said it acquired the Eastport yard for $40 million.",
    )
    items = of_kind(find_framing(articles, facts, (), resources.nlp()), "word_choice")
    assert [tuple(a for a, _ in i.terms) for i in items] == [("o0", "o1", "o2")]
    assert words(items[0], "o2") == ("acquired",)


def test_terms_of_art_are_not_labels() -> None:
    """A charge, an office or a kind of event names a thing; the same words can judge elsewhere."""
    from newsparallax.analyze import analyze

    plain = (
        "Bryn Tal faces negligent homicide charges, the special prosecutor said after a strong aftershock. "
        "Residents have no safe water."
    )
    judging = "The reckless skipper ignored the warnings, and the crossing was a disaster."
    articles = [
        analyze(Article(id="o0", source="Outlet 0", title="", text=plain)),
        analyze(Article(id="o1", source="Outlet 1", title="", text=judging)),
    ]
    labels = of_kind(find_framing(articles, [], (), resources.nlp()), "label")
    assert [i.articles for i in labels] == [("o1",)]
    assert set(words(labels[0], "o1")) >= {"reckless skipper", "disaster"}


def test_labels_for_one_side_of_a_dispute() -> None:
    """A pejorative for one side ("union bosses") and praise for the other ("generous offer") are labels."""
    from newsparallax.analyze import analyze

    articles = [
        analyze(
            Article(
                id="o0",
                source="Outlet 0",
                title="",
                text="Union bosses ordered 300 workers off the job, rejecting the company's generous offer.",
            )
        ),
        analyze(Article(id="o1", source="Outlet 1", title="", text="The union called a strike of 300 workers.")),
    ]
    labels = of_kind(find_framing(articles, [], (), resources.nlp()), "label")
    assert [i.articles for i in labels] == [("o0",)]
    assert set(words(labels[0], "o0")) == {"Union bosses", "generous offer"}


@pytest.mark.parametrize(
    ("hedged", "asserted", "paired"),
    [
        # The hedged claim's object must be the other's too: another object is another claim.
        ("The tremor reportedly damaged the Harlow Hotel.", "The tremor damaged about 135 homes in Dunmore.", False),
        (
            "The tremor reportedly damaged the Harlow Hotel.",
            "The tremor damaged the Harlow Hotel, its owner said.",
            True,
        ),
        ("The tremor reportedly damaged the Harlow hotel.", "The tremor damaged two hotels in Dunmore.", False),
        # A sentence without a verb asserts nothing, whatever it shares.
        ("Dorn allegedly struck 4 guards near the Vell depot gate.", "About 4 guards near the Vell depot gate.", False),
        # A pronoun subject names no one to match the claim with.
        ("It was unclear whether they could close the old bridge.", "The council closed the old bridge.", False),
        # A hedged noun is the claim itself: "a suspected smuggler" / "a smuggler".
        ("A suspected smuggler held at the port was freed.", "A smuggler held at the port was freed on bail.", True),
        # "It appears that …" hedges its clause; a question asserts nothing, so it hedges nothing either.
        (
            "It appears that the flaw affects every Orbit browser.",
            "The flaw affects every Orbit browser, they said.",
            True,
        ),
        ("Could the flaw affect every Orbit browser in use?", "The flaw affects every Orbit browser in use.", False),
        # A statement under a modal hedges too: "can", "must" set nothing as fact against "could"; a reported
        # "would" does ("said the gates would stay open").
        (
            "Attackers could take over every Orbit browser, Vell said.",
            "Attackers can take over every Orbit browser with one page.",
            False,
        ),
        (
            "The Vell gates could stay open through the weekend.",
            "Brandt said the Vell gates would stay open through the weekend.",
            True,
        ),
    ],
)
def test_certainty_pairs_only_the_same_claim(hedged: str, asserted: str, paired: bool) -> None:
    articles, _ = _one_fact(hedged, asserted)
    items = of_kind(find_framing(articles, [], (), resources.nlp()), "certainty")
    assert bool(items) is paired


def test_a_word_of_a_name_or_title_is_no_label() -> None:
    """ "the film IN GOOD COMPANY", "the Great Lakes Relief Fund": names, not the outlet's judgement."""
    from newsparallax.analyze import analyze

    text = "Orla Venn also directed IN GOOD COMPANY. The Great Lakes Relief Fund paid for the terrible repairs."
    articles = [
        analyze(Article(id="o0", source="Outlet 0", title="", text=text)),
        analyze(Article(id="o1", source="Outlet 1", title="", text="The repairs were paid for by a fund.")),
    ]
    labels = of_kind(find_framing(articles, [], (), resources.nlp()), "label")
    assert [words(i, "o0") for i in labels] == [("terrible repairs",)]


def test_a_shouted_headline_kicker_still_judges() -> None:
    """Capitals inside running text mark a title; a kicker in capitals ("INFERNO ON PIER 9: …") is emphasis."""
    from newsparallax.analyze import analyze

    articles = [
        analyze(Article(id="o0", source="Outlet 0", title="", text="INFERNO ON PIER 4: crews worked all night.")),
        analyze(Article(id="o1", source="Outlet 1", title="", text="A fire on Pier 4 kept crews busy all night.")),
    ]
    labels = of_kind(find_framing(articles, [], (), resources.nlp()), "label")
    assert [words(i, "o0") for i in labels] == [("INFERNO",)]


@pytest.mark.parametrize(
    ("sentence", "background"),
    [
        ("The Vell authority has been draining the reservoir for weeks without notice.", True),
        ("Dorn has had a history of violent outbursts at the depot.", True),
        ("A trial date has been set for Dorn at the county court.", False),  # passive present perfect: news
        ("Dorn waited in the wings for history to arrive at the county court.", False),
    ],
)
def test_background_cues(sentence: str, background: bool) -> None:
    from newsparallax.analyze import analyze
    from newsparallax.model import Mention

    articles = [
        analyze(Article(id="o0", source="Outlet 0", title="", text=sentence)),
        analyze(Article(id="o1", source="Outlet 1", title="", text="Crews reopened the depot road on Friday.")),
    ]
    facts = [Fact("f1", (Mention("o0", 0, 0, len(sentence)),)), Fact("f2", (Mention("o1", 0, 0, 40),))]
    context = of_kind(find_framing(articles, facts, (), resources.nlp()), "context")
    assert bool([i for i in context if i.articles == ("o0",)]) is background


def _terms(items: Sequence[Framing]) -> list[tuple[tuple[str, tuple[str, ...]], ...]]:
    return [tuple(i.terms) for i in items]


@pytest.mark.parametrize(
    ("texts", "expected"),
    [
        # Two verbs are one act only when they act on the same thing: "found guilty" / "convicted" share the
        # passive subject and the object of "of"; "shot and killed a watchman" is another act.
        (
            (
                "Dorn was found guilty last month of killing a night watchman at the Vell depot.",
                "Outside the depot, Dorn shot and killed a night watchman.",
                "Dorn was convicted last month of killing a night watchman at the Vell depot.",
            ),
            [(("o0", ("found guilty",)), ("o2", ("convicted",)))],
        ),
        # Two verbs of a sequence: "took the keys and drove off" / "took the keys and hid in the shed".
        (("Dorn took the keys and drove off in the van.", "Dorn took the keys and hid in the shed."), []),
        # The shared argument may sit behind another preposition ("keep clear of" / "stay away from").
        (
            (
                "The mayor urged people to keep clear of the riverbank on Friday.",
                "The mayor asked people to stay away from the riverbank on Friday.",
            ),
            [(("o0", ("urged",)), ("o1", ("asked",))), (("o0", ("keep clear",)), ("o1", ("stay away",)))],
        ),
        # Nouns after one shared preposition under different verbs fill no slot: "in the future" / "in the case".
        (
            (
                "Anyone who deals with Dorn in the future should be careful, the judge said.",
                "Dorn faced more than 40 charges in the case, the judge said.",
            ),
            [],
        ),
        # A raising verb's passive subject does the act: "Tal is seen telling" / "Tal said".
        (
            (
                "Harbor master Ilse Tal is seen telling a reporter in the video that the pier is closed.",
                "Harbor master Ilse Tal said in the video that the pier is closed.",
            ),
            [(("o0", ("seen telling a reporter",)), ("o1", ("said",)))],
        ),
        # A shared subject alone joins two verbs only when both report speech.
        (
            (
                "Keiran Voss scored on a 35-yard return late in the game.",
                "Keiran Voss intercepted a pass late in the game.",
            ),
            [],
        ),
        (
            (
                "Dam director Hollis Brandt said the gates would stay open.",
                "Dam director Hollis Brandt insisted the gates would stay open.",
            ),
            [(("o0", ("said",)), ("o1", ("insisted",)))],
        ),
        # One word in two spellings, or two figures, is no choice of words.
        (("Thieves took the jewellery records.", "Thieves took the jewelry records."), []),
        (("Thieves took the theatre records.", "Thieves took the theater records."), []),
        (("Thieves took the defence records.", "Thieves took the defense records."), []),
        (
            (
                "Marek Dul has hit at least 30 homers in each of the past five seasons.",
                "Marek Dul has hit 13 home runs in each of the past five seasons.",
            ),
            [],
        ),
    ],
)
def test_word_choice_slots(texts: tuple[str, ...], expected: list[tuple[tuple[str, tuple[str, ...]], ...]]) -> None:
    articles, facts = _one_fact(*texts)
    assert _terms(of_kind(find_framing(articles, facts, (), resources.nlp()), "word_choice")) == expected
