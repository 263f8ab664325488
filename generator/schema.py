"""The content schema: which collections exist and what fields their records have.

Pure data; ``annotations`` validates YAML against it.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

ID_PATTERN = r"^[a-z0-9][a-z0-9-]{0,63}$"
DATE_PATTERN = r"^\d{4}(-\d{2}(-\d{2})?)?$"
MAX_TEXT = 5_000
MAX_MARKDOWN = 50_000


@dataclass(frozen=True)
class Type:
    """A field type. kind: text, markdown, id, date, url, path, ref, enum, bool, list, record, evidence."""

    kind: str
    ref: str = ""  # for ref: the collection referred to
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
))

NEWS_EVENT = Record("event", (
    Field("what", TEXT), Field("where", ref("entities")), Field("when", TEXT),
    Field("date", DATE, False, "The date the event began, for calendars and search engines."),
    Field("mediated_by", TEXT), Field("status", TEXT), CITE,
))

EXPLAINER = Record("explainer", (
    Field("title", TEXT), Field("summary", MARKDOWN), Field("language", TEXT),
    Field("publisher", TEXT, False, "Who publishes the explainer (a newsroom, a school)."),
    Field("updated", DATE), Field("sides", list_of(ref("entities")), doc="The two sides, in display order."),
    Field("event", record(NEWS_EVENT)),
    Field("glance", list_of(record(FACT)), doc="At-a-glance facts on the overview."),
    Field("next", list_of(record(FACT)), doc="What comes next."),
    Field("base_url", URL, False, "Where the site is published, e.g. https://example.org/geneva/."),
), "The explainer itself: one per project.")

SEED = Record("seeds", (
    Field("id", ID), Field("file", Type("path")), Field("title", TEXT), Field("publisher", TEXT),
    Field("date", DATE, False), Field("url", URL, False), Field("language", TEXT),
), "A source document in seeds/ and its metadata.")

SOURCE = Record("sources", (
    Field("id", ID), Field("title", TEXT), Field("publisher", TEXT),
    Field("date", DATE, False), Field("url", URL, False),
), "An external source for facts the seeds do not give.")

ENTITY = Record("entities", (
    Field("id", ID), Field("kind", Type("enum", choices=("person", "place", "organisation"))),
    Field("name", TEXT), Field("aliases", list_of(TEXT), False, "Other names to find in the seeds."),
    Field("description", MARKDOWN), Field("cite", CITE.type, False), UPDATED, DRAFT,
), "A person, place or organisation.")

EVENT = Record("events", (
    Field("id", ID), Field("date", DATE), Field("title", TEXT), Field("body", MARKDOWN),
    Field("entities", list_of(ref("entities")), False), CITE, UPDATED, DRAFT,
), "An event on the background timeline.")

STATEMENT = Record("statements", (
    Field("id", ID), Field("speaker", ref("entities")), Field("role", TEXT),
    Field("side", ref("entities")), Field("quote", record(QUOTE)), Field("date", DATE, False),
    Field("context", MARKDOWN), Field("issues", list_of(ref("issues")), False), CITE, UPDATED, DRAFT,
), "Who said what, verbatim.")

POSITION = Record("position", (Field("side", ref("entities")), Field("text", MARKDOWN), CITE))

ISSUE = Record("issues", (
    Field("id", ID), Field("title", TEXT), Field("summary", MARKDOWN), CITE,
    Field("positions", list_of(record(POSITION))), UPDATED, DRAFT,
), "A disputed issue with each side's position.")

REPERCUSSION = Record("repercussions", (
    Field("id", ID), Field("level", Type("enum", choices=("local", "regional", "international"))),
    Field("title", TEXT), Field("body", MARKDOWN), Field("entities", list_of(ref("entities")), False), CITE, UPDATED, DRAFT,
), "A consequence at the local, regional or international level.")

CHANGE = Record("changelog", (
    Field("id", ID), Field("date", DATE), Field("title", TEXT),
    Field("text", MARKDOWN, doc="What changed and why."),
), "A dated update to the explainer: what changed and why.")

SINGULAR = {"changelog": "changelog entry", "seeds": "seed", "sources": "source", "entities": "entity", "events": "event",
            "statements": "statement", "issues": "issue", "repercussions": "repercussion"}

COLLECTIONS: dict[str, Record] = {
    r.name: r for r in (SEED, SOURCE, ENTITY, EVENT, STATEMENT, ISSUE, REPERCUSSION, CHANGE)
}
SINGLETONS: dict[str, Record] = {"explainer": EXPLAINER}

PAGE = Record("page", (Field("title", TEXT), Field("description", TEXT)), "Front matter of a Markdown page.")
