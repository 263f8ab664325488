"""Build benchmark: a synthetic explainer of N seeds, built cold and rebuilt, optionally side by
side with Hugo, Pelican and MkDocs building the same N articles.

    python bench/run.py                               # N = 1, 100, 1000, 5000
    python bench/run.py --sizes 1,100,1000 --with-peers --json bench.json
    python bench/run.py --emit /tmp/synthetic --size 1000 [--with-peers]
    python bench/run.py --sizes 1000 --cold-only --profile /tmp/cold-1000.prof
    python bench/run.py --sizes 1000 --commit HEAD~1   # generator/ and templates/ of a commit
    python bench/run.py --report bench.json more.json  # the tables again, from saved results

Standard library only, plus the project's own package (this repository's generator/, copied
into the scratch folder when a run starts). It runs
with the repository's .venv (`make test` creates it), re-executing itself with .venv/bin/python
when started by another Python. Everything it writes goes under --scratch
(default /tmp/bench-scratch), never into the repository. See bench/README.md.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import textwrap
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BENCH = Path(__file__).resolve().parent
DEPENDENCIES = ("jinja2", "markdown", "yaml", "nh3")


def _ensure_interpreter() -> None:
    """Run under the repository's .venv (which `make test` creates with every dependency of the
    project, Pagefind's binary included) whenever it exists; otherwise check this Python."""
    import importlib.util
    venv_python = REPO / ".venv" / "bin" / "python"
    if venv_python.exists() and Path(sys.prefix).resolve() != (REPO / ".venv").resolve() \
            and not os.environ.get("BENCH_REEXEC"):
        os.environ["BENCH_REEXEC"] = "1"
        os.execv(str(venv_python), [str(venv_python), *sys.argv])
    missing = [m for m in DEPENDENCIES if not importlib.util.find_spec(m)]
    if missing:
        sys.exit(f"bench: this Python lacks {', '.join(missing)}; run `make test` (creates .venv) "
                 f"and then `.venv/bin/python bench/run.py`")


sys.path.insert(0, str(BENCH))
import peers as peer_setup  # noqa: E402
import synth  # noqa: E402

MIB = 1024 * 1024


# --- measuring one child process ------------------------------------------------------------

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


def tree_size(folder: Path) -> tuple[int, int, int]:
    """(files, html pages, bytes) under folder, ignoring the tool's marker files."""
    files = pages = size = 0
    for path in folder.rglob("*"):
        if path.is_file() and not path.name.startswith(".explainer"):
            files += 1
            pages += path.suffix == ".html"
            size += path.stat().st_size
    return files, pages, size


# --- our builds -----------------------------------------------------------------------------

INPUTS = ("content", "seeds", "templates")
XDG_CACHE = ".xdg-cache"
SOURCE = REPO  # where the children import generator/ from; main() points it at a snapshot
TEMPLATES = REPO / "templates"


@dataclass(frozen=True)
class Variant:
    key: str  # "ours", "ours_no_search"
    label: str
    args: tuple[str, ...] = ()


def snapshot_sources(scratch: Path, commit: str | None = None) -> dict:
    """Copy generator/ and templates/ as they are now (or as they are at commit), so that edits
    made to the repository while the benchmark runs cannot mix two versions into one set of results."""
    global SOURCE, TEMPLATES
    import hashlib
    snap = scratch / "snapshot"
    shutil.rmtree(snap, ignore_errors=True)
    if commit:
        snap.mkdir(parents=True)
        archive = subprocess.run(["git", "-C", str(REPO), "archive", "--format=tar", commit, "generator", "templates"],
                                 capture_output=True, check=True).stdout
        subprocess.run(["tar", "-x", "-C", str(snap)], input=archive, check=True)
    else:
        ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
        shutil.copytree(REPO / "generator", snap / "generator", ignore=ignore)
        shutil.copytree(REPO / "templates", snap / "templates", ignore=ignore)
    digest = hashlib.sha256()
    for path in sorted(p for p in snap.rglob("*") if p.is_file()):
        digest.update(path.relative_to(snap).as_posix().encode() + b"\0" + path.read_bytes())
    SOURCE, TEMPLATES = snap, snap / "templates"
    return {"snapshot": str(snap), "sha256": digest.hexdigest()[:16]}


def child_env(scratch: Path | None = None) -> dict:
    """The children import generator/ from the snapshot; a cache kept under XDG_CACHE_HOME
    goes into the scratch folder, where a cold build removes it."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(SOURCE), *filter(None, [env.get("PYTHONPATH")])])
    if scratch is not None:
        env["XDG_CACHE_HOME"] = str(scratch / XDG_CACHE)
    return env


def variants() -> list[Variant]:
    """Our default build and, where the CLI offers it, the build without the search index
    (the peers' pages have none, but for MkDocs' default search plugin)."""
    found = [Variant("ours", "explainer")]
    helptext = subprocess.run([sys.executable, "-m", "generator", "build", "--help"], capture_output=True,
                              text=True, env=child_env()).stdout
    if "--no-search" in helptext:
        found.append(Variant("ours_no_search", "explainer --no-search", ("--no-search",)))
    return found


def our_command(project: Path, out: Path, extra: tuple[str, ...] = ()) -> list[str]:
    return [sys.executable, "-m", "generator", "--project", str(project), "build", "--out", str(out), *extra]


def make_cold(project: Path, out: Path) -> None:
    """Remove the output and anything else the generator may have left in the project (a cache)."""
    shutil.rmtree(out, ignore_errors=True)
    shutil.rmtree(out.parent / XDG_CACHE, ignore_errors=True)
    for leftover in out.parent.glob(f".{out.name}.*"):
        shutil.rmtree(leftover, ignore_errors=True)
    for entry in project.iterdir():
        if entry.name not in INPUTS and not entry.name.startswith(".bench"):
            shutil.rmtree(entry) if entry.is_dir() else entry.unlink()


ANNOTATION = re.compile(r'^(    body: ")(?:Edited \d+\. )?', re.M)


def edit_annotation(project: Path, k: int) -> None:
    """Change the text of one event of seed 1 (a Markdown field): one annotation edit."""
    path = project / "content" / "explainers" / synth.EXPLAINER / "seeds" / "seed-00001.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(ANNOTATION.sub(rf"\g<1>Edited {k}. ", text, count=1), encoding="utf-8")


TEMPLATE_EDIT = re.compile(r"\{# bench edit \d+ #\}\n$")


def edit_template(project: Path, k: int) -> None:
    """A harmless change to templates/base.html: a Jinja comment at its end."""
    path = project / "templates" / "base.html"
    text = TEMPLATE_EDIT.sub("", path.read_text(encoding="utf-8"))
    path.write_text(text + f"{{# bench edit {k} #}}\n", encoding="utf-8")


# The preview server's own rebuild, as generator/serve.py sets it up (serve.preview_build: one renderer
# and page cache for the session, no search index, drafts shown, no worker processes), with fallbacks
# for older versions.
IN_PROCESS = textwrap.dedent("""
    import functools, inspect, json, sys, time
    from pathlib import Path
    sys.path[:0] = [{source!r}, {bench!r}]
    from generator import build as build_module
    import run
    project, out = Path({project!r}), Path({out!r})
    params = inspect.signature(build_module.build).parameters
    kwargs = {{}}
    if "search" in params:
        kwargs["search"] = False
    if "drafts" in params:
        kwargs["drafts"] = True
    if "jobs" in params:
        kwargs["jobs"] = 1                 # the server renders in its own process
    if "renderer" in params:
        from generator.render import Renderer
        try:
            kwargs["renderer"] = Renderer(project / "templates", preview=True)
        except TypeError:
            kwargs["renderer"] = Renderer(project / "templates")
    build = functools.partial(build_module.build, **kwargs)
    try:
        from generator.serve import preview_build
        build = preview_build(project)
    except ImportError:
        pass
    try:
        from generator.serve import Preview, input_snapshot
        preview = Preview(project, build, log=lambda *a: None)
        def rebuild():
            outcome = preview.rebuild()
            if outcome.folder is None:
                raise SystemExit("preview rebuild failed: " + "; ".join(outcome.problems[:3]))
    except ImportError:
        input_snapshot = lambda project: None
        count = [0]
        def rebuild():
            count[0] += 1
            build(project, out / f"build-{{count[0]}}")
    rebuild()                              # the first build of the session
    times = []
    for k in range({runs}):
        run.edit_annotation(project, 1000 + k)
        started = time.perf_counter()
        input_snapshot(project)            # how the server notices the change ...
        rebuild()                          # ... and its rebuild into a fresh folder
        times.append(time.perf_counter() - started)
    try:
        preview.close()
    except NameError:
        pass
    Path({result!r}).write_text(json.dumps(times))
""")


def in_process_edit(project: Path, scratch: Path, runs: int, timeout: float | None) -> tuple[Run, list[float]]:
    """From an annotation edit to updated files, in one warm process, as the preview server does it."""
    out = scratch / "in-process"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    result_file = scratch / ".bench-in-process.json"
    result_file.unlink(missing_ok=True)
    code = IN_PROCESS.format(source=str(SOURCE), bench=str(BENCH), project=str(project), out=str(out),
                             runs=runs, result=str(result_file))
    script = scratch / ".bench-in-process.py"
    script.write_text(code)
    run = measure([sys.executable, str(script)], scratch, timeout, child_env(scratch))
    times = json.loads(result_file.read_text()) if run.ok and result_file.exists() else []
    for p in (script, result_file):
        p.unlink(missing_ok=True)
    shutil.rmtree(out, ignore_errors=True)
    return run, times


# --- one size -------------------------------------------------------------------------------

@dataclass
class ToolResult:
    runs: list[Run] = field(default_factory=list)
    files: int = 0
    pages: int = 0
    bytes: int = 0

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
                "runs": [asdict(r) for r in self.runs]}


def bench_size(n: int, args, scratch_root: Path, venv: Path | None, hugo: str | None,
               our_variants: list[Variant], log) -> dict:
    scratch = scratch_root / f"n{n}"
    scratch.mkdir(parents=True, exist_ok=True)
    project, out = scratch / "explainer", scratch / "explainer-site"
    also = " and the peers' projects" if args.with_peers else ""
    log(f"\n== N = {n}: writing the synthetic project{also} into {scratch}")
    started = time.perf_counter()
    if project.exists():
        shutil.rmtree(project)
    info = synth.write_project(project, n, TEMPLATES)
    peer_list = []
    if args.with_peers:
        peer_setup.write_projects(scratch, n)
        peer_list = peer_setup.peers(scratch, venv, hugo)
    log(f"   written in {time.perf_counter() - started:.1f} s: {info['words_per_seed']:.0f} words a seed, "
        f"{info['seed_spans']:,} seed spans")
    timeout = args.timeout or None
    env = child_env(scratch)

    ours = {v.key: ToolResult() for v in our_variants}
    others = {p.name: ToolResult() for p in peer_list}

    def slow() -> bool:  # our build is slow: one cold run of it says enough
        return any(r.seconds > args.single_run_over for t in ours.values() for r in t.runs)

    for k in range(args.runs):  # alternating: ours, hugo, pelican, mkdocs, ours, ...
        for v in reversed(our_variants):  # the default last: the rebuilds below start from its output
            result = ours[v.key]
            if result.timed_out or (slow() and any(r.ok for r in result.runs)):
                continue
            make_cold(project, out)
            run = measure(our_command(project, out, v.args), scratch, timeout, env)
            result.runs.append(run)
            log(f"   cold build {k + 1}/{args.runs}  {v.label:22} {_secs(run)}  {_extra(run)}"
                + (f"  ({run.note[:300]})" if not run.ok and not run.timed_out else ""))
            if run.note.startswith(("exit 1:", "exit 2:")):  # a content or usage error: a bug here
                raise SystemExit(f"bench: our build failed at N={n}:\n{run.note}")
            if run.ok:
                result.files, result.pages, result.bytes = tree_size(out)
        for peer in peer_list:
            result = others[peer.name]
            if result.timed_out:
                continue
            peer_out = scratch / f"{peer.name}-site"
            shutil.rmtree(peer_out, ignore_errors=True)
            for folder in peer.cleanup:
                shutil.rmtree(peer.project / folder, ignore_errors=True)
            run = measure(peer.build_command(peer_out), peer.project, timeout)
            result.runs.append(run)
            log(f"   cold build {k + 1}/{args.runs}  {peer.name:22} {_secs(run)}  {_extra(run)}"
                + (f"  ({run.note[:300]})" if not run.ok and not run.timed_out else ""))
            if run.ok:
                result.files, result.pages, result.bytes = tree_size(peer_out)
        if slow() and not peer_list:
            break

    rebuilds: dict[str, ToolResult] = {}
    in_process: dict = {}
    default = our_variants[0]  # the default build where it is timed, else `build --no-search`
    last = ours[default.key].runs[-1] if ours[default.key].runs else None
    if last and last.ok and not args.cold_only:
        reps = 1 if slow() else args.runs
        for name, action in (("nothing_changed", None), ("annotation_edit", edit_annotation),
                             ("template_edit", edit_template)):
            result = rebuilds[name] = ToolResult()
            for k in range(reps):
                if action:
                    action(project, k + 1)
                run = measure(our_command(project, out, default.args), scratch, timeout, env)
                result.runs.append(run)
                log(f"   rebuild, {name.replace('_', ' '):16} {k + 1}/{reps}  {_secs(run)}  {_extra(run)}")
                if not run.ok:
                    break
        run, times = in_process_edit(project, scratch, reps, (timeout * (reps + 1)) if timeout else None)
        in_process = {"ok": run.ok, "note": run.note, "times_s": times,
                      "median_s": statistics.median(times) if times else None, "peak_mib": run.peak_mib}
        log("   preview (in-process) rebuild after an annotation edit: "
            + (", ".join(f"{t:.3f} s" for t in times) if times else run.note[:300]))
    if args.profile and n == max(args.sizes):
        profile(project, scratch, args.profile, our_variants[0], log)
    if not args.keep:
        for folder in [out, *(scratch / f"{p.name}-site" for p in peer_list)]:
            shutil.rmtree(folder, ignore_errors=True)
    return {"n": n, "synthetic": info, **{k: v.to_json() for k, v in ours.items()},
            "variants": [asdict(v) for v in our_variants],
            "rebuilds": {k: v.to_json() for k, v in rebuilds.items()}, "in_process_annotation_edit": in_process,
            "peers": {k: v.to_json() for k, v in others.items()}}


def _extra(run: Run) -> str:
    return f"{run.peak_mib:7.1f} MiB  cpu {run.cpu_seconds:7.2f} s  load {run.load:.1f}"


def _secs(run: Run) -> str:
    if run.timed_out:
        return f"> {run.seconds:6.1f} s (timed out)"
    return f"{run.seconds:8.3f} s" if run.ok else "  failed"


# --- profile --------------------------------------------------------------------------------

def profile(project: Path, scratch: Path, prof: Path, variant: Variant, log) -> None:
    """A cold build under cProfile; prints where the time goes in generator/ and overall."""
    out = scratch / "explainer-site"
    make_cold(project, out)
    prof = prof.resolve()
    # One process (os.cpu_count() -> 1, so no render workers), or the workers' time would be missing.
    runner = scratch / ".bench-profile-runner.py"
    runner.write_text("import os, sys\nos.cpu_count = lambda: 1\nfrom generator.cli import run\n"
                      "sys.argv[0] = 'explainer'\nrun()\n")
    cmd = [sys.executable, "-m", "cProfile", "-o", str(prof), str(runner), "--project", str(project),
           "build", "--out", str(out), *variant.args]
    log(f"\n== cProfile of a cold `{variant.label}` at N = {project.parent.name[1:]}, in one process, into {prof}")
    run = measure(cmd, scratch, None, child_env(scratch))
    if not run.ok:
        log(f"   profile run failed: {run.note}")
        return
    runner.unlink(missing_ok=True)
    log(f"   {run.seconds:.1f} s under the profiler")
    print_profile(prof, log)


def print_profile(prof: Path, log, limit: int = 25) -> None:
    import io
    import pstats
    for title, key, restrict in (("our code, by cumulative time", "cumulative", str(SOURCE / "generator")),
                                 ("everything, by own time", "tottime", "")):
        buffer = io.StringIO()
        stats = pstats.Stats(str(prof), stream=buffer).strip_dirs() if not restrict else pstats.Stats(str(prof), stream=buffer)
        stats.sort_stats(key).print_stats(*([re.escape(restrict)] if restrict else []), limit)
        lines = buffer.getvalue().splitlines()
        start = next((i for i, text in enumerate(lines) if text.lstrip().startswith("ncalls")), 0)
        log(f"\n   {title}:")
        for line in lines[start:start + limit + 1]:
            log("   " + line.replace(str(SOURCE) + "/", "").replace(str(REPO) + "/", ""))


# --- report ---------------------------------------------------------------------------------

def machine() -> dict:
    info = {"python": platform.python_version(), "platform": platform.platform(), "cores": os.cpu_count()}
    try:
        cpu = Path("/proc/cpuinfo").read_text()
        info["cpu"] = re.search(r"model name\s*:\s*(.*)", cpu).group(1).strip()
        mem = Path("/proc/meminfo").read_text()
        info["memory_gib"] = round(int(re.search(r"MemTotal:\s*(\d+)", mem).group(1)) / 1024 / 1024, 1)
        osr = Path("/etc/os-release").read_text()
        info["os"] = re.search(r'PRETTY_NAME="?([^"\n]*)', osr).group(1)
    except (OSError, AttributeError):
        pass
    return info


def git_state(commit: str | None = None) -> dict:
    def git(*a):
        return subprocess.run(["git", "-C", str(REPO), *a], capture_output=True, text=True).stdout.strip()
    if commit:
        return {"commit": git("rev-parse", "--short", commit), "generator_or_templates_modified": False}
    dirty = git("status", "--porcelain", "--", "generator", "templates")
    return {"commit": git("rev-parse", "--short", "HEAD"), "generator_or_templates_modified": bool(dirty)}


def _fmt_s(value: float | None, timed_out: bool = False, timeout: float | None = None) -> str:
    if timed_out:
        return f"> {timeout:.0f} s" if timeout else "timed out"
    if value is None:
        return "–"
    if value < 1:
        return f"{value * 1000:.0f} ms"
    return f"{value:.2f} s" if value < 100 else f"{value:.0f} s"


def _fmt_mib(value: float | None) -> str:
    return "–" if value is None else f"{value:.0f} MiB"


def _ratio(a: float | None, b: float | None) -> str:
    if not a or not b:
        return "–"
    return f"{a / b:.2f}×" if a / b < 10 else f"{a / b:.0f}×"


def _variants(r: dict) -> list[tuple[str, str]]:
    return [(v["key"], v["label"]) for v in r.get("variants", [{"key": "ours", "label": "explainer"}])]


def _peak(t: dict) -> str:
    if t["timed_out"]:
        return f"≥ {max(x['peak_mib'] for x in t['runs']):.0f} MiB"
    return _fmt_mib(t["peak_mib"])


def markdown(results: list[dict], meta: dict, timeout: float | None) -> str:
    lines = []
    m = meta["machine"]
    lines.append(f"Machine: {m.get('cpu', '?')}, {m.get('cores')} cores, {m.get('memory_gib', '?')} GiB, "
                 f"{m.get('os', m.get('platform'))}, Python {m['python']}"
                 + "".join(f", {k} {v}" for k, v in meta["versions"].items())
                 + f"; explainer at {meta['git']['commit']}"
                 + (" (with uncommitted changes)" if meta["git"]["generator_or_templates_modified"] else "") + ".")
    lines.append("")
    lines.append("| N seeds | build | pages | output | cold build | CPU | per seed | per page | peak memory "
                 "| rebuild, nothing changed | after 1 annotation edit | after 1 template edit "
                 "| preview: annotation edit to updated files |")
    lines.append("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in results:
        n = r["n"]
        for i, (key, label) in enumerate(_variants(r)):
            o = r[key]
            cold = o["median_s"]
            row = [f"{n:,}", f"`{label}`", f"{o['pages']:,}" if o["pages"] else "–",
                   f"{o['bytes'] / MIB:.1f} MiB" if o["bytes"] else "–",
                   _fmt_s(cold, o["timed_out"], timeout), _fmt_s(o["cpu_median_s"]),
                   _fmt_s(cold / n if cold else None), _fmt_s(cold / o["pages"] if cold and o["pages"] else None),
                   _peak(o)]
            for name in ("nothing_changed", "annotation_edit", "template_edit"):
                x = r["rebuilds"].get(name) if i == 0 else None
                row.append(_fmt_s(x["median_s"], x["timed_out"], timeout) if x else "–")
            ip = r["in_process_annotation_edit"] if i == 0 else None
            row.append(_fmt_s(ip.get("median_s")) if ip else "–")
            lines.append("| " + " | ".join(row) + " |")
    with_peers = [r for r in results if r["peers"]]
    if with_peers:
        ours = _variants(with_peers[0])
        lines.append("")
        lines.append("| N | tool | cold build (median) | CPU | peak memory | pages | output | "
                     + " | ".join(f"`{label}` ÷ tool, time" for _, label in ours) + f" | `{ours[0][1]}` ÷ tool, memory |")
        lines.append("|---:|---|---:|---:|---:|---:|---:|" + "---:|" * (len(ours) + 1))
        for r in with_peers:
            for name, t in [*((f"`{label}`", r[key]) for key, label in ours), *r["peers"].items()]:
                mine = name.startswith("`")
                cells = [f"{r['n']:,}", name, _fmt_s(t["median_s"], t["timed_out"], timeout), _fmt_s(t["cpu_median_s"]),
                         _peak(t), f"{t['pages']:,}" if t["pages"] else "–",
                         f"{t['bytes'] / MIB:.1f} MiB" if t["pages"] else "–"]
                for key, _ in ours:
                    o = r[key]
                    if mine:
                        cells.append("")
                    elif o["timed_out"]:
                        cells.append("> " + _ratio(timeout, t["median_s"]))
                    else:
                        cells.append(_ratio(o["median_s"], t["median_s"]))
                cells.append("" if mine else _ratio(r[ours[0][0]]["peak_mib"], t["peak_mib"]))
                lines.append("| " + " | ".join(cells) + " |")
    lines.append("")
    lines.extend(targets(results, timeout))
    return "\n".join(lines)


def targets(results: list[dict], timeout: float | None) -> list[str]:
    """The targets of issue 7, at N = 1,000, met or not."""
    by_n = {r["n"]: r for r in results}
    r = by_n.get(1000)
    if not r:
        return []

    def verdict(ok):
        return "met" if ok else "**missed**"
    out = ["Targets of issue 7 at N = 1,000:", ""]
    for key, label in _variants(r):
        o = r[key]
        cold = o["median_s"] if not o["timed_out"] else None
        lower = timeout if o["timed_out"] else None  # a lower bound for a build that timed out
        mine = cold or lower
        if not mine:
            continue
        hugo = r["peers"].get("hugo", {}).get("median_s")
        if hugo:
            ratio = mine / hugo
            out.append(f"- `{label}`: cold build ≤ 1.5× Hugo: {'> ' if lower else ''}{ratio:.1f}× Hugo "
                       f"({_fmt_s(mine)} vs {_fmt_s(hugo)}), {verdict(cold and ratio <= 1.5)}")
        for peer in ("mkdocs", "pelican"):
            t = r["peers"].get(peer, {}).get("median_s")
            if t:
                speedup = t / mine
                out.append(f"- `{label}`: ≥ 3× faster than {peer}: {'< ' if lower else ''}{speedup:.2f}× "
                           f"({_fmt_s(mine)} vs {_fmt_s(t)}), {verdict(cold and speedup >= 3)}")
        peak = o["peak_mib"] if not o["timed_out"] else max(x["peak_mib"] for x in o["runs"])
        out.append(f"- `{label}`: peak memory ≤ 250 MiB: {'≥ ' if o['timed_out'] else ''}{peak:.0f} MiB, "
                   f"{verdict(not o['timed_out'] and peak <= 250)}")
    nothing = r["rebuilds"].get("nothing_changed", {}).get("median_s")
    out.append(f"- rebuild with nothing changed ≤ 0.3 s: {_fmt_s(nothing) if nothing else 'not measured'}"
               + (f", {verdict(nothing <= 0.3)}" if nothing else ""))
    ip = (r.get("in_process_annotation_edit") or {}).get("median_s")
    out.append(f"- preview, annotation edit to updated files ≤ 100 ms: {_fmt_s(ip) if ip else 'not measured'}"
               + (f", {verdict(ip <= 0.1)}" if ip else ""))
    big = by_n.get(5000)
    if big:
        for key, label in _variants(r):
            o, b = r[key], big.get(key)
            if b and b["median_s"] and o["median_s"]:
                t, mem = b["median_s"] / o["median_s"], b["peak_mib"] / o["peak_mib"]
                cpu = b["cpu_median_s"] / o["cpu_median_s"] if b.get("cpu_median_s") and o.get("cpu_median_s") else None
                out.append(f"- `{label}`: linear growth 1,000 → 5,000 (5× the seeds, within 10%): time {t:.1f}×"
                           + (f" (CPU {cpu:.1f}×)" if cpu else "") + f", memory {mem:.1f}×, {verdict(t <= 5.5 and mem <= 5.5)}")
            elif b:
                out.append(f"- `{label}`: linear growth 1,000 → 5,000: not measured (a build did not finish)")
    return out


# --- main -----------------------------------------------------------------------------------

def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--sizes", default="1,100,1000,5000", help="seed counts to benchmark (default: 1,100,1000,5000)")
    p.add_argument("--with-peers", action="store_true",
                   help="also build the same articles with Hugo, Pelican and MkDocs, alternating runs")
    p.add_argument("--runs", type=int, default=3, help="cold builds per tool, alternating (default: 3; median)")
    p.add_argument("--timeout", type=float, default=180,
                   help="seconds after which one build is stopped and reported as > TIMEOUT (default: 180; 0: none)")
    p.add_argument("--single-run-over", type=float, default=20, metavar="SECONDS",
                   help="once one of our cold builds takes longer than this, our builds at that size run once "
                        "each, and so does each rebuild; the peers keep --runs (default: 20)")
    p.add_argument("--cold-only", action="store_true", help="skip the rebuild measurements")
    p.add_argument("--builds", default="default,no-search", metavar="LIST",
                   help="which of our builds to time: default (`build`), no-search (`build --no-search`, "
                        "where the CLI has it); rebuilds use the default (default: default,no-search)")
    p.add_argument("--scratch", type=Path, default=Path("/tmp/bench-scratch"),
                   help="where projects, builds and the peers' venv go (default: /tmp/bench-scratch)")
    p.add_argument("--json", type=Path, help="also write the results as JSON to this file")
    p.add_argument("--profile", type=Path, metavar="FILE",
                   help="after the largest size, profile one cold build with cProfile into FILE and summarise it")
    p.add_argument("--commit", metavar="REV",
                   help="benchmark generator/ and templates/ as they are at this commit (default: the working tree)")
    p.add_argument("--keep", action="store_true", help="keep the built sites in the scratch folder")
    p.add_argument("--emit", type=Path, metavar="DIR",
                   help="only write the synthetic project for --size seeds into DIR (with --with-peers, "
                        "also DIR-hugo, DIR-pelican, DIR-mkdocs)")
    p.add_argument("--size", type=int, help="seed count for --emit")
    p.add_argument("--report", type=Path, nargs="+", metavar="JSON",
                   help="only print the tables for results saved with --json (several files are merged, "
                        "later ones winning for the same N)")
    args = p.parse_args(argv)
    try:
        args.sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    except ValueError:
        p.error("--sizes takes numbers separated by commas, e.g. 1,100,1000")
    if any(n < 1 for n in args.sizes) or args.runs < 1:
        p.error("sizes and --runs must be at least 1")
    if args.emit and not args.size:
        p.error("--emit needs --size N")
    return args


def emit(args) -> int:
    target = args.emit.resolve()
    if target == REPO or REPO in target.parents:
        sys.exit("bench: --emit writes outside the repository; choose a folder such as /tmp/synthetic")
    if target.exists() and any(target.iterdir()) and not (target / ".bench-synthetic").exists():
        sys.exit(f"bench: {target} is not empty; choose a new or empty folder")
    if target.exists():
        shutil.rmtree(target)
    info = synth.write_project(target, args.size, REPO / "templates")
    (target / ".bench-synthetic").write_text(json.dumps(info) + "\n")
    print(f"wrote a synthetic explainer of {args.size:,} seeds ({info['words_per_seed']:.0f} words each, "
          f"{info['seed_spans']:,} seed spans) into {target}")
    print(f"build it with: python -m generator --project {target} build --out {target}-site")
    if args.with_peers:
        staging = target.parent / f".{target.name}-peers"
        paths = peer_setup.write_projects(staging, args.size)
        for name, path in paths.items():
            dest = target.parent / f"{target.name}-{name}"
            shutil.rmtree(dest, ignore_errors=True)
            shutil.move(str(path), dest)
            print(f"wrote the same articles as a {name} project into {dest}")
        shutil.rmtree(staging, ignore_errors=True)
    return 0


def report(paths: list[Path]) -> int:
    meta, by_n = None, {}
    for path in paths:
        saved = json.loads(path.read_text())
        meta = meta or saved
        for r in saved["results"]:  # a later file wins for what it measured
            if r["n"] not in by_n:
                by_n[r["n"]] = dict(r)
                continue
            old = by_n[r["n"]]
            for key, value in r.items():
                if value in ({}, [], None):
                    continue
                old[key] = {**old.get(key, {}), **value} if key == "peers" else value
    timeout = (meta.get("settings") or {}).get("timeout_s")
    print(markdown([by_n[n] for n in sorted(by_n)], meta, timeout))
    return 0


def main(argv=None) -> int:
    args = parse_args(argv)
    if args.report:
        return report(args.report)
    if args.emit:
        return emit(args)
    _ensure_interpreter()
    scratch = args.scratch.resolve()
    if scratch == REPO or REPO in scratch.parents:
        sys.exit("bench: --scratch must be outside the repository")
    scratch.mkdir(parents=True, exist_ok=True)

    def log(line: str) -> None:
        print(line, file=sys.stderr, flush=True)

    venv = hugo = None
    if args.with_peers:
        hugo = peer_setup.find_hugo()
        if not hugo:
            log("bench: hugo not found; install it with `apt-get install -y hugo` (Debian). Hugo is left out.")
        venv = peer_setup.ensure_venv(scratch, log)
    meta = {"machine": machine(), "git": {**git_state(args.commit), **snapshot_sources(scratch, args.commit)},
            "versions": peer_setup.versions(venv, hugo),
            "settings": {"sizes": args.sizes, "runs": args.runs, "timeout_s": args.timeout or None,
                         "with_peers": args.with_peers}}
    wanted = {b.strip() for b in args.builds.split(",")}
    our_variants = [v for v in variants() if {"ours": "default", "ours_no_search": "no-search"}[v.key] in wanted]
    if not our_variants:
        sys.exit("bench: --builds names none of: default, no-search")
    meta["variants"] = [v.label for v in our_variants]
    results = []
    started = time.perf_counter()
    for n in args.sizes:
        results.append(bench_size(n, args, scratch, venv, hugo, our_variants, log))
        if args.json:  # written after every size, so a long run leaves what it measured
            write_json(args.json, meta, results)
    meta["total_seconds"] = round(time.perf_counter() - started, 1)
    if args.json:
        write_json(args.json, meta, results)
    log(f"\nbenchmark finished in {meta['total_seconds']:.0f} s\n")
    print(markdown(results, meta, args.timeout or None))
    return 0


def write_json(path: Path, meta: dict, results: list[dict]) -> None:
    path.write_text(json.dumps({**meta, "results": results}, indent=2) + "\n")


if __name__ == "__main__":
    sys.exit(main())
