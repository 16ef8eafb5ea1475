"""Turn inputs (files, directories, stdin, URLs) into :class:`Article` records, or a clear reason why not.

One reader per source kind: ``.txt`` (headline first, optional ``Key: value`` metadata lines above or below it),
``.html``/``.htm`` (main text and metadata by trafilatura), ``.json`` (one object, or a list of objects),
``.jsonl`` (one object per line), a directory (every supported file in it, sorted), ``-`` (stdin: JSON, JSONL or
text) and ``http(s)://`` URLs (fetched by :mod:`newsparallax.fetch`).

:func:`read_many` never stops at a bad input: each failure becomes an :class:`InputIssue` naming the input (a
path, ``path:line`` for a JSONL record, a URL, ``-``) and the reason, and the other inputs are still read.
Article text is normalised to one paragraph per line, the form every offset in Parallax points into.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path, PurePath
from typing import IO, Any
from urllib.parse import urlsplit

from newsparallax.errors import InputError
from newsparallax.language import looks_english
from newsparallax.model import Article, InputIssue
from newsparallax.settings import DEFAULT, Settings

SUFFIXES = {".txt": "text", ".text": "text", ".html": "html", ".htm": "html", ".json": "json", ".jsonl": "jsonl"}
_METADATA = re.compile(r"^(source|url|published|date|author|by|title)\s*:\s*(.*\S)\s*$", re.IGNORECASE)
_METADATA_KEYS = {"date": "published", "by": "author"}
# Below this many words an HTML extraction is a menu, a paywall stub or an error page, not an article.
MIN_HTML_WORDS = 15


# --------------------------------------------------------------------------------------------------- helpers
_SPACES = re.compile(r"[ \t\u00a0]+")


def normalise_text(text: str) -> str:
    """One paragraph per line, no blank lines, no trailing spaces; runs of spaces and tabs kept as one space."""
    return "\n".join(line for line in map(_tidy_line, text.replace("\r\n", "\n").split("\n")) if line)


def _tidy_line(line: str) -> str:
    # Most lines need no substitution: three substring tests in C are ~15x cheaper than a regex that replaces
    # every single space by itself (an ingest normalises every record it reads).
    if "  " in line or "\t" in line or "\u00a0" in line:
        line = _SPACES.sub(" ", line)
    return line.strip()


def article_id(text: str) -> str:
    """The first 12 hex digits of the SHA-1 of the text with case and whitespace folded (stable across runs)."""
    folded = " ".join(text.split()).casefold()
    return hashlib.sha1(folded.encode("utf-8")).hexdigest()[:12]


def domain(url: str | None) -> str | None:
    if not url:
        return None
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.") or None


def normalise_published(value: Any) -> str | None:
    """ISO 8601 for anything dateutil understands ("2026-03-14", "March 14, 2026", RFC 2822); else None."""
    if value in (None, ""):
        return None
    text = str(value).strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return text
    from dateutil import parser as date_parser

    try:
        parsed = date_parser.parse(text)
    except (ValueError, OverflowError):
        return None
    if parsed.hour == parsed.minute == parsed.second == 0 and parsed.tzinfo is None and ":" not in text:
        return parsed.date().isoformat()
    return parsed.isoformat()


def _decode(data: bytes, name: str) -> str:
    if not data.strip():
        raise InputError(name, "empty file")
    if b"\x00" in data[:8192]:
        raise InputError(name, "binary file (it contains NUL bytes), not an article")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(name, f"not UTF-8 text (undecodable byte at offset {exc.start}); re-save it as UTF-8") from exc


def _make(
    text: str,
    title: str,
    *,
    name: str,
    source: str | None = None,
    path: str | None = None,
    url: str | None = None,
    published: Any = None,
    author: str | None = None,
    record_id: Any = None,
    fallback_source: str,
) -> Article:
    body = normalise_text(text)
    if not body:
        raise InputError(name, "no article text")
    title = " ".join(title.split())
    if record_id is not None and not isinstance(record_id, str | int):
        raise InputError(name, f"'id' must be a string or a number, not {type(record_id).__name__}")
    return Article(
        id=str(record_id) if record_id not in (None, "") else article_id(body),
        source=(source or "").strip() or domain(url) or fallback_source,
        title=title,
        text=body,
        path=path,
        url=url or None,
        published=normalise_published(published),
        author=(author or "").strip() or None,
    )


# --------------------------------------------------------------------------------------------------- readers
def _metadata(line: str) -> tuple[str, str] | None:
    """A ``Key: value`` metadata line as (field, value), with "Date" read as published and "By" as author."""
    match = _METADATA.match(line)
    if not match:
        return None
    key = match.group(1).lower()
    return _METADATA_KEYS.get(key, key), match.group(2)


def parse_text(
    content: str, name: str, *, path: str | None = None, url: str | None = None, fallback_source: str
) -> Article:
    """Optional ``Key: value`` metadata lines, then the headline (first non-empty line), then more optional
    metadata lines, then the body. ``url`` (where the text was fetched from) applies unless a ``URL:`` line says
    otherwise."""
    lines = content.replace("\r\n", "\n").split("\n")
    meta: dict[str, str] = {}
    index = 0
    while index < len(lines):
        line = lines[index].strip()
        entry = _metadata(line)
        if not line and not meta:
            index += 1
            continue
        if entry and not (entry[0] == "title" and "title" in meta):
            meta[entry[0]] = entry[1]
            index += 1
            continue
        if not line:  # the blank line after the metadata block
            index += 1
            continue
        break
    title = meta.pop("title", None)
    if title is None:
        if index >= len(lines):
            raise InputError(name, "no headline and no text after the metadata lines")
        title = lines[index].strip()
        index += 1
    # Metadata may also follow the headline ("Headline / Source: … / Published: …", as many exports write it);
    # left in the body, "Published: 2026-06-14" would be compared as a sentence and the date would be lost.
    while index < len(lines) and (entry := _metadata(lines[index].strip())) and entry[0] != "title":
        meta.setdefault(*entry)
        index += 1
    body = "\n".join(lines[index:])
    if not body.strip():
        raise InputError(name, "only a headline, no article text")
    return _make(
        body,
        title,
        name=name,
        source=meta.get("source"),
        path=path,
        url=meta.get("url") or url,
        published=meta.get("published"),
        author=meta.get("author"),
        fallback_source=fallback_source,
    )


def parse_html(content: str, name: str, *, path: str | None = None, url: str | None = None) -> Article:
    """Main text and metadata by trafilatura (precision-oriented: menus, footers and comments dropped)."""
    import trafilatura

    document = trafilatura.bare_extraction(
        content, url=url, with_metadata=True, include_comments=False, include_tables=False, favor_precision=True
    )
    text = getattr(document, "text", None) if document is not None else None
    title = getattr(document, "title", None) or ""
    lines = (text or "").strip().split("\n")
    if title and lines and " ".join(lines[0].split()) == " ".join(title.split()):
        lines = lines[1:]  # trafilatura keeps the <h1> as the first line; the headline is not body text
    text = "\n".join(lines)
    words = len(text.split())
    if words < MIN_HTML_WORDS:
        found = f" (only {words} words outside menus and footers)" if words else ""
        raise InputError(name, f"no article text found in the HTML page{found}")
    page_url = url or getattr(document, "url", None)
    return _make(
        text,
        title,
        name=name,
        source=getattr(document, "sitename", None),
        path=path,
        url=page_url,
        published=getattr(document, "date", None),
        author=getattr(document, "author", None),
        fallback_source=domain(page_url) or _stem(name),
    )


def parse_record(record: Any, name: str, *, path: str | None = None, fallback_source: str) -> Article:
    """One JSON object with ``text`` and optional ``title``, ``source``, ``url``, ``published``, ``author``, ``id``."""
    if not isinstance(record, dict):
        raise InputError(name, f"expected a JSON object with a 'text' field, got {type(record).__name__}")
    text = record.get("text")
    title = record.get("title") or ""
    if not isinstance(title, str):
        raise InputError(name, "'title' is not a string")
    if text in (None, "") and title.strip():
        # Headline feeds (e.g. aggregator dumps) carry no body: the headline is all there is to cluster on.
        text = title
    if not isinstance(text, str) or not text.strip():
        raise InputError(name, "JSON record has no 'text' (nor a 'title')" if not text else "'text' is not a string")
    return _make(
        text,
        title,
        name=name,
        source=_str_or_none(record.get("source")),
        path=path,
        url=_str_or_none(record.get("url")),
        published=record.get("published") or record.get("date"),
        author=_str_or_none(record.get("author")),
        record_id=record.get("id"),
        fallback_source=fallback_source,
    )


def _str_or_none(value: Any) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


def _stem(name: str) -> str:
    if name == "-" or name.startswith("-:") or name.startswith("-["):
        return "stdin"
    return Path(name.split(":", 1)[0] if "://" not in name else name).stem or name


def _parse_json_lines(content: str, name: str, path: str | None) -> Iterator[Article | InputIssue]:
    for number, line in enumerate(content.splitlines(), start=1):
        yield from _json_line(line, f"{name}:{number}", name, path)


def _json_line(line: str, where: str, name: str, path: str | None) -> Iterator[Article | InputIssue]:
    if not line.strip():
        return
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        yield InputIssue(where, f"invalid JSON ({exc.msg} at column {exc.colno})")
        return
    try:
        yield parse_record(record, where, path=path, fallback_source=_stem(name))
    except InputError as exc:
        yield InputIssue(exc.source, exc.reason)


def _stream_json_lines(path: Path, name: str) -> Iterator[Article | InputIssue]:
    """A .jsonl file on disk, line by line: a corpus dump of any size is read in constant memory, and a line
    that is not UTF-8 fails alone instead of the whole file."""
    try:
        handle = path.open("rb")
    except OSError as exc:
        yield InputIssue(name, f"cannot read file ({exc.strerror or exc})")
        return
    with handle:
        if b"\x00" in handle.read(8192):
            yield InputIssue(name, "binary file (it contains NUL bytes), not an article")
            return
        handle.seek(0)
        seen = False
        for number, raw in enumerate(handle, start=1):
            if not raw.strip():
                continue
            seen = True
            where = f"{name}:{number}"
            try:
                line = (raw.removeprefix(b"\xef\xbb\xbf") if number == 1 else raw).decode("utf-8")
            except UnicodeDecodeError as exc:
                yield InputIssue(where, f"not UTF-8 text (undecodable byte at column {exc.start + 1})")
                continue
            yield from _json_line(line, where, name, str(path))
        if not seen:
            yield InputIssue(name, "empty file")


def _parse_json(content: str, name: str, path: str | None) -> Iterator[Article | InputIssue]:
    try:
        data = json.loads(content)
    except json.JSONDecodeError as exc:
        # A .json file holding JSON Lines is a common mix-up: read it as such rather than fail.
        if exc.msg == "Extra data":
            yield from _parse_json_lines(content, name, path)
            return
        yield InputIssue(name, f"invalid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno})")
        return
    records = data if isinstance(data, list) else [data]
    for number, record in enumerate(records):
        where = name if not isinstance(data, list) else f"{name}[{number}]"
        try:
            yield parse_record(record, where, path=path, fallback_source=_stem(name))
        except InputError as exc:
            yield InputIssue(exc.source, exc.reason)


def _parse(content: str, kind: str, name: str, path: str | None, url: str | None) -> Iterator[Article | InputIssue]:
    try:
        if kind == "jsonl":
            yield from _parse_json_lines(content, name, path)
        elif kind == "json":
            yield from _parse_json(content, name, path)
        elif kind == "html":
            yield parse_html(content, name, path=path, url=url)
        else:
            yield parse_text(content, name, path=path, url=url, fallback_source=domain(url) or _stem(name))
    except InputError as exc:
        yield InputIssue(exc.source, exc.reason)


def _sniff(content: str) -> str:
    """The kind of text that arrived without a file name (stdin, a URL with a vague content type)."""
    head = content.lstrip()[:512].lower()
    if head.startswith("{"):
        first_line = content.strip().split("\n", 1)[0].strip()
        return "jsonl" if first_line.endswith("}") and "\n" in content.strip() else "json"
    if head.startswith("["):
        return "json"
    if head.startswith(("<!doctype html", "<html", "<?xml")) or "<body" in head or "<article" in head:
        return "html"
    return "text"


def _read_path(path: Path, name: str) -> Iterator[Article | InputIssue]:
    if path.suffix.lower() not in SUFFIXES:
        yield _unsupported(name, path.suffix)
        return
    if SUFFIXES[path.suffix.lower()] == "jsonl":
        yield from _stream_json_lines(path, name)
        return
    try:
        data = path.read_bytes()
    except OSError as exc:
        yield InputIssue(name, f"cannot read file ({exc.strerror or exc})")
        return
    yield from parse_file(data, name, path=str(path))


def _unsupported(name: str, suffix: str) -> InputIssue:
    return InputIssue(name, f"unsupported file type {suffix or '(none)'!r}; expected {', '.join(SUFFIXES)}")


def parse_file(data: bytes, name: str, *, path: str | None = None) -> Iterator[Article | InputIssue]:
    """The articles in a file's bytes, read by the suffix of ``name`` as a file on disk would be: for files
    that arrive without a path (uploads to the web app). ``path`` is recorded on the articles."""
    suffix = PurePath(name).suffix
    if suffix.lower() not in SUFFIXES:
        yield _unsupported(name, suffix)
        return
    try:
        content = _decode(data, name)
    except InputError as exc:
        yield InputIssue(exc.source, exc.reason)
        return
    yield from _parse(content, SUFFIXES[suffix.lower()], name, path, None)


def _read_directory(directory: Path, name: str) -> Iterator[Article | InputIssue]:
    files = sorted(
        p
        for p in directory.rglob("*")
        if p.is_file()
        and p.suffix.lower() in SUFFIXES
        and not any(part.startswith(".") for part in p.relative_to(directory).parts)
    )
    if not files:
        yield InputIssue(name, f"directory has no {', '.join(SUFFIXES)} files")
        return
    for file in files:
        yield from _read_path(file, str(file))


def _read_url(url: str, settings: Settings) -> Iterator[Article | InputIssue]:
    from newsparallax.fetch import fetch

    try:
        fetched = fetch(url, settings)
        content = _decode(fetched.body, url)
    except InputError as exc:
        yield InputIssue(exc.source, exc.reason)
        return
    kinds = {"application/json": "json", "application/x-ndjson": "jsonl", "text/plain": "text"}
    kind = kinds.get(fetched.content_type) or ("html" if "html" in fetched.content_type else _sniff(content))
    yield from _parse(content, kind, url, None, fetched.url)


def _read_stdin(stream: IO[str] | IO[bytes] | None) -> Iterator[Article | InputIssue]:
    if stream is None:
        yield InputIssue("-", "no standard input available")
        return
    raw = stream.read()
    data = raw if isinstance(raw, bytes) else raw.encode("utf-8", "surrogateescape")
    try:
        content = _decode(data, "-")
    except InputError as exc:
        yield InputIssue(exc.source, "standard input is empty" if exc.reason == "empty file" else exc.reason)
        return
    yield from _parse(content, _sniff(content), "-", None, None)


def iter_inputs(
    inputs: Iterable[str], settings: Settings = DEFAULT, *, stdin: IO[str] | IO[bytes] | None = None
) -> Iterator[Article | InputIssue]:
    """Every article and every problem, input by input, in order. Streams: nothing is held back."""
    for item in inputs:
        if item == "-":
            yield from _read_stdin(stdin)
        elif item.lower().startswith(("http://", "https://")):
            yield from _read_url(item, settings)
        else:
            path = Path(item)
            if path.is_dir():
                yield from _read_directory(path, item)
            elif path.is_file():
                yield from _read_path(path, item)
            elif path.exists():
                yield InputIssue(item, "not a regular file or directory")
            else:
                yield InputIssue(item, "no such file or directory")


# --------------------------------------------------------------------------------------------------- public
def read_many(
    inputs: Sequence[str], settings: Settings = DEFAULT, *, stdin: IO[str] | IO[bytes] | None = None
) -> tuple[list[Article], list[InputIssue]]:
    """Read every input; return the usable articles and the issues (failures and warnings), in input order.

    The same text given twice is kept once (the second is a failure naming the first); an id given twice with
    different texts gets a ``-2``, ``-3`` suffix so ids stay unique within the result. Text that does not look
    English is kept with a warning.
    """
    return collect(iter_inputs(inputs, settings, stdin=stdin), settings)


def collect(
    items: Iterable[Article | InputIssue], settings: Settings = DEFAULT
) -> tuple[list[Article], list[InputIssue]]:
    """What :func:`read_many` does once the inputs are read: drop repeated texts, make ids unique, guess the
    language. For articles that arrive already parsed (the web app's JSON and forms)."""
    articles: list[Article] = []
    issues: list[InputIssue] = []
    seen_text: dict[str, str] = {}
    seen_ids: set[str] = set()
    for item in items:
        if isinstance(item, InputIssue):
            issues.append(item)
            continue
        name = _name_of(item)
        fingerprint = article_id(item.text)
        if fingerprint in seen_text:
            issues.append(InputIssue(name, f"same text as {seen_text[fingerprint]}; compared once"))
            continue
        seen_text[fingerprint] = name
        item = _unique_id(item, seen_ids)
        english, guess = looks_english(item.title + "\n" + item.text, settings.english_min_share)
        if english:
            item = replace(item, language="en")
        else:
            item = replace(item, language=guess.language)
            named = f" (looks like {guess.language!r})" if guess.language else ""
            issues.append(
                InputIssue(
                    name,
                    f"text does not look English{named}; the models are English, so alignment may be poor",
                    "warning",
                )
            )
        articles.append(item)
    return articles, issues


def _name_of(article: Article) -> str:
    return article.path or article.url or f"{article.source} ({article.id})"


def _unique_id(article: Article, seen: set[str]) -> Article:
    candidate, n = article.id, 1
    while candidate in seen:
        n += 1
        candidate = f"{article.id}-{n}"
    seen.add(candidate)
    return article if candidate == article.id else replace(article, id=candidate)


def read_one(source: str, settings: Settings = DEFAULT) -> Article:
    """Read one article from a path or URL; raise :class:`InputError` when it yields none or several.

    Warnings (text that does not look English) do not stop it; the article's ``language`` records the guess.
    """
    articles, issues = read_many([source], settings)
    failures = [i for i in issues if i.level == "failure"]
    if len(articles) == 1 and not failures:
        return articles[0]
    if failures and not articles:
        raise InputError(failures[0].input, failures[0].reason)
    raise InputError(source, f"expected one article, found {len(articles)} (use read_many for several)")
