"""spaCy's attribute ruler run on token arrays: the same annotations as the ruler itself, in a fraction of the time."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy
import pytest

from newsparallax import body_parse, resources
from newsparallax.attribute_rules import KEYS, AttributeRules
from newsparallax.model import Article
from newsparallax.segment import segment

ATTRS = [*body_parse._ATTRS, "LOWER", "IS_SPACE"]

# Written to meet the ruler's rules: contractions and their lemmas ("ain't", "gonna", "gotta", "let's", "y'all",
# "c'mon"), negation, auxiliaries, "there is", subordinating conjunctions, a line break (whitespace tokens).
RULED = (
    "The ferry ain't leaving tonight, and we're gonna wait, the captain said. Y'all should've left by noon.\n\n"
    "\"C'mon, let's go,\" a deckhand shouted, though nobody moved. There were 14 cars on board; there is no "
    "crossing until the fog lifts, because the radar isn't working. She didn't say whether it'd be fixed. "
    "We gotta be patient, she'd told them, if they can't wait they may take the bus."
)


def _readings(articles: list[Article]) -> list[Any]:
    return [doc.to_array(ATTRS) for doc in body_parse.parse_bodies(articles, resources.nlp())]


def _compared(articles: list[Article], monkeypatch: pytest.MonkeyPatch) -> None:
    ruler, rules = body_parse._attribute_rules(resources.nlp())
    assert ruler is not None and rules is not None  # the array rules run for the pipeline we ship
    ours = _readings(articles)
    with monkeypatch.context() as patched:
        patched.setattr(body_parse, "_attribute_rules", lambda nlp: (None, None))
        stock = _readings(articles)
    assert len(ours) == len(stock)
    for article, mine, theirs in zip(articles, ours, stock, strict=True):
        differing = [(int(r), ATTRS[c]) for r, c in numpy.argwhere(mine != theirs)[:5]]
        assert not differing, f"{article.id}: {differing}"


def test_the_rules_annotate_as_spacys_ruler(monkeypatch: pytest.MonkeyPatch, examples_dir: Path) -> None:
    from newsparallax import read

    articles = [segment(Article(id="ruled", source="s", title="t", text=RULED))]
    articles += [read(str(p)) for p in sorted(examples_dir.glob("*/*.txt"))]
    _compared(articles, monkeypatch)
    # The text does meet the rules: lemmas only the ruler gives, and its part-of-speech exceptions.
    doc = body_parse.parse_body(articles[0], resources.nlp())
    lemmas = {t.lower_: t.lemma_ for t in doc if t.lemma_}
    assert {"ai": "be", "gon": "go", "na": "to", "n't": "not"}.items() <= lemmas.items()
    assert {t.pos_ for t in doc if t.lower_ in {"though", "because", "whether"}} == {"SCONJ"}


@pytest.mark.slow
def test_the_rules_annotate_real_coverage_as_spacys_ruler(monkeypatch: pytest.MonkeyPatch) -> None:
    corpus = Path(__file__).resolve().parents[2] / "shared" / "data" / "ecbplus" / "docs.jsonl"
    if not corpus.exists():
        pytest.skip("../shared/data/ecbplus is not present")
    with corpus.open(encoding="utf-8") as lines:
        records = [json.loads(line) for _, line in zip(range(120), lines, strict=False)]
    articles = [segment(Article(id=f"e{i}", source="s", title="t", text=r["text"])) for i, r in enumerate(records)]
    _compared(articles, monkeypatch)


def _blank_ruler(patterns: list[dict[str, Any]]) -> tuple[Any, Any]:
    import spacy

    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add_patterns(patterns)
    return nlp, ruler


def test_a_rule_of_two_tokens_never_matches_across_documents() -> None:
    nlp, ruler = _blank_ruler(
        [
            {"patterns": [[{"LOWER": "gon"}, {"LOWER": "na"}]], "attrs": {"LEMMA": "to"}, "index": 1},
            {"patterns": [[{"LOWER": {"REGEX": "^y'?$"}}, {"LOWER": "all"}]], "attrs": {"LEMMA": "you"}, "index": 0},
            {"patterns": [[{"LOWER": "na"}]], "attrs": {"POS": "PART"}},
        ]
    )
    columns = ["POS", "LEMMA"]
    rules = AttributeRules.compile(ruler, columns)
    assert rules is not None
    docs = [nlp.make_doc(t) for t in ("we gon", "na wait , y", "all of us gon na", "y all stay")]
    values = rules.apply([d.to_array(columns) for d in docs], [d.to_array(list(KEYS)) for d in docs])
    stacked = numpy.concatenate(values)
    expected = numpy.concatenate([ruler(d).to_array(columns) for d in docs])
    assert numpy.array_equal(stacked, expected)
    lemmas = [nlp.vocab.strings[int(v)] if v else "" for v in stacked[:, 1]]
    assert lemmas.count("to") == 1 and lemmas.count("you") == 1  # "gon | na" and "y | all" span two documents


@pytest.mark.parametrize(
    "pattern",
    [
        [{"LOWER": "wait", "OP": "?"}],  # an operator
        [{"LENGTH": 4}],  # an attribute the arrays do not carry
        [{"LOWER": {"FUZZY": "wait"}}],  # another predicate
    ],
)
def test_rules_the_arrays_cannot_reproduce_leave_spacys_ruler_in_place(pattern: list[dict[str, Any]]) -> None:
    _, ruler = _blank_ruler([{"patterns": [pattern], "attrs": {"POS": "VERB"}}])
    assert AttributeRules.compile(ruler, ["POS"]) is None


def test_the_ruler_runs_itself_when_a_later_component_may_read_it() -> None:
    nlp, _ = _blank_ruler([{"patterns": [[{"LOWER": "wait"}]], "attrs": {"POS": "VERB"}}])
    nlp.add_pipe("ner")
    ruler, rules = body_parse._attribute_rules(nlp)
    assert ruler is not None and rules is not None  # the entity recogniser does not read what the ruler writes
    nlp.add_pipe("sentencizer")
    assert body_parse._attribute_rules(nlp) == (None, None)
