"""Fixtures: small projects written inline, and the CLI run in-process."""
from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from generator.cli import main

REPO = Path(__file__).resolve().parent.parent

SEED = """\
Talks between Northland and Southland ended in Lakeside on Friday. Both delegations called them "useful but hard."
Background
The dispute began in 2019. It is about a river's water.
Statements
Northland's envoy Ana Berg said the talks were “useful but hard,” and promised more.
"""

SLUG = "lakeside"  # the fixture project's one explainer
EXPLAINER_DIR = f"content/explainers/{SLUG}"
EXPLAINER_FILE = f"{EXPLAINER_DIR}/explainer.yaml"
RECORDS_FILE = f"{EXPLAINER_DIR}/records.yaml"
ABOUT_FILE = f"{EXPLAINER_DIR}/pages/about.md"
SEEDS_FILE = "content/seeds.yaml"
ENTITIES_FILE = "content/entities.yaml"
SOURCES_FILE = "content/sources.yaml"
SITE_FILE = "content/site.yaml"  # not in BASE_FILES: the default site settings are what most tests build
SEED_FILE = "seeds/lakeside.txt"

EXPLAINER = """\
explainer:
  title: Lakeside talks
  summary: Northland and Southland *talked*.
  language: en
  updated: 2024-05-01
  sides: [northland, southland]
  event:
    what: Talks
    where: [lakeside]
    when: Friday
    status: Ended
    facts:
      - label: Mediated by
        text: Nobody
        cite: [{source: north-paper}]
    cite:
      - seed: lakeside
        exact: Talks between Northland and Southland ended in Lakeside on Friday.
  glance:
    - label: Where
      text: Lakeside
      cite: [{seed: lakeside, exact: ended in Lakeside}]
  next:
    - label: Next
      text: More talks
      cite: [{seed: lakeside, exact: promised more}]
"""

SEEDS = """\
seeds:
  - id: lakeside
    file: seeds/lakeside.txt
    title: Lakeside talks end
    publisher: Test Wire
    language: en
"""

ENTITIES = """\
entities:
  - id: northland
    kind: place
    name: Northland
    description: A country.
  - id: southland
    kind: place
    name: Southland
    description: Another country.
  - id: lakeside
    kind: place
    name: Lakeside
    description: A town.
  - id: ana-berg
    kind: person
    name: Ana Berg
    aliases: [Berg]
    description: Northland's envoy.
"""

RECORDS = """\
events:
  - id: dispute-begins
    date: 2019
    title: The dispute begins
    body: It began in 2019.
    cite:
      - seed: lakeside
        exact: The dispute began in 2019.
statements:
  - id: berg-useful
    speaker: ana-berg
    role: Envoy
    side: northland
    quote:
      seed: lakeside
      exact: '"useful but hard,"'
      prefix: said the talks were
    context: After the talks.
    issues: [water]
    cite:
      - seed: lakeside
        exact: Northland's envoy Ana Berg said the talks were
issues:
  - id: water
    title: The river's water
    summary: Who gets the water.
    cite: [{seed: lakeside, exact: "It is about a river's water."}]
    positions:
      - by: northland
        text: Wants it all.
        cite: [{source: north-paper}]
      - by: southland
        text: Wants half.
        cite: [{source: north-paper}]
repercussions:
  - id: local-worry
    level: local
    title: Local worry
    body: People worry.
    cite:
      - seed: lakeside
        exact: Both delegations called them "useful but hard."
"""

SOURCES = """\
sources:
  - id: north-paper
    title: Northland's position paper
    publisher: Northland Government
    date: 2024-04-01
"""

SITE = """\
site:
  title: Test Newsroom explainers
  description: Explainers of the test newsroom.
  language: en
  publisher: Test Newsroom
"""

ABOUT = """\
---
title: About
description: How this was made.
---
Made by hand.
"""

BASE_FILES = {
    SEED_FILE: SEED,
    SEEDS_FILE: SEEDS,
    ENTITIES_FILE: ENTITIES,
    SOURCES_FILE: SOURCES,
    EXPLAINER_FILE: EXPLAINER,
    RECORDS_FILE: RECORDS,
    ABOUT_FILE: ABOUT,
}


def make_project(root: Path, files: dict[str, str | bytes | None] | None = None) -> Path:
    """A complete small project; files override (None leaves out) the base files."""
    shutil.copytree(REPO / "templates", root / "templates")
    return write_files(root, {**BASE_FILES, **(files or {})})


def write_files(root: Path, files: dict[str, str | bytes | None]) -> Path:
    """Write (or, for None, delete) files in a project."""
    for name, body in files.items():
        path = root / name
        if body is None:
            path.unlink(missing_ok=True)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(body, bytes):
            path.write_bytes(body)
        else:
            path.write_text(body, encoding="utf-8")
    return root


def tree_hash(folder: Path) -> str:
    """One hash over every file's path and bytes: equal hashes, identical trees."""
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        digest.update(path.relative_to(folder).as_posix().encode())
        if path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()


class Run:
    def __init__(self, code: int, out: str, err: str):
        self.code, self.out, self.err = code, out, err

    @property
    def problems(self) -> list[str]:
        return [line for line in self.err.splitlines() if not line.endswith("nothing was written")]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project(tmp_path / "project")


@pytest.fixture
def cli(capsys):
    def run(project: Path, *args: str) -> Run:
        code = main(["--project", str(project), *args])
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err)

    return run
