"""The benchmark's newsroom corpus: N seeds in many explainers, sharing entities and sources.

    explainers  1 to 10 seeds each (mean about 5), one folder each, content/explainers/<slug>/;
                two sides (about half), three (about one in seven) or none; about three in ten
                with their own repercussion levels, one in five with their own section titles,
                one in four with an about page; `updated` is the date of its newest seed, and
                the explainers' start dates spread over 2017 to mid-2025, so the home page's order
                (newest update first) is a real ordering.
    per seed    what the real content/ has for its one seed (counted in content/*.yaml on
                2026-11-28): 16 entity mentions (3 people, 10 places, 3 organisations),
                7 events, 3 statements (about one in five paraphrased, the rest quotes),
                3 issues with a position per side (two when there are no sides), 6 repercussions,
                30 external sources; 28 seed cites, 3 statements and 39 source cites in these
                records, plus those of the entities it introduces (the real 16 entities have 18
                and 13); Markdown fields of the real mean lengths, 7 in 52 with Markdown syntax;
                and one changelog entry.
    pools       entities and external sources are site-wide: each mention of an entity (or
                source) names a new one with probability NEW (one in five), else one named before,
                picked in proportion to how often it was named so far (a Yule-Simon process,
                which gives Zipf-like reuse), half the time among the mentions of the same
                explainer. The sides (or, without sides, the story's place) are drawn once per
                explainer and named twice in each of its seeds.

Files of an explainer: explainer.yaml (the `explainer` mapping and its `changelog`), seeds.yaml
(the site-wide records first named in it: its seeds, and the sources and entities it introduced,
each entity cited on the seed that introduced it), events.yaml, statements.yaml (statements and
the issues they raise), repercussions.yaml and sometimes pages/about.md. Once for the site:
content/site.yaml and content/pages/about.md. Deterministic: the same N gives the same bytes.
"""
from __future__ import annotations

import random
import re
import shutil
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import records
from synth import BASE_SEED, ORG_WORDS, VOCAB_SET, SynthSeed, iso, make_seed, ordinal, q, syllable_word

NEW = 0.2  # share of mentions that name an entity (or source) not seen before
LOCAL = 0.5  # share of the other mentions drawn among the same explainer's earlier mentions
SIZE_WEIGHTS = {1: 6, 2: 10, 3: 12, 4: 12, 5: 11, 6: 10, 7: 9, 8: 7, 9: 5, 10: 4}  # mean 4.99 seeds
SIDES_WEIGHTS = {2: 50, 0: 35, 3: 15}
PARAPHRASED = 0.2  # share of statements given as reported speech, not quotes
ENTITY_KINDS = ("person",) * 3 + ("place",) * 10 + ("organisation",) * 3  # the 16 mentions of a seed
SOURCES_PER_SEED = 30
FIRST_DAY, LAST_DAY = ordinal(2017), ordinal(2025, 6, 30)  # explainers start in this span
TOPICS = ("talks", "ceasefire", "flood", "election", "strike", "trial", "sanctions", "dam", "blackout",
          "summit", "grain deal", "prisoner exchange", "pipeline", "referendum", "inquiry", "harbour fire",
          "border dispute", "protests", "drought", "bridge collapse", "coalition crisis", "port blockade")
PUBLISHERS = 40  # the newsrooms whose articles are the seeds
SOURCE_PUBLISHERS = 150  # the publishers of the external sources


@dataclass
class Entity:
    id: str
    kind: str
    name: str
    alias: str | None


@dataclass
class Explainer:
    slug: str
    title: str
    sides: list[str]  # entity ids, display order (empty: no sides)
    leads: list[str]  # named twice in every seed: the sides, or the story's place
    topic: str
    seeds: list[SynthSeed] = field(default_factory=list)
    files: dict[str, str] = field(default_factory=dict)  # path under content/explainers/<slug>/ -> text


class Pool:
    """Site-wide items (entities of one kind, or sources) drawn by a Yule-Simon process."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.mentions: list[str] = []  # every mention so far, site-wide
        self.local: list[str] = []  # the mentions of the current explainer
        self.draws = self.new = 0

    def draw(self, exclude: set[str], make) -> str:
        rng = self.rng
        self.draws += 1
        item = None
        if self.mentions and rng.random() >= NEW:
            for _ in range(30):
                among = self.local if self.local and rng.random() < LOCAL else self.mentions
                candidate = rng.choice(among)
                if candidate not in exclude:
                    item = candidate
                    break
        if item is None:
            self.new += 1
            item = make()
        self.mentions.append(item)
        self.local.append(item)
        exclude.add(item)
        return item


def slugify(text: str) -> str:
    return "-".join(re.findall(r"[a-z0-9]+", text.lower()))


class Names:
    """Entity names, unique site-wide word for word (the generator finds names in seeds by whole
    words): places, surnames and organisations' first words are never reused, never an English word
    of the seeds' vocabulary and never a first name."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.words: set[str] = set()
        self.first_names: set[str] = set()
        self.aliases: set[str] = set()

    def word(self, lo: int, hi: int) -> str:
        while True:
            w = syllable_word(self.rng, self.rng.randint(lo, hi))
            if w not in self.words and w not in self.first_names and w.lower() not in VOCAB_SET:
                self.words.add(w)
                return w

    def first_name(self) -> str:
        while True:
            w = syllable_word(self.rng, 2)
            if w not in self.words and w.lower() not in VOCAB_SET:
                self.first_names.add(w)
                return w

    def entity(self, kind: str) -> tuple[str, str | None]:
        """(name, alias or None) for a new entity of kind."""
        if kind == "person":
            surname = self.word(3, 4)
            return f"{self.first_name()} {surname}", surname
        if kind == "place":
            return self.word(3, 4), None
        word, org = self.word(3, 3), self.rng.choice(ORG_WORDS)
        acronym = (word[:2] + org[0]).upper() + "O"
        if self.rng.random() < 1 / 3 and acronym not in self.aliases:  # 1 in 3 organisations, as in the real content/
            self.aliases.add(acronym)
            return f"{word} {org}", acronym
        return f"{word} {org}", None


class Newsroom:
    """The corpus of n seeds, generated explainer by explainer (see the module's docstring)."""

    def __init__(self, n: int) -> None:
        self.n = n
        self.rng = random.Random(BASE_SEED)
        self.sizes_rng = random.Random(BASE_SEED + 1)  # a stream of its own: N = 50 starts like N = 1,000
        self.names = Names(random.Random(BASE_SEED + 2))
        self.entities: dict[str, Entity] = {}
        self.pools = {kind: Pool(self.rng) for kind in ("person", "place", "organisation")}
        self.sources = Pool(self.rng)
        self.new_entities: list[Entity] = []  # introduced, not yet written: cited on the seed that names them first
        self.new_sources: list[str] = []
        self.source_publisher: dict[str, str] = {}
        self.slugs: set[str] = set()
        self.publishers = [f"{syllable_word(self.rng, 2)} {w}" for w in ("News", "Times", "Post", "Herald")
                           for _ in range(PUBLISHERS // 4)]
        self.source_publishers = [f"{syllable_word(self.rng, 2)} {self.rng.choice(ORG_WORDS)}"
                                  for _ in range(SOURCE_PUBLISHERS)]
        self.stats: Counter = Counter()

    def _new_entity(self, kind: str):
        def make() -> str:
            name, alias = self.names.entity(kind)
            entity = Entity(slugify(name), kind, name, alias)
            self.entities[entity.id] = entity
            self.new_entities.append(entity)
            return entity.id
        return make

    def _new_source(self) -> str:
        publisher = self.rng.choice(self.source_publishers)
        sid = f"{slugify(publisher)}-{len(self.sources.mentions) + 1}"  # unique: one more than the mentions so far
        self.new_sources.append(sid)
        self.source_publisher[sid] = publisher
        return sid

    def explainers(self):
        """Yield each Explainer, with its seeds and files, in order."""
        done = 0
        while done < self.n:
            size = min(self.sizes_rng.choices(list(SIZE_WEIGHTS), list(SIZE_WEIGHTS.values()))[0], self.n - done)
            yield self._explainer(done + 1, size)
            done += size

    def _explainer(self, first_index: int, size: int) -> Explainer:
        rng = self.rng
        for pool in (*self.pools.values(), self.sources):
            pool.local = []
        n_sides = rng.choices(list(SIDES_WEIGHTS), list(SIDES_WEIGHTS.values()))[0]
        taken: set[str] = set()
        sides = [self.pools[k].draw(taken, self._new_entity(k))
                 for k in rng.choices(("place", "organisation"), (3, 1), k=n_sides)]
        leads = sides or [self.pools["place"].draw(taken, self._new_entity("place"))]
        topic = rng.choice(TOPICS)
        start = rng.randint(FIRST_DAY, LAST_DAY)
        names = [self.entities[e].name for e in leads]
        title = (" and ".join(names) + f": the {topic}") if len(names) > 1 else f"The {names[0]} {topic}"
        slug = base = slugify(f"{names[0]} {topic} {iso(start)[:4]}")[:60]
        k = 1
        while slug in self.slugs:
            k += 1
            slug = f"{base}-{k}"
        self.slugs.add(slug)
        ex = Explainer(slug, title, sides, leads, topic)
        writer = records.ExplainerWriter(self, ex)
        day = start
        for index in range(first_index, first_index + size):
            taken = set(leads)
            mentions = [self.pools[kind].draw(taken, self._new_entity(kind)) for kind in ENTITY_KINDS]
            for lead in leads if index > first_index else ():  # named in every seed: a mention in each
                self.pools[self.entities[lead].kind].mentions.append(lead)  # (the draw above was the first seed's)
            self.stats["entity_mentions"] += len(mentions) + len(leads)
            people = [self.entities[e] for e in mentions[:3]]
            speakers = [people[k].alias or people[k].name for k in (0, 0, 1)]  # by surname, as news reports do
            paraphrased = [rng.random() < PARAPHRASED for _ in speakers]
            named = [self.entities[e] for e in mentions]
            seed = make_seed(index, iso(day), [e.name for e in named] + [e.alias for e in named if e.alias],
                             names, speakers, paraphrased)
            taken = set()
            sources = [self.sources.draw(taken, self._new_source) for _ in range(SOURCES_PER_SEED)]
            new_entities, self.new_entities = self.new_entities, []
            new_sources, self.new_sources = self.new_sources, []
            writer.seed(seed, mentions, sources, new_entities, new_sources)
            ex.seeds.append(seed)
            day += rng.randint(1, 60)
        writer.finish()
        self.stats["explainers"] += 1
        self.stats[f"explainers_with_{n_sides}_sides"] += 1
        return ex


ABOUT_MD = """---
title: About this site
description: A synthetic newsroom generated for the build benchmark.
---
## How it was made

This site was generated by `bench/run.py` from pseudo-random text. Its explainers follow the
real ones in this repository: the same kinds of records in the same numbers per source article,
each citing the exact words of its source, and people, places and sources shared between them.

## Every claim links to its source

Each fact, quote and position carries a link to its evidence, on the
[sources page](sources/index.html).
"""


def write_project(root: Path, n: int, templates: Path) -> dict:
    """Write the newsroom of n seeds into root (content/, seeds/, templates/); return its figures."""
    content = root / "content"
    (content / "pages").mkdir(parents=True, exist_ok=True)
    (root / "seeds").mkdir(parents=True, exist_ok=True)
    room = Newsroom(n)
    words = spans = 0
    sizes: list[int] = []
    for ex in room.explainers():
        folder = content / "explainers" / ex.slug
        for name, text in ex.files.items():
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            (folder / name).write_text(text, encoding="utf-8")
            spans += text.count("exact: ")
        for seed in ex.seeds:
            (root / seed.file).write_text(seed.text, encoding="utf-8")
            words += len(seed.text.split())
        sizes.append(len(ex.seeds))
    (content / "site.yaml").write_text(f"site:\n  title: {q('Synthetic newsroom for the benchmark')}\n"
                                       "  language: en\n", encoding="utf-8")
    (content / "pages" / "about.md").write_text(ABOUT_MD, encoding="utf-8")
    if (root / "templates").exists():
        shutil.rmtree(root / "templates")
    shutil.copytree(templates, root / "templates")
    entity_mentions = room.stats["entity_mentions"]
    return {"seeds": n, "explainers": len(sizes), "seeds_per_explainer": n / len(sizes),
            "explainer_sizes": dict(sorted(Counter(sizes).items())),
            "sides": {k: room.stats[f"explainers_with_{k}_sides"] for k in sorted(SIDES_WEIGHTS)},
            "entities": len(room.entities), "entity_mentions": entity_mentions,
            "new_entity_share": len(room.entities) / entity_mentions,
            "sources": room.sources.new, "source_mentions": room.sources.draws,
            "new_source_share": room.sources.new / room.sources.draws,
            "words": words, "words_per_seed": words / n, "seed_spans": spans}


def describe(info: dict) -> str:
    """One line on a corpus written by write_project."""
    return (f"{info['seeds']:,} seeds in {info['explainers']:,} explainers ({info['seeds_per_explainer']:.1f} seeds "
            f"each), {info['entities']:,} entities ({info['new_entity_share']:.0%} of {info['entity_mentions']:,} "
            f"mentions new), {info['sources']:,} external sources ({info['new_source_share']:.0%} of "
            f"{info['source_mentions']:,} new), {info['words_per_seed']:.0f} words a seed, "
            f"{info['seed_spans']:,} seed spans")


def iter_seeds(n: int):
    """The corpus's n seeds, in order (the peers' articles)."""
    for ex in Newsroom(n).explainers():
        yield from ex.seeds
