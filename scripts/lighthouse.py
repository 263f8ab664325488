"""Lighthouse scores of the built site: a benchmark, not a test gate (scores are noisy).

    python scripts/lighthouse.py [--site DIR] [--runs 3] [--pages PAGE ...]

Builds the site from content/ into a temporary folder (or takes --site DIR), serves it on a
free port of 127.0.0.1, and runs `npx --yes lighthouse@12.2.3` (newer releases need Node 22;
npx fetches it from the npm registry on first use) against Debian's Chromium, three times per
page, then prints the median score of each category. The target is >= 0.95 in each.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from screenshots import CHROMIUM, CHROMIUM_ARGS, build_site, serve

LIGHTHOUSE = "lighthouse@12.2.3"
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
TARGET = 0.95


def run_lighthouse(url: str) -> dict[str, float]:
    """One Lighthouse run on `url`: {category: score}."""
    flags = " ".join(["--headless"] + CHROMIUM_ARGS)
    command = [
        "npx",
        "--yes",
        LIGHTHOUSE,
        url,
        "--output=json",
        "--output-path=stdout",
        "--quiet",
        f"--only-categories={','.join(CATEGORIES)}",
        f"--chrome-flags={flags}",
    ]
    env = dict(os.environ, CHROME_PATH=str(CHROMIUM))
    run = subprocess.run(command, capture_output=True, text=True, env=env, timeout=600, check=False)
    if run.returncode != 0:
        sys.stderr.write(run.stderr[-4000:])
        sys.exit(f"lighthouse: `{' '.join(command[:4])} ...` exited {run.returncode}")
    report = json.loads(run.stdout)
    if report.get("runtimeError"):
        sys.exit(f"lighthouse: {url}: {report['runtimeError'].get('message')}")
    return {c: report["categories"][c]["score"] or 0.0 for c in CATEGORIES}  # None: not computable


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--site", type=Path, help="an already built site (default: build content/ now)"
    )
    parser.add_argument(
        "--runs", type=int, default=3, help="runs per page; the median is shown (default 3)"
    )
    parser.add_argument("--pages", nargs="+", default=None,
                        help="pages to measure (default: the home page and the first explainer's statements page)")
    args = parser.parse_args(argv)
    if shutil.which("npx") is None:
        sys.exit("lighthouse: needs Node.js 18+ and npx (apt-get install nodejs npm)")
    if not CHROMIUM.exists():
        sys.exit(f"lighthouse: needs Chromium at {CHROMIUM} (apt-get install chromium)")
    below = []
    with tempfile.TemporaryDirectory(prefix="explainer-lighthouse-") as tmp:
        site = args.site if args.site else build_site(Path(tmp))
        if not site.is_dir():
            parser.error(f"--site {site} is not a folder")
        if args.pages is None:
            first = sorted(site.glob("*/statements.html"))[:1]
            args.pages = ["index.html", *(p.relative_to(site).as_posix() for p in first)]
        for page in args.pages:
            if not (site / page).is_file():
                parser.error(f"no {page} in {site}")
        with serve(site) as base:
            print(f"{'page':<24}" + "".join(f"{c:>16}" for c in CATEGORIES))
            for page in args.pages:
                runs = []
                for i in range(args.runs):
                    print(f"  {page}: run {i + 1}/{args.runs} ...", file=sys.stderr, flush=True)
                    runs.append(run_lighthouse(base + page))
                medians = {c: statistics.median(r[c] for r in runs) for c in CATEGORIES}
                print(
                    f"{page:<24}" + "".join(f"{medians[c]:>16.2f}" for c in CATEGORIES), flush=True
                )
                below += [f"{page} {c} {medians[c]:.2f}" for c in CATEGORIES if medians[c] < TARGET]
    if below:
        print(f"below the {TARGET} target: " + "; ".join(below))
    else:
        print(f"every median is at or above the {TARGET} target")
    return 0


if __name__ == "__main__":
    sys.exit(main())
