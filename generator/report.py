"""What `explainer check` reports beyond problems: coverage, drift and missing evidence."""
from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from pathlib import Path

from .model import Explainer, Site

ANCHORS_FILE = ".cache/anchors.json"  # where the last good check or build left every citation


@dataclass(frozen=True)
class Uncited:
    line: int
    col: int
    text: str


@dataclass(frozen=True)
class Coverage:
    file: str
    sentences: int
    cited: int
    uncited: tuple[Uncited, ...]

    @property
    def share(self) -> float:
        return self.cited / self.sentences if self.sentences else 1.0


@dataclass(frozen=True)
class Drift:
    """A citation whose place in its seed differs from the last good build."""

    citation: str
    file: str
    status: str  # "moved" (same text, new place) or "changed" (the cited text itself changed)
    was: str  # "line:col"
    now: str
    where: str = ""  # "path:line:col" of the citation's `exact` in content/
    record: str = ""  # the item that cites it, e.g. "event: The dispute begins"


@dataclass(frozen=True)
class NeedsSource:
    what: str
    url: str


@dataclass(frozen=True)
class Report:
    coverage: tuple[Coverage, ...]
    drift: tuple[Drift, ...]
    needs_source: tuple[NeedsSource, ...]
    unchanged: int

    def as_json(self) -> str:
        data = {
            "coverage": [{**asdict(c), "share": round(c.share, 4)} for c in self.coverage],
            "drift": {"unchanged": self.unchanged, "changes": [asdict(d) for d in self.drift]},
            "citation_needed": [asdict(n) for n in self.needs_source],
        }
        return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True)

    def lines(self) -> list[str]:
        out = []
        for c in self.coverage:
            out.append(f"{c.file}: {c.cited} of {c.sentences} sentences cited ({c.share:.0%})")
            out += [f"  uncited {c.file}:{u.line}:{u.col}: {u.text}" for u in c.uncited]
        moved = sum(d.status == "moved" for d in self.drift)
        if self.drift:
            out.append(f"drift since the last good build: {self.unchanged} unchanged, {moved} moved, "
                       f"{len(self.drift) - moved} with changed text")
            out += [f"  {d.status}: {d.where or d.citation} ({d.record}): {d.file}:{d.was} -> {d.file}:{d.now}"
                    if d.record else f"  {d.status} {d.citation}: {d.file}:{d.was} -> {d.file}:{d.now}" for d in self.drift]
        out += [f"citation needed: {n.what} ({n.url})" for n in self.needs_source]
        return out


def coverage(site: Site) -> tuple[Coverage, ...]:
    result = []
    for seed in site.seeds:
        cited = set(seed.cited_sentences)
        uncited = tuple(Uncited(s.line, s.col, seed.text[s.start:s.end]) for s in seed.sentences if s not in cited)
        result.append(Coverage(seed.file, len(seed.sentences), len(cited), uncited))
    return tuple(result)


def anchors(site: Site) -> dict[str, dict]:
    """Every citation's place, keyed by its id: what a later check compares against."""
    return {
        span.id: {"seed": seed.file, "line": span.line, "col": span.col,
                  "text_sha": hashlib.sha256(span.text.encode()).hexdigest()[:16],
                  "where": span.where, "record": f"{span.cited_by.kind}: {span.cited_by.title}"}
        for seed in site.seeds for span in seed.spans
    }


def drift(before: dict[str, dict], now: dict[str, dict]) -> tuple[tuple[Drift, ...], int]:
    changes, unchanged = [], 0
    for key, place in sorted(now.items()):
        old = before.get(key)
        if old is None or old["seed"] != place["seed"]:
            continue
        if (old["line"], old["col"], old["text_sha"]) == (place["line"], place["col"], place["text_sha"]):
            unchanged += 1
            continue
        status = "moved" if old["text_sha"] == place["text_sha"] else "changed"
        changes.append(Drift(key, place["seed"], status, f"{old['line']}:{old['col']}", f"{place['line']}:{place['col']}",
                             place.get("where", ""), place.get("record", "")))
    return tuple(changes), unchanged


def needs_source(site: Site) -> tuple[NeedsSource, ...]:
    """Entities are the one kind of record whose evidence is optional: list those without."""
    return tuple(NeedsSource(f"entity `{e.id}` ({e.name})", e.url) for e in site.entities.values() if not e.evidence)


def health(ex: Explainer) -> dict[str, int]:
    """How many of an explainer's claims are anchored, drafts, or still need a source (shown in the preview)."""
    records = [*ex.events, *ex.statements, *ex.issues, *ex.repercussions]
    totals = {"anchored": 0, "draft": 0, "needs a source": 0}
    for record in records:
        totals["draft" if record.draft else "anchored" if record.evidence else "needs a source"] += 1
    return totals


def report(site: Site, project: Path) -> Report:
    """The check report; remembers this build's anchors for the next comparison."""
    store = project / ANCHORS_FILE
    now = anchors(site)
    try:
        before = json.loads(store.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        before = {}
    changes, unchanged = drift(before if isinstance(before, dict) else {}, now)
    try:
        store.parent.mkdir(exist_ok=True)
        store.write_text(json.dumps(now, sort_keys=True, indent=0), encoding="utf-8")
    except OSError:
        pass  # a read-only checkout still gets its report
    return Report(coverage(site), changes, needs_source(site), unchanged)
