"""The assembled explainer: frozen records, no I/O, no third-party imports.

Every URL held here is relative to the site root (``statements.html#x``);
templates turn it into a page-relative link with ``rel()``.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field, fields
from functools import cached_property

SHORT_PUBLISHER = 20  # the longest publisher a citation label shows as a seed's name, when the seed has no `short`
CONTEXT_CHARS = 160  # the most text a citation shows before and after the cited words


@dataclass(frozen=True)
class Sentence:
    """One sentence of a seed, by character offsets into the seed text."""

    index: int  # 1-based within the seed
    start: int
    end: int
    line: int
    col: int

    @property
    def anchor(self) -> str:
        return f"s{self.index}"


@dataclass(frozen=True)
class Block:
    """A lede, heading or paragraph of a seed."""

    kind: str  # "lede" | "heading" | "paragraph"
    start: int
    end: int
    line: int
    sentences: tuple[Sentence, ...] = ()


@dataclass(frozen=True)
class Span:
    """A citation anchored in a seed: the original text between two offsets."""

    id: str  # html id of its first <mark> on the seed's page
    seed_id: str
    start: int
    end: int
    text: str
    line: int
    col: int
    cited_by: ItemRef
    where: str = ""  # where the citation is written: "path:line:col" of its `exact`
    language: str = ""  # its seed's language

    @property
    def url(self) -> str:
        return f"sources/{self.seed_id}.html#{self.id}"


@dataclass(frozen=True)
class ItemRef:
    """A link to one item on the site (a statement card, an event...)."""

    kind: str  # "statement", "event", "issue", "position", ...
    title: str
    url: str
    explainer: str = ""  # the slug of the explainer the item belongs to; "" for site-wide items


@dataclass(frozen=True)
class ExternalSource:
    id: str
    title: str
    publisher: str
    date: str
    url: str  # the source's own address, may be ""
    cited_by: list[ItemRef] = field(default_factory=list, compare=False)  # filled while assembling
    listing: str = "sources/index.html"  # the page of the list of sources that lists it

    @property
    def page_url(self) -> str:
        return f"{self.listing}#{self.id}"


@dataclass(frozen=True)
class Context:
    """The text around a cited passage: the sentence (or sentences) holding it, cut to a few hundred
    characters at word ends. ``start`` is the seed offset of ``text[0]``; ``cut_before`` and ``cut_after``
    say whether the sentence goes on beyond it."""

    start: int
    text: str
    cut_before: bool = False
    cut_after: bool = False

    @property
    def end(self) -> int:
        return self.start + len(self.text)


@dataclass(frozen=True)
class SeedRef:
    """What a citation shows of its seed: its names and addresses, not its text."""

    id: str
    title: str
    short: str  # the name citation labels give it (its `short`, else a short publisher); "" when it has none
    publisher: str
    date: str
    url: str  # the original article's address, may be ""
    language: str = ""  # the article's language tag

    @property
    def page_url(self) -> str:
        return f"sources/{self.id}.html"


@dataclass(frozen=True)
class Evidence:
    """One item of a record's ``cite`` list: a seed span or an external source.

    A seed span carries what its citation shows without the seed: the seed's names (``seed``), the
    paragraph it starts in (the lede is ¶1; headings are not numbered) and the sentence around it."""

    span: Span | None = None
    source: ExternalSource | None = None
    seed: SeedRef | None = None
    paragraph: int = 0
    context: Context | None = None

    @property
    def url(self) -> str:
        return self.span.url if self.span else self.source.page_url


@dataclass(frozen=True)
class Fact:
    """A short claim on the overview: an at-a-glance fact or a next step."""

    id: str  # html id on the overview, e.g. "glance-1"
    label: str
    text_html: str
    evidence: tuple[Evidence, ...]


@dataclass(frozen=True)
class Event:
    id: str
    url: str
    date: str  # "2014", "2014-03" or "2014-03-18"
    date_label: str  # "March 2014"
    title: str
    body_html: str
    entity_ids: tuple[str, ...]
    evidence: tuple[Evidence, ...]
    updated: str = ""
    draft: bool = False  # shown only in the preview


@dataclass(frozen=True)
class Statement:
    id: str
    url: str
    speaker_id: str
    role: str  # "" when not given
    side_id: str  # "" when not given
    quote: Span  # the words, verbatim or reported
    verbatim: bool  # True for a quote (shown in quote marks), False for a paraphrase
    date: str
    context_html: str
    issue_ids: tuple[str, ...]
    evidence: tuple[Evidence, ...]
    updated: str = ""
    draft: bool = False  # shown only in the preview


@dataclass(frozen=True)
class Position:
    id: str  # html id on the issues page: "<issue>-<entity>"
    by_id: str  # whose position: a side or any other entity
    body_html: str
    evidence: tuple[Evidence, ...]


@dataclass(frozen=True)
class Issue:
    id: str
    url: str
    title: str
    summary_html: str
    positions: tuple[Position, ...]
    evidence: tuple[Evidence, ...]
    statement_ids: tuple[str, ...]  # statements that touch this issue
    updated: str = ""
    draft: bool = False


@dataclass(frozen=True)
class Repercussion:
    id: str
    url: str
    level: str  # the id of one of the explainer's levels
    title: str
    body_html: str
    entity_ids: tuple[str, ...]
    evidence: tuple[Evidence, ...]
    updated: str = ""
    draft: bool = False  # shown only in the preview


@dataclass(frozen=True)
class SeedMention:
    """A sentence of a seed in which an entity is named."""

    seed_id: str
    sentence: Sentence
    excerpt: str
    language: str = ""  # its seed's language

    @property
    def url(self) -> str:
        return f"sources/{self.seed_id}.html#{self.sentence.anchor}"


def name_in(name: str, names, language: str) -> str:
    """A name as pages in a language show it: the one names gives for that tag, else for its language
    (uk for uk-UA), else name itself. names: (language tag, name) pairs."""
    given = {tag.lower(): other for tag, other in names}
    tag = language.lower()
    return given.get(tag) or given.get(tag.split("-")[0]) or name


@dataclass(frozen=True)
class Entity:
    id: str
    kind: str  # "person" | "place" | "organisation" | "group"
    name: str
    aliases: tuple[str, ...]
    description_html: str
    evidence: tuple[Evidence, ...]
    mentions: tuple[ItemRef, ...] = ()
    seed_mentions: tuple[SeedMention, ...] = ()
    updated: str = ""
    draft: bool = False
    names: tuple[tuple[str, str], ...] = ()  # (language tag, the name in it)

    @property
    def url(self) -> str:
        return f"entities/{self.id}.html"

    def name_in(self, language: str) -> str:
        """Its name as pages in a language show it."""
        return name_in(self.name, self.names, language)

    def mentions_by_explainer(self) -> tuple[tuple[str, tuple[ItemRef, ...]], ...]:
        """The mentions grouped by explainer slug, in order of first mention."""
        groups: dict[str, list[ItemRef]] = {}
        for ref in self.mentions:
            groups.setdefault(ref.explainer, []).append(ref)
        return tuple((slug, tuple(refs)) for slug, refs in groups.items())


@dataclass(frozen=True)
class Seed:
    id: str
    file: str  # path relative to the project
    title: str
    publisher: str
    date: str
    url: str
    language: str
    text: str  # decoded, BOM removed, line endings as "\n"
    blocks: tuple[Block, ...]
    spans: tuple[Span, ...] = ()
    short: str = ""  # the name citation labels give it, e.g. "Report"; "" for the default (see short_name)

    def __getstate__(self) -> dict:
        """The fields only: the cached properties below are derived from them."""
        return {f.name: getattr(self, f.name) for f in fields(self)}

    @property
    def short_name(self) -> str:
        """The name citation labels give the seed: its `short`, else its publisher when that is short
        (at most SHORT_PUBLISHER characters); "" when neither, for the templates' own default."""
        if self.short:
            return self.short
        return self.publisher if len(self.publisher) <= SHORT_PUBLISHER else ""

    @cached_property
    def ref(self) -> SeedRef:
        return SeedRef(self.id, self.title, self.short_name, self.publisher, self.date, self.url, self.language)

    @cached_property
    def paragraph_numbers(self) -> tuple[int, ...]:
        """The paragraph number (¶) of each block: the lede is 1, each paragraph after it the next; headings 0."""
        numbers, n = [], 0
        for block in self.blocks:
            if block.kind != "heading":
                n += 1
            numbers.append(n if block.kind != "heading" else 0)
        return tuple(numbers)

    @cached_property
    def _block_starts(self) -> tuple[int, ...]:
        return tuple(b.start for b in self.blocks)

    @cached_property
    def _sentence_starts(self) -> tuple[int, ...]:
        return tuple(s.start for s in self.sentences)

    def paragraph_at(self, offset: int) -> int:
        """The ¶ number of the block holding offset. Text in a heading counts with the paragraph it heads
        (the next one; the last one for a heading at the end); 0 for a seed without paragraphs."""
        numbers = self.paragraph_numbers
        if not numbers:
            return 0
        i = max(bisect_right(self._block_starts, offset) - 1, 0)
        if numbers[i]:
            return numbers[i]
        return next((n for n in numbers[i + 1:] if n), 0) or next((n for n in reversed(numbers[:i]) if n), 0)

    def context(self, start: int, end: int) -> Context:
        """The sentences that hold text[start:end], with at most CONTEXT_CHARS characters before and after
        it (cut at a word's end). Text outside any sentence (a heading) is its own context."""
        starts, sentences = self._sentence_starts, self.sentences
        first = bisect_right(starts, start) - 1
        if first < 0 or sentences[first].end <= start:
            first += 1
        last = bisect_left(starts, end) - 1
        begin = min(start, sentences[first].start) if 0 <= first <= last < len(sentences) else start
        finish = max(end, sentences[last].end) if 0 <= first <= last < len(sentences) else end
        before, after = self.text[begin:start], self.text[end:finish]
        cut_before, cut_after = len(before) > CONTEXT_CHARS, len(after) > CONTEXT_CHARS
        if cut_before:
            kept = before[-CONTEXT_CHARS:]
            space = kept.find(" ")
            before = kept[space + 1:] if 0 <= space < len(kept) - 1 else kept
        if cut_after:
            kept = after[:CONTEXT_CHARS]
            space = kept.rfind(" ")
            after = kept[:space] if space > 0 else kept
        return Context(start - len(before), before + self.text[start:end] + after, cut_before, cut_after)

    @cached_property
    def sentences(self) -> tuple[Sentence, ...]:
        return tuple(s for b in self.blocks for s in b.sentences)

    @cached_property
    def cited_sentences(self) -> tuple[Sentence, ...]:
        return tuple(
            s for s in self.sentences
            if any(sp.start < s.end and s.start < sp.end for sp in self.spans)
        )

    @cached_property
    def passages(self) -> tuple[tuple[tuple[Span, ...], tuple[ItemRef, ...]], ...]:
        """The cited passages, in the order of the spans: for each text that one or more spans cover
        (one start and end), those spans and the items citing it, each item once."""
        groups: dict[tuple[int, int], list[Span]] = {}
        for span in self.spans:
            groups.setdefault((span.start, span.end), []).append(span)
        return tuple((tuple(spans), tuple(dict.fromkeys(s.cited_by for s in spans))) for spans in groups.values())

    @cached_property
    def coverage(self) -> float:
        total = len(self.sentences)
        return len(self.cited_sentences) / total if total else 1.0

    @property
    def page_url(self) -> str:
        return f"sources/{self.id}.html"


@dataclass(frozen=True)
class NewsEvent:
    """The news event an explainer is about."""

    what: str
    where_ids: tuple[str, ...]
    when: str
    status: str
    facts: tuple[Fact, ...]  # further labelled facts: a mediator, a host...
    evidence: tuple[Evidence, ...]
    date: str = ""  # YYYY[-MM[-DD]] when known


@dataclass(frozen=True)
class Level:
    """A level of repercussions (local, regional, international by default)."""

    id: str
    title: str


@dataclass(frozen=True)
class Section:
    """One page of an explainer: its key (background, statements...), title and subtitle."""

    key: str
    title: str
    description: str


@dataclass(frozen=True)
class Change:
    """A dated changelog entry: what changed in an explainer and why."""

    id: str
    url: str
    date: str
    title: str
    text_html: str


@dataclass(frozen=True)
class MarkdownPage:
    slug: str
    url: str  # "about.html" for a site page, "<explainer>/about.html" for an explainer's
    title: str
    description: str
    body_html: str


@dataclass(frozen=True)
class Picture:
    """An image of the site: a lead image copied from content/, or a social card the build makes."""

    path: str  # in the site, e.g. static/images/3f2a9c1b7d20.jpg
    width: int
    height: int
    media_type: str  # image/png, image/jpeg or image/webp
    alt: str
    credit: str = ""
    licence: str = ""
    licence_url: str = ""
    source: str = ""  # the file in the project it is copied from; "" for a card the build makes
    sha256: str = ""  # of the source file's bytes, as read when the site was assembled
    card: tuple[str, ...] = ()  # for a card: the texts on it (kicker, title, footer)
    shown: Picture | None = None  # the copy shown on the overview (small), when the content asks for it


@dataclass(frozen=True)
class Author:
    """A person who wrote an explainer."""

    name: str
    url: str = ""


@dataclass(frozen=True)
class Translation:
    """One explainer of a translations group, as its translations link to it."""

    slug: str
    language: str
    files: tuple[str, ...]  # its pages' file names in its folder: index.html, statements.html, about.html...


@dataclass(frozen=True)
class Explainer:
    """One story explained: its overview, sections and changelog, under <slug>/."""

    slug: str
    title: str
    summary_html: str
    language: str
    updated: str
    publisher: str
    side_ids: tuple[str, ...]
    event: NewsEvent | None
    glance: tuple[Fact, ...]
    next_steps: tuple[Fact, ...]
    levels: tuple[Level, ...]
    sections: tuple[Section, ...]  # the section pages it has: only those with records
    events: tuple[Event, ...]
    statements: tuple[Statement, ...]
    issues: tuple[Issue, ...]
    repercussions: tuple[Repercussion, ...]
    changelog: tuple[Change, ...] = ()  # newest first
    pages: tuple[MarkdownPage, ...] = ()
    former_paths: tuple[str, ...] = ()
    key_entity_ids: tuple[str, ...] = ()  # the entities it mentions most, for the home page
    description: str = ""  # plain text for search engines and social cards; "" to use the summary
    authors: tuple[Author, ...] = ()
    image: Picture | None = None  # its lead image, when the content names one
    card: Picture | None = None  # the social card the build makes from its title
    translation_of: str = ""  # the slug of the explainer it translates; "" for an original
    translations: tuple[Translation, ...] = ()  # its group, itself included, the original first; () without translations
    on_home: bool = True  # whether the home page lists it: one explainer per group, in the site's language if one is

    @property
    def group(self) -> str:
        """The slug of the original explainer of its translations group (its own, when it is one)."""
        return self.translation_of or self.slug

    @property
    def social(self) -> Picture | None:
        """The image shared with a link to any of its pages: its lead image, else its card."""
        return self.image or self.card

    @property
    def url(self) -> str:
        return f"{self.slug}/index.html"

    def repercussions_at(self, level: str) -> tuple[Repercussion, ...]:
        return tuple(r for r in self.repercussions if r.level == level)

    def issue(self, issue_id: str) -> Issue:
        return self._issues_by_id[issue_id]

    def statement(self, statement_id: str) -> Statement:
        return self._statements_by_id[statement_id]

    @cached_property
    def _issues_by_id(self) -> dict[str, Issue]:
        return {i.id: i for i in self.issues}

    @cached_property
    def _statements_by_id(self) -> dict[str, Statement]:
        return {s.id: s for s in self.statements}

    def __getstate__(self) -> dict:
        return {f.name: getattr(self, f.name) for f in fields(self)}

    def side_number(self, entity_id: str) -> int:
        """1-based place of a side in display order; 0 for any other entity."""
        return self.side_ids.index(entity_id) + 1 if entity_id in self.side_ids else 0


@dataclass(frozen=True)
class SiteInfo:
    title: str
    description: str
    language: str
    base_url: str = ""  # where the site is published, ending in "/"; "" when unknown
    publisher: str = ""  # the organisation's name; "" when the content names none
    publisher_url: str = ""
    publisher_logo: Picture | None = None
    image: Picture | None = None  # the site's lead image, when the content names one
    card: Picture | None = None  # the social card the build makes from the site's title
    own_title: bool = True  # False when the content gives none and the site is named after its explainer(s)

    @property
    def social(self) -> Picture | None:
        """The image shared with a link to a page of no explainer: the site's lead image, else its card."""
        return self.image or self.card

    @property
    def pictures(self) -> tuple[Picture, ...]:
        """Every image of the site's own: its lead image, the publisher's logo, its card."""
        return tuple(p for p in (self.image, self.publisher_logo, self.card) if p is not None)


@dataclass(frozen=True)
class Site:
    info: SiteInfo
    explainers: tuple[Explainer, ...]  # newest update first
    entities: dict[str, Entity] = field(hash=False)
    seeds: tuple[Seed, ...] = ()
    sources: tuple[ExternalSource, ...] = ()
    pages: tuple[MarkdownPage, ...] = ()  # the site's own Markdown pages

    def explainer(self, slug: str) -> Explainer:
        return self._explainers_by_slug[slug]

    @cached_property
    def _explainers_by_slug(self) -> dict[str, Explainer]:
        return {e.slug: e for e in self.explainers}

    def __getstate__(self) -> dict:
        return {f.name: getattr(self, f.name) for f in fields(self)}

    @cached_property
    def updated(self) -> str:
        """The newest update of any explainer."""
        return max((e.updated for e in self.explainers), default="")

    @cached_property
    def explainer_titles(self) -> dict[str, str]:
        """Each explainer's title by slug: what a page naming explainers needs, and no more."""
        return {e.slug: e.title for e in self.explainers}

    def entities_of_kind(self, kind: str) -> tuple[Entity, ...]:
        return tuple(e for e in self.entities.values() if e.kind == kind)
