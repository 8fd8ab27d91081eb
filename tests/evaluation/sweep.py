"""Permission expectations for the evaluation app, merged into the project's sweep
(tests/test_permission_sweep.py). ``PKS`` maps the route segment before ``<int:pk>`` to a
function that finds a demo row for it; ``ARGUMENTS`` maps other URL arguments likewise.

Members answer the questionnaire (visitors are sent to the members' code login); the
secretariat sees it as a preview and alone sees the settings, the results and the export.
No URL of the app takes a pk or another argument than the assembly's slug."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from borgersamling.assemblies.models import Assembly
from tests.sweep_outcomes import CODE_LOGIN, SECRETARIAT, only

EXPECTED: dict[str, dict[str, int | str]] = {
    "evaluation:questionnaire": only(("member", "facilitator", "administrator"), login=CODE_LOGIN),
    "evaluation:manage": SECRETARIAT,
    "evaluation:results": SECRETARIAT,
    "evaluation:export": SECRETARIAT,
}
PKS: dict[str, Callable[[Assembly], Any]] = {}
ARGUMENTS: dict[str, Callable[[Assembly], Any]] = {}
