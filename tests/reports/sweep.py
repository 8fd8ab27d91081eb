"""Permission expectations for the reports app, merged into the project's sweep
(tests/test_permission_sweep.py). ``PKS`` maps the route segment before ``<int:pk>`` to a
function that finds a demo row for it; ``ARGUMENTS`` maps other URL arguments likewise.

The demo is before the handover, so nothing is frozen: the report's public page says so
(200), and a version's page, its PDF and its open data are 404 for everyone (the sweep fills
``<int:number>`` with a session number, which names no version). The draft is for the
members and the secretariat; the rest is the secretariat's."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from borgersamling.assemblies.models import Assembly
from borgersamling.deliberation.demo import load_demo_drafts
from borgersamling.deliberation.models import Recommendation
from borgersamling.reports.models import MinorityStatement
from tests.sweep_outcomes import PUBLIC, ROLES, only

NOT_PUBLISHED: dict[str, int | str] = dict.fromkeys(ROLES, 404)
DRAFT = only(("member", "facilitator", "administrator"))
SECRETARIAT = only(("facilitator", "administrator"))
SECRETARIAT_POST_ONLY = only(("facilitator", "administrator"), 405)


def demo_statement_pk(assembly: Assembly) -> int:
    """A minority statement on the demo's first recommendation (made if there is none)."""
    load_demo_drafts(assembly)
    statement = MinorityStatement.objects.filter(
        recommendation__draft__theme_table__assembly=assembly
    ).first()
    if statement is None:
        recommendation = Recommendation.objects.filter(
            draft__theme_table__assembly=assembly, removed_in__isnull=True
        ).first()
        assert recommendation is not None, "the demo drafts have no recommendation"
        statement = MinorityStatement.objects.create(
            recommendation=recommendation, text="Et mindretal mener noget andet."
        )
    return statement.pk


EXPECTED: dict[str, dict[str, int | str]] = {
    "reports:report": PUBLIC,
    "reports:versions": PUBLIC,
    "reports:version": NOT_PUBLISHED,
    "reports:pdf": NOT_PUBLISHED,
    "reports:data-json": NOT_PUBLISHED,
    "reports:data-csv": NOT_PUBLISHED,
    "reports:draft": DRAFT,
    "reports:draft-pdf": DRAFT,
    "reports:secretariat": SECRETARIAT,
    "reports:sections": SECRETARIAT_POST_ONLY,
    "reports:texts": SECRETARIAT,
    "reports:minority-new": SECRETARIAT,
    "reports:minority-edit": SECRETARIAT,
    "reports:minority-delete": SECRETARIAT,
    "reports:freeze": SECRETARIAT,
}
PKS: dict[str, Callable[[Assembly], Any]] = {"minority": demo_statement_pk}
ARGUMENTS: dict[str, Callable[[Assembly], Any]] = {}
