"""Generating, regenerating, moving, locking: the seating services."""

from __future__ import annotations

from collections import Counter

import pytest
from django.utils import translation

from borgersamling.seating import editing, planning, reseating
from borgersamling.seating.models import (
    SeatAssignment,
    SeatingPlan,
    SeatingPreference,
    SeatMove,
)
from borgersamling.seating.planning import SeatingError
from tests.accounts.factories import make_participant
from tests.assemblies.factories import make_assembly, make_session, make_theme_table
from tests.seating.factories import Room, make_room


def sizes(room: Room, session_index: int = 0) -> list[int]:
    counts = Counter(
        SeatAssignment.objects.filter(session=room.sessions[session_index]).values_list(
            "theme_table__number", flat=True
        )
    )
    return sorted(counts.values())


def test_generate_seats_every_member_once_at_even_tables(room: Room) -> None:
    plan = planning.generate(room.sessions[0], seed=7, mixing="strict")
    seats = SeatAssignment.objects.filter(session=room.sessions[0])
    assert sorted(seats.values_list("participant_id", flat=True)) == sorted(
        m.pk for m in room.members
    )
    assert sizes(room) == [4, 4, 4]
    assert plan.status == SeatingPlan.Status.DRAFT
    assert plan.quality["mixing"]["table_features"] == 3 * 2  # tables times features
    assert plan.lower_bound["value"] == 0
    assert [row["mixing"] for row in plan.tradeoff] == ["strict", "balanced", "meet"]
    # One host and one scribe per table: four members of each kind are willing.
    roles = Counter(seats.exclude(role="").values_list("theme_table_id", "role"))
    assert len(roles) == 6 and set(roles.values()) == {1}


def test_uneven_numbers_differ_by_at_most_one(assembly: object) -> None:
    room = make_room(make_assembly(), members=14, tables=4)
    planning.generate(room.sessions[0], seed=1, mixing="balanced")
    assert sizes(room) == [3, 3, 4, 4]


def test_the_same_seed_gives_the_same_seating(room: Room) -> None:
    planning.generate(room.sessions[0], seed=11, mixing="strict")
    first = set(room.sessions[0].seats.values_list("participant_id", "theme_table_id", "role"))
    planning.generate(room.sessions[0], seed=11, mixing="strict")
    again = set(room.sessions[0].seats.values_list("participant_id", "theme_table_id", "role"))
    assert first == again


def test_later_sessions_count_the_locked_earlier_ones(room: Room) -> None:
    first = planning.generate(room.sessions[0], seed=1, mixing="meet")
    editing.lock(first)
    second = planning.generate(room.sessions[1], seed=1, mixing="meet")
    # 12 members at 3 tables of 4: 18 pairs meet per session, 66 pairs exist; the history
    # is part of the figures.
    assert second.quality["repeated_pairs"]["in_history"] == 0
    met = {tuple(p["members"]) for p in second.quality["repeated_pairs"]["pairs"]}
    assert all(2 in p["sessions"] for p in second.quality["repeated_pairs"]["pairs"])
    assert second.quality["repeated_pairs"]["total"] == len(met)


def test_a_draft_of_an_earlier_session_is_not_history(room: Room) -> None:
    planning.generate(room.sessions[0], seed=1, mixing="meet")  # a draft: never shown
    second = planning.generate(room.sessions[1], seed=1, mixing="meet")
    assert second.quality["repeated_pairs"]["total"] == 0


def test_regenerate_replaces_a_draft_but_never_a_locked_plan(room: Room) -> None:
    session = room.sessions[0]
    plan = planning.generate(session, seed=1, mixing="strict")
    planning.generate(session, seed=2, mixing="meet")
    assert SeatingPlan.objects.get(session=session).seed == 2
    assert session.seats.count() == 12
    editing.lock(SeatingPlan.objects.get(pk=plan.pk))
    before = set(session.seats.values_list("participant_id", "theme_table_id"))
    with pytest.raises(SeatingError):
        planning.generate(session, seed=3, mixing="strict")
    assert set(session.seats.values_list("participant_id", "theme_table_id")) == before
    assert SeatingPlan.objects.get(session=session).seed == 2


def test_moves_update_the_figures_and_are_logged(room: Room) -> None:
    session = room.sessions[0]
    plan = planning.generate(session, seed=3, mixing="strict")
    seat = session.seats.select_related("participant", "theme_table").first()
    assert seat is not None
    other = next(t for t in room.tables if t.pk != seat.theme_table_id)
    editing.move(plan, seat.participant, other)
    plan.refresh_from_db()
    mixing = plan.quality["mixing"]["sessions"][0]["tables"]
    assert sorted(t["size"] for t in mixing) == [3, 4, 5]
    moved = SeatAssignment.objects.get(pk=seat.pk)
    assert moved.theme_table == other and moved.pinned
    assert SeatMove.objects.get(plan=plan).reason == SeatMove.Reason.MOVED


def test_a_swap_keeps_the_sizes_and_each_role_goes_with_its_member(room: Room) -> None:
    session = room.sessions[0]
    plan = planning.generate(session, seed=3, mixing="strict")
    host = session.seats.filter(role="host").select_related("participant").first()
    assert host is not None
    other = (
        session.seats.exclude(theme_table=host.theme_table)
        .filter(role="")
        .select_related("participant")
        .first()
    )
    assert other is not None
    editing.swap(plan, host.participant, other.participant)
    host.refresh_from_db()
    other.refresh_from_db()
    assert host.role == "host" and host.theme_table_id != other.theme_table_id
    assert sizes(room) == [4, 4, 4]
    plan.refresh_from_db()
    roles = plan.quality["roles"]["sessions"][0]
    assert roles["tables_with_two_hosts"] and roles["tables_without_host"]
    assert SeatMove.objects.filter(plan=plan, reason=SeatMove.Reason.SWAPPED).count() == 2


def test_set_role(room: Room) -> None:
    plan = planning.generate(room.sessions[0], seed=3, mixing="strict")
    seat = room.sessions[0].seats.filter(role="").select_related("participant").first()
    assert seat is not None
    editing.set_role(plan, seat.participant, "scribe")
    seat.refresh_from_db()
    assert seat.role == "scribe"
    with pytest.raises(SeatingError) as raised:
        editing.set_role(plan, seat.participant, "chair")
    assert raised.value.field == "role"


def test_a_locked_plan_refuses_moves_until_unlocked(room: Room) -> None:
    session = room.sessions[0]
    plan = editing.lock(planning.generate(session, seed=3, mixing="strict"))
    a, b = (
        session.seats.select_related("participant", "theme_table")
        .order_by("theme_table__number")
        .all()[i]
        for i in (0, 11)
    )
    before = set(session.seats.values_list("participant_id", "theme_table_id", "role"))
    with pytest.raises(SeatingError):
        editing.move(plan, a.participant, b.theme_table)
    with pytest.raises(SeatingError):
        editing.swap(plan, a.participant, b.participant)
    with pytest.raises(SeatingError):
        editing.set_role(plan, a.participant, "")
    assert set(session.seats.values_list("participant_id", "theme_table_id", "role")) == before
    editing.unlock(plan)
    editing.move(plan, a.participant, b.theme_table)


def test_hand_placed_members_stay_when_generated_again(room: Room) -> None:
    session = room.sessions[0]
    plan = planning.generate(session, seed=3, mixing="strict")
    seat = session.seats.select_related("participant").first()
    assert seat is not None
    target = next(t for t in room.tables if t.pk != seat.theme_table_id)
    editing.move(plan, seat.participant, target)
    for seed in (4, 5, 6):
        planning.generate(session, seed=seed, mixing="meet", keep_pinned=True)
        assert session.seats.get(participant=seat.participant).theme_table == target
    assert not SeatMove.objects.exists()  # the log described the replaced draft


def test_a_host_moved_by_hand_stays_host_when_generated_again(room: Room) -> None:
    session = room.sessions[0]
    plan = planning.generate(session, seed=3, mixing="strict")
    host = session.seats.filter(role="host").select_related("participant").first()
    assert host is not None
    target = next(t for t in room.tables if t.pk != host.theme_table_id)
    editing.move(plan, host.participant, target)
    # No longer on the willing list: only the seat kept as it was placed makes them host.
    SeatingPreference.objects.filter(participant=host.participant).update(willing_host=False)
    for seed in (4, 5, 6):
        planning.generate(session, seed=seed, mixing="strict", keep_pinned=True)
        kept = session.seats.get(participant=host.participant)
        assert (kept.theme_table, kept.role) == (target, "host")
        # and the table has no second host
        assert session.seats.filter(theme_table=target, role="host").count() == 1


def test_a_role_given_by_hand_is_kept_when_generated_again(room: Room) -> None:
    session = room.sessions[0]
    plan = planning.generate(session, seed=3, mixing="strict")
    # A member willing to hold neither role, made scribe by hand (the secretariat's call).
    seat = next(
        s
        for s in session.seats.select_related("participant")
        if not s.role and room.members.index(s.participant) % 3 == 2
    )
    editing.set_role(plan, seat.participant, "scribe")
    seat.refresh_from_db()
    assert seat.pinned
    for seed in (4, 5):
        planning.generate(session, seed=seed, mixing="strict", keep_pinned=True)
        kept = session.seats.get(participant=seat.participant)
        assert (kept.theme_table_id, kept.role) == (seat.theme_table_id, "scribe")
        assert session.seats.filter(theme_table_id=seat.theme_table_id, role="scribe").count() == 1


def test_two_hosts_placed_by_hand_at_one_table_are_named_before_seating(room: Room) -> None:
    session = room.sessions[0]
    plan = planning.generate(session, seed=3, mixing="strict")
    first, second = session.seats.filter(role="host").select_related("participant")[:2]
    editing.move(plan, first.participant, second.theme_table)
    editing.set_role(plan, second.participant, "")
    editing.set_role(plan, second.participant, "host")  # now pinned there as host
    before = set(session.seats.values_list("participant_id", "theme_table_id", "role"))
    with translation.override("en"), pytest.raises(SeatingError) as raised:
        planning.generate(session, seed=4, mixing="strict", keep_pinned=True)
    assert raised.value.field == "keep_pinned"
    assert first.participant.name in raised.value.message
    assert second.participant.name in raised.value.message
    assert set(session.seats.values_list("participant_id", "theme_table_id", "role")) == before
    # Without keeping the hand-placed members, it seats as usual.
    planning.generate(session, seed=4, mixing="strict", keep_pinned=False)


def test_taking_a_role_away_by_hand_does_not_pin_the_member(room: Room) -> None:
    plan = planning.generate(room.sessions[0], seed=3, mixing="strict")
    host = room.sessions[0].seats.filter(role="host").select_related("participant").first()
    assert host is not None
    editing.set_role(plan, host.participant, "")
    host.refresh_from_db()
    assert not host.pinned


def test_no_tables_is_a_clear_error(assembly: object) -> None:
    other = make_assembly()
    session = make_session(other)
    for _ in range(3):
        make_participant(other)
    with translation.override("en"), pytest.raises(SeatingError) as raised:
        planning.generate(session, seed=1, mixing="strict")
    assert "no theme tables" in raised.value.message
    assert raised.value.field is None
    assert not SeatingPlan.objects.exists()


def test_more_members_than_seats_names_the_capacity(room: Room) -> None:
    with translation.override("en"), pytest.raises(SeatingError) as raised:
        planning.generate(room.sessions[0], seed=1, mixing="strict", capacity=3)
    assert raised.value.field == "capacity"
    assert "12 members present" in raised.value.message
    assert "seat only 9" in raised.value.message


def test_fewer_members_than_tables_is_refused(assembly: object) -> None:
    room = make_room(make_assembly(), members=2, tables=3)
    with translation.override("en"), pytest.raises(SeatingError) as raised:
        planning.generate(room.sessions[0], seed=1, mixing="strict")
    assert "cannot fill 3 theme tables" in raised.value.message


def test_a_member_without_a_sign_up_is_seated_too(room: Room) -> None:
    newcomer = make_participant(room.assembly, name="Uden Tilmelding")
    planning.generate(room.sessions[0], seed=1, mixing="strict")
    assert room.sessions[0].seats.filter(participant=newcomer).exists()


def test_only_active_members_are_seated(room: Room) -> None:
    room.members[0].is_active = False
    room.members[0].save()
    make_participant(room.assembly, role="politician")
    planning.generate(room.sessions[0], seed=1, mixing="strict")
    assert room.sessions[0].seats.count() == 11


def _wish(room: Room, table_index: int, members: int = 4) -> None:
    from borgersamling.seating.models import SeatingPreference

    for member in room.members[:members]:
        SeatingPreference.objects.update_or_create(
            participant=member, defaults={"themes": [room.tables[table_index].number]}
        )


def _at(room: Room, session_index: int, table_index: int) -> set[int]:
    return set(
        SeatAssignment.objects.filter(
            session=room.sessions[session_index], theme_table=room.tables[table_index]
        ).values_list("participant_id", flat=True)
    )


def test_theme_wishes_count_at_a_session_marked_so(room: Room) -> None:
    """The four who wish for table 3 are a perfectly mixed table (both genders, both ages),
    so at a session where wishes count they all get it."""
    _wish(room, 2)
    room.sessions[0].theme_wishes = True
    room.sessions[0].save()
    plan = planning.generate(room.sessions[0], seed=1, mixing="strict")
    assert _at(room, 0, 2) == {m.pk for m in room.members[:4]}
    themes = plan.quality["themes"]
    assert (themes["members_with_choices"], themes["first"], themes["not_chosen"]) == (4, 4, 0)


def test_theme_wishes_do_not_count_at_other_sessions(room: Room) -> None:
    _wish(room, 2)
    plan = planning.generate(room.sessions[0], seed=1, mixing="strict")
    themes = plan.quality["themes"]
    assert themes["members_with_choices"] == 4
    assert themes["seats_with_choices"] == 0 and themes["first"] == 0
    assert _at(room, 0, 2) != {m.pk for m in room.members[:4]}


def test_seating_ahead_counts_wishes_only_at_the_later_session_marked_so(room: Room) -> None:
    _wish(room, 1)
    room.sessions[1].theme_wishes = True
    room.sessions[1].save()
    first = planning.generate(room.sessions[0], seed=2, mixing="strict", ahead=True)
    second = SeatingPlan.objects.get(session=room.sessions[1])
    assert first.quality["themes"]["seats_with_choices"] == 0
    assert second.quality["themes"]["first"] == 4
    assert _at(room, 1, 1) == {m.pk for m in room.members[:4]}


def test_next_session(room: Room) -> None:
    import datetime

    first, second, _third = room.sessions
    assert planning.next_session(room.assembly, first.date) == first
    assert planning.next_session(room.assembly, first.date + datetime.timedelta(days=1)) == second
    make_theme_table(room.assembly)  # unrelated rows change nothing
    assert planning.next_session(room.assembly, datetime.date(2099, 1, 1)) is None


def test_a_move_that_changes_table_sizes_updates_the_lower_bound(assembly: object) -> None:
    """Four members at two tables of two: after two sessions only two pairs have not met, so
    the third session can do without a repeat (bound 0); a table of three makes three
    meetings, one of them a repeat (bound 1)."""
    room = make_room(make_assembly(), members=4, tables=2, sessions=3, willing=False)
    for session in room.sessions[:2]:
        editing.lock(planning.generate(session, seed=1, mixing="meet"))
    plan = planning.generate(room.sessions[2], seed=1, mixing="meet")
    assert plan.lower_bound["value"] == 0
    assert plan.quality["repeated_pairs"]["total"] == 0
    seat = SeatAssignment.objects.filter(session=room.sessions[2]).first()
    assert seat is not None
    other = next(t for t in room.tables if t.pk != seat.theme_table_id)
    editing.move(plan, seat.participant, other)
    plan.refresh_from_db()
    assert plan.lower_bound["value"] == 1
    # The mover meets both members of the other table again.
    assert plan.quality["repeated_pairs"]["total"] == 2


def test_keeping_the_tables_moves_only_absences_and_rotates_the_roles(assembly: object) -> None:
    room = make_room(make_assembly(), members=12, tables=3, sessions=2)
    first = planning.generate(room.sessions[0], seed=3, mixing="strict")
    editing.lock(first)
    before = {
        s.participant_id: (s.theme_table_id, s.role)
        for s in SeatAssignment.objects.filter(session=room.sessions[0])
    }
    away = room.members[2]  # willing to hold neither role
    reseating.mark_absent(room.sessions[1], away, True)
    plan, previous = reseating.keep_tables(room.sessions[1])
    assert previous == room.sessions[0]
    after = {
        s.participant_id: (s.theme_table_id, s.role)
        for s in SeatAssignment.objects.filter(session=room.sessions[1])
    }
    assert set(after) == set(before) - {away.pk}
    moved = [pk for pk in after if after[pk][0] != before[pk][0]]
    assert len(moved) <= 1  # 11 at 3 tables: at most one moves to even them out
    # Hosts and scribes take turns: nobody holds a role again while a willing member
    # present has not had it (the report's check).
    roles = plan.quality["roles"]
    assert roles["rotation_kept"], roles["violations"]
    assert roles["tables_without_host"] == 0 and roles["tables_without_scribe"] == 0
    assert plan.status == SeatingPlan.Status.DRAFT


def test_keeping_the_tables_needs_a_locked_earlier_seating(room: Room) -> None:
    with translation.override("en"), pytest.raises(SeatingError, match="No earlier session"):
        reseating.keep_tables(room.sessions[1])


def test_seating_ahead_drafts_the_later_sessions_up_to_a_locked_one(assembly: object) -> None:
    room = make_room(make_assembly(), members=12, tables=3, sessions=4)
    first, second, third, fourth = room.sessions
    editing.lock(planning.generate(fourth, seed=1, mixing="strict"))
    away = room.members[5]
    reseating.mark_absent(third, away, True)
    plan = planning.generate(first, seed=4, mixing="strict", ahead=True)
    assert plan.tradeoff == []  # the figures of a joint run; no trade-off rows
    later = [planning.plan_of(second), planning.plan_of(third)]
    assert all(p is not None and p.status == SeatingPlan.Status.DRAFT for p in later)
    assert sizes(room, 1) == [4, 4, 4] and sizes(room, 2) == [3, 4, 4]
    assert not third.seats.filter(participant=away).exists()
    # The locked fourth session is left as it was, and stops the run.
    assert planning.plan_of(fourth).is_locked  # type: ignore[union-attr]
    # Each draft's figures count the drafts before it as met: session 2 alone has 18 pairs.
    second_plan = later[0]
    assert second_plan is not None
    assert second_plan.quality["repeated_pairs"]["distinct_pairs_met"] > 3 * 6


def test_a_session_locked_while_the_engine_works_is_not_replaced(
    room: Room, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second = room.sessions[0], room.sessions[1]
    planning.generate(second, seed=1, mixing="strict")
    before = set(second.seats.values_list("participant_id", "theme_table_id", "role"))
    before_first = set(first.seats.values_list("participant_id", "theme_table_id"))
    engine = planning._run_engine

    def lock_meanwhile(*args: object) -> object:
        # Someone else locks the later session while this run seats it ahead.
        editing.lock(SeatingPlan.objects.get(session=second))
        return engine(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(planning, "_run_engine", lock_meanwhile)
    with translation.override("en"), pytest.raises(SeatingError, match="was locked while"):
        planning.generate(first, seed=2, mixing="strict", ahead=True)
    assert set(second.seats.values_list("participant_id", "theme_table_id", "role")) == before
    # The whole run is undone: the first session has no new seats either.
    assert set(first.seats.values_list("participant_id", "theme_table_id")) == before_first


def test_seating_ahead_keeps_members_placed_by_hand_in_later_sessions(room: Room) -> None:
    planning.generate(room.sessions[1], seed=2, mixing="strict")
    member = room.members[0]
    seat = SeatAssignment.objects.get(session=room.sessions[1], participant=member)
    target = next(t for t in room.tables if t.pk != seat.theme_table_id)
    editing.move(planning.plan_of(room.sessions[1]), member, target)  # type: ignore[arg-type]
    planning.generate(room.sessions[0], seed=2, mixing="strict", ahead=True)
    again = SeatAssignment.objects.get(session=room.sessions[1], participant=member)
    assert again.theme_table_id == target.pk and again.pinned
