"""The benchmark's results as Markdown tables (for the README), and the summary of a profile.

Standard library only.
"""
from __future__ import annotations

import json
import os
import platform
import re
from pathlib import Path

from measure import MIB


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
                 "| preview: annotation edit to updated files | heaviest page (gzip) |")
    lines.append("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
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
            row.append(f"{o['heaviest_page_gzip'] / 1024:.1f} KiB" if o.get("heaviest_page_gzip") else "–")
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



def print_profile(prof: Path, log, source: Path, repo: Path, limit: int = 25) -> None:
    """The top functions of generator/ (imported from source) by cumulative time, and of everything by own time."""
    import io
    import pstats
    for title, key, restrict in (("our code, by cumulative time", "cumulative", str(source / "generator")),
                                 ("everything, by own time", "tottime", "")):
        buffer = io.StringIO()
        stats = pstats.Stats(str(prof), stream=buffer).strip_dirs() if not restrict else pstats.Stats(str(prof), stream=buffer)
        stats.sort_stats(key).print_stats(*([re.escape(restrict)] if restrict else []), limit)
        lines = buffer.getvalue().splitlines()
        start = next((i for i, text in enumerate(lines) if text.lstrip().startswith("ncalls")), 0)
        log(f"\n   {title}:")
        for line in lines[start:start + limit + 1]:
            log("   " + line.replace(str(source) + "/", "").replace(str(repo) + "/", ""))



def from_json(paths: list[Path]) -> int:
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

