"""What a publisher needs: lead images and social cards, who publishes and who wrote, a site without a
base URL that writes nothing invalid, a sitemap that validates, descriptions cut between words, og:locale."""
from __future__ import annotations

import gzip
import io
import json
import os
import random
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import feedparser
import pytest
from hypothesis import given, settings, strategies as st
from lxml import etree
from PIL import Image

from conftest import ABOUT_FILE, EXPLAINER, EXPLAINER_FILE, SITE, SITE_FILE, make_project, write_files
from generator.build import load

BASE = "https://example.org/news/"
SCHEMAS = Path(__file__).parent / "schemas"
NO_BASE_URL = ("  No base URL, so left out: sitemap.xml, canonical links and the feeds' self links; social cards have "
               "relative addresses and 404.html's links work only at the site root. For a site to publish, give its "
               "address: --base-url URL, or base_url in content/site.yaml")
IMAGE_LINE = EXPLAINER.count("\n") + 2  # the line of `file:` in an image appended to the explainer
SECOND = """\
explainer:
  title: Later talks
  summary: More talks.
  updated: 2024-06
"""  # a second explainer, updated in a month (no day)


class Head(HTMLParser):
    """The meta tags, links, JSON-LD and images of a page."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.meta, self.links, self.jsonld, self.images, self._ld = {}, {}, [], [], None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "meta" and (a.get("property") or a.get("name")):
            self.meta[a.get("property") or a.get("name")] = a.get("content")
        if tag == "link":
            self.links[a.get("rel")] = a.get("href")
        if tag == "img":
            self.images.append(a)
        if tag == "script" and a.get("type") == "application/ld+json":
            self._ld = ""

    def handle_data(self, data):
        if self._ld is not None:
            self._ld += data

    def handle_endtag(self, tag):
        if tag == "script" and self._ld is not None:
            self.jsonld.append(json.loads(self._ld))
            self._ld = None


def head(site: Path, page: str) -> Head:
    return Head((site / page).read_text(encoding="utf-8"))


def pages(site: Path) -> list[str]:
    """Every page a reader can land on: all but the redirects left at former addresses."""
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html")
                  if 'http-equiv="refresh"' not in p.read_text(encoding="utf-8"))


def picture(kind: str = "JPEG", size=(1500, 800), noise: bool = False, orientation: int = 0) -> bytes:
    """An image file made here: a gradient, or noise (which compresses badly, like a photo at its worst)."""
    if noise:
        image = Image.frombytes("RGB", size, random.Random(7).randbytes(size[0] * size[1] * 3))
    else:
        image = Image.linear_gradient("L").resize(size).convert("RGB")
    out = io.BytesIO()
    extra = {}
    if orientation:
        exif = Image.Exif()
        exif[0x0112] = orientation
        extra["exif"] = exif
    image.save(out, kind, **extra)
    return out.getvalue()


def lead(file: str = "content/images/lead.jpg", more: str = "") -> str:
    return EXPLAINER + f"  image:\n    file: {file}\n    alt: The lake at dawn\n{more}"


def build(cli, project: Path, *args: str) -> Path:
    result = cli(project, "build", "--no-search", *args)
    assert result.code == 0, result.err
    return project / "site"


def resolve(site: Path, page: str, url: str) -> Path:
    """The file a page's (absolute or relative) address points at."""
    if url.startswith(BASE):
        return site / url[len(BASE):]
    assert not re.match(r"[a-z]+:", url), url
    return (site / page).parent / url


# 1. Lead images and social cards ----------------------------------------------------------------

@pytest.mark.parametrize("kind, name, media_type", [("JPEG", "lead.jpg", "image/jpeg"), ("PNG", "lead.png", "image/png"),
                                                    ("WEBP", "lead.webp", "image/webp")])
def test_a_lead_image_is_copied_measured_and_shared_by_every_page_of_its_explainer(tmp_path, cli, kind, name, media_type):
    data = picture(kind)
    project = make_project(tmp_path / "p", {f"content/images/{name}": data,
                                             EXPLAINER_FILE: lead(f"content/images/{name}", "    credit: Ana Berg\n")})
    site = build(cli, project, "--base-url", BASE)
    explainer_pages = [p for p in pages(site) if p.startswith("lakeside/")]
    assert len(explainer_pages) > 3
    for page in explainer_pages:
        meta = head(site, page).meta
        assert meta["og:image"].startswith(BASE + "static/images/") and resolve(site, page, meta["og:image"]).read_bytes() == data
        assert (meta["og:image:width"], meta["og:image:height"], meta["og:image:type"]) == ("1500", "800", media_type)
        assert meta["og:image:alt"] == meta["twitter:image:alt"] == "The lake at dawn", page
        assert meta["twitter:card"] == "summary_large_image"
    article = head(site, "lakeside/index.html").jsonld[0]
    assert article["image"] == [{"@type": "ImageObject", "url": head(site, "lakeside/index.html").meta["og:image"],
                                 "width": 1500, "height": 800, "creditText": "Ana Berg"}]
    assert not head(site, "lakeside/index.html").images  # not shown on the page unless asked: it could be heavy


def test_a_photo_turned_by_its_exif_orientation_has_its_width_and_height_as_shown(tmp_path, cli):
    project = make_project(tmp_path / "p", {"content/images/lead.jpg": picture(orientation=6),
                                             EXPLAINER_FILE: lead(more="    show: true\n")})
    site = build(cli, project)
    meta = head(site, "lakeside/index.html").meta
    assert (meta["og:image:width"], meta["og:image:height"]) == ("800", "1500")
    shown = head(site, "lakeside/index.html").images[0]
    assert (shown["width"], shown["height"]) == ("341", "640")
    assert Image.open(resolve(site, "lakeside/index.html", shown["src"])).size == (341, 640)


def test_a_lead_image_shown_on_the_overview_is_a_small_copy_with_its_credit_and_licence(tmp_path, cli):
    from browser.htmlsite import gzip_size, loaded_files

    heavy = picture(size=(2400, 1600), noise=True)  # over 2 MB that compress badly
    assert len(heavy) > 2_000_000
    more = "    credit: \"Photo: Ana Berg\"\n    licence: CC BY 4.0\n    licence_url: https://creativecommons.org/licenses/by/4.0/\n    show: true\n"
    project = make_project(tmp_path / "p", {"content/images/lead.jpg": heavy, EXPLAINER_FILE: lead(more=more)})
    site = build(cli, project)
    html = (site / "lakeside/index.html").read_text(encoding="utf-8")
    [img] = Head(html).images
    copy = resolve(site, "lakeside/index.html", img["src"])
    assert img["src"].endswith(".webp") and img["alt"] == "The lake at dawn" and img["decoding"] == "async"
    assert Image.open(copy).size == (int(img["width"]), int(img["height"])) and int(img["width"]) <= 640
    assert copy.stat().st_size <= 16 * 1024
    figure = html.split('<figure class="lead-image"', 1)[1].split("</figure>", 1)[0]
    assert ('<figcaption>Photo: Ana Berg · <a href="https://creativecommons.org/licenses/by/4.0/" '
            'rel="license noopener noreferrer">CC BY 4.0</a></figcaption>') in figure
    total = gzip_size(site / "lakeside/index.html") + sum(gzip_size(site / f) for f in loaded_files(site, "lakeside/index.html"))
    assert total <= 30 * 1024
    og = head(site, "lakeside/index.html").meta["og:image"]
    assert resolve(site, "lakeside/index.html", og).read_bytes() == heavy  # the card is the full image


def test_one_image_named_by_two_explainers_is_written_once_and_shown_where_asked(tmp_path, cli):
    later = SECOND + "  image:\n    file: content/images/lead.jpg\n    alt: The lake at noon\n"
    project = make_project(tmp_path / "p", {"content/images/lead.jpg": picture(), EXPLAINER_FILE: lead(more="    show: true\n"),
                                             "content/explainers/later/explainer.yaml": later})
    site = build(cli, project)
    first, second = head(site, "lakeside/index.html"), head(site, "later/index.html")
    assert first.meta["og:image"] == second.meta["og:image"] and not second.images
    assert (first.meta["og:image:alt"], second.meta["og:image:alt"]) == ("The lake at dawn", "The lake at noon")
    assert resolve(site, "lakeside/index.html", first.images[0]["src"]).is_file()


def test_pages_of_an_explainer_share_its_card_and_every_other_page_the_sites(tmp_path, cli):
    project = make_project(tmp_path / "p", {SITE_FILE: SITE})
    site = build(cli, project, "--base-url", BASE)
    made = sorted((site / "static/cards").iterdir())
    assert len(made) == 2  # one for the explainer, one for the site: not one per page
    for page in pages(site):
        meta = head(site, page).meta
        card = resolve(site, page, meta["og:image"])
        assert card.parent == site / "static/cards" and card.name.startswith("lakeside-" if page.startswith("lakeside/") else "site-"), page
        assert (meta["og:image:type"], meta["og:image:width"], meta["og:image:height"]) == ("image/png", "1200", "630")
        assert Image.open(card).size == (1200, 630)
    assert head(site, "lakeside/statements.html").meta["og:image:alt"] == "Lakeside talks · Test Newsroom explainers"
    assert head(site, "entities/ana-berg.html").meta["og:image:alt"] == "Test Newsroom explainers"


def test_cards_are_the_same_bytes_from_builds_in_different_folders(tmp_path, cli):
    first = build(cli, make_project(tmp_path / "one" / "p", {SITE_FILE: SITE}))
    second = build(cli, make_project(tmp_path / "elsewhere" / "deeper" / "p", {SITE_FILE: SITE}))
    cards_of = lambda site: {p.name: p.read_bytes() for p in (site / "static/cards").iterdir()}
    assert cards_of(first) == cards_of(second) and len(cards_of(first)) == 2
    retitled = build(cli, make_project(tmp_path / "three", {SITE_FILE: SITE, EXPLAINER_FILE: EXPLAINER.replace(
        "title: Lakeside talks", "title: Lakeside talks resume")}))
    assert set(cards_of(retitled)) != set(cards_of(first))  # a new title, a new address: networks fetch it again


def test_a_card_leaves_off_a_text_its_font_cannot_draw():
    from generator import cards

    kicker, site_title = "Explainer", "Newsroom"
    assert cards.render((kicker, "日内瓦会谈", site_title)) == cards.render((kicker, "", site_title))
    assert cards.render((kicker, "Talks in Geneva", site_title)) != cards.render((kicker, "", site_title))
    assert cards.render((kicker, "Talks \u2013 in Geneva", site_title)) == cards.render((kicker, "Talks - in Geneva", site_title))


@pytest.mark.parametrize("file, write, message", [
    ("images/lead.jpg", {"images/lead.jpg": picture()},
     "`images/lead.jpg` is not under content/; put images under content/ (e.g. content/images/), where the build and "
     "the preview see them change"),
    ("content/images/none.jpg", {},
     "image file `content/images/none.jpg` does not exist; put the image under content/ (e.g. content/images/) and name it here"),
    ("content/images", {"content/images/a.jpg": picture()},
     "`content/images` is a folder; name a PNG, JPEG or WebP image file"),
    ("content/images/big.jpg", {"content/images/big.jpg": b"\xff" * (5 * 1024 * 1024 + 1)},
     "image is 5,242,881 bytes; the limit is 5,242,880 (5 MiB); make it smaller (1200 x 630 pixels suits every social network)"),
    ("content/images/empty.jpg", {"content/images/empty.jpg": b""},
     "image file `content/images/empty.jpg` is empty; name a PNG, JPEG or WebP image"),
    ("content/images/notes.jpg", {"content/images/notes.jpg": "not a picture\n"},
     "`content/images/notes.jpg` is not an image; use a PNG, JPEG or WebP file"),
    ("content/images/anim.gif", {"content/images/anim.gif": picture("GIF")},
     "`content/images/anim.gif` is a GIF image; use PNG, JPEG or WebP"),
    ("content/images/huge.png", {"content/images/huge.png": picture("PNG", size=(9000, 5000))},
     "`content/images/huge.png` is 9,000 x 5,000 pixels (45 megapixels); the limit is 40 megapixels; make it smaller "
     "(1200 x 630 suits social cards)"),
    ("content/images/cut.png", {"content/images/cut.png": picture("PNG")[:200]},
     "`content/images/cut.png` is a damaged image; save it again as PNG, JPEG or WebP"),
])
def test_an_image_that_cannot_be_used_is_one_line_at_its_place(tmp_path, cli, file, write, message):
    project = make_project(tmp_path / "p", {**write, EXPLAINER_FILE: lead(file)})
    result = cli(project, "build", "--no-search")
    assert result.code == 1 and result.problems == [f"{EXPLAINER_FILE}:{IMAGE_LINE}:11: {message}"]
    assert not (project / "site").exists()


@pytest.mark.parametrize("link", ["content/images/link.jpg", "content/images"])
def test_an_image_reached_through_a_symbolic_link_is_refused(tmp_path, cli, link):
    project = make_project(tmp_path / "p", {"photos/lead.jpg": picture(), EXPLAINER_FILE: lead("content/images/link.jpg")})
    if link == "content/images":
        (project / "photos/link.jpg").symlink_to("lead.jpg")
        (project / "content/images").symlink_to("../photos", target_is_directory=True)
    else:
        (project / "content/images").mkdir()
        (project / link).symlink_to("../../photos/lead.jpg")
    result = cli(project, "build", "--no-search")
    assert result.problems == [f"{EXPLAINER_FILE}:{IMAGE_LINE}:11: `{link}` is a symbolic link; images may not be links: "
                               "copy the file in instead"]


def test_every_image_problem_of_the_site_and_its_explainers_is_listed_at_once(tmp_path, cli):
    site = SITE + "  publisher_logo: content/logo.gif\n  image:\n    file: content/none.png\n    alt: A lake\n"
    project = make_project(tmp_path / "p", {SITE_FILE: site, "content/logo.gif": picture("GIF"),
                                             EXPLAINER_FILE: lead("seeds/lead.jpg"), "seeds/lead.jpg": picture()})
    result = cli(project, "build", "--no-search")
    assert result.problems == [
        f"{EXPLAINER_FILE}:{IMAGE_LINE}:11: `seeds/lead.jpg` is not under content/; put images under content/ "
        "(e.g. content/images/), where the build and the preview see them change",
        f"{SITE_FILE}:6:19: `content/logo.gif` is a GIF image; use PNG, JPEG or WebP",
        f"{SITE_FILE}:8:11: image file `content/none.png` does not exist; put the image under content/ "
        "(e.g. content/images/) and name it here",
    ]


def test_a_changed_image_is_a_changed_site(tmp_path, cli):
    project = make_project(tmp_path / "p", {"content/images/lead.jpg": picture(), EXPLAINER_FILE: lead()})
    site = build(cli, project)
    before = head(site, "lakeside/index.html").meta["og:image"]
    write_files(project, {"content/images/lead.jpg": picture(size=(1200, 630))})
    result = cli(project, "build", "--no-search")
    assert result.out.startswith("Built ")
    meta = head(site, "lakeside/index.html").meta
    assert meta["og:image"] != before and (meta["og:image:width"], meta["og:image:height"]) == ("1200", "630")
    assert not resolve(site, "lakeside/index.html", before).exists()


@pytest.mark.parametrize("base", ["", BASE])
def test_every_page_has_an_image_its_size_and_alt_text(tmp_path, cli, base):
    project = make_project(tmp_path / "p", {SITE_FILE: SITE})
    site = build(cli, project, *(["--base-url", base] if base else []))
    for page in pages(site):
        meta = head(site, page).meta
        assert meta["og:image"].startswith(BASE) if base else not meta["og:image"].startswith(("http", "/")), page
        assert resolve(site, page, meta["og:image"]).is_file(), page
        assert meta["og:image:alt"] and meta["og:image:width"] and meta["og:image:height"], page
        assert meta["twitter:card"] == "summary_large_image", page


# 2. Without a base URL, nothing that needs one ---------------------------------------------------------

def test_without_a_base_url_the_build_leaves_out_what_needs_one_and_says_so_in_one_line(tmp_path, cli):
    project = make_project(tmp_path / "p", {SITE_FILE: SITE})
    result = cli(project, "build", "--no-search")
    assert result.code == 0 and result.out.splitlines()[-1] == NO_BASE_URL
    assert sum("base" in line.lower() for line in result.out.splitlines()) == 1
    site = project / "site"
    assert not (site / "sitemap.xml").exists()
    assert "Sitemap" not in (site / "robots.txt").read_text()
    for page in pages(site):
        assert "canonical" not in head(site, page).links and "og:url" not in head(site, page).meta, page
    for feed in ("feed.xml", "lakeside/feed.xml"):
        parsed = feedparser.parse((site / feed).read_bytes())
        assert not parsed.bozo and all(link.rel != "self" for link in parsed.feed.links), feed
    published = make_project(tmp_path / "q", {SITE_FILE: SITE + f"  base_url: {BASE}\n"})
    result = cli(published, "build", "--no-search")
    assert result.code == 0 and "base URL" not in result.out  # with a base URL, nothing to say
    assert (published / "site/sitemap.xml").is_file()


def validate(xml: bytes, schema: str) -> None:
    xsd = etree.XMLSchema(etree.parse(str(SCHEMAS / schema)))
    document = etree.fromstring(xml)
    assert xsd.validate(document), xsd.error_log


@pytest.mark.parametrize("base", [BASE, "http://a.io/", "https://example.org/новини/"])
def test_the_sitemap_validates_against_the_sitemaps_org_schema(tmp_path, cli, base):
    for invalid in (b"<url><loc></loc></url>", b"<url><loc>https://example.org/a</loc><lastmod>2024-05</lastmod></url>"):
        with pytest.raises(AssertionError):  # the schema is strict: it refuses what the build once wrote
            validate(b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">' + invalid + b"</urlset>", "sitemap.xsd")
    project = make_project(tmp_path / "p", {SITE_FILE: SITE, "content/explainers/later/explainer.yaml": SECOND})
    site = build(cli, project, "--base-url", base)
    xml = (site / "sitemap.xml").read_bytes()
    validate(xml, "sitemap.xsd")
    locs = re.findall(rb"<loc>([^<]*)</loc>", xml)
    assert len(locs) == len([p for p in pages(site) if p not in ("404.html", "search.html")])
    assert all(loc.isascii() and len(loc) >= 12 for loc in locs)
    assert b"<lastmod>2024-06" not in xml and b"<lastmod>2024-05-01</lastmod>" in xml  # a month is no day: left out


def test_a_sitemap_of_more_than_50000_pages_is_split_under_an_index(tmp_path):
    from generator.render import PageInfo, sitemap

    site = load(make_project(tmp_path / "p"), BASE, drafts=False)
    plan = {f"entities/e{n}.html": ("entity.html", PageInfo(f"entities/e{n}.html", "E", "", "entities"), {})
            for n in range(50_001)}
    files = sitemap(site, plan)
    assert sorted(files) == ["sitemap-1.xml", "sitemap-2.xml", "sitemap.xml"]
    validate(files["sitemap.xml"].encode(), "siteindex.xsd")
    assert re.findall(r"<loc>([^<]*)</loc>", files["sitemap.xml"]) == [BASE + "sitemap-1.xml", BASE + "sitemap-2.xml"]
    for part, count in (("sitemap-1.xml", 50_000), ("sitemap-2.xml", 1)):
        validate(files[part].encode(), "sitemap.xsd")
        assert files[part].count("<url>") == count


@pytest.mark.parametrize("fixture", ["negotiation", "coalition", "ruling"])
def test_the_fixture_stories_sitemaps_and_feeds_validate(tmp_path, cli, fixture):
    source = Path(__file__).parent / "fixtures" / fixture
    project = tmp_path / fixture
    for folder in ("content", "seeds"):
        shutil.copytree(source / folder, project / folder)
    site = build(cli, project, "--base-url", BASE)
    model = load(project, BASE, drafts=False)
    titles = {ex.title for ex in model.explainers}
    validate((site / "sitemap.xml").read_bytes(), "sitemap.xsd")
    for feed in ["feed.xml", *(p.relative_to(site).as_posix() for p in site.glob("*/feed.xml"))]:
        parsed = feedparser.parse((site / feed).read_bytes())
        assert not parsed.bozo, (feed, parsed.get("bozo_exception"))
        assert [link.href for link in parsed.feed.links if link.rel == "self"] == [BASE + feed]
        ids = [entry.id for entry in parsed.entries]
        assert len(ids) == len(set(ids)) and all(i.startswith(BASE) for i in ids)
        assert parsed.feed.updated_parsed and all(entry.updated_parsed for entry in parsed.entries)
        author = parsed.feed.author_detail
        assert author.name and author.name not in titles, feed  # a publisher or the site, never an explainer
        if model.info.publisher:  # its address: the site's own, as none is given
            assert (author.name, author.href) == (model.info.publisher, BASE), feed


# 3. Who publishes, who wrote ---------------------------------------------------------------------------

AUTHORS = "  authors:\n    - name: Ana Lind\n      url: https://example.org/people/ana-lind\n    - name: Ben Ode\n"
CHANGE = "changelog:\n  - id: first\n    date: 2024-05-01\n    title: First edition\n    text: Written.\n"


def test_json_ld_and_feeds_name_the_publisher_and_the_authors_the_content_gives(tmp_path, cli):
    site_file = SITE + "  publisher_url: https://example.org/\n  publisher_logo: content/images/logo.png\n"
    logo = picture("PNG", size=(600, 60))
    project = make_project(tmp_path / "p", {SITE_FILE: site_file, "content/images/logo.png": logo,
                                             EXPLAINER_FILE: EXPLAINER + AUTHORS,
                                             "content/explainers/lakeside/changes.yaml": CHANGE})
    site = build(cli, project, "--base-url", BASE)
    logo_url = head(site, "index.html").jsonld[0]["publisher"]["logo"]["url"]
    assert logo_url.startswith(BASE + "static/images/") and (site / logo_url[len(BASE):]).read_bytes() == logo
    publisher = {"@type": "Organization", "name": "Test Newsroom", "url": "https://example.org/",
                 "logo": {"@type": "ImageObject", "url": logo_url, "width": 600, "height": 60}}
    authors = [{"@type": "Person", "name": "Ana Lind", "url": "https://example.org/people/ana-lind"},
               {"@type": "Person", "name": "Ben Ode"}]
    for page in pages(site):
        data = head(site, page).jsonld
        if not data:
            continue
        assert data[0]["publisher"] == publisher, page
        if page.startswith("lakeside/"):
            article = data[0]
            assert article["author"] == authors, page
            assert article["headline"] and article["datePublished"] == "2024-05-01" and article["dateModified"] == "2024-05-01"
            assert article["image"][0]["url"] == head(site, page).meta["og:image"]
    feed = feedparser.parse((site / "lakeside/feed.xml").read_bytes())
    assert [(a.get("name"), a.get("href")) for a in feed.feed.authors] == [
        ("Ana Lind", "https://example.org/people/ana-lind"), ("Ben Ode", None)]
    whole = feedparser.parse((site / "feed.xml").read_bytes())
    assert whole.feed.author_detail.name == "Test Newsroom" and whole.feed.author_detail.href == "https://example.org/"
    assert [a.name for a in whole.entries[0].authors] == ["Ana Lind", "Ben Ode"]


@pytest.mark.parametrize("site_file, publisher", [
    (None, None),  # nothing given: the site is named after its explainer, which names no one
    ("site:\n  title: Lakeside Weekly\n", {"@type": "Organization", "name": "Lakeside Weekly", "url": BASE}),
    (SITE, {"@type": "Organization", "name": "Test Newsroom", "url": BASE}),
])
def test_an_explainers_title_is_never_its_author_or_publisher(tmp_path, cli, site_file, publisher):
    project = make_project(tmp_path / "p", {SITE_FILE: site_file, "content/explainers/lakeside/changes.yaml": CHANGE})
    site = build(cli, project, "--base-url", BASE)
    article = head(site, "lakeside/index.html").jsonld[0]
    assert article.get("publisher") == publisher
    assert article.get("author") == ([publisher] if site_file == SITE else None)  # an organisation the content names may be the author
    for feed in ("feed.xml", "lakeside/feed.xml"):
        names = [a.name for a in feedparser.parse((site / feed).read_bytes()).feed.authors]
        assert names and "Lakeside talks" not in names, feed


def test_an_explainer_with_its_own_publisher_is_published_and_written_by_it(tmp_path, cli):
    project = make_project(tmp_path / "p", {SITE_FILE: SITE, EXPLAINER_FILE: EXPLAINER + "  publisher: Lake Radio\n"})
    site = build(cli, project, "--base-url", BASE)
    article = head(site, "lakeside/index.html").jsonld[0]
    assert article["publisher"] == article["author"][0] == {"@type": "Organization", "name": "Lake Radio"}
    author = feedparser.parse((site / "lakeside/feed.xml").read_bytes()).feed.author_detail
    assert (author.name, author.get("href")) == ("Lake Radio", None)  # not the site's address: it is not theirs
    assert head(site, "index.html").jsonld[0]["publisher"]["name"] == "Test Newsroom"


# 4. Descriptions ---------------------------------------------------------------------------------------

WORDS = ("The talks ended late on Friday, and both sides said they would meet again soon; the mediator, "
         "who asked not to be named, called the mood constructive. ") * 4


def descriptions(site: Path, page: str) -> set[str]:
    found = head(site, page)
    return {found.meta["description"], found.meta["og:description"], found.meta["twitter:description"],
            found.jsonld[0]["description"]}


@pytest.mark.parametrize("cut", [290, 297, 299, 300, 301, 303])
def test_a_long_summary_is_cut_at_300_characters_at_the_end_of_a_word(tmp_path, cli, cut):
    summary = WORDS[:cut].rstrip() + "x " + WORDS  # a word ends or goes on at every place near the limit
    project = make_project(tmp_path / "p", {EXPLAINER_FILE: EXPLAINER.replace(
        "  summary: Northland and Southland *talked*.", f"  summary: {json.dumps(summary)}")})
    [description] = descriptions(build(cli, project), "lakeside/index.html")
    text = " ".join(summary.split())
    assert len(description) <= 300 and description.endswith("…")
    kept = description[:-1]
    assert text.startswith(kept) and not text[len(kept)].isalnum() and len(kept) >= 250


def test_every_description_is_cut_the_same_way_whatever_gives_it(tmp_path, cli):
    about = f"---\ntitle: About\ndescription: {json.dumps(WORDS)}\n---\nMade by hand.\n"
    sections = f"  sections:\n    statements:\n      description: {json.dumps(WORDS[:320])}\n"
    project = make_project(tmp_path / "p", {ABOUT_FILE: about, EXPLAINER_FILE: EXPLAINER + sections})
    site = build(cli, project)
    for page, text in (("lakeside/about.html", WORDS), ("lakeside/statements.html", WORDS[:320])):
        [description] = descriptions(site, page)
        assert len(description) <= 300 and description.endswith("…") and text.startswith(description[:-1]), page


def test_an_explainer_may_give_its_own_description(tmp_path, cli):
    given = "What the two countries said about the river, and what comes next."
    project = make_project(tmp_path / "p", {EXPLAINER_FILE: EXPLAINER + f"  description: {json.dumps(given)}\n"})
    site = build(cli, project)
    assert descriptions(site, "lakeside/index.html") == {given}
    long = WORDS[:400]
    project = make_project(tmp_path / "q", {EXPLAINER_FILE: EXPLAINER + f"  description: {json.dumps(long)}\n"})
    [cut] = descriptions(build(cli, project), "lakeside/index.html")
    from generator.structured import shorten
    assert cut == shorten(long) and len(cut) <= 300 and cut.endswith("…")


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Z", "C")), min_size=1, max_size=30),
                min_size=1, max_size=40), st.integers(20, 300))
def test_shorten_never_cuts_inside_a_word(words, limit):
    from generator.render import _plain

    text = " ".join(words)
    cut = _plain(text.replace("&", "&amp;").replace("<", "&lt;"), limit)  # what the overview's description is made with
    assert len(cut) <= limit
    if cut != text:
        kept = cut[:-1]
        assert cut.endswith("…") and text.startswith(kept)
        assert len(kept) == 0 or not text[len(kept)].isalnum() or " " not in text[:limit], (text, cut)


# 5. og:locale ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("tag, locale", [
    ("en", "en_US"), ("en-GB", "en_GB"), ("pt-BR", "pt_BR"), ("pt", "pt_BR"), ("uk", "uk_UA"), ("ru", "ru_RU"),
    ("de", "de_DE"), ("fr", "fr_FR"), ("ar", "ar_EG"), ("zh-Hant-TW", "zh_TW"), ("sr-Latn", "sr_RS"), ("es-419", "es_ES"),
    ("EN-us", "en_US"), ("en-x-gb", "en_US"), ("tlh", ""), ("xx", ""),
])
def test_og_locale_is_in_open_graphs_language_territory_form(tag, locale):
    from generator.structured import og_locale

    assert og_locale(tag) == locale


def test_pages_carry_the_og_locale_of_their_language(tmp_path, cli):
    project = make_project(tmp_path / "p", {EXPLAINER_FILE: EXPLAINER.replace("  language: en\n", "  language: pt-BR\n"),
                                             SITE_FILE: "site:\n  title: Lakeside\n  language: uk\n"})
    site = build(cli, project)
    assert head(site, "lakeside/index.html").meta["og:locale"] == "pt_BR"
    assert head(site, "entities/ana-berg.html").meta["og:locale"] == "uk_UA"
    project = make_project(tmp_path / "q", {SITE_FILE: "site:\n  title: Lakeside\n  language: tlh\n"})
    assert "og:locale" not in head(build(cli, project), "index.html").meta  # none rather than a wrong one
