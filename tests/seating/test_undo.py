"""Undoing changes by hand on a draft seating (seating.undoing), and its button."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.test import Client
from django.utils import translation

from borgersamling.assemblies.models import ThemeTable
from borgersamling.seating import editing, planning, reseating, undoing
from borgersamling.seating.models import SeatAssignment, SeatingPlan, SeatMove
from borgersamling.seating.planning import SeatingError
from tests.seating.factories import Room
from tests.seating.test_choose_roles import unbalance
from tests.seating.test_pages import generate, url

Seats = dict[int, tuple[int, str, bool]]


def seats_of(plan: SeatingPlan) -> Seats:
    """Member -> (table, role, placed by hand)."""
    return {
        s.participant_id: (s.theme_table_id, s.role, s.pinned)
        for s in SeatAssignment.objects.filter(session=plan.session)
    }


def seat(plan: SeatingPlan, role: str | None = None) -> SeatAssignment:
    seats = SeatAssignment.objects.filter(session=plan.session).select_related("participant")
    if role is not None:
        seats = seats.filter(role=role)
    found = seats.order_by("participant_id").first()
    assert found is not None
    return found


def other_table(room: Room, than: SeatAssignment) -> ThemeTable:
    return next(t for t in room.tables if t.pk != than.theme_table_id)


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    """The services' messages in English, as the page tests see them."""
    with translation.override("en"):
        yield


@pytest.fixture
def plan(room: Room) -> SeatingPlan:
    return planning.generate(room.sessions[0], seed=3, mixing="strict")


def test_a_move_is_undone_with_its_role_and_mark(plan: SeatingPlan, room: Room) -> None:
    host = seat(plan, "host")
    assert not host.pinned
    before, quality = seats_of(plan), plan.quality
    target = other_table(room, host)
    editing.move(plan, host.participant, target)
    assert seats_of(plan)[host.participant_id] == (target.pk, "host", True)
    undone = undoing.undo(plan)
    assert [m.participant_id for m in undone] == [host.participant_id]
    assert seats_of(plan) == before  # back at the table, host again, not marked by hand
    plan.refresh_from_db()
    assert plan.quality == quality  # the figures follow
    entry = plan.moves.get(reason=SeatMove.Reason.UNDONE)
    assert (entry.from_table_id, entry.to_table_id) == (target.pk, host.theme_table_id)
    assert plan.moves.get(reason=SeatMove.Reason.MOVED).undone


def test_a_swap_is_undone_for_both(plan: SeatingPlan) -> None:
    first = seat(plan)
    second = (
        SeatAssignment.objects.filter(session=plan.session)
        .exclude(theme_table=first.theme_table)
        .select_related("participant")
        .first()
    )
    assert second is not None
    before = seats_of(plan)
    editing.swap(plan, first.participant, second.participant)
    assert undoing.describe(undoing.last_change(plan)).endswith("swapped tables")
    assert len(undoing.undo(plan)) == 2
    assert seats_of(plan) == before


def test_a_role_is_undone_and_an_earlier_pin_kept(plan: SeatingPlan, room: Room) -> None:
    member = seat(plan, "")
    target = other_table(room, member)
    editing.move(plan, member.participant, target)  # pinned from here on
    editing.set_role(plan, member.participant, "scribe")
    assert seats_of(plan)[member.participant_id] == (target.pk, "scribe", True)
    undoing.undo(plan)
    # The role is taken back; the move before it (and its mark) stays.
    assert seats_of(plan)[member.participant_id] == (target.pk, "", True)


def test_changes_are_undone_newest_first_down_to_the_generated_seating(
    plan: SeatingPlan, room: Room
) -> None:
    generated = seats_of(plan)
    first, second = seat(plan, "host"), seat(plan, "scribe")
    editing.move(plan, first.participant, other_table(room, first))
    after_first = seats_of(plan)
    editing.set_role(plan, second.participant, "")
    undoing.undo(plan)
    assert seats_of(plan) == after_first
    undoing.undo(plan)
    assert seats_of(plan) == generated
    assert undoing.last_change(plan) == []
    with pytest.raises(SeatingError, match="no change by hand to undo"):
        undoing.undo(plan)


def test_roles_chosen_again_are_undone_in_one_go(plan: SeatingPlan) -> None:
    unbalance(plan)  # a swap by hand: two hosts at one table
    unbalanced = seats_of(plan)
    changed = reseating.choose_roles(plan)
    assert len(undoing.last_change(plan)) == len(changed) > 1
    undoing.undo(plan)
    assert seats_of(plan) == unbalanced


def test_reseating_for_an_absence_is_not_undone_here(plan: SeatingPlan, room: Room) -> None:
    member = seat(plan)
    editing.move(plan, member.participant, other_table(room, member))
    reseating.mark_absent(plan.session, room.members[-1], True)
    # The absence's reseating is the last change: undoing the move under it would mix the two.
    assert undoing.last_change(plan) == []
    with pytest.raises(SeatingError):
        undoing.undo(plan)


def test_a_locked_plan_is_not_changed(plan: SeatingPlan, room: Room) -> None:
    member = seat(plan)
    editing.move(plan, member.participant, other_table(room, member))
    editing.lock(plan)
    locked = seats_of(plan)
    with pytest.raises(SeatingError, match="locked"):
        undoing.undo(plan)
    assert seats_of(plan) == locked


def test_a_seat_changed_behind_the_log_is_not_overwritten(plan: SeatingPlan, room: Room) -> None:
    member = seat(plan)
    target = other_table(room, member)
    editing.move(plan, member.participant, target)
    # An edit outside these pages (the admin, say): the move's record no longer fits.
    SeatAssignment.objects.filter(pk=member.pk).update(role="scribe")
    with pytest.raises(SeatingError, match="cannot be undone"):
        undoing.undo(plan)
    assert seats_of(plan)[member.participant_id] == (target.pk, "scribe", True)
    assert not plan.moves.filter(reason=SeatMove.Reason.UNDONE).exists()


def test_a_change_recorded_before_undo_existed_is_not_undone(plan: SeatingPlan, room: Room) -> None:
    member = seat(plan)
    editing.move(plan, member.participant, other_table(room, member))
    plan.moves.update(previous_role=None)  # as rows stored before the field was added
    assert undoing.last_change(plan) == []


# --- the page -------------------------------------------------------------------------------


def test_the_undo_button_says_what_it_undoes(staff: Client, room: Room) -> None:
    generate(staff, room)
    html = staff.get(url(room, "session")).content.decode()
    assert 'id="undo-button"' not in html  # nothing done by hand yet
    moved = (
        SeatAssignment.objects.filter(session=room.sessions[0])
        .select_related("participant")
        .first()
    )
    assert moved is not None
    target = other_table(room, moved)
    staff.post(url(room, "move"), {"member": moved.participant_id, "target": f"table:{target.pk}"})
    html = staff.get(url(room, "session")).content.decode()
    assert f"Undo: {moved.participant.name} moved to table {target.number}" in html
    response = staff.post(url(room, "undo"), follow=True)
    html = response.content.decode()
    assert f"Undone: {moved.participant.name} moved to table {target.number}." in html
    assert 'id="undo-button"' not in html
    assert "– undone" in html  # the move stays in the log, marked
    moved.refresh_from_db()
    assert moved.theme_table_id != target.pk and not moved.pinned
    again = staff.post(url(room, "undo"), follow=True).content.decode()
    assert "There is no change by hand to undo." in again
