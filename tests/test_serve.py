"""The preview server, run for real on a free port."""
from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import ENTITIES, ENTITIES_FILE, make_project

CANARY = "CANARY-7f3a-never-served"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, project: Path, tmp: Path, *args: str):
        self.project, self.port, self.tmp = project, free_port(), tmp
        tmp.mkdir(exist_ok=True)
        env = {**os.environ, "TMPDIR": str(tmp), "PYTHONUNBUFFERED": "1"}
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "generator", "--project", str(project), "serve", "--port", str(self.port), *args],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
        self.lines: list[str] = []
        self.wait_for_output("Serving the site at")

    def wait_for_output(self, text: str, timeout: float = 20) -> None:
        os.set_blocking(self.proc.stdout.fileno(), False)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            line = self.proc.stdout.readline()
            if line:
                self.lines.append(line)
                if text in line:
                    return
            elif self.proc.poll() is not None:
                break
            else:
                time.sleep(0.05)
        raise AssertionError(f"server never printed {text!r}; output: {''.join(self.lines)}")

    def raw(self, request_line: str, host: str | None = None) -> tuple[int, bytes]:
        """Send one HTTP request over a plain socket, exactly as written."""
        host = host or f"127.0.0.1:{self.port}"
        with socket.create_connection(("127.0.0.1", self.port), timeout=5) as s:
            s.sendall(f"{request_line} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode())
            data = b""
            while chunk := s.recv(65536):
                data += chunk
        status = int(data.split(b" ", 2)[1])
        return status, data.partition(b"\r\n\r\n")[2]

    def get(self, path: str) -> tuple[int, str]:
        status, body = self.raw(f"GET {path}")
        return status, body.decode("utf-8")

    def until(self, path: str, predicate, timeout: float = 15) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            status, body = self.get(path)
            if predicate(body):
                return body
            time.sleep(0.1)
        raise AssertionError(f"{path} never matched; last body ends: {body[-500:]}")

    def stop(self) -> int:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
        rest = self.proc.stdout.read() or ""
        self.lines.append(rest)
        return self.proc.returncode


@pytest.fixture
def server(tmp_path):
    project = make_project(tmp_path / "project")
    (tmp_path / "canary.txt").write_text(CANARY)
    (project / "canary.txt").write_text(CANARY)
    running = Server(project, tmp_path / "tmp")
    yield running
    running.stop()


def test_serves_pages_with_the_reload_script_only_in_responses(server):
    status, body = server.get("/")
    assert status == 200 and "Lakeside talks" in body
    assert '<script src="/livereload.js' in body
    status, _ = server.get("/entities/ana-berg.html")
    assert status == 200
    status, missing = server.get("/no-such-page.html")
    assert status == 404 and "not found" in missing.lower()
    built = list(server.tmp.rglob("index.html"))
    assert built and all("livereload" not in p.read_text() for p in built)


def test_the_preview_marks_each_claims_anchor_health_and_counts_them(server):
    _, home = server.get("/")
    assert "Anchor health" not in home  # the totals are an explainer's
    _, overview = server.get("/lakeside/")
    assert "Anchor health" in overview
    assert '<span class="health health-anchored">anchored</span> 4' in overview
    # the totals count the explainer's own claims (4, all cited); entities are the site's, marked on their pages
    assert '<span class="health health-needs-a-source">needs a source</span> 0' in overview
    _, statements = server.get("/lakeside/statements.html")
    assert '<span class="health health-anchored">anchored</span>' in statements
    _, entity = server.get("/entities/ana-berg.html")
    assert '<span class="health health-needs-a-source">needs a source</span>' in entity


def test_an_edit_is_rebuilt_and_served(server):
    entities = server.project / ENTITIES_FILE
    entities.write_text(ENTITIES.replace("Northland's envoy.", "Northland's chief envoy since 2020."))
    body = server.until("/entities/ana-berg.html", lambda b: "chief envoy since 2020" in b)
    assert "explainer_build_error" not in body
    server.wait_for_output("rebuilt in")
    rendered, pages = map(int, re.search(r"\((\d+) of (\d+) pages rendered\)", server.lines[-1]).groups())
    assert 0 < rendered < pages  # the other entity pages and the source page were kept


def test_a_broken_file_shows_the_error_over_the_last_good_site_and_fixing_recovers(server):
    entities = server.project / ENTITIES_FILE
    entities.write_text(ENTITIES.replace("name: Ana Berg", "name: [<b>Ana</b> oops"))
    body = server.until("/entities/ana-berg.html", lambda b: "explainer_build_error" in b)
    assert "Ana Berg" in body  # the last good page is still served
    assert f"{ENTITIES_FILE}:16:11: unclosed bracket" in body
    assert "<b>Ana</b>" not in body.split("explainer_build_error")[1].split("</div>")[0]  # escaped
    server.wait_for_output(f"{ENTITIES_FILE}:16:11: unclosed bracket")
    assert any("build failed (1 problem); still serving the last good site" in line for line in server.lines)
    assert server.proc.poll() is None
    entities.write_text(ENTITIES)
    server.until("/entities/ana-berg.html", lambda b: "explainer_build_error" not in b)


def test_a_burst_of_saves_gives_one_rebuild(server):
    entities = server.project / ENTITIES_FILE
    for n in range(6):
        entities.write_text(ENTITIES.replace("A town.", f"A town, version {n}."))
        time.sleep(0.02)
    server.until("/entities/lakeside.html", lambda b: "version 5" in b)
    time.sleep(1)
    server.stop()
    assert sum("rebuilt in" in line for line in server.lines) == 1, server.lines


def test_a_save_by_rename_is_noticed(server):
    entities = server.project / ENTITIES_FILE
    temporary = entities.with_name(".entities.yaml.tmp")
    temporary.write_text(ENTITIES.replace("A town.", "A renamed town."))
    os.replace(temporary, entities)
    server.until("/entities/lakeside.html", lambda b: "A renamed town." in b)


@pytest.mark.parametrize("request_line", [
    "GET /../canary.txt", "GET /../../canary.txt", "GET /%2e%2e/canary.txt", "GET /%2E%2E/%2e%2e/canary.txt",
    "GET /..%2fcanary.txt", "GET /%2e%2e%2f%2e%2e%2fcanary.txt", "GET /static/../../canary.txt",
    "GET /static/%2e%2e/%2e%2e/canary.txt", "GET //etc/passwd", "GET /..\\canary.txt", "GET /%5c..%5ccanary.txt",
    "GET /.git/config", "GET /.explainer-site", "GET http://127.0.0.1/../canary.txt", "GET /%00../canary.txt",
    "GET /leak.txt",
])
def test_nothing_outside_the_served_folder_is_ever_sent(server, request_line):
    for build in server.tmp.glob("explainer-preview-*/build-*"):
        (build / "leak.txt").symlink_to(server.project / "canary.txt")
    status, body = server.raw(request_line)
    assert status in (400, 403, 404)
    assert CANARY.encode() not in body
    assert b"root:" not in body


def test_foreign_host_headers_are_refused(server):
    assert server.raw("GET /", host="evil.example")[0] == 403
    assert server.raw("GET /livereload.js", host="evil.example:80")[0] == 403
    assert server.raw("GET /", host=f"localhost:{server.port}")[0] == 200


def test_the_reload_socket_refuses_foreign_origins(server):
    def handshake(origin: str) -> bytes:
        with socket.create_connection(("127.0.0.1", server.port), timeout=5) as s:
            s.sendall((f"GET /livereload HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\nUpgrade: websocket\r\n"
                       "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                       f"Sec-WebSocket-Version: 13\r\nOrigin: {origin}\r\n\r\n").encode())
            return s.recv(4096)
    assert handshake("http://evil.example").startswith(b"HTTP/1.1 403")
    assert handshake(f"http://127.0.0.1:{server.port}").startswith(b"HTTP/1.1 101")


def test_port_in_use_is_a_clear_usage_error(server):
    result = subprocess.run([sys.executable, "-m", "generator", "--project", str(server.project), "serve",
                             "--port", str(server.port)], capture_output=True, text=True, timeout=30)
    assert result.returncode == 2
    assert f"port {server.port} on 127.0.0.1 is already in use" in result.stderr
    assert "Traceback" not in result.stderr
    assert "Built" not in result.stdout  # the port is checked before anything is built


def test_ctrl_c_exits_0_and_leaves_no_temporary_folder(server):
    assert list(server.tmp.glob("explainer-preview-*"))
    assert server.stop() == 0
    assert list(server.tmp.iterdir()) == []


def test_binding_elsewhere_warns(tmp_path):
    project = make_project(tmp_path / "project")
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "generator", "--project", str(project), "serve", "--host", "0.0.0.0",
                             "--port", str(port)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            env={**os.environ, "PYTHONUNBUFFERED": "1"})
    try:
        output = ""
        while "Serving" not in output:
            output += proc.stdout.readline()
        assert "WARNING: serving on 0.0.0.0, reachable from other machines" in output
    finally:
        proc.send_signal(signal.SIGINT)
        proc.wait(10)
