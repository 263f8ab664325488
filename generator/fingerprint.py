"""Whether a build would change anything: one hash of the inputs, the options and the code.

Imports nothing heavy, so that `explainer build` with nothing changed answers at once.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

from . import project as layout


def code_digest() -> str:
    """A hash of this generator's code and built-in templates."""
    digest = hashlib.sha256()
    for path in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(f"\0{path.name}\0".encode())
        digest.update(path.read_bytes())
    for path in layout.input_files(layout.BUILT_IN_TEMPLATES.parent, layout.TEMPLATES, None):
        digest.update(f"\0{path.relative_to(layout.BUILT_IN_TEMPLATES).as_posix()}\0".encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def up_to_date(project: Path, out: Path, *options) -> bool:
    """True when out holds the build of exactly these inputs, options and code."""
    from .write import built_from, check_output_folder
    check_output_folder(project, out, layout.INPUT_FOLDERS)
    return built_from(out) == input_fingerprint(project, code_digest(), *options)


def input_fingerprint(project: Path, code: str, *options) -> str:
    """A hash of everything a build depends on: inputs, options and this generator's code.

    Equal fingerprints mean byte-identical output, so a build that finds its own
    fingerprint in the output folder can keep that folder as it is.
    """
    digest = hashlib.sha256(repr((code, *options)).encode())
    for folder in layout.INPUT_FOLDERS:
        for path in layout.input_files(project, folder, None):
            digest.update(f"\0{layout.shown(project, path)}\0".encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()
