"""The orchestrator on small invented articles: output shape, schema, offsets, errors."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

import jsonschema
import pytest

from newsparallax.errors import NotEnoughArticles
from newsparallax.model import Article, InputIssue
from newsparallax.pipeline import compare
from newsparallax.serialize import comparison_from_dict, schema_path

pytestmark = pytest.mark.slow

FIRST = (
    "The Linden Valley council voted 7-2 on Tuesday to raise bus fares by 20 cents from March 1.",
    "Read more: How the fare plan was drawn up",
    "Councillor Ada Brenner called the increase “a tax on the people who can least afford it.”",
)
SECOND = (
    "Bus fares in Linden Valley will go up 20 cents on March 1 after the council approved the plan on Tuesday.",
    "The transit agency said the change would close a $4 million gap in its budget.",
)


@pytest.fixture(scope="module")
def result() -> Any:
    articles = [
        Article(id="first", source="Valley Post", title="Fares rise", text="\n".join(FIRST)),
        Article(id="second", source="Metro Wire", title="Council backs fare plan", text="\n".join(SECOND)),
    ]
    return compare(articles, issues=[InputIssue("missing.txt", "no such file")])


def test_compare_json_validates_against_the_schema(result: Any) -> None:
    with open(schema_path(), encoding="utf-8") as handle:
        schema = json.load(handle)
    jsonschema.validate(result.to_dict(), schema)


def test_compare_mentions_reproduce_their_text(result: Any) -> None:
    data = result.to_dict()
    texts = {a["id"]: a["text"] for a in data["articles"]}
    for fact in data["facts"]:
        for mention in fact["mentions"]:
            assert texts[mention["article"]][mention["start"] : mention["end"]] == mention["text"]
    for article in data["articles"]:
        for sentence in article["sentences"]:
            assert 0 <= sentence["start"] < sentence["end"] <= len(article["text"])


def test_compare_aligns_the_shared_fact_and_keeps_boilerplate_out(result: Any) -> None:
    shared = [f for f in result.facts if len(f.articles) == 2]
    assert [result.text_of(m) for m in shared[0].mentions] == [FIRST[0], SECOND[0]]
    assert all("Read more" not in result.text_of(m) for f in result.facts for m in f.mentions)


def test_compare_carries_input_issues_and_coverage(result: Any) -> None:
    data = result.to_dict()
    assert data["issues"] == [{"input": "missing.txt", "reason": "no such file", "level": "failure"}]
    second = next(c for c in data["coverage"] if c["article"] == "second")
    budget = next(f for f in data["facts"] if "$4 million" in f["mentions"][0]["text"])
    assert budget["id"] in second["adds"]
    assert budget["status"] == "unique"


def test_compare_round_trips_through_json(result: Any) -> None:
    again = comparison_from_dict(json.loads(result.to_json()))
    assert again.to_dict() == result.to_dict()
    assert again.quotes == result.quotes  # attributions back in article order, though JSON sorts their keys


def test_compare_is_deterministic(result: Any) -> None:
    articles = list(result.articles)
    assert compare(articles).to_json() == compare(articles).to_json()


@pytest.mark.parametrize("count", [0, 1])
def test_compare_needs_two_articles(count: int) -> None:
    articles = [Article(id=f"a{n}", source="s", title="t", text="One sentence here.") for n in range(count)]
    with pytest.raises(NotEnoughArticles, match="at least two"):
        compare(articles)


@pytest.mark.parametrize("delay", [0.05, 0.1, 0.15, 0.2, 0.25])
def test_compare_failing_while_the_model_loads_exits_cleanly(delay: float) -> None:
    # Duplicate ids fail right after the embedder starts loading in the background. A process that exited while
    # the ONNX session was being built in C++ aborted ("terminate called without an active exception", status
    # -6): 7 of 10 runs did at a 0.1-0.2 s delay, so the delays sweep that window.
    script = (
        "import sys, time\n"
        "from newsparallax.model import Article\n"
        "from newsparallax.pipeline import compare\n"
        "a = Article(id='same', source='s', title='t', text='One sentence here.')\n"
        "try:\n"
        "    compare([a, a])\n"
        "except ValueError:\n"
        f"    time.sleep({delay})\n"
        "    sys.exit(3)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300)
    assert done.returncode == 3, done.stderr


def test_story_details_fills_in_what_its_worker_finds() -> None:
    """The parse, quantities, dates, quotes and reuse come from the worker thread beside alignment; unsegmented
    articles are segmented first, and each article carries what its own analyzers find."""
    from newsparallax.analyze import analyze
    from newsparallax.pipeline import story_details
    from newsparallax.quotes import find_quotes

    articles = [
        Article(id="first", source="Valley Post", title="Fares rise", text="\n".join(FIRST)),
        Article(id="second", source="Metro Wire", title="Council backs fare plan", text="\n".join(SECOND)),
    ]
    details = story_details(articles)
    assert [a.id for a in details.articles] == ["first", "second"] and set(details.docs) == {"first", "second"}
    for given, found in zip(articles, details.articles, strict=True):
        alone = analyze(given)
        assert found.sentences == alone.sentences
        assert (found.quantities, found.dates) == (alone.quantities, alone.dates) and found.quantities
        assert found.quotes == find_quotes(alone, details.docs[given.id])
    assert any(q.speaker == "Ada Brenner" for a in details.articles for q in a.quotes)


def test_an_error_in_the_worker_reaches_the_caller(monkeypatch: pytest.MonkeyPatch) -> None:
    from newsparallax import pipeline

    def failing(*_: Any, **__: Any) -> Any:
        raise RuntimeError("the quote reader failed")

    monkeypatch.setattr(pipeline, "find_quotes", failing)
    articles = [Article(id=n, source=n, title="t", text="\n".join(FIRST if n == "a" else SECOND)) for n in "ab"]
    with pytest.raises(RuntimeError, match="the quote reader failed"):
        pipeline.story_details(articles)
