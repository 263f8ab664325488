"""The stylesheet names no physical left or right (issue 16, right-to-left): margins, paddings, borders,
offsets, alignment and floats are logical (margin-inline-start, text-align: end, inset-inline-start...),
so a page in Arabic or Hebrew mirrors one in English. A rule that must stay physical says why in a
comment inside it: `/* physical: <why> */`."""
from __future__ import annotations

import re
from pathlib import Path

STYLESHEET = Path(__file__).resolve().parent.parent / "templates" / "static" / "style.css"

MARK = re.compile(r"/\*\s*physical:\s*(.*?)\s*\*/", re.S)
SIDE_IN_NAME = re.compile(r"(?:^|-)(?:left|right)(?:-|$)")  # margin-left, border-top-right-radius, left
SIDE_IN_VALUE = re.compile(r"(?<![\w-])(?:left|right)(?![\w-])")  # text-align: left, float: right
FOUR_SIDES = {"margin", "padding", "inset", "border-width", "border-style", "border-color",
              "scroll-margin", "scroll-padding"}  # top right bottom left


def _blank(css: str) -> str:
    """The text with comments and strings blanked out (same length, newlines kept)."""
    def spaces(m: re.Match) -> str:
        return re.sub(r"[^\n]", " ", m.group(0))
    return re.sub(r"/\*.*?\*/|\"(?:\\.|[^\"\\\n])*\"|'(?:\\.|[^'\\\n])*'", spaces, css, flags=re.S)


def _split_top(value: str) -> list[str]:
    """Space-separated parts of a value, keeping calc(...) and the like whole."""
    parts, depth, current = [], 0, ""
    for ch in value:
        depth += ch == "("
        depth -= ch == ")"
        if ch.isspace() and depth == 0:
            if current:
                parts.append(current)
            current = ""
        else:
            current += ch
    return parts + ([current] if current else [])


def _asymmetric_corners(value: str) -> bool:
    """border-radius gives top-left, top-right, bottom-right, bottom-left (after a slash, the vertical radii)."""
    for part in value.split("/"):
        v = _split_top(part)
        if len(v) == 2 and v[0] != v[1]:  # top-left and bottom-right, top-right and bottom-left
            return True
        if len(v) == 3 and not v[0] == v[1] == v[2]:  # top-left, top-right and bottom-left, bottom-right
            return True
        if len(v) == 4 and (v[0] != v[1] or v[2] != v[3]):
            return True
    return False


def physical(prop: str, value: str) -> bool:
    """Whether a declaration sets something on the left or the right, not on the start or end."""
    prop = prop.strip().lower()
    value = re.sub(r"!\s*important", "", value.strip().lower()).strip()
    if SIDE_IN_NAME.search(prop) or SIDE_IN_VALUE.search(value):
        return True
    if prop in FOUR_SIDES:
        v = _split_top(value)
        return len(v) == 4 and v[1] != v[3]
    if prop == "border-radius":
        return _asymmetric_corners(value)
    return False


def physical_declarations(css: str) -> list[tuple[int, str, str]]:
    """(line, selector, declaration) of each physical declaration in a rule not marked `physical: why`."""
    blank = _blank(css)
    found: list[tuple[int, str, str]] = []

    def block(start: int, end: int) -> None:
        """The statements between start and end: declarations, and nested rules (at-rules, nesting)."""
        i, seg = start, start
        while i < end:
            ch = blank[i]
            if ch == "{":
                close = _matching(i)
                prelude = blank[seg:i].strip()
                if prelude.startswith("@"):
                    block(i + 1, close)
                else:
                    rule(prelude, i + 1, close)
                i = seg = close + 1
                continue
            if ch == ";":
                seg = i + 1
            i += 1

    def rule(selector: str, start: int, end: int) -> None:
        reasons = [m.group(1) for m in MARK.finditer(css, start, end)]
        allowed = any(len(r.split()) >= 3 for r in reasons)  # the comment names why, in a few words
        i, seg = start, start
        while i <= end:
            ch = blank[i] if i < end else ";"
            if ch == "{":  # a nested rule
                close = _matching(i)
                rule(blank[seg:i].strip(), i + 1, close)
                i = seg = close + 1
                continue
            if ch == ";":
                text = blank[seg:i]
                if ":" in text and not allowed:
                    prop, _, value = text.partition(":")
                    if physical(prop, value):
                        line = css.count("\n", 0, seg + len(text) - len(text.lstrip())) + 1
                        said = re.sub(r"/\*.*?\*/", " ", css[seg:i], flags=re.S)
                        found.append((line, " ".join(selector.split()), " ".join(said.split())))
                seg = i + 1
            i += 1

    def _matching(open_at: int) -> int:
        depth = 0
        for j in range(open_at, len(blank)):
            depth += blank[j] == "{"
            depth -= blank[j] == "}"
            if depth == 0:
                return j
        raise AssertionError(f"style.css: the brace at character {open_at} is never closed")

    block(0, len(blank))
    return found


def test_the_stylesheet_sets_no_left_or_right():
    found = physical_declarations(STYLESHEET.read_text(encoding="utf-8"))
    assert not found, "physical directions in templates/static/style.css (they do not mirror in right-to-left pages):\n" + "\n".join(
        f"  style.css:{line}: {selector} {{ {decl} }}; use the logical property or value (margin-inline-start, "
        f"padding-inline-end, border-inline-start, inset-inline-start, text-align: start/end, float: inline-start), "
        f"or say why it must stay physical in a comment inside the rule: /* physical: ... */"
        for line, selector, decl in found)


def test_the_check_finds_each_kind_of_physical_direction():
    css = """
.a { margin-left: 1rem; }
.b {
  color: red;
  padding-right: .5em;
}
@media (min-width: 48em) {
  .c { position: absolute; left: -10rem; text-align: right; }
}
.d { float: left; }
.e { border-left: 3px solid; border-top-right-radius: 2px; }
.f { padding: 0 0 2rem 1.75rem; margin: .5rem 0 0 auto; }
.g { border-radius: 4px 0 0 4px; }
.h { background-position: right top; }
"""
    found = [decl for _, _, decl in physical_declarations(css)]
    assert found == ["margin-left: 1rem", "padding-right: .5em", "left: -10rem", "text-align: right", "float: left",
                     "border-left: 3px solid", "border-top-right-radius: 2px", "padding: 0 0 2rem 1.75rem",
                     "margin: .5rem 0 0 auto", "border-radius: 4px 0 0 4px", "background-position: right top"]


def test_logical_and_symmetric_declarations_pass():
    css = """
.a { margin-inline-start: 1rem; padding-inline: 0 1rem; inset-inline-end: 100%; text-align: end; float: inline-start; }
.b { padding: 0 1rem; margin: 2rem 0 .75rem; padding: 1rem 1.25rem 1rem 1.25rem; border-radius: 50%; }
.c::before { content: "left ← right"; }
.d { border-inline-start: 3px solid var(--left-rule); scroll-margin-top: 2rem; }
"""
    assert physical_declarations(css) == []


def test_a_rule_that_says_why_may_stay_physical():
    marked = ".map-key { /* physical: a compass points east whatever the language */ right: 0; }"
    assert physical_declarations(marked) == []
    unexplained = ".map-key { /* physical: */ right: 0; }\n.other { /* physical: because */ left: 0; }"
    assert [decl for _, _, decl in physical_declarations(unexplained)] == ["right: 0", "left: 0"]
    # the mark holds for its own rule only
    two = ".a { /* physical: a compass points east whatever the language */ right: 0; }\n.b { right: 0; }"
    assert physical_declarations(two) == [(2, ".b", "right: 0")]
