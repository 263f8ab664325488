"""Finding draft annotations in an article: statements with their speakers, names, dates.

Plain pattern matching over the seed (no model, nothing downloaded): quoted words with the
person the sentence attributes them to, dates, capitalised names. Every span found is the
seed's own text, verified with ``anchor.find_quote`` (with a prefix or suffix where the text
repeats).
"""
from __future__ import annotations

import bisect
import datetime
import re
import string
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
    "list", "coalition", "bloc", "caucus", "chamber", "exchange", "mining", "ferries", "airlines", "railways",
    "motors", "industries", "holdings", "airways", "pharma", "telecom",
}
# Nouns for a body that may stand right before its name: "the charity Open Hands", "its largest carmaker, Velo Motors".
BODIES = ("charity", "company", "firm", "carmaker", "automaker", "manufacturer", "maker", "group", "agency", "bank",
          "party", "union", "organisation", "organization", "ngo", "broadcaster", "newspaper", "airline", "insurer",
          "operator", "retailer", "supplier", "producer", "lender", "developer", "chain", "publisher", "charities",
          "institute", "foundation", "club", "think tank", "consortium", "conglomerate", "miner", "steelmaker")
BODY_BEFORE = re.compile(r"\b(?:" + "|".join(BODIES) + r")(?:,)?\s+$", re.I)
DOCUMENTS = {"pact", "treaty", "accord", "accords", "agreement", "convention", "protocol", "charter", "act", "deal"}
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
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# Year-less dates, resolved against the article's date: "on 20 March", "March 20", "in April", "on Tuesday".
DAY_MONTH = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+" + MONTH + r"(?!,?\s+(?:of\s+)?\d)")
MONTH_DAY = re.compile(r"\b" + MONTH + r"\s+(\d{1,2})(?:st|nd|rd|th)?\b(?!,?\s+\d)(?!\s*%)")
IN_MONTH = re.compile(r"(?<=\bin )(?:early |late |mid-)?" + MONTH + r"(?!,?\s+(?:of\s+)?\d)(?!\w)")
WEEKDAY = re.compile(r"\b(?:(?:on|last|next|this)\s+(?:(?:early|late)\s+)?)(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
                     r"|\b(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)['’]s\s+[a-z]")
# A date mentioned in passing, not the date of what the sentence reports (looked for in the clause before it):
# "for the first time since March 2019", "up from 15% in 2020", "was due to open in 2026", "until 2022".
PASSING = re.compile(r"\b(?:since|until|till)\b(?!.*[,;:])|\b(?:up|down|rising|falling|compared)\s+(?:from|with|to)\b"
                     r"(?!.*[,;:])|\bthan\b(?!.*[,;:])|\b(?:was|were|had been)\s+(?:due|expected|supposed|scheduled|meant|set)\s+to\b",
                     re.I | re.S)
# The year a figure is for: "41 billion euros in 2023", "27% of the vote in 2020".
FIGURE = re.compile(r"(?:\d\s*%|\bper\s?cent|\b(?:euros?|dollars?|pounds?|crowns?|francs?|yen|yuan|rupees?|billion|million|"
                    r"tonnes?|barrels?)|\bof the vote)\s+(?:a\s+(?:year|month)\s+)?in\s+$", re.I)
NEAR = 300  # how far before a date or a name its clause is read (a long sentence stays linear)
FUTURE = re.compile(r"\b(?:will|shall|due to|expected to|set to|scheduled to|plans? to|planned|next)\b", re.I)
TITLE_WORDS = "|".join(sorted(PERSON_TITLES | {"executive", "director-general"}, key=len, reverse=True))
# Words that say whose side someone is on: "X's delegation was led by Y", "Y, who heads the X team".
LED = re.compile(r"(?P<what>[^,;.“”\"]{1,80}?)\s+(?:(?:was|were|is|are|has been|had been|will be)\s+)?"
                 r"(?:led|headed|chaired)\s+by\s+$")
LEADS = re.compile(r"\s*(?:,\s*who\s+)?(?P<verb>leads|led|heads|headed|chairs|chaired|runs|ran)\s+(?P<what>[^,;.“”\"]{2,60})")
DETERMINER = r"(?:the|its|his|her|their|a|an)"
POSSESSOR = r"[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*){0,3}['’]s"
APPOSITIVE_AFTER = re.compile(
    rf"\s*,\s*(?P<role>(?:{DETERMINER}\s+|{POSSESSOR}\s+)[^,;.“”\"]{{2,90}}?|who\s+(?:is|was)\s+[^,;.“”\"]{{2,90}}?)"
    r"\s*(?=,|\.|;|$|\s+(?:said|says|told|added)\b)")
APPOSITIVE_BEFORE = re.compile(
    rf"(?:^|[,;:—–(]\s*|\b(?:said|says|told|added)\s+)(?P<role>(?:(?i:{DETERMINER})\s+|{POSSESSOR}\s+)?"
    rf"(?:[\w’'-]+\s+){{0,3}}?(?i:{TITLE_WORDS}))\s*,\s*$")



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
    dateline: bool = False
    named_body: bool = False  # a noun for a body right before: "the charity X", "the largest carmaker, X"  # the place of the article's dateline


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


@dataclass
class Attribution:
    """What the article says of a person: a role (and the span that says it), the sides it ties them to."""

    role: str = ""
    role_span: tuple[int, int] | None = None
    sides: set[str] = field(default_factory=set)


@dataclass
class Dateline:
    """The article's dateline ("ORSA, 12 March 2025 (Lakes Press) —"): its place, its agency, its date."""

    end: int = 0  # where the lede's own words start (0: no dateline)
    place: tuple[int, int] | None = None
    agency: tuple[int, int] | None = None
    date: datetime.date | None = None


DATELINE = re.compile(
    r"(?P<place>[A-Z][\w'’.-]*(?:[ -][A-Z][\w'’.-]*){0,3})"
    r"(?:,\s*(?P<date>[A-Z0-9][^—–()\n,]{2,30}(?:,\s*\d{4})?))?"
    r"\s*(?:\((?P<agency>[^()\n]{1,40})\))?"
    r"\s*(?:—|–|--|-)\s+")


class AnchorError(Exception):
    """A span could not be quoted unambiguously (never written)."""


class Drafter:
    """Finds candidate statements, entities, events and sections in one seed's text.

    Entities are the site's (site-wide); sides, statements and events are those of the
    explainer the article is added to (None: a new explainer, with none yet).
    """

    def __init__(self, text: str, markdown: bool, seed_id: str, site: Site, explainer: Explainer | None = None,
                 date: str = ""):
        self.text, self.seed_id, self.site = text, seed_id, site
        self.slug = explainer.slug if explainer else ""
        self.sides: tuple[str, ...] = explainer.side_ids if explainer else ()
        self.known_statements = explainer.statements if explainer else ()
        self.known_events = explainer.events if explainer else ()
        self.news_event = explainer.event if explainer else None
        self.blocks = split_blocks(text, markdown)
        self.norm = anchor.normalise(text)
        self.sentences: list[tuple[int, int]] = [(s.start, s.end) for b in self.blocks for s in b.sentences]
        self.sentence_starts = [s for s, _ in self.sentences]
        self.block_of: list[int] = [i for i, b in enumerate(self.blocks) for _ in b.sentences]
        self.quotes = [(m.start(), m.end(), *self._inner(m)) for b in self.blocks if b.kind != "heading"
                       for m in QUOTES.finditer(text, b.start, b.end)]
        self.quote_starts = [q[0] for q in self.quotes]
        self.taken: dict[str, set[str]] = {
            "entities": set(site.entities), "events": {e.id for e in self.known_events},
            "statements": {s.id for s in self.known_statements}}
        self.dateline = self._dateline()
        self.article_date = self.dateline.date or _iso_date(date)
        self.found: list[FoundEntity] = []  # the entities, once found (for "its" in a speaker's role)
        self._attributions: dict[str, Attribution] = {}
        self._patterns: list[tuple[re.Pattern, str]] | None = None
        self._bodies: list[tuple[int, int, str]] | None = None

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
        """The sentence holding offset (or the last one before it)."""
        return max(0, bisect.bisect_right(self.sentence_starts, offset) - 1)

    def _dateline(self) -> Dateline:
        """The dateline at the start of the lede, if it has one: an upper-case place, or a place with a date or agency."""
        lede = next((b for b in self.blocks if b.kind != "heading"), None)
        m = DATELINE.match(self.text, lede.start, lede.end) if lede else None
        if m is None:
            return Dateline()
        place, when = m.group("place"), m.group("date")
        date = None
        if when:
            for kind, pattern in DATE_PATTERNS[:2]:
                found = pattern.fullmatch(when.strip())
                if found:
                    date = _iso_date(_date(kind, found))
        capitals = place.upper() == place and len(re.sub(r"\W", "", place)) >= 2
        if not (capitals or date or m.group("agency")):
            return Dateline()
        return Dateline(m.end(), m.span("place"), m.span("agency") if m.group("agency") else None, date)

    def sentence_start(self, index: int) -> int:
        """Where sentence index starts, after the dateline for the lede's first one."""
        start = self.sentences[index][0]
        return max(start, self.dateline.end) if start < self.dateline.end <= self.sentences[index][1] else start

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
        agency = self.dateline.agency
        for index, (s, e) in enumerate(self.sentences):
            tokens = [(m.start(), m.end()) for m in TOKEN.finditer(self.text, s, e)
                      if not (agency and agency[0] <= m.start() < agency[1])]  # the dateline's news agency
            i = 0
            while i < len(tokens):
                if not self._capital(tokens[i]):
                    i += 1
                    continue
                run, j = [i], i
                while not self._possessive(tokens[j]):
                    nxt = j + 1
                    if nxt < len(tokens) and self._capital(tokens[nxt]) and (
                            self._joined(tokens[j], tokens[nxt]) or self._plural_possessive(tokens[j], tokens[nxt])):
                        run.append(nxt)  # "Farmers' List"
                        j = nxt
                    elif (nxt + 1 < len(tokens) and self._word(tokens[nxt]) in CONNECTORS
                          and self._joined(tokens[j], tokens[nxt]) and self._joined(tokens[nxt], tokens[nxt + 1])
                          and self._capital(tokens[nxt + 1])):
                        run += [nxt, nxt + 1]
                        j = nxt + 1
                    elif (nxt + 2 < len(tokens) and self._word(tokens[nxt]) in CONNECTORS
                          and self.text[slice(*tokens[nxt + 1])] == "the" and self._capital(tokens[nxt + 2])
                          and all(self._joined(tokens[k], tokens[k + 1]) for k in (j, nxt, nxt + 1))):
                        run += [nxt, nxt + 1, nxt + 2]  # "Council of the Northern Lakes"
                        j = nxt + 2
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

    def _plural_possessive(self, a: tuple[int, int], b: tuple[int, int]) -> bool:
        return self.text[a[1] - 1] == "s" and re.fullmatch(r"['’][ \t]+", self.text[a[1]:b[0]]) is not None

    def _title_start(self, tokens, k: int) -> tuple[int, bool]:
        """Where a title ending with tokens[k] starts ("Northland's water minister", "Liberal Forum chairman")."""
        start, titled = tokens[k + 1][0], False
        while k >= 0 and self._joined(tokens[k], tokens[k + 1]):
            raw = self.text[slice(*tokens[k])]
            word = re.sub(r"['’]s$", "", raw.lower())
            if word in PERSON_TITLES or word in TITLE_MODIFIERS or _demonym(word) or (
                    self._possessive(tokens[k]) and raw[0].isupper()) or (
                    titled and raw[0].isupper() and word not in STOPWORDS and word not in MONTH_WORDS):
                titled = titled or word in PERSON_TITLES
                start = tokens[k][0]
                k -= 1
            else:
                break
        return start, titled

    def _candidate(self, run: list[tuple[int, int]], tokens, first: int, sentence: int) -> Candidate | None:
        words = [self._word(t) for t in run]
        bare = [re.sub(r"['’]s$", "", w) for w in words]
        # a title in the run ends at its last title word: "Transport Minister Nora Hale"
        lead = max((i + 1 for i in range(len(run) - 1) if bare[i] in PERSON_TITLES), default=0)
        while lead < len(run) and (bare[lead] in STOPWORDS or bare[lead] in PERSON_TITLES or bare[lead] in DEMONYMS
                                   or _demonym(bare[lead]) and (lead + 1 == len(run) or bare[lead + 1] in PERSON_TITLES
                                                                or bare[lead + 1] in TITLE_MODIFIERS)
                                   or bare[lead] in TITLE_MODIFIERS and lead + 1 < len(run)
                                   and bare[lead + 1] in PERSON_TITLES | TITLE_MODIFIERS):
            lead += 1
        while len(run) > lead and bare[len(run) - 1] in CONNECTORS | {"the"}:
            run = run[:-1]
        if lead >= len(run):
            return None
        kept = bare[lead:]
        if kept[-1] in DOCUMENTS and len(kept) > 1:
            return None  # "Northern Trade Pact": an agreement, not a person, place or body
        if len(kept) == 1 and (kept[0].endswith(("ism", "ist", "ists")) or _demonym(kept[0]) or len(kept[0]) < 2
                               or kept[0] in TITLE_MODIFIERS):
            return None
        start, end = run[lead][0], run[-1][1]
        if self._possessive(run[-1]):
            end -= 2
        after = self.text[end:end + 60]
        if len(kept) == 1 and re.match(rf"\s+(?:[a-z][\w-]*\s+){{0,2}}(?:{TITLE_WORDS})\s+[A-Z]", after):
            return None  # part of the title of the person named next: "Green leader Ines Varga"
        # a title right before the name: capitalised ones were in the run, lower-case ones precede it
        role_start, titled = start, any(w in PERSON_TITLES for w in bare[:lead])
        if first + lead > 0:
            before_start, before_titled = self._title_start(tokens, first + lead - 1)
            role_start, titled = (before_start, True) if titled or before_titled else (start, False)
        sentence_start = self.sentence_start(sentence)
        before = self.text[max(sentence_start, role_start - NEAR):role_start]
        speaks = (re.match(rf"(?:'s|’s)?\s*(?:,[^,“”\"]{{1,80}},\s*)?(?:{SPEECH_VERBS})\b", after, re.I) is not None
                  or re.search(r"\b(?:according to|said|says|quoted|quoting)\s+(?:the\s+)?$", before, re.I) is not None)
        located = re.search(r"\b(" + "|".join(LOCATION_PREPOSITIONS) + r")\s+(?:the\s+)?$", before, re.I) is not None
        dateline = self.dateline.place is not None and (start, end) == self.dateline.place
        at_start = not dateline and not re.search(r"\w", self.text[sentence_start:start])
        body = not titled and BODY_BEFORE.search(before) is not None
        return Candidate(self.text[start:end], start, end, sentence, at_start, role_start, titled, speaks,
                         located or dateline, dateline, body)

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
            name = " ".join(min(full, key=lambda c: (c.name.isupper(), c.start)).name.split())
            if name.isupper() and all(c.dateline for c in full):
                name = string.capwords(name.lower(), " ")  # "ORSA" of the dateline: Orsa
            kind = _kind(group)
            found = FoundEntity(self._new_id("entities", slug(name) or "entity"), kind, name, False,
                                [(c.start, c.end) for c in group])
            short = {c.name for c in group if c.name.lower() != key}
            found.aliases = sorted(short)
            result[found.id] = found
        for found in result.values():
            found.mentions.sort()
        self.found = sorted(result.values(), key=lambda f: (f.existing, f.first))
        for found in self.found:
            if found.kind == "person" and not found.existing:
                attribution = self.attribution(found)
                found.role, found.role_span = attribution.role, attribution.role_span
        return self.found

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
        """Quoted words with their speaker; role and side only as the article gives them (or marked)."""
        self.found = entities
        people = [(s, e, f) for f in entities if f.kind == "person" for s, e in f.mentions]
        people = [(s, e, f) for s, e, f in people if not self._in_quote(s, e)]
        # a body that speaks: "Meridian Terminals said", "the union's leadership called the offer"
        bodies, body_roles = [], {}
        for f in entities:
            for s, e in f.mentions if f.kind in ("organisation", "group") else ():
                m = re.match(rf"(?:['’]s(?P<body>(?:\s+[a-z][\w-]*){{1,3}}))?\s+(?:{SPEECH_VERBS})\b", self.text[e:e + 80])
                if m and not self._in_quote(s, e):
                    bodies.append((s, e, f))
                    body_roles[s] = _role(m.group("body") or "")
        speakers = sorted(people + bodies, key=lambda p: p[:2])
        speakers = (speakers, [p[0] for p in speakers])  # and their starts, to find those near a quote
        spoken = {s.speaker_id: s for s in self.known_statements}
        elsewhere = {s.speaker_id: (e.slug, s) for e in self.site.explainers if e.slug != self.slug
                     for s in e.statements if s.role}
        existing = [(s.quote.start, s.quote.end, s.id) for s in self.known_statements if s.quote.seed_id == self.seed_id]
        result: list[FoundStatement] = []
        previous = None  # (speaker, where named, sentence of the last quote) of the statement before
        for outer_start, outer_end, start, end in self.quotes:
            if not re.search(r"\w", self.text[start:end]):
                continue
            first, last = self.sentence_at(outer_start), self.sentence_at(outer_end - 1)
            window = (self.sentences[first][0], self.sentences[last][1])
            speaker = self._speaker(speakers, outer_start, outer_end, window, first)
            if (speaker is None and previous is not None and previous[2] == first - 1
                    and self.block_of[first] == self.block_of[first - 1]
                    and not re.search(r"\w", self.text[window[0]:outer_start] + self.text[outer_end:window[1]])):
                speaker = previous[:2]  # a quote standing alone goes on the words of the one before
            if speaker is None:
                continue
            found, at = speaker
            previous = (found, at, last)
            attribution = self.attribution(found) if found.kind == "person" else Attribution(
                body_roles.get(at, ""), None, {found.id} & set(self.sides))  # a side speaking for itself
            known = spoken.get(found.id)
            notes = []
            if attribution.role:
                role = attribution.role
            elif known is not None and known.role:
                role = known.role
                notes.append(f"role from statement `{known.id}` of this explainer (the article gives none): check it still holds")
            elif found.id in elsewhere:
                slug_, other = elsewhere[found.id]
                role = other.role
                notes.append(f"role from explainer `{slug_}` (statement `{other.id}`), not from this article: check it")
            else:
                role = ""
                notes.append("role: the article gives none; add one if you know it")
            side = ""
            if self.sides:
                if len(attribution.sides) == 1:
                    side = next(iter(attribution.sides))
                elif attribution.sides:
                    notes.append(f"side: the article ties {found.name} to {', '.join(sorted(attribution.sides))}; "
                                 "add the right one")
                elif known is not None and known.side_id:
                    side = known.side_id
                    notes.append(f"side from statement `{known.id}` of this explainer (the article does not say): check it")
                else:
                    notes.append(f"side: the article does not say whose side {found.name} is on; add one if there is one")
            words = re.findall(r"\w+", self.text[start:end].lower())[:4]
            base = slug(f"{found.name.split()[-1]} {' '.join(words)}") or "statement"
            same = next((sid for s, e, sid in existing if s < end and start < e), "")
            result.append(FoundStatement("" if same else self._new_id("statements", base), found.id, found.name,
                                         (start, end), window, role, side, False, same, notes))
        return result

    def _speaker(self, speakers, outer_start: int, outer_end: int, window: tuple[int, int], sentence: int):
        """The person (or body) named as saying the quote: (entity, where named), or None."""
        people, starts = speakers
        best, best_score = None, None
        lo = bisect.bisect_left(starts, max(window[0], outer_start - 400))
        hi = bisect.bisect_right(starts, min(window[1], outer_end + 100))
        for s, e, found in people[lo:hi]:
            if not (window[0] <= s and e <= window[1]):
                continue
            if e <= outer_start:
                gap = self.text[e:outer_start]
                said = SPEECH.search(gap) or (re.search(r"\baccording to\s+(?:the\s+)?$", self.text[max(window[0], s - 40):s], re.I)
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
        if best is None and PRONOUN_SPEECH.search(self.text[max(window[0], outer_start - NEAR):min(window[1], outer_end + NEAR)]):
            first = self.sentences[max(0, sentence - 3)][0]
            for s, e, found in reversed(people[bisect.bisect_left(starts, first):bisect.bisect_left(starts, outer_start)]):
                if found.kind == "person" and e <= outer_start:
                    best = (found, s)  # the person named last before
                    break
        return best

    # who says what: roles and sides ---------------------------------------------------------

    def attribution(self, found: FoundEntity) -> Attribution:
        """The role and sides the article gives found, from the words around each mention outside quotes.

        A role: the title before the name ("Deputy Foreign Minister Petra Halvorsen"), or an apposition
        ("Brenna's mayor, Oskar Lindqvist", "Rosa Kincaid, the union's general secretary,"). A side: one of
        the explainer's sides named in those words or in "X's delegation was led by Y", "Y, who heads the
        X team", "the X of Prime Minister Y"; "its" stands for the one side or organisation named just before.
        """
        if found.id in self._attributions:
            return self._attributions[found.id]
        result = Attribution()
        for s, e in sorted(found.mentions):
            if self._in_quote(s, e):
                continue
            i = self.sentence_at(s)
            lo, hi = max(self.sentence_start(i), s - NEAR), min(self.sentences[i][1], e + NEAR)
            roles: list[tuple[str, tuple[int, int]]] = []
            evidence: list[tuple[int, int]] = []
            tokens = [(m.start(), m.end()) for m in TOKEN.finditer(self.text, lo, s)]
            title_start = s
            if tokens and self._joined(tokens[-1], (s, e)):
                start, titled = self._title_start([*tokens, (s, e)], len(tokens) - 1)
                if titled:
                    title_start = start
                    roles.append((self.text[start:s], (start, e)))
                    evidence.append((start, s))
                    of = re.search(r"((?:[A-Z][\w'’-]*\s+){1,4})of\s+(?:the\s+)?$", self.text[lo:start])
                    if of:
                        evidence.append((lo + of.start(1), lo + of.end(1)))
            before = self.text[lo:title_start]
            m = APPOSITIVE_BEFORE.search(before)
            if m:
                roles.append((m.group("role"), (lo + m.start("role"), e)))
                evidence.append((lo + m.start("role"), lo + m.end("role")))
            m = LED.search(before)
            if m:
                evidence.append((lo + m.start("what"), lo + m.end("what")))
            after = self.text[e:hi]
            m = APPOSITIVE_AFTER.match(after)
            if m and (m.group("role").startswith("who") or re.search(rf"\b(?:{TITLE_WORDS})\b", m.group("role"), re.I)):
                roles.append((re.sub(r"^who\s+(?:is|was)\s+", "", m.group("role")), (s, e + m.end("role"))))
                evidence.append((e + m.start("role"), e + m.end("role")))
            m = LEADS.match(after)
            if m:
                evidence.append((e + m.start("what"), e + m.end("what")))
                head = {"leads": "Leader", "led": "Leader", "chairs": "Chair", "chaired": "Chair"}.get(m.group("verb"), "Head")
                roles.append((f"{head} of {m.group('what')}", (s, e + m.end("what"))))
            m = re.match(r"\s+of\s+(?P<what>(?:the\s+)?[A-Z][^,;.“”\"]{1,60}?)(?=\s*(?:,|\.|;|$)|\s+(?:said|says|told|added)\b)",
                         after)
            if m:
                evidence.append((e + m.start("what"), e + m.end("what")))
            if roles and not result.role:
                text, span = roles[0]
                result.role, result.role_span = _role(text), span
            for lo_, hi_ in evidence:
                sides = self._sides_in(lo_, hi_)
                if len(sides) == 1:
                    result.sides |= sides
        self._attributions[found.id] = result
        return result

    def _side_patterns(self) -> list[tuple[re.Pattern, str]]:
        if self._patterns is None:
            self._patterns, heads = [], {}
            for side in self.sides:
                entity = self.site.entities.get(side)
                if entity is None:
                    continue
                for name in (entity.name, *entity.aliases):
                    stem = name if len(name) <= 4 else name[:max(4, len(name) - 2)]
                    self._patterns.append((re.compile(r"(?<!\w)" + re.escape(stem)), side))
                head = entity.name.split()[-1].lower()
                if head in ORG_WORDS:
                    heads.setdefault(head, []).append(side)
            for head, sides in heads.items():
                if len(sides) == 1:  # "the union", when only one side is a union
                    self._patterns.append((re.compile(rf"\b[Tt]he {re.escape(head)}\b"), sides[0]))
        return self._patterns

    def _sides_in(self, start: int, end: int) -> set[str]:
        """The sides named in text[start:end]; "its" or "their" is the one side or organisation named just before."""
        if not self.sides:
            return set()
        text = self.text[start:end]
        sides = {side for pattern, side in self._side_patterns() if pattern.search(text)}
        if re.search(r"\b(?:[Ii]ts|[Tt]heir)\b", text):
            if self._bodies is None:  # where each organisation or side is named, in order
                self._bodies = sorted((s, e, f.id) for f in self.found if f.kind == "organisation" or f.id in self.sides
                                      for s, e in f.mentions)
            i = self.sentence_at(start)
            for lo, hi in ((self.sentence_start(i), start), self.sentences[i - 1] if i > 0 else (0, 0)):
                lo = max(lo, hi - NEAR)
                named = {fid for s, e, fid in self._bodies[bisect.bisect_left(self._bodies, (lo,)):
                                                            bisect.bisect_left(self._bodies, (hi,))] if e <= hi}
                if named:
                    if len(named) == 1 and next(iter(named)) in self.sides:
                        sides |= named
                    break
        return sides

    # events ----------------------------------------------------------------------------------

    def events(self) -> list[FoundEvent]:
        """Timeline entries: the article's own event, and each date a sentence reports something happening at.

        The article's own event is its first sentence's first date ("on Tuesday" counted back from the
        dateline's or the seed's date), or that date itself. Elsewhere a date counts when it is not
        mentioned in passing ("since March 2019", "up from 15% in 2020", "was due to open in 2026"). A
        day already on the timeline from an earlier sentence is not drafted again.
        """
        existing = [(sp.start, sp.end, e.id, e.date[:4]) for e in self.known_events for ev in e.evidence
                    if (sp := ev.span) is not None and sp.seed_id == self.seed_id]
        own_spans = [(sp.start, sp.end) for ev in (self.news_event.evidence if self.news_event else ())
                     if (sp := ev.span) is not None and sp.seed_id == self.seed_id]
        result: list[FoundEvent] = []
        for index, (start, end) in enumerate(self.sentences):
            dates = self._dates(index)
            if index == 0:  # the lede: the article's own event, and other dates of the sentence written in full
                own = [d for d in dates if d[2]][:1] or (
                    [(start, self.article_date.isoformat(), True)] if self.article_date else [])
                dates = own + [d for d in dates if not d[2] and d not in own]
            for _, date, _ in dates:
                if any(f.date == date and (f.sentence == (start, end) or len(date) == 10) for f in result):
                    continue
                same = next((eid for s, e, eid, year in existing if s < end and start < e and year == date[:4]), "")
                if not same and any(s < end and start < e for s, e in own_spans) and (
                        self.news_event.date in ("", date) if index == 0 else self.news_event.date == date):
                    same = "event"  # the explainer's own event (explainer.yaml) cites this sentence
                words = [w for w in re.findall(r"\w+", self.text[self.sentence_start(index):end].lower())
                         if w not in STOPWORDS and not w.isdigit()]
                base = slug(f"{date} {' '.join(words[:4])}")
                result.append(FoundEvent("" if same else self._new_id("events", base), date,
                                         (self.sentence_start(index), end), same))
        return result

    def _dates(self, index: int) -> list[tuple[int, str, bool]]:
        """(offset, date, relative) of each date the sentence reports something at, in order.

        relative: a year-less date or a weekday, counted from the article's date.
        """
        start, end = self.sentence_start(index), self.sentences[index][1]
        taken: list[tuple[int, int]] = []
        dates = []

        def add(m: re.Match, date: str, relative: bool) -> None:
            i = bisect.bisect_left(taken, m.span())  # taken spans never overlap: check the neighbours
            if i < len(taken) and taken[i][0] < m.end() or i > 0 and taken[i - 1][1] > m.start():
                return
            taken.insert(i, m.span())
            quoted = self._in_quote(*m.span())  # the speaker's date, not one the article reports
            if date and not quoted and not self._passing(start, m):
                dates.append((m.start(), date, relative))

        for kind, pattern in DATE_PATTERNS:
            for m in pattern.finditer(self.text, start, end):
                add(m, _date(kind, m), False)
        day = self.article_date
        for pattern in (DAY_MONTH, MONTH_DAY, IN_MONTH):
            for m in pattern.finditer(self.text, start, end):
                add(m, _near(day, m, pattern) if day else "", True)
        for m in WEEKDAY.finditer(self.text, start, end):
            near = max(start, m.start() - NEAR)
            said = re.search(rf"\b(?:{SPEECH_VERBS})\b(?:\s+[\w'’]+){{0,3}}\s+$", self.text[near:m.start()], re.I)
            future = FUTURE.search(self._unquoted(near, m.start())) is not None or m.group(0).lower().startswith("next")
            add(m, "" if said or not day else _weekday(day, (m.group(1) or m.group(2)).lower(), future), True)
        return sorted(dates)

    def _quotes_over(self, start: int, end: int):
        """The quotes (outer start, outer end, start, end) that overlap text[start:end]."""
        i = bisect.bisect_left(self.quote_starts, end)
        while i > 0 and self.quotes[i - 1][1] > start:
            i -= 1
            yield self.quotes[i]

    def _in_quote(self, start: int, end: int) -> bool:
        return any(qs <= start and end <= qe for qs, qe, _, _ in self._quotes_over(start, end))

    def _unquoted(self, start: int, end: int) -> str:
        """text[start:end] with quoted words blanked: what the reporter says, not what is quoted."""
        chars = list(self.text[start:end])
        for outer_start, outer_end, _, _ in self._quotes_over(start, end):
            for i in range(max(outer_start, start), min(outer_end, end)):
                chars[i - start] = " "
        return "".join(chars)

    def _passing(self, start: int, m: re.Match) -> bool:
        """A date mentioned in passing: "since March 2019" (but "since 1987, when 11 people died" reports 1987)."""
        if re.match(r",?\s+when\b", self.text[m.end():m.end() + 12]):
            return False
        before = self.text[max(start, m.start() - NEAR):m.start()]
        return PASSING.search(before) is not None or FIGURE.search(before) is not None


def _iso_date(text: str) -> datetime.date | None:
    """A full YYYY-MM-DD date, or None (a year or month alone is not a day to count from)."""
    try:
        return datetime.date.fromisoformat(text) if re.fullmatch(r"\d{4}-\d\d-\d\d", text or "") else None
    except ValueError:
        return None


def _near(day: datetime.date, m: re.Match, pattern: re.Pattern) -> str:
    """A year-less date ("20 March", "March 20", "in April") in the year that puts it nearest the article's date."""
    if pattern is DAY_MONTH:
        number, month = int(m.group(1)), _month(m.group(2))
    elif pattern is MONTH_DAY:
        month, number = _month(m.group(1)), int(m.group(2))
    else:
        month, number = _month(m.group(1)), 0
    options = []
    for year in (day.year - 1, day.year, day.year + 1):
        try:
            options.append(datetime.date(year, month, number or 15))
        except ValueError:
            continue
    if not options:
        return ""
    best = min(options, key=lambda d: abs((d - day).days))
    if abs((best - day).days) > 200:
        return ""
    return best.isoformat() if number else best.isoformat()[:7]


def _weekday(day: datetime.date, name: str, future: bool) -> str:
    """The date of the weekday name nearest the article's date: on or before it, or after it for what will happen."""
    offset = (WEEKDAYS.index(name) - day.weekday()) % 7
    if future:
        return (day + datetime.timedelta(days=offset or 7)).isoformat()
    return (day - datetime.timedelta(days=(7 - offset) % 7)).isoformat()


def _demonym(word: str) -> bool:
    return word in DEMONYMS or (len(word) > 5 and word.endswith(("ian", "ean", "ese", "ish")))


def _kind(group: list[Candidate]) -> str:
    """person, place or organisation, by the words of the name and what stands around it."""
    name = group[0].name
    words = [w.lower() for w in re.split(r"[\s]+", re.sub(r"['’]s$", "", name))]
    if any(c.dateline for c in group):
        return "place"
    if re.fullmatch(r"[A-Z]{2,6}", name):
        return "organisation"
    if any(w in ORG_WORDS for w in words) or any(c.named_body for c in group):
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


def _role(text: str) -> str:
    """A role as a record gives it: "its chief negotiator" -> "Chief negotiator"."""
    text = " ".join(text.split()).strip(" ,")
    text = re.sub(r"^(?:the|its|his|her|their|a|an)\s+", "", text, flags=re.I)
    return _sentence_case(shorten(text, 100))


def _sentence_case(text: str) -> str:
    return text[:1].upper() + text[1:]


def markdown_escape(text: str) -> str:
    text = re.sub(r"([\\`*_\[\]<>|~])", r"\\\1", " ".join(text.split()))
    return re.sub(r"^([#+\->]|\d+[.)])", r"\\\1", text)
