"""Hostile content and the output: no page or anchor silently replaced, no value let through that
breaks a page, the feed, the sitemap or robots.txt, and every problem on one line at its place."""
from __future__ import annotations

import contextlib
import dataclasses
import io
import json
import re
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

import html5lib
import pytest
from hypothesis import HealthCheck, Phase, event, given, settings, strategies as st

from conftest import (ABOUT, ENTITIES, ENTITIES_FILE as NF, EXPLAINER, EXPLAINER_DIR, EXPLAINER_FILE as EF, RECORDS,
                      RECORDS_FILE as RF, SEED, SEED_FILE, SEEDS, SEEDS_FILE as SF, SOURCES, SOURCES_FILE, SITE_FILE,
                      make_project, tree_hash, write_files)
from generator import schema
from generator.build import load
from generator.cli import main
from generator.errors import ContentError
from generator.render import Renderer, robots

PROBLEM_LINE = re.compile(r"[^\s:][^:\n]*:[1-9][0-9]*:[1-9][0-9]*: \S[^\n]*")
SUMMARY = re.compile(r"[1-9][0-9]* problems?; nothing was written")
CHANGES_FILE = f"{EXPLAINER_DIR}/changes.yaml"
MORE_FILE = f"{EXPLAINER_DIR}/more.yaml"


def problems(cli, project: Path, command: str = "check") -> list[str]:
    """The problems a command reports: exit 1, every line `path:line:col: message`, no traceback."""
    result = cli(project, command, *(("--no-search",) if command == "build" else ()))
    assert result.code == 1, result.out
    assert "Traceback" not in result.err
    lines = result.err.splitlines()
    assert SUMMARY.fullmatch(lines[-1]), lines[-1]
    for line in lines[:-1]:
        assert PROBLEM_LINE.fullmatch(line), line
    return lines[:-1]


def built(cli, project: Path, *args: str) -> Path:
    result = cli(project, "build", "--no-search", *args)
    assert result.code == 0, result.err
    return project / "site"


def refused_option(capsys, project: Path, *args: str) -> str:
    """The message of a command line refused by its options: exit 2, nothing done."""
    with pytest.raises(SystemExit) as exited:
        main(["--project", str(project), *args])
    assert exited.value.code == 2
    return capsys.readouterr().err


def ids_of(html: str) -> list[str]:
    return re.findall(r"""\sid=["']([^"']*)["']""", html)


def assert_unique_ids(site: Path) -> None:
    for page in site.rglob("*.html"):
        ids = ids_of(page.read_text(encoding="utf-8"))
        repeated = sorted({i for i in ids if ids.count(i) > 1})
        assert not repeated, f"{page.relative_to(site)}: {repeated}"


CHANGELOG = "changelog:\n  - id: {id}\n    date: 2024-05-01\n    title: A change\n    text: What changed.\n"
ENTITY = "  - id: {id}\n    kind: place\n    name: Somewhere\n    description: A place.\n"


# 3. Two things never claim one output path --------------------------------------------------

@pytest.mark.parametrize("files, message", [
    ({NF: ENTITIES + ENTITY.format(id="index")},
     NF + ":19:9: entity `index` would be written to entities/index.html, which is already the site's list of people, "
          "places and organisations; give the entity another id"),
    ({SF: SEEDS.replace("id: lakeside", "id: index"), EF: EXPLAINER.replace("seed: lakeside", "seed: index"),
      RF: RECORDS.replace("seed: lakeside", "seed: index")},
     SF + ":2:9: seed `index` would be written to sources/index.html, which is already the site's list of sources; "
          "give the seed another id"),
    ({"content/pages/search.md": ABOUT},
     "content/pages/search.md:1:1: page name `search` is taken by the site's own search.html; rename the file"),
    ({"content/pages/index.md": ABOUT},
     "content/pages/index.md:1:1: page name `index` is taken by the site's own index.html; rename the file"),
    ({"content/pages/404.md": ABOUT},
     "content/pages/404.md:1:1: page name `404` is taken by the site's own 404.html; rename the file"),
    ({"content/pages/feed.md": ABOUT},
     "content/pages/feed.md:1:1: page name `feed` is taken by the site's own feed.xml; rename the file"),
    ({"content/pages/lakeside.md": ABOUT},
     "content/pages/lakeside.md:1:1: page name `lakeside` is taken by the explainer `lakeside`; rename the file"),
    ({f"{EXPLAINER_DIR}/pages/background.md": ABOUT},
     f"{EXPLAINER_DIR}/pages/background.md:1:1: page name `background` is taken by the explainer's own background.html; "
     "rename the file"),
    ({f"{EXPLAINER_DIR}/pages/index.md": ABOUT},
     f"{EXPLAINER_DIR}/pages/index.md:1:1: page name `index` is taken by the explainer's own index.html; rename the file"),
    ({"content/pages/about.md": ABOUT, EF: EXPLAINER + "  former_paths: [about.html]\n"},
     EF + ":27:18: former path `about.html` is a page of this site; a redirect cannot replace it"),
], ids=["entity index", "seed index", "site page search", "site page index", "site page 404", "site page feed",
        "site page named like an explainer", "explainer page background", "explainer page index", "redirect over a page"])
def test_a_second_claim_on_an_output_path_is_refused_where_it_is_made(tmp_path, cli, files, message):
    project = make_project(tmp_path / "p", files)
    assert problems(cli, project, "build") == [message]
    assert not (project / "site").exists()


def test_the_plan_itself_never_replaces_a_page(tmp_path):
    """Should assembling ever miss a clash, planning the pages refuses it rather than drop one."""
    site = load(make_project(tmp_path / "p"))
    entity = site.entities["lakeside"]
    clashing = dataclasses.replace(site, entities={**site.entities, "index": dataclasses.replace(entity, id="index")})
    with pytest.raises(ContentError) as caught:
        Renderer(tmp_path / "p" / "templates").plan(clashing)
    assert [str(p) for p in caught.value.problems] == [
        "content:1:1: two pages would be written to entities/index.html: “People, places, organisations” and "
        "“Lakeside”; rename the record or page of one of them"]


def test_explainer_new_refuses_the_seed_id_index(tmp_path, capsys):
    project = make_project(tmp_path / "p")
    article = tmp_path / "article.txt"
    article.write_text(SEED, encoding="utf-8")
    err = refused_option(capsys, project, "new", str(article), "--id", "index")
    assert "argument --id: 'index' is taken by the site's list of sources (sources/index.html); choose another id" in err
    assert not (project / "seeds" / "index.txt").exists()


# 3. ... nor one fragment id of a page ----------------------------------------------------------

TEMPLATE_LIKE_IDS = ["main", "event", "the-event", "glance-1", "next-1", "event-fact-1", "level-local", "cited",
                     "search-form", "s1", "northland", "water-northland", "c-lakeside-event-1"]


@pytest.mark.parametrize("record_id", TEMPLATE_LIKE_IDS)
def test_record_ids_never_take_an_id_the_page_already_has(tmp_path, cli, record_id):
    """A changelog entry, a statement, an event, an issue, a repercussion and a source, all with one id
    that a template, another record or a citation could also use: every page keeps its ids unique."""
    records = (RECORDS.replace("id: dispute-begins", f"id: {record_id}").replace("id: berg-useful", f"id: {record_id}")
               .replace("id: local-worry", f"id: {record_id}"))
    files = {CHANGES_FILE: CHANGELOG.format(id=record_id), RF: records,
             SOURCES_FILE: SOURCES.replace("id: north-paper", f"id: {record_id}")}
    files[RF] = files[RF].replace("source: north-paper", f"source: {record_id}")
    files[EF] = EXPLAINER.replace("source: north-paper", f"source: {record_id}")
    if record_id == "water-northland":  # the issue `water` has a position of northland: that anchor is taken
        files[RF] = files[RF].replace("id: water\n", "id: river\n").replace("issues: [water]", "issues: [river]")
    site = built(cli, make_project(tmp_path / "p", files))
    assert_unique_ids(site)
    overview = (site / "lakeside/index.html").read_text(encoding="utf-8")
    assert f'<li id="{record_id}">' in overview  # the changelog entry keeps its id: links to it stay valid
    assert f'id="{record_id}"' in (site / "lakeside/statements.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("files, message", [
    ({MORE_FILE: "issues:\n  - id: water-northland\n    title: T\n    summary: S.\n    cite: [{source: north-paper}]\n"},
     RF + ":29:13: the position of `northland` on issue `water` would have the anchor lakeside/issues.html#water-northland, "
          f"which is already issue `water-northland` ({MORE_FILE}:2:9); give one of the issues another id"),
    ({MORE_FILE: "issues:\n  - id: water\n    title: T\n    summary: S.\n    cite: [{source: north-paper}]\n"
                 "    positions:\n      - by: lakeside\n        text: Hers.\n        cite: [{source: north-paper}]\n",
      RF: RECORDS.replace("id: water\n", "id: water-lakeside\n").replace("issues: [water]", "issues: [water-lakeside]")},
     RF + ":24:9: issue `water-lakeside` would have the anchor lakeside/issues.html#water-lakeside, which is already "
          f"the position of `lakeside` on issue `water` ({MORE_FILE}:7:13); give one of the issues another id"),
    ({EF: EXPLAINER.replace("        cite: [{source: north-paper}]\n    cite:",
                            "        cite: [{seed: lakeside, exact: Both delegations}]\n    cite:"),
      MORE_FILE: "events:\n  - id: fact-1\n    date: 2020\n    title: T\n    body: B.\n"
                 "    cite: [{seed: lakeside, exact: \"It is about\"}]\n"},
     MORE_FILE + ":6:36: this citation would have the anchor sources/lakeside.html#c-lakeside-event-fact-1-1, which is "
                 f"already the anchor of a citation ({EF}:15:40); give one of their records another id"),
], ids=["position after issue", "issue after position", "two citations"])
def test_a_second_claim_on_an_anchor_is_refused_naming_both(tmp_path, cli, files, message):
    assert problems(cli, make_project(tmp_path / "p", files)) == [message]


def test_the_overview_s_own_anchors_and_citations_keep_their_names(tmp_path, cli):
    """The anchors of the page's own parts hold `_`; the citations' anchors on the seed pages are unchanged."""
    site = built(cli, make_project(tmp_path / "p"))
    overview = (site / "lakeside/index.html").read_text(encoding="utf-8")
    for anchor in ("main_content", "the_event", "glance_1", "next_1", "event_fact_1"):
        assert f'id="{anchor}"' in overview
    seed = (site / "sources/lakeside.html").read_text(encoding="utf-8")
    for anchor in ("c-lakeside-event-1", "c-lakeside-glance-1-1", "c-lakeside-next-1-1", "c-lakeside-event-dispute-begins-1",
                   "c-lakeside-statement-berg-useful-quote"):
        assert f'id="{anchor}"' in seed
    assert '<a href="../lakeside/index.html#glance_1">' in seed
    assert 'href="#level_local"' in (site / "lakeside/repercussions.html").read_text(encoding="utf-8")


# 4. Ids, dates and names are matched whole, in ASCII -------------------------------------------

@pytest.mark.parametrize("files, message", [
    ({NF: ENTITIES.replace("id: lakeside", 'id: "lakeside\\n"')},
     NF + ":10:9: `id` `lakeside\\n` is not a valid id; use 1-64 lower-case letters, digits and hyphens, e.g. `lakeside`"),
    ({SF: SEEDS.replace("id: lakeside", 'id: "lakeside\\n"')},
     SF + ":2:9: `id` `lakeside\\n` is not a valid id; use 1-64 lower-case letters, digits and hyphens, e.g. `lakeside`"),
    ({RF: RECORDS.replace("id: dispute-begins", 'id: "dispute-begins\\n"')},
     RF + ":2:9: `id` `dispute-begins\\n` is not a valid id; use 1-64 lower-case letters, digits and hyphens, "
          "e.g. `dispute-begins`"),
    ({EF: EXPLAINER.replace("sides: [northland, southland]", 'sides: [northland, "southland\\n"]')},
     EF + ":6:22: `sides` `southland\\n` is not a valid id; use 1-64 lower-case letters, digits and hyphens, e.g. `southland`"),
    ({RF: RECORDS.replace("id: dispute-begins", "id: dispute-١")},
     RF + ":2:9: `id` `dispute-١` is not a valid id; use 1-64 lower-case letters, digits and hyphens, e.g. `dispute`"),
    ({EF: EXPLAINER.replace("updated: 2024-05-01", 'updated: "٢٠٢٤"')},
     EF + ":5:12: `updated` `٢٠٢٤` is not a date; write YYYY, YYYY-MM or YYYY-MM-DD"),
    ({EF: EXPLAINER.replace("updated: 2024-05-01", 'updated: "2024-05-01\\n"')},
     EF + ":5:12: `updated` `2024-05-01\\n` is not a date; write YYYY, YYYY-MM or YYYY-MM-DD"),
    ({RF: RECORDS.replace("date: 2019", 'date: "２０１９"')},
     RF + ":3:11: `date` `２０１９` is not a date; write YYYY, YYYY-MM or YYYY-MM-DD"),
    ({SOURCES_FILE: SOURCES.replace("date: 2024-04-01", "date: 2024-٠٤-01")},
     SOURCES_FILE + ":5:11: `date` `2024-٠٤-01` is not a date; write YYYY, YYYY-MM or YYYY-MM-DD"),
    ({CHANGES_FILE: CHANGELOG.format(id="x").replace("date: 2024-05-01", "date: 2024-05-٠١")},
     CHANGES_FILE + ":3:11: `date` `2024-05-٠١` is not a date; write YYYY, YYYY-MM or YYYY-MM-DD"),
], ids=["entity id", "seed id", "event id", "a reference", "arabic digit in an id", "arabic year", "date and newline",
        "fullwidth year", "arabic month", "arabic day"])
def test_ids_and_dates_are_matched_whole_and_in_ascii(tmp_path, cli, files, message):
    assert problems(cli, make_project(tmp_path / "p", files)) == [message]


@pytest.mark.parametrize("name, shown", [("x\n.md", "x\\n.md"), ("about\n.md", "about\\n.md"), ("café.md", "café.md"),
                                         ("ａbout.md", "ａbout.md"), ("x١.md", "x١.md")])
def test_page_file_names_are_matched_whole_and_in_ascii(tmp_path, cli, name, shown):
    project = make_project(tmp_path / "p", {f"content/pages/{name}": ABOUT})
    [line] = problems(cli, project)
    path = f"content/pages/{shown}"  # a newline in a name is shown as \\n, so the problem stays on one line
    assert line.startswith(f"{path}:1:1: page file name `{shown}` is not a valid page name; use lower-case letters, "
                           "digits and hyphens, e.g. `")


@pytest.mark.parametrize("option, value, message", [
    ("--id", "lakeside\n", "'lakeside\\n' is not an id"),
    ("--id", "x١", "'x١' is not an id"),
    ("--date", "٢٠٢٤", "'٢٠٢٤' is not a date"),
    ("--date", "2024\n", "'2024\\n' is not a date"),
    ("--date", "２０２４-01-01", "'２０２４-01-01' is not a date"),
])
def test_command_line_ids_and_dates_are_matched_whole_and_in_ascii(tmp_path, capsys, option, value, message):
    project = make_project(tmp_path / "p")
    article = tmp_path / "article.txt"
    article.write_text(SEED, encoding="utf-8")
    assert message in refused_option(capsys, project, "new", str(article), option, value)
    assert sorted(p.name for p in (project / "seeds").iterdir()) == ["lakeside.txt"]


# 5. Well-formed output: values checked or escaped for where they go ----------------------------

@pytest.mark.parametrize("files, message", [
    ({SITE_FILE: "site:\n  title: T\n  language: 'en\"'\n"},
     SITE_FILE + ":3:13: `language` `en\"` is not valid; write a language tag such as en, fr or pt-BR"),
    ({SITE_FILE: "site:\n  title: T\n  language: 'en\" onload=\"alert(1)'\n"},
     SITE_FILE + ":3:13: `language` `en\" onload=\"alert(1)` is not valid; write a language tag such as en, fr or pt-BR"),
    ({EF: EXPLAINER.replace("language: en", "language: en gb")},
     EF + ":4:13: `language` `en gb` is not valid; write a language tag such as en, fr or pt-BR"),
    ({EF: EXPLAINER.replace("language: en", 'language: "en\\n"')},
     EF + ":4:13: `language` `en\\n` is not valid; write a language tag such as en, fr or pt-BR"),
    ({SF: SEEDS.replace("language: en", "language: <en>")},
     SF + ":6:15: `language` `<en>` is not valid; write a language tag such as en, fr or pt-BR"),
    ({SF: SEEDS.replace("language: en", "language: english")},
     SF + ":6:15: `language` `english` is not valid; write a language tag such as en, fr or pt-BR"),
], ids=["quote", "attribute injection", "space", "newline", "angle brackets", "a word"])
def test_languages_are_language_tags(tmp_path, cli, files, message):
    assert problems(cli, make_project(tmp_path / "p", files)) == [message]


URL_MESSAGE = ("must be an http:// or https:// address with no spaces, double quotes, angle brackets or control characters, "
               "found ")


@pytest.mark.parametrize("url, shown", [
    ('https://example.org/x/\\nDisallow: /', "`https://example.org/x/\\nDisallow: /`"),
    ('https://example.org/\\"x', '`https://example.org/"x`'),
    ('https://example.org/ x', "`https://example.org/ x`"),
    ('https://example.org/<x>', "`https://example.org/<x>`"),
    ('https://example.org/\\u202ex', "`https://example.org/\\u202ex`"),
    ('https://exa\\u00a0mple.org/', "`https://exa\\xa0mple.org/`"),
    ('https://example.org/\\tx', "`https://example.org/\\tx`"),
])
def test_addresses_hold_no_space_quote_bracket_or_control_character(tmp_path, cli, url, shown):
    site = SITE_FILE, f'site:\n  title: T\n  base_url: "{url}"\n'
    assert problems(cli, make_project(tmp_path / "p", dict([site]))) == [
        f"{SITE_FILE}:3:13: `base_url` {URL_MESSAGE}{shown}"]
    source = SOURCES.replace("    date: 2024-04-01\n", f'    date: 2024-04-01\n    url: "{url}"\n')
    assert problems(cli, make_project(tmp_path / "q", {SOURCES_FILE: source})) == [
        f"{SOURCES_FILE}:6:10: `url` {URL_MESSAGE}{shown}"]


@pytest.mark.parametrize("url", ['https://example.org/x"', "https://example.org/x/\nDisallow: /", "https://example.org/<x>",
                                 "https://example.org/ x", "https://example.org/\x01"])
def test_a_base_url_on_the_command_line_is_checked_the_same_way(tmp_path, capsys, url):
    project = make_project(tmp_path / "p")
    err = refused_option(capsys, project, "build", "--no-search", "--base-url", url)
    assert f"argument --base-url: {url!r} is not an http:// or https:// address (no spaces, double quotes, angle brackets or " \
           "control characters)" in err
    assert not (project / "site").exists()


def test_a_good_base_url_makes_one_sitemap_line_in_robots_txt(tmp_path, cli):
    site = built(cli, make_project(tmp_path / "p"), "--base-url", "https://example.org/x/")
    assert (site / "robots.txt").read_text() == "User-agent: *\nAllow: /\nSitemap: https://example.org/x/sitemap.xml\n"
    bad = dataclasses.replace(load(make_project(tmp_path / "q")))
    bad = dataclasses.replace(bad, info=dataclasses.replace(bad.info, base_url="https://example.org/x/\nDisallow: /"))
    assert robots(bad) == "User-agent: *\nAllow: /\n"  # whatever reaches it, robots.txt gets no line of content's


ESCAPES = ["\\0", "\\x01", "\\e", "\\x7f", "\\x85", "\\u009f", "\\r", "\\uFFFE", "\\U0010FFFF", "\\ufdd0"]


@pytest.mark.parametrize("escape", ESCAPES)
def test_control_characters_written_as_escapes_are_refused_in_every_text_field(tmp_path, cli, escape):
    name = {"\\0": "U+0000", "\\x01": "U+0001", "\\e": "U+001B", "\\x7f": "U+007F", "\\x85": "U+0085", "\\u009f": "U+009F",
            "\\r": "U+000D", "\\uFFFE": "U+FFFE", "\\U0010FFFF": "U+10FFFF", "\\ufdd0": "U+FDD0"}[escape]
    files = {
        NF: ENTITIES.replace("name: Lakeside", f'name: "Lake{escape}side"').replace("aliases: [Berg]", f'aliases: ["B{escape}"]'),
        EF: EXPLAINER.replace("summary: Northland and Southland *talked*.", f'summary: "Northland{escape}"'),
        RF: RECORDS.replace("exact: The dispute began in 2019.", f'exact: "The dispute{escape}"'),
        CHANGES_FILE: CHANGELOG.format(id="x").replace("title: A change", f'title: "A{escape}"'),
        "content/pages/more.md": f'---\ntitle: "More{escape}"\ndescription: More.\n---\nMore.\n',
    }
    fix = f"holds the control character {name} (from an escape such as \\x01 or \\e in quotes); remove it"
    assert problems(cli, make_project(tmp_path / "p", files)) == [
        f"{NF}:12:11: `name` {fix}",
        f"{NF}:17:15: `aliases` {fix}",
        f"{CHANGES_FILE}:4:12: `title` {fix}",
        f"{EF}:3:12: `summary` {fix}",
        f"{RF}:8:16: `exact` {fix}",
        f"content/pages/more.md:2:8: `title` {fix}",
    ]


def test_tabs_and_newlines_stay_allowed_in_text(tmp_path, cli):
    files = {NF: ENTITIES.replace("name: Lakeside", 'name: "Lake\\tside\\ntown"')
             .replace("description: A town.", 'description: "A\\ttown,\\nby the lake."')}
    site = built(cli, make_project(tmp_path / "p", files))
    assert "<h1>Lake\tside\ntown</h1>" in (site / "entities/lakeside.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("char", ["\x01", "\x1b", "\x7f", "\x9b", "\ufdd0", "\uffff"])
def test_raw_control_characters_in_a_markdown_page_or_a_seed_are_refused_at_their_place(tmp_path, cli, char):
    name = f"U+{ord(char):04X}"
    page = {"content/pages/more.md": f"---\ntitle: More\ndescription: More.\n---\nMore{char} text.\n"}
    assert problems(cli, make_project(tmp_path / "p", page)) == [
        f"content/pages/more.md:5:5: control character {name} is not allowed; delete it (most editors do not show it)"]
    front = {"content/pages/more.md": f"---\ntitle: More\ndescription: More{char}.\n---\nMore text.\n"}
    assert problems(cli, make_project(tmp_path / "q", front)) == [
        f"content/pages/more.md:3:18: control character {name} is not allowed; delete it (most editors do not show it)"]
    seed = {SEED_FILE: SEED.replace("It is about", f"It is{char} about").replace("\n", "\r")}
    assert problems(cli, make_project(tmp_path / "r", seed)) == [
        f"{SEED_FILE}:3:33: control character {name} is not allowed; delete it (most editors do not show it)"]


def test_quotes_angle_brackets_and_ampersands_are_escaped_in_the_feed_and_pages(tmp_path, cli):
    hostile = "\"'<b>&amp;</b>\u202e\u200f"
    files = {SITE_FILE: f"site:\n  title: {json.dumps(hostile)}\n  description: {json.dumps(hostile)}\n",
             CHANGES_FILE: CHANGELOG.format(id="x").replace("title: A change", f"title: {json.dumps(hostile)}"),
             EF: EXPLAINER.replace("title: Lakeside talks", f"title: {json.dumps(hostile)}")}
    site = built(cli, make_project(tmp_path / "p", files), "--base-url", "https://example.org/a'b/")
    for feed in ("feed.xml", "lakeside/feed.xml", "sitemap.xml"):
        ET.parse(site / feed)
    assert ET.parse(site / "feed.xml").getroot().find("{http://www.w3.org/2005/Atom}title").text == f"{hostile}: updates"
    for page in site.rglob("*.html"):
        strict_html5(page.read_bytes())


# 6. One line per problem, at its place ---------------------------------------------------------

@pytest.mark.parametrize("data, where", [
    (ENTITIES.replace("name: Lakeside", "name: Lake\x01side").encode(), "12:15: control character U+0001"),
    (ENTITIES.replace("name: Lakeside", "name: Lake\x1bside").encode(), "12:15: control character U+001B"),
    (("\ufeff" + ENTITIES.replace("name: Lakeside", "name: Lake\x7fside")).encode(), "12:15: control character U+007F"),
    (ENTITIES.replace("\n", "\r").replace("name: Lakeside", "name: Lakeside\x02").encode(), "12:19: control character U+0002"),
    (ENTITIES.replace("\n", "\r\n").replace("name: Lakeside", "name: Läkeside\x0c").encode(), "12:19: control character U+000C"),
    (ENTITIES.replace("name: Lakeside", "name: Lake\u0085side").encode(), "12:15: control character U+0085"),
    (ENTITIES.replace("# x", "").replace("description: A town.", "description: A town. # a comment\x01").encode(),
     "13:37: control character U+0001"),
], ids=["SOH", "ESC", "DEL after a BOM", "old-Mac line endings", "CRLF and an accent", "NEL", "in a comment"])
def test_a_raw_control_character_in_yaml_is_one_line_at_its_place(tmp_path, cli, data, where):
    project = make_project(tmp_path / "p", {NF: data})
    assert problems(cli, project) == [f"{NF}:{where} is not allowed; delete it (most editors do not show it)"]


def test_every_raw_control_character_is_listed_up_to_ten(tmp_path, cli):
    three = ENTITIES.replace("name: Northland", "name: North\x01land").replace("name: Lakeside", "name: \x02Lakeside\x03")
    assert problems(cli, make_project(tmp_path / "p", {NF: three})) == [
        f"{NF}:4:16: control character U+0001 is not allowed; delete it (most editors do not show it)",
        f"{NF}:12:11: control character U+0002 is not allowed; delete it (most editors do not show it)",
        f"{NF}:12:20: control character U+0003 is not allowed; delete it (most editors do not show it)",
    ]
    many = ENTITIES.replace("name: Lakeside", "name: Lake" + "\x01" * 25)
    lines = problems(cli, make_project(tmp_path / "q", {NF: many}))
    assert len(lines) == 10
    assert lines[0] == f"{NF}:12:15: control character U+0001 is not allowed; delete it (most editors do not show it)"
    assert lines[-1] == (f"{NF}:12:24: control character U+0001 is not allowed (and 15 more in this file); "
                         "delete it (most editors do not show it)")


@pytest.mark.parametrize("data, where", [
    (b"\xef\xbb\xbfentities: \xff\n", "1:11"),
    (b"entities:\r  - id: x\r    kind: \xffplace\r", "3:11"),
    (b"entities:\r\n  - id: x\r\n    kind: \xffplace\r\n", "3:11"),
    (b"\xef\xbb\xbfentities:\r  - id: x\r    kind: \xffplace\r", "3:11"),
    ("entities:\n  - id: x\n    name: Genève \u00e9".encode() + b"\xff\n", "3:19"),
], ids=["after a BOM", "old-Mac line endings", "CRLF", "BOM and old-Mac", "after accented letters"])
def test_invalid_utf8_is_reported_at_its_character(tmp_path, cli, data, where):
    project = make_project(tmp_path / "p", {"content/x.yaml": data})
    assert problems(cli, project) == [f"content/x.yaml:{where}: not valid UTF-8; save the file as UTF-8"]


def test_a_nul_byte_is_reported_at_its_place(tmp_path, cli):
    project = make_project(tmp_path / "p", {"content/x.yaml": b"entities:\r  - id: x\x00\n"})
    assert problems(cli, project) == ["content/x.yaml:2:10: NUL byte: this is a binary file, not YAML text"]


def test_old_mac_line_endings_report_the_same_places_as_plain(tmp_path, cli):
    broken = ENTITIES.replace("kind: place\n    name: Lakeside", "kind: plac\n    name: Lakeside")
    plain = problems(cli, make_project(tmp_path / "p", {NF: broken}))
    assert plain == [f"{NF}:11:11: `kind` `plac` is not one of: person, place, organisation, group (did you mean `place`?)"]
    for ending in ("\r", "\r\n"):
        assert problems(cli, make_project(tmp_path / ending.encode().hex(), {NF: broken.replace("\n", ending).encode()})) == plain
    page = "---\rtitle: About\rdescription: How.\rextra: x\r---\rMade.\r"
    assert problems(cli, make_project(tmp_path / "page", {"content/pages/about.md": page})) == [
        "content/pages/about.md:4:1: unknown field `extra`; allowed: title, description"]


def test_messages_that_quote_a_value_stay_on_one_line(tmp_path, cli):
    files = {NF: ENTITIES.replace("kind: place\n    name: Lakeside", 'kind: "pla\\nce"\n    name: Lakeside')
             .replace("name: Ana Berg", 'name: Ana Berg\n    "name\\n": Berg'),
             SOURCES_FILE: SOURCES.replace("date: 2024-04-01", 'date: "2024-04-01\\r"')}
    assert problems(cli, make_project(tmp_path / "p", files)) == [
        f"{NF}:11:11: `kind` `pla\\nce` is not one of: person, place, organisation, group (did you mean `place`?)",
        f"{NF}:17:5: unknown field `name\\n` (did you mean `name`?); allowed: id, kind, name, aliases, names, description, cite, updated, draft",
        f"{SOURCES_FILE}:5:11: `date` holds the control character U+000D (from an escape such as \\x01 or \\e in quotes); "
        "remove it",
    ]
    quote = {RF: RECORDS.replace("exact: The dispute began in 2019.", "exact: Background The dispute began in 2018.")}
    assert problems(cli, make_project(tmp_path / "q", quote)) == [
        f"{RF}:8:16: quote \"Background The dispute began in 2018.\" not found in seed `lakeside` (seeds/lakeside.txt); "
        "closest passage (97% alike) at seeds/lakeside.txt:2:1: \"Background The dispute began in 2019.\""]


# The property: whatever ids, dates and text a project holds, a build fails with only well-formed
# problem lines, or writes pages that parse as HTML5 and feeds and a sitemap that parse as XML.

def strict_html5(data: bytes) -> None:
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    parser.parse(data, transport_encoding="utf-8")


# Pieces any text may hold, and pieces no text may hold (control characters, lone surrogates).
FAIR_PIECES = ["a", "z", "0", "9", "-", " ", "\n", "\t", '"', "'", "<", ">", "&", "&amp;", "<script>", "</p>", "]]>", "\\",
               "#", ":", "{", "}", "[", "]", "*", "_", "é", "٢", "٠", "２", "\u200f", "\u202e", "\u2028", "\ufeff", "😀", "A"]
FOUL_PIECES = ["\x00", "\x01", "\x1b", "\r", "\x7f", "\x85", "\x9f", "\ufffe", "\ud800", "\U0010ffff"]
fair_text = st.lists(st.sampled_from(FAIR_PIECES), min_size=1, max_size=12).map(lambda t: "x" + "".join(t))
foul_text = st.lists(st.sampled_from(FAIR_PIECES + FOUL_PIECES), min_size=1, max_size=12).map("".join)
fair = {
    "id": st.one_of(st.sampled_from(["main", "event", "the-event", "glance-1", "level-local", "cited", "s1", "c-lakeside-event-1"]),
                    st.from_regex(r"[a-z0-9][a-z0-9-]{0,8}", fullmatch=True)),
    "date": st.one_of(st.sampled_from(["2024", "2024-02", "2024-02-29", "1999-12-31"]), st.dates().map(lambda d: f"{d:%Y-%m-%d}")),
    "language": st.one_of(st.sampled_from(["en", "pt-BR", "zh-Hant-TW", "ar"]),
                          st.from_regex(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8}){0,2}", fullmatch=True)),
    "url": st.lists(st.sampled_from(["a", "/", "?", "#", "&", "=", "'", "%20", "é", "ж", "(", ")", "~", ".", "-"]), max_size=8).map(
        lambda t: "https://example.org/" + "".join(t)),
    "text": fair_text,
}
foul = {
    "id": st.one_of(fair["id"], foul_text, st.sampled_from(["index", "lakeside", "x\n", "x١", "A", "a_b", "-a"])),
    "date": st.one_of(fair["date"], foul_text, st.sampled_from(["2023-02-29", "٢٠٢٤", "2024\n", "２０２４", "2024-1-1"])),
    "language": st.one_of(fair["language"], foul_text, st.sampled_from(['en"', 'en" onload="x"', "en\n", "e n"])),
    "url": st.one_of(fair["url"], foul_text.map(lambda t: "https://example.org/" + t)),
    "text": st.one_of(fair_text, foul_text),
}
FIELDS = {"record_id": "id", "change_id": "id", "entity_id": "id", "date": "date", "language": "language", "title": "text",
          "text": "text", "label": "text", "base_url": "url"}


@st.composite
def project_values(draw) -> dict[str, str]:
    """Values for every field: all fair (a build should succeed), or each fair or foul."""
    kinds = fair if draw(st.booleans()) else foul
    return {name: draw(kinds[kind]) for name, kind in FIELDS.items()}


def yaml_string(value: str) -> str:
    """A YAML double-quoted scalar: C0 controls and lone surrogates become escapes, other characters stay raw."""
    return re.sub("[\ud800-\udfff]", lambda m: f"\\u{ord(m.group()):04x}", json.dumps(value, ensure_ascii=False))


@given(project_values())
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow],
          phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.shrink])
def test_any_ids_dates_and_text_build_well_formed_pages_or_fail_with_problem_lines(values):
    q = {name: yaml_string(value) for name, value in values.items()}
    body = re.sub("[\ud800-\udfff]", "?", values["text"])  # a file holds UTF-8: no lone surrogate
    files = {
        SITE_FILE: f"site:\n  title: {q['title']}\n  description: {q['text']}\n  language: {q['language']}\n"
                   f"  publisher: {q['label']}\n  base_url: {q['base_url']}\n",
        EF: EXPLAINER.replace("title: Lakeside talks", f"title: {q['title']}").replace("label: Where", f"label: {q['label']}")
                     .replace("text: Lakeside\n", f"text: {q['text']}\n").replace("language: en", f"language: {q['language']}"),
        CHANGES_FILE: f"changelog:\n  - id: {q['change_id']}\n    date: {q['date']}\n    title: {q['title']}\n"
                      f"    text: {q['text']}\n",
        RF: RECORDS.replace("id: dispute-begins", f"id: {q['record_id']}").replace("date: 2019", f"date: {q['date']}")
                   .replace("title: The dispute begins", f"title: {q['title']}").replace("role: Envoy", f"role: {q['label']}")
                   .replace("id: local-worry", f"id: {q['record_id']}").replace("id: berg-useful", f"id: {q['record_id']}"),
        NF: ENTITIES + f"  - id: {q['entity_id']}\n    kind: group\n    name: {q['title']}\n    description: {q['text']}\n",
        "content/pages/more.md": f"---\ntitle: {q['title']}\ndescription: {q['label']}\n---\n{body}\n",
    }
    with tempfile.TemporaryDirectory() as folder:
        project = make_project(Path(folder) / "p", files)
        err = io.StringIO()
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
            code = main(["--project", str(project), "build", "--no-search"])
        lines = err.getvalue().splitlines()
        event("refused" if code else "built")
        if code != 0:
            assert code == 1, err.getvalue()
            assert lines and SUMMARY.fullmatch(lines[-1]), err.getvalue()
            for line in lines[:-1]:
                assert PROBLEM_LINE.fullmatch(line), line
            return
        site = project / "site"
        for page in site.rglob("*.html"):
            strict_html5(page.read_bytes())
            found = ids_of(page.read_text(encoding="utf-8"))
            assert len(found) == len(set(found)), (page, found)
        for feed in (site / "feed.xml", site / "sitemap.xml", *site.glob("*/feed.xml")):
            ET.parse(feed)
        assert len((site / "robots.txt").read_text(encoding="utf-8").splitlines()) == 3
