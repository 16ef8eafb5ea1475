"""The ``parallax`` command: parses options and calls the library; no analysis happens here.

Imports of the library stay inside the command functions so ``parallax --help`` never loads numpy, the
embedder or the HTML extractor. Exit status: 0 done, 2 unusable input (fewer than two usable articles, bad
options), 1 an unexpected error.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from newsparallax.cluster import ClusterSettings
    from newsparallax.settings import Settings
    from newsparallax.store import Store

EXIT_OK, EXIT_ERROR, EXIT_INPUT = 0, 1, 2
FORMATS = ("text", "markdown", "json", "html")

EPILOG = """examples:
  parallax compare first.txt second.html third.json
  parallax compare https://example.org/a https://example.org/b
  cat story.jsonl | parallax compare - --format html > story.html
  parallax compare examples/harbor-fire/ --format json -o story.json
  parallax ingest dump.jsonl pages/ && parallax stories && parallax story s3f2a --format html -o story.html
  parallax cluster dump.jsonl --format json
  parallax serve --db parallax.db          # then open http://127.0.0.1:8000
"""


def _parse_sets(items: Sequence[str], known: dict[str, Any]) -> dict[str, Any]:
    """``NAME=VALUE`` items as typed values; a name not in ``known`` or a bad value exits with the reason."""
    from newsparallax.settings import parse_assignments

    try:
        return parse_assignments(items, known)
    except ValueError as exc:
        raise SystemExit(f"parallax: {exc}") from None


def _known_settings() -> dict[str, Any]:
    from newsparallax.cluster import describe_cluster_settings
    from newsparallax.settings import describe

    known = {name: default for name, default, _ in describe()}
    known.update({f"cluster.{name}": default for name, default, _ in describe_cluster_settings()})
    return known


def _all_settings(args: argparse.Namespace) -> tuple[Settings, ClusterSettings]:
    """The analysis settings and the story-clustering ones (``cluster.NAME``) from one pass over ``--set``."""
    from newsparallax.cluster import ClusterSettings
    from newsparallax.settings import DEFAULT

    parsed = _parse_sets(args.set or [], _known_settings())
    changes = {k: v for k, v in parsed.items() if "." not in k}
    if getattr(args, "embedder", None):
        changes["embedder"] = args.embedder
    if getattr(args, "allow_private", False):
        changes["allow_private"] = True
    clustering = {k.removeprefix("cluster."): v for k, v in parsed.items() if k.startswith("cluster.")}
    return DEFAULT.replace(**changes), ClusterSettings(**clustering)


def _settings_from(args: argparse.Namespace) -> Settings:
    return _all_settings(args)[0]


def _report_issues(issues: Sequence[Any]) -> None:
    for issue in issues:
        label = "warning" if issue.level == "warning" else "skipped"
        print(f"parallax: {label}: {issue.input}: {issue.reason}", file=sys.stderr)


def _write(text: str, output: str | None) -> None:
    if output in (None, "-"):
        sys.stdout.write(text)
        sys.stdout.flush()
    else:
        with open(output, "w", encoding="utf-8") as handle:
            handle.write(text)


def cmd_compare(args: argparse.Namespace) -> int:
    from newsparallax.errors import NotEnoughArticles, ParallaxError
    from newsparallax.pipeline import compare
    from newsparallax.readers import read_many
    from newsparallax.render import render

    try:
        settings = _settings_from(args)
    except ParallaxError as exc:
        print(f"parallax: {exc}", file=sys.stderr)
        return EXIT_INPUT
    articles, issues = read_many(args.inputs, settings, stdin=sys.stdin)
    _report_issues(issues)
    try:
        comparison = compare(articles, settings, issues=issues)
    except NotEnoughArticles as exc:
        print(f"parallax: {exc}", file=sys.stderr)
        return EXIT_INPUT
    _write(render(comparison.to_dict(), args.format, color=_color(args), width=_width(args)), args.output)
    return EXIT_OK


def cmd_settings(args: argparse.Namespace) -> int:
    from newsparallax.cluster import describe_cluster_settings
    from newsparallax.settings import describe

    for name, default, help_text in describe():
        print(f"{name} = {default!r}\n    {help_text}")
    for name, default, help_text in describe_cluster_settings():
        print(f"cluster.{name} = {default!r}\n    {help_text}")
    return EXIT_OK


# --- corpora: ingest, stories, story, failures, cluster ------------------------------------------------------


def _open_store(path: str, *, create: bool) -> Store:
    from newsparallax.store import open_store

    return open_store(path, create=create)


class _Progress:
    """A progress line on stderr for long runs, only when stderr is a terminal (logs stay clean)."""

    def __init__(self, label: str, enabled: bool) -> None:
        self.label, self.enabled = label, enabled and sys.stderr.isatty()
        self._bar: Any = None  # a rich Progress, imported only when a bar is shown
        self._task: Any = None

    def __enter__(self) -> _Progress:
        if self.enabled:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

            self._bar = Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                console=Console(stderr=True),
                transient=True,
            )
            self._bar.start()
            self._task = self._bar.add_task(self.label, total=None)
        return self

    def __call__(self, done: int, total: int | None) -> None:
        if self._bar is not None and self._task is not None and (done % 50 == 0 or done == total):
            self._bar.update(self._task, completed=done, total=total)

    def relabel(self, label: str) -> None:
        if self._bar is not None and self._task is not None:
            self._bar.update(self._task, description=label, completed=0, total=None)

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.stop()


def cmd_ingest(args: argparse.Namespace) -> int:
    from newsparallax.cluster import StoryClusterer
    from newsparallax.errors import ParallaxError
    from newsparallax.ingest import ingest

    try:
        settings, cluster_settings = _all_settings(args)
        store = _open_store(args.db, create=True)
    except ParallaxError as exc:
        print(f"parallax: {exc}", file=sys.stderr)
        return EXIT_INPUT
    with store, _Progress("replaying the store", not args.json) as progress:
        report = ingest(
            args.inputs,
            store,
            lambda: StoryClusterer(cluster_settings, workers=args.workers),
            settings,
            progress=progress,
            replay_progress=progress,
            stdin=sys.stdin,
        )
    if args.json:
        print(json.dumps(report.to_dict(), indent=2))
    else:
        print(report.summary())
    return EXIT_OK if report.added or report.duplicates or not report.failed else EXIT_INPUT


def cmd_stories(args: argparse.Namespace) -> int:
    from newsparallax.errors import ParallaxError
    from newsparallax.store import story_to_dict

    try:
        with _open_store(args.db, create=False) as store:
            stories = store.stories(order=args.order, limit=args.limit, min_size=args.min_size, search=args.search)
            total = store.story_count()
    except ParallaxError as exc:
        print(f"parallax: {exc}", file=sys.stderr)
        return EXIT_INPUT
    if args.format == "json":
        print(json.dumps({"total": total, "stories": [story_to_dict(s) for s in stories]}, indent=2))
        return EXIT_OK
    if not stories:
        print(f"no stories{' match' if args.search else ''} ({total} in {args.db})")
        return EXIT_OK
    width = min(shutil.get_terminal_size().columns, 160) if sys.stdout.isatty() else 120
    for story in stories:
        dates = " – ".join(dict.fromkeys(d[:10] for d in (story.first_published, story.last_published) if d))
        sources = ", ".join(story.sources[:4]) + (f" +{len(story.sources) - 4}" if len(story.sources) > 4 else "")
        print(f"{story.id}  {story.size:>4} article{'s' if story.size != 1 else ' '}  {dates or 'undated'}")
        print(f"    {_clip(story.headline or '(untitled)', width - 4)}")
        print(f"    {_clip(sources, width - 4)}")
    shown = len(stories)
    if shown < total:
        print(f"({shown} of {total} stories shown; --limit N or --search TEXT for others)")
    return EXIT_OK


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: max(width - 1, 1)] + "…"


def _resolve_story(store: Store, wanted: str) -> str:
    """A story id from what the user typed: the id itself or a unique prefix of it (as git does)."""
    from newsparallax.errors import StoreError

    if store.story(wanted) is not None:
        return wanted
    matches = [s.id for s in store.stories(order="id") if s.id.startswith(wanted)]
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise StoreError(f"no story {wanted!r} in {store.location} (`parallax stories` lists them)")
    raise StoreError(f"{wanted!r} matches {len(matches)} stories ({', '.join(matches[:5])}…): give more of the id")


def cmd_story(args: argparse.Namespace) -> int:
    from functools import partial

    from newsparallax.errors import NotEnoughArticles, ParallaxError
    from newsparallax.pipeline import compare
    from newsparallax.render import render
    from newsparallax.store import cached_comparison

    try:
        settings = _settings_from(args)
        with _open_store(args.db, create=False) as store:
            story_id = _resolve_story(store, args.story)
            data = cached_comparison(store, story_id, settings, partial(compare, settings=settings))
    except NotEnoughArticles:
        print(f"parallax: story {args.story} has a single article: there is nothing to compare yet", file=sys.stderr)
        return EXIT_INPUT
    except ParallaxError as exc:
        print(f"parallax: {exc}", file=sys.stderr)
        return EXIT_INPUT
    _write(render(data, args.format, color=_color(args), width=_width(args)), args.output)
    return EXIT_OK


def cmd_failures(args: argparse.Namespace) -> int:
    from newsparallax.errors import ParallaxError

    try:
        with _open_store(args.db, create=False) as store:
            failures = store.failures(run=args.run, limit=args.limit)
    except ParallaxError as exc:
        print(f"parallax: {exc}", file=sys.stderr)
        return EXIT_INPUT
    for failure in failures:
        print(f"run {failure.run}  {failure.level}  {failure.input}: {failure.reason}")
    if not failures:
        print("no failures recorded")
    return EXIT_OK


def cmd_cluster(args: argparse.Namespace) -> int:
    from newsparallax.cluster import cluster
    from newsparallax.errors import ParallaxError
    from newsparallax.readers import read_many

    try:
        settings, cluster_settings = _all_settings(args)
    except ParallaxError as exc:
        print(f"parallax: {exc}", file=sys.stderr)
        return EXIT_INPUT
    articles, issues = read_many(args.inputs, settings, stdin=sys.stdin)
    _report_issues([i for i in issues if i.level != "warning"])  # per-record language warnings would flood
    if not articles:
        print("parallax: no usable articles to cluster", file=sys.stderr)
        return EXIT_INPUT
    stories = cluster(articles, cluster_settings, workers=args.workers)
    if args.format == "json":
        payload = {"stories": [{"id": sid, "articles": ids} for sid, ids in stories]}
        _write(json.dumps(payload, indent=2, ensure_ascii=False) + "\n", args.output)
        return EXIT_OK
    titles = {a.id: a.title or a.text[:80] for a in articles}
    lines = [f"{len(articles)} articles in {len(stories)} stories"]
    for sid, ids in sorted(stories, key=lambda item: -len(item[1])):
        lines.append(f"{sid}  {len(ids)} article{'s' if len(ids) != 1 else ''}")
        lines += [f"    {_clip(titles[i], 100)}  [{i}]" for i in ids[:5]]
        if len(ids) > 5:
            lines.append(f"    … {len(ids) - 5} more")
    _write("\n".join(lines) + "\n", args.output)
    return EXIT_OK


def cmd_serve(args: argparse.Namespace) -> int:
    from newsparallax.errors import ParallaxError

    try:
        from newsparallax.web import serve
    except ImportError as exc:  # the web app's packages are an extra
        print(f"parallax: the web app needs the 'web' extra ({exc}): pip install 'newsparallax[web]'", file=sys.stderr)
        return EXIT_INPUT
    try:
        settings, cluster_settings = _all_settings(args)
    except ParallaxError as exc:
        print(f"parallax: {exc}", file=sys.stderr)
        return EXIT_INPUT
    if args.max_body_mb <= 0:
        print("parallax: --max-body-mb must be positive", file=sys.stderr)
        return EXIT_INPUT
    serve(
        args.db,
        args.host,
        args.port,
        settings=settings,
        cluster_settings=cluster_settings,
        allow_private=args.allow_private,
        max_body_bytes=int(args.max_body_mb * 1_000_000),
    )
    return EXIT_OK


def _color(args: argparse.Namespace) -> bool:
    to_terminal = args.output in (None, "-") and sys.stdout.isatty()
    # --color/--no-color win; otherwise colour only on a terminal and never when NO_COLOR is set (no-color.org).
    return bool(args.color if args.color is not None else (to_terminal and not os.environ.get("NO_COLOR")))


def _width(args: argparse.Namespace) -> int:
    to_terminal = args.output in (None, "-") and sys.stdout.isatty()
    return min(shutil.get_terminal_size().columns, 160) if to_terminal else 100


def build_parser() -> argparse.ArgumentParser:
    from newsparallax import __version__

    parser = argparse.ArgumentParser(
        prog="parallax",
        description="Compare how news outlets cover the same story.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"parallax {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    compare = commands.add_parser(
        "compare",
        help="compare 2 or more articles about one story",
        description="Compare the articles of one story: the facts every source reports, what each adds and "
        "leaves out. INPUT is a .txt/.html/.json/.jsonl file, a directory of them, a http(s) URL, or - for stdin.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    compare.add_argument("inputs", nargs="+", metavar="INPUT")
    _report_options(compare)
    _analysis_options(compare, fetching=True)
    compare.set_defaults(func=cmd_compare)

    ingest = commands.add_parser(
        "ingest",
        help="read articles into a store and group them into stories",
        description="Read articles into the store (created when missing) and give each a story. Re-ingesting "
        "the same texts adds nothing; bad records are recorded with their reason and skipped. INPUT is a "
        ".txt/.html/.json/.jsonl file, a directory of them, a http(s) URL, or - for stdin.",
    )
    ingest.add_argument("inputs", nargs="+", metavar="INPUT")
    _db_option(ingest)
    ingest.add_argument("--json", action="store_true", help="print the report as JSON")
    ingest.add_argument(
        "--workers",
        type=int,
        default=os.cpu_count() or 1,
        metavar="N",
        help="processes extracting clustering features ahead of the ingest (default: one per core; 1: none)",
    )
    _analysis_options(ingest, fetching=True, embedder=False)
    ingest.set_defaults(func=cmd_ingest)

    stories = commands.add_parser("stories", help="list the stories in a store")
    _db_option(stories)
    stories.add_argument(
        "--order", choices=("size", "recent", "id"), default="size", help="largest first (default), latest first, id"
    )
    stories.add_argument("--limit", type=int, default=20, metavar="N", help="show N stories (default: 20)")
    stories.add_argument("--min-size", type=int, default=1, metavar="N", help="only stories of N or more articles")
    stories.add_argument("--search", metavar="TEXT", help="only stories whose headline or sources contain TEXT")
    stories.add_argument("-f", "--format", choices=("text", "json"), default="text", help="output format")
    stories.set_defaults(func=cmd_stories)

    story = commands.add_parser(
        "story",
        help="the full comparison of one stored story",
        description="Compare the articles of one stored story (cached until the story changes). STORY is an id "
        "from `parallax stories` or a unique prefix of one.",
    )
    story.add_argument("story", metavar="STORY")
    _db_option(story)
    _report_options(story)
    _analysis_options(story, fetching=False)
    story.set_defaults(func=cmd_story)

    cluster = commands.add_parser(
        "cluster",
        help="group articles into stories without a store",
        description="Group the records of INPUTs into stories and print them; nothing is stored. The same "
        "records in the same order always give the same stories and ids, and the same grouping as ingesting "
        "them one by one.",
    )
    cluster.add_argument("inputs", nargs="+", metavar="INPUT")
    cluster.add_argument("-f", "--format", choices=("json", "text"), default="json", help="output (default: json)")
    cluster.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of stdout")
    cluster.add_argument(
        "--workers", type=int, default=1, metavar="N", help="processes for feature extraction (large inputs)"
    )
    _analysis_options(cluster, fetching=True, embedder=False)
    cluster.set_defaults(func=cmd_cluster)

    failures = commands.add_parser("failures", help="list the inputs that ingests could not store, and why")
    _db_option(failures)
    failures.add_argument("--run", type=int, metavar="N", help="only the failures of ingest run N")
    failures.add_argument("--limit", type=int, default=100, metavar="N", help="show N failures (default: 100)")
    failures.set_defaults(func=cmd_failures)

    serve = commands.add_parser(
        "serve",
        help="the web app and JSON API",
        description="Serve the web app (compare, stories, story pages) and the JSON API (/docs) on HOST:PORT. "
        "Loopback only unless --host says otherwise; there is no login.",
    )
    _db_option(serve)
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8000, help="port (default: 8000)")
    serve.add_argument(
        "--max-body-mb", type=float, default=5.0, metavar="MB", help="largest request body accepted (default: 5)"
    )
    _analysis_options(serve, fetching=True)
    serve.set_defaults(func=cmd_serve)

    settings = commands.add_parser("settings", help="list every setting with its default and what it trades")
    settings.set_defaults(func=cmd_settings)
    return parser


def _db_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db", default="parallax.db", metavar="PATH", help="the store: a SQLite file (default: ./parallax.db)"
    )


def _report_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-f", "--format", choices=FORMATS, default="text", help="report format (default: text)")
    parser.add_argument("-o", "--output", metavar="FILE", help="write the report to FILE instead of stdout")
    color = parser.add_mutually_exclusive_group()
    color.add_argument("--color", dest="color", action="store_true", default=None, help="force colours")
    color.add_argument("--no-color", dest="color", action="store_false", help="no colours")


def _analysis_options(parser: argparse.ArgumentParser, *, fetching: bool, embedder: bool = True) -> None:
    if fetching:
        parser.add_argument(
            "--allow-private", action="store_true", help="allow URLs that resolve to private or loopback addresses"
        )
    if embedder:
        parser.add_argument("--embedder", choices=("onnx", "torch"), help="sentence embedder (default: onnx)")
    parser.add_argument(
        "--set",
        action="append",
        metavar="NAME=VALUE",
        help="override a setting, cluster.NAME for story clustering (see `parallax settings`)",
    )


def reference() -> str:
    """The CLI reference (docs/cli.md) rendered from the parser itself, so the docs cannot drift."""
    import os

    os.environ["COLUMNS"] = "100"  # argparse wraps to the terminal; the reference must not depend on it
    parser = build_parser()
    parts = [
        "# CLI reference\n",
        "Generated from the parser by `make docs` (`parallax.cli.reference()`); a test fails when it drifts.\n",
        "## parallax\n",
        "```\n" + parser.format_help() + "```\n",
    ]
    for action in parser._subparsers._group_actions if parser._subparsers else []:
        for name, sub in getattr(action, "choices", {}).items():
            parts.append(f"## parallax {name}\n")
            parts.append("```\n" + sub.format_help() + "```\n")
    settings = ["## Settings (`--set NAME=VALUE`)\n", "| name | default | what it trades |", "|---|---|---|"]
    from newsparallax.settings import describe

    settings += [f"| `{name}` | `{default!r}` | {help_text} |" for name, default, help_text in describe()]
    from newsparallax.cluster import describe_cluster_settings

    settings += [
        f"| `cluster.{name}` | `{default!r}` | {help_text} |"
        for name, default, help_text in describe_cluster_settings()
    ]
    return "\n".join(parts) + "\n" + "\n".join(settings) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return EXIT_INPUT
    try:
        code: int = args.func(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK
    return code


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
