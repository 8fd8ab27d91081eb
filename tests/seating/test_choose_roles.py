"""Hosts and scribes chosen again after moves by hand (reseating.choose_roles)."""

from __future__ import annotations

from collections import Counter

import pytest
from django.utils import translation

from borgersamling.seating import editing, planning, reseating
from borgersamling.seating.models import SeatAssignment, SeatingPlan, SeatMove
from borgersamling.seating.planning import SeatingError
from tests.accounts.factories import make_participant
from tests.assemblies.factories import make_assembly
from tests.seating.factories import Room, make_room


def seats_of(plan: SeatingPlan) -> dict[int, tuple[int, str]]:
    return {
        s.participant_id: (s.theme_table_id, s.role)
        for s in SeatAssignment.objects.filter(session=plan.session)
    }


def unbalance(plan: SeatingPlan) -> None:
    """Swap a host with a member holding no role at another table: one table has two hosts,
    another none (each role goes with its member). The host leaves a table where another
    member is willing to host, so every table can have a host again."""
    session = plan.session
    seats = list(session.seats.select_related("participant__seating_preference"))
    willing = Counter(
        s.theme_table_id for s in seats if s.participant.seating_preference.willing_host
    )
    host = next(s for s in seats if s.role == "host" and willing[s.theme_table_id] > 1)
    other = (
        session.seats.exclude(theme_table=host.theme_table)
        .filter(role="")
        .select_related("participant")
        .first()
    )
    assert other is not None
    editing.swap(plan, host.participant, other.participant)
    plan.refresh_from_db()
    roles = plan.quality["roles"]["sessions"][0]
    assert roles["tables_with_two_hosts"] and roles["tables_without_host"]


def test_every_table_gets_one_host_and_one_scribe_again(room: Room) -> None:
    plan = planning.generate(room.sessions[0], seed=3, mixing="strict")
    unbalance(plan)
    before = seats_of(plan)
    moves = reseating.choose_roles(plan)
    plan.refresh_from_db()
    after = seats_of(plan)
    # Nobody changes table; only roles change, and each change is logged.
    assert {m: t for m, (t, _r) in after.items()} == {m: t for m, (t, _r) in before.items()}
    changed = {m for m in after if after[m][1] != before[m][1]}
    assert changed and {move.participant_id for move in moves} == changed
    assert all(move.reason == SeatMove.Reason.ROLE for move in moves)
    assert len({move.batch for move in moves}) == 1
    # The fewest changes that put it right: one of the two hosts gives way, and a willing
    # member at the table the host left takes over; every other role stays.
    assert len(changed) == 2
    per_table = Counter((table, role) for table, role in after.values() if role)
    assert len(per_table) == 2 * len(room.tables) and set(per_table.values()) == {1}, per_table
    roles = plan.quality["roles"]["sessions"][0]
    assert not roles["tables_with_two_hosts"] and not roles["tables_without_host"]


def test_the_rotation_counts_the_earlier_sessions(assembly: object) -> None:
    room = make_room(make_assembly(), members=12, tables=3, sessions=2)
    editing.lock(planning.generate(room.sessions[0], seed=3, mixing="strict"))
    hosted_before = set(
        room.sessions[0].seats.filter(role="host").values_list("participant_id", flat=True)
    )
    plan = planning.generate(room.sessions[1], seed=5, mixing="strict")
    unbalance(plan)
    reseating.choose_roles(plan)
    plan.refresh_from_db()
    # Four are willing to host and three tables need one: at most one who hosted before
    # hosts again, and only once the one who has not is a host too.
    hosts = set(room.sessions[1].seats.filter(role="host").values_list("participant_id", flat=True))
    willing = {m.pk for k, m in enumerate(room.members) if k % 3 == 0}
    assert willing - hosted_before <= hosts
    assert plan.quality["roles"]["rotation_kept"], plan.quality["roles"]["violations"]


def test_a_locked_plan_is_refused_and_left_as_it_is(room: Room) -> None:
    plan = planning.generate(room.sessions[0], seed=3, mixing="strict")
    unbalance(plan)
    editing.lock(plan)
    before = seats_of(plan)
    with translation.override("en"), pytest.raises(SeatingError, match="locked"):
        reseating.choose_roles(plan)
    assert seats_of(plan) == before
    assert not SeatMove.objects.filter(plan=plan, reason=SeatMove.Reason.ROLE).exists()


def test_members_without_a_seat_must_be_seated_first(room: Room) -> None:
    plan = planning.generate(room.sessions[0], seed=3, mixing="strict")
    unbalance(plan)
    before = seats_of(plan)
    make_participant(room.assembly, name="Sen Ankomst")
    with translation.override("en"), pytest.raises(SeatingError, match="without a seat first"):
        reseating.choose_roles(plan)
    assert seats_of(plan) == before
