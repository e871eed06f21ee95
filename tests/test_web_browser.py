"""A real browser over the real server: Debian's Chromium, driven by Playwright, against uvicorn.

Why a browser and not only TestClient: right-to-left layout, ``:target`` highlighting and citation
navigation happen in the browser. Chromium comes from Debian (``/usr/bin/chromium``), never from
``playwright install``; when it is missing the test fails and says how to install it, so a CI run
that lacks it cannot pass by skipping.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator

import pytest
import uvicorn
from test_web_data import DAM_WHAT, build_store

from marsad.model import BRIEF_HEADINGS
from marsad.web import create_app

pytestmark = pytest.mark.browser

CHROMIUM = os.environ.get("MARSAD_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
STARTUP_SECONDS = 15.0
SCREENSHOT = "/tmp/marsad_story.png"


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    """uvicorn on 127.0.0.1, a port chosen by the OS, in a thread; stopped at teardown."""
    store = build_store()
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(create_app(store), log_level="warning", lifespan="off")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + STARTUP_SECONDS
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            server.should_exit = True
            pytest.fail(f"uvicorn did not start within {STARTUP_SECONDS:.0f}s")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()
        store.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not os.path.exists(CHROMIUM):
        pytest.fail(
            f"Chromium not found at {CHROMIUM}: install Debian's build with "
            "`apt-get install -y chromium fonts-noto-core` (do not use `playwright install`), "
            "or point MARSAD_CHROMIUM at a Chromium binary."
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            yield b
        finally:
            b.close()


def test_story_page_rtl_brief_and_citation_navigation(browser: object, base_url: str) -> None:
    from playwright.sync_api import Browser, expect

    assert isinstance(browser, Browser)
    page = browser.new_page(viewport={"width": 1000, "height": 900}, locale="ar")
    try:
        page.goto(f"{base_url}/stories/story-dam")
        assert page.evaluate("document.documentElement.dir") == "rtl"
        assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
        for heading in BRIEF_HEADINGS.values():
            expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible()
        expect(page.get_by_text(DAM_WHAT, exact=True)).to_be_visible()
        # in RTL the column's text starts at the right: the title's right edge is the column's
        title = page.locator("h1.page-title").bounding_box()
        column = page.locator("main").bounding_box()
        assert title and column and abs((title["x"] + title["width"]) - (column["x"] + column["width"])) < 40
        page.screenshot(path=SCREENSHOT, full_page=True)

        page.locator('a.cite[href="/articles/a2#s1"]').click()
        page.wait_for_url(f"{base_url}/articles/a2#s1")
        target = page.locator(":target")
        expect(target).to_have_count(1)
        expect(target).to_have_id("s1")
        expect(target).to_contain_text("مناسيب دجلة")
        expect(target).to_be_in_viewport()
        background = target.evaluate("el => getComputedStyle(el).backgroundColor")
        assert background not in ("rgba(0, 0, 0, 0)", "transparent"), background
        other = page.locator("#s0").evaluate("el => getComputedStyle(el).backgroundColor")
        assert other != background  # only the cited sentence is highlighted
    finally:
        page.close()


def test_the_entity_facts_grid_does_not_lay_out_the_story_comparison(browser: object, base_url: str) -> None:
    """``dl.facts`` (an entity's name, type, coordinates) is a two-column grid; the story page's
    source comparison is a ``section.facts`` holding a heading and a wide table, and when the grid
    rule matched it too, the heading sat beside a table squeezed to half the column."""
    from playwright.sync_api import Browser

    assert isinstance(browser, Browser)
    page = browser.new_page(viewport={"width": 1000, "height": 900}, locale="ar")
    try:
        page.goto(f"{base_url}/entities/local%3Abadush-dam")
        assert page.locator("dl.facts").evaluate("el => getComputedStyle(el).display") == "grid"
        page.goto(f"{base_url}/stories/story-dam")
        display = page.evaluate(
            "() => { const s = document.createElement('section'); s.className = 'facts';"
            " document.querySelector('main').appendChild(s); return getComputedStyle(s).display; }"
        )
        assert display == "block"
    finally:
        page.close()
