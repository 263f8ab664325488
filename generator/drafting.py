"""Finding draft annotations in an article: statements with their speakers, names, dates.

Plain pattern matching over the seed (no model, nothing downloaded): quoted words with the
person the sentence attributes them to, dates, capitalised names. Every span found is the
seed's own text, verified with ``anchor.find_quote`` (with a prefix or suffix where the text
repeats).
"""
from __future__ import annotations

import datetime
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from . import anchor, schema
from .model import Explainer, Site
from .seeds import split_blocks

MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december")
MONTH_WORDS = {**{m: i for i, m in enumerate(MONTHS, 1)}, **{m[:3]: i for i, m in enumerate(MONTHS, 1)}, "sept": 9}
DAYS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}
# Head nouns that make the name after them a person's: "President X", "chief negotiator X".
PERSON_TITLES = {
    "president", "minister", "chancellor", "secretary", "secretary-general", "negotiator", "envoy", "spokesperson",
    "spokesman", "spokeswoman", "ambassador", "general", "senator", "governor", "mayor", "king", "queen", "prince",
    "princess", "pope", "dr", "mr", "mrs", "ms", "professor", "prof", "aide", "adviser", "advisor", "official",
    "commander", "leader", "chairman", "chairwoman", "chair", "ceo", "director", "representative", "premier",
    "judge", "analyst", "economist", "colonel", "lieutenant", "captain", "admiral", "delegate", "mediator",
    "speaker", "correspondent", "editor", "expert", "researcher", "lawmaker", "mp", "diplomat", "activist",
    "witness", "resident", "farmer", "journalist", "sheikh", "emir", "sultan", "archbishop", "bishop", "rabbi",
    "imam", "cardinal", "sir", "dame", "lord", "lady", "chief", "head", "counsel", "attorney", "prosecutor",
    "coach", "founder", "owner", "manager", "officer", "inspector", "engineer", "doctor", "nurse", "teacher",
    "student", "mother", "father", "son", "daughter", "wife", "husband", "brother", "sister", "member",
    "worker", "volunteer", "organiser", "organizer", "campaigner", "protester", "soldier", "pilot", "negotiators",
}
# Words that may stand in a title before the head noun: "deputy foreign minister".
TITLE_MODIFIERS = {
    "chief", "deputy", "vice", "foreign", "defence", "defense", "interior", "finance", "senior", "former", "top",
    "lead", "head", "special", "state", "prime", "acting", "interim", "first", "junior", "assistant", "associate",
    "executive", "presidential", "military", "political", "economic", "trade", "health", "environment",
    "environmental", "water", "energy", "justice", "education", "culture", "climate", "security", "opposition",
    "party", "union", "government", "regional", "local", "national", "international", "general", "press",
    "team", "delegation", "police", "army", "navy", "city", "town", "village", "aid", "rights", "peace",
}
ORG_WORDS = {
    "organization", "organisation", "ministry", "council", "union", "nations", "agency", "bank", "fund", "party",
    "committee", "commission", "company", "corporation", "corp", "inc", "ltd", "group", "association",
    "institute", "university", "college", "school", "court", "parliament", "congress", "senate", "assembly",
    "army", "navy", "forces", "force", "alliance", "office", "department", "service", "services", "times", "post",
    "news", "foundation", "federation", "authority", "board", "bureau", "cabinet", "government", "administration",
    "secretariat", "league", "movement", "front", "network", "club", "church", "police", "guard", "media",
    "press", "tribunal", "delegation", "agency", "programme", "program", "brigade", "battalion", "council",
    "society", "trust", "institution", "centre", "center", "hospital", "times", "herald", "journal", "tribune",
}
PLACE_WORDS = {
    "city", "river", "lake", "mount", "mountains", "sea", "ocean", "island", "islands", "republic", "kingdom",
    "province", "region", "valley", "county", "state", "states", "street", "square", "bay", "gulf", "strait",
    "peninsula", "desert", "coast", "canal", "dam", "bridge", "airport", "port", "harbour", "harbor", "district",
    "oblast", "territory", "territories", "strip", "plain", "plains", "hills", "forest", "park", "delta", "basin",
    "emirates", "land", "lands", "falls", "pass", "border",
}
PLACE_FIRST_WORDS = {"new", "north", "south", "east", "west", "upper", "lower", "saint", "st", "san", "santa",
                     "los", "las", "lake", "mount", "gulf", "cape", "port", "fort", "middle", "central", "northern",
                     "southern", "eastern", "western", "greater"}
LOCATION_PREPOSITIONS = {"in", "at", "from", "to", "near", "into", "across", "outside", "inside", "towards",
                         "toward", "via", "around", "throughout", "through", "over", "within", "visited", "entered"}
STOPWORDS = {
    "a", "an", "the", "this", "these", "that", "those", "in", "on", "at", "for", "from", "following", "after",
    "before", "during", "but", "and", "or", "it", "its", "he", "she", "they", "we", "i", "you", "his", "her",
    "their", "our", "my", "your", "both", "each", "some", "many", "most", "several", "all", "any", "no", "not",
    "there", "here", "when", "where", "while", "if", "as", "by", "with", "without", "about", "since", "until",
    "however", "therefore", "meanwhile", "yet", "so", "then", "thus", "also", "still", "even", "according",
    "other", "another", "such", "what", "which", "who", "whom", "whose", "why", "how", "one", "two", "three",
    "last", "next", "more", "less", "only", "of", "to", "mr", "mrs", "ms", "dr", "sources",
    "officials", "critics", "analysts", "experts", "residents", "people", "today", "yesterday", "tomorrow",
    "earlier", "later", "now", "under",
}
CONNECTORS = {"of", "for", "de", "du", "des", "la", "le", "van", "von", "der", "den", "al", "bin", "da", "del", "di", "y"}
DEMONYMS = {"swiss", "french", "dutch", "thai", "greek", "iraqi", "israeli", "pakistani", "saudi", "yemeni",
            "kuwaiti", "qatari", "omani", "emirati", "bangladeshi", "nepali", "somali", "afghan", "american",
            "mexican", "cuban", "korean", "kenyan", "ugandan", "german", "moroccan", "chilean", "peruvian",
            "chinese", "japanese", "british", "irish", "scottish", "welsh", "polish", "danish", "swedish",
            "finnish", "turkish", "spanish", "czech", "slovak", "vietnamese", "portuguese", "lebanese",
            "sudanese", "congolese", "taiwanese", "maltese", "european", "african", "asian", "arab", "western",
            "eastern", "northern", "southern", "russian", "ukrainian", "belarusian", "serbian", "croatian"}
SPEECH_VERBS = (
    r"said|says|say|saying|told|tells|telling|added|adds|adding|stated|states|noted|notes|noting|warned|warns|"
    r"warning|declared|declares|announced|announces|insisted|insists|stressed|stresses|argued|argues|explained|"
    r"explains|wrote|writes|claimed|claims|asserted|asserts|described|describes|describing|called|calls|calling|"
    r"quoted|quoting|urged|urges|vowed|vows|promised|promises|replied|replies|answered|acknowledged|admitted|"
    r"conceded|remarked|commented|emphasi[sz]ed|underlined|tweeted|posted|according to|in the words of|put it")
SPEECH = re.compile(rf"\b(?:{SPEECH_VERBS})\b", re.I)
PRONOUN_SPEECH = re.compile(rf"\b(?:he|she)\s+(?:{SPEECH_VERBS})\b|\b(?:{SPEECH_VERBS})\s+(?:he|she)\b", re.I)
TOKEN = re.compile(r"[^\W_](?:\w|[-'’](?=\w))*")
QUOTES = re.compile(r"“([^“”\n]{1,2000}?)”|\"([^\"\n]{1,2000}?)\"|«\s*([^«»\n]{1,2000}?)\s*»")
YEAR = r"(1[89]\d\d|20\d\d)"
MONTH = r"(Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
DATE_PATTERNS = (
    ("dmy", re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+" + MONTH + r",?\s+" + YEAR + r"\b")),
    ("mdy", re.compile(r"\b" + MONTH + r"\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+" + YEAR + r"\b")),
    ("my", re.compile(r"\b" + MONTH + r",?\s+(?:of\s+)?" + YEAR + r"\b")),
    ("y", re.compile(r"(?<![\d,.$£€])\b" + YEAR + r"\b(?![,.]\d)(?!s\b)")),
)
NO_ROLE = "Role not stated in the article"



@dataclass
class Options:
    """What the user may say about the new seed (all optional)."""

    seed_id: str = ""
    title: str = ""
    publisher: str = ""
    url: str = ""
    date: str = ""
    language: str = "en"
    explainer: str = ""  # the slug of the explainer to add the article to; "" for the site's only one


@dataclass
class Candidate:
    """One occurrence of a capitalised name in the article."""

    name: str
    start: int
    end: int
    sentence: int  # index into Drafter.sentences
    at_sentence_start: bool
    role_start: int  # where a title before the name starts ("chief negotiator X"); == start when none
    titled: bool  # a person's title stands right before the name
    speaks: bool  # a speech verb right after ("X said") or before ("according to X")
    located: bool  # a location preposition right before ("in X")


@dataclass
class FoundEntity:
    id: str
    kind: str
    name: str
    existing: bool  # already in content/: referred to, not written
    mentions: list[tuple[int, int]] = field(default_factory=list)  # (start, end) of each mention
    aliases: list[str] = field(default_factory=list)
    role: str = ""
    role_span: tuple[int, int] | None = None  # title and name, for the entity's cite
    notes: list[str] = field(default_factory=list)  # written as comments above the record

    @property
    def first(self) -> int:
        return min(s for s, _ in self.mentions) if self.mentions else 0


@dataclass
class FoundStatement:
    id: str
    speaker: str  # entity id
    speaker_name: str
    quote: tuple[int, int]  # the quoted words, without the quote marks
    window: tuple[int, int]  # the sentence(s) around them
    role: str
    side: str
    side_guessed: bool
    existing: str = ""  # id of a statement that already quotes these words
    notes: list[str] = field(default_factory=list)


@dataclass
class FoundEvent:
    id: str
    date: str
    sentence: tuple[int, int]
    existing: str = ""
    notes: list[str] = field(default_factory=list)


@dataclass
class Section:
    kind: str  # "title", "lede" or "heading"
    title: str
    line: int
    start: int


@dataclass
class Draft:
    """What `explainer new` found and wrote."""

    seed_id: str
    seed_file: str  # project path, e.g. seeds/x.txt
    text: str
    sections: list[Section]
    entities: list[FoundEntity]
    statements: list[FoundStatement]
    events: list[FoundEvent]
    seed_copied: bool = False
    seed_record_file: str = ""  # project path of the new seeds record, "" when the seed had one
    drafts_file: str = ""
    explainer: str = ""  # the slug of the explainer the drafts belong to
    explainer_file: str = ""  # project path of the explainer.yaml started for a new explainer, else ""
    written: list[Path] = field(default_factory=list)  # files written, in order
    created: list[Path] = field(default_factory=list)  # folders created, outermost first

    def excerpt(self, span: tuple[int, int], limit: int = 60) -> str:
        return shorten(" ".join(self.text[span[0]:span[1]].split()), limit)


class AnchorError(Exception):
    """A span could not be quoted unambiguously (never written)."""


class Drafter:
    """Finds candidate statements, entities, events and sections in one seed's text.

    Entities are the site's (site-wide); sides, statements and events are those of the
    explainer the article is added to (None: a new explainer, with none yet).
    """

    def __init__(self, text: str, markdown: bool, seed_id: str, site: Site, explainer: Explainer | None = None):
        self.text, self.seed_id, self.site = text, seed_id, site
        self.sides: tuple[str, ...] = explainer.side_ids if explainer else ()
        self.known_statements = explainer.statements if explainer else ()
        self.known_events = explainer.events if explainer else ()
        self.blocks = split_blocks(text, markdown)
        self.norm = anchor.normalise(text)
        self.sentences: list[tuple[int, int]] = [(s.start, s.end) for b in self.blocks for s in b.sentences]
        self.block_of: list[int] = [i for i, b in enumerate(self.blocks) for _ in b.sentences]
        self.quotes = [(m.start(), m.end(), *self._inner(m)) for b in self.blocks if b.kind != "heading"
                       for m in QUOTES.finditer(text, b.start, b.end)]
        self.taken: dict[str, set[str]] = {
            "entities": set(site.entities), "events": {e.id for e in self.known_events},
            "statements": {s.id for s in self.known_statements}}

    # spans -----------------------------------------------------------------------------------

    def quote(self, start: int, end: int) -> dict[str, str]:
        """exact (and prefix/suffix where needed) that find_quote resolves to exactly text[start:end]."""
        while start < end and self.text[start].isspace():
            start += 1
        while end > start and self.text[end - 1].isspace():
            end -= 1
        exact = " ".join(self.text[start:end].split())
        if not exact or len(exact) > schema.MAX_TEXT:
            raise AnchorError(exact[:40])
        before = [m.start() for m in re.finditer(r"\S+", self.text[max(0, start - 400):start])]
        after = [m.end() for m in re.finditer(r"\S+", self.text[end:end + 400])]
        tries = [("", "")]
        for n in range(1, 9):
            prefix = " ".join(self.text[max(0, start - 400) + before[-n]:start].split()) if len(before) >= n else None
            suffix = " ".join(self.text[end:end + after[n - 1]].split()) if len(after) >= n else None
            tries += [(p, s) for p, s in ((prefix, ""), ("", suffix), (prefix, suffix)) if p is not None and s is not None]
        for prefix, suffix in tries:
            found = anchor.find_quote(self.norm, exact, prefix, suffix)
            if isinstance(found, anchor.Match) and (found.start, found.end) == (start, end):
                return {"exact": exact, **({"prefix": prefix} if prefix else {}), **({"suffix": suffix} if suffix else {})}
        raise AnchorError(exact[:40])

    def cite(self, start: int, end: int) -> dict[str, str]:
        return {"seed": self.seed_id, **self.quote(start, end)}

    def sentence_at(self, offset: int) -> int:
        for i, (s, e) in enumerate(self.sentences):
            if s <= offset < e:
                return i
        return max(0, next((i for i, (s, _) in enumerate(self.sentences) if s > offset), len(self.sentences)) - 1)

    # sections --------------------------------------------------------------------------------

    def sections(self) -> list[Section]:
        result = []
        for i, block in enumerate(self.blocks):
            if block.kind == "heading":
                kind = "title" if i == 0 else "heading"
                result.append(Section(kind, " ".join(self.text[block.start:block.end].split()), block.line, block.start))
            elif block.kind == "lede":
                result.append(Section("lede", "Lede", block.line, block.start))
        return result

    # entities --------------------------------------------------------------------------------

    def candidates(self) -> list[Candidate]:
        """Every run of capitalised words outside headings that looks like a name."""
        found = []
        for index, (s, e) in enumerate(self.sentences):
            tokens = [(m.start(), m.end()) for m in TOKEN.finditer(self.text, s, e)]
            i = 0
            while i < len(tokens):
                if not self._capital(tokens[i]):
                    i += 1
                    continue
                run, j = [i], i
                while not self._possessive(tokens[j]):
                    nxt = j + 1
                    if nxt < len(tokens) and self._joined(tokens[j], tokens[nxt]) and self._capital(tokens[nxt]):
                        run.append(nxt)
                        j = nxt
                    elif (nxt + 1 < len(tokens) and self._word(tokens[nxt]) in CONNECTORS
                          and self._joined(tokens[j], tokens[nxt]) and self._joined(tokens[nxt], tokens[nxt + 1])
                          and self._capital(tokens[nxt + 1])):
                        run += [nxt, nxt + 1]
                        j = nxt + 1
                    else:
                        break
                candidate = self._candidate([tokens[k] for k in run], tokens, run[0], index)
                if candidate:
                    found.append(candidate)
                i = j + 1
        return found

    def _word(self, token: tuple[int, int]) -> str:
        return self.text[token[0]:token[1]].lower()

    def _capital(self, token: tuple[int, int]) -> bool:
        word = self.text[token[0]:token[1]]
        bare = re.sub(r"['’]s$", "", word).lower()
        if not word[0].isupper() or bare in MONTH_WORDS or bare in DAYS or word == "I":
            return False
        parts = re.split(r"[-'’]", word)
        return not (len(parts) > 1 and parts[-1].islower() and parts[-1] != "s")  # "Russian-controlled"

    def _possessive(self, token: tuple[int, int]) -> bool:
        return re.search(r"['’]s$", self.text[token[0]:token[1]]) is not None

    def _joined(self, a: tuple[int, int], b: tuple[int, int]) -> bool:
        return re.fullmatch(r"[ \t]+|[ \t]*\n[ \t]*", self.text[a[1]:b[0]]) is not None

    def _candidate(self, run: list[tuple[int, int]], tokens, first: int, sentence: int) -> Candidate | None:
        words = [self._word(t) for t in run]
        bare = [re.sub(r"['’]s$", "", w) for w in words]
        lead = 0
        while lead < len(run) and (bare[lead] in STOPWORDS or bare[lead] in PERSON_TITLES
                                   or bare[lead] in TITLE_MODIFIERS or bare[lead] in DEMONYMS
                                   or _demonym(bare[lead]) and (lead + 1 == len(run) or bare[lead + 1] in PERSON_TITLES
                                                                or bare[lead + 1] in TITLE_MODIFIERS)):
            lead += 1
        while len(run) > lead and bare[len(run) - 1] in CONNECTORS:
            run = run[:-1]
        if lead >= len(run):
            return None
        kept = bare[lead:]
        if len(kept) == 1 and (kept[0].endswith(("ism", "ist", "ists")) or _demonym(kept[0]) or len(kept[0]) < 2):
            return None
        start, end = run[lead][0], run[-1][1]
        if self._possessive(run[-1]):
            end -= 2
        # a title right before the name: capitalised ones were in the run, lower-case ones precede it
        role_start, titled = start, any(w in PERSON_TITLES for w in bare[:lead])
        k = first + lead - 1
        while k >= 0 and self._joined(tokens[k], tokens[k + 1]):
            word = re.sub(r"['’]s$", "", self._word(tokens[k]))
            if word in PERSON_TITLES or word in TITLE_MODIFIERS or _demonym(word) or (
                    self._possessive(tokens[k]) and self.text[tokens[k][0]].isupper()):
                titled = titled or word in PERSON_TITLES
                role_start = tokens[k][0]
                k -= 1
            else:
                break
        if not titled:
            role_start = start
        before = self.text[self.sentences[sentence][0]:role_start]
        after = self.text[end:end + 60]
        speaks = (re.match(rf"(?:'s|’s)?\s*(?:,[^,“”\"]{{1,80}},\s*)?(?:{SPEECH_VERBS})\b", after, re.I) is not None
                  or re.search(r"\b(?:according to|said|says|quoted|quoting)\s+(?:the\s+)?$", before, re.I) is not None)
        located = re.search(r"\b(" + "|".join(LOCATION_PREPOSITIONS) + r")\s+(?:the\s+)?$", before, re.I) is not None
        at_start = not re.search(r"\w", self.text[self.sentences[sentence][0]:start])
        return Candidate(self.text[start:end], start, end, sentence, at_start, role_start, titled, speaks, located)

    def entities(self) -> list[FoundEntity]:
        """Existing entities named in the article, then new candidates (never one twice)."""
        result: dict[str, FoundEntity] = {}
        names: dict[str, str] = {}
        for entity in self.site.entities.values():
            for name in (entity.name, *entity.aliases):
                names.setdefault(name.lower(), entity.id)
        covered: list[tuple[int, int]] = []
        if names:
            forms = sorted({n for e in self.site.entities.values() for n in (e.name, *e.aliases)}, key=len, reverse=True)
            pattern = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(f) for f in forms) + r")(?!\w)")
            for block in self.blocks:
                if block.kind == "heading":
                    continue
                for m in pattern.finditer(self.text, block.start, block.end):
                    entity = self.site.entities[names[m.group(0).lower()]]
                    found = result.setdefault(entity.id, FoundEntity(entity.id, entity.kind, entity.name, True))
                    found.mentions.append((m.start(), m.end()))
                    covered.append((m.start(), m.end()))
        candidates = self.candidates()
        # a known name inside a longer new one ("Berg" in "Tomas Berg") is not a mention of the known entity
        longer = [c for c in candidates if c.name.lower() not in names
                  and any(c.start <= s and e <= c.end and (s, e) != (c.start, c.end) for s, e in covered)]
        for c in longer:
            for found in result.values():
                found.mentions = [(s, e) for s, e in found.mentions if not (c.start <= s and e <= c.end)]
            covered = [(s, e) for s, e in covered if not (c.start <= s and e <= c.end)]
        result = {k: v for k, v in result.items() if v.mentions}
        candidates = [c for c in candidates if not any(s < c.end and c.start < e for s, e in covered)]
        groups: dict[str, list[Candidate]] = {}
        for c in candidates:
            key = c.name.lower()
            if key in names:
                entity = self.site.entities[names[key]]
                result.setdefault(entity.id, FoundEntity(entity.id, entity.kind, entity.name, True)).mentions.append((c.start, c.end))
            else:
                groups.setdefault(key, []).append(c)
        # a surname alone is the person named in full elsewhere ("Berg" after "Ana Berg")
        people = {k: g for k, g in groups.items() if len(k.split()) > 1 and _kind(g) == "person"}
        surnames: dict[str, str] = {}
        for key in people:
            surnames.setdefault(key.split()[-1], key)
        for key in list(groups):
            if key in surnames and surnames[key] in groups and key not in people:
                groups[surnames[key]].extend(groups.pop(key))
        for key, group in sorted(groups.items(), key=lambda kv: kv[1][0].start):
            if all(c.at_sentence_start for c in group) and len(key.split()) == 1:
                continue  # "Locally", "Therefore": a sentence's first word, never seen elsewhere
            full = [c for c in group if c.name.lower() == key] or group
            name = " ".join(full[0].name.split())
            kind = _kind(group)
            found = FoundEntity(self._new_id("entities", slug(name) or "entity"), kind, name, False,
                                [(c.start, c.end) for c in group])
            short = {c.name for c in group if c.name.lower() != key}
            found.aliases = sorted(short)
            titled = next((c for c in group if c.titled), None)
            if titled:
                found.role = _sentence_case(" ".join(self.text[titled.role_start:titled.start].split()))
                found.role_span = (titled.role_start, titled.end)
            result[found.id] = found
        for found in result.values():
            found.mentions.sort()
        return sorted(result.values(), key=lambda f: (f.existing, f.first))

    def _new_id(self, collection: str, base: str) -> str:
        base = base[:56].strip("-") or "item"
        taken = self.taken.setdefault(collection, set())
        candidate, n = base, 2
        while candidate in taken:
            candidate, n = f"{base}-{n}", n + 1
        taken.add(candidate)
        return candidate

    # statements ------------------------------------------------------------------------------

    def _inner(self, m: re.Match) -> tuple[int, int]:
        group = next(g for g in (1, 2, 3) if m.group(g) is not None)
        return m.start(group), m.end(group)

    def statements(self, entities: list[FoundEntity]) -> list[FoundStatement]:
        people = [(s, e, f) for f in entities if f.kind == "person" for s, e in f.mentions]
        people = [(s, e, f) for s, e, f in people if not any(qs <= s and e <= qe for qs, qe, _, _ in self.quotes)]
        spoken = {s.speaker_id: s for s in self.known_statements}
        existing = [(s.quote.start, s.quote.end, s.id) for s in self.known_statements if s.quote.seed_id == self.seed_id]
        result = []
        for outer_start, outer_end, start, end in self.quotes:
            if not re.search(r"\w", self.text[start:end]):
                continue
            first, last = self.sentence_at(outer_start), self.sentence_at(outer_end - 1)
            window = (self.sentences[first][0], self.sentences[last][1])
            speaker = self._speaker(people, outer_start, outer_end, window, first)
            if speaker is None:
                continue
            found, at = speaker
            known = spoken.get(found.id)
            role = known.role if known else (found.role or NO_ROLE)  # "": the explainer's statement has none
            side, guessed = (known.side_id, False) if known else self._side(found, at, window, self.sides, result)
            words = re.findall(r"\w+", self.text[start:end].lower())[:4]
            base = slug(f"{found.name.split()[-1]} {' '.join(words)}") or "statement"
            same = next((sid for s, e, sid in existing if s < end and start < e), "")
            result.append(FoundStatement("" if same else self._new_id("statements", base), found.id, found.name,
                                         (start, end), window, role, side, guessed, same))
        return result

    def _speaker(self, people, outer_start: int, outer_end: int, window: tuple[int, int], sentence: int):
        best, best_score = None, None
        for s, e, found in people:
            if not (window[0] <= s and e <= window[1]):
                continue
            if e <= outer_start:
                gap = self.text[e:outer_start]
                said = SPEECH.search(gap) or (re.search(r"\baccording to\s+(?:the\s+)?$", self.text[window[0]:s], re.I)
                                              and not re.search(r"\w", gap))
                score = len(gap) if said and len(gap) < 300 else None
            elif s >= outer_end:
                gap = self.text[outer_end:s]
                tail = self.text[e:e + 40]
                ok = len(gap) <= 60 and (SPEECH.search(gap) or re.match(rf"\s*(?:{SPEECH_VERBS})\b", tail, re.I))
                score = len(gap) + 1000 if ok else None
            else:
                score = None
            if score is not None and (best_score is None or score < best_score):
                best, best_score = (found, s), score
        if best is None and PRONOUN_SPEECH.search(self.text[window[0]:window[1]]):
            earlier = [(s, found) for s, e, found in people
                       if e <= outer_start and s >= self.sentences[max(0, sentence - 3)][0]]
            if earlier:
                s, found = max(earlier, key=lambda pair: pair[0])
                best = (found, s)
        return best

    def _side(self, found: FoundEntity, at: int, window: tuple[int, int], sides: tuple[str, ...],
              earlier: list[FoundStatement]) -> tuple[str, bool]:
        """The side named in the speaker's title ("Ukrainian President"), or nearest the speaker.

        ("", False) when the explainer has no sides: none is guessed.
        """
        if not sides:
            return "", False
        stems = []
        for side in sides:
            entity = self.site.entities.get(side)
            for name in (entity.name, *entity.aliases) if entity else ():
                stems.append((re.compile(r"(?<!\w)" + re.escape(name if len(name) <= 4 else name[:max(4, len(name) - 2)])), side))
        in_role = [(m.start(), side) for stem, side in stems for m in stem.finditer(found.role)]
        if in_role:
            return min(in_role)[1], False
        before = next((s for s in reversed(earlier) if s.speaker == found.id and not s.side_guessed), None)
        if before is not None:
            return before.side, False
        block = self.blocks[self.block_of[self.sentence_at(at)]]
        for lo, hi in ((window[0], at), window, (block.start, block.end)):
            near = [(abs(m.start() - at), side) for stem, side in stems for m in stem.finditer(self.text, lo, hi)]
            if near:
                return min(near)[1], False
        return sides[0], True

    # events ----------------------------------------------------------------------------------

    def events(self) -> list[FoundEvent]:
        existing = [(sp.start, sp.end, e.id, e.date[:4]) for e in self.known_events for ev in e.evidence
                    if (sp := ev.span) is not None and sp.seed_id == self.seed_id]
        result = []
        for start, end in self.sentences:
            taken: list[tuple[int, int]] = []
            dates = []
            for kind, pattern in DATE_PATTERNS:
                for m in pattern.finditer(self.text, start, end):
                    if any(s < m.end() and m.start() < e for s, e in taken):
                        continue
                    date = _date(kind, m)
                    if date:
                        taken.append(m.span())
                        dates.append((m.start(), date))
            for _, date in sorted(dates):
                if any(f.date == date and f.sentence == (start, end) for f in result):
                    continue
                same = next((eid for s, e, eid, year in existing if s < end and start < e and year == date[:4]), "")
                words = [w for w in re.findall(r"\w+", self.text[start:end].lower()) if w not in STOPWORDS and not w.isdigit()]
                base = slug(f"{date} {' '.join(words[:4])}")
                result.append(FoundEvent("" if same else self._new_id("events", base), date, (start, end), same))
        return result


def _demonym(word: str) -> bool:
    return word in DEMONYMS or (len(word) > 5 and word.endswith(("ian", "ean", "ese", "ish")))


def _kind(group: list[Candidate]) -> str:
    """person, place or organisation, by the words of the name and what stands around it."""
    name = group[0].name
    words = [w.lower() for w in re.split(r"[\s]+", re.sub(r"['’]s$", "", name))]
    if re.fullmatch(r"[A-Z]{2,6}", name):
        return "organisation"
    if any(w in ORG_WORDS for w in words):
        return "organisation"
    if any(w in PLACE_WORDS for w in words):
        return "place"
    if any(c.titled or c.speaks for c in group):
        return "person"
    if words[0] in PLACE_FIRST_WORDS or any(c.located for c in group):
        return "place"
    return "person" if 2 <= len(words) <= 4 else "place"


def _date(kind: str, m: re.Match) -> str:
    if kind == "dmy":
        day, month, year = int(m.group(1)), _month(m.group(2)), m.group(3)
    elif kind == "mdy":
        month, day, year = _month(m.group(1)), int(m.group(2)), m.group(3)
    elif kind == "my":
        month, day, year = _month(m.group(1)), 0, m.group(2)
    else:
        return m.group(1)
    try:
        datetime.date(int(year), month, day or 1)
    except ValueError:
        return ""
    return f"{year}-{month:02d}-{day:02d}" if day else f"{year}-{month:02d}"


def _month(word: str) -> int:
    return MONTH_WORDS[word.lower().rstrip(".")[:3]]


def slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:56].strip("-")


def shorten(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[:limit - 1].rsplit(" ", 1)[0].rstrip(",;:") if " " in text[:limit - 1] else text[:limit - 1]
    return cut + "…"


def _sentence_case(text: str) -> str:
    return text[:1].upper() + text[1:]


def markdown_escape(text: str) -> str:
    text = re.sub(r"([\\`*_\[\]<>|~])", r"\\\1", " ".join(text.split()))
    return re.sub(r"^([#+\->]|\d+[.)])", r"\\\1", text)
