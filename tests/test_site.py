"""The site, built end to end and read as a reader would read it: the real project (whatever story
its content tells) checked against its own content, and small projects for each behaviour."""
from __future__ import annotations

import json
import re
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import ABOUT_FILE, EXPLAINER, EXPLAINER_FILE, RECORDS, RECORDS_FILE, SITE, SITE_FILE, make_project
from generator.build import load
from generator.cli import main
from generator.render import Renderer

REPO = Path(__file__).resolve().parent.parent
SECTIONS = ("background", "statements", "issues", "repercussions")


class Page(HTMLParser):
    """Elements with ids, links, marks, and text inside chosen elements."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.ids: list[str] = []
        self.links: list[str] = []
        self.marks: list[dict] = []  # {"id", "href", "text", "anchors": span ids since the mark before}
        self.anchors: list[str] = []  # ids of every <span>
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
                self.anchors.append(a["id"])
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


def page(site: Path, path: str) -> Page:
    return Page((site / path).read_text(encoding="utf-8"))


def text_of(p: Page) -> str:
    return " ".join("".join(p.text).split())


def words(html: str) -> str:
    """The text of an HTML fragment as a reader sees it, whitespace folded."""
    return " ".join(unescape(re.sub(r"<[^>]+>", "", html)).split())


def main_of(html: str) -> str:
    return html.split('<main id="main_content"', 1)[1].split("</main>", 1)[0]


def redirects(model) -> set[str]:
    return {path for ex in model.explainers for path in ex.former_paths}


# the real project ---------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("built") / "site"
    assert main(["--project", str(REPO), "build", "--out", str(out)]) == 0
    return out


@pytest.fixture(scope="module")
def model():
    """The real project's content as the build reads it: what its pages must show."""
    return load(REPO, drafts=False)


def test_check_reports_every_seed_and_no_problems(capsys, model):
    assert main(["--project", str(REPO), "check"]) == 0
    out = capsys.readouterr().out
    assert "0 problems" in out
    for seed in model.seeds:
        cited, total = len(seed.cited_sentences), len(seed.sentences)
        assert f"{seed.file}: {cited} of {total} sentences cited" in out


def test_every_page_the_product_promises_exists(site, model):
    planned = Renderer(REPO / "templates").plan(model)
    for path in [*planned, "index.html", "entities/index.html", "sources/index.html", "search.html", "404.html",
                 "robots.txt", "feed.xml"]:
        assert (site / path).is_file(), path
    assert not (site / "sitemap.xml").exists()  # a sitemap needs the site's address: none without a base URL
    assert model.explainers
    for ex in model.explainers:
        assert (site / ex.slug / "index.html").is_file() and (site / ex.slug / "feed.xml").is_file(), ex.slug
        records = {"background": ex.events, "statements": ex.statements, "issues": ex.issues,
                   "repercussions": ex.repercussions}
        for key in SECTIONS:
            assert (site / ex.slug / f"{key}.html").is_file() == bool(records[key]), f"{ex.slug}/{key}.html"
        for md in ex.pages:
            assert (site / md.url).is_file(), md.url
    for entity in model.entities.values():
        assert (site / entity.url).is_file(), entity.url
    for seed in model.seeds:
        assert (site / seed.page_url).is_file(), seed.page_url


def test_statements_show_the_seeds_own_words(site, model):
    for ex in model.explainers:
        if not ex.statements:
            continue
        shown = text_of(page(site, f"{ex.slug}/statements.html"))
        for statement in ex.statements:
            seed = next(s for s in model.seeds if s.id == statement.quote.seed_id)
            assert seed.text[statement.quote.start:statement.quote.end] == statement.quote.text  # the seed's words...
            assert " ".join(statement.quote.text.split()) in shown  # ...are what the page shows
            assert model.entities[statement.speaker_id].name in shown


def test_each_disputed_issue_shows_every_position_the_sources_give(site, model):
    for ex in model.explainers:
        if not ex.issues:
            continue
        html = (site / ex.slug / "issues.html").read_text(encoding="utf-8")
        shown = text_of(Page(html))
        for issue in ex.issues:
            assert f'id="{issue.id}"' in html and " ".join(issue.title.split()) in shown
            for position in issue.positions:
                assert f'id="{position.id}"' in html
                assert model.entities[position.by_id].name in shown


def test_repercussions_are_shown_under_each_of_the_explainers_levels(site, model):
    for ex in model.explainers:
        if not ex.repercussions:
            continue
        html = (site / ex.slug / "repercussions.html").read_text(encoding="utf-8")
        for level in ex.levels:
            section = html.split(f'id="level_{level.id}"', 1)[1].split("</section>", 1)[0]
            assert level.title in section
            for r in ex.repercussions_at(level.id):
                assert f'id="{r.id}"' in section


def test_sources_page_holds_the_seed_in_full_with_every_cited_sentence_highlighted(site, model):
    assert model.seeds
    for seed in model.seeds:
        p = page(site, seed.page_url)
        assert [" ".join(b.split()) for b in p.blocks] == [" ".join(seed.text[b.start:b.end].split()) for b in seed.blocks]
        for s in seed.cited_sentences:
            sentence = seed.text[s.start:s.end]
            assert any(m["text"] and m["text"] in sentence or sentence in m["text"] for m in p.marks), sentence
        assert f"{len(seed.cited_sentences)} of {len(seed.sentences)} sentences cited" in text_of(p)


def test_every_mark_links_to_its_citing_item_and_is_linked_back(site, model):
    pages = {f: f.read_text(encoding="utf-8") for f in site.rglob("*.html")}
    for seed in model.seeds:
        own = site / seed.page_url
        p = Page(pages[own])
        elsewhere = "".join(html for f, html in pages.items() if f != own)
        span_ids = [i for i in [*(mark["id"] for mark in p.marks), *p.anchors] if i and not re.fullmatch(r"s\d+", i)]
        assert len(span_ids) == len(set(span_ids)) == len(seed.spans)
        for mark in p.marks:
            target_path, _, fragment = mark["href"].partition("#")
            target_html = (own.parent / target_path).resolve().read_text(encoding="utf-8")
            assert not fragment or f'id="{fragment}"' in target_html, mark["href"]
        for span_id in span_ids:
            assert f"sources/{seed.id}.html#{span_id}" in elsewhere, f"nothing links back to the mark {span_id}"


def test_internal_links_are_relative_and_resolve(site):
    for html_file in site.rglob("*.html"):
        if html_file.name == "404.html" and html_file.parent == site:
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


def test_entity_pages_link_back_to_every_mention(site, model):
    for entity in model.entities.values():
        html = (site / entity.url).read_text(encoding="utf-8")
        for ref in entity.mentions:
            assert f'href="../{ref.url}"' in html, (entity.id, ref.url)
        for mention in entity.seed_mentions:
            assert f'href="../{mention.url}"' in html, (entity.id, mention.url)


def test_sitemap_lists_every_indexed_page_with_the_content_date(site, model, tmp_path):
    published = tmp_path / "published"
    assert main(["--project", str(REPO), "build", "--no-search", "--out", str(published),
                 "--base-url", "https://example.org/x/"]) == 0
    sitemap = (published / "sitemap.xml").read_text(encoding="utf-8")
    pages = [p.relative_to(site).as_posix() for p in site.rglob("*.html")]
    pages = [p for p in pages if p not in ("404.html", "search.html", "search_uk.html", *redirects(model))]  # a search page per language
    assert sitemap.count("<url>") == len(pages)
    for ex in model.explainers:
        own = [p for p in pages if p.startswith(ex.slug + "/")]
        assert sitemap.count(f"<lastmod>{ex.updated}</lastmod>") >= len(own) > 0


# small projects: the pages of one explainer ----------------------------------------------------------

def build(tmp_path: Path, cli, files: dict | None = None, name: str = "p") -> Path:
    project = make_project(tmp_path / name, files)
    result = cli(project, "build", "--no-search")
    assert result.code == 0, result.err
    return project / "site"


def all_html(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): p.read_text(encoding="utf-8") for p in site.rglob("*.html")}


def test_the_test_project_has_its_pages_and_a_home_page(tmp_path, cli):
    out = build(tmp_path, cli)
    for path in ["index.html", "lakeside/index.html", *(f"lakeside/{key}.html" for key in SECTIONS), "lakeside/about.html",
                 "lakeside/feed.xml", "entities/index.html", "entities/ana-berg.html", "sources/index.html",
                 "sources/lakeside.html", "search.html", "404.html", "feed.xml", "robots.txt"]:
        assert (out / path).is_file(), path
    for gone in ["statements.html", "background.html", "about.html"]:  # the one-explainer addresses of old
        assert not (out / gone).exists(), gone
    home = (out / "index.html").read_text(encoding="utf-8")
    assert '<a href="lakeside/index.html">Lakeside talks</a>' in home
    event = (out / "lakeside/index.html").read_text(encoding="utf-8").split('id="the_event"', 1)[1].split("</section>", 1)[0]
    assert "<dt>Mediated by</dt>" in event and "Nobody" in event  # an event fact
    assert '<a href="../entities/lakeside.html">Lakeside</a>' in event  # where: a list of places


def test_entity_pages_link_to_their_mentions_in_the_explainer_and_the_seed(tmp_path, cli):
    html = (build(tmp_path, cli) / "entities/ana-berg.html").read_text(encoding="utf-8")
    assert 'href="../lakeside/statements.html#berg-useful"' in html
    assert 'href="../sources/lakeside.html#s5"' in html  # the sentence that names her


PARAPHRASE = """\
  - id: berg-more
    speaker: ana-berg
    paraphrase: {seed: lakeside, exact: and promised more}
    issues: [water]
    cite: [{seed: lakeside, exact: "Ana Berg said"}]
"""


def card(html: str, statement_id: str) -> str:
    return html.split(f'id="{statement_id}"', 1)[1].split("</article>", 1)[0]


def test_a_quote_is_shown_in_quote_marks_and_a_paraphrase_without(tmp_path, cli):
    quote = """      exact: '"useful but hard,"'\n      prefix: said the talks were\n"""
    assert quote in RECORDS
    records = RECORDS.replace(quote, "      exact: useful but hard,\n")  # the words without the seed's quote marks
    records = records.replace("issues:\n  - id: water", PARAPHRASE + "issues:\n  - id: water")
    out = build(tmp_path, cli, {RECORDS_FILE: records})
    statements = (out / "lakeside/statements.html").read_text(encoding="utf-8")
    quoted, reported = card(statements, "berg-useful"), card(statements, "berg-more")
    assert '<blockquote class="quote"' in quoted and "<p>“useful but hard,”</p>" in quoted
    assert "<blockquote" not in reported and "“" not in reported and "”" not in reported
    assert "<p>and promised more</p>" in reported and "Paraphrase" in reported
    issues = (out / "lakeside/issues.html").read_text(encoding="utf-8")
    said = issues.split('class="said"', 1)[1].split("</ul>", 1)[0]
    assert "<q>useful but hard,</q>" in said
    assert "and promised more <span class=\"muted\">(paraphrase)</span>" in said and "<q>and promised more" not in said
    graph = json.loads(statements.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0])
    assert [q["text"] for q in graph["hasPart"]] == ["useful but hard,"]  # a paraphrase is no Quotation


def test_a_position_not_given_for_a_side_is_said_to_be_not_given(tmp_path, cli):
    explainer = EXPLAINER.replace("sides: [northland, southland]", "sides: [northland, southland, lakeside]")
    records = RECORDS.replace("      - by: southland\n        text: Wants half.\n", "      - by: ana-berg\n        text: Wants talks.\n")
    records = records.replace("repercussions:\n", "  - id: fish\n    title: Fishing rights\n    summary: Who may fish.\n"
                                                  "    cite: [{source: north-paper}]\nrepercussions:\n")
    out = build(tmp_path, cli, {EXPLAINER_FILE: explainer, RECORDS_FILE: records})
    html = (out / "lakeside/issues.html").read_text(encoding="utf-8")
    water = html.split('id="water"', 1)[1].split('id="fish"', 1)[0]
    assert 'id="water-northland"' in water and 'id="water-ana-berg"' in water  # a side's and another entity's
    assert "Wants it all." in water and "Wants talks." in water
    assert "Not given in the sources: the position of Southland and Lakeside." in words(water)
    fish = html.split('id="fish"', 1)[1]
    assert "The sources give no position on this issue for Northland, Southland and Lakeside." in words(fish)


LEVELS = """\
  levels:
    - {id: households, title: Households}
    - {id: traders, title: Market traders}
"""


def test_an_explainer_without_sides_and_with_its_own_levels(tmp_path, cli):
    explainer = EXPLAINER.replace("  sides: [northland, southland]\n", "") + LEVELS
    records = RECORDS.replace("    side: northland\n", "").replace("level: local", "level: households")
    out = build(tmp_path, cli, {EXPLAINER_FILE: explainer, RECORDS_FILE: records})
    repercussions = (out / "lakeside/repercussions.html").read_text(encoding="utf-8")
    headings = [words(h) for h in re.findall(r"<h2>(.*?)</h2>", repercussions, re.S)]
    assert headings == ["1 Households", "2 Market traders"]
    assert 'id="local-worry"' in repercussions.split('id="level_households"', 1)[1].split("</section>", 1)[0]
    toc = repercussions.split('aria-label="Levels on this page"', 1)[1].split("</nav>", 1)[0]
    assert [words(li) for li in re.findall(r"<li>(.*?)</li>", toc, re.S)] == ["Households (1)", "Market traders (0)"]
    assert not re.search(r"\b(Regional|International)\b", words(main_of(repercussions)))  # no default level
    overview = words((out / "lakeside/index.html").read_text(encoding="utf-8"))
    assert "by level (Households and Market traders)" in overview
    statements = (out / "lakeside/statements.html").read_text(encoding="utf-8")
    assert "Sides:" not in statements and "card-side" not in statements
    issues = (out / "lakeside/issues.html").read_text(encoding="utf-8")
    assert 'id="water-northland"' in issues and 'id="water-southland"' in issues  # positions need no sides
    assert "Not given" not in issues and "no position" not in issues


def test_an_explainer_with_only_a_title_summary_and_date_has_only_an_overview(tmp_path, cli):
    bare = "explainer:\n  title: Lakeside talks\n  summary: Northland and Southland *talked*.\n  updated: 2024-05-01\n"
    out = build(tmp_path, cli, {EXPLAINER_FILE: bare, RECORDS_FILE: None, ABOUT_FILE: None})
    assert sorted(p for p in all_html(out) if p.startswith("lakeside/")) == ["lakeside/index.html"]
    overview = (out / "lakeside/index.html").read_text(encoding="utf-8")
    assert 'aria-label="Parts of this explainer"' not in overview and 'id="event"' not in overview


WITHOUT = {  # a section: its collection, and the fixture's records without it
    "background": ("events", lambda r: "statements:\n" + r.split("statements:\n", 1)[1]),
    "statements": ("statements", lambda r: r.split("statements:\n", 1)[0] + "issues:\n" + r.split("issues:\n", 1)[1]),
    "issues": ("issues", lambda r: (r.split("issues:\n", 1)[0].replace("    issues: [water]\n", "") + "repercussions:\n"
                                    + r.split("repercussions:\n", 1)[1])),
    "repercussions": ("repercussions", lambda r: r.split("repercussions:\n", 1)[0]),
}


@pytest.mark.parametrize("section", SECTIONS)
def test_a_section_without_records_has_no_page_and_no_link(tmp_path, cli, section):
    collection, leave_out = WITHOUT[section]
    records = leave_out(RECORDS)
    assert not re.search(rf"^{collection}:", records, re.M) and len(re.findall(r"^\w+:", records, re.M)) == 3
    out = build(tmp_path, cli, {RECORDS_FILE: records})
    assert not (out / f"lakeside/{section}.html").exists()
    pages = all_html(out)
    assert all(f"{section}.html" not in html for html in pages.values()), [p for p, h in pages.items() if f"{section}.html" in h]
    others = [key for key in SECTIONS if key != section]
    nav = pages["lakeside/index.html"].split('aria-label="Parts of this explainer"', 1)[1].split("</nav>", 1)[0]
    assert all(f'href="../lakeside/{key}.html"' in nav for key in others)  # the sections it has are still linked


def test_without_an_about_page_there_is_no_about_link(tmp_path, cli):
    out = build(tmp_path, cli, {ABOUT_FILE: None})
    pages = all_html(out)
    assert "lakeside/about.html" not in pages
    assert all("about.html" not in html for html in pages.values())
    with_about = all_html(build(tmp_path, cli, name="q"))
    assert '<a href="../lakeside/about.html">About</a>' in with_about["lakeside/statements.html"]  # the footer of its pages


def redirect_of(html: str) -> tuple[str, str, list[str]]:
    """The refresh target, the canonical address and the links of a redirect page."""
    refresh = re.search(r'<meta http-equiv="refresh" content="0; url=([^"]+)">', html).group(1)
    canonical = re.search(r'<link rel="canonical" href="([^"]+)">', html).group(1)
    return refresh, canonical, Page(html).links


@pytest.mark.parametrize("old, target, relative", [
    ("statements.html", "lakeside/statements.html", "lakeside/statements.html"),
    ("about.html", "lakeside/about.html", "lakeside/about.html"),
    ("talks/issues.html", "lakeside/issues.html", "../lakeside/issues.html"),
])
def test_a_former_path_redirects_to_the_page_that_replaced_it(tmp_path, cli, old, target, relative):
    out = build(tmp_path, cli, {EXPLAINER_FILE: EXPLAINER + f"  former_paths: [{old}]\n"})
    html = (out / old).read_text(encoding="utf-8")
    refresh, canonical, links = redirect_of(html)
    assert refresh == canonical == relative and links == [relative, relative]  # the canonical link, then the plain one
    assert (out / old).parent.joinpath(relative).resolve() == (out / target).resolve()
    assert '<meta name="robots" content="noindex">' in html
    published = make_project(tmp_path / "pub", {EXPLAINER_FILE: EXPLAINER + f"  former_paths: [{old}]\n"})
    assert cli(published, "build", "--no-search", "--base-url", "https://example.org/news").code == 0
    sitemap = (published / "site" / "sitemap.xml").read_text(encoding="utf-8")
    assert f"<loc>https://example.org/news/{old}</loc>" not in sitemap  # a redirect is not a page to index
    assert f"<loc>https://example.org/news/{target}</loc>" in sitemap
    refresh, canonical, _ = redirect_of((published / "site" / old).read_text(encoding="utf-8"))
    assert refresh == relative and canonical == f"https://example.org/news/{target}"


# small projects: one site, many explainers ---------------------------------------------------------

HARBOUR = """\
explainer:
  title: Harbour deal
  summary: Lakeside's harbour gets a *deal*.
  updated: 2024-06-01
"""

HARBOUR_RECORDS = """\
statements:
  - id: berg-promise
    speaker: ana-berg
    paraphrase: {seed: lakeside, exact: and promised more}
    cite: [{seed: lakeside, exact: Ana Berg}]
events:
  - id: dispute-begins
    date: 2019
    title: The river dispute
    body: It began in 2019 too.
    entities: [northland]
    cite: [{seed: lakeside, exact: It is about a river's water.}]
"""

TWO_EXPLAINERS = {"content/explainers/harbour/explainer.yaml": HARBOUR,
                  "content/explainers/harbour/records.yaml": HARBOUR_RECORDS}


def sections_of(entity_html: str) -> dict[str, list[str]]:
    """An entity page's mention sections: the explainer each names, and the links of its list."""
    found = {}
    for block in re.findall(r'<section aria-labelledby="h_mentions_\d+">(.*?)</section>', entity_html, re.S):
        heading = re.search(r"<h2[^>]*>(.*?)</h2>", block, re.S).group(1)
        found[words(heading)] = re.findall(r'<a href="([^"]+)">', block.split("</h2>", 1)[1])
    return found


def test_two_explainers_share_one_home_page_newest_first(tmp_path, cli):
    out = build(tmp_path, cli, TWO_EXPLAINERS)
    home = (out / "index.html").read_text(encoding="utf-8")
    listed = re.findall(r'<h3><a href="([^"]+)">([^<]+)</a></h3>', home.split('class="explainer-list"', 1)[1])
    assert listed == [("harbour/index.html", "Harbour deal"), ("lakeside/index.html", "Lakeside talks")]
    assert "<h1>Explainers</h1>" in home  # no site title given and more than one explainer
    for slug in ("harbour", "lakeside"):
        assert (out / slug / "index.html").is_file() and (out / slug / "statements.html").is_file()
    assert not (out / "harbour/issues.html").exists()  # only the sections it has records for
    older_first = build(tmp_path, cli, {**TWO_EXPLAINERS, "content/explainers/harbour/explainer.yaml":
                                        HARBOUR.replace("2024-06-01", "2024-04-01")}, name="q")
    listed = re.findall(r'<h3><a href="([^"]+)">', (older_first / "index.html").read_text(encoding="utf-8"))
    assert listed == ["lakeside/index.html", "harbour/index.html"]


def test_the_site_settings_name_the_home_page(tmp_path, cli):
    out = build(tmp_path, cli, {**TWO_EXPLAINERS, SITE_FILE: SITE})
    home = (out / "index.html").read_text(encoding="utf-8")
    assert "<h1>Test Newsroom explainers</h1>" in home and "Explainers of the test newsroom." in home
    statements = (out / "lakeside/statements.html").read_text(encoding="utf-8")
    assert '<span class="brand-title">Test Newsroom explainers</span>' in statements  # the site, above the explainer
    assert '<span class="brand-title">Lakeside talks</span>' in statements


def test_an_entity_in_two_explainers_has_one_page_with_a_section_for_each(tmp_path, cli):
    out = build(tmp_path, cli, TWO_EXPLAINERS)
    assert sorted(p.name for p in (out / "entities").glob("ana-berg*")) == ["ana-berg.html"]
    found = sections_of((out / "entities/ana-berg.html").read_text(encoding="utf-8"))
    assert set(found) == {"In Harbour deal", "In Lakeside talks"}
    assert found["In Harbour deal"] == ["../harbour/statements.html#berg-promise"]
    assert "../lakeside/statements.html#berg-useful" in found["In Lakeside talks"]
    assert all(link.startswith("../lakeside/") for link in found["In Lakeside talks"])
    northland = sections_of((out / "entities/northland.html").read_text(encoding="utf-8"))
    assert northland["In Harbour deal"] == ["../harbour/background.html#dispute-begins"]  # same id, its own explainer


def test_a_seed_cited_by_two_explainers_has_one_page_linking_into_both(tmp_path, cli):
    out = build(tmp_path, cli, TWO_EXPLAINERS)
    assert sorted(p.name for p in (out / "sources").glob("*.html")) == ["index.html", "lakeside.html"]
    html = (out / "sources/lakeside.html").read_text(encoding="utf-8")
    p = Page(html)
    targets = {mark["href"].split("/")[1] for mark in p.marks}
    assert targets == {"harbour", "lakeside"}
    assert any(mark["href"] == "../harbour/statements.html#berg-promise" and mark["text"] == "Ana Berg" for mark in p.marks)
    cited = words(html.split('id="cited"', 1)[1])
    assert "Statement · Harbour deal: Ana Berg: and promised more" in cited
    assert "Statement · Lakeside talks: Ana Berg: “" in cited
    for slug, item in (("harbour", "statements.html#berg-promise"), ("lakeside", "statements.html#berg-useful")):
        linked = (out / slug / item.split("#")[0]).read_text(encoding="utf-8")
        assert "../sources/lakeside.html#c-" + slug + "-statement-" in linked  # and each links back
