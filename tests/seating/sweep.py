"""Permission expectations for the seating pages, merged into the project's sweep
(tests/test_permission_sweep.py). ``PKS`` maps the route segment before ``<int:pk>`` to a
function that finds a demo row for it; ``ARGUMENTS`` maps other URL arguments likewise.

Every seating page is the secretariat's: the plan shows names and backgrounds. The sweep
fills ``<number>`` with the open session, which has no plan in the sweep's demo: the pages
show "not seated yet" and the printouts print empty lists, both with 200."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from borgersamling.accounts.models import Role
from borgersamling.assemblies.models import Assembly
from borgersamling.seating.models import ApartPair
from tests.sweep_outcomes import CODE_LOGIN, SECRETARIAT, SECRETARIAT_POST_ONLY, only

EXPECTED: dict[str, dict[str, int | str]] = {
    "seating:overview": SECRETARIAT,
    "seating:preferences": SECRETARIAT,
    "seating:apart": SECRETARIAT,
    "seating:apart-remove": SECRETARIAT_POST_ONLY,
    "seating:session": SECRETARIAT,
    "seating:generate": SECRETARIAT_POST_ONLY,
    "seating:search-on": SECRETARIAT_POST_ONLY,
    "seating:read-file": SECRETARIAT_POST_ONLY,
    "seating:template": SECRETARIAT,
    "seating:template-xlsx": SECRETARIAT,
    "seating:run-progress": SECRETARIAT,
    "seating:run-stop": SECRETARIAT_POST_ONLY,
    "seating:move": SECRETARIAT_POST_ONLY,
    "seating:role": SECRETARIAT_POST_ONLY,
    "seating:choose-roles": SECRETARIAT_POST_ONLY,
    "seating:undo": SECRETARIAT_POST_ONLY,
    "seating:previous-draft": SECRETARIAT_POST_ONLY,
    "seating:take-alternative": SECRETARIAT_POST_ONLY,
    "seating:lock": SECRETARIAT_POST_ONLY,
    "seating:unlock": SECRETARIAT_POST_ONLY,
    "seating:keep": SECRETARIAT_POST_ONLY,
    "seating:absence": SECRETARIAT_POST_ONLY,
    "seating:reseat": SECRETARIAT_POST_ONLY,
    "seating:tables-pdf": SECRETARIAT,
    "seating:cards-pdf": SECRETARIAT,
    "seating:door-pdf": SECRETARIAT,
    "seating:screen": SECRETARIAT,
    "seating:export": SECRETARIAT,
    "seating:export-xlsx": SECRETARIAT,
    # A member's own wishes, sent from their page: members only (the secretariat uses the
    # preferences page); visitors go to the members' code login.
    "seating:my-wishes": only(("member",), 405, login=CODE_LOGIN),
}


def demo_apart_pk(assembly: Assembly) -> int:
    """A pair kept apart among the demo's members (made here: the demo has none)."""
    first, second = assembly.participants.filter(role=Role.MEMBER).order_by("pk")[:2]
    pair, _created = ApartPair.objects.get_or_create(assembly=assembly, first=first, second=second)
    return pair.pk


PKS: dict[str, Callable[[Assembly], Any]] = {"apart": demo_apart_pk}
ARGUMENTS: dict[str, Callable[[Assembly], Any]] = {}
