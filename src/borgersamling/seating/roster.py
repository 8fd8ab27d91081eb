"""Who sits at which table of a session, in the order a table is introduced: the host, the
scribe, then the others by name. The printouts and the projector screen show the same."""

from __future__ import annotations

from dataclasses import dataclass

from borgersamling.assemblies.models import Session, ThemeTable
from borgersamling.seating.models import SeatAssignment

ROLE_ORDER = {"host": 0, "scribe": 1, "": 2}


@dataclass(frozen=True)
class TableRoster:
    table: ThemeTable
    seats: list[SeatAssignment]


def rosters(session: Session) -> list[TableRoster]:
    """Every theme table of the assembly, seated or not, in table order."""
    seats = list(
        SeatAssignment.objects.filter(session=session).select_related("participant", "theme_table")
    )
    seats.sort(key=lambda seat: (ROLE_ORDER.get(seat.role, 2), seat.participant.name))
    return [
        TableRoster(table, [seat for seat in seats if seat.theme_table_id == table.pk])
        for table in session.assembly.theme_tables.order_by("number")
    ]
