"""Gate: each page, with every CSS/JS/image/font it loads, is at most 30 KiB gzipped.

Sizes come from the built files, each gzipped at level 9, summed per page. What is fetched only
on demand (a search index) is not referenced by the HTML or CSS, so it is not counted.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from .htmlsite import fail_on, gzip_size, loaded_files

pytestmark = pytest.mark.browser

BUDGET = 30 * 1024


def test_every_page_within_30_kib_gzip(site_dir: Path, html_pages: list[str]) -> None:
    problems = []
    heaviest = (0, "")
    for page in html_pages:
        parts = [(page, gzip_size(site_dir / page))]
        parts += [(f, gzip_size(site_dir / f)) for f in loaded_files(site_dir, page)]
        total = sum(size for _, size in parts)
        heaviest = max(heaviest, (total, page))
        if total > BUDGET:
            detail = ", ".join(
                f"{name} {size / 1024:.1f}" for name, size in sorted(parts, key=lambda p: -p[1])
            )
            problems.append(f"{page}: {total / 1024:.1f} KiB gzip > 30 KiB ({detail})")
    print(f"heaviest page: {heaviest[1]} at {heaviest[0] / 1024:.1f} KiB gzip")
    fail_on(problems, "pages over the 30 KiB gzip budget")
