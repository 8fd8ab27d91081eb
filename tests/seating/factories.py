"""A seat for a member, with a session and a table made for it unless given."""

from __future__ import annotations

from borgersamling.accounts.models import Participant, Role
from borgersamling.assemblies.models import Assembly, Session, ThemeTable
from borgersamling.seating.models import SeatAssignment
from tests.accounts.factories import make_participant
from tests.assemblies.factories import make_session, make_theme_table


def make_seat(
    assembly: Assembly,
    *,
    session: Session | None = None,
    participant: Participant | None = None,
    theme_table: ThemeTable | None = None,
) -> SeatAssignment:
    return SeatAssignment.objects.create(
        session=session or make_session(assembly),
        participant=participant or make_participant(assembly, Role.MEMBER),
        theme_table=theme_table or make_theme_table(assembly),
    )
