"""Live preview: watch the inputs, rebuild into a fresh folder, serve the last good site.

A failed build never stops the server: pages keep coming from the last good
build, with the problems shown in a panel on every page. The reload script and
the panel are added only to responses, never to built files.
"""
from __future__ import annotations

import asyncio
import errno
import functools
import html
import ipaddress
import json
import logging
import mimetypes
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import traceback
import webbrowser
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urlsplit

from livereload.handlers import LiveReloadHandler, LiveReloadJSHandler
from tornado import httpserver, ioloop, web

from . import project as layout
from .errors import ContentError, OutputError, UsageError

POLL_SECONDS = 0.2
QUIET_SECONDS = 0.15  # a burst of saves settles before one rebuild
SUPERSEDE_SECONDS = 1.0  # a build running this long (and twice as long as the last one) gives way to a newer save
LOOPBACK_NAMES = {"localhost", "127.0.0.1", "::1", "[::1]"}
MAX_SEGMENT_BYTES = 255  # no file name is longer
PACKAGE_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Outcome:
    """The result of one build: the folder it wrote, or the problems it found."""

    folder: Path | None
    problems: tuple[str, ...]
    seconds: float
    rendered: str = ""  # "3 of 29 pages rendered", when the build says
    reads: tuple[str, ...] = ()  # the seed files it read (or, when it failed, the ones the content names)
    crashed: bool = False  # the generator failed, not the content: a fresh build process takes over


def input_snapshot(project: Path, extra: tuple[str, ...] = ()) -> dict[str, tuple[int, int, int] | None]:
    """Every watched input file with its mtime, size and inode (catches save-by-rename): the files
    of the input folders, editor litter left out, and the extra files (project paths) the last
    build read wherever they are, None for one that is missing."""
    snapshot = {}
    for folder in layout.INPUT_FOLDERS:
        root = project / folder
        if not root.is_dir():
            continue
        for dirpath, dirnames, filenames in os.walk(root):
            dirnames[:] = [d for d in dirnames if not layout.is_litter(Path(d))]
            for name in filenames:
                if layout.is_litter(Path(name)):
                    continue
                path = os.path.join(dirpath, name)
                try:
                    st = os.stat(path)
                except OSError:
                    continue
                snapshot[os.path.relpath(path, project)] = (st.st_mtime_ns, st.st_size, st.st_ino)
    for name in extra:
        try:
            st = os.stat(project / name)
            snapshot[name] = (st.st_mtime_ns, st.st_size, st.st_ino)
        except (OSError, ValueError):
            snapshot[name] = None
    return snapshot


def changed_files(before: dict, after: dict) -> list[str]:
    return sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))


def run_build(build, project: Path, out: Path) -> Outcome:
    """One build into out, whatever happens in it: its folder, or the problems to show."""
    started = time.perf_counter()
    crashed = False
    try:
        report = build(project, out)
    except ContentError as exc:
        problems = tuple(str(p) for p in exc.problems)
    except OutputError as exc:
        problems = (str(exc),)
    except Exception as exc:  # a fault of the generator, not of the content: shown like any problem
        problems, crashed = (crash_problem(project, exc),), True
    else:
        from .fingerprint import read_files
        pages = getattr(report, "pages", 0)
        rendered = f"{pages - report.reused} of {pages} pages rendered" if pages else ""
        reads = read_files(report.site) if getattr(report, "site", None) is not None else ()
        return Outcome(out, (), time.perf_counter() - started, rendered, reads)
    return Outcome(None, problems, time.perf_counter() - started, reads=_named_seed_files(build, project), crashed=crashed)


def crash_problem(project: Path, exc: BaseException) -> str:
    """One line for a crash of the build, at the input file (a template) it happened in, if any."""
    where = ""
    inputs = [(project / folder).resolve() for folder in layout.INPUT_FOLDERS]
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        path = Path(frame.filename)
        if path.is_absolute() and any(path.is_relative_to(folder) for folder in inputs):
            where = f"{layout.shown(project.resolve(), path)}:{frame.lineno or 1}:1: "
            break
    detail = " ".join(f"{type(exc).__name__}: {exc}".split())
    detail = detail if len(detail) <= 300 else detail[:299] + "…"
    return f"{where}the build crashed ({detail}); this is a fault of the generator: please report it"


def _named_seed_files(build, project: Path) -> tuple[str, ...]:
    """The seed files the content's seed records name, to watch while a build fails."""
    try:
        from .errors import Problems
        memo = getattr(build, "keywords", {}).get("parsed")
        content = layout.read_content(project, Problems(), memo)
        files = {rec.get("file") for rec in content.collections.get("seeds", ())}
        return tuple(sorted(f for f in files if isinstance(f, str)))
    except Exception:  # the build has said what is wrong; watching the folders is enough then
        return ()


class Preview:
    """Builds into numbered folders under a private temporary folder; knows the last good one.

    Builds run in this process, one at a time (tests and benchmarks); ProcessPreview runs
    them in a separate process instead, which a newer save or Ctrl-C can stop.
    """

    def __init__(self, project: Path, build, log=print):
        self.project, self._build, self.log = project, build, log
        self.workdir = Path(tempfile.mkdtemp(prefix="explainer-preview-"))
        self.generation = 0
        self.good: Path | None = None
        self.problems: tuple[str, ...] = ()
        self.reads: tuple[str, ...] = ()  # files beyond the input folders that the builds read: watched too
        self._lock = threading.RLock()
        self._executor: ThreadPoolExecutor | None = None

    def rebuild(self) -> Outcome:
        with self._lock:
            out = self._next_folder()
            return self._settle(out, run_build(self._build, self.project, out))

    def start(self) -> Future:
        """Start a rebuild; the future gives its Outcome."""
        if self._executor is None:
            self._executor = ThreadPoolExecutor(1, thread_name_prefix="explainer-build")
        return self._executor.submit(self.rebuild)

    def supersede(self) -> bool:
        """Stop the running build for a newer one; a build in this process cannot be stopped."""
        return False

    def _next_folder(self) -> Path:
        self.generation += 1
        return self.workdir / f"build-{self.generation}"

    def _settle(self, out: Path, outcome: Outcome) -> Outcome:
        """Serve a finished build's folder, or show its problems over the last good site."""
        if outcome.folder:
            previous, self.good, self.problems, self.reads = self.good, out, (), outcome.reads
            self._remove_old(keep={out, previous})
        else:
            self.problems = outcome.problems
            self.reads = tuple(sorted(set(self.reads) | set(outcome.reads)))
            self._remove_build(out)
        return outcome

    def _remove_build(self, out: Path) -> None:
        """A build's folder and the temporary folder it was writing (see write.write_site)."""
        shutil.rmtree(out, ignore_errors=True)
        for leftover in self.workdir.glob(f".{out.name}-build-*"):
            shutil.rmtree(leftover, ignore_errors=True)

    def _remove_old(self, keep: set) -> None:
        """Keep the new build and the one before it (requests may still read it)."""
        for folder in self.workdir.iterdir():
            if folder not in keep:
                shutil.rmtree(folder, ignore_errors=True)

    def close(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=False, cancel_futures=True)
        shutil.rmtree(self.workdir, ignore_errors=True)


class Worker:
    """A build process: it keeps the preview's caches (templates, parsed files, Markdown, pages)
    from one build to the next, and takes one build at a time (see worker_main)."""

    def __init__(self, project: Path):
        results, child_end = os.pipe()
        code = "import sys; sys.path.insert(0, sys.argv[3]); from generator.serve import worker_main; worker_main()"
        try:
            self.proc = subprocess.Popen([sys.executable, "-c", code, str(project), str(child_end), str(PACKAGE_ROOT)],
                                         stdin=subprocess.PIPE, pass_fds=(child_end,), start_new_session=True)
        finally:
            os.close(child_end)
        self._results = os.fdopen(results, "r", encoding="utf-8")
        self._callback = None
        self._ended = False  # the process has ended and its results are all read
        self._state = threading.Lock()
        self.stopped = False
        threading.Thread(target=self._read, name="explainer-build-results", daemon=True).start()

    def submit(self, out: Path, callback) -> None:
        """Build into out; callback(outcome) is called (from another thread, or at once) when it is done."""
        with self._state:
            ended = self._ended
            if not ended:
                self._callback = callback
        if ended:
            callback(self._ended_outcome())
            return
        try:
            self.proc.stdin.write((json.dumps({"out": str(out)}) + "\n").encode())
            self.proc.stdin.flush()
        except OSError:
            pass  # the process is gone: _read reports it

    def _read(self) -> None:
        with self._results:
            for line in self._results:
                try:
                    data = json.loads(line)
                    outcome = Outcome(Path(data["folder"]) if data["folder"] else None, tuple(data["problems"]),
                                      data["seconds"], data["rendered"], tuple(data["reads"]), data["crashed"])
                except (ValueError, KeyError, TypeError):
                    continue
                with self._state:
                    callback, self._callback = self._callback, None
                if callback:
                    callback(outcome)
        self.proc.wait()
        with self._state:
            self._ended = True
            callback, self._callback = self._callback, None
        if callback and not self.stopped:
            callback(self._ended_outcome())

    def _ended_outcome(self) -> Outcome:
        return Outcome(None, (f"the build process stopped unexpectedly (exit status {self.proc.returncode}); "
                              "save again to retry, and please report this",), 0.0, crashed=True)

    def stop(self) -> None:
        """Kill the process at once (a build it runs is abandoned) and wait for it to end."""
        self.stopped = True
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()
        try:
            self.proc.stdin.close()
        except OSError:
            pass


def worker_main() -> None:
    """The build process: read build requests (one JSON line each), answer each with its Outcome."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the server's to handle: it stops this process
    threading.Thread(target=_end_with, args=(os.getppid(),), name="explainer-orphan-check", daemon=True).start()
    project, results = Path(sys.argv[1]), os.fdopen(int(sys.argv[2]), "w", encoding="utf-8")
    build = preview_build(project)
    for line in sys.stdin:
        outcome = run_build(build, project, Path(json.loads(line)["out"]))
        results.write(json.dumps({"folder": str(outcome.folder) if outcome.folder else None,
                                  "problems": list(outcome.problems), "seconds": outcome.seconds,
                                  "rendered": outcome.rendered, "reads": list(outcome.reads),
                                  "crashed": outcome.crashed}) + "\n")
        results.flush()
        if outcome.crashed:
            return  # a crash may have left shared state (the Markdown converter, caches) broken: a fresh process takes over


def _end_with(parent: int) -> None:
    """End this build process, even in the middle of a build, when the server that started it is gone."""
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(1)


class ProcessPreview(Preview):
    """Builds in a worker process, with a second one started and waiting: a newer save can
    supersede a slow build and Ctrl-C stops one at once (the process is killed and its
    folders removed), and a crash never leaves broken state behind (the standby takes over)."""

    def __init__(self, project: Path, log=print):
        super().__init__(project, None, log)
        self._worker, self._standby = Worker(project), Worker(project)
        self._running: tuple[Worker, Future, Path] | None = None

    def rebuild(self) -> Outcome:
        return self.start().result()

    def start(self) -> Future:
        future: Future = Future()
        with self._lock:
            out, worker = self._next_folder(), self._worker
            self._running = (worker, future, out)
            worker.submit(out, lambda outcome: self._finished(worker, future, out, outcome))
        return future

    def _finished(self, worker: Worker, future: Future, out: Path, outcome: Outcome) -> None:
        with self._lock:
            if self._running is None or self._running[1] is not future:
                return  # superseded or closed
            self._running = None
            self._settle(out, outcome)
            if outcome.crashed:
                self._replace_worker()
        future.set_result(outcome)

    def supersede(self) -> bool:
        with self._lock:
            if self._running is None:
                return False
            _, future, out = self._running
            self._running = None
            self._replace_worker()
            self._remove_build(out)
        future.cancel()
        return True

    def _replace_worker(self) -> None:
        self._worker.stop()
        self._worker, self._standby = self._standby, Worker(self.project)

    def close(self) -> None:
        with self._lock:
            running, self._running = self._running, None
            self._worker.stop()
            self._standby.stop()
        if running:
            running[1].cancel()
        super().close()


def allowed_host(host_header: str, bound: str) -> bool:
    """Refuse Host headers other than the bound address and loopback (DNS rebinding)."""
    try:
        host = urlsplit(f"//{host_header}").hostname or ""
    except ValueError:  # not a host at all, e.g. "[" (an unclosed IPv6 address)
        return False
    if host in LOOPBACK_NAMES or host == bound.strip("[]"):
        return True
    if bound in ("0.0.0.0", "::"):
        try:
            ipaddress.ip_address(host)
            return True
        except ValueError:
            return False
    return False


def error_panel(problems: tuple[str, ...]) -> str:
    items = "".join(f"<li><code>{html.escape(p)}</code></li>" for p in problems)
    return (
        '<div id="explainer_build_error" role="alert" style="position:sticky;top:0;z-index:9999;margin:0;'
        'padding:1rem 1.25rem;background:#fff0f0;color:#5c0000;border-bottom:3px solid #b00020;'
        'font:15px/1.45 system-ui,sans-serif">'
        f"<strong>The last build failed; this is the last good version.</strong> Fix these and save:"
        f'<ul style="margin:.5rem 0 0;padding-left:1.25rem">{items}</ul></div>'
    )


class SiteHandler(web.RequestHandler):
    """Serves files of the last good build, and nothing outside it."""

    def initialize(self, preview: Preview, bound: str, port: int):
        self.preview, self.bound, self.port = preview, bound, port

    def prepare(self):
        if not allowed_host(self.request.host, self.bound):
            raise web.HTTPError(403)

    def head(self, path: str):
        return self.get(path, include_body=False)

    def get(self, path: str, include_body: bool = True):
        root = self.preview.good
        if root is None:
            if self.preview.problems:
                return self._send(500, "text/html; charset=utf-8", self._page_without_site("Build failed", ""), include_body)
            return self._send(503, "text/html; charset=utf-8", self._page_without_site(
                "Building", "<p>The site is being built; this page reloads by itself when it is ready.</p>"), include_body)
        file = self._resolve(root, path)
        body = _read(file) if file is not None else None
        if body is None:
            missing = _read(root / "404.html") or b"<!doctype html><title>Not found</title><h1>Not found</h1>"
            return self._send(404, "text/html; charset=utf-8", self._inject(missing), include_body)
        content_type = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        if content_type == "text/html":
            body = self._inject(body)
            content_type += "; charset=utf-8"
        self._send(200, content_type, body, include_body)

    def _resolve(self, root: Path, path: str) -> Path | None:
        """The file for a URL path, or None: no dot-segments, hidden files, links out or impossible names."""
        parts = [p for p in path.replace("\\", "/").split("/") if p]
        if any(p.startswith(".") or "\0" in p or ":" in p or len(p.encode("utf-8", "surrogatepass")) > MAX_SEGMENT_BYTES
               for p in parts):
            return None
        try:
            candidate = root.joinpath(*parts) if parts else root
            if candidate.is_dir():
                candidate = candidate / "index.html"
            resolved = candidate.resolve(strict=True)
            resolved.relative_to(root.resolve())
            return resolved if resolved.is_file() else None
        except (OSError, ValueError, RuntimeError):  # too long, a link loop, not text: no such page
            return None

    def _inject(self, body: bytes) -> bytes:
        """The reload script before </body>; the error panel, if any, first thing in <body>."""
        script = f'<script src="/livereload.js?port={self.port}"></script>'.encode()
        end = body.rfind(b"</body>")
        body = body[:end] + script + body[end:] if end != -1 else body + script
        if self.preview.problems:
            start = body.find(b">", body.find(b"<body")) + 1
            body = body[:start] + error_panel(self.preview.problems).encode() + body[start:]
        return body

    def _page_without_site(self, title: str, text: str) -> bytes:
        body = (f"<!doctype html><html lang=en><head><meta charset=utf-8><title>{title}</title></head>"
                f"<body>{text}</body></html>").encode()
        return self._inject(body)

    def _send(self, status: int, content_type: str, body: bytes, include_body: bool):
        self.set_status(status)
        self.set_header("Content-Type", content_type)
        self.set_header("Cache-Control", "no-store")
        self.set_header("X-Content-Type-Options", "nosniff")
        self.set_header("Content-Length", str(len(body)))
        if include_body:
            self.write(body)

    def log_exception(self, typ, value, tb) -> None:
        """A fault of the server: one line in the terminal, never a traceback."""
        if isinstance(value, web.HTTPError):
            return super().log_exception(typ, value, tb)
        self.preview.log(f"{time.strftime('%H:%M:%S')} error serving {_short(self.request.path)}: "
                         f"{typ.__name__}: {value}; please report this")


def _read(file: Path) -> bytes | None:
    try:
        return file.read_bytes()
    except OSError:  # removed by a newer build meanwhile, or not readable
        return None


def _short(text: str, limit: int = 200) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


def log_request(handler: web.RequestHandler) -> None:
    """Tornado's request log, with long addresses shortened."""
    status = handler.get_status()
    level = logging.INFO if status < 400 else logging.WARNING if status < 500 else logging.ERROR
    request = handler.request
    logging.getLogger("tornado.access").log(level, "%d %s %s (%s) %.2fms", status, request.method, _short(request.uri),
                                            request.remote_ip, 1000.0 * request.request_time())


class ReloadSocket(LiveReloadHandler):
    """livereload's websocket, refusing pages from other origins."""

    bound = "127.0.0.1"
    watcher = SimpleNamespace(filepath="*")  # livereload logs this; our Watcher does the watching

    def check_origin(self, origin: str) -> bool:
        try:
            netloc = urlsplit(origin).netloc
        except ValueError:
            return False
        return allowed_host(netloc, self.bound)

    def prepare(self):
        if not allowed_host(self.request.host, self.bound):
            raise web.HTTPError(403)


class GuardedScript(LiveReloadJSHandler):
    bound = "127.0.0.1"

    def prepare(self):
        if not allowed_host(self.request.host, self.bound):
            raise web.HTTPError(403)


class Watcher:
    """Polls the inputs; after a quiet moment, rebuilds once and reloads the browsers.

    A change that comes while a build runs waits for it, unless that build has run for long
    (SUPERSEDE_SECONDS, and twice as long as the last one took): then it is stopped, and the
    new build starts at once.
    """

    def __init__(self, preview: Preview, log=print):
        self.preview, self.log = preview, log
        self.reads = preview.reads  # watched beside the input folders: the files the last build read
        self.snapshot = input_snapshot(preview.project, self.reads)
        self.pending: list[str] = []
        self.files: list[str] = []  # what the running build was started for
        self.last_change = 0.0
        self.building = False
        self.current: Future | None = None
        self.started = 0.0
        self.last_seconds = 0.0
        self.on_first = None  # called with the outcome of the first build to finish

    def poll(self) -> None:
        current = input_snapshot(self.preview.project, self.reads)
        changed = changed_files(self.snapshot, current)
        if changed:
            self.snapshot = current
            self.pending = sorted(set(self.pending) | set(changed))
            self.last_change = time.monotonic()
        if not self.pending or time.monotonic() - self.last_change < QUIET_SECONDS:
            return
        if self.building:
            running = time.monotonic() - self.started
            if running < max(SUPERSEDE_SECONDS, 2 * self.last_seconds) or not self.preview.supersede():
                return
            self.log(f"{time.strftime('%H:%M:%S')} stopped a build that ran {running:.1f} s: a newer save supersedes it")
            self.pending = sorted(set(self.pending) | set(self.files))
        self.begin(self.pending)
        self.pending = []

    def begin(self, files: list[str] | None) -> None:
        """Start a build (files: what changed; None for the first build)."""
        self.files, self.building, self.started = files or [], True, time.monotonic()
        future = self.current = self.preview.start()
        ioloop.IOLoop.current().add_future(future, lambda done: self.finished(files, done))

    def finished(self, files: list[str] | None, future) -> None:
        if self.current is not None and future is not self.current:
            return  # a superseded build
        self.building = False
        if future.cancelled():
            return
        shown = ", ".join((files or [])[:5]) + (f" and {len(files) - 5} more" if files and len(files) > 5 else "")
        try:
            outcome = future.result()
        except Exception as exc:  # a fault of the generator, not of the content: report it and keep watching
            self.log(f"{time.strftime('%H:%M:%S')} changed {shown}: the rebuild crashed ({type(exc).__name__}: {exc}); "
                     "still serving the last good site; please report this")
            return
        self.last_seconds = outcome.seconds
        self._watch(self.preview.reads)
        if self.on_first is not None:  # the session's first build to finish (the first one, or one that superseded it)
            if outcome.folder:
                self.log(f"Built in {outcome.seconds:.2f} s")
            else:
                self.log("The build failed; the preview shows the problems until they are fixed:")
                for line in outcome.problems:
                    self.log(f"  {line}")
            on_first, self.on_first = self.on_first, None
            on_first(outcome)
        elif outcome.folder:
            detail = f" ({outcome.rendered})" if outcome.rendered else ""
            self.log(f"{time.strftime('%H:%M:%S')} changed {shown}: rebuilt in {outcome.seconds:.2f} s{detail}")
        else:
            count = len(outcome.problems)
            self.log(f"{time.strftime('%H:%M:%S')} changed {shown}: build failed ({count} problem{'s' if count != 1 else ''}); "
                     "still serving the last good site")
            for line in outcome.problems:
                self.log(f"  {line}")
        ReloadSocket.reload_waiters("*")

    def _watch(self, reads: tuple[str, ...]) -> None:
        """From now on, watch the files the last build read (and no longer those it did not)."""
        if reads == self.reads:
            return
        fresh = input_snapshot(self.preview.project, reads)
        for name in set(self.reads) - set(reads) - fresh.keys():
            self.snapshot.pop(name, None)
        for name in reads:
            self.snapshot.setdefault(name, fresh[name])
        self.reads = reads


def make_app(preview: Preview, host: str, port: int) -> web.Application:
    ReloadSocket.bound = GuardedScript.bound = host
    return web.Application([
        (r"/livereload", ReloadSocket),
        (r"/livereload\.js", GuardedScript),
        (r"/(.*)", SiteHandler, {"preview": preview, "bound": host, "port": port}),
    ], log_function=log_request)


def preview_build(project: Path):
    """The preview's build function: build(project, out)."""
    from .annotations import ParsedFiles
    from .build import build
    from .pagecache import PageCache
    from .render import Renderer
    # One renderer and one set of caches for the whole session: a rebuild compiles only the templates
    # that changed, parses only the content files that changed and renders only the pages whose
    # inputs changed. The search index is left out of the preview, where speed matters more;
    # drafts are shown; one process renders.
    return functools.partial(build, search=False, renderer=Renderer(project / layout.TEMPLATES, preview=True),
                             drafts=True, jobs=1, cache=PageCache(), parsed=ParsedFiles())


def serve(project: Path, host: str, port: int, open_browser: bool, build=None, log=print) -> int:
    """Serve with live reload until interrupted, building in the background. Returns the exit status.

    build, when given, runs in this process (it cannot be superseded); by default builds run in a
    worker process (see ProcessPreview)."""
    preview = Preview(project, build, log) if build else ProcessPreview(project, log)
    try:
        asyncio.set_event_loop(asyncio.new_event_loop())
        server = httpserver.HTTPServer(make_app(preview, host, port))
        try:
            server.listen(port, address=host)
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise UsageError(f"port {port} on {host} is already in use; stop the other server or pass --port N") from None
            raise UsageError(f"cannot listen on {host}:{port}: {exc.strerror}") from None
        loop = ioloop.IOLoop.current()
        for sig in (signal.SIGINT, signal.SIGTERM):  # before saying we serve: Ctrl-C always ends cleanly
            signal.signal(sig, lambda *_: loop.add_callback_from_signal(loop.stop))
        url = f"http://{'[' + host + ']' if ':' in host else host}:{port}/"
        if not _is_loopback(host):
            log(f"WARNING: serving on {host}, reachable from other machines; the preview is for local use only")

        def serving(_outcome: Outcome) -> None:
            log(f"Serving the site at {url} (live reload on; Ctrl-C to stop)")
            if open_browser:
                threading.Timer(0.5, webbrowser.open, args=(url,)).start()

        watcher = Watcher(preview, log)
        watcher.on_first = serving
        watcher.begin(None)  # the first build; saves during it are watched (and may supersede it) already
        ioloop.PeriodicCallback(watcher.poll, POLL_SECONDS * 1000).start()
        loop.start()
        log("Stopped.")
        return 0
    except KeyboardInterrupt:  # Ctrl-C before the server was up
        log("Stopped.")
        return 0
    finally:
        preview.close()


def _is_loopback(host: str) -> bool:
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False
