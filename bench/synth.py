"""Synthetic text for the benchmark: seed articles, names, Markdown fields. Standard library only.

Every seed is a ~450-word pseudo-random news article laid out like the real seeds
(seeds/geneva-second-round.txt): a lede, then three headed paragraphs, 18 sentences, one line
per block. The names it carries (its entities, the explainer's sides) and its statements come
from bench/corpus.py, which decides who is named where; this module only writes the words.

Every `exact` taken from a seed is a substring of its text that occurs exactly once in it (after
the generator's own whitespace normalisation), so every citation anchors. The same text is also
written as one Markdown page per seed for the peers (Hugo, Pelican, MkDocs).
"""
from __future__ import annotations

import datetime
import json
import random
from dataclasses import dataclass, field

BASE_SEED = 20261128  # fixed: the same N always gives the same project, byte for byte
TARGET_WORDS = 450

# Word counts of the 61 `exact` quotes in the real content/ (a distribution to sample).
REAL_EXACT_WORDS = (1, 3, 3, 3, 4, 4, 4, 4, 4, 4, 4, 5, 5, 6, 6, 6, 6, 7, 7, 8, 8, 8, 9, 9, 9, 10,
                    10, 10, 11, 11, 12, 12, 12, 13, 13, 14, 14, 14, 14, 14, 15, 15, 15, 15, 16, 16,
                    19, 20, 21, 21, 21, 22, 24, 24, 27, 29, 31, 32, 32, 34, 42)
# Share of the real Markdown fields that hold Markdown syntax (7 of 52 use *emphasis*);
# the others are plain sentences.
MARKDOWN_SHARE = 7 / 52

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
VOCAB_SET = frozenset(VOCAB)
SYLLABLES = ("ar", "bel", "cor", "dan", "el", "fen", "gor", "hal", "ir", "jas", "kel", "lor", "mar",
             "nev", "or", "pel", "quin", "ros", "sal", "tor", "ul", "var", "wen", "yar", "zel", "ka",
             "lin", "mo", "na", "ri", "sta", "vo", "dri", "ka", "mi", "te", "bra", "shi", "ven", "do")
ORG_WORDS = ("Council", "Assembly", "Directorate", "Commission", "Front", "Bureau", "Agency")
HEADING_SENTENCES = (3, 5, 5, 5)  # lede, then three paragraphs, each after a heading
N_SENTENCES = sum(HEADING_SENTENCES)


@dataclass
class Statement:
    """A statement as the seed carries it: quoted ("...") or reported (said that ...)."""
    kind: str  # "quote" | "paraphrase"
    exact: str
    prefix: str = ""
    suffix: str = ""


@dataclass
class SynthSeed:
    index: int  # 1-based, across the site
    id: str
    file: str  # seeds/....txt
    title: str
    date: str  # YYYY-MM-DD
    text: str
    sentences: list[str]
    blocks: list[tuple[str, str]]  # ("lede"|"heading"|"paragraph", text)
    statements: list[Statement]
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


def syllable_word(rng: random.Random, syllables: int) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(syllables)).capitalize()


def words(rng: random.Random, n: int) -> list[str]:
    return [rng.choice(VOCAB) for _ in range(n)]


def phrase(rng: random.Random, lo: int, hi: int) -> str:
    """A capitalised run of lo to hi words, for titles and labels."""
    return " ".join(words(rng, rng.randint(lo, hi))).capitalize()


def _sentence(rng: random.Random, n: int, inserts: list[str]) -> str:
    w = words(rng, n)
    for name in inserts:
        w.insert(rng.randint(1, len(w) - 1), name)
    if n > 12:
        w[rng.randint(4, len(w) - 3)] += ","
    w[0] = w[0].capitalize()
    return " ".join(w).replace(",,", ",") + "."


def make_seed(index: int, date: str, names: list[str], twice: list[str], speakers: list[str],
              paraphrased: list[bool]) -> SynthSeed:
    """Seed number index: an article naming each of names once and each of twice twice, with one
    statement per speaker (a name as the text gives it), a quote or, where paraphrased, reported speech."""
    rng = random.Random(BASE_SEED * 100_003 + index)
    sid = f"seed-{index:05d}"
    n_st = len(speakers)
    statement_at = sorted(rng.sample(range(3, N_SENTENCES), n_st))
    said = [words(rng, rng.randint(4, 7) if not p else rng.randint(6, 9)) for p in paraphrased]
    plain = [i for i in range(N_SENTENCES) if i not in statement_at]
    inserts: list[list[str]] = [[] for _ in range(N_SENTENCES)]
    order = plain[:]
    rng.shuffle(order)
    for i, name in enumerate(names):
        inserts[order[i % len(order)]].append(name)
    for name in twice:
        for at in rng.sample(plain, 2):
            inserts[at].append(name)
    # Sentence lengths such that the article (headings included) is about TARGET_WORDS words.
    heading_words = [rng.randint(4, 7) for _ in HEADING_SENTENCES[1:]]
    budget = TARGET_WORDS - sum(heading_words)
    lengths = [rng.randint(16, 30) for _ in range(N_SENTENCES)]
    inserted = sum(len(name.split()) for here in inserts for name in here)
    scale = (budget - inserted - n_st * 4) / sum(lengths)  # a statement's sentence runs ~4 words long
    lengths = [max(8, round(n * scale)) for n in lengths]
    sentences: list[str] = []
    statements: list[Statement] = []
    for i in range(N_SENTENCES):
        if i not in statement_at:
            sentences.append(_sentence(rng, lengths[i], inserts[i]))
            continue
        k = statement_at.index(i)
        speaker, s = speakers[k], " ".join(said[k])
        tail = " ".join(words(rng, max(4, lengths[i] - 12)))
        head = " ".join(words(rng, 3)).capitalize()
        if paraphrased[k]:
            sentences.append(f"{head} {speaker} said that {s}, and added that {tail}.")
            statements.append(Statement("paraphrase", s, "said that " if k % 2 else ""))
        else:
            sentences.append(f'{head} {speaker} described the talks as "{s}" and added that {tail}.')
            statements.append(Statement("quote", s, 'described the talks as "' if k >= 1 else "",
                                        '" and added that' if k == 2 else ""))
    blocks: list[tuple[str, str]] = []
    at = 0
    for b, count in enumerate(HEADING_SENTENCES):
        if b:
            blocks.append(("heading", " ".join(words(rng, heading_words[b - 1])).capitalize()))
        blocks.append(("lede" if b == 0 else "paragraph", " ".join(sentences[at:at + count])))
        at += count
    title = phrase(rng, 6, 10)
    text = "\n".join(t for _, t in blocks) + "\n"
    seed = SynthSeed(index, sid, f"seeds/{sid}.txt", title, date, text, sentences, blocks, statements,
                     rng, " ".join(text.split()))
    for st in statements:
        if not seed.unique(st.exact):  # vanishingly rare with this vocabulary
            raise RuntimeError(f"statement not unique in {seed.id}: {st.exact}")
    return seed


def seeds_markdown(seed: SynthSeed) -> str:
    """The seed's text as Markdown: the lede, then ## headings and paragraphs."""
    parts = [f"## {text}" if kind == "heading" else text for kind, text in seed.blocks]
    return "\n\n".join(parts) + "\n"


# --- YAML writing (by hand: JSON strings are valid YAML double-quoted scalars) -------------

def q(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def md_text(rng: random.Random, n: int, markdown: bool = True) -> str:
    """About n words of prose; a share MARKDOWN_SHARE of them (where markdown) with *emphasis*."""
    w = words(rng, max(4, round(n * rng.uniform(0.7, 1.3))))
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
    """Lines of one YAML file."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def __call__(self, line: str) -> None:
        self.lines.append(line)

    def __bool__(self) -> bool:
        return bool(self.lines)

    def cite(self, indent: str, seed: SynthSeed, seed_cites: int, source_ids: list[str]) -> None:
        self(f"{indent}cite:")
        for _ in range(seed_cites):
            self(f"{indent}  - seed: {seed.id}")
            self(f"{indent}    exact: {q(seed.span(seed.rng.choice(REAL_EXACT_WORDS)))}")
        for sid in source_ids:
            self(f"{indent}  - source: {sid}")

    def text(self) -> str:
        return "\n".join(self.lines) + "\n"


def iso(day: int) -> str:
    """A date from a proleptic Gregorian ordinal."""
    return datetime.date.fromordinal(day).isoformat()


def ordinal(year: int, month: int = 1, day: int = 1) -> int:
    return datetime.date(year, month, day).toordinal()


def loose_date(rng: random.Random, lo: int, hi: int) -> str:
    """A date between the ordinals lo and hi, given as a year, a month or a day, as sources give them."""
    d = datetime.date.fromordinal(rng.randint(lo, hi))
    shape = rng.random()
    if shape < 0.15:
        return f"{d.year}"
    if shape < 0.4:
        return f"{d.year}-{d.month:02d}"
    return d.isoformat()
