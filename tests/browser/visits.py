"""One pass of headless Chromium over every page, recording what the gates check.

Each page is loaded at 390 and 1280 px wide, in light and dark colour schemes, with
JavaScript on (axe-core, console, requests, horizontal overflow), and once more at 1280 px
with JavaScript off (is the main text there?). The pass runs in a thread of its own so that
Playwright's sync API never meets an asyncio loop left behind by another test; it returns
plain data and the tests only judge it.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

try:
    from playwright.sync_api import Error as PlaywrightError
except ImportError:  # the `chromium` fixture then skips (locally) or fails (CI=true) the gates
    PlaywrightError = RuntimeError

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
WIDTHS = {390: 844, 1280: 800}  # viewport width -> height
SCHEMES = ("light", "dark")
NAV_TIMEOUT_MS = 30_000


@dataclass(frozen=True)
class Config:
    width: int
    scheme: str

    def __str__(self) -> str:
        return f"{self.width}px {self.scheme}"


CONFIGS = [Config(w, s) for w in WIDTHS for s in SCHEMES]


@dataclass
class Visit:
    page: str
    config: Config
    error: str | None = None  # the page could not be loaded or measured
    console_errors: list[str] = field(default_factory=list)
    foreign_requests: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    axe_violations: list[dict] = field(default_factory=list)
    scroll_width: int = 0
    client_width: int = 0
    overflowing: list[str] = field(default_factory=list)
    main_words: int = 0


@dataclass
class NoJsVisit:
    page: str
    error: str | None = None
    main_count: int = 0
    main_rendered: bool = False
    main_words: int = 0
    hidden_by: str = ""  # why the main text is invisible, if it is


@dataclass
class Report:
    visits: list[Visit]
    no_js: list[NoJsVisit]
    seconds: float = 0.0


_AXE_RUN = """async (tags) => {
  const result = await axe.run(document, {
    runOnly: {type: 'tag', values: tags},
    resultTypes: ['violations'],
  });
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map(n => ({target: n.target.join(' '), summary: n.failureSummary || ''})),
  }));
}"""

_MEASURE = """() => {
  const root = document.documentElement;
  const width = root.clientWidth;
  const overflowing = [];
  for (const el of document.body ? document.body.querySelectorAll('*') : []) {
    const r = el.getBoundingClientRect();
    if (r.width > 0 && r.right > width + 1) {
      let name = el.tagName.toLowerCase();
      if (el.id) name += '#' + el.id;
      else if (el.classList.length) name += '.' + [...el.classList].join('.');
      overflowing.push(`${name} (right edge ${Math.round(r.right)}px)`);
      if (overflowing.length >= 5) break;
    }
  }
  const main = document.querySelector('main');
  const words = main ? main.innerText.split(/\\s+/).filter(Boolean).length : 0;
  return {scrollWidth: root.scrollWidth, clientWidth: width, overflowing, words};
}"""

_MAIN_NO_JS = """() => {
  const mains = document.querySelectorAll('main');
  const main = mains[0];
  if (!main) return {count: 0, rendered: false, words: 0, hiddenBy: ''};
  let hiddenBy = '';
  for (let el = main; el && el.nodeType === 1; el = el.parentElement) {
    const s = getComputedStyle(el);
    if (s.display === 'none' || s.visibility === 'hidden' || s.visibility === 'collapse'
        || parseFloat(s.opacity) === 0) {
      let name = el.tagName.toLowerCase() + (el.id ? '#' + el.id : '');
      hiddenBy = `${name} {display: ${s.display}; visibility: ${s.visibility}; opacity: ${s.opacity}}`;
      break;
    }
  }
  const rendered = main.getClientRects().length > 0 && !hiddenBy;
  const words = rendered ? main.innerText.split(/\\s+/).filter(Boolean).length : 0;
  return {count: mains.length, rendered, words, hiddenBy};
}"""


WORKERS = 2  # browsers side by side, one thread each (the machines have 2 cores)


def browse(
    chromium: Path, base_url: str, pages: list[str], axe_source: str, args: list[str]
) -> Report:
    """Visit every page in every configuration and return plain data.

    The five passes (four configurations with JavaScript, one without) are shared out among
    WORKERS threads, each with its own Playwright and Chromium: Playwright's sync API belongs
    to the thread that started it, and these threads never meet another test's asyncio loop.
    """
    started = time.monotonic()
    passes: list[Config | None] = [*CONFIGS, None]  # None: the pass with JavaScript off
    shares = [passes[i::WORKERS] for i in range(WORKERS)]
    results: list[Report | BaseException | None] = [None] * WORKERS

    def work(i: int) -> None:
        try:
            results[i] = _browse(chromium, base_url, pages, axe_source, args, shares[i])
        except BaseException as exc:  # noqa: BLE001 - re-raised in the caller's thread
            results[i] = exc

    threads = [
        threading.Thread(target=work, args=(i,), name=f"browser-gates-{i}") for i in range(WORKERS)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    report = Report([], [])
    for result in results:
        if isinstance(result, BaseException):
            raise result
        assert result is not None
        report.visits += result.visits
        report.no_js += result.no_js
    report.seconds = time.monotonic() - started
    return report


def _browse(
    chromium: Path,
    base_url: str,
    pages: list[str],
    axe_source: str,
    args: list[str],
    passes: list[Config | None],
) -> Report:
    from playwright.sync_api import sync_playwright

    origin = urlsplit(base_url).netloc
    report = Report([], [])
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(chromium), args=args, headless=True)
        try:
            for config in passes:
                if config is None:
                    context = browser.new_context(
                        viewport={"width": 1280, "height": WIDTHS[1280]},
                        java_script_enabled=False,
                    )
                else:
                    context = browser.new_context(
                        viewport={"width": config.width, "height": WIDTHS[config.width]},
                        color_scheme=config.scheme,
                        service_workers="block",
                    )
                try:
                    tab = _Tab(context, origin)
                    for page in pages:
                        if config is None:
                            report.no_js.append(_visit_no_js(tab, base_url, page))
                        else:
                            report.visits.append(_visit(tab, base_url, page, config, axe_source))
                finally:
                    context.close()
        finally:
            browser.close()
    return report


class _Tab:
    """One browser tab reused for a series of visits (faster than a tab per page).

    Its listeners report to whichever visit is current; requests to any host but the test
    server are recorded and aborted, so the suite never reaches the network.
    """

    def __init__(self, context, origin: str) -> None:
        self.origin = origin
        self.visit: Visit | None = None
        self.page = context.new_page()
        self.page.route("**/*", self._route)
        self.page.on("console", self._console)
        self.page.on(
            "pageerror", lambda e: self._note("console_errors", f"uncaught exception: {e}")
        )
        self.page.on("requestfailed", self._request_failed)
        self.page.on("response", self._response)

    def _note(self, kind: str, text: str) -> None:
        if self.visit is not None:
            getattr(self.visit, kind).append(text)

    def _route(self, route) -> None:
        parts = urlsplit(route.request.url)
        if parts.scheme in {"http", "https", "ws", "wss"} and parts.netloc != self.origin:
            self._note("foreign_requests", route.request.url)
            route.abort("blockedbyclient")
        else:
            route.continue_()

    def _console(self, message) -> None:
        if message.type == "error":
            loc = message.location or {}
            where = f" [{loc.get('url')}:{loc.get('lineNumber')}]" if loc.get("url") else ""
            self._note("console_errors", f"console.error: {message.text}{where}")

    def _request_failed(self, request) -> None:
        if urlsplit(request.url).netloc == self.origin:
            self._note("failed_requests", f"{request.url} ({request.failure})")

    def _response(self, response) -> None:
        if response.status >= 400:
            self._note("failed_requests", f"{response.url} (HTTP {response.status})")

    def goto(self, url: str) -> None:
        self.page.goto(url, wait_until="load", timeout=NAV_TIMEOUT_MS)


def _visit(tab: _Tab, base_url: str, page_path: str, config: Config, axe_source: str) -> Visit:
    visit = tab.visit = Visit(page_path, config)
    try:
        tab.goto(base_url + page_path)
        measured = tab.page.evaluate(_MEASURE)
        visit.scroll_width = measured["scrollWidth"]
        visit.client_width = measured["clientWidth"]
        visit.overflowing = measured["overflowing"]
        visit.main_words = measured["words"]
        tab.page.evaluate(axe_source)
        visit.axe_violations = tab.page.evaluate(_AXE_RUN, AXE_TAGS)
    except PlaywrightError as exc:  # a broken page must fail its gates, not hide them
        visit.error = f"{type(exc).__name__}: {exc}".splitlines()[0]
    finally:
        tab.visit = None
    return visit


def _visit_no_js(tab: _Tab, base_url: str, page_path: str) -> NoJsVisit:
    visit = NoJsVisit(page_path)
    try:
        tab.goto(base_url + page_path)
        result = tab.page.evaluate(_MAIN_NO_JS)
        visit.main_count = result["count"]
        visit.main_rendered = result["rendered"]
        visit.main_words = result["words"]
        visit.hidden_by = result["hiddenBy"]
    except PlaywrightError as exc:
        visit.error = f"{type(exc).__name__}: {exc}".splitlines()[0]
    return visit
