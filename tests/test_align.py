"""Fact alignment on small invented stories; these load the embedder once per session."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from newsparallax.align import _SAME_ARTICLE_REPEAT, align
from newsparallax.model import Article, Fact
from newsparallax.settings import DEFAULT

pytestmark = pytest.mark.slow

WIRE = (
    "Fire crews battled a blaze at the Kestrel Bay fuel depot on Friday night after a tank exploded.",
    "The port authority said more than 40 workers had been evacuated from the site, but the union said the "
    "alarm system had failed for the second time this year.",
    "“We were lucky that the wind turned,” fire chief Ilse Varga told reporters.",
    "In 2019, a smaller fire at the same depot injured three people in March.",
)
DAILY = (
    "A tank exploded at the Kestrel Bay depot late on Friday, setting off a fire that burned for hours.",
    "“We were lucky that the wind turned,” said Ilse Varga, the fire chief.",
    "Some 43 employees were moved out of the depot, according to the port authority.",
    "The depot's owner, Halvorsen Energy, said it would pay for a full inquiry.",
)


def _facts(make_article: Callable[..., Article], embedder: Any, *stories: tuple[str, ...]) -> tuple[Fact, ...]:
    articles = [make_article(f"a{n}", *paras) for n, paras in enumerate(stories)]
    return align(articles, embedder.embed, DEFAULT)


def _shared_texts(facts: tuple[Fact, ...], articles: dict[str, Article]) -> list[set[str]]:
    return [{articles[m.article].text[m.start : m.end] for m in f.mentions} for f in facts if len(f.articles) > 1]


def test_align_groups_paraphrases_and_keeps_unique_facts(make_article: Any, embedder: Any) -> None:
    wire, daily = make_article("a0", *WIRE), make_article("a1", *DAILY)
    facts = align([wire, daily], embedder.embed, DEFAULT)
    shared = _shared_texts(facts, {"a0": wire, "a1": daily})
    assert {WIRE[0], DAILY[0]} in shared
    assert {WIRE[2], DAILY[1]} in shared
    # The evacuation clause of the wire sentence aligns with the daily's paraphrase, not the union clause.
    assert {"The port authority said more than 40 workers had been evacuated from the site", DAILY[2]} in shared
    unique = [f for f in facts if f.articles == ("a1",)]
    assert any(
        wire.text.find("Halvorsen") < 0 and "Halvorsen" in daily.text[m.start : m.end]
        for f in unique
        for m in f.mentions
    )


def test_align_keeps_a_near_miss_apart(make_article: Any, embedder: Any) -> None:
    wire, daily = make_article("a0", *WIRE), make_article("a1", *DAILY)
    facts = align([wire, daily], embedder.embed, DEFAULT)
    near_miss = next(f for f in facts if any("2019" in wire.text[m.start : m.end] for m in f.mentions))
    assert near_miss.articles == ("a0",)


def test_align_one_sentence_can_state_two_facts(make_article: Any, embedder: Any) -> None:
    first = make_article(
        "a0",
        "“The depot was never inspected,” union leader Tomas Brandt said. “We warned them in writing twice.”",
    )
    second = make_article(
        "a1",
        "Calling the blaze avoidable, union leader Tomas Brandt said in a statement: “We warned them in writing "
        "twice.” He added that “the depot was never inspected.”",
    )
    facts = align([first, second], DEFAULT and embedder.embed, DEFAULT)
    shared = [f for f in facts if len(f.articles) == 2]
    assert len(shared) == 2
    for fact in facts:
        for mention in fact.mentions:
            source = first if mention.article == "a0" else second
            sentence = source.sentences[mention.sentence]
            assert sentence.start <= mention.start < mention.end <= sentence.end


def test_align_a_second_statement_with_a_figure_in_words_is_its_own_fact(make_article: Any, embedder: Any) -> None:
    # ", and three of them were treated …" states a second fact; whole, the sentence matched only the rescue.
    wire = make_article(
        "a0", "Rescue boats carried all 80 crew to shore within two hours, and three of them were treated for burns."
    )
    daily = make_article(
        "a1",
        "All 80 crew were brought ashore by rescue boats within two hours.",
        "Three sailors were treated for burns.",
    )
    shared = _shared_texts(align([wire, daily], embedder.embed, DEFAULT), {"a0": wire, "a1": daily})
    assert {"three of them were treated for burns.", "Three sailors were treated for burns."} in shared
    assert {"Rescue boats carried all 80 crew to shore within two hours", daily.text.splitlines()[0]} in shared


def test_align_merges_a_fact_repeated_inside_one_article(make_article: Any, embedder: Any) -> None:
    teaser = "The harbor was closed to shipping until Monday."
    first = make_article("a0", teaser, "Crews worked through the night to cool the tanks.", teaser)
    second = make_article("a1", "Officials expect the long inquiry to take most of the year.")
    facts = align([first, second], embedder.embed, DEFAULT)
    repeated = [f for f in facts if len(f.mentions) == 2]
    assert len(repeated) == 1 and repeated[0].articles == ("a0",)


def test_align_is_deterministic(make_article: Any, embedder: Any) -> None:
    stories = [make_article(f"a{n}", *paras) for n, paras in enumerate((WIRE, DAILY, WIRE[::-1]))]
    assert align(stories, embedder.embed, DEFAULT) == align(stories, embedder.embed, DEFAULT)


def test_align_orders_facts_by_reach_then_position(make_article: Any, embedder: Any) -> None:
    wire, daily = make_article("a0", *WIRE), make_article("a1", *DAILY)
    facts = align([wire, daily], embedder.embed, DEFAULT)
    reach = [len(f.articles) for f in facts]
    assert reach == sorted(reach, reverse=True)
    assert [f.id for f in facts] == [f"f{n}" for n in range(1, len(facts) + 1)]


def test_align_joins_reports_that_disagree_on_a_detail(make_article: Any, embedder: Any) -> None:
    # The figure penalty keeps these apart on score alone; they are each other's best match and say the same
    # thing but for the number, so they are one fact and the conflict can be reported.
    wire = make_article(
        "a0",
        "Floodwater reached the Marrow Lane bridge on Thursday.",
        "A total of 40 people spent Thursday night at the shelter, according to the county's emergency office.",
        "In 2019, a smaller flood closed the same bridge for a week.",
    )
    daily = make_article(
        "a1",
        "The Marrow Lane bridge was under water by Thursday evening.",
        "County emergency manager Rhea Castell said 38 people stayed overnight at the shelter in the school gym.",
        "Schools in the valley will reopen on Monday.",
    )
    facts = align([wire, daily], embedder.embed, DEFAULT)
    shared = _shared_texts(facts, {"a0": wire, "a1": daily})
    assert any(any("40 people" in t for t in texts) and any("38 people" in t for t in texts) for texts in shared)
    assert not any(any("2019" in t for t in texts) for texts in shared)
    off = align([wire, daily], embedder.embed, DEFAULT.replace(align_clash_threshold=1.0))
    assert not any(any("40 people" in t for t in texts) for texts in _shared_texts(off, {"a0": wire, "a1": daily}))


@pytest.mark.parametrize(("when", "joined"), [(" of last year", False), ("", True)])
def test_align_tells_last_year_from_the_present_without_a_publication_date(
    make_article: Any, embedder: Any, when: str, joined: bool
) -> None:
    # The seeds' "notified in late November of last year" and "Last month, ... ordering staffers ... to leave"
    # are two orders; with no publication date, a unit naming no year still speaks of the story's present.
    first = make_article(
        "a0", f"The port workers were first told in late March{when} that the depot must prepare to close."
    )
    second = make_article(
        "a1",
        "Last month, the harbour board responded by ordering the port workers at the depot to leave by the end of "
        "this month.",
    )
    facts = align([first, second], embedder.embed, DEFAULT)
    assert any(len(f.articles) == 2 for f in facts) is joined


def test_align_a_shared_figure_is_no_agreement_when_the_same_kind_of_figure_clashes(embedder: Any) -> None:
    from newsparallax.align import score_matrix

    offer = "The Harbor Kings offered the striker an eight-year, {} million contract."
    for money, bonus in (("$200", True), ("$160", False)):
        texts = [offer.format("$200"), offer.format(money).replace("Harbor Kings", "Lake City Rovers")]
        scores = score_matrix(texts, embedder.embed(texts), DEFAULT)
        # The wording score is before the figure terms; the term agrees in both, the money only in the first.
        assert bool(scores.score[0, 1] > scores.wording[0, 1]) is bonus


def test_align_never_shares_a_fragment(make_article: Any, embedder: Any) -> None:
    # Identical fragments ("m.", ", Kessler said.") match perfectly and would make a "fact shared by all".
    first = make_article(
        "a0", "The ferry left the dock at 7 p.", "m.", "It reached the island an hour late, Kessler said."
    )
    second = make_article("a1", "The storm hit the coast at 5 p.", "m.", "Schools closed early across the county.")
    facts = align([first, second], embedder.embed, DEFAULT)
    assert not any(len(f.articles) == 2 for f in facts)


def test_align_an_age_is_no_agreement(embedder: Any) -> None:
    from newsparallax.align import score_matrix

    # The same person's age in two sentences says who they are, not that the sentences state one fact.
    texts = ["Jonas Varga, 20, was found guilty on Monday.", "Jonas Varga, 20, is the accused driver."]
    scores = score_matrix(texts, embedder.embed(texts), DEFAULT)
    assert scores.score[0, 1] == scores.wording[0, 1]


def test_align_a_quote_copied_inside_a_longer_sentence_is_one_fact(make_article: Any, embedder: Any) -> None:
    # The attribution frame dilutes both the embedding and the word overlap (0.53 on the real case this mirrors).
    first = make_article(
        "a0",
        "“We ask that you respect the family's privacy at this time,” the 41-year-old skipper's agent Tomas Brandt "
        "told the magazine exclusively for its Web site.",
    )
    second = make_article("a1", "“We ask that you respect the family's privacy at this time.”", "Ferries resume soon.")
    facts = align([first, second], embedder.embed, DEFAULT)
    assert [f.articles for f in facts if len(f.articles) == 2] == [("a0", "a1")]


def test_align_containment_needs_a_long_run_that_covers_the_shorter_unit() -> None:
    from newsparallax.align import _contained

    texts = [
        "The pier will stay closed until the inquiry ends, officials said on Monday.",
        "The pier will stay closed until the inquiry ends.",
        "The pier will stay closed for now.",  # five shared words: a phrase, not the statement
        "Officials said on Monday that the pier will stay closed until the inquiry ends and the crane is repaired "
        "and the ferry company has paid for the damage to the quay.",
    ]
    found = _contained(texts)
    assert found[0, 1] and found[1, 0] and found[1, 3] and found[3, 1]
    assert not found[0, 2] and not found[1, 2] and not found[2, 3]
    assert not found.diagonal().any()


def test_align_two_details_apart_are_two_events_not_a_conflict(make_article: Any, embedder: Any) -> None:
    """One differing detail is a conflict to report; a month and an amount both differing is another event."""
    facts = _facts(
        make_article,
        embedder,
        ("In May, thieves stole 910,000 euros worth of jewels from a courier of the Orsa firm in Vell.",),
        ("In July, a masked thief stole 88 million euros worth of jewels from the Orsa Hotel in Vell.",),
    )
    assert all(len(f.articles) == 1 for f in facts)


def test_align_compares_figures_only_where_they_can_change_a_fact(embedder: Any) -> None:
    from newsparallax.align import score_matrix

    # A pair worded alike gets the figure terms; a pair no figure could bring near a threshold is not compared
    # (a text of thousands of figures was quadratic), and stays below every threshold.
    texts = [
        "Crews evacuated 40 homes on Tarn Street overnight.",
        "Crews evacuated 38 homes on Tarn Street overnight.",
        "The league fined the club 5,000 euros for the flares.",
    ]
    scores = score_matrix(texts, embedder.embed(texts), DEFAULT)
    assert scores.score[0, 1] < scores.wording[0, 1]  # "40" / "38 homes": the penalty applies
    assert scores.score[0, 2] == scores.wording[0, 2] < DEFAULT.align_min_link


def _merge_rule(units: list[Any], score: Any, left: list[int], right: list[int]) -> bool:
    """The merge test pair by pair, as it was written before it went by array: the reference."""
    cross, repeats = [], 0
    for i in left:
        for j in right:
            if units[i].article == units[j].article:
                if units[i].sentence == units[j].sentence or score[i, j] < _SAME_ARTICLE_REPEAT:
                    return False
                repeats += 1
                continue
            value = float(score[i, j])
            if value < DEFAULT.align_min_link:
                return False
            cross.append(value)
    return repeats > 0 if not cross else sum(cross) / len(cross) >= DEFAULT.align_threshold


def test_align_merge_test_by_array_agrees_with_the_pair_by_pair_rule() -> None:
    import random

    import numpy as np

    from newsparallax.align import PairScores, Unit, _Clusters

    rng = random.Random(11)
    # Scores on and next to every threshold, in float32 as alignment keeps them: float32(0.45) is just under
    # 0.45 (align_min_link), so a test that compared in float32 would let that pair link.
    edges = [DEFAULT.align_min_link, DEFAULT.align_threshold, _SAME_ARTICLE_REPEAT]
    values = [np.float32(v) for e in edges for v in (e, np.nextafter(np.float32(e), np.float32(1)))]
    values += [np.float32(v) for v in (0.3, 0.5, 0.6, 0.64, 0.7, 0.9, 1.0)]
    merged = 0
    for _ in range(400):
        units = [Unit(rng.randrange(4), rng.randrange(3), 0, 1) for _ in range(rng.randint(2, 9))]
        n = len(units)
        score = np.array([[rng.choice(values) for _ in range(n)] for _ in range(n)], np.float32)
        none = np.zeros((n, n), bool)
        clusters = _Clusters(units, PairScores(score, score, none, none, []), DEFAULT)
        cut = rng.randint(1, n - 1)
        order = rng.sample(range(n), n)
        left, right = order[:cut], order[cut:]
        expected = _merge_rule(units, score, left, right)
        assert clusters.can_merge(left, right) == expected, (units, score, left, right)
        merged += expected
    assert 20 < merged < 380  # both outcomes were exercised
