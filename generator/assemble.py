"""Resolve citations against the seeds and cross-references between records: -> Site."""
from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from . import anchor, project as layout
from .annotations import Content, Rec, did_you_mean, is_draft
from .schema import SINGULAR
from .errors import Location, Problems
from .markup import MARKUP
from .model import (Change, Entity, Event, Evidence, ExplainerInfo, ExternalSource, Fact, Issue, ItemRef,
                    MarkdownPage, NewsEvent, Position, Repercussion, Seed, SeedMention, Site, Span,
                    Statement)
from .seeds import SeedError, line_col, read_seed_text, split_blocks

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
WORD = re.compile(r"\w+")
BUILT_IN_PAGES = {"index", "background", "statements", "issues", "repercussions", "404", "sitemap", "feed"}


def date_label(value: str) -> str:
    """"2014" -> "2014", "2014-03" -> "March 2014", "2022-02-24" -> "24 February 2022"."""
    parts = value.split("-") if value else []
    if len(parts) == 3:
        return f"{int(parts[2])} {MONTHS[int(parts[1]) - 1]} {parts[0]}"
    if len(parts) == 2:
        return f"{MONTHS[int(parts[1]) - 1]} {parts[0]}"
    return value


class Assembler:
    """Turns validated records into the immutable Site, reporting every problem."""

    def __init__(self, project: Path, content: Content, problems: Problems, base_url: str = ""):
        self.project, self.content, self.problems = project, content, problems
        self.base_url = _folder_url(base_url)
        self.markup = MARKUP
        self.records = {name: self._index(name, recs) for name, recs in content.collections.items()}
        self.seeds: dict[str, Seed] = {}
        self.normalised: dict[str, anchor.NormalisedText] = {}
        self.spans: dict[str, list[Span]] = {}
        self.sources = {
            sid: ExternalSource(sid, r["title"], r["publisher"], r.get("date", ""), r.get("url", ""))
            for sid, r in self.records["sources"].items()
        }
        self.mentions: dict[str, dict[ItemRef, None]] = {}
        self.source_citations: set[tuple[str, ItemRef]] = set()

    def _index(self, name: str, recs: list[Rec]) -> dict[str, Rec]:
        index: dict[str, Rec] = {}
        for rec in recs:
            first = index.get(rec["id"]) if "id" in rec else None
            if first is not None:
                self.problems.add(rec.loc("id"), f"duplicate id `{rec['id']}` in {name}; the first is at {first.loc('id')}; give each record its own id")
            elif "id" in rec:
                index[rec["id"]] = rec
        return index

    # references ---------------------------------------------------------------

    def ref(self, rec: Rec, name: str, collection: str, value: str | None = None, kind: str | None = None,
            where: Location | None = None) -> bool:
        """Check that rec[name] (or value) names an existing record of collection."""
        value = rec.get(name) if value is None else value
        target = self.records[collection].get(value)
        if target is None:
            known = self.records[collection]
            self.problems.add(where or rec.loc(name), f"unknown {SINGULAR[collection]} `{value}`{did_you_mean(value, known)}; define it in content/ with `id: {value}`")
            return False
        if kind and target.get("kind") != kind:
            self.problems.add(where or rec.loc(name), f"`{name}` must be a {kind}, but `{value}` is a {target.get('kind')}")
            return False
        return True

    def refs(self, rec: Rec, name: str, collection: str, item: ItemRef | None = None) -> tuple[str, ...]:
        values = rec.get(name, [])
        ok = tuple(v for v, loc in zip(values, values.locs) if self.ref(rec, name, collection, v, where=loc)) if values else ()
        if item and collection == "entities":
            for value in ok:
                self.mention(value, item)
        return ok

    def mention(self, entity_id: str, item: ItemRef) -> None:
        self.mentions.setdefault(entity_id, {})[item] = None  # a dict: ordered, no repeats

    # seeds and evidence -----------------------------------------------------------

    def load_seeds(self) -> None:
        for seed_id, rec in self.records["seeds"].items():
            path = self.project / rec["file"]
            if not layout.inside(self.project, path):
                self.problems.add(rec.loc("file"), f"`{rec['file']}` leads outside the project; keep seeds inside it, e.g. in seeds/")
                continue
            if not path.is_file():
                self.problems.add(rec.loc("file"), f"seed file `{rec['file']}` does not exist; put the article in seeds/ and name it here")
                continue
            try:
                text = read_seed_text(path, rec["file"])
            except SeedError as exc:
                self.problems.add(exc.problem.location, exc.problem.message)
                continue
            blocks = split_blocks(text, markdown=path.suffix.lower() in (".md", ".markdown"))
            self.seeds[seed_id] = Seed(seed_id, rec["file"], rec["title"], rec["publisher"], rec.get("date", ""),
                                       rec.get("url", ""), rec["language"], text, blocks)
            self.normalised[seed_id] = anchor.normalise(text)
            self.spans[seed_id] = []

    def span(self, ev: Rec, span_id: str, owner: ItemRef) -> Span | None:
        seed_id = ev.get("seed")
        if seed_id not in self.seeds:
            if seed_id not in self.records["seeds"]:
                self.ref(ev, "seed", "seeds")
            return None
        seed = self.seeds[seed_id]
        found = anchor.find_quote(self.normalised[seed_id], ev["exact"], ev.get("prefix", ""), ev.get("suffix", ""))
        where = ev.loc("exact")
        if isinstance(found, (anchor.Ambiguous, anchor.OutOfContext)):
            places = "at " + " and ".join("{}:{}".format(*line_col(seed.text, m.start)) for m in found.matches[:5])
            times = f"{len(found.matches)} time{'s' if len(found.matches) > 1 else ''}"
            if isinstance(found, anchor.Ambiguous):
                message = f"quote is ambiguous: found {times} in {seed.file} ({places}); add a `prefix` or `suffix` to pick one"
            else:
                message = (f"quote found {times} in {seed.file} ({places}), but never right after the `prefix` or before "
                           "the `suffix` given; they must be the seed's text just before and after the quote")
            self.problems.add(where, message)
            return None
        if isinstance(found, anchor.NotFound):
            hint = "copy the seed's words exactly"
            if found.closest:
                line, col = line_col(seed.text, found.closest.start)
                close = seed.text[found.closest.start:found.closest.end]
                hint = f"closest passage ({found.similarity:.0%} alike) at {seed.file}:{line}:{col}: \"{close}\""
            self.problems.add(where, f"quote \"{_short(ev['exact'])}\" not found in seed `{seed_id}` ({seed.file}); {hint}")
            return None
        line, col = line_col(seed.text, found.start)
        result = Span(span_id, seed_id, found.start, found.end, seed.text[found.start:found.end], line, col, owner)
        self.spans[seed_id].append(result)
        return result

    def evidence(self, rec: Rec, owner: ItemRef, prefix: str) -> tuple[Evidence, ...]:
        items = rec.get("cite") or []
        result = []
        for n, ev in enumerate(items, 1):
            if "source" in ev:
                if self.ref(ev, "source", "sources"):
                    source = self.sources[ev["source"]]
                    if (source.id, owner) not in self.source_citations:
                        self.source_citations.add((source.id, owner))
                        source.cited_by.append(owner)
                    result.append(Evidence(source=source))
            elif "seed" in ev:
                found = self.span(ev, f"c-{prefix}-{n}", owner)
                if found:
                    result.append(Evidence(span=found))
        return tuple(result)

    # records --------------------------------------------------------------------

    def facts(self, recs, group: str) -> tuple[Fact, ...]:
        result = []
        for n, rec in enumerate(recs or [], 1):
            fact_id = f"{group}-{n}"
            owner = ItemRef(group, f"{rec['label']}", f"index.html#{fact_id}")
            result.append(Fact(fact_id, rec["label"], self.markup.inline(rec["text"]), self.evidence(rec, owner, fact_id)))
        return tuple(result)

    def explainer(self) -> ExplainerInfo | None:
        rec = self.content.explainer
        if rec is None or not {"title", "summary", "event", "sides"} <= rec.keys():
            return None
        sides = self.refs(rec, "sides", "entities")
        if len(set(sides)) != len(rec["sides"]) or len(sides) < 2:
            self.problems.add(rec.loc("sides"), "`sides` must name at least two different entities, e.g. [russia, ukraine]")
        ev = rec["event"]
        owner = ItemRef("event", ev["what"], "index.html#event")
        if self.ref(ev, "where", "entities", kind="place"):
            self.mention(ev["where"], owner)
        event = NewsEvent(ev["what"], ev["where"], ev["when"], ev["mediated_by"], ev["status"],
                          self.evidence(ev, owner, "event"), ev.get("date", ""))
        return ExplainerInfo(rec["title"], self.markup.inline(rec["summary"]), rec["language"], rec["updated"],
                             sides, event, self.facts(rec.get("glance"), "glance"), self.facts(rec.get("next"), "next"),
                             self.base_url or _folder_url(rec.get("base_url", "")), rec.get("publisher", ""))

    def events(self) -> tuple[Event, ...]:
        result = []
        for rec in self.records["events"].values():
            item = ItemRef("event", rec["title"], f"background.html#{rec['id']}")
            result.append(Event(rec["id"], rec["date"], date_label(rec["date"]), rec["title"],
                                self.markup.block(rec["body"]), self.refs(rec, "entities", "entities", item),
                                self.evidence(rec, item, f"event-{rec['id']}"), rec.get("updated", ""), is_draft(rec)))
        return tuple(sorted(result, key=lambda e: e.date))

    def statements(self, sides: tuple[str, ...]) -> tuple[Statement, ...]:
        result = []
        for rec in self.records["statements"].values():
            speaker = self.records["entities"].get(rec["speaker"], {}).get("name", rec["speaker"])
            item = ItemRef("statement", f"{speaker}: “{_short(rec['quote'].get('exact', ''), 60)}”", f"statements.html#{rec['id']}")
            if self.ref(rec, "speaker", "entities", kind="person"):
                self.mention(rec["speaker"], item)
            self.check_side(rec, sides, item)
            quote = self.span(rec["quote"], f"c-statement-{rec['id']}-quote", item) if "exact" in rec["quote"] else None
            if quote is None:
                continue
            result.append(Statement(rec["id"], rec["speaker"], rec["role"], rec["side"], quote, rec.get("date", ""),
                                    self.markup.block(rec["context"]), self.refs(rec, "issues", "issues"),
                                    self.evidence(rec, item, f"statement-{rec['id']}"), rec.get("updated", ""), is_draft(rec)))
        return tuple(result)

    def check_side(self, rec: Rec, sides: tuple[str, ...], item: ItemRef) -> None:
        if rec["side"] not in sides:
            self.problems.add(rec.loc("side"), f"side `{rec['side']}` is not one of the explainer's sides ({', '.join(sides)})")
        else:
            self.mention(rec["side"], item)

    def issues(self, sides: tuple[str, ...], statements: tuple[Statement, ...]) -> tuple[Issue, ...]:
        statements_by_issue: dict[str, tuple[str, ...]] = {}
        for st in statements:
            for issue_id in st.issue_ids:
                statements_by_issue[issue_id] = statements_by_issue.get(issue_id, ()) + (st.id,)
        result = []
        for rec in self.records["issues"].values():
            item = ItemRef("issue", rec["title"], f"issues.html#{rec['id']}")
            positions = []
            for pos in rec["positions"]:
                side = self.records["entities"].get(pos["side"], {}).get("name", pos["side"])
                pos_id = f"{rec['id']}-{pos['side']}"
                pos_item = ItemRef("position", f"{side}'s position: {rec['title']}", f"issues.html#{pos_id}")
                self.check_side(pos, sides, pos_item)
                positions.append(Position(pos_id, pos["side"], self.markup.block(pos["text"]),
                                          self.evidence(pos, pos_item, f"position-{pos_id}")))
            missing = [s for s in sides if s not in {p.side_id for p in positions}]
            if missing:
                self.problems.add(rec.loc("positions"), f"issue `{rec['id']}` has no position for {', '.join(missing)}; add one per side")
            touching = statements_by_issue.get(rec["id"], ())
            result.append(Issue(rec["id"], rec["title"], self.markup.block(rec["summary"]), tuple(positions),
                                self.evidence(rec, item, f"issue-{rec['id']}"), touching, rec.get("updated", ""), is_draft(rec)))
        return tuple(result)

    def repercussions(self) -> tuple[Repercussion, ...]:
        result = []
        for rec in self.records["repercussions"].values():
            item = ItemRef("repercussion", rec["title"], f"repercussions.html#{rec['id']}")
            result.append(Repercussion(rec["id"], rec["level"], rec["title"], self.markup.block(rec["body"]),
                                       self.refs(rec, "entities", "entities", item),
                                       self.evidence(rec, item, f"repercussion-{rec['id']}"), rec.get("updated", ""), is_draft(rec)))
        return tuple(result)

    def entities(self) -> dict[str, Entity]:
        result = {}
        for entity_id, rec in self.records["entities"].items():
            item = ItemRef("entity", rec["name"], f"entities/{entity_id}.html")
            result[entity_id] = Entity(entity_id, rec["kind"], rec["name"], tuple(rec.get("aliases", ())),
                                       self.markup.inline(rec["description"]),
                                       self.evidence(rec, item, f"entity-{entity_id}"), updated=rec.get("updated", ""),
                                       draft=is_draft(rec))
        return result

    def changelog(self) -> tuple[Change, ...]:
        entries = (Change(r["id"], r["date"], r["title"], self.markup.block(r["text"]))
                   for r in self.records["changelog"].values())
        return tuple(sorted(entries, key=lambda c: (c.date, c.id), reverse=True))

    def pages(self) -> tuple[MarkdownPage, ...]:
        result = []
        for slug, front, body, where in self.content.pages:
            if slug in BUILT_IN_PAGES:
                self.problems.add(where, f"page name `{slug}` is taken by a built-in page; rename the file")
                continue
            result.append(MarkdownPage(slug, front["title"], front["description"], self.markup.block(body)))
        return tuple(result)


def assemble(project: Path, content: Content, problems: Problems, base_url: str = "") -> Site | None:
    """Build the Site from validated content; None when there were problems.

    base_url, when given, overrides the explainer's own `base_url`.
    """
    asm = Assembler(project, content, problems, base_url)
    asm.load_seeds()
    entities = asm.entities()
    explainer = asm.explainer()
    sides = explainer.side_ids if explainer else ()
    events = asm.events()
    statements = asm.statements(sides)
    issues = asm.issues(sides, statements)
    repercussions = asm.repercussions()
    pages = asm.pages()
    if problems or explainer is None:
        return None
    seeds = tuple(_with_spans(seed, asm.spans[seed.id]) for seed in asm.seeds.values())
    named = seed_mentions(entities, seeds)
    entities = {eid: replace(e, mentions=tuple(asm.mentions.get(eid, ())), seed_mentions=tuple(named.get(eid, ())))
                for eid, e in entities.items()}
    return Site(explainer, events, statements, issues, repercussions, entities, seeds,
                tuple(asm.sources.values()), pages, asm.changelog())


def _with_spans(seed: Seed, spans: list[Span]) -> Seed:
    return replace(seed, spans=tuple(sorted(spans, key=lambda s: (s.start, -s.end, s.id))))


def seed_mentions(entities: dict[str, Entity], seeds: tuple[Seed, ...]) -> dict[str, list[SeedMention]]:
    """The sentences naming each entity (by name or alias), in one pass over the seeds.

    Names are matched word by word, so "Russia" is found in "Russia's" but not in "Russian".
    """
    by_words: dict[tuple[str, ...], list[str]] = {}
    for entity in entities.values():
        for name in {entity.name, *entity.aliases}:
            words = tuple(WORD.findall(name))
            if words:
                by_words.setdefault(words, []).append(entity.id)
    lengths = sorted({len(words) for words in by_words})  # a few: names are one to four words or so
    first_words = {words[0] for words in by_words}
    found: dict[str, list[SeedMention]] = {}
    for seed in seeds:
        for sentence in seed.sentences:
            text = seed.text[sentence.start:sentence.end]
            words = WORD.findall(text)
            named = {eid for i, word in enumerate(words) if word in first_words
                     for n in lengths for eid in by_words.get(tuple(words[i:i + n]), ())}
            for eid in sorted(named):
                found.setdefault(eid, []).append(SeedMention(seed.id, sentence, text))
    return found


def _folder_url(url: str) -> str:
    """A base URL ending in exactly one slash, or ""."""
    return url.rstrip("/") + "/" if url else ""


def _short(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
