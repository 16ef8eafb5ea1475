"""The terminal report: what the sources agree on, where they differ, and what each adds or leaves out.

Everything from the articles goes into rich ``Text`` objects and the console parses no markup, emoji codes
or highlighting, so article text such as ``[bold]`` or ``:smile:`` prints literally. Lists are cut to
``LIMIT`` items: the terminal report is a digest, the Markdown and HTML reports hold everything.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Any

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
    shorten,
    squash,
)

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

Row = tuple["Text", "Text"]  # label, body: one line of a two-column block

LIMIT = 10
STATUS_STYLES = {"all": "green", "some": "cyan", "unique": "yellow", "conflict": "red"}
SUMMARY_MARKS = {"consensus": ("•", "green"), "unique": ("+", "yellow"), "conflict": ("!", "red")}
ISSUE_STYLES = {"failure": "red", "warning": "yellow"}


def render_text(data: dict[str, Any], *, color: bool = False, width: int = 100) -> str:
    from rich.console import Console

    console = Console(
        record=True,
        file=io.StringIO(),
        width=width,
        color_system="standard" if color else None,
        force_terminal=color,
        force_jupyter=False,
        force_interactive=False,
        no_color=not color,
        legacy_windows=False,
        markup=False,
        emoji=False,
        highlight=False,
        _environ={},  # the output depends on the arguments only, never on NO_COLOR, COLUMNS and the like
    )
    view = View(data)
    for section in (_summary, _overview, _shared, _conflicts, _coverage, _quotes, _reuse, _framing, _issues):
        section(console, view, width)
    report = console.export_text(styles=color).lstrip("\n")
    # Cells pad to their column width; without colour codes the padding is just trailing blanks.
    return report if color else "\n".join(line.rstrip() for line in report.split("\n"))


# --- helpers ---------------------------------------------------------------------------------------------


def _text(*parts: str | tuple[str, str]) -> Text:
    from rich.text import Text

    return Text.assemble(*parts)


def _heading(console: Console, title: str, count: int | None = None) -> None:
    from rich.text import Text

    label = title if count is None else f"{title} ({count})"
    console.print()
    console.rule(Text(label, style="bold"), align="left")


def _rows(console: Console, rows: list[Row], indent: int = 2) -> None:
    """Label/text pairs in two aligned columns; long text wraps inside its column."""
    from rich.padding import Padding
    from rich.table import Table

    grid = Table.grid(padding=(0, 2))
    grid.add_column(no_wrap=False, max_width=28)
    grid.add_column(ratio=1)
    for label, body in rows:
        grid.add_row(label, body)
    console.print(Padding(grid, (0, 0, 0, indent)))


def _line(console: Console, text: Text, indent: int = 2) -> None:
    """One paragraph, indented; wrapped lines keep the indent."""
    from rich.padding import Padding

    console.print(Padding(text, (0, 0, 0, indent)))


def _quoted(text: str, limit: int) -> str:
    return quoted(shorten(text, limit))


def _more(console: Console, shown: int, total: int, indent: int = 2) -> None:
    if total > shown:
        _line(console, _text((f"… and {total - shown} more", "dim")), indent)


def _sources(view: View, article_ids: list[str]) -> Text:
    return _text((view.sources(article_ids), "dim"))


# --- sections, in report order ---------------------------------------------------------------------------


def _summary(console: Console, view: View, width: int) -> None:
    items = view.section("summary")
    if not items:
        return
    _heading(console, TITLES["summary"])
    rows: list[Row] = []
    for item in items:
        mark, style = SUMMARY_MARKS.get(str(item.get("kind")), ("•", ""))
        cited = [c["article"] for c in item.get("citations", [])]
        body = _text(str(item.get("text", "")))
        if cited:
            body.append(f"  [{view.sources(cited)}]", style="dim")
        rows.append((_text((mark, style)), body))
    _rows(console, rows)


def _overview(console: Console, view: View, width: int) -> None:
    from rich import box
    from rich.padding import Padding
    from rich.table import Table

    _heading(console, TITLES["overview"])
    counts = view.status_counts()
    n = len(view.articles)
    line = _text(f"{n} article{'s' if n != 1 else ''}, {len(view.facts)} facts: ")
    for i, status in enumerate(("all", "some", "unique")):
        line.append(", " if i else "")
        line.append(f"{counts[status]} {STATUS_LABELS[status]}", style=STATUS_STYLES[status])
    conflicts = len(view.conflicts())
    if conflicts:
        line.append(", ")
        line.append(f"{conflicts} conflicting detail{'s' if conflicts != 1 else ''}", style=STATUS_STYLES["conflict"])
    _line(console, line)
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, padding=(0, 1))
    table.add_column("Source", style="bold", max_width=24)
    table.add_column("Headline", ratio=1)
    table.add_column("Published", no_wrap=True)
    for header in ("Facts", "Adds", "Leaves out"):
        table.add_column(header, justify="right", no_wrap=True)
    coverage = {c["article"]: c for c in view.data.get("coverage", [])}
    for article in view.articles:
        cov = coverage.get(article["id"], {})
        table.add_row(
            _text(view.label(article["id"])),
            _text(shorten(str(article.get("title") or ""), 200)),
            _text(str(article.get("published") or "")[:10]),
            str(view.fact_count(article["id"])),
            str(len(cov.get("adds", []))),
            str(len(cov.get("omits", []))),
        )
    console.print(Padding(table, (1, 0, 0, 2)))


def _shared(console: Console, view: View, width: int) -> None:
    facts = view.facts_with("all")
    if not facts:
        return
    _heading(console, TITLES["shared"], len(facts))
    for fact in facts[:LIMIT]:
        _line(console, _text((fact["id"], "bold green")))
        rows: list[Row] = []
        for article_id in fact.get("articles", []):
            rows.append((_text(view.label(article_id)), _text(_quoted(view.fact_text(fact, article_id), width))))
        _rows(console, rows, indent=4)
    _more(console, LIMIT, len(facts))


def _conflicts(console: Console, view: View, width: int) -> None:
    conflicts = view.conflicts()
    if not conflicts:
        return
    _heading(console, TITLES["conflicts"], len(conflicts))
    for _, fact, _, conflict in conflicts[:LIMIT]:
        kind = f" · {kind_label(conflict.get('kind'))}: "
        _line(console, _text((fact["id"], "bold red"), kind, str(conflict.get("explanation", ""))))
        rows: list[Row] = []
        for article_id, value in conflict.get("values", {}).items():
            said = _quoted(view.fact_text(fact, article_id), width)
            rows.append((_text(view.label(article_id)), _text((str(value), "bold red"), "  ", (said, "dim"))))
        _rows(console, rows, indent=4)
    _more(console, LIMIT, len(conflicts))


def _coverage(console: Console, view: View, width: int) -> None:
    coverage = view.coverage()
    if not coverage:
        return
    _heading(console, TITLES["coverage"])
    for entry in coverage:
        article_id = entry["article"]
        _line(console, _text((view.label(article_id), "bold")))
        adds = [view.fact_by_id[f] for f in entry.get("adds", []) if f in view.fact_by_id]
        omits = [view.fact_by_id[f] for f in entry.get("omits", []) if f in view.fact_by_id]
        if adds:
            _line(console, _text("adds ", (f"{len(adds)}", "yellow"), " that no other source reports:"), 4)
            rows: list[Row] = []
            for rank, fact in enumerate(adds[:LIMIT], 1):
                said = view.added_sentence(fact, article_id)
                rows.append((_text((f"{rank}.", "dim")), _text(_quoted(said, width))))
            _rows(console, rows, indent=6)
            _more(console, LIMIT, len(adds), indent=6)
        if omits:
            _line(console, _text("leaves out ", (f"{len(omits)}", "magenta"), " that others report:"), 4)
            rows = []
            for rank, fact in enumerate(omits[:LIMIT], 1):
                body = _text(_quoted(view.fact_text(fact), width), "  ")
                body.append_text(_sources(view, fact.get("articles", [])))
                rows.append((_text((f"{rank}.", "dim")), body))
            _rows(console, rows, indent=6)
            _more(console, LIMIT, len(omits), indent=6)


def _quotes(console: Console, view: View, width: int) -> None:
    quotes = view.section("quotes")
    if not quotes:
        return
    _heading(console, TITLES["quotes"], len(quotes))
    for quote in quotes[:LIMIT]:
        head = _text((str(quote.get("speaker") or "unknown speaker"), "bold"), f" · {quote.get('match', '')}")
        if quote.get("paraphrase"):
            head.append(" · paraphrased", style="yellow")
        _line(console, head)
        changes = quote_changes(quote)
        given = quote_attributions(quote)
        rows: list[Row] = []
        for mention in quote.get("mentions", []):
            body = _text(_quoted(view.mention_text(mention), width))
            for op, before, after in changes.pop(mention["article"], []):
                body.append("  ")
                body.append_text(_change(op, before, after))
            if who := given.pop(mention["article"], None):
                body.append(f"  attributed to {who}", style="yellow")
            rows.append((_text(view.label(mention["article"])), body))
        _rows(console, rows, indent=4)
    _more(console, LIMIT, len(quotes))


def _change(op: str, before: str, after: str) -> Text:
    if op == "insert":
        return _text(("+" + after, "green"))
    if op == "delete":
        return _text(("−" + before, "red"))
    return _text((before, "red"), "→", (after, "green"))


def _reuse(console: Console, view: View, width: int) -> None:
    items = view.section("reuse")
    if not items:
        return
    _heading(console, TITLES["reuse"], len(items))
    rows: list[Row] = []
    for item in items[:LIMIT]:
        label = _text(reuse_label(item), (f" · {item.get('words', '?')} words", "dim"))
        body = _text(_quoted(view.reuse_text(item), width), "  ")
        body.append_text(_sources(view, item.get("articles", [])))
        rows.append((label, body))
    _rows(console, rows)
    _more(console, LIMIT, len(items))


def _framing(console: Console, view: View, width: int) -> None:
    items = view.section("framing")
    if not items:
        return
    _heading(console, TITLES["framing"], len(items))
    for item in items[:LIMIT]:
        _line(console, _text((kind_label(item.get("kind", "")), "bold"), " · ", str(item.get("explanation", ""))))
        rows: list[Row] = [
            (_text(view.label(article_id)), _text(", ".join(quoted(squash(t)) for t in terms) or (NO_TERMS, "dim")))
            for article_id, terms in item.get("terms", {}).items()
        ]
        _rows(console, rows, indent=4)
    _more(console, LIMIT, len(items))


def _issues(console: Console, view: View, width: int) -> None:
    issues = view.data.get("issues", [])
    if not issues:
        return
    _heading(console, TITLES["issues"], len(issues))
    rows: list[Row] = []
    for issue in issues:
        level = str(issue.get("level", "failure"))
        body = _text(str(issue.get("input", "")), (" · ", "dim"), str(issue.get("reason", "")))
        rows.append((_text((level, ISSUE_STYLES.get(level, ""))), body))
    _rows(console, rows)
