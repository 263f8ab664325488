"""The live preview seen from a real browser: an open page reloads by itself after a save."""
from __future__ import annotations

import pytest

from conftest import ENTITIES, make_project
from test_serve import Server

from .conftest import CHROMIUM_ARGS

pytestmark = pytest.mark.browser


def test_an_open_page_reloads_by_itself_and_shows_the_edit(chromium, tmp_path):
    from playwright.sync_api import sync_playwright

    project = make_project(tmp_path / "project")
    server = Server(project, tmp_path / "tmp")
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(chromium), args=CHROMIUM_ARGS)
            page = browser.new_page()
            page.goto(f"http://127.0.0.1:{server.port}/entities/lakeside.html")
            page.wait_for_function("window.LiveReload !== undefined", timeout=10000)
            page.evaluate("window.__notReloaded = true")
            (project / "content" / "entities.yaml").write_text(ENTITIES.replace("A town.", "A town by a lake."))
            page.wait_for_function("document.body.innerText.includes('A town by a lake.')", timeout=20000)
            assert page.evaluate("window.__notReloaded === undefined")  # a fresh page, not the old one patched
            assert "explainer_build_error" not in page.content()
            browser.close()
    finally:
        server.stop()
