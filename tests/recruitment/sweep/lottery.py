"""Permission expectations for this part of recruitment, merged into the project's sweep
(tests/test_permission_sweep.py). ``PKS`` maps the route segment before ``<int:pk>`` to a
function that finds a demo row for it; ``ARGUMENTS`` maps other URL arguments likewise.

The lottery's pages are public (the ceremony is shown on a projector, the files let anyone
check the draw); its runs are the secretariat's. The demo's lottery is computed and drawn
the first time a URL needs it, so the public pages are swept with a drawn panel."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from borgersamling.assemblies.models import Assembly
from borgersamling.recruitment.demo_lottery import draw_demo_lottery
from borgersamling.recruitment.services import recruitment_of
from tests.sweep_outcomes import PUBLIC, SECRETARIAT, SECRETARIAT_POST_ONLY


def demo_run_pk(assembly: Assembly) -> int:
    return draw_demo_lottery(recruitment_of(assembly)).pk


def demo_file_name(assembly: Assembly) -> str:
    draw_demo_lottery(recruitment_of(assembly))
    return "pool.csv"


EXPECTED: dict[str, dict[str, int | str]] = {
    "recruitment:lottery-runs": SECRETARIAT,
    "recruitment:lottery-run": SECRETARIAT,
    "recruitment:lottery-progress": SECRETARIAT,
    "recruitment:lottery-run-cancel": SECRETARIAT_POST_ONLY,
    "recruitment:lottery": PUBLIC,
    "recruitment:lottery-state": PUBLIC,
    "recruitment:lottery-bundle": PUBLIC,
    "recruitment:lottery-file": PUBLIC,
    "recruitment:representation": PUBLIC,
}
PKS: dict[str, Callable[[Assembly], Any]] = {"runs": demo_run_pk}
ARGUMENTS: dict[str, Callable[[Assembly], Any]] = {"file_name": demo_file_name}
