"""Broken projects: the exact message a user sees, exit 1, and the previous site untouched."""
import re

import pytest

from conftest import (ABOUT, ABOUT_FILE, ENTITIES, ENTITIES_FILE as NF, EXPLAINER, EXPLAINER_FILE as EF, RECORDS,
                      RECORDS_FILE as RF, SEED_FILE, SEEDS, SEEDS_FILE as SF, SOURCES, SOURCES_FILE, make_project, tree_hash,
                      write_files)

N, R, E, S = ENTITIES, RECORDS, EXPLAINER, SEEDS


def moved_to(slug: str) -> dict:
    """The fixture's explainer folder renamed to content/explainers/<slug>/."""
    return {EF: None, RF: None, ABOUT_FILE: None, f"content/explainers/{slug}/explainer.yaml": E,
            f"content/explainers/{slug}/records.yaml": R, f"content/explainers/{slug}/pages/about.md": ABOUT}


CASES = {
    "quote not found, whose closest passage holds its own quote marks": (
        {RF: RECORDS.replace("""      exact: '"useful but hard,"'""", """      exact: '"useful but soft,"'""")},
        RF + ':16:14: quote "useful but soft," not found in seed `lakeside` (seeds/lakeside.txt); '
        'closest passage (78% alike) at seeds/lakeside.txt:5:48: “useful but hard,”'),
    "quote not found, with the closest passage": (
        {RF: R.replace("exact: The dispute began in 2019.", "exact: The dispute began in 2018.")},
        RF + ':8:16: quote "The dispute began in 2018." not found in seed `lakeside` (seeds/lakeside.txt); '
        'closest passage (96% alike) at seeds/lakeside.txt:3:1: "The dispute began in 2019."'),
    "ambiguous quote": (
        {RF: R.replace("exact: The dispute began in 2019.", "exact: useful but hard")},
        RF + ":8:16: quote is ambiguous: found 2 times in seeds/lakeside.txt (at 1:98 and 5:49); "
        "add a `prefix` or `suffix` to pick one"),
    "prefix that does not precede the quote": (
        {RF: R.replace("prefix: said the talks were", "prefix: told reporters")},
        RF + ":16:14: quote found 1 time in seeds/lakeside.txt (at 5:48), but never right after the "
        "`prefix` or before the `suffix` given; they must be the seed's text just before and after the quote"),
    "tab indentation": (
        {NF: N.replace("    kind: place\n    name: Lakeside", "\tkind: place\n    name: Lakeside")},
        NF + ":11:1: tab character in indentation; YAML indents with spaces only"),
    "unclosed quote": (
        {NF: N.replace("name: Ana Berg", 'name: "Ana Berg')},
        NF + ":16:11: unclosed quote: the quoted text that starts here never ends; add the closing quote"),
    "unclosed bracket": (
        {RF: R.replace("issues: [water]", "issues: [water")},
        RF + ":19:13: unclosed bracket: the [ or { that starts here is never closed; add the closing bracket"),
    "duplicate key": (
        {NF: N.replace("    name: Lakeside\n", "    name: Lakeside\n    name: Lake\n")},
        NF + ":13:5: duplicate key `name`; it is already set at line 12"),
    "unknown field with did-you-mean": (
        {NF: N.replace("    name: Lakeside\n", "    name: Lakeside\n    descripton: typo\n")},
        NF + ":13:5: unknown field `descripton` (did you mean `description`?); "
        "allowed: id, kind, name, aliases, names, description, cite, updated, draft"),
    "missing field": (
        {NF: N.replace("    description: A town.\n", "")},
        NF + ":10:5: missing field `description` in this entity record"),
    "`no` where text is expected": (
        {NF: N.replace("name: Lakeside", "name: no")},
        NF + ':12:11: `name` must be text, but YAML reads `no` as true/false; put it in quotes: "no"'),
    "`012` where text is expected": (
        {NF: N.replace("name: Lakeside", "name: 012")},
        NF + ':12:11: `name` must be text, but YAML reads `012` as a number; put it in quotes: "012"'),
    "a date where text is expected": (
        {NF: N.replace("name: Lakeside", "name: 2024-01-01")},
        NF + ':12:11: `name` must be text, but YAML reads `2024-01-01` as a date; put it in quotes: "2024-01-01"'),
    "id unsafe as a file name": (
        {NF: N.replace("id: lakeside", "id: Lake Side")},
        NF + ":10:9: `id` `Lake Side` is not a valid id; use 1-64 lower-case letters, digits and "
        "hyphens, e.g. `lake-side`"),
    "unknown entity": (
        {RF: R.replace("speaker: ana-berg", "speaker: ana-bergg")},
        RF + ":11:14: unknown entity `ana-bergg` (did you mean `ana-berg`?); define it in content/ with `id: ana-bergg`"),
    "unknown source": (
        {RF: R.replace("cite: [{source: north-paper}]\n      - by: southland",
                       "cite: [{source: south-paper}]\n      - by: southland")},
        RF + ":31:25: unknown source `south-paper` (did you mean `north-paper`?); define it in content/ with `id: south-paper`"),
    "custom tag": (
        {NF: N.replace("name: Lakeside", "name: !!python/object/apply:os.system ['echo hi']")},
        NF + ":12:11: custom tag !!python/object/apply:os.system is not allowed; remove it"),
    "anchor and alias": (
        {NF: N.replace("name: Northland", "name: &n Northland").replace("name: Southland", "name: *n")},
        NF + ":4:11: anchor &n is not allowed; write each value out in full"),
    "empty file": (
        {NF: ""},
        NF + ":1:1: file is empty; add records or delete the file"),
    "invalid UTF-8": (
        {NF: N.encode().replace(b"A town.", b"A t\xffown.")},
        NF + ":13:21: not valid UTF-8; save the file as UTF-8"),
    "missing seed file": (
        {SEED_FILE: None},
        SF + ":3:11: seed file `seeds/lakeside.txt` does not exist; put the article in seeds/ and name it here"),
    "seed path escaping the project": (
        {SF: S.replace("file: seeds/lakeside.txt", "file: ../outside.txt")},
        SF + ":3:11: `file` `../outside.txt` must be a path inside the project, relative to its root "
        "(no `..`, no absolute path)"),
    "unknown collection": (
        {NF: N.replace("entities:", "entites:")},
        NF + ":1:1: unknown collection `entites` (did you mean `entities`?); known: changelog, entities, events, "
        "explainer, issues, repercussions, seeds, site, sources, statements"),
    "level not in the list": (
        {RF: R.replace("level: local", "level: locall")},
        RF + ":37:12: level `locall` is not one of the explainer's levels (local, regional, international) "
        "(did you mean `local`?); name the levels in explainer.yaml under `levels`"),
    "speaker who is not a person": (
        {RF: R.replace("speaker: ana-berg", "speaker: lakeside")},
        RF + ":11:14: `speaker` must be a person or organisation or group, but `lakeside` is a place"),
    "impossible date": (
        {RF: R.replace("date: 2019\n", "date: 2019-13\n")},
        RF + ":3:11: `date` `2019-13` is not a date; write YYYY, YYYY-MM or YYYY-MM-DD"),
    "a statement with both a quote and a paraphrase": (
        {RF: R.replace("      prefix: said the talks were\n",
                       "      prefix: said the talks were\n    paraphrase: {seed: lakeside, exact: promised more}\n")},
        RF + ":18:17: a statement has either a `quote` (the words, verbatim) or a `paraphrase` (the seed's reported "
        "speech); give exactly one"),
    "a statement with neither a quote nor a paraphrase": (
        {RF: R.replace("    quote:\n      seed: lakeside\n      exact: '\"useful but hard,\"'\n      prefix: said the talks were\n", "")},
        RF + ":10:5: a statement has either a `quote` (the words, verbatim) or a `paraphrase` (the seed's reported "
        "speech); give exactly one"),
    "level not among the explainer's own levels": (
        {EF: E + "  levels:\n    - {id: households, title: Households}\n    - {id: markets, title: Markets}\n"},
        RF + ":37:12: level `local` is not one of the explainer's levels (households, markets); "
        "name the levels in explainer.yaml under `levels`"),
    "a level listed twice": (
        {EF: E + "  levels:\n    - {id: local, title: Local}\n    - {id: local, title: Local again}\n"},
        EF + ":29:7: level `local` is listed twice; list each level once"),
    "a statement's side when the explainer has no sides": (
        {EF: E.replace("  sides: [northland, southland]\n", "")},
        RF + ":13:11: side `northland`: this explainer has no `sides`; list the sides in its explainer.yaml or "
        "remove `side`"),
    "a statement's side that is not one of the sides": (
        {RF: R.replace("    side: northland\n", "    side: lakeside\n")},
        RF + ":13:11: side `lakeside` is not one of the explainer's sides (northland, southland)"),
    "two positions by the same entity": (
        {RF: R.replace("- by: southland", "- by: northland")},
        RF + ":32:13: a second position of `northland` on issue `water`; give each entity one position per issue"),
    "an explainer folder name that is not valid": (
        moved_to("Lake_Side"),
        "content/explainers/Lake_Side:1:1: explainer folder name `Lake_Side` is not valid; use 1-64 lower-case "
        "letters, digits and hyphens"),
    "an explainer folder name that is reserved": (
        moved_to("entities"),
        "content/explainers/entities:1:1: explainer folder name `entities` is taken by the site's own `entities/` "
        "pages; rename the folder"),
    "a former path that is a page of the site": (
        {EF: E + "  former_paths: [index.html]\n"},
        EF + ":27:18: former path `index.html` is a page of this site; a redirect cannot replace it"),
    "a former path in the site's own folders": (
        {EF: E + "  former_paths: [statements.html, entities/statements.html]\n"},
        EF + ":27:35: former path `entities/statements.html` is a page of this site; a redirect cannot replace it"),
    "a former path that is not a path of the site": (
        {EF: E + "  former_paths: [../statements.html]\n"},
        EF + ":27:18: former path `../statements.html` is not a page path of this site; write it as the page's path "
        "from the site root, e.g. `statements.html` or `old/statements.html`"),
    "a former path that leads nowhere": (
        {EF: E + "  former_paths: [timeline.html]\n"},
        EF + ":27:18: former path `timeline.html` would lead to lakeside/timeline.html, which this explainer does not have"),
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
        NF: N.replace("name: Lakeside", "name: no").replace("name: Northland\n", "name: Northland\n    colour: red\n"),
        RF: R.replace("level: local", "level: Global"),
    })
    result = cli(broken, "check")
    assert result.code == 1
    assert [p.split(": ")[0] for p in result.problems] == [
        NF + ":5:5", NF + ":13:11", RF + ":37:12"]
    assert result.err.endswith("3 problems; nothing was written\n")


def test_every_problem_found_across_explainers_is_listed(tmp_path, cli):
    harbour = "explainer:\n  title: Harbour deal\n  summary: A deal.\n  updated: 2024-06-01\n  former_paths: [nowhere.html]\n"
    broken = make_project(tmp_path / "p", {
        RF: R.replace("level: local", "level: locall").replace("speaker: ana-berg", "speaker: ana-bergg"),
        "content/explainers/harbour/explainer.yaml": harbour,
    })
    result = cli(broken, "check")
    assert result.code == 1
    assert [p.split(": ")[0] for p in result.problems] == [
        "content/explainers/harbour/explainer.yaml:5:18", RF + ":11:14", RF + ":37:12"]
    assert result.err.endswith("3 problems; nothing was written\n")


def test_the_old_one_folder_layout_is_refused_with_where_to_move_each_file(tmp_path, cli):
    old = {"content/explainer.yaml": E + S, "content/records.yaml": R + SOURCES, "content/pages/about.md": ABOUT}
    project = make_project(tmp_path / "p", {EF: None, RF: None, ABOUT_FILE: None, SF: None, SOURCES_FILE: None, **old})
    result = cli(project, "build", "--no-search")
    assert result.code == 1 and "Traceback" not in result.err
    assert result.problems == [
        "content/explainer.yaml:1:1: `explainer` belongs to one explainer; move it to "
        "content/explainers/lakeside-talks/explainer.yaml (site-wide seeds, sources and entities may stay)",
        "content/records.yaml:1:1: `events`, `statements`, `issues`, `repercussions` belong to one explainer; move it to "
        "content/explainers/lakeside-talks/records.yaml (site-wide seeds, sources and entities may stay)",
    ]
    assert not (project / "site").exists()
    (project / "content/explainers/lakeside-talks").mkdir(parents=True)
    for name in ("explainer.yaml", "records.yaml"):  # doing what the messages say gives a site
        (project / "content" / name).rename(project / "content/explainers/lakeside-talks" / name)
    assert cli(project, "build", "--no-search").code == 0
    assert (project / "site/lakeside-talks/statements.html").is_file()


def test_crlf_and_bom_report_the_same_lines_as_plain(tmp_path, cli):
    broken = N.replace("name: Lakeside", "name: yes")
    plain = cli(make_project(tmp_path / "a", {NF: broken}), "check")
    crlf = cli(make_project(tmp_path / "b", {NF: b"\xef\xbb\xbf" + broken.replace("\n", "\r\n").encode()}), "check")
    assert plain.problems == crlf.problems == [
        NF + ':12:11: `name` must be text, but YAML reads `yes` as true/false; put it in quotes: "yes"']


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


def test_every_problem_prints_as_one_line_whatever_its_path_or_value_hold(tmp_path, cli):
    from generator.errors import Location, Problem

    assert str(Problem(Location("content/a\nb.yaml", 2, 3), "value `x\r\ny\u2028z` is bad")) == \
        "content/a\\nb.yaml:2:3: value `x\\r\\ny\\u2028z` is bad"
    project = make_project(tmp_path / "p", {"content/odd\nname.yaml": "entities: [oops]\n"})
    run = cli(project, "check")
    assert run.code == 1
    lines = run.problems
    assert lines and all(re.match(r"^\S.*:\d+:\d+: ", line) for line in lines), lines
    assert any(line.startswith("content/odd\\nname.yaml:1:") for line in lines), lines
