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


def header_links_apart(page: Page) -> list[str]:
    """Links in the page header that share a name but go to different places. The header gives
    no context to tell them apart (WCAG 2.4.4), and axe's rule for this is not in WCAG AA."""
    links: list[list[str]] = page.eval_on_selector_all(
        "header a[href]", "links => links.map(a => [a.innerText.trim(), a.href])"
    )
    targets: dict[str, set[str]] = {}
    for name, href in links:
        targets.setdefault(name, set()).add(href.split("#")[0])
    return [
        f"header links named {name!r} go to {sorted(hrefs)}"
        for name, hrefs in targets.items()
        if len(hrefs) > 1
    ]


def assert_accessible(page: Page) -> None:
    found = violations(page)
    assert not found, f"{page.url}\n{describe(found)}"
