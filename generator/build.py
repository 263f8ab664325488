"""The one entry point: load -> assemble -> render -> write."""
from __future__ import annotations

import time
import traceback
from dataclasses import dataclass
from pathlib import Path

import jinja2

from . import project as layout
from .assemble import assemble
from .drafts import check_draft_references, without_drafts
from .errors import ContentError, Location, Problem, Problems
from .model import Site
from .render import Renderer, robots, sitemap
from .search import index_site
from .structured import atom
from .write import check_output_folder, write_site


@dataclass(frozen=True)
class Report:
    site: Site
    files: int
    pages: int
    seconds: float
    out: Path | None
    search_bytes: int = 0  # size of the search index, 0 when none was built



def load(project: Path, base_url: str = "", drafts: bool = True) -> Site:
    """Read and check everything; raise ContentError listing every problem.

    drafts=False leaves out the records marked `draft: true`.
    """
    problems = Problems()
    content = layout.read_content(project, problems)
    if not problems:
        check_draft_references(content, problems)
        content = content if drafts else without_drafts(content)
    site = assemble(project, content, problems, base_url) if not problems else None
    problems.raise_if_any()
    return site


def render_files(project: Path, site: Site, renderer: Renderer | None = None) -> dict[str, bytes]:
    """Every output file of the site, in memory.

    A renderer kept between builds (as the preview does) compiles only changed templates.
    """
    renderer = renderer or Renderer(project / layout.TEMPLATES)
    try:
        pages = renderer.site(site)
    except jinja2.TemplateError as exc:
        raise ContentError([_template_problem(project, exc)]) from None
    files = {path: html.encode("utf-8") for path, html in pages.items()}
    files["sitemap.xml"] = sitemap(site, list(pages)).encode("utf-8")
    files["robots.txt"] = robots(site).encode("utf-8")
    files["feed.xml"] = atom(site).encode("utf-8")
    static = project / layout.STATIC
    outside = []
    for path in _static_files(static):
        if not layout.inside(project, path):
            outside.append(Problem(Location(layout.shown(project, path)), "links to a file outside the project; refused (copy the file in instead)"))
        else:
            files[f"static/{path.relative_to(static).as_posix()}"] = path.read_bytes()
    if outside:
        raise ContentError(outside)
    return files


def _static_files(static: Path) -> list[Path]:
    if not static.is_dir():
        return []
    return sorted(p for p in static.rglob("*") if p.is_file() and not layout.is_litter(p.relative_to(static)))


def _template_problem(project: Path, exc: jinja2.TemplateError) -> Problem:
    """Point at the template line a Jinja error came from."""
    filename, line = getattr(exc, "filename", None), getattr(exc, "lineno", None)
    if filename is None:
        for frame in reversed(traceback.extract_tb(exc.__traceback__)):
            if frame.filename.endswith(".html"):
                filename, line = frame.filename, frame.lineno
                break
    shown = layout.shown(project, Path(filename)) if filename else layout.TEMPLATES
    return Problem(Location(shown, line or 1, 1), f"template error: {exc.message or exc}")


def build(project: Path, out: Path, base_url: str = "", search: bool = True,
          renderer: Renderer | None = None, drafts: bool = False) -> Report:
    """Build the site into out; on any problem raise before touching out.

    base_url (where the site will be published) overrides the content's own;
    search=False leaves out the full-text search index; drafts=True keeps draft records.
    """
    started = time.perf_counter()
    check_output_folder(project, out, layout.INPUT_FOLDERS)
    site = load(project, base_url, drafts)
    files = render_files(project, site, renderer)
    index_bytes = []
    write_site(files, out, finish=(lambda folder: index_bytes.append(index_site(folder))) if search else None)
    pages = sum(1 for p in files if p.endswith(".html"))
    return Report(site, len(files), pages, time.perf_counter() - started, out, sum(index_bytes))


def check(project: Path) -> Report:
    """Validate everything and render in memory; write nothing."""
    started = time.perf_counter()
    site = load(project)
    files = render_files(project, site)
    pages = sum(1 for p in files if p.endswith(".html"))
    return Report(site, len(files), pages, time.perf_counter() - started, None)
