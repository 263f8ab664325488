"""Write a finished site: into a fresh folder beside the target, then swap it into place.

A failed or killed build never touches the previous output. Everything a build writes
before the swap, and the previous site after it, lives in one temporary folder of its own
beside the output, `.<out>-build-<pid>-<random>`, with a marker file inside naming it and
locked while the build runs. Only such a folder, whose marker proves this tool made it and
whose build is over (its process gone, its lock free), is ever removed by a later build;
a folder of any other name, or without that marker, is never touched.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import errno
import fcntl
import os
import re
import secrets
import shutil
import stat
from pathlib import Path

from .errors import OutputError, UsageError

MARKER = ".explainer-site"  # tells a folder this tool built (and may replace) from any other
BUILD_MARKER = ".explainer-build"  # inside a build's temporary folder: proves the tool made it
RENAME_EXCHANGE = 2
NAME_CHARS = 100  # of the output folder's name in its temporary folder's: a long name still leaves room


def check_output_folder(project: Path, out: Path, sources: tuple[str, ...]) -> None:
    """Refuse an output folder whose replacement would destroy something else."""
    target = resolved_output(out)
    root = project.resolve()
    home = Path.home().resolve()
    if target in (Path("/"), home) or target == root or target in root.parents:
        raise UsageError(f"refusing to write the site to {out}: it holds the project or more; use a folder such as site/")
    for folder in sources:
        source = (root / folder).resolve()
        if target == source or source in target.parents or target in source.parents:
            raise UsageError(f"refusing to write the site to {out}: it overlaps the input folder {folder}/; use a folder such as site/")
    try:
        if target.exists() and not target.is_dir():
            raise UsageError(f"refusing to write the site to {out}: it is a file, not a folder")
        if target.is_dir() and any(target.iterdir()) and not (target / MARKER).exists():
            raise UsageError(f"refusing to replace {out}: it is not empty and was not built by explainer; choose a new or empty folder")
    except OSError as exc:
        raise UsageError(f"cannot use {out} as the output folder: {_reason(exc)}; choose another folder") from None


def resolved_output(out: Path) -> Path:
    """out with every symlink followed; a usage error for a symlink loop or an impossible path."""
    try:
        return out.resolve()
    except RuntimeError:  # Python 3.11 reports a symlink loop so
        raise UsageError(f"cannot use {out} as the output folder: it leads into a symlink loop; remove the link or "
                         "choose another folder") from None
    except OSError as exc:
        raise UsageError(f"cannot use {out} as the output folder: {_reason(exc)}; choose another folder") from None


def _reason(exc: OSError) -> str:
    if exc.errno == errno.ELOOP:
        return "it leads into a symlink loop"
    return (exc.strerror or str(exc)).lower()


def built_from(out: Path) -> str:
    """What the marker of the build in out says (see fingerprint.up_to_date), or "" when unknown."""
    try:
        return (out / MARKER).read_text(encoding="utf-8").strip()
    except (OSError, ValueError):
        return ""


def write_site(files: dict[str, bytes], out: Path, finish=None, fingerprint: str = "") -> None:
    """Write every file into a temporary sibling of out, then swap it into place.

    finish(folder), when given, completes the new folder (pages, a search index) before the
    swap; fingerprint, what the build read, is kept in the folder's marker file.
    """
    out = out.resolve()
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        _remove_abandoned(out)
        work, lock = _make_build_folder(out)
    except OSError as exc:
        raise OutputError(f"could not write the site to {out}: {exc.strerror}; the previous site is unchanged") from None
    try:
        fresh = work / out.name
        fresh.mkdir()
        for path, data in sorted(files.items()):
            write_file(fresh, path, data)
        if finish:
            finish(fresh)
        (fresh / MARKER).write_text(fingerprint, encoding="utf-8")  # last: a partial folder has none
        fresh.chmod(0o755)
        _swap_into_place(fresh, out, work)
    except OSError as exc:
        raise OutputError(f"could not write the site to {out}: {exc.strerror}; the previous site is unchanged") from None
    finally:
        _remove_tree(work)
        os.close(lock)


def write_file(folder: Path, path: str, data: bytes) -> None:
    """Write one output file; "x" mode: one output path is never written twice."""
    target = folder / path
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target, "xb") as handle:
        handle.write(data)


def _build_folder_name(out: Path) -> re.Pattern:
    return re.compile(rf"\.{re.escape(out.name[:NAME_CHARS])}-build-(\d+)-[0-9a-f]{{8}}")


def _marker_text(folder_name: str) -> bytes:
    return f"explainer build folder\n{folder_name}\n".encode()


def _make_build_folder(out: Path) -> tuple[Path, int]:
    """A new private folder beside out, marked as ours and locked for as long as the build runs."""
    while True:
        work = out.parent / f".{out.name[:NAME_CHARS]}-build-{os.getpid()}-{secrets.token_hex(4)}"
        try:
            work.mkdir(mode=0o700)
            break
        except FileExistsError:
            continue
    try:
        lock = os.open(work / BUILD_MARKER, os.O_RDWR | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
    except OSError:
        work.rmdir()
        raise
    try:
        fcntl.flock(lock, fcntl.LOCK_EX)
    except OSError:
        pass  # no locks on this file system: the process id in the name still protects the folder
    try:
        os.write(lock, _marker_text(work.name))
    except OSError:
        _remove_tree(work)
        os.close(lock)
        raise
    return work, lock


def _swap_into_place(fresh: Path, out: Path, work: Path) -> None:
    """Atomically exchange fresh and out where the OS can; work ends up holding the old site."""
    if not out.exists():
        os.rename(fresh, out)
        return
    try:
        _exchange_or_rename(fresh, out, work)
    except PermissionError:
        # out itself is read-only: moving a folder to another parent rewrites its "..". It is the
        # site this tool built and is replacing, so make it writable (when it is ours) and try again.
        mode = out.stat().st_mode
        if mode & stat.S_IWUSR or out.stat().st_uid != os.geteuid():
            raise
        out.chmod(stat.S_IMODE(mode) | stat.S_IWUSR)
        try:
            _exchange_or_rename(fresh, out, work)
        except OSError:
            out.chmod(stat.S_IMODE(mode))
            raise


def _exchange_or_rename(fresh: Path, out: Path, work: Path) -> None:
    if _exchange(fresh, out):
        return
    old = work / "previous"
    os.rename(out, old)
    try:
        os.rename(fresh, out)
    except OSError:
        os.rename(old, out)
        raise


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders in one step (Linux renameat2); False where the OS cannot."""
    libc_name = ctypes.util.find_library("c")
    if not libc_name:
        return False
    libc = ctypes.CDLL(libc_name, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    at_fdcwd = -100
    if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP):  # this file system or kernel cannot exchange
        return False
    raise OSError(code, os.strerror(code), str(b))


def _remove_abandoned(out: Path) -> None:
    """Remove the temporary folders of builds into out that were killed: only folders with
    exactly our name pattern, holding our marker, whose process is gone and whose lock is free."""
    pattern = _build_folder_name(out)
    try:
        entries = list(os.scandir(out.parent))
    except OSError:
        return
    for entry in entries:
        match = pattern.fullmatch(entry.name)
        if not match or _alive(int(match.group(1))):
            continue
        try:
            if not entry.is_dir(follow_symlinks=False):
                continue
            fd = os.open(os.path.join(entry.path, BUILD_MARKER), os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
        except OSError:
            continue
        try:
            if not stat.S_ISREG(os.fstat(fd).st_mode) or os.read(fd, 4096) != _marker_text(entry.name):
                continue
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                continue  # a build still holds it
            except OSError:
                pass  # no locks on this file system: the process is gone, as checked above
            _remove_tree(Path(entry.path))
        except OSError:
            continue
        finally:
            os.close(fd)


def _remove_tree(folder: Path) -> None:
    """Remove one of our own temporary folders, even when it holds a site made read-only."""
    shutil.rmtree(folder, ignore_errors=True)
    if not os.path.lexists(folder):
        return
    _make_writable(folder)
    shutil.rmtree(folder, ignore_errors=True)


def _make_writable(folder: Path) -> None:
    try:
        os.chmod(folder, stat.S_IMODE(os.lstat(folder).st_mode) | stat.S_IRWXU)
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        try:
            if entry.is_dir(follow_symlinks=False):
                _make_writable(Path(entry.path))
        except OSError:
            continue


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True
    return True
