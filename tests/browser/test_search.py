"""Static search, used as a reader would: type a word, read the results."""
from __future__ import annotations

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


def test_searching_neutrality_finds_the_issue_and_the_statements(browser, server_url):
    links = results_for(browser, server_url + "search.html", "neutrality")
    assert any(link.endswith("/issues.html") for link in links), links
    assert any(link.endswith("/statements.html") for link in links), links
    assert all(link.startswith(server_url) for link in links)


def test_a_query_in_the_address_runs_on_load(browser, server_url):
    page = browser.new_page()
    page.goto(server_url + "search.html?q=Medinsky")
    page.wait_for_selector("#search-results a", timeout=15000)
    assert "Medinsky" in page.inner_text("#search-results")
    page.close()


def test_without_javascript_the_page_says_search_needs_it(browser, server_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(server_url + "search.html")
    assert "Search needs JavaScript" in page.inner_text("main")
    context.close()
