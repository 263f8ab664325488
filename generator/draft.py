"""`explainer new`: add an article to the project and write draft annotations for it.

The article goes to seeds/ with its seeds record in content/seeds/ID.yaml (both site-wide);
the drafts go to the explainer it is added to, content/explainers/SLUG/drafts/ID.yaml. A SLUG
that is not an explainer yet starts one: content/explainers/SLUG/explainer.yaml, titled after
the article.

A draft is a record with ``draft: true``. `explainer check` and the preview include
drafts; `explainer build` leaves them out unless asked. A published record may not
refer to a draft, so leaving the drafts out never breaks a build that checked.

Drafting is plain pattern matching over the seed (no model, nothing downloaded):
quoted words with the person the sentence attributes them to, dates, capitalised
names. Every span written is the seed's own text, verified with ``anchor.find_quote``
(with a prefix or suffix where the text repeats) before anything is written.
"""
from __future__ import annotations

import datetime
import json
import os
import re
import tempfile
from pathlib import Path

from . import jsonschema, project as layout, schema
from .annotations import Content, ExplainerContent, read_yaml_file
from .errors import ContentError, Location, Problem, Problems, UsageError
from .model import Explainer, Seed, Site
from .seeds import SeedError, read_seed_text, split_blocks
from .drafting import (AnchorError, Draft, Drafter, FoundEntity, FoundEvent, FoundStatement, Options,
                       markdown_escape, shorten, slug)

DRAFTS = "drafts"  # the folder of drafts inside an explainer's folder
SEED_RECORDS = "content/seeds"
SLUG = re.compile(r"[a-z0-9][a-z0-9-]{0,63}")
SCHEMA_FILE = f"{jsonschema.FOLDER}/{jsonschema.CONTENT_FILE}"
MARKDOWN = (".md", ".markdown")


def new(project: Path, article: Path, site: Site, options: Options | None = None) -> Draft:
    """Add article to seeds/ and write draft annotations for it; see the module docstring.

    site is the project as it is now (with its drafts). Raises UsageError when a file
    would be overwritten or the explainer is not said (the site has several) or not valid,
    ContentError when the article is not a usable seed.
    """
    options = options or Options()
    if not article.is_file():
        raise UsageError(f"{article} is not a file; give the path of the article (plain text or Markdown)")
    try:
        _require_sentences(read_seed_text(article, str(article)), str(article), article.suffix.lower() in MARKDOWN)
    except SeedError as exc:
        raise ContentError([exc.problem]) from None
    slug, explainer = choose_explainer(site, options.explainer)
    folder = f"{layout.EXPLAINERS}/{slug}"
    seed_file, seed_id, copy_from, known = _place_seed(project, article, site, options)
    drafts_file = f"{folder}/{DRAFTS}/{seed_id}.yaml"
    if (project / drafts_file).exists():
        raise UsageError(f"{drafts_file} already exists; review it, or delete it to draft this article again")
    record_file = f"{SEED_RECORDS}/{seed_id}.yaml" if known is None else ""
    if record_file and (project / record_file).exists():
        raise UsageError(f"{record_file} already exists; delete it, or pass --id to name the seed differently")
    explainer_file = f"{folder}/explainer.yaml" if explainer is None else ""
    if explainer_file and ((project / folder).exists() and not (project / folder).is_dir()
                           or (project / explainer_file).exists()):
        raise UsageError(f"{folder} is in the way of the new explainer `{slug}`; move it, or choose another --explainer")
    text = read_seed_text(copy_from or project / seed_file, seed_file)
    drafter = Drafter(text, Path(seed_file).suffix.lower() in MARKDOWN, seed_id, site, explainer,
                      options.date or (known.date if known else ""))
    entities = drafter.entities()
    draft = Draft(seed_id, seed_file, text, drafter.sections(), entities, drafter.statements(entities),
                  drafter.events(), seed_copied=copy_from is not None, seed_record_file=record_file,
                  drafts_file=drafts_file, explainer=slug, explainer_file=explainer_file)
    files = {}  # written in this order: the seed's record, the new explainer, its drafts
    if record_file:
        files[record_file] = render_seed_record(project, record_file, seed_id, seed_file, drafter, options)
    if explainer_file:
        files[explainer_file] = render_explainer(project, draft, drafter, options, known)
    files[drafts_file] = render_drafts(project, drafter, draft)
    for shown, body in files.items():
        _validate(body, shown)
    for shown in [seed_file if copy_from is not None else "", *files]:
        if shown and not layout.inside(project, project / shown):
            raise UsageError(f"{shown} would be written outside the project (a link leads out of it); refused")
    try:
        if copy_from is not None:
            target = project / seed_file
            _make_folders(target.parent, draft)
            _write_atomically(target, copy_from.read_bytes())
            draft.written.append(target)
        for shown, body in files.items():
            path = project / shown
            _make_folders(path.parent, draft)
            _write_atomically(path, body.encode("utf-8"))
            draft.written.append(path)
    except BaseException:
        undo(draft)
        raise
    return draft


def _require_sentences(text: str, shown: str, markdown: bool) -> None:
    """SeedError unless the article has a sentence with a word in it, outside its title and headings."""
    if not text.strip():
        what = "is empty" if not text else "holds only whitespace"
        raise SeedError(Problem(Location(shown), f"the article {what}: there is nothing to draft from; "
                                "give the file that holds the article's text"))
    if not any(re.search(r"\w", text[s.start:s.end]) for b in split_blocks(text, markdown) if b.kind != "heading"
               for s in b.sentences):
        raise SeedError(Problem(Location(shown), "the article has no sentence to draft from (only a title, headings "
                                "or punctuation); give the article's full text"))


def check_slug(slug: str) -> str:
    """An explainer's slug (its folder name), or UsageError saying what is wrong with it."""
    if not SLUG.fullmatch(slug):
        raise UsageError(f"--explainer {slug!r} is not a valid explainer name (its folder in {layout.EXPLAINERS}/): "
                         "use 1-64 lower-case letters, digits and hyphens, starting with a letter or digit")
    if slug in layout.RESERVED_SLUGS:
        raise UsageError(f"--explainer {slug!r} is reserved for the built site's own {slug}/ folder; "
                         "choose another name")
    return slug


def choose_explainer(site: Site, slug: str) -> tuple[str, Explainer | None]:
    """(slug, the explainer; None when the slug starts a new one). Without a slug: the site's only explainer."""
    if slug:
        check_slug(slug)
        return slug, next((e for e in site.explainers if e.slug == slug), None)
    if len(site.explainers) == 1:
        return site.explainers[0].slug, site.explainers[0]
    if not site.explainers:
        raise UsageError("the site has no explainer yet; pass --explainer SLUG to start one")
    slugs = sorted(e.slug for e in site.explainers)
    shown = ", ".join(slugs[:10]) + (f" and {len(slugs) - 10} more" if len(slugs) > 10 else "")
    raise UsageError(f"the site has {len(slugs)} explainers ({shown}); pass --explainer SLUG to say which one the "
                     "article is for, or a new SLUG to start an explainer")


def undo(draft: Draft) -> None:
    """Remove what `new` wrote (when the project did not check afterwards), and the folders it made."""
    for path in reversed(draft.written):
        path.unlink(missing_ok=True)
    draft.written.clear()
    for folder in reversed(draft.created):
        try:
            folder.rmdir()
        except OSError:
            pass  # not empty: something else was put there meanwhile; leave it
    draft.created.clear()


def _make_folders(folder: Path, draft: Draft) -> None:
    """mkdir -p, noting each folder made in draft.created (for undo)."""
    missing = []
    while not folder.is_dir():
        missing.append(folder)
        folder = folder.parent
    for path in reversed(missing):
        path.mkdir()
        draft.created.append(path)


def _place_seed(project: Path, article: Path, site: Site, options: Options) -> tuple[str, str, Path | None, Seed | None]:
    """(seed file as a project path, seed id, file to copy into seeds/ or None, its seeds record if it has one)."""
    seeds = project / layout.SEEDS
    data = article.read_bytes()
    copy_from = None
    if layout.inside(seeds, article):
        seed_file = layout.shown(project.resolve(), article.resolve())
    else:
        same = [p for p in layout.input_files(project, layout.SEEDS, (article.suffix.lower(),) if article.suffix else ("",))
                if p.stat().st_size == len(data) and p.read_bytes() == data]
        if same and not options.seed_id:
            seed_file = layout.shown(project, same[0])
        else:
            name = f"{options.seed_id}{article.suffix or '.txt'}" if options.seed_id else article.name
            target = seeds / name
            seed_file = f"{layout.SEEDS}/{name}"
            if target.exists() and (not target.is_file() or target.read_bytes() != data):
                raise UsageError(f"{seed_file} already exists and is a different file; seeds are never overwritten: "
                                 "rename the article or pass --id NAME")
            copy_from = None if target.exists() else article
    known = next((s for s in site.seeds if Path(s.file).as_posix() == seed_file), None)
    if known is not None:
        if options.seed_id and options.seed_id != known.id:
            raise UsageError(f"{seed_file} is already the seed `{known.id}`; leave out --id or use --id {known.id}")
        return seed_file, known.id, copy_from, known
    seed_id = options.seed_id or slug(Path(seed_file).stem)[:64].strip("-") or "seed"
    if not schema.is_id(seed_id):
        raise UsageError(f"`{seed_id}` is not a valid seed id; pass --id with lower-case letters, digits and hyphens")
    if seed_id == "index":  # sources/index.html is the list of sources
        raise UsageError("the seed id `index` is taken by the site's list of sources (sources/index.html); pass --id NAME")
    other = next((s for s in site.seeds if s.id == seed_id), None)
    if other is not None:
        raise UsageError(f"the seed id `{seed_id}` is taken by {other.file}; pass --id NAME to name this one")
    return seed_file, seed_id, copy_from, None


def _title(drafter: Drafter, options: Options) -> str:
    """The article's headline: --title, else its title line, else its first sentence."""
    return options.title or next((s.title for s in drafter.sections() if s.kind == "title"), "") or (
        _first_sentence(drafter, 100) if drafter.sentences else drafter.seed_id)


def _first_sentence(drafter: Drafter, limit: int) -> str:
    if not drafter.sentences:
        return ""
    return shorten(" ".join(drafter.text[drafter.sentence_start(0):drafter.sentences[0][1]].split()), limit)


def render_seed_record(project: Path, shown: str, seed_id: str, seed_file: str, drafter: Drafter,
                       options: Options) -> str:
    record = {"id": seed_id, "file": seed_file, "title": _title(drafter, options),
              "publisher": options.publisher or "Unknown publisher"}
    if options.date:
        record["date"] = options.date
    if options.url:
        record["url"] = options.url
    record["language"] = options.language or "en"
    lines = [*_modeline(project, shown),
             f"# The seed {seed_file}, added by `explainer new`. Check the title and publisher.", "seeds:"]
    lines += _mapping(record, 4, dash=True)
    return "\n".join(lines) + "\n"


def render_explainer(project: Path, draft: Draft, drafter: Drafter, options: Options, known: Seed | None) -> str:
    """A new explainer's explainer.yaml: the least that checks, titled and summarised from the article."""
    title = options.title or (known.title if known else "") or _title(drafter, options)
    summary = markdown_escape(_first_sentence(drafter, 1000) or title)
    updated = options.date or (known.date if known else "") or datetime.date.today().isoformat()
    lines = [*_modeline(project, draft.explainer_file),
             f"# The explainer `{draft.explainer}`, started by `explainer new` from {draft.seed_file}.",
             "# Its title and summary are the article's: rewrite them. Unlike the drafts, this file is part of",
             "# every build. Add `sides` (entity ids), the `event`, `glance` and `next` facts as you go.",
             "explainer:"]
    lines += _mapping({"title": title, "summary": summary, "updated": updated}, 2)
    return "\n".join(lines) + "\n"


def render_drafts(project: Path, drafter: Drafter, draft: Draft) -> str:
    """The draft YAML: every new record marked `draft: true`, the article's sections as comments."""
    lines = [*_modeline(project, draft.drafts_file),
             f"# Draft annotations for {draft.seed_file} (seed `{draft.seed_id}`) in the explainer `{draft.explainer}`,",
             "# written by `explainer new`.",
             "# Every record here has `draft: true`: `explainer check` and `explainer serve` include it,",
             "# `explainer build` leaves it out (unless --drafts). Review each record, fix what is wrong, then delete",
             "# its `draft: true` line (and move it to the content file where it belongs, if you like).",
             "# Entities are site-wide: every explainer may refer to them.",
             "#",
             "# The article's sections:"]
    for section in draft.sections:
        what = {"title": "title", "lede": "lede", "heading": "section"}[section.kind]
        lines.append(f"#   line {section.line}: {what}" + (f": {section.title}" if section.kind != "lede" else ""))
    known = [e for e in draft.entities if e.existing]
    if known:
        lines += ["#", "# Already in content/ and named in the article (refer to these ids):"]
        lines += [f"#   {e.id} ({e.name}, {len(e.mentions)}×)" for e in known]
    for st in draft.statements:
        if st.existing:
            lines.append(f"# Already quoted by statement `{st.existing}`: “{draft.excerpt(st.quote)}”")
    for ev in draft.events:
        if ev.existing:
            lines.append(f"# Date {ev.date} is the explainer's own event (`event` in explainer.yaml): {draft.excerpt(ev.sentence)}"
                         if ev.existing == "event" else
                         f"# Date {ev.date} already on the timeline as event `{ev.existing}`: {draft.excerpt(ev.sentence)}")
    new_entities = [e for e in draft.entities if not e.existing]
    sections = [s for s in draft.sections if s.kind != "title"]

    def records(name: str, items, first, make) -> None:
        kept = []
        for item in items:
            try:
                kept.append((item, make(item)))
            except AnchorError:
                continue  # never write a span that does not resolve to exactly its place
        if not kept:
            return
        lines.extend(["", f"{name}:"])
        current = None
        for item, rec in kept:
            section = next((s for s in reversed(sections) if s.start <= first(item)), None)
            if section is not current and section is not None:
                lines.append(f"  # --- {section.title if section.kind != 'lede' else 'Lede'} (line {section.line}) ---")
                current = section
            lines.extend(f"  # {note}" for note in item.notes)
            lines.extend(_mapping(rec, 4, dash=True))

    def entity(e: FoundEntity) -> dict:
        span = e.role_span or e.mentions[0]
        description = (f"{e.role}." if e.role else
                       f"{'An' if e.kind == 'organisation' else 'A'} {e.kind} named in the article; describe it here.")
        rec = {"id": e.id, "kind": e.kind, "name": e.name}
        if e.aliases:
            rec["aliases"] = e.aliases
        rec.update({"description": markdown_escape(description), "cite": [drafter.cite(*span)], "draft": True})
        return rec

    def statement(s: FoundStatement) -> dict:
        quote = drafter.cite(*s.quote)
        rec = {"id": s.id, "speaker": s.speaker, "role": s.role, "side": s.side, "quote": quote,
               "context": markdown_escape(drafter.text[s.window[0]:s.window[1]]),
               "cite": [drafter.cite(*s.window)], "draft": True}
        # no side or role where the article gives none (a comment above the record says so)
        return {k: v for k, v in rec.items() if v != ""}

    def event(e: FoundEvent) -> dict:
        sentence = " ".join(drafter.text[e.sentence[0]:e.sentence[1]].split())
        first_seen: dict[str, int] = {}
        for f in draft.entities:
            for s, t in f.mentions:
                if e.sentence[0] <= s and t <= e.sentence[1]:
                    first_seen[f.id] = min(s, first_seen.get(f.id, s))
        mentioned = sorted(first_seen, key=first_seen.get)
        rec = {"id": e.id, "date": e.date, "title": shorten(sentence.rstrip("."), 90), "body": markdown_escape(sentence)}
        if mentioned:
            rec["entities"] = mentioned
        rec.update({"cite": [drafter.cite(*e.sentence)], "draft": True})
        return rec

    records("entities", new_entities, lambda e: e.first, entity)
    records("statements", [s for s in draft.statements if not s.existing], lambda s: s.quote[0], statement)
    records("events", [e for e in draft.events if not e.existing], lambda e: e.sentence[0], event)
    if not any(line.endswith(":") and not line.startswith(("#", " ")) for line in lines):
        lines += ["", "# Nothing new to draft: every statement, name and date found is already in content/.",
                  "entities: []"]
    return "\n".join(lines) + "\n"


def _modeline(project: Path, shown: str) -> list[str]:
    """yaml-language-server's schema line, when the project has the schema."""
    if not (project / SCHEMA_FILE).is_file():
        return []
    relative = os.path.relpath(project / SCHEMA_FILE, (project / shown).parent).replace(os.sep, "/")
    return [f"# yaml-language-server: $schema={relative}"]


def _mapping(rec: dict, indent: int, dash: bool = False) -> list[str]:
    """YAML lines for a mapping whose values are text, booleans, lists of ids or nested mappings."""
    lines = []
    for n, (key, value) in enumerate(rec.items()):
        lead = " " * (indent - 2) + "- " if dash and n == 0 else " " * indent
        if isinstance(value, dict):
            lines.append(f"{lead}{key}:")
            lines += _mapping(value, indent + 2)
        elif isinstance(value, list) and value and isinstance(value[0], dict):
            lines.append(f"{lead}{key}:")
            for item in value:
                lines += _mapping(item, indent + 4, dash=True)
        elif isinstance(value, list):
            lines.append(f"{lead}{key}: [{', '.join(_scalar(v) for v in value)}]")
        else:
            lines.append(f"{lead}{key}: {_scalar(value)}")
    return lines


PLAIN = re.compile(r"[a-z][a-z0-9-]*")
YAML_WORDS = {"yes", "no", "on", "off", "true", "false", "null", "y", "n"}


def _scalar(value) -> str:
    if value is True or value is False:
        return "true" if value else "false"
    if PLAIN.fullmatch(value) and value not in YAML_WORDS:
        return value
    quoted = json.dumps(value, ensure_ascii=False)
    return re.sub(r"[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]", lambda m: f"\\u{ord(m.group()):04x}", quoted)


def _validate(body: str, shown: str) -> None:
    """The YAML must pass the loader as it is; anything else is a bug here, not the user's."""
    problems = Problems()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "draft.yaml"
        path.write_text(body, encoding="utf-8")
        target = None
        if shown.startswith(f"{layout.EXPLAINERS}/"):
            slug = shown.split("/")[2]
            target = ExplainerContent(slug, f"{layout.EXPLAINERS}/{slug}")
        content = Content()
        read_yaml_file(path, shown, problems, content, target)
        if content.misplaced:
            problems.add(Location(shown), f"{', '.join(content.misplaced[shown])} outside an explainer's folder")
    if problems:
        raise ContentError([Problem(p.location, f"explainer new wrote invalid YAML (a bug; please report it): {p.message}")
                            for p in problems.items])


def _write_atomically(path: Path, data: bytes) -> None:
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=".new-", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
