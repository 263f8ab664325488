"""Drafts: `explainer new` turns an article into draft annotations; builds leave drafts out.

A draft is a record with ``draft: true``. `explainer check` and the preview include
drafts; `explainer build` leaves them out unless asked. A published record may not
refer to a draft, so leaving the drafts out never breaks a build that checked.

Drafting is plain pattern matching over the seed (no model, nothing downloaded):
quoted words with the person the sentence attributes them to, dates, capitalised
names. Every span written is the seed's own text, verified with ``anchor.find_quote``
(with a prefix or suffix where the text repeats) before anything is written.
"""
from __future__ import annotations

import datetime
import json
import os
import re
import shutil
import tempfile
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from . import anchor, project as layout, schema
from .annotations import Content, Rec, Seq, read_yaml_file
from .errors import ContentError, Location, Problem, Problems, UsageError
from .model import Site
from .seeds import SeedError, line_col, read_seed_text, split_blocks

DRAFTS = "content/drafts"
SEED_RECORDS = "content/seeds"
SCHEMA_FILE = "schema/content.schema.json"


# --- drafts in builds -------------------------------------------------------------------------

def is_draft(rec) -> bool:
    return isinstance(rec, dict) and rec.get(schema.DRAFT.name) is True


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


def count_drafts(content: Content) -> int:
    return sum(1 for recs in content.collections.values() for r in recs if is_draft(r))
