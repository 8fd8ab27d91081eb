"""The members' willingness to host or scribe and their theme wishes, as the secretariat
records them (the engine reads them through ``problem``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction

from borgersamling.accounts.models import Participant, Role
from borgersamling.assemblies.models import Assembly
from borgersamling.seating.models import SeatingPreference


@dataclass(frozen=True)
class Wishes:
    willing_host: bool
    willing_scribe: bool
    themes: list[int]
    """Table numbers, first wish first."""

    @classmethod
    def of(cls, preference: SeatingPreference | None) -> Wishes:
        if preference is None:
            return cls(False, False, [])
        return cls(preference.willing_host, preference.willing_scribe, preference.theme_numbers())

    @property
    def key(self) -> str:
        """The answers as one short text: a page keeps the key of the answers it showed, so
        saving it can tell what was changed there from what changed elsewhere meanwhile."""
        themes = ",".join(str(n) for n in self.themes[:2])
        return f"{int(self.willing_host)}{int(self.willing_scribe)}:{themes}"


def members_with_preferences(
    assembly: Assembly,
) -> list[tuple[Participant, SeatingPreference | None]]:
    members = Participant.objects.filter(
        assembly=assembly, role=Role.MEMBER, is_active=True
    ).order_by("name", "pk")
    found = {
        preference.participant_id: preference
        for preference in SeatingPreference.objects.filter(participant__in=members)
    }
    return [(member, found.get(member.pk)) for member in members]


@transaction.atomic
def save(assembly: Assembly, rows: Sequence[tuple[Participant, Wishes]]) -> None:
    """Store every member's row at once (one transaction: a half-saved page would mix old
    and new answers). Wishes for tables that no longer exist are dropped."""
    known = set(assembly.theme_tables.values_list("number", flat=True))
    for member, wishes in rows:
        if member.assembly_id != assembly.pk:
            continue
        themes = [n for n in dict.fromkeys(wishes.themes) if n in known]
        SeatingPreference.objects.update_or_create(
            participant=member,
            defaults={
                "willing_host": wishes.willing_host,
                "willing_scribe": wishes.willing_scribe,
                "themes": themes,
            },
        )
