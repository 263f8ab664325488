"""Whether a build would change anything: one hash of what it reads, the options and the code.

A build reads every file of the input folders (content/, seeds/, templates/, editor litter
left out) and the seed files its seed records name, which may lie anywhere in the project
and have any name. The folders are hashed whole, names included, so a file added, renamed or
removed changes the hash; the seed files the build read are listed in the output's marker
with the hash of the text it read from each, so the next build checks exactly those too.

Imports nothing heavy, so that `explainer build` with nothing changed answers at once.
"""
from __future__ import annotations

import errno
import hashlib
import json
import os
import stat
from pathlib import Path

from . import i18n
from . import project as layout
from .errors import ContentError, Location, Problem

CHUNK = 1 << 20


def code_digest() -> str:
    """A hash of this generator's code, built-in templates and interface catalogs."""
    digest = hashlib.sha256()
    for path in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(f"\0{path.name}\0".encode())
        digest.update(path.read_bytes())
    for path in layout.input_files(layout.BUILT_IN_TEMPLATES.parent, layout.TEMPLATES, None):
        digest.update(f"\0{path.relative_to(layout.BUILT_IN_TEMPLATES).as_posix()}\0".encode())
        digest.update(path.read_bytes())
    digest.update(i18n.digest().encode())
    return digest.hexdigest()


def up_to_date(project: Path, out: Path, *options) -> bool:
    """True when out holds the build of exactly these inputs, options and code."""
    from .write import built_from, check_output_folder
    check_output_folder(project, out, layout.INPUT_FOLDERS)
    marker = built_from(out)
    if not marker:
        return False
    fingerprint = input_fingerprint(project, code_digest(), *options)
    head, _, listed = marker.partition("\n")
    if not listed:  # a build that did not record the files it read: build again
        return False
    try:
        files = json.loads(listed)
    except ValueError:
        return False
    if not isinstance(files, list) or not all(isinstance(f, str) for f in files):
        return False
    texts = []
    for file in files:
        text = _seed_text(project, file)
        if text is None:
            return False
        texts.append((file, text))
    return marker == with_reads(fingerprint, texts)


def with_reads(fingerprint: str, seeds) -> str:
    """The marker of a build: its input fingerprint combined with the seed files it read
    (anything with .file and .text, or (file, text) pairs), and the list of those files."""
    pairs = sorted((s.file, s.text) if hasattr(s, "file") else tuple(s) for s in seeds)
    digest = hashlib.sha256(fingerprint.encode())
    for file, text in pairs:
        digest.update(f"\0{file}\0".encode("utf-8", "surrogateescape"))
        digest.update(hashlib.sha256(text.encode("utf-8", "surrogatepass")).digest())
    return f"{digest.hexdigest()}\n{json.dumps([file for file, _ in pairs])}"


def read_files(site) -> tuple[str, ...]:
    """The files a build of site read beyond the input folders' own: its seed files, by project path."""
    return tuple(sorted({seed.file for seed in site.seeds}))


def _seed_text(project: Path, file: str) -> str | None:
    """A seed's text as a build reads it, or None when it cannot be read (the build will say why)."""
    from .seeds import SeedError, read_seed_text
    path = project / file
    if not layout.inside(project, path):
        return None
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)  # a FIFO put in its place must not hang the check
    except OSError:
        return None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
    finally:
        os.close(fd)
    try:
        return read_seed_text(path, file)
    except (SeedError, OSError):
        return None


def input_fingerprint(project: Path, code: str, *options) -> str:
    """A hash of the input folders (every file's name and bytes), the options and this generator's code.

    An input that cannot be read is a ContentError naming it (every one of them), so that a
    build says which file or folder to fix instead of failing half-way.
    """
    digest = hashlib.sha256(repr((code, *options)).encode())
    problems: list[Problem] = []
    for folder in layout.INPUT_FOLDERS:
        for path in _files(project, project / folder, problems):
            name = layout.shown(project, path)
            digest.update(f"\0{name}\0".encode("utf-8", "surrogateescape"))
            if not layout.inside(project, path):
                digest.update(b"\0outside\0" + os.fsencode(os.path.realpath(path)))  # refused by the build: never read
                continue
            try:
                _hash_file(path, digest)
            except OSError as exc:
                problems.append(_unreadable(name, exc, "file"))
    if problems:
        raise ContentError(problems)
    return digest.hexdigest()


def _files(project: Path, folder: Path, problems: list[Problem]) -> list[Path]:
    """The regular files under folder (symlinks to files followed, to folders not), editor litter left out."""
    found: list[Path] = []
    try:
        if not folder.is_dir():
            return found
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as exc:
        problems.append(_unreadable(layout.shown(project, folder), exc, "folder"))
        return found
    for entry in entries:
        if layout.is_litter(Path(entry.name)):
            continue
        path = Path(entry.path)
        try:
            if entry.is_dir(follow_symlinks=False):
                found.extend(_files(project, path, problems))
            elif entry.is_file():
                found.append(path)
        except OSError as exc:
            if exc.errno not in (errno.ELOOP, errno.ENOENT, errno.ENOTDIR):  # a link loop or a dangling link: no file, as for the build
                problems.append(_unreadable(layout.shown(project, path), exc, "file"))
    return found


def _hash_file(path: Path, digest) -> None:
    with open(path, "rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)


def _unreadable(name: str, exc: OSError, what: str) -> Problem:
    reason = "permission denied" if exc.errno in (errno.EACCES, errno.EPERM) else (exc.strerror or str(exc)).lower()
    fix = f"chmod u+r {name}" if what == "file" else f"chmod u+rx {name}"
    return Problem(Location(name), f"cannot read this {what} ({reason}); make it readable ({fix})")
