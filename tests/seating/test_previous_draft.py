"""The previous draft: kept when a draft is replaced, compared on the page, switched back
to (and forth again), refused when it would seat the wrong people."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.test import Client
from django.utils import translation

from borgersamling.seating import drafts, editing, planning, reseating
from borgersamling.seating.models import Absence, SeatAssignment, SeatingPlan, SeatMove
from tests.accounts.factories import make_participant
from tests.seating.factories import Room
from tests.seating.test_pages import url


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    with translation.override("en"):
        yield


def board(room: Room) -> list[tuple[int, int, str, bool]]:
    return sorted(
        SeatAssignment.objects.filter(session=room.sessions[0]).values_list(
            "participant_id", "theme_table_id", "role", "pinned"
        )
    )


def log(plan: SeatingPlan) -> list[tuple[int, str, int]]:
    return sorted(plan.moves.values_list("participant_id", "reason", "batch"))


def first_draft_with_a_move(room: Room) -> SeatingPlan:
    plan = planning.generate(room.sessions[0], seed=1, mixing="strict")
    member = room.members[0]
    seat = SeatAssignment.objects.get(session=room.sessions[0], participant=member)
    other = next(t for t in room.tables if t.pk != seat.theme_table_id)
    editing.move(plan, member, other)
    return SeatingPlan.objects.get(pk=plan.pk)


def test_generating_again_keeps_the_draft_it_replaces(room: Room) -> None:
    first = first_draft_with_a_move(room)
    first_board, first_log = board(room), log(first)
    assert first.previous == {}
    second = planning.generate(room.sessions[0], seed=2, mixing="balanced", keep_pinned=False)
    assert second.previous["seed"] == 1 and second.previous["mixing"] == "strict"
    second_board = board(room)
    assert second_board != first_board and log(second) == []

    again = drafts.switch_to_previous(second)
    # The first draft is back as it was: seats, roles, marks, choices and its log.
    assert board(room) == first_board and log(again) == first_log
    assert (again.seed, again.mixing) == (1, "strict")
    assert again.quality["repeated_pairs"]["total"] == first.quality["repeated_pairs"]["total"]
    # ... and the second is now the previous one: switching again goes back to it.
    assert again.previous["seed"] == 2
    forth = drafts.switch_to_previous(again)
    assert board(room) == second_board and (forth.seed, forth.mixing) == (2, "balanced")
    assert forth.previous["seed"] == 1


def test_the_summary_compares_the_previous_draft(room: Room) -> None:
    first = first_draft_with_a_move(room)
    second = planning.generate(room.sessions[0], seed=2, mixing="strict")
    summary = drafts.summary(second)
    assert summary is not None
    assert summary["seed"] == 1 and summary["changes"] == 1
    assert summary["repeats_total"] == first.quality["repeated_pairs"]["total"]
    assert summary["cells"] == first.quality["mixing"]["table_features"]
    assert summary["created_at"] == first.created_at
    assert drafts.summary(first) is None


def test_no_previous_draft_and_a_locked_plan_are_refused(room: Room) -> None:
    plan = planning.generate(room.sessions[0], seed=1, mixing="strict")
    with pytest.raises(planning.SeatingError, match="no previous draft"):
        drafts.switch_to_previous(plan)
    plan = planning.generate(room.sessions[0], seed=2, mixing="strict")
    locked = editing.lock(plan)
    before = board(room)
    with pytest.raises(planning.SeatingError, match="locked"):
        drafts.switch_to_previous(locked)
    assert board(room) == before


def test_a_previous_draft_that_seats_the_wrong_people_is_refused(room: Room) -> None:
    planning.generate(room.sessions[0], seed=1, mixing="strict")
    plan = planning.generate(room.sessions[0], seed=2, mixing="strict")
    reseating.mark_absent(room.sessions[0], room.members[3], True)
    plan.refresh_from_db()
    before, before_log = board(room), log(plan)
    with pytest.raises(planning.SeatingError, match="would seat the wrong people"):
        drafts.switch_to_previous(plan)
    assert board(room) == before and log(plan) == before_log
    # A member who joins since is refused the same way.
    reseating.mark_absent(room.sessions[0], room.members[3], False)
    make_participant(room.assembly, name="Sen Kommer")
    with pytest.raises(planning.SeatingError, match="would seat the wrong people"):
        drafts.switch_to_previous(plan)


def test_the_log_of_the_previous_draft_survives_a_deleted_member(room: Room) -> None:
    first = first_draft_with_a_move(room)
    mover = first.moves.get().participant_id
    planning.generate(room.sessions[0], seed=2, mixing="strict")
    # The absence log refers to someone who is then deleted: the log comes back without it.
    plan = SeatingPlan.objects.get(pk=first.pk)
    gone = make_participant(room.assembly, name="Slettes")
    plan.previous["moves"].append(
        {**plan.previous["moves"][0], "participant_id": gone.pk, "reason": "absent"}
    )
    plan.save()
    gone.delete()
    back = drafts.switch_to_previous(plan)
    assert [m.participant_id for m in back.moves.all()] == [mover]
    assert back.moves.get().reason == SeatMove.Reason.MOVED


def test_the_page_offers_the_previous_draft_and_switches(staff: Client, room: Room) -> None:
    first_draft_with_a_move(room)
    first_board = board(room)
    html = staff.get(url(room, "session")).content.decode()
    assert url(room, "previous-draft") not in html
    planning.generate(room.sessions[0], seed=2, mixing="strict", keep_pinned=False)
    html = staff.get(url(room, "session")).content.decode()
    assert "The previous draft" in html and "with seed 1:" in html
    assert "1 change by hand." in html and "This draft:" in html
    response = staff.post(url(room, "previous-draft"), follow=True)
    assert "This is the previous draft again." in response.content.decode()
    assert board(room) == first_board
    # Nothing to switch back to on a locked plan: the control is not offered.
    editing.lock(SeatingPlan.objects.get(session=room.sessions[0]))
    assert url(room, "previous-draft") not in staff.get(url(room, "session")).content.decode()


def test_the_page_says_what_made_the_previous_draft(staff: Client, room: Room) -> None:
    first, second = room.sessions[:2]
    editing.lock(planning.generate(first, seed=1, mixing="strict"))
    reseating.keep_tables(second)
    assert SeatingPlan.objects.get(session=second).source == "kept"
    planning.generate(second, seed=3, mixing="strict")
    html = staff.get(url(room, "session", number=2)).content.decode()
    previous = html[html.index('id="previous-heading"') : html.index("This draft:")]
    assert "The tables of an earlier session, kept" in previous and "seed" not in previous


def boards(room: Room) -> dict[int, list[tuple[int, int]]]:
    return {
        session.number: sorted(
            SeatAssignment.objects.filter(session=session).values_list(
                "participant_id", "theme_table_id"
            )
        )
        for session in room.sessions
    }


def generated_ahead_twice(room: Room) -> tuple[dict[int, list[tuple[int, int]]], ...]:
    planning.generate(room.sessions[0], seed=1, mixing="strict", ahead=True)
    first = boards(room)
    planning.generate(room.sessions[0], seed=2, mixing="strict", ahead=True, keep_pinned=False)
    second = boards(room)
    assert all(first[n] != second[n] for n in first)  # the seed changes every session
    return first, second


def test_sessions_seated_in_one_run_go_back_and_forth_together(room: Room) -> None:
    first, second = generated_ahead_twice(room)
    plans = {p.session.number: p for p in SeatingPlan.objects.select_related("session")}
    assert [p.session.number for p in drafts.together(plans[1])] == [2, 3]
    drafts.switch_to_previous(plans[1])
    assert boards(room) == first
    assert {p.seed for p in SeatingPlan.objects.all()} == {1}
    # Forth again from a later session: the run's drafts are its previous ones now.
    drafts.switch_to_previous(SeatingPlan.objects.get(session=room.sessions[1]))
    assert boards(room) == second


def test_a_session_seated_alone_switches_alone(room: Room) -> None:
    planning.generate(room.sessions[0], seed=1, mixing="strict")
    planning.generate(room.sessions[1], seed=1, mixing="strict")
    plan = planning.generate(room.sessions[0], seed=2, mixing="strict", keep_pinned=False)
    second_session = boards(room)[2]
    assert drafts.together(plan) == []
    drafts.switch_to_previous(plan)
    assert boards(room)[2] == second_session


def test_a_locked_session_of_the_run_stays_as_it_is(room: Room) -> None:
    first, second = generated_ahead_twice(room)
    editing.lock(SeatingPlan.objects.get(session=room.sessions[2]))
    drafts.switch_to_previous(SeatingPlan.objects.get(session=room.sessions[0]))
    assert boards(room) == {1: first[1], 2: first[2], 3: second[3]}


def test_one_session_that_cannot_go_back_stops_them_all(room: Room) -> None:
    _first, second = generated_ahead_twice(room)
    Absence.objects.create(session=room.sessions[1], participant=room.members[0])
    with pytest.raises(planning.SeatingError) as refused:
        drafts.switch_to_previous(SeatingPlan.objects.get(session=room.sessions[0]))
    assert refused.value.message.startswith(
        "Session 2 was seated together with this one and would go back too, but cannot: "
        "Members have come or been marked absent since"
    )
    assert boards(room) == second


def test_the_page_names_the_sessions_that_switch_together(staff: Client, room: Room) -> None:
    first, _second = generated_ahead_twice(room)
    html = staff.get(url(room, "session")).content.decode()
    assert "Sessions 2, 3 were seated in the same run and switch with this one." in html
    response = staff.post(url(room, "previous-draft"), follow=True)
    assert "Sessions 2, 3, seated in the same run, switched with it." in response.content.decode()
    assert boards(room) == first
