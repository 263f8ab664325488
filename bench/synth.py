"""A synthetic explainer project of N seeds, deterministic, standard library only.

Every seed is a ~450-word pseudo-random news article laid out like
seeds/geneva-second-round.txt (a lede, then three headed paragraphs, one line per block).
Each seed comes with the records the real content/ has for its one seed, in the same
numbers and with the same citation pattern (counted in content/*.yaml on 2026-11-28):

    per seed: 16 entities (3 people, 10 places, 3 organisations; 4 with aliases),
              7 events, 3 statements (3 quotes), 3 issues with 2 positions each,
              6 repercussions, 30 external sources (9 with a URL);
              49 seed spans (46 cites + 3 quotes) and 52 source cites.
              Markdown fields have the real fields' mean lengths, and the same share of
              them (7 of 52) hold Markdown syntax (*emphasis*); the rest are plain sentences.
    once:     the explainer mapping (event with one further fact, 6 at-a-glance facts,
              3 next steps: 12 seed spans and 7 source cites, all on seed 1), the two sides,
              one Markdown page (about).

The project is one explainer, content/explainers/bench/ (slug EXPLAINER): its explainer.yaml,
one file of records per seed in its seeds/ folder (seed-NNNNN.yaml: the seed's metadata,
sources and entities, which are site-wide, and its events, statements, issues and
repercussions) and pages/about.md; the two sides are in content/entities.yaml and the site's
title in content/site.yaml.

Every `exact` is a substring of its seed's text that occurs exactly once in it (after the
generator's own whitespace normalisation), so every citation anchors. The same seed text
is also written as one Markdown page per seed for the peers (Hugo, Pelican, MkDocs).
"""
from __future__ import annotations

import json
import random
import shutil
from dataclasses import dataclass, field
from pathlib import Path

BASE_SEED = 20261128  # fixed: the same N always gives the same project, byte for byte
TARGET_WORDS = 450

# Word counts of the 61 `exact` quotes in the real content/ (a distribution to sample).
REAL_EXACT_WORDS = (1, 3, 3, 3, 4, 4, 4, 4, 4, 4, 4, 5, 5, 6, 6, 6, 6, 7, 7, 8, 8, 8, 9, 9, 9, 10,
                    10, 10, 11, 11, 12, 12, 12, 13, 13, 14, 14, 14, 14, 14, 15, 15, 15, 15, 16, 16,
                    19, 20, 21, 21, 21, 22, 24, 24, 27, 29, 31, 32, 32, 34, 42)

# The real records, as (seed cites, source cites) per record, in file order.
ENTITY_KINDS = ("person",) * 3 + ("place",) * 10 + ("organisation",) * 3
ENTITY_CITES = ((1, 1), (1, 0), (0, 2), (1, 1), (2, 0), (2, 0), (1, 1), (1, 1), (1, 1), (1, 1),
                (1, 0), (1, 2), (1, 2), (1, 1), (2, 0), (1, 0))
ENTITY_ALIASED = (0, 1, 2, 13)  # the three people and NATO
EVENT_CITES = ((2, 1), (1, 1), (1, 1), (1, 2), (1, 2), (1, 2), (2, 2))
EVENT_ENTITIES = (3, 3, 3, 3, 3, 3, 5)
STATEMENT_CITES = ((2, 1), (2, 1), (2, 1))
STATEMENT_ISSUES = (3, 0, 3)
ISSUE_CITES = ((2, 1), (2, 0), (1, 0))
POSITION_SOURCES = ((4, 4), (3, 2), (2, 5))
REPERCUSSIONS = (("local", 1, 0, 1), ("regional", 2, 0, 1), ("regional", 1, 3, 3),
                 ("international", 1, 0, 1), ("international", 1, 1, 2), ("international", 2, 0, 2))
SOURCES_PER_SEED, SOURCES_WITH_URL = 30, 9
GLANCE_CITES = ((1, 0), (0, 2), (2, 1), (1, 0), (1, 0), (1, 0))
NEXT_CITES = ((2, 1), (1, 0), (1, 0))
EVENT_SUMMARY_CITES = (2, 2)
# Share of the real Markdown fields that hold Markdown syntax (7 of 52 use *emphasis*);
# the others are plain sentences.
MARKDOWN_SHARE = 7 / 52
# Mean words of the Markdown fields in the real content/.
WORDS = {"entity": 21, "event": 44, "context": 38, "issue": 20, "position": 60, "repercussion": 27}

SIDES = (("arvenia", "Arvenia"), ("belostan", "Belostan"))
EXPLAINER = "bench"  # the explainer's folder under content/explainers/, and its pages' folder in the site

VOCAB = """
talks delegation ceasefire agreement border region capital government minister president
official officials spokesman statement negotiations round mediators envoy security guarantees
territory territories neutrality alliance forces troops frontline sanctions economy energy
markets grain exports ports refugees displaced humanitarian crisis infrastructure damage
reconstruction aid convoy corridor prisoners exchange monitoring mission observers summit
meeting session delegates proposal draft treaty framework conditions demands concessions
withdrawal deployment weapons drones missiles artillery shelling strikes villages towns city
province district highway bridge railway power grid plant reservoir harbour coast island
parliament vote resolution referendum election campaign coalition opposition court ruling
inquiry report evidence witnesses journalists agency media broadcast interview analysts
experts diplomats ambassador embassy consulate foreign ministry defence council committee
chamber assembly leaders partners neighbours allies rivals sides parties people families
children schools hospitals clinics shelters winter supplies fuel prices inflation currency
budget loans donors investors companies factories workers farmers harvest wheat corn
shipping insurance routes pipeline gas oil electricity blackout repairs engineers crews
long short new old early late first second third final next last previous recent future
difficult serious constructive frank cautious hopeful tense fragile lasting broad narrow
direct indirect formal informal public private joint separate mutual regional international
local national military civilian political economic diplomatic legal technical practical
said says added noted warned stressed insisted argued claimed denied confirmed announced
reported described called urged asked offered rejected accepted signed agreed refused
proposed expected planned hoped feared promised pledged demanded accused welcomed criticised
would could might should must will may can did had has have was were is are been being
the the the the a a an and and and of of of to to to in in in on on for for with with by
at from into over after before during while since until about against between among
that that which who whose this these those their its his her our both each every other
more most less many several few some any all not only also still again already soon
very quite rather nearly almost largely mostly partly fully clearly openly quietly
week weeks month months year years day days morning evening night hours time period
""".split()
SYLLABLES = ("ar", "bel", "cor", "dan", "el", "fen", "gor", "hal", "ir", "jas", "kel", "lor", "mar",
             "nev", "or", "pel", "quin", "ros", "sal", "tor", "ul", "var", "wen", "yar", "zel", "ka",
             "lin", "mo", "na", "ri", "sta", "vo", "dri", "ka", "mi", "te", "bra", "shi", "ven", "do")
ORG_WORDS = ("Council", "Assembly", "Directorate", "Commission", "Front", "Bureau", "Agency")
HEADING_SENTENCES = (3, 5, 5, 5)  # lede, then three paragraphs, each after a heading


@dataclass
class SynthSeed:
    index: int  # 1-based
    id: str
    file: str  # seeds/....txt
    title: str
    text: str
    sentences: list[str]
    blocks: list[tuple[str, str]]  # ("lede"|"heading"|"paragraph", text)
    entity_names: list[str]
    aliases: dict[int, str]
    quotes: list[tuple[str, str, str]]  # (exact, prefix, suffix)
    rng: random.Random = field(repr=False, default=None)
    norm: str = ""

    def unique(self, text: str) -> bool:
        return bool(text) and self.norm.count(" ".join(text.split())) == 1

    def span(self, words: int) -> str:
        """A word-aligned substring of one sentence that occurs exactly once in the seed."""
        rng = self.rng
        for _ in range(200):
            sentence = rng.choice(self.sentences)
            tokens = sentence.split(" ")
            width = min(words, len(tokens))
            start = rng.randint(0, len(tokens) - width)
            for grow in range(0, len(tokens) - width + 1):
                lo = max(0, start - grow // 2)
                candidate = " ".join(tokens[lo:lo + width + grow])
                if self.unique(candidate):
                    return candidate
        raise RuntimeError(f"no unique span of {words} words in seed {self.id}")


def _name(rng: random.Random, syllables: int) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(syllables)).capitalize()


def _entity_names(rng: random.Random) -> tuple[list[str], dict[int, str]]:
    names: list[str] = []
    aliases: dict[int, str] = {}
    taken = {name for _, name in SIDES}
    while len(names) < len(ENTITY_KINDS):
        kind = ENTITY_KINDS[len(names)]
        if kind == "person":
            surname = _name(rng, 3)
            name = f"{_name(rng, 2)} {surname}"
        elif kind == "place":
            name = _name(rng, rng.choice((2, 3)))
        else:
            name = f"{_name(rng, 2)} {rng.choice(ORG_WORDS)}"
        if name in taken or any(name in t or t in name for t in taken):
            continue
        if len(names) in ENTITY_ALIASED:
            alias = surname if kind == "person" else "".join(w[0] for w in name.split()).upper() + "O"
            if alias in taken:
                continue
            aliases[len(names)] = alias
            taken.add(alias)
        taken.add(name)
        names.append(name)
    return names, aliases


def _words(rng: random.Random, n: int) -> list[str]:
    return [rng.choice(VOCAB) for _ in range(n)]


def _sentence(rng: random.Random, n: int, inserts: list[str]) -> str:
    words = _words(rng, n)
    for name in inserts:
        words.insert(rng.randint(1, len(words) - 1), name)
    if n > 12:
        words[rng.randint(4, len(words) - 3)] += ","
    words[0] = words[0].capitalize()
    return " ".join(words).replace(",,", ",") + "."


def make_seed(index: int) -> SynthSeed:
    rng = random.Random(BASE_SEED * 100_003 + index)
    names, aliases = _entity_names(rng)
    n_sentences = sum(HEADING_SENTENCES)
    # Three quoted statements, by the first two people, in paragraph sentences.
    quote_at = sorted(rng.sample(range(3, n_sentences), 3))
    quote_words = [_words(rng, rng.randint(4, 7)) for _ in range(3)]
    speakers = (0, 0, 1)
    plain = [i for i in range(n_sentences) if i not in quote_at]
    inserts: list[list[str]] = [[] for _ in range(n_sentences)]
    order = plain[:]
    rng.shuffle(order)
    for i, name in enumerate(names):  # each entity is named once, aliases once more
        inserts[order[i % len(order)]].append(name)
    for alias in aliases.values():
        inserts[rng.choice(plain)].append(alias)
    for _, side in SIDES:  # the two sides are named in every article, twice each
        for at in rng.sample(plain, 2):
            inserts[at].append(side)
    # Pick sentence lengths so the article (headings included) is about TARGET_WORDS words.
    heading_words = [rng.randint(4, 7) for _ in HEADING_SENTENCES[1:]]
    budget = TARGET_WORDS - sum(heading_words)
    lengths = [rng.randint(16, 30) for _ in range(n_sentences)]
    inserted = sum(len(name.split()) for names_here in inserts for name in names_here)
    scale = (budget - inserted - 3 * 4) / sum(lengths)  # a quote sentence runs ~4 words long
    lengths = [max(8, round(n * scale)) for n in lengths]
    sentences = []
    quotes: list[tuple[str, str, str]] = []
    for i in range(n_sentences):
        if i in quote_at:
            k = quote_at.index(i)
            speaker = names[speakers[k]].split()[-1]
            q = " ".join(quote_words[k])
            tail = " ".join(_words(rng, max(4, lengths[i] - 12)))
            head = " ".join(_words(rng, 3)).capitalize()
            sentences.append(f'{head} {speaker} described the talks as "{q}" and added that {tail}.')
            prefix = 'described the talks as "' if k >= 1 else ""
            suffix = '" and added that' if k == 2 else ""
            quotes.append((q, prefix, suffix))
        else:
            sentences.append(_sentence(rng, lengths[i], inserts[i]))
    blocks: list[tuple[str, str]] = []
    at = 0
    for b, count in enumerate(HEADING_SENTENCES):
        if b:
            blocks.append(("heading", " ".join(_words(rng, heading_words[b - 1])).capitalize()))
        blocks.append(("lede" if b == 0 else "paragraph", " ".join(sentences[at:at + count])))
        at += count
    title = " ".join(_words(rng, rng.randint(6, 10))).capitalize()
    text = "\n".join(t for _, t in blocks) + "\n"
    seed = SynthSeed(index, f"seed-{index:05d}", f"seeds/seed-{index:05d}.txt", title, text, sentences,
                     blocks, names, aliases, quotes, rng, " ".join(text.split()))
    for quote, _, _ in quotes:
        if not seed.unique(quote):  # vanishingly rare with this vocabulary
            raise RuntimeError(f"quote not unique in {seed.id}: {quote}")
    return seed


# --- YAML writing (by hand: JSON strings are valid YAML double-quoted scalars) -------------

def q(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def _text(rng: random.Random, words: int, markdown: bool = True) -> str:
    w = _words(rng, max(4, round(words * rng.uniform(0.7, 1.3))))
    w[0] = w[0].capitalize()
    if markdown and len(w) > 6 and rng.random() < MARKDOWN_SHARE:
        k = rng.randint(1, len(w) - 3)
        w[k] = f"*{w[k]}*"
    out = []
    for i, word in enumerate(w):
        out.append(word)
        if i and i % 14 == 0 and i < len(w) - 3:
            out[-1] += "."
            w[i + 1] = w[i + 1].capitalize()
    return " ".join(out) + "."


class Writer:
    def __init__(self) -> None:
        self.lines: list[str] = []

    def __call__(self, line: str) -> None:
        self.lines.append(line)

    def cite(self, indent: str, seed: SynthSeed, seed_cites: int, source_ids: list[str]) -> None:
        self(f"{indent}cite:")
        for _ in range(seed_cites):
            self(f"{indent}  - seed: {seed.id}")
            self(f"{indent}    exact: {q(seed.span(seed.rng.choice(REAL_EXACT_WORDS)))}")
        for sid in source_ids:
            self(f"{indent}  - source: {sid}")

    def text(self) -> str:
        return "\n".join(self.lines) + "\n"


def _date(rng: random.Random, lo: int = 2014, hi: int = 2026) -> str:
    year = rng.randint(lo, hi)
    shape = rng.random()
    if shape < 0.15:
        return f"{year}"
    if shape < 0.4:
        return f"{year}-{rng.randint(1, 12):02d}"
    return f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"


def seed_yaml(seed: SynthSeed) -> str:
    """The records of one seed: its metadata, sources, entities, events, statements, issues, repercussions."""
    rng, p, w = seed.rng, seed.id, Writer()
    sources = [f"{p}-src-{i:02d}" for i in range(1, SOURCES_PER_SEED + 1)]
    source_iter = iter(sources * 4)

    def take(n: int) -> list[str]:
        return [next(source_iter) for _ in range(n)]

    w("seeds:")
    w(f"  - id: {p}")
    w(f"    file: {seed.file}")
    w(f"    title: {q(seed.title)}")
    w(f"    publisher: {q(_name(rng, 2) + ' News')}")
    w(f"    date: {q(_date(rng, 2024, 2026))}")
    w("    language: en")
    w("")
    w("sources:")
    for i, sid in enumerate(sources):
        w(f"  - id: {sid}")
        w(f"    title: {q(' '.join(_words(rng, rng.randint(5, 12))).capitalize())}")
        w(f"    publisher: {q(_name(rng, 2) + ' ' + rng.choice(ORG_WORDS))}")
        w(f"    date: {q(_date(rng))}")
        if i < SOURCES_WITH_URL:
            w(f"    url: {q(f'https://example.org/{p}/{sid}')}")
    w("")
    ent_ids = [f"{p}-ent-{i:02d}" for i in range(1, len(ENTITY_KINDS) + 1)]
    w("entities:")
    for i, (eid, kind, (sc, rc)) in enumerate(zip(ent_ids, ENTITY_KINDS, ENTITY_CITES, strict=True)):
        w(f"  - id: {eid}")
        w(f"    kind: {kind}")
        w(f"    name: {q(seed.entity_names[i])}")
        if i in seed.aliases:
            w(f"    aliases: [{q(seed.aliases[i])}]")
        w(f"    description: {q(_text(rng, WORDS['entity']))}")
        w.cite("    ", seed, sc, take(rc))
    w("")
    pool = ent_ids + [sid for sid, _ in SIDES]
    w("events:")
    for i, ((sc, rc), ne) in enumerate(zip(EVENT_CITES, EVENT_ENTITIES, strict=True)):
        w(f"  - id: {p}-ev-{i + 1}")
        w(f"    date: {q(_date(rng))}")
        w(f"    title: {q(' '.join(_words(rng, rng.randint(4, 8))).capitalize())}")
        w(f"    body: {q(_text(rng, WORDS['event']))}")
        w(f"    entities: [{', '.join(rng.sample(pool, ne))}]")
        w.cite("    ", seed, sc, take(rc))
    w("")
    issue_ids = [f"{p}-issue-{i + 1}" for i in range(len(ISSUE_CITES))]
    w("statements:")
    for i, ((sc, rc), ni) in enumerate(zip(STATEMENT_CITES, STATEMENT_ISSUES, strict=True)):
        exact, prefix, suffix = seed.quotes[i]
        speaker = (0, 0, 1)[i]
        w(f"  - id: {p}-st-{i + 1}")
        w(f"    speaker: {ent_ids[speaker]}")
        w(f"    role: {q(' '.join(_words(rng, 4)).capitalize())}")
        w(f"    side: {SIDES[0 if i < 2 else 1][0]}")
        w("    quote:")
        w(f"      seed: {p}")
        w(f"      exact: {q(exact)}")
        if prefix:
            w(f"      prefix: {q(prefix)}")
        if suffix:
            w(f"      suffix: {q(suffix)}")
        if i < 2:
            w(f"    date: {q(_date(rng, 2025, 2026))}")
        w(f"    context: {q(_text(rng, WORDS['context']))}")
        if ni:
            w(f"    issues: [{', '.join(issue_ids[:ni])}]")
        w.cite("    ", seed, sc, take(rc))
    w("")
    w("issues:")
    for iid, (sc, rc), pos in zip(issue_ids, ISSUE_CITES, POSITION_SOURCES, strict=True):
        w(f"  - id: {iid}")
        w(f"    title: {q(' '.join(_words(rng, rng.randint(3, 7))).capitalize())}")
        w(f"    summary: {q(_text(rng, WORDS['issue']))}")
        w.cite("    ", seed, sc, take(rc))
        w("    positions:")
        for (side, _), n in zip(SIDES, pos, strict=True):
            w(f"      - by: {side}")
            w(f"        text: {q(_text(rng, WORDS['position']))}")
            w.cite("        ", seed, 0, take(n))
    w("")
    w("repercussions:")
    for i, (level, sc, rc, ne) in enumerate(REPERCUSSIONS):
        w(f"  - id: {p}-rep-{i + 1}")
        w(f"    level: {level}")
        w(f"    title: {q(' '.join(_words(rng, rng.randint(4, 8))).capitalize())}")
        w(f"    body: {q(_text(rng, WORDS['repercussion']))}")
        w(f"    entities: [{', '.join(rng.sample(pool, ne))}]")
        w.cite("    ", seed, sc, take(rc))
    return w.text()


def explainer_yaml(first: SynthSeed) -> str:
    """The explainer mapping; its evidence is on the first seed."""
    rng = random.Random(BASE_SEED)
    w = Writer()
    sources = [f"{first.id}-src-{i:02d}" for i in range(1, SOURCES_PER_SEED + 1)]
    w("explainer:")
    w(f"  title: {q('Synthetic explainer for the benchmark')}")
    w(f"  summary: {q(_text(rng, 60))}")
    w("  language: en")
    w('  updated: "2026-11-28"')
    w(f"  sides: [{', '.join(s for s, _ in SIDES)}]")
    w("  event:")
    w(f"    what: {q(_text(rng, 8, markdown=False))}")
    w(f"    where: [{SIDES[0][0]}]")
    w(f"    when: {q(_text(rng, 10, markdown=False))}")
    mediated_by = _text(rng, 10, markdown=False)
    w(f"    status: {q(_text(rng, 8, markdown=False))}")
    w("    facts:")
    w('      - label: "Mediated by"')
    w(f"        text: {q(mediated_by)}")
    w.cite("        ", first, 0, sources[:1])
    w.cite("    ", first, EVENT_SUMMARY_CITES[0], sources[:EVENT_SUMMARY_CITES[1]])
    for key, facts in (("glance", GLANCE_CITES), ("next", NEXT_CITES)):
        w(f"  {key}:")
        for i, (sc, rc) in enumerate(facts):
            w(f"    - label: {q(' '.join(_words(rng, 2)).capitalize())}")
            w(f"      text: {q(_text(rng, 20))}")
            w.cite("      ", first, sc, sources[i:i + rc])
    return w.text()


def entities_yaml() -> str:
    """The two sides: site-wide entities, named in every seed."""
    rng = random.Random(BASE_SEED + 1)
    w = Writer()
    w("entities:")
    for sid, name in SIDES:
        w(f"  - id: {sid}")
        w("    kind: place")
        w(f"    name: {q(name)}")
        w(f"    description: {q(_text(rng, 20))}")
    return w.text()


ABOUT_MD = """---
title: About this explainer
description: A synthetic explainer generated for the build benchmark.
---
## How it was made

This explainer was generated by `bench/run.py` from pseudo-random text. Its shape follows
the real explainer in this repository: the same kinds of records in the same numbers per
source article, each citing the exact words of its source.

## Every claim links to its source

Each fact, quote and position carries a link to its evidence, on the
[sources page](sources/index.html).
"""


def write_project(root: Path, n: int, templates: Path) -> dict:
    """Write the project for n seeds into root (content/, seeds/, templates/): one explainer,
    content/explainers/EXPLAINER/."""
    seeds_dir, content_dir = root / "seeds", root / "content"
    explainer_dir = content_dir / "explainers" / EXPLAINER
    (explainer_dir / "pages").mkdir(parents=True, exist_ok=True)
    (explainer_dir / "seeds").mkdir(parents=True, exist_ok=True)
    seeds_dir.mkdir(parents=True, exist_ok=True)
    words = spans = 0
    first = None
    for i in range(1, n + 1):
        seed = make_seed(i)
        first = first or seed
        (root / seed.file).write_text(seed.text, encoding="utf-8")
        body = seed_yaml(seed)
        spans += body.count("exact: ")
        (explainer_dir / "seeds" / f"{seed.id}.yaml").write_text(body, encoding="utf-8")
        words += len(seed.text.split())
    (explainer_dir / "explainer.yaml").write_text(explainer_yaml(make_seed(1)), encoding="utf-8")
    (explainer_dir / "pages" / "about.md").write_text(ABOUT_MD, encoding="utf-8")
    (content_dir / "entities.yaml").write_text(entities_yaml(), encoding="utf-8")
    (content_dir / "site.yaml").write_text(f"site:\n  title: {q('Synthetic site for the benchmark')}\n  language: en\n",
                                          encoding="utf-8")
    if (root / "templates").exists():
        shutil.rmtree(root / "templates")
    shutil.copytree(templates, root / "templates")
    return {"seeds": n, "words": words, "words_per_seed": words / n, "seed_spans": spans + 12}


def seeds_markdown(seed: SynthSeed) -> str:
    """The seed's text as Markdown: the lede, then ## headings and paragraphs."""
    parts = []
    for kind, text in seed.blocks:
        parts.append(f"## {text}" if kind == "heading" else text)
    return "\n\n".join(parts) + "\n"


def iter_seeds(n: int):
    for i in range(1, n + 1):
        yield make_seed(i)
