"""Markdown from content, converted once and sanitised after conversion."""
from __future__ import annotations

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
# One line of words and ordinary punctuation, not starting like a list, quote or heading.
PLAIN_CHAR = r"(?:[^\W_]|[,.;:!?'\"“”‘’()/%$€£—–-])"
PLAIN_PARAGRAPH = re.compile(rf"(?![-+*>#\d=]){PLAIN_CHAR}+(?: {PLAIN_CHAR}+)*")


class Markup:
    """One reusable Markdown converter whose output is always sanitised."""

    def __init__(self) -> None:
        self._md = markdown.Markdown(extensions=["sane_lists", "tables"], output_format="html")
        self.block = functools.lru_cache(maxsize=1 << 17)(self._block)  # the preview converts only what changed

    def _block(self, text: str) -> str:
        """Markdown to sanitised HTML, paragraphs included."""
        if PLAIN_PARAGRAPH.fullmatch(text):  # nothing for Markdown to do: skip the converter
            return f"<p>{escape(text, quote=False)}</p>"
        html = self._md.reset().convert(text)
        return sanitise(html)

    def inline(self, text: str) -> str:
        """Markdown to sanitised HTML without the outer paragraph, for short fields."""
        html = self.block(text)
        match = re.fullmatch(r"<p>(.*)</p>", html, flags=re.S)
        return match.group(1) if match and "<p>" not in match.group(1) else html


def sanitise(html: str) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


MARKUP = Markup()  # shared by every build of a process, so the preview keeps what it converted
