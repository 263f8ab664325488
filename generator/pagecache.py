"""Reuse the pages of the previous build whose inputs have not changed.

A page's key hashes everything its HTML is made from: the generator's code and
library versions, the templates it uses, its own entry in the plan (title, path,
the entity, seed or explainer it shows) and the parts of the site it read when it
was last rendered, as render.SiteReads notes them: each entity it looked up and the
fields it read of it (`entities[<id>].name`), each seed it looked up, the size of a
collection it only counted (`seeds#len`), whole collections it went through; so it
keeps its key while the records and fields it did not read change. The social cards
are kept the same way, keyed by the texts drawn on them.

A reused page is taken from the previous output only if its bytes still hash to
what was written, so a stale, corrupt or deleted cache, or a hand-edited output
folder, costs time but never changes the output.
"""
from __future__ import annotations

import functools
import hashlib
import json
import os
import pickle
import platform
from dataclasses import dataclass, fields
from importlib import metadata
from pathlib import Path

import jinja2
import jinja2.meta

from .model import Entity, Explainer, ExternalSource, Seed, Site

FORMAT = 2
# What a page reads through these methods of Site; a name that is neither a field of Site nor here
# (a method added later) ties the page to the fingerprint of all the inputs.
SITE_METHODS = {"explainer": "explainers", "entities_of_kind": "entities"}
# Small values derived from the explainers: a page that reads only these keeps its key while
# the explainers' records change.
SITE_DERIVED = {"updated", "explainer_titles"}
# The collections a page may look members up in, `name[key]`: a mapping (None), or a tuple of
# records found by this attribute.
SITE_KEYED = {"entities": None, "explainer_titles": None, "seeds": "id", "explainers": "slug"}
_ABSENT = object()
# Records that other records and several pages hold (a source is held by every citation of it, with the
# list of every item citing it): inside the snapshot of anything else, each stands for its digest,
# computed once a build.
SHARED = (Explainer, Entity, Seed, ExternalSource)


@dataclass(frozen=True)
class Entry:
    key: str
    reads: tuple[str, ...]  # the parts of the site the page read
    sha256: str  # of the page's bytes


class PageKeys:
    """Computes page keys for one build."""

    def __init__(self, site: Site, env: jinja2.Environment, code: str, fingerprint: str, preview: bool):
        self.base = f"{FORMAT}\0{code}\0{_library_versions()}\0{preview}\0"
        self.fingerprint = fingerprint
        self.site, self.env = site, env
        self._fields = {f.name for f in fields(site)}
        self._parts: dict[str, str] = {}
        self._templates: dict[str, str] = {}
        self._objects: dict[int, bytes] = {}  # by id(): records of the site and entries of the plan, alive all build long
        self._indexes: dict[str, dict] = {}  # SITE_KEYED tuples, by key

    def key(self, planned: tuple, reads) -> str:
        """The key of a planned page that reads the given parts of the site (its path is in its PageInfo)."""
        template, info, context = planned
        digest = hashlib.sha256(self.base.encode())
        digest.update(self.template(template).encode())
        for name in sorted(reads):
            digest.update(f"\0{name}\0{self.part(name)}".encode())
        digest.update(self._digest(info))
        for name, value in sorted(context.items()):
            digest.update(name.encode() + self._digest(value))
        return digest.hexdigest()

    def file_key(self, path: str, *inputs: str) -> str:
        """The key of a file other than a page (a social card) made by this code from these texts alone."""
        return hashlib.sha256("\0".join((self.base, "file", path, *inputs)).encode("utf-8", "surrogatepass")).hexdigest()

    def part(self, name: str) -> str:
        """A hash of the part of the site a page read by this name (see render.SiteReads): a member of
        a collection, `seeds[<id>]`, whether it is there, `entities[<id>]?`, or one of its fields,
        `entities[<id>].name`; a collection's size, `seeds#len`, or items of it by index or slice,
        `seeds#20:40:`; else a field of Site or a value derived from one. Any other name stands for all
        the inputs."""
        if name not in self._parts:
            field = SITE_METHODS.get(name, name)
            collection, bracket, rest = name.partition("[")
            sized, hash_, suffix = name.partition("#")
            if bracket:
                self._parts[name] = self._member_part(collection, *rest.rpartition("]"))
            elif hash_:
                self._parts[name] = self._sized_part(sized, suffix)
            elif name in SITE_DERIVED:
                self._parts[name] = self._hash(getattr(self.site, name)).hex()
            elif field not in self._fields:
                self._parts[name] = self.fingerprint
            else:
                value, digest = getattr(self.site, field), hashlib.sha256()
                if isinstance(value, dict):  # the entities: the same digests as their pages' keys use
                    for key, item in value.items():
                        digest.update(key.encode() + self._digest(item))
                elif isinstance(value, tuple):
                    for item in value:
                        digest.update(self._digest(item))
                else:
                    digest.update(self._hash(value))
                self._parts[name] = digest.hexdigest()
        return self._parts[name]

    def _sized_part(self, collection: str, what: str) -> str:
        """The hash of `collection#len` (its size), `collection#<i>` (an item by index) or `collection#<a>:<b>:<c>`
        (a slice, each bound as the page gave it, or empty)."""
        if collection not in self._fields and collection not in SITE_DERIVED:
            return self.fingerprint
        value = getattr(self.site, collection)
        if what == "len":
            return f"{len(value)}"
        if not isinstance(value, tuple):
            return self.fingerprint
        try:
            bounds = [int(b) if b else None for b in what.split(":")]
        except ValueError:
            return self.fingerprint
        if len(bounds) == 1:
            if not -len(value) <= bounds[0] < len(value):
                return "absent"
            items = (value[bounds[0]],)
        elif len(bounds) == 3 and bounds[2] != 0:
            items = value[slice(*bounds)]
        else:
            return self.fingerprint
        return hashlib.sha256(f"{len(items)}\0".encode() + b"".join(self._digest(item) for item in items)).hexdigest()

    def _member_part(self, collection: str, key: str, bracket: str, tail: str) -> str:
        """The hash of `collection[key]` and what follows: nothing (the whole member), `?` (whether it
        is there) or `.field` (one field of it)."""
        if collection not in SITE_KEYED or not bracket:
            return self.fingerprint
        found = getattr(self.site, collection)
        if SITE_KEYED[collection] is not None:
            if collection not in self._indexes:
                self._indexes[collection] = {getattr(item, SITE_KEYED[collection]): item for item in found}
            found = self._indexes[collection]
        member = found.get(key, _ABSENT)
        if tail == "?":
            return "absent" if member is _ABSENT else "present"
        if member is _ABSENT:
            return "absent"
        if not tail:
            return hashlib.sha256(self._digest(member)).hexdigest()
        if not tail.startswith("."):
            return self.fingerprint
        try:
            value = getattr(member, tail[1:])
        except AttributeError:
            return "no such field"
        try:
            return self._hash(value).hex()
        except (pickle.PicklingError, AttributeError, TypeError, ValueError, RecursionError):
            return self.fingerprint  # a value with no snapshot: the page depends on every input

    def _digest(self, value) -> bytes:
        """The hash of a value that lives as long as the build (a record of the site, an entry of the plan)."""
        found = self._objects.get(id(value))
        if found is None:
            found = self._objects[id(value)] = self._hash(value)
        return found

    def _hash(self, value) -> bytes:
        digest = hashlib.sha256()
        _Snapshot(digest, value, self).dump(value)
        return digest.digest()

    def template(self, name: str) -> str:
        """A hash of a template and of every template it extends, includes or imports."""
        if name not in self._templates:
            digest, seen, todo = hashlib.sha256(), set(), [name]
            while todo:
                current = todo.pop()
                if current in seen:
                    continue
                seen.add(current)
                try:
                    source = self.env.loader.get_source(self.env, current)[0]
                    referenced = _referenced_templates(self.env, source)
                except (jinja2.TemplateError, ValueError, OSError) as exc:
                    # Missing, not text or not valid Jinja: a page that renders cannot have used it
                    # as it is now, and the render reports the problem; its state is in the key.
                    digest.update(f"\0{current}\0{type(exc).__name__}".encode())
                    continue
                digest.update(f"\0{current}\0{source}".encode())
                todo.extend(self.env.list_templates() if None in referenced else referenced)  # None: chosen at run time
            self._templates[name] = digest.hexdigest()
        return self._templates[name]


class PageCache:
    """The key and hash of every page of the last build, and the folder that build is in.

    Kept in memory by the preview server, and in a file (safe to delete) by `explainer build`.
    """

    def __init__(self, file: Path | None = None):
        self.file = file
        self.folder: Path | None = None
        self.entries: dict[str, Entry] = {}
        self._link = False
        if file is not None:
            self._read(file)

    def build_into(self, out: Path) -> None:
        """Say where the next build goes. Kept pages are hard-linked only when the previous build
        is about to be replaced (or is the preview's own); another output folder gets copies,
        so editing one folder in place can never change the other."""
        self._link = self.file is None or self.folder == out.resolve()

    def _read(self, file: Path) -> None:
        try:
            data = json.loads(file.read_text(encoding="utf-8"))
            if data["format"] != FORMAT:
                return
            entries = {path: Entry(key, tuple(reads), sha) for path, (key, reads, sha) in data["pages"].items()}
            folder = Path(data["folder"])
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return  # no cache, or one this version cannot read: every page is rendered
        self.folder, self.entries = folder, entries

    def reuse(self, path: str, keys: PageKeys, planned: tuple, folder: Path) -> Entry | None:
        """Put the previous build's copy of the page into folder when its inputs are unchanged."""
        entry = self.entries.get(path)
        if entry is None or self.folder is None or keys.key(planned, entry.reads) != entry.key:
            return None
        previous = self.folder / path
        try:
            data = previous.read_bytes()
        except OSError:
            return None
        if hashlib.sha256(data).hexdigest() != entry.sha256:
            return None
        target = folder / path
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            if not self._link:
                raise OSError
            os.link(previous, target)
        except FileExistsError:
            raise
        except OSError:  # a copy: another output folder, another file system, or no hard links there
            with open(target, "xb") as handle:
                handle.write(data)
        return entry

    def reuse_bytes(self, path: str, key: str) -> bytes | None:
        """The bytes of a file of the previous build (not a page) made from the same inputs, if it is still there."""
        entry = self.entries.get(path)
        if entry is None or self.folder is None or entry.key != key:
            return None
        try:
            data = (self.folder / path).read_bytes()
        except OSError:
            return None
        return data if hashlib.sha256(data).hexdigest() == entry.sha256 else None

    def update(self, folder: Path, entries: dict[str, Entry]) -> None:
        """Remember a finished build (in the file too, when there is one)."""
        self.folder, self.entries = folder, entries
        if self.file is None:
            return
        data = {"format": FORMAT, "folder": str(folder),
                "pages": {path: [e.key, list(e.reads), e.sha256] for path, e in sorted(entries.items())}}
        try:
            self.file.parent.mkdir(parents=True, exist_ok=True)
            temporary = self.file.with_name(f".{self.file.name}.{os.getpid()}")
            temporary.write_text(json.dumps(data, separators=(",", ":")), encoding="utf-8")
            os.replace(temporary, self.file)
        except OSError:
            pass  # the site is built; the next build just renders every page


@functools.cache
def _library_versions() -> tuple[str, ...]:
    return (platform.python_version(), *(metadata.version(name) for name in ("jinja2", "markupsafe")))


@functools.lru_cache(maxsize=256)
def _referenced_templates(env: jinja2.Environment, source: str) -> tuple[str | None, ...]:
    return tuple(jinja2.meta.find_referenced_templates(env.parse(source)))


class _Snapshot(pickle.Pickler):
    """A value's bytes, fed to a hash: a pickle, which depends only on the objects' values and on
    which objects are shared (and assembling the same inputs shares the same objects); each SHARED
    record inside it, but the value itself, is written as its own digest."""

    def __init__(self, digest, root, keys: PageKeys):
        super().__init__(_HashWriter(digest), protocol=5)
        self._root, self._keys = root, keys

    def reducer_override(self, obj):
        if type(obj) in SHARED and obj is not self._root:
            return _shared, (self._keys._digest(obj),)
        return NotImplemented


class _HashWriter:
    __slots__ = ("write",)

    def __init__(self, digest):
        self.write = digest.update


def _shared(digest: bytes) -> None:
    """Stands in a snapshot for a SHARED record, by its digest (never called)."""


def entry(keys: PageKeys, planned: tuple, reads, data: bytes) -> Entry:
    return Entry(keys.key(planned, reads), tuple(sorted(reads)), hashlib.sha256(data).hexdigest())


def file_entry(key: str, data: bytes) -> Entry:
    return Entry(key, (), hashlib.sha256(data).hexdigest())
