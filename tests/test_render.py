"""The text, Markdown and JSON reports, and the format dispatch; the HTML report has test_render_html.py.

``story()`` builds a comparison dict by hand (three fictional articles) so these tests need no model.
"""

from __future__ import annotations

import copy
import json
import re
from typing import Any

import pytest

from newsparallax.render import FORMATS, render

EVIL_TITLE = "Harbor <script>alert(1)</script> fire"
EVIL_BODY = "Crews used </script><img src=x onerror=alert(1)> foam | *bold* _it_ `code` [x](y)."

ANSI = re.compile(r"\x1b\[[0-9;]*m")


def _article(article_id: str, source: str, title: str, paragraphs: list[list[str]], **meta: Any) -> dict[str, Any]:
    """An article dict with paragraph and sentence offsets computed from the sentences given."""
    text = ""
    paras: list[dict[str, int]] = []
    sentences: list[dict[str, Any]] = []
    for p, sents in enumerate(paragraphs):
        if p:
            text += "\n"
        p_start = len(text)
        for n, sentence in enumerate(sents):
            if n:
                text += " "
            start = len(text)
            text += sentence
            boilerplate = sentence.startswith("Photo:")
            sentences.append(
                {"id": len(sentences), "start": start, "end": len(text), "paragraph": p, "boilerplate": boilerplate}
            )
        paras.append({"start": p_start, "end": len(text)})
    return {
        "id": article_id,
        "source": source,
        "title": title,
        "text": text,
        "path": meta.get("path"),
        "url": meta.get("url"),
        "published": meta.get("published"),
        "author": meta.get("author"),
        "language": "en",
        "paragraphs": paras,
        "sentences": sentences,
        "quantities": [],
        "dates": [],
    }


def _span(article: dict[str, Any], needle: str, sentence: int | None = None) -> dict[str, Any]:
    start = article["text"].index(needle)
    span: dict[str, Any] = {"article": article["id"], "start": start, "end": start + len(needle), "text": needle}
    if sentence is not None:
        span["sentence"] = sentence
    return span


def _mention(article: dict[str, Any], sentence: int, coverage: str = "full") -> dict[str, Any]:
    s = article["sentences"][sentence]
    text = article["text"][s["start"] : s["end"]]
    span = {"article": article["id"], "sentence": sentence, "start": s["start"], "end": s["end"], "text": text}
    return span | {"coverage": coverage}


def story(optional: bool = True) -> dict[str, Any]:
    """Three small articles: one fact shared by all, two by some (one with a number conflict), two unique."""
    a = _article(
        "aaa111",
        "Coastal Wire",
        EVIL_TITLE,
        [
            ["A fire broke out at the harbor on Monday.", "Officials said 12 people were hurt."],
            ['The mayor called it "a tragedy for our city".', "Photo: Staff"],
        ],
        url="https://coastal.example/fire?a=1&b=2",
        published="2024-05-06",
        author="Ann Lee",
    )
    b = _article(
        "bbb222",
        "Daily *Star* | Bay",
        "Blaze at the harbor",
        [
            ["A fire broke out at the harbor on Monday.", "Officials said 15 people were hurt."],
            ['The mayor called it "a terrible tragedy for the city".', EVIL_BODY],
        ],
        url="javascript:alert(1)",
    )
    c = _article(
        "ccc333", "Harbor Times", "Port closed", [["Fire broke out in the harbor Monday.", "The port reopens Friday."]]
    )
    facts = [
        {"id": "f1", "articles": ["aaa111", "bbb222", "ccc333"], "shared_by": 3, "status": "all",
         "mentions": [_mention(a, 0), _mention(b, 0), _mention(c, 0, "partial")], "conflicts": []},
        {"id": "f2", "articles": ["aaa111", "bbb222"], "shared_by": 2, "status": "some",
         "mentions": [_mention(a, 1), _mention(b, 1)],
         "conflicts": [{"kind": "number", "values": {"aaa111": "12", "bbb222": "15"},
                        "mentions": [_span(a, "12"), _span(b, "15")],
                        "explanation": "the sources give different numbers of people hurt"}]},
        {"id": "f3", "articles": ["aaa111", "bbb222"], "shared_by": 2, "status": "some",
         "mentions": [_mention(a, 2), _mention(b, 2)], "conflicts": []},
        {"id": "f4", "articles": ["bbb222"], "shared_by": 1, "status": "unique",
         "mentions": [_mention(b, 3)], "conflicts": []},
        {"id": "f5", "articles": ["ccc333"], "shared_by": 1, "status": "unique",
         "mentions": [_mention(c, 1)], "conflicts": []},
    ]  # fmt: skip
    data: dict[str, Any] = {
        "format": "1.1",
        "generator": {"name": "newsparallax", "version": "0.1.0"},
        "settings": {"embedder": "onnx"},
        "articles": [a, b, c],
        "facts": facts,
        "coverage": [
            {"article": "aaa111", "adds": [], "omits": ["f4", "f5"]},
            {"article": "bbb222", "adds": ["f4"], "omits": ["f5"]},
            {"article": "ccc333", "adds": ["f5"], "omits": ["f2", "f3", "f4"]},
        ],
        "issues": [{"input": "notes.txt", "reason": "empty file", "level": "failure"}],
    }
    if not optional:
        return data
    quote_a = _span(a, "a tragedy for our city") | {"speaker": "the mayor", "cue": "called", "kind": "direct"}
    quote_b = _span(b, "a terrible tragedy for the city") | {"speaker": "the mayor", "cue": "called", "kind": "direct"}
    data["summary"] = [
        {"text": "A fire broke out at the harbor on Monday.", "kind": "consensus",
         "citations": [_span(a, "A fire broke out"), _span(c, "Fire broke out")]},
        {"text": "The sources disagree on how many people were hurt.", "kind": "conflict",
         "citations": [_span(a, "12"), _span(b, "15")]},
    ]  # fmt: skip
    data["quotes"] = [
        {"id": "q1", "speaker": "the mayor", "articles": ["aaa111", "bbb222"], "match": "altered",
         "diff": [{"article": "bbb222", "op": "insert", "a": "", "b": "terrible"},
                  {"article": "bbb222", "op": "replace", "a": "our", "b": "the"}],
         "paraphrase": False, "mentions": [quote_a, quote_b]},
        {"id": "q2", "speaker": None, "articles": ["ccc333"], "match": "single", "diff": [], "paraphrase": True,
         "mentions": [_span(c, "The port reopens Friday") | {"speaker": None, "cue": None, "kind": "reported"}]},
    ]  # fmt: skip
    data["reuse"] = [
        {"articles": ["aaa111", "bbb222"], "text": "A fire broke out at the harbor on Monday.", "words": 9,
         "kind": "narrative", "spans": [_span(a, "A fire broke out at the harbor on Monday."),
                                        _span(b, "A fire broke out at the harbor on Monday.")]},
    ]  # fmt: skip
    data["framing"] = [
        {"kind": "word_choice", "articles": ["aaa111", "bbb222"],
         "terms": {"aaa111": ["tragedy"], "bbb222": ["terrible tragedy"]},
         "spans": [_span(a, "tragedy"), _span(b, "terrible tragedy")],
         "explanation": "Daily Star intensifies the mayor's word"},
    ]  # fmt: skip
    return data


def _plain(text: str) -> str:
    return ANSI.sub("", text)


@pytest.mark.parametrize("fmt", FORMATS)
def test_render_every_format_is_deterministic_and_leaves_the_data_alone(fmt: str) -> None:
    data = story()
    before = copy.deepcopy(data)
    first = render(data, fmt)
    assert first == render(story(), fmt)
    assert data == before


def test_render_unknown_format_raises_naming_it() -> None:
    with pytest.raises(ValueError, match="'pdf'"):
        render(story(), "pdf")


def test_render_json_is_the_data() -> None:
    assert json.loads(render(story(), "json")) == story()


@pytest.mark.parametrize("fmt", ["text", "markdown"])
def test_render_text_and_markdown_have_every_section(fmt: str) -> None:
    out = _plain(render(story(), fmt, width=100))
    for heading in (
        "Summary",
        "Overview",
        "Shared by all",
        "Conflicts",
        "Coverage",
        "Quotes",
        "Reused passages",
        "Framing",
        "Input issues",
    ):
        assert heading in out, heading
    assert out.index("Summary") < out.index("Overview")
    assert "Coastal Wire" in out and "Harbor Times" in out
    assert "A fire broke out at the harbor on Monday." in out
    assert "notes.txt" in out and "empty file" in out
    assert "12" in out and "15" in out
    assert "The port reopens Friday." in out  # what Harbor Times adds, as its sentence


@pytest.mark.parametrize("fmt", ["text", "markdown"])
def test_render_text_and_markdown_skip_missing_optional_sections(fmt: str) -> None:
    out = _plain(render(story(optional=False), fmt))
    for heading in ("Summary", "Quotes", "Reused passages", "Framing"):
        assert heading not in out
    assert "Overview" in out and "Conflicts" in out


@pytest.mark.parametrize("fmt", FORMATS)
def test_render_empty_optional_sections_and_no_facts(fmt: str) -> None:
    data = story()
    data.update(summary=[], quotes=[], reuse=[], framing=[], facts=[], issues=[])
    data["coverage"] = [{"article": a["id"], "adds": [], "omits": []} for a in data["articles"]]
    out = render(data, fmt)
    assert "Coastal Wire" in out
    if fmt != "json":
        assert "Summary" not in _plain(out)


def test_render_text_counts_and_colour() -> None:
    plain = render(story(), "text", width=100)
    assert "\x1b[" not in plain
    assert "3 articles" in plain
    assert re.search(r"1\D+shared by all", plain) and re.search(r"2\D+shared by some", plain)
    coloured = render(story(), "text", color=True, width=100)
    assert "\x1b[" in coloured
    assert _plain(coloured).split() == plain.split()


def test_render_text_keeps_markup_like_text_literal() -> None:
    data = story()
    data["articles"][0]["source"] = "[bold]Wire[/bold] :smile:"
    out = render(data, "text", color=True)
    assert "[bold]Wire[/bold] :smile:" in _plain(out)


def test_render_text_fits_the_width() -> None:
    for width in (60, 100):
        out = render(story(), "text", width=width)
        assert max(len(line) for line in out.splitlines()) <= width


def test_render_markdown_escapes_article_text() -> None:
    out = render(story(), "markdown")
    assert "<script>" not in out and "<img" not in out
    assert "Daily \\*Star\\* \\| Bay" in out
    assert "foam \\| \\*bold\\* \\_it\\_ \\`code\\` \\[x\\](y)" in out
    assert "javascript:" not in out  # a non-web URL is never a link
    assert "(https://coastal.example/fire?a=1&b=2)" in out


def test_render_markdown_tables_stay_tables() -> None:
    out = render(story(), "markdown")
    for line in out.splitlines():
        if line.startswith("|"):
            cells = re.split(r"(?<!\\)\|", line)
            assert cells[0] == "" and cells[-1] == "", line


@pytest.mark.parametrize("fmt", ["text", "markdown", "html"])
def test_render_a_quote_attributed_differently_says_so_per_outlet(fmt: str) -> None:
    data = story()
    data["quotes"][0]["attributions"] = {"aaa111": "the mayor", "bbb222": "Rosa Lind"}
    out = _plain(render(data, fmt, width=160))
    assert "attributed to" in out and "Rosa Lind" in out
    data["quotes"][0]["attributions"] = {"aaa111": "the mayor", "bbb222": None}  # naming no one is no disagreement
    assert "attributed to" not in _plain(render(data, fmt, width=160))


@pytest.mark.parametrize("fmt", ["text", "markdown", "html"])
def test_render_a_framing_entry_without_words_says_so(fmt: str) -> None:
    data = story()
    data["framing"].append(
        {"kind": "tone", "articles": ["aaa111", "bbb222"], "terms": {"aaa111": ["disaster"], "bbb222": []},
         "spans": [], "explanation": "The same fact in a different tone", "fact": None}
    )  # fmt: skip
    out = _plain(render(data, fmt, width=160))
    assert out.count("(none)") == 1
    entries = re.findall(r"<li>.*?</li>", out) if fmt == "html" else out.splitlines()
    line = next(x for x in entries if "(none)" in x)
    assert "Star" in line and "disaster" not in line  # bbb222's entry ("Daily *Star* | Bay"), not aaa111's
