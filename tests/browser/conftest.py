"""Fixtures for the reader-facing quality gates (docs: shared QUALITY.md).

The gates run on real sites: the repository's content/, and each fixture story of
tests/fixtures/ in place of content/ and seeds/ in a copy of the repository, each built once per
session into a temporary folder, then served by a stdlib HTTP server on a free port of 127.0.0.1.

External tools, and what happens when one is missing:
- Debian's Chromium at /usr/bin/chromium (`apt-get install chromium`), driven by the Python
  `playwright` package (never `playwright install`: it downloads a browser);
- Java for the Nu HTML Checker (`apt-get install default-jre-headless`);
- node_modules/vnu-jar and node_modules/axe-core (`npm ci --ignore-scripts`: vnu-jar's
  postinstall script would try to download a Java runtime).
Locally a missing tool skips the gates that need it, saying how to install it. With CI=true
a missing tool is a failure: CI must never go green by skipping.

EXPLAINER_TEST_SITE=DIR runs the gates on an already built folder instead of building.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
NODE_MODULES = REPO_ROOT / "node_modules"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE_JS = NODE_MODULES / "axe-core" / "axe.min.js"
CHROMIUM = Path(os.environ.get("EXPLAINER_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

IN_CI = os.environ.get("CI", "").strip().lower() in {"true", "1", "yes"}


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "browser: reader-facing quality gates on the built site (tests/browser/)"
    )


def require(available: bool, what: str, how: str) -> None:
    """Skip (locally) or fail (CI=true) when a tool the gate needs is missing."""
    if available:
        return
    message = f"{what} is missing; install it with: {how}"
    if IN_CI:
        pytest.fail(f"CI=true and {message}", pytrace=False)
    pytest.skip(message)


# --------------------------------------------------------------------------- the site


FIXTURES = REPO_ROOT / "tests" / "fixtures"
# The gates hold for any valid content: the repository's own, and each fixture story put in place
# of content/ and seeds/ in a copy of the repository.
# "init" is the site `explainer init` starts.
PROJECTS = ["repository", "init", *sorted(p.name for p in FIXTURES.iterdir() if (p / "content").is_dir())]


def project_for(name: str, scratch: Path) -> Path:
    """The repository itself, a new site from `explainer init`, or a copy of the repository whose
    content/ and seeds/ are a fixture story's."""
    if name == "repository":
        return REPO_ROOT
    if name == "init":
        subprocess.run([sys.executable, "-m", "generator", "init", str(scratch / name)], cwd=REPO_ROOT, check=True,
                       capture_output=True, timeout=60)
        return scratch / name
    copy = scratch / name
    shutil.copytree(REPO_ROOT / "templates", copy / "templates")
    for folder in ("content", "seeds"):
        shutil.copytree(FIXTURES / name / folder, copy / folder)
    return copy


@pytest.fixture(scope="session", params=PROJECTS)
def site_dir(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A built site: the repository's content/, or a fixture story's (each built once per session)."""
    given = os.environ.get("EXPLAINER_TEST_SITE")
    if given:
        if request.param != "repository":
            pytest.skip("EXPLAINER_TEST_SITE gives one site: the fixture stories are not built")
        path = Path(given).resolve()
        if not path.is_dir():
            pytest.fail(f"EXPLAINER_TEST_SITE={given} is not a folder", pytrace=False)
        return path
    scratch = tmp_path_factory.mktemp(f"browser-gates-{request.param}")
    project = project_for(request.param, scratch)
    out = scratch / "site"
    try:
        subprocess.run(
            [sys.executable, "-m", "generator", "--project", str(project), "build", "--out", str(out)],
            cwd=REPO_ROOT,
            check=True,
            capture_output=True,
            text=True,
            timeout=300,
        )
    except subprocess.CalledProcessError as exc:
        pytest.fail(
            f"`python -m generator --project {project} build --out {out}` exited {exc.returncode}\n"
            f"--- stdout\n{exc.stdout}\n--- stderr\n{exc.stderr}",
            pytrace=False,
        )
    if not any(out.rglob("*.html")):
        pytest.fail(f"the build wrote no .html file into {out}", pytrace=False)
    return out


@pytest.fixture(scope="session")
def html_pages(site_dir: Path) -> list[str]:
    """Every built page, as a POSIX path relative to the site root (e.g. 'entities/x.html')."""
    return sorted(p.relative_to(site_dir).as_posix() for p in site_dir.rglob("*.html"))


@pytest.fixture(scope="session")
def browsed_pages(site_dir: Path, html_pages: list[str]) -> list[str]:
    """The pages a reader stays on: all but the redirects left at former addresses, which
    navigate away at once (the HTML and link gates still check them)."""
    return [p for p in html_pages if 'http-equiv="refresh"' not in (site_dir / p).read_text(encoding="utf-8")]


@pytest.fixture(scope="session")
def css_files(site_dir: Path) -> list[str]:
    """Our stylesheets; the search index folder (pagefind/) is Pagefind's own, not ours."""
    return sorted(p.relative_to(site_dir).as_posix() for p in site_dir.rglob("*.css")
                  if not p.relative_to(site_dir).as_posix().startswith("pagefind/"))


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="session")
def server_url(site_dir: Path):
    """Base URL (ending in '/') of a threaded stdlib HTTP server serving the site."""
    handler = functools.partial(_QuietHandler, directory=str(site_dir))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


# --------------------------------------------------------------------------- the tools


@pytest.fixture(scope="session")
def java() -> str:
    path = shutil.which("java")
    require(
        path is not None, "Java (for the Nu HTML Checker)", "apt-get install default-jre-headless"
    )
    return path  # type: ignore[return-value]


@pytest.fixture(scope="session")
def vnu_jar() -> Path:
    what = f"the Nu HTML Checker ({VNU_JAR.relative_to(REPO_ROOT)})"
    require(VNU_JAR.is_file(), what, "npm ci --ignore-scripts")
    return VNU_JAR


@pytest.fixture(scope="session")
def axe_source() -> str:
    what = f"axe-core ({AXE_JS.relative_to(REPO_ROOT)})"
    require(AXE_JS.is_file(), what, "npm ci --ignore-scripts")
    return AXE_JS.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def chromium() -> Path:
    require(
        CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK),
        f"Chromium ({CHROMIUM})",
        "apt-get install chromium",
    )
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        require(False, "the Python package playwright", "make .venv (or pip install playwright)")
    return CHROMIUM


@pytest.fixture(scope="session")
def browser_report(chromium: Path, server_url: str, browsed_pages: list[str], axe_source: str):
    """Every page visited in Chromium at 390/1280 px, light/dark, and with JavaScript off."""
    from .visits import browse

    report = browse(chromium, server_url, browsed_pages, axe_source, CHROMIUM_ARGS)
    print(
        f"\nbrowser pass: {len(browsed_pages)} pages, {len(report.visits) + len(report.no_js)} "
        f"visits in {report.seconds:.1f} s"
    )
    return report
