"""The report as Markdown (CommonMark with GitHub tables): the terminal report's content, without its cuts.

Article text is untrusted and may hold Markdown or HTML: :func:`md` escapes it so it always reads as the
plain words it is, and only http(s) URLs become links.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote

from newsparallax.render_view import (
    NO_TERMS,
    STATUS_LABELS,
    TITLES,
    View,
    kind_label,
    quote_attributions,
    quote_changes,
    quoted,
    reuse_label,
    safe_url,
    shorten,
)

SUMMARY_LABELS = {"consensus": "Agreed", "unique": "Only one source", "conflict": "Disputed"}
REUSE_LIMIT = 300  # a reused passage can run for paragraphs; the report shows where it starts

_INLINE = re.compile(r"([\\`*_\[\]|~$])")
_HTML = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})
# Reserved URL characters stay as they are; parentheses, spaces, "<", ">" and "|" would end the link or a cell.
_URL_SAFE = ":/?#[]@!$&'*+,;=%~"
_BLOCK_START = re.compile(r"^([#+\-=])|^(\d+)([.)])")


def md(text: object) -> str:
    """``text`` on one line with every character Markdown or HTML would act on neutralised."""
    line = " ".join(str(text).split()).translate(_HTML)
    line = _INLINE.sub(r"\\\1", line)
    # A leading "#", "-" or "1." would start a heading or list where the text begins a line or list item.
    return _BLOCK_START.sub(lambda m: f"\\{m[1]}" if m[1] else f"{m[2]}\\{m[3]}", line)


def md_quoted(text: str) -> str:
    return quoted(md(text))


def md_link(text: str, url: object) -> str:
    """A link when ``url`` is http(s); characters that would end the link destination are percent-encoded."""
    href = safe_url(url)
    if href is None:
        return md(text)
    return f"[{md(text)}]({quote(href, safe=_URL_SAFE)})"


def render_markdown(data: dict[str, Any]) -> str:
    view = View(data)
    lines: list[str] = []
    for section in (_header, _summary, _overview, _shared, _conflicts, _coverage, _quotes, _reuse, _framing, _issues):
        block = section(view)
        if block:
            lines += [*block, ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def _table(header: list[str], rows: list[list[str]], align: str = "") -> list[str]:
    """A GitHub table; ``align`` has one character per column, ``r`` for right-aligned numbers."""
    rule = ["--:" if align[i : i + 1] == "r" else "---" for i in range(len(header))]
    return [f"| {' | '.join(r)} |" for r in (header, rule, *rows)]


def _sources(view: View, article_ids: list[str]) -> str:
    return md(view.sources(article_ids))


def _header(view: View) -> list[str]:
    first = view.articles[0] if view.articles else {}
    title = md(first.get("title") or "untitled story")
    counts = view.status_counts()
    parts = [f"{counts[s]} {STATUS_LABELS[s]}" for s in ("all", "some", "unique")]
    conflicts = len(view.conflicts())
    n = len(view.articles)
    line = f"{n} article{'s' if n != 1 else ''} · {len(view.facts)} facts: {', '.join(parts)}"
    if conflicts:
        line += f" · {conflicts} conflicting detail{'s' if conflicts != 1 else ''}"
    return [f"# Parallax report: {title}", "", line]


def _summary(view: View) -> list[str]:
    items = view.section("summary")
    if not items:
        return []
    lines = [f"## {TITLES['summary']}", ""]
    for item in items:
        label = SUMMARY_LABELS.get(str(item.get("kind")), md(kind_label(item.get("kind", ""))))
        cited = [c["article"] for c in item.get("citations", [])]
        source = f" — *{_sources(view, cited)}*" if cited else ""
        lines.append(f"- **{label}:** {md(item.get('text', ''))}{source}")
    return lines


def _overview(view: View) -> list[str]:
    coverage = {c["article"]: c for c in view.data.get("coverage", [])}
    rows = []
    for article in view.articles:
        cov = coverage.get(article["id"], {})
        rows.append(
            [
                md(view.label(article["id"])),
                md_link(str(article.get("title") or "untitled"), article.get("url")),
                md(str(article.get("published") or "")[:10]),
                md(article.get("author") or ""),
                str(view.fact_count(article["id"])),
                str(len(cov.get("adds", []))),
                str(len(cov.get("omits", []))),
            ]
        )
    header = ["Source", "Headline", "Published", "Author", "Facts", "Adds", "Leaves out"]
    return [f"## {TITLES['overview']}", "", *_table(header, rows, "....rrr")]


def _shared(view: View) -> list[str]:
    facts = view.facts_with("all")
    if not facts:
        return []
    lines = [f"## {TITLES['shared']} ({len(facts)})"]
    for fact in facts:
        lines += ["", f"**{fact['id']}**", ""]
        lines += [f"- {md(view.label(a))}: {md_quoted(view.fact_text(fact, a))}" for a in fact.get("articles", [])]
    return lines


def _conflicts(view: View) -> list[str]:
    conflicts = view.conflicts()
    if not conflicts:
        return []
    lines = [f"## {TITLES['conflicts']} ({len(conflicts)})"]
    for _, fact, _, conflict in conflicts:
        lines += ["", f"### {fact['id']} · {md(kind_label(conflict.get('kind', '')))}", ""]
        if conflict.get("explanation"):
            lines += [md(conflict["explanation"]), ""]
        rows = [
            [md(view.label(a)), f"**{md(value)}**", md_quoted(view.fact_text(fact, a))]
            for a, value in conflict.get("values", {}).items()
        ]
        lines += _table(["Source", "Says", "Sentence"], rows)
    return lines


def _coverage(view: View) -> list[str]:
    coverage = view.coverage()
    if not coverage:
        return []
    lines = [f"## {TITLES['coverage']}"]
    for entry in coverage:
        article_id = entry["article"]
        lines += ["", f"### {md(view.label(article_id))}"]
        adds = [view.fact_by_id[f] for f in entry.get("adds", []) if f in view.fact_by_id]
        omits = [view.fact_by_id[f] for f in entry.get("omits", []) if f in view.fact_by_id]
        if adds:
            lines += ["", f"**Adds** ({len(adds)}), reported by no other source:", ""]
            for rank, fact in enumerate(adds, 1):
                said = view.added_sentence(fact, article_id)
                lines.append(f"{rank}. {md_quoted(said)}")
        if omits:
            lines += ["", f"**Leaves out** ({len(omits)}), reported by others:", ""]
            lines += [
                f"{rank}. {md_quoted(view.fact_text(fact))} — *{_sources(view, fact.get('articles', []))}*"
                for rank, fact in enumerate(omits, 1)
            ]
    return lines


def _quotes(view: View) -> list[str]:
    quotes = view.section("quotes")
    if not quotes:
        return []
    lines = [f"## {TITLES['quotes']} ({len(quotes)})"]
    for quote_item in quotes:
        speaker = md(quote_item.get("speaker") or "unknown speaker")
        tags = [md(quote_item.get("match", ""))] + (["paraphrased"] if quote_item.get("paraphrase") else [])
        lines += ["", f"### {speaker} · {', '.join(tags)}", ""]
        changes = quote_changes(quote_item)
        given = quote_attributions(quote_item)
        for mention in quote_item.get("mentions", []):
            line = f"- {md(view.label(mention['article']))}: {md_quoted(view.mention_text(mention))}"
            edits = [_change(*c) for c in changes.pop(mention["article"], [])]
            who = given.pop(mention["article"], None)
            line += f" (changes: {'; '.join(edits)})" if edits else ""
            lines.append(line + (f" — attributed to *{md(who)}*" if who else ""))
    return lines


def _change(op: str, before: str, after: str) -> str:
    if op == "insert":
        return f"added **{md(after)}**"
    if op == "delete":
        return f"dropped ~~{md(before)}~~"
    return f"~~{md(before)}~~ → **{md(after)}**"


def _reuse(view: View) -> list[str]:
    items = view.section("reuse")
    if not items:
        return []
    rows = [
        [
            md(reuse_label(item)),
            str(item.get("words", "")),
            _sources(view, item.get("articles", [])),
            md_quoted(shorten(view.reuse_text(item), REUSE_LIMIT)),
        ]
        for item in items
    ]
    return [f"## {TITLES['reuse']} ({len(items)})", "", *_table(["Kind", "Words", "Sources", "Passage"], rows, ".r")]


def _framing(view: View) -> list[str]:
    items = view.section("framing")
    if not items:
        return []
    lines = [f"## {TITLES['framing']} ({len(items)})"]
    for item in items:
        lines += ["", f"### {md(kind_label(item.get('kind', '')))} · {_sources(view, item.get('articles', []))}", ""]
        if item.get("explanation"):
            lines += [md(item["explanation"]), ""]
        lines += [
            f"- {md(view.label(a))}: {', '.join(md_quoted(t) for t in terms) or f'*{NO_TERMS}*'}"
            for a, terms in item.get("terms", {}).items()
        ]
    return lines


def _issues(view: View) -> list[str]:
    issues = view.data.get("issues", [])
    if not issues:
        return []
    rows = [[md(i.get("level", "failure")), md(i.get("input", "")), md(i.get("reason", ""))] for i in issues]
    return [f"## {TITLES['issues']} ({len(issues)})", "", *_table(["Level", "Input", "Reason"], rows)]
