"""Seats, and a seating-ready assembly: sessions, theme tables, members with sign-ups."""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from borgersamling.accounts.models import Participant, Role
from borgersamling.assemblies.models import Assembly, Session, ThemeTable
from borgersamling.seating.models import SeatAssignment, SeatingPreference
from tests.accounts.factories import make_participant
from tests.assemblies.factories import make_session, make_theme_table
from tests.recruitment.factories import make_recruitment, make_signup

GENDERS = ("Kvinde", "Mand")
AGES = ("ung", "gammel")


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


@dataclass
class Room:
    assembly: Assembly
    sessions: list[Session]
    tables: list[ThemeTable]
    members: list[Participant]


def make_room(
    assembly: Assembly,
    *,
    members: int = 12,
    tables: int = 3,
    sessions: int = 3,
    willing: bool = True,
) -> Room:
    """Members with a gender and an age from their sign-up; every third willing to host and
    every third to scribe (when ``willing``)."""
    recruitment = make_recruitment(assembly)
    the_tables = [make_theme_table(assembly) for _ in range(tables)]
    the_sessions = [make_session(assembly) for _ in range(sessions)]
    people = []
    mixes = itertools.cycle(itertools.product(GENDERS, AGES))
    for k in range(members):
        person = make_participant(assembly, Role.MEMBER, name=f"Medlem{k + 1:02d} Efternavn")
        gender, age = next(mixes)
        make_signup(recruitment, {"køn": gender, "alder": age}, participant=person)
        if willing:
            SeatingPreference.objects.create(
                participant=person, willing_host=k % 3 == 0, willing_scribe=k % 3 == 1
            )
        people.append(person)
    return Room(assembly, the_sessions, the_tables, people)
