"""Read the YAML annotations in content/ and check them against the schema.

Only plain YAML is accepted: no anchors, aliases or custom tags, no duplicate
keys. Values are kept as the text the author wrote; every record remembers
where each of its fields is, so later stages can point at it.
"""
from __future__ import annotations

import datetime
import difflib
import hashlib
import itertools
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from . import schema
from .errors import Location, Problems
from .schema import Record, Type

MAX_YAML_BYTES = 1024 * 1024
MAX_DEPTH = 24
MAX_NODES = 200_000
STANDARD_TAGS = {f"tag:yaml.org,2002:{t}" for t in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq")}
YAML_TYPE_NAMES = {"bool": "true/false", "int": "a number", "float": "a number", "timestamp": "a date", "null": "empty"}


class Rec(dict):
    """A validated mapping: field name -> value, with where each value is."""

    def __init__(self, location: Location):
        super().__init__()
        self.location = location
        self.locs: dict[str, Location] = {}

    def loc(self, name: str) -> Location:
        return self.locs.get(name, self.location)


def is_draft(rec) -> bool:
    """True for a record marked `draft: true`."""
    return isinstance(rec, dict) and rec.get(schema.DRAFT.name) is True


class Seq(list):
    """A validated list, with where each item is."""

    def __init__(self, location: Location):
        super().__init__()
        self.location = location
        self.locs: list[Location] = []


@dataclass
class ExplainerContent:
    """The records of one explainer folder, content/explainers/<slug>/."""

    slug: str
    folder: str  # as shown in messages
    explainer: Rec | None = None
    collections: dict[str, list[Rec]] = field(default_factory=lambda: {name: [] for name in schema.COLLECTIONS})
    pages: list[tuple[str, Rec, str, Location]] = field(default_factory=list)


@dataclass
class Content:
    """Everything read from content/: site settings, site-wide records, explainers, pages."""

    site: Rec | None = None
    collections: dict[str, list[Rec]] = field(default_factory=lambda: {name: [] for name in schema.COLLECTIONS})
    explainers: dict[str, ExplainerContent] = field(default_factory=dict)
    pages: list[tuple[str, Rec, str, Location]] = field(default_factory=list)  # slug, front matter, body, body start
    misplaced: dict[str, list[str]] = field(default_factory=dict)  # file -> per-explainer keys found outside explainers/
    orphan: Rec | None = None  # an `explainer` mapping found outside explainers/


class _Refused(Exception):
    def __init__(self, mark, message: str):
        self.mark, self.message = mark, message


FastLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when PyYAML was built with it


def _refuse_unsafe_events(text: str) -> None:
    """One pass over the YAML events: no anchors or aliases, bounded depth and size.

    Runs before any node is built, so an alias bomb fails at its first anchor.
    """
    depth = count = 0
    for event in yaml.parse(text, Loader=FastLoader):
        if isinstance(event, yaml.AliasEvent):
            raise _Refused(event.start_mark, f"alias *{event.anchor} is not allowed; write the value out in full")
        if getattr(event, "anchor", None):
            raise _Refused(event.start_mark, f"anchor &{event.anchor} is not allowed; write each value out in full")
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise _Refused(event.start_mark, f"nested more than {MAX_DEPTH} levels deep")
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
        count += 1
        if count > MAX_NODES:
            raise _Refused(event.start_mark, f"more than {MAX_NODES:,} values in one file; split it")


def decode(data: bytes, shown: str, problems: Problems) -> str | None:
    """UTF-8 text with BOM removed and line endings as "\\n", or None after a problem.

    Every position reported counts lines and characters as an editor shows them: after the BOM,
    with "\\r\\n" and a lone "\\r" each ending one line.
    """
    if b"\0" in data:
        problems.add(byte_location(data, data.index(b"\0"), shown), "NUL byte: this is a binary file, not YAML text")
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        problems.add(byte_location(data, exc.start, shown), "not valid UTF-8; save the file as UTF-8")
        return None
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    return None if control_problems(text, shown, problems) else text


def byte_location(data: bytes, index: int, shown: str) -> Location:
    """Where byte index of a file is, in lines and characters of its decoded text."""
    before = data[:index].removeprefix(b"\xef\xbb\xbf").replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    line_start = before.rfind(b"\n") + 1
    return Location(shown, before.count(b"\n") + 1, len(before[line_start:].decode("utf-8", "replace")) + 1)


MAX_CONTROL_REPORTS = 10


def control_problems(text: str, shown: str, problems: Problems) -> int:
    """Report each control character (schema.CONTROL) in text at its line and column; how many.
    A file full of them gets MAX_CONTROL_REPORTS lines, the last saying how many more it has."""
    matches = schema.CONTROL.finditer(text)
    first = list(itertools.islice(matches, MAX_CONTROL_REPORTS))
    rest = sum(1 for _ in matches)
    for n, match in enumerate(first, 1):
        at = match.start()
        where = Location(shown, text.count("\n", 0, at) + 1, at - (text.rfind("\n", 0, at) + 1) + 1)
        more = f" (and {rest:,} more in this file)" if rest and n == len(first) else ""
        problems.add(where, f"control character U+{ord(match.group()):04X} is not allowed{more}; "
                            "delete it (most editors do not show it)")
    return len(first) + rest


def _plainly_safe(text: str) -> bool:
    """True when text cannot hold what _refuse_unsafe_events looks for, so it need not be
    parsed twice: no `&`, so no anchor (and so no valid alias); short enough that it cannot
    reach MAX_NODES events (at most about two a character); and nested at most MAX_DEPTH
    levels, bounded by the longest run of spaces, dashes and `?` that starts a line (one
    character a block level at least) plus the most brackets on one line (flow collections
    that span lines are left to the careful pass)."""
    if "&" in text or len(text) > MAX_NODES // 4:
        return False
    flow = 0
    for line in FLOW_LINE.findall(text):
        opened = line.count("[") + line.count("{")
        if opened != line.count("]") + line.count("}"):
            return False
        flow = max(flow, opened)
    block = max(map(len, BLOCK_PREFIX.findall(text)), default=0)
    return block + flow + 2 <= MAX_DEPTH


BLOCK_PREFIX = re.compile(r"^[ ?-]+", re.M)
FLOW_LINE = re.compile(r"^.*[\[{].*$", re.M)


def compose(text: str, shown: str, problems: Problems, line_offset: int = 0):
    """The YAML node tree of text, or None after a problem."""
    if _plainly_safe(text):
        try:
            return yaml.compose(text, Loader=FastLoader)
        except yaml.YAMLError:
            pass  # reported below, exactly as for any other file
    try:
        _refuse_unsafe_events(text)
        return yaml.compose(text, Loader=FastLoader)
    except _Refused as exc:
        problems.add(_mark_location(shown, exc.mark, line_offset), exc.message)
    except yaml.MarkedYAMLError as exc:
        unclosed = exc.context_mark is not None and (
            "end of stream" in (exc.problem or "") or "flow" in (exc.context or ""))
        mark = exc.context_mark if unclosed else exc.problem_mark or exc.context_mark
        problems.add(_mark_location(shown, mark, line_offset), _syntax_message(exc, text, mark))
    except yaml.reader.ReaderError as exc:  # a character YAML refuses: decode() reports those it knows first
        at = min(exc.position, len(text))
        where = Location(shown, text.count("\n", 0, at) + 1, at - (text.rfind("\n", 0, at) + 1) + 1)
        problems.add(where, f"character U+{exc.character if isinstance(exc.character, int) else ord(exc.character):04X} "
                            "is not allowed in YAML; delete it")
    except yaml.YAMLError as exc:
        problems.add(Location(shown, 1 + line_offset, 1), f"YAML error: {' '.join(str(exc).split())}")
    return None


def _mark_location(shown: str, mark, line_offset: int) -> Location:
    return Location(shown, mark.line + 1 + line_offset, mark.column + 1) if mark else Location(shown)


def _syntax_message(exc: yaml.MarkedYAMLError, text: str, mark) -> str:
    problem = (exc.problem or "").strip()
    lines = text.split("\n")
    line = lines[mark.line] if mark and mark.line < len(lines) else ""
    if "\t" in line[: len(line) - len(line.lstrip())] or "'\\t'" in problem:
        return "tab character in indentation; YAML indents with spaces only"
    if "end of stream" in problem and "quoted scalar" in (exc.context or ""):
        return "unclosed quote: the quoted text that starts here never ends; add the closing quote"
    if "flow" in (exc.context or ""):
        return "unclosed bracket: the [ or { that starts here is never closed; add the closing bracket"
    if "expected a single document" in problem:
        return "more than one YAML document (---) in this file; keep one per file"
    context = (exc.context or "").strip()
    words = f"{context}: {problem}" if context else problem
    return f"YAML syntax error: {words}; check quotes, brackets and indentation"


class ParsedFiles:
    """What reading each content file gave, by a hash of its name and bytes, kept between
    the builds of one process (the preview), so an unchanged file is not parsed again.
    Only the files of the latest read are kept."""

    def __init__(self) -> None:
        self._last: dict[bytes, tuple] = {}
        self._now: dict[bytes, tuple] = {}

    def get(self, key: bytes) -> tuple | None:
        found = self._now.get(key) or self._last.get(key)
        if found is not None:
            self._now[key] = found
        return found

    def put(self, key: bytes, parsed: tuple) -> None:
        self._now[key] = parsed

    def finish(self) -> None:
        """End one read: forget the files it did not see."""
        self._last, self._now = self._now, {}


def read_yaml_file(path: Path, shown: str, problems: Problems, content: Content, target: ExplainerContent | None,
                   memo: ParsedFiles | None = None) -> None:
    """Validate one content YAML file and add its records to content: site-wide records to content,
    an explainer's to target (None for files outside content/explainers/); memo keeps readings."""
    size = path.stat().st_size
    if size > MAX_YAML_BYTES:
        problems.add(Location(shown), f"file is {size:,} bytes; the limit is {MAX_YAML_BYTES:,}; split it into several files")
        return
    data = path.read_bytes()
    key = hashlib.sha256(shown.encode() + b"\0" + data).digest() if memo is not None else b""
    parsed = memo.get(key) if memo is not None else None
    if parsed is None:
        found = Problems()
        parsed = (_parse_yaml_file(data, shown, found), found.items)
        if memo is not None:
            memo.put(key, parsed)
    parts, found_items = parsed
    problems.items.extend(found_items)
    for name, where, value in parts:
        if name == "site":
            if target is not None:
                problems.add(where, f"`site` settings belong to the whole site; move them to {SITE_FILE}")
            elif content.site is not None:
                problems.add(where, f"a second `site` mapping; the first is at {content.site.location}; keep one")
            else:
                content.site = value
        elif name in schema.PER_EXPLAINER and target is None:
            content.misplaced.setdefault(shown, []).append(name)
            if name == "explainer":
                content.orphan = value
        elif name == "explainer":
            if target.explainer is not None:
                problems.add(where, f"a second `explainer` mapping in {target.folder}/; the first is at "
                                    f"{target.explainer.location}; keep one per explainer folder")
            else:
                target.explainer = value
        elif name in schema.SHARED:
            content.collections[name].extend(value)
        else:
            target.collections[name].extend(value)


SITE_FILE = "content/site.yaml"


def _parse_yaml_file(data: bytes, shown: str, problems: Problems) -> list[tuple[str, Location, object]]:
    """The checked collections of one file: (name, where its key is, a Rec or a list of Rec)."""
    text = decode(data, shown, problems)
    if text is None:
        return []
    reported = len(problems.items)
    node = compose(text, shown, problems)
    if node is None:
        if len(problems.items) == reported:
            problems.add(Location(shown), "file is empty; add records or delete the file")
        return []
    checker = Checker(shown, problems)
    if not checker.is_mapping(node, "a mapping of collections (explainer, seeds, entities, ...)"):
        return []
    known = sorted([*schema.COLLECTIONS, *schema.SINGLETONS])
    parts = []
    for key_node, value in checker.pairs(node):
        name = key_node.value
        where = checker.location(key_node)
        if name in schema.SINGLETONS:
            rec = checker.record(value, schema.SINGLETONS[name])
            if rec is not None:
                parts.append((name, where, rec))
        elif name in schema.COLLECTIONS:
            items = checker.value(value, schema.list_of(schema.record(schema.COLLECTIONS[name])), name)
            parts.append((name, where, items or []))
        else:
            problems.add(where, f"unknown collection {_shown(name)}{did_you_mean(name, known)}; known: {', '.join(known)}")
    return parts


def did_you_mean(word: str, choices) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean `{close[0]}`?)" if close else ""


class Checker:
    """Turns YAML nodes into values of schema types, reporting every mismatch."""

    def __init__(self, shown: str, problems: Problems, line_offset: int = 0):
        self.shown, self.problems, self.line_offset = shown, problems, line_offset

    def location(self, node) -> Location:
        return _mark_location(self.shown, node.start_mark, self.line_offset)

    def error(self, node, message: str) -> None:
        self.problems.add(self.location(node), message)

    def is_mapping(self, node, what: str) -> bool:
        if isinstance(node, yaml.MappingNode) and self._standard(node):
            return True
        self.error(node, f"expected {what}, found {_describe(node)}")
        return False

    def _standard(self, node) -> bool:
        if node.tag in STANDARD_TAGS:
            return True
        self.error(node, f"custom tag {node.tag.replace('tag:yaml.org,2002:', '!!')} is not allowed; remove it")
        return False

    def pairs(self, node):
        """Key/value node pairs of a mapping, refusing duplicate and non-text keys."""
        seen: dict[str, object] = {}
        for key, value in node.value:
            if not isinstance(key, yaml.ScalarNode) or key.tag != "tag:yaml.org,2002:str":
                self.error(key, f"keys must be plain names, found {_describe(key)}")
                continue
            if key.value in seen:
                self.error(key, f"duplicate key {_shown(key.value)}; it is already set at line {seen[key.value].start_mark.line + 1 + self.line_offset}")
                continue
            seen[key.value] = key
            yield key, value

    def record(self, node, rec: Record, what: str | None = None) -> Rec | None:
        if not self.is_mapping(node, f"a mapping ({what or rec.name} record)"):
            return None
        result = Rec(self.location(node))
        names = [f.name for f in rec.fields]
        renamed = schema.RENAMED.get(rec.name, {})
        for key, value in self.pairs(node):
            spec = rec.field(key.value)
            if spec is None and key.value in renamed:
                self.error(key, renamed[key.value])
                continue
            if spec is None:
                self.error(key, f"unknown field {_shown(key.value)}{did_you_mean(key.value, names)}; allowed: {', '.join(names)}")
                continue
            converted = self.value(value, spec.type, spec.name)
            if converted is not None:
                result[spec.name] = converted
                result.locs[spec.name] = self.location(value)
        replaced = {k for k in renamed if self._reported_inside(node, k)}
        for spec in rec.fields:
            if spec.required and spec.name not in result and not self._reported_inside(node, spec.name) and not replaced:
                self.error(node, f"missing field `{spec.name}` in this {schema.SINGULAR.get(what or rec.name, what or rec.name)} record")
        if rec is schema.EVIDENCE:
            self._check_evidence(node, result)
        return result

    def _reported_inside(self, node, name: str) -> bool:
        return any(k.value == name for k, _ in node.value if isinstance(k, yaml.ScalarNode))

    def _check_evidence(self, node, rec: Rec) -> None:
        if ("seed" in rec) == ("source" in rec):
            self.error(node, "evidence needs either `seed` with `exact` (a seed span) or `source` (an external source id)")
        elif "seed" in rec and "exact" not in rec and not self._reported_inside(node, "exact"):
            self.error(node, "missing field `exact`: the seed's exact words this evidence points at")
        elif "source" in rec and any(k in rec for k in ("exact", "prefix", "suffix")):
            self.error(node, "`exact`, `prefix` and `suffix` go with `seed`, not with `source`")

    def value(self, node, type_: Type, name: str):
        if not self._standard(node):
            return None
        kind = type_.kind
        if kind == "list":
            return self._list(node, type_, name)
        if kind in ("record", "evidence"):
            return self.record(node, type_.record, name)
        if not isinstance(node, yaml.ScalarNode):
            self.error(node, f"`{name}` must be {_expected(type_)}, found {_describe(node)}")
            return None
        return self._scalar(node, type_, name)

    def _list(self, node, type_: Type, name: str):
        if not isinstance(node, yaml.SequenceNode):
            example = f"; write it as a list: `[{_shown(node.value)[1:-1]}]`" if isinstance(node, yaml.ScalarNode) and node.value else ""
            self.error(node, f"`{name}` must be a list (one `- item` per line), found {_describe(node)}{example}")
            return None
        result = Seq(self.location(node))
        for item in node.value:
            converted = self.value(item, type_.item, name)
            if converted is not None:
                result.append(converted)
                result.locs.append(self.location(item))
        if name == "cite" and not node.value:
            self.error(node, "`cite` is empty; give at least one seed span or source")
        return result

    def _scalar(self, node, type_: Type, name: str):
        raw = node.value
        plain = node.style is None
        tag = node.tag.rsplit(":", 1)[-1]
        if tag == "null" and plain:
            self.error(node, f"`{name}` is empty; give {_expected(type_)}")
            return None
        if type_.kind == "bool":
            if tag == "bool" and raw.lower() in ("true", "false"):  # quoted text is tagged str
                return raw.lower() == "true"
            self.error(node, f"`{name}` must be true or false (without quotes), found {_shown(raw)}")
            return None
        if type_.kind in ("text", "markdown", "url", "path", "enum") and tag != "str":
            self.error(node, f"`{name}` must be text, but YAML reads `{raw}` as {YAML_TYPE_NAMES.get(tag, tag)}; put it in quotes: \"{raw}\"")
            return None
        control = schema.control_character(raw)
        if control is not None:  # written as an escape ("\x01", "\e", "\0"): the raw character is refused earlier
            self.error(node, f"`{name}` holds the control character {control[1]} (from an escape such as \\x01 or \\e "
                             "in quotes); remove it")
            return None
        if not raw.strip():
            self.error(node, f"`{name}` is empty; give {_expected(type_)} or remove the field")
            return None
        limit = schema.MAX_MARKDOWN if type_.kind == "markdown" else schema.MAX_TEXT
        if len(raw) > limit:
            self.error(node, f"`{name}` is {len(raw):,} characters; the limit is {limit:,}")
            return None
        return self._check_format(node, raw, type_, name)

    def _check_format(self, node, raw: str, type_: Type, name: str):
        kind = type_.kind
        if kind in ("id", "ref") and not schema.is_id(raw):
            self.error(node, f"`{name}` {_shown(raw)} is not a valid id; use 1-64 lower-case letters, digits and hyphens, e.g. `{_slug(raw)}`")
            return None
        if kind == "date" and not _valid_date(raw):
            self.error(node, f"`{name}` {_shown(raw)} is not a date; write YYYY, YYYY-MM or YYYY-MM-DD")
            return None
        if kind == "enum" and raw not in type_.choices:
            self.error(node, f"`{name}` {_shown(raw)} is not one of: {', '.join(type_.choices)}{did_you_mean(raw, type_.choices)}")
            return None
        if kind == "url" and not schema.is_url(raw):
            self.error(node, f"`{name}` must be an http:// or https:// address with no spaces, double quotes, angle brackets "
                             f"or control characters, found {_shown(raw, 60)}")
            return None
        if kind == "path" and (raw.startswith(("/", "\\", "~")) or re.match(r"^[A-Za-z]:", raw) or ".." in re.split(r"[\\/]", raw)):
            self.error(node, f"`{name}` {_shown(raw)} must be a path inside the project, relative to its root (no `..`, no absolute path)")
            return None
        if type_.pattern and not re.fullmatch(type_.pattern, raw, flags=re.ASCII):
            self.error(node, f"`{name}` {_shown(raw)} is not valid; {type_.hint}")
            return None
        return raw


def _valid_date(raw: str) -> bool:
    if not schema.is_date_shape(raw):
        return False
    parts = [int(p) for p in raw.split("-")] + [1, 1]
    try:
        datetime.date(*parts[:3])
    except ValueError:
        return False
    return True


def _shown(raw: str, limit: int = 80) -> str:
    """A value quoted in a message: in backticks, on one line (a newline, tab or control
    character shows as its escape), at most limit characters."""
    text = raw if raw.isprintable() else "".join(c if c.isprintable() else repr(c)[1:-1] for c in raw)
    return f"`{text if len(text) <= limit else text[:limit - 1] + '…'}`"


def _slug(raw: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", raw.lower()).strip("-")[:64] or "my-id"


def _expected(type_: Type) -> str:
    return {"text": "text", "markdown": "text (Markdown)", "id": "an id", "ref": f"an id from `{type_.ref}`",
            "date": "a date (YYYY, YYYY-MM or YYYY-MM-DD)", "url": "an http(s) address", "path": "a path",
            "enum": "one of " + ", ".join(type_.choices), "bool": "true or false", "list": "a list", "record": "a mapping",
            "evidence": "a mapping"}[type_.kind]


def _describe(node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    tag = node.tag.rsplit(":", 1)[-1]
    if tag == "str":
        return f"the text {_shown(node.value, 40)}"
    return f"{_shown(node.value)} ({YAML_TYPE_NAMES.get(tag, tag)})" if node.value else "nothing"


def read_page(path: Path, shown: str, problems: Problems, pages: list) -> None:
    """A Markdown page: YAML front matter between --- lines, then the body; appended to pages."""
    slug = path.stem
    if not schema.is_id(slug):  # its name shown escaped: a newline in it would split the line
        problems.add(Location(_shown(shown, 1 << 20)[1:-1]), f"page file name {_shown(shown.rsplit('/', 1)[-1])} is not a valid page "
                                                               f"name; use lower-case letters, digits and hyphens, e.g. `{_slug(slug)}.md`")
        return
    text = decode(path.read_bytes(), shown, problems)
    if text is None:
        return
    match = re.match(r"---\n(.*?)\n---[ \t]*(\n|$)", text, flags=re.S)
    if not match:
        problems.add(Location(shown), "missing front matter; start the page with ---, a `title:` line, a `description:` line and ---")
        return
    node = compose(match.group(1), shown, problems, line_offset=1)
    front = Checker(shown, problems, line_offset=1).record(node, schema.PAGE, "page front matter") if node else None
    body_line = text.count("\n", 0, match.end()) + 1
    if front is not None:
        pages.append((slug, front, text[match.end():], Location(shown, body_line, 1)))
