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
