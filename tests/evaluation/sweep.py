"""Permission expectations for the evaluation app, merged into the project's sweep
(tests/test_permission_sweep.py). ``PKS`` maps the route segment before ``<int:pk>`` to a
function that finds a demo row for it; ``ARGUMENTS`` maps other URL arguments likewise.

Members answer the questionnaire (visitors are sent to the members' code login); the
secretariat sees it as a preview and alone sees the settings, the results and the export.
No URL of the app takes a pk or another argument than the assembly's slug."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from borgersamling.assemblies.models import Assembly

# The sweep's roles and login pages (tests.test_permission_sweep imports this module, so
# they cannot be imported from there).
ROLES = (
    "anonymous",
    "guest",
    "member",
    "politician",
    "other-facilitator",
    "facilitator",
    "administrator",
)
LOGIN = "accounts:login"
CODE_LOGIN = "accounts:login-code"


def only(allowed: Sequence[str], outcome: int = 200, login: str = LOGIN) -> dict[str, int | str]:
    return {
        role: outcome if role in allowed else login if role in {"anonymous", "guest"} else 403
        for role in ROLES
    }


SECRETARIAT = only(("facilitator", "administrator"))

EXPECTED: dict[str, dict[str, int | str]] = {
    "evaluation:questionnaire": only(("member", "facilitator", "administrator"), login=CODE_LOGIN),
    "evaluation:manage": SECRETARIAT,
    "evaluation:results": SECRETARIAT,
    "evaluation:export": SECRETARIAT,
}
PKS: dict[str, Callable[[Assembly], Any]] = {}
ARGUMENTS: dict[str, Callable[[Assembly], Any]] = {}
