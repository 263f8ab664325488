"""Command line: parse arguments, print, exit. The only module that prints or exits."""
from __future__ import annotations

import argparse
import json
import datetime
import sys
import time
from pathlib import Path

from .errors import ContentError, OutputError, UsageError
from .project import INPUT_FOLDERS
from .schema import is_date_shape, is_id, is_language, is_url
# The other modules are imported where a command needs them: `explainer build` with nothing
# changed then answers before the template engine, Markdown and YAML are even loaded.

EXIT_OK, EXIT_CONTENT, EXIT_USAGE = 0, 1, 2


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(
        prog="explainer",
        description="Build a static news explainer from seed articles and YAML annotations.",
    )
    main.add_argument("--project", type=Path, default=Path("."), metavar="DIR",
                      help="the project folder holding content/, seeds/ and templates/ (default: .)")
    commands = main.add_subparsers(dest="command", required=True, metavar="COMMAND")
    i = commands.add_parser("init", help="start a new site in a new folder",
                            description="Create DIR with a site that builds as it stands: one small example "
                                        "explainer (a made-up story to replace), the templates and a README stub.")
    i.add_argument("dir", type=Path, metavar="DIR", help="the new site's folder (must not exist, or be empty)")
    b = commands.add_parser("build", help="build the site", description="Build the site into site/ (or --out DIR). "
                            "A failed build leaves the previous output untouched.")
    b.add_argument("--out", type=Path, default=None, metavar="DIR", help="output folder (default: site/ in the project)")
    b.add_argument("--base-url", type=base_url, default=None, metavar="URL",
                   help="where the site will be published, e.g. https://example.org/explainers/ "
                        "(for canonical links, the sitemap, the feed and social cards; default: base_url in content/site.yaml)")
    b.add_argument("--no-search", action="store_true", help="leave out the full-text search index (faster)")
    b.add_argument("--drafts", action="store_true", help="include the records marked `draft: true` (left out by default)")
    c = commands.add_parser("check", help="validate content and report coverage and drift; write nothing",
                            description="Validate every content file and citation (drafts included) and report each "
                                        "seed's coverage with its uncited sentences, the citations that moved since the "
                                        "last good check, and the entities that need a source. Writes no site.")
    c.add_argument("--format", choices=("text", "json"), default="text", help="text for people, json for CI and editors")
    s = commands.add_parser("serve", help="build and serve with live reload",
                            description="Build the site and serve it with live reload; rebuild when content/, seeds/ or templates/ change.")
    s.add_argument("--host", default="127.0.0.1", help="address to bind (default: 127.0.0.1)")
    s.add_argument("--port", type=int, default=8000, help="port (default: 8000)")
    s.add_argument("--open", action="store_true", help="open the site in a web browser")
    n = commands.add_parser("new", help="add an article to seeds/ and draft annotations for it",
                            description="Copy ARTICLE into seeds/, add its seeds record (content/seeds/ID.yaml) and write "
                                        "draft annotations for the explainer SLUG (content/explainers/SLUG/drafts/ID.yaml): "
                                        "statements with their speakers, people, places and organisations, dates for the "
                                        "timeline. Every draft is anchored in the article and marked `draft: true`. A SLUG "
                                        "that is not an explainer yet starts one (content/explainers/SLUG/explainer.yaml, "
                                        "titled after the article). The project must check before and after; if it would "
                                        "not, nothing is added.")
    n.add_argument("article", type=Path, metavar="ARTICLE", help="the article: UTF-8 plain text or Markdown")
    n.add_argument("--explainer", default=None, metavar="SLUG",
                   help="the explainer to add the article to: its folder name in content/explainers/ (required when "
                        "the site has more than one explainer; default: the only one); a new SLUG (1-64 lower-case "
                        "letters, digits and hyphens) starts a new explainer")
    n.add_argument("--id", dest="seed_id", type=identifier, default=None, metavar="ID",
                   help="the seed's id, also its file name in seeds/ (default: from the article's file name)")
    n.add_argument("--title", default="", help="the article's headline (default: its title line or first sentence)")
    n.add_argument("--publisher", default="", help="who published the article (default: Unknown publisher)")
    n.add_argument("--url", type=base_url, default=None, metavar="URL", help="the article's address, if it has one")
    n.add_argument("--date", type=date, default=None, metavar="YYYY-MM-DD", help="when the article was published")
    n.add_argument("--language", type=language, default="en", metavar="CODE",
                   help="the article's language, a language tag such as en, uk or pt-BR (default: en)")
    j = commands.add_parser("schema", help="check or write the JSON Schema of the content files (for editors)",
                            description="The JSON Schema (draft 2020-12) of every content YAML file and of page front "
                                        "matter, generated from generator/schema.py, kept in schema/. Without --write: "
                                        "exit 1 when the files there are missing or out of date.")
    j.add_argument("--write", action="store_true", help="write the schema files into schema/")
    e = commands.add_parser("export", help="export the site's data for other tools",
                            description="Export the site's data for other tools.")
    what = e.add_subparsers(dest="what", required=True, metavar="WHAT")
    a = what.add_parser("annotations", help="every citation as a W3C Web Annotation (JSON-LD)",
                        description="Write every citation (the spans of cite lists and the quotes of statements) as a "
                                    "W3C Web Annotation: JSON-LD, an AnnotationCollection whose annotations target the "
                                    "seed (its url, else its path) with a TextQuoteSelector and a TextPositionSelector "
                                    "and link to the item that cites it.")
    a.add_argument("--out", type=Path, default=None, metavar="FILE", help="write to FILE (default: standard output)")
    a.add_argument("--base-url", type=base_url, default=None, metavar="URL",
                   help="where the site is published, for the links to the citing items (default: site.base_url)")
    a.add_argument("--drafts", action="store_true", help="include the records marked `draft: true`")
    return main


def base_url(value: str) -> str:
    if not is_url(value):
        raise argparse.ArgumentTypeError(f"{value!r} is not an http:// or https:// address (no spaces, double quotes, "
                                         "angle brackets or control characters)")
    return value


def language(value: str) -> str:
    if not is_language(value):
        raise argparse.ArgumentTypeError(f"{value!r} is not a language tag; write one such as en, uk or pt-BR")
    return value


def identifier(value: str) -> str:
    if not is_id(value):
        raise argparse.ArgumentTypeError(f"{value!r} is not an id: use 1-64 lower-case letters, digits and hyphens")
    if value == "index":  # sources/<id>.html: the seed's page would replace the list of sources
        raise argparse.ArgumentTypeError("'index' is taken by the site's list of sources (sources/index.html); choose another id")
    return value


def date(value: str) -> str:
    try:
        if not is_date_shape(value):
            raise ValueError(value)
        datetime.date(*([int(p) for p in value.split("-")] + [1, 1])[:3])
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date: write YYYY, YYYY-MM or YYYY-MM-DD") from None
    return value


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if args.command == "init":
        return init_site(args.dir)
    project = args.project.resolve()
    if not (project / "content").is_dir():
        print(f"explainer: {args.project} has no content/ folder; run explainer in a project folder or pass --project DIR",
              file=sys.stderr)
        return EXIT_USAGE
    try:
        if args.command == "build":
            started = time.perf_counter()
            out, options = args.out or project / "site", (args.base_url or "", not args.no_search, args.drafts)
            from .fingerprint import up_to_date
            if up_to_date(project, out, *options):
                print(f"Nothing changed since the last build; {args.out or 'site'}/ is up to date ({time.perf_counter() - started:.2f} s)")
                return EXIT_OK
            from .build import build
            report = build(project, out, options[0], search=options[1], drafts=options[2])
            print(f"Built {report.pages} pages ({report.files} files) in {report.seconds:.2f} s into {args.out or 'site'}/")
            if report.reused:
                print(f"  {report.reused} of {report.pages} pages unchanged since the last build: kept, not rendered again")
            if report.search_bytes:
                print(f"  search index: {report.search_bytes / 1024:.0f} KiB")
            print(f"  {coverage_summary(report.site)}")
            if not report.site.info.base_url:
                print("  No base URL, so left out: sitemap.xml, canonical links and the feeds' self links; social "
                      "cards have relative addresses and 404.html's links work only at the site root. For a site to "
                      "publish, give its address: --base-url URL, or base_url in content/site.yaml")
        elif args.command == "check":
            return check_project(project, args.format)
        elif args.command == "new":
            return new_explainer(project, args)
        elif args.command == "schema":
            return schema_files(project, args.write)
        elif args.command == "export":
            return export_annotations(project, args)
        elif args.command == "serve":
            from .serve import serve
            return serve(project, args.host, args.port, args.open, log=lambda line: print(line, flush=True))
    except ContentError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        count = len(exc.problems)
        print(f"{count} problem{'s' if count != 1 else ''}; nothing was written", file=sys.stderr)
        return EXIT_CONTENT
    except KeyboardInterrupt:
        print("explainer: interrupted; the previous site is unchanged", file=sys.stderr)
        return 130
    except OutputError as exc:
        print(f"explainer: {exc}", file=sys.stderr)
        return EXIT_CONTENT
    except UsageError as exc:
        print(f"explainer: {exc}", file=sys.stderr)
        return EXIT_USAGE
    return EXIT_OK


def init_site(target: Path) -> int:
    """`explainer init DIR`."""
    from . import newsite
    try:
        written = newsite.create(target)
    except UsageError as exc:
        print(f"explainer: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except OSError as exc:
        print(f"explainer: could not create {target}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_CONTENT
    print(f"Created a new site in {target}/ ({len(written)} files): an example explainer in content/, "
          "its article in seeds/, the templates and a README.")
    print(f"Next: cd {target} && explainer serve   (then replace the example with your own story)")
    return EXIT_OK


def export_annotations(project: Path, args: argparse.Namespace) -> int:
    """`explainer export annotations [--out FILE]`."""
    from . import export
    from .build import load
    out = _export_target(args.out, export.FILE_NAME) if args.out else None
    if out is not None:
        for folder in INPUT_FOLDERS:
            if out.is_relative_to((project / folder).resolve()):
                raise UsageError(f"--out {args.out} is inside the project's {folder}/ folder; write it elsewhere")
    site = load(project, args.base_url or "", drafts=args.drafts)
    data = export.annotations(site, args.base_url or "")
    text = export.to_json(data)
    if out is None:
        sys.stdout.write(text)
        return EXIT_OK
    try:
        export.write(out, text)
    except OSError as exc:
        raise OutputError(f"could not write {args.out}: {exc.strerror or exc}") from None
    print(f"Wrote {data['total']} annotations to {args.out}")
    return EXIT_OK


def _export_target(given: Path, example: str) -> Path:
    """The file `export --out` names, every symlink followed; a usage error when it cannot be one."""
    try:
        out = given.resolve()
        folder = out.is_dir()
    except RuntimeError:  # Python 3.11 reports a symlink loop so
        raise UsageError(f"--out {given} leads into a symlink loop; remove the link or give another file name, e.g. {example}") from None
    except OSError as exc:
        raise UsageError(f"--out {given}: {(exc.strerror or str(exc)).lower()}; give another file name, e.g. {example}") from None
    if folder:
        raise UsageError(f"--out {given} is a folder; give a file name, e.g. {example}")
    return out


def schema_files(project: Path, write: bool) -> int:
    """`explainer schema [--write]`."""
    from . import jsonschema
    names = ", ".join(f"{jsonschema.FOLDER}/{name}" for name in jsonschema.generated())
    if write:
        changed = jsonschema.write(project)
        print(f"Wrote {', '.join(changed)}" if changed else f"{names}: already up to date")
        return EXIT_OK
    stale = jsonschema.stale(project)
    for shown in stale:
        print(f"{shown} is missing or out of date; run: explainer schema --write", file=sys.stderr)
    if stale:
        return EXIT_CONTENT
    print(f"{names}: up to date")
    return EXIT_OK


def new_explainer(project: Path, args: argparse.Namespace) -> int:
    """`explainer new`: the project must check before and after; the draft is undone otherwise."""
    from . import draft
    from .build import load
    if args.explainer is not None:
        draft.check_slug(args.explainer)
    try:
        site = load(project)
    except ContentError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        print("explainer new: the project has problems; fix them first (explainer check lists them), "
              "then run explainer new again", file=sys.stderr)
        return EXIT_CONTENT
    options = draft.Options(args.seed_id or "", args.title, args.publisher, args.url or "", args.date or "", args.language,
                            args.explainer or "")
    try:
        result = draft.new(project, args.article, site, options)
    except OSError as exc:
        from .project import shown
        where = f" ({shown(project, Path(exc.filename))})" if isinstance(exc.filename, str) else ""
        raise OutputError(f"could not add the article: {exc.strerror or exc}{where}; nothing was added") from None
    try:
        load(project)
    except BaseException:
        draft.undo(result)
        raise
    print_draft(result)
    return EXIT_OK


def print_draft(result: draft.Draft) -> None:
    if result.seed_copied:
        print(f"Added {result.seed_file} as seed `{result.seed_id}`")
    if result.seed_record_file:
        print(f"Wrote its seeds record to {result.seed_record_file} (check the title and publisher)")
    if result.explainer_file:
        print(f"Started the explainer `{result.explainer}` in {result.explainer_file}: its title and summary are the "
              "article's; rewrite them (this file is not a draft: the next build publishes it)")
    print(f"Wrote {result.drafts_file}, every record marked `draft: true`:")
    statements = result.statements
    print(f"  statements: {sum(1 for s in statements if not s.existing)} new, "
          f"{sum(1 for s in statements if s.existing)} already in the explainer")
    for s in statements:
        side = f"{s.side}, guessed" if s.side_guessed else s.side
        known = f" (already statement `{s.existing}`)" if s.existing else ""
        print(f"    {s.speaker_name}{f' ({side})' if side else ''}: “{result.excerpt(s.quote)}”{known}")
    fresh = [e for e in result.entities if not e.existing]
    known = [e for e in result.entities if e.existing]
    print(f"  people, places and organisations: {len(fresh)} new, {len(known)} already in content/")
    if fresh:
        print("    new: " + ", ".join(f"{e.name} ({e.kind})" for e in fresh))
    if known:
        print("    known: " + ", ".join(e.id for e in known))
    events = result.events
    print(f"  timeline: {len(events)} date{'s' if len(events) != 1 else ''}"
          + (": " + ", ".join(e.date + (f" (already `{e.existing}`)" if e.existing else "") for e in events) if events else ""))
    headings = [s for s in result.sections if s.kind == "heading"]
    if headings:
        print("  sections: " + "; ".join(f"{s.title} (line {s.line})" for s in headings))
    print("The project checks with the drafts. Review them in the preview (explainer serve), then delete each "
          "`draft: true` you accept; explainer build leaves drafts out.")


def coverage_summary(site) -> str:
    from .report import coverage
    seeds = coverage(site)
    if len(seeds) == 1:
        c = seeds[0]
        return f"{c.file}: {c.cited} of {c.sentences} sentences cited ({c.share:.0%})"
    cited, total = sum(c.cited for c in seeds), sum(c.sentences for c in seeds)
    short = sum(c.cited < c.sentences for c in seeds)
    return (f"{len(seeds)} seeds: {cited} of {total} sentences cited ({cited / total if total else 1:.0%}); "
            f"{short} below 100% (explainer check lists them)")


def check_project(project: Path, form: str) -> int:
    """`explainer check`: problems, or the report (coverage, drift, citations needed)."""
    from .build import check
    from .report import report
    try:
        result = check(project)
    except ContentError as exc:
        if form != "json":
            raise
        problems = [{"path": p.location.path, "line": p.location.line, "col": p.location.col, "message": p.message}
                    for p in exc.problems]
        print(json.dumps({"ok": False, "problems": problems}, ensure_ascii=False, indent=2))
        return EXIT_CONTENT
    found = report(result.site, project)
    if form == "json":
        data = json.loads(found.as_json())
        print(json.dumps({"ok": True, "problems": [], "pages": result.pages, **data}, ensure_ascii=False, indent=2))
        return EXIT_OK
    for line in found.lines():
        print(line)
    print(f"0 problems; {result.pages} pages would be built")
    return EXIT_OK


def run() -> None:
    for stream in (sys.stdout, sys.stderr):  # under a C locale, a non-ASCII name must not crash a print
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    try:
        sys.exit(main())
    except BrokenPipeError:  # output piped into `head` and the like
        sys.stderr.close()
        sys.exit(EXIT_OK)
