"""Conflicts are only looked for inside one fact; these build facts by hand to test each kind in isolation."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from newsparallax.analyze import analyze
from newsparallax.body_parse import parse_body
from newsparallax.conflicts import _lone_pair, find_conflicts
from newsparallax.model import Article, Fact, Mention


def _fact(*texts: str, published: str | None = "2026-03-13") -> tuple[Fact, list[Article]]:
    articles = [
        analyze(Article(id=f"a{n}", source=f"Outlet {n}", title="t", text=text, published=published))
        for n, text in enumerate(texts)
    ]
    mentions = tuple(Mention(a.id, 0, 0, len(a.text)) for a in articles)
    return Fact("f1", mentions), articles


def _kinds(*texts: str, nlp: Any = None, published: str | None = "2026-03-13") -> list[str]:
    fact, articles = _fact(*texts, published=published)
    (result,) = find_conflicts([fact], articles, nlp)
    return [c.kind for c in result.conflicts]


@pytest.mark.parametrize(
    ("a", "b", "kinds"),
    [
        ("At least 12 people were injured in the blast.", "The blast injured 15 workers.", []),
        ("Twelve people were injured in the blast.", "The blast injured 15 workers.", ["number"]),
        ("More than 40 workers were evacuated.", "Some 43 employees were moved out.", []),
        ("Two dozen boats were damaged.", "24 boats were damaged, officials said.", []),
        ("Two dozen boats were damaged.", "27 boats were damaged, officials said.", ["number"]),
        ("The fire started on Thursday night.", "The blaze broke out on Friday night.", ["date"]),
        ("The crews left on Wednesday, before the Jan. 30 deadline.", "Crews left on Wednesday.", []),
        ("Residents must leave by June 30.", "Residents left on Wednesday.", []),  # a deadline is not a departure
        ("The company confirmed the leak.", "The company denied the leak.", ["negation"]),
        ("The mayor did not sign the order.", "The mayor signed the order on Friday.", ["negation"]),
        ("It was not clear whether all 300 residents left.", "All 300 residents left.", []),  # a hedge
        ("If the crews did not leave, they would be arrested.", "The crews were forced to leave early.", []),
    ],
)
def test_conflicts_by_kind(a: str, b: str, kinds: list[str]) -> None:
    assert _kinds(a, b) == kinds


def test_conflicts_explain_with_sources_and_values() -> None:
    fact, articles = _fact("Twelve people were injured.", "Fifteen people were injured.")
    (result,) = find_conflicts([fact], articles)
    (conflict,) = result.conflicts
    assert dict(conflict.values) == {"a0": "Twelve (= 12 people)", "a1": "Fifteen (= 15 people)"}
    assert "Outlet 0" in conflict.explanation and "Outlet 1" in conflict.explanation
    texts = [articles[int(s.article[1])].text[s.start : s.end] for s in conflict.mentions]
    assert texts == ["Twelve", "Fifteen"]


def test_conflicts_skip_facts_of_one_article() -> None:
    article = analyze(Article(id="a0", source="s", title="t", text="Twelve people were injured."))
    fact = Fact("f1", (Mention("a0", 0, 0, len(article.text)),))
    assert find_conflicts([fact], [article]) == (fact,)


@pytest.mark.slow
def test_conflicts_names_in_the_same_role() -> None:
    from newsparallax import resources

    nlp = resources.nlp()
    assert _kinds("Fire chief Ilse Varga ordered the evacuation.", "Fire chief Ilse Varga ordered it.", nlp=nlp) == []
    assert _kinds(
        "Chief Ilse Varga ordered the evacuation.", "Chief Tomas Brandt ordered the evacuation.", nlp=nlp
    ) == ["name"]
    # A relative's surname is not the name: "Laci Peterson" is not named where only "Scott Peterson" is.
    assert _kinds(
        "Prosecutors say Tomas Brandt killed Anna Brandt in December.",
        "Prosecutors say Tomas Brandt killed Maria Kovacs in December.",
        nlp=nlp,
    ) == ["name"]
    # The tagger reads both "Varga"s of the second sentence as an organisation; she is named there all the same.
    assert (
        _kinds(
            "Governor Varga ordered the evacuation of the harbor this morning.",
            "Varga spokesman Tomas Brandt said that Varga ordered the evacuation of the harbor.",
            nlp=nlp,
        )
        == []
    )


@pytest.mark.parametrize(
    ("a", "b", "kinds"),
    [
        # Word-tokenised copy: clock times, scores and spaced thousands are not counts.
        ("Posted 7: 35 am. The Rams won 20 - 13 at home.", "Posted 8: 05 am. The Rams won 20 - 13 at home.", []),
        ("The base model costs $1, 099.", "The base model costs $1,099.", []),
        ("10News reported the arrest.", "The station reported the arrest on its 6 o'clock show.", []),
        # Two sums in different currencies are one amount converted, not a disagreement.
        ("Jewels worth 103 million euros were taken.", "Jewels worth £88m were taken.", []),
        # Bounds: close lower bounds are one figure rounded; far ones are different figures.
        ("More than 220,000 people died.", "At least 230,000 people died.", []),
        ("Over 2.5 million people could vote.", "Over 6 million people could vote.", ["number"]),
        ("More than 50 diplomats left.", "Fewer than 40 diplomats left.", ["number"]),
        # One unmatched figure on each side conflicts though the others agree.
        ("Traffic fell by 80 percent in Egypt and 65 percent in India.", "Traffic fell by 123 percent in Egypt and "
         "65 percent in India.", ["number"]),
        # Negation: modal, "no", "if" clauses and infinitives assert nothing; spaced and bare contractions count.
        ("Vance wouldn't comment on the report.", "Vance has not commented on the report.", []),
        ("There were no immediate reports of damage.", "No damage was reported.", []),
        ("Even if he had a gun, he would not aim it.", "He did not have a gun.", []),
        ("The cause has not been determined.", "Crews are trying to determine the cause.", []),
        ("The case hadn ’ t been submitted by Tuesday.", "The case hadn't been submitted by Tuesday.", []),
        ("I cant speak for the first death.", "I can't speak for the first death.", []),
        ("The champion has not lost in four years.", "The champion won his tenth bout.", []),
        ("Witnesses say Okafor did not have a gun.", "Some neighbours don't believe Okafor had a gun.", []),
        ("Witnesses say Okafor did not have a gun.", "Police say Okafor had a gun.", ["negation"]),
        ("In 1970 Varga was a Navy lieutenant.", "In 1970 Varga was not a Navy lieutenant.", ["negation"]),
        # A denied noun phrase is denied whole: no city-wide ferry service is not the city-wide bus passes.
        ("Riders can get city-wide bus passes at the depot.", "The town doesn't have a city-wide ferry service yet.",
         []),
        ("The town has a city-wide ferry service.", "The town doesn't have a city-wide ferry service yet.",
         ["negation"]),
        ("The game will be the first one of the weekend.", "The game will not be the first one of the weekend.",
         ["negation"]),
        # A quoted denied word, an adverb before it, a modal held against the same modal; "not known as" is no hedge.
        ('Kell said she was "heartbroken" over the loss.', 'Kell said she was not "heartbroken" over the loss.',
         ["negation"]),
        ("A guard was also killed outside the gate.", "A guard was not additionally killed outside the gate.",
         ["negation"]),
        ("The deal would pay off within a year.", "The deal would not pay off within a year.", ["negation"]),
        ("Hackers can also reach the files.", "Hackers cannot reach the files.", ["negation"]),
        ("The levee will hold.", "The levee won't hold.", ["negation"]),
        ('Orme was known as the "fixer" of the deal.', 'Orme was not known as the "fixer" of the deal.', ["negation"]),
        ("Vance would not comment on the report.", "Vance commented on the report.", []),
        # "Not only … but also" adds to what it says and denies nothing; "not just" alone still denies.
        ("Ortiz not only shot the guard but also robbed the store.", "Ortiz shot the guard and robbed the store.", []),
        ("The fire was just an accident, officials said.", "The fire was not just an accident, officials said.",
         ["negation"]),
        # The denied word stays in its clause: "said" is passed over, "provincial" belongs to the next one.
        ("No damage had been reported, provincial chief Ana Ruiz said.",
         "No damage had been said, provincial chief Ana Ruiz stated.", []),
        # Dates: weekdays are held against weekdays; a second, agreeing date does not hide a changed one.
        ("The vote was on Wednesday 05 May 2010.", "The vote was on Friday 05 May 2010.", ["date"]),
        ("Vance was charged on May 1, 2005 and Oler on Nov. 1, 2004.",
         "Vance was charged on October 1, 2005 and Oler on Nov. 1, 2004.", ["date"]),
        ("Posted: Sep 27, 2013 A jury convicted the man.", "Posted: Sep 28, 2013 A jury convicted the man.", []),
        # Figures pair one to one: the two "over 70" agree with each other, so 100 and 153 are left to clash.
        ("The cut took 100 percent of traffic in Lorne and over 70 percent in Vey.",
         "The cut took 153 percent of traffic in Lorne and over 70 percent in Vey.", ["number"]),
        ("The cut took 100 percent of traffic in Lorne and over 70 percent in Vey.",
         "The cut took 100 percent of traffic in Lorne and over 70 percent in Vey, the operator said.", []),
        # Sentences packed with figures that share little wording: which figure answers which is a guess.
        ("He made 8 of 14 shots from the field and grabbed seven rebounds.",
         "He finished the day with a career - high 14 points and 6 rebounds.", []),
        ("Okoro made 8 of 14 shots from the field and grabbed seven rebounds.",
         "Okoro made 8 of 14 shots from the field and grabbed six rebounds.", ["number"]),
        # The end of a range is no other year.
        ("Varga finished her career in 1978 with 2,290 points.",
         "Varga set the mark of 2,290 points from 1974 to 1978.", []),
        # A part against the whole: "his first 17 passes" were completed too, so 29 of 34 agrees.
        ("Varga completed 29 of 34 passes for 364 yards.", "Varga completed his first 17 passes.", []),
    ],
)  # fmt: skip
def test_conflicts_read_what_is_stated(a: str, b: str, kinds: list[str]) -> None:
    assert _kinds(a, b, published=None) == kinds


@pytest.mark.slow
def test_conflicts_read_figures_and_names_off_the_parse() -> None:
    from newsparallax import resources

    nlp = resources.nlp()

    def kinds(a: str, b: str) -> list[str]:
        fact, articles = _fact(a, b)
        docs = {x.id: parse_body(x, nlp) for x in articles}
        (result,) = find_conflicts([fact], articles, nlp, docs)
        return [c.kind for c in result.conflicts]

    # What a figure counts comes from the parse: ships are not pirates, an age is not a count of victims.
    assert kinds("The frigate intercepted 3 pirate ships.", "The frigate seized 26 Somali pirates.") == []
    assert kinds("Yvonne Hiller, 43, shot two co-workers.", "Hiller killed two workers at the plant.") == []
    assert kinds("Yvonne Hiller, 43, shot two co-workers.", "Yvonne Hiller, 44, shot two co-workers.") == ["number"]
    assert kinds("Wayne caught a seven-yard pass.", "Wayne scored from the 32-yard line.") == []
    # One name spelled two ways is one conflict, whoever spells it which way.
    fact, articles = _fact(
        "Mayor Bertrand Kessle opened the shelter.",
        "Mayor Bertrand Kessler opened the shelter.",
        "Mayor Bertrand Kessle opened a shelter.",
    )
    docs = {x.id: parse_body(x, nlp) for x in articles}
    (result,) = find_conflicts([fact], articles, nlp, docs)
    (conflict,) = result.conflicts
    assert conflict.kind == "name"
    assert "Outlet 0 and Outlet 2 say Bertrand Kessle vs Outlet 1 says Bertrand Kessler" in conflict.explanation
    # An unmatched name against the one unmatched name in the same role, beside names both sides share.
    assert kinds(
        "President Obama said he would nominate Dr. Regina Benjamin as surgeon general.",
        "President Obama said he would nominate Dr. Maria Kovacs as surgeon general.",
    ) == ["name"]
    assert kinds("Katie Jenkin and her mother were found at home.", "Katie and her mother were found at home.") == []
    assert kinds(
        "Helen Marsh, a hospital director, said a boy was killed when a wall collapsed.",
        "A boy was killed when a wall collapsed, Tomas Brandt, a hospital director, stated.",
    ) == ["name"]
    # The same words before two names do not: the reporter and the man who shot her.
    assert (
        kinds(
            "Gail Renner, daughter of the court reporter Ada Quill, spoke at the hearing.",
            "Gail Renner, daughter of the court reporter Voss shot, spoke at the hearing.",
        )
        == []
    )
    # A figure naming its noun agrees with one of the other side that names none.
    assert kinds("Pell had 10 points in the first 7 minutes.", "Pell scored 10 of the team's first 17 points.") == []


@pytest.mark.slow
def test_conflicts_on_the_bundled_examples(examples_dir: Path) -> None:
    """The conflicts the examples were written to carry, found end to end (alignment included)."""
    from newsparallax import compare, read

    found = {}
    for story in ("dam-release", "harbor-fire"):
        result = compare([read(str(p)) for p in sorted((examples_dir / story).iterdir()) if p.is_file()])
        found[story] = [c.explanation for f in result.facts for c in f.conflicts]
    dam, harbor = "\n".join(found["dam-release"]), "\n".join(found["harbor-fire"])
    assert "says 40 vs" in dam and "says 38" in dam
    assert "Bertrand Kessle vs" in dam and "Bertrand Kessler" in dam
    assert "Hollis Brandt vs" in dam and "Howard Brandt" in dam
    assert "Two dozen (= 24 firefighters)" in harbor and "27" in harbor
    assert "Tuesday" in harbor and "Wednesday" in harbor
    # The 2019 fire at the same pier (two boats) is another event: no conflict with this week's three boats.
    assert not any("boat" in line for line in found["harbor-fire"])


def test_conflicts_pair_lone_names_by_the_words_after_them() -> None:
    """The parser's role for a name shifts with the sentence around it; the description after it does not."""
    texts = (
        "Helen Marsh, a hospital director, said a boy was hurt.",
        "A boy was hurt, Tomas Brandt, a hospital director, said.",
    )
    fact, articles = _fact(*texts)
    by_id = {a.id: a for a in articles}
    marsh = ("PERSON", "Helen Marsh", "nsubj", 0, 11)
    at = texts[1].index("Tomas")
    brandt = ("PERSON", "Tomas Brandt", "appos", at, at + len("Tomas Brandt"))
    first, second = fact.mentions
    assert _lone_pair(by_id, (first, [marsh]), (second, [brandt])) == (marsh, brandt)
    # Two unmatched names on one side: only the one standing before the same words pairs.
    who = ("PERSON", "Ada", "nsubj", 38, 41)
    assert _lone_pair(by_id, (first, [marsh]), (second, [who, brandt])) == (marsh, brandt)
    # Different words after them and different roles: no pair.
    other = ("PERSON", "Ada", "pobj", 38, 41)
    assert _lone_pair(by_id, (first, [marsh]), (second, [other])) is None


def test_a_clash_between_two_sentences_that_state_two_facts_is_reported_once() -> None:
    fact, articles = _fact("Twelve people were injured in the blast.", "The blast injured 15 workers.")
    twin = Fact("f2", fact.mentions)  # the same two sentences, aligned into a second fact as well
    first, second = find_conflicts([fact, twin], articles)
    assert [c.kind for c in first.conflicts] == ["number"] and second.conflicts == ()
