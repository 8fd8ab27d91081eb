"""Who sits at which table of a session, in the order a table is introduced: the host, the
scribe, then the others by name in Danish alphabetical order. The printouts, the projector
screen and the member's page show the same."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from borgersamling.assemblies.models import Session, ThemeTable
from borgersamling.seating.models import SeatAssignment

ROLE_ORDER = {"host": 0, "scribe": 1, "": 2}


DANISH_LETTERS = "abcdefghijklmnopqrstuvwxyzæøå"


def danish_order(name: str) -> tuple[tuple[int, str], ...]:
    """A key that sorts names as the Danish alphabet does, without depending on the machine's
    locales: spaces, hyphens and digits first (Anne Berg before Annette), other accented
    letters as their base letter (é as e); "aa" is sorted as written, not as å."""
    key = []
    for c in name.casefold():
        if c not in DANISH_LETTERS:
            c = unicodedata.normalize("NFKD", c)[:1]
        key.append((DANISH_LETTERS.index(c), "") if c in DANISH_LETTERS else (-1, c))
    return tuple(key)


def introduction_order(seat: SeatAssignment) -> tuple[int, tuple[tuple[int, str], ...]]:
    return ROLE_ORDER.get(seat.role, 2), danish_order(seat.participant.name)


@dataclass(frozen=True)
class TableRoster:
    table: ThemeTable
    seats: list[SeatAssignment]


def rosters(session: Session) -> list[TableRoster]:
    """Every theme table of the assembly, seated or not, in table order."""
    seats = list(
        SeatAssignment.objects.filter(session=session).select_related("participant", "theme_table")
    )
    seats.sort(key=introduction_order)
    return [
        TableRoster(table, [seat for seat in seats if seat.theme_table_id == table.pk])
        for table in session.assembly.theme_tables.order_by("number")
    ]
