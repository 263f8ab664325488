"""Hostile folders and files around a build: the output folder and its neighbours, inputs that
cannot be read, symlink loops given as --out, and seed files wherever they are.

Only what the tool made, and can prove it made, is ever removed; an input it cannot read is a
one-line error; a symlink loop is a usage error; whatever a build reads decides whether the
next one has anything to do."""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from conftest import (ENTITIES, ENTITIES_FILE, REPO, SEED, SEED_FILE, SEEDS, SEEDS_FILE, make_project, tree_hash,
                      write_files)

NOBODY = 65534
SLOW = "{% for i in range(1000000000) %}{% endfor %}"  # a template that would render for many minutes
DEAD = 4_194_000  # process ids this high are not in use (the default limit is 4,194,304, often 32,768)


def run(project: Path, *args: str, timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator", "--project", str(project), *args],
                          capture_output=True, text=True, timeout=timeout, env={**os.environ, "PYTHONPATH": str(REPO)})


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".site"))


# --- 7. the output folder: only what the tool made, and can prove it made, is removed ---------------

def our_marker(name: str) -> str:
    return f"explainer build folder\n{name}\n"


FOREIGN = {  # folders beside site/ named like a build's, that no build made: each with a file of the user's
    ".site.old-2023-backup": None,
    f".site.new-{DEAD}-backup": None,
    f".site.old-{DEAD + 1}": None,
    f".site.new-{DEAD + 2}-abcdefgh": None,
    f".site-build-{DEAD + 3}-0123abcd": None,  # today's name, no marker
    f".site-build-{DEAD + 4}-89abcdef": ("our marker, another folder's name", our_marker(f".site-build-{DEAD + 5}-00000000")),
    f".site-build-{DEAD + 6}-deadbeef": ("a marker with other words", "explainer build folder\n"),
    f".site-build-{DEAD + 7}-feedface-copy": ("a copy of a build folder", our_marker(f".site-build-{DEAD + 7}-feedface-copy")),
}


def test_folders_named_like_a_builds_that_no_build_made_are_never_removed(tmp_path, cli):
    project = make_project(tmp_path / "p")
    assert cli(project, "build", "--no-search").code == 0
    made = {}
    for name, marker in FOREIGN.items():
        folder = project / name
        shutil.copytree(project / "site", folder / "backup")  # a copy of a site: it holds .explainer-site too
        (folder / "notes.txt").write_text("mine")
        if marker:
            (folder / ".explainer-build").write_text(marker[1])
        made[name] = tree_hash(folder)
    target = tmp_path / "elsewhere"  # a link named like a build folder, to a folder with a valid marker
    name = f".site-build-{DEAD + 8}-0badf00d"
    target.mkdir()
    (target / ".explainer-build").write_text(our_marker(name))
    (target / "notes.txt").write_text("mine")
    (project / name).symlink_to(target)
    write_files(project, {ENTITIES_FILE: ENTITIES.replace("A town.", "A lakeside town.")})
    assert cli(project, "build", "--no-search").code == 0
    assert "A lakeside town." in (project / "site/entities/lakeside.html").read_text()
    for foreign, before in made.items():
        assert (project / foreign).is_dir() and tree_hash(project / foreign) == before, foreign
    assert (project / name).is_symlink() and (target / "notes.txt").read_text() == "mine"
    assert leftovers(project) == sorted([*FOREIGN, name])  # and nothing of the build's own


def start_slow_build(project: Path, out: Path) -> subprocess.Popen:
    """A build that renders for minutes; returns once it is writing its temporary folder."""
    proc = subprocess.Popen([sys.executable, "-m", "generator", "--project", str(project), "build", "--no-search",
                             "--out", str(out)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            env={**os.environ, "PYTHONPATH": str(REPO)})
    deadline = time.monotonic() + 20
    while not any((p / out.name).is_dir() for p in out.parent.glob(f".{out.name}-build-{proc.pid}-*")):
        if time.monotonic() > deadline or proc.poll() is not None:
            proc.kill()
            proc.wait()
            raise AssertionError("the slow build never started writing its temporary folder")
        time.sleep(0.05)
    return proc


def slow(project: Path) -> str:
    template = project / "templates" / "entity.html"
    good = template.read_text()
    template.write_text(good.replace("{% block content %}", "{% block content %}" + SLOW, 1))
    return good


def test_the_temporary_folders_of_killed_builds_are_removed_by_the_next_build(tmp_path, cli):
    project = make_project(tmp_path / "p")
    assert cli(project, "build", "--no-search").code == 0
    good = slow(project)
    for _ in range(2):  # the second build removes what the first left, and leaves its own
        proc = start_slow_build(project, project / "site")
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        assert [n.split("-")[2] for n in leftovers(project)] == [str(proc.pid)]
    (project / "templates" / "entity.html").write_text(good)
    write_files(project, {ENTITIES_FILE: ENTITIES.replace("A town.", "A lakeside town.")})
    assert cli(project, "build", "--no-search").code == 0
    assert leftovers(project) == []
    assert "A lakeside town." in (project / "site/entities/lakeside.html").read_text()


def test_the_temporary_folder_of_a_running_build_is_left_alone(tmp_path, cli):
    slow_project, fast_project = make_project(tmp_path / "slow"), make_project(tmp_path / "fast")
    out = tmp_path / "out"
    assert cli(fast_project, "build", "--no-search", "--out", str(out)).code == 0
    slow(slow_project)
    proc = start_slow_build(slow_project, out)
    try:
        running = [p.name for p in tmp_path.glob(".out-build-*")]
        assert cli(fast_project, "build", "--no-search", "--out", str(out), "--base-url", "https://example.org/").code == 0
        assert [p.name for p in tmp_path.glob(".out-build-*")] == running  # still building: kept
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    assert cli(fast_project, "build", "--no-search", "--out", str(out)).code == 0
    assert list(tmp_path.glob(".out-*")) == []  # killed: removed


# --- running as a user without root's power over permissions ------------------------------------

class Unprivileged:
    """Runs explainer as an ordinary user (nobody, when the tests run as root) in a folder of its own."""

    def __init__(self, home: Path, prefix: list[str]):
        self.home, self.prefix = home, prefix

    def project(self, files: dict | None = None) -> Path:
        project = make_project(self.home / "p", files)
        self.own(self.home)
        return project

    def own(self, path: Path) -> None:
        if self.prefix:
            for folder, dirs, files in os.walk(path):
                for name in [folder, *(os.path.join(folder, n) for n in dirs + files)]:
                    os.lchown(name, NOBODY, NOBODY)

    def run(self, project: Path, *args: str) -> subprocess.CompletedProcess:
        env = {**os.environ, "PYTHONPATH": str(REPO), "PYTHONDONTWRITEBYTECODE": "1"}
        return subprocess.run([*self.prefix, sys.executable, "-m", "generator", "--project", str(project), *args],
                              capture_output=True, text=True, timeout=60, cwd=self.home, env=env)

    def chmod(self, path: Path, mode: int) -> None:
        """chmod as the user does it (root's chmod of the user's files works the same)."""
        path.chmod(mode)


@pytest.fixture
def unprivileged(tmp_path):
    if os.geteuid() != 0:
        yield Unprivileged(tmp_path, [])
        return
    setpriv = shutil.which("setpriv")
    if not setpriv:
        pytest.skip("running as root, which reads and writes any file whatever its permissions, and without setpriv "
                    "(util-linux) to run as an ordinary user")
    prefix = [setpriv, f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups"]
    check = subprocess.run([*prefix, sys.executable, "-c", "import generator"], cwd="/", capture_output=True, text=True,
                           env={**os.environ, "PYTHONPATH": str(REPO), "PYTHONDONTWRITEBYTECODE": "1"})
    if check.returncode != 0:
        pytest.skip(f"running as root, and the user nobody cannot run the generator from {REPO}: {check.stderr[-200:]}")
    home = Path(tempfile.mkdtemp(prefix="explainer-unprivileged-"))
    os.chown(home, NOBODY, NOBODY)
    try:
        yield Unprivileged(home, prefix)
    finally:
        for folder, dirs, _ in os.walk(home):
            for name in dirs:
                os.chmod(os.path.join(folder, name), 0o700)
        shutil.rmtree(home)


def test_a_read_only_site_is_replaced_whole_and_nothing_is_left_beside_it(unprivileged):
    project = unprivileged.project()
    assert unprivileged.run(project, "build", "--no-search").returncode == 0
    for folder, dirs, files in os.walk(project / "site"):
        for name in files:
            os.chmod(os.path.join(folder, name), 0o444)
    for folder, dirs, files in sorted(os.walk(project / "site"), reverse=True):
        os.chmod(folder, 0o555)
    write_files(project, {ENTITIES_FILE: ENTITIES.replace("A town.", "A lakeside town.")})
    unprivileged.own(project / ENTITIES_FILE)
    result = unprivileged.run(project, "build", "--no-search")
    assert result.returncode == 0, result.stderr
    assert "A lakeside town." in (project / "site/entities/lakeside.html").read_text()
    assert leftovers(project) == []
    assert unprivileged.run(project, "build", "--no-search").stdout.startswith("Nothing changed")


def test_an_output_folder_whose_parent_is_read_only_is_an_error_and_leaves_nothing(unprivileged):
    project = unprivileged.project()
    out = unprivileged.home / "locked" / "site"
    out.parent.mkdir()
    unprivileged.own(out.parent)
    assert unprivileged.run(project, "build", "--no-search", "--out", str(out)).returncode == 0
    before = tree_hash(out)
    write_files(project, {ENTITIES_FILE: ENTITIES.replace("A town.", "A lakeside town.")})
    unprivileged.own(project / ENTITIES_FILE)
    out.parent.chmod(0o555)
    result = unprivileged.run(project, "build", "--no-search", "--out", str(out))
    assert result.returncode == 1
    assert result.stderr == f"explainer: could not write the site to {out}: Permission denied; the previous site is unchanged\n"
    assert tree_hash(out) == before and sorted(p.name for p in out.parent.iterdir()) == ["site"]


# --- 1. inputs that cannot be read: one line each, exit 1, the previous site untouched ------------

UNREADABLE = {  # what is made unreadable (mode), and the line explainer prints for it
    "a content file": (ENTITIES_FILE, 0o000, f"{ENTITIES_FILE}:1:1: cannot read this file (permission denied); "
                                             f"make it readable (chmod u+r {ENTITIES_FILE})"),
    "the seeds folder": ("seeds", 0o000, "seeds:1:1: cannot read this folder (permission denied); make it readable "
                                         "(chmod u+rx seeds)"),
    "the seeds folder, listed but not searchable": ("seeds", 0o600, f"{SEED_FILE}:1:1: cannot read this file "
                                                                   f"(permission denied); make it readable (chmod u+r {SEED_FILE})"),
    "an explainer's folder": ("content/explainers/lakeside", 0o300, "content/explainers/lakeside:1:1: cannot read this "
                                                                    "folder (permission denied); make it readable "
                                                                    "(chmod u+rx content/explainers/lakeside)"),
    "a template": ("templates/entity.html", 0o200, "templates/entity.html:1:1: cannot read this file (permission denied); "
                                                   "make it readable (chmod u+r templates/entity.html)"),
}


@pytest.mark.parametrize("what", sorted(UNREADABLE))
def test_an_input_that_cannot_be_read_is_one_line(unprivileged, what):
    name, mode, line = UNREADABLE[what]
    project = unprivileged.project()
    assert unprivileged.run(project, "build", "--no-search").returncode == 0
    before = tree_hash(project / "site")
    write_files(project, {ENTITIES_FILE: ENTITIES.replace("A town.", "A lakeside town.")})
    unprivileged.own(project / ENTITIES_FILE)
    unprivileged.chmod(project / name, mode)
    result = unprivileged.run(project, "build", "--no-search")
    assert (result.returncode, result.stderr) == (1, f"{line}\n1 problem; nothing was written\n")
    assert tree_hash(project / "site") == before
    assert leftovers(project) == []


def test_every_input_that_cannot_be_read_is_listed(unprivileged):
    project = unprivileged.project()
    for name in ("seeds", ENTITIES_FILE, "templates/entity.html"):
        unprivileged.chmod(project / name, 0o000)
    result = unprivileged.run(project, "build", "--no-search")
    assert result.returncode == 1
    assert [line.split(": ")[0] for line in result.stderr.splitlines()] == [
        f"{ENTITIES_FILE}:1:1", "seeds:1:1", "templates/entity.html:1:1", "3 problems; nothing was written"]


def test_a_content_file_linked_to_a_file_that_cannot_be_read_is_refused_not_read(tmp_path, cli):
    # /proc/self/mem is a regular file that no one, root included, can read from its start
    project = make_project(tmp_path / "p", {ENTITIES_FILE: None})
    (project / ENTITIES_FILE).symlink_to("/proc/self/mem")
    result = cli(project, "build", "--no-search")
    assert result.code == 1 and "Traceback" not in result.err
    assert result.err.splitlines() == [
        f"{ENTITIES_FILE}:1:1: links to a file outside the project; refused (copy the file in instead)",
        "1 problem; nothing was written"]


@pytest.mark.parametrize("kind", ["a link to a file no one can read", "a FIFO", "a dangling link", "a link loop"])
def test_an_unregistered_file_in_seeds_that_cannot_be_read_is_not_read(tmp_path, cli, kind):
    project = make_project(tmp_path / "p")
    odd = project / "seeds" / "odd.txt"
    if kind == "a link to a file no one can read":
        odd.symlink_to("/proc/self/mem")
    elif kind == "a FIFO":
        os.mkfifo(odd)
    elif kind == "a dangling link":
        odd.symlink_to("missing.txt")
    else:
        odd.symlink_to(odd)
    assert cli(project, "build", "--no-search").code == 0
    assert cli(project, "build", "--no-search").out.startswith("Nothing changed")


def test_a_seed_replaced_by_a_fifo_fails_the_build_instead_of_hanging(tmp_path):
    project = make_project(tmp_path / "p")
    assert run(project, "build", "--no-search").returncode == 0
    (project / SEED_FILE).unlink()
    os.mkfifo(project / SEED_FILE)
    result = run(project, "build", "--no-search", timeout=20)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.splitlines()[0].startswith(f"{SEEDS_FILE}:3:11: ")


# --- symlink loops and impossible names for --out ------------------------------------------------

def loop(tmp_path: Path, kind: str) -> Path:
    if kind == "a link to itself":
        (tmp_path / "loop").symlink_to(tmp_path / "loop")
        return tmp_path / "loop"
    if kind == "two links to each other":
        (tmp_path / "a").symlink_to(tmp_path / "b")
        (tmp_path / "b").symlink_to(tmp_path / "a")
        return tmp_path / "a"
    (tmp_path / "loop").symlink_to("loop")
    return tmp_path / "loop" / "site"  # a folder inside a loop


LOOPS = ["a link to itself", "two links to each other", "a folder inside a loop"]


@pytest.mark.parametrize("kind", LOOPS)
def test_build_out_a_symlink_loop_is_a_usage_error(tmp_path, cli, kind):
    project = make_project(tmp_path / "p")
    out = loop(tmp_path, kind)
    result = cli(project, "build", "--no-search", "--out", str(out))
    assert (result.code, result.err) == (2, f"explainer: cannot use {out} as the output folder: it leads into a symlink "
                                            "loop; remove the link or choose another folder\n")


def test_a_site_folder_that_is_a_symlink_loop_is_a_usage_error(tmp_path, cli):
    project = make_project(tmp_path / "p")
    (project / "site").symlink_to("site")
    result = cli(project, "build", "--no-search")
    assert (result.code, result.err) == (2, f"explainer: cannot use {project / 'site'} as the output folder: it leads "
                                            "into a symlink loop; remove the link or choose another folder\n")


@pytest.mark.parametrize("kind", LOOPS)
def test_export_out_a_symlink_loop_is_a_usage_error(tmp_path, cli, kind):
    project = make_project(tmp_path / "p")
    out = loop(tmp_path, kind)
    result = cli(project, "export", "annotations", "--out", str(out))
    assert (result.code, result.err) == (2, f"explainer: --out {out} leads into a symlink loop; remove the link or give "
                                            "another file name, e.g. annotations.jsonld\n")


def test_out_names_too_long_for_the_file_system_are_usage_errors(tmp_path, cli):
    project = make_project(tmp_path / "p")
    out = tmp_path / ("x" * 300)
    result = cli(project, "build", "--no-search", "--out", str(out))
    assert (result.code, result.err) == (2, f"explainer: cannot use {out} as the output folder: file name too long; "
                                            "choose another folder\n")
    result = cli(project, "export", "annotations", "--out", str(out))
    assert (result.code, result.err) == (2, f"explainer: --out {out}: file name too long; give another file name, "
                                            "e.g. annotations.jsonld\n")


def test_an_output_folder_with_the_longest_name_builds(tmp_path, cli):
    project = make_project(tmp_path / "p")
    out = tmp_path / ("y" * 255)
    assert cli(project, "build", "--no-search", "--out", str(out)).code == 0
    assert (out / "index.html").is_file()
    export = tmp_path / ("z" * 250 + ".json")
    assert cli(project, "export", "annotations", "--out", str(export)).code == 0
    assert export.read_text().startswith("{")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["p", out.name, export.name])


# --- 9. whatever a build reads decides whether the next build has anything to do -----------------

SEED_PLACES = ["articles/lakeside.txt", "seeds/lakeside.orig", "seeds/.lakeside.txt", "seeds/lakeside.txt~",
               "notes/lakeside.txt.bak", "seeds/old/#lakeside.txt#", SEED_FILE]


@pytest.mark.parametrize("place", SEED_PLACES)
def test_an_edited_seed_is_rebuilt_wherever_it_is_and_whatever_its_name(tmp_path, cli, place):
    files = {SEED_FILE: None, place: SEED, SEEDS_FILE: SEEDS.replace(SEED_FILE, place)}
    project = make_project(tmp_path / "p", files)
    assert cli(project, "build", "--no-search").out.startswith("Built ")
    assert cli(project, "build", "--no-search").out.startswith("Nothing changed")
    (project / place).write_text(SEED + "Observers expected no quick result.\n")
    assert cli(project, "build", "--no-search").out.startswith("Built ")
    assert "Observers expected no quick result." in (project / "site/sources/lakeside.html").read_text()
    assert cli(project, "build", "--no-search").out.startswith("Nothing changed")


@pytest.mark.parametrize("change", ["deleted", "made a link out of the project", "made invalid UTF-8", "made a FIFO"])
def test_a_seed_outside_seeds_that_can_no_longer_be_read_is_never_up_to_date(tmp_path, cli, change):
    place = "articles/lakeside.txt"
    project = make_project(tmp_path / "p", {SEED_FILE: None, place: SEED, SEEDS_FILE: SEEDS.replace(SEED_FILE, place)})
    assert cli(project, "build", "--no-search").code == 0
    before = tree_hash(project / "site")
    seed = project / place
    seed.unlink()
    if change == "made a link out of the project":
        (tmp_path / "outside.txt").write_text(SEED)
        seed.symlink_to(tmp_path / "outside.txt")
    elif change == "made invalid UTF-8":
        seed.write_bytes(SEED.encode() + b"\xff\n")
    elif change == "made a FIFO":
        os.mkfifo(seed)
    result = run(project, "build", "--no-search", timeout=20)  # a subprocess: a FIFO must not hang the tests either
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.startswith(f"{SEEDS_FILE}:3:11: " if change != "made invalid UTF-8" else f"{place}:")
    assert tree_hash(project / "site") == before


def test_a_damaged_list_of_files_read_only_costs_a_build(tmp_path, cli):
    project = make_project(tmp_path / "p", {SEED_FILE: None, "articles/a.txt": SEED,
                                            SEEDS_FILE: SEEDS.replace(SEED_FILE, "articles/a.txt")})
    assert cli(project, "build", "--no-search").code == 0
    marker = project / "site" / ".explainer-site"
    good = marker.read_text()
    for damaged in (good.replace("articles/a.txt", "articles/b.txt"), good.split("\n")[0] + "\n[1, 2]",
                    good.split("\n")[0] + "\nnot json", good.replace("articles/a.txt", "../../etc/hostname")):
        marker.write_text(damaged)
        assert cli(project, "build", "--no-search").out.startswith("Built "), damaged
        assert marker.read_text() == good
