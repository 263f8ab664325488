"""Evidence in place (issue 14), in headless Chromium on every built site: what each citation says it
is, the popover with the cited words, the way to the passage on the source page (with JavaScript and
without), the keyboard, print, text fragments, and the strengths of the source pages' highlights."""
from __future__ import annotations

import functools
import http.server
import re
import threading
from html import unescape
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest

from generator import i18n

from .conftest import CHROMIUM_ARGS

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def browser(chromium):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=str(chromium), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


def project_name(request) -> str:
    return request.node.callspec.params.get("site_dir", "")


def pages_with_citations(site_dir: Path) -> list[str]:
    return sorted(p.relative_to(site_dir).as_posix() for p in site_dir.rglob("*.html")
                  if 'class="ev"' in p.read_text(encoding="utf-8"))


def an_overview(site_dir: Path) -> str:
    """An explainer's overview with a citation of a seed."""
    for page in sorted(site_dir.glob("*/index.html")):
        if 'class="ev-b"' in page.read_text(encoding="utf-8"):
            return page.relative_to(site_dir).as_posix()
    pytest.fail(f"no overview in {site_dir} cites a seed")


def paragraph_of_each_citation(site_dir: Path) -> dict[str, int]:
    """For each citation anchor on the source pages, the number of the paragraph it is in."""
    found = {}
    for page in (site_dir / "sources").glob("*.html"):
        html = page.read_text(encoding="utf-8")
        for number, body in re.findall(r'<p(?: class="lede")? data-n="(\d+)">(.*?)</p>', html, flags=re.S):
            for anchor in re.findall(r'id="(c-[^"]+)"', body):
                found[f"{page.name}#{anchor}"] = int(number)
    return found


CITATIONS = """() => {
  axe.setup(document);
  const lists = [];
  for (const ev of document.querySelectorAll('.ev')) {
    const shown = [...ev.querySelectorAll('.ev-a, .ev-b, .ev-s')].filter(e => e.checkVisibility());
    lists.push(shown.map(e => {
      const copy = e.cloneNode(true);
      copy.querySelectorAll('.vh').forEach(v => v.remove());
      return {kind: e.className, name: axe.commons.text.accessibleText(e), shown: copy.textContent.replace(/\\s+/g, ' ').trim(),
              href: e.getAttribute('href') || '', target: e.getAttribute('popovertarget') || '',
              popover: e.getAttribute('popovertarget') ? !!document.getElementById(e.getAttribute('popovertarget'))?.matches('[popover]') : false,
              paragraph: e.getAttribute('popovertarget')
                ? (document.getElementById(e.getAttribute('popovertarget'))?.querySelector('.pop-h')?.textContent.match(/¶[^\\d]*(\\d+)/) || [])[1] || ''
                : ''};
    }));
  }
  axe.teardown();
  return lists;
}"""


def interface_words(page: Path) -> tuple[str, str, str]:
    """How a page says "Source:", "paragraph" and the comma between a label's parts, in its language."""
    language = re.search(r'<html lang="([^"]+)"', page.read_text(encoding="utf-8")).group(1)
    words = i18n.translator(language)
    return words.ngettext("Source:", "Sources:", 1), words.gettext("paragraph"), words.gettext(", ")


def test_every_citation_says_what_it_points_to_and_no_item_repeats_a_label(browser, server_url, site_dir, axe_source):
    """On every page of the site: a seed citation is named "Source: <name>, paragraph <n>" and shows
    "<name>, ¶<n>" (the name once for a seed's citations in a row), n being the paragraph its passage is
    in (its popover says so too; the next test checks the source page); an external source is named by
    what it shows, its publisher (and date)."""
    page = browser.new_page()
    problems, checked = [], 0
    for path in pages_with_citations(site_dir):
        source, paragraph, comma = interface_words(site_dir / path)
        page.goto(server_url + path)
        page.evaluate(axe_source)
        for citations in page.evaluate(CITATIONS):
            labels, group = [], ""
            for c in citations:
                checked += 1
                if c["kind"] == "ev-s":
                    if c["name"] != f"{source} " + c["shown"] or not c["href"].split("#")[0].endswith("sources/index.html"):
                        problems.append(f"{path}: external source {c}")
                    labels.append(c["shown"])
                    continue
                named = re.fullmatch(rf"{re.escape(source)} (.+){re.escape(comma)}{re.escape(paragraph)} (\d+)", c["name"])
                shown = re.fullmatch(rf"(?:(.+){re.escape(comma)})?¶(\d+)", c["shown"])
                if c["kind"] != "ev-b" or not c["popover"] or not named or not shown:
                    problems.append(f"{path}: {c}")
                    continue
                group = shown.group(1) or group
                label = f"{group}{comma}¶{shown.group(2)}"
                if (named.group(1), named.group(2)) != (group, shown.group(2)) or c["paragraph"] != shown.group(2):
                    problems.append(f"{path}: named {c['name']!r}, shows {label!r}, its popover says ¶{c['paragraph']}")
                labels.append(label)
            if len(labels) != len(set(labels)):
                problems.append(f"{path}: one item shows the same label twice: {labels}")
    page.close()
    assert checked, "no citation found"
    assert not problems, "\n".join(problems[:20])


def test_each_label_names_the_paragraph_its_passage_is_in(site_dir):
    """The ¶ of a label is the paragraph of the source page that holds the cited words."""
    in_paragraph = paragraph_of_each_citation(site_dir)
    problems, checked = [], 0
    for path in pages_with_citations(site_dir):
        html = (site_dir / path).read_text(encoding="utf-8")
        for href, inner in re.findall(r'<a class="ev-a" href="([^"]+)">(.*?)</a>', html, flags=re.S):
            number = re.search(r'</span>(\d+)$', inner.strip()).group(1)
            key = href.rsplit("/", 1)[-1]
            if key in in_paragraph:  # (one in a heading counts with the paragraph it heads)
                checked += 1
                if in_paragraph[key] != int(number):
                    problems.append(f"{path}: {href} is labelled ¶{number}, its passage is in ¶{in_paragraph[key]}")
    assert checked
    assert not problems, "\n".join(problems[:20])


def visible_text(page, selector: str) -> str:
    return " ".join(page.locator(selector).inner_text().split())


PASSAGE = """() => {
  const target = document.querySelector(':target');
  if (!target) return null;
  const passage = target.closest('.psg');
  const copy = passage.cloneNode(true);
  copy.querySelectorAll('.by').forEach(b => b.remove());
  const list = passage.nextElementSibling;
  return {
    words: copy.textContent.replace(/\\s+/g, ' ').trim(),
    outline: getComputedStyle(passage).outlineStyle,
    items: list && list.matches('.by') && list.checkVisibility()
      ? [...list.querySelectorAll('a')].map(a => ({href: a.href, label: a.getAttribute('aria-label'), seen: a.getBoundingClientRect().height}))
      : [],
    inView: passage.getBoundingClientRect().top >= 0 && passage.getBoundingClientRect().top < innerHeight,
  };
}"""


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_a_citation_opens_the_cited_words_and_leads_to_the_passage_marked_as_the_target(browser, server_url, site_dir,
                                                                                       javascript):
    overview = an_overview(site_dir)
    context = browser.new_context(java_script_enabled=javascript, viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto(server_url + overview)
    button = page.locator(".ev-b").first
    target = button.get_attribute("popovertarget")
    popover = page.locator(f"#{target}")
    assert not popover.is_visible()
    button.click()
    assert popover.is_visible() and page.evaluate(f"document.getElementById('{target}').matches(':popover-open')")
    cited = " ".join(popover.locator("mark").first.inner_text().split())
    sentence = " ".join(popover.locator(".pop-q").first.inner_text().split())
    assert cited and cited in sentence
    link = popover.locator(".pop-go a").first  # in the source article (the original, where there is one, comes second)
    assert link.is_visible()
    link.click()
    page.wait_for_load_state("load")
    page.wait_for_timeout(800)  # a smooth scroll ends
    assert urlsplit(page.url).path.startswith("/sources/")
    landed = page.evaluate(PASSAGE)
    assert landed is not None, page.url
    assert landed["words"] == cited  # the exact words of the popover, as the source page has them
    assert landed["outline"] != "none" and landed["inView"]
    back = [urljoin(page.url, item["href"]) for item in landed["items"]]
    assert landed["items"] and all(item["seen"] >= 24 and item["label"] for item in landed["items"])
    assert any(urlsplit(href).path == "/" + overview for href in back), back  # the overview's item is listed
    context.close()


def test_the_keyboard_opens_a_citation_escape_closes_it_and_focus_returns(browser, server_url, site_dir):
    page = browser.new_page()
    page.goto(server_url + an_overview(site_dir))
    button = page.locator(".ev-b").first
    target = button.get_attribute("popovertarget")
    button.focus()
    page.keyboard.press("Enter")
    assert page.evaluate(f"document.getElementById('{target}').matches(':popover-open')")
    page.keyboard.press("Tab")
    assert page.evaluate(f"document.getElementById('{target}').contains(document.activeElement)")  # into the popover
    page.keyboard.press("Escape")
    assert not page.evaluate(f"document.getElementById('{target}').matches(':popover-open')")
    assert page.evaluate("document.activeElement.getAttribute('popovertarget')") == target
    page.keyboard.press("Enter")  # and its Close button closes it too
    page.locator(f"#{target} .pop-x").click()
    assert not page.evaluate(f"document.getElementById('{target}').matches(':popover-open')")
    page.close()


@pytest.mark.parametrize("width, scheme", [(390, "light"), (390, "dark"), (1280, "light"), (1280, "dark")])
def test_an_open_popover_has_no_axe_violation(browser, server_url, site_dir, axe_source, width, scheme):
    context = browser.new_context(viewport={"width": width, "height": 844}, color_scheme=scheme)
    page = context.new_page()
    page.goto(server_url + an_overview(site_dir))
    button = page.locator(".ev-b").first
    button.scroll_into_view_if_needed()
    button.click()
    page.evaluate(axe_source)
    found = page.evaluate("""async (selector) => (await axe.run({include: [selector]},
        {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21aa', 'wcag22aa', 'best-practice']}})).violations
        .map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', '))""", f"#{button.get_attribute('popovertarget')}")
    context.close()
    assert found == []


def test_in_print_each_popover_is_one_numbered_note_and_the_buttons_are_gone(browser, server_url, site_dir):
    page = browser.new_page()
    page.goto(server_url + an_overview(site_dir))
    page.emulate_media(media="print")
    result = page.evaluate("""() => {
      const pops = [...document.querySelectorAll('main .pop')];
      const main = document.querySelector('main').innerText;
      return {
        pops: pops.map(p => ({shown: p.checkVisibility(), number: p.querySelector('.pop-n').innerText.trim(),
                              note: p.innerText.trim(), links: p.querySelector('.pop-go').checkVisibility()})),
        buttons: [...document.querySelectorAll('.ev-b')].filter(b => b.checkVisibility()).length,
        numbers: [...document.querySelectorAll('.ev-n')].filter(n => n.checkVisibility()).map(n => n.innerText.trim()),
        main,
      };
    }""")
    page.close()
    assert result["pops"] and result["buttons"] == 0
    assert [p["number"] for p in result["pops"]] == [f"{n}." for n in range(1, len(result["pops"]) + 1)]
    assert all(p["shown"] and not p["links"] for p in result["pops"])
    assert sorted(set(result["numbers"]), key=lambda n: int(n[1:-1])) == [f"[{n}]" for n in range(1, len(result["pops"]) + 1)]
    for pop in result["pops"]:
        assert result["main"].count(pop["note"]) == 1, pop["note"]  # on paper once: not lost, not twice


def fragment_texts(url: str) -> list[str]:
    """The words a text fragment names: each `text=` directive decoded, textStart,textEnd joined by …"""
    return [" … ".join(unquote(part) for part in d.removeprefix("text=").split(",")) for d in url.split(":~:", 1)[1].split("&")]


def test_the_original_article_is_linked_with_a_text_fragment_of_the_cited_words(site_dir):
    """Where a seed has an address, each popover links to it with a text fragment that decodes to the
    cited words (their first and last words when long); a seed without one has no such link."""
    with_url = {p.stem: unescape(m.group(1)) for p in (site_dir / "sources").glob("*.html")
                if (m := re.search(r'<dt>Original</dt><dd><a href="([^"]+)"', p.read_text(encoding="utf-8")))}
    checked = 0
    for path in pages_with_citations(site_dir):
        html = (site_dir / path).read_text(encoding="utf-8")
        for body in re.findall(r'<span class="pop" id="ev_\d+" popover>(.*?)popovertargetaction="hide"', html, flags=re.S):
            seed = re.search(r'sources/([^"#/]+)\.html#', body).group(1)
            original = re.search(r'<a href="([^"]+)" rel="external noopener noreferrer">in the original</a>', body)
            if seed not in with_url:
                assert original is None, (path, seed)
                continue
            checked += 1
            href = unescape(original.group(1))
            assert href.startswith(with_url[seed] + "#:~:text=")
            cited = [" ".join(unescape(re.sub(r"<[^>]+>", "", m)).split()) for m in re.findall(r"<mark>(.*?)</mark>", body)]
            for named, words in zip(fragment_texts(href), cited, strict=True):
                if " … " in named:
                    start, end = named.split(" … ")
                    assert words.startswith(start) and words.endswith(end), (named, words)
                else:
                    assert named == words
    if with_url:
        assert checked, "no popover links to an original"


STRENGTHS = """() => [...new Set([...document.querySelectorAll('.seed-text mark')].map(m => getComputedStyle(m).backgroundColor))]"""
UNDERLINES = """() => [...new Set([...document.querySelectorAll('.seed-text mark')].map(m => {
  const s = getComputedStyle(m); return s.borderBottomStyle + ' ' + s.borderBottomWidth; }))]"""


@pytest.mark.parametrize("scheme", ["light", "dark", "print"])
def test_a_fully_cited_source_page_shows_at_least_three_strengths_of_highlight(browser, server_url, site_dir, request, scheme):
    if project_name(request) != "repository":
        pytest.skip("the repository's source pages are the ones at 100% coverage with many citations")
    context = browser.new_context(color_scheme="dark" if scheme == "dark" else "light")
    page = context.new_page()
    checked = 0
    for source in sorted((site_dir / "sources").glob("*.html")):
        if source.name == "index.html" or "100%</strong> coverage" not in source.read_text(encoding="utf-8"):
            continue
        page.goto(server_url + f"sources/{source.name}")
        if scheme == "print":
            page.emulate_media(media="print")
            assert len(page.evaluate(UNDERLINES)) >= 3, source.name  # backgrounds may not print: underlines differ
        else:
            assert len(page.evaluate(STRENGTHS)) >= 3, source.name
        checked += 1
    context.close()
    assert checked


def test_uncited_sentences_are_shown_plain(browser, chromium, tmp_path):
    """A seed below 100%: its uncited sentence has no highlight, no passage, no background."""
    from conftest import SEED, SEED_FILE, make_project
    from generator.cli import main

    sentence = "Nobody cites this sentence."
    project = make_project(tmp_path / "p", {SEED_FILE: SEED.replace("It is about a river's water.",
                                                                     f"It is about a river's water. {sentence}")})
    assert main(["--project", str(project), "build", "--no-search", "--out", str(tmp_path / "site")]) == 0
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(tmp_path / "site"))
    handler.log_message = lambda *a: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        page = browser.new_page()
        page.goto(f"http://127.0.0.1:{server.server_address[1]}/sources/lakeside.html")
        found = page.evaluate("""(sentence) => {
          const walker = document.createTreeWalker(document.querySelector('.seed-text'), NodeFilter.SHOW_TEXT);
          const out = [];
          for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            const el = node.parentElement;
            out.push({text: node.data, marked: !!el.closest('mark, .psg, .k1, .k2, .k3, .k4'),
                      background: getComputedStyle(el).backgroundColor});
          }
          return out;
        }""", sentence)
        page.close()
    finally:
        server.shutdown()
    plain = [n for n in found if sentence in n["text"]]
    assert plain and all(not n["marked"] and n["background"] == "rgba(0, 0, 0, 0)" for n in plain)
    assert any(n["marked"] for n in found)  # the cited ones are
