"""Seats for the demo's members: a locked plan for every session, so "my table today" shows
something and the secretariat's seating pages have figures to show.

The demo's members are the drawn panel (recruitment.demo.confirm_demo_panel), with made-up
willingness to host or scribe, theme wishes (they count at the open session, where everyone
finds a theme table) and two relatives kept apart; the seating engine seats each session in
turn, each one counting the earlier ones. With fewer members than tables (a bare assembly
without its recruitment) each member simply moves on by one table per session instead.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from borgersamling.accounts.models import Participant, Role
from borgersamling.assemblies.models import Assembly, Session, ThemeTable
from borgersamling.seating import editing, planning
from borgersamling.seating import problem as problems
from borgersamling.seating.models import (
    ApartPair,
    SeatAssignment,
    SeatingPlan,
    SeatingPreference,
)

DEMO_SEED = 2025
LOCKED_BEFORE = datetime.timedelta(days=3)


def _rotate(
    session: Session, index: int, members: list[Participant], tables: list[ThemeTable]
) -> None:
    SeatAssignment.objects.bulk_create(
        SeatAssignment(
            session=session,
            participant=member,
            theme_table=tables[(member_index + index) % len(tables)],
        )
        for member_index, member in enumerate(members)
    )
    inputs = problems.build(session, tradeoff=False)
    quality, bound = planning.figures_of(inputs.problem, problems.current_seats(inputs))
    SeatingPlan.objects.create(
        session=session,
        status=SeatingPlan.Status.LOCKED,
        seed=DEMO_SEED,
        quality=quality,
        lower_bound=bound,
        locked_at=_locked_at(session),
    )


def _locked_at(session: Session) -> datetime.datetime:
    """A few days before the session, as a secretariat would lock it (not today: the demo's
    sessions are in 2025)."""
    return timezone.make_aware(
        datetime.datetime.combine(session.date - LOCKED_BEFORE, datetime.time(12))
    )


FIRST_WISHES = (0, 2, 2, 4, 1, 0, 3, 2)
"""Made up: positions of the members' first theme wishes in turn, some themes more wanted
than others (as at a real "find a theme table")."""


def _willingness(members: list[Participant], tables: list[ThemeTable]) -> None:
    """Made up: every second member is willing to host, every third to be the scribe (the
    secretariat asks at the first session), and each wishes for two theme tables; members
    who have answered keep their answer."""
    wishes = []
    for k in range(len(members)):
        first = FIRST_WISHES[k % len(FIRST_WISHES)] % len(tables)
        second = (first + 1 + k % 3) % len(tables)
        wishes.append([tables[first].number, tables[second].number])
    SeatingPreference.objects.bulk_create(
        SeatingPreference(
            participant=member,
            willing_host=k % 2 == 0,
            willing_scribe=k % 3 == 0,
            themes=list(dict.fromkeys(wishes[k])),
        )
        for k, member in enumerate(members)
        if not SeatingPreference.objects.filter(participant=member).exists()
    )


APART = (2, 5)
"""Made up: the members at these places (by pk) are relatives, kept at separate tables."""


def _apart(assembly: Assembly, members: list[Participant]) -> None:
    if len(members) > max(APART) and not ApartPair.objects.filter(assembly=assembly).exists():
        first, second = (members[k] for k in APART)
        ApartPair.objects.create(assembly=assembly, first=first, second=second)


@transaction.atomic
def seat_demo_members(assembly: Assembly) -> list[SeatAssignment]:
    """Give every active member of the assembly a theme table in every session, in locked
    plans; idempotent (a session that has a plan is left as it is)."""
    tables = list(assembly.theme_tables.order_by("number"))
    if not tables:
        return []
    members = list(
        Participant.objects.filter(assembly=assembly, role=Role.MEMBER, is_active=True).order_by(
            "pk"
        )
    )
    if not members:
        return []
    _willingness(members, tables)
    _apart(assembly, members)
    for index, session in enumerate(assembly.sessions.order_by("number")):
        if SeatingPlan.objects.filter(session=session).exists():
            continue
        # Seats entered before there were plans are replaced by the demo's own.
        session.seats.all().delete()
        if len(members) >= len(tables):
            plan = planning.generate(session, seed=DEMO_SEED + session.number, mixing="strict")
            editing.lock(plan)
            plan.locked_at = _locked_at(session)
            plan.save(update_fields=["locked_at"])
        else:
            _rotate(session, index, members, tables)
    return list(
        SeatAssignment.objects.filter(session__assembly=assembly).order_by("session__number", "pk")
    )
