"""The demo seats every member at a table in every session."""

from __future__ import annotations

import itertools
from typing import Any

import pytest

from borgersamling.accounts.demo import create_demo_accounts
from borgersamling.accounts.models import Participant, Role
from borgersamling.assemblies.demo import load_demo
from borgersamling.assemblies.models import Assembly
from borgersamling.seating.demo import seat_demo_members
from borgersamling.seating.models import ApartPair, SeatAssignment


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
    assert all(plan.lower_bound["value"] is not None for plan in plans)
    assert SeatAssignment.objects.visible_to_members().count() == SeatAssignment.objects.count()
    # Locked before the session, not on the day the demo was started.
    for plan in plans:
        assert plan.locked_at is not None
        assert plan.locked_at.date() < plan.session.date


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


def test_the_demo_seats_its_drawn_panel(demo: Assembly, settings: Any) -> None:
    """The drawn panel has said yes (all but the letter left to try confirming); Mette and
    Jonas are two of them, and the engine seats every member with their sign-up's mix."""
    settings.BORGERSAMLING_SEATING_EFFORT = 30  # long enough to seat the role holders apart
    from borgersamling.recruitment.demo import (
        DEMO_CODES,
        confirm_demo_panel,
        create_demo_invitations,
        load_demo_recruitment,
    )
    from borgersamling.recruitment.demo_lottery import draw_demo_lottery
    from borgersamling.recruitment.models import SignUp
    from borgersamling.seating.models import SeatingPlan

    recruitment = load_demo_recruitment(demo)
    draw_demo_lottery(recruitment)
    create_demo_invitations(recruitment)
    confirmed = confirm_demo_panel(recruitment)
    assert len(confirmed) == 35
    assert SignUp.objects.get(invitation__code=DEMO_CODES[2][0]).status == SignUp.Status.SELECTED
    assert confirm_demo_panel(recruitment) == []  # a second start changes nothing
    create_demo_accounts(demo)  # finds Mette and Jonas among the panel
    members = Participant.objects.filter(assembly=demo, role=Role.MEMBER, is_active=True)
    assert members.count() == 35
    assert {"Mette Medlem", "Jonas Medlem"} <= set(members.values_list("name", flat=True))
    assert all(hasattr(member, "signup") for member in members)
    seat_demo_members(demo)
    for plan in SeatingPlan.objects.filter(session__assembly=demo):
        assert plan.is_locked and plan.tradeoff
        assert plan.locked_at is not None and plan.locked_at.date() < plan.session.date
        mixing = plan.quality["mixing"]
        assert mixing["table_features"] == 6 * 5  # six tables, five criteria
        roles = plan.quality["roles"]
        assert roles["rotation_kept"]
        assert roles["tables_without_host"] == roles["tables_without_scribe"] == 0
        # Everyone wished for two themes; the wishes count at the open session only.
        themes = plan.quality["themes"]
        assert themes["members_with_choices"] == 35
        if plan.session.number == 3:
            assert plan.session.theme_wishes and themes["seats_with_choices"] == 35
            assert themes["first_or_second"] > 35 // 2
        else:
            assert themes["seats_with_choices"] == 0
        # The two made-up relatives sit at separate tables in every session.
        assert plan.quality["apart"] == {"pairs": 1, "kept": True, "together": []}
    pair = ApartPair.objects.get(assembly=demo)
    for number in range(1, 6):
        seats = SeatAssignment.objects.filter(session__assembly=demo, session__number=number)
        assert (
            seats.get(participant=pair.first).theme_table
            != seats.get(participant=pair.second).theme_table
        )
    assert SeatAssignment.objects.filter(session__assembly=demo).count() == 35 * 5


def test_restarting_the_demo_keeps_the_seats(demo: Assembly) -> None:
    """The demo reloads its content on every start; the tables the seats hang on stay."""
    first = {(s.session_id, s.participant_id, s.theme_table_id) for s in seat_demo_members(demo)}
    load_demo()
    create_demo_accounts(demo)
    again = {(s.session_id, s.participant_id, s.theme_table_id) for s in seat_demo_members(demo)}
    assert again == first
    assert SeatAssignment.objects.count() == len(first) > 0
