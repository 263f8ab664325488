"""Gates seen by a reader's browser: no console error, no request off the site, no horizontal
scrolling at 390 px, and every page's main text readable with JavaScript off."""

from __future__ import annotations

import pytest

from .htmlsite import fail_on

pytestmark = pytest.mark.browser

MIN_MAIN_WORDS = 15  # even the 404 page says what happened and where to go
MIN_SHARE_WITHOUT_JS = 0.9  # of the words the main element shows with JavaScript on


def _once(problems: list[str]) -> list[str]:
    return list(dict.fromkeys(problems))


def test_no_console_errors_or_failed_requests(browser_report) -> None:
    problems = []
    for visit in browser_report.visits:
        if visit.error:
            problems.append(f"{visit.page} [{visit.config}]: {visit.error}")
        problems += [f"{visit.page}: {e}" for e in visit.console_errors]
        problems += [f"{visit.page}: request failed: {r}" for r in visit.failed_requests]
    fail_on(_once(problems), "console errors and failed requests")


def test_no_request_to_another_host(browser_report) -> None:
    problems = [
        f"{visit.page}: requested {url}"
        for visit in browser_report.visits
        for url in visit.foreign_requests
    ]
    fail_on(_once(problems), "requests to hosts other than the site's own")


def test_no_horizontal_scrolling_at_390px(browser_report) -> None:
    problems = []
    for visit in browser_report.visits:
        if visit.config.width != 390:
            continue
        if visit.error:
            problems.append(f"{visit.page} [{visit.config}]: could not measure: {visit.error}")
        elif visit.scroll_width > visit.client_width:
            problems.append(
                f"{visit.page} [{visit.config}]: scrollWidth {visit.scroll_width}px > clientWidth "
                f"{visit.client_width}px; sticking out: {', '.join(visit.overflowing) or '?'}"
            )
    fail_on(problems, "pages that scroll sideways at 390 px")


def test_main_text_readable_without_javascript(browser_report) -> None:
    with_js = {
        v.page: v.main_words
        for v in browser_report.visits
        if v.config.width == 1280 and v.config.scheme == "light"
    }
    problems = []
    for visit in browser_report.no_js:
        page = visit.page
        if visit.error:
            problems.append(f"{page}: could not load with JavaScript off: {visit.error}")
        elif visit.main_count != 1:
            problems.append(f"{page}: has {visit.main_count} <main> elements; expected exactly 1")
        elif not visit.main_rendered:
            problems.append(
                f"{page}: <main> is not shown with JavaScript off ({visit.hidden_by or 'no box'})"
            )
        elif visit.main_words < MIN_MAIN_WORDS:
            problems.append(
                f"{page}: <main> shows only {visit.main_words} words with JavaScript off"
            )
        elif visit.main_words < MIN_SHARE_WITHOUT_JS * with_js.get(page, 0):
            problems.append(
                f"{page}: <main> shows {visit.main_words} words with JavaScript off, "
                f"{with_js[page]} with it on"
            )
    fail_on(problems, "pages whose main text needs JavaScript")
