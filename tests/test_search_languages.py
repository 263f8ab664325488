"""Search in the reader's language: one Pagefind index per language of the site's pages, and a search page
per language (the site's at search.html, another's at search_<tag>.html) that is in that language, so it
searches that index; every page's masthead leads to the search page of its own language."""
from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from generator.cli import main

from conftest import REPO, make_project

SEARCH_PAGE = re.compile(r"search(?:_[a-z0-9-]+)?\.html")


class Page(HTMLParser):
    """What a built page says of its language and search: <html lang>, whether Pagefind indexes it
    (data-pagefind-body), and the address of the masthead's search link."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.lang, self.indexed, self.search_link, self.redirect, self._in_site_nav = "", False, "", False, False
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.lang = attrs.get("lang", "")
        if "data-pagefind-body" in attrs:
            self.indexed = True
        if tag == "meta" and attrs.get("http-equiv") == "refresh":
            self.redirect = True
        if tag == "nav" and "site-nav" in (attrs.get("class") or "").split():
            self._in_site_nav = True
        if tag == "a" and self._in_site_nav and SEARCH_PAGE.fullmatch(Path(attrs.get("href", "")).name):
            self.search_link = attrs["href"]

    def handle_endtag(self, tag):
        if tag == "nav":
            self._in_site_nav = False


def pages(site: Path) -> dict[str, Page]:
    return {p.relative_to(site).as_posix(): Page(p.read_text(encoding="utf-8")) for p in sorted(site.rglob("*.html"))
            if not p.relative_to(site).as_posix().startswith("pagefind/")}


def search_pages(site: Path) -> list[str]:
    return sorted(p.name for p in site.glob("*.html") if SEARCH_PAGE.fullmatch(p.name))


def entry(site: Path) -> dict:
    return json.loads((site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))


def target(page: str, href: str) -> str:
    """A relative link of a page as a path from the site root."""
    parts = page.split("/")[:-1]
    for piece in href.split("/"):
        if piece == "..":
            parts.pop()
        elif piece not in ("", "."):
            parts.append(piece)
    return "/".join(parts)


def assert_masthead_searches_the_pages_own_language(built: dict[str, Page]) -> None:
    for path, page in built.items():
        if page.redirect:
            continue  # a redirect has no masthead
        assert page.search_link, path
        found = target(path, page.search_link)
        assert found in built, (path, page.search_link)
        assert built[found].lang.lower() == page.lang.lower(), (path, page.lang, found, built[found].lang)


@pytest.fixture(scope="module")
def repository_site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("languages") / "site"
    assert main(["--project", str(REPO), "build", "--out", str(out)]) == 0
    return out


def test_the_repository_site_has_a_search_page_per_language_and_an_index_per_language(repository_site):
    built = pages(repository_site)
    assert search_pages(repository_site) == ["search.html", "search_uk.html"]
    assert (built["search.html"].lang, built["search_uk.html"].lang) == ("en", "uk")
    assert not built["search.html"].indexed and not built["search_uk.html"].indexed  # search pages are not searched
    languages = entry(repository_site)["languages"]
    assert sorted(languages) == ["en", "uk"]
    for lang, index in languages.items():
        # one index per language, holding exactly the indexed pages whose <html lang> is that language
        assert index["page_count"] == sum(p.indexed and p.lang == lang for p in built.values()), lang
        assert (repository_site / "pagefind" / f"pagefind.{index['hash']}.pf_meta").is_file(), lang
    assert languages["en"]["wasm"] == "en"  # an English stemmer
    assert languages["uk"]["wasm"] is None and languages["uk"]["page_count"] >= 6  # no Ukrainian stemmer, still indexed


def test_every_page_of_the_repository_site_leads_to_the_search_of_its_language(repository_site):
    built = pages(repository_site)
    assert_masthead_searches_the_pages_own_language(built)
    assert built["geneva-talks-uk/index.html"].search_link == "../search_uk.html"
    assert built["geneva-talks/index.html"].search_link == "../search.html"
    assert built["entities/index.html"].search_link == "../search.html"  # site pages are in the site's language


def test_each_search_page_is_in_its_language_and_offers_the_others(repository_site):
    uk = (repository_site / "search_uk.html").read_text(encoding="utf-8")
    en = (repository_site / "search.html").read_text(encoding="utf-8")
    assert "<h1>Пошук</h1>" in uk and "<title>Пошук · " in uk and "<h1>Search</h1>" in en
    # the script's messages: one per plural category of the language (Ukrainian: one, few, many)
    assert re.findall(r"data-found-(\w+)=", uk) == ["one", "few", "many"] and 'data-plurals="uk"' in uk
    assert re.findall(r"data-found-(\w+)=", en) == ["one", "other"] and 'data-plurals="en"' in en
    assert re.search(r'<a href="search\.html" hreflang="en"[^>]*>English</a>', uk)
    assert re.search(r'<a href="search_uk\.html" hreflang="uk"[^>]*>Українська</a>', en)
    assert 'action="search_uk.html"' in uk and 'action="search.html"' in en  # the form stays in its language
    assert '<meta property="og:locale" content="uk_UA">' in uk


EXPLAINER = """\
explainer:
  title: "{title}"
  summary: "{summary}"
  language: {language}
  updated: 2024-05-01
"""


def test_a_site_of_one_language_has_one_search_page(tmp_path, cli):
    project = make_project(tmp_path / "p")
    assert cli(project, "build").code == 0
    site = project / "site"
    assert search_pages(site) == ["search.html"]
    assert sorted(entry(site)["languages"]) == ["en"]
    assert "search-languages" not in (site / "search.html").read_text(encoding="utf-8")  # no other language to offer
    assert_masthead_searches_the_pages_own_language(pages(site))


def test_languages_with_and_without_a_stemmer_each_get_an_index_and_a_search_page(tmp_path, cli):
    explainers = {
        "mosty": ("Мости", "Переговори про мости", "uk"),
        "pontes": ("Pontes", "Negociações sobre as pontes", "pt-BR"),
        "pontes-2": ("Pontes de novo", "Mais negociações", "pt-br"),  # the same language, written otherwise
        "jusur": ("الجسور", "محادثات حول الجسور", "ar"),
    }
    project = make_project(tmp_path / "p", {
        f"content/explainers/{slug}/explainer.yaml": EXPLAINER.format(title=title, summary=summary, language=language)
        for slug, (title, summary, language) in explainers.items()})
    assert cli(project, "build").code == 0
    site = project / "site"
    built = pages(site)
    assert search_pages(site) == ["search.html", "search_ar.html", "search_pt-br.html", "search_uk.html"]
    assert [built[p].lang for p in search_pages(site)] == ["en", "ar", "pt-BR", "uk"]
    assert '<html lang="ar" dir="rtl">' in (site / "search_ar.html").read_text(encoding="utf-8")
    languages = entry(site)["languages"]
    assert sorted(languages) == ["ar", "en", "pt-br", "uk"]  # pt-BR and pt-br: one language, one index
    assert languages["pt-br"]["page_count"] == 2 and languages["uk"]["page_count"] == 1
    assert languages["ar"]["wasm"] == "ar" and languages["uk"]["wasm"] is None  # stemmed, or indexed word for word
    assert built["pontes-2/index.html"].search_link == "../search_pt-br.html"
    assert_masthead_searches_the_pages_own_language(built)


def test_no_search_page_can_be_taken_by_a_page_of_the_content(tmp_path, cli):
    """A page or explainer named like a search page is refused by its name's rule (no `_`), never written
    over a search page."""
    project = make_project(tmp_path / "p", {
        "content/explainers/mosty/explainer.yaml": EXPLAINER.format(title="Мости", summary="Мости", language="uk"),
        "content/pages/search_uk.md": "---\ntitle: Taken\ndescription: x\n---\nText\n"})
    result = cli(project, "build")
    assert result.code == 1 and "content/pages/search_uk.md" in result.err
