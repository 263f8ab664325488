"""Machine-readable descriptions of the site: schema.org JSON-LD and the Atom feed."""
from __future__ import annotations

import json
from xml.sax.saxutils import escape as xml_escape

from markupsafe import Markup

from .model import Entity, Seed, Site, Statement

SCHEMA_TYPES = {"person": "Person", "place": "Place", "organisation": "Organization"}


def script_safe_json(data: dict) -> Markup:
    """JSON that can sit inside <script>: no <, > or & survive to close or open a tag."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def absolute(site: Site, path: str) -> str:
    """An absolute URL where the site's address is known, else the root-relative path."""
    return site.explainer.base_url + ("" if path == "index.html" else path)


def _publisher(site: Site) -> dict:
    return {"@type": "Organization", "name": site.explainer.publisher or site.explainer.title}


def _dates(site: Site) -> dict:
    first = min((c.date for c in site.changelog), default=site.explainer.updated)
    return {"datePublished": first, "dateModified": site.explainer.updated}


def article(site: Site, path: str, title: str, description: str) -> dict:
    """Every page is an article of the explainer."""
    data = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": title[:110],
            "description": description, "inLanguage": site.explainer.language,
            "publisher": _publisher(site), "author": _publisher(site), **_dates(site)}
    if site.explainer.base_url:
        data["url"] = data["mainEntityOfPage"] = absolute(site, path)
    return data


def event(site: Site) -> dict:
    ev = site.explainer.event
    place = site.entities.get(ev.where_id)
    data = {"@type": "Event", "name": ev.what, "description": ev.status,
            "location": {"@type": "Place", "name": place.name if place else ev.where_id},
            "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode"}
    if ev.date:
        data["startDate"] = ev.date
    return data


def quotation(site: Site, statement: Statement, seeds: dict[str, Seed]) -> dict:
    seed = seeds[statement.quote.seed_id]
    speaker = site.entities[statement.speaker_id]
    based_on = {"@type": "NewsArticle", "headline": seed.title, "publisher": {"@type": "Organization", "name": seed.publisher}}
    if seed.url:
        based_on["url"] = seed.url
    data = {"@type": "Quotation", "text": statement.quote.text, "creator": {"@type": "Person", "name": speaker.name},
            "isBasedOn": based_on}
    if statement.date:
        data["dateCreated"] = statement.date
    if site.explainer.base_url:
        data["url"] = absolute(site, statement.url)
    return data


def thing(entity: Entity) -> dict:
    return {"@type": SCHEMA_TYPES[entity.kind], "name": entity.name,
            **({"alternateName": list(entity.aliases)} if entity.aliases else {})}


def page_graph(site: Site, path: str, title: str, description: str, entity: Entity | None = None) -> Markup:
    """The JSON-LD for one page: its article, plus what the page is about."""
    data = article(site, path, title, description)
    if path == "index.html":
        data["about"] = event(site)
    elif path == "statements.html":
        seeds = {s.id: s for s in site.seeds}
        data["hasPart"] = [quotation(site, st, seeds) for st in site.statements]
    elif entity is not None:
        data["about"] = thing(entity)
    return script_safe_json(data)


def atom(site: Site) -> str:
    """An Atom feed of the changelog; every date comes from the content."""
    ex = site.explainer
    feed_id = absolute(site, "feed.xml") if ex.base_url else f"urn:explainer:{_slug(ex.title)}"
    home = absolute(site, "index.html") or "index.html"
    entries = []
    for change in site.changelog or ():
        entry_id = absolute(site, change.url) if ex.base_url else f"{feed_id}:{change.id}"
        entries.append(
            "  <entry>\n"
            f"    <id>{xml_escape(entry_id)}</id>\n"
            f"    <title>{xml_escape(change.title)}</title>\n"
            f"    <updated>{_timestamp(change.date)}</updated>\n"
            f'    <link rel="alternate" type="text/html" href="{xml_escape(absolute(site, change.url))}"/>\n'
            f'    <content type="html">{xml_escape(change.text_html)}</content>\n'
            "  </entry>\n")
    updated = max([ex.updated, *(c.date for c in site.changelog)])
    self_link = f'  <link rel="self" type="application/atom+xml" href="{xml_escape(absolute(site, "feed.xml"))}"/>\n' if ex.base_url else ""
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="{xml_escape(ex.language)}">\n'
        f"  <id>{xml_escape(feed_id)}</id>\n"
        f"  <title>{xml_escape(ex.title)}: updates</title>\n"
        f"  <updated>{_timestamp(updated)}</updated>\n"
        f"  <author><name>{xml_escape(ex.publisher or ex.title)}</name></author>\n"
        f'  <link rel="alternate" type="text/html" href="{xml_escape(home)}"/>\n'
        f"{self_link}"
        + "".join(entries)
        + "</feed>\n"
    )


def _timestamp(date: str) -> str:
    parts = (date.split("-") + ["01", "01"])[:3]
    return f"{parts[0]}-{parts[1]}-{parts[2]}T00:00:00Z"


def _slug(text: str) -> str:
    return "-".join("".join(c.lower() if c.isalnum() else " " for c in text).split())
