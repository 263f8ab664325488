"""Turn the assembled Site into output files: {path: bytes}. Never writes to disk."""
from __future__ import annotations

import re
from html import unescape
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape as xml_escape

import jinja2
from markupsafe import Markup, escape

from .assemble import date_label
from .model import Block, ItemRef, Seed, Site
from .report import health
from .structured import absolute, page_graph


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

    @property
    def indexed(self) -> bool:
        """Whether search engines and the site search should index the page."""
        return self.path not in ("404.html", "search.html")


NAV = (
    NavItem("index", "Overview", "index.html"),
    NavItem("background", "Background", "background.html"),
    NavItem("statements", "Statements", "statements.html"),
    NavItem("issues", "Disputed issues", "issues.html"),
    NavItem("repercussions", "Repercussions", "repercussions.html"),
    NavItem("entities", "People, places, organisations", "entities/index.html"),
    NavItem("sources", "Sources", "sources/index.html"),
    NavItem("about", "About", "about.html"),
)


KIND_LABELS = {
    "statement": "Statement", "event": "Background", "issue": "Disputed issue",
    "position": "Position", "repercussion": "Repercussion", "entity": "Profile",
    "glance": "At a glance", "fact": "At a glance", "next": "What comes next",
    "next_step": "What comes next", "event_summary": "The event", "news_event": "The event",
    "explainer": "Overview", "seed": "Source", "source": "Source",
}


def ref_label(ref: ItemRef) -> str:
    """What kind of item a link points at, in words ("Statement", "Disputed issue"...)."""
    if ref.kind == "event" and ref.url.startswith("index.html"):
        return "The event"
    return KIND_LABELS.get(ref.kind) or ref.kind.replace("_", " ").capitalize()


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
    body = "".join("".join(f'<span id="{i}"></span>' for i in anchors) + str(escape(text)) for anchors, text in pieces)
    if target is None:
        return body
    first = pieces[0][0]
    mark_id = next((i for i in first if i.startswith("c-")), None)
    if mark_id:  # the mark itself carries the first span id that starts here
        body = body.replace(f'<span id="{mark_id}"></span>', "", 1)
    id_attr = f' id="{mark_id}"' if mark_id else ""
    return f'<mark{id_attr}><a href="{escape(rel(target))}">{body}</a></mark>'


class SiteReads:
    """A Site that notes which of its parts are read, so a page's cache key can cover them."""

    __slots__ = ("_site", "reads")

    def __init__(self, site: Site):
        self._site = site
        self.reads: set[str] = set()

    def __getattr__(self, name: str):
        self.reads.add(name)
        return getattr(self._site, name)


class Renderer:
    """The single Jinja environment; renders every page of a Site."""

    def __init__(self, templates: Path, preview: bool = False):
        self.preview = preview  # the live preview adds anchor-health marks; built sites never have them
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(str(templates)),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )
        self.env.filters["date_label"] = date_label
        self.env.filters["percent"] = lambda value: f"{value:.0%}"
        self.env.filters["ref_label"] = ref_label
        self.env.globals["nav"] = NAV

    def page(self, site: Site, template: str, info: PageInfo, **context) -> str:
        keys = [item.key for item in NAV]
        index = keys.index(info.section) if info.section in keys else None
        base_url = site.explainer.base_url

        def rel(url: str) -> str:
            if info.path == "404.html" and base_url:
                return base_url + url  # served at any depth: only absolute links hold
            return relative_url(info.path, url)

        indexed = info.indexed
        return self.env.get_template(template).render(
            site=site, page=info, rel=rel, feed_url="feed.xml", preview=self.preview,
            health=health(site) if self.preview and info.path == "index.html" else {},
            canonical=absolute(site, info.path) if base_url and indexed else "",
            jsonld=page_graph(site, info.path, info.title, info.description, context.get("entity")) if indexed else "",
            highlight=lambda seed, block: highlight(seed, block, rel),
            prev=NAV[index - 1] if index else None,
            next=NAV[index + 1] if index is not None and index + 1 < len(NAV) else None,
            **{"breadcrumbs": [], **context},
        )

    def plan(self, site: Site) -> dict[str, tuple]:
        """Every page of the site: output path -> (template, PageInfo, context). Cheap; renders nothing."""
        ex = site.explainer
        pages = {
            "index.html": ("overview.html", PageInfo("index.html", "Overview", _plain(ex.summary_html), "index"), {}),
            "background.html": ("background.html", PageInfo("background.html", "Background", "How the conflict grew, from 2014 to the full-scale invasion.", "background"), {}),
            "statements.html": ("statements.html", PageInfo("statements.html", "Statements", "Who said what about the talks, word for word, linked to the source.", "statements"), {}),
            "issues.html": ("issues.html", PageInfo("issues.html", "Disputed issues", "The issues the two sides disagree on, with each side's position.", "issues"), {}),
            "repercussions.html": ("repercussions.html", PageInfo("repercussions.html", "Repercussions", "What the war means locally, regionally and internationally.", "repercussions"), {}),
            "entities/index.html": ("entities.html", PageInfo("entities/index.html", "People, places, organisations", "Everyone and everything the explainer mentions.", "entities"), {}),
            "sources/index.html": ("sources.html", PageInfo("sources/index.html", "Sources", "The source articles and external sources behind every claim.", "sources"), {}),
            "404.html": ("404.html", PageInfo("404.html", "Page not found", "This page does not exist.", ""), {}),
            "search.html": ("search.html", PageInfo("search.html", "Search", "Search every page of the explainer.", "search"), {}),
        }
        entity_crumbs = [("People, places, organisations", "entities/index.html")]
        for entity in site.entities.values():
            pages[entity.url] = ("entity.html", PageInfo(entity.url, entity.name, _plain(entity.description_html), "entities"),
                                 {"entity": entity, "breadcrumbs": entity_crumbs})
        for seed in site.seeds:
            pages[seed.page_url] = ("seed.html", PageInfo(seed.page_url, seed.title, f"The full text of “{seed.title}”, every cited passage highlighted.", "sources"),
                                    {"seed": seed, "breadcrumbs": [("Sources", "sources/index.html")]})
        for md in site.pages:
            pages[md.url] = ("page.html", PageInfo(md.url, md.title, md.description, md.slug), {"md": md})
        return pages

    def render(self, site: Site, planned: tuple) -> tuple[str, frozenset[str]]:
        """One planned page as HTML, and the names of the parts of the site it read."""
        template, info, context = planned
        seen = SiteReads(site)
        return self.page(seen, template, info, **context), frozenset(seen.reads)


def sitemap(site: Site, paths: list[str]) -> str:
    """sitemaps.org XML; lastmod comes from the content, never from the clock."""
    base = site.explainer.base_url
    entries = "".join(
        f"  <url><loc>{xml_escape(base + ('' if p == 'index.html' else p))}</loc><lastmod>{site.explainer.updated}</lastmod></url>\n"
        for p in sorted(paths) if p.endswith(".html") and p not in ("404.html", "search.html")
    )
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{entries}</urlset>\n'


def robots(site: Site) -> str:
    lines = ["User-agent: *", "Allow: /"]
    if site.explainer.base_url:
        lines.append(f"Sitemap: {site.explainer.base_url}sitemap.xml")
    return "\n".join(lines) + "\n"


def _plain(html: str) -> str:
    """Text of an HTML fragment, for meta descriptions."""
    return " ".join(unescape(re.sub(r"<[^>]+>", "", html)).split())[:300]
