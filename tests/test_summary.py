"""The neutral summary on the fictional flood story (flood_story.py, facts aligned by hand: fast)."""

from __future__ import annotations

from pathlib import Path

import pytest

from flood_story import story
from newsparallax import resources
from newsparallax.framing import find_framing
from newsparallax.model import Article, Fact, Framing, Mention, Span, SummarySentence
from newsparallax.summary import citation_support, shared_fact_coverage, summarize


@pytest.fixture(scope="module")
def flood() -> tuple[list[Article], list[Fact], tuple[Framing, ...], tuple[SummarySentence, ...]]:
    articles, facts = story()
    framing = find_framing(articles, facts, (), resources.nlp())
    return articles, facts, framing, summarize(articles, facts, framing)


def test_summary_has_three_to_eight_sentences_each_citing_valid_spans(flood) -> None:  # type: ignore[no-untyped-def]
    articles, _, _, summary = flood
    texts = {a.id: a.text for a in articles}
    assert 3 <= len(summary) <= 8
    for sentence in summary:
        assert sentence.citations
        for c in sentence.citations:
            assert 0 <= c.start < c.end <= len(texts[c.article])


def test_consensus_takes_the_least_loaded_wording_and_cites_every_mention(flood) -> None:  # type: ignore[no-untyped-def]
    _, facts, _, summary = flood
    consensus = [s for s in summary if s.kind == "consensus"]
    first = consensus[0]
    assert first.text.startswith("City officials ordered 200 residents")  # not "Incompetent city officials"
    assert "MARROW BEND" not in first.text  # the dateline is dropped
    assert set(first.citations) == {m.span for m in facts[0].mentions}


def test_unique_lines_name_their_source_and_conflicts_are_stated_as_conflicts(flood) -> None:  # type: ignore[no-untyped-def]
    _, _, _, summary = flood
    unique = [s.text for s in summary if s.kind == "unique"]
    assert any(t.startswith("Only in Metro Wire: ") for t in unique)
    assert any(t.startswith("Only in Daily Gazette: ") for t in unique)
    (conflict,) = [s for s in summary if s.kind == "conflict"]
    assert conflict.text == "Sources differ on how many volunteers: Metro Wire says About 40; Daily Gazette says 45."
    kinds = [s.kind for s in summary]
    assert kinds == sorted(kinds, key=["consensus", "unique", "conflict"].index)


def test_summary_words_are_supported_by_their_citations(flood) -> None:  # type: ignore[no-untyped-def]
    articles, facts, _, summary = flood
    assert citation_support(summary, articles) == 1.0
    assert shared_fact_coverage(summary, facts) == 1.0


def test_citation_support_drops_for_words_no_citation_holds(flood) -> None:  # type: ignore[no-untyped-def]
    articles, _, _, summary = flood
    invented = SummarySentence("Bridges collapsed everywhere.", "consensus", summary[0].citations)
    assert citation_support((invented,), articles) == 0.0
    assert citation_support((), articles) == 1.0


def test_summary_respects_max_sentences(flood) -> None:  # type: ignore[no-untyped-def]
    articles, facts, framing, _ = flood
    assert len(summarize(articles, facts, framing, max_sentences=3)) == 3


def test_shared_fact_coverage_counts_cited_shared_facts(flood) -> None:  # type: ignore[no-untyped-def]
    _, facts, _, summary = flood
    only_first = [s for s in summary if set(s.citations) == {m.span for m in facts[0].mentions}]
    assert shared_fact_coverage(only_first, facts) == pytest.approx(1 / 3)
    assert shared_fact_coverage((), [f for f in facts if len(f.articles) == 1]) == 1.0
    assert isinstance(summary[0].citations[0], Span)


@pytest.mark.slow
@pytest.mark.parametrize("story", ["dam-release", "harbor-fire"])
def test_every_summary_word_is_in_a_cited_span_on_the_examples(examples_dir: Path, story: str) -> None:
    """End to end on the bundled stories, conflict lines included ("Sources differ on the date: … Tuesday")."""
    from newsparallax import compare, read

    comparison = compare([read(str(p)) for p in sorted((examples_dir / story).iterdir()) if p.is_file()])
    assert any(s.kind == "conflict" for s in comparison.summary)
    assert citation_support(comparison.summary, comparison.articles) == 1.0


def test_unique_lines_skip_fragments_and_time_stamps() -> None:
    first = Article(id="a", source="Wire", title="t", text="7: 15 a. m.\nThe ferry left the dock an hour late.")
    second = Article(id="b", source="Daily", title="t", text=", Lyons said.\nThe island's school closed early.")
    facts = (
        Fact("f1", (Mention("a", 0, 0, 11),)),
        Fact("f2", (Mention("a", 1, 12, 48),)),
        Fact("f3", (Mention("b", 0, 0, 13),)),
        Fact("f4", (Mention("b", 1, 14, 46),)),
    )
    unique = [s.text for s in summarize([first, second], facts, ()) if s.kind == "unique"]
    assert unique == [
        "Only in Wire: The ferry left the dock an hour late.",
        "Only in Daily: The island's school closed early.",
    ]


def test_consensus_prefers_a_mention_that_reads_on_its_own() -> None:
    first = Article(id="a", source="Wire", title="t", text="It was near the old mill where the boy was hurt on Friday.")
    second = Article(id="b", source="Daily", title="t", text="The boy was hurt on Friday near the old mill.")
    fact = Fact("f1", (Mention("a", 0, 0, len(first.text)), Mention("b", 0, 0, len(second.text))))
    (line,) = [s.text for s in summarize([first, second], (fact,), ()) if s.kind == "consensus"]
    assert line == second.text


@pytest.mark.parametrize(
    "stamp",
    [
        "Thu, 12 Mar 2026 02: 45 PM ",
        "posted Mar 12th, 2026 at 2: 45 PM ",
        "March 12, 2026 at 02: 45 PM ET ",
        "On March 12, 2026 at 2: 45 pm ",
        "AUGUST 12, 2026 | 08: 06AM PT ",
        "12 March 2026, 10: 00 (GMT+05: 00) ",
        "First Posted: 03 / 12 / 26 06: 44 PM ET Updated: 03 / 12 / 26 07: 12 PM ET ",
        "WEDNESDAY, MARCH 11, 2026, 10: 53 AM ",
    ],
)
def test_consensus_drops_a_time_stamp_glued_to_the_lead(stamp: str) -> None:
    first = Article(id="a", source="Wire", title="t", text=f"{stamp}A ferry ran aground off Gull Point.")
    second = Article(id="b", source="Daily", title="t", text="A ferry ran aground off Gull Point on Thursday.")
    fact = Fact("f1", (Mention("a", 0, 0, len(first.text)), Mention("b", 0, 0, len(second.text))))
    (line,) = [s.text for s in summarize([first, second], (fact,), ()) if s.kind == "consensus"]
    assert line == "A ferry ran aground off Gull Point."


@pytest.mark.parametrize(
    ("aside", "news"),
    [
        ("Kessler said during the hearing.", "The ferry service will resume on Friday after repairs."),  # short
        ("They had 26 crew members aboard, all from the island.", "The ferry Kestrel ran aground off Gull Point."),
    ],
    ids=["short-attribution", "points-back"],
)
def test_unique_line_prefers_a_sentence_that_reads_on_its_own(aside: str, news: str) -> None:
    text = f"{aside}\n{news}"
    first = Article(id="a", source="Wire", title="t", text=text)
    second = Article(id="b", source="Daily", title="t", text="The island's school closed early on Monday.")
    facts = (
        Fact("f1", (Mention("a", 0, 0, len(aside)),)),
        Fact("f2", (Mention("a", 1, len(aside) + 1, len(text)),)),
        Fact("f3", (Mention("b", 0, 0, len(second.text)),)),
    )
    unique = [s.text for s in summarize([first, second], facts, ()) if s.kind == "unique"]
    assert unique[0] == f"Only in Wire: {news}"


def test_consensus_puts_a_line_that_reads_on_its_own_before_one_that_points_back() -> None:
    first = Article(
        id="a",
        source="Wire",
        title="t",
        text="He scored two of his three goals in that spell.\nThe Harbor FC striker will miss the final.",
    )
    second = Article(
        id="b",
        source="Daily",
        title="t",
        text="He scored two of his three goals in that spell.\nThe Harbor FC striker misses the final.",
    )
    facts = (
        Fact("f1", (Mention("a", 0, 0, 47), Mention("b", 0, 0, 47))),
        Fact("f2", (Mention("a", 1, 48, len(first.text)), Mention("b", 1, 48, len(second.text)))),
    )
    consensus = [s.text for s in summarize([first, second], facts, ()) if s.kind == "consensus"]
    assert consensus == [
        "The Harbor FC striker will miss the final.",
        "He scored two of his three goals in that spell.",
    ]


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("On March 12, 2026 Gull Point ferries stopped running.", True),  # a date the sentence states
        ("March 12, 2026 at Gull Point, ferries stopped running.", True),
        ("1999 Toyota pickups were recalled across the state.", True),
    ],
)
def test_a_date_the_sentence_states_is_no_stamp(text: str, kept: bool) -> None:
    from newsparallax.summary import _clean

    assert (_clean(text) == text) is kept


def test_a_quotation_split_across_sentences_gets_its_other_mark() -> None:
    from newsparallax.summary import _clean

    assert (
        _clean('"Being asked to skipper the ferry is a privilege.')
        == '"Being asked to skipper the ferry is a privilege."'
    )
    assert _clean('I cannot wait to start, " she said.') == '"I cannot wait to start, " she said.'
    assert _clean("Crews called it “a long night.") == "Crews called it “a long night.”"
    assert _clean('“ We stayed, " a crew member said.') == '“ We stayed, " a crew member said.'


@pytest.mark.parametrize(
    ("unit", "topic"),
    [
        ("volunteers", "how many volunteers"),
        ("people", "how many people"),
        ("scale", "the figure"),
        (None, "the figure"),
    ],
)
def test_conflict_line_asks_how_many_only_of_what_is_counted(unit: str | None, topic: str) -> None:
    from newsparallax.model import Conflict
    from newsparallax.summary import _conflict_line

    conflict = Conflict("number", (("a", "5.9"), ("b", "3.8")), (), "")
    line = _conflict_line(conflict, {"a": "Wire", "b": "Daily"}, {"a": unit, "b": unit})
    assert line == f"Sources differ on {topic}: Wire says 5.9; Daily says 3.8."
