"""Drafts in builds: records marked `draft: true` are checked and previewed, never published.

A published record may not refer to a draft, so leaving the drafts out never breaks a
build that checked.
"""
from __future__ import annotations

from dataclasses import replace

from . import schema
from .annotations import Content, Rec, Seq, is_draft
from .errors import Location, Problems


def check_draft_references(content: Content, problems: Problems) -> None:
    """Report every reference from a published record to a draft record."""
    shared = {name: {r["id"] for r in recs if is_draft(r) and "id" in r} for name, recs in content.collections.items()}
    for ec in content.explainers.values():
        drafts = {**shared, **{name: {r["id"] for r in recs if is_draft(r) and "id" in r}
                               for name, recs in ec.collections.items() if name not in schema.SHARED}}
        _check_scope(ec.explainer, ec.collections, drafts, problems)
    _check_scope(None, content.collections, shared, problems)


def _check_scope(explainer: Rec | None, collections: dict, drafts: dict, problems: Problems) -> None:
    """The references of one scope's published records (an explainer's, or the site-wide ones)."""
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

    if explainer is not None:
        walk(explainer, schema.EXPLAINER)
    for name, recs in collections.items():
        for rec in recs:
            if not is_draft(rec):
                walk(rec, schema.COLLECTIONS[name])


def without_drafts(content: Content) -> Content:
    """The same content with every draft record left out."""
    def kept(collections: dict) -> dict:
        return {name: [r for r in recs if not is_draft(r)] for name, recs in collections.items()}

    explainers = {slug: replace(ec, collections=kept(ec.collections)) for slug, ec in content.explainers.items()}
    return replace(content, collections=kept(content.collections), explainers=explainers)
