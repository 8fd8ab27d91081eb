"""Permission expectations for the followup app, merged into the project's sweep
(tests/test_permission_sweep.py). ``PKS`` maps the route segment before ``<int:pk>`` to a
function that finds a demo row for it; ``ARGUMENTS`` maps other URL arguments likewise.

The follow-up is public on purpose (the council answers the assembly in the open): its
status page, each recommendation's page and the feed are for everyone. Recording a response
is the secretariat's. The demo's drafts and made-up responses are loaded the first time a URL
needs a recommendation."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from borgersamling.assemblies.models import Assembly
from borgersamling.followup.demo import load_demo_followup
from borgersamling.followup.models import CouncilResponse
from tests.sweep_outcomes import PUBLIC, SECRETARIAT


def demo_recommendation_pk(assembly: Assembly) -> int:
    """A demo recommendation the council has answered (made-up answers, see the demo)."""
    load_demo_followup(assembly)
    response = (
        CouncilResponse.objects.filter(recommendation__draft__theme_table__assembly=assembly)
        .order_by("pk")
        .first()
    )
    assert response is not None, "the follow-up demo recorded no responses"
    return response.recommendation_id


EXPECTED: dict[str, dict[str, int | str]] = {
    "followup:status": PUBLIC,
    "followup:recommendation": PUBLIC,
    "followup:feed": PUBLIC,
    "followup:manage": SECRETARIAT,
    "followup:record": SECRETARIAT,
}
PKS: dict[str, Callable[[Assembly], Any]] = {"recommendations": demo_recommendation_pk}
ARGUMENTS: dict[str, Callable[[Assembly], Any]] = {}
