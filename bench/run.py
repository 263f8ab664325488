"""Build benchmark: a synthetic newsroom of N seeds in many explainers, built cold and rebuilt,
optionally side by side with Hugo, Pelican and MkDocs building the same N articles.

    python bench/run.py                               # N = 1, 100, 1000, 5000
    python bench/run.py --sizes 1,100,1000 --with-peers --json bench.json
    python bench/run.py --emit /tmp/synthetic --n 1000 [--with-peers]
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
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
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
import corpus  # noqa: E402
import edits  # noqa: E402
import peers as peer_setup  # noqa: E402
import report  # noqa: E402
from measure import Run, ToolResult, extra, heaviest_page, measure, secs, tree_size  # noqa: E402


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
    info = corpus.write_project(project, n, TEMPLATES)
    peer_list = []
    if args.with_peers:
        peer_setup.write_projects(scratch, n)
        peer_list = peer_setup.peers(scratch, venv, hugo)
    log(f"   written in {time.perf_counter() - started:.1f} s: {corpus.describe(info)}")
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
            log(f"   cold build {k + 1}/{args.runs}  {v.label:22} {secs(run)}  {extra(run)}"
                + (f"  ({run.note[:300]})" if not run.ok and not run.timed_out else ""))
            if run.note.startswith(("exit 1:", "exit 2:")):  # a content or usage error: a bug here
                raise SystemExit(f"bench: our build failed at N={n}:\n{run.note}")
            if run.ok:
                result.files, result.pages, result.bytes = tree_size(out)
                if not result.heaviest_page:  # the same pages every run
                    result.heaviest_gzip, result.heaviest_page = heaviest_page(out)
                    log(f"   heaviest page: {result.heaviest_page}, {result.heaviest_gzip / 1024:.1f} KiB gzip")
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
            log(f"   cold build {k + 1}/{args.runs}  {peer.name:22} {secs(run)}  {extra(run)}"
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
        for name, action in (("nothing_changed", None), ("annotation_edit", edits.edit_annotation),
                             ("template_edit", edits.edit_template)):
            result = rebuilds[name] = ToolResult()
            for k in range(reps):
                if action:
                    action(project, k + 1)
                run = measure(our_command(project, out, default.args), scratch, timeout, env)
                result.runs.append(run)
                log(f"   rebuild, {name.replace('_', ' '):16} {k + 1}/{reps}  {secs(run)}  {extra(run)}")
                if not run.ok:
                    break
        run, times = edits.in_process_edit(project, scratch, reps, (timeout * (reps + 1)) if timeout else None,
                                          SOURCE, env)
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
    report.print_profile(prof, log, SOURCE, REPO)




def git_state(commit: str | None = None) -> dict:
    def git(*a):
        return subprocess.run(["git", "-C", str(REPO), *a], capture_output=True, text=True).stdout.strip()
    if commit:
        return {"commit": git("rev-parse", "--short", commit), "generator_or_templates_modified": False}
    dirty = git("status", "--porcelain", "--", "generator", "templates")
    return {"commit": git("rev-parse", "--short", "HEAD"), "generator_or_templates_modified": bool(dirty)}




# --- main -----------------------------------------------------------------------------------

def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--sizes", help="seed counts to benchmark (default: 1,100,1000,5000; --n N: N alone)")
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
                   help="only write the synthetic project of --n seeds into DIR (with --with-peers, "
                        "also DIR-hugo, DIR-pelican, DIR-mkdocs)")
    p.add_argument("--n", "--size", dest="n", type=int, metavar="N",
                   help="seed count for --emit; without --emit, the same as --sizes N (--size: the same as --n)")
    p.add_argument("--report", type=Path, nargs="+", metavar="JSON",
                   help="only print the tables for results saved with --json (several files are merged, "
                        "later ones winning for the same N)")
    args = p.parse_args(argv)
    if args.n is not None and args.sizes is not None:
        p.error("give --sizes or --n, not both")
    args.sizes = args.sizes or (str(args.n) if args.n is not None else "1,100,1000,5000")
    try:
        args.sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    except ValueError:
        p.error("--sizes takes numbers separated by commas, e.g. 1,100,1000")
    if any(n < 1 for n in args.sizes) or args.runs < 1:
        p.error("sizes and --runs must be at least 1")
    if args.emit and not args.n:
        p.error("--emit needs --n N")
    if args.n is not None and args.n < 1:
        p.error("--n must be at least 1")
    return args


def emit(args) -> int:
    target = args.emit.resolve()
    if target == REPO or REPO in target.parents:
        sys.exit("bench: --emit writes outside the repository; choose a folder such as /tmp/synthetic")
    if target.exists() and any(target.iterdir()) and not (target / ".bench-synthetic").exists():
        sys.exit(f"bench: {target} is not empty; choose a new or empty folder")
    if target.exists():
        shutil.rmtree(target)
    info = corpus.write_project(target, args.n, REPO / "templates")
    (target / ".bench-synthetic").write_text(json.dumps(info) + "\n")
    print(f"wrote into {target}: {corpus.describe(info)}")
    print(f"build it with: python -m generator --project {target} build --out {target}-site")
    if args.with_peers:
        staging = target.parent / f".{target.name}-peers"
        paths = peer_setup.write_projects(staging, args.n)
        for name, path in paths.items():
            dest = target.parent / f"{target.name}-{name}"
            shutil.rmtree(dest, ignore_errors=True)
            shutil.move(str(path), dest)
            print(f"wrote the same articles as a {name} project into {dest}")
        shutil.rmtree(staging, ignore_errors=True)
    return 0


def main(argv=None) -> int:
    args = parse_args(argv)
    if args.report:
        return report.from_json(args.report)
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
    meta = {"machine": report.machine(), "git": {**git_state(args.commit), **snapshot_sources(scratch, args.commit)},
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
    print(report.markdown(results, meta, args.timeout or None))
    return 0


def write_json(path: Path, meta: dict, results: list[dict]) -> None:
    path.write_text(json.dumps({**meta, "results": results}, indent=2) + "\n")


if __name__ == "__main__":
    sys.exit(main())

