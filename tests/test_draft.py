"""Drafts: `draft: true` records, and `explainer new` drafting annotations from an article."""
from __future__ import annotations

import pytest

from conftest import make_project, write_files

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
