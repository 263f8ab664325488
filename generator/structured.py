"""Machine-readable descriptions of the site: schema.org JSON-LD and the Atom feed."""
from __future__ import annotations

import json
from xml.sax.saxutils import escape as xml_escape, quoteattr

from markupsafe import Markup

from .model import Entity, Explainer, NewsEvent, Picture, Seed, Site, Statement

SCHEMA_TYPES = {"person": "Person", "place": "Place", "organisation": "Organization"}  # a group is a Thing
DESCRIPTION_LIMIT = 300  # characters of a page's description, in meta tags and JSON-LD
HEADLINE_LIMIT = 110  # Google's limit for an Article's headline
# The territory a language is most likely written in where its tag names none, after the Unicode CLDR's
# likely subtags (en -> en_Latn_US): what Open Graph's language_TERRITORY form needs.
LIKELY_TERRITORY = {
    "af": "ZA", "am": "ET", "ar": "EG", "az": "AZ", "be": "BY", "bg": "BG", "bn": "BD", "bs": "BA", "ca": "ES",
    "cs": "CZ", "cy": "GB", "da": "DK", "de": "DE", "el": "GR", "en": "US", "es": "ES", "et": "EE", "eu": "ES",
    "fa": "IR", "fi": "FI", "fr": "FR", "ga": "IE", "gl": "ES", "he": "IL", "hi": "IN", "hr": "HR", "hu": "HU",
    "hy": "AM", "id": "ID", "is": "IS", "it": "IT", "ja": "JP", "ka": "GE", "kk": "KZ", "ko": "KR", "lt": "LT",
    "lv": "LV", "mk": "MK", "ms": "MY", "nb": "NO", "nl": "NL", "nn": "NO", "no": "NO", "pl": "PL", "pt": "BR",
    "ro": "RO", "ru": "RU", "sk": "SK", "sl": "SI", "sq": "AL", "sr": "RS", "sv": "SE", "sw": "TZ", "ta": "IN",
    "th": "TH", "tr": "TR", "uk": "UA", "ur": "PK", "uz": "UZ", "vi": "VN", "zh": "CN",
}


def og_locale(language: str) -> str:
    """The Open Graph locale (language_TERRITORY) of a language tag: the tag's own region where it gives
    one (pt-BR -> pt_BR, zh-Hant-TW -> zh_TW), else the language's likely territory (en -> en_US,
    uk -> uk_UA, ar -> ar_EG); "" for a language the table does not know (better none than a wrong one)."""
    parts = language.split("-")
    lang, region = parts[0].lower(), ""
    for part in parts[1:]:
        if len(part) == 1:  # an extension or private use (x-...) follows: no region after it
            break
        if len(part) == 2 and part.isalpha():
            region = part.upper()
            break
    region = region or LIKELY_TERRITORY.get(lang, "")
    return f"{lang}_{region}" if region and len(lang) in (2, 3) else ""


# Languages written right to left (their ISO 639 codes), and scripts that are (ISO 15924 subtags).
RTL_LANGUAGES = {"ar", "arc", "ckb", "dv", "fa", "ha", "he", "iw", "khw", "ks", "ps", "sd", "syr", "ug", "ur", "yi"}
RTL_SCRIPTS = {"Arab", "Hebr", "Syrc", "Thaa", "Nkoo", "Adlm", "Rohg"}
LTR_SCRIPTS = {"Latn", "Cyrl"}


def text_direction(language: str) -> str:
    """"rtl" for a language written right to left (ar, he, fa, ur, ar-EG, ku-Arab), else "ltr"; a script
    subtag decides where the tag gives one (az-Arab is rtl, ha-Latn ltr)."""
    parts = language.split("-")
    for part in parts[1:]:
        if len(part) == 4 and part.isalpha():
            script = part.title()
            return "rtl" if script in RTL_SCRIPTS else "ltr"
    return "rtl" if parts[0].lower() in RTL_LANGUAGES else "ltr"


def language_name(language: str) -> str:
    """A language's name in itself, as a language switcher shows it ("Українська", "English", "العربية"),
    after the Unicode CLDR (Babel); the tag itself for a language CLDR does not know."""
    from babel import Locale, UnknownLocaleError
    try:
        locale = Locale.parse(language, sep="-")
        name = locale.get_display_name(locale) or language
    except (UnknownLocaleError, ValueError):
        return language
    return name[:1].upper() + name[1:]


def shorten(text: str, limit: int = DESCRIPTION_LIMIT) -> str:
    """text on one line, and at most limit characters: cut at the end of a word, with an ellipsis."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    room = text[:limit - 1]  # and the ellipsis
    if text[limit - 1] != " " and " " in room:  # the cut falls inside a word: leave the word out
        room = room.rsplit(" ", 1)[0]
    return room.rstrip(" ,;:-\u2013\u2014") + "\u2026"


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


def image_url(site: Site, page: str, picture: Picture) -> str:
    """An image's address: absolute where the site's address is known, else relative to the page at page."""
    return site.info.base_url + picture.path if site.info.base_url else "../" * page.count("/") + picture.path


def image_object(site: Site, page: str, picture: Picture) -> dict:
    data = {"@type": "ImageObject", "url": image_url(site, page, picture), "width": picture.width, "height": picture.height}
    if picture.credit:
        data["creditText"] = picture.credit
    if picture.licence_url:
        data["license"] = picture.licence_url
    return data


def organisation(site: Site, ex: Explainer | None, page: str) -> dict | None:
    """The publisher the content names (the explainer's own, else the site's), or None."""
    info = site.info
    if ex is not None and ex.publisher and ex.publisher != info.publisher:
        return {"@type": "Organization", "name": ex.publisher}
    if not info.publisher:
        return None
    data = {"@type": "Organization", "name": info.publisher}
    if info.publisher_url or info.base_url:
        data["url"] = info.publisher_url or info.base_url
    if info.publisher_logo is not None:
        data["logo"] = image_object(site, page, info.publisher_logo)
    return data


def _publisher(site: Site, ex: Explainer | None, page: str) -> dict | None:
    """The publisher the content names; else the site itself, by the title the content gives it; else none:
    a site named after its explainer would name the publisher after an explainer's title."""
    found = organisation(site, ex, page)
    if found is None and site.info.own_title:
        found = {"@type": "Organization", "name": site.info.title}
        if site.info.base_url:
            found["url"] = site.info.base_url
    return found


def _authors(site: Site, ex: Explainer, page: str) -> list[dict]:
    """The explainer's authors (people); else the publisher the content names (Google takes an Organization
    as an author); else none: an author is never made up."""
    if ex.authors:
        return [{"@type": "Person", "name": a.name, **({"url": a.url} if a.url else {})} for a in ex.authors]
    found = organisation(site, ex, page)
    return [found] if found else []


def _dates(ex: Explainer) -> dict:
    first = min((c.date for c in ex.changelog), default=ex.updated)
    return {"datePublished": first, "dateModified": ex.updated}


def article(site: Site, ex: Explainer | None, path: str, title: str, description: str) -> dict:
    """A page of an explainer is an article of it; any other page is a page of the site."""
    if ex is None:
        data = {"@context": "https://schema.org", "@type": "WebPage", "name": title, "description": description,
                "inLanguage": site.info.language}
        if publisher := _publisher(site, None, path):
            data["publisher"] = publisher
        if site.updated:
            data["dateModified"] = site.updated
    else:
        data = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": shorten(title, HEADLINE_LIMIT),
                "description": description, "inLanguage": ex.language, **_dates(ex)}
        if publisher := _publisher(site, ex, path):
            data["publisher"] = publisher
        if authors := _authors(site, ex, path):
            data["author"] = authors
        if ex.social is not None:
            data["image"] = [image_object(site, path, ex.social)]
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
    other = list(dict.fromkeys([*entity.aliases, *(n for _, n in entity.names if n != entity.name)]))
    return {"@type": SCHEMA_TYPES.get(entity.kind, "Thing"), "name": entity.name, **({"alternateName": other} if other else {})}


def page_graph(site: Site, ex: Explainer | None, path: str, title: str, description: str,
               entity: Entity | None = None) -> Markup:
    """The JSON-LD for one page: its article, plus what the page is about."""
    data = article(site, ex, path, title, description)
    if ex is not None and path == ex.url and ex.event is not None:
        data["about"] = event(site, ex.event)
    elif ex is not None and any(st.url.partition("#")[0] == path for st in ex.statements):
        seeds = {s.id: s for s in site.seeds}  # the quotations of this page of statements
        data["hasPart"] = [quotation(site, st, seeds) for st in ex.statements
                           if st.verbatim and st.url.partition("#")[0] == path]
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
            + (_atom_authors(owner.authors, "    ") if owner.authors and not ex else "")
            + f'    <content type="html">{xml_escape(change.text_html)}</content>\n'
            "  </entry>\n")
    updated = max([ex.updated if ex else site.updated, *(c.date for c, _ in changes)])
    self_link = f'  <link rel="self" type="application/atom+xml" href={quoteattr(absolute(site, path))}/>\n' if info.base_url else ""
    author = (_atom_authors(ex.authors) if ex and ex.authors else "") or _atom_organisation(site, ex)
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang={quoteattr(ex.language if ex else info.language)}>\n'
        f"  <id>{xml_escape(feed_id)}</id>\n"
        f"  <title>{xml_escape(title)}: updates</title>\n"
        f"  <updated>{_timestamp(updated)}</updated>\n"
        f"{author}"
        f'  <link rel="alternate" type="text/html" href={quoteattr(home)}/>\n'
        f"{self_link}"
        + "".join(entries)
        + "</feed>\n"
    )


def _atom_authors(authors, indent: str = "  ") -> str:
    return "".join(f"{indent}<author><name>{xml_escape(a.name)}</name>"
                   + (f"<uri>{xml_escape(a.url)}</uri>" if a.url else "") + "</author>\n" for a in authors)


def _atom_organisation(site: Site, ex: Explainer | None) -> str:
    """A feed's author when no person is named: the publisher the content names, else the site, by the title the
    content gives it, else "Unknown" (Atom needs a name; an explainer's title is none)."""
    found = organisation(site, ex, "feed.xml")
    name = found["name"] if found else site.info.title if site.info.own_title else "Unknown"
    url = found.get("url", "") if found else site.info.base_url if site.info.own_title else ""
    return f"  <author><name>{xml_escape(name)}</name>" + (f"<uri>{xml_escape(url)}</uri>" if url else "") + "</author>\n"


def _timestamp(date: str) -> str:
    parts = (date.split("-") + ["01", "01"])[:3]
    return f"{parts[0]}-{parts[1]}-{parts[2]}T00:00:00Z"


def _slug(text: str) -> str:
    return "-".join("".join(c.lower() if c.isalnum() else " " for c in text).split())
