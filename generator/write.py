"""Write a finished site: into a fresh folder beside the target, then swap it into place.

A failed or killed build never touches the previous output.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import os
import re
import shutil
import tempfile
from pathlib import Path

from .errors import OutputError, UsageError

MARKER = ".explainer-site"  # tells a folder this tool built (and may replace) from any other
RENAME_EXCHANGE = 2


def check_output_folder(project: Path, out: Path, sources: tuple[str, ...]) -> None:
    """Refuse an output folder whose replacement would destroy something else."""
    target = out.resolve()
    root = project.resolve()
    home = Path.home().resolve()
    if target in (Path("/"), home) or target == root or target in root.parents:
        raise UsageError(f"refusing to write the site to {out}: it holds the project or more; use a folder such as site/")
    for folder in sources:
        source = (root / folder).resolve()
        if target == source or source in target.parents or target in source.parents:
            raise UsageError(f"refusing to write the site to {out}: it overlaps the input folder {folder}/; use a folder such as site/")
    if target.exists() and not target.is_dir():
        raise UsageError(f"refusing to write the site to {out}: it is a file, not a folder")
    if target.is_dir() and any(target.iterdir()) and not (target / MARKER).exists():
        raise UsageError(f"refusing to replace {out}: it is not empty and was not built by explainer; choose a new or empty folder")


def built_from(out: Path) -> str:
    """The input fingerprint of the build in out, or "" when unknown."""
    try:
        return (out / MARKER).read_text(encoding="ascii").strip()
    except (OSError, ValueError):
        return ""


def write_site(files: dict[str, bytes], out: Path, finish=None, fingerprint: str = "") -> None:
    """Write every file into a temporary sibling of out, then swap it into place.

    finish(folder), when given, completes the new folder (pages, a search index) before the
    swap; fingerprint, the hash of the inputs, is kept in the folder's marker file.
    """
    out = out.resolve()
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        _remove_abandoned(out)
        fresh = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-{os.getpid()}-", dir=out.parent))
    except OSError as exc:
        raise OutputError(f"could not write the site to {out}: {exc.strerror}; the previous site is unchanged") from None
    try:
        for path, data in sorted(files.items()):
            write_file(fresh, path, data)
        if finish:
            finish(fresh)
        (fresh / MARKER).write_text(fingerprint, encoding="ascii")  # last: a partial folder has none
        fresh.chmod(0o755)
        _swap_into_place(fresh, out)
    except OSError as exc:
        raise OutputError(f"could not write the site to {out}: {exc.strerror}; the previous site is unchanged") from None
    finally:
        shutil.rmtree(fresh, ignore_errors=True)


def write_file(folder: Path, path: str, data: bytes) -> None:
    """Write one output file; "x" mode: one output path is never written twice."""
    target = folder / path
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target, "xb") as handle:
        handle.write(data)


def _swap_into_place(fresh: Path, out: Path) -> None:
    """Atomically exchange fresh and out where the OS can; fresh ends up holding the old site."""
    if not out.exists():
        os.rename(fresh, out)
        return
    if _exchange(fresh, out):
        return
    old = out.with_name(f".{out.name}.old-{os.getpid()}")
    os.rename(out, old)
    os.rename(fresh, out)
    shutil.rmtree(old, ignore_errors=True)


def _exchange(a: Path, b: Path) -> bool:
    libc_name = ctypes.util.find_library("c")
    if not libc_name:
        return False
    libc = ctypes.CDLL(libc_name, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    at_fdcwd = -100
    return renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), RENAME_EXCHANGE) == 0


def _remove_abandoned(out: Path) -> None:
    """Temporary folders left by builds that were killed."""
    for leftover in out.parent.glob(f".{out.name}.*-*"):
        match = re.match(rf"\.{re.escape(out.name)}\.(?:new|old)-(\d+)", leftover.name)
        if match and not _alive(int(match.group(1))):
            shutil.rmtree(leftover, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
