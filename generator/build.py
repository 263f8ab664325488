"""The one entry point: load -> assemble -> render -> write."""
from __future__ import annotations

import hashlib
import multiprocessing
import os
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
from .write import built_from, check_output_folder, write_file, write_site


@dataclass(frozen=True)
class Report:
    site: Site
    files: int
    pages: int
    seconds: float
    out: Path | None
    search_bytes: int = 0  # size of the search index, 0 when none was built
    unchanged: bool = False  # nothing changed since the build already in out: it was kept as it was



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


PARALLEL_MIN_PAGES = 400  # below this, starting worker processes costs more than it saves


def extra_files(project: Path, site: Site, page_paths: list[str]) -> dict[str, bytes]:
    """Everything but the pages: sitemap, robots.txt, feed and the static files."""
    files = {
        "sitemap.xml": sitemap(site, page_paths).encode("utf-8"),
        "robots.txt": robots(site).encode("utf-8"),
        "feed.xml": atom(site).encode("utf-8"),
    }
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


def render_pages(project: Path, site: Site, renderer: Renderer, plan: dict, folder: Path | None, jobs: int) -> None:
    """Render every planned page into folder (or only check it renders, when folder is None).

    With jobs > 1 and enough pages, worker processes forked from this one render
    interleaved shares of the pages; each page's bytes are the same either way.
    """
    paths = sorted(plan)
    if jobs < 2 or len(paths) < PARALLEL_MIN_PAGES or folder is None:
        problem = _render_share(project, site, renderer, plan, folder, paths)
    else:
        shares = [paths[i::jobs * 4] for i in range(jobs * 4)]
        context = multiprocessing.get_context("fork")
        with context.Pool(jobs, initializer=_start_worker, initargs=(project, site, renderer, plan, folder)) as pool:
            problem = next((p for p in pool.imap_unordered(_worker_share, shares) if p), None)
    if problem:
        raise ContentError([problem])


def _render_share(project, site, renderer, plan, folder, paths) -> Problem | None:
    for path in paths:
        try:
            html = renderer.render(site, plan[path])
        except jinja2.TemplateError as exc:
            return _template_problem(project, exc)
        if folder is not None:
            write_file(folder, path, html.encode("utf-8"))
    return None


_worker_state: tuple = ()  # set once in each forked worker process, never in the parent


def _start_worker(*state) -> None:
    global _worker_state
    _worker_state = state


def _worker_share(paths: list[str]) -> Problem | None:
    project, site, renderer, plan, folder = _worker_state
    return _render_share(project, site, renderer, plan, folder, paths)


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
          renderer: Renderer | None = None, drafts: bool = False, jobs: int | None = None) -> Report:
    """Build the site into out; on any problem raise before out is touched.

    base_url (where the site will be published) overrides the content's own;
    search=False leaves out the full-text search index; drafts=True keeps draft records;
    jobs is how many processes render pages (default: one per core, up to 4).
    """
    started = time.perf_counter()
    check_output_folder(project, out, layout.INPUT_FOLDERS)
    fingerprint = input_fingerprint(project, base_url, search, drafts)
    if built_from(out) == fingerprint:
        return Report(None, 0, 0, time.perf_counter() - started, out, unchanged=True)
    site = load(project, base_url, drafts)
    renderer = renderer or Renderer(project / layout.TEMPLATES)
    plan = renderer.plan(site)
    files = extra_files(project, site, list(plan))
    index_bytes = []
    jobs = jobs or min(os.cpu_count() or 1, 4)

    def finish(folder: Path) -> None:
        render_pages(project, site, renderer, plan, folder, jobs)
        if search:
            index_bytes.append(index_site(folder))

    write_site(files, out, finish=finish, fingerprint=fingerprint)
    return Report(site, len(files) + len(plan), len(plan), time.perf_counter() - started, out, sum(index_bytes))


def input_fingerprint(project: Path, *options) -> str:
    """A hash of everything a build depends on: inputs, options and this generator's code.

    Equal fingerprints mean byte-identical output, so a build that finds its own
    fingerprint in the output folder can keep that folder as it is.
    """
    digest = hashlib.sha256(repr(options).encode())
    code = Path(__file__).parent
    files = [(f"generator/{p.name}", p) for p in sorted(code.glob("*.py"))]
    for folder in layout.INPUT_FOLDERS:
        files += [(layout.shown(project, p), p) for p in layout.input_files(project, folder, None)]
    for shown, path in files:
        digest.update(f"\0{shown}\0".encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def check(project: Path) -> Report:
    """Validate everything and render every page in memory; write nothing."""
    started = time.perf_counter()
    site = load(project)
    renderer = Renderer(project / layout.TEMPLATES)
    plan = renderer.plan(site)
    files = extra_files(project, site, list(plan))
    render_pages(project, site, renderer, plan, None, 1)
    return Report(site, len(files) + len(plan), len(plan), time.perf_counter() - started, None)
