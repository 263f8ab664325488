"""Hostile and unusual input: limits, paths, the filesystem, injection."""
from __future__ import annotations

import re
import resource
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest


from conftest import (ENTITIES, ENTITIES_FILE, EXPLAINER, EXPLAINER_DIR, EXPLAINER_FILE, RECORDS, RECORDS_FILE, SEED,
                      SEED_FILE, SEEDS, SEEDS_FILE, make_project, tree_hash, write_files)


EXECUTABLE_SCRIPT = re.compile(r"<script(?! type=\"application/ld\+json\">)", re.I)


def only_problem(cli, project) -> str:
    result = cli(project, "check")
    assert result.code == 1 and "Traceback" not in result.err
    assert len(result.problems) == 1, result.problems
    return result.problems[0]


def test_an_alias_bomb_fails_at_its_first_anchor(tmp_path, cli):
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8))
    project = make_project(tmp_path / "p", {"content/bomb.yaml": bomb})
    assert only_problem(cli, project) == "content/bomb.yaml:1:4: anchor &a is not allowed; write each value out in full"


def test_an_oversized_field_is_refused(tmp_path, cli):
    project = make_project(tmp_path / "p", {ENTITIES_FILE: ENTITIES.replace("name: Lakeside", "name: " + "x" * 6000)})
    assert only_problem(cli, project) == ENTITIES_FILE + ":12:11: `name` is 6,000 characters; the limit is 5,000"


def test_an_oversized_file_is_refused_before_it_is_read(tmp_path, cli):
    project = make_project(tmp_path / "p", {"content/huge.yaml": "# " + "x" * (1024 * 1024) + "\n"})
    assert only_problem(cli, project) == ("content/huge.yaml:1:1: file is 1,048,579 bytes; the limit is 1,048,576; "
                                          "split it into several files")


def test_deep_nesting_is_refused(tmp_path, cli):
    project = make_project(tmp_path / "p", {"content/deep.yaml": "a: " + "[" * 40 + "]" * 40 + "\n"})
    assert only_problem(cli, project) == "content/deep.yaml:1:27: nested more than 24 levels deep"


@pytest.mark.parametrize("deep", [
    "entities:\n  - id: deep\n    aliases:\n    - " + "? - " * 30 + "x\n",  # complex keys and dashes on one line
    "a:\n" + "".join(" " * i + f"k{i}:\n" for i in range(1, 20)) + " " * 20 + "k: " + "[" * 8 + "]" * 8 + "\n",  # flow on block
])
def test_deep_nesting_is_refused_however_it_is_written(tmp_path, cli, deep):
    project = make_project(tmp_path / "p", {"content/deep.yaml": deep})
    assert only_problem(cli, project).endswith(": nested more than 24 levels deep")


def test_too_many_values_are_refused_even_in_a_short_file(tmp_path, cli):
    project = make_project(tmp_path / "p", {"content/many.yaml": "?\n" * 100_000})
    assert only_problem(cli, project).endswith(": more than 200,000 values in one file; split it")


def test_duplicate_ids_across_files(tmp_path, cli):
    extra = "entities:\n  - id: lakeside\n    kind: place\n    name: Lakeside again\n    description: Twice.\n"
    project = make_project(tmp_path / "p", {"content/more.yaml": extra})
    assert only_problem(cli, project) == ("content/more.yaml:2:9: duplicate id `lakeside` in entities; the first is at "
                                          f"{ENTITIES_FILE}:10:9; give each record its own id")


def test_record_ids_are_unique_within_an_explainer_not_across_explainers(tmp_path, cli):
    extra = "events:\n  - id: dispute-begins\n    date: 2020\n    title: Again\n    body: Again.\n    cite: [{source: north-paper}]\n"
    project = make_project(tmp_path / "p", {f"{EXPLAINER_DIR}/more.yaml": extra})
    assert only_problem(cli, project) == (f"{RECORDS_FILE}:2:9: duplicate id `dispute-begins` in events; the first is at "
                                          f"{EXPLAINER_DIR}/more.yaml:2:9; give each record its own id")
    other = make_project(tmp_path / "q", {
        "content/explainers/other/explainer.yaml": EXPLAINER.replace("Lakeside talks", "Other talks"),
        "content/explainers/other/more.yaml": extra})  # the same id in another explainer
    assert cli(other, "build", "--no-search").code == 0
    assert "Again" in (other / "site/other/background.html").read_text()


def test_ids_that_would_collide_by_case_are_refused(tmp_path, cli):
    project = make_project(tmp_path / "p", {ENTITIES_FILE: ENTITIES.replace("id: ana-berg", "id: Ana-Berg")})
    result = cli(project, "check")
    assert (ENTITIES_FILE + ":14:9: `id` `Ana-Berg` is not a valid id; use 1-64 lower-case letters, digits and "
            "hyphens, e.g. `ana-berg`") in result.problems


def test_a_citation_of_an_unknown_seed(tmp_path, cli):
    project = make_project(tmp_path / "p", {RECORDS_FILE: RECORDS.replace("- seed: lakeside\n        exact: The dispute", "- seed: lakesid\n        exact: The dispute")})
    assert only_problem(cli, project) == (RECORDS_FILE + ":7:15: unknown seed `lakesid` (did you mean `lakeside`?); "
                                          "define it in content/ with `id: lakesid`")


def test_an_absolute_seed_path_is_refused(tmp_path, cli):
    project = make_project(tmp_path / "p", {SEEDS_FILE: SEEDS.replace("file: seeds/lakeside.txt", "file: /etc/passwd")})
    assert only_problem(cli, project) == (SEEDS_FILE + ":3:11: `file` `/etc/passwd` must be a path inside the "
                                          "project, relative to its root (no `..`, no absolute path)")


def test_symlinks_leading_out_of_the_project_are_refused(tmp_path, cli):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("secret article. It is secret.\n")
    (outside / "style.css").write_text("body{}")
    project = make_project(tmp_path / "p")
    (project / "seeds" / "lakeside.txt").unlink()
    (project / "seeds" / "lakeside.txt").symlink_to(outside / "secret.txt")
    (project / "templates" / "static" / "leak.css").symlink_to(outside / "style.css")
    result = cli(project, "build", "--no-search")
    assert result.code == 1
    assert result.problems == [SEEDS_FILE + ":3:11: `seeds/lakeside.txt` leads outside the project; keep seeds inside it, e.g. in seeds/"]
    (project / "seeds" / "lakeside.txt").unlink()
    (project / "seeds" / "lakeside.txt").write_text(SEED)
    result = cli(project, "build", "--no-search")
    assert result.problems == ["templates/static/leak.css:1:1: links to a file outside the project; refused (copy the file in instead)"]
    assert not (project / "site").exists()


def test_a_seed_with_nul_bytes_is_called_binary(tmp_path, cli):
    project = make_project(tmp_path / "p", {SEED_FILE: SEED.encode() + b"\x00\x01"})
    assert only_problem(cli, project) == (SEED_FILE + ":6:1: NUL byte: this looks like a binary file, not a text "
                                          "seed; save the article as UTF-8 text")


def test_nfd_quotes_crlf_seeds_and_boms_anchor_like_plain_text(tmp_path, cli):
    seed = "Talks in Genève ended.\r\nBoth sides said\r\nthey would return. Nobody else spoke.\r\n"
    records = RECORDS.replace("exact: The dispute began in 2019.", "exact: \"Gene\u0300ve\"").replace(
        'It is about a river\'s water.', "Both sides said they would return.")
    explainer = EXPLAINER.replace("exact: Talks between Northland and Southland ended in Lakeside on Friday.", "exact: Talks in Genève ended.")
    files = {SEED_FILE: b"\xef\xbb\xbf" + seed.encode(), RECORDS_FILE: records, EXPLAINER_FILE: explainer}
    project = make_project(tmp_path / "p", files)
    result = cli(project, "check")
    problems = [p for p in result.problems if "Genève" in p or "return" in p]
    assert problems == [], result.problems


def test_editor_litter_is_ignored_and_odd_file_names_work(tmp_path, cli):
    garbage = "this: [is not yaml\n"
    project = make_project(tmp_path / "p", {
        "content/.entities.yaml.swp": garbage, "content/entities.yaml~": garbage, "content/#entities.yaml#": garbage,
        "content/.#entities.yaml": garbage, "content/entities.yaml.bak": garbage,
        ENTITIES_FILE: None, "content/people and places — café.yaml": ENTITIES,
    })
    result = cli(project, "build", "--no-search")
    assert result.code == 0, result.err
    broken = write_files(project, {"content/people and places — café.yaml": ENTITIES.replace("name: Lakeside", "name: [")})
    assert cli(broken, "check").problems[0].startswith("content/people and places — café.yaml:12:11: unclosed bracket")


def test_text_fields_are_escaped_and_template_syntax_printed_literally(tmp_path, cli):
    hostile = ENTITIES.replace("name: Lakeside", "name: \"<script>alert(1)</script>{{ 7*7 }}\"").replace(
        "A town.", "\"[click](javascript:alert(1)) <img src=x onerror=alert(2)> {% raw %}\"")
    project = make_project(tmp_path / "p", {ENTITIES_FILE: hostile})
    assert cli(project, "build", "--no-search").code == 0
    page = (project / "site" / "entities" / "lakeside.html").read_text()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;{{ 7*7 }}" in page
    assert not EXECUTABLE_SCRIPT.search(page) and "javascript:" not in page and "onerror" not in page
    assert "{% raw %}" in page


def test_html_in_a_seed_is_shown_as_text(tmp_path, cli):
    seed = SEED.replace("promised more.", "promised <b onmouseover=alert(1)>more</b>.")
    records = RECORDS.replace("exact: Northland's envoy Ana Berg said the talks were",
                              "exact: \"Northland's envoy Ana Berg said the talks were “useful but hard,” and promised <b onmouseover=alert(1)>more</b>.\"")
    explainer = EXPLAINER.replace("exact: promised more", "exact: promised <b")
    project = make_project(tmp_path / "p", {SEED_FILE: seed, RECORDS_FILE: records, EXPLAINER_FILE: explainer})
    assert cli(project, "build", "--no-search").code == 0
    source = (project / "site" / "sources" / "lakeside.html").read_text()
    assert "&lt;b onmouseover=alert(1)&gt;more&lt;/b&gt;" in source
    assert "<b onmouseover" not in source


def _limited_build(project: Path, out: Path, max_bytes: int) -> subprocess.CompletedProcess:
    def limit():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (max_bytes, max_bytes))
    return subprocess.run([sys.executable, "-m", "generator", "--project", str(project), "build", "--no-search", "--out", str(out)],
                          capture_output=True, text=True, preexec_fn=limit, timeout=60)


def test_a_full_disk_leaves_the_previous_site_intact(tmp_path, cli):
    project = make_project(tmp_path / "p")
    assert cli(project, "build", "--no-search").code == 0
    before = tree_hash(project / "site")
    write_files(project, {ENTITIES_FILE: ENTITIES.replace("A town.", "A bigger town.")})
    result = _limited_build(project, project / "site", 2000)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith(f"explainer: could not write the site to {project / 'site'}: File too large")
    assert tree_hash(project / "site") == before
    assert sorted(p.name for p in project.iterdir() if p.name.startswith(".") and p.name != ".cache") == []  # no half-written folders


def test_a_killed_build_leaves_the_old_or_the_new_site_never_a_mixture(tmp_path, cli):
    project = make_project(tmp_path / "p")
    assert cli(project, "build", "--no-search").code == 0
    old = tree_hash(project / "site")
    write_files(project, {ENTITIES_FILE: ENTITIES.replace("A town.", "A changed town.")})
    for delay in (0.05, 0.15, 0.3, 0.45, 0.6):
        proc = subprocess.Popen([sys.executable, "-m", "generator", "--project", str(project), "build", "--no-search"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        assert tree_hash(project / "site") in (old, _clean_build_hash(tmp_path, project))


def _clean_build_hash(tmp_path: Path, project: Path) -> str:
    out = tmp_path / "clean"
    if not out.exists():
        subprocess.run([sys.executable, "-m", "generator", "--project", str(project), "build", "--no-search", "--out", str(out)], check=True,
                       capture_output=True)
    return tree_hash(out)


def test_two_builds_at_once_leave_one_complete_site(tmp_path):
    project = make_project(tmp_path / "p")
    procs = [subprocess.Popen([sys.executable, "-m", "generator", "--project", str(project), "build", "--no-search"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE) for _ in range(3)]
    assert [p.wait(60) for p in procs] == [0, 0, 0]
    assert tree_hash(project / "site") == _clean_build_hash(tmp_path, project)
    assert [p.name for p in project.iterdir() if p.name.startswith(".site")] == []
