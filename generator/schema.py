"""The content schema: which collections exist and what fields their records have.

Data, and the few pure predicates that say whether one value has the shape of an id, a date,
a language tag or an address; ``annotations`` validates YAML against it.

Every pattern is matched whole (``re.fullmatch``) and ASCII only: `$` alone would also match
before a trailing newline, and `\\d` any script's digits. The patterns keep `^...$` for the JSON
Schema generated from them, where `$` means the end of the text.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property

from .i18n import N_

ID_PATTERN = r"^[a-z0-9][a-z0-9-]{0,63}$"
DATE_PATTERN = r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$"
# A BCP 47 language tag, loosely: a 2-3 letter language and any subtags (en, pt-BR, zh-Hant-TW).
LANGUAGE_PATTERN = r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$"
MAX_TEXT = 5_000
MAX_MARKDOWN = 50_000

_ID = re.compile(ID_PATTERN, re.ASCII)
_DATE = re.compile(DATE_PATTERN, re.ASCII)
_LANGUAGE = re.compile(LANGUAGE_PATTERN, re.ASCII)
# An http(s) address: a host (a name, an IPv4 or a bracketed IPv6 address), a port, then a path,
# query or fragment; never whitespace, quotes, angle brackets, backslashes or control characters.
_URL = re.compile(r"https?://(?:\[[0-9A-Fa-f:.]+\]|[^\s/?#@:\[\]\"'<>\\^`{|}]+)(?::[0-9]{1,5})?"
                  r"(?:[/?#][^\s\"<>\\^`{|}]*)?")
# Characters no text may hold: C0 controls but tab and newline, DEL, C1 controls, lone surrogates
# and the noncharacters. HTML calls them parse errors and XML refuses most of them; none is visible.
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef"
                     + "".join(f"{chr(plane + 0xFFFE)}{chr(plane + 0xFFFF)}" for plane in range(0, 0x110000, 0x10000))
                     + "]")


def is_id(value: str) -> bool:
    """1-64 lower-case ASCII letters, digits and hyphens, starting with a letter or digit."""
    return _ID.fullmatch(value) is not None


def is_date_shape(value: str) -> bool:
    """YYYY, YYYY-MM or YYYY-MM-DD in ASCII digits (whether the day exists is checked elsewhere)."""
    return _DATE.fullmatch(value) is not None


def is_language(value: str) -> bool:
    return _LANGUAGE.fullmatch(value) is not None


def is_url(value: str) -> bool:
    """An http:// or https:// address that is safe in an attribute, XML and robots.txt as it is:
    no whitespace, quote, angle bracket, backslash, control or formatting character."""
    return _URL.fullmatch(value) is not None and not any(unicodedata.category(c)[0] in "CZ" for c in value)


def control_character(text: str) -> tuple[int, str] | None:
    """The offset and the U+ name of the first character in text that no text may hold, or None."""
    found = CONTROL.search(text)
    return (found.start(), f"U+{ord(found.group()):04X}") if found else None


@dataclass(frozen=True)
class Type:
    """A field type. kind: text, markdown, id, date, url, path, ref, enum, bool, list, record, evidence."""

    kind: str
    ref: str = ""  # for ref: the collection referred to
    pattern: str = ""  # for text: a further rule, matched whole (ASCII), e.g. LANGUAGE_PATTERN
    hint: str = ""  # with pattern: what the text must be, for messages
    choices: tuple[str, ...] = ()  # for enum
    item: Type | None = None  # for list
    record: Record | None = None  # for record


@dataclass(frozen=True)
class Field:
    name: str
    type: Type
    required: bool = True
    doc: str = ""


@dataclass(frozen=True)
class Record:
    name: str
    fields: tuple[Field, ...]
    doc: str = ""

    def field(self, name: str) -> Field | None:
        return self._by_name.get(name)

    @cached_property
    def _by_name(self) -> dict[str, Field]:
        return {f.name: f for f in self.fields}


TEXT = Type("text")
MARKDOWN = Type("markdown")
ID = Type("id")
DATE = Type("date")
URL = Type("url")
LANGUAGE = Type("text", pattern=LANGUAGE_PATTERN, hint="write a language tag such as en, fr or pt-BR")
BOOL = Type("bool")  # YAML true or false, nothing else


def ref(collection: str) -> Type:
    return Type("ref", ref=collection)


def list_of(item: Type) -> Type:
    return Type("list", item=item)


def record(rec: Record) -> Type:
    return Type("record", record=rec)


EVIDENCE = Record("evidence", (
    Field("seed", ref("seeds"), False, "A seed id: the claim's words are in this seed."),
    Field("exact", TEXT, False, "The exact words of the seed (with `seed`)."),
    Field("prefix", TEXT, False, "Text just before `exact`, to tell repeated passages apart."),
    Field("suffix", TEXT, False, "Text just after `exact`, to tell repeated passages apart."),
    Field("source", ref("sources"), False, "An external source id, for facts the seeds do not give."),
), "One piece of evidence: a seed span (seed + exact) or an external source.")
CITE = Field("cite", list_of(Type("evidence", record=EVIDENCE)), True, "The evidence for the claim.")
UPDATED = Field("updated", DATE, False, "When this record last changed in substance.")
DRAFT = Field("draft", BOOL, False, "true while the record is a draft: `explainer check` and the preview include it, "
              "`explainer build` leaves it out unless given --drafts.")
QUOTE = Record("quote", tuple(f for f in EVIDENCE.fields if f.name != "source"), "A verbatim seed span.")

FACT = Record("fact", (
    Field("label", TEXT), Field("text", MARKDOWN), CITE,
), "A labelled, cited fact.")

NEWS_EVENT = Record("event", (
    Field("what", TEXT), Field("where", list_of(ref("entities")), False, "The places where it happened (entity ids)."),
    Field("when", TEXT, False, "When it happened, in words."),
    Field("date", DATE, False, "The date the event began, for calendars and search engines."),
    Field("status", TEXT, False, "Where things stand."),
    Field("facts", list_of(record(FACT)), False, "Further labelled facts, e.g. a mediator or a host."), CITE,
), "The news event the explainer is about.")

LEVEL = Record("level", (Field("id", ID), Field("title", TEXT)), "A level of repercussions.")
SECTION = Record("section", (
    Field("title", TEXT, False), Field("description", TEXT, False, "The page's subtitle."),
), "The title and subtitle of one page of the explainer.")
SECTION_NAMES = ("background", "statements", "issues", "repercussions")
SECTIONS = Record("sections", tuple(Field(name, record(SECTION), False) for name in SECTION_NAMES),
                  "Titles and subtitles of the explainer's pages.")

IMAGE = Record("image", (
    Field("file", Type("path"), doc="The image file, under content/ (e.g. content/images/harbour.jpg): PNG, JPEG or WebP, "
                                   "at most 5 MiB; 1200 x 630 pixels suits every social network."),
    Field("alt", TEXT, doc="What the image shows, for people who cannot see it."),
    Field("credit", TEXT, False, "Who made the image, e.g. \"Photo: Ana Berg / Lakeside Post\"."),
    Field("licence", TEXT, False, "Its licence or terms of use, e.g. \"CC BY 4.0\"."),
    Field("licence_url", URL, False, "The address of the licence's text."),
    Field("show", BOOL, False, "true to show the image on the overview (a copy at most 640 pixels wide and 16 KiB, "
                               "with its credit and licence); without it the image is the social card only."),
), "A lead image: the social card of the pages it belongs to.")
AUTHOR = Record("author", (
    Field("name", TEXT, doc="The author's name, and nothing else (no title or affiliation)."),
    Field("url", URL, False, "A page about the author, e.g. their profile on the publisher's site."),
), "A person who wrote the explainer.")

EXPLAINER = Record("explainer", (
    Field("title", TEXT), Field("summary", MARKDOWN),
    Field("description", TEXT, False, "The description search engines and social cards show (default: the summary, "
                                      "cut at a word at 300 characters)."),
    Field("language", LANGUAGE, False, "The explainer's language (default: the site's)."),
    Field("translation_of", ID, False, "The slug of the explainer this one translates (an original, not another "
                                       "translation); each explainer of a group has its own language."),
    Field("publisher", TEXT, False, "Who publishes the explainer, if not the site's publisher (a newsroom, a school)."),
    Field("authors", list_of(record(AUTHOR)), False, "Who wrote the explainer: people, each with a name and, if you "
                                                    "like, a url."),
    Field("image", record(IMAGE), False, "The explainer's lead image (default: a card the build makes from its title)."),
    Field("updated", DATE), Field("sides", list_of(ref("entities")), False, "The sides of the story, in display order."),
    Field("event", record(NEWS_EVENT), False),
    Field("glance", list_of(record(FACT)), False, "At-a-glance facts on the overview."),
    Field("next", list_of(record(FACT)), False, "What comes next."),
    Field("levels", list_of(record(LEVEL)), False, "Repercussion levels (default: local, regional, international)."),
    Field("sections", record(SECTIONS), False),
    Field("former_paths", list_of(TEXT), False, "Site paths this explainer's pages were published at before; "
          "each gets a redirect to the page of the same file name."),
), "An explainer: one per folder content/explainers/<slug>/.")

SITE = Record("site", (
    Field("title", TEXT), Field("description", TEXT, False),
    Field("language", LANGUAGE, False, "Default language of the site and its explainers (default: en)."),
    Field("publisher", TEXT, False, "Who publishes the site: the organisation's name."),
    Field("publisher_url", URL, False, "The publisher's address (default: the site's base_url, when known)."),
    Field("publisher_logo", Type("path"), False, "The publisher's logo, under content/ (e.g. content/images/logo.png): "
                                                "PNG, JPEG or WebP, at most 5 MiB."),
    Field("image", record(IMAGE), False, "The site's lead image: the social card of the pages of no explainer "
                                         "(default: a card the build makes from the site's title)."),
    Field("base_url", URL, False, "Where the site is published, e.g. https://example.org/explainers/. Without it the "
                                  "build leaves out what needs it: sitemap.xml, canonical links, the feeds' self links."),
), "Settings of the whole site (content/site.yaml).")

SEED = Record("seeds", (
    Field("id", ID), Field("file", Type("path")), Field("title", TEXT), Field("publisher", TEXT),
    Field("date", DATE, False), Field("url", URL, False), Field("language", LANGUAGE, doc="The article's language, e.g. en."),
    Field("short", TEXT, False, "The seed's short name in citation labels, e.g. \"Report\" in \"Report, ¶3\" (default: "
          "its publisher, when that is at most 20 characters, else \"Source article\")."),
), "A source document in seeds/ and its metadata.")

SOURCE = Record("sources", (
    Field("id", ID), Field("title", TEXT), Field("publisher", TEXT),
    Field("date", DATE, False), Field("url", URL, False),
), "An external source for facts the seeds do not give.")

ENTITY_KINDS = ("person", "place", "organisation", "group")
NAME = Record("name", (Field("language", LANGUAGE), Field("name", TEXT)), "The entity's name in one language.")

ENTITY = Record("entities", (
    Field("id", ID), Field("kind", Type("enum", choices=ENTITY_KINDS)),
    Field("name", TEXT), Field("aliases", list_of(TEXT), False, "Other names to find in the seeds."),
    Field("names", list_of(record(NAME)), False,
          "Its name in other languages, shown on the pages in each (and found in the seeds, as aliases are)."),
    Field("description", MARKDOWN), Field("cite", CITE.type, False), UPDATED, DRAFT,
), "A person, place, organisation or group.")

EVENT = Record("events", (
    Field("id", ID), Field("date", DATE), Field("title", TEXT), Field("body", MARKDOWN),
    Field("entities", list_of(ref("entities")), False), CITE, UPDATED, DRAFT,
), "An event on the background timeline.")

STATEMENT = Record("statements", (
    Field("id", ID), Field("speaker", ref("entities")), Field("role", TEXT, False),
    Field("side", ref("entities"), False, "One of the explainer's sides."),
    Field("quote", record(QUOTE), False, "The words said, verbatim in the seed: shown in quote marks."),
    Field("paraphrase", record(QUOTE), False, "The seed's reported speech: anchored, never shown in quote marks."),
    Field("date", DATE, False),
    Field("context", MARKDOWN, False), Field("issues", list_of(ref("issues")), False), CITE, UPDATED, DRAFT,
), "Who said what: a verbatim `quote` or an anchored `paraphrase`.")

POSITION = Record("position", (
    Field("by", ref("entities"), doc="Whose position: one of the sides or any other entity."),
    Field("text", MARKDOWN), CITE,
), "A position on an issue, as the sources give it.")

ISSUE = Record("issues", (
    Field("id", ID), Field("title", TEXT), Field("summary", MARKDOWN), CITE,
    Field("positions", list_of(record(POSITION)), False), UPDATED, DRAFT,
), "A disputed issue with the positions the sources give.")

REPERCUSSION = Record("repercussions", (
    Field("id", ID), Field("level", ID, doc="One of the explainer's levels (default: local, regional, international)."),
    Field("title", TEXT), Field("body", MARKDOWN), Field("entities", list_of(ref("entities")), False), CITE, UPDATED, DRAFT,
), "A consequence, at one of the explainer's levels.")

CHANGE = Record("changelog", (
    Field("id", ID), Field("date", DATE), Field("title", TEXT),
    Field("text", MARKDOWN, doc="What changed and why."),
), "A dated update to the explainer: what changed and why.")

SINGULAR = {"authors": "author", "changelog": "changelog entry", "seeds": "seed", "sources": "source", "entities": "entity", "events": "event",
            "statements": "statement", "issues": "issue", "repercussions": "repercussion"}

COLLECTIONS: dict[str, Record] = {
    r.name: r for r in (SEED, SOURCE, ENTITY, EVENT, STATEMENT, ISSUE, REPERCUSSION, CHANGE)
}
SINGLETONS: dict[str, Record] = {"explainer": EXPLAINER, "site": SITE}
# Fields of earlier versions: record name -> {old field: how to write it now}.
RENAMED = {
    "position": {"side": "`side` is now `by` (whose position it is); rename it"},
    "event": {"mediated_by": "`mediated_by` is now one of the event's `facts`: "
                             "`facts: [{label: Mediated by, text: ..., cite: [...]}]`"},
    "explainer": {"base_url": "`base_url` now belongs to the whole site: move it to content/site.yaml under `site:`"},
}
SHARED = ("seeds", "sources", "entities")  # site-wide: anywhere under content/
PER_EXPLAINER = ("explainer", "events", "statements", "issues", "repercussions", "changelog")
DEFAULT_LEVELS = (("local", N_("Local")), ("regional", N_("Regional")), ("international", N_("International")))

PAGE = Record("page", (Field("title", TEXT), Field("description", TEXT)), "Front matter of a Markdown page.")
