"""Incremental builds are correct: after any single edit, a build into the previous output, with the
cache the build keeps (`.cache/`), gives byte for byte the site a clean build of the edited project
gives; and so does the preview's rebuild, with its caches in memory.

On tests/fixtures/coalition: two explainers sharing a seed and entities. Each case edits one thing
(or adds or removes one file) after a first build. Every case that should change the site also checks
that the clean builds before and after the edit differ, so a rebuild that kept stale pages cannot pass.
The search index is compared too: Pagefind writes the same bytes for the same pages (checked by
test_the_search_index_is_deterministic below).
"""
from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pytest

from conftest import REPO
from generator.build import PAGE_CACHE, build
from generator.serve import Preview, preview_build
from generator.write import MARKER

FIXTURE = REPO / "tests" / "fixtures" / "coalition"
BUILT_IN = REPO / "templates"
SEED = "seeds/coalition-report.txt"
ENTITIES = "content/entities.yaml"
SEEDS = "content/seeds.yaml"
SOURCES = "content/sources.yaml"
SITE = "content/site.yaml"
TALKS = "content/explainers/coalition-talks"
BUDGET = "content/explainers/budget-vote"

Edit = Callable[[str | None], str | None]  # a file's text (None: no file) -> its new text (None: delete it)


def sub(old: str, new: str) -> Edit:
    def edit(text: str | None) -> str:
        assert text is not None and old in text, f"the fixture no longer holds {old!r}"
        return text.replace(old, new, 1)
    return edit


def put(text: str) -> Edit:
    return lambda _before: text


def delete(_before: str | None) -> None:
    return None


def append(more: str) -> Edit:
    return lambda text: (text or "") + more


def override(template: str, old: str, new: str) -> Edit:
    """A project template: a copy of the built-in one with one thing changed."""
    source = (BUILT_IN / template).read_text(encoding="utf-8")
    assert old in source, f"the built-in {template} no longer holds {old!r}"
    return put(source.replace(old, new, 1))


@dataclass
class Case:
    change: dict[str, Edit]  # the edit, after the first build
    setup: dict[str, Edit] = field(default_factory=dict)  # applied before the first build
    changes_site: bool = True  # whether the edit changes the built site at all


SECOND_SEED_TEXT = ("Veldmark's central bank warned on Tuesday that a long stalemate would delay the budget.\n\n"
                    "Markets\n\nBond yields rose after the warning, the bank said.\n")
SECOND_SEED_RECORD = ("  - id: bank-warning\n    file: seeds/bank-warning.txt\n    title: \"Central bank warns on stalemate\"\n"
                      "    publisher: \"Veldmark Post\"\n    language: en\n    date: \"2024-04-09\"\n")
SECOND_SEED = {
    "seeds/bank-warning.txt": put(SECOND_SEED_TEXT),
    SEEDS: append(SECOND_SEED_RECORD),
    f"{BUDGET}/bank.yaml": put("events:\n  - id: bank-warning\n    date: \"2024-04-09\"\n    title: \"The central bank warns\"\n"
                               "    body: \"A stalemate would delay the budget.\"\n    entities: [parliament]\n    cite:\n"
                               "      - seed: bank-warning\n        exact: \"a long stalemate would delay the budget\"\n"),
}
NEW_EXPLAINER = {
    "content/explainers/fuel-protest/explainer.yaml": put(
        "explainer:\n  title: \"Farmers protest over fuel taxes\"\n  summary: \"The Farmers' League takes the fuel question "
        "to the street.\"\n  updated: \"2024-04-12\"\n  sides: [farmers-league, green-union]\n"),
    "content/explainers/fuel-protest/records.yaml": put(
        "events:\n  - id: fuel-split\n    date: \"2024-04-08\"\n    title: \"The parties split on fuel\"\n"
        "    body: \"Higher, lower or frozen.\"\n    entities: [green-union, farmers-league]\n    cite:\n"
        "      - seed: coalition-report\n        exact: \"The parties also disagree on fuel taxes.\"\n"
        "statements:\n  - id: hollo-cities\n    speaker: piet-hollo\n    side: farmers-league\n    quote:\n"
        "      seed: coalition-report\n      exact: \"Rural voters must not pay for the cities.\"\n    cite:\n"
        "      - seed: coalition-report\n        exact: \"Farmers' League leader Piet Hollo said:\"\n"),
}
NEW_ENTITIES = {  # an entity nothing names: the home page's count of entities is all that changes on other pages
    "content/more-entities.yaml": put("entities:\n  - id: observers\n    kind: group\n    name: Quiet observers\n"
                                      "    description: \"They watch.\"\n"),
}
UNCITED_SEED = {  # a seed no record cites, naming nothing: the home page's count of seeds changes
    "seeds/quiet-week.txt": put("A quiet week.\n"),
    SEEDS: append("  - id: quiet-week\n    file: seeds/quiet-week.txt\n    title: \"A quiet week\"\n"
                  "    publisher: \"Veldmark Post\"\n    language: en\n"),
}
SITE_PAGE = {"content/pages/about.md": put("---\ntitle: About us\ndescription: Who writes these explainers.\n---\n"
                                           "We explain the news of Veldmark.\n")}
EXPLAINER_PAGE = {f"{BUDGET}/pages/method.md": put("---\ntitle: How we count\ndescription: The budget arithmetic.\n---\n"
                                                   "Fifty-one votes pass a budget.\n")}
ENTITY_OVERRIDE = {"templates/entity.html": override("entity.html", "<h1>", '<h1 class="named">')}

CASES = {
    # a seed's text: words no citation holds, and a sentence before every cited one (every offset moves)
    "seed: uncited words changed": Case({SEED: sub("Who is at the table", "Who sits at the table")}),
    "seed: a sentence put first": Case({SEED: sub("Three parties in Veldmark", "It was a cold week. Three parties in Veldmark")}),
    "seed kept outside seeds/: words changed": Case(  # a file the input folders' hash does not cover
        {"articles/report.txt": sub("Who is at the table", "Who sits at the table")},
        setup={"articles/report.txt": lambda _: (FIXTURE / SEED).read_text(encoding="utf-8"), SEED: delete,
               SEEDS: sub("file: seeds/coalition-report.txt", "file: articles/report.txt")}),
    # records
    "statement: another quote": Case({f"{TALKS}/statements.yaml": sub(
        'exact: "her party would not join without a climate law"\n    issues',
        'exact: "would not join without a climate law"\n    issues')}),
    "statement: role changed": Case({f"{TALKS}/statements.yaml": sub('role: "Green leader"', 'role: "Leader of the Greens"')}),
    "issue: summary changed": Case({f"{TALKS}/issues.yaml": sub("The first sticking point.", "The *first* sticking point.")}),
    "event: body changed": Case({f"{BUDGET}/events.yaml": sub("The first test of any coalition.", "A test for any coalition.")}),
    "event: title changed": Case({f"{TALKS}/events.yaml": sub("Talks open in Kelmstad", "The talks open in Kelmstad")}),
    "event: another entity": Case({f"{BUDGET}/events.yaml": sub("entities: [parliament]", "entities: [parliament, veldmark]")}),
    "event: marked draft": Case({f"{BUDGET}/events.yaml": sub("  - id: budget-deadline\n", "  - id: budget-deadline\n    draft: true\n")}),
    "entity: name changed": Case({ENTITIES: sub("name: Green Union", "name: Green Union Party")}),
    "entity: a name both explainers show": Case({ENTITIES: sub("name: Ruben Kask", "name: Ruben Kask-Lind")}),
    "entity: description changed": Case({ENTITIES: sub("Capital of Veldmark.", "The capital of Veldmark.")}),
    "source: publisher changed": Case({SOURCES: sub("Veldmark Electoral Commission", "Electoral Commission of Veldmark")}),
    "seed record: title changed": Case({SEEDS: sub("Three parties open coalition talks", "Coalition talks open")}),
    "explainer: title changed": Case({f"{BUDGET}/explainer.yaml": sub("Veldmark's budget vote", "The budget vote")}),
    "changelog: an entry added": Case({f"{TALKS}/changelog.yaml": append(
        "  - id: second-edition\n    date: \"2024-04-10\"\n    title: \"Second edition\"\n    text: \"The issues added.\"\n")}),
    # templates: a project's own copy of a built-in template, added, changed, removed
    "template: override added": Case(ENTITY_OVERRIDE),
    "template: override changed": Case({"templates/entity.html": sub('<h1 class="named">', '<h1 class="entity-name">')},
                                       setup=ENTITY_OVERRIDE),
    "template: override removed": Case({"templates/entity.html": delete}, setup=ENTITY_OVERRIDE),
    "template: base override added": Case({"templates/base.html": override("base.html", "</footer>", "<p>Printed by hand.</p></footer>")}),
    "template: macros override added": Case({"templates/_macros.html": override("_macros.html", 'class="refs"', 'class="refs refs-x"')}),
    # content files added and removed
    "explainer folder added": Case(NEW_EXPLAINER),
    "explainer folder removed": Case({name: delete for name in NEW_EXPLAINER}, setup=NEW_EXPLAINER),
    "entities file added": Case(NEW_ENTITIES),
    "entities file removed": Case({name: delete for name in NEW_ENTITIES}, setup=NEW_ENTITIES),
    "site page added": Case(SITE_PAGE),
    "site page removed": Case({name: delete for name in SITE_PAGE}, setup=SITE_PAGE),
    "explainer page added": Case(EXPLAINER_PAGE),
    "explainer page removed": Case({name: delete for name in EXPLAINER_PAGE}, setup=EXPLAINER_PAGE),
    # seed files
    "seed added": Case(SECOND_SEED),
    "seed removed": Case({"seeds/bank-warning.txt": delete, SEEDS: sub(SECOND_SEED_RECORD, ""),
                          f"{BUDGET}/bank.yaml": delete}, setup=SECOND_SEED),
    "seed added that nothing cites": Case(UNCITED_SEED),
    "seed file added that no record names": Case({"seeds/notes.txt": put("Nothing here is cited.\n")}, changes_site=False),
    # the site's settings
    "site: title changed": Case({SITE: sub("Veldmark Post explainers", "Explainers from the Veldmark Post")}),
    "site: base URL added": Case({SITE: append("  base_url: \"https://example.org/explainers/\"\n")}),
}


def apply(project: Path, edits: dict[str, Edit]) -> None:
    for name, edit in edits.items():
        path = project / name
        before = path.read_text(encoding="utf-8") if path.exists() else None
        after = edit(before)
        if after is None:
            path.unlink()
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(after, encoding="utf-8")


def fixture_copy(root: Path, case: Case) -> Path:
    project = root / "project"
    shutil.copytree(FIXTURE, project)
    apply(project, case.setup)
    return project


def clean_copy(project: Path, root: Path) -> Path:
    """The project's inputs alone, in a fresh folder: no output, no cache."""
    shutil.rmtree(root, ignore_errors=True)
    shutil.copytree(project, root, ignore=shutil.ignore_patterns("site", ".cache"))
    return root


def files_of(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def assert_same_tree(rebuilt: Path, clean: Path) -> None:
    """Every file's name and bytes, with the files that differ named."""
    ours, theirs = files_of(rebuilt), files_of(clean)
    assert sorted(ours) == sorted(theirs), (f"only in the rebuild: {sorted(set(ours) - set(theirs))}; "
                                            f"only in the clean build: {sorted(set(theirs) - set(ours))}")
    differing = [name for name in ours if ours[name] != theirs[name]]
    assert not differing, f"the rebuild differs from a clean build in {differing}"


def assert_edit_shows(case: Case, before: Path, after: Path) -> None:
    """The edit changes the site (so stale pages would be caught), or, for the one case that should not, it does not
    (the marker of what the build read aside)."""
    old, new = files_of(before), files_of(after)
    old.pop(MARKER, None)
    new.pop(MARKER, None)
    if case.changes_site:
        assert old != new, "the edit changed nothing in the site: the case proves nothing"
    else:
        assert old == new


@pytest.mark.parametrize("name", list(CASES))
def test_a_build_after_an_edit_equals_a_clean_build(tmp_path, cli, name):
    case = CASES[name]
    project = fixture_copy(tmp_path, case)
    first = cli(project, "build")
    assert first.code == 0, first.err
    assert (project / PAGE_CACHE).is_file()
    shutil.copytree(project / "site", tmp_path / "before")
    apply(project, case.change)
    again = cli(project, "build")
    assert again.code == 0, again.err
    assert not again.out.startswith("Nothing changed"), "the edit went unnoticed"
    clean = clean_copy(project, tmp_path / "clean")
    assert cli(clean, "build").code == 0
    assert_same_tree(project / "site", clean / "site")
    assert_edit_shows(case, tmp_path / "before", clean / "site")


@pytest.mark.parametrize("name", list(CASES))
def test_the_previews_rebuild_after_an_edit_equals_a_fresh_preview_build(tmp_path, name):
    case = CASES[name]
    project = fixture_copy(tmp_path, case)
    preview = Preview(project, preview_build(project), log=lambda *a: None)
    try:
        first = preview.rebuild()
        assert first.folder is not None, first.problems
        shutil.copytree(first.folder, tmp_path / "before")
        apply(project, case.change)
        again = preview.rebuild()
        assert again.folder is not None, again.problems
        clean = clean_copy(project, tmp_path / "clean")
        preview_build(clean)(clean, tmp_path / "fresh")  # a new session: nothing kept in memory
        assert_same_tree(again.folder, tmp_path / "fresh")
        assert_edit_shows(case, tmp_path / "before", tmp_path / "fresh")
    finally:
        preview.close()


def test_a_build_after_several_edits_in_a_row_equals_a_clean_build(tmp_path, cli):
    """Edits one after another, each rebuilt on the last one's output and cache."""
    project = fixture_copy(tmp_path, Case({}))
    assert cli(project, "build").code == 0
    for name in ("entity: name changed", "explainer folder added", "seed added", "event: title changed",
                 "template: override added", "explainer folder removed", "site page added"):
        apply(project, CASES[name].change)
        assert cli(project, "build").code == 0, name
        clean = clean_copy(project, tmp_path / "clean")
        assert cli(clean, "build").code == 0
        assert_same_tree(project / "site", clean / "site")


def test_the_search_index_is_deterministic(tmp_path):
    """Two clean builds of the same project write the same index, so comparing it above is fair."""
    one, two = clean_copy(FIXTURE, tmp_path / "one"), clean_copy(FIXTURE, tmp_path / "two")
    build(one, one / "site")
    build(two, two / "site")
    index = files_of(one / "site" / "pagefind")
    assert index and index == files_of(two / "site" / "pagefind")
