"""An automated accessibility check for browser tests: axe-core (Deque's rules engine, shipped
in the axe-playwright-python package) run in the page, against WCAG 2.1 A and AA.

axe finds what a machine can (missing labels and names, contrast, landmarks, ARIA misuse,
duplicate ids); keyboard use and reading order still need the tests that press keys."""

from __future__ import annotations

from typing import Any

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


def violations(page: Page) -> list[dict[str, Any]]:
    results = Axe().run(page, options={**WCAG_AA, "resultTypes": ["violations"]})
    found: list[dict[str, Any]] = results.response["violations"]
    return found


def describe(found: list[dict[str, Any]]) -> str:
    """One line per rule broken, with the first few elements that break it."""
    lines = []
    for rule in found:
        targets = [" ".join(node["target"]) for node in rule["nodes"][:4]]
        lines.append(
            f"{rule['id']} ({rule['impact']}, {len(rule['nodes'])}x): {rule['help']} — "
            + "; ".join(targets)
        )
    return "\n".join(lines)


def assert_accessible(page: Page) -> None:
    found = violations(page)
    assert not found, f"{page.url}\n{describe(found)}"
