"""Turn the assembled Site into output files: {path: bytes}. Never writes to disk."""
from __future__ import annotations

import inspect
import re
import types
from collections.abc import Mapping, Sequence
from html import unescape
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote
from urllib.parse import quote as percent_encode
from xml.sax.saxutils import escape as xml_escape

import jinja2
from markupsafe import Markup, escape

from . import i18n
from .i18n import N_
from . import project as layout
from .assemble import date_label, format_count, list_label
from .errors import ContentError, Location, Problem
from .model import Block, Context, Evidence, Explainer, ExternalSource, ItemRef, Seed, SeedRef, Site, Span
from .report import health
from .search import plural_samples
from .structured import absolute, image_url, language_name, og_locale, page_graph, shorten, text_direction


@dataclass(frozen=True)
class NavItem:
    key: str
    title: str
    url: str


@dataclass(frozen=True)
class PageInfo:
    path: str
    title: str
    description: str
    section: str
    indexed: bool = True  # whether search engines and the site search should index the page


ENTITIES_TITLE = N_("People, places, organisations")


def site_nav(site: Site, language: str) -> tuple[NavItem, ...]:
    """The parts of the whole site, in the masthead of every page (named in the page's language)."""
    _ = i18n.translator(language).gettext
    return (NavItem("home", _(N_("Explainers")), "index.html"),
            NavItem("entities", _(ENTITIES_TITLE), "entities/index.html"),
            NavItem("sources", _(N_("Sources")), "sources/index.html"),
            *(NavItem(md.slug, md.title, md.url) for md in site.pages))


def explainer_nav(ex: Explainer) -> tuple[NavItem, ...]:
    """The parts of one explainer: its overview, the sections it has records for, its own pages."""
    return (NavItem("index", i18n.translator(ex.language).gettext(N_("Overview")), ex.url),
            *(NavItem(s.key, s.title, f"{ex.slug}/{s.key}.html") for s in ex.sections),
            *(NavItem(md.slug, md.title, md.url) for md in ex.pages))


def search_path(language: str, site_language: str) -> str:
    """The search page of a language, which searches the pages in it: search.html for the site's language,
    search_<tag>.html for another (the tag in lower case, as Pagefind names its indexes; `_` is in no
    record's, page's or explainer's name, so no page can take its place)."""
    tag = language.lower()
    return "search.html" if tag == site_language.lower() else f"search_{tag}.html"


def search_pages(site: Site) -> dict[str, tuple]:
    """One search page for each language of the site's pages (the site's own, the explainers'): planned
    pages, each with its language and every search page's language and path (to offer the others)."""
    found = {site.info.language.lower(): site.info.language}
    for ex in site.explainers:
        found.setdefault(ex.language.lower(), ex.language)
    languages = (site.info.language, *sorted(v for k, v in found.items() if k != site.info.language.lower()))
    paths = tuple((language, search_path(language, site.info.language)) for language in languages)
    pages = {}
    for language, path in paths:
        _ = i18n.translator(language).gettext
        pages[path] = ("search.html", PageInfo(path, _(N_("Search")), _(N_("Search the pages of the site.")), "search", indexed=False),
                       {"language": language, "search_pages": paths, "plurals": plural_samples(language)})
    return pages


@dataclass(frozen=True)
class Alternate:
    """One language version of a page: the explainer in that language, its name in itself, the page's path."""

    language: str
    name: str
    path: str
    current: bool  # the page itself


def alternates(ex: Explainer | None, path: str) -> tuple[Alternate, ...]:
    """The page in each language of its explainer's translations group (the same part of the explainer
    where the translation has it, else its overview); () for a page of no explainer, or of one without
    translations."""
    if ex is None or not ex.translations:
        return ()
    name = path[len(ex.slug) + 1:]
    first = re.sub(r"_[0-9]+\.html$", ".html", name)  # page 1 of a section over several pages
    return tuple(Alternate(t.language, language_name(t.language),
                           f"{t.slug}/{name if name in t.files else first if first in t.files else 'index.html'}",
                           t.slug == ex.slug) for t in ex.translations)


KIND_LABELS = {
    "statement": N_("Statement"), "event": N_("Background"), "issue": N_("Disputed issue"),
    "position": N_("Position"), "repercussion": N_("Repercussion"), "entity": N_("Profile"),
    "glance": N_("At a glance"), "fact": N_("At a glance"), "next": N_("What comes next"),
    "next_step": N_("What comes next"), "event_summary": N_("The event"), "news_event": N_("The event"),
    "event-fact": N_("The event"), "explainer": N_("Overview"), "seed": N_("Source"), "source": N_("Source"),
}


@jinja2.pass_context
def ref_label(context, ref: ItemRef) -> str:
    """What kind of item a link points at, in words of the page's language ("Statement", "Disputed issue"...)."""
    label = KIND_LABELS.get(ref.kind)
    if label is None:
        return ref.kind.replace("_", " ").replace("-", " ").capitalize()
    return i18n.translator(context["page_lang"]).gettext(label)


def relative_url(from_path: str, url: str) -> str:
    """A root-relative URL made relative to the page at from_path."""
    if url.startswith(("#", "http://", "https://", "mailto:")):
        return url
    return "../" * from_path.count("/") + url


STRENGTHS = 4  # highlight steps on a seed's page: passages cited by 1, 2, 3, and 4 or more items


def highlight(seed: Seed, block: Block, rel, cited_by=None) -> Markup:
    """A block's text with each cited passage in place: an anchor at each sentence start, each passage
    (the text one or more citations share) in a <span class="psg"> that holds the ids of its citations,
    and the cited text in <mark class="kN">, N the number of items citing it (STRENGTHS and more are one
    step). cited_by(items), when given, renders the list of the items citing a passage, put right after
    the passage's first part; it must hold no text of its own, so the block's text stays the seed's.

    Passages nest: one inside another is inside its element; where two overlap without nesting, the one
    opened first is closed and the other continues in a second part (no ids). The text is cut wherever a
    passage or sentence begins or ends; neighbouring pieces of one strength that link to the same item
    share one <mark>, and a piece of bare punctuation or space joins the mark before it in the same
    passage, or else is highlighted without a link (<span class="kN">), so no link is a sliver. Each mark
    links to the item of the innermost citation covering it.
    """
    start, end = block.start, block.end
    found = [(spans, items) for spans, items in seed.passages if spans[0].start < end and start < spans[0].end]
    clip = [(max(spans[0].start, start), min(spans[0].end, end)) for spans, _ in found]
    opens_at: dict[int, list[int]] = {}  # the passages beginning at each cut, longest first
    for i in sorted(range(len(found)), key=lambda i: (clip[i][0], -clip[i][1])):
        opens_at.setdefault(clip[i][0], []).append(i)
    sentence_starts = {s.start: s.anchor for s in block.sentences}
    cuts = sorted({start, end, *sentence_starts, *(a for a, _ in clip), *(b for _, b in clip)})
    out: list[str] = []
    stack: list[list] = []  # open parts: [passage index, whether it is the passage's first part]
    mark: list = []  # the <mark> being written: [strength, target, html]

    def flush() -> None:
        if mark:
            out.append(f'<mark class="k{mark[0]}"><a href="{escape(rel(mark[1]))}">{mark[2]}</a></mark>')
            mark.clear()

    def close(part: list) -> None:
        out.append("</span>")
        if part[1] and cited_by is not None:
            out.append(str(cited_by(found[part[0]][1])))

    for a, b in zip(cuts, cuts[1:]):
        ending = {i for i, _ in stack if clip[i][1] == a}
        opening = opens_at.get(a, [])
        if ending or opening:
            flush()
        reopen = []
        while ending & {i for i, _ in stack}:
            part = stack.pop()
            close(part)
            if part[0] not in ending:
                reopen.append(part[0])
        for i in reversed(reopen):  # a passage overlapping one that ended goes on in a part of its own
            stack.append([i, False])
            out.append('<span class="psg">')
        anchor = f'<span id="{sentence_starts[a]}"></span>' if a in sentence_starts else ""
        if anchor and (opening or not mark):
            flush()
            out.append(anchor)
            anchor = ""
        for i in opening:
            spans = found[i][0]
            first = spans[0].start >= start  # it begins in this block: its ids are here
            ids = [s.id for s in spans] if first else []
            head = f'<span class="psg" id="{escape(ids[0])}">' if ids else '<span class="psg">'
            out.append(head + "".join(f'<span class="cid" id="{escape(i)}"></span>' for i in ids[1:]))
            stack.append([i, first])
        text = str(escape(seed.text[a:b]))
        if not stack:
            flush()
            out.append(anchor + text)
            continue
        items = {item for i, _ in stack for item in found[i][1]}
        strength = min(len(items), STRENGTHS)
        target = min((s for i, _ in stack for s in found[i][0]), key=lambda s: (s.end - s.start, s.id)).cited_by.url
        sliver = not any(c.isalnum() for c in seed.text[a:b])
        if mark and not (ending or opening) and ((mark[0], mark[1]) == (strength, target) or sliver):
            mark[2] += anchor + text
        elif sliver:  # punctuation or spaces between passages: highlighted, but no link of its own
            flush()
            out.append(f'{anchor}<span class="k{strength}">{text}</span>')
        else:
            flush()
            out.append(anchor)
            mark[:] = [strength, target, text]
    flush()
    while stack:
        close(stack.pop())
    return Markup("".join(out))


@dataclass(frozen=True)
class Citation:
    """One citation in an item's list: the spans of one paragraph of one seed, or one external source.

    first: it is the first of its seed's citations in the list, so its label names the seed;
    clash: another seed (or source) in the list would have the same label, so it names itself in full."""

    evidence: tuple[Evidence, ...]
    first: bool = True
    clash: bool = False

    @property
    def seed(self) -> SeedRef | None:
        return self.evidence[0].seed

    @property
    def source(self) -> ExternalSource | None:
        return self.evidence[0].source

    @property
    def paragraph(self) -> int:
        return self.evidence[0].paragraph

    @property
    def spans(self) -> tuple[Span, ...]:
        return tuple(ev.span for ev in self.evidence if ev.span is not None)

    @property
    def key(self) -> tuple:
        """What its popover shows: one popover a page serves every citation of the same passages."""
        return (self.seed.id, tuple((s.start, s.end) for s in self.spans)) if self.seed else (self.source.id,)

    @property
    def windows(self) -> tuple[tuple[tuple[str, Span | None], ...], ...]:
        return excerpt(tuple((ev.context, ev.span) for ev in self.evidence if ev.context is not None))


def citations(items) -> list[Citation]:
    """An item's evidence as its citation list: a seed's spans of one paragraph are one citation, the
    seed's citations stand together (where its first one is) in paragraph order, an external source
    cited twice is one; labels that two seeds or sources would share are flagged (clash)."""
    groups: dict[tuple, list[Evidence]] = {}
    for ev in items:
        key = ("seed", ev.seed.id) if ev.span is not None and ev.seed is not None else ("source", ev.source.id)
        groups.setdefault(key, []).append(ev)
    result: list[Citation] = []
    seed_names: dict[str, int] = {}
    source_labels: dict[tuple[str, str], int] = {}
    for (kind, _), evs in groups.items():
        if kind == "seed":
            seed_names[evs[0].seed.short] = seed_names.get(evs[0].seed.short, 0) + 1
        else:
            label = (evs[0].source.publisher, evs[0].source.date)
            source_labels[label] = source_labels.get(label, 0) + 1
    for (kind, _), evs in groups.items():
        if kind == "source":
            source = evs[0].source
            result.append(Citation((evs[0],), clash=source_labels[(source.publisher, source.date)] > 1))
            continue
        clash = seed_names[evs[0].seed.short] > 1
        paragraphs: dict[int, list[Evidence]] = {}
        for ev in sorted(evs, key=lambda ev: (ev.paragraph, ev.span.start, ev.span.end)):
            paragraphs.setdefault(ev.paragraph, []).append(ev)
        for n, group in enumerate(paragraphs.values()):
            result.append(Citation(tuple(group), first=n == 0, clash=clash))
    return result


def excerpt(cited) -> tuple[tuple[tuple[str, Span | None], ...], ...]:
    """The text around cited spans, given as (context, span) pairs of one seed: one window per run of
    contexts that overlap or are next to each other (a space apart), each a list of (text, span) pieces,
    span None for the text around the cited words; "…" marks where a context was cut."""
    windows: list[list] = []  # [start, text, cut_before, cut_after, [spans]]
    for context, span in sorted(cited, key=lambda pair: (pair[0].start, pair[1].start)):
        last = windows[-1] if windows else None
        end = last[0] + len(last[1]) if last is not None else 0
        if last is not None and not last[3] and 0 < context.start - end <= 2 and not context.cut_before:
            last[1] += " " * (context.start - end)  # sentences next to each other read as one text
            end = context.start
        if last is not None and context.start <= end:
            overlap = end - context.start
            if len(context.text) > overlap:
                last[1] += context.text[overlap:]
                last[3] = context.cut_after
            last[4].append(span)
        else:
            windows.append([context.start, context.text, context.cut_before, context.cut_after, [span]])
    result = []
    for start, text, cut_before, cut_after, spans in windows:
        pieces: list[tuple[str, Span | None]] = [("…", None)] if cut_before else []
        at = start
        for span in sorted(spans, key=lambda s: (s.start, -s.end)):
            if span.end <= at:
                continue  # inside the words of a span before it
            begin = max(span.start, at)
            if begin > at:
                pieces.append((text[at - start:begin - start], None))
            pieces.append((text[begin - start:span.end - start], span))
            at = span.end
        if at < start + len(text):
            pieces.append((text[at - start:], None))
        if cut_after:
            pieces.append(("…", None))
        result.append(tuple(pieces))
    return tuple(result)


def text_fragment(url: str, texts) -> str:
    """The address of an original article that scrolls it to the given texts and highlights them: a text
    fragment (#:~:text=...), percent-encoded as the spec asks (`-`, `&` and `,` included); a text of
    more than TEXT_FRAGMENT_WORDS words is given by its first and last words (textStart,textEnd)."""
    directives = []
    for text in texts:
        words = text.split()
        if not words:
            continue
        if len(words) > TEXT_FRAGMENT_WORDS:
            half = TEXT_FRAGMENT_WORDS // 2
            directives.append(f"text={_fragment_text(words[:half])},{_fragment_text(words[-half:])}")
        else:
            directives.append(f"text={_fragment_text(words)}")
    if not directives:
        return url
    address, hash_, fragment = url.partition("#")
    if ":~:" in fragment:
        return f"{url}&{'&'.join(directives)}"
    return f"{address}#{fragment if hash_ else ''}:~:{'&'.join(directives)}"


TEXT_FRAGMENT_WORDS = 10


def _fragment_text(words: list[str]) -> str:
    return percent_encode(" ".join(words), safe="").replace("-", "%2D")


def seed_context(site: SiteReads, span: Span) -> Context:
    """The sentence around a span, from its seed (which the page then reads, that seed alone, for its cache key)."""
    return site.seed(span.seed_id).context(span.start, span.end)


class CitationNotes:
    """The popovers of one page's citations: one per passage (or set of passages of one paragraph),
    numbered in the order the page first cites them; the numbers are also the printed notes'.

    A popover is written where its first citation is, unless the page defers them (defer()): then
    they wait in `pending` for the page to write them together at its end."""

    def __init__(self) -> None:
        self.numbers: dict[tuple, int] = {}
        self.deferred = False
        self.pending: list[tuple[Citation, int]] = []

    def defer(self) -> str:
        self.deferred = True
        return ""

    def hold(self, citation: Citation, number: int) -> str:
        self.pending.append((citation, number))
        return ""

    def take(self, citation: Citation) -> tuple[int, bool]:
        """The citation's note number, and whether this is its first citation on the page (which shows it)."""
        known = self.numbers.get(citation.key)
        if known is not None:
            return known, False
        number = self.numbers[citation.key] = len(self.numbers) + 1
        return number, True


RELATIVE_HREF = re.compile(r'(<a\s[^>]*?href=")(?![a-z][a-z0-9+.-]*:|[#/])([^"]*)"', re.I)


@jinja2.pass_context
def markdown_html(context, html: str) -> Markup:
    """Converted (and sanitised) Markdown, its relative links made to work from this page:
    authors write them from the site root (`sources/index.html`), whatever page shows them."""
    rel = context["rel"]
    return Markup(RELATIVE_HREF.sub(lambda m: f'{m.group(1)}{escape(rel(unescape(m.group(2))))}"', html) if 'href="' in html else html)


class SiteReads:
    """A Site that notes which of its parts a page reads, so the page's cache key covers them and no
    more (pagecache.PageKeys.part hashes each). Looked up by key, a member of a collection is noted
    alone: whether it is there, `entities[<id>]?`, each field read of an entity, `entities[<id>].name`,
    or the whole member, `seeds[<id>]`; so are a collection's size, `seeds#len`, and the items taken by
    index or slice, `seeds#20:40:`; anything else by its name, `info`, or a whole collection the page
    goes through, `entities`."""

    __slots__ = ("_site", "reads", "_views")
    KEYED = {"entities": True, "explainer_titles": False}  # mappings, and whether their members note their fields
    SIZED = frozenset({"explainers", "seeds", "sources", "pages"})  # tuples: their size is noted apart
    _seeds: list = [None, {}]  # the last site's seeds, and each by id (one site is rendered at a time)

    def __init__(self, site: Site):
        self._site = site
        self.reads: set[str] = set()
        self._views: dict[str, object] = {}

    def __getattr__(self, name: str):
        view = self._views.get(name)
        if view is not None:
            return view
        value = getattr(self._site, name)
        if name in self.KEYED and isinstance(value, dict):
            view = self._views[name] = SiteReads.Keyed(name, value, self.reads, self.KEYED[name])
        elif name in self.SIZED and isinstance(value, tuple):
            view = self._views[name] = SiteReads.Sized(name, value, self.reads)
        else:
            self.reads.add(name)
            return value
        return view

    def explainer(self, slug: str) -> Explainer:
        self.reads.add(f"explainers[{slug}]")
        return self._site.explainer(slug)

    def seed(self, seed_id: str) -> Seed:
        """The seed of this id (which Site has no method for)."""
        self.reads.add(f"seeds[{seed_id}]")
        seeds = self._site.seeds
        if SiteReads._seeds[0] is not seeds:
            SiteReads._seeds = [seeds, {seed.id: seed for seed in seeds}]
        return SiteReads._seeds[1][seed_id]

    class Keyed(Mapping):
        """A mapping of the site that notes each key looked for, its size, or that it was gone through;
        with fields=True, a member found is a SiteReads.Member, which notes the fields read of it."""

        __slots__ = ("_name", "_value", "_reads", "_fields")

        def __init__(self, name: str, value: dict, reads: set[str], fields: bool):
            self._name, self._value, self._reads, self._fields = name, value, reads, fields

        def _found(self, key):
            if not isinstance(key, str):
                self._reads.add(self._name)
                return self._value[key]
            if not self._fields:
                self._reads.add(f"{self._name}[{key}]")
                return self._value[key]
            self._reads.add(f"{self._name}[{key}]?")
            return SiteReads.Member(f"{self._name}[{key}]", self._value[key], self._reads)

        def __getitem__(self, key):
            return self._found(key)

        def get(self, key, default=None):
            try:
                return self._found(key)
            except KeyError:
                return default

        def __contains__(self, key) -> bool:
            if not isinstance(key, str):
                self._reads.add(self._name)
            else:
                self._reads.add(f"{self._name}[{key}]?" if self._fields else f"{self._name}[{key}]")
            return key in self._value

        def __len__(self) -> int:
            self._reads.add(f"{self._name}#len")
            return len(self._value)

        def __iter__(self):  # keys(), items(), values() and == go through here
            self._reads.add(self._name)
            return iter(self._value)

    class Member:
        """A record of the site looked up by key (an entity): notes each field read of it, `entities[<id>].name`,
        also by its methods; compared, hashed or shown whole, it notes the whole record. It passes for the
        record (isinstance)."""

        __slots__ = ("__name", "__record", "__reads")

        def __init__(self, name: str, record, reads: set[str]):
            self.__name, self.__record, self.__reads = name, record, reads

        def __getattr__(self, field: str):
            method = inspect.getattr_static(type(self.__record), field, None)
            if isinstance(method, types.FunctionType):  # a method: it runs on this view, which notes the fields it reads
                return types.MethodType(method, self)
            self.__reads.add(f"{self.__name}.{field}")
            return getattr(self.__record, field)

        def __whole(self):
            self.__reads.add(self.__name)
            return self.__record

        @property
        def __class__(self):
            return type(self.__record)

        def __eq__(self, other) -> bool:
            return self.__whole() == (other.__whole() if type(other) is SiteReads.Member else other)

        def __hash__(self) -> int:
            return hash(self.__whole())

        def __str__(self) -> str:
            return str(self.__whole())

        def __repr__(self) -> str:
            return repr(self.__whole())

        def __format__(self, spec: str) -> str:
            return format(self.__whole(), spec)

    class Sized(Sequence):
        """A tuple of the site that notes its size, and items taken by index or slice, apart from anything else
        read of it (which is all of it)."""

        __slots__ = ("_name", "_value", "_reads")

        def __init__(self, name: str, value: tuple, reads: set[str]):
            self._name, self._value, self._reads = name, value, reads

        def _whole(self) -> tuple:
            self._reads.add(self._name)
            return self._value

        def __len__(self) -> int:  # and truth: `{% if site.sources %}`
            self._reads.add(f"{self._name}#len")
            return len(self._value)

        def __getitem__(self, index):
            """One item or a slice, noted as the page wrote it (`seeds#-1`, `seeds#20:40:`): on another build the
            same index may find other items, which the key then covers."""
            if isinstance(index, slice):
                bounds = (index.start, index.stop, index.step)
                if all(b is None or type(b) is int for b in bounds):
                    self._reads.add(f"{self._name}#" + ":".join("" if b is None else str(b) for b in bounds))
                    return self._value[index]
            elif type(index) is int:
                self._reads.add(f"{self._name}#{index}")
                return self._value[index]
            return self._whole()[index]

        def __iter__(self):
            return iter(self._whole())

        def __contains__(self, item) -> bool:
            return item in self._whole()

        def __reversed__(self):
            return reversed(self._whole())

        def __eq__(self, other) -> bool:
            return self._whole() == (other._whole() if isinstance(other, SiteReads.Sized) else other)

        def __hash__(self) -> int:
            return hash(self._whole())

        def __add__(self, other):
            return self._whole() + (other._whole() if isinstance(other, SiteReads.Sized) else other)

        def __radd__(self, other):
            return other + self._whole()


class _Plan(dict):
    """Output path -> planned page, where a path taken is never silently replaced."""

    def __setitem__(self, path: str, planned: tuple) -> None:
        if path in self:
            first, second = (" ".join(p[1].title.split()) for p in (self[path], planned))
            raise ContentError([Problem(Location(layout.CONTENT), f"two pages would be written to {path}: “{first}” and "
                                                                   f"“{second}”; rename the record or page of one of them")])
        super().__setitem__(path, planned)


# --- Pagination: no list grows without bound on one page -------------------------------------------------
# Page 1 of a list keeps the list's address; page n is at the same path with `_n` before `.html`
# (entities/index_2.html, entities/<id>_2.html). `_` is in no record id, explainer slug or page name, so no
# page of a record can take the place of a list's page. Sizes are counts, not bytes, so a page's entries move
# only when entries are added or removed before them; each is chosen to keep a page of the benchmark's
# newsroom (bench/, N = 5,000) well under 30 KiB gzip with the stylesheet.
HOME_PAGE_SIZE = 50  # explainers on a page of the home page
ENTITIES_PAGE_SIZE = 200  # entries on a page of the list of people, places and organisations
SEEDS_PAGE_SIZE = 150  # source articles on a page of the list of sources
SOURCES_PAGE_SIZE = 80  # other sources on a page of the list of other sources
CITED_BY_SHOWN = 3  # the items citing an external source that its entry in the list shows (then how many more)
ENTITY_PAGE_WEIGHT = 360  # what a page of an entity's mentions holds, a mention weighing 1 ...
SEED_MENTION_WEIGHT = 3  # ... and a sentence of a seed naming it this much
PAGER_NEAR = 2  # the pager links to the pages this many either side of the current one (and the first and last)
OTHER_SOURCES = "sources/other_sources.html"  # the first page of the other sources, when they have pages of their own
ENTITY_KINDS = ("person", "place", "organisation", "group")  # the order of the list of entities
EVENTS_PAGE_SIZE = 30  # events on a page of an explainer's background (its timeline)
STATEMENTS_PAGE_SIZE = 25  # statements on a page of an explainer's statements
ISSUES_PAGE_WEIGHT = 48  # what a page of an explainer's disputed issues holds, an issue and each of its positions weighing 1
REPERCUSSIONS_PAGE_SIZE = 30  # repercussions on a page of an explainer's repercussions
NOT_FOUND_EXPLAINERS = 20  # the explainers the page for a missing address offers (the newest; the home page has the rest)


def page_path(first: str, number: int) -> str:
    """The path of page `number` (1-based) of a list whose first page is at `first`."""
    return first if number == 1 else f"{first[:-len('.html')]}_{number}.html"


@dataclass(frozen=True)
class Pager:
    """Where one page of a list split over several pages stands: its number (1-based) and every page's path."""

    number: int
    paths: tuple[str, ...]

    @property
    def count(self) -> int:
        return len(self.paths)

    @property
    def prev(self) -> str:
        return self.paths[self.number - 2] if self.number > 1 else ""

    @property
    def next(self) -> str:
        return self.paths[self.number] if self.number < len(self.paths) else ""

    @property
    def shown(self) -> tuple[int | None, ...]:
        """The page numbers the pager names: the first, the last and those near this one, None for a gap."""
        near = {1, self.count, *range(max(1, self.number - PAGER_NEAR), min(self.count, self.number + PAGER_NEAR) + 1)}
        numbers: list[int | None] = []
        for n in sorted(near):
            if numbers and n - numbers[-1] == 2:
                numbers.append(n - 1)  # a gap of one page: name it rather than "…"
            elif numbers and n - numbers[-1] > 2:
                numbers.append(None)
            numbers.append(n)
        return tuple(numbers)


def chunks(weights, capacity: int) -> list[tuple[int, int]]:
    """(start, end) of each page when items of the given weights fill pages of the given capacity in order:
    a page takes items while they fit (at least one). Always at least one page, empty for no items."""
    pages, start, used = [], 0, 0
    for i, weight in enumerate(weights):
        if i > start and used + weight > capacity:
            pages.append((start, i))
            start, used = i, 0
        used += weight
    pages.append((start, len(weights) if weights else 0))
    return pages


def pages_of(first: str, spans: list[tuple[int, int]]) -> list[tuple[str, Pager | None, int, int]]:
    """(path, pager, start, end) of each page of a list: no pager when the list has one page."""
    paths = tuple(page_path(first, n) for n in range(1, len(spans) + 1))
    return [(path, Pager(n, paths) if len(paths) > 1 else None, start, end)
            for n, (path, (start, end)) in enumerate(zip(paths, spans), 1)]


def counted(first: str, count: int, size: int) -> list[tuple[str, Pager | None, int, int]]:
    """The pages of a list of count entries, size a page."""
    return pages_of(first, chunks([1] * count, size))


def paged_title(title: str, pager: Pager | None, language: str) -> str:
    """A page's title; on the later pages of a list split over several, with its place in the list."""
    if pager is None or pager.number == 1:
        return title
    return i18n.translator(language).gettext(N_("%(title)s (page %(number)s of %(count)s)")) % {
        "title": title, "number": format_count(pager.number, language), "count": format_count(pager.count, language)}


def sources_split(seeds: int, sources: int) -> bool:
    """Whether the list of sources is too long for one page: then the source articles and the other sources
    are two lists, each over pages of its own (so a new seed never moves the other sources)."""
    return seeds * SOURCES_PAGE_SIZE + sources * SEEDS_PAGE_SIZE > SEEDS_PAGE_SIZE * SOURCES_PAGE_SIZE


def source_listing(seeds: int, sources: int) -> list[str]:
    """The page of the list of sources that lists each external source, in the order of the sources."""
    if not sources_split(seeds, sources):
        return ["sources/index.html"] * sources
    return [path for path, _, start, end in counted(OTHER_SOURCES, sources, SOURCES_PAGE_SIZE) for _ in range(start, end)]


def entity_sort_key(entity) -> tuple:
    """The order of the list of entities: by kind, then by name as Jinja's sort has it (ignoring case)."""
    kind = ENTITY_KINDS.index(entity.kind) if entity.kind in ENTITY_KINDS else len(ENTITY_KINDS)
    return kind, entity.kind, entity.name.lower()


def by_kind(entities) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The ids of a run of the list of entities, in groups of one kind: ((kind, ids), ...)."""
    groups: list[tuple[str, list[str]]] = []
    for entity in entities:
        if not groups or groups[-1][0] != entity.kind:
            groups.append((entity.kind, []))
        groups[-1][1].append(entity.id)
    return tuple((kind, tuple(ids)) for kind, ids in groups)


def entity_parts(entity) -> list[tuple[tuple[tuple[str, tuple[ItemRef, ...], bool], ...], tuple, bool]]:
    """An entity's mentions over the pages of its page: for each page, its groups of mentions by explainer
    (slug, mentions, whether the group began on an earlier page), its sentences of seeds naming the entity,
    and whether those began on an earlier page."""
    mentions = [(slug, ref) for slug, refs in entity.mentions_by_explainer() for ref in refs]
    named = entity.seed_mentions
    spans = chunks([1] * len(mentions) + [SEED_MENTION_WEIGHT] * len(named), ENTITY_PAGE_WEIGHT)
    parts = []
    for start, end in spans:
        groups: list[list] = []
        for i in range(start, min(end, len(mentions))):
            slug, ref = mentions[i]
            if groups and groups[-1][0] == slug:
                groups[-1][1].append(ref)
            else:
                groups.append([slug, [ref], i == start and i > 0 and mentions[i - 1][0] == slug])
        first, last = max(start - len(mentions), 0), max(end - len(mentions), 0)
        parts.append((tuple((slug, tuple(refs), begun) for slug, refs, begun in groups), named[first:last], first > 0))
    return parts


def section_pages(key: str, weights: list[int]) -> list[str]:
    """The file, in its explainer's folder, of the page of the section `key` (background, statements, issues,
    repercussions) that shows each of its records, from their weights in the order the section shows them
    (see section_records): <key>.html, then <key>_2.html... Assembling gives each record its address by it."""
    capacity = {"background": EVENTS_PAGE_SIZE, "statements": STATEMENTS_PAGE_SIZE, "issues": ISSUES_PAGE_WEIGHT,
                "repercussions": REPERCUSSIONS_PAGE_SIZE}[key]
    return [path for path, _, start, end in pages_of(f"{key}.html", chunks(weights, capacity)) for _ in range(start, end)]


def section_records(ex: Explainer, key: str) -> tuple:
    """The records of an explainer's section in the order its pages show them: the events by date, the
    statements and issues as given, the repercussions level by level."""
    if key == "repercussions":
        return tuple(r for level in ex.levels for r in ex.repercussions_at(level.id))
    return {"background": ex.events, "statements": ex.statements, "issues": ex.issues}[key]


def section_spans(ex: Explainer, key: str) -> list[tuple[str, int, int]]:
    """The pages of an explainer's section: (path, start, end) of each, over section_records, each record
    on the page its address names (page 1 alone when the section has none)."""
    spans: list[list] = []
    for n, record in enumerate(section_records(ex, key)):
        path = record.url.partition("#")[0]
        if spans and spans[-1][0] == path:
            spans[-1][2] = n + 1
        else:
            spans.append([path, n, n + 1])
    return [tuple(span) for span in spans] or [(f"{ex.slug}/{key}.html", 0, 0)]


def level_parts(ex: Explainer, spans: list[tuple[str, int, int]]) -> tuple[list[dict], dict[str, str]]:
    """The levels of an explainer's repercussions over the pages of its section: for each page, the levels it
    shows, {level id: (ids of its repercussions there, whether the level began on an earlier page)}, and the
    page each level begins on. A level with no repercussions stands on the page of the one before it."""
    parts: list[dict] = [{} for _ in spans]
    begins: dict[str, str] = {}
    page_of = [n for n, (_, start, end) in enumerate(spans) for _ in range(start, end)]
    done, current = 0, 0
    for level in ex.levels:
        items = ex.repercussions_at(level.id)
        if not items:
            parts[current][level.id] = ((), False)
            begins[level.id] = spans[current][0]
        for i, item in enumerate(items):
            current = page_of[done]
            done += 1
            ids, begun = parts[current].get(level.id, ((), i > 0))
            parts[current][level.id] = ((*ids, item.id), begun)
            begins.setdefault(level.id, spans[current][0])
    return parts, begins


class Utf8Loader(jinja2.FileSystemLoader):
    """Templates from folders, in UTF-8: a template that is not is a template error at its first bad byte."""

    def get_source(self, environment: jinja2.Environment, template: str):
        try:
            return super().get_source(environment, template)
        except UnicodeDecodeError as exc:
            pieces = jinja2.loaders.split_template_path(template)
            path = next(p for p in (Path(folder, *pieces) for folder in self.searchpath) if p.is_file())
            before = exc.object[:exc.start].replace(b"\r\n", b"\n")
            line = before.count(b"\n") + 1
            col = len(before[before.rfind(b"\n") + 1:].decode("utf-8", "replace")) + 1
            error = jinja2.TemplateSyntaxError("not valid UTF-8; save the template as UTF-8 text", line, template, str(path))
            error.col = col  # type: ignore[attr-defined]  # the column, for the message's position
            raise error from None


class Renderer:
    """The single Jinja environment; renders every page of a Site."""

    def __init__(self, templates: Path, preview: bool = False):
        self.preview = preview  # the live preview adds anchor-health marks; built sites never have them
        self.env = jinja2.Environment(
            # the project's templates first, then the generator's own for any it does not have
            loader=Utf8Loader(list(dict.fromkeys([str(templates), str(layout.BUILT_IN_TEMPLATES)]))),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )
        i18n.install(self.env)
        self.env.filters["date_label"] = jinja2.pass_context(lambda context, value: date_label(value, context["page_lang"]))
        self.env.filters["number"] = jinja2.pass_context(lambda context, n: format_count(n, context["page_lang"]))
        self.env.filters["list_label"] = jinja2.pass_context(
            lambda context, items: Markup(list_label([escape(i) for i in items], context["page_lang"])))
        self.env.filters["percent"] = lambda value: f"{value:.0%}"
        self.env.filters["ref_label"] = ref_label
        self.env.filters["md"] = markdown_html
        self.env.filters["citations"] = citations
        self.env.filters["text_fragment"] = text_fragment
        self.env.filters["excerpt"] = excerpt
        self.env.filters["text_direction"] = text_direction
        self.env.filters["language_name"] = language_name

    def page(self, site: Site, template: str, info: PageInfo, **context) -> str:
        ex = context.get("ex")
        nav = explainer_nav(ex) if ex is not None else ()
        keys = [item.url for item in nav]
        index = keys.index(info.path) if info.path in keys else None
        base_url = site.info.base_url

        def rel(url: str) -> str:
            if info.path == "404.html" and base_url:
                return base_url + url  # served at any depth: only absolute links hold
            return relative_url(info.path, url)

        indexed = info.indexed
        meta_description = shorten(info.description)
        page_lang = context.get("language") or (ex.language if ex is not None else site.info.language)
        return self.env.get_template(template).render(
            site=site, page=info, rel=rel, page_lang=page_lang, page_dir=text_direction(page_lang),
            alternates=alternates(ex, info.path) if indexed else (), preview=self.preview, site_nav=site_nav(site, page_lang), nav=nav,
            feed_url=f"{ex.slug}/feed.xml" if ex is not None else "feed.xml",
            health=health(ex) if self.preview and ex is not None and info.path == ex.url else {},
            canonical=absolute(site, info.path) if base_url and indexed else "",
            meta_description=meta_description, og=social(site, ex, info.path, page_lang),
            search_url=search_path(page_lang, site.info.language),
            jsonld=page_graph(site, ex, info.path, info.title, meta_description, context.get("entity")) if indexed else "",
            highlight=lambda seed, block, cited_by=None: highlight(seed, block, rel, cited_by),
            citation_notes=CitationNotes(), seed_context=lambda span: seed_context(site, span),
            absolute_url=lambda path: absolute(site, path),
            prev=nav[index - 1] if index else None,
            next=nav[index + 1] if index is not None and index + 1 < len(nav) else None,
            **{"breadcrumbs": [], "ex": None, **context},
        )

    def plan(self, site: Site) -> dict[str, tuple]:
        """Every page of the site: output path -> (template, PageInfo, context). Cheap; renders nothing.

        A path is planned once: a second page for it is refused (assembling reports such a clash at
        the record's place first; this is the last word, should it ever miss one)."""
        info = site.info
        language = info.language
        _ = i18n.translator(language).gettext  # the site's own pages are in its language
        pages = _Plan({
            "404.html": ("404.html", PageInfo("404.html", _(N_("Page not found")), _(N_("This page does not exist.")), "", indexed=False),
                         {"explainer_slugs": tuple(ex.slug for ex in site.explainers[:NOT_FOUND_EXPLAINERS]),
                          "more_explainers": len(site.explainers) > NOT_FOUND_EXPLAINERS}),
            **search_pages(site),
        })
        # The lists, each over as many pages as it needs (see HOME_PAGE_SIZE and the others). A page of a list
        # names its entries (ids, ranges) rather than holding them: its cache key then covers the collection
        # it reads, whose digest every build makes once, rather than each entry again.
        home = tuple(ex for ex in site.explainers if ex.on_home)
        description = info.description or _home_description(site)
        for path, pager, start, end in counted("index.html", len(home), HOME_PAGE_SIZE):
            title = info.title if path == "index.html" else paged_title(_(N_("Explainers")), pager, language)
            pages[path] = ("home.html", PageInfo(path, title, description, "home"),
                           {"explainer_slugs": tuple(ex.slug for ex in home[start:end]), "pager": pager,
                            "breadcrumbs": [(info.title, "index.html")] if path != "index.html" else []})
        entities_title = _(ENTITIES_TITLE)
        entity_crumbs = [(entities_title, "entities/index.html")]
        entities = tuple(sorted(site.entities.values(), key=entity_sort_key))
        listing = counted("entities/index.html", len(entities), ENTITIES_PAGE_SIZE)
        kinds: dict[str, str] = {}  # the page each kind begins on, when the list has several
        for path, pager, start, end in listing:
            for entity in entities[start:end] if pager else ():
                kinds.setdefault(entity.kind, path)
        for path, pager, start, end in listing:
            pages[path] = ("entities.html", PageInfo(path, paged_title(entities_title, pager, language),
                                                     _(N_("Everyone and everything the explainers mention.")), "entities"),
                           {"entity_ids": by_kind(entities[start:end]), "pager": pager, "kinds": kinds,
                            "breadcrumbs": entity_crumbs if path != "entities/index.html" else []})
        sources_title = _(N_("Sources"))
        source_crumbs = [(sources_title, "sources/index.html")]
        seeds, sources = site.seeds, site.sources
        split = sources_split(len(seeds), len(sources))
        counts = {"seed_count": len(seeds), "source_count": len(sources), "split": split, "other_sources": OTHER_SOURCES,
                  "cited_by_shown": CITED_BY_SHOWN if split else None}  # None: every item citing a source
        seed_pages = counted("sources/index.html", len(seeds), SEEDS_PAGE_SIZE) if split else [("sources/index.html", None, 0, len(seeds))]
        for path, pager, start, end in seed_pages:
            pages[path] = ("sources.html", PageInfo(path, paged_title(sources_title, pager, language),
                                                    _(N_("The source articles and external sources behind every claim.")), "sources"),
                           {"seed_range": (start, end), "source_range": (0, 0 if split else len(sources)), "pager": pager, **counts,
                            "breadcrumbs": source_crumbs if path != "sources/index.html" else []})
        for path, pager, start, end in counted(OTHER_SOURCES, len(sources), SOURCES_PAGE_SIZE) if split else ():
            pages[path] = ("sources.html", PageInfo(path, paged_title(_(N_("Other sources")), pager, language),
                                                    _(N_("The external sources of the facts the source articles do not give.")), "sources"),
                           {"seed_range": (0, 0), "source_range": (start, end), "pager": pager, **counts, "breadcrumbs": source_crumbs})
        for entity in site.entities.values():
            fits = len(entity.mentions) + SEED_MENTION_WEIGHT * len(entity.seed_mentions) <= ENTITY_PAGE_WEIGHT
            parts = [None] if fits else entity_parts(entity)  # most entities: one page, which shows them all
            about = _plain(entity.description_html)
            for (path, pager, _start, _end), part in zip(pages_of(entity.url, [(0, 0)] * len(parts)), parts):
                pages[path] = ("entity.html", PageInfo(path, paged_title(entity.name, pager, language), about, "entities"),
                               {"entity": entity, "pager": pager, "breadcrumbs": entity_crumbs if path == entity.url else
                                [*entity_crumbs, (entity.name, entity.url)], **({"part": part} if pager else {})})
        for seed in site.seeds:
            full_text = _(N_("The full text of “%(title)s”, every cited passage highlighted.")) % {"title": seed.title}
            pages[seed.page_url] = ("seed.html", PageInfo(seed.page_url, seed.title, full_text, "sources"),
                                    {"seed": seed, "breadcrumbs": [(_(N_("Sources")), "sources/index.html")]})
        for md in site.pages:
            pages[md.url] = ("page.html", PageInfo(md.url, md.title, md.description, md.slug), {"md": md})
        for ex in site.explainers:
            crumbs = [(ex.title, ex.url)]
            pages[ex.url] = ("overview.html", PageInfo(ex.url, ex.title, ex.description or _plain(ex.summary_html), "index"),
                             {"ex": ex})
            for section in ex.sections:  # each over as many pages as its records need (see section_pages)
                spans = section_spans(ex, section.key)
                paths = tuple(path for path, _, _ in spans)
                levels, begins = level_parts(ex, spans) if section.key == "repercussions" else ([{}] * len(spans), {})
                for n, ((path, start, end), part) in enumerate(zip(spans, levels), 1):
                    pager = Pager(n, paths) if len(paths) > 1 else None
                    pages[path] = (f"{section.key}.html",
                                   PageInfo(path, paged_title(section.title, pager, ex.language), section.description, section.key),
                                   {"ex": ex, "pager": pager, "shown": (start, end),
                                    "breadcrumbs": crumbs if n == 1 else [*crumbs, (section.title, paths[0])],
                                    **({"levels_shown": part, "level_pages": begins} if section.key == "repercussions" else {})})
            for md in ex.pages:
                pages[md.url] = ("page.html", PageInfo(md.url, md.title, md.description, md.slug),
                                 {"ex": ex, "md": md, "breadcrumbs": crumbs})
            for old in ex.former_paths:
                target = f"{ex.slug}/{old.rsplit('/', 1)[-1]}"
                title = pages[target][1].title
                moved = i18n.translator(ex.language).gettext(N_("This page has moved to %(address)s.")) % {"address": target}
                pages[old] = ("redirect.html", PageInfo(old, title, moved, "redirect", indexed=False), {"ex": ex, "target": target})
        return dict(pages)

    def render(self, site: Site, planned: tuple) -> tuple[str, frozenset[str]]:
        """One planned page as HTML, and the names of the parts of the site it read."""
        template, info, context = planned
        seen = SiteReads(site)
        return self.page(seen, template, info, **context), frozenset(seen.reads)


def social(site: Site, ex: Explainer | None, path: str, language: str) -> dict:
    """The Open Graph data of a page: its locale, and the image its link is shared with (the explainer's,
    else the site's; absolute where the site's address is known, else relative to the page)."""
    picture = ex.social if ex is not None else site.info.social
    data = {"locale": og_locale(language),
            "image": "", "image_type": "", "image_width": 0, "image_height": 0, "image_alt": ""}
    if picture is not None:
        data.update(image=image_url(site, path, picture), image_type=picture.media_type, image_width=picture.width,
                    image_height=picture.height, image_alt=picture.alt)
    return data


SITEMAP_URLS = 50_000  # the most one sitemap file may list (sitemaps.org)
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"


def sitemap(site: Site, plan: dict[str, tuple]) -> dict[str, str]:
    """sitemap.xml of the indexed pages, as sitemaps.org 0.9 has it; lastmod comes from the content, never
    from the clock. A sitemap lists absolute addresses, so without a base URL there is none ({}). Past
    50,000 pages, sitemap.xml is an index of sitemap-1.xml, sitemap-2.xml..."""
    base = site.info.base_url
    if not base:
        return {}
    entries = []
    translated = False

    def loc_of(path: str) -> str:
        return _sitemap_loc(base, _folder_path(path)) if len(base + _folder_path(path)) >= 12 else _sitemap_loc(base, path)

    for path in sorted(plan):
        info, context = plan[path][1], plan[path][2]
        if info.indexed:
            ex = context.get("ex")
            lastmod = _full_date(ex.updated if ex is not None else site.updated)
            versions = alternates(ex, path)
            links = "".join(f'<xhtml:link rel="alternate" hreflang="{xml_escape(language)}" href="{loc_of(where)}"/>'
                            for language, where in (*((a.language, a.path) for a in versions),
                                                    *(("x-default", a.path) for a in versions[:1])))
            translated = translated or bool(versions)
            entries.append(f"  <url><loc>{loc_of(path)}</loc>" + (f"<lastmod>{lastmod}</lastmod>" if lastmod else "") + links
                           + "</url>\n")
    head = f'<?xml version="1.0" encoding="UTF-8"?>\n'
    urlset = f'<urlset xmlns="{SITEMAP_NS}"' + (f' xmlns:xhtml="{XHTML_NS}"' if translated else "") + ">"
    if len(entries) <= SITEMAP_URLS:
        return {"sitemap.xml": f'{head}{urlset}\n{"".join(entries)}</urlset>\n'}
    files, index = {}, []
    for n, start in enumerate(range(0, len(entries), SITEMAP_URLS), 1):
        files[f"sitemap-{n}.xml"] = f'{head}{urlset}\n{"".join(entries[start:start + SITEMAP_URLS])}</urlset>\n'
        index.append(f"  <sitemap><loc>{_sitemap_loc(base, f'sitemap-{n}.xml')}</loc></sitemap>\n")
    return {"sitemap.xml": f'{head}<sitemapindex xmlns="{SITEMAP_NS}">\n{"".join(index)}</sitemapindex>\n', **files}


def _sitemap_loc(base: str, path: str) -> str:
    """An address as a sitemap takes it: ASCII (other characters percent-encoded as UTF-8), XML-escaped."""
    return xml_escape(quote(base + path, safe="!#$%&'()*+,-./:;=?@[]_~"))


def _full_date(date: str) -> str:
    """YYYY-MM-DD as it is; "" for YYYY or YYYY-MM, which a sitemap's lastmod does not take (it needs a day)."""
    return date if len(date) == 10 else ""


def _folder_path(path: str) -> str:
    """index.html -> "", x/index.html -> x/: the address a server gives a folder's index."""
    return path[:-len("index.html")] if path == "index.html" or path.endswith("/index.html") else path


def robots(site: Site) -> str:
    lines = ["User-agent: *", "Allow: /"]
    if site.info.base_url and not any(c.isspace() or not c.isprintable() for c in site.info.base_url):
        lines.append(f"Sitemap: {site.info.base_url}sitemap.xml")  # one line: an address is never more
    return "\n".join(lines) + "\n"


def _home_description(site: Site) -> str:
    titles = [ex.title for ex in site.explainers]
    if len(titles) == 1:
        return _plain(site.explainers[0].summary_html)
    return i18n.translator(site.info.language).gettext(N_("Explainers: %(titles)s")) % {"titles": "; ".join(titles)}


def _plain(html: str, limit: int = 300) -> str:
    """Text of an HTML fragment, for meta descriptions: at most limit characters, cut at the end of a word
    with an ellipsis."""
    return shorten(unescape(re.sub(r"<[^>]+>", "", html)), limit)
