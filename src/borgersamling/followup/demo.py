"""Council responses for the Dragør demo.

MADE UP, NOT FROM THE SEED. The slides end with the handover of the recommendations to the
council on 28 August 2025; the council treats them afterwards, so the seed holds no answers.
The responses below are invented to show the follow-up pages: a decision in two steps, a
correction, a recommendation not adopted and one still under consideration. The committees'
names are generic, and the minutes links point to example.org on purpose. The demo's
recommendations themselves are invented too (see ``borgersamling.deliberation.demo``).
"""

from __future__ import annotations

import datetime
from typing import TypedDict

from django.db import transaction
from django.utils import timezone

from borgersamling.assemblies.models import Assembly
from borgersamling.deliberation.demo import load_demo_drafts
from borgersamling.deliberation.models import Recommendation
from borgersamling.followup import services
from borgersamling.followup.models import CouncilResponse

Status = CouncilResponse.Status


class DemoResponse(TypedDict):
    status: str
    committee: str
    decided_on: datetime.date
    reasons: str
    minutes_url: str
    corrects_current: bool


def _response(
    status: str,
    committee: str,
    decided_on: datetime.date,
    reasons: str,
    minutes_url: str = "",
    *,
    corrects_current: bool = False,
) -> DemoResponse:
    return {
        "status": status,
        "committee": committee,
        "decided_on": decided_on,
        "reasons": reasons,
        "minutes_url": minutes_url,
        "corrects_current": corrects_current,
    }


MINUTES = "https://example.org/dragoer/referater/"

# Keyed by (theme, recommendation title) as in ``borgersamling.deliberation.demo.DEMO_DRAFTS``;
# each list is one recommendation's record, oldest first.
DEMO_RESPONSES: dict[tuple[str, str], list[DemoResponse]] = {
    ("Økonomisk prioritering", "Et åbent velfærdsbudget"): [
        _response(
            Status.UNDER_CONSIDERATION,
            "Økonomiudvalget",
            datetime.date(2025, 9, 16),
            "Økonomiudvalget tager anbefalingen med i arbejdet med budget 2026.",
            f"{MINUTES}oekonomiudvalget-2025-09-16",
        ),
        _response(
            Status.ADOPTED_IN_PART,
            "Kommunalbestyrelsen",
            datetime.date(2025, 10, 9),
            "Kommunen udgiver fra 2026 et årligt, letlæst overblik over velfærdens udgifter."
            "\nEt løbende overblik over til- og fravalg gennem året er ikke vedtaget, fordi det"
            " kræver nye it-systemer.",
            f"{MINUTES}kommunalbestyrelsen-2025-10-09",
        ),
    ],
    ("Forebyggelse", "Opsøgende besøg mod ensomhed"): [
        _response(
            Status.ADOPTED,
            "Social- og Sundhedsudvalget",
            datetime.date(2025, 11, 14),
            "Udvalget vedtog anbefalingen og beder forvaltningen lægge en plan sammen med"
            " foreningerne.",
        ),
        _response(
            Status.ADOPTED,
            "Social- og Sundhedsudvalget",
            datetime.date(2025, 11, 4),
            "Rettelse: mødet var den 4. november, ikke den 14. Udvalget vedtog anbefalingen og"
            " beder forvaltningen lægge en plan sammen med foreningerne.",
            f"{MINUTES}social-og-sundhedsudvalget-2025-11-04",
            corrects_current=True,
        ),
    ],
    ("Frit valg og privatisering", "Et samlet overblik over tilbud"): [
        _response(
            Status.NOT_ADOPTED,
            "Social- og Sundhedsudvalget",
            datetime.date(2025, 11, 4),
            "Udvalget henviser til den eksisterende oversigt på kommunens hjemmeside og til"
            " Tilbudsportalen og finder ikke, at et nyt overblik står mål med udgiften.",
            f"{MINUTES}social-og-sundhedsudvalget-2025-11-04",
        ),
    ],
    ("Partnerskaber og ressourcer", "Fælles rekruttering af personale"): [
        _response(
            Status.UNDER_CONSIDERATION,
            "Økonomiudvalget",
            datetime.date(2025, 12, 10),
            "Anbefalingen drøftes med Tårnby Kommune og behandles på udvalgets møde i december.",
        ),
    ],
}


def _recorded_at(decided_on: datetime.date, days_later: int) -> datetime.datetime:
    day = decided_on + datetime.timedelta(days=days_later)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10, 0)))


def _find(assembly: Assembly, theme: str, title: str) -> Recommendation | None:
    for recommendation in Recommendation.objects.filter(
        draft__theme_table__assembly=assembly, draft__theme_table__theme=theme
    ).select_related("draft__current"):
        current = recommendation.draft.current
        items = current.recommendations if current is not None else []
        if any(
            item.get("id") == recommendation.pk and item.get("title") == title for item in items
        ):
            return recommendation
    return None


@transaction.atomic
def load_demo_followup(assembly: Assembly) -> list[CouncilResponse]:
    """Record the made-up responses above, after making sure the demo's drafts exist.
    Idempotent: a recommendation that has any response already is left as it is."""
    load_demo_drafts(assembly)
    recorded: list[CouncilResponse] = []
    for (theme, title), entries in DEMO_RESPONSES.items():
        recommendation = _find(assembly, theme, title)
        if recommendation is None or recommendation.council_responses.exists():
            continue
        previous: datetime.datetime | None = None
        for entry in entries:
            # Recorded the day after the meeting; a correction (of an earlier date) is recorded
            # when the mistake is noticed, after the entry it corrects.
            recorded_at = _recorded_at(entry["decided_on"], 1)
            if previous is not None and recorded_at <= previous:
                recorded_at = previous + datetime.timedelta(days=1)
            response = services.record_response(
                recommendation,
                status=entry["status"],
                committee=entry["committee"],
                decided_on=entry["decided_on"],
                reasons=entry["reasons"],
                minutes_url=entry["minutes_url"],
                corrects_current=entry["corrects_current"],
                recorded_at=recorded_at,
            )
            recorded.append(response)
            previous = recorded_at
    return recorded
