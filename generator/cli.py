"""Command line: parse arguments, print, exit. The only module that prints or exits."""
from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from .build import build, check
from .errors import ContentError, OutputError, UsageError

EXIT_OK, EXIT_CONTENT, EXIT_USAGE = 0, 1, 2


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(
        prog="explainer",
        description="Build a static news explainer from seed articles and YAML annotations.",
    )
    main.add_argument("--project", type=Path, default=Path("."), metavar="DIR",
                      help="the project folder holding content/, seeds/ and templates/ (default: .)")
    commands = main.add_subparsers(dest="command", required=True, metavar="COMMAND")
    b = commands.add_parser("build", help="build the site", description="Build the site into site/ (or --out DIR). "
                            "A failed build leaves the previous output untouched.")
    b.add_argument("--out", type=Path, default=None, metavar="DIR", help="output folder (default: site/ in the project)")
    b.add_argument("--base-url", type=base_url, default=None, metavar="URL",
                   help="where the site will be published, e.g. https://example.org/explainers/geneva/ "
                        "(for canonical links, the sitemap, the feed and social cards; default: explainer.base_url)")
    b.add_argument("--no-search", action="store_true", help="leave out the full-text search index (faster)")
    b.add_argument("--drafts", action="store_true", help="include the records marked `draft: true` (left out by default)")
    commands.add_parser("check", help="validate content and report coverage; write nothing",
                        description="Validate every content file and citation and report each seed's coverage. Writes nothing.")
    s = commands.add_parser("serve", help="build and serve with live reload",
                            description="Build the site and serve it with live reload; rebuild when content/, seeds/ or templates/ change.")
    s.add_argument("--host", default="127.0.0.1", help="address to bind (default: 127.0.0.1)")
    s.add_argument("--port", type=int, default=8000, help="port (default: 8000)")
    s.add_argument("--open", action="store_true", help="open the site in a web browser")
    return main


def base_url(value: str) -> str:
    if not re.match(r"^https?://[^/\s]+(/\S*)?$", value):
        raise argparse.ArgumentTypeError(f"{value!r} is not an http:// or https:// address")
    return value


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    project = args.project.resolve()
    if not (project / "content").is_dir():
        print(f"explainer: {args.project} has no content/ folder; run explainer in a project folder or pass --project DIR",
              file=sys.stderr)
        return EXIT_USAGE
    try:
        if args.command == "build":
            report = build(project, args.out or project / "site", args.base_url or "", search=not args.no_search,
                           drafts=args.drafts)
            print(f"Built {report.pages} pages ({report.files} files) in {report.seconds:.2f} s into {args.out or 'site'}/")
            if report.search_bytes:
                print(f"  search index: {report.search_bytes / 1024:.0f} KiB")
            for line in report.coverage_lines():
                print(f"  {line}")
        elif args.command == "check":
            report = check(project)
            for line in report.coverage_lines():
                print(line)
            print(f"0 problems; {report.pages} pages would be built")
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


def run() -> None:
    sys.exit(main())
