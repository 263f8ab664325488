"""The interface in every language: no reader-visible template text outside gettext, and complete
catalogs (every extracted message translated, every plural form, the same placeholders) for the
languages the generator ships."""
from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import jinja2
import pytest
from babel.messages.pofile import read_po

from generator import i18n

REPO = Path(__file__).resolve().parent.parent
TEMPLATES = REPO / "templates"
SHIPPED = ("en", "uk", "ru", "ar")
# Attributes a reader sees or hears: labels, tooltips, alternative text, and data-k (shown by CSS).
READ_ATTRIBUTES = {"aria-label", "title", "alt", "placeholder", "data-k", "aria-description"}
GETTEXT_CALLS = {"_", "gettext", "ngettext"}
HOLE = "\ue000"  # stands for an expression's value where the template's text is checked


def _prose(text: str) -> bool:
    """Words a reader would read: a letter in a run of two, and a capital, a space between words or a
    letter outside ASCII (so `page`, `side-1` and `static/style.css` are not prose)."""
    return bool(re.search(r"[^\W\d_]{2}", text)) and bool(
        re.search(r"[A-Z]|[^\W\d_]\s+[^\W\d_]|[^\x00-\x7f]", text))


def template_text(source: str, env: jinja2.Environment) -> tuple[str, list[tuple[int, str]]]:
    """The template's HTML with its expressions as HOLE and its tags and {% trans %} blocks left out
    (line breaks kept, so lines stay right), and the prose string literals outside gettext calls."""
    html: list[str] = []
    literals: list[tuple[int, str]] = []
    in_trans = False
    calls: list[int] = []  # paren depth at each open gettext call
    depth = 0
    previous = ("", "")
    lines = 1  # the line the HTML so far ends on
    for token in env.lexer.tokenize(source):
        kind, value = token.type, token.value
        if previous[0] == "block_begin" and kind == "name" and value in ("trans", "endtrans"):
            in_trans = value == "trans"
        if token.lineno > lines:  # a tag or expression spread over lines: keep the lines right
            html.append("\n" * (token.lineno - lines))
            lines = token.lineno
        if kind == "data":
            piece = "\n" * value.count("\n") if in_trans else value
            html.append(piece)
            lines += piece.count("\n")
        elif kind == "variable_begin" and not in_trans:
            html.append(HOLE)
        elif kind == "lparen":
            depth += 1
            if previous[0] == "name" and previous[1] in GETTEXT_CALLS:
                calls.append(depth)
        elif kind == "rparen":
            if calls and calls[-1] == depth:
                calls.pop()
            depth -= 1
        elif kind == "string" and not calls and not in_trans and _prose(value):
            literals.append((token.lineno, value))
        previous = (kind, value)
    return "".join(html), literals


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, str]] = []
        self.skip = 0  # inside <script> or <style>

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self.skip += 1
        for name, value in attrs:
            if name in READ_ATTRIBUTES and value and _prose(value.replace(HOLE, " ")):
                self.found.append((self.getpos()[0], f'{name}="{value}"'))

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self.skip = max(0, self.skip - 1)

    def handle_data(self, data):
        if not self.skip and _prose(data.replace(HOLE, " ")):
            self.found.append((self.getpos()[0], data.strip()))


def untranslated(template: Path) -> list[str]:
    """Reader-visible text of a template that does not go through gettext, as `name:line: text`."""
    env = jinja2.Environment(extensions=["jinja2.ext.i18n"])
    html, literals = template_text(template.read_text(encoding="utf-8"), env)
    reader = _Reader()
    reader.feed(html)
    reader.close()
    return [f"{template.name}:{line}: {text!r}" for line, text in sorted(reader.found + literals)]


@pytest.mark.parametrize("template", sorted(TEMPLATES.glob("*.html")), ids=lambda p: p.name)
def test_template_text_goes_through_gettext(template):
    assert untranslated(template) == []


def test_the_check_finds_text_outside_gettext(tmp_path):
    sample = tmp_path / "sample.html"
    sample.write_text('<p>{{ _("Fine") }} {% trans %}Also fine{% endtrans %}</p>\n<h2>Not translated</h2>\n'
                      '<a href="x" aria-label="Close it">{{ "Open" if x else y }}</a>\n<b class="side-1">{{ n }}</b>\n',
                      encoding="utf-8")
    assert untranslated(sample) == ["sample.html:2: 'Not translated'", "sample.html:3: 'Open'",
                                    "sample.html:3: 'aria-label=\"Close it\"'"]


def extracted() -> dict[str, tuple[str, ...]]:
    """Every message of the templates and the generator's Python, as Babel extracts it: msgid -> forms."""
    return i18n.extract(REPO)


def test_extraction_finds_the_interface():
    messages = extracted()
    assert len(messages) > 50
    assert "Sources" in messages  # a template string
    assert "Disputed issues" in messages  # a Python string (a section's default title)


@pytest.mark.parametrize("language", SHIPPED)
def test_catalog_is_complete(language):
    assert language in i18n.catalog_languages()
    with open(i18n.LOCALES / language / "LC_MESSAGES" / "messages.po", "rb") as po:
        catalog = read_po(po, locale=language)
    problems = []
    for msgid, forms in extracted().items():
        entry = catalog.get(msgid)
        if entry is None:
            problems.append(f"missing: {msgid!r}")
            continue
        strings = entry.string if isinstance(entry.string, tuple) else (entry.string,)
        if entry.fuzzy or not all(strings) or len(strings) != (catalog.num_plurals if len(forms) > 1 else 1):
            problems.append(f"untranslated or incomplete: {msgid!r} -> {strings!r}")
            continue
        wanted = set(re.findall(r"%\((\w+)\)s", " ".join(forms))) - {"num"}
        for s in strings:
            if set(re.findall(r"%\((\w+)\)s", s)) - {"num"} != wanted:
                problems.append(f"placeholders differ: {msgid!r} -> {s!r}")
    assert problems == []
