"""``/docs``: the OpenAPI description rendered as a plain page.

FastAPI's own docs page loads Swagger UI from a CDN, which breaks offline and would need the Content-Security-
Policy opened to another origin; this page is built from the same ``/openapi.json`` with nothing to load.
"""

from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from newsparallax.render_html import esc
from newsparallax.web.layout import page

router = APIRouter(include_in_schema=False)

EXAMPLE = """curl -s http://127.0.0.1:8000/api/compare -H 'content-type: application/json' -d '{"articles": [
  {"title": "Fire at the harbor", "source": "Coastal Times", "text": "A fire broke out at the harbor on Monday..."},
  {"title": "Harbor blaze", "source": "Daily Star", "text": "Firefighters fought a blaze at the port..."}]}'"""


def _schema_name(schema: dict[str, Any]) -> str:
    ref = str(schema.get("$ref", ""))
    return ref.rsplit("/", 1)[-1] if ref else str(schema.get("type", ""))


def _operation(path: str, method: str, op: dict[str, Any]) -> str:
    parts = [
        f'<section class="endpoint" aria-labelledby="{esc(op.get("operationId", path))}">'
        f'<h2 id="{esc(op.get("operationId", path))}"><span class="method">{esc(method.upper())}</span> '
        f"<code>{esc(path)}</code></h2><p><strong>{esc(op.get('summary', ''))}</strong></p>"
    ]
    if op.get("description"):
        parts.append(f"<p>{esc(op['description'])}</p>")
    params = op.get("parameters", [])
    if params:
        items = "".join(
            f"<li><code>{esc(p['name'])}</code> ({esc(p['in'])}, {esc(_schema_name(p.get('schema', {})) or 'any')})"
            f"{' required' if p.get('required') else ''} {esc(p.get('description', ''))}</li>"
            for p in params
        )
        parts.append(f"<p>Parameters:</p><ul>{items}</ul>")
    if "requestBody" in op:
        schema = op["requestBody"].get("content", {}).get("application/json", {}).get("schema", {})
        name = _schema_name(schema)
        parts.append(f'<p>Body (JSON): <a href="#schema-{esc(name)}"><code>{esc(name)}</code></a></p>')
    answers = "".join(
        f"<li><code>{esc(status)}</code> {esc(answer.get('description', ''))}</li>"
        for status, answer in op.get("responses", {}).items()
    )
    parts.append(f"<p>Answers:</p><ul>{answers}</ul></section>")
    return "".join(parts)


@router.get("/docs", response_class=HTMLResponse)
def api_docs(request: Request) -> HTMLResponse:
    spec = request.app.openapi()
    parts = [
        "<h1>Parallax JSON API</h1>",
        '<p class="hint">The machine-readable description is at <a href="/openapi.json">/openapi.json</a>. '
        'Errors are <code>{"error": {"status", "message"}}</code>: 400 bad input, 404 no such story, 413 body too '
        "large, 422 malformed request, 503 no store, 500 unexpected (logged on the server).</p>",
        f"<h2>Example</h2><pre>{esc(EXAMPLE)}</pre>",
    ]
    for path, methods in spec.get("paths", {}).items():
        for method, op in methods.items():
            parts.append(_operation(path, method, op))
    parts.append("<h2>Schemas</h2>")
    for name, schema in spec.get("components", {}).get("schemas", {}).items():
        parts.append(f'<h3 id="schema-{esc(name)}">{esc(name)}</h3><pre>{esc(json.dumps(schema, indent=2))}</pre>')
    return page("API", "\n".join(parts), current="/docs")
