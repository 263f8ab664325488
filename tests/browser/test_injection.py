"""Hostile content rendered in a real browser: nothing from content ever runs."""
from __future__ import annotations

import functools
import http.server
import threading

import pytest

from conftest import (SLUG, ENTITIES, ENTITIES_FILE, EXPLAINER, EXPLAINER_FILE, RECORDS, RECORDS_FILE, SEED, SEED_FILE,
                      make_project)
from generator.cli import main

from .conftest import CHROMIUM_ARGS

pytestmark = pytest.mark.browser

MARKDOWN_PAYLOADS = [
    "<script>alert(1)</script>", "<img src=x onerror=alert(2)>", "[a](javascript:alert(3))", "[b](JAVASCRIPT:alert(4))",
    "[c](&#x6A;avascript:alert(5))", "[d](vbscript:msgbox(6))", "[e](data:text/html;base64,PHNjcmlwdD5hbGVydCg3KTwvc2NyaXB0Pg==)",
    '<a href="jav&#x09;ascript:alert(8)">f</a>', "<svg/onload=alert(9)>", '<iframe srcdoc="<script>alert(10)</script>"></iframe>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(11)>", "<details open ontoggle=alert(12)>x</details>",
    "[g](%6A%61%76%61%73%63%72%69%70%74:alert(13))", "<a href=' javascript:alert(14)'>h</a>", "<object data=javascript:alert(15)>",
    "<form action=javascript:alert(16)><button>i</button></form>", "<base href=javascript:alert(17)//>",
]
TEXT_PAYLOADS = ['</script><script>alert(20)</script>', '"><img src=x onerror=alert(21)>', "{{ 7*7 }}{% raw %}",
                 "'-alert(22)-'", "<!--<script>alert(23)//-->"]


def yaml_text(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def hostile_project(root):
    description = yaml_text(" ".join(MARKDOWN_PAYLOADS))
    aliases = ", ".join(yaml_text(t) for t in TEXT_PAYLOADS)
    entities = ENTITIES.replace("description: A town.", f"description: {description}").replace(
        "description: A country.", f"description: A country.\n    aliases: [{aliases}]", 1)
    explainer = EXPLAINER.replace("  title: Lakeside talks\n", f"  title: {yaml_text(' '.join(TEXT_PAYLOADS[:2]))}\n").replace(
        "    what: Talks\n", f"    what: {yaml_text(' '.join(TEXT_PAYLOADS[2:]))}\n").replace("exact: promised more", "exact: and promised")
    seed = SEED.replace("promised more.", "promised <img src=x onerror=alert(30)> more.")
    records = RECORDS.replace("    context: After the talks.\n", f"    context: {description}\n").replace(
        "exact: Northland's envoy Ana Berg said the talks were", "exact: 'promised <img src=x onerror=alert(30)> more.'")
    return make_project(root, {ENTITIES_FILE: entities, EXPLAINER_FILE: explainer, RECORDS_FILE: records, SEED_FILE: seed})


def test_no_dialog_and_no_script_from_content_runs_on_any_page(chromium, tmp_path):
    from playwright.sync_api import sync_playwright

    project = hostile_project(tmp_path / "project")
    out = tmp_path / "site"
    assert main(["--project", str(project), "build", "--no-search", "--out", str(out)]) == 0
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(out))
    handler.log_message = lambda *a: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    dialogs, ran = [], []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(chromium), args=CHROMIUM_ARGS)
            page = browser.new_page()
            page.on("dialog", lambda d: (dialogs.append(f"{page.url}: {d.message}"), d.dismiss()))
            for html in sorted(out.rglob("*.html")):
                path = html.relative_to(out).as_posix()
                page.goto(f"http://127.0.0.1:{server.server_address[1]}/{path}")
                page.wait_for_load_state("load")
                for details in page.query_selector_all("details"):
                    details.evaluate("d => d.open = !d.open")
                bad = page.evaluate("""() => [...document.querySelectorAll('[href],[src],[action],[data],[srcdoc]')]
                    .map(e => e.getAttribute('href') || e.getAttribute('src') || e.getAttribute('action') || e.getAttribute('data') || 'srcdoc')
                    .filter(v => /^\\s*(javascript|vbscript|data:text)/i.test(decodeURIComponent(v)) || v === 'srcdoc')""")
                scripts = page.evaluate("() => [...document.scripts].filter(s => s.type !== 'application/ld+json' && !s.src.endsWith('static/search.js')).length")
                if bad or scripts:
                    ran.append(f"{path}: dangerous attributes {bad}, {scripts} stray scripts")
            browser.close()
    finally:
        server.shutdown()
    assert dialogs == []
    assert ran == []
    overview = (out / SLUG / "index.html").read_text()
    assert "{{ 7*7 }}{% raw %}" in overview  # template syntax in content is printed, never evaluated
