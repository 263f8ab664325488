"""The layout of an explainer project: where its inputs are, and which files count."""
from __future__ import annotations

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
MAX_CONTENT_FILES = 10_000
LITTER_SUFFIXES = ("~", "#", ".swp", ".swo", ".swx", ".tmp", ".bak", ".orig", ".part", ".crdownload")


def is_litter(path: Path) -> bool:
    """Editor swap, backup and lock files, and hidden files: never content."""
    return any(part.startswith((".", "#", "~")) for part in path.parts) or path.name.endswith(LITTER_SUFFIXES)


def shown(project: Path, path: Path) -> str:
    """A path as the user sees it in messages: relative to the project."""
    try:
        return path.relative_to(project).as_posix()
    except ValueError:
        return str(path)


def inside(project: Path, path: Path) -> bool:
    """True when path, with every symlink followed, stays inside the project."""
    try:
        path.resolve().relative_to(project.resolve())
    except (ValueError, OSError):
        return False
    return True


def input_files(project: Path, folder: str, suffixes: tuple[str, ...] | None) -> list[Path]:
    """The files under a project folder (of the given suffixes, or all), editor litter left out."""
    root = project / folder
    if not root.is_dir():
        return []
    found = (p for p in root.rglob("*") if (suffixes is None or p.suffix.lower() in suffixes) and p.is_file())
    return sorted(p for p in found if not is_litter(p.relative_to(root)))


def read_content(project: Path, problems: Problems, memo: ParsedFiles | None = None) -> Content:
    """Every YAML file and Markdown page under content/, validated (unchanged files taken from memo)."""
    from .annotations import Content, read_page, read_yaml_file  # here: the layout alone needs no YAML parser
    content = Content()
    files = input_files(project, CONTENT, (".yaml", ".yml", ".md"))
    if len(files) > MAX_CONTENT_FILES:
        problems.add(Location(CONTENT), f"{len(files):,} files; the limit is {MAX_CONTENT_FILES:,}")
        return content
    for path in files:
        name = shown(project, path)
        if not inside(project, path):
            problems.add(Location(name), "links to a file outside the project; refused (copy the file in instead)")
        elif path.suffix.lower() == ".md":
            if path.parent == project / PAGES:
                read_page(path, name, problems, content)
        else:
            read_yaml_file(path, name, problems, content, memo)
    if memo is not None:
        memo.finish()
    if content.explainer is None and not problems:
        problems.add(Location(CONTENT), "no `explainer:` mapping found; add one (see the README's content model)")
    return content
