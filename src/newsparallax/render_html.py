"""The HTML report: one self-contained page with the articles side by side and the analysis around them.

Security model: every string from the comparison is untrusted (article text, titles, sources, URLs). All of
it goes through :func:`esc` into element text or quoted attributes; only http(s) URLs become links. The data
the page script needs is embedded as a JSON data block with ``<``, ``>``, ``&``, U+2028 and U+2029 written
as ``\\u`` escapes, so no string can close the ``<script>`` element; the script parses it and writes to the
page through ``textContent`` and ``classList`` only. A Content-Security-Policy forbids every external load.
"""

from __future__ import annotations

import html
import itertools
import json
import re
from functools import cache
from importlib.resources import files
from typing import Any

from newsparallax.render_view import (
    LEGEND_ORDER,
    NO_TERMS,
    STATUS_LABELS,
    TITLES,
    Item,
    View,
    kind_label,
    quote_attributions,
    quote_changes,
    quoted,
    reuse_label,
    safe_url,
    shorten,
    squash,
)

REUSE_LIMIT = 400
_PLACEHOLDER = re.compile(r"\{\{ (\w+) \}\}")
# Characters that could end the script element or trip JavaScript parsers, written as JSON \u escapes.
_JSON_ESCAPES = str.maketrans({c: f"\\u{ord(c):04x}" for c in "<>&\u2028\u2029"})
SUMMARY_LABELS = {"consensus": "agreed", "unique": "one source", "conflict": "disputed"}
# (start, end, "cf" for a conflict value or "fr" for a framing term, the framing item's index or -1): the
# index lets the page script flash the terms of one framing item.
Mark = tuple[int, int, str, int]
NAV = {
    "summary": "Summary",
    "articles": "Articles",
    "facts": "Facts",
    "conflicts": "Conflicts",
    "coverage": "Coverage",
    "quotes": "Quotes",
    "reuse": "Reuse",
    "framing": "Framing",
    "issues": "Input issues",
}


def esc(value: object) -> str:
    return html.escape(str(value), quote=True)


def embed_json(data: dict[str, Any]) -> str:
    """``data`` as JSON that is safe inside ``<script type="application/json">`` and parses back unchanged."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(_JSON_ESCAPES)


@cache
def _static(name: str) -> str:
    return (files("newsparallax") / "static" / name).read_text(encoding="utf-8")


# The standalone report inlines its stylesheet and script, so its policy must allow inline blocks (and nothing
# from anywhere). Served by the web app, the report links them instead, under the app's stricter policy.
INLINE_POLICY = (
    '<meta http-equiv="Content-Security-Policy" '
    "content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">"
)


def render_html(data: dict[str, Any], *, assets: dict[str, str] | None = None, banner: str = "") -> str:
    """The report page for a comparison dict.

    By default the page is one self-contained file. ``assets`` maps file names to the URLs a server serves
    them at (``report.css``, ``report.js`` and any stylesheets or scripts of its own): they are linked instead
    of inlined, for a server that sends its own Content-Security-Policy with no inline code allowed;
    ``banner`` is trusted markup placed at the top of the body (the web app's navigation).
    """
    view = View(data)
    generator = data.get("generator", {})
    sections = [
        ("summary", _summary(view)),
        ("articles", _articles(view)),
        ("facts", _facts(view)),
        ("conflicts", _conflicts(view)),
        ("coverage", _coverage(view)),
        ("quotes", _quotes(view)),
        ("reuse", _reuse(view)),
        ("framing", _framing(view)),
        ("issues", _issues(view)),
    ]
    present = [(name, body) for name, body in sections if body]
    parts = {
        "title": esc(f"Parallax: {_story_title(view)}"),
        "generator": esc(f"{generator.get('name', 'newsparallax')} {generator.get('version', '')}".strip()),
        "policy": "" if assets else INLINE_POLICY,
        "styles": _styles(assets),
        "scripts": _scripts(assets),
        "banner": banner,
        "header": _header(view, [name for name, _ in present]),
        "main": "\n".join(body for _, body in present),
        "footer": _footer(view),
        "data": embed_json(data),
    }
    # One pass over the template only: text inserted for one placeholder is never scanned for another.
    return _PLACEHOLDER.sub(lambda m: parts[m[1]], _static("report.html"))


def _styles(assets: dict[str, str] | None) -> str:
    if assets:
        return "\n".join(
            f'<link rel="stylesheet" href="{esc(url)}">' for name, url in assets.items() if name.endswith(".css")
        )
    return f"<style>\n{_static('report.css')}\n</style>"


def _scripts(assets: dict[str, str] | None) -> str:
    if assets:
        return "\n".join(f'<script src="{esc(url)}"></script>' for name, url in assets.items() if name.endswith(".js"))
    return f"<script>\n{_static('report.js')}\n</script>"


# --- building blocks -------------------------------------------------------------------------------------


def _story_title(view: View) -> str:
    first = view.articles[0] if view.articles else {}
    return shorten(str(first.get("title") or "untitled story"), 160)


def _section(name: str, title: str, body: str) -> str:
    return f'<section id="{name}" aria-labelledby="h-{name}">\n<h2 id="h-{name}">{esc(title)}</h2>\n{body}\n</section>'


def _go(path: str, label: str) -> str:
    """A button that highlights and scrolls to the spans of the data item at ``path`` (see report.js)."""
    return (
        f'<button type="button" class="go" data-path="{esc(path)}" title="Show in the articles">{esc(label)}</button>'
    )


def _badge(text: str, cls: str = "") -> str:
    return f'<span class="{esc(f"badge {cls}".strip())}">{esc(text)}</span>'


def _quoted(text: str) -> str:
    return esc(quoted(squash(text)))


def _link(text: str, url: object) -> str:
    href = safe_url(url)
    if href is None:
        return esc(text)
    return f'<a href="{esc(href)}" rel="noopener noreferrer nofollow" target="_blank">{esc(text)}</a>'


def _table(header: list[str], rows: list[list[str]], numeric: frozenset[int] = frozenset()) -> str:
    """A table of cells that are already HTML; ``numeric`` columns align right."""

    def cell(tag: str, i: int, body: str) -> str:
        return f'<{tag} class="num">{body}</{tag}>' if i in numeric else f"<{tag}>{body}</{tag}>"

    head = "".join(cell("th", i, esc(h)) for i, h in enumerate(header))
    body = "\n".join("<tr>" + "".join(cell("td", i, c) for i, c in enumerate(row)) + "</tr>" for row in rows)
    return f"<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n{body}\n</tbody>\n</table>"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


# --- page header and footer ------------------------------------------------------------------------------


def _header(view: View, sections: list[str]) -> str:
    counts = view.status_counts()
    stats = [_badge(_plural(len(view.articles), "article")), _badge(_plural(len(view.facts), "fact"))]
    stats += [_badge(f"{counts[s]} {STATUS_LABELS[s]}", f"st-{s}") for s in ("all", "some", "unique")]
    conflicts = len(view.conflicts())
    if conflicts:
        stats.append(_badge(_plural(conflicts, "conflicting detail"), "st-conflict"))
    toc = "".join(f'<li><a href="#{name}">{esc(NAV[name])}</a></li>' for name in sections)
    return (
        '<header class="top">\n'
        f"<h1>{esc(_story_title(view))}</h1>\n"
        f'<p class="lede">How {_plural(len(view.articles), "source")} cover the story: '
        f"{esc(view.sources(a['id'] for a in view.articles))}</p>\n"
        f'<ul class="stats">{"".join(f"<li>{s}</li>" for s in stats)}</ul>\n'
        f'<nav aria-label="Sections"><ul class="toc">{toc}</ul></nav>\n'
        "</header>"
    )


def _footer(view: View) -> str:
    generator = view.data.get("generator", {})
    settings = view.data.get("settings") or {}
    rows = [
        [esc(name), f"<code>{esc(json.dumps(value, ensure_ascii=False))}</code>"] for name, value in settings.items()
    ]
    details = (
        f"<details><summary>Settings</summary>\n{_table(['Setting', 'Value'], rows)}\n</details>\n" if rows else ""
    )
    made = esc(f"{generator.get('name', 'newsparallax')} {generator.get('version', '')}".strip())
    return (
        f'<footer class="bottom">\n{details}'
        f'<p class="muted">Made by {made}, comparison format {esc(view.data.get("format", "?"))}.</p>\n</footer>'
    )


# --- sections --------------------------------------------------------------------------------------------


def _summary(view: View) -> str:
    items = view.section("summary")
    if not items:
        return ""
    lines = []
    for i, item in enumerate(items):
        kind = str(item.get("kind", ""))
        cites = "".join(
            f'<a class="cite" href="#col-{_column(view, c["article"])}" data-path="summary/{i}/citations/{j}">'
            f"[{esc(view.label(c['article']))}]</a>"
            for j, c in enumerate(item.get("citations", []))
        )
        badge = _badge(SUMMARY_LABELS.get(kind, kind_label(kind)))
        lines.append(f'<li class="k-{esc(kind)}">{badge} {esc(item.get("text", ""))}{cites}</li>')
    return _section("summary", TITLES["summary"], '<ul class="summary">\n' + "\n".join(lines) + "\n</ul>")


def _column(view: View, article_id: str) -> int:
    return next((n for n, a in enumerate(view.articles) if a["id"] == article_id), 0)


def _articles(view: View) -> str:
    marks = _marks(view)
    present = {view.sentence_status(a["id"], s) for a in view.articles for s in a.get("sentences", [])}
    legend = "".join(f'<li class="st-{s}">{esc(STATUS_LABELS[s])}</li>' for s in LEGEND_ORDER if s in present)
    toggle = (
        '<label><input type="checkbox" id="show-framing" checked> underline framing terms</label>'
        if view.section("framing")
        else ""
    )
    toolbar = (
        f'<div class="toolbar">\n<ul class="legend" aria-label="Legend">{legend}</ul>\n{toggle}\n'
        '<p class="muted">Click a sentence (or press Enter on it) to see where the other sources say the same; '
        "Escape clears.</p>\n"
        '<p id="status" class="status" role="status" aria-live="polite"></p>\n</div>'
    )
    tabs = "".join(
        f'<button type="button" role="tab" id="tab-{n}" aria-controls="col-{n}" aria-selected="{str(n == 0).lower()}"'
        f' tabindex="{0 if n == 0 else -1}">{esc(view.label(a["id"]))}</button>'
        for n, a in enumerate(view.articles)
    )
    columns = "\n".join(_column_html(view, n, article, marks) for n, article in enumerate(view.articles))
    body = (
        f'{toolbar}\n<div class="tabs" role="tablist" aria-label="Articles">{tabs}</div>\n'
        f'<div class="columns">\n{columns}\n</div>'
    )
    return _section("articles", "The articles side by side", body)


def _column_html(view: View, n: int, article: Item, marks: dict[str, list[Mark]]) -> str:
    meta = " · ".join(esc(article[k]) for k in ("published", "author") if article.get(k))
    header = (
        f'<header>\n<h3 class="col-source">{esc(view.label(article["id"]))}</h3>\n'
        f'<p class="headline">{_link(str(article.get("title") or "untitled"), article.get("url"))}</p>\n'
        + (f'<p class="meta">{meta}</p>\n' if meta else "")
        + "</header>"
    )
    return (
        f'<article class="col" id="col-{n}" role="tabpanel" aria-labelledby="tab-{n}" data-a="{esc(article["id"])}">\n'
        f'{header}\n<div class="body">\n{_body(view, article, marks.get(article["id"], []))}\n</div>\n'
        "</article>"
    )


def _marks(view: View) -> dict[str, list[Mark]]:
    """Spans to mark inside sentences, per article: the disputed values of conflicts and the framing terms."""
    marks: dict[str, list[Mark]] = {}
    for _, _, _, conflict in view.conflicts():
        for span in conflict.get("mentions", []):
            marks.setdefault(span["article"], []).append((span["start"], span["end"], "cf", -1))
    for n, item in enumerate(view.section("framing")):
        for span in item.get("spans", []):
            marks.setdefault(span["article"], []).append((span["start"], span["end"], "fr", n))
    return marks


def _body(view: View, article: Item, marks: list[Mark]) -> str:
    """The article's paragraphs, every sentence a focusable span coloured by the facts it states."""
    text = str(article.get("text", ""))
    paragraphs = article.get("paragraphs") or [{"start": 0, "end": len(text)}]
    sentences = sorted(article.get("sentences", []), key=lambda s: s["start"])
    facts = view.sentence_facts
    out = []
    for paragraph in paragraphs:
        start, end = paragraph["start"], paragraph["end"]
        parts, pos = [], start
        for sentence in sentences:
            if not start <= sentence["start"] < end or sentence["start"] < pos:
                continue
            parts.append(esc(text[pos : sentence["start"]]))
            status = view.sentence_status(article["id"], sentence)
            ids = facts.get((article["id"], sentence["id"]), [])
            title = ", ".join(f"{f} ({view.status_label(view.fact_by_id[f])})" for f in ids) or STATUS_LABELS[status]
            inner = _marked(text, sentence["start"], sentence["end"], marks)
            where = f'data-a="{esc(article["id"])}" data-s="{esc(sentence["id"])}"'
            parts.append(
                f'<span class="s st-{status}" {where} tabindex="0" role="button" title="{esc(title)}">{inner}</span>'
            )
            pos = sentence["end"]
        parts.append(esc(text[pos:end]))
        out.append(f"<p>{''.join(parts)}</p>")
    return "\n".join(out)


def _marked(text: str, start: int, end: int, marks: list[Mark]) -> str:
    """``text[start:end]`` escaped, with conflict values and framing terms wrapped in ``<mark>``.

    Marks are clipped to the sentence and split where they overlap, so the elements always nest properly.
    """
    inside = [(max(s, start), min(e, end), kind, n) for s, e, kind, n in marks if s < end and start < e and s < e]
    cuts = sorted({start, end, *(s for s, _, _, _ in inside), *(e for _, e, _, _ in inside)})
    out = []
    for a, b in itertools.pairwise(cuts):
        over = [(kind, n) for s, e, kind, n in inside if s <= a and b <= e]
        piece = esc(text[a:b])
        if not over:
            out.append(piece)
            continue
        kinds = sorted({kind for kind, _ in over})
        framing = sorted({n for kind, n in over if kind == "fr"})
        data = f' data-fr="{" ".join(map(str, framing))}"' if framing else ""
        out.append(f'<mark class="{" ".join(kinds)}"{data}>{piece}</mark>')
    return "".join(out)


def _facts(view: View) -> str:
    if not view.facts:
        return ""
    total = len(view.articles)
    rows = [
        [
            _go(f"facts/{i}", fact["id"]),
            _badge(view.status_label(fact), f"st-{fact.get('status')}"),
            esc(f"{fact.get('shared_by', len(fact.get('articles', [])))}/{total}"),
            esc(view.sources(fact.get("articles", []))),
            _quoted(view.fact_text(fact)),
        ]
        for i, fact in enumerate(view.facts)
    ]
    table = _table(["Fact", "Status", "Sources", "Reported by", "As first worded"], rows, frozenset({2}))
    return _section("facts", f"Facts ({len(view.facts)})", table)


def _conflicts(view: View) -> str:
    conflicts = view.conflicts()
    if not conflicts:
        return ""
    cards = []
    for i, fact, j, conflict in conflicts:
        rows = [
            [esc(view.label(a)), f"<strong>{esc(value)}</strong>", _quoted(view.fact_text(fact, a))]
            for a, value in conflict.get("values", {}).items()
        ]
        cards.append(
            '<div class="card">\n'
            f"<h3>{_go(f'facts/{i}/conflicts/{j}', fact['id'])} {esc(kind_label(conflict.get('kind', '')))}</h3>\n"
            f"<p>{esc(conflict.get('explanation', ''))}</p>\n{_table(['Source', 'Says', 'Sentence'], rows)}\n</div>"
        )
    body = '<div class="cards">\n' + "\n".join(cards) + "\n</div>"
    return _section("conflicts", f"{TITLES['conflicts']} ({len(conflicts)})", body)


def _coverage(view: View) -> str:
    coverage = view.coverage()
    if not coverage:
        return ""
    index = {f["id"]: i for i, f in enumerate(view.facts)}
    cards = []
    for entry in coverage:
        article_id = entry["article"]
        adds = [f for f in entry.get("adds", []) if f in index]
        omits = [f for f in entry.get("omits", []) if f in index]
        parts = [f"<h3>{esc(view.label(article_id))}</h3>"]
        if adds:
            items = "".join(
                f"<li>{_go(f'facts/{index[f]}', f)} {_quoted(view.added_sentence(view.fact_by_id[f], article_id))}</li>"
                for f in adds
            )
            parts.append(f"<p><strong>Adds {len(adds)}</strong> that no other source reports:</p><ol>{items}</ol>")
        if omits:
            items = "".join(
                f"<li>{_go(f'facts/{index[f]}', f)} {_quoted(view.fact_text(view.fact_by_id[f]))} "
                f'<span class="muted">— {esc(view.sources(view.fact_by_id[f].get("articles", [])))}</span></li>'
                for f in omits
            )
            parts.append(f"<p><strong>Leaves out {len(omits)}</strong> that others report:</p><ol>{items}</ol>")
        cards.append('<div class="card">\n' + "\n".join(parts) + "\n</div>")
    body = '<div class="cards">\n' + "\n".join(cards) + "\n</div>"
    return _section("coverage", TITLES["coverage"], body)


def _quotes(view: View) -> str:
    quotes = view.section("quotes")
    if not quotes:
        return ""
    cards = []
    for i, quote in enumerate(quotes):
        badges = [_badge(str(quote.get("match", "")))] + ([_badge("paraphrased")] if quote.get("paraphrase") else [])
        changes = quote_changes(quote)
        given = quote_attributions(quote)
        items = []
        for mention in quote.get("mentions", []):
            edits = ", ".join(_change(*c) for c in changes.pop(mention["article"], []))
            cue = f' <span class="muted">({esc(mention["cue"])})</span>' if mention.get("cue") else ""
            said = _quoted(view.mention_text(mention))
            diff = f'<br><span class="diff">changes: {edits}</span>' if edits else ""
            who = given.pop(mention["article"], None)
            by = f'<br><span class="diff">attributed to {esc(who)}</span>' if who else ""
            items.append(f"<li><strong>{esc(view.label(mention['article']))}</strong>{cue}: {said}{diff}{by}</li>")
        speaker = esc(quote.get("speaker") or "unknown speaker")
        cards.append(
            f'<div class="card">\n<h3>{_go(f"quotes/{i}", str(quote.get("id") or f"q{i + 1}"))} {speaker} '
            f"{' '.join(badges)}</h3>\n"
            f"<ul>{''.join(items)}</ul>\n</div>"
        )
    body = '<div class="cards">\n' + "\n".join(cards) + "\n</div>"
    return _section("quotes", f"{TITLES['quotes']} ({len(quotes)})", body)


def _change(op: str, before: str, after: str) -> str:
    if op == "insert":
        return f"<ins>{esc(after)}</ins>"
    if op == "delete":
        return f"<del>{esc(before)}</del>"
    return f"<del>{esc(before)}</del> → <ins>{esc(after)}</ins>"


def _reuse(view: View) -> str:
    items = view.section("reuse")
    if not items:
        return ""
    rows = [
        [
            _go(f"reuse/{i}", "show"),
            esc(reuse_label(item)),
            esc(item.get("words", "")),
            esc(view.sources(item.get("articles", []))),
            _quoted(shorten(view.reuse_text(item), REUSE_LIMIT)),
        ]
        for i, item in enumerate(items)
    ]
    table = _table(["", "Kind", "Words", "Sources", "Passage"], rows, frozenset({2}))
    return _section("reuse", f"{TITLES['reuse']} ({len(items)})", table)


def _framing(view: View) -> str:
    items = view.section("framing")
    if not items:
        return ""
    cards = []
    for i, item in enumerate(items):
        terms = "".join(
            f"<li><strong>{esc(view.label(a))}</strong>: "
            + (", ".join(f'<mark class="fr">{esc(t)}</mark>' for t in words) or f"<em>{NO_TERMS}</em>")
            + "</li>"
            for a, words in item.get("terms", {}).items()
        )
        go = _go(f"framing/{i}", "show") if item.get("spans") else ""
        cards.append(
            f'<div class="card">\n<h3>{go} {esc(kind_label(item.get("kind", "")))}</h3>\n'
            f"<p>{esc(item.get('explanation', ''))}</p>\n<ul>{terms}</ul>\n</div>"
        )
    body = '<div class="cards">\n' + "\n".join(cards) + "\n</div>"
    return _section("framing", f"{TITLES['framing']} ({len(items)})", body)


def _issues(view: View) -> str:
    issues = view.data.get("issues", [])
    if not issues:
        return ""
    rows = [[esc(i.get("level", "failure")), esc(i.get("input", "")), esc(i.get("reason", ""))] for i in issues]
    return _section("issues", f"{TITLES['issues']} ({len(issues)})", _table(["Level", "Input", "Reason"], rows))
