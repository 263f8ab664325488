"""Drafts: `draft: true` records, and `explainer new` drafting annotations from an article."""
from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
import yaml

from conftest import EXPLAINER, REPO, make_project, write_files
from generator import anchor

DRAFT_RECORDS = """\
entities:
  - id: tom-reed
    kind: person
    name: Tom Reed
    description: A draft person.
    draft: true
statements:
  - id: berg-more
    speaker: ana-berg
    role: Envoy
    side: northland
    quote:
      seed: lakeside
      exact: promised more
    context: Drafted.
    cite:
      - seed: lakeside
        exact: Northland's envoy Ana Berg said
    draft: true
"""


def test_drafts_are_checked_and_previewed_but_left_out_of_builds(tmp_path, cli):
    project = make_project(tmp_path / "p", {"content/drafts/lakeside.yaml": DRAFT_RECORDS})
    assert cli(project, "check").code == 0
    assert cli(project, "build", "--no-search").code == 0
    assert 'id="berg-more"' not in (project / "site/statements.html").read_text(encoding="utf-8")
    assert not (project / "site/entities/tom-reed.html").exists()
    assert cli(project, "build", "--no-search", "--drafts").code == 0
    assert 'id="berg-more"' in (project / "site/statements.html").read_text(encoding="utf-8")
    assert (project / "site/entities/tom-reed.html").is_file()


def test_check_validates_drafts_and_a_broken_draft_does_not_block_the_build(tmp_path, cli):
    broken = DRAFT_RECORDS.replace("exact: promised more", "exact: promised less")
    project = make_project(tmp_path / "p", {"content/drafts/lakeside.yaml": broken})
    result = cli(project, "check")
    assert result.code == 1
    assert 'quote "promised less" not found' in result.err
    assert cli(project, "build", "--no-search").code == 0
    assert cli(project, "build", "--no-search", "--drafts").code == 1


@pytest.mark.parametrize("value, shown", [("yes", "yes"), ('"true"', "true"), ("1", "1"), ("on", "on")])
def test_draft_accepts_only_true_or_false(tmp_path, cli, value, shown):
    records = DRAFT_RECORDS.replace("    description: A draft person.\n    draft: true",
                                    f"    description: A draft person.\n    draft: {value}")
    project = make_project(tmp_path / "p", {"content/drafts/lakeside.yaml": records})
    result = cli(project, "check")
    assert result.code == 1
    assert result.problems == [f"content/drafts/lakeside.yaml:6:12: `draft` must be true or false (without quotes), found `{shown}`"]


def test_draft_false_is_published(tmp_path, cli):
    records = DRAFT_RECORDS.replace("    draft: true", "    draft: false")
    project = make_project(tmp_path / "p", {"content/drafts/lakeside.yaml": records})
    assert cli(project, "build", "--no-search").code == 0
    assert 'id="berg-more"' in (project / "site/statements.html").read_text(encoding="utf-8")


def test_a_published_record_cannot_refer_to_a_draft(tmp_path, cli):
    records = DRAFT_RECORDS.replace("    speaker: ana-berg", "    speaker: tom-reed").replace(
        "    cite:\n      - seed: lakeside\n        exact: Northland's envoy Ana Berg said\n    draft: true",
        "    cite:\n      - seed: lakeside\n        exact: Northland's envoy Ana Berg said")
    project = make_project(tmp_path / "p", {"content/drafts/lakeside.yaml": records})
    for command in ("check", "build"):
        result = cli(project, command)
        assert result.code == 1
        assert result.problems == [
            "content/drafts/lakeside.yaml:9:14: `speaker` refers to `tom-reed`, a draft (`draft: true`); a published "
            "record cannot refer to a draft: review `tom-reed` and remove its `draft: true`, or mark this record as a draft too"]
    write_files(project, {"content/drafts/lakeside.yaml": records + "    draft: true\n"})
    assert cli(project, "check").code == 0


# --- explainer new -----------------------------------------------------------------------------

ARTICLE = """\
Northland and Southland agree to share the Blue River

Negotiators from Northland and Southland agreed on Tuesday in Port Elena to share the water of the Blue River, \
ending a dispute that began in 2019.

Northland's water minister Jonas Lind said the deal was "fair to farmers on both banks." Southland's President \
Maria Ortega described the agreement as “a new beginning” and thanked the United Nations for its help.

How the talks went

The talks, mediated by the United Nations Development Programme, lasted three days. "We listened to each other," \
Lind told reporters after the signing on 14 May 2024.

According to Ortega, "the hard part starts now." The first joint survey of the river is planned for March 2025.

Reactions

Farmers in the Green Valley welcomed the news. Aid worker Tomas Berg said that "nobody here wants another dry summer."
"""


def drafted(project: Path, seed_id: str) -> dict:
    return yaml.safe_load((project / "content" / "drafts" / f"{seed_id}.yaml").read_text(encoding="utf-8"))


def repo_copy(tmp_path: Path) -> Path:
    copy = tmp_path / "repo"
    for folder in ("content", "seeds", "templates"):
        shutil.copytree(REPO / folder, copy / folder)
    return copy


def test_new_drafts_a_different_story_that_check_accepts(tmp_path, cli):
    project = make_project(tmp_path / "p")
    article = tmp_path / "blue-river.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    result = cli(project, "new", str(article), "--publisher", "River Wire", "--date", "2024-05-15")
    assert result.code == 0, result.err
    assert "Added seeds/blue-river.txt as seed `blue-river`" in result.out
    assert (project / "seeds/blue-river.txt").read_bytes() == article.read_bytes()
    seed = yaml.safe_load((project / "content/seeds/blue-river.yaml").read_text(encoding="utf-8"))["seeds"][0]
    assert seed == {"id": "blue-river", "file": "seeds/blue-river.txt", "publisher": "River Wire", "date": "2024-05-15",
                    "title": "Northland and Southland agree to share the Blue River", "language": "en"}

    check = cli(project, "check")
    assert check.code == 0, check.err

    data = drafted(project, "blue-river")
    records = [r for name in ("entities", "statements", "events") for r in data.get(name) or []]
    assert records and all(r["draft"] is True for r in records)

    statements = {(s["speaker"], s["quote"]["exact"]): s for s in data["statements"]}
    assert set(statements) == {
        ("jonas-lind", "fair to farmers on both banks."), ("maria-ortega", "a new beginning"),
        ("jonas-lind", "We listened to each other,"), ("maria-ortega", "the hard part starts now."),
        ("tomas-berg", "nobody here wants another dry summer.")}
    assert statements["jonas-lind", "fair to farmers on both banks."]["side"] == "northland"
    assert statements["jonas-lind", "fair to farmers on both banks."]["role"] == "Northland's water minister"
    assert statements["maria-ortega", "the hard part starts now."]["side"] == "southland"

    entities = {e["name"]: e for e in data["entities"]}
    assert {n: e["kind"] for n, e in entities.items()} == {
        "Port Elena": "place", "Blue River": "place", "Jonas Lind": "person", "Maria Ortega": "person",
        "United Nations": "organisation", "United Nations Development Programme": "organisation",
        "Green Valley": "place", "Tomas Berg": "person"}
    assert entities["Jonas Lind"]["aliases"] == ["Lind"]
    # known entities are referred to, never drafted again ("Berg" is Ana Berg's alias, not Tomas Berg's)
    assert "Northland" not in entities and "Southland" not in entities
    assert "# Already in content/ and named in the article (refer to these ids):" in (
        project / "content/drafts/blue-river.yaml").read_text(encoding="utf-8")

    assert [e["date"] for e in data["events"]] == ["2019", "2024-05-14", "2025-03"]
    assert data["events"][0]["entities"] == ["northland", "southland", "port-elena", "blue-river"]
    text = (project / "content/drafts/blue-river.yaml").read_text(encoding="utf-8")
    assert "#   line 7: section: How the talks went" in text and "  # --- Reactions (line 13) ---" in text

    # drafts stay out of the build until reviewed
    assert cli(project, "build", "--no-search").code == 0
    assert not (project / "site/entities/jonas-lind.html").exists()
    assert cli(project, "build", "--no-search", "--drafts").code == 0
    assert (project / "site/entities/jonas-lind.html").is_file()


def test_every_drafted_span_is_the_seeds_own_text(tmp_path, cli):
    project = make_project(tmp_path / "p")
    article = tmp_path / "blue-river.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    assert cli(project, "new", str(article)).code == 0
    seed = anchor.normalise(ARTICLE)
    data = drafted(project, "blue-river")
    spans = [c for name in ("entities", "statements", "events") for r in data[name] for c in r["cite"]]
    spans += [s["quote"] for s in data["statements"]]
    for span in spans:
        found = anchor.find_quote(seed, span["exact"], span.get("prefix", ""), span.get("suffix", ""))
        assert isinstance(found, anchor.Match), span
        assert " ".join(ARTICLE[found.start:found.end].split()) == span["exact"]


def test_new_on_the_geneva_article_finds_both_speakers_the_names_and_the_years(tmp_path, cli):
    project = repo_copy(tmp_path)
    result = cli(project, "new", str(project / "seeds/geneva-second-round.txt"))
    assert result.code == 0, result.err
    assert not (project / "content/seeds").exists()  # the seed and its record were there already
    assert "Vladimir Medinsky (russia): “difficult but professional and serious,”" in result.out
    assert "Volodymyr Zelensky (ukraine): “difficult”" in result.out
    assert cli(project, "check").code == 0

    # the same article as a new seed: every statement, name and year drafted against the known entities
    article = tmp_path / "geneva.txt"
    shutil.copyfile(REPO / "seeds/geneva-second-round.txt", article)
    result = cli(project, "new", str(article), "--id", "geneva-again")
    assert result.code == 0, result.err
    data = drafted(project, "geneva-again")
    speakers = {s["quote"]["exact"]: (s["speaker"], s["side"]) for s in data["statements"]}
    assert speakers["difficult but professional and serious,"] == ("vladimir-medinsky", "russia")
    assert speakers["difficult"] == ("volodymyr-zelensky", "ukraine")
    assert "entities" not in data  # nothing new: all are known ...
    known = re.findall(r"^#   ([a-z0-9-]+) \(", (project / "content/drafts/geneva-again.yaml").read_text(encoding="utf-8"), re.M)
    assert len(known) >= 8 and {"vladimir-medinsky", "volodymyr-zelensky", "geneva", "nato", "crimea"} <= set(known)
    assert {e["date"][:4] for e in data["events"]} >= {"2014", "2022"}
    assert cli(project, "check").code == 0


def test_new_on_the_geneva_article_in_an_empty_explainer_drafts_the_entities(tmp_path, cli):
    project = make_project(tmp_path / "p")
    article = tmp_path / "geneva.txt"
    shutil.copyfile(REPO / "seeds/geneva-second-round.txt", article)
    assert cli(project, "new", str(article)).code == 0
    data = drafted(project, "geneva")
    people = {e["name"] for e in data["entities"] if e["kind"] == "person"}
    assert people == {"Vladimir Medinsky", "Volodymyr Zelensky"}
    assert len(data["entities"]) >= 8
    speakers = {s["quote"]["exact"]: s["speaker"] for s in data["statements"]}
    assert speakers == {"difficult but professional and serious,": "vladimir-medinsky",
                        "in the near future.": "vladimir-medinsky", "difficult": "volodymyr-zelensky"}
    assert cli(project, "check").code == 0


def test_new_never_overwrites(tmp_path, cli):
    project = make_project(tmp_path / "p")
    article = tmp_path / "lakeside.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    before = (project / "seeds/lakeside.txt").read_bytes()
    result = cli(project, "new", str(article))
    assert result.code == 2
    assert "seeds/lakeside.txt already exists and is a different file" in result.err
    assert (project / "seeds/lakeside.txt").read_bytes() == before
    assert not (project / "content/drafts").exists()

    assert cli(project, "new", str(article), "--id", "blue-river").code == 0
    assert (project / "seeds/blue-river.txt").read_bytes() == article.read_bytes()
    again = cli(project, "new", str(article), "--id", "blue-river")
    assert again.code == 2
    assert "content/drafts/blue-river.yaml already exists" in again.err


def test_new_refuses_an_article_that_is_not_utf8(tmp_path, cli):
    project = make_project(tmp_path / "p")
    article = tmp_path / "latin1.txt"
    article.write_bytes("Talks in Zürich ended.".encode("latin-1"))
    result = cli(project, "new", str(article))
    assert result.code == 1
    assert "not valid UTF-8" in result.err
    assert not (project / "seeds/latin1.txt").exists()


def test_new_refuses_a_project_with_problems(tmp_path, cli):
    project = make_project(tmp_path / "p", {"content/explainer.yaml": EXPLAINER.replace("exact: promised more", "exact: nope")})
    article = tmp_path / "blue-river.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    result = cli(project, "new", str(article))
    assert result.code == 1
    assert "fix them first" in result.err
    assert not (project / "seeds/blue-river.txt").exists()


def test_a_markdown_article_with_curly_quotes_and_a_pronoun(tmp_path, cli):
    project = make_project(tmp_path / "p")
    article = tmp_path / "dam.md"
    article.write_text(
        "# Dam talks stall\n\nSouthland's chief engineer Lena Holm spoke after the meeting in Lakeside on "
        "3 June 2023.\n\n## What was said\n\n“We need more time,” she said. Northland's envoy Ana Berg "
        "said that “time is running out.”\n", encoding="utf-8")
    assert cli(project, "new", str(article)).code == 0, "new failed"
    data = drafted(project, "dam")
    assert {(s["speaker"], s["side"]) for s in data["statements"]} == {("lena-holm", "southland"), ("ana-berg", "northland")}
    assert [e["date"] for e in data["events"]] == ["2023-06-03"]
    assert [e["name"] for e in data["entities"]] == ["Lena Holm"]
    assert cli(project, "check").code == 0


def test_the_readme_walkthrough_for_a_different_story(tmp_path, cli):
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    walkthrough = readme.split("**A different story.**", 1)[1]
    explainer = re.search(r"```yaml\n(.*?)```", walkthrough, re.S).group(1)
    project = tmp_path / "story"
    shutil.copytree(REPO / "templates", project / "templates")
    shutil.copytree(REPO / "schema", project / "schema")
    write_files(project, {"seeds/blue-river.txt": ARTICLE, "content/explainer.yaml": explainer})
    assert cli(project, "check").code == 0
    result = cli(project, "new", str(project / "seeds/blue-river.txt"))
    assert result.code == 0, result.err
    assert "known: northland, southland, port-elena" in result.out
    assert cli(project, "check").code == 0
    assert cli(project, "build", "--no-search").code == 0


def test_the_preview_shows_drafts(tmp_path):
    project = make_project(tmp_path / "p", {"content/drafts/lakeside.yaml": DRAFT_RECORDS})
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "TMPDIR": str(tmp_path), "PYTHONUNBUFFERED": "1"}
    server = subprocess.Popen([sys.executable, "-m", "generator", "--project", str(project), "serve", "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    try:
        deadline, page = time.monotonic() + 20, ""
        while time.monotonic() < deadline and 'id="berg-more"' not in page:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/statements.html", timeout=5) as response:
                    page = response.read().decode("utf-8")
            except OSError:
                time.sleep(0.1)
        assert 'id="berg-more"' in page
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(10)
