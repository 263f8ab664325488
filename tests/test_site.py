"""The real explainer, built end to end, read as a reader would read it."""
from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from generator.cli import main
from generator.seeds import read_seed_text, split_blocks

REPO = Path(__file__).resolve().parent.parent
SEED = read_seed_text(REPO / "seeds" / "geneva-second-round.txt", "seed")


class Page(HTMLParser):
    """Elements with ids, links, marks, and text inside chosen elements."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.ids: list[str] = []
        self.links: list[str] = []
        self.marks: list[dict] = []  # {"id", "href", "text", "ids_before"}
        self.text: list[str] = []
        self.blocks: list[str] = []  # text of each child of the seed text
        self._pending_ids: list[str] = []
        self._in_seed = 0
        self._mark: dict | None = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.append(a["id"])
            if tag == "span":
                self._pending_ids.append(a["id"])
        if tag in ("a", "link", "script", "img") and (a.get("href") or a.get("src")):
            self.links.append(a.get("href") or a.get("src"))
        if "seed-text" in (a.get("class") or "").split():
            self._in_seed = 1
        elif self._in_seed:
            self._in_seed += 1
            if self._in_seed == 2:
                self.blocks.append("")
        if tag == "mark":
            self._mark = {"id": a.get("id"), "href": None, "text": "", "anchors": self._pending_ids}
            self.marks.append(self._mark)
            self._pending_ids = []
        elif tag == "a" and self._mark is not None:
            self._mark["href"] = a.get("href")

    def handle_endtag(self, tag):
        if self._in_seed:
            self._in_seed -= 1
        if tag == "mark":
            self._mark = None

    def handle_data(self, data):
        self.text.append(data)
        if self._mark is not None:
            self._mark["text"] += data
        if self._in_seed >= 2:
            self.blocks[-1] += data


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("built") / "site"
    assert main(["--project", str(REPO), "build", "--out", str(out)]) == 0
    return out


def page(site: Path, path: str) -> Page:
    return Page((site / path).read_text(encoding="utf-8"))


def content(name: str) -> dict:
    return yaml.safe_load((REPO / "content" / name).read_text(encoding="utf-8"))


def text_of(p: Page) -> str:
    return " ".join("".join(p.text).split())


def test_check_reports_full_coverage_and_no_problems(capsys):
    assert main(["--project", str(REPO), "check"]) == 0
    out = capsys.readouterr().out
    assert "seeds/geneva-second-round.txt: 15 of 15 sentences cited (100%)" in out
    assert "0 problems" in out


def test_every_page_the_product_promises_exists(site):
    for path in ["index.html", "background.html", "statements.html", "issues.html", "repercussions.html",
                 "entities/index.html", "sources/index.html", "sources/geneva-talks.html", "about.html",
                 "404.html", "sitemap.xml", "robots.txt", "entities/vladimir-medinsky.html"]:
        assert (site / path).is_file(), path


def test_statements_show_the_seeds_own_words(site):
    shown = text_of(page(site, "statements.html"))
    for statement in content("statements.yaml")["statements"]:
        assert statement["quote"]["exact"] in SEED  # the YAML copies the seed exactly...
        assert " ".join(statement["quote"]["exact"].split()) in shown  # ...and the page shows it
    assert "difficult but professional and serious," in shown
    assert "Vladimir Medinsky" in shown and "Volodymyr Zelensky" in shown


def test_each_disputed_issue_shows_both_sides_positions(site):
    html = (site / "issues.html").read_text(encoding="utf-8")
    for issue in content("issues.yaml")["issues"]:
        assert f'id="{issue["id"]}"' in html
        for side in ("russia", "ukraine"):
            assert f'id="{issue["id"]}-{side}"' in html
    shown = text_of(page(site, "issues.html"))
    for title in ["Russian-controlled territories", "neutrality", "ecurity guarantees"]:
        assert title in shown


def test_repercussions_cover_the_three_levels(site):
    shown = text_of(page(site, "repercussions.html"))
    for level in ("Local", "Regional", "International"):
        assert level in shown
    assert "Finland" in shown and "Sweden" in shown


def test_sources_page_holds_the_seed_in_full_with_every_sentence_highlighted(site):
    p = page(site, "sources/geneva-talks.html")
    blocks = split_blocks(SEED)
    assert [" ".join(b.split()) for b in p.blocks] == [" ".join(SEED[b.start:b.end].split()) for b in blocks]
    marked = "".join(m["text"] for m in p.marks)
    for block in blocks:
        for s in block.sentences:
            sentence = SEED[s.start:s.end]
            assert any(m["text"] and m["text"] in sentence or sentence in m["text"] for m in p.marks), sentence
    assert marked


def test_every_mark_links_to_its_citing_item_and_is_linked_back(site):
    p = page(site, "sources/geneva-talks.html")
    elsewhere = "".join(f.read_text(encoding="utf-8") for f in site.rglob("*.html") if f.name != "geneva-talks.html")
    span_ids = [i for mark in p.marks for i in [mark["id"], *mark["anchors"]] if i and not re.fullmatch(r"s\d+", i)]
    assert len(span_ids) == len(set(span_ids)) > 15
    for mark in p.marks:
        target_path, _, fragment = mark["href"].partition("#")
        target_html = (site / "sources" / target_path).resolve().read_text(encoding="utf-8")
        assert not fragment or f'id="{fragment}"' in target_html, mark["href"]
    for span_id in span_ids:
        assert f"sources/geneva-talks.html#{span_id}" in elsewhere, f"nothing links back to the mark {span_id}"


def test_internal_links_are_relative_and_resolve(site):
    for html_file in site.rglob("*.html"):
        if html_file.name == "404.html":
            continue
        p = Page(html_file.read_text(encoding="utf-8"))
        for link in p.links:
            if re.match(r"^(https?:|mailto:|data:)", link):
                continue
            assert not link.startswith("/"), (html_file, link)
            path, _, fragment = link.partition("#")
            target = (html_file.parent / path).resolve() if path else html_file
            assert target.is_file(), (html_file, link)
            if fragment:
                assert fragment in Page(target.read_text(encoding="utf-8")).ids, (html_file, link)


def test_no_duplicate_ids_and_no_script_in_built_pages(site):
    for html_file in site.rglob("*.html"):
        html = html_file.read_text(encoding="utf-8")
        ids = Page(html).ids
        assert len(ids) == len(set(ids)), html_file
        scripts = re.findall(r"<script[^>]*>", html)
        allowed = {'<script type="application/ld+json">', '<script type="module" src="static/search.js">'}
        assert set(scripts) <= allowed and "livereload" not in html, html_file
        assert '<span class="health' not in html and 'id="h_health"' not in html, html_file  # preview only


def test_entity_pages_link_back_to_every_mention(site):
    html = (site / "entities/vladimir-medinsky.html").read_text(encoding="utf-8")
    assert "../statements.html#" in html
    assert "../sources/geneva-talks.html#s8" in html  # the sentence that names him


def test_sitemap_lists_every_page_with_the_content_date(site):
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    updated = str(content("explainer.yaml")["explainer"]["updated"])
    pages = [p for p in site.rglob("*.html") if p.name not in ("404.html", "search.html")]
    assert sitemap.count("<url>") == len(pages)
    assert sitemap.count(f"<lastmod>{updated}</lastmod>") == len(pages)
