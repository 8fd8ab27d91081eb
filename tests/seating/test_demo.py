"""The demo seats every member at a table in every session."""

from __future__ import annotations

import itertools

import pytest

from borgersamling.accounts.demo import create_demo_accounts
from borgersamling.accounts.models import Participant, Role
from borgersamling.assemblies.demo import load_demo
from borgersamling.assemblies.models import Assembly
from borgersamling.seating.demo import seat_demo_members
from borgersamling.seating.models import SeatAssignment


@pytest.fixture
def demo(db: None) -> Assembly:
    assembly = load_demo()
    create_demo_accounts(assembly)
    return assembly


def test_every_member_has_a_table_in_every_session(demo: Assembly) -> None:
    seat_demo_members(demo)
    members = Participant.objects.filter(assembly=demo, role=Role.MEMBER)
    assert members.count() >= 2
    for member in members:
        assert sorted(member.seats.values_list("session__number", flat=True)) == [1, 2, 3, 4, 5]
    # Only members sit at the theme tables, and every seat is valid.
    assert SeatAssignment.objects.count() == members.count() * demo.sessions.count()
    for seat in SeatAssignment.objects.all():
        seat.full_clean()


def test_members_move_to_a_new_table_each_session(demo: Assembly) -> None:
    seat_demo_members(demo)
    for member in Participant.objects.filter(assembly=demo, role=Role.MEMBER):
        tables = list(
            member.seats.order_by("session__number").values_list("theme_table", flat=True)
        )
        assert all(a != b for a, b in itertools.pairwise(tables))


def test_seating_the_demo_twice_moves_no_one(demo: Assembly) -> None:
    first = {(s.session_id, s.participant_id, s.theme_table_id) for s in seat_demo_members(demo)}
    second = {(s.session_id, s.participant_id, s.theme_table_id) for s in seat_demo_members(demo)}
    assert first == second
    assert SeatAssignment.objects.count() == len(first)


def test_the_demo_plans_are_locked_so_members_see_them(demo: Assembly) -> None:
    from borgersamling.seating.models import SeatingPlan

    seat_demo_members(demo)
    plans = SeatingPlan.objects.filter(session__assembly=demo)
    assert plans.count() == demo.sessions.count()
    assert all(plan.is_locked and plan.quality for plan in plans)
    assert SeatAssignment.objects.visible_to_members().count() == SeatAssignment.objects.count()


def test_with_enough_members_the_engine_seats_the_demo(demo: Assembly) -> None:
    from tests.accounts.factories import make_participant

    for k in range(10):
        make_participant(demo, Role.MEMBER, name=f"Ekstra {k}")
    seats = seat_demo_members(demo)
    members = Participant.objects.filter(assembly=demo, role=Role.MEMBER).count()
    assert len(seats) == members * demo.sessions.count()
    from borgersamling.seating.models import SeatingPlan

    plan = SeatingPlan.objects.get(session__assembly=demo, session__number=5)
    assert plan.tradeoff  # the engine's figures, not the rotation's
    assert plan.quality["repeated_pairs"]["in_history"] >= 0
