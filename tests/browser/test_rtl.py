"""Right-to-left pages mirror left-to-right ones (issue 16), in headless Chromium: the Arabic fixture story
(tests/fixtures/arabic) laid out in a right-to-left page is the negotiation story's layout seen in a mirror.

Every position is measured in logical coordinates: the distance from the start edge of the viewport (the
left edge in a left-to-right page, the right edge in a right-to-left one). A stylesheet that names left
or right puts the Arabic page's timeline markers, list numbers, card rules and paragraph numbers on the
wrong side, and these facts then hold for one story and not the other."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import CHROMIUM_ARGS, REPO_ROOT, project_for

pytestmark = pytest.mark.browser

STORIES = {"arabic": "rtl", "negotiation": "ltr"}  # fixture story -> the direction its pages are in
WIDTHS = (390, 1280)


@pytest.fixture(scope="module")
def sites(tmp_path_factory) -> dict[str, Path]:
    """Each story built once: a copy of the repository with the story's content/ and seeds/."""
    built = {}
    for name in STORIES:
        scratch = tmp_path_factory.mktemp(f"rtl-{name}")
        out = scratch / "site"
        run = subprocess.run([sys.executable, "-m", "generator", "--project", str(project_for(name, scratch)),
                              "build", "--out", str(out)], cwd=REPO_ROOT, capture_output=True, text=True, timeout=300)
        assert run.returncode == 0, f"the {name} story did not build:\n{run.stdout}\n{run.stderr}"
        built[name] = out
    return built


@pytest.fixture(scope="module")
def browser(chromium):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=str(chromium), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


def explainer(site: Path) -> str:
    """The folder of the story's one explainer."""
    (overview,) = [p.parent.name for p in site.glob("*/index.html") if p.parent.name not in {"entities", "sources"}]
    return overview


def seed_page(site: Path) -> str:
    (page,) = [p.name for p in (site / "sources").glob("*.html") if p.name != "index.html"]
    return f"sources/{page}"


# Logical boxes: start and end are distances from the viewport's start edge, whatever the page's direction.
MEASURE = """([selectors, pseudo]) => {
  const W = document.documentElement.clientWidth;
  const rtl = getComputedStyle(document.documentElement).direction === 'rtl';
  const box = (left, right, top, bottom) => rtl ? {start: W - right, end: W - left, top, bottom}
                                                : {start: left, end: right, top, bottom};
  const rect = el => { const r = el.getBoundingClientRect(); return box(r.left, r.right, r.top, r.bottom); };
  const content = el => {  // the content box: inside the padding and borders
    const r = el.getBoundingClientRect(), s = getComputedStyle(el);
    const l = r.left + parseFloat(s.borderLeftWidth) + parseFloat(s.paddingLeft);
    const rr = r.right - parseFloat(s.borderRightWidth) - parseFloat(s.paddingRight);
    return box(l, rr, r.top, r.bottom);
  };
  const before = el => {  // an absolutely positioned ::before, from its used offsets
    const r = el.getBoundingClientRect(), s = getComputedStyle(el), b = getComputedStyle(el, '::before');
    const left = r.left + parseFloat(s.borderLeftWidth) + parseFloat(b.left);
    return box(left, left + parseFloat(b.width), r.top, r.bottom);
  };
  const out = {dir: document.documentElement.dir, lang: document.documentElement.lang, W};
  for (const [key, sel] of Object.entries(selectors)) {
    const how = sel.endsWith('|content') ? content : sel.endsWith('|before') ? before : rect;
    out[key] = [...document.querySelectorAll(sel.split('|')[0])].map(how);
  }
  out.content = Object.fromEntries(Object.entries(pseudo).map(([key, [sel, which]]) =>
    [key, [...document.querySelectorAll(sel)].map(el => getComputedStyle(el, which).content)]));
  out.borders = [...document.querySelectorAll('.card')].map(el => {
    const s = getComputedStyle(el);
    return rtl ? [parseFloat(s.borderRightWidth), parseFloat(s.borderLeftWidth)]
               : [parseFloat(s.borderLeftWidth), parseFloat(s.borderRightWidth)];  // [start, end]
  });
  return out;
}"""


def measure(browser, site: Path, page: str, width: int, selectors: dict[str, str], pseudo=None) -> dict:
    context = browser.new_context(viewport={"width": width, "height": 900})
    try:
        tab = context.new_page()
        tab.goto((site / page).as_uri())
        return tab.evaluate(MEASURE, [selectors, pseudo or {}])
    finally:
        context.close()


def near(a: float, b: float, tolerance: float = 1.5) -> bool:
    return abs(a - b) <= tolerance


@pytest.fixture(params=list(STORIES))
def story(request, sites):
    return request.param, STORIES[request.param], sites[request.param]


@pytest.mark.parametrize("width", WIDTHS)
def test_headings_start_at_the_start_edge_of_the_text(browser, story, width):
    name, direction, site = story
    slug = explainer(site)
    for page in (f"{slug}/index.html", f"{slug}/background.html", f"{slug}/issues.html",
                 f"{slug}/statements.html", seed_page(site)):
        m = measure(browser, site, page, width, {"main": "main|content", "h1": "main h1"})
        assert m["dir"] == direction, f"{name} {page}: <html dir={m['dir']!r}>, expected {direction}"
        main, h1 = m["main"][0], m["h1"][0]
        # the heading's text is set at the start: its box begins where the text column begins
        assert near(h1["start"], main["start"]), f"{name} {page} at {width}px: heading at {h1}, text column {main}"


@pytest.mark.parametrize("width", WIDTHS)
def test_timeline_markers_and_dates_stand_before_the_event_text(browser, story, width):
    name, direction, site = story
    m = measure(browser, site, f"{explainer(site)}/background.html", width,
                {"item": ".timeline > li", "marker": ".timeline > li|before", "text": ".tl-body", "date": ".tl-date"})
    assert len(m["item"]) >= 2, f"{name}: the timeline has {len(m['item'])} events"
    for item, marker, text, date in zip(m["item"], m["marker"], m["text"], m["date"]):
        # the line is the item's start border; its marker sits on it, before the text
        assert marker["end"] < text["start"], f"{name} at {width}px: marker {marker} not before the text {text}"
        assert marker["start"] < item["start"] < marker["end"], f"{name} at {width}px: marker {marker} off the line of {item}"
        if width >= 1280:  # wide: the date stands in its own column before the line
            assert date["end"] <= marker["start"] + 1, f"{name} at {width}px: date {date} not before the marker {marker}"
        else:  # narrow: the date is set above the title, at its start
            assert near(date["start"], text["start"]), f"{name} at {width}px: date {date}, text {text}"


def test_lists_are_indented_from_the_start_edge(browser, story):
    name, _, site = story
    m = measure(browser, site, f"{explainer(site)}/issues.html", 1280, {"toc": ".toc ol", "toc_item": ".toc ol > li"})
    s = measure(browser, site, seed_page(site), 1280, {"spans": "ol.spans", "span": "ol.spans > li"})
    for list_box, items in ((m["toc"], m["toc_item"]), (s["spans"], s["span"])):
        assert list_box and items, f"{name}: no list to measure"
        for item in items:
            assert item["start"] >= list_box[0]["start"] + 16, f"{name}: item {item} not indented in {list_box[0]}"
            assert near(item["end"], list_box[0]["end"]), f"{name}: item {item} indented at the end of {list_box[0]}"


def test_sides_cards_and_paragraph_numbers_mirror(browser, story):
    name, _, site = story
    slug = explainer(site)
    issues = measure(browser, site, f"{slug}/issues.html", 1280, {"position": ".positions.cols-2 > .position"})
    first, second = issues["position"][:2]
    assert near(first["top"], second["top"]) and first["end"] <= second["start"], \
        f"{name}: the first side's position {first} does not come before the second's {second} on one row"
    cards = measure(browser, site, f"{slug}/statements.html", 1280, {})
    assert cards["borders"] and all(start >= 6 > end for start, end in cards["borders"]), \
        f"{name}: a statement card's side rule is not on its start edge: {cards['borders']}"
    seed = measure(browser, site, seed_page(site), 1280, {"p": ".seed-text p[data-n]", "n": ".seed-text p[data-n]|before"})
    for paragraph, number in zip(seed["p"], seed["n"]):
        # the paragraph number stands in the margin before the paragraph: left of it, or right of it
        assert number["start"] < paragraph["start"], f"{name}: paragraph number {number} not before {paragraph}"


def test_arrows_point_the_way_they_lead(browser, story):
    """Back points to the start edge, onward to the end edge: in an Arabic page, back is to the right."""
    name, direction, site = story
    m = measure(browser, site, f"{explainer(site)}/background.html", 1280,
                {"prev": ".pager .prev", "next": ".pager .next"},
                {"back": [".pager .prev .pager-k", "::before"], "on": [".pager .next .pager-k", "::after"],
                 "crumb": [".crumbs li + li", "::before"]})
    back, onward, crumb = ("→", "←", "‹") if direction == "rtl" else ("←", "→", "›")
    assert m["prev"][0]["end"] <= m["next"][0]["start"], f"{name}: previous {m['prev']} is not before next {m['next']}"
    assert m["content"]["back"] == [f'"{back} "'] and m["content"]["on"] == [f'" {onward}"'], f"{name}: {m['content']}"
    assert m["content"]["crumb"] and set(m["content"]["crumb"]) == {f'"{crumb}"'}, f"{name}: {m['content']}"
    s = measure(browser, site, f"{explainer(site)}/statements.html", 1280, {},
                {"closed": [".in-context:not([open]) > summary", "::before"]})
    assert s["content"]["closed"] and set(s["content"]["closed"]) == {'"◂ "' if direction == "rtl" else '"▸ "'}


OVERFLOW = """() => {
  const W = document.documentElement.clientWidth, out = [];
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.width > 1 && r.height > 1 && (r.left < -1 || r.right > W + 1) && !el.closest('.vh'))
      out.push(`${el.tagName.toLowerCase()}.${[...el.classList].join('.')} (${Math.round(r.left)}..${Math.round(r.right)})`);
  }
  return {out: out.slice(0, 5), scroll: document.documentElement.scrollWidth, W};
}"""


@pytest.mark.parametrize("width", WIDTHS)
def test_nothing_in_a_right_to_left_page_leaves_the_viewport(browser, sites, width):
    """Overflow past the left edge of a right-to-left page cannot be scrolled to: no element may go there."""
    site = sites["arabic"]
    context = browser.new_context(viewport={"width": width, "height": 900})
    try:
        tab = context.new_page()
        for page in sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html")):
            tab.goto((site / page).as_uri())
            found = tab.evaluate(OVERFLOW)
            assert not found["out"] and found["scroll"] <= found["W"], f"{page} at {width}px: {found}"
    finally:
        context.close()
