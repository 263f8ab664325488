"""Machine-readable descriptions of the site: schema.org JSON-LD and the Atom feed."""
from __future__ import annotations

import json
from xml.sax.saxutils import escape as xml_escape, quoteattr

from markupsafe import Markup

from .model import Entity, Explainer, NewsEvent, Seed, Site, Statement

SCHEMA_TYPES = {"person": "Person", "place": "Place", "organisation": "Organization"}  # a group is a Thing


def script_safe_json(data: dict) -> Markup:
    """JSON that can sit inside <script>: no <, > or & survive to close or open a tag."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def absolute(site: Site, path: str) -> str:
    """An absolute URL where the site's address is known, else the root-relative path.
    A folder's index.html is addressed as the folder."""
    if path == "index.html" or path.endswith("/index.html"):
        path = path[:-len("index.html")]
    return site.info.base_url + path


def _publisher(site: Site, ex: Explainer | None) -> dict:
    name = (ex.publisher if ex else "") or site.info.publisher or (ex.title if ex else site.info.title)
    return {"@type": "Organization", "name": name}


def _dates(ex: Explainer) -> dict:
    first = min((c.date for c in ex.changelog), default=ex.updated)
    return {"datePublished": first, "dateModified": ex.updated}


def article(site: Site, ex: Explainer | None, path: str, title: str, description: str) -> dict:
    """A page of an explainer is an article of it; any other page is a page of the site."""
    if ex is None:
        data = {"@context": "https://schema.org", "@type": "WebPage", "name": title, "description": description,
                "inLanguage": site.info.language, "publisher": _publisher(site, None)}
        if site.updated:
            data["dateModified"] = site.updated
    else:
        data = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": title[:110],
                "description": description, "inLanguage": ex.language,
                "publisher": _publisher(site, ex), "author": _publisher(site, ex), **_dates(ex)}
    if site.info.base_url:
        data["url"] = data["mainEntityOfPage"] = absolute(site, path)
    return data


def event(site: Site, ev: NewsEvent) -> dict:
    places = [site.entities[p].name for p in ev.where_ids if p in site.entities]
    data = {"@type": "Event", "name": ev.what, "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode"}
    if ev.status:
        data["description"] = ev.status
    if places:
        data["location"] = [{"@type": "Place", "name": name} for name in places]
    if ev.date:
        data["startDate"] = ev.date
    return data


def quotation(site: Site, statement: Statement, seeds: dict[str, Seed]) -> dict:
    seed = seeds[statement.quote.seed_id]
    speaker = site.entities[statement.speaker_id]
    based_on = {"@type": "NewsArticle", "headline": seed.title, "publisher": {"@type": "Organization", "name": seed.publisher}}
    if seed.url:
        based_on["url"] = seed.url
    data = {"@type": "Quotation", "text": statement.quote.text,
            "creator": {"@type": SCHEMA_TYPES.get(speaker.kind, "Thing"), "name": speaker.name}, "isBasedOn": based_on}
    if statement.date:
        data["dateCreated"] = statement.date
    if site.info.base_url:
        data["url"] = absolute(site, statement.url)
    return data


def thing(entity: Entity) -> dict:
    return {"@type": SCHEMA_TYPES.get(entity.kind, "Thing"), "name": entity.name,
            **({"alternateName": list(entity.aliases)} if entity.aliases else {})}


def page_graph(site: Site, ex: Explainer | None, path: str, title: str, description: str,
               entity: Entity | None = None) -> Markup:
    """The JSON-LD for one page: its article, plus what the page is about."""
    data = article(site, ex, path, title, description)
    if ex is not None and path == ex.url and ex.event is not None:
        data["about"] = event(site, ex.event)
    elif ex is not None and path == f"{ex.slug}/statements.html":
        seeds = {s.id: s for s in site.seeds}
        data["hasPart"] = [quotation(site, st, seeds) for st in ex.statements if st.verbatim]
    elif entity is not None:
        data["about"] = thing(entity)
    return script_safe_json(data)


def atom(site: Site, ex: Explainer | None = None) -> str:
    """An Atom feed of one explainer's changelog, or of every explainer's; every date comes from the content."""
    info = site.info
    path = f"{ex.slug}/feed.xml" if ex else "feed.xml"
    title = ex.title if ex else info.title
    feed_id = absolute(site, path) if info.base_url else f"urn:explainer:{_slug(ex.slug if ex else title)}"
    home = absolute(site, ex.url if ex else "index.html") or "index.html"
    changes = [(c, e) for e in ([ex] if ex else site.explainers) for c in e.changelog]
    changes.sort(key=lambda pair: (pair[0].date, pair[1].slug, pair[0].id), reverse=True)
    entries = []
    for change, owner in changes:
        entry_id = absolute(site, change.url) if info.base_url else f"urn:explainer:{owner.slug}:{change.id}"
        entries.append(
            "  <entry>\n"
            f"    <id>{xml_escape(entry_id)}</id>\n"
            f"    <title>{xml_escape(change.title if ex else owner.title + ': ' + change.title)}</title>\n"
            f"    <updated>{_timestamp(change.date)}</updated>\n"
            f'    <link rel="alternate" type="text/html" href={quoteattr(absolute(site, change.url))}/>\n'
            f'    <content type="html">{xml_escape(change.text_html)}</content>\n'
            "  </entry>\n")
    updated = max([ex.updated if ex else site.updated, *(c.date for c, _ in changes)])
    self_link = f'  <link rel="self" type="application/atom+xml" href={quoteattr(absolute(site, path))}/>\n' if info.base_url else ""
    author = (ex.publisher if ex else "") or info.publisher or title
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang={quoteattr(ex.language if ex else info.language)}>\n'
        f"  <id>{xml_escape(feed_id)}</id>\n"
        f"  <title>{xml_escape(title)}: updates</title>\n"
        f"  <updated>{_timestamp(updated)}</updated>\n"
        f"  <author><name>{xml_escape(author)}</name></author>\n"
        f'  <link rel="alternate" type="text/html" href={quoteattr(home)}/>\n'
        f"{self_link}"
        + "".join(entries)
        + "</feed>\n"
    )


def _timestamp(date: str) -> str:
    parts = (date.split("-") + ["01", "01"])[:3]
    return f"{parts[0]}-{parts[1]}-{parts[2]}T00:00:00Z"


def _slug(text: str) -> str:
    return "-".join("".join(c.lower() if c.isalnum() else " " for c in text).split())
