"""Static full-text search: the Pagefind index, written into a finished site folder."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from babel import Locale, UnknownLocaleError

from . import i18n
from .errors import OutputError

INDEX_FOLDER = "pagefind"


def index_site(folder: Path) -> int:
    """Index every page's main text with Pagefind; return the index size in bytes."""
    try:
        import pagefind_bin  # noqa: F401  (the package that ships the binary)
    except ImportError:
        raise OutputError("search needs the Pagefind binary: pip install 'pagefind[bin]', "
                          "or build with --no-search") from None
    result = subprocess.run(
        [sys.executable, "-m", "pagefind", "--site", str(folder), "--output-subdir", INDEX_FOLDER, "--silent"],
        capture_output=True, text=True, timeout=600,
    )
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip().splitlines()
        raise OutputError(f"the search indexer failed: {detail[-1] if detail else result.returncode}")
    _sort_languages(folder / INDEX_FOLDER / "pagefind-entry.json")
    return sum(p.stat().st_size for p in (folder / INDEX_FOLDER).rglob("*") if p.is_file())


def _sort_languages(entry: Path) -> None:
    """Pagefind lists a site's languages in an order of its own that differs from run to run; put them in
    the order of their tags, so two builds of the same site are the same bytes."""
    try:
        data = json.loads(entry.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return
    if isinstance(data, dict) and isinstance(data.get("languages"), dict):
        data["languages"] = dict(sorted(data["languages"].items()))
        entry.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def plural_samples(language: str) -> tuple[str, tuple[tuple[str, int], ...]]:
    """The language whose plural rules the search page's messages follow (its interface catalog's, else
    English, which the interface then is in), and the plural categories a count takes in it (the Unicode
    CLDR's: one, few, many, other...), each with a count in it (the smallest but 0, which only a category
    of its own gets). The page gives its script one message per category, translated by gettext for the
    sample count; the browser picks one by the count's category (Intl.PluralRules of that language)."""
    catalog = i18n.catalog_for(language)
    rules = catalog.replace("_", "-") if catalog else "en"
    try:
        rule = Locale.parse(rules.replace("-", "_")).plural_form
    except (ValueError, UnknownLocaleError):
        rules, rule = "en", Locale("en").plural_form
    samples: dict[str, int] = {}
    for n in (*range(1, 200), 0):  # every category of every CLDR language has a count below 200
        samples.setdefault(rule(n), n)
    return rules, tuple(samples.items())
