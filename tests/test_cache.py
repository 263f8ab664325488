"""The page cache: a rebuild renders only the pages whose inputs changed, and its
output is byte for byte what a clean build of the same inputs gives."""
import json
import shutil
from pathlib import Path

import pytest

from conftest import ENTITIES, ENTITIES_FILE, RECORDS_FILE, SEED_FILE, make_project, tree_hash, write_files
from generator import build as build_module
from generator.build import PAGE_CACHE, build
from generator.pagecache import FORMAT, PageCache
from generator.serve import Preview, preview_build


def clean_build(project: Path, tmp_path: Path) -> Path:
    """The same inputs built in a fresh copy of the project: no cache, no previous site."""
    copy = tmp_path / "clean-project"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(project, copy, ignore=shutil.ignore_patterns("site", ".cache"))
    out = tmp_path / "clean-site"
    shutil.rmtree(out, ignore_errors=True)
    build(copy, out, search=False)
    return out


EDITS = {  # file, text before, text after
    "an entity's description": (ENTITIES_FILE, "A town.", "A lakeside town."),
    "an event's body": (RECORDS_FILE, "It began in 2019.", "It began in the spring of 2019."),
    "a seed's text": (SEED_FILE, "and promised more.", "and promised more. Observers expected no quick result."),
    "the entity template": ("templates/entity.html", "{% block content %}", '{% block content %}<p class="edited">Edited.</p>'),
    "the base template": ("templates/base.html", "</footer>", "<p>Edited footer.</p></footer>"),
}


@pytest.mark.parametrize("what", sorted(EDITS))
def test_a_rebuild_after_an_edit_equals_a_clean_build(tmp_path, what):
    project = make_project(tmp_path / "p")
    first = build(project, project / "site", search=False)
    assert first.reused == 0
    name, before, after = EDITS[what]
    text = (project / name).read_text()
    assert before in text
    write_files(project, {name: text.replace(before, after, 1)})
    again = build(project, project / "site", search=False)
    assert tree_hash(project / "site") == tree_hash(clean_build(project, tmp_path))
    if what == "the base template":
        assert again.reused == 0  # every page extends it
    else:
        assert 0 < again.reused < again.pages


def test_an_entity_edit_renders_that_entity_page_and_keeps_the_others(tmp_path):
    project = make_project(tmp_path / "p")
    build(project, project / "site", search=False)
    site = project / "site"
    inodes = {p.relative_to(site).as_posix(): p.stat().st_ino for p in site.rglob("*.html")}
    write_files(project, {ENTITIES_FILE: ENTITIES.replace("A town.", "A lakeside town.")})
    report = build(project, site, search=False)
    kept = {p.relative_to(site).as_posix() for p in site.rglob("*.html") if p.stat().st_ino == inodes.get(p.relative_to(site).as_posix())}
    assert "entities/lakeside.html" not in kept
    assert "A lakeside town." in (site / "entities" / "lakeside.html").read_text()
    assert {"entities/northland.html", "entities/ana-berg.html", "sources/lakeside.html", "lakeside/about.html"} <= kept
    assert report.reused == len(kept)



HARBOUR = {  # a second explainer beside the fixture's
    "content/explainers/harbour/explainer.yaml": "explainer:\n  title: Harbour deal\n  summary: A deal.\n  updated: 2024-06-01\n",
    "content/explainers/harbour/records.yaml": ("events:\n  - id: deal\n    date: 2024\n    title: The deal\n    body: Signed.\n"
                                                "    cite: [{source: north-paper}]\n"),
}


def test_an_edit_to_one_explainer_keeps_the_other_explainers_pages(tmp_path):
    project = make_project(tmp_path / "p", HARBOUR)
    build(project, project / "site", search=False)
    site = project / "site"
    inodes = {p.relative_to(site).as_posix(): p.stat().st_ino for p in site.rglob("*.html")}
    name, before, after = EDITS["an event's body"]
    write_files(project, {name: (project / name).read_text().replace(before, after, 1)})
    report = build(project, site, search=False)
    kept = {p.relative_to(site).as_posix() for p in site.rglob("*.html") if p.stat().st_ino == inodes.get(p.relative_to(site).as_posix())}
    assert "lakeside/background.html" not in kept
    assert "It began in the spring of 2019." in (site / "lakeside/background.html").read_text()
    assert {"harbour/index.html", "harbour/background.html", "entities/ana-berg.html"} <= kept
    assert report.reused == len(kept)
    assert tree_hash(site) == tree_hash(clean_build(project, tmp_path))

@pytest.mark.parametrize("damage", ["not json", f'{{"format": {FORMAT}}}', f'{{"format": {FORMAT}, "folder": 3, "pages": []}}',
                                    f'{{"format": {FORMAT}, "folder": "/nowhere", "pages": {{"index.html": ["k", ["info"], "x"]}}}}'])
def test_a_corrupt_cache_file_only_costs_time(tmp_path, damage):
    project = make_project(tmp_path / "p")
    build(project, project / "site", search=False)
    write_files(project, {ENTITIES_FILE: ENTITIES.replace("A town.", "A lakeside town."), PAGE_CACHE: damage})
    report = build(project, project / "site", search=False)
    assert report.reused == 0
    assert tree_hash(project / "site") == tree_hash(clean_build(project, tmp_path))
    assert json.loads((project / PAGE_CACHE).read_text())["format"] == FORMAT  # rewritten whole


def test_a_cache_that_lies_or_a_hand_edited_page_never_reaches_the_output(tmp_path):
    project = make_project(tmp_path / "p")
    build(project, project / "site", search=False)
    page = project / "site" / "entities" / "northland.html"
    page.write_text(page.read_text().replace("A country.", "Hand-edited."))  # the cache still vouches for the old bytes
    cache = json.loads((project / PAGE_CACHE).read_text())
    cache["pages"]["entities/southland.html"][0] = cache["pages"]["entities/northland.html"][0]  # a wrong key
    (project / PAGE_CACHE).write_text(json.dumps(cache))
    write_files(project, {ENTITIES_FILE: ENTITIES.replace("A town.", "A lakeside town.")})
    build(project, project / "site", search=False)
    assert "Hand-edited." not in page.read_text()
    assert tree_hash(project / "site") == tree_hash(clean_build(project, tmp_path))


def test_the_cache_survives_a_deleted_site_and_a_deleted_cache(tmp_path):
    project = make_project(tmp_path / "p")
    build(project, project / "site", search=False)
    shutil.rmtree(project / "site")
    assert build(project, project / "site", search=False).reused == 0
    shutil.rmtree(project / ".cache")
    write_files(project, {ENTITIES_FILE: ENTITIES.replace("A town.", "A lakeside town.")})
    assert build(project, project / "site", search=False).reused == 0
    assert tree_hash(project / "site") == tree_hash(clean_build(project, tmp_path))


def test_worker_processes_use_the_cache_the_same_way(tmp_path, monkeypatch):
    monkeypatch.setattr(build_module, "PARALLEL_MIN_PAGES", 1)
    project = make_project(tmp_path / "p")
    build(project, project / "site", search=False, jobs=2)
    write_files(project, {ENTITIES_FILE: ENTITIES.replace("A town.", "A lakeside town.")})
    report = build(project, project / "site", search=False, jobs=2)
    assert 0 < report.reused < report.pages
    assert tree_hash(project / "site") == tree_hash(clean_build(project, tmp_path))


def test_the_preview_keeps_its_cache_in_memory_and_its_builds_equal_clean_ones(tmp_path):
    project = make_project(tmp_path / "p")
    preview = Preview(project, preview_build(project), log=lambda *a: None)
    try:
        preview.rebuild()
        write_files(project, {ENTITIES_FILE: ENTITIES.replace("A town.", "A lakeside town.")})
        outcome = preview.rebuild()
        assert outcome.folder is not None
        fresh = tmp_path / "fresh"
        preview_build(project)(project, fresh, cache=PageCache())
        assert tree_hash(outcome.folder) == tree_hash(fresh)
        assert not (project / PAGE_CACHE).exists()  # the preview writes nothing into the project
    finally:
        preview.close()


def test_a_template_mistake_after_a_build_is_reported_not_raised(tmp_path, cli):
    project = make_project(tmp_path / "p")
    assert cli(project, "build", "--no-search").code == 0
    before = tree_hash(project / "site")
    template = project / "templates" / "entity.html"
    good = template.read_text()
    template.write_text(good.replace("{% block content %}", "{% block content %}{% if %}", 1))
    result = cli(project, "build", "--no-search")
    assert result.code == 1 and "Traceback" not in result.err
    assert result.problems[0].startswith("templates/entity.html:") and "template error" in result.problems[0]
    assert tree_hash(project / "site") == before
    template.write_text(good)
    assert cli(project, "build", "--no-search").code == 0


def test_optional_and_dynamic_includes_build_and_stay_correct(tmp_path):
    project = make_project(tmp_path / "p")
    (project / "templates" / "static" / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n\xff\xfe\x00binary")
    base = project / "templates" / "base.html"
    base.write_text(base.read_text().replace("</footer>", '{% include "_local_footer.html" ignore missing %}</footer>', 1))
    page = project / "templates" / "404.html"
    page.write_text(page.read_text().replace('{% include "static/style.css" %}',
                                             '{% set sheet = "static/style.css" %}{% include sheet %}', 1))
    build(project, project / "site", search=False)
    write_files(project, {"templates/_local_footer.html": "<p>Local footer.</p>"})  # the optional include appears
    report = build(project, project / "site", search=False)
    assert report.reused == 0  # every page's key named the missing template
    assert "Local footer." in (project / "site" / "index.html").read_text()
    assert tree_hash(project / "site") == tree_hash(clean_build(project, tmp_path))


def test_the_preview_reports_a_template_mistake_and_recovers(tmp_path):
    project = make_project(tmp_path / "p")
    preview = Preview(project, preview_build(project), log=lambda *a: None)
    try:
        assert preview.rebuild().folder is not None
        template = project / "templates" / "entity.html"
        good = template.read_text()
        template.write_text(good.replace("{% block content %}", "{% block content %}{% if %}", 1))
        failed = preview.rebuild()
        assert failed.folder is None and failed.problems[0].startswith("templates/entity.html:")
        template.write_text(good)
        assert preview.rebuild().folder is not None
    finally:
        preview.close()


def test_a_crashing_rebuild_does_not_stop_the_preview_watching(tmp_path):
    from concurrent.futures import Future

    from generator.serve import Watcher
    project = make_project(tmp_path / "p")
    lines = []
    preview = Preview(project, preview_build(project), log=lines.append)
    try:
        watcher = Watcher(preview, log=lines.append)
        watcher.building = True
        crashed = Future()
        crashed.set_exception(RuntimeError("a fault in the generator"))
        watcher.finished([ENTITIES_FILE], crashed)
        assert not watcher.building  # the next change is rebuilt
        assert "the rebuild crashed (RuntimeError: a fault in the generator)" in lines[-1]
    finally:
        preview.close()


def test_another_output_folder_gets_copies_not_links(tmp_path):
    project = make_project(tmp_path / "p")
    build(project, project / "site", search=False)
    write_files(project, {ENTITIES_FILE: ENTITIES.replace("A town.", "A lakeside town.")})
    other = tmp_path / "other"
    assert build(project, other, search=False).reused > 0
    for page in other.rglob("*.html"):
        assert page.stat().st_nlink == 1, page  # editing one folder in place leaves the other alone
    assert tree_hash(other) == tree_hash(clean_build(project, tmp_path))


COALITION = Path(__file__).parent / "fixtures" / "coalition"  # two explainers sharing a seed and entities


def rendered_again(project: Path, name: str, before: str, after: str) -> tuple[set[str], set[str]]:
    """Edit one file of a built project and build again: the pages rendered anew, and the pages whose bytes changed."""
    site = project / "site"
    old = {p.relative_to(site).as_posix(): (p.stat().st_ino, p.read_bytes()) for p in site.rglob("*.html")}
    text = (project / name).read_text()
    assert before in text
    write_files(project, {name: text.replace(before, after, 1)})
    report = build(project, site, search=False)
    new = {p.relative_to(site).as_posix(): (p.stat().st_ino, p.read_bytes()) for p in site.rglob("*.html")}
    rendered = {path for path, (inode, _) in new.items() if path not in old or old[path][0] != inode}
    assert report.pages - report.reused == len(rendered)
    return rendered, {path for path, (_, data) in new.items() if path not in old or old[path][1] != data}


def test_an_entity_edit_renders_only_the_pages_that_show_what_changed(tmp_path):
    """Pages that look an entity up (to link to it, by name) keep their key when its description changes."""
    project = tmp_path / "p"
    shutil.copytree(COALITION, project)
    build(project, project / "site", search=False)
    rendered, changed = rendered_again(project, "content/entities.yaml", "Capital of Veldmark.", "The capital of Veldmark.")
    assert rendered == changed == {"entities/kelmstad.html", "entities/index.html"}
    rendered, changed = rendered_again(project, "content/entities.yaml", "name: Ruben Kask", "name: Ruben Kask-Lind")
    assert {"budget-vote/background.html", "coalition-talks/statements.html", "entities/ruben-kask.html"} <= changed <= rendered
    assert "entities/kelmstad.html" not in rendered and "budget-vote/index.html" not in rendered
    assert tree_hash(project / "site") == tree_hash(clean_build(project, tmp_path))


PROBE = """<p id="probe">{% set e = site.entities["veldmark"] %}{{ e.name }}|{{ e.url }}|{{ e.name_in("en") }}|{{ e }}|\
{{ e == site.entities["veldmark"] }}|{{ e != site.entities["kelmstad"] }}|{{ e in site.entities.values() }}|\
{{ e.__class__.__name__ }}|{{ "veldmark" in site.entities }}|{{ "nobody" in site.entities }}|{{ site.entities.get("nobody", "-") }}|\
{{ site.entities|length }}|{{ site.entities.values()|map(attribute="name")|sort|join(",") }}|{{ site.entities|list|length }}|\
{{ site.seeds|length }}|{{ site.seeds|map(attribute="id")|join }}|{{ site.sources|first|attr("id") }}|{{ site.sources[-1:]|length }}|\
{{ "yes" if site.pages else "no" }}|{{ site.explainers|map(attribute="slug")|join(",") }}|{{ site.explainer("budget-vote").title }}|\
{{ site.explainer_titles["budget-vote"] }}|{{ site.explainer_titles|length }}|{{ site.entities_of_kind("person")|length }}|\
{{ [site.entities["kelmstad"], e]|map(attribute="kind")|join(",") }}|{{ e.mentions_by_explainer()|length }}</p>"""


def test_a_template_reads_the_site_as_it_is(tmp_path):
    """The views that note what a page reads pass for the site's own mappings, tuples and records."""
    import jinja2

    from generator.build import load
    project = tmp_path / "p"
    shutil.copytree(COALITION, project)
    page = (Path(__file__).parent.parent / "templates" / "404.html").read_text()
    write_files(project, {"templates/404.html": page.replace("{% block content %}", "{% block content %}" + PROBE, 1)})
    build(project, project / "site", search=False)
    shown = (project / "site" / "404.html").read_text()
    probe = shown[shown.index('<p id="probe">'):]
    expected = jinja2.Environment(autoescape=True).from_string(PROBE).render(site=load(project))
    assert probe[:len(expected)] == expected
    assert "nobody" not in probe and "|True|True|True|Entity|True|False|-|" in probe


def test_a_rebuild_draws_only_the_social_cards_whose_texts_changed(tmp_path, monkeypatch):
    from generator import cards
    project = tmp_path / "p"
    shutil.copytree(COALITION, project)
    build(project, project / "site", search=False)
    drawn, draw = [], cards.render.__wrapped__  # drawn anew, not from the cache this process keeps
    monkeypatch.setattr(cards, "render", lambda texts: drawn.append(texts) or draw(texts))
    rendered_again(project, "content/entities.yaml", "Capital of Veldmark.", "The capital of Veldmark.")
    assert drawn == []  # taken from the previous build
    rendered_again(project, "content/explainers/budget-vote/explainer.yaml", "Veldmark's budget vote", "The budget vote")
    assert [texts[1] for texts in drawn] == ["The budget vote"]
    card = next((project / "site" / "static" / "cards").glob("coalition-talks-*.png"))
    card.write_bytes(b"not a card")  # a damaged file of the previous build is drawn again, never kept
    rendered_again(project, "content/entities.yaml", "The capital of Veldmark.", "Capital of Veldmark.")
    assert len(drawn) == 2 and card.read_bytes().startswith(b"\x89PNG")
    assert tree_hash(project / "site") == tree_hash(clean_build(project, tmp_path))
