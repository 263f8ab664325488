"""Static search, used as a reader would: type a word, read the results."""
from __future__ import annotations

import html
import re
import urllib.parse
from pathlib import Path

import pytest

from .conftest import CHROMIUM_ARGS

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def browser(chromium):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=str(chromium), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


def results_for(browser, url: str, query: str) -> list[str]:
    page = browser.new_page()
    page.goto(url)
    page.fill("#search-input", query)
    page.press("#search-input", "Enter")
    page.wait_for_function("document.getElementById('search-status').textContent.includes('match')", timeout=15000)
    links = page.eval_on_selector_all("#search-results a", "els => els.map(e => e.href)")
    page.close()
    return links


def a_speaker(site_dir: Path) -> tuple[str, str]:
    """The name of a speaker on some statements page of the built site, and that page's path."""
    for page in sorted(site_dir.glob("*/statements.html")):
        found = re.search(r'class="speaker"><a href="[^"]*">([^<]+)</a>', page.read_text(encoding="utf-8"))
        if found:
            return html.unescape(found.group(1)), page.relative_to(site_dir).as_posix()
    pytest.skip("this site has no statements page")


def test_searching_a_speakers_name_finds_their_statements(browser, server_url, site_dir):
    name, statements = a_speaker(site_dir)
    links = results_for(browser, server_url + "search.html", name)
    assert any(link.endswith("/" + statements) for link in links), (name, links)
    assert all(link.startswith(server_url) for link in links)


def test_a_query_in_the_address_runs_on_load(browser, server_url, site_dir):
    name, _ = a_speaker(site_dir)
    page = browser.new_page()
    page.goto(server_url + "search.html?q=" + urllib.parse.quote(name))
    page.wait_for_selector("#search-results a", timeout=15000)
    assert name.split()[-1] in page.inner_text("#search-results")
    page.close()


def test_without_javascript_the_page_says_search_needs_it(browser, server_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(server_url + "search.html")
    assert "Search needs JavaScript" in page.inner_text("main")
    context.close()


def test_served_the_page_searches_and_from_disk_it_says_search_needs_a_server(browser, server_url, site_dir):
    page = browser.new_page()
    page.goto(server_url + "search.html")
    page.wait_for_function("!document.getElementById('search-served')", timeout=15000)
    page.goto((site_dir / "search.html").as_uri())
    page.wait_for_load_state("load")
    assert "served by a web server" in page.inner_text("main")
    assert "explainer serve" in page.inner_text("#search-served")
    page.close()
