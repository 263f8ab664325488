"""The benchmark keeps working: bench/run.py at N = 5, end to end (it is not part of CI otherwise)."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
RUN = REPO / "bench" / "run.py"


def bench(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(RUN), *args], cwd=cwd, capture_output=True, text=True, timeout=120)


def files(root: Path) -> dict[str, bytes]:
    """The project's inputs (content/, seeds/, templates/), not what a check or build left beside them."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for folder in ("content", "seeds", "templates")
            for p in sorted((root / folder).rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def emitted(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("bench")
    done = bench("--emit", str(tmp / "newsroom"), "--n", "5", cwd=tmp)
    assert done.returncode == 0, done.stderr
    assert f"wrote into {tmp / 'newsroom'}: 5 seeds in " in done.stdout
    return tmp / "newsroom"


def test_emit_writes_a_newsroom_that_checks_and_builds_with_no_problem(emitted, cli, tmp_path):
    explainers = sorted(p.name for p in (emitted / "content" / "explainers").iterdir())
    assert len(explainers) >= 2, explainers
    assert len(list((emitted / "seeds").glob("seed-*.txt"))) == 5
    checked = cli(emitted, "check")
    assert checked.code == 0, checked.err
    assert "0 problems;" in checked.out
    built = cli(emitted, "build", "--no-search", "--out", str(tmp_path / "site"))
    assert built.code == 0, built.err
    for slug in explainers:
        assert (tmp_path / "site" / slug / "index.html").is_file()
        assert f'href="{slug}/index.html"' in (tmp_path / "site" / "index.html").read_text(encoding="utf-8")


def test_same_n_gives_the_same_bytes_and_size_is_an_alias_of_n(emitted, tmp_path):
    done = bench("--emit", str(tmp_path / "again"), "--size", "5", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert files(tmp_path / "again") == files(emitted)


def test_the_annotation_edit_changes_one_record_in_one_explainers_folder(emitted, tmp_path):
    import shutil
    project = tmp_path / "p"
    shutil.copytree(emitted, project)
    before = files(project)
    sys.path.insert(0, str(REPO / "bench"))
    try:
        import edits
        edits.edit_annotation(project, 7)
        edits.edit_annotation(project, 8)  # replaces the first edit, never piles up
    finally:
        sys.path.remove(str(REPO / "bench"))
    after = files(project)
    changed = [name for name in before if before[name] != after[name]]
    assert len(changed) == 1 and changed[0].startswith("content/explainers/") and changed[0].endswith("/events.yaml")
    old, new = before[changed[0]].decode().splitlines(), after[changed[0]].decode().splitlines()
    diff = [(a, b) for a, b in zip(old, new, strict=True) if a != b]
    assert len(diff) == 1 and diff[0][1] == diff[0][0].replace('body: "', 'body: "Edited 8. ', 1)


def test_the_benchmark_runs_at_n_5_and_prints_its_table(tmp_path):
    # The quickest timing mode that still takes every measurement: one run, one kind of build
    # (without Pagefind), the rebuilds after each edit and the preview's rebuild.
    done = bench("--n", "5", "--runs", "1", "--builds", "no-search", "--scratch", str(tmp_path / "scratch"), cwd=tmp_path)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "| N seeds | build | pages |" in done.stdout
    rows = [line for line in done.stdout.splitlines() if line.startswith("| 5 | `explainer")]
    assert len(rows) == 1 and "`explainer --no-search`" in rows[0], done.stdout
    assert "rebuild, annotation edit" in done.stderr
    assert "preview (in-process) rebuild after an annotation edit: 0." in done.stderr
    rebuilds = [cell.strip() for cell in rows[0].split("|")[10:14]]
    assert len(rebuilds) == 4 and all(cell.endswith((" ms", " s")) for cell in rebuilds), rows[0]  # each one measured
