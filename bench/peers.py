"""The same N articles as Hugo, Pelican and MkDocs projects, with minimal or default themes: the
seeds of the benchmark's corpus (bench/corpus.py), one page each, dated as the seed is.

Hugo comes from Debian (`apt-get install -y hugo`); Pelican and MkDocs are installed with pip
into a scratch virtual environment (never the repository's .venv). Standard library only.
"""
from __future__ import annotations

import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from corpus import iter_seeds
from synth import seeds_markdown

PIP_PACKAGES = ("pelican[markdown]==4.12.0", "mkdocs==1.6.1")

HUGO_CONFIG = """baseURL = "https://example.org/"
languageCode = "en"
title = "Benchmark"
"""
# Hugo has no default theme: the smallest layouts that give every article a page and
# the home page a list of them (RSS, sitemap and taxonomy pages are Hugo's defaults).
HUGO_LAYOUTS = {
    "_default/baseof.html": """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ .Title }} · {{ .Site.Title }}</title></head>
<body><header><a href="{{ "/" | relURL }}">{{ .Site.Title }}</a></header>
<main>{{ block "main" . }}{{ end }}</main></body></html>
""",
    "_default/single.html": """{{ define "main" }}<article><h1>{{ .Title }}</h1>
<p><time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2 January 2006" }}</time></p>
{{ .Content }}</article>{{ end }}
""",
    "_default/list.html": """{{ define "main" }}<h1>{{ .Title }}</h1>
<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}
""",
}

PELICAN_CONF = """AUTHOR = "Benchmark"
SITENAME = "Benchmark"
SITEURL = ""
PATH = "content"
TIMEZONE = "UTC"
DEFAULT_LANG = "en"
# As pelican-quickstart writes them for development: no feeds, 10 articles a page.
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
DEFAULT_PAGINATION = 10
RELATIVE_URLS = True
"""

MKDOCS_CONFIG = """site_name: Benchmark
docs_dir: docs
"""


@dataclass(frozen=True)
class Peer:
    name: str
    project: Path
    command: tuple[str, ...]  # builds into the output folder given when run
    cleanup: tuple[str, ...] = ()  # folders of the project that a cold build removes first

    def build_command(self, out: Path) -> list[str]:
        return [part.replace("{out}", str(out)) for part in self.command]


def write_projects(root: Path, n: int) -> dict[str, Path]:
    """Hugo, Pelican and MkDocs projects holding the same n articles, under root."""
    hugo, pelican, mkdocs = root / "hugo", root / "pelican", root / "mkdocs"
    for folder in (hugo, pelican, mkdocs):
        if folder.exists():
            shutil.rmtree(folder)
    (hugo / "content" / "posts").mkdir(parents=True)
    (pelican / "content").mkdir(parents=True)
    (mkdocs / "docs" / "seeds").mkdir(parents=True)
    (hugo / "hugo.toml").write_text(HUGO_CONFIG)
    for name, text in HUGO_LAYOUTS.items():
        path = hugo / "layouts" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    (pelican / "pelicanconf.py").write_text(PELICAN_CONF)
    (mkdocs / "mkdocs.yml").write_text(MKDOCS_CONFIG)
    (mkdocs / "docs" / "index.md").write_text("# Benchmark\n\nThe synthetic articles of the build benchmark.\n")
    for seed in iter_seeds(n):
        body = seeds_markdown(seed)
        title = seed.title.replace('"', "'")
        date = seed.date
        (hugo / "content" / "posts" / f"{seed.id}.md").write_text(
            f'---\ntitle: "{title}"\ndate: {date}\n---\n\n{body}', encoding="utf-8")
        (pelican / "content" / f"{seed.id}.md").write_text(
            f"Title: {title}\nDate: {date} 10:00\nCategory: News\nSlug: {seed.id}\n\n{body}", encoding="utf-8")
        (mkdocs / "docs" / "seeds" / f"{seed.id}.md").write_text(f"# {title}\n\n{body}", encoding="utf-8")
    return {"hugo": hugo, "pelican": pelican, "mkdocs": mkdocs}


def ensure_venv(scratch: Path, log) -> Path:
    """A scratch virtual environment with Pelican and MkDocs; created once, then reused."""
    venv = scratch / "venv"
    stamp = venv / ".bench-installed"
    wanted = "\n".join(PIP_PACKAGES)
    if stamp.exists() and stamp.read_text() == wanted:
        return venv
    log(f"installing {', '.join(PIP_PACKAGES)} into {venv} ...")
    base = getattr(sys, "_base_executable", sys.executable)
    subprocess.run([base, "-m", "venv", "--clear", str(venv)], check=True)
    pip = subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "--disable-pip-version-check",
                          "--quiet", *PIP_PACKAGES], capture_output=True, text=True)
    if pip.returncode:
        raise SystemExit(f"bench: pip install into {venv} failed:\n{pip.stdout}{pip.stderr}")
    stamp.write_text(wanted)
    return venv


def find_hugo() -> str | None:
    return shutil.which("hugo")


def peers(root: Path, venv: Path | None, hugo: str | None) -> list[Peer]:
    """The peer builds available on this machine, in the order they alternate with ours."""
    result = []
    if hugo:
        result.append(Peer("hugo", root / "hugo",
                           (hugo, "--source", str(root / "hugo"), "--destination", "{out}", "--quiet"),
                           ("resources",)))
    if venv:
        result.append(Peer("pelican", root / "pelican",
                           (str(venv / "bin" / "pelican"), str(root / "pelican" / "content"), "-s",
                            str(root / "pelican" / "pelicanconf.py"), "-o", "{out}", "-q"),
                           ("cache", "__pycache__")))
        result.append(Peer("mkdocs", root / "mkdocs",
                           (str(venv / "bin" / "mkdocs"), "build", "-q", "-f", str(root / "mkdocs" / "mkdocs.yml"),
                            "-d", "{out}")))
    return result


def versions(venv: Path | None, hugo: str | None) -> dict[str, str]:
    found = {}
    if hugo:
        out = subprocess.run([hugo, "version"], capture_output=True, text=True).stdout.strip()
        found["hugo"] = out.split()[1] if out else "?"
    if venv:
        for name in ("pelican", "mkdocs", "markdown", "jinja2"):
            out = subprocess.run([str(venv / "bin" / "python"), "-c",
                                  f"import importlib.metadata as m; print(m.version({name!r}))"],
                                 capture_output=True, text=True).stdout.strip()
            found[name if name in ("pelican", "mkdocs") else f"{name} (peers' venv)"] = out or "?"
    return found
