#!/usr/bin/env python3
"""Validate the gold annotation in examples/gold/ against the example articles.

Stdlib only.  For every gold file it checks that

* every article listed exists and every ``text`` value (fact mentions, near
  misses, quotes, reported speech, reuse passages, quantities, dates, framing
  entries, boilerplate) is an exact substring of the article body;
* ids referenced by ``conflicts`` / ``agreements`` exist, and article names
  used anywhere are listed in ``articles``;
* every sentence of every article body is covered by a fact mention or a
  boilerplate entry (uncovered sentences are reported as warnings; pass
  ``--strict`` to turn them into errors).

Article bodies:

* ``.txt``  -- leading ``Key: value`` metadata lines are skipped, the first
  non-empty line after them is the headline, the remaining non-empty lines are
  the paragraphs;
* ``.json`` -- the ``"text"`` field (paragraphs joined by ``"\\n"``);
* ``.html`` -- the contents of the ``<p>`` elements inside ``<article>``, with
  HTML entities decoded.

The body is the paragraphs joined by ``"\\n"``.

Usage: python3 examples/check_gold.py [--strict] [gold files...]
"""

from __future__ import annotations

import html
import json
import re
import sys
from html.parser import HTMLParser
from pathlib import Path

EXAMPLES = Path(__file__).resolve().parent
GOLD_DIR = EXAMPLES / "gold"
META_RE = re.compile(r"^[A-Z][A-Za-z-]*(?: [A-Za-z-]+)?:\s*\S")
# Sentence boundary: end punctuation, optional closing quote, whitespace, then
# an opening quote, a capital letter or a digit.
SENT_RE = re.compile(r"(?<=[.!?])([\"\u201d\u2019]?)\s+(?=[\"\u201c\u2018A-Z0-9])")


class _ArticleParagraphs(HTMLParser):
    """Collect the text of <p> elements nested inside <article>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.article_depth = 0
        self.in_p = False
        self.buf: list[str] = []
        self.paragraphs: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "article":
            self.article_depth += 1
        elif tag == "p" and self.article_depth:
            self.in_p = True
            self.buf = []

    def handle_endtag(self, tag):
        if tag == "article" and self.article_depth:
            self.article_depth -= 1
        elif tag == "p" and self.in_p:
            text = html.unescape("".join(self.buf))
            text = re.sub(r"\s+", " ", text).strip()
            if text:
                self.paragraphs.append(text)
            self.in_p = False

    def handle_data(self, data):
        if self.in_p:
            self.buf.append(data)

    def handle_entityref(self, name):
        if self.in_p:
            self.buf.append(f"&{name};")

    def handle_charref(self, name):
        if self.in_p:
            self.buf.append(f"&#{name};")


def read_paragraphs(path: Path) -> list[str]:
    raw = path.read_text(encoding="utf-8")
    if path.suffix == ".json":
        return [p for p in json.loads(raw)["text"].split("\n") if p.strip()]
    if path.suffix in (".html", ".htm"):
        parser = _ArticleParagraphs()
        parser.feed(raw)
        parser.close()
        return parser.paragraphs
    lines = raw.splitlines()
    i = 0
    while i < len(lines) and (not lines[i].strip() or META_RE.match(lines[i])):
        i += 1
    i += 1  # headline
    return [line.strip() for line in lines[i:] if line.strip()]


def sentences(paragraph: str, offset: int):
    """Yield (start, end) spans of sentence-ish chunks of one paragraph."""
    start = 0
    for m in SENT_RE.finditer(paragraph):
        end = m.start() + len(m.group(1))
        yield offset + start, offset + end
        start = m.end()
    yield offset + start, offset + len(paragraph)


def iter_texts(gold: dict):
    """Yield (where, article, text) for every text reference in a gold file."""
    for fact in gold.get("facts", []):
        for m in fact.get("mentions", []):
            yield f"fact {fact['id']}", m["article"], m["text"]
    for i, nm in enumerate(gold.get("near_misses", [])):
        for side in ("a", "b"):
            yield f"near_miss[{i}].{side}", nm[side]["article"], nm[side]["text"]
    for i, q in enumerate(gold.get("quotes", [])):
        for m in q.get("mentions", []):
            yield f"quote[{i}] ({q['speaker']})", m["article"], m["text"]
    for i, r in enumerate(gold.get("reported_speech", [])):
        yield f"reported_speech[{i}]", r["article"], r["text"]
    for i, r in enumerate(gold.get("reuse", [])):
        for art in r["articles"]:
            yield f"reuse[{i}]", art, r["text"]
    for i, q in enumerate(gold.get("quantities", [])):
        yield f"quantities[{i}]", q["article"], q["text"]
    for i, d in enumerate(gold.get("dates", [])):
        yield f"dates[{i}]", d["article"], d["text"]
    framing = gold.get("framing", {})
    for i, w in enumerate(framing.get("word_choice", [])):
        for art, term in w["terms"].items():
            yield f"word_choice[{i}]", art, term
    for i, lab in enumerate(framing.get("labels", [])):
        yield f"labels[{i}]", lab["article"], lab["text"]
        if lab.get("neutral"):
            yield f"labels[{i}].neutral", lab["neutral"]["article"], lab["neutral"]["text"]
    for i, a in enumerate(framing.get("attribution", [])):
        yield f"attribution[{i}]", a["article"], a["verb"]
    for i, c in enumerate(framing.get("certainty", [])):
        for side in ("hedged", "asserted"):
            yield f"certainty[{i}].{side}", c[side]["article"], c[side]["text"]
    for i, b in enumerate(gold.get("boilerplate", [])):
        yield f"boilerplate[{i}]", b["article"], b["text"]


def check(gold_path: Path, strict: bool) -> tuple[int, int]:
    errors = warnings = 0

    def err(msg: str) -> None:
        nonlocal errors
        errors += 1
        print(f"ERROR   {gold_path.name}: {msg}")

    def warn(msg: str) -> None:
        nonlocal warnings
        warnings += 1
        print(f"{'ERROR  ' if strict else 'WARNING'} {gold_path.name}: {msg}")

    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    story_dir = EXAMPLES / gold["story"]
    bodies: dict[str, str] = {}
    paragraphs: dict[str, list[str]] = {}
    for name in gold["articles"]:
        path = story_dir / name
        if not path.is_file():
            err(f"article {name} not found in {story_dir}")
            continue
        paragraphs[name] = read_paragraphs(path)
        bodies[name] = "\n".join(paragraphs[name])
    on_disk = sorted(p.name for p in story_dir.iterdir() if p.is_file())
    if sorted(gold["articles"]) != on_disk:
        err(f"articles {gold['articles']} != files on disk {on_disk}")

    fact_ids = [f["id"] for f in gold.get("facts", [])]
    for dup in sorted({i for i in fact_ids if fact_ids.count(i) > 1}):
        err(f"duplicate fact id {dup!r}")
    for c in gold.get("conflicts", []):
        if c["fact"] not in fact_ids:
            err(f"conflict refers to unknown fact {c['fact']!r}")
        if c.get("kind") not in ("number", "date", "name"):
            err(f"conflict on {c['fact']!r} has bad kind {c.get('kind')!r}")
        for art in c["values"]:
            if art not in bodies:
                err(f"conflict on {c['fact']!r} names unknown article {art}")
    for a in gold.get("agreements", []):
        if a["fact"] not in fact_ids:
            err(f"agreement refers to unknown fact {a['fact']!r}")
    for q in gold.get("quotes", []):
        if q.get("match") not in ("verbatim", "altered", "single"):
            err(f"quote by {q['speaker']} has bad match {q.get('match')!r}")

    covered = {name: [False] * len(body) for name, body in bodies.items()}
    for where, art, text in iter_texts(gold):
        if art not in bodies:
            err(f"{where}: unknown article {art!r}")
            continue
        body = bodies[art]
        if not text or text not in body:
            err(f"{where}: text not found in {art}: {text!r}")
            continue
        if where.startswith(("fact ", "boilerplate")):
            start = body.find(text)
            while start != -1:
                for k in range(start, start + len(text)):
                    covered[art][k] = True
                start = body.find(text, start + 1)

    for name, paras in paragraphs.items():
        offset = 0
        body = bodies[name]
        for para in paras:
            for s, e in sentences(para, offset):
                chars = [k for k in range(s, e) if body[k].isalnum()]
                if not chars:
                    continue
                share = sum(covered[name][k] for k in chars) / len(chars)
                if share < 0.6:
                    warn(f"uncovered sentence in {name}: {body[s:e]!r}")
            offset += len(para) + 1
    return errors, warnings


def main(argv: list[str]) -> int:
    strict = "--strict" in argv
    paths = [Path(a) for a in argv if not a.startswith("--")]
    if not paths:
        paths = sorted(GOLD_DIR.glob("*.json"))
    if not paths:
        print("no gold files found")
        return 1
    total_e = total_w = 0
    for path in paths:
        e, w = check(path, strict)
        total_e += e
        total_w += w
        print(f"{path.name}: {e} error(s), {w} warning(s)")
    if total_e or (strict and total_w):
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
