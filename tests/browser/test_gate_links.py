"""Gate: every internal href/src and #fragment resolves; no page repeats an id."""

from __future__ import annotations

from pathlib import Path

import pytest

from .htmlsite import css_refs, fail_on, is_internal, parse_page, resolve

pytestmark = pytest.mark.browser

# A fragment the HTML standard scrolls to without any element having that id.
SPEC_FRAGMENTS = {"", "top"}


def _broken(site: Path, owner: str, line: int, where: str, url: str) -> str | None:
    target, fragment = resolve(site, owner, url)
    if target is None:
        return f"{owner}:{line}: {where} {url!r} points outside the site"
    if not (site / target).is_file():
        return f"{owner}:{line}: {where} {url!r} -> {target} does not exist"
    if target.endswith(".html") and fragment not in SPEC_FRAGMENTS:
        parsed = parse_page(site / target)
        if fragment not in parsed.ids and fragment not in parsed.names:
            return f"{owner}:{line}: {where} {url!r} -> no id={fragment!r} in {target}"
    return None


def test_internal_links_and_fragments_resolve(
    site_dir: Path, html_pages: list[str], css_files: list[str]
) -> None:
    problems: list[str] = []
    checked = 0
    for page in html_pages:
        parsed = parse_page(site_dir / page)
        if parsed.has_base:
            problems.append(
                f"{page}: has a <base> element; relative links cannot be checked (and break on other hosts)"
            )
        for ref in parsed.refs:
            if not is_internal(ref.url):
                continue
            checked += 1
            problem = _broken(site_dir, page, ref.line, ref.where, ref.url)
            if problem:
                problems.append(problem)
    for css in css_files:
        for ref in css_refs(site_dir / css):
            if is_internal(ref.url) and not ref.url.startswith("#"):
                checked += 1
                problem = _broken(site_dir, css, ref.line, ref.where, ref.url)
                if problem:
                    problems.append(problem)
    fail_on(problems, f"broken internal references ({checked} checked)")
    assert checked > 0, "no internal reference found at all: is the site's navigation missing?"


def test_no_duplicate_ids(site_dir: Path, html_pages: list[str]) -> None:
    problems = [
        f"{page}: id={ident!r} appears {count} times"
        for page in html_pages
        for ident, count in sorted(parse_page(site_dir / page).ids.items())
        if count > 1
    ]
    problems += [
        f"{page}: an element has an empty id"
        for page in html_pages
        if "" in parse_page(site_dir / page).ids
    ]
    fail_on(problems, "duplicate ids")
