"""The preview under hostile input, run for real on a free port: it always starts, shows every
failed build in its panel, recovers at the next good save, gives way to a newer save, stops at
once on Ctrl-C leaving nothing behind, watches every file a build reads, and never logs a traceback."""
from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import (ENTITIES, ENTITIES_FILE, EXPLAINER, EXPLAINER_FILE, SEED, SEED_FILE, SEEDS, SEEDS_FILE, make_project,
                      write_files)
from test_serve import Server, free_port

SLOW = "{% for i in range(1000000000) %}{% endfor %}"  # a template that would render for many minutes
RECOVERY_SECONDS = 2.0  # from the good save to the good page served: about 0.7 s here, with room for a busy machine

# Input that crashes the build (or, once the generator turns it into a problem, fails it): (file, good text, bad text)
CRASHES = {
    "a template dividing by zero": ("templates/entity.html", "{% block content %}", "{% block content %}{{ 1 // 0 }}"),
    "500 nested list markers in Markdown": (ENTITIES_FILE, "description: A town.", 'description: "' + "- " * 500 + 'x"'),
    "500 nested numbered lists in Markdown": (ENTITIES_FILE, "description: A town.", 'description: "' + "1. " * 500 + 'x"'),
}
FAILURES = {  # input that fails the build with a content or template problem
    "a YAML syntax error": (ENTITIES_FILE, "name: Ana Berg", "name: [Ana"),
    "a template syntax error": ("templates/entity.html", "{% block content %}", "{% block content %}{% if %}"),
    **CRASHES,
}


class Starting(Server):
    """A server started without waiting for its first build, which may never end."""

    def __init__(self, project: Path, tmp: Path):
        self.project, self.port, self.tmp = project, free_port(), tmp
        tmp.mkdir(exist_ok=True)
        env = {**os.environ, "TMPDIR": str(tmp), "PYTHONUNBUFFERED": "1"}
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "generator", "--project", str(project), "serve", "--port", str(self.port)],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
        self.lines: list[str] = []

    def until_up(self, timeout: float = 20) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                self.get("/")
                return
            except OSError:
                time.sleep(0.05)
        raise AssertionError("the server never answered")


def edit(project: Path, name: str, before: str, after: str) -> str:
    """Replace before by after in a project file; return the file's previous text."""
    path = project / name
    text = path.read_text()
    assert before in text, (name, before)
    path.write_text(text.replace(before, after, 1))
    return text


def panel(body: str) -> str:
    assert 'id="explainer_build_error"' in body
    return body.split('id="explainer_build_error"', 1)[1].split("</div>", 1)[0]


def recovers(server: Server, path: str, expected: str) -> float:
    """Seconds from now (the good save) until path is served with expected and no panel."""
    saved = time.monotonic()
    server.until(path, lambda b: expected in b and "explainer_build_error" not in b)
    return time.monotonic() - saved


def no_traceback(server: Server) -> None:
    server.stop()
    output = "".join(server.lines)
    assert "Traceback" not in output, output


@pytest.mark.parametrize("what", sorted(CRASHES))
def test_input_that_crashes_the_first_build_starts_the_server_with_the_panel(tmp_path, what):
    name, good, bad = CRASHES[what]
    project = make_project(tmp_path / "p")
    edit(project, name, good, bad)
    server = Server(project, tmp_path / "tmp")  # waits for "Serving the site at"
    try:
        status, body = server.get("/")
        assert status == 500
        problems = re.findall(r"<li><code>([^<]+)</code></li>", panel(body))
        assert len(problems) == 1 and (re.match(r"[\w/.-]+:\d+:\d+: ", problems[0]) or "the build crashed (" in problems[0])
        edit(project, name, bad, good)
        assert recovers(server, "/entities/lakeside.html", "A town.") < RECOVERY_SECONDS
        assert server.proc.poll() is None
    finally:
        no_traceback(server)


@pytest.mark.parametrize("what", sorted(FAILURES))
def test_every_failed_rebuild_shows_the_panel_and_the_next_good_save_recovers(tmp_path, what):
    name, good, bad = FAILURES[what]
    project = make_project(tmp_path / "p")
    server = Server(project, tmp_path / "tmp")
    try:
        edit(project, name, good, bad)
        body = server.until("/entities/ana-berg.html", lambda b: "explainer_build_error" in b)
        assert "Ana Berg" in body  # the last good page, under the panel
        assert re.findall(r"<li><code>([^<]+)</code></li>", panel(body))
        edit(project, name, bad, good)
        assert recovers(server, "/entities/ana-berg.html", "Ana Berg") < RECOVERY_SECONDS
    finally:
        no_traceback(server)


def test_a_template_crash_is_shown_at_its_template_line(tmp_path):
    project = make_project(tmp_path / "p")
    server = Server(project, tmp_path / "tmp")
    try:
        edit(project, "templates/entity.html", "{% block content %}", "{% block content %}{{ 1 // 0 }}")
        body = server.until("/entities/lakeside.html", lambda b: "explainer_build_error" in b)
        line = re.findall(r"<li><code>([^<]+)</code></li>", panel(body))[0]
        number = next(n for n, text in enumerate((project / "templates/entity.html").read_text().splitlines(), 1)
                      if "1 // 0" in text)
        assert re.match(rf"templates/entity\.html:{number}:1: .*division .*by zero", line), line
    finally:
        no_traceback(server)


@pytest.mark.parametrize("marker", ["- ", "* ", "+ ", "1. "])
def test_markdown_is_converted_again_after_a_crashed_rebuild(tmp_path, marker):
    project = make_project(tmp_path / "p")
    server = Server(project, tmp_path / "tmp")
    try:
        edit(project, ENTITIES_FILE, "description: A town.", 'description: "' + marker * 500 + 'x"')
        server.until("/entities/lakeside.html", lambda b: "explainer_build_error" in b)
        (project / ENTITIES_FILE).write_text(ENTITIES.replace("A town.", "A *lakeside* town with a [port](https://example.org/)."))
        body = server.until("/entities/lakeside.html", lambda b: "explainer_build_error" not in b)
        assert "A <em>lakeside</em> town with a <a" in body  # not "A *lakeside* town" from a converter left broken
    finally:
        no_traceback(server)


@pytest.mark.parametrize("when", ["while serving", "at start"])
def test_a_newer_save_supersedes_a_slow_build(tmp_path, when):
    project = make_project(tmp_path / "p")
    template = project / "templates" / "entity.html"
    good = template.read_text()
    if when == "at start":
        template.write_text(good.replace("{% block content %}", "{% block content %}" + SLOW, 1))
        server = Starting(project, tmp_path / "tmp")
        server.until_up()
        status, body = server.get("/")
        assert status == 503 and "being built" in body and "/livereload.js" in body
    else:
        server = Server(project, tmp_path / "tmp")
        template.write_text(good.replace("{% block content %}", "{% block content %}" + SLOW, 1))
    try:
        time.sleep(1.5)  # the slow build is well under way
        template.write_text(good)
        (project / ENTITIES_FILE).write_text(ENTITIES.replace("A town.", "A town, fixed."))
        assert recovers(server, "/entities/lakeside.html", "A town, fixed.") < RECOVERY_SECONDS
        server.wait_for_output("a newer save supersedes it")
        if when == "at start":
            server.wait_for_output("Serving the site at")
    finally:
        no_traceback(server)


@pytest.mark.parametrize("when", ["while serving", "at start"])
def test_ctrl_c_during_a_slow_build_stops_at_once_and_leaves_no_folder(tmp_path, when):
    project = make_project(tmp_path / "p")
    template = project / "templates" / "entity.html"
    slow = template.read_text().replace("{% block content %}", "{% block content %}" + SLOW, 1)
    if when == "at start":
        template.write_text(slow)
        server = Starting(project, tmp_path / "tmp")
        server.until_up()
    else:
        server = Server(project, tmp_path / "tmp")
        template.write_text(slow)
    time.sleep(1.5)  # the slow build is writing its folder
    assert list(server.tmp.rglob("build-*")) or list(server.tmp.rglob(".build-*"))
    started = time.monotonic()
    server.proc.send_signal(signal.SIGINT)
    assert server.proc.wait(5) == 0
    assert time.monotonic() - started < 2
    assert list(server.tmp.iterdir()) == []
    assert not list(project.glob(".site*")) and not (project / "site").exists()  # the preview never writes there
    rest = server.proc.stdout.read()
    assert "Stopped." in rest and "Traceback" not in rest


@pytest.mark.parametrize("request_line", [
    "GET /" + "a" * 8000,
    "GET /entities/" + "b" * 300 + ".html",
    "GET /" + "c" * 255,
    "GET /" + "/".join(["d" * 200] * 30),
    "GET /" + "%C3%A9" * 200,
    "HEAD /" + "e" * 8000,
    "GET /loop.html",
    "GET /loop/index.html",
])
def test_odd_request_paths_get_not_found_and_no_traceback(tmp_path, request_line):
    project = make_project(tmp_path / "p")
    server = Server(project, tmp_path / "tmp")
    try:
        for build in server.tmp.glob("explainer-preview-*/build-*"):
            (build / "loop.html").symlink_to(build / "loop.html")
            (build / "loop").symlink_to(build / "loop")
        status, body = server.raw(request_line)
        assert status == 404
        if request_line.startswith("GET"):
            assert b"Page not found" in body
        assert server.get("/")[0] == 200  # still serving
    finally:
        no_traceback(server)


@pytest.mark.parametrize("host", ["[", "[::1", "a]b[", "%zz", "\u00e9"])
def test_malformed_host_headers_are_refused_without_a_traceback(tmp_path, host):
    project = make_project(tmp_path / "p")
    server = Server(project, tmp_path / "tmp")
    try:
        assert server.raw("GET /", host=host)[0] in (400, 403)
        assert server.raw("GET /livereload.js", host=host)[0] in (400, 403)
    finally:
        no_traceback(server)


SEED_PLACES = ["articles/lakeside.txt", "seeds/lakeside.orig", "seeds/.lakeside.txt", "seeds/lakeside.txt~",
               "notes/lakeside.txt.bak", "seeds/old/#lakeside.txt#"]


@pytest.mark.parametrize("place", SEED_PLACES)
def test_the_preview_watches_a_seed_wherever_it_is_and_whatever_its_name(tmp_path, place):
    project = make_project(tmp_path / "p", {SEED_FILE: None, place: SEED, SEEDS_FILE: SEEDS.replace(SEED_FILE, place)})
    server = Server(project, tmp_path / "tmp")
    try:
        _, page = server.get("/sources/lakeside.html")
        assert "Talks between Northland" in page
        (project / place).write_text(SEED + "Observers expected no quick result.\n")
        server.until("/sources/lakeside.html", lambda b: "Observers expected no quick result." in b)
    finally:
        no_traceback(server)


@pytest.mark.parametrize("place", ["articles/lakeside.txt", "seeds/.lakeside.txt"])
def test_a_missing_seed_file_created_later_is_noticed(tmp_path, place):
    project = make_project(tmp_path / "p", {SEED_FILE: None, SEEDS_FILE: SEEDS.replace(SEED_FILE, place)})
    server = Server(project, tmp_path / "tmp")
    try:
        status, body = server.get("/")
        assert status == 500 and f"seed file `{place}` does not exist" in panel(body)
        (project / place).parent.mkdir(exist_ok=True)
        (project / place).write_text(SEED)
        assert recovers(server, "/sources/lakeside.html", "Talks between Northland") < RECOVERY_SECONDS
    finally:
        no_traceback(server)


def test_a_seed_no_longer_named_is_no_longer_watched(tmp_path):
    project = make_project(tmp_path / "p", {SEED_FILE: None, "articles/lakeside.txt": SEED,
                                            SEEDS_FILE: SEEDS.replace(SEED_FILE, "articles/lakeside.txt")})
    server = Server(project, tmp_path / "tmp")
    try:
        write_files(project, {SEED_FILE: SEED, SEEDS_FILE: SEEDS})
        server.wait_for_output("rebuilt in")
        (project / "articles/lakeside.txt").write_text("Changed, but no longer a seed.\n")
        (project / EXPLAINER_FILE).write_text(EXPLAINER.replace("title: Lakeside talks", "title: Lakeside talks, again"))
        server.until("/lakeside/", lambda b: "Lakeside talks, again" in b)
        server.stop()
        rebuilds = [line for line in server.lines if "rebuilt in" in line or "build failed" in line]
        assert len(rebuilds) == 2 and "articles/lakeside.txt" not in rebuilds[1], rebuilds
    finally:
        no_traceback(server)
