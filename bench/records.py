"""The YAML of one synthetic explainer: its mapping and the records of each of its seeds.

The numbers per seed and the citation pattern of each record are those of the real content/
for its one seed (counted in content/*.yaml on 2026-11-28), as (seed cites, source cites) per
record in file order. An entity is written once, in the explainer that names it first, with
the citations of the mention that introduced it; the explainer mapping cites its first seed.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from synth import SynthSeed, Writer, loose_date, md_text, phrase, q

if TYPE_CHECKING:
    from corpus import Entity, Explainer, Newsroom

ENTITY_CITES = ((1, 1), (1, 0), (0, 2), (1, 1), (2, 0), (2, 0), (1, 1), (1, 1), (1, 1), (1, 1),
                (1, 0), (1, 2), (1, 2), (1, 1), (2, 0), (1, 0))  # by the slot of the mention that introduced it
LEAD_CITES = (1, 1)  # a side, or the story's place
EVENT_CITES = ((2, 1), (1, 1), (1, 1), (1, 2), (1, 2), (1, 2), (2, 2))
EVENT_ENTITIES = (3, 3, 3, 3, 3, 3, 5)
STATEMENT_CITES = ((2, 1), (2, 1), (2, 1))
STATEMENT_ISSUES = (3, 0, 3)
STATEMENT_SIDES = {2: (0, 0, 1), 3: (0, 1, 2)}
ISSUE_CITES = ((2, 1), (2, 0), (1, 0))
POSITION_SOURCES = ((4, 4, 3), (3, 2, 2), (2, 5, 2))  # per issue, per position (a third with three sides)
REPERCUSSIONS = (("local", 1, 0, 1), ("regional", 2, 0, 1), ("regional", 1, 3, 3),
                 ("international", 1, 0, 1), ("international", 1, 1, 2), ("international", 2, 0, 2))
GLANCE_CITES = ((1, 0), (0, 2), (2, 1), (1, 0), (1, 0), (1, 0))
NEXT_CITES = ((2, 1), (1, 0), (1, 0))
EVENT_SUMMARY_CITES = (2, 2)
# Mean words of the Markdown fields in the real content/.
WORDS = {"entity": 21, "event": 44, "context": 38, "issue": 20, "position": 60, "repercussion": 27}
LEVELS = (("households", "Households"), ("markets", "Markets and prices"), ("environment", "Environment"),
          ("security", "Security"), ("health", "Health"), ("transport", "Transport"),
          ("public-finances", "Public finances"), ("diplomacy", "Diplomacy"))
SECTIONS = ("background", "statements", "issues", "repercussions")
# Shares of explainers: with their own repercussion levels, section titles, an about page, an `event`.
CUSTOM_LEVELS, CUSTOM_SECTIONS, ABOUT_PAGE, EVENT = 0.3, 0.2, 0.25, 0.85
SOURCES_WITH_URL = 0.3  # 9 of the real 30


class ExplainerWriter:
    """Collects the files of one explainer, seed by seed; finish() adds explainer.yaml."""

    def __init__(self, room: Newsroom, ex: Explainer) -> None:
        self.room, self.ex = room, ex
        rng = room.rng
        self.levels = None
        if rng.random() < CUSTOM_LEVELS:
            self.levels = rng.sample(LEVELS, rng.randint(2, 4))
        self.sections = rng.random() < CUSTOM_SECTIONS
        self.about = rng.random() < ABOUT_PAGE
        self.event = rng.random() < EVENT
        self.n_glance, self.n_next = rng.randint(4, 6), rng.randint(2, 3)
        self.seeds_w, self.sources_w, self.entities_w = Writer(), Writer(), Writer()
        self.events, self.statements, self.issues = Writer(), Writer(), Writer()
        self.repercussions, self.changelog = Writer(), Writer()
        self.first: tuple[SynthSeed, list[str], list[str]] | None = None

    def seed(self, seed: SynthSeed, mentions: list[str], sources: list[str], new_entities: list[Entity],
             new_sources: list[str]) -> None:
        """The records of one seed, and the site-wide records it brought."""
        room, ex, rng, p = self.room, self.ex, seed.rng, seed.id
        self.first = self.first or (seed, mentions, sources)
        source_iter = iter(sources * 4)

        def take(n: int) -> list[str]:
            return [next(source_iter) for _ in range(n)]

        w = self.seeds_w
        w(f"  - id: {p}")
        w(f"    file: {seed.file}")
        w(f"    title: {q(seed.title)}")
        w(f"    publisher: {q(room.rng.choice(room.publishers))}")
        w(f"    date: {q(seed.date)}")
        w("    language: en")
        day = _ordinal(seed.date)
        w = self.sources_w
        for sid in new_sources:
            w(f"  - id: {sid}")
            w(f"    title: {q(phrase(rng, 5, 12))}")
            w(f"    publisher: {q(room.source_publisher[sid])}")
            w(f"    date: {q(loose_date(rng, day - 3650, day))}")
            if rng.random() < SOURCES_WITH_URL:
                w(f"    url: {q(f'https://example.org/{sid}')}")
        w = self.entities_w
        slot = {eid: i for i, eid in enumerate(mentions)}
        for entity in new_entities:
            sc, rc = ENTITY_CITES[slot[entity.id]] if entity.id in slot else LEAD_CITES
            w(f"  - id: {entity.id}")
            w(f"    kind: {entity.kind}")
            w(f"    name: {q(entity.name)}")
            if entity.alias:
                w(f"    aliases: [{q(entity.alias)}]")
            w(f"    description: {q(md_text(rng, WORDS['entity']))}")
            w.cite("    ", seed, sc, take(rc))
        named = mentions + ex.leads
        w = self.events
        for i, ((sc, rc), ne) in enumerate(zip(EVENT_CITES, EVENT_ENTITIES, strict=True)):
            w(f"  - id: {p}-ev-{i + 1}")
            w(f"    date: {q(loose_date(rng, day - 3650, day))}")
            w(f"    title: {q(phrase(rng, 4, 8))}")
            w(f"    body: {q(md_text(rng, WORDS['event']))}")
            w(f"    entities: [{', '.join(rng.sample(named, ne))}]")
            w.cite("    ", seed, sc, take(rc))
        issue_ids = [f"{p}-issue-{i + 1}" for i in range(len(ISSUE_CITES))]
        w = self.statements
        for i, ((sc, rc), ni) in enumerate(zip(STATEMENT_CITES, STATEMENT_ISSUES, strict=True)):
            st = seed.statements[i]
            w(f"  - id: {p}-st-{i + 1}")
            w(f"    speaker: {mentions[(0, 0, 1)[i]]}")
            w(f"    role: {q(phrase(rng, 4, 4))}")
            if ex.sides:
                w(f"    side: {ex.sides[STATEMENT_SIDES[len(ex.sides)][i]]}")
            w(f"    {st.kind}:")
            w(f"      seed: {p}")
            w(f"      exact: {q(st.exact)}")
            if st.prefix:
                w(f"      prefix: {q(st.prefix)}")
            if st.suffix:
                w(f"      suffix: {q(st.suffix)}")
            if i < 2:
                w(f"    date: {q(seed.date)}")
            w(f"    context: {q(md_text(rng, WORDS['context']))}")
            if ni:
                w(f"    issues: [{', '.join(issue_ids[:ni])}]")
            w.cite("    ", seed, sc, take(rc))
        w = self.issues
        # Positions by each side; without sides, by two of the people and organisations named.
        by = ex.sides or rng.sample([mentions[k] for k in (0, 1, 2, 13, 14, 15)], 2)
        for iid, (sc, rc), pos in zip(issue_ids, ISSUE_CITES, POSITION_SOURCES, strict=True):
            w(f"  - id: {iid}")
            w(f"    title: {q(phrase(rng, 3, 7))}")
            w(f"    summary: {q(md_text(rng, WORDS['issue']))}")
            w.cite("    ", seed, sc, take(rc))
            w("    positions:")
            for who, n in zip(by, pos, strict=False):
                w(f"      - by: {who}")
                w(f"        text: {q(md_text(rng, WORDS['position']))}")
                w.cite("        ", seed, 0, take(n))
        w = self.repercussions
        for i, (level, sc, rc, ne) in enumerate(REPERCUSSIONS):
            if self.levels:
                level = self.levels[i * len(self.levels) // len(REPERCUSSIONS)][0]
            w(f"  - id: {p}-rep-{i + 1}")
            w(f"    level: {level}")
            w(f"    title: {q(phrase(rng, 4, 8))}")
            w(f"    body: {q(md_text(rng, WORDS['repercussion']))}")
            w(f"    entities: [{', '.join(rng.sample(named, ne))}]")
            w.cite("    ", seed, sc, take(rc))
        w = self.changelog
        first = len(self.ex.seeds) == 0
        w(f"  - id: {'first-edition' if first else 'added-' + p}")
        w(f"    date: {q(seed.date)}")
        w(f"    title: {q('First edition' if first else 'A new article: ' + seed.title)}")
        w(f"    text: {q(md_text(rng, 30, markdown=False))}")

    def finish(self) -> None:
        ex, files = self.ex, self.ex.files
        files["explainer.yaml"] = self._explainer() + "\nchangelog:\n" + self.changelog.text()
        files["seeds.yaml"] = "\n".join(f"{key}:\n{w.text()}" for key, w in
                                        (("seeds", self.seeds_w), ("sources", self.sources_w),
                                         ("entities", self.entities_w)) if w)
        files["events.yaml"] = "events:\n" + self.events.text()
        files["statements.yaml"] = "statements:\n" + self.statements.text() + "\nissues:\n" + self.issues.text()
        files["repercussions.yaml"] = "repercussions:\n" + self.repercussions.text()
        if self.about:
            n = len(ex.seeds)
            files["pages/about.md"] = (
                f"---\ntitle: About this explainer\ndescription: {q('How ' + ex.title + ' was made.')}\n---\n"
                f"## How it was made\n\nFrom {n} synthetic article{'s' if n > 1 else ''}. See "
                f"[what was said]({ex.slug}/statements.html) and [the sources](sources/index.html).\n")

    def _explainer(self) -> str:
        """The explainer mapping; its evidence is on the first seed."""
        ex, room = self.ex, self.room
        first, mentions, sources = self.first
        rng = first.rng
        w = Writer()
        w("explainer:")
        w(f"  title: {q(ex.title)}")
        w(f"  summary: {q(md_text(rng, 60))}")
        w("  language: en")
        w(f"  updated: {q(ex.seeds[-1].date)}")
        if ex.sides:
            w(f"  sides: [{', '.join(ex.sides)}]")
        if self.event:
            places = [e for e in ex.leads if room.entities[e].kind == "place"] or [mentions[3]]
            w("  event:")
            w(f"    what: {q(md_text(rng, 8, markdown=False))}")
            w(f"    where: [{', '.join(places)}]")
            w(f"    when: {q(md_text(rng, 10, markdown=False))}")
            if room.rng.random() < 0.6:
                w(f"    date: {q(first.date)}")
            w(f"    status: {q(md_text(rng, 8, markdown=False))}")
            w("    facts:")
            w(f"      - label: {q('Mediated by' if len(ex.sides) == 2 else phrase(rng, 1, 2))}")
            w(f"        text: {q(md_text(rng, 10, markdown=False))}")
            w.cite("        ", first, 0, sources[:1])
            w.cite("    ", first, EVENT_SUMMARY_CITES[0], sources[:EVENT_SUMMARY_CITES[1]])
        for key, facts in (("glance", GLANCE_CITES[:self.n_glance]), ("next", NEXT_CITES[:self.n_next])):
            w(f"  {key}:")
            for i, (sc, rc) in enumerate(facts):
                w(f"    - label: {q(phrase(rng, 2, 2))}")
                w(f"      text: {q(md_text(rng, 20))}")
                w.cite("      ", first, sc, sources[i:i + rc])
        if self.levels:
            w("  levels:")
            for lid, title in self.levels:
                w(f"    - {{id: {lid}, title: {q(title)}}}")
        if self.sections:
            w("  sections:")
            for key in SECTIONS:
                w(f"    {key}:")
                w(f"      title: {q(phrase(rng, 2, 4))}")
                w(f"      description: {q(md_text(rng, 14, markdown=False))}")
        return w.text()


def _ordinal(date: str) -> int:
    import datetime
    return datetime.date.fromisoformat(date).toordinal()
