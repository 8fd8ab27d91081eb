"""Factories for follow-up tests: an assembly with theme tables whose drafts hold
recommendations, and council responses recorded through the service."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.test import Client

from borgersamling.assemblies.models import Assembly, ThemeTable
from borgersamling.deliberation.models import Draft, Recommendation
from borgersamling.followup import services
from borgersamling.followup.models import CouncilResponse
from tests.accounts.factories import make_assembly
from tests.deliberation.factories import make_draft

DECIDED = datetime.date(2025, 10, 1)


@dataclass
class Setup:
    assembly: Assembly
    tables: list[ThemeTable]
    drafts: list[Draft]

    def recommendation(self, table_index: int, position: int = 0) -> Recommendation:
        """The recommendation at ``position`` in the table's current revision."""
        draft = self.drafts[table_index]
        draft.refresh_from_db()
        assert draft.current is not None
        pk = draft.current.recommendations[position]["id"]
        return Recommendation.objects.get(pk=pk)


def make_setup(
    themes: Sequence[tuple[str, Sequence[tuple[str, str]]]] = (
        ("Forebyggelse", (("Opsøgende besøg", "Besøg hos ældre."), ("Sundhed", "Tæt på."))),
        ("Frivillighed", (("En indgang", "En portal for frivillige."),)),
    ),
    **assembly_fields: Any,
) -> Setup:
    assembly = make_assembly(**assembly_fields)
    tables, drafts = [], []
    for number, (theme, recommendations) in enumerate(themes, start=1):
        table = ThemeTable.objects.create(assembly=assembly, number=number, theme=theme)
        tables.append(table)
        drafts.append(make_draft(table, recommendations=recommendations))
    return Setup(assembly, tables, drafts)


def respond(
    recommendation: Recommendation,
    status: str = CouncilResponse.Status.ADOPTED,
    **fields: Any,
) -> CouncilResponse:
    defaults: dict[str, Any] = {
        "committee": "Social- og Sundhedsudvalget",
        "decided_on": DECIDED,
        "reasons": "",
    }
    return services.record_response(recommendation, status=status, **(defaults | fields))


def english(client: Client) -> Client:
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    return client
