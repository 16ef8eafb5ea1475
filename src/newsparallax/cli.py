"""The ``parallax`` command: parses options and calls the library; no analysis happens here.

Imports of the library stay inside the command functions so ``parallax --help`` never loads numpy, the
embedder or the HTML extractor. Exit status: 0 done, 2 unusable input (fewer than two usable articles, bad
options), 1 an unexpected error.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from newsparallax.settings import Settings

EXIT_OK, EXIT_ERROR, EXIT_INPUT = 0, 1, 2
FORMATS = ("text", "markdown", "json", "html")

EPILOG = """examples:
  parallax compare first.txt second.html third.json
  parallax compare https://example.org/a https://example.org/b
  cat story.jsonl | parallax compare - --format html > story.html
  parallax compare examples/harbor-fire/ --format json -o story.json
"""


def _settings_from(args: argparse.Namespace) -> Settings:
    from newsparallax.settings import DEFAULT, describe

    changes: dict[str, Any] = {}
    known = {name: default for name, default, _ in describe()}
    for item in args.set or []:
        name, _, raw = item.partition("=")
        name = name.strip().replace("-", "_")
        if name not in known or not raw:
            raise SystemExit(f"parallax: --set {item!r}: expected NAME=VALUE with NAME one of: {', '.join(known)}")
        default = known[name]
        try:
            value: Any = raw.lower() in ("1", "true", "yes", "on") if isinstance(default, bool) else type(default)(raw)
        except ValueError:
            raise SystemExit(f"parallax: --set {item!r}: {raw!r} is not a valid {type(default).__name__}") from None
        changes[name] = value
    if getattr(args, "embedder", None):
        changes["embedder"] = args.embedder
    if getattr(args, "allow_private", False):
        changes["allow_private"] = True
    return DEFAULT.replace(**changes)


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
    to_terminal = args.output in (None, "-") and sys.stdout.isatty()
    # --color/--no-color win; otherwise colour only on a terminal and never when NO_COLOR is set (no-color.org).
    color = args.color if args.color is not None else (to_terminal and not os.environ.get("NO_COLOR"))
    width = min(shutil.get_terminal_size().columns, 160) if to_terminal else 100
    _write(render(comparison.to_dict(), args.format, color=color, width=width), args.output)
    return EXIT_OK


def cmd_settings(args: argparse.Namespace) -> int:
    from newsparallax.settings import describe

    for name, default, help_text in describe():
        print(f"{name} = {default!r}\n    {help_text}")
    return EXIT_OK


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
    compare.add_argument("-f", "--format", choices=FORMATS, default="text", help="report format (default: text)")
    compare.add_argument("-o", "--output", metavar="FILE", help="write the report to FILE instead of stdout")
    compare.add_argument(
        "--allow-private", action="store_true", help="allow URLs that resolve to private or loopback addresses"
    )
    compare.add_argument("--embedder", choices=("onnx", "torch"), help="sentence embedder (default: onnx)")
    compare.add_argument(
        "--set", action="append", metavar="NAME=VALUE", help="override a setting (see `parallax settings`)"
    )
    color = compare.add_mutually_exclusive_group()
    color.add_argument("--color", dest="color", action="store_true", default=None, help="force colours")
    color.add_argument("--no-color", dest="color", action="store_false", help="no colours")
    compare.set_defaults(func=cmd_compare)

    settings = commands.add_parser("settings", help="list every setting with its default and what it trades")
    settings.set_defaults(func=cmd_settings)
    return parser


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
