"""The ``parallax`` command end to end: formats, exit codes, messages naming bad inputs, docs in sync."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from newsparallax.cli import main, reference

ROOT = Path(__file__).resolve().parents[1]
FIRE = ROOT / "examples" / "harbor-fire"


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "newsparallax", *args], capture_output=True, text=True, input=stdin, timeout=300
    )


def test_cli_help_lists_the_commands() -> None:
    # Its speed is measured in benchmarks/compare_speed.py; that it loads no model is checked in test_architecture.
    result = run("--help")
    assert result.returncode == 0 and "compare" in result.stdout and "settings" in result.stdout


def test_cli_reference_doc_is_in_sync() -> None:
    assert (ROOT / "docs" / "cli.md").read_text(encoding="utf-8") == reference(), "run `make docs`"


def test_cli_no_command_prints_help_and_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 2
    assert "compare" in capsys.readouterr().out


def test_cli_bad_setting_is_a_usage_error() -> None:
    result = run("compare", "a.txt", "b.txt", "--set", "align_threshold=high")
    assert result.returncode != 0 and "align_threshold" in result.stderr


def test_cli_one_usable_article_exits_2_naming_every_bad_input(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text("Headline\nThe council approved the budget on Monday.", encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    result = run("compare", str(good), str(empty), str(tmp_path / "missing.html"))
    assert result.returncode == 2
    assert f"{empty}: empty file" in result.stderr
    assert f"{tmp_path / 'missing.html'}: no such file or directory" in result.stderr
    assert "need at least two articles" in result.stderr


@pytest.mark.slow
def test_cli_compare_examples_in_every_format(tmp_path: Path) -> None:
    if not FIRE.is_dir():
        pytest.skip("examples missing")
    bad = tmp_path / "broken.json"
    bad.write_text('{"author": "no text, no title"}', encoding="utf-8")
    outputs = {}
    for fmt in ("text", "markdown", "json", "html"):
        out = tmp_path / f"report.{fmt}"
        result = run("compare", str(FIRE), str(bad), "--format", fmt, "-o", str(out), "--no-color")
        assert result.returncode == 0, result.stderr
        assert f"{bad}: JSON record has no 'text'" in result.stderr, "the bad input is named, the rest compared"
        outputs[fmt] = out.read_text(encoding="utf-8")
    data = json.loads(outputs["json"])
    assert len(data["articles"]) == len(list(FIRE.iterdir()))
    assert data["issues"][0]["input"] == str(bad)
    assert outputs["html"].lstrip().lower().startswith("<!doctype html>")
    for article in data["articles"]:
        assert article["source"] in outputs["text"] and article["source"] in outputs["markdown"]


@pytest.mark.slow
def test_cli_reads_jsonl_from_stdin(tmp_path: Path) -> None:
    records = [
        {
            "title": "Library reopens",
            "source": "North Star",
            "text": "The city library reopened on Friday after a "
            "two-year renovation that cost $4 million, the mayor said. More than 900 visitors came on the first day.",
        },
        {
            "title": "Renovated library opens doors",
            "source": "Daily Bugle",
            "text": "After two years of renovation "
            "work costing $4 million, the city library opened again on Friday. Officials counted about 950 visitors.",
        },
    ]
    result = run("compare", "-", "--format", "json", stdin="\n".join(json.dumps(r) for r in records))
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert [a["source"] for a in data["articles"]] == ["North Star", "Daily Bugle"]
    assert any(f["shared_by"] == 2 for f in data["facts"])


# --- corpora: ingest, stories, story, failures, cluster -----------------------------------------------------

DAM = ROOT / "examples" / "dam-release"


def test_cli_cluster_prints_stories_of_input_ids(tmp_path: Path) -> None:
    from cluster_stories import STORIES, STREAM

    dump = tmp_path / "dump.jsonl"
    dump.write_text(
        "".join(json.dumps({"id": a.id, "title": a.title, "text": a.text, "source": a.source}) + "\n" for a in STREAM)
        + "{broken\n",
        encoding="utf-8",
    )
    result = run("cluster", str(dump), "--format", "json")
    assert result.returncode == 0, result.stderr
    stories = json.loads(result.stdout)["stories"]
    assert {frozenset(s["articles"]) for s in stories} == {frozenset(ids) for ids in STORIES.values()}
    assert all(s["id"].startswith("s") for s in stories)
    assert f"{dump}:9: invalid JSON" in result.stderr, "the bad record is named; the others are clustered"
    assert run("cluster", str(dump), "--format", "json").stdout == result.stdout, "deterministic"
    text = run("cluster", str(dump), "--format", "text", "--set", "cluster.join_threshold=0.99")
    assert text.returncode == 0 and "articles in" in text.stdout
    bad = run("cluster", str(dump), "--set", "cluster.join_threshold=2")
    assert bad.returncode == 2 and "join_threshold must lie in [0, 1]" in bad.stderr


@pytest.mark.slow
def test_cli_ingest_then_stories_then_story(tmp_path: Path) -> None:
    db = str(tmp_path / "corpus.db")
    first = run("ingest", str(FIRE), str(DAM), str(tmp_path / "missing.txt"), "--db", db)
    assert first.returncode == 0, first.stderr
    assert "added 8 articles to 2 stories; 0 already stored, 1 failed" in first.stdout
    assert f"failed: {tmp_path / 'missing.txt'}: no such file or directory" in first.stdout
    again = run("ingest", str(FIRE), "--db", db, "--json")
    assert json.loads(again.stdout)["duplicates"] == 4 and json.loads(again.stdout)["added"] == 0
    listed = json.loads(run("stories", "--db", db, "--format", "json").stdout)
    assert listed["total"] == 2 and [s["size"] for s in listed["stories"]] == [4, 4]
    found = json.loads(run("stories", "--db", db, "--format", "json", "--search", "averell").stdout)
    assert len(found["stories"]) == 1 and "Port Averell" in found["stories"][0]["headline"]
    text = run("stories", "--db", db)
    assert found["stories"][0]["id"] in text.stdout and "Coastal Wire" in text.stdout
    story_id = found["stories"][0]["id"]
    report = run("story", story_id[:6], "--db", db, "--format", "json")
    assert report.returncode == 0, report.stderr
    assert len(json.loads(report.stdout)["articles"]) == 4
    assert run("story", story_id, "--db", db, "--format", "json").stdout == report.stdout, "cached, same result"
    failures = run("failures", "--db", db)
    assert "missing.txt: no such file or directory" in failures.stdout


def test_cli_story_and_stories_name_what_is_missing(tmp_path: Path) -> None:
    missing = run("stories", "--db", str(tmp_path / "none.db"))
    assert missing.returncode == 2 and "none.db" in missing.stderr
    db = str(tmp_path / "one.db")
    assert run("ingest", str(FIRE / "01_coastal-wire.txt"), "--db", db).returncode == 0
    unknown = run("story", "zzz", "--db", db)
    assert unknown.returncode == 2 and "no story 'zzz'" in unknown.stderr
    only = json.loads(run("stories", "--db", db, "--format", "json").stdout)["stories"][0]["id"]
    single = run("story", only, "--db", db)
    assert single.returncode == 2 and "single article" in single.stderr
