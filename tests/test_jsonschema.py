"""The JSON Schema of the content files: generated from generator/schema.py, committed, current,
and in agreement with the loader on real content and on broken files."""
from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest
import yaml

from conftest import BASE_FILES, ENTITIES, EXPLAINER, RECORDS, REPO, SEEDS, SITE, SITE_FILE, SOURCES, make_project
from generator import schema
from generator import jsonschema as generated_schema
from generator.annotations import Content, ExplainerContent, read_yaml_file
from generator.errors import Problems

CONTENT_SCHEMA = REPO / "schema" / "content.schema.json"


def editor_view(node):
    """What an editor's YAML 1.2 parser (yaml-language-server) makes of a YAML node."""
    if isinstance(node, yaml.MappingNode):
        return {key.value: editor_view(value) for key, value in node.value}
    if isinstance(node, yaml.SequenceNode):
        return [editor_view(item) for item in node.value]
    text = node.value
    if node.style is not None:
        return text
    if re.fullmatch(r"null|Null|NULL|~|", text):
        return None
    if re.fullmatch(r"true|True|TRUE|false|False|FALSE", text):
        return text.lower() == "true"
    if re.fullmatch(r"[-+]?[0-9]+", text):
        return int(text)
    if re.fullmatch(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?", text):
        return float(text)
    return text


def schema_errors(text: str) -> list[str]:
    validator = jsonschema.Draft202012Validator(json.loads(CONTENT_SCHEMA.read_text(encoding="utf-8")))
    return [error.message for error in validator.iter_errors(editor_view(yaml.compose(text)))]


def loader_problems(tmp_path: Path, text: str) -> list[str]:
    path = tmp_path / "file.yaml"
    path.write_text(text, encoding="utf-8")
    problems = Problems()
    # a file with an explainer's records is read as a file of an explainer's folder, any other as a site-wide file
    if set(re.findall(r"^(\w+):", text, flags=re.M)) & set(schema.PER_EXPLAINER):
        folder = ExplainerContent("x", "content/explainers/x")
        read_yaml_file(path, "content/explainers/x/file.yaml", problems, Content(), folder)
    else:
        read_yaml_file(path, "content/file.yaml", problems, Content(), None)
    return [str(p) for p in problems.items]


def test_the_committed_schema_files_are_what_schema_py_gives_now():
    for name, text in generated_schema.generated().items():
        committed = REPO / "schema" / name
        assert committed.read_text(encoding="utf-8") == text, f"{committed} is stale: run explainer schema --write"


def test_the_schemas_are_valid_draft_2020_12():
    for name in generated_schema.generated():
        data = json.loads((REPO / "schema" / name).read_text(encoding="utf-8"))
        assert data["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        jsonschema.Draft202012Validator.check_schema(data)


def test_every_record_and_field_of_schema_py_is_in_the_json_schema():
    data = generated_schema.content_schema()
    assert set(data["properties"]) == {*schema.COLLECTIONS, *schema.SINGLETONS}
    for record in (*schema.COLLECTIONS.values(), *schema.SINGLETONS.values(), schema.EVIDENCE, schema.FACT):
        defined = data["$defs"][record.name]
        assert list(defined["properties"]) == [f.name for f in record.fields]
        assert defined.get("required", []) == [f.name for f in record.fields if f.required]
        assert defined["additionalProperties"] is False


@pytest.mark.parametrize("path", sorted((REPO / "content").rglob("*.yaml")),
                         ids=lambda p: p.relative_to(REPO / "content").as_posix())
def test_the_real_content_is_accepted(path):
    assert schema_errors(path.read_text(encoding="utf-8")) == []


TEST_CONTENT = {**BASE_FILES, SITE_FILE: SITE}


@pytest.mark.parametrize("name", [n for n in TEST_CONTENT if n.endswith(".yaml")])
def test_the_test_projects_content_is_accepted(name):
    assert schema_errors(TEST_CONTENT[name]) == []


def test_what_explainer_new_writes_is_accepted(tmp_path, cli):
    project = make_project(tmp_path / "p")
    (project / "schema").mkdir()
    for name, text in generated_schema.generated().items():
        (project / "schema" / name).write_text(text, encoding="utf-8")
    article = tmp_path / "talks.txt"
    article.write_text('Talks in Lakeside ended in 2024. Northland\'s envoy Ana Berg said they were "hard but fair." '
                       'Southland\'s minister Omar Diaz said that "more talks are needed."\n', encoding="utf-8")
    before = set((project / "content").rglob("*.yaml"))
    assert cli(project, "new", str(article)).code == 0
    written = sorted(set((project / "content").rglob("*.yaml")) - before)
    assert len(written) == 2  # the seed's record and the drafts, wherever `explainer new` puts them
    for path in written:
        text = path.read_text(encoding="utf-8")
        first = text.split("\n", 1)[0]
        match = re.fullmatch(r"# yaml-language-server: \$schema=(\S+)", first)
        assert match, f"{path} has no schema modeline"
        assert (path.parent / match.group(1)).resolve() == (project / "schema/content.schema.json").resolve()
        assert schema_errors(text) == []


BROKEN = {
    "unknown field": ENTITIES.replace("    name: Lakeside\n", "    name: Lakeside\n    descripton: typo\n"),
    "missing field": ENTITIES.replace("    description: A town.\n", ""),
    "invalid id": ENTITIES.replace("id: lakeside", "id: Lake Side"),
    "kind not in the list": ENTITIES.replace("kind: place\n    name: Lakeside", "kind: town\n    name: Lakeside"),
    "blank text": ENTITIES.replace("name: Lakeside", 'name: "  "'),
    "number where text is expected": ENTITIES.replace("name: Lakeside", "name: 12"),
    "list where text is expected": ENTITIES.replace("name: Lakeside", "name: [Lake, Side]"),
    "empty value": ENTITIES.replace("name: Lakeside", "name:"),
    "unknown collection": ENTITIES.replace("entities:", "entites:"),
    "draft quoted": ENTITIES.replace("    description: A town.\n", '    description: A town.\n    draft: "true"\n'),
    "draft yes": ENTITIES.replace("    description: A town.\n", "    description: A town.\n    draft: yes\n"),
    "empty cite": RECORDS.replace("    cite:\n      - seed: lakeside\n        exact: The dispute began in 2019.",
                                  "    cite: []"),
    "seed and source in one piece of evidence": RECORDS.replace("cite: [{source: north-paper}]\n      - by: southland",
                                                                "cite: [{source: north-paper, seed: lakeside}]\n      - by: southland"),
    "seed without exact": RECORDS.replace("        exact: The dispute began in 2019.\n", ""),
    "source with exact": RECORDS.replace("cite: [{source: north-paper}]\n      - by: southland",
                                         "cite: [{source: north-paper, exact: Wants}]\n      - by: southland"),
    "month 13": SOURCES.replace("date: 2024-04-01", "date: 2024-13-01"),
    "url that is not http": SOURCES.replace("    date: 2024-04-01\n", "    date: 2024-04-01\n    url: ftp://example.org/\n"),
    "path outside the project": SEEDS.replace("file: seeds/lakeside.txt", "file: ../outside.txt"),
    "absolute path": SEEDS.replace("file: seeds/lakeside.txt", "file: /etc/passwd"),
    "level that is not an id": RECORDS.replace("level: local", "level: Local level"),
    "a position's old `side` field": RECORDS.replace("- by: southland", "- side: southland"),
    "a position without `by`": RECORDS.replace("      - by: southland\n", "      -\n"),
    "where as text, not a list": EXPLAINER.replace("where: [lakeside]", "where: lakeside"),
    "the old `mediated_by` field": EXPLAINER.replace("    status: Ended\n", "    status: Ended\n    mediated_by: Nobody\n"),
    "a level without a title": EXPLAINER + "  levels:\n    - {id: households}\n",
    "an unknown section": EXPLAINER + "  sections:\n    timeline: {title: Timeline}\n",
    "former paths as text": EXPLAINER + "  former_paths: statements.html\n",
    "site without a title": "site:\n  description: Explainers.\n",
    "site with an explainer's field": SITE + "  updated: 2024-05-01\n",
    "explainer as a list": "explainer:\n  - title: Lakeside talks\n",
    "a collection as a mapping": "entities:\n  id: lakeside\n",
}


@pytest.mark.parametrize("name", BROKEN)
def test_broken_files_are_rejected_by_the_loader_and_by_the_schema(tmp_path, name):
    text = BROKEN[name]
    assert text not in TEST_CONTENT.values(), "the replacement did not apply"
    assert loader_problems(tmp_path, text), "the loader accepts it"
    assert schema_errors(text), "the schema accepts it"


def test_the_content_files_and_vscode_point_editors_at_the_schema():
    """VS Code maps every content file to the schema; a file's own modeline, where it has one,
    must point at the schema too (a file moved to another folder keeps a stale one)."""
    for path in sorted((REPO / "content").rglob("*.yaml")):
        first = path.read_text(encoding="utf-8").split("\n", 1)[0]
        match = re.fullmatch(r"# yaml-language-server: \$schema=(\S+)", first)
        if match:
            assert (path.parent / match.group(1)).resolve() == CONTENT_SCHEMA.resolve(), path
    settings = json.loads((REPO / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    globs = settings["yaml.schemas"]["./schema/content.schema.json"]
    assert "content/**/*.yaml" in globs


def test_explainer_schema_checks_and_writes_the_files(tmp_path, cli):
    assert cli(REPO, "schema").code == 0
    project = make_project(tmp_path / "p")
    stale = cli(project, "schema")
    assert stale.code == 1
    assert "schema/content.schema.json is missing or out of date; run: explainer schema --write" in stale.err
    wrote = cli(project, "schema", "--write")
    assert wrote.code == 0 and "Wrote schema/content.schema.json, schema/page.schema.json" in wrote.out
    for name, text in generated_schema.generated().items():
        assert (project / "schema" / name).read_text(encoding="utf-8") == text
    assert cli(project, "schema").code == 0
