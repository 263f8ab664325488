"""`explainer init DIR`: a new site that builds as it stands.

It holds one small example explainer (a fictional story, to replace with your own), a copy of
the generator's templates to adapt, and a README stub.
"""
from __future__ import annotations

import shutil
from pathlib import Path

from . import project as layout
from .errors import UsageError

STARTER = Path(__file__).resolve().parent / "starter"  # the example content and seeds

README = """\
# {name}

An explainer site: source articles in `seeds/`, annotations in `content/`, built into `site/`
by the `explainer` command.

```sh
explainer serve    # build and preview with live reload at http://127.0.0.1:8000/
explainer check    # validate the content and report each seed's coverage
explainer build    # write the site into site/
```

The example explainer in `content/explainers/river-talks/` is a made-up story: replace it with
your own (`explainer new ARTICLE --explainer SLUG` drafts one from an article), then delete it.
`templates/` is a copy of the generator's templates: change what you like, or delete a file to
use the generator's own.
"""

GITIGNORE = "site/\n.site-*/\n.cache/\n"


def create(target: Path) -> list[str]:
    """Write a new site into target (absent or empty); return the paths written, relative to it."""
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise UsageError(f"{target} already exists and is not an empty folder; give a new folder name")
    if not (STARTER / layout.CONTENT).is_dir() or not layout.BUILT_IN_TEMPLATES.is_dir():
        raise UsageError("this installation has no starter site or templates; install the generator from its "
                         "source folder (pip install -e .)")
    target.mkdir(parents=True, exist_ok=True)
    for folder in (layout.CONTENT, layout.SEEDS):
        shutil.copytree(STARTER / folder, target / folder, ignore=_litter)
    shutil.copytree(layout.BUILT_IN_TEMPLATES, target / layout.TEMPLATES, ignore=_litter)
    (target / "README.md").write_text(README.format(name=target.name), encoding="utf-8")
    (target / ".gitignore").write_text(GITIGNORE, encoding="utf-8")
    return sorted(p.relative_to(target).as_posix() for p in target.rglob("*") if p.is_file())


def _litter(folder: str, names: list[str]) -> list[str]:
    return [n for n in names if n == "__pycache__" or layout.is_litter(Path(n))]
