"""Gate: the Nu HTML Checker (vnu.jar from npm's vnu-jar) finds 0 errors in every page and
stylesheet. Its warnings do not fail the gate; they are shown in pytest's warnings summary."""

from __future__ import annotations

import json
import subprocess
import warnings
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from .htmlsite import fail_on

pytestmark = pytest.mark.browser


def _relative(site: Path, url: str) -> str:
    path = Path(unquote(urlsplit(url).path)) if url.startswith("file:") else Path(url)
    try:
        return path.resolve().relative_to(site.resolve()).as_posix()
    except ValueError:
        return url


def _describe(site: Path, m: dict) -> str:
    where = _relative(site, m.get("url", "?"))
    if "lastLine" in m:
        where += f":{m['lastLine']}:{m.get('firstColumn', m.get('lastColumn', 0))}"
    extract = (m.get("extract") or "").replace("\n", " ").strip()
    return f"{where}: {m.get('message', '').strip()}" + (f"  [{extract[:100]}]" if extract else "")


def test_nu_html_checker_finds_no_errors(
    java: str, vnu_jar: Path, site_dir: Path, html_pages: list[str], css_files: list[str]
) -> None:
    files = [str(site_dir / f) for f in html_pages + css_files]
    run = subprocess.run(
        [
            java,
            "-jar",
            str(vnu_jar),
            "--format",
            "json",
            "--also-check-css",
            "--exit-zero-always",
            *files,
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    try:
        messages = json.loads(run.stderr or run.stdout)["messages"]
    except (json.JSONDecodeError, KeyError):
        pytest.fail(
            f"vnu.jar gave no JSON report (exit {run.returncode}):\n{run.stderr[-3000:]}",
            pytrace=False,
        )
    errors = [
        _describe(site_dir, m) for m in messages if m.get("type") in {"error", "non-document-error"}
    ]
    notes = [_describe(site_dir, m) for m in messages if m.get("type") == "info"]
    if notes:
        warnings.warn(UserWarning(f"Nu HTML Checker: {len(notes)} warning(s)\n" + "\n".join(notes)))
    print(f"Nu HTML Checker: {len(files)} files, {len(errors)} errors, {len(notes)} warnings")
    fail_on(errors, f"Nu HTML Checker errors in {len(files)} files")
