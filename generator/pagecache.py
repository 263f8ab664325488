"""Reuse the pages of the previous build whose inputs have not changed.

A page's key hashes everything its HTML is made from: the generator's code and
library versions, the templates it uses, its own entry in the plan (title, path,
the entity or seed it shows) and the parts of the site it read when it was last
rendered. A page that read only small parts (the explainer's own fields, the
changelog), as every entity and source page does, keeps its key while other records
change; a page that read a collection (the section pages) is tied to the fingerprint
of all the inputs.

A reused page is taken from the previous output only if its bytes still hash to
what was written, so a stale, corrupt or deleted cache, or a hand-edited output
folder, costs time but never changes the output.
"""
from __future__ import annotations

import hashlib
import json
import os
import pickle
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import jinja2
import jinja2.meta

from .model import Site

FORMAT = 1
SMALL_PARTS = ("explainer", "changelog", "pages")  # parts of the site hashed on their own; reading any other ties a page to all inputs


@dataclass(frozen=True)
class Entry:
    key: str
    reads: tuple[str, ...]  # the parts of the site the page read
    sha256: str  # of the page's bytes


class PageKeys:
    """Computes page keys for one build."""

    def __init__(self, site: Site, env: jinja2.Environment, code: str, fingerprint: str, preview: bool):
        versions = [metadata.version(name) for name in ("jinja2", "markupsafe")]
        self.base = f"{FORMAT}\0{code}\0{versions}\0{preview}\0"
        self.fingerprint = fingerprint
        self.parts = {name: hashlib.sha256(_snapshot(getattr(site, name))).hexdigest() for name in SMALL_PARTS}
        self.env = env
        self._templates: dict[str, str] = {}

    def key(self, planned: tuple, reads) -> str:
        """The key of a planned page that reads the given parts of the site (its path is in its PageInfo)."""
        template, info, context = planned
        digest = hashlib.sha256(self.base.encode())
        digest.update(self.template(template).encode())
        for name in sorted(reads):
            digest.update(f"\0{name}\0{self.parts.get(name, self.fingerprint)}".encode())
        digest.update(_snapshot((info, sorted(context.items()))))
        return digest.hexdigest()

    def template(self, name: str) -> str:
        """A hash of a template and of every template it extends, includes or imports."""
        if name not in self._templates:
            digest, seen, todo = hashlib.sha256(), set(), [name]
            while todo:
                current = todo.pop()
                if current in seen:
                    continue
                seen.add(current)
                source = self.env.loader.get_source(self.env, current)[0]
                digest.update(f"\0{current}\0{source}".encode())
                referenced = list(jinja2.meta.find_referenced_templates(self.env.parse(source)))
                if None in referenced:  # a template chosen at run time: any of them
                    referenced = self.env.list_templates()
                todo.extend(referenced)
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
        if file is not None:
            self._read(file)

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
            os.link(previous, target)
        except FileExistsError:
            raise
        except OSError:  # another file system, or no hard links there
            with open(target, "xb") as handle:
                handle.write(data)
        return entry

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


def _snapshot(value) -> bytes:
    """The bytes of a value: a pickle, which depends only on the objects' values and on
    which objects are shared, and assembling the same inputs shares the same objects."""
    return pickle.dumps(value, protocol=5)


def entry(keys: PageKeys, planned: tuple, reads, data: bytes) -> Entry:
    return Entry(keys.key(planned, reads), tuple(sorted(reads)), hashlib.sha256(data).hexdigest())
