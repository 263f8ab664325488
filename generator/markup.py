"""Markdown from content, converted once and sanitised after conversion.

Python-Markdown is not linear on hostile input: some constructs make it re-read the rest
of a paragraph (an unclosed `[`), copy the paragraph again for every mark, re-scan an
unclosed HTML tag to the end of the text, or recurse once per level of nesting. So every
text is measured first (`structure_problem`, linear in its length) and refused with what to
change when its nesting is too deep or the converter's work would be too long.
"""
from __future__ import annotations

import bisect
import functools
import re
from html import escape

import markdown
import nh3

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "cite", "code", "em", "h2", "h3", "h4", "hr", "i",
    "li", "ol", "p", "pre", "q", "s", "small", "strong", "sub", "sup", "table", "tbody", "td",
    "th", "thead", "tr", "ul",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "q": {"cite"}, "td": {"align"}, "th": {"align"}}
URL_SCHEMES = {"http", "https", "mailto"}
URL_ATTRIBUTES = {("a", "href"), ("q", "cite")}
LINK_REL = "noopener noreferrer"
# One line of words and ordinary punctuation, not starting like a list, quote or heading.
PLAIN_CHAR = r"(?:[^\W_]|[,.;:!?'\"“”‘’()/%$€£—–-])"
PLAIN_PARAGRAPH = re.compile(rf"(?![-+*>#\d=]){PLAIN_CHAR}+(?: {PLAIN_CHAR}+)*")

MAX_NESTING = 16  # lists and block quotes inside each other; the converter recurses per level
# The converter's work on one text, estimated in nanoseconds on a 2-core machine: past this,
# about a second, the text is refused. Each weight is the measured cost of one unit of that work.
WORK_LIMIT = 1_000_000_000
WEIGHT_MARKS = 1  # each inline match (about two marks) copies its paragraph again: marks / 2 x paragraph length
WEIGHT_BRACKETS = 400  # link patterns read from each `[` to its `]`, or to the paragraph's end, in Python
WEIGHT_PARENS = 250  # ... and from each `](` to its `)`
WEIGHT_TAGS = 70  # the HTML block parser reads from each `<tag` to its `>`, or to the text's end
WEIGHT_SPLITS = 80  # each heading or rule line re-tests the rest of its paragraph, line by line


class MarkdownError(Exception):
    """Markdown refused before conversion: what is wrong, where in the text (1-based line and
    column; `where` says how that place relates to it) and how to fix it."""

    def __init__(self, line: int, col: int, what: str, fix: str, where: str = "at"):
        self.line, self.col, self.what, self.fix, self.where = line, col, what, fix, where
        super().__init__(self.message())

    def message(self, position: str = "") -> str:
        """The message; position (e.g. "line 2, column 5 of the text") is put in words after what is wrong."""
        return f"{self.what} ({self.where} {position}): {self.fix}" if position and self.where else f"{self.what}: {self.fix}"


class Markup:
    """One reusable Markdown converter whose output is always sanitised."""

    def __init__(self) -> None:
        self._md = _converter()
        self.block = functools.lru_cache(maxsize=1 << 17)(self._block)  # the preview converts only what changed

    def _block(self, text: str) -> str:
        """Markdown to sanitised HTML, paragraphs included; MarkdownError when refused."""
        if PLAIN_PARAGRAPH.fullmatch(text):  # nothing for Markdown to do: skip the converter
            return f"<p>{escape(text, quote=False)}</p>"
        problem = structure_problem(text)
        if problem is not None:
            raise problem
        try:
            html = self._md.reset().convert(text)
        except BaseException as exc:
            self._md = _converter()  # a converter stopped half-way keeps broken state: start afresh
            if isinstance(exc, RecursionError):
                raise MarkdownError(1, 1, "nested too deeply for the Markdown converter",
                                    "flatten the lists, quotes or brackets", where="") from None
            raise
        return sanitise(html)

    def inline(self, text: str) -> str:
        """Markdown to sanitised HTML without the outer paragraph, for short fields."""
        html = self.block(text)
        match = re.fullmatch(r"<p>(.*)</p>", html, flags=re.S)
        return match.group(1) if match and "<p>" not in match.group(1) else html


def _converter() -> markdown.Markdown:
    return markdown.Markdown(extensions=["sane_lists", "tables"], output_format="html")


def sanitise(html: str) -> str:
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel=LINK_REL,
        strip_comments=True,
        attribute_filter=_only_absolute_off_site,
    )
    # a link whose address was dropped is no link: keep its text (links cannot nest, so the next </a> is its end)
    return LINK_WITHOUT_HREF.sub(r"\1", clean) if "<a " in clean else clean


LINK_WITHOUT_HREF = re.compile(r'<a(?: (?!href=)[a-z]+="[^"]*")*>(.*?)</a>', re.S)


def _only_absolute_off_site(tag: str, attribute: str, value: str) -> str | None:
    """Drop a link that leaves the site without a scheme: `//host/...`, which a browser reads as
    an off-site address (also written `\\\\host`, `/\\host`, or with tabs and newlines inside).
    Off-site links must be absolute http(s) addresses; links within the site stay relative."""
    if (tag, attribute) in URL_ATTRIBUTES:
        browser_reads = re.sub(r"[\t\n\r]", "", value).lstrip("\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f"
                                                                "\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c"
                                                                "\x1d\x1e\x1f ").replace("\\", "/")
        if browser_reads.startswith("//"):
            return None
    return value


# -- the structure check ---------------------------------------------------------------

CONTAINER = re.compile(r"[ ]*(?:(?:[-*+]|\d{1,9}\.)(?:[ ]+|$)|>[ ]?)")  # a list item or block quote marker
RULE = re.compile(r"[ ]{0,3}([-*_])(?:[ ]*\1){2,}[ ]*")
PARAGRAPH_BREAK = re.compile(r"\n(?:[ ]*\n)+")  # blank lines (tabs are expanded first)
SPLIT_LINE = re.compile(r"^(?:[ ]{0,3}#|[ ]{0,3}[=-]+[ ]*$|[ ]{0,3}([-*_])(?:[ ]*\1){2,}[ ]*$)", re.M)
ESCAPED = re.compile(r"\\[\\`*_{}\[\]()>#+\-.!|]")  # backslash escapes: one mark each, no longer markup
ESCAPE_FILLER = "\x1a\x1a"  # what an escape is replaced with: as long, and no markup
INLINE_MARK = re.compile(r"[`*_\[<&\\]|  \n")
TAG_START = re.compile(r"<[A-Za-z]")
QUOTED_VALUE = re.compile(r"=[ \t\n\r\f]*([\"'])")


def structure_problem(text: str) -> MarkdownError | None:
    """Why the converter would recurse too deep or work too long on text, or None."""
    text = text.replace("\x02", "").replace("\x03", "").replace("\r\n", "\n").replace("\r", "\n").expandtabs(4)
    return _nesting_problem(text) or _work_problem(text)


def _nesting_problem(text: str) -> MarkdownError | None:
    for number, line in enumerate(text.split("\n"), start=1):
        stripped = line.lstrip(" ")
        if not stripped or RULE.fullmatch(line):
            continue
        depth, at = 0, 0
        while (match := CONTAINER.match(stripped, at)) and match.end() > at:
            depth, at = depth + 1, match.end()
        if depth:
            depth += (len(line) - len(stripped)) // 4  # each four spaces of indentation: one more level
        if depth > MAX_NESTING:
            return MarkdownError(number, 1, f"lists and block quotes nested {depth} deep",
                                 f"the limit is {MAX_NESTING}; flatten them")
    return None


def _work_problem(text: str) -> MarkdownError | None:
    """The converter's estimated work on text, by kind; a MarkdownError naming the largest when over the limit."""
    plain = ESCAPED.sub(ESCAPE_FILLER, text)  # of the same length, so positions stay
    # for each kind: [nanoseconds, how many culprits, where the first is, a size for the message]
    marks, brackets, parens, splits = [0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0]
    heaviest_marks = 0
    for start, end in _paragraphs(plain):
        count = len(INLINE_MARK.findall(plain, start, end)) + plain.count("\x1a", start, end) // 2
        marks[0] += count * (end - start) * WEIGHT_MARKS // 2
        if count * (end - start) > heaviest_marks:
            heaviest_marks, marks[1:] = count * (end - start), [count, start, end - start]
        b_work, b_open, b_first, b_depth, p_work, p_open, p_first = _bracket_work(plain, start, end)
        brackets[0] += b_work * WEIGHT_BRACKETS
        brackets[2] = brackets[2] if brackets[1] or not b_open else b_first
        brackets[1] += b_open
        if b_depth > brackets[3]:
            brackets[3] = b_depth
            brackets[2] = brackets[2] if brackets[1] else start
        parens[0] += p_work * WEIGHT_PARENS
        parens[2] = parens[2] if parens[1] or not p_open else p_first
        parens[1] += p_open
        found = [m.start() for m in SPLIT_LINE.finditer(plain, start, end)]
        if len(found) > 1:
            lines = plain.count("\n", start, end) + 1
            splits[0] += len(found) * lines * WEIGHT_SPLITS
            splits[2] = splits[2] if splits[1] else found[0]
            splits[1] += len(found)
            splits[3] = max(splits[3], lines)
    tags = list(_tag_work(plain))
    kinds = {"marks": marks, "brackets": brackets, "parens": parens, "splits": splits, "tags": tags}
    if sum(work for work, *_ in kinds.values()) <= WORK_LIMIT:
        return None
    kind = max(kinds, key=lambda k: kinds[k][0])
    _, count, first, size = kinds[kind]
    line, col = _line_col(text, first)
    where = "the first at" if count > 1 else "at"
    too_long = "Markdown would take too long to convert"
    if kind == "marks":
        return MarkdownError(line, col, f"{count:,} marks of inline formatting (`*`, `_`, `` ` ``, `[`, `<`, `&`, "
                                        f"`\\`, line breaks) in one paragraph of {size:,} characters",
                             f"{too_long}, as it copies the paragraph again for each; split the paragraph with blank lines",
                             where="the paragraph at")
    if kind == "brackets" and count:
        return MarkdownError(line, col, f"{count:,} `[` without a closing `]`",
                             f"{too_long}, as it reads on to the end of the paragraph for each; close them, "
                             "or write \\[ for a bracket shown as it is", where)
    if kind == "brackets":
        return MarkdownError(line, col, f"brackets `[` nested {size:,} deep",
                             f"{too_long}; nest them less, or write \\[ for a bracket shown as it is", "the paragraph at")
    if kind == "parens":
        return MarkdownError(line, col, f"{count:,} links `](` whose `(` is never closed by `)`",
                             f"{too_long}, as it reads on to the end of the paragraph for each; close them, "
                             "or write \\( for a parenthesis shown as it is", where)
    if kind == "splits":
        return MarkdownError(line, col, f"{count:,} heading or rule lines in one paragraph of {size:,} lines",
                             f"{too_long}; put a blank line after each heading and rule", where)
    return MarkdownError(line, col, f"{count:,} `<` that start an HTML tag never closed by `>`",
                         f"{too_long}, as it reads on to the end of the text for each; write &lt; for a `<` "
                         "shown as it is", where)


def _paragraphs(text: str):
    """(start, end) of each run of non-blank lines: the converter's inline work never crosses a blank line."""
    start = 0
    for gap in PARAGRAPH_BREAK.finditer(text):
        if gap.start() > start:
            yield start, gap.start()
        start = gap.end()
    if start < len(text):
        yield start, len(text)


def _bracket_work(text: str, start: int, end: int) -> tuple[int, int, int, int, int, int, int]:
    """Characters the link patterns read in text[start:end]: from each `[` to its `]` (to the end when
    unclosed), and from each `](` to the `)` that ends the link, as Python-Markdown's getText and getLink
    do. Returns (bracket work, unclosed `[`, first unclosed, deepest nesting, paren work, unclosed `](`, first)."""
    stack: list[int] = []
    b_work, depth, closed = 0, 0, []
    for match in re.finditer(r"[\[\]]", text[start:end]):
        at = match.start() + start
        if text[at] == "[":
            stack.append(at)
            depth = max(depth, len(stack))
        elif stack:
            b_work += at - stack.pop()
            closed.append(at)
    b_work += sum(end - at for at in stack)
    b_first = stack[0] if stack else start
    if not closed:
        return b_work, len(stack), b_first, depth, 0, 0, start
    p_work, p_open, p_first = 0, 0, start
    links = [at + 1 for at in closed if at + 1 < end and text[at + 1] == "("]
    if links:
        matching = _matching_parens(text, start, end)
        quotes = [m.start() for m in re.finditer(r"[\"']", text[start:end])]
        quotes = [q + start for q in quotes]
        ends = {q: [m.start() + start for m in re.finditer(re.escape(q) + r" *\)", text[start:end])] for q in "\"'"}
        for at in links:
            close = matching.get(at)
            i = bisect.bisect_right(quotes, at)
            quote = quotes[i] if i < len(quotes) else None
            if close is not None and (quote is None or close < quote):
                stop = close
            elif quote is not None:  # inside a title, only a `)` right after the same quote ends the link
                positions = ends[text[quote]]
                j = bisect.bisect_right(positions, quote)
                stop = positions[j] if j < len(positions) else end
            else:
                stop = end
            p_work += stop - at
            if stop == end:
                p_open += 1
                p_first = at if p_open == 1 else p_first
    return b_work, len(stack), b_first, depth, p_work, p_open, p_first


def _matching_parens(text: str, start: int, end: int) -> dict[int, int]:
    stack, matching = [], {}
    for match in re.finditer(r"[()]", text[start:end]):
        at = match.start() + start
        if text[at] == "(":
            stack.append(at)
        elif stack:
            matching[stack.pop()] = at
    return matching


def _tag_work(text: str) -> tuple[int, int, int, int]:
    """The HTML block parser reads from each `<tag` to the `>` that closes it, skipping quoted
    attribute values, or to the end of the text: (nanoseconds, unclosed tags, first, 0)."""
    starts = [m.start() for m in TAG_START.finditer(text)]
    if not starts:
        return 0, 0, 0, 0
    closers = [m.start() for m in re.finditer(">", text)]
    values = [(m.start(), m.end(), m.group(1)) for m in QUOTED_VALUE.finditer(text)]
    value_starts = [v[0] for v in values]
    memo: dict[int, int] = {}

    def tag_end(at: int) -> int:
        path = []
        while at not in memo:
            i = bisect.bisect_left(closers, at)
            gt = closers[i] if i < len(closers) else len(text)
            j = bisect.bisect_left(value_starts, at)
            if j < len(values) and values[j][0] < gt:
                close = text.find(values[j][2], values[j][1])
                if close < 0:
                    memo[at] = len(text)
                    break
                path.append(at)
                at = close + 1
                continue
            memo[at] = gt
        for p in path:
            memo[p] = memo[at]
        return memo[at]

    work, unclosed, first = 0, 0, 0
    for at in starts:
        stop = tag_end(at + 1)
        work += stop - at
        if stop == len(text):
            unclosed += 1
            first = at if unclosed == 1 else first
    return work * WEIGHT_TAGS, unclosed, first if unclosed else starts[0], 0


def _line_col(text: str, offset: int) -> tuple[int, int]:
    return text.count("\n", 0, offset) + 1, offset - (text.rfind("\n", 0, offset) + 1) + 1


MARKUP = Markup()  # shared by every build of a process, so the preview keeps what it converted
