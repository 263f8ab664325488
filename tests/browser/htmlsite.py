"""Reading a built site from disk: the ids and URL references of each page, what it loads.

Pure functions over files, with the standard library's html.parser; no browser needed.
"""

from __future__ import annotations

import gzip
import posixpath
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

# Attributes holding one URL, by element ("*" = any element).
URL_ATTRS = {
    "a": ("href",),
    "area": ("href",),
    "link": ("href",),
    "base": ("href",),
    "script": ("src",),
    "img": ("src",),
    "iframe": ("src",),
    "embed": ("src",),
    "source": ("src",),
    "track": ("src",),
    "audio": ("src",),
    "video": ("src", "poster"),
    "input": ("src",),
    "object": ("data",),
    "form": ("action",),
    "blockquote": ("cite",),
    "q": ("cite",),
    "del": ("cite",),
    "ins": ("cite",),
}
SRCSET_ATTRS = {"img": ("srcset",), "source": ("srcset",), "link": ("imagesrcset",)}
LOADED_LINK_RELS = {"stylesheet", "icon", "preload", "modulepreload"}
CSS_URL = re.compile(
    r"""url\(\s*(?:"([^"]*)"|'([^']*)'|([^)'"\s]*))\s*\)|@import\s+(?:"([^"]*)"|'([^']*)')"""
)
CSS_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)


@dataclass(frozen=True)
class Ref:
    """One URL written in a file: where (line), on what (tag/attr), and the URL itself."""

    line: int
    where: str  # e.g. '<a href>' or 'url()'
    url: str
    loads: bool  # the browser fetches it when the page loads (vs. a link to follow)


@dataclass
class ParsedPage:
    ids: Counter = field(default_factory=Counter)
    names: set[str] = field(default_factory=set)  # <a name="..."> also targets a fragment
    refs: list[Ref] = field(default_factory=list)
    has_base: bool = False


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.result = ParsedPage()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: (v or "") for k, v in attrs}
        line = self.getpos()[0]
        if "id" in values:
            self.result.ids[values["id"]] += 1
        if tag == "a" and "name" in values:
            self.result.names.add(values["name"])
        if tag == "base":
            self.result.has_base = True
        rels = set(values.get("rel", "").lower().split())
        for attr in URL_ATTRS.get(tag, ()):
            if attr in values:
                loads = (
                    (tag == "link" and bool(rels & LOADED_LINK_RELS))
                    or (
                        tag in {"script", "img", "embed", "source", "track", "audio", "input"}
                        and attr == "src"
                    )
                    or (tag == "video" and attr in {"src", "poster"})
                    or (tag == "object")
                    or (tag == "iframe")
                )
                self.result.refs.append(Ref(line, f"<{tag} {attr}>", values[attr].strip(), loads))
        for attr in SRCSET_ATTRS.get(tag, ()):
            for candidate in values.get(attr, "").split(","):
                url = candidate.strip().split(" ")[0] if candidate.strip() else ""
                if url:
                    self.result.refs.append(Ref(line, f"<{tag} {attr}>", url, True))
        if "style" in values:
            for url in css_urls(values["style"]):
                self.result.refs.append(Ref(line, f"<{tag} style> url()", url, True))

    handle_startendtag = handle_starttag


@cache
def parse_page(path: Path) -> ParsedPage:
    parser = _Parser()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return parser.result


def css_urls(css: str) -> list[str]:
    css = CSS_COMMENT.sub("", css)
    return [next(g for g in m.groups() if g is not None).strip() for m in CSS_URL.finditer(css)]


@cache
def css_refs(path: Path) -> tuple[Ref, ...]:
    text = path.read_text(encoding="utf-8")
    refs = []
    for number, line in enumerate(
        CSS_COMMENT.sub(lambda m: "\n" * m.group().count("\n"), text).splitlines(), 1
    ):
        refs.extend(Ref(number, "url()/@import", url, True) for url in css_urls(line))
    return tuple(refs)


def is_internal(url: str) -> bool:
    parts = urlsplit(url)
    return not parts.scheme and not parts.netloc


def resolve(site: Path, from_file: str, url: str) -> tuple[str | None, str]:
    """(site-relative path of the file `url` names, or None if it leaves the site; fragment)."""
    parts = urlsplit(url)
    path = unquote(parts.path)
    if not path:
        target = from_file
    elif path.startswith("/"):
        target = posixpath.normpath(path.lstrip("/") or ".")
    else:
        target = posixpath.normpath(posixpath.join(posixpath.dirname(from_file), path))
    if target == ".." or target.startswith("../"):
        return None, parts.fragment
    if target == "." or (site / target).is_dir():
        target = posixpath.normpath(posixpath.join(target, "index.html"))
    return target, unquote(parts.fragment)


def gzip_size(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), compresslevel=9, mtime=0))


def loaded_files(site: Path, page: str) -> list[str]:
    """Every site file the page makes the browser fetch on load (CSS url()/@import followed)."""
    seen: list[str] = []
    todo = [(page, ref) for ref in parse_page(site / page).refs if ref.loads]
    while todo:
        owner, ref = todo.pop(0)
        if not is_internal(ref.url) or not urlsplit(ref.url).path:
            continue
        target, _ = resolve(site, owner, ref.url)
        if target is None or target in seen or not (site / target).is_file():
            continue
        seen.append(target)
        if target.endswith(".css"):
            todo.extend((target, r) for r in css_refs(site / target))
    return seen


def fail_on(problems: list[str], headline: str, limit: int = 200) -> None:
    """Fail the test with one line per problem (the first `limit` of them)."""
    if not problems:
        return
    shown = problems[:limit]
    more = f"\n... and {len(problems) - limit} more" if len(problems) > limit else ""
    pytest.fail(
        f"{headline}: {len(problems)} problem(s)\n" + "\n".join(shown) + more, pytrace=False
    )
