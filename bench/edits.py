"""The edits the benchmark times rebuilds after, and the preview's own rebuild after an edit.

Standard library only.
"""
from __future__ import annotations

import json
import re
import shutil
import sys
import textwrap
from pathlib import Path

from measure import Run, measure

BENCH = Path(__file__).resolve().parent


ANNOTATION = re.compile(r'^(    body: ")(?:Edited \d+\. )?', re.M)
EDITED_EVENT = "  - id: seed-00001-ev-1\n"


def annotation_file(project: Path) -> Path:
    """The events.yaml of the explainer that holds seed 1 (the first explainer of the corpus)."""
    for path in sorted((project / "content" / "explainers").glob("*/events.yaml")):
        if EDITED_EVENT in path.read_text(encoding="utf-8"):
            return path
    raise SystemExit(f"bench: no events.yaml under {project}/content/explainers/ has the event `seed-00001-ev-1`")


def edit_annotation(project: Path, k: int) -> None:
    """Change the body (a Markdown field) of one event, the first of seed 1, in its explainer's
    events.yaml: one annotation edit, to one record in one explainer's folder."""
    path = annotation_file(project)
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
    import edits
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
        edits.edit_annotation(project, 1000 + k)
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


def in_process_edit(project: Path, scratch: Path, runs: int, timeout: float | None, source: Path,
                    env: dict) -> tuple[Run, list[float]]:
    """From an annotation edit to updated files, in one warm process, as the preview server does it
    (importing generator/ from source)."""
    out = scratch / "in-process"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    result_file = scratch / ".bench-in-process.json"
    result_file.unlink(missing_ok=True)
    code = IN_PROCESS.format(source=str(source), bench=str(BENCH), project=str(project), out=str(out),
                             runs=runs, result=str(result_file))
    script = scratch / ".bench-in-process.py"
    script.write_text(code)
    run = measure([sys.executable, str(script)], scratch, timeout, env)
    times = json.loads(result_file.read_text()) if run.ok and result_file.exists() else []
    for p in (script, result_file):
        p.unlink(missing_ok=True)
    shutil.rmtree(out, ignore_errors=True)
    return run, times

