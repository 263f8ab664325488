"""Gate: axe-core finds 0 violations (WCAG 2.0/2.1/2.2 A and AA, and best practice) on every
page, at 390 and 1280 px wide, in the light and the dark colour scheme."""

from __future__ import annotations

import pytest

from .htmlsite import fail_on
from .visits import AXE_TAGS, CONFIGS

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("config", CONFIGS, ids=lambda c: f"{c.width}px-{c.scheme}")
def test_axe_finds_no_violations(browser_report, config) -> None:
    problems = []
    for visit in (v for v in browser_report.visits if v.config == config):
        if visit.error:
            problems.append(f"{visit.page}: could not run axe-core: {visit.error}")
        for v in visit.axe_violations:
            nodes = v["nodes"]
            problems.append(
                f"{visit.page}: {v['id']} ({v['impact']}): {v['help']}; {len(nodes)} element(s):"
            )
            for node in nodes[:5]:
                summary = " ".join(node["summary"].split())
                problems.append(f"    {node['target']}: {summary[:300]}")
            if len(nodes) > 5:
                problems.append(f"    ... and {len(nodes) - 5} more")
    fail_on(problems, f"axe-core violations at {config} ({', '.join(AXE_TAGS)})")
