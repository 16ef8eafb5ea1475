"""The pages in a real browser: Debian's chromium driven by Playwright against a live server.

Opens the story page of the seed pair (the bundled harbor-fire example when ../shared is absent), clicks a
shared sentence and checks that its counterparts in the other columns light up and scroll into view, does the
same from the keyboard and on a narrow screen (tabs), follows a summary citation, and checks that script
injected into articles never runs and that the strict Content-Security-Policy blocks nothing of the app's own.
Skips when chromium or playwright is missing (``make install`` installs both).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi", reason="the web extra is not installed (pip install -e '.[web]')")

from newsparallax.cluster import StoryClusterer
from newsparallax.ingest import ingest
from newsparallax.readers import read_many
from newsparallax.store import open_store
from web_fixtures import DAM, SCRIPT, fire_records, hostile, ingest_records, live_server

pytestmark = pytest.mark.slow
CHROMIUM = Path("/usr/bin/chromium")
SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
# Debian's chromium as root, headless, without the background connections this machine's network refuses.
FLAGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """A live server over a store holding the clean story and a hostile one; their URLs by name."""
    if not CHROMIUM.exists():
        pytest.skip("Debian chromium is not installed at /usr/bin/chromium (make install does it)")
    pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install -e '.[dev]')")
    from newsparallax.web import create_app

    db = str(tmp_path_factory.mktemp("browser") / "browser.db")
    # The hostile story is the harbor-fire example with payloads, so the clean one must be another story.
    clean = SEEDS if SEEDS.is_dir() else DAM
    with open_store(db) as store:
        ingest([str(clean)], store, StoryClusterer)
    ingest_records(db, hostile(fire_records()), "hostile")
    with open_store(db) as store:
        articles, _ = read_many([str(clean)])
        clean_story = store.story_of(articles[0].id)
        stories = store.stories()
    hostile_story = next(s.id for s in stories if s.id != clean_story and s.size >= 2)
    with live_server(create_app(db)) as base:
        yield {"base": base, "clean": f"{base}/stories/{clean_story}", "hostile": f"{base}/stories/{hostile_story}"}


@pytest.fixture(scope="module")
def browser(site: dict[str, str]) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        yield launched
        launched.close()


@pytest.fixture()
def page(browser: Any) -> Iterator[Any]:
    """A fresh page that records console errors (a CSP violation is one) and dialogs."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    tab = context.new_page()
    tab.problems = []
    tab.on("console", lambda m: tab.problems.append(m.text) if m.type == "error" else None)
    tab.on("pageerror", lambda e: tab.problems.append(str(e)))
    tab.on("dialog", lambda d: (tab.problems.append(f"dialog: {d.message}"), d.dismiss()))
    yield tab
    context.close()


def _in_view(element: Any, container: Any) -> bool:
    box, frame = element.bounding_box(), container.bounding_box()
    return bool(box and frame and frame["y"] <= box["y"] and box["y"] + box["height"] <= frame["y"] + frame["height"])


def test_web_browser_clicking_a_shared_sentence_lights_its_counterparts(
    site: dict[str, str], page: Any, tmp_path: Path
) -> None:
    page.goto(site["clean"])
    columns = page.locator(".col")
    assert columns.count() >= 2
    # The last shared sentence of the first column: its counterparts are further down the other columns,
    # so they must be scrolled into view.
    shared = columns.nth(0).locator("span.s.st-all, span.s.st-some").last
    shared.scroll_into_view_if_needed()
    shared.click()
    assert "sel" in (shared.get_attribute("class") or "")
    lit = page.locator(".col:not(:first-child) span.s.hl")
    lit.first.wait_for(state="visible", timeout=5000)
    assert lit.count() >= 1
    column = lit.first.locator("xpath=ancestor::div[contains(@class, 'body')]")
    page.wait_for_function(
        "el => { const b = el.closest('.body').getBoundingClientRect(), r = el.getBoundingClientRect();"
        " return r.top >= b.top && r.bottom <= b.bottom; }",
        arg=lit.first.element_handle(),
        timeout=5000,
    )
    assert _in_view(lit.first, column), "the counterpart is scrolled into view in its column"
    assert "Also reported by" in page.locator("#status").inner_text()
    page.screenshot(path=str(tmp_path / "story.png"))
    assert (tmp_path / "story.png").stat().st_size > 10_000
    page.keyboard.press("Escape")
    assert page.locator("span.s.hl").count() == 0
    # The keyboard does what the mouse does: sentences are focusable, Enter and Space activate them.
    shared.focus()
    page.keyboard.press("Enter")
    assert page.locator(".col:not(:first-child) span.s.hl").count() >= 1
    page.keyboard.press("Space")
    assert page.locator("span.s.hl").count() == 0, "a second activation clears"
    assert page.evaluate("document.body.classList.contains('js')"), "the report script ran under the CSP"
    assert not page.problems, page.problems


def test_web_browser_summary_citations_jump_to_their_spans(site: dict[str, str], page: Any) -> None:
    page.goto(site["clean"])
    cite = page.locator("#summary a.cite").first
    if cite.count() == 0:
        pytest.skip("this story's summary has no citations")
    cite.click()
    flashed = page.locator(".col span.s.flash")
    flashed.first.wait_for(state="attached", timeout=5000)
    assert flashed.count() >= 1 and "Showing" in page.locator("#status").inner_text()
    assert not page.problems, page.problems


def test_web_browser_narrow_screens_get_tabs(site: dict[str, str], page: Any) -> None:
    page.set_viewport_size({"width": 420, "height": 800})
    page.goto(site["clean"])
    tabs = page.locator(".tabs [role=tab]")
    assert tabs.first.is_visible() and tabs.count() >= 2
    assert page.locator(".col").nth(1).is_hidden(), "one article at a time"
    page.locator(".col").nth(0).locator("span.s.st-all, span.s.st-some").first.click()
    marked = page.locator(".tabs [role=tab].has-hl")
    assert marked.count() >= 1, "the tabs with counterparts are marked"
    assert page.locator(".tabs [role=tab][aria-selected=true].has-hl").count() == 0
    marked.first.focus()
    page.keyboard.press("Enter")
    shown = page.locator(".col.active")
    assert shown.count() == 1 and shown.locator("span.s.hl").count() >= 1
    assert not page.problems, page.problems


def test_web_browser_injected_script_never_runs(site: dict[str, str], page: Any) -> None:
    base = site["base"]
    shown_as_text = 0
    for url in (f"{base}/", f"{base}/stories", f"{base}/stories?q=%3Cscript%3E", f"{base}/docs", site["hostile"]):
        page.goto(url)
        page.wait_for_load_state("load")
        assert page.evaluate("typeof window.__pwned") == "undefined", url
        shown_as_text += SCRIPT in page.evaluate("document.body.innerText")
    assert shown_as_text >= 2, "the payload is displayed as text on the stories list and the story page"
    page.locator(".col span.s").first.click()  # the page's own script still works around the payloads
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert not page.problems, page.problems


def test_web_browser_compare_form_adds_articles(site: dict[str, str], page: Any) -> None:
    page.goto(site["base"] + "/")
    blocks = page.locator("fieldset.article")
    before = blocks.count()
    page.get_by_role("button", name="Add an article").click()
    assert blocks.count() == before + 1
    assert page.evaluate("document.activeElement.id") == f"title-{before + 1}"
    assert page.locator(f"label[for=text-{before + 1}]").count() == 1
    assert not page.problems, page.problems
