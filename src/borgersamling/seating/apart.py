"""Pairs of members kept apart, as the secretariat registers them (``problem`` gives them to
the engine). A pair is stored once, the lower pk first."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from borgersamling.accounts.models import Participant, Role
from borgersamling.assemblies.models import Assembly, Session
from borgersamling.seating.models import ApartPair, SeatAssignment
from borgersamling.seating.planning import AnyUser, SeatingError, user_or_none


@dataclass(frozen=True)
class PairRow:
    pair: ApartPair
    together: list[Session]
    """Sessions whose seating (draft or locked) has the two at one table."""


def pairs_of(assembly: Assembly) -> list[PairRow]:
    pairs = list(ApartPair.objects.filter(assembly=assembly).select_related("first", "second"))
    members = {pair.first_id for pair in pairs} | {pair.second_id for pair in pairs}
    table: dict[tuple[int, int], int] = {}
    sessions: dict[int, Session] = {}
    seats = SeatAssignment.objects.filter(
        session__assembly=assembly, participant_id__in=members
    ).select_related("session")
    for seat in seats:
        table[(seat.session_id, seat.participant_id)] = seat.theme_table_id
        sessions[seat.session_id] = seat.session
    ordered = sorted(sessions.values(), key=lambda session: session.number)
    return [
        PairRow(
            pair,
            [
                session
                for session in ordered
                if table.get((session.pk, pair.first_id), -1)
                == table.get((session.pk, pair.second_id), -2)
            ],
        )
        for pair in pairs
    ]


@transaction.atomic
def keep_apart(
    assembly: Assembly, first: Participant, second: Participant, user: AnyUser | None = None
) -> tuple[ApartPair, bool]:
    """The pair's row and whether it is new (asking twice changes nothing)."""
    if first.pk == second.pk:
        raise SeatingError(_("Choose two different members."), "second")
    for field, member in (("first", first), ("second", second)):
        if member.assembly_id != assembly.pk or member.role != Role.MEMBER:
            raise SeatingError(_("This person is not a member of the assembly."), field)
    low, high = sorted((first, second), key=lambda member: member.pk)
    return ApartPair.objects.get_or_create(
        assembly=assembly, first=low, second=high, defaults={"created_by": user_or_none(user)}
    )
