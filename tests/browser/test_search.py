"""Static search, used as a reader would: type a word, read the results."""
from __future__ import annotations

import html
import os
import re
import urllib.parse
from html.parser import HTMLParser
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


DONE = "document.getElementById('search-results').getAttribute('aria-busy') === 'false'"  # the results are in


def search(page, query: str) -> list[str]:
    """Search the words on the search page open in the tab; the addresses of the results."""
    page.fill("#search-input", query)
    page.press("#search-input", "Enter")
    page.wait_for_function(DONE, timeout=15000)
    return page.eval_on_selector_all("#search-results a", "els => els.map(e => e.href)")


def results_for(browser, url: str, query: str) -> list[str]:
    page = browser.new_page()
    page.goto(url)
    links = search(page, query)
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


def test_without_javascript_the_page_says_search_needs_it(browser, server_url, site_dir):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    for search_page in search_pages(site_dir):  # every language's search page says so, in its language
        page.goto(server_url + search_page)
        assert page.is_visible("main noscript p"), search_page
        if language_of(site_dir, search_page) == "en":
            assert "Search needs JavaScript" in page.inner_text("main")
    context.close()


def test_served_the_page_searches_and_from_disk_it_says_search_needs_a_server(browser, server_url, site_dir):
    page = browser.new_page()
    for search_page in search_pages(site_dir):
        page.goto(server_url + search_page)
        page.wait_for_function("!document.getElementById('search-served')", timeout=15000)
        page.goto((site_dir / search_page).as_uri())
        page.wait_for_load_state("load")
        assert "explainer serve" in page.inner_text("#search-served"), search_page
        if language_of(site_dir, search_page) == "en":
            assert "served by a web server" in page.inner_text("main")
    page.close()


# Search in the reader's language -------------------------------------------------------------------
# Pagefind keeps one index per language of the pages' <html lang>, and a search page searches the index
# of its own: each language of the site has a search page, and every page's masthead leads to its own.

SEARCH_PAGE = re.compile(r"search(?:_[a-z0-9-]+)?\.html")
HTML_LANG = re.compile(r'<html lang="([^"]+)"')
MAIN = re.compile(r"<main[^>]*\bdata-pagefind-body[^>]*>(.*?)</main>", re.S)


def search_pages(site_dir: Path) -> list[str]:
    """The site's search pages, the site language's (search.html) first."""
    return sorted((p.name for p in site_dir.glob("*.html") if SEARCH_PAGE.fullmatch(p.name)), key=lambda n: (n != "search.html", n))


def language_of(site_dir: Path, path: str) -> str:
    return HTML_LANG.search((site_dir / path).read_text(encoding="utf-8")).group(1).lower()


class IndexedText(HTMLParser):
    """The text Pagefind indexes of a page's body: all but the elements marked data-pagefind-ignore (and
    scripts, styles, forms)."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    def __init__(self, body: str):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0  # depth inside ignored elements
        self.feed(body)

    def handle_starttag(self, tag, attrs):
        if tag in self.VOID:
            return
        if self.skipping or "data-pagefind-ignore" in dict(attrs) or tag in ("script", "style", "form"):
            self.skipping += 1

    def handle_endtag(self, tag):
        if self.skipping and tag not in self.VOID:
            self.skipping -= 1

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data)


def indexed_words(site_dir: Path) -> dict[str, dict[str, set[str]]]:
    """language -> word -> the indexed pages (site paths) whose indexed text has it: words of five letters
    or more, in lower case, from each page's text as Pagefind takes it (<main data-pagefind-body>)."""
    found: dict[str, dict[str, set[str]]] = {}
    for file in sorted(site_dir.rglob("*.html")):
        path = file.relative_to(site_dir).as_posix()
        text = file.read_text(encoding="utf-8")
        main = MAIN.search(text)
        if path.startswith("pagefind/") or main is None:
            continue
        words = set(re.findall(r"[^\W\d_]{5,}", " ".join(IndexedText(main.group(1)).parts).lower()))
        for word in words:
            found.setdefault(HTML_LANG.search(text).group(1).lower(), {}).setdefault(word, set()).add(path)
    return found


def site_path(server_url: str, link: str) -> str:
    """A result's address as the path of its file in the site."""
    path = urllib.parse.unquote(link[len(server_url):].split("#")[0].split("?")[0])
    return path + "index.html" if path.endswith("/") or not path else path


def languages_or_skip(request, site_dir: Path) -> list[str]:
    pages = search_pages(site_dir)
    if request.node.callspec.params.get("site_dir") == "repository" and not os.environ.get("EXPLAINER_TEST_SITE"):
        assert pages == ["search.html", "search_uk.html"], pages  # the English explainers and the Ukrainian translation
    if len(pages) < 2:
        pytest.skip("this site's pages are all in one language: one search page")
    return pages


def test_a_word_of_one_language_is_found_on_its_search_page_only(request, browser, server_url, site_dir):
    """A word that only the pages in one language have (a Ukrainian word of the Ukrainian explainer) finds
    those pages on that language's search page, and none of them on another's."""
    pages = languages_or_skip(request, site_dir)
    words = indexed_words(site_dir)
    for page in pages:
        lang = language_of(site_dir, page)
        own = {w: where for w, where in words[lang].items() if not any(w in words[other] for other in words if other != lang)}
        word = max(sorted(own), key=lambda w: len(own[w]))  # the word most of its pages have
        links = results_for(browser, server_url + page, word)
        assert links, (page, word)
        assert all(language_of(site_dir, site_path(server_url, link)) == lang for link in links), (page, word, links)
        assert {site_path(server_url, link) for link in links} & own[word], (page, word, links)
        for other in pages:
            if other != page:
                found = [site_path(server_url, link) for link in results_for(browser, server_url + other, word)]
                assert not set(found) & own[word], (other, word, found)


def test_a_word_of_every_language_finds_each_search_pages_own_pages(request, browser, server_url, site_dir):
    """A word the pages of every language have (a name the Ukrainian pages quote in English) finds, on each
    search page, the pages in that page's language and no others."""
    pages = languages_or_skip(request, site_dir)
    words = indexed_words(site_dir)
    langs = [language_of(site_dir, page) for page in pages]
    shared = sorted(set.intersection(*(set(words[lang]) for lang in langs)))
    assert shared, "no word is on pages of every language"
    word = max(shared, key=lambda w: min(len(words[lang][w]) for lang in langs))
    for page, lang in zip(pages, langs):
        links = results_for(browser, server_url + page, word)
        found = {site_path(server_url, link) for link in links}
        assert found & words[lang][word], (page, word, links)
        assert all(language_of(site_dir, path) == lang for path in found), (page, word, links)


def test_the_masthead_search_link_leads_to_the_search_of_the_pages_language(request, browser, server_url, site_dir):
    """From a page in each language (the Ukrainian explainer's overview, an English one), the masthead's
    search link opens the search page of that language, which finds that language's pages."""
    pages = languages_or_skip(request, site_dir)
    words = indexed_words(site_dir)
    tab = browser.new_page()
    for page in pages:
        lang = language_of(site_dir, page)
        start = min(p for where in words[lang].values() for p in where if p.endswith("index.html") and "/" in p)
        tab.goto(server_url + start)
        tab.click('.masthead .site-nav a:is([href$="search.html"], [href*="search_"])')
        tab.wait_for_load_state("load")
        assert site_path(server_url, tab.url) == page, (start, tab.url)
        assert tab.evaluate("document.documentElement.lang").lower() == lang
        word = max(sorted(words[lang]), key=lambda w: len(words[lang][w]))
        links = search(tab, word)
        assert links and all(language_of(site_dir, site_path(server_url, link)) == lang for link in links), (page, word, links)
        assert tab.inner_text("#search-status") == status_message(tab, len(tab.evaluate(ALL_RESULTS, word)), word)
    tab.close()


ALL_RESULTS = """async (word) => {
  const pagefind = await import(new URL("pagefind/pagefind.js", document.baseURI.replace(/[^/]*$/, "")).href);
  return (await pagefind.search(word)).results.map((r) => r.id);
}"""


def status_message(tab, n: int, query: str) -> str:
    """What the search page should say for n results: its message for n's plural category in the language
    its messages are in (the Unicode CLDR's rules, as Babel has them), the number written as that language
    writes it."""
    from babel import Locale
    from babel.numbers import format_decimal

    data = tab.eval_on_selector("#search-status", "el => ({...el.dataset})")
    category = Locale.parse(data["plurals"].replace("-", "_")).plural_form(n)
    text = data["found" + category.capitalize()]
    return text.replace("{n}", format_decimal(n, locale=data["plurals"].replace("-", "_"))).replace("{q}", query)
