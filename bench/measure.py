"""Measuring one child process of the benchmark: wall time, CPU time, peak memory; output size.

Standard library only.
"""
from __future__ import annotations

import gzip
import os
import signal
import statistics
import subprocess
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

MIB = 1024 * 1024


@dataclass
class Run:
    seconds: float
    peak_mib: float
    ok: bool
    timed_out: bool = False
    note: str = ""
    cpu_seconds: float = 0.0  # user + system time of the child: robust when other work shares the cores
    load: float = 0.0  # the machine's 1-minute load average when the run started
    maxrss_mib: float = 0.0  # ru_maxrss: the largest single process of the build
    tree_peak_mib: float = 0.0  # the largest sum of the build's processes sampled together (4 per second)


PAGE = os.sysconf("SC_PAGE_SIZE")


def _group_pids(pgid: int) -> list[str]:
    pids = []
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                with open(f"/proc/{entry.name}/stat", "rb") as f:
                    fields = f.read().rsplit(b")", 1)[1].split()
                if int(fields[2]) == pgid:  # fields after "pid (comm)": state ppid pgrp ...
                    pids.append(entry.name)
            except (OSError, IndexError, ValueError):
                continue
    return pids


def _group_memory(pgid: int) -> int:
    """Memory of every process in the process group pgid, now, in bytes: the resident set of a
    lone process, or the sum of proportional set sizes (shared pages split between their users)
    when there are several, such as forked render workers sharing the parent's pages."""
    pids = _group_pids(pgid)
    total = 0
    for pid in pids:
        try:
            if len(pids) == 1:
                with open(f"/proc/{pid}/statm", "rb") as f:
                    total += int(f.read().split()[1]) * PAGE
            else:
                with open(f"/proc/{pid}/smaps_rollup", "rb") as f:
                    for line in f:
                        if line.startswith(b"Pss:"):
                            total += int(line.split()[1]) * 1024
                            break
        except (OSError, IndexError, ValueError):
            continue
    return total


def measure(cmd: list[str], cwd: Path, timeout: float | None, env: dict | None = None) -> Run:
    """Wall time, CPU time and peak memory of one child process and its children.

    Peak memory is the larger of ru_maxrss (from wait4: the largest single process) and the largest
    sum over all the build's processes sampled four times a second (a build that runs a helper, as
    ours runs Pagefind, holds both at once; forked workers share pages, counted once by PSS)."""
    log_path = cwd / ".bench-child.log"
    load = os.getloadavg()[0]
    with open(log_path, "wb") as log:
        started = time.perf_counter()
        child = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT,
                                 start_new_session=True)
        killed = threading.Event()

        def stop() -> None:
            try:
                os.killpg(child.pid, signal.SIGKILL)
                killed.set()
            except ProcessLookupError:  # it ended just now
                pass
        timer = threading.Timer(timeout, stop) if timeout else None
        if timer:
            timer.start()
        done, tree_peak = threading.Event(), [0]

        def sample() -> None:
            while not done.wait(0.25):
                tree_peak[0] = max(tree_peak[0], _group_memory(child.pid))
        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        _, status, usage = os.wait4(child.pid, 0)  # blocking: no polling load on the machine
        done.set()
        sampler.join()
        if timer:
            timer.cancel()
        timed_out = killed.is_set()
        seconds = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)
    output = log_path.read_text(errors="replace")
    log_path.unlink()
    ok = child.returncode == 0 and not timed_out
    note = "" if ok else ("timed out" if timed_out else f"exit {child.returncode}: {output.strip()[-2000:]}")
    maxrss, tree = usage.ru_maxrss / 1024, tree_peak[0] / MIB
    return Run(seconds, max(maxrss, tree), ok, timed_out, note, usage.ru_utime + usage.ru_stime, load, maxrss, tree)


def median(runs: list[Run]) -> float | None:
    good = [r.seconds for r in runs if r.ok]
    return statistics.median(good) if good else None


def heaviest_page(folder: Path) -> tuple[int, str]:
    """The heaviest HTML page under folder, gzipped at level 9 as the page-weight gate measures it
    (tests/browser/test_gate_weight.py, whose budget is 30 KiB with the files a page loads): (bytes, path)."""
    best = (0, "")
    for path in folder.rglob("*.html"):
        if path.is_file():
            size = len(gzip.compress(path.read_bytes(), compresslevel=9, mtime=0))
            best = max(best, (size, path.relative_to(folder).as_posix()))
    return best


def tree_size(folder: Path) -> tuple[int, int, int]:
    """(files, html pages, bytes) under folder, ignoring the tool's marker files."""
    files = pages = size = 0
    for path in folder.rglob("*"):
        if path.is_file() and not path.name.startswith(".explainer"):
            files += 1
            pages += path.suffix == ".html"
            size += path.stat().st_size
    return files, pages, size



@dataclass
class ToolResult:
    runs: list[Run] = field(default_factory=list)
    files: int = 0
    pages: int = 0
    bytes: int = 0
    heaviest_gzip: int = 0  # the heaviest HTML page, gzipped (see heaviest_page)
    heaviest_page: str = ""

    @property
    def median(self) -> float | None:
        return median(self.runs)

    @property
    def cpu_median(self) -> float | None:
        good = [r.cpu_seconds for r in self.runs if r.ok]
        return statistics.median(good) if good else None

    @property
    def peak_mib(self) -> float | None:
        good = [r.peak_mib for r in self.runs if r.ok]
        return max(good) if good else None

    @property
    def timed_out(self) -> bool:
        return any(r.timed_out for r in self.runs)

    def to_json(self) -> dict:
        return {"median_s": self.median, "cpu_median_s": self.cpu_median, "peak_mib": self.peak_mib,
                "timed_out": self.timed_out, "files": self.files, "pages": self.pages, "bytes": self.bytes,
                "heaviest_page_gzip": self.heaviest_gzip, "heaviest_page": self.heaviest_page,
                "runs": [asdict(r) for r in self.runs]}



def extra(run: Run) -> str:
    return f"{run.peak_mib:7.1f} MiB  cpu {run.cpu_seconds:7.2f} s  load {run.load:.1f}"


def secs(run: Run) -> str:
    if run.timed_out:
        return f"> {run.seconds:6.1f} s (timed out)"
    return f"{run.seconds:8.3f} s" if run.ok else "  failed"

