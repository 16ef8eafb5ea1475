"""The HTML report: self-contained, escapes every untrusted string, and carries the data its script needs."""

from __future__ import annotations

import html
import json
import re
from html.parser import HTMLParser
from typing import Any

import pytest

from newsparallax.render import render
from newsparallax.render_html import embed_json
from test_render import EVIL_TITLE, story

VOID = {"meta", "br", "input", "img", "link", "hr", "wbr"}
DATA_BLOCK = re.compile(r'<script type="application/json" id="parallax-data">(.*?)</script>', re.S)


class Page(HTMLParser):
    """Records every tag and attribute, and fails on elements that do not nest."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack.pop() != tag:
            self.errors.append(f"</{tag}> does not close the open element")

    def with_attr(self, name: str) -> list[dict[str, str | None]]:
        return [attrs for _, attrs in self.tags if name in attrs]


def _page(data: dict[str, Any]) -> tuple[str, Page]:
    out = render(data, "html")
    return out, Page(out)


def _embedded(out: str) -> Any:
    blocks = DATA_BLOCK.findall(out)
    assert len(blocks) == 1
    return json.loads(blocks[0])


def test_html_has_every_section_and_is_well_formed() -> None:
    out, page = _page(story())
    assert out.startswith("<!doctype html>")
    ids = {attrs.get("id") for tag, attrs in page.tags if tag == "section"}
    assert ids == {"summary", "articles", "facts", "conflicts", "coverage", "quotes", "reuse", "framing", "issues"}
    assert not page.errors and page.stack == []
    assert "notes.txt" in out and "empty file" in out
    assert "A fire broke out at the harbor on Monday." in out


def test_html_is_one_self_contained_file() -> None:
    out, page = _page(story())
    assert not [t for t, _ in page.tags if t == "link"], "no <link>: the CSS is inlined"
    assert not page.with_attr("src"), "no src=: scripts and styles are inline, there are no images"
    assert "<style>" in out and ":root" in out and "parallax-data" in out
    hrefs = [str(attrs["href"]) for attrs in page.with_attr("href")]
    assert all(h.startswith("#") or h == "https://coastal.example/fire?a=1&b=2" for h in hrefs), hrefs
    assert 'href="https://coastal.example/fire?a=1&amp;b=2"' in out
    assert "javascript:" not in " ".join(hrefs)  # Daily Star's non-web URL is not linked
    csp = [a for t, a in page.tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy"]
    assert csp and str(csp[0]["content"]).startswith("default-src 'none'")


def test_html_escapes_untrusted_text_everywhere() -> None:
    out, page = _page(story())
    assert "<script>alert(1)" not in out and "<img" not in out
    assert out.count("</script>") == 2  # the data block's and the page script's own end tags
    assert [t for t, _ in page.tags].count("script") == 2
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out
    assert "&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;" in out
    assert "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e" in DATA_BLOCK.findall(out)[0]
    assert not [name for _, attrs in page.tags for name in attrs if name.startswith("on")]


def test_html_escapes_ids_sources_and_urls_in_attributes() -> None:
    data = story()
    article = data["articles"][0]
    evil_id = '"><script>alert(1)</script>'
    for fact in data["facts"]:
        fact["articles"] = [evil_id if a == article["id"] else a for a in fact["articles"]]
        for mention in fact["mentions"]:
            mention["article"] = evil_id if mention["article"] == article["id"] else mention["article"]
    article["id"] = evil_id
    article["source"] = "</script><b onclick=alert(1)>Wire"
    article["url"] = 'https://x.example/"onmouseover="alert(1)'
    article["text"] += "\u2028"
    out, page = _page(data)
    assert "<script>alert(1)" not in out and "<b " not in out
    assert not [name for _, attrs in page.tags for name in attrs if name.startswith("on")]
    assert any(attrs.get("data-a") == evil_id for attrs in page.with_attr("data-a"))
    assert 'href="https://x.example/&quot;onmouseover=&quot;alert(1)"' in out
    assert "\u2028" not in DATA_BLOCK.findall(out)[0]
    assert _embedded(out) == data


def test_html_embedded_json_parses_back_to_the_data() -> None:
    data = story()
    assert _embedded(render(data, "html")) == data
    assert json.loads(embed_json({"t": "</script><!-- & \u2029"})) == {"t": "</script><!-- & \u2029"}


def test_html_every_sentence_is_a_focusable_span_coloured_by_status() -> None:
    data = story()
    _, page = _page(data)
    spans = {(a["data-a"], a["data-s"]): a for t, a in page.tags if t == "span" and "data-s" in a}
    expected = {(a["id"], str(s["id"])) for a in data["articles"] for s in a["sentences"]}
    assert set(spans) == expected
    assert all(a["tabindex"] == "0" and str(a["class"]).startswith("s st-") for a in spans.values())
    status = {key: str(a["class"]).split()[1] for key, a in spans.items()}
    assert status[("aaa111", "0")] == "st-all"
    assert status[("aaa111", "1")] == "st-conflict"
    assert status[("aaa111", "2")] == "st-some"
    assert status[("aaa111", "3")] == "st-boilerplate"
    assert status[("bbb222", "3")] == "st-unique"


def test_html_keeps_the_article_text() -> None:
    data = story()
    out = render(data, "html")
    for n, article in enumerate(data["articles"]):
        column = re.search(rf'<article class="col" id="col-{n}".*?<div class="body"[^>]*>(.*?)</div>', out, re.S)
        assert column
        paragraphs = re.findall(r"<p>(.*?)</p>", column[1], re.S)
        text = "\n".join(html.unescape(re.sub(r"<[^>]+>", "", p)) for p in paragraphs)
        assert text == article["text"]


def test_html_marks_framing_terms_conflict_values_and_quote_changes() -> None:
    out = render(story(), "html")
    assert '<mark class="fr" data-fr="0">terrible tragedy</mark>' in out
    assert '<mark class="cf">12</mark>' in out and '<mark class="cf">15</mark>' in out
    assert "<del>our</del> → <ins>the</ins>" in out and "<ins>terrible</ins>" in out
    assert 'id="show-framing"' in out


def test_html_overlapping_marks_still_nest() -> None:
    data = story()
    text = data["articles"][1]["text"]
    start = text.index("terrible")
    data["framing"].append(
        {"kind": "tone", "articles": ["bbb222"], "terms": {"bbb222": ["a terrible"]},
         "spans": [{"article": "bbb222", "start": start - 2, "end": start + 8}], "explanation": "x"}
    )  # fmt: skip
    out, page = _page(data)
    assert not page.errors
    assert '<mark class="fr" data-fr="0 1">terrible</mark>' in out


def test_html_every_jump_target_names_spans_in_the_data() -> None:
    data = story()
    _, page = _page(data)
    paths = [str(a["data-path"]) for a in page.with_attr("data-path")]
    assert {p.split("/")[0] for p in paths} == {"summary", "facts", "quotes", "reuse", "framing"}
    for path in paths:
        node: Any = data
        for part in path.split("/"):
            node = node[int(part)] if isinstance(node, list) else node[part]
        spans = [node] if "start" in node else node.get("mentions") or node.get("spans") or node.get("citations")
        assert spans and all({"article", "start", "end"} <= set(s) for s in spans), path


def test_html_without_optional_keys() -> None:
    data = story(optional=False)
    out, page = _page(data)
    ids = {attrs.get("id") for tag, attrs in page.tags if tag == "section"}
    assert ids == {"articles", "facts", "conflicts", "coverage", "issues"}
    assert 'id="show-framing"' not in out and '<mark class="fr"' not in out
    assert _embedded(out) == data


@pytest.mark.parametrize("title", [EVIL_TITLE, ""])
def test_html_title_is_escaped_or_defaulted(title: str) -> None:
    data = story()
    data["articles"][0]["title"] = title
    out = render(data, "html")
    heading = re.search(r"<title>(.*?)</title>", out)
    assert heading and "<" not in heading[1]
    assert heading[1] == ("Parallax: " + html.escape(title) if title else "Parallax: untitled story")
