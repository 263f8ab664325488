"""Long lists over several pages: the home page, the list of entities, the list of sources and an
entity's mentions each split into numbered pages (page 1 at the list's own address, page n at `_n.html`)
that lead to each other (a pager, and rel=prev/next in <head>), are in the sitemap, and never take the
place of a record's page; a list of one page looks as it always did."""
from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import EXPLAINER, EXPLAINER_FILE, ENTITIES, ENTITIES_FILE, RECORDS, RECORDS_FILE, SOURCES_FILE, make_project
from generator import render


class Parsed(HTMLParser):
    """What a test reads of a page: its title, <link rel> in the head, the pager, the links in chosen lists."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.title = ""
        self.head_links: dict[str, str] = {}  # rel -> href of <link> in <head>
        self.pager: dict | None = None  # {"label", "now", "links": [(text, href, aria-label, current)]}
        self.entity_links: list[str] = []  # hrefs in the list of entities
        self.ids: list[str] = []
        self._stack: list[str] = []
        self._in_title = self._in_entity_list = self._in_pager_now = False
        self._link: list | None = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.append(a["id"])
        classes = (a.get("class") or "").split()
        if tag == "title":
            self._in_title = True
        elif tag == "link" and "head" in self._stack and a.get("rel") in ("prev", "next"):
            assert a["rel"] not in self.head_links, "one <link rel> of each kind"
            self.head_links[a["rel"]] = a["href"]
        elif tag == "nav" and "paging" in classes:
            assert self.pager is None, "one pager a page"
            self.pager = {"label": a.get("aria-label"), "now": "", "links": []}
        elif tag == "p" and "paging-now" in classes:
            self._in_pager_now = True
        elif tag == "a" and self.pager is not None and "nav" in self._stack:
            self._link = ["", a.get("href"), a.get("aria-label"), a.get("aria-current"), a.get("rel")]
            self.pager["links"].append(self._link)
        elif tag == "ul" and "entity-list" in classes:
            self._in_entity_list = True
        elif tag == "a" and self._in_entity_list:
            self.entity_links.append(a["href"])
        if tag not in ("link", "meta", "br", "img", "input"):
            self._stack.append(tag)

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False
        elif tag == "ul":
            self._in_entity_list = False
        elif tag == "p":
            self._in_pager_now = False
        elif tag == "a":
            self._link = None
        while self._stack and self._stack.pop() != tag:
            pass

    def handle_data(self, data):
        if self._in_title:
            self.title += data
        if self._in_pager_now:
            self.pager["now"] += data
        if self._link is not None:
            self._link[0] += data


def page(site: Path, path: str) -> Parsed:
    return Parsed((site / path).read_text(encoding="utf-8"))


def resolve(path: str, href: str) -> str:
    """The site path a relative link of the page at path leads to."""
    parts = path.split("/")[:-1]
    for piece in href.split("#")[0].split("/"):
        if piece == "..":
            parts.pop()
        elif piece:
            parts.append(piece)
    return "/".join(parts)


@pytest.fixture
def small_pages(monkeypatch):
    """Page sizes small enough for the small fixture project's lists to need several pages."""
    def patch(**sizes):
        for name, value in sizes.items():
            assert hasattr(render, name)
            monkeypatch.setattr(render, name, value)
    return patch


def pages_of_list(site: Path, first: str) -> list[str]:
    """The paths of a list's pages, following rel=next from its first page."""
    paths = [first]
    while "next" in (parsed := page(site, paths[-1])).head_links:
        paths.append(resolve(paths[-1], parsed.head_links["next"]))
        assert len(paths) < 100
    return paths


MORE_ENTITIES = ENTITIES + "".join(
    f"  - id: {eid}\n    kind: {kind}\n    name: {name}\n    description: {name} in the story.\n"
    for eid, kind, name in [("berta-moss", "person", "Berta Moss"), ("cyril-dane", "person", "Cyril Dane"),
                            ("river-board", "organisation", "River Board"), ("lake-trust", "organisation", "Lake Trust")])


def test_a_small_site_has_no_pages_of_its_lists(project, cli):
    assert cli(project, "build", "--no-search").code == 0
    site = project / "site"
    assert not [p for p in site.rglob("*_*.html") if not p.name.startswith("search_")]
    for path in ("index.html", "entities/index.html", "sources/index.html", "entities/ana-berg.html"):
        html = (site / path).read_text(encoding="utf-8")
        parsed = page(site, path)
        assert parsed.pager is None and parsed.head_links == {}
        assert "paging" not in html and "page 1" not in html.lower()
    assert page(site, "entities/index.html").title.startswith("People, places, organisations ·")


def test_the_list_of_entities_over_pages(project, cli, small_pages):
    from conftest import write_files
    write_files(project, {ENTITIES_FILE: MORE_ENTITIES})
    small_pages(ENTITIES_PAGE_SIZE=2)
    assert cli(project, "build", "--no-search").code == 0
    site = project / "site"
    paths = pages_of_list(site, "entities/index.html")
    assert paths == ["entities/index.html", *(f"entities/index_{n}.html" for n in range(2, 5))]  # 8 entities, 2 a page
    listed = []
    for number, path in enumerate(paths, 1):
        parsed = page(site, path)
        # the head leads to the neighbours, as the pager does
        assert set(parsed.head_links) == {"prev", "next"} - ({"prev"} if number == 1 else set()) - ({"next"} if number == 4 else set())
        pager = parsed.pager
        assert pager["label"] == "Pages of this list"
        assert pager["now"] == f"Page {number} of 4"
        current = [link for link in pager["links"] if link[3] == "page"]
        assert len(current) == 1 and current[0][0] == str(number) and resolve(path, current[0][1]) == path
        assert current[0][2] == f"Page {number}"  # its accessible name
        numbered = {link[0]: resolve(path, link[1]) for link in pager["links"] if link[0].isdigit()}
        assert numbered == {str(n): p for n, p in enumerate(paths, 1)}  # four pages: every one named
        for rel in ("prev", "next"):
            if rel in parsed.head_links:
                target = paths[number - 2 if rel == "prev" else number]
                assert resolve(path, parsed.head_links[rel]) == target
                assert [resolve(path, link[1]) for link in pager["links"] if link[4] == rel] == [target]
        title = parsed.title.split(" · ")[0]
        assert title == ("People, places, organisations" if number == 1 else f"People, places, organisations (page {number} of 4)")
        listed += [resolve(path, href) for href in parsed.entity_links]
    # every entity on exactly one page, people first, then places, then organisations, each by name
    assert listed == ["entities/ana-berg.html", "entities/berta-moss.html", "entities/cyril-dane.html",
                      "entities/lakeside.html", "entities/northland.html", "entities/southland.html",
                      "entities/lake-trust.html", "entities/river-board.html"]
    # each page names the page where each kind begins
    for path in paths:
        html = (site / path).read_text(encoding="utf-8")
        assert 'href="../entities/index_2.html#place-group">Places</a>' in html
        assert 'href="../entities/index_4.html#organisation-group">Organisations</a>' in html
    second = (site / "entities/index_2.html").read_text(encoding="utf-8")
    assert 'id="person-group"' in second and 'id="place-group"' in second  # the people go on from page 1
    # the crumbs lead to the list's first page
    assert re.search(r'<nav class="crumbs[^>]*>.*?href="../entities/index.html">People, places, organisations</a>', second, re.S)


def test_the_home_page_over_pages(project, cli, small_pages):
    from conftest import write_files
    write_files(project, {f"content/explainers/second-{n}/explainer.yaml": EXPLAINER.replace("Lakeside talks", f"Second talks {n}")
                          .replace("2024-05-01", f"2024-06-0{n}") for n in range(1, 3)})
    small_pages(HOME_PAGE_SIZE=2)
    assert cli(project, "build", "--no-search").code == 0
    site = project / "site"
    assert pages_of_list(site, "index.html") == ["index.html", "index_2.html"]
    first, second = (site / "index.html").read_text(encoding="utf-8"), (site / "index_2.html").read_text(encoding="utf-8")
    # newest first, over the pages
    assert first.index("Second talks 2") < first.index("Second talks 1") and "Lakeside talks</a></h3>" not in first
    assert "Lakeside talks</a></h3>" in second and "Second talks" not in second.split("<main")[1]
    assert page(site, "index_2.html").title.startswith("Explainers (page 2 of 2) ·")
    assert page(site, "index.html").pager["now"] == "Page 1 of 2"


def test_the_list_of_sources_over_pages_and_citations_lead_to_the_right_one(project, cli, small_pages):
    from conftest import write_files
    sources = "sources:\n" + "".join(
        f"  - id: paper-{n}\n    title: Paper {n}\n    publisher: Publisher {n}\n" for n in range(1, 4)) + (
        "  - id: north-paper\n    title: Northland's position paper\n    publisher: Northland Government\n    date: 2024-04-01\n")
    write_files(project, {SOURCES_FILE: sources})
    small_pages(SEEDS_PAGE_SIZE=1, SOURCES_PAGE_SIZE=2, CITED_BY_SHOWN=1)
    assert cli(project, "build", "--no-search").code == 0
    site = project / "site"
    # one seed: its list has one page; the other sources are a list of their own, two a page
    assert pages_of_list(site, "sources/index.html") == ["sources/index.html"]
    assert pages_of_list(site, "sources/other_sources.html") == ["sources/other_sources.html", "sources/other_sources_2.html"]
    index = (site / "sources/index.html").read_text(encoding="utf-8")
    assert 'href="../sources/other_sources.html">4 other sources</a>' in index and 'id="north-paper"' not in index
    second = (site / "sources/other_sources_2.html").read_text(encoding="utf-8")
    assert 'id="paper-3"' in second and 'id="north-paper"' in second and 'id="paper-1"' not in second
    assert page(site, "sources/other_sources_2.html").title.startswith("Other sources (page 2 of 2) ·")
    # north-paper is cited three times (a fact and two positions): one is shown, and how many more
    entry = second.split('id="north-paper"')[1].split("</li>\n    <li")[0].split("</ul>\n{")[0]
    assert entry.count('class="ref-kind"') == 1 and "And 2 more items." in entry
    # a citation of it leads to the page that lists it
    issues = (site / "lakeside/issues.html").read_text(encoding="utf-8")
    assert 'href="../sources/other_sources_2.html#north-paper"' in issues
    assert "sources/index.html#north-paper" not in issues


def test_an_entity_with_many_mentions_over_pages(project, cli, small_pages):
    small_pages(ENTITY_PAGE_WEIGHT=1, SEED_MENTION_WEIGHT=1)
    assert cli(project, "build", "--no-search").code == 0
    site = project / "site"
    # Northland: a side, the place of the event, a position, a statement's side..., and sentences of the seed
    paths = pages_of_list(site, "entities/northland.html")
    assert len(paths) > 2 and paths[1] == "entities/northland_2.html"
    shown = []
    for number, path in enumerate(paths, 1):
        html = (site / path).read_text(encoding="utf-8")
        main = html.split("<main")[1].split("</main>")[0]
        shown += re.findall(r'<li><span class="ref-kind">[^<]*</span> <a href="([^"]+)"', main)
        shown += re.findall(r'<p class="ev-line"><a href="([^"]+)">Read in context', main)
        assert ("A country." in main) == (number == 1)  # the description opens the first page only
        if number > 1:
            assert "<h1>Northland (page" in main and page(site, path).title.startswith(f"Northland (page {number} of {len(paths)}) ·")
            assert 'href="../entities/northland.html">Northland</a>' in html.split("<main")[0]  # the crumbs lead to page 1
    one_page = project.parent / "one"
    make_project(one_page)
    small_pages(ENTITY_PAGE_WEIGHT=10_000)
    assert cli(one_page, "build", "--no-search").code == 0
    html = (one_page / "site/entities/northland.html").read_text(encoding="utf-8")
    everything = re.findall(r'<li><span class="ref-kind">[^<]*</span> <a href="([^"]+)"', html)
    everything += re.findall(r'<p class="ev-line"><a href="([^"]+)">Read in context', html)
    assert len(everything) > 2 and shown == everything  # each mention once, in the same order


def test_the_sitemap_and_the_head_list_the_pages(project, cli, small_pages):
    from conftest import write_files
    write_files(project, {ENTITIES_FILE: MORE_ENTITIES})
    small_pages(ENTITIES_PAGE_SIZE=3)
    assert cli(project, "build", "--no-search", "--base-url", "https://example.org/news/").code == 0
    site = project / "site"
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    for path in ("entities/", "entities/index_2.html", "entities/index_3.html"):
        assert f"<loc>https://example.org/news/{path}</loc>" in sitemap
    assert "index_4.html" not in sitemap and not (site / "entities/index_4.html").exists()
    second = page(site, "entities/index_2.html")
    assert second.head_links == {"prev": "https://example.org/news/entities/",
                                 "next": "https://example.org/news/entities/index_3.html"}
    assert '<link rel="canonical" href="https://example.org/news/entities/index_2.html">' in (
        site / "entities/index_2.html").read_text(encoding="utf-8")


def test_a_record_named_like_a_page_of_a_list_keeps_its_own_page(project, cli, small_pages):
    """An entity may be called `page`, `index-2` or `2`, a site page `index-2`: the lists' pages have `_` in
    their names, which no id or page name has, so they never meet."""
    from conftest import write_files
    odd = "".join(f"  - id: {eid}\n    kind: place\n    name: Place {eid}\n    description: Odd.\n" for eid in ("page", "index-2", "2"))
    write_files(project, {ENTITIES_FILE: ENTITIES + odd})
    small_pages(ENTITIES_PAGE_SIZE=2, ENTITY_PAGE_WEIGHT=1, SEED_MENTION_WEIGHT=1)
    assert cli(project, "build", "--no-search").code == 0
    site = project / "site"
    for eid in ("page", "index-2", "2"):
        assert f"<h1>Place {eid}</h1>" in (site / f"entities/{eid}.html").read_text(encoding="utf-8")
    assert "<h1>People, places, organisations (page 2 of 4)</h1>" in (site / "entities/index_2.html").read_text(encoding="utf-8")
    listed = [resolve(p, href) for p in pages_of_list(site, "entities/index.html") for href in page(site, p).entity_links]
    assert sorted(listed) == sorted(f"entities/{e}.html" for e in ("ana-berg", "northland", "southland", "lakeside", "page", "index-2", "2"))
    # a site page named like the home page's second page keeps its own address
    write_files(project, {"content/pages/index-2.md": "---\ntitle: Index two\ndescription: A page.\n---\nHello.\n",
                          "content/explainers/second/explainer.yaml": EXPLAINER.replace("Lakeside talks", "Second talks")})
    small_pages(HOME_PAGE_SIZE=1)
    assert cli(project, "build", "--no-search").code == 0
    assert "Hello." in (site / "index-2.html").read_text(encoding="utf-8")
    assert "Second talks</a></h3>" in (site / "index_2.html").read_text(encoding="utf-8")  # one date: by slug


def test_the_page_sizes_as_shipped(project, cli):
    """With the real page size: one entity more than a page holds makes a second page holding just it."""
    from conftest import write_files
    size = render.ENTITIES_PAGE_SIZE
    many = "".join(f"  - id: place-{n:04d}\n    kind: place\n    name: Zplace {n:04d}\n    description: A place.\n"
                   for n in range(size + 1 - 4))  # with the project's own four
    write_files(project, {ENTITIES_FILE: ENTITIES + many})
    assert cli(project, "build", "--no-search").code == 0
    site = project / "site"
    assert pages_of_list(site, "entities/index.html") == ["entities/index.html", "entities/index_2.html"]
    assert page(site, "entities/index_2.html").entity_links == [f"../entities/place-{size - 4:04d}.html"]
    assert len(page(site, "entities/index.html").entity_links) == size


def test_the_pager_names_the_pages_near_this_one():
    paths = tuple(f"p{n}" for n in range(1, 21))
    assert render.Pager(1, paths).shown == (1, 2, 3, None, 20)
    assert render.Pager(10, paths).shown == (1, None, 8, 9, 10, 11, 12, None, 20)
    assert render.Pager(4, paths).shown == (1, 2, 3, 4, 5, 6, None, 20)  # page 2 rather than a gap of one page
    assert render.Pager(20, paths).shown == (1, None, 18, 19, 20)
    assert (render.Pager(1, paths).prev, render.Pager(1, paths).next, render.Pager(20, paths).next) == ("", "p2", "")


# --- An explainer's sections over pages ---------------------------------------------------------------------

LONG_RECORDS = """\
events:
""" + "".join(f"""\
  - id: ev-{year}
    date: {year}
    title: Event of {year}
    body: It happened in {year}.
    entities: [northland]
    cite: [{{source: north-paper}}]
""" for year in (2021, 2019, 2020, 2018, 2022)) + """\
  - id: ev-seed
    date: 2023
    title: The talks end
    body: They ended.
    cite: [{seed: lakeside, exact: The dispute began in 2019.}]
statements:
  - id: st-useful
    speaker: ana-berg
    side: northland
    quote: {seed: lakeside, exact: '"useful but hard,"', prefix: said the talks were}
    issues: [water]
    cite: [{source: north-paper}]
  - id: st-more
    speaker: ana-berg
    quote: {seed: lakeside, exact: and promised more}
    cite: [{source: north-paper}]
  - id: st-hard
    speaker: ana-berg
    side: northland
    paraphrase: {seed: lakeside, exact: Both delegations called them}
    issues: [water]
    cite: [{seed: lakeside, exact: Talks between Northland and Southland ended}]
issues:
  - id: water
    title: The river's water
    summary: Who gets the water.
    cite: [{source: north-paper}]
    positions:
      - by: northland
        text: Wants it all.
        cite: [{source: north-paper}]
      - by: southland
        text: Wants half.
        cite: [{source: north-paper}]
  - id: fish
    title: The fish
    summary: Who may fish.
    cite: [{seed: lakeside, exact: "It is about a river's water."}]
  - id: boats
    title: The boats
    summary: Whose boats.
    cite: [{source: north-paper}]
    positions:
      - by: southland
        text: Its own.
        cite: [{source: north-paper}]
repercussions:
""" + "".join(f"""\
  - id: rep-{rid}
    level: {level}
    title: Repercussion {rid}
    body: It follows.
    entities: [southland]
    cite: [{{source: north-paper}}]
""" for rid, level in (("a", "international"), ("b", "local"), ("c", "international"), ("d", "regional")))

SECTIONS = ("background", "statements", "issues", "repercussions")
SECTION_PAGE = re.compile(r"lakeside/(background|statements|issues|repercussions)(?:_\d+)?\.html")


def record_links(site: Path) -> list[tuple[str, str, str]]:
    """Every link of every page of the site to a record on a page of one of the explainer's sections:
    (the page linking, the page linked to, the record's id)."""
    found = []
    for file in site.rglob("*.html"):
        path = file.relative_to(site).as_posix()
        for href in re.findall(r'href="([^"#]*#[^"]+)"', file.read_text(encoding="utf-8")):
            target = resolve(path, href) if href.split("#")[0] else path
            if SECTION_PAGE.fullmatch(target):
                found.append((path, target, href.split("#", 1)[1]))
    return found


def test_an_explainers_sections_over_pages_and_every_link_to_a_record_finds_it(project, cli, small_pages):
    from conftest import write_files
    write_files(project, {RECORDS_FILE: LONG_RECORDS})
    small_pages(EVENTS_PAGE_SIZE=2, STATEMENTS_PAGE_SIZE=2, ISSUES_PAGE_WEIGHT=3, REPERCUSSIONS_PAGE_SIZE=3)
    result = cli(project, "build", "--no-search")
    assert result.code == 0, result.out + result.err
    site = project / "site"
    titles = {"background": "Background", "statements": "Statements", "issues": "Disputed issues", "repercussions": "Repercussions"}
    pages = {key: pages_of_list(site, f"lakeside/{key}.html") for key in SECTIONS}
    assert pages == {"background": ["lakeside/background.html", "lakeside/background_2.html", "lakeside/background_3.html"],
                     "statements": ["lakeside/statements.html", "lakeside/statements_2.html"],
                     "issues": ["lakeside/issues.html", "lakeside/issues_2.html"],  # water and its two positions fill page 1
                     "repercussions": ["lakeside/repercussions.html", "lakeside/repercussions_2.html"]}
    holds = {}  # record id -> the page showing it
    for key, paths in pages.items():
        for number, path in enumerate(paths, 1):
            parsed = page(site, path)
            html = (site / path).read_text(encoding="utf-8")
            title = titles[key] if number == 1 else f"{titles[key]} (page {number} of {len(paths)})"
            assert parsed.title.split(" · ")[0] == title and f"<h1>{title}</h1>" in html
            assert parsed.pager["now"] == f"Page {number} of {len(paths)}"
            assert set(parsed.head_links) == {"prev", "next"} - ({"prev"} if number == 1 else set()) - (
                {"next"} if number == len(paths) else set())
            # the parts of the explainer lead to each section's first page, from every page
            nav = html.split('aria-label="Parts of this explainer"')[1].split("</nav>")[0]
            assert {resolve(path, h) for h in re.findall(r'href="([^"]+)"', nav)} >= {f"lakeside/{k}.html" for k in SECTIONS}
            current = re.findall(r'<a href="([^"]+)" aria-current="(?:page|true)"', nav)  # the section's tab is current
            assert [resolve(path, h) for h in current] == [f"lakeside/{key}.html"], current
            if key == "statements":  # its structured data quotes the statements of this page only
                quoted = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))
                assert len(quoted.get("hasPart", ())) == html.count('<blockquote class="quote"')
            if number > 1:  # the crumbs lead to the section's first page
                crumbs = html.split('class="crumbs')[1].split("</nav>")[0]
                assert f'href="../lakeside/{key}.html">{titles[key]}</a>' in crumbs
            main = html.split("<main")[1].split("</main>")[0]
            for rid in re.findall(r'<(?:li|article|section)[^>]* id="((?:ev|st|rep)-[a-z0-9-]+|water|fish|boats)"', main):
                assert rid not in holds, f"{rid} on two pages"
                holds[rid] = path
    # every record on one page, in the order the section shows them: the timeline by date, repercussions by level
    assert [rid for rid, path in holds.items() if "background" in path] == [
        "ev-2018", "ev-2019", "ev-2020", "ev-2021", "ev-2022", "ev-seed"]
    assert holds["ev-2020"] == "lakeside/background_2.html" and holds["ev-seed"] == "lakeside/background_3.html"
    assert holds["st-hard"] == "lakeside/statements_2.html" and holds["fish"] == holds["boats"] == "lakeside/issues_2.html"
    assert [rid for rid, path in holds.items() if "repercussions" in path] == ["rep-b", "rep-d", "rep-a", "rep-c"]
    assert holds["rep-c"] == "lakeside/repercussions_2.html"
    second = (site / "lakeside/repercussions_2.html").read_text(encoding="utf-8")
    assert 'International <span class="continued">(continued)</span></h2>' in second  # the level goes on from page 1
    assert 'id="level_local"' not in second
    assert 'href="../lakeside/repercussions.html#level_local"' in second  # the levels lead to the page each begins on
    # every link anywhere to a record (overview, entity pages, seed pages' citations, issues' statements...)
    # leads to the page that shows it
    links = record_links(site)
    for linking, target, anchor in links:
        assert anchor in page(site, target).ids, f"{linking} links to {target}#{anchor}, which is not there"
    linked = {(linking, target) for linking, target, _ in links}
    assert ("entities/northland.html", "lakeside/background_2.html") in linked  # an entity's mentions
    assert ("entities/southland.html", "lakeside/repercussions_2.html") in linked
    assert ("sources/lakeside.html", "lakeside/background_3.html") in linked  # a seed's citation of the record
    assert ("sources/lakeside.html", "lakeside/statements_2.html") in linked
    assert ("lakeside/issues.html", "lakeside/statements_2.html") in linked  # what was said on an issue
    assert ("entities/southland.html", "lakeside/issues_2.html", "boats-southland") in links  # a position, with its issue
    # the overview counts whole sections
    overview = (site / "lakeside/index.html").read_text(encoding="utf-8")
    assert re.search(r"\b6 events\b", overview) and re.search(r"\b3 statements\b", overview), overview


def test_repercussion_levels_stay_in_order_over_pages(project, cli, small_pages):
    """A level with nothing recorded stands where it falls, after the level before it."""
    from conftest import write_files
    levels = "  levels:\n    - {id: homes, title: Homes}\n    - {id: shops, title: Shops}\n    - {id: farms, title: Farms}\n"
    reps = "repercussions:\n" + "".join(
        f"  - id: rep-{rid}\n    level: {level}\n    title: Repercussion {rid}\n    body: It follows.\n    cite: [{{source: north-paper}}]\n"
        for rid, level in (("a", "farms"), ("b", "homes"), ("c", "homes")))
    write_files(project, {EXPLAINER_FILE: EXPLAINER + levels, RECORDS_FILE: RECORDS.split("repercussions:")[0] + reps})
    small_pages(REPERCUSSIONS_PAGE_SIZE=2)
    assert cli(project, "build", "--no-search").code == 0
    site = project / "site"
    assert pages_of_list(site, "lakeside/repercussions.html") == ["lakeside/repercussions.html", "lakeside/repercussions_2.html"]
    first, second = ((site / f"lakeside/repercussions{n}.html").read_text(encoding="utf-8").split("<main")[1] for n in ("", "_2"))
    assert first.index('id="level_homes"') < first.index('id="rep-b"') < first.index('id="rep-c"') < first.index('id="level_shops"')
    assert "Nothing recorded at this level yet." in first and 'id="level_farms"' not in first
    assert 'id="level_farms"' in second and 'id="rep-a"' in second and "level_homes\"" not in second.split("</nav>", 1)[1]
    # the list of levels counts each whole and leads to where it begins
    assert 'href="#level_shops">Shops</a> <span class="muted">(0)</span>' in first
    assert 'href="../lakeside/repercussions_2.html#level_farms">Farms</a> <span class="muted">(1)</span>' in first


def test_a_small_explainer_keeps_one_page_a_section(project, cli):
    assert cli(project, "build", "--no-search").code == 0
    site = project / "site"
    for key in SECTIONS:
        html = (site / f"lakeside/{key}.html").read_text(encoding="utf-8")
        parsed = page(site, f"lakeside/{key}.html")
        assert parsed.pager is None and parsed.head_links == {} and 'class="paging"' not in html
    assert not list(site.glob("lakeside/*_*.html"))
    html = (site / "lakeside/repercussions.html").read_text(encoding="utf-8")
    assert 'href="#level_local">' in html and "(continued)" not in html
    assert 'href="../lakeside/statements.html#berg-useful"' in (site / "entities/ana-berg.html").read_text(encoding="utf-8")


def test_the_repositorys_explainers_fit_one_page_a_section():
    """The shipped page sizes leave each of the repository's own explainers one page a section."""
    import yaml
    from conftest import REPO
    for folder in sorted((REPO / "content/explainers").iterdir()):
        found = {"events": [], "statements": [], "issues": [], "repercussions": []}
        for file in folder.glob("*.yaml"):
            data = yaml.safe_load(file.read_text(encoding="utf-8")) or {}
            for name in found:
                found[name] += data.get(name) or []
        assert found["events"] or found["statements"], folder
        for key, name in zip(SECTIONS, found):
            weights = [1 + len(r.get("positions") or ()) if key == "issues" else 1 for r in found[name]]
            assert set(render.section_pages(key, weights)) <= {f"{key}.html"}, (folder.name, key)


def test_the_page_for_a_missing_address_offers_the_newest_explainers(tmp_path, cli, small_pages):
    more = {f"content/explainers/second-{n}/explainer.yaml": EXPLAINER.replace("Lakeside talks", f"Second talks {n}")
            .replace("2024-05-01", f"2024-06-0{n}") for n in range(1, 3)}
    all_three, two = make_project(tmp_path / "all", more), make_project(tmp_path / "two", more)
    assert cli(all_three, "build", "--no-search").code == 0
    html = (all_three / "site/404.html").read_text(encoding="utf-8").split("<main")[1].split("</main>")[0]
    assert all(f"{title}</a></li>" in html for title in ("Second talks 1", "Second talks 2", "Lakeside talks"))
    assert "The others are listed" not in html
    small_pages(NOT_FOUND_EXPLAINERS=2)
    assert cli(two, "build", "--no-search").code == 0
    html = (two / "site/404.html").read_text(encoding="utf-8").split("<main")[1].split("</main>")[0]
    assert "Second talks 2</a></li>" in html and "Second talks 1</a></li>" in html and "Lakeside talks</a></li>" not in html
    assert re.search(r'The others are listed on the <a href="[^"]*index.html">home page</a>\.', html)
