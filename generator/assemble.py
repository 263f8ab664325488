"""Resolve citations against the seeds and cross-references between records: -> Site."""
from __future__ import annotations

import functools
import re
from dataclasses import replace
from datetime import date

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_skeleton
from babel.lists import format_list
from babel.numbers import format_decimal
from pathlib import Path

from . import anchor, cards, images, project as layout
from .annotations import Content, ExplainerContent, Rec, control_problems, did_you_mean, is_draft
from .schema import DEFAULT_LEVELS, SHARED, SINGULAR
from .errors import Location, Problems
from .i18n import N_, translator
from .markup import MARKUP
from .model import (Author, Change, Entity, Event, Evidence, Explainer, ExternalSource, Fact, Issue, ItemRef, Level,
                    MarkdownPage, NewsEvent, Picture, Position, Repercussion, Section, Seed, SeedMention, Site, SiteInfo,
                    Span, Statement, Translation, name_in)
from .seeds import SeedError, line_col, read_seed_text, split_blocks

WORD = re.compile(r"\w+")


def date_label(value: str, language: str = "en") -> str:
    """A YYYY, YYYY-MM or YYYY-MM-DD date in words, in a language (Babel, after the Unicode CLDR): "2014" as it is,
    "2014-03" -> "March 2014" ("березень 2014 р."), "2022-02-24" -> "24 February 2022" ("24 лютого 2022 р.").
    English without a region is written day first, as the site always has ("24 February 2022"); en-US gives
    "February 24, 2022". A language CLDR does not know is written in English."""
    parts = value.split("-") if value else []
    if len(parts) < 2:
        return value
    locale = _locale(language)
    if len(parts) == 3:
        text = format_date(date(int(parts[0]), int(parts[1]), int(parts[2])), "long", locale=locale)
    else:
        text = format_skeleton("yMMMM", date(int(parts[0]), int(parts[1]), 1), locale=locale)
    # CLDR's narrow no-break space ("2022\u202fр.") as the no-break space every accessible name keeps as one
    return text.replace("\u202f", "\u00a0")


def format_count(n: int, language: str = "en") -> str:
    """A whole number as a language writes it: 12,345 in English, 12 345 in Ukrainian."""
    return format_decimal(n, locale=_locale(language))


def list_label(items, language: str = "en") -> str:
    """Words joined as a language lists them: "A, B and C" in English, "A، B و C" in Arabic."""
    return format_list(list(items), locale=_locale(language))


@functools.lru_cache(maxsize=64)
def _locale(language: str) -> Locale:
    if language.lower() in ("en", ""):
        return Locale.parse("en_GB")
    try:
        return Locale.parse(language, sep="-")
    except (UnknownLocaleError, ValueError):
        return Locale.parse("en_GB")


SECTION_DEFAULTS = {
    "background": (N_("Background"), N_("The events that led to this story, in order.")),
    "statements": (N_("Statements"), N_("Who said what, in the words of the sources.")),
    "issues": (N_("Disputed issues"), N_("What is in dispute, and the positions the sources give.")),
    "repercussions": (N_("Repercussions"), N_("What follows from the story, level by level.")),
}
# Names an explainer's Markdown pages cannot take, and the file of the explainer's own that has each.
EXPLAINER_PAGES = {"index": "index.html", "feed": "feed.xml", **{key: f"{key}.html" for key in SECTION_DEFAULTS}}
# Names the site's Markdown pages cannot take, and the site's own file that has each.
SITE_PAGES = {name: f"{name}.html" for name in ("index", "404", "search")} | {
    "sitemap": "sitemap.xml", "feed": "feed.xml", "robots": "robots.txt"}
# The files every site has, and what each is: no record or page may be written in their place.
BUILT_IN_FILES = {
    "index.html": "the site's home page", "404.html": "the site's page-not-found page", "search.html": "the site's search page",
    "entities/index.html": "the site's list of people, places and organisations",
    "sources/index.html": "the site's list of sources", "sitemap.xml": "the site map", "robots.txt": "the robots.txt file",
    "feed.xml": "the site's feed",
}
KEY_ENTITIES = 5  # how many entities the home page shows for each explainer


class Claims:
    """Who claims each output path of the site, or each fragment id of a page. Two things may
    never claim one: the second claim is refused with an error naming the first."""

    def __init__(self, problems: Problems, verb: str):
        self.problems, self.verb = problems, verb  # verb: "would be written to", "would have the anchor"
        self.owners: dict[str, tuple[str, Location | None]] = {}

    def claim(self, key: str, what: str, where: Location | None, fix: str, known_as: str = "") -> bool:
        """Claim key for what (found at where); known_as is how a later claim names this one (default: what)."""
        first = self.owners.get(key)
        if first is None:
            self.owners[key] = (known_as or what, where)
            return True
        first_what, first_where = first
        at = f" ({first_where})" if first_where is not None else ""
        self.problems.add(where or Location(layout.CONTENT), f"{what} {self.verb} {key}, which is already {first_what}{at}; {fix}")
        return False


class Assembler:
    """Turns validated records into the immutable Site, reporting every problem."""

    def __init__(self, project: Path, content: Content, problems: Problems, base_url: str = ""):
        self.project, self.content, self.problems = project, content, problems
        self.base_url = _folder_url(base_url)
        self.markup = MARKUP
        self.shared = {name: self._index(name, content.collections[name]) for name in SHARED}
        self.records = dict(self.shared)  # the records in scope: site-wide plus the current explainer's
        self.slug = ""  # the explainer being assembled
        self.language, self.interface = "en", translator("en")  # its language, and its interface's translations
        self.seeds: dict[str, Seed] = {}
        self.normalised: dict[str, anchor.NormalisedText] = {}
        self.spans: dict[str, list[Span]] = {}
        from .render import source_listing  # here: render imports this module
        listed = source_listing(len(self.records["seeds"]), len(self.records["sources"]))
        self.sources = {
            sid: ExternalSource(sid, r["title"], r["publisher"], r.get("date", ""), r.get("url", ""), listing=page)
            for (sid, r), page in zip(self.records["sources"].items(), listed)
        }
        self.mentions: dict[str, dict[ItemRef, None]] = {}
        self.mention_counts: dict[str, dict[str, int]] = {}  # explainer -> entity -> items mentioning it
        self.source_citations: set[tuple[str, ItemRef]] = set()
        self.paths = Claims(problems, "would be written to")  # every output file of the site
        self.anchors = Claims(problems, "would have the anchor")  # page#fragment of every record shown under its id

    def _index(self, name: str, recs: list[Rec]) -> dict[str, Rec]:
        index: dict[str, Rec] = {}
        for rec in recs:
            first = index.get(rec["id"]) if "id" in rec else None
            if first is not None:
                self.problems.add(rec.loc("id"), f"duplicate id `{rec['id']}` in {name}; the first is at {first.loc('id')}; give each record its own id")
            elif "id" in rec:
                index[rec["id"]] = rec
        return index

    def item(self, kind: str, title: str, url: str) -> ItemRef:
        """A link to an item of the explainer being assembled; url is relative to its folder."""
        return ItemRef(kind, title, f"{self.slug}/{url}", self.slug)

    # references ---------------------------------------------------------------

    def ref(self, rec: Rec, name: str, collection: str, value: str | None = None, kinds: tuple[str, ...] = (),
            where: Location | None = None) -> bool:
        """Check that rec[name] (or value) names an existing record of collection (of one of kinds)."""
        value = rec.get(name) if value is None else value
        target = self.records[collection].get(value)
        if target is None:
            known = self.records[collection]
            scope = "content/" if collection in SHARED else f"{self._folder()}/"
            self.problems.add(where or rec.loc(name), f"unknown {SINGULAR[collection]} `{value}`{did_you_mean(value, known)}; define it in {scope} with `id: {value}`")
            return False
        if kinds and target.get("kind") not in kinds:
            self.problems.add(where or rec.loc(name), f"`{name}` must be a {' or '.join(kinds)}, but `{value}` is a {target.get('kind')}")
            return False
        return True

    def _folder(self) -> str:
        return self.content.explainers[self.slug].folder if self.slug in self.content.explainers else "content"

    def refs(self, rec: Rec, name: str, collection: str, item: ItemRef | None = None, kinds: tuple[str, ...] = ()) -> tuple[str, ...]:
        values = rec.get(name, [])
        ok = tuple(v for v, loc in zip(values, values.locs) if self.ref(rec, name, collection, v, kinds, loc)) if values else ()
        if item and collection == "entities":
            for value in ok:
                self.mention(value, item)
        return ok

    def entity_name(self, entity_id: str) -> str:
        """An entity's name in the explainer's language (its id, should it not exist)."""
        rec = self.records["entities"].get(entity_id, {})
        return name_in(rec.get("name", entity_id), ((n["language"], n["name"]) for n in rec.get("names", ())), self.language)

    def mention(self, entity_id: str, item: ItemRef) -> None:
        refs = self.mentions.setdefault(entity_id, {})  # a dict: ordered, no repeats
        if item not in refs:
            refs[item] = None
            counts = self.mention_counts.setdefault(item.explainer, {})
            counts[entity_id] = counts.get(entity_id, 0) + 1

    # seeds and evidence -----------------------------------------------------------

    def load_seeds(self) -> None:
        for seed_id, rec in self.records["seeds"].items():
            path = layout.content_path(self.project, rec["file"])
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
            if control_problems(text, rec["file"], self.problems):  # they would be in every page showing the seed
                continue
            blocks = split_blocks(text, markdown=path.suffix.lower() in (".md", ".markdown"))
            self.seeds[seed_id] = Seed(seed_id, rec["file"], rec["title"], rec["publisher"], rec.get("date", ""),
                                       rec.get("url", ""), rec["language"], text, blocks, short=rec.get("short", ""))
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
                close = " ".join(seed.text[found.closest.start:found.closest.end].split())  # one line
                hint = f"closest passage ({found.similarity:.0%} alike) at {seed.file}:{line}:{col}: {_in_quotes(close)}"
            self.problems.add(where, f"quote {_in_quotes(_short(ev['exact']))} not found in seed `{seed_id}` ({seed.file}); {hint}")
            return None
        if not self.anchors.claim(f"{seed.page_url}#{span_id}", "this citation", where, "give one of their records another id",
                                  known_as="the anchor of a citation"):
            return None
        line, col = line_col(seed.text, found.start)
        result = Span(span_id, seed_id, found.start, found.end, seed.text[found.start:found.end], line, col, owner, str(where),
                      seed.language)
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
                found = self.span(ev, f"c-{self.slug + '-' if self.slug else ''}{prefix}-{n}", owner)
                if found:
                    result.append(self.cited(found))
        return tuple(result)

    def cited(self, span: Span) -> Evidence:
        """A seed span as its citation shows it: with its seed's names, its paragraph and the sentence around it."""
        seed = self.seeds[span.seed_id]
        return Evidence(span=span, seed=seed.ref, paragraph=seed.paragraph_at(span.start),
                        context=seed.context(span.start, span.end))

    # an explainer -------------------------------------------------------------------

    def facts(self, recs, group: str) -> tuple[Fact, ...]:
        result = []
        for n, rec in enumerate(recs or [], 1):
            name = f"{group}-{n}"  # names its citations: c-<slug>-glance-1-1
            fact_id = name.replace("-", "_")  # the anchor: ids the page gives itself hold `_`, never a record id
            owner = self.item(group, rec["label"], f"index.html#{fact_id}")
            result.append(Fact(fact_id, rec["label"], self.markup.inline(rec["text"]), self.evidence(rec, owner, name)))
        return tuple(result)

    def explainer(self, ec: ExplainerContent, site_language: str) -> Explainer | None:
        """One explainer, from the records of its folder."""
        self.slug = ec.slug
        self.records = {**self.shared, **{name: self._index(name, ec.collections[name]) for name in ec.collections
                                          if name not in SHARED}}
        rec = ec.explainer
        if rec is None or not {"title", "summary", "updated"} <= rec.keys():
            return None
        sides = self.refs(rec, "sides", "entities")
        if len(set(sides)) != len(sides):
            self.problems.add(rec.loc("sides"), "`sides` names an entity twice; list each side once")
        event = self.news_event(rec["event"]) if "event" in rec else None
        language = rec.get("language", site_language)
        interface = self.interface = translator(language)
        self.language = language
        levels = self.levels(rec, interface)
        events = self.events()
        statements = self.statements(sides)
        issues = self.issues(statements)
        repercussions = self.repercussions(levels)
        counts = {"background": events, "statements": statements, "issues": issues, "repercussions": repercussions}
        titles = rec.get("sections", {})
        sections = tuple(Section(key, titles.get(key, {}).get("title", interface.gettext(title)),
                                 titles.get(key, {}).get("description", interface.gettext(text)))
                         for key, (title, text) in SECTION_DEFAULTS.items() if counts[key])
        changelog = sorted((Change(r["id"], f"{ec.slug}/index.html#{r['id']}", r["date"], r["title"], self.markup.block(r["text"]))
                            for r in self.records["changelog"].values()), key=lambda c: (c.date, c.id), reverse=True)
        pages = self.pages(ec.pages, f"{ec.slug}/", {name: f"the explainer's own {file}" for name, file in EXPLAINER_PAGES.items()})
        card_texts = (interface.gettext(N_("Explainer")), rec["title"], self.site_title())
        card = Picture(cards.path(ec.slug, card_texts), cards.WIDTH, cards.HEIGHT, cards.MEDIA_TYPE,
                       f"{rec['title']} · {self.site_title()}", card=card_texts)
        return Explainer(ec.slug, rec["title"], self.markup.inline(rec["summary"]), language,
                         rec["updated"], rec.get("publisher", ""), sides, event,
                         self.facts(rec.get("glance"), "glance"), self.facts(rec.get("next"), "next"), levels, sections,
                         events, statements, issues, repercussions, tuple(changelog), pages,
                         self.former_paths(rec), self.key_entities(sides, event), rec.get("description", ""),
                         tuple(Author(a["name"], a.get("url", "")) for a in rec.get("authors", ())),
                         self.picture(rec["image"]) if "image" in rec else None, card, rec.get("translation_of", ""))

    def check_translations(self, explainers: list[Explainer]) -> None:
        """Each `translation_of` names another explainer, an original (no chains or loops), and the
        explainers of one group each have a language of their own."""
        by_slug = {ex.slug: ex for ex in explainers}
        languages: dict[tuple[str, str], str] = {}  # (group, language) -> the first explainer in it
        for ex in sorted(explainers, key=lambda e: (e.translation_of != "", e.slug)):
            rec = self.content.explainers[ex.slug].explainer
            target = ex.translation_of
            if target:
                where = rec.loc("translation_of")
                if target == ex.slug:
                    self.problems.add(where, f"`translation_of: {target}` names this explainer itself; name the explainer "
                                             "it translates, or remove the field")
                    continue
                if target not in self.content.explainers:
                    self.problems.add(where, f"`translation_of` names no explainer: `{target}`"
                                             f"{did_you_mean(target, list(self.content.explainers))}; write the slug of "
                                             "the explainer this one translates (its folder's name under content/explainers/)")
                    continue
                original = by_slug.get(target)
                if original is not None and original.translation_of:
                    self.problems.add(where, f"`{target}` is itself a translation (of `{original.translation_of}`); name "
                                             f"the original: `translation_of: {original.translation_of}`")
                    continue
            first = languages.setdefault((ex.group, ex.language), ex.slug)
            if first != ex.slug:
                where = rec.loc("language") if "language" in rec else rec.location
                self.problems.add(where, f"explainers `{first}` and `{ex.slug}` are translations of one another in the "
                                         f"same language ({ex.language}); give `{ex.slug}` its own `language`")

    # images ---------------------------------------------------------------------------

    def site_title(self) -> str:
        """The site's title: its own, else its only explainer's, else "Explainers"."""
        given = (self.content.site or {}).get("title")
        if given:
            return given
        only = [ec.explainer for ec in self.content.explainers.values()]
        default = translator((self.content.site or {}).get("language", "en")).gettext(N_("Explainers"))
        return only[0].get("title", default) if len(only) == 1 and only[0] is not None else default

    def image_file(self, rec: Rec, name: str) -> images.ImageFile | None:
        """The image file rec[name] names, read and checked; None (and a problem at its place) when it cannot be used."""
        try:
            return images.read(self.project, rec[name])
        except images.ImageProblem as exc:
            self.problems.add(rec.loc(name), str(exc))
            return None

    def picture(self, rec: Rec) -> Picture | None:
        """A lead image (an `image:` mapping): its copy in the site, and the small copy an overview shows if asked."""
        found = self.image_file(rec, "file")
        if found is None:
            return None
        shown = None
        if rec.get("show"):
            try:
                data, width, height = images.shown_copy(found)
            except images.ImageProblem as exc:
                self.problems.add(rec.loc("show"), str(exc))
                return None
            shown = Picture(images.shown_path(found, width), width, height, images.SHOWN_MEDIA_TYPE, rec["alt"],
                            source=rec["file"], sha256=found.sha256)
        return Picture(images.site_path(found), found.width, found.height, found.media_type, rec["alt"],
                       rec.get("credit", ""), rec.get("licence", ""), rec.get("licence_url", ""), rec["file"],
                       found.sha256, shown=shown)

    def news_event(self, ev: Rec) -> NewsEvent:
        owner = self.item("news_event", ev["what"], "index.html#the_event")
        where = self.refs(ev, "where", "entities", owner, kinds=("place",))
        return NewsEvent(ev["what"], where, ev.get("when", ""), ev.get("status", ""), self.facts(ev.get("facts"), "event-fact"),
                         self.evidence(ev, owner, "event"), ev.get("date", ""))

    def levels(self, rec: Rec, interface) -> tuple[Level, ...]:
        if "levels" not in rec:
            return tuple(Level(i, interface.gettext(title)) for i, title in DEFAULT_LEVELS)
        result: dict[str, Level] = {}
        for level, where in zip(rec["levels"], rec["levels"].locs):
            if level.get("id") in result:
                self.problems.add(where, f"level `{level['id']}` is listed twice; list each level once")
            elif "id" in level and "title" in level:
                result[level["id"]] = Level(level["id"], level["title"])
        return tuple(result.values())

    def former_paths(self, rec: Rec) -> tuple[str, ...]:
        paths = rec.get("former_paths") or []
        for path, where in zip(paths, getattr(paths, "locs", ())):
            if not re.fullmatch(r"(?:[a-z0-9][a-z0-9._-]*/)*[a-z0-9][a-z0-9_-]*\.html", path, flags=re.ASCII) or ".." in path:
                self.problems.add(where, f"former path `{_short(path, 60)}` is not a page path of this site; write it as the "
                                         "page's path from the site root, e.g. `statements.html` or `old/statements.html`")
        return tuple(paths)

    def key_entities(self, sides: tuple[str, ...], event: NewsEvent | None) -> tuple[str, ...]:
        """Sides first, then where the event happened, then the entities mentioned most."""
        counts = self.mention_counts.get(self.slug, {})
        order = {e: n for n, e in enumerate(self.mentions)}  # ties: the entity the site mentions first
        ranked = sorted(counts, key=lambda e: (-counts[e], order[e]))
        return tuple(dict.fromkeys([*sides, *(event.where_ids if event else ()), *ranked]))[:KEY_ENTITIES]

    def events(self) -> tuple[Event, ...]:
        result = []
        recs = sorted(self.records["events"].values(), key=lambda r: r["date"])  # the order of the timeline
        for rec, page in zip(recs, section_pages("background", [1] * len(recs))):
            item = self.item("event", rec["title"], f"{page}#{rec['id']}")
            result.append(Event(rec["id"], item.url, rec["date"], date_label(rec["date"]), rec["title"],
                                self.markup.block(rec["body"]), self.refs(rec, "entities", "entities", item),
                                self.evidence(rec, item, f"event-{rec['id']}"), rec.get("updated", ""), is_draft(rec)))
        return tuple(sorted(result, key=lambda e: e.date))

    def statements(self, sides: tuple[str, ...]) -> tuple[Statement, ...]:
        result = []
        recs = self.records["statements"].values()
        for rec, page in zip(recs, section_pages("statements", [1] * len(recs))):
            given = [name for name in ("quote", "paraphrase") if name in rec]
            if len(given) != 1:
                self.problems.add(rec.loc(given[1]) if given else rec.location,
                                  "a statement has either a `quote` (the words, verbatim) or a `paraphrase` (the seed's "
                                  "reported speech); give exactly one")
                continue
            words = rec[given[0]]
            verbatim = given[0] == "quote"
            speaker = self.entity_name(rec["speaker"])
            shown = _short(words.get("exact", ""), 60)
            if verbatim:
                shown = self.interface.gettext(N_("“%(text)s”")) % {"text": shown}
            item = self.item("statement", f"{speaker}: {shown}", f"{page}#{rec['id']}")
            if self.ref(rec, "speaker", "entities", kinds=("person", "organisation", "group")):
                self.mention(rec["speaker"], item)
            if "side" in rec:
                self.check_side(rec, sides, item)
            quote = self.span(words, f"c-{self.slug}-statement-{rec['id']}-{given[0]}", item) if "exact" in words else None
            if quote is None:
                continue
            result.append(Statement(rec["id"], item.url, rec["speaker"], rec.get("role", ""), rec.get("side", ""), quote,
                                    verbatim, rec.get("date", ""), self.markup.block(rec["context"]) if "context" in rec else "",
                                    self.refs(rec, "issues", "issues"), self.evidence(rec, item, f"statement-{rec['id']}"),
                                    rec.get("updated", ""), is_draft(rec)))
        return tuple(result)

    def check_side(self, rec: Rec, sides: tuple[str, ...], item: ItemRef) -> None:
        if rec["side"] in sides:
            self.mention(rec["side"], item)
        elif not sides:
            self.problems.add(rec.loc("side"), f"side `{rec['side']}`: this explainer has no `sides`; list the sides in its "
                                               "explainer.yaml or remove `side`")
        else:
            self.problems.add(rec.loc("side"), f"side `{rec['side']}` is not one of the explainer's sides ({', '.join(sides)})")

    def issues(self, statements: tuple[Statement, ...]) -> tuple[Issue, ...]:
        statements_by_issue: dict[str, tuple[str, ...]] = {}
        for st in statements:
            for issue_id in st.issue_ids:
                statements_by_issue[issue_id] = statements_by_issue.get(issue_id, ()) + (st.id,)
        result = []
        recs = self.records["issues"].values()  # a page holds issues by weight: 1 for an issue, 1 for each position
        for rec, page in zip(recs, section_pages("issues", [1 + len(r.get("positions") or ()) for r in recs])):
            item = self.item("issue", rec["title"], f"{page}#{rec['id']}")
            self.anchors.claim(item.url, f"issue `{rec['id']}`", rec.loc("id"), "give one of the issues another id")
            positions: dict[str, Position] = {}
            for pos, where in zip(rec.get("positions", []), getattr(rec.get("positions"), "locs", ())):
                if pos["by"] in positions:
                    self.problems.add(pos.loc("by"), f"a second position of `{pos['by']}` on issue `{rec['id']}`; "
                                                     "give each entity one position per issue")
                    continue
                name = self.entity_name(pos["by"])
                pos_id = f"{rec['id']}-{pos['by']}"
                title = f"{name}: {rec['title']}"  # shown after the kind, "Position"
                pos_item = self.item("position", title, f"{page}#{pos_id}")
                if not self.anchors.claim(pos_item.url, f"the position of `{pos['by']}` on issue `{rec['id']}`", pos.loc("by"),
                                          "give one of the issues another id"):
                    continue
                if self.ref(pos, "by", "entities"):
                    self.mention(pos["by"], pos_item)
                positions[pos["by"]] = Position(pos_id, pos["by"], self.markup.block(pos["text"]),
                                                self.evidence(pos, pos_item, f"position-{pos_id}"))
            touching = statements_by_issue.get(rec["id"], ())
            result.append(Issue(rec["id"], item.url, rec["title"], self.markup.block(rec["summary"]), tuple(positions.values()),
                                self.evidence(rec, item, f"issue-{rec['id']}"), touching, rec.get("updated", ""), is_draft(rec)))
        return tuple(result)

    def repercussions(self, levels: tuple[Level, ...]) -> tuple[Repercussion, ...]:
        known = [level.id for level in levels]
        result = []
        rank = {level: n for n, level in enumerate(known)}  # the page shows them level by level
        recs = sorted(self.records["repercussions"].values(), key=lambda r: rank.get(r["level"], len(rank)))
        pages = dict(zip((r["id"] for r in recs), section_pages("repercussions", [1] * len(recs))))
        for rec in self.records["repercussions"].values():
            if rec["level"] not in known:
                self.problems.add(rec.loc("level"), f"level `{rec['level']}` is not one of the explainer's levels "
                                                    f"({', '.join(known)}){did_you_mean(rec['level'], known)}; "
                                                    "name the levels in explainer.yaml under `levels`")
            item = self.item("repercussion", rec["title"], f"{pages[rec['id']]}#{rec['id']}")
            result.append(Repercussion(rec["id"], item.url, rec["level"], rec["title"], self.markup.block(rec["body"]),
                                       self.refs(rec, "entities", "entities", item),
                                       self.evidence(rec, item, f"repercussion-{rec['id']}"), rec.get("updated", ""), is_draft(rec)))
        return tuple(result)

    # site-wide ------------------------------------------------------------------------

    def entities(self) -> dict[str, Entity]:
        self.slug, self.records = "", dict(self.shared)
        result = {}
        for entity_id, rec in self.records["entities"].items():
            item = ItemRef("entity", rec["name"], f"entities/{entity_id}.html")
            names = {}
            for given, where in zip(rec.get("names", ()), getattr(rec.get("names"), "locs", ())):
                if given["language"].lower() in names:
                    self.problems.add(where, f"`names` gives a name in `{given['language']}` twice; keep one")
                names[given["language"].lower()] = (given["language"], given["name"])
            result[entity_id] = Entity(entity_id, rec["kind"], rec["name"], tuple(rec.get("aliases", ())),
                                       self.markup.inline(rec["description"]),
                                       self.evidence(rec, item, f"entity-{entity_id}"), updated=rec.get("updated", ""),
                                       draft=is_draft(rec), names=tuple(names.values()))
        return result

    def pages(self, found: list, folder: str, taken: dict[str, str]) -> tuple[MarkdownPage, ...]:
        """The Markdown pages of the site or of an explainer; taken: the names they cannot have, and by what."""
        result = []
        for slug, front, body, where in found:
            if slug in taken:
                self.problems.add(Location(where.path), f"page name `{slug}` is taken by {taken[slug]}; rename the file")
                continue
            result.append(MarkdownPage(slug, f"{folder}{slug}.html", front["title"], front["description"], self.markup.block(body)))
        return tuple(result)

    def site_info(self, explainers: list[Explainer]) -> SiteInfo:
        rec = self.content.site or {}
        interface = translator(rec.get("language", "en"))
        title = rec.get("title") or (explainers[0].title if len(explainers) == 1 else interface.gettext(N_("Explainers")))
        publisher = rec.get("publisher", "")
        logo = None
        if "publisher_logo" in rec and (found := self.image_file(rec, "publisher_logo")) is not None:
            logo = Picture(images.site_path(found), found.width, found.height, found.media_type,
                           interface.gettext(N_("%(name)s logo")) % {"name": publisher or title},
                           source=rec["publisher_logo"], sha256=found.sha256)
        card_texts = (publisher, title, rec.get("description", ""))
        card = Picture(cards.path("site", card_texts), cards.WIDTH, cards.HEIGHT, cards.MEDIA_TYPE, title, card=card_texts)
        return SiteInfo(title, rec.get("description", ""), rec.get("language", "en"),
                        self.base_url or _folder_url(rec.get("base_url", "")), publisher, rec.get("publisher_url", ""),
                        logo, self.picture(rec["image"]) if "image" in rec else None, card, bool(rec.get("title")))

    def claim_paths(self, explainers: list[Explainer], pages: tuple[MarkdownPage, ...]) -> None:
        """Every output file of the site, claimed once: the built-in ones, then the records' and pages'.
        A redirect may not take the place of a page, nor of another redirect, and must lead to a page."""
        for path, what in BUILT_IN_FILES.items():
            self.paths.claim(path, what, None, "")
        for kind, folder in (("entities", "entities"), ("seeds", "sources")):
            for record_id, rec in self.shared[kind].items():
                self.paths.claim(f"{folder}/{record_id}.html", f"{SINGULAR[kind]} `{record_id}`", rec.loc("id"),
                                 f"give the {SINGULAR[kind]} another id")
        for page in pages:
            self.paths.claim(page.url, f"the page `{page.slug}`", self._page_location(self.content.pages, page.slug),
                             "rename the file")
        for ex in explainers:
            where = self.content.explainers[ex.slug].explainer.location
            for path in (ex.url, f"{ex.slug}/feed.xml", *(f"{ex.slug}/{s.key}.html" for s in ex.sections)):
                self.paths.claim(path, f"a page of explainer `{ex.slug}`", where, "rename the explainer's folder")
            for page in ex.pages:
                self.paths.claim(page.url, f"the page `{page.slug}` of explainer `{ex.slug}`",
                                 self._page_location(self.content.explainers[ex.slug].pages, page.slug), "rename the file")
        taken = {path for path in self.paths.owners if path.endswith(".html")}
        claimed: dict[str, str] = {}
        for ex in explainers:
            rec = self.content.explainers[ex.slug].explainer
            locs = getattr(rec.get("former_paths"), "locs", ())
            for path, where in zip(ex.former_paths, locs):
                target = f"{ex.slug}/{path.rsplit('/', 1)[-1]}"
                if path in taken or path.split("/", 1)[0] in ("entities", "sources", "static", "pagefind"):
                    self.problems.add(where, f"former path `{path}` is a page of this site; a redirect cannot replace it")
                elif path in claimed:
                    self.problems.add(where, f"former path `{path}` is already claimed by explainer `{claimed[path]}`")
                elif target not in taken:
                    self.problems.add(where, f"former path `{path}` would lead to {target}, which this explainer does not have")
                else:
                    self.paths.claim(path, f"the redirect of former path `{path}`", where, "")
                claimed.setdefault(path, ex.slug)

    @staticmethod
    def _page_location(found: list, slug: str) -> Location | None:
        return next((Location(where.path) for name, _, _, where in found if name == slug), None)


def assemble(project: Path, content: Content, problems: Problems, base_url: str = "") -> Site | None:
    """Build the Site from validated content; None when there were problems.

    base_url, when given, overrides the site's own `base_url`.
    """
    asm = Assembler(project, content, problems, base_url)
    asm.load_seeds()
    entities = asm.entities()
    site_language = (content.site or {}).get("language", "en")
    explainers = [ex for ec in content.explainers.values() if (ex := asm.explainer(ec, site_language)) is not None]
    asm.slug, asm.records = "", dict(asm.shared)
    taken = {**{name: f"the site's own {file}" for name, file in SITE_PAGES.items()},
             **{slug: f"the explainer `{slug}`" for slug in content.explainers}}
    pages = asm.pages(content.pages, "", taken)
    asm.claim_paths(explainers, pages)
    asm.check_translations(explainers)
    info = asm.site_info(explainers)  # its images are checked, and their problems listed, with all the others
    if problems or len(explainers) != len(content.explainers):
        return None
    explainers.sort(key=lambda e: e.slug)
    explainers.sort(key=lambda e: e.updated, reverse=True)  # newest first; stable, so by slug within a date
    explainers = with_translations(explainers, info.language)
    seeds = tuple(_with_spans(seed, asm.spans[seed.id]) for seed in asm.seeds.values())
    named = seed_mentions(entities, seeds)
    entities = {eid: replace(e, mentions=tuple(asm.mentions.get(eid, ())), seed_mentions=tuple(named.get(eid, ())))
                for eid, e in entities.items()}
    return Site(info, tuple(explainers), entities, seeds, tuple(asm.sources.values()), pages)


def with_translations(explainers: list[Explainer], site_language: str) -> list[Explainer]:
    """Each explainer with its translations group (the original first, then by language) and whether the home
    page lists it: the group's explainer in the site's language, else its original."""
    groups: dict[str, list[Explainer]] = {}
    for ex in explainers:
        groups.setdefault(ex.group, []).append(ex)
    result = []
    for ex in explainers:
        group = sorted(groups[ex.group], key=lambda e: (e.slug != ex.group, e.language, e.slug))
        listed = next((e for e in group if e.language == site_language), group[0])
        translations = tuple(Translation(e.slug, e.language, ("index.html", *section_files(e),
                                                              *(md.url[len(e.slug) + 1:] for md in e.pages)))
                             for e in group) if len(group) > 1 else ()
        result.append(replace(ex, translations=translations, on_home=listed.slug == ex.slug))
    return result


def section_pages(key: str, weights: list[int]) -> list[str]:
    """The page of an explainer's section showing each of its records (render.section_pages)."""
    from .render import section_pages as pages  # here: render imports this module
    return pages(key, weights)


def section_files(ex: Explainer) -> tuple[str, ...]:
    """The files of an explainer's sections in its folder, every page of each: background.html, background_2.html..."""
    from .render import section_records  # here: render imports this module
    return tuple(dict.fromkeys(r.url.partition("#")[0][len(ex.slug) + 1:] for s in ex.sections for r in section_records(ex, s.key)))


def _with_spans(seed: Seed, spans: list[Span]) -> Seed:
    return replace(seed, spans=tuple(sorted(spans, key=lambda s: (s.start, -s.end, s.id))))


def seed_mentions(entities: dict[str, Entity], seeds: tuple[Seed, ...]) -> dict[str, list[SeedMention]]:
    """The sentences naming each entity (by name or alias), in one pass over the seeds.

    Names are matched word by word, so "Russia" is found in "Russia's" but not in "Russian".
    """
    by_words: dict[tuple[str, ...], list[str]] = {}
    for entity in entities.values():
        for name in {entity.name, *entity.aliases, *(n for _, n in entity.names)}:
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
                found.setdefault(eid, []).append(SeedMention(seed.id, sentence, text, seed.language))
    return found


def _folder_url(url: str) -> str:
    """A base URL ending in exactly one slash, or ""."""
    return url.rstrip("/") + "/" if url else ""


def _in_quotes(text: str) -> str:
    """Text in quote marks for a message, unless it begins or ends with quote marks of its own."""
    marks = anchor.DOUBLE_QUOTES + anchor.SINGLE_QUOTES
    return text if text[:1] in marks or text[-1:] in marks else f'"{text}"'


def _short(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
