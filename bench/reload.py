"""Save-to-reloaded time of the live preview, for the real explainers (or another project).

Copies the project (this repository, or --project DIR, such as a corpus written by
`bench/run.py --emit DIR --n N`) to a scratch folder, starts `explainer serve` there, opens the overview of the
first explainer (content/explainers/<slug>/, by name) in headless Chromium (Debian's
/usr/bin/chromium, driven by playwright), then edits its summary several times and measures from
each save to the moment the open page shows the new text.

    .venv/bin/python bench/reload.py [--runs 7] [--project DIR]
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SUMMARY = re.compile(r'^(  summary: (?:>-\n +|"))', re.M)  # a folded or a double-quoted summary
ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--project", type=Path, default=REPO,
                        help="the project to serve, copied first (default: this repository)")
    args = parser.parse_args()
    runs = args.runs
    from playwright.sync_api import sync_playwright

    scratch = Path(tempfile.mkdtemp(prefix="reload-bench-"))
    project = scratch / "project"
    shutil.copytree(args.project, project, ignore=shutil.ignore_patterns(".venv", "node_modules", "site", ".git", "screenshots"))
    explainer = sorted((project / "content" / "explainers").glob("*/explainer.yaml"))[0]
    slug = explainer.parent.name
    original = explainer.read_text(encoding="utf-8")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen([sys.executable, "-m", "generator", "--project", str(project), "serve", "--port", str(port)],
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                              env={**os.environ, "PYTHONUNBUFFERED": "1"})
    try:
        for line in server.stdout:
            if "Serving" in line:
                break
        times = []
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
            page = browser.new_page()
            page.goto(f"http://127.0.0.1:{port}/{slug}/")
            page.wait_for_function("window.LiveReload !== undefined")
            for n in range(runs):
                marker = f"Edit number {n} of the summary."
                started = time.perf_counter()
                explainer.write_text(SUMMARY.sub(lambda m: f"{m.group(1)}{marker} ", original, count=1), encoding="utf-8")
                page.wait_for_function(f"document.body.innerText.includes({marker!r})", timeout=30000)
                times.append(time.perf_counter() - started)
                time.sleep(0.5)
            browser.close()
        print(f"save to reloaded page, {runs} edits of content/explainers/{slug}/explainer.yaml:")
        print(f"  median {statistics.median(times) * 1000:.0f} ms, min {min(times) * 1000:.0f} ms, max {max(times) * 1000:.0f} ms")
    finally:
        server.send_signal(signal.SIGINT)
        rebuilds = [line.strip() for line in server.stdout if "rebuilt in" in line]
        server.wait(10)
        if rebuilds:
            print("  the server's own log:", *rebuilds[:3], sep="\n    ")
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
