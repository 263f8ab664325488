"""Broken projects: the exact message a user sees, exit 1, and the previous site untouched."""
import pytest

from conftest import ENTITIES, EXPLAINER, RECORDS, make_project, tree_hash, write_files

N, R, E = ENTITIES, RECORDS, EXPLAINER

CASES = {
    "quote not found, with the closest passage": (
        {"content/records.yaml": R.replace("exact: The dispute began in 2019.", "exact: The dispute began in 2018.")},
        'content/records.yaml:8:16: quote "The dispute began in 2018." not found in seed `lakeside` (seeds/lakeside.txt); '
        'closest passage (96% alike) at seeds/lakeside.txt:3:1: "The dispute began in 2019."'),
    "ambiguous quote": (
        {"content/records.yaml": R.replace("exact: The dispute began in 2019.", "exact: useful but hard")},
        "content/records.yaml:8:16: quote is ambiguous: found 2 times in seeds/lakeside.txt (at 1:98 and 5:49); "
        "add a `prefix` or `suffix` to pick one"),
    "prefix that does not precede the quote": (
        {"content/records.yaml": R.replace("prefix: said the talks were", "prefix: told reporters")},
        "content/records.yaml:16:14: quote found 1 time in seeds/lakeside.txt (at 5:48), but never right after the "
        "`prefix` or before the `suffix` given; they must be the seed's text just before and after the quote"),
    "tab indentation": (
        {"content/entities.yaml": N.replace("    kind: place\n    name: Lakeside", "\tkind: place\n    name: Lakeside")},
        "content/entities.yaml:11:1: tab character in indentation; YAML indents with spaces only"),
    "unclosed quote": (
        {"content/entities.yaml": N.replace("name: Ana Berg", 'name: "Ana Berg')},
        "content/entities.yaml:16:11: unclosed quote: the quoted text that starts here never ends; add the closing quote"),
    "unclosed bracket": (
        {"content/records.yaml": R.replace("issues: [water]", "issues: [water")},
        "content/records.yaml:19:13: unclosed bracket: the [ or { that starts here is never closed; add the closing bracket"),
    "duplicate key": (
        {"content/entities.yaml": N.replace("    name: Lakeside\n", "    name: Lakeside\n    name: Lake\n")},
        "content/entities.yaml:13:5: duplicate key `name`; it is already set at line 12"),
    "unknown field with did-you-mean": (
        {"content/entities.yaml": N.replace("    name: Lakeside\n", "    name: Lakeside\n    descripton: typo\n")},
        "content/entities.yaml:13:5: unknown field `descripton` (did you mean `description`?); "
        "allowed: id, kind, name, aliases, description, cite, updated"),
    "missing field": (
        {"content/entities.yaml": N.replace("    description: A town.\n", "")},
        "content/entities.yaml:10:5: missing field `description` in this entity record"),
    "`no` where text is expected": (
        {"content/entities.yaml": N.replace("name: Lakeside", "name: no")},
        'content/entities.yaml:12:11: `name` must be text, but YAML reads `no` as true/false; put it in quotes: "no"'),
    "`012` where text is expected": (
        {"content/entities.yaml": N.replace("name: Lakeside", "name: 012")},
        'content/entities.yaml:12:11: `name` must be text, but YAML reads `012` as a number; put it in quotes: "012"'),
    "a date where text is expected": (
        {"content/entities.yaml": N.replace("name: Lakeside", "name: 2024-01-01")},
        'content/entities.yaml:12:11: `name` must be text, but YAML reads `2024-01-01` as a date; put it in quotes: "2024-01-01"'),
    "id unsafe as a file name": (
        {"content/entities.yaml": N.replace("id: lakeside", "id: Lake Side")},
        "content/entities.yaml:10:9: `id` `Lake Side` is not a valid id; use 1-64 lower-case letters, digits and "
        "hyphens, e.g. `lake-side`"),
    "unknown entity": (
        {"content/records.yaml": R.replace("speaker: ana-berg", "speaker: ana-bergg")},
        "content/records.yaml:11:14: unknown entity `ana-bergg` (did you mean `ana-berg`?); define it in content/ with `id: ana-bergg`"),
    "unknown source": (
        {"content/records.yaml": R.replace("cite: [{source: north-paper}]\n      - side: southland",
                                           "cite: [{source: south-paper}]\n      - side: southland")},
        "content/records.yaml:31:25: unknown source `south-paper` (did you mean `north-paper`?); define it in content/ with `id: south-paper`"),
    "custom tag": (
        {"content/entities.yaml": N.replace("name: Lakeside", "name: !!python/object/apply:os.system ['echo hi']")},
        "content/entities.yaml:12:11: custom tag !!python/object/apply:os.system is not allowed; remove it"),
    "anchor and alias": (
        {"content/entities.yaml": N.replace("name: Northland", "name: &n Northland").replace("name: Southland", "name: *n")},
        "content/entities.yaml:4:11: anchor &n is not allowed; write each value out in full"),
    "empty file": (
        {"content/entities.yaml": ""},
        "content/entities.yaml:1:1: file is empty; add records or delete the file"),
    "invalid UTF-8": (
        {"content/entities.yaml": N.encode().replace(b"A town.", b"A t\xffown.")},
        "content/entities.yaml:13:21: not valid UTF-8; save the file as UTF-8"),
    "missing seed file": (
        {"seeds/lakeside.txt": None},
        "content/explainer.yaml:26:11: seed file `seeds/lakeside.txt` does not exist; put the article in seeds/ and name it here"),
    "seed path escaping the project": (
        {"content/explainer.yaml": E.replace("file: seeds/lakeside.txt", "file: ../outside.txt")},
        "content/explainer.yaml:26:11: `file` `../outside.txt` must be a path inside the project, relative to its root "
        "(no `..`, no absolute path)"),
    "unknown collection": (
        {"content/entities.yaml": N.replace("entities:", "entites:")},
        "content/entities.yaml:1:1: unknown collection `entites` (did you mean `entities`?); known: changelog, entities, events, "
        "explainer, issues, repercussions, seeds, sources, statements"),
    "level not in the list": (
        {"content/records.yaml": R.replace("level: local", "level: locall")},
        "content/records.yaml:37:12: `level` `locall` is not one of: local, regional, international (did you mean `local`?)"),
    "speaker who is not a person": (
        {"content/records.yaml": R.replace("speaker: ana-berg", "speaker: lakeside")},
        "content/records.yaml:11:14: `speaker` must be a person, but `lakeside` is a place"),
    "impossible date": (
        {"content/records.yaml": R.replace("date: 2019\n", "date: 2019-13\n")},
        "content/records.yaml:3:11: `date` `2019-13` is not a date; write YYYY, YYYY-MM or YYYY-MM-DD"),
    "issue without a side's position": (
        {"content/records.yaml": R.replace("      - side: southland\n        text: Wants half.\n        cite: [{source: north-paper}]\n", "")},
        "content/records.yaml:29:7: issue `water` has no position for southland; add one per side"),
    "template using a missing field": (
        {"templates/page.html": "{% extends 'base.html' %}\n{% block content %}\n{{ md.nope }}\n{% endblock %}\n"},
        "templates/page.html:3:1: template error: 'generator.model.MarkdownPage object' has no attribute 'nope'"),
}


@pytest.mark.parametrize("files, message", CASES.values(), ids=CASES.keys())
def test_broken_project_reports_exactly_and_keeps_the_previous_site(tmp_path, cli, files, message):
    good = make_project(tmp_path / "project")
    assert cli(good, "build", "--no-search").code == 0
    before = tree_hash(good / "site")
    broken = write_files(good, files)
    result = cli(broken, "build", "--no-search")
    assert result.code == 1
    assert result.problems == [message]
    assert "Traceback" not in result.err
    assert tree_hash(broken / "site") == before


def test_every_problem_is_listed_not_just_the_first(tmp_path, cli):
    broken = make_project(tmp_path / "p", {
        "content/entities.yaml": N.replace("name: Lakeside", "name: no").replace("name: Northland\n", "name: Northland\n    colour: red\n"),
        "content/records.yaml": R.replace("level: local", "level: global"),
    })
    result = cli(broken, "check")
    assert result.code == 1
    assert [p.split(": ")[0] for p in result.problems] == [
        "content/entities.yaml:5:5", "content/entities.yaml:13:11", "content/records.yaml:37:12"]
    assert result.err.endswith("3 problems; nothing was written\n")


def test_crlf_and_bom_report_the_same_lines_as_plain(tmp_path, cli):
    broken = N.replace("name: Lakeside", "name: yes")
    plain = cli(make_project(tmp_path / "a", {"content/entities.yaml": broken}), "check")
    crlf = cli(make_project(tmp_path / "b", {"content/entities.yaml": b"\xef\xbb\xbf" + broken.replace("\n", "\r\n").encode()}), "check")
    assert plain.problems == crlf.problems == [
        'content/entities.yaml:12:11: `name` must be text, but YAML reads `yes` as true/false; put it in quotes: "yes"']


@pytest.mark.parametrize("out", ["project", "content", "seeds", "templates", "/", "~"])
def test_dangerous_output_folders_are_refused_and_nothing_is_deleted(tmp_path, cli, out):
    project = make_project(tmp_path / "project")
    target = {"project": str(project), "/": "/", "~": str(tmp_path.home())}.get(out, str(project / out))
    before = tree_hash(project)
    result = cli(project, "build", "--out", target)
    assert result.code == 2
    assert result.err.startswith("explainer: refusing to write the site to")
    assert tree_hash(project) == before


def test_a_folder_not_built_by_explainer_is_never_replaced(tmp_path, cli):
    project = make_project(tmp_path / "project")
    precious = tmp_path / "documents"
    precious.mkdir()
    (precious / "thesis.txt").write_text("years of work")
    result = cli(project, "build", "--out", str(precious))
    assert result.code == 2
    assert "was not built by explainer" in result.err
    assert (precious / "thesis.txt").read_text() == "years of work"
