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
import mimetypes
import os
import shutil
import signal
import tempfile
import threading
import time
import webbrowser
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
LOOPBACK_NAMES = {"localhost", "127.0.0.1", "::1", "[::1]"}


@dataclass(frozen=True)
class Outcome:
    """The result of one build: the folder it wrote, or the problems it found."""

    folder: Path | None
    problems: tuple[str, ...]
    seconds: float
    rendered: str = ""  # "3 of 29 pages rendered", when the build says


def input_snapshot(project: Path) -> dict[str, tuple[int, int, int]]:
    """Every watched input file with its mtime, size and inode (catches save-by-rename)."""
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
    return snapshot


def changed_files(before: dict, after: dict) -> list[str]:
    return sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))


class Preview:
    """Builds into numbered folders under a private temporary folder; knows the last good one."""

    def __init__(self, project: Path, build, log=print):
        self.project, self._build, self.log = project, build, log
        self.workdir = Path(tempfile.mkdtemp(prefix="explainer-preview-"))
        self.generation = 0
        self.good: Path | None = None
        self.problems: tuple[str, ...] = ()
        self._lock = threading.Lock()

    def rebuild(self) -> Outcome:
        with self._lock:
            self.generation += 1
            out = self.workdir / f"build-{self.generation}"
            started = time.perf_counter()
            try:
                report = self._build(self.project, out)
            except (ContentError, OutputError) as exc:
                self.problems = tuple(str(p) for p in exc.problems) if isinstance(exc, ContentError) else (str(exc),)
                shutil.rmtree(out, ignore_errors=True)
                return Outcome(None, self.problems, time.perf_counter() - started)
            previous, self.good, self.problems = self.good, out, ()
            self._remove_old(keep={out, previous})
            pages = getattr(report, "pages", 0)
            rendered = f"{pages - report.reused} of {pages} pages rendered" if pages else ""
            return Outcome(out, (), time.perf_counter() - started, rendered)

    def _remove_old(self, keep: set) -> None:
        """Keep the new build and the one before it (requests may still read it)."""
        for folder in self.workdir.iterdir():
            if folder not in keep:
                shutil.rmtree(folder, ignore_errors=True)

    def close(self) -> None:
        shutil.rmtree(self.workdir, ignore_errors=True)


def allowed_host(host_header: str, bound: str) -> bool:
    """Refuse Host headers other than the bound address and loopback (DNS rebinding)."""
    host = urlsplit(f"//{host_header}").hostname or ""
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
        '<div id="explainer-build-error" role="alert" style="position:sticky;top:0;z-index:9999;margin:0;'
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
            return self._send(500, "text/html; charset=utf-8", self._page_without_site(), include_body)
        file = self._resolve(root, path)
        if file is None:
            missing = root / "404.html"
            body = missing.read_bytes() if missing.is_file() else b"<!doctype html><title>Not found</title><h1>Not found</h1>"
            return self._send(404, "text/html; charset=utf-8", self._inject(body), include_body)
        content_type = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        body = file.read_bytes()
        if content_type == "text/html":
            body = self._inject(body)
            content_type += "; charset=utf-8"
        self._send(200, content_type, body, include_body)

    def _resolve(self, root: Path, path: str) -> Path | None:
        """The file for a URL path, or None: no dot-segments, hidden files or links out."""
        parts = [p for p in path.replace("\\", "/").split("/") if p]
        if any(p.startswith(".") or "\0" in p or ":" in p for p in parts):
            return None
        candidate = root.joinpath(*parts) if parts else root
        if candidate.is_dir():
            candidate = candidate / "index.html"
        try:
            resolved = candidate.resolve(strict=True)
            resolved.relative_to(root.resolve())
        except (OSError, ValueError):
            return None
        return resolved if resolved.is_file() else None

    def _inject(self, body: bytes) -> bytes:
        """The reload script before </body>; the error panel, if any, first thing in <body>."""
        script = f'<script src="/livereload.js?port={self.port}"></script>'.encode()
        end = body.rfind(b"</body>")
        body = body[:end] + script + body[end:] if end != -1 else body + script
        if self.preview.problems:
            start = body.find(b">", body.find(b"<body")) + 1
            body = body[:start] + error_panel(self.preview.problems).encode() + body[start:]
        return body

    def _page_without_site(self) -> bytes:
        body = b"<!doctype html><html lang=en><head><meta charset=utf-8><title>Build failed</title></head><body></body></html>"
        return self._inject(body)

    def _send(self, status: int, content_type: str, body: bytes, include_body: bool):
        self.set_status(status)
        self.set_header("Content-Type", content_type)
        self.set_header("Cache-Control", "no-store")
        self.set_header("X-Content-Type-Options", "nosniff")
        self.set_header("Content-Length", str(len(body)))
        if include_body:
            self.write(body)


class ReloadSocket(LiveReloadHandler):
    """livereload's websocket, refusing pages from other origins."""

    bound = "127.0.0.1"
    watcher = SimpleNamespace(filepath="*")  # livereload logs this; our Watcher does the watching

    def check_origin(self, origin: str) -> bool:
        return allowed_host(urlsplit(origin).netloc, self.bound)

    def prepare(self):
        if not allowed_host(self.request.host, self.bound):
            raise web.HTTPError(403)


class GuardedScript(LiveReloadJSHandler):
    bound = "127.0.0.1"

    def prepare(self):
        if not allowed_host(self.request.host, self.bound):
            raise web.HTTPError(403)


class Watcher:
    """Polls the inputs; after a quiet moment, rebuilds once and reloads the browsers."""

    def __init__(self, preview: Preview, log=print):
        self.preview, self.log = preview, log
        self.snapshot = input_snapshot(preview.project)
        self.pending: list[str] = []
        self.last_change = 0.0
        self.building = False

    def poll(self) -> None:
        current = input_snapshot(self.preview.project)
        changed = changed_files(self.snapshot, current)
        if changed:
            self.snapshot = current
            self.pending = sorted(set(self.pending) | set(changed))
            self.last_change = time.monotonic()
        if self.pending and not self.building and time.monotonic() - self.last_change >= QUIET_SECONDS:
            files, self.pending = self.pending, []
            self.building = True
            loop = ioloop.IOLoop.current()
            loop.add_future(loop.run_in_executor(None, self.preview.rebuild), lambda future: self.finished(files, future))

    def finished(self, files: list[str], future) -> None:
        self.building = False
        shown = ", ".join(files[:5]) + (f" and {len(files) - 5} more" if len(files) > 5 else "")
        try:
            outcome = future.result()
        except Exception as exc:  # a fault of the generator, not of the content: report it and keep watching
            self.log(f"{time.strftime('%H:%M:%S')} changed {shown}: the rebuild crashed ({type(exc).__name__}: {exc}); "
                     "still serving the last good site; please report this")
            return
        if outcome.folder:
            detail = f" ({outcome.rendered})" if outcome.rendered else ""
            self.log(f"{time.strftime('%H:%M:%S')} changed {shown}: rebuilt in {outcome.seconds:.2f} s{detail}")
        else:
            self.log(f"{time.strftime('%H:%M:%S')} changed {shown}: build failed ({len(outcome.problems)} problems); "
                     "still serving the last good site")
            for line in outcome.problems:
                self.log(f"  {line}")
        ReloadSocket.reload_waiters("*")


def make_app(preview: Preview, host: str, port: int) -> web.Application:
    ReloadSocket.bound = GuardedScript.bound = host
    return web.Application([
        (r"/livereload", ReloadSocket),
        (r"/livereload\.js", GuardedScript),
        (r"/(.*)", SiteHandler, {"preview": preview, "bound": host, "port": port}),
    ])


def preview_build(project: Path):
    """The preview's build function: build(project, out)."""
    from .annotations import ParsedFiles
    from .build import build
    from .pagecache import PageCache
    from .render import Renderer
    # One renderer and one set of caches for the whole session: a rebuild compiles only the templates
    # that changed, parses only the content files that changed and renders only the pages whose
    # inputs changed. The search index is left out of the preview, where speed matters more;
    # drafts are shown; no forking from a threaded server.
    return functools.partial(build, search=False, renderer=Renderer(project / layout.TEMPLATES, preview=True),
                             drafts=True, jobs=1, cache=PageCache(), parsed=ParsedFiles())


def serve(project: Path, host: str, port: int, open_browser: bool, build=None, log=print) -> int:
    """Build, then serve with live reload until interrupted. Returns the exit status."""
    preview = Preview(project, build or preview_build(project), log)
    try:
        first = preview.rebuild()
        if first.folder:
            log(f"Built in {first.seconds:.2f} s")
        else:
            log("The build failed; the preview shows the problems until they are fixed:")
            for line in first.problems:
                log(f"  {line}")
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
        log(f"Serving the site at {url} (live reload on; Ctrl-C to stop)")
        watcher = Watcher(preview, log)
        ioloop.PeriodicCallback(watcher.poll, POLL_SECONDS * 1000).start()
        if open_browser:
            threading.Timer(0.5, webbrowser.open, args=(url,)).start()
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
