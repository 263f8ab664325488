"""The layout of an explainer project: where its inputs are, and which files count."""
from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import Location, Problems

if TYPE_CHECKING:
    from .annotations import Content, ParsedFiles

CONTENT = "content"
SEEDS = "seeds"
TEMPLATES = "templates"
STATIC = "templates/static"
PAGES = "content/pages"
INPUT_FOLDERS = (CONTENT, SEEDS, TEMPLATES)
# The templates a project gets when its own templates/ lacks one: the generator's, beside this package.
BUILT_IN_TEMPLATES = Path(__file__).resolve().parent.parent / TEMPLATES
MAX_CONTENT_FILES = 10_000
MAX_PAGE_BYTES = 1024 * 1024  # a Markdown page, like a YAML file
LITTER_SUFFIXES = ("~", "#", ".swp", ".swo", ".swx", ".tmp", ".bak", ".orig", ".part", ".crdownload")


def is_litter(path: Path) -> bool:
    """Editor swap, backup and lock files, and hidden files: never content."""
    return any(part.startswith((".", "#", "~")) for part in path.parts) or path.name.endswith(LITTER_SUFFIXES)


def shown(project: Path, path: Path) -> str:
    """A path as the user sees it in messages: relative to the project, always printable text."""
    try:
        name = path.relative_to(project).as_posix()
    except ValueError:
        name = str(path)
    return text_name(name)


def text_name(name: str) -> str:
    """A file name as Python got it from the system, made text: the bytes of a name that is not UTF-8
    (which Python keeps as surrogates, as it does any non-ASCII byte under a C locale) are decoded as
    UTF-8, and those that are not UTF-8 written as \\xNN: `caf\\xe9.txt`."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return name


def content_path(project: Path, file: str) -> Path:
    """The path of a file named in content (text, as written in YAML) in the form the system's calls
    take: file names on disk are UTF-8 bytes, whatever the locale Python runs under."""
    return project / os.fsdecode(file.encode("utf-8", "surrogateescape"))


def inside(project: Path, path: Path) -> bool:
    """True when path, with every symlink followed, stays inside the project (False for a symlink loop)."""
    try:
        path.resolve().relative_to(project.resolve())
    except (ValueError, OSError, RuntimeError):  # RuntimeError: a symlink loop, before Python 3.13
        return False
    return True


def input_files(project: Path, folder: str, suffixes: tuple[str, ...] | None) -> list[Path]:
    """The files under a project folder (of the given suffixes, or all), editor litter left out."""
    root = project / folder
    if not root.is_dir():
        return []
    found = (p for p in root.rglob("*") if (suffixes is None or p.suffix.lower() in suffixes) and p.is_file())
    return sorted(p for p in found if not is_litter(p.relative_to(root)))


EXPLAINERS = "content/explainers"
RESERVED_SLUGS = ("entities", "sources", "static", "pagefind")  # top-level folders of the built site


def read_content(project: Path, problems: Problems, memo: ParsedFiles | None = None) -> Content:
    """Every YAML file and Markdown page under content/, validated (unchanged files taken from memo).

    Files under content/explainers/<slug>/ belong to that explainer; every other file holds
    site-wide records (site settings, seeds, sources, entities).
    """
    from .annotations import Content, ExplainerContent, read_page, read_yaml_file  # here: the layout alone needs no YAML parser
    content = Content()
    files = input_files(project, CONTENT, (".yaml", ".yml", ".md"))
    if len(files) > MAX_CONTENT_FILES:
        problems.add(Location(CONTENT), f"{len(files):,} files; the limit is {MAX_CONTENT_FILES:,}")
        return content
    explainers = project / EXPLAINERS
    for path in files:
        name = shown(project, path)
        if not inside(project, path):
            problems.add(Location(name), "links to a file outside the project; refused (copy the file in instead)")
            continue
        target = None
        if path.is_relative_to(explainers):
            parts = path.relative_to(explainers).parts
            if len(parts) < 2:
                problems.add(Location(name), f"an explainer's files go in a folder of its own; move it to {EXPLAINERS}/<slug>/{path.name}")
                continue
            slug = parts[0]
            if slug not in content.explainers:
                if not _valid_slug(slug, f"{EXPLAINERS}/{slug}", problems):
                    continue
                content.explainers[slug] = ExplainerContent(slug, f"{EXPLAINERS}/{slug}")
            target = content.explainers[slug]
            if path.suffix.lower() == ".md":
                if parts[1:-1] == ("pages",) and _page_fits(path, name, problems):
                    read_page(path, name, problems, target.pages)
                continue
        elif path.suffix.lower() == ".md":
            if path.parent == project / PAGES and _page_fits(path, name, problems):
                read_page(path, name, problems, content.pages)
            continue
        read_yaml_file(path, name, problems, content, target, memo)
    if memo is not None:
        memo.finish()
    _report_layout(content, problems)
    _check_markdown(content, problems)
    _check_seed_files(project, content, problems)
    return content


def _page_fits(path: Path, name: str, problems: Problems) -> bool:
    size = path.stat().st_size
    if size > MAX_PAGE_BYTES:
        problems.add(Location(name), f"page is {size:,} bytes; the limit is {MAX_PAGE_BYTES:,}; split it into several pages")
        return False
    return True


def _check_markdown(content: Content, problems: Problems) -> None:
    """Convert every Markdown field and page once, reporting the ones refused (too deeply nested,
    too long to convert) where they are. The converter keeps what it converted: the site is
    assembled from the same conversions."""
    from . import schema
    from .markup import MARKUP, MarkdownError

    def convert(text: str, where: Location, name: str | None) -> None:
        try:
            MARKUP.block(text)
        except MarkdownError as exc:
            if name is None:  # a page's body: its place in the file is known
                line = where.line + exc.line - 1
                problems.add(Location(where.path, line, exc.col), exc.message())
                return
            position = f"line {exc.line}, column {exc.col} of the text" if "\n" in text else f"column {exc.col} of the text"
            problems.add(where, f"`{name}`: {exc.message(position)}")

    def walk(rec, record) -> None:
        for field in record.fields:
            value = rec.get(field.name) if isinstance(rec, dict) else None
            if value is None:
                continue
            kind = field.type.kind
            if kind == "markdown" and isinstance(value, str):
                convert(value, rec.loc(field.name), field.name)
            elif kind == "record":
                walk(value, field.type.record)
            elif kind == "list" and field.type.item.kind == "record":
                for item in value:
                    walk(item, field.type.item.record)

    for name, recs in content.collections.items():
        for rec in recs:
            walk(rec, schema.COLLECTIONS[name])
    for ex in content.explainers.values():
        if ex.explainer is not None:
            walk(ex.explainer, schema.EXPLAINER)
        for name, recs in ex.collections.items():
            for rec in recs:
                walk(rec, schema.COLLECTIONS[name])
    for _slug, _front, body, where in [*content.pages, *(p for ex in content.explainers.values() for p in ex.pages)]:
        convert(body, where, None)


def _check_seed_files(project: Path, content: Content, problems: Problems) -> None:
    """Seed files that cannot even be looked at (a symlink loop, a name too long): said here, once."""
    from .seeds import seed_file_problem, seed_is_blank
    for rec in content.collections.get("seeds", []):
        file = rec.get("file")
        if not isinstance(file, str):
            continue
        path = content_path(project, file)
        if message := seed_file_problem(path):
            problems.add(rec.loc("file"), f"`{file if len(file) <= 80 else file[:77] + '...'}` {message}")
        elif inside(project, path) and seed_is_blank(path):
            problems.add(Location(file), "seed is empty or holds only whitespace: there is nothing to cite; "
                                         "put the article's text in it, or remove its `seeds` record")


def _valid_slug(slug: str, folder: str, problems: Problems) -> bool:
    from .schema import ID_PATTERN
    import re
    if not re.fullmatch(ID_PATTERN.strip("^$"), slug, flags=re.ASCII):
        problems.add(Location(folder), f"explainer folder name `{slug}` is not valid; use 1-64 lower-case letters, digits and hyphens")
        return False
    if slug in RESERVED_SLUGS:
        problems.add(Location(folder), f"explainer folder name `{slug}` is taken by the site's own `{slug}/` pages; rename the folder")
        return False
    return True


def _report_layout(content: Content, problems: Problems) -> None:
    """Explainer records outside an explainer folder (the one-explainer layout of old): say what goes where."""
    slug = suggested_slug(content)
    for name, keys in content.misplaced.items():
        what = ", ".join(f"`{k}`" for k in keys)
        file = name.rsplit("/", 1)[-1]
        problems.add(Location(name), f"{what} belong{'s' if len(keys) == 1 else ''} to one explainer; "
                                     f"move it to {EXPLAINERS}/{slug}/{file} (site-wide seeds, sources and entities may stay)")
    for ex in content.explainers.values():
        if ex.explainer is None and not problems:
            problems.add(Location(ex.folder), f"no `explainer:` mapping in {ex.folder}/; add {ex.folder}/explainer.yaml with one")
    if not content.explainers and not content.misplaced and not problems:
        problems.add(Location(CONTENT), f"no explainer yet; add {EXPLAINERS}/<slug>/explainer.yaml with an `explainer:` "
                                        "mapping (see the README's content model)")


def suggested_slug(content: Content) -> str:
    """A folder name for the explainer of an old one-explainer layout: from its title, else `main`."""
    import re
    title = content.orphan.get("title", "") if content.orphan is not None else ""
    return "-".join(re.findall(r"[a-z0-9]+", title.lower())[:4])[:64].strip("-") or "main"
