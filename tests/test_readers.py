"""Readers: every input kind, every bad input named with its reason, and the rest still read."""

from __future__ import annotations

import io
import json
import random
import re
from pathlib import Path

import pytest

from newsparallax.errors import InputError
from newsparallax.model import Article
from newsparallax.readers import article_id, normalise_published, normalise_text, read_many, read_one

TXT = """Source: Lakeside Ledger
URL: https://www.lakeside-ledger.example/2026/05/ferry
Published: May 4, 2026
Author: Ana Ruiz

Ferry service to Gull Island halted after engine fire

The Gull Island ferry stopped running on Sunday after a small engine fire, the operator said.

No passengers were hurt, according to the harbour master.
"""

HTML = """<!doctype html><html><head><title>Ferry halted | Bay Times</title>
<meta property="og:site_name" content="Bay Times">
<meta property="og:title" content="Ferry to Gull Island halted after engine fire">
<meta property="article:published_time" content="2026-05-04T09:30:00+00:00">
</head><body><nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article><h1>Ferry to Gull Island halted after engine fire</h1>
<p>The ferry that links Gull Island to the mainland was taken out of service on Sunday after a fire broke out in
its engine room, the operator Bayline said in a statement.</p>
<p>All 48 passengers and four crew members were brought back to the harbour without injuries, officials said.</p>
<p>Bayline said a replacement vessel would run a reduced timetable from Tuesday while inspectors examine the
damaged engine.</p></article>
<footer>Copyright Bay Times. All rights reserved. Cookie settings.</footer></body></html>"""

RECORD = {
    "id": "ferry-3",
    "title": "Island ferry out of action",
    "text": "The island ferry was pulled from service on Sunday.\n\nInspectors will check the engine this week.",
    "source": "Harbour Notes",
    "url": "https://harbour-notes.example/ferry",
    "published": "2026-05-05",
}


def write(tmp_path: Path, name: str, content: str | bytes) -> str:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return str(path)


def test_text_file_metadata_headline_and_paragraphs(tmp_path: Path) -> None:
    article = read_one(write(tmp_path, "ledger.txt", TXT))
    assert article.source == "Lakeside Ledger"
    assert article.title == "Ferry service to Gull Island halted after engine fire"
    assert article.url == "https://www.lakeside-ledger.example/2026/05/ferry"
    assert article.published == "2026-05-04"
    assert article.author == "Ana Ruiz"
    assert article.text.split("\n") == [
        "The Gull Island ferry stopped running on Sunday after a small engine fire, the operator said.",
        "No passengers were hurt, according to the harbour master.",
    ]
    assert article.id == article_id(article.text) and len(article.id) == 12
    assert article.language == "en"


def test_text_file_without_metadata_takes_file_name_as_source(tmp_path: Path) -> None:
    article = read_one(write(tmp_path, "plain-note.txt", "Headline here\n\nBody line one.\nBody line two.\n"))
    assert (article.source, article.title, article.text) == (
        "plain-note",
        "Headline here",
        "Body line one.\nBody line two.",
    )


def test_text_file_metadata_may_follow_the_headline(tmp_path: Path) -> None:
    content = (
        "Ferry runs aground off Gull Point\nSource: Lakeside Ledger\nPublished: 2026-06-14\n\n"
        "The ferry struck a sandbar on Saturday.\nSource: the harbour master, who spoke on Sunday.\n"
    )
    article = read_one(write(tmp_path, "after.txt", content))
    assert (article.title, article.source, article.published) == (
        "Ferry runs aground off Gull Point",
        "Lakeside Ledger",
        "2026-06-14",
    )
    # Only the lines right after the headline are metadata: the body's own "Source: ..." line stays text.
    assert article.text.split("\n") == [
        "The ferry struck a sandbar on Saturday.",
        "Source: the harbour master, who spoke on Sunday.",
    ]


def test_source_falls_back_to_url_domain(tmp_path: Path) -> None:
    article = read_one(write(tmp_path, "a.txt", "URL: https://www.news.example/x\n\nHeadline\nBody text here."))
    assert article.source == "news.example"


def test_html_main_text_and_metadata(tmp_path: Path) -> None:
    article = read_one(write(tmp_path, "bay.html", HTML))
    assert article.source == "Bay Times"
    assert "Gull Island" in article.title
    assert article.published is not None and article.published.startswith("2026-05-04")
    assert "48 passengers" in article.text
    assert "Cookie" not in article.text and "Home" not in article.text
    assert len(article.text.split("\n")) == 3


def test_json_and_jsonl_records(tmp_path: Path) -> None:
    one = read_one(write(tmp_path, "one.json", json.dumps(RECORD)))
    assert (one.id, one.source, one.published) == ("ferry-3", "Harbour Notes", "2026-05-05")
    assert (
        one.text == "The island ferry was pulled from service on Sunday.\nInspectors will check the engine this week."
    )
    lines = [dict(RECORD, id=None, text=RECORD["text"] + f" Update {n}.") for n in range(3)]
    articles, issues = read_many([write(tmp_path, "many.jsonl", "\n".join(json.dumps(r) for r in lines))])
    assert len(articles) == 3 and not issues
    assert len({a.id for a in articles}) == 3


def test_directory_reads_supported_files_sorted(tmp_path: Path) -> None:
    folder = tmp_path / "story"
    folder.mkdir()
    write(folder, "b.txt", TXT)
    write(folder, "a.json", json.dumps(RECORD))
    write(folder, "notes.md", "# not an article")
    write(folder, ".hidden.txt", "Hidden\nSecret body.")
    articles, issues = read_many([str(folder)])
    assert [Path(a.path or "").name for a in articles] == ["a.json", "b.txt"]
    assert issues == []


def test_stdin_json_lines_and_text() -> None:
    stream = io.StringIO("\n".join(json.dumps(dict(RECORD, id=f"r{n}", text=f"Story text {n}.")) for n in range(2)))
    articles, _ = read_many(["-"], stdin=stream)
    assert [a.id for a in articles] == ["r0", "r1"]
    articles, _ = read_many(["-"], stdin=io.StringIO("A headline\nThe body of the article."))
    assert articles[0].title == "A headline" and articles[0].source == "stdin"


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.txt", "", "empty file"),
        ("blank.txt", "   \n\n", "empty file"),
        ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00", "binary file"),
        ("latin.txt", "Titre\nCaf\xe9 cr\xe8me".encode("latin-1"), "not UTF-8"),
        ("headline-only.txt", "Just a headline\n", "only a headline"),
        ("no-text.json", json.dumps({"author": "x"}), "no 'text'"),
        ("list.json", json.dumps(["text"]), "expected a JSON object"),
        ("broken.json", '{"title": "x", "text": ', "invalid JSON"),
        ("menu.html", "<html><body><nav><a href='/'>Home</a></nav></body></html>", "no article text"),
        ("photo.png", b"\x89PNG", "unsupported file type"),
    ],
)
def test_bad_inputs_are_named_with_a_reason(tmp_path: Path, name: str, content: str | bytes, reason: str) -> None:
    good = write(tmp_path, "good.txt", TXT)
    bad = write(tmp_path, name, content)
    articles, issues = read_many([bad, good])
    assert [a.source for a in articles] == ["Lakeside Ledger"], "the good input is still read"
    assert len(issues) == 1 and issues[0].level == "failure"
    assert issues[0].input.startswith(bad) and reason in issues[0].reason


def test_a_headline_only_record_is_its_own_text(tmp_path: Path) -> None:
    record = {"id": "h1", "title": "Ferry strike ends after two days", "source": "Wire", "text": ""}
    articles, issues = read_many([write(tmp_path, "headlines.jsonl", json.dumps(record) + "\n")])
    assert not issues and articles[0].text == articles[0].title == record["title"] and articles[0].id == "h1"


def test_missing_path_and_bad_jsonl_line(tmp_path: Path) -> None:
    jsonl = write(tmp_path, "d.jsonl", json.dumps(RECORD) + "\nnot json\n" + json.dumps({"source": "t"}) + "\n")
    articles, issues = read_many([str(tmp_path / "missing.txt"), jsonl])
    assert len(articles) == 1
    assert [(i.input, i.reason.split(" (")[0]) for i in issues] == [
        (str(tmp_path / "missing.txt"), "no such file or directory"),
        (f"{jsonl}:2", "invalid JSON"),
        (f"{jsonl}:3", "JSON record has no 'text'"),
    ]


def test_jsonl_is_streamed_and_a_bad_line_fails_alone(tmp_path: Path) -> None:
    other = {**RECORD, "id": "r2", "text": "A second record, with other words in it entirely."}
    content = (
        b"\xef\xbb\xbf" + json.dumps(RECORD).encode() + b"\n"
        + '{"title": "Caf\u00e9", "text": "cr\u00e8me"}'.encode("latin-1").replace(b"\\u00e9", b"\xe9") + b"\n\n"
        + json.dumps(other).encode() + b"\n"
    )  # fmt: skip
    jsonl = write(tmp_path, "d.jsonl", content)
    articles, issues = read_many([jsonl])
    assert [a.title for a in articles] == [RECORD["title"], other["title"]] and articles[1].id == "r2"
    assert [(i.input, i.reason.split(" (")[0]) for i in issues] == [(f"{jsonl}:2", "not UTF-8 text")]
    assert read_many([write(tmp_path, "blank.jsonl", "\n \n")])[1][0].reason == "empty file"


def test_same_text_twice_is_compared_once(tmp_path: Path) -> None:
    first = write(tmp_path, "first.txt", TXT)
    second = write(tmp_path, "second.txt", TXT.replace("Lakeside Ledger", "Other Outlet"))
    articles, issues = read_many([first, second])
    assert len(articles) == 1
    assert issues[0].input == second and f"same text as {first}" in issues[0].reason


def test_duplicate_ids_with_different_text_are_made_unique(tmp_path: Path) -> None:
    records = [dict(RECORD), dict(RECORD, text="A different body about the ferry and its engine.")]
    articles, _ = read_many([write(tmp_path, "d.jsonl", "\n".join(json.dumps(r) for r in records))])
    assert [a.id for a in articles] == ["ferry-3", "ferry-3-2"]


def test_non_english_text_is_kept_with_a_warning(tmp_path: Path) -> None:
    french = (
        "Le ferry suspendu\n\nLe ferry de l'île a été retiré du service dimanche après un incendie dans la salle "
        "des machines, a indiqué la compagnie dans un communiqué. Les passagers sont rentrés au port sans blessure "
        "et les inspecteurs examinent le moteur pour une durée qui reste inconnue."
    )
    articles, issues = read_many([write(tmp_path, "fr.txt", french)])
    assert len(articles) == 1 and articles[0].language == "fr"
    assert issues[0].level == "warning" and "does not look English" in issues[0].reason


def test_read_one_raises_with_the_input_named(tmp_path: Path) -> None:
    with pytest.raises(InputError) as caught:
        read_one(str(tmp_path / "nope.txt"))
    assert caught.value.source == str(tmp_path / "nope.txt")


def test_ids_are_deterministic(tmp_path: Path) -> None:
    path = write(tmp_path, "a.txt", TXT)
    assert read_one(path).id == read_one(path).id
    assert article_id("A  b\nC") == article_id("a b c")


@pytest.mark.parametrize(
    ("raw", "iso"),
    [
        ("2026-03-14", "2026-03-14"),
        ("March 14, 2026", "2026-03-14"),
        ("2026-03-14T09:30:00Z", "2026-03-14T09:30:00+00:00"),
        ("not a date", None),
        (None, None),
    ],
)
def test_published_is_normalised(raw: str | None, iso: str | None) -> None:
    assert normalise_published(raw) == iso


def test_examples_read_cleanly(examples_dir: Path) -> None:
    stories = [d for d in sorted(examples_dir.iterdir()) if d.is_dir() and d.name != "gold"]
    if not stories:
        pytest.skip("no examples")
    for story in stories:
        articles, issues = read_many([str(story)])
        assert len(articles) >= 3 and not issues, story
        assert all(isinstance(a, Article) and a.title and a.source for a in articles)


def test_parse_file_reads_bytes_as_a_file_of_that_name_would_be_read(tmp_path: Path) -> None:
    from newsparallax.readers import parse_file

    [from_bytes] = parse_file(TXT.encode("utf-8"), "upload.txt", path="upload.txt")
    from_disk = read_one(write(tmp_path, "upload.txt", TXT))
    assert isinstance(from_bytes, Article) and from_bytes.path == "upload.txt"
    assert (from_bytes.id, from_bytes.source, from_bytes.title, from_bytes.text, from_bytes.url) == (
        from_disk.id,
        from_disk.source,
        from_disk.title,
        from_disk.text,
        from_disk.url,
    )
    [unsupported] = parse_file(b"\x89PNG", "photo.PNG")
    [empty] = parse_file(b"", "blank.txt")
    assert "unsupported file type '.PNG'" in unsupported.reason and empty.reason == "empty file"  # type: ignore[union-attr]


def test_fetched_text_keeps_the_url_it_came_from() -> None:
    from newsparallax.readers import parse_text

    fetched = parse_text("Headline\nBody text here.", "u", url="https://news.example/a", fallback_source="x")
    stated = parse_text(
        "URL: https://news.example/b\n\nHeadline\nBody.", "u", url="https://x.example", fallback_source="x"
    )
    assert (fetched.url, stated.url) == ("https://news.example/a", "https://news.example/b")


def test_normalise_text_folds_every_run_of_spaces_tabs_and_no_break_spaces() -> None:
    # The fast path skips lines without a run to fold; against the plain definition on random text it must agree.
    def plain(text: str) -> str:
        lines = (re.sub(r"[ \t\u00a0]+", " ", line).strip() for line in text.replace("\r\n", "\n").split("\n"))
        return "\n".join(line for line in lines if line)

    rng = random.Random(11)
    pieces = ["a", "bc", " ", "  ", "\t", "\u00a0", "\n", "\r\n", "\n\n"]
    for _ in range(2000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 30)))
        assert normalise_text(text) == plain(text), repr(text)
    assert normalise_text(" Tabs\there,\u00a0 spaces   too \r\n\r\n next ") == "Tabs here, spaces too\nnext"
