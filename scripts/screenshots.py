"""Full-page PNG screenshots of every page of the built site, for a person to look at.

    python scripts/screenshots.py [--site DIR] [--out DIR] [--only SUBSTRING ...]

Builds the site from content/ into a temporary folder (or takes --site DIR), serves it on a
free port of 127.0.0.1 and, in Debian's headless Chromium (/usr/bin/chromium, driven by the
Python package playwright), writes one PNG per page at 390 and 1280 px wide, in the light and
the dark colour scheme: screenshots/<page>--<width>-<scheme>.png (screenshots/ is git-ignored).
"""

from __future__ import annotations

import argparse
import functools
import http.server
import os
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = Path(os.environ.get("EXPLAINER_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WIDTHS = {390: 844, 1280: 800}
SCHEMES = ("light", "dark")


def build_site(into: Path) -> Path:
    """Build content/ with the generator into `into`/site; exit with its output if it fails."""
    out = into / "site"
    run = subprocess.run(
        [sys.executable, "-m", "generator", "build", "--out", str(out)],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if run.returncode != 0:
        sys.stderr.write(run.stdout + run.stderr)
        sys.exit(f"screenshots: the build failed (exit {run.returncode})")
    return out


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def serve(site: Path):
    """Serve `site` on a free port of 127.0.0.1; yields the base URL, ending in '/'."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()


def shot_name(page: str, width: int, scheme: str) -> str:
    stem = page.removesuffix(".html")
    return f"{stem.replace('/', '__')}--{width}-{scheme}.png"


def take(site: Path, out: Path, only: list[str]) -> list[Path]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        sys.exit(
            "screenshots: needs the Python package playwright (make .venv, or pip install playwright)"
        )
    if not CHROMIUM.exists():
        sys.exit(f"screenshots: needs Chromium at {CHROMIUM} (apt-get install chromium)")
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))
    if only:
        pages = [p for p in pages if any(s in p for s in only)]
    if not pages:
        sys.exit(f"screenshots: no page to take in {site}")
    out.mkdir(parents=True, exist_ok=True)
    written = []
    with serve(site) as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            for width, height in WIDTHS.items():
                for scheme in SCHEMES:
                    context = browser.new_context(
                        viewport={"width": width, "height": height}, color_scheme=scheme
                    )
                    tab = context.new_page()
                    for page in pages:
                        tab.goto(base + page, wait_until="load")
                        path = out / shot_name(page, width, scheme)
                        tab.screenshot(path=str(path), full_page=True)
                        written.append(path)
                    context.close()
        finally:
            browser.close()
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--site", type=Path, help="an already built site (default: build content/ now)"
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=REPO_ROOT / "screenshots",
        help="folder for the PNGs (default: screenshots/)",
    )
    parser.add_argument(
        "--only",
        nargs="*",
        default=[],
        metavar="SUBSTRING",
        help="only pages whose path contains one of these",
    )
    args = parser.parse_args(argv)
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="explainer-shots-") as tmp:
        if args.site:
            if not args.site.is_dir():
                parser.error(f"--site {args.site} is not a folder")
            site = args.site
        else:
            site = build_site(Path(tmp))
        written = take(site, args.out, args.only)
    for path in written:
        print(path)
    print(
        f"{len(written)} screenshots in {args.out} ({time.monotonic() - started:.1f} s)",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
