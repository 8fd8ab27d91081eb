"""Seats for the demo's members: a table for each session, so "my table today" shows
something. The real seating engine will mix members by their backgrounds; the demo just
moves each member on by one table per session, so they meet new people each time."""

from __future__ import annotations

from django.db import transaction

from borgersamling.accounts.models import Participant, Role
from borgersamling.assemblies.models import Assembly
from borgersamling.seating.models import SeatAssignment


@transaction.atomic
def seat_demo_members(assembly: Assembly) -> list[SeatAssignment]:
    """Give every active member of the assembly a theme table in every session; idempotent
    (a second call moves no one)."""
    tables = list(assembly.theme_tables.order_by("number"))
    if not tables:
        return []
    members = Participant.objects.filter(
        assembly=assembly, role=Role.MEMBER, is_active=True
    ).order_by("pk")
    seats: list[SeatAssignment] = []
    for session_index, session in enumerate(assembly.sessions.order_by("number")):
        for member_index, member in enumerate(members):
            table = tables[(member_index + session_index) % len(tables)]
            seat, _created = SeatAssignment.objects.update_or_create(
                session=session, participant=member, defaults={"theme_table": table}
            )
            seats.append(seat)
    return seats
