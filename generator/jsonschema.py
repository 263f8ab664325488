"""JSON Schema (draft 2020-12) of the content files, generated from ``schema``.

``schema`` stays the one source of truth: this module only translates its records
and types, so an editor (through yaml-language-server) checks a file while it is
typed by the same rules the loader applies. The schemas are committed in schema/
and `explainer schema --write` regenerates them; a test proves they are current.
"""
from __future__ import annotations

import json
from pathlib import Path

from . import schema
from .schema import Field, Record, Type

DIALECT = "https://json-schema.org/draft/2020-12/schema"
FOLDER = "schema"
CONTENT_FILE = "content.schema.json"
PAGE_FILE = "page.schema.json"
# The loader also checks that a date exists (no 30 February); a pattern can only get close.
DATE = r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$"
# Like the loader: relative, inside the project: no leading / \ ~ or drive letter, no `..` part.
PATH = r"^(?![/\\~])(?![A-Za-z]:)(?!(.*[/\\])?\.\.([/\\]|$)).*\S"
URL = r"^https?://[^\s/]+"
NOT_BLANK = r"\S"


def type_schema(type_: Type, field: Field | None = None) -> dict:
    """The JSON Schema of one field type."""
    kind = type_.kind
    if kind in ("text", "markdown"):
        result = {"type": "string", "minLength": 1, "pattern": NOT_BLANK,
                  "maxLength": schema.MAX_MARKDOWN if kind == "markdown" else schema.MAX_TEXT}
        if kind == "markdown":
            result["contentMediaType"] = "text/markdown"
        if type_.pattern:  # a further rule, e.g. a language tag
            result["pattern"] = type_.pattern
        return result
    if kind in ("id", "ref"):
        return {"type": "string", "pattern": schema.ID_PATTERN}
    if kind == "date":
        return {"anyOf": [{"type": "string", "pattern": DATE},
                          {"type": "integer", "minimum": 1000, "maximum": 9999}]}
    if kind == "url":
        return {"type": "string", "format": "uri", "pattern": URL, "maxLength": schema.MAX_TEXT}
    if kind == "path":
        return {"type": "string", "pattern": PATH, "maxLength": schema.MAX_TEXT}
    if kind == "enum":
        return {"type": "string", "enum": list(type_.choices)}
    if kind == "bool":
        return {"type": "boolean"}
    if kind == "list":
        result = {"type": "array", "items": type_schema(type_.item)}
        if field is not None and field.name == schema.CITE.name:
            result["minItems"] = 1  # the loader refuses an empty cite list
        return result
    if kind in ("record", "evidence"):
        return {"$ref": f"#/$defs/{type_.record.name}"}
    raise ValueError(f"no JSON Schema for the field type {kind!r}")


def describe(field: Field) -> str:
    """What an editor shows on hover: the field's own doc, else what the type expects."""
    type_ = field.type
    expected = {
        "text": "Text.", "markdown": "Text in Markdown.", "id": "An id: 1-64 lower-case letters, digits and hyphens.",
        "ref": f"An id from `{type_.ref}`.", "date": "A date: YYYY, YYYY-MM or YYYY-MM-DD.",
        "url": "An http:// or https:// address.", "path": "A path inside the project, relative to its root.",
        "enum": "One of: " + ", ".join(type_.choices) + ".", "bool": "true or false.",
        "list": "A list.", "record": "A mapping.", "evidence": "A mapping.",
    }[type_.kind]
    if type_.kind == "list" and type_.item.kind == "ref":
        expected = f"A list of ids from `{type_.item.ref}`."
    doc = field.doc or expected
    return doc if field.required else f"{doc} Optional."


def record_schema(record: Record) -> dict:
    properties = {}
    for field in record.fields:
        properties[field.name] = {"description": describe(field), **type_schema(field.type, field)}
    result = {"type": "object"}
    title = schema.SINGULAR.get(record.name, record.name)
    result["title"] = title[:1].upper() + title[1:]
    if record.doc:
        result["description"] = record.doc
    result["properties"] = properties
    required = [f.name for f in record.fields if f.required]
    if required:
        result["required"] = required
    result["additionalProperties"] = False
    if record is schema.EVIDENCE:
        span_fields = [f.name for f in schema.QUOTE.fields]
        result["oneOf"] = [
            {"title": "seed span", "required": ["seed", "exact"], "not": {"required": ["source"]}},
            {"title": "external source", "required": ["source"],
             "not": {"anyOf": [{"required": [name]} for name in span_fields]}},
        ]
    return result


def _records() -> dict[str, Record]:
    """Every record reachable from the collections and the explainer, by name."""
    found: dict[str, Record] = {}

    def visit(record: Record) -> None:
        if record.name in found:
            return
        found[record.name] = record
        for field in record.fields:
            type_ = field.type
            while type_.kind == "list":
                type_ = type_.item
            if type_.record is not None:
                visit(type_.record)

    for record in (*schema.SINGLETONS.values(), *schema.COLLECTIONS.values()):
        visit(record)
    return found


def content_schema() -> dict:
    """The schema of any YAML file under content/: a mapping of collections."""
    properties = {}
    for name, record in schema.SINGLETONS.items():
        properties[name] = {"description": record.doc, "$ref": f"#/$defs/{record.name}"}
    for name, record in schema.COLLECTIONS.items():
        properties[name] = {"description": f"{record.doc} One list item per record.", "type": "array",
                            "items": {"$ref": f"#/$defs/{record.name}"}}
    return {
        "$schema": DIALECT,
        "title": "Explainer content file",
        "description": "A YAML file under content/: a mapping whose keys are collections. "
                       "Generated from generator/schema.py by `explainer schema --write`; do not edit.",
        "type": "object",
        "properties": properties,
        "additionalProperties": False,
        "$defs": {name: record_schema(record) for name, record in _records().items()},
    }


def page_schema() -> dict:
    """The schema of the front matter of a Markdown page in content/pages/."""
    return {
        "$schema": DIALECT,
        **{k: v for k, v in record_schema(schema.PAGE).items() if k != "title"},
        "title": "Front matter of a Markdown page in content/pages/",
    }


def generated() -> dict[str, str]:
    """File name -> the text of each schema file, exactly as committed."""
    return {name: json.dumps(data, indent=2, ensure_ascii=False) + "\n"
            for name, data in ((CONTENT_FILE, content_schema()), (PAGE_FILE, page_schema()))}


def stale(project: Path) -> list[str]:
    """The project paths of schema files that are missing or differ from what schema.py gives now."""
    folder = project / FOLDER
    return [f"{FOLDER}/{name}" for name, text in generated().items()
            if not (folder / name).is_file() or (folder / name).read_text(encoding="utf-8") != text]


def write(project: Path) -> list[str]:
    """Write the schema files that changed; their project paths."""
    changed = stale(project)
    folder = project / FOLDER
    folder.mkdir(exist_ok=True)
    texts = generated()
    for shown in changed:
        (project / shown).write_text(texts[Path(shown).name], encoding="utf-8")
    return changed
