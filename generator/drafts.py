"""Drafts in builds: records marked `draft: true` are checked and previewed, never published.

A published record may not refer to a draft, so leaving the drafts out never breaks a
build that checked.
"""
from __future__ import annotations

from . import schema
from .annotations import Content, Rec, Seq, is_draft
from .errors import Location, Problems


def check_draft_references(content: Content, problems: Problems) -> None:
    """Report every reference from a published record to a draft record."""
    drafts = {name: {r["id"] for r in recs if is_draft(r) and "id" in r} for name, recs in content.collections.items()}
    if not any(drafts.values()):
        return

    def walk(rec: Rec, record: schema.Record) -> None:
        for spec in record.fields:
            if spec.name in rec:
                visit(rec[spec.name], spec.type, spec.name, rec.loc(spec.name))

    def visit(value, type_: schema.Type, name: str, where: Location) -> None:
        if type_.kind == "ref" and value in drafts.get(type_.ref, ()):
            problems.add(where, f"`{name}` refers to `{value}`, a draft (`draft: true`); a published record cannot refer "
                                f"to a draft: review `{value}` and remove its `draft: true`, or mark this record as a draft too")
        elif type_.kind == "list" and isinstance(value, Seq):
            for item, loc in zip(value, value.locs):
                visit(item, type_.item, name, loc)
        elif type_.kind in ("record", "evidence") and isinstance(value, Rec):
            walk(value, type_.record)

    if content.explainer is not None:
        walk(content.explainer, schema.EXPLAINER)
    for name, recs in content.collections.items():
        for rec in recs:
            if not is_draft(rec):
                walk(rec, schema.COLLECTIONS[name])


def without_drafts(content: Content) -> Content:
    """The same content with every draft record left out."""
    kept = {name: [r for r in recs if not is_draft(r)] for name, recs in content.collections.items()}
    return Content(content.explainer, kept, content.pages)
