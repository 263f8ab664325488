"""The check report: uncited sentences, drift after a seed edit, records that need a source."""
import json

from conftest import RECORDS, RECORDS_FILE, SEED, SEED_FILE, make_project, write_files
from generator.build import load
from generator.report import report


def test_uncited_sentences_are_listed_with_their_place(tmp_path):
    records = RECORDS.replace('cite: [{seed: lakeside, exact: "It is about a river\'s water."}]',
                             "cite: [{seed: lakeside, exact: The dispute began}]")
    project = make_project(tmp_path / "p", {RECORDS_FILE: records})
    result = report(load(project), project)
    assert result.lines()[:2] == [
        "seeds/lakeside.txt: 4 of 5 sentences cited (80%)",
        "  uncited seeds/lakeside.txt:3:28: It is about a river's water.",
    ]


def test_an_edited_seed_reports_moved_citations(tmp_path):
    project = make_project(tmp_path / "p")
    first = report(load(project), project)
    assert first.drift == () and first.unchanged == 0
    write_files(project, {SEED_FILE: SEED.replace("The dispute began", "Nobody expected much. The dispute began")})
    second = report(load(project), project)
    assert [(d.citation, d.status, d.was, d.now) for d in second.drift] == [
        ("c-lakeside-event-dispute-begins-1", "moved", "3:1", "3:23"), ("c-lakeside-issue-water-1", "moved", "3:28", "3:50")]
    assert second.unchanged > 3
    assert ("  moved: content/explainers/lakeside/records.yaml:8:16 (event: The dispute begins): "
            "seeds/lakeside.txt:3:1 -> seeds/lakeside.txt:3:23") in second.lines()
    assert all("c-lakeside" not in line for line in second.lines())  # named by where the author wrote it


def test_entities_without_evidence_need_a_source_and_json_carries_everything(tmp_path):
    project = make_project(tmp_path / "p")
    data = json.loads(report(load(project), project).as_json())
    assert {n["what"] for n in data["citation_needed"]} == {
        "entity `northland` (Northland)", "entity `southland` (Southland)", "entity `lakeside` (Lakeside)",
        "entity `ana-berg` (Ana Berg)"}
    assert data["coverage"][0]["share"] == 1.0 and data["coverage"][0]["uncited"] == []


def test_check_prints_the_report_and_json_for_ci(tmp_path, cli):
    records = RECORDS.replace('cite: [{seed: lakeside, exact: "It is about a river\'s water."}]',
                             "cite: [{seed: lakeside, exact: The dispute began}]")
    project = make_project(tmp_path / "p", {RECORDS_FILE: records})
    text = cli(project, "check")
    assert text.code == 0
    assert "  uncited seeds/lakeside.txt:3:28: It is about a river's water." in text.out.splitlines()
    assert "citation needed: entity `ana-berg` (Ana Berg) (entities/ana-berg.html)" in text.out
    data = json.loads(cli(project, "check", "--format", "json").out)
    assert data["ok"] is True and data["coverage"][0]["uncited"][0]["line"] == 3


def test_check_json_lists_problems_with_their_place(tmp_path, cli):
    project = make_project(tmp_path / "p", {RECORDS_FILE: RECORDS.replace("level: local", "level: lokal")})
    result = cli(project, "check", "--format", "json")
    assert result.code == 1
    data = json.loads(result.out)
    assert data["ok"] is False
    assert data["problems"] == [{"path": RECORDS_FILE, "line": 37, "col": 12,
                                 "message": "level `lokal` is not one of the explainer's levels (local, regional, international) "
                                            "(did you mean `local`?); name the levels in explainer.yaml under `levels`"}]
