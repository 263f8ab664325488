"""Two builds of the same input are byte-identical, wherever and whenever they run."""
import os
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import REPO, tree_hash


def build(project: Path, out: Path, tz: str, hashseed: str, epoch: str) -> None:
    env = {**os.environ, "TZ": tz, "PYTHONHASHSEED": hashseed, "SOURCE_DATE_EPOCH": epoch}
    subprocess.run([sys.executable, "-m", "generator", "--project", str(project), "build", "--out", str(out)],
                   env=env, check=True, capture_output=True)


def test_builds_in_different_folders_zones_and_hash_seeds_are_identical(tmp_path):
    copy = tmp_path / "elsewhere" / "project"
    shutil.copytree(REPO, copy, ignore=shutil.ignore_patterns(".venv", "node_modules", "site", ".git", "__pycache__",
                                                             ".pytest_cache", ".hypothesis", "screenshots"))
    build(REPO, tmp_path / "a", "UTC", "1", "1700000000")
    build(copy, tmp_path / "b", "Pacific/Kiritimati", "4242", "1800000000")
    assert tree_hash(tmp_path / "a") == tree_hash(tmp_path / "b")


def test_an_unchanged_rebuild_keeps_the_site_and_equals_a_clean_build(tmp_path, cli):
    from conftest import ENTITIES, ENTITIES_FILE, make_project, write_files

    project = make_project(tmp_path / "p")
    assert cli(project, "build", "--no-search").code == 0
    again = cli(project, "build", "--no-search")
    assert again.code == 0 and again.out.startswith("Nothing changed since the last build")
    write_files(project, {ENTITIES_FILE: ENTITIES.replace("A town.", "A lakeside town.")})
    assert cli(project, "build", "--no-search").out.startswith("Built ")
    (project / "site" / ".explainer-site").write_text("corrupt")  # a damaged fingerprint only forces a build
    assert cli(project, "build", "--no-search").out.startswith("Built ")
    clean = tmp_path / "clean"
    assert cli(project, "build", "--no-search", "--out", str(clean)).code == 0
    assert tree_hash(project / "site") == tree_hash(clean)
    assert "A lakeside town." in (clean / "entities" / "lakeside.html").read_text()
