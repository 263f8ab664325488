"""Hostile input that used to give a traceback or a hang: each now ends as one `path:line:col: message`
line (exit 1) or a clean build, in seconds.

Families: a Markdown field or page whose structure would make the converter recurse too deep or work
too long; a quote not found, whose closest passage is searched in bounded time; seed files that cannot
be opened or are empty; file names that are not UTF-8; templates that are not UTF-8 or never end;
links that leave the site without a scheme.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import (ABOUT_FILE, ENTITIES, ENTITIES_FILE, RECORDS, RECORDS_FILE, REPO, SEED_FILE, SEEDS, SEEDS_FILE,
                      make_project)
from generator import anchor
from generator.markup import MAX_NESTING, MARKUP, MarkdownError, sanitise, structure_problem

SECONDS = 10  # generous: each case here takes well under two seconds on a 2-core machine
DESCRIPTION = f"{ENTITIES_FILE}:5:18"  # where Northland's description is
TOO_LONG = "Markdown would take too long to convert"
ARTICLE = (REPO / "tests/fixtures/articles/geneva-second-round.txt").read_text(encoding="utf-8")


def with_description(text: str) -> dict:
    """The fixture project with Northland's description replaced by text (as a YAML double-quoted string)."""
    return {ENTITIES_FILE: ENTITIES.replace("description: A country.", f"description: {json.dumps(text)}", 1)}


def timed_build(cli, project):
    started = time.perf_counter()
    result = cli(project, "build", "--no-search")
    result.seconds = time.perf_counter() - started
    assert "Traceback" not in result.err
    return result


def one_problem(cli, project) -> str:
    result = timed_build(cli, project)
    assert result.code == 1, result.out
    assert len(result.problems) == 1, result.problems
    assert result.seconds < SECONDS, result.seconds
    assert not (project / "site").exists()
    return result.problems[0]


# -- Markdown nested too deep: the converter recursed until RecursionError --------------------------

@pytest.mark.parametrize("marker", ["- ", "* ", "+ ", "1. ", "> ", ">", "> - ", "- > "])
def test_markdown_nested_past_the_limit_is_refused_in_a_field(tmp_path, cli, marker):
    depth = 500 if len(marker) < 3 else 250
    text = marker * depth + "x"
    levels = depth * (2 if len(marker.split()) == 2 else 1)
    assert one_problem(cli, make_project(tmp_path / "p", with_description(text))) == (
        f"{DESCRIPTION}: `description`: lists and block quotes nested {levels} deep (at column 1 of the text): "
        f"the limit is {MAX_NESTING}; flatten them")


def test_markdown_nested_by_indentation_is_refused_at_its_line(tmp_path, cli):
    text = "\n".join("    " * level + "- item" for level in range(40))
    assert one_problem(cli, make_project(tmp_path / "p", with_description(text))) == (
        f"{DESCRIPTION}: `description`: lists and block quotes nested 17 deep (at line 17, column 1 of the text): "
        f"the limit is {MAX_NESTING}; flatten them")


def test_markdown_nested_up_to_the_limit_builds(tmp_path, cli):
    text = "- " * MAX_NESTING + "deep\n\n" + "> " * MAX_NESTING + "quoted\n\n" + "- - - - - - - - - - - - - - - - - - - -"
    result = timed_build(cli, make_project(tmp_path / "p", with_description(text)))
    assert result.code == 0, result.err
    page = (tmp_path / "p/site/entities/northland.html").read_text(encoding="utf-8")
    assert "deep" in page and "quoted" in page and "<hr>" in page


def test_a_page_nested_too_deep_is_refused_at_its_line_in_the_page(tmp_path, cli):
    page = "---\ntitle: About\ndescription: How this was made.\n---\nMade by hand.\n\n" + "- " * 30 + "x\n"
    assert one_problem(cli, make_project(tmp_path / "p", {ABOUT_FILE: page})) == (
        f"{ABOUT_FILE}:7:1: lists and block quotes nested 30 deep: the limit is {MAX_NESTING}; flatten them")


def test_a_converter_that_failed_half_way_converts_the_next_text_afresh():
    from generator.markup import Markup
    markup = Markup()
    markup._md.reset().convert = lambda text: (_ for _ in ()).throw(RecursionError())  # fails as a deep list did
    with pytest.raises(MarkdownError):
        markup.block("- a *b*")
    assert markup.block("*x* and [a](https://example.org/)") == (
        '<p><em>x</em> and <a href="https://example.org/" rel="noopener noreferrer">a</a></p>')


# -- Markdown that would take the converter too long: quadratic constructs ---------------------------

HOSTILE_MARKDOWN = {
    "20,000 unclosed [": ("[" * 20_000, f"20,000 `[` without a closing `]` (the first at column 1 of the text): "
                          f"{TOO_LONG}, as it reads on to the end of the paragraph for each; close them, or write \\[ "
                          "for a bracket shown as it is"),
    "49,000 unclosed [": ("[" * 49_000, "49,000 `[` without a closing `]` (the first at column 1 of the text)"),
    "unclosed [ after text": ("See " + "[[" * 5_000, "10,000 `[` without a closing `]` (the first at column 5 of the text)"),
    "unclosed ![": ("![" * 10_000, "10,000 `[` without a closing `]` (the first at column 2 of the text)"),
    "'[](' * 16000": ("[](" * 16_000, f"16,000 links `](` whose `(` is never closed by `)` (the first at column 3 of "
                      f"the text): {TOO_LONG}, as it reads on to the end of the paragraph for each; close them, or "
                      "write \\( for a parenthesis shown as it is"),
    "links with an unclosed title": ('[a](b "' * 6_000, "6,000 links `](` whose `(` is never closed by `)`"),
    "brackets nested deep": ("[" * 3_000 + "x" + "]" * 3_000, "brackets `[` nested 3,000 deep (the paragraph at "
                             "column 1 of the text)"),
    "unclosed HTML tags": ("<a " * 16_000, f"16,000 `<` that start an HTML tag never closed by `>` (the first at "
                           f"column 1 of the text): {TOO_LONG}, as it reads on to the end of the text for each; "
                           "write &lt; for a `<` shown as it is"),
    "tags with quoted values": ('<a b="" ' * 6_000, "6,000 `<` that start an HTML tag never closed by `>`"),
    "heading lines without blank lines": ("# a\n" * 12_000, "12,000 heading or rule lines in one paragraph of "
                                          "12,001 lines (the first at line 1, column 1 of the text)"),
    "rule lines": ("***\n" * 12_000, "12,000 heading or rule lines"),
    "setext underlines": ("a\n===\n" * 8_000, "8,000 heading or rule lines"),
    "emphasis marks": ("*_" * 25_000, "50,000 marks of inline formatting"),
}
# Heavy, but within the limit: converted, in well under the time allowed.
HEAVY_MARKDOWN = {
    "line breaks": "a  \n" * 12_000,
    "closed links": "[a](https://example.org/) " * 1_800,
    "closed tags": "<b>x</b> " * 5_000,
    "emphasis": "*a* " * 12_000,
    "emphasis marks": "*a" * 25_000,
    "code spans": "`a" * 25_000,
    "escapes": "\\\\" * 25_000,
    "short paragraphs of brackets": ("[" * 100 + "\n\n") * 490,
    "headings with blank lines": "# a\n\n" * 9_000,
}


@pytest.mark.parametrize("case", HOSTILE_MARKDOWN)
def test_markdown_that_would_take_too_long_is_refused_at_once(tmp_path, cli, case):
    text, message = HOSTILE_MARKDOWN[case]
    problem = one_problem(cli, make_project(tmp_path / "p", with_description(text)))
    assert problem.startswith(f"{DESCRIPTION}: `description`: {message}"), problem
    assert TOO_LONG in problem


@pytest.mark.parametrize("case", HOSTILE_MARKDOWN)
def test_the_structure_check_is_linear(case):
    text = HOSTILE_MARKDOWN[case][0]
    started = time.perf_counter()
    assert structure_problem(text) is not None
    assert time.perf_counter() - started < 1


@pytest.mark.parametrize("case", HEAVY_MARKDOWN)
def test_heavy_markdown_within_the_limit_builds_in_seconds(tmp_path, cli, case):
    text = HEAVY_MARKDOWN[case]
    assert len(text) <= 50_000 and structure_problem(text) is None
    result = timed_build(cli, make_project(tmp_path / "p", with_description(text)))
    assert result.code == 0, result.err
    assert result.seconds < SECONDS


def test_a_page_that_would_take_too_long_is_refused_at_its_place_in_the_page(tmp_path, cli):
    page = "---\ntitle: About\ndescription: How this was made.\n---\nMade by hand.\n\nSee " + "[" * 20_000 + "\n"
    assert one_problem(cli, make_project(tmp_path / "p", {ABOUT_FILE: page})) == (
        f"{ABOUT_FILE}:7:5: 20,000 `[` without a closing `]`: {TOO_LONG}, as it reads on to the end of the paragraph "
        "for each; close them, or write \\[ for a bracket shown as it is")


def test_a_page_with_too_many_marks_in_one_paragraph_is_refused_at_the_paragraph(tmp_path, cli):
    page = "---\ntitle: About\ndescription: How this was made.\n---\nMade by hand.\n\n" + "`a \\* " * 40_000 + "\n"
    assert one_problem(cli, make_project(tmp_path / "p", {ABOUT_FILE: page})) == (
        f"{ABOUT_FILE}:7:1: 80,000 marks of inline formatting (`*`, `_`, `` ` ``, `[`, `<`, `&`, `\\`, line breaks) in "
        f"one paragraph of 240,001 characters: {TOO_LONG}, as it copies the paragraph again for each; split the "
        "paragraph with blank lines")


def test_escaped_brackets_are_not_counted():
    assert structure_problem("\\[" * 20_000) is None
    assert MARKUP.block("\\[x\\] and \\[") == "<p>[x] and [</p>"


def test_large_ordinary_markdown_is_not_refused(tmp_path, cli):
    links = "\n".join(f"- [Source number {i}](https://example.org/{i}) said *this* about `that` &amp; more"
                      for i in range(500))  # 37,000 characters in one list
    table = "| a | b |\n|---|---|\n" + "".join(f"| [x{i}](https://example.org/{i}) | **{i}** |\n" for i in range(300))
    prose = "\n\n".join(f"## Part {i}\n\nA paragraph with [a link](https://example.org/{i}), *emphasis*, "
                        f"<abbr title=\"an abbreviation\">ABBR</abbr> and a bracket [sic." for i in range(100))
    for text in (links, table, prose):
        assert len(text) <= 50_000 and structure_problem(text) is None
    page = "---\ntitle: About\ndescription: How this was made.\n---\n" + "\n\n".join([links, table, prose] * 10)
    project = make_project(tmp_path / "p", {**with_description(links), RECORDS_FILE: RECORDS.replace(
        "body: People worry.", f"body: {json.dumps(table)}"), ABOUT_FILE: page})
    result = timed_build(cli, project)
    assert result.code == 0, result.err
    assert result.seconds < SECONDS
    assert (project / "site/entities/northland.html").read_text(encoding="utf-8").count('href="https://example.org/') == 500


def test_a_page_over_the_size_limit_is_refused_before_it_is_read(tmp_path, cli):
    page = "---\ntitle: About\ndescription: How this was made.\n---\n" + "Words and more words.\n" * 300_000
    size = len(page.encode())
    result = timed_build(cli, make_project(tmp_path / "p", {ABOUT_FILE: page, "content/pages/huge.md": page}))
    assert result.code == 1 and result.seconds < SECONDS
    assert result.problems == [f"{name}:1:1: page is {size:,} bytes; the limit is 1,048,576; split it into several pages"
                               for name in (ABOUT_FILE, "content/pages/huge.md")]


def test_site_pages_have_the_size_limit_too(tmp_path, cli):
    page = "---\ntitle: Big\ndescription: Big.\n---\n" + "x" * (1024 * 1024)
    assert one_problem(cli, make_project(tmp_path / "p", {"content/pages/big.md": page})) == (
        f"content/pages/big.md:1:1: page is {len(page):,} bytes; the limit is 1,048,576; split it into several pages")


# -- The closest passage to a quote not found: bounded in time ---------------------------------------

def garbled(text: str) -> str:
    """Every seventh word changed, as a careless copy would."""
    return " ".join(w + "x" if i % 7 == 3 else w for i, w in enumerate(text.split()))


def long_seed(chars: int) -> str:
    """The article again and again, every third word numbered by the round, so no passage repeats."""
    rounds = [" ".join(w + str(k) if i % 3 == 0 else w for i, w in enumerate(ARTICLE.split(" ")))
              for k in range(chars // len(ARTICLE) + 1)]
    return "\n\n".join([ARTICLE, *rounds])[:chars]


SIZES = [(2_900, 1_000), (11_000, 4_000), (11_000, 5_000), (400_000, 4_000), (2_000_000, 300), (2_000_000, 30)]


@pytest.mark.parametrize("seed_chars, quote_chars", SIZES)
def test_the_closest_passage_search_is_bounded(seed_chars, quote_chars):
    seed = long_seed(seed_chars)
    quote = garbled(seed[seed_chars // 3:seed_chars // 3 + quote_chars])
    started = time.perf_counter()
    result = anchor.find_quote(anchor.normalise(seed), quote)
    assert time.perf_counter() - started < 2
    assert isinstance(result, anchor.NotFound)
    assert result.closest is not None and result.similarity > 0.7


@pytest.mark.parametrize("seed_chars, quote_chars", SIZES)
def test_the_search_is_bounded_for_a_quote_like_no_passage(seed_chars, quote_chars):
    """The seed's own words in reverse: alike to every window by its letters, so no window is ruled out cheaply."""
    seed = long_seed(seed_chars)
    quote = " ".join(reversed(seed[seed_chars // 3:seed_chars // 3 + quote_chars].split()))
    started = time.perf_counter()
    result = anchor.find_quote(anchor.normalise(seed), quote)
    assert time.perf_counter() - started < 2
    assert isinstance(result, anchor.NotFound)


def test_a_long_quote_not_found_fails_in_seconds_with_the_closest_passage(tmp_path, cli):
    seed = long_seed(11_000)
    exact = garbled(seed[3000:7000])
    project = make_project(tmp_path / "p", {SEED_FILE: seed, RECORDS_FILE: RECORDS.replace(
        "exact: The dispute began in 2019.", f"exact: {json.dumps(exact)}")})
    problems = [p for p in timed_build(cli, project).problems if ":8:16:" in p]
    assert len(problems) == 1 and "not found in seed `lakeside` (seeds/lakeside.txt); closest passage (" in problems[0]


def test_the_closest_passage_of_a_short_quote_is_unchanged():
    text = 'He called it "difficult but serious," and left.\nShe said “difficult,” and more.'
    result = anchor.find_quote(anchor.normalise(text), "dificult but serius")
    assert text[result.closest.start:result.closest.end] == '"difficult but serious,"'


@pytest.mark.parametrize("seed", ["", " ", "\n\n\t ", "\ufeff"])
def test_a_quote_in_an_empty_seed_is_not_found_without_a_candidate(seed):
    assert anchor.find_quote(anchor.normalise(seed), "Talks ended.") == anchor.NotFound(None, 0.0)


def test_a_quote_found_a_million_times_is_answered_in_seconds():
    started = time.perf_counter()
    result = anchor.find_quote(anchor.normalise("a " * 1_000_000), "a", "a")
    assert isinstance(result, anchor.Ambiguous) and len(result.matches) == 999_999
    assert time.perf_counter() - started < SECONDS


# -- Seed files: empty, a symlink loop, a name too long ----------------------------------------------

@pytest.mark.parametrize("body", ["", "   \n\n", "\ufeff", "\t\r\n \r\n"])
def test_an_empty_or_blank_seed_is_one_line(tmp_path, cli, body):
    assert one_problem(cli, make_project(tmp_path / "p", {SEED_FILE: body})) == (
        f"{SEED_FILE}:1:1: seed is empty or holds only whitespace: there is nothing to cite; put the article's text "
        "in it, or remove its `seeds` record")


def test_a_seed_that_is_a_symlink_loop_is_one_line(tmp_path, cli):
    project = make_project(tmp_path / "p", {SEEDS_FILE: SEEDS.replace("seeds/lakeside.txt", "seeds/loop.txt")})
    (project / "seeds/loop.txt").symlink_to("loop.txt")
    (project / "seeds/a.txt").symlink_to("b.txt")
    (project / "seeds/b.txt").symlink_to("a.txt")  # unused: ignored
    assert one_problem(cli, project) == (
        f"{SEEDS_FILE}:3:11: `seeds/loop.txt` is a symbolic link that leads back to itself (a loop); make it point at "
        "the article, or put the article there")


@pytest.mark.parametrize("name", ["a" * 300 + ".txt", "é" * 200 + ".txt"])
def test_a_seed_name_too_long_for_the_file_system_is_one_line(tmp_path, cli, name):
    project = make_project(tmp_path / "p", {SEEDS_FILE: SEEDS.replace("seeds/lakeside.txt", f"seeds/{name}")})
    shown = f"seeds/{name}"
    shown = shown if len(shown) <= 80 else shown[:77] + "..."
    longest = len(name.encode())
    assert one_problem(cli, project) == (
        f"{SEEDS_FILE}:3:11: `{shown}` is too long a file name: {longest:,} bytes in one part, more than the file "
        "system allows (usually 255); rename the file and this `file`")


# -- File names that are not UTF-8 ------------------------------------------------------------------

def write_named(folder: Path, name: bytes, data: bytes = b"x\n") -> None:
    folder.mkdir(parents=True, exist_ok=True)
    with open(os.fsencode(folder) + b"/" + name, "wb") as file:
        file.write(data)


def test_unused_files_whose_names_are_not_utf8_do_not_stop_a_build(tmp_path, cli):
    project = make_project(tmp_path / "p")
    write_named(project / "seeds", b"caf\xe9.txt")
    write_named(project / "templates", b"notes-\xff.txt")
    write_named(project / "content", b"notes-\xe9.txt")
    result = timed_build(cli, project)
    assert result.code == 0, result.err


def test_a_content_file_whose_name_is_not_utf8_is_named_in_its_messages(tmp_path, cli):
    project = make_project(tmp_path / "p")
    write_named(project / "content", b"caf\xe9.yaml", b"sources: 1\n")
    assert one_problem(cli, project) == (
        "content/caf\\xe9.yaml:1:10: `sources` must be a list (one `- item` per line), found `1` (a number); "
        "write it as a list: `[1]`")


@pytest.mark.parametrize("name", [b"caf\xe9.txt", "café.txt".encode(), "кафе.md".encode()])
def test_odd_file_names_build_under_a_c_locale(tmp_path, name):
    project = make_project(tmp_path / "p")
    write_named(project / "seeds", name)
    env = {**os.environ, "LC_ALL": "C", "PYTHONUTF8": "0", "PYTHONIOENCODING": ""}
    env.pop("PYTHONIOENCODING")
    run = subprocess.run([sys.executable, "-m", "generator", "--project", str(project), "build", "--no-search"],
                         capture_output=True, env=env, cwd=REPO, timeout=120)
    assert b"Traceback" not in run.stderr, run.stderr.decode(errors="replace")
    assert run.returncode == 0, run.stderr


# -- Templates: not UTF-8, or never ending -----------------------------------------------------------

def edit_template(project: Path, name: str, old: bytes, new: bytes) -> None:
    path = project / "templates" / name
    data = path.read_bytes()
    assert old in data
    path.write_bytes(data.replace(old, new, 1))


@pytest.mark.parametrize("name", ["entity.html", "base.html", "_macros.html"])
def test_a_template_that_is_not_utf8_is_one_line_at_its_first_bad_byte(tmp_path, cli, name):
    project = make_project(tmp_path / "p")
    edit_template(project, name, b"{%", b"caf\xe9 \xff\n{%")
    line = (project / "templates" / name).read_bytes().split(b"caf\xe9")[0].count(b"\n") + 1
    assert one_problem(cli, project) == f"templates/{name}:{line}:4: template error: not valid UTF-8; save the template as UTF-8 text"


@pytest.mark.parametrize("loop", ["itself", "through another", "a macro"])
def test_a_template_that_never_ends_is_one_line_at_the_loop(tmp_path, cli, loop):
    project = make_project(tmp_path / "p")
    if loop == "itself":
        edit_template(project, "entity.html", b"{% block content %}", b'{% block content %}{% include "entity.html" %}')
        where = "entity.html:3"
    elif loop == "through another":
        edit_template(project, "entity.html", b"{% block content %}", b'{% block content %}{% include "loop.html" %}')
        (project / "templates/loop.html").write_text('{% include "again.html" %}\n', encoding="utf-8")
        (project / "templates/again.html").write_text('\n{% include "loop.html" %}\n', encoding="utf-8")
        where = "again.html:2"  # the include that leads back into the loop
    else:
        edit_template(project, "entity.html", b"{% block content %}", b"{% macro forever() %}{{ forever() }}{% endmacro %}\n"
                                                                       b"{% block content %}{{ forever() }}")
        where = "entity.html:3"
    assert one_problem(cli, project) == (
        f"templates/{where}:1: template error: a template includes, extends or calls itself without end; break the loop")


# -- Links that leave the site without a scheme ------------------------------------------------------

OFF_SITE_WITHOUT_SCHEME = [
    "[x](//evil.example)", "[x](//evil.example/path?q=1 \"title\")", "[x](/\\evil.example)", "<//evil.example>",
    '<a href="//evil.example">x</a>', '<a href=" //evil.example">x</a>', '<a href="/&#9;/evil.example">x</a>',
    '<a href="\\\\evil.example">x</a>', '<a href="&#x2F;&#x2F;evil.example">x</a>', '<a title="t" href="//evil.example">x</a>',
    '<q cite="//evil.example">x</q>', "[x][r]\n\n[r]: //evil.example",
]


@pytest.mark.parametrize("text", OFF_SITE_WITHOUT_SCHEME)
def test_links_that_leave_the_site_without_a_scheme_are_removed_and_their_text_kept(text):
    html = MARKUP.block(text)
    assert "evil" not in html.replace(">//evil.example<", "").replace("&lt;//evil.example&gt;", ""), html
    assert "href" not in html and "cite=" not in html and "<a" not in html, html


def test_links_that_leave_the_site_as_http_addresses_stay_and_are_marked(tmp_path, cli):
    text = ("[a](https://example.org/a) [b](http://example.org/b) [c](mailto:desk@example.org) "
            "[d](sources/index.html) [e](//evil.example) [f](#top)")
    project = make_project(tmp_path / "p", with_description(text))
    assert timed_build(cli, project).code == 0
    page = (project / "site/entities/northland.html").read_text(encoding="utf-8")
    assert '<a href="https://example.org/a" rel="noopener noreferrer">a</a>' in page
    assert '<a href="http://example.org/b" rel="noopener noreferrer">b</a>' in page
    assert '<a href="mailto:desk@example.org" rel="noopener noreferrer">c</a>' in page
    assert '<a href="../sources/index.html" rel="noopener noreferrer">d</a>' in page
    assert '<a href="#top" rel="noopener noreferrer">f</a>' in page
    assert "evil" not in page and " e " in page


def test_sanitised_links_never_start_with_two_slashes():
    from hypothesis import given, settings, strategies as st
    pieces = st.sampled_from(["/", "\\", "\t", "\n", " ", "&#9;", "&#47;", "%2F", "evil.example", "x", ":", "http",
                              "\x00", "\x01"])

    @given(st.lists(pieces, min_size=1, max_size=8).map("".join))
    @settings(max_examples=300, deadline=None)
    def check(href):
        html = sanitise(f'<a href="{href}">x</a>')
        import re
        for found in re.findall(r'href="([^"]*)"', html):
            from html import unescape
            browser = re.sub(r"[\t\n\r]", "", unescape(found)).lstrip("".join(map(chr, range(33)))).replace("\\", "/")
            assert not browser.startswith("//"), (href, html)

    check()


@pytest.mark.parametrize("name", ["café.txt", "Ünïcödé.txt", "article-ü.txt"])
def test_a_seed_with_a_non_ascii_name_named_in_content_builds_under_a_c_locale(tmp_path, name):
    """The seed's `file` is text from YAML; on disk its name is UTF-8 bytes, whatever the locale."""
    project = make_project(tmp_path / "p", {SEEDS_FILE: SEEDS.replace("seeds/lakeside.txt", f"seeds/{name}")})
    (project / "seeds" / "lakeside.txt").rename(project / "seeds" / name)
    env = {key: value for key, value in os.environ.items() if key != "PYTHONIOENCODING"}
    env.update(LC_ALL="C", PYTHONUTF8="0")
    run = subprocess.run([sys.executable, "-m", "generator", "--project", str(project), "build", "--no-search"],
                         capture_output=True, env=env, cwd=REPO, timeout=120)
    assert b"Traceback" not in run.stderr, run.stderr.decode(errors="replace")
    assert run.returncode == 0, run.stderr.decode(errors="replace")


def test_a_page_whose_name_is_not_utf8_is_named_with_escapes(tmp_path, cli):
    project = make_project(tmp_path / "p")
    page = os.fsdecode(bytes(project / "content" / "pages") + b"/p\xe9.md")
    Path(page).parent.mkdir(parents=True, exist_ok=True)
    Path(page).write_text("---\ntitle: P\ndescription: D\n---\nBody.\n", encoding="utf-8")
    run = cli(project, "check")
    assert run.code == 1
    assert run.problems[0].startswith("content/pages/p\\xe9.md:1:1: page file name `p\\xe9.md` is not a valid page name"), run.problems
