"""Properties that must hold for any input, checked with generated examples."""
from __future__ import annotations

import html
import re
import unicodedata
from html.parser import HTMLParser

from hypothesis import HealthCheck, assume, given, settings, strategies as st

from conftest import make_project
from generator.anchor import Ambiguous, Match, find_quote, normalise
from generator.cli import main
from generator.markup import Markup
from generator.model import ItemRef, Seed, Span
from generator.render import highlight
from generator.seeds import split_blocks

PIECES = ["a", "b", "c", " ", "  ", "\n", "\r\n", ".", "“", "”", '"', "'", "’", "e\u0301", "é", "😀", "Ω", "\u00a0", "ab", "Ba"]
seed_text = st.lists(st.sampled_from(PIECES), min_size=1, max_size=60).map("".join)


def run_start(text: str, index: int) -> bool:
    """True where a substring may start or end without splitting a character and its accents."""
    return index in (0, len(text)) or unicodedata.combining(text[index]) == 0


@given(seed_text, st.data())
@settings(max_examples=300, deadline=None)
def test_any_substring_anchors_at_its_place_or_is_reported_ambiguous(text, data):
    text = text.removeprefix("\ufeff").replace("\r\n", "\n")  # as read_seed_text delivers it
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    assume(run_start(text, start) and run_start(text, end))
    quote = text[start:end]
    needle = normalise(quote).text.strip()
    assume(needle)
    hay = normalise(text).text
    occurrences = sum(1 for i in range(len(hay)) if hay.startswith(needle, i))
    result = find_quote(normalise(text), quote)
    if occurrences == 1:
        assert isinstance(result, Match)
        assert start <= result.start and result.end <= end
        assert normalise(text[result.start:result.end]).text == needle
    else:
        assert isinstance(result, Ambiguous) and len(result.matches) == occurrences


class TagBalance(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.text, self.ok = [], [], True

    def handle_starttag(self, tag, attrs):
        self.stack.append(tag)

    def handle_endtag(self, tag):
        self.ok = self.ok and bool(self.stack) and self.stack.pop() == tag

    def handle_data(self, data):
        self.text.append(data)


@given(seed_text, st.lists(st.tuples(st.integers(0, 200), st.integers(1, 40)), max_size=8))
@settings(max_examples=200, deadline=None)
def test_highlighted_text_is_the_seed_text_in_balanced_markup(text, raw_spans):
    text = text.replace("\r\n", "\n")
    blocks = split_blocks(text)
    spans = tuple(
        Span(f"c-{n}", "s", min(a, len(text)), min(a + w, len(text)), "", 1, 1, ItemRef("statement", "x", "statements.html#x"))
        for n, (a, w) in enumerate(raw_spans) if a < len(text)
    )
    seed = Seed("s", "seeds/s.txt", "t", "p", "", "", "en", text, blocks, spans)
    for block in blocks:
        parser = TagBalance()
        parser.feed(str(highlight(seed, block, lambda url: url)))
        parser.close()
        assert parser.ok and not parser.stack
        assert "".join(parser.text) == text[block.start:block.end]


HOSTILE = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "[x](javascript:alert(1))",
           "[x](JaVaScRiPt:alert(1))", "[x](&#106;avascript:alert(1))", "[x](vbscript:msgbox(1))",
           "[x](data:text/html;base64,PHNjcmlwdD4=)", "<a href='javascript&colon;alert(1)'>y</a>",
           "<svg onload=alert(1)>", "<iframe src=//evil>", "<style>*{}</style>", "<a href=\"java\tscript:x\">t</a>",
           "{{ 7*7 }}", "<p onclick='x'>p</p>", "**bold**", "[ok](https://example.org)", "plain", "\n\n", "<", ">", '"']


class Attributes(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags, self.attrs = [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs.extend(attrs)


@given(st.lists(st.sampled_from(HOSTILE), min_size=1, max_size=8).map(" ".join))
@settings(max_examples=300, deadline=None)
def test_sanitised_markdown_never_carries_script(text):
    out = Markup().block(text)
    parser = Attributes()
    parser.feed(out)
    assert not {"script", "iframe", "svg", "style", "img"} & set(parser.tags)
    for name, value in parser.attrs:
        assert not name.lower().startswith("on")
        if name in ("href", "src", "cite"):
            scheme = re.match(r"^\s*([a-z][a-z0-9+.-]*):", html.unescape(value or "").lower())
            assert scheme is None or scheme.group(1) in ("http", "https", "mailto")


yaml_noise = st.lists(st.sampled_from([
    "entities:", "- id: x", "  kind: place", "  name: X", "  description: d", "statements:", "  - ", ": ", "[", "]",
    "{", "}", "&a", "*a", "!!python/object:os.system", "'", '"', "\t", "\n", "  ", "no", "012", "12:30", "~",
    "2024-01-01", "|", ">", "#", "---", "%YAML 1.1", "\ufeff", "é", "\x85", "? ", "!tag", "<<: *a",
]), max_size=30).map(" ".join)


@given(yaml_noise)
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_random_yaml_never_gives_a_traceback(tmp_path_factory, noise):
    project = make_project(tmp_path_factory.mktemp("p"), {"content/noise.yaml": noise})
    assert main(["--project", str(project), "check"]) in (0, 1)


@given(st.lists(st.sampled_from(list("abc ,.;:!?'\"“”()/%$€—–-_*#<>&é") + ["ab", "Cd", "12", "1.", "  "]),
                min_size=1, max_size=30).map("".join))
@settings(max_examples=500, deadline=None)
def test_the_plain_text_shortcut_gives_what_markdown_gives(text):
    import markdown

    from generator.markup import PLAIN_PARAGRAPH, sanitise
    assume(PLAIN_PARAGRAPH.fullmatch(text))
    converter = markdown.Markdown(extensions=["sane_lists", "tables"], output_format="html")
    assert Markup().block(text) == sanitise(converter.convert(text))
