"""One entry point for every report format; the format modules load only when asked for.

``render_text`` needs rich, which the library must not import at load time (tests/test_architecture.py),
so each renderer is imported inside :func:`render`.
"""

from __future__ import annotations

from typing import Any

FORMATS = ("text", "markdown", "json", "html")


def render(data: dict[str, Any], fmt: str, *, color: bool = False, width: int = 100) -> str:
    """The report on the comparison ``data`` (``Comparison.to_dict()``) in format ``fmt``.

    ``color`` and ``width`` apply to the text format only. Raises ``ValueError`` for an unknown format.
    """
    if fmt == "text":
        from newsparallax.render_text import render_text

        return render_text(data, color=color, width=width)
    if fmt == "markdown":
        from newsparallax.render_markdown import render_markdown

        return render_markdown(data)
    if fmt == "json":
        from newsparallax.serialize import dumps

        return dumps(data) + "\n"
    if fmt == "html":
        from newsparallax.render_html import render_html

        return render_html(data)
    raise ValueError(f"unknown report format {fmt!r}; expected one of: {', '.join(FORMATS)}")
