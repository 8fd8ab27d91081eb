"""Absences and late members reseat only what must move."""

from __future__ import annotations

from collections import Counter

from borgersamling.assemblies.models import Assembly
from borgersamling.seating import editing, planning, reseating
from borgersamling.seating.models import Absence, SeatAssignment, SeatingPlan, SeatMove
from tests.accounts.factories import make_participant
from tests.seating.factories import Room, make_room


def seats_of(room: Room) -> dict[int, tuple[int, str]]:
    return {
        seat.participant_id: (seat.theme_table_id, seat.role)
        for seat in SeatAssignment.objects.filter(session=room.sessions[0])
    }


def tables_of(room: Room) -> dict[int, int]:
    return {member: table for member, (table, _role) in seats_of(room).items()}


def locked_room(assembly: Assembly, members: int = 36, tables: int = 6) -> tuple[Room, SeatingPlan]:
    room = make_room(assembly, members=members, tables=tables, sessions=1)
    plan = editing.lock(planning.generate(room.sessions[0], seed=5, mixing="strict"))
    return room, plan


def test_one_absence_at_six_tables_of_six_moves_no_one(assembly: Assembly) -> None:
    room, _plan = locked_room(assembly)
    before = tables_of(room)
    absent = room.members[0]
    moves = reseating.mark_absent(room.sessions[0], absent, True)
    after = tables_of(room)
    assert absent.pk not in after
    assert reseating.moved_members(moves) == 0
    assert all(after[m] == before[m] for m in after)
    assert sorted(Counter(after.values()).values()) == [5, 6, 6, 6, 6, 6]
    assert Absence.objects.filter(session=room.sessions[0], participant=absent).exists()


def test_two_absences_at_one_table_move_exactly_one_member(assembly: Assembly) -> None:
    room, plan = locked_room(assembly)
    before = tables_of(room)
    table = before[room.members[0].pk]
    same = [m for m in room.members if before[m.pk] == table][:2]
    reseating.mark_absent(room.sessions[0], same[0], True)
    moves = reseating.mark_absent(room.sessions[0], same[1], True)
    after = tables_of(room)
    changed = [m for m in after if after[m] != before[m]]
    assert len(changed) == 1 == reseating.moved_members(moves)
    assert after[changed[0]] == table
    assert sorted(Counter(after.values()).values()) == [5, 5, 6, 6, 6, 6]
    plan.refresh_from_db()
    assert plan.is_locked  # reseating keeps the plan published
    assert plan.quality["mixing"]["sessions"][0]["tables"][0]["size"] in (5, 6)


def test_a_table_that_loses_its_host_gets_a_willing_one(assembly: Assembly) -> None:
    room, _plan = locked_room(assembly)
    host = SeatAssignment.objects.filter(session=room.sessions[0], role="host").first()
    assert host is not None
    willing_there = [
        s
        for s in SeatAssignment.objects.filter(theme_table=host.theme_table, role="")
        if s.participant.seating_preference.willing_host
    ]
    moves = reseating.mark_absent(room.sessions[0], host.participant, True)
    new_host = SeatAssignment.objects.filter(theme_table=host.theme_table, role="host")
    assert new_host.count() == (1 if willing_there else 0)
    if willing_there:
        assert any(m.reason == SeatMove.Reason.ROLE for m in moves)


def test_a_late_replacement_is_seated_and_no_one_else_moves(assembly: Assembly) -> None:
    room, _plan = locked_room(assembly)
    before = tables_of(room)
    late = make_participant(room.assembly, name="Sen Erstatning")
    plan = planning.plan_of(room.sessions[0])
    assert plan is not None
    moves = reseating.reseat(plan)
    after = tables_of(room)
    assert late.pk in after
    assert reseating.moved_members(moves) == 1
    assert [m.participant for m in moves if m.reason == SeatMove.Reason.JOINED] == [late]
    assert all(after[m] == before[m] for m in before)
    assert sorted(Counter(after.values()).values()) == [6, 6, 6, 6, 6, 7]


def test_a_replacement_for_an_absent_member_fills_the_gap(assembly: Assembly) -> None:
    room, plan = locked_room(assembly)
    before = tables_of(room)
    gone = room.members[3]
    gone.is_active = False  # dropped out; the replacement takes their place
    gone.save()
    late = make_participant(room.assembly, name="Erstatning")
    moves = reseating.reseat(plan)
    after = tables_of(room)
    assert after[late.pk] == before[gone.pk]
    assert gone.pk not in after
    assert reseating.moved_members(moves) == 1


def test_coming_after_all_seats_the_member_again(assembly: Assembly) -> None:
    room, _plan = locked_room(assembly, members=12, tables=3)
    member = room.members[1]
    reseating.mark_absent(room.sessions[0], member, True)
    moves = reseating.mark_absent(room.sessions[0], member, False)
    assert member.pk in tables_of(room)
    assert reseating.moved_members(moves) == 1
    assert not Absence.objects.exists()


def test_an_absence_before_generating_is_left_out(assembly: Assembly) -> None:
    room = make_room(assembly, members=12, tables=3, sessions=1)
    assert reseating.mark_absent(room.sessions[0], room.members[0], True) == []
    planning.generate(room.sessions[0], seed=1, mixing="strict")
    assert room.members[0].pk not in tables_of(room)
    assert len(tables_of(room)) == 11


def test_target_sizes_keep_the_fullest_tables_full() -> None:
    assert reseating.target_sizes({"1": 6, "2": 4, "3": 6}, 16, None) == {"1": 6, "3": 5, "2": 5}
    assert reseating.target_sizes({"1": 3, "2": 5}, 8, None) == {"2": 4, "1": 4}
