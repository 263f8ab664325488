"""The one entry point: load -> assemble -> render -> write."""
from __future__ import annotations

import gc
import multiprocessing
import os
import time
import traceback
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import jinja2

from . import cards, images, project as layout
from .annotations import ParsedFiles
from .assemble import assemble
from .drafts import check_draft_references, without_drafts
from .errors import ContentError, Location, Problem, Problems
from .fingerprint import code_digest, input_fingerprint, with_reads
from .model import Site
from .pagecache import Entry, PageCache, PageKeys, entry as page_entry, file_entry
from .render import Renderer, robots, sitemap
from .search import index_site
from .structured import atom
from .write import check_output_folder, write_file, write_site


@dataclass(frozen=True)
class Report:
    site: Site
    files: int
    pages: int
    seconds: float
    out: Path | None
    search_bytes: int = 0  # size of the search index, 0 when none was built
    reused: int = 0  # pages taken unchanged from the previous build



def load(project: Path, base_url: str = "", drafts: bool = True, parsed: ParsedFiles | None = None) -> Site:
    """Read and check everything; raise ContentError listing every problem.

    drafts=False leaves out the records marked `draft: true`; parsed keeps the reading of
    unchanged content files from one call to the next.
    """
    problems = Problems()
    with few_collections():
        content = layout.read_content(project, problems, parsed)
        if not problems:
            check_draft_references(content, problems)
            content = content if drafts else without_drafts(content)
        site = assemble(project, content, problems, base_url) if not problems else None
    problems.raise_if_any()
    return site


@contextmanager
def few_collections():
    """Keep the cyclic garbage collector off while a site is loaded.

    Loading creates millions of objects that live as long as the build and almost no
    reference cycles (a few hundred at 5,000 seeds); the collector would walk them
    again and again, which took a quarter of the loading time at that size.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


PARALLEL_MIN_PAGES = 400  # below this, starting worker processes costs more than it saves


def extra_files(project: Path, site: Site, plan: dict[str, tuple], kept: Kept | None = None) -> dict[str, bytes]:
    """Everything but the pages: the sitemap (with a base URL), robots.txt, the feeds, the static files,
    the images the content names and the social cards (those of the previous build, with kept)."""
    files = {
        **{name: text.encode("utf-8") for name, text in sitemap(site, plan).items()},
        "robots.txt": robots(site).encode("utf-8"),
        "feed.xml": atom(site).encode("utf-8"),
        **{f"{ex.slug}/feed.xml": atom(site, ex).encode("utf-8") for ex in site.explainers},
    }
    outside = []
    static = {}  # the generator's static files, then the project's own, which win
    for folder in (layout.BUILT_IN_TEMPLATES / "static", project / layout.STATIC):
        for path in _static_files(folder):
            if not layout.inside(project, path) and not path.is_relative_to(layout.BUILT_IN_TEMPLATES):
                outside.append(Problem(Location(layout.shown(project, path)), "links to a file outside the project; refused (copy the file in instead)"))
            else:
                static[f"static/{path.relative_to(folder).as_posix()}"] = path
    if outside:
        raise ContentError(outside)
    files.update({name: path.read_bytes() for name, path in sorted(static.items())})
    pictures = picture_files(project, site, kept)
    taken = [Problem(Location(layout.shown(project, static[name])), f"takes the place of {name}, an image the build "
                                                                    "writes; rename it") for name in pictures if name in static]
    if taken:
        raise ContentError(taken)
    files.update(pictures)
    return files


@dataclass
class Kept:
    """The previous build's files that a build may take again, and the cache entries of those it writes."""

    cache: PageCache
    keys: PageKeys
    entries: dict[str, Entry]


def picture_files(project: Path, site: Site, kept: Kept | None = None) -> dict[str, bytes]:
    """The images of the site: each lead image and logo as it is (and the small copy an overview shows), and
    the social cards, drawn here unless the previous build drew the same (kept). Each file is read again and
    must still be what the site was assembled from."""
    files: dict[str, bytes] = {}
    problems = []
    for picture in (*site.info.pictures, *(p for ex in site.explainers for p in (ex.image, ex.card) if p is not None)):
        if picture.path in files and (picture.shown is None or picture.shown.path in files):
            continue  # one file named twice (by the site and an explainer, or by two explainers)
        if picture.card:
            files[picture.path] = card_file(picture, kept)
            continue
        try:
            found = images.read(project, picture.source)
        except images.ImageProblem as exc:
            problems.append(Problem(Location(picture.source), str(exc)))
            continue
        if found.sha256 != picture.sha256:
            problems.append(Problem(Location(picture.source), "the image changed while the site was built; build again"))
            continue
        files[picture.path] = found.data
        if picture.shown is not None:
            files[picture.shown.path] = images.shown_copy(found)[0]
    if problems:
        raise ContentError(problems)
    return files


def card_file(picture, kept: Kept | None) -> bytes:
    """A social card's PNG: the previous build's when it drew the same texts with the same code, else drawn."""
    if kept is None:
        return cards.render(picture.card)
    key = kept.keys.file_key(picture.path, *picture.card)
    data = kept.cache.reuse_bytes(picture.path, key)
    if data is None:
        data = cards.render(picture.card)
    kept.entries[picture.path] = file_entry(key, data)
    return data


def render_pages(project: Path, site: Site, renderer: Renderer, plan: dict, folder: Path | None, jobs: int,
                 cache: PageCache | None = None, keys: PageKeys | None = None) -> tuple[dict[str, Entry], int]:
    """Render every planned page into folder (or only check it renders, when folder is None).

    With a cache and keys, a page whose inputs are unchanged is taken from the previous
    build instead. With jobs > 1 and enough pages, worker processes forked from this one
    do interleaved shares of the pages; each page's bytes are the same either way.
    Returns the cache entry of every page written, and how many pages were reused.
    """
    paths = sorted(plan)
    state = (project, site, renderer, plan, folder, cache, keys)
    if jobs < 2 or len(paths) < PARALLEL_MIN_PAGES or folder is None:
        results = [_render_share(state, paths)]
    else:
        shares = [paths[i::jobs * 4] for i in range(jobs * 4)]
        context = multiprocessing.get_context("fork")
        with context.Pool(jobs, initializer=_start_worker, initargs=state) as pool:
            results = list(pool.imap_unordered(_worker_share, shares))
    problem = next((p for p, _, _ in results if p), None)
    if problem:
        raise ContentError([problem])
    return {path: e for _, entries, _ in results for path, e in entries.items()}, sum(n for _, _, n in results)


def _render_share(state: tuple, paths: list[str]) -> tuple[Problem | None, dict[str, Entry], int]:
    project, site, renderer, plan, folder, cache, keys = state
    entries, reused = {}, 0
    for path in paths:
        planned = plan[path]
        try:
            if cache is not None and keys is not None:
                if entry := cache.reuse(path, keys, planned, folder):
                    entries[path], reused = entry, reused + 1
                    continue
            html, reads = renderer.render(site, planned)
        except (jinja2.TemplateError, RecursionError) as exc:
            return _template_problem(project, exc), {}, 0
        if folder is not None:
            data = html.encode("utf-8")
            write_file(folder, path, data)
            if keys is not None:
                entries[path] = page_entry(keys, planned, reads, data)
    return None, entries, reused


_worker_state: tuple = ()  # set once in each forked worker process, never in the parent


def _start_worker(*state) -> None:
    global _worker_state
    _worker_state = state


def _worker_share(paths: list[str]) -> tuple[Problem | None, dict[str, Entry], int]:
    return _render_share(_worker_state, paths)


def _static_files(static: Path) -> list[Path]:
    if not static.is_dir():
        return []
    return sorted(p for p in static.rglob("*") if p.is_file() and not layout.is_litter(p.relative_to(static)))


def _template_problem(project: Path, exc: jinja2.TemplateError | RecursionError) -> Problem:
    """Point at the template line a Jinja error came from (for endless recursion, where the loop begins)."""
    filename, line = getattr(exc, "filename", None), getattr(exc, "lineno", None)
    if filename is None:
        frames = _template_frames(exc.__traceback__)
        if frames:
            filename, line, _ = frames[-1]  # the innermost
            if isinstance(exc, RecursionError):
                # endless: the loop is the frames from the first that recurs to its next turn; the last
                # of them (an include, or a call) leads back into the loop
                recurring = set(frames[len(frames) // 2:])
                first = next(i for i, frame in enumerate(frames) if frame in recurring)
                again = next((i for i in range(first + 1, len(frames)) if frames[i] == frames[first]), first + 1)
                filename, line, _ = frames[again - 1]
    shown = layout.shown(project, Path(filename)) if filename else layout.TEMPLATES
    if isinstance(exc, RecursionError):
        return Problem(Location(shown, line or 1, 1), "template error: a template includes, extends or calls itself "
                                                      "without end; break the loop")
    return Problem(Location(shown, line or 1, getattr(exc, "col", 1)), f"template error: {exc.message or exc}")


def _template_frames(tb) -> list[tuple[str, int, str]]:
    """(template file, line, code) of each template frame of a traceback, outermost first. Jinja
    rewrites the traceback of an error to template lines, but an error raised while it does so
    (endless recursion) keeps the frames of the compiled templates: their lines are mapped here."""
    frames = []
    for frame, lineno in traceback.walk_tb(tb):
        template = frame.f_globals.get("__jinja_template__")
        if template is not None and template.filename:
            frames.append((template.filename, template.get_corresponding_lineno(lineno), frame.f_code.co_name))
        elif frame.f_code.co_filename.endswith(".html"):
            frames.append((frame.f_code.co_filename, lineno, frame.f_code.co_name))
    return frames


def forget_hidden_templates(env: jinja2.Environment) -> None:
    """Drop the compiled templates that a file of the same name in an earlier folder of the search
    path (one added to the project's templates/) now takes the place of. Jinja notices a template
    file that changed or went, but not one newly hidden; a renderer kept from build to build (the
    preview's) would go on rendering with the generator's own template."""
    if not env.cache:
        return
    for key, template in list(env.cache.items()):
        try:
            filename = env.loader.get_source(env, template.name)[1]
        except (jinja2.TemplateError, OSError, ValueError):
            filename = None  # gone or unreadable: compiled again, and the render reports it
        if filename != template.filename:
            del env.cache[key]


PAGE_CACHE = ".cache/pages.json"  # the page cache of `explainer build`; safe to delete


def build(project: Path, out: Path, base_url: str = "", search: bool = True,
          renderer: Renderer | None = None, drafts: bool = False, jobs: int | None = None,
          cache: PageCache | None = None, parsed: ParsedFiles | None = None) -> Report:
    """Build the site into out; on any problem raise before out is touched.

    base_url (where the site will be published) overrides the content's own;
    search=False leaves out the full-text search index; drafts=True keeps draft records;
    jobs is how many processes render pages (default: one per core, up to 4);
    cache holds the pages of the previous build (default: the project's PAGE_CACHE file);
    parsed, the content files read by the previous build in this process.
    """
    started = time.perf_counter()
    check_output_folder(project, out, layout.INPUT_FOLDERS)
    code = code_digest()
    fingerprint = input_fingerprint(project, code, base_url, search, drafts)
    site = load(project, base_url, drafts, parsed)
    fingerprint = with_reads(fingerprint, site.seeds)  # and the seed files it read, wherever: kept in out, see fingerprint.up_to_date
    gc.freeze()  # the site lives as long as the build: the collector need not walk it again and again
    try:
        renderer = renderer or Renderer(project / layout.TEMPLATES)
        forget_hidden_templates(renderer.env)
        cache = cache or PageCache(project / PAGE_CACHE)
        cache.build_into(out)
        keys = PageKeys(site, renderer.env, code, fingerprint, renderer.preview)
        plan = renderer.plan(site)
        entries: dict[str, Entry] = {}
        files = extra_files(project, site, plan, Kept(cache, keys, entries))
        index_bytes, reused = [], []
        jobs = jobs or min(os.cpu_count() or 1, 4)

        def finish(folder: Path) -> None:
            written, count = render_pages(project, site, renderer, plan, folder, jobs, cache, keys)
            entries.update(written)
            reused.append(count)
            if search:
                index_bytes.append(index_site(folder))

        write_site(files, out, finish=finish, fingerprint=fingerprint)
        cache.update(out.resolve(), entries)
        return Report(site, len(files) + len(plan), len(plan), time.perf_counter() - started, out, sum(index_bytes),
                      reused=sum(reused))
    finally:
        gc.unfreeze()


def check(project: Path) -> Report:
    """Validate everything and render every page in memory; write nothing."""
    started = time.perf_counter()
    input_fingerprint(project, "")  # every input that cannot be read, named, before anything is read
    site = load(project)
    renderer = Renderer(project / layout.TEMPLATES)
    plan = renderer.plan(site)
    files = extra_files(project, site, plan)
    render_pages(project, site, renderer, plan, None, 1)
    return Report(site, len(files) + len(plan), len(plan), time.perf_counter() - started, None)
