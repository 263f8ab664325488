"""Turn the assembled Site into output files: {path: bytes}. Never writes to disk."""
from __future__ import annotations

import re
from html import unescape
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote
from xml.sax.saxutils import escape as xml_escape

import jinja2
from markupsafe import Markup, escape

from . import project as layout
from .assemble import date_label
from .errors import ContentError, Location, Problem
from .model import Block, Explainer, ItemRef, Seed, Site
from .report import health
from .structured import absolute, image_url, og_locale, page_graph, shorten


@dataclass(frozen=True)
class NavItem:
    key: str
    title: str
    url: str


@dataclass(frozen=True)
class PageInfo:
    path: str
    title: str
    description: str
    section: str
    indexed: bool = True  # whether search engines and the site search should index the page


ENTITIES_TITLE = "People, places, organisations"


def site_nav(site: Site) -> tuple[NavItem, ...]:
    """The parts of the whole site, in the masthead of every page."""
    return (NavItem("home", "Explainers", "index.html"),
            NavItem("entities", ENTITIES_TITLE, "entities/index.html"),
            NavItem("sources", "Sources", "sources/index.html"),
            *(NavItem(md.slug, md.title, md.url) for md in site.pages))


def explainer_nav(ex: Explainer) -> tuple[NavItem, ...]:
    """The parts of one explainer: its overview, the sections it has records for, its own pages."""
    return (NavItem("index", "Overview", ex.url),
            *(NavItem(s.key, s.title, f"{ex.slug}/{s.key}.html") for s in ex.sections),
            *(NavItem(md.slug, md.title, md.url) for md in ex.pages))


KIND_LABELS = {
    "statement": "Statement", "event": "Background", "issue": "Disputed issue",
    "position": "Position", "repercussion": "Repercussion", "entity": "Profile",
    "glance": "At a glance", "fact": "At a glance", "next": "What comes next",
    "next_step": "What comes next", "event_summary": "The event", "news_event": "The event", "event-fact": "The event",
    "explainer": "Overview", "seed": "Source", "source": "Source",
}


def ref_label(ref: ItemRef) -> str:
    """What kind of item a link points at, in words ("Statement", "Disputed issue"...)."""
    return KIND_LABELS.get(ref.kind) or ref.kind.replace("_", " ").replace("-", " ").capitalize()


def relative_url(from_path: str, url: str) -> str:
    """A root-relative URL made relative to the page at from_path."""
    if url.startswith(("#", "http://", "https://", "mailto:")):
        return url
    return "../" * from_path.count("/") + url


def highlight(seed: Seed, block: Block, rel) -> Markup:
    """A block's text with each cited span in <mark> and an anchor at each sentence start.

    The text is cut wherever a span or sentence begins or ends; neighbouring pieces
    that link to the same item share one <mark>, and a piece of bare punctuation joins
    the mark before it, so no link is a sliver. Each mark links to the innermost span
    covering it; every span id is an anchor where the span begins.
    """
    spans = [s for s in seed.spans if s.start < block.end and block.start < s.end]
    sentence_starts = {s.start: s.anchor for s in block.sentences}
    cuts = sorted({block.start, block.end, *sentence_starts,
                   *(max(s.start, block.start) for s in spans), *(min(s.end, block.end) for s in spans)})
    runs: list[list] = []  # [link target or None, [(anchor ids, text), ...]]
    placed: set[str] = set()
    for a, b in zip(cuts, cuts[1:]):
        covering = [s for s in spans if s.start <= a and b <= s.end]
        anchors = [sentence_starts[a]] if a in sentence_starts else []
        anchors += [s.id for s in covering if s.id not in placed]
        placed.update(anchors)
        text = seed.text[a:b]
        target = min(covering, key=lambda s: (s.end - s.start, s.id)).cited_by.url if covering else None
        sliver = target and runs and runs[-1][0] and not any(c.isalnum() for c in text)
        if runs and (runs[-1][0] == target or sliver):
            runs[-1][1].append((anchors, text))
        else:
            runs.append([target, [(anchors, text)]])
    return Markup("".join(_run_html(target, pieces, rel) for target, pieces in runs))


def _run_html(target: str | None, pieces: list, rel) -> str:
    body = "".join("".join(f'<span id="{escape(i)}"></span>' for i in anchors) + str(escape(text)) for anchors, text in pieces)
    if target is None:
        return body
    first = pieces[0][0]
    mark_id = next((i for i in first if i.startswith("c-")), None)
    if mark_id:  # the mark itself carries the first span id that starts here
        body = body.replace(f'<span id="{escape(mark_id)}"></span>', "", 1)
    id_attr = f' id="{escape(mark_id)}"' if mark_id else ""
    return f'<mark{id_attr}><a href="{escape(rel(target))}">{body}</a></mark>'


RELATIVE_HREF = re.compile(r'(<a\s[^>]*?href=")(?![a-z][a-z0-9+.-]*:|[#/])([^"]*)"', re.I)


@jinja2.pass_context
def markdown_html(context, html: str) -> Markup:
    """Converted (and sanitised) Markdown, its relative links made to work from this page:
    authors write them from the site root (`sources/index.html`), whatever page shows them."""
    rel = context["rel"]
    return Markup(RELATIVE_HREF.sub(lambda m: f'{m.group(1)}{escape(rel(unescape(m.group(2))))}"', html) if 'href="' in html else html)


class SiteReads:
    """A Site that notes which of its parts are read, so a page's cache key can cover them."""

    __slots__ = ("_site", "reads")

    def __init__(self, site: Site):
        self._site = site
        self.reads: set[str] = set()

    def __getattr__(self, name: str):
        self.reads.add(name)
        return getattr(self._site, name)


class _Plan(dict):
    """Output path -> planned page, where a path taken is never silently replaced."""

    def __setitem__(self, path: str, planned: tuple) -> None:
        if path in self:
            first, second = (" ".join(p[1].title.split()) for p in (self[path], planned))
            raise ContentError([Problem(Location(layout.CONTENT), f"two pages would be written to {path}: “{first}” and "
                                                                   f"“{second}”; rename the record or page of one of them")])
        super().__setitem__(path, planned)


class Utf8Loader(jinja2.FileSystemLoader):
    """Templates from folders, in UTF-8: a template that is not is a template error at its first bad byte."""

    def get_source(self, environment: jinja2.Environment, template: str):
        try:
            return super().get_source(environment, template)
        except UnicodeDecodeError as exc:
            pieces = jinja2.loaders.split_template_path(template)
            path = next(p for p in (Path(folder, *pieces) for folder in self.searchpath) if p.is_file())
            before = exc.object[:exc.start].replace(b"\r\n", b"\n")
            line = before.count(b"\n") + 1
            col = len(before[before.rfind(b"\n") + 1:].decode("utf-8", "replace")) + 1
            error = jinja2.TemplateSyntaxError("not valid UTF-8; save the template as UTF-8 text", line, template, str(path))
            error.col = col  # type: ignore[attr-defined]  # the column, for the message's position
            raise error from None


class Renderer:
    """The single Jinja environment; renders every page of a Site."""

    def __init__(self, templates: Path, preview: bool = False):
        self.preview = preview  # the live preview adds anchor-health marks; built sites never have them
        self.env = jinja2.Environment(
            # the project's templates first, then the generator's own for any it does not have
            loader=Utf8Loader(list(dict.fromkeys([str(templates), str(layout.BUILT_IN_TEMPLATES)]))),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )
        self.env.filters["date_label"] = date_label
        self.env.filters["percent"] = lambda value: f"{value:.0%}"
        self.env.filters["ref_label"] = ref_label
        self.env.filters["md"] = markdown_html

    def page(self, site: Site, template: str, info: PageInfo, **context) -> str:
        ex = context.get("ex")
        nav = explainer_nav(ex) if ex is not None else ()
        keys = [item.url for item in nav]
        index = keys.index(info.path) if info.path in keys else None
        base_url = site.info.base_url

        def rel(url: str) -> str:
            if info.path == "404.html" and base_url:
                return base_url + url  # served at any depth: only absolute links hold
            return relative_url(info.path, url)

        indexed = info.indexed
        meta_description = shorten(info.description)
        return self.env.get_template(template).render(
            site=site, page=info, rel=rel, preview=self.preview, site_nav=site_nav(site), nav=nav,
            feed_url=f"{ex.slug}/feed.xml" if ex is not None else "feed.xml",
            health=health(ex) if self.preview and ex is not None and info.path == ex.url else {},
            canonical=absolute(site, info.path) if base_url and indexed else "",
            meta_description=meta_description, og=social(site, ex, info.path),
            jsonld=page_graph(site, ex, info.path, info.title, meta_description, context.get("entity")) if indexed else "",
            highlight=lambda seed, block: highlight(seed, block, rel),
            absolute_url=lambda path: absolute(site, path),
            prev=nav[index - 1] if index else None,
            next=nav[index + 1] if index is not None and index + 1 < len(nav) else None,
            **{"breadcrumbs": [], "ex": None, **context},
        )

    def plan(self, site: Site) -> dict[str, tuple]:
        """Every page of the site: output path -> (template, PageInfo, context). Cheap; renders nothing.

        A path is planned once: a second page for it is refused (assembling reports such a clash at
        the record's place first; this is the last word, should it ever miss one)."""
        info = site.info
        pages = _Plan({
            "index.html": ("home.html", PageInfo("index.html", info.title, info.description or _home_description(site), "home"), {}),
            "entities/index.html": ("entities.html", PageInfo("entities/index.html", ENTITIES_TITLE, "Everyone and everything the explainers mention.", "entities"), {}),
            "sources/index.html": ("sources.html", PageInfo("sources/index.html", "Sources", "The source articles and external sources behind every claim.", "sources"), {}),
            "404.html": ("404.html", PageInfo("404.html", "Page not found", "This page does not exist.", "", indexed=False), {}),
            "search.html": ("search.html", PageInfo("search.html", "Search", "Search every page of the site.", "search", indexed=False), {}),
        })
        entity_crumbs = [(ENTITIES_TITLE, "entities/index.html")]
        for entity in site.entities.values():
            pages[entity.url] = ("entity.html", PageInfo(entity.url, entity.name, _plain(entity.description_html), "entities"),
                                 {"entity": entity, "breadcrumbs": entity_crumbs})
        for seed in site.seeds:
            pages[seed.page_url] = ("seed.html", PageInfo(seed.page_url, seed.title, f"The full text of “{seed.title}”, every cited passage highlighted.", "sources"),
                                    {"seed": seed, "breadcrumbs": [("Sources", "sources/index.html")]})
        for md in site.pages:
            pages[md.url] = ("page.html", PageInfo(md.url, md.title, md.description, md.slug), {"md": md})
        for ex in site.explainers:
            crumbs = [(ex.title, ex.url)]
            pages[ex.url] = ("overview.html", PageInfo(ex.url, ex.title, ex.description or _plain(ex.summary_html), "index"),
                             {"ex": ex})
            for section in ex.sections:
                path = f"{ex.slug}/{section.key}.html"
                pages[path] = (f"{section.key}.html", PageInfo(path, section.title, section.description, section.key),
                               {"ex": ex, "breadcrumbs": crumbs})
            for md in ex.pages:
                pages[md.url] = ("page.html", PageInfo(md.url, md.title, md.description, md.slug),
                                 {"ex": ex, "md": md, "breadcrumbs": crumbs})
            for old in ex.former_paths:
                target = f"{ex.slug}/{old.rsplit('/', 1)[-1]}"
                title = pages[target][1].title
                pages[old] = ("redirect.html", PageInfo(old, title, f"This page has moved to {target}.", "redirect", indexed=False),
                              {"target": target})
        return dict(pages)

    def render(self, site: Site, planned: tuple) -> tuple[str, frozenset[str]]:
        """One planned page as HTML, and the names of the parts of the site it read."""
        template, info, context = planned
        seen = SiteReads(site)
        return self.page(seen, template, info, **context), frozenset(seen.reads)


def social(site: Site, ex: Explainer | None, path: str) -> dict:
    """The Open Graph data of a page: its locale, and the image its link is shared with (the explainer's,
    else the site's; absolute where the site's address is known, else relative to the page)."""
    picture = ex.social if ex is not None else site.info.social
    data = {"locale": og_locale(ex.language if ex is not None else site.info.language),
            "image": "", "image_type": "", "image_width": 0, "image_height": 0, "image_alt": ""}
    if picture is not None:
        data.update(image=image_url(site, path, picture), image_type=picture.media_type, image_width=picture.width,
                    image_height=picture.height, image_alt=picture.alt)
    return data


SITEMAP_URLS = 50_000  # the most one sitemap file may list (sitemaps.org)
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"


def sitemap(site: Site, plan: dict[str, tuple]) -> dict[str, str]:
    """sitemap.xml of the indexed pages, as sitemaps.org 0.9 has it; lastmod comes from the content, never
    from the clock. A sitemap lists absolute addresses, so without a base URL there is none ({}). Past
    50,000 pages, sitemap.xml is an index of sitemap-1.xml, sitemap-2.xml..."""
    base = site.info.base_url
    if not base:
        return {}
    entries = []
    for path in sorted(plan):
        info, context = plan[path][1], plan[path][2]
        if info.indexed:
            ex = context.get("ex")
            loc = _sitemap_loc(base, _folder_path(path)) if len(base + _folder_path(path)) >= 12 else _sitemap_loc(base, path)
            lastmod = _full_date(ex.updated if ex is not None else site.updated)
            entries.append(f"  <url><loc>{loc}</loc>" + (f"<lastmod>{lastmod}</lastmod>" if lastmod else "") + "</url>\n")
    head = f'<?xml version="1.0" encoding="UTF-8"?>\n'
    if len(entries) <= SITEMAP_URLS:
        return {"sitemap.xml": f'{head}<urlset xmlns="{SITEMAP_NS}">\n{"".join(entries)}</urlset>\n'}
    files, index = {}, []
    for n, start in enumerate(range(0, len(entries), SITEMAP_URLS), 1):
        files[f"sitemap-{n}.xml"] = f'{head}<urlset xmlns="{SITEMAP_NS}">\n{"".join(entries[start:start + SITEMAP_URLS])}</urlset>\n'
        index.append(f"  <sitemap><loc>{_sitemap_loc(base, f'sitemap-{n}.xml')}</loc></sitemap>\n")
    return {"sitemap.xml": f'{head}<sitemapindex xmlns="{SITEMAP_NS}">\n{"".join(index)}</sitemapindex>\n', **files}


def _sitemap_loc(base: str, path: str) -> str:
    """An address as a sitemap takes it: ASCII (other characters percent-encoded as UTF-8), XML-escaped."""
    return xml_escape(quote(base + path, safe="!#$%&'()*+,-./:;=?@[]_~"))


def _full_date(date: str) -> str:
    """YYYY-MM-DD as it is; "" for YYYY or YYYY-MM, which a sitemap's lastmod does not take (it needs a day)."""
    return date if len(date) == 10 else ""


def _folder_path(path: str) -> str:
    """index.html -> "", x/index.html -> x/: the address a server gives a folder's index."""
    return path[:-len("index.html")] if path == "index.html" or path.endswith("/index.html") else path


def robots(site: Site) -> str:
    lines = ["User-agent: *", "Allow: /"]
    if site.info.base_url and not any(c.isspace() or not c.isprintable() for c in site.info.base_url):
        lines.append(f"Sitemap: {site.info.base_url}sitemap.xml")  # one line: an address is never more
    return "\n".join(lines) + "\n"


def _home_description(site: Site) -> str:
    titles = [ex.title for ex in site.explainers]
    return _plain(site.explainers[0].summary_html) if len(titles) == 1 else "Explainers: " + "; ".join(titles)


def _plain(html: str, limit: int = 300) -> str:
    """Text of an HTML fragment, for meta descriptions: at most limit characters, cut at the end of a word
    with an ellipsis."""
    return shorten(unescape(re.sub(r"<[^>]+>", "", html)), limit)
