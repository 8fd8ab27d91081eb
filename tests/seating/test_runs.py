"""Generating a seating in the background: the run's queue, progress, outcome and stop, and
what the plan page shows meanwhile."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone, translation

from borgersamling.grouping.engine import seat
from borgersamling.seating import editing, planning, reseating, runs, tasks
from borgersamling.seating.models import SeatAssignment, SeatingPlan, SeatingRun
from borgersamling.sortition.errors import InputError
from tests.accounts.factories import make_participant
from tests.seating.factories import Room
from tests.seating.test_pages import generate, url

DATABASE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def queued(settings: Any) -> None:
    """Runs wait in the database queue, as they do for a worker beside the web."""
    settings.TASKS = DATABASE


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    """The services' messages in English (the pages' tests switch with the staff client)."""
    with translation.override("en"):
        yield


def request_(**changes: Any) -> planning.Request:
    return planning.Request(**{"seed": 5, "mixing": "strict", **changes})


def seats_of(room: Room) -> list[tuple[int, int]]:
    return sorted(
        SeatAssignment.objects.filter(session=room.sessions[0]).values_list(
            "participant_id", "theme_table_id"
        )
    )


class Watching(runs.SeatingReporter):
    """Records the row after every save, as the page's poller would read it."""

    def __init__(self, run: SeatingRun, seen: list[tuple[str, str, float]]) -> None:
        super().__init__(run, [1.0, 0.5, 0.5], interval=0)
        self.seen = seen

    def _save(self) -> None:
        super()._save()
        self.seen.append(
            SeatingRun.objects.values_list("status", "stage", "progress").get(pk=self.run_id)
        )


def test_a_run_stores_the_seating_as_a_draft_with_its_progress(room: Room) -> None:
    run = runs.create_run(room.sessions[0], request_(), user=None)
    assert run.status == SeatingRun.Status.QUEUED
    assert not SeatingPlan.objects.exists()  # nothing is seated before the worker runs it
    seen: list[tuple[str, str, float]] = []
    assert runs.execute_run(run.pk, Watching(run, seen)) == SeatingRun.Status.DONE
    run.refresh_from_db()
    plan = SeatingPlan.objects.get(session=room.sessions[0])
    assert (plan.seed, plan.mixing, plan.status) == (5, "strict", SeatingPlan.Status.DRAFT)
    assert len(seats_of(room)) == 12
    assert run.progress == 1.0 and run.error == "" and run.finished_at is not None
    # The chosen mode first, then the other two for the trade-off figures; the bar only grows.
    stages = [stage for _status, stage, _progress in seen]
    assert stages[0] == "strict" and {"balanced", "meet"} <= set(stages)
    progress = [fraction for *_rest, fraction in seen]
    assert progress == sorted(progress)
    assert any(0 < fraction < 1 for fraction in progress)
    assert all(status == SeatingRun.Status.RUNNING for status, *_rest in seen)
    # A repeated task does not compute the run again.
    assert runs.execute_run(run.pk) == SeatingRun.Status.DONE


def test_a_stopped_run_stores_nothing_and_keeps_the_draft(room: Room) -> None:
    planning.generate(room.sessions[0], seed=1, mixing="strict")
    before = seats_of(room)
    with translation.override("en"):
        run = runs.create_run(room.sessions[0], request_(seed=2), user=None)

    class Stopping(runs.SeatingReporter):
        def stage(self, name: str) -> None:
            runs.cancel_run(run)
            super().stage(name)

    assert runs.execute_run(run.pk, Stopping(run, [1.0])) == SeatingRun.Status.FAILED
    assert seats_of(room) == before
    assert SeatingPlan.objects.get(session=room.sessions[0]).seed == 1
    run.refresh_from_db()
    assert run.error == "Stopped by the secretariat. Nothing was changed."


def test_a_run_stopped_after_the_engine_finished_stores_nothing(
    room: Room, monkeypatch: pytest.MonkeyPatch
) -> None:
    run = runs.create_run(room.sessions[0], request_(), user=None)
    compute = planning.compute

    def then_stop(prepared: planning.Prepared, reporter: Any = None) -> Any:
        result = compute(prepared, reporter)
        runs.cancel_run(run)
        return result

    monkeypatch.setattr(planning, "compute", then_stop)
    assert runs.execute_run(run.pk) == SeatingRun.Status.FAILED
    assert not SeatingPlan.objects.exists() and seats_of(room) == []


def test_a_failure_is_stored_on_the_run_with_its_field(room: Room) -> None:
    with translation.override("en"):
        run = runs.create_run(room.sessions[0], request_(capacity=4), user=None)
    # Three more members join before the worker starts: 15 do not fit 3 tables of 4.
    for k in range(3):
        make_participant(room.assembly, name=f"Sen{k}")
    with translation.override("da"):  # the worker's language is not the starter's
        assert runs.execute_run(run.pk) == SeatingRun.Status.FAILED
    run.refresh_from_db()
    assert run.error_field == "capacity"
    assert "15 members present" in run.error  # in English, as it was asked
    assert not SeatingPlan.objects.exists()
    # Whoever reads it reads it in their own language.
    with translation.override("da"):
        assert run.error_text().startswith("15 fremmødte medlemmer, men 3 borde med højst 4")
    with translation.override("en"):
        assert run.error_text() == run.error


def test_an_engine_error_is_kept_in_each_language(
    room: Room, monkeypatch: pytest.MonkeyPatch
) -> None:
    with translation.override("da"):
        run = runs.create_run(room.sessions[0], request_(), user=None)

    def refused(*args: object, **kwargs: object) -> None:
        raise planning.engine_error(InputError("seat_tables_invalid", tables=0)) from (
            InputError("seat_tables_invalid", tables=0)
        )

    monkeypatch.setattr(planning, "compute", refused)
    runs.execute_run(run.pk)
    run.refresh_from_db()
    error = InputError("seat_tables_invalid", tables=0)
    assert run.error_translations == {"da": error.message("da"), "en": error.message("en")}
    assert run.error == error.message("da")  # as the starter reads it


def test_a_stop_is_said_in_each_language(room: Room) -> None:
    with translation.override("da"):
        run = runs.create_run(room.sessions[0], request_(), user=None)
        assert runs.cancel_run(run)
    run.refresh_from_db()
    assert run.error == "Stoppet af sekretariatet. Intet blev ændret."
    assert run.error_text() == "Stopped by the secretariat. Nothing was changed."


def test_an_unexpected_error_ends_the_run_with_a_message(
    room: Room, monkeypatch: pytest.MonkeyPatch
) -> None:
    run = runs.create_run(room.sessions[0], request_(), user=None)

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(planning, "compute", broken)
    assert runs.execute_run(run.pk) == SeatingRun.Status.FAILED
    run.refresh_from_db()
    assert "RuntimeError: the disk is full" in run.error
    assert run.error_translations["da"] == (
        "Beregningen stoppede med en uventet fejl: RuntimeError: the disk is full"
    )
    assert not SeatingPlan.objects.exists()


def test_one_run_at_a_time_per_assembly(room: Room) -> None:
    runs.create_run(room.sessions[0], request_(), user=None)
    with pytest.raises(planning.SeatingError, match="being generated already"):
        runs.create_run(room.sessions[1], request_(), user=None)


def test_a_request_that_cannot_be_seated_is_refused_before_it_is_queued(room: Room) -> None:
    with pytest.raises(planning.SeatingError) as refused:
        runs.create_run(room.sessions[0], request_(capacity=3), user=None)
    assert refused.value.field == "capacity"
    assert not SeatingRun.objects.exists()


def test_no_changes_by_hand_while_a_run_will_replace_the_draft(room: Room) -> None:
    plan = planning.generate(room.sessions[0], seed=1, mixing="strict")
    runs.create_run(room.sessions[0], request_(seed=2), user=None)
    member, other_table = room.members[0], room.tables[-1]
    table = SeatAssignment.objects.get(session=room.sessions[0], participant=member).theme_table
    target = other_table if other_table != table else room.tables[0]
    with pytest.raises(planning.SeatingError, match="being generated"):
        editing.move(plan, member, target)
    with pytest.raises(planning.SeatingError, match="being generated"):
        editing.set_role(plan, member, "scribe")
    with pytest.raises(planning.SeatingError, match="being generated"):
        reseating.mark_absent(room.sessions[0], member, True)
    with pytest.raises(planning.SeatingError, match="being generated"):
        editing.lock(plan)  # the members would see a seating about to be replaced
    assert not SeatingPlan.objects.get(pk=plan.pk).is_locked
    # Another session, not seated by the run, can still be changed.
    planning.require_no_run(room.sessions[1])


def test_a_run_with_the_later_sessions_blocks_them_too(room: Room) -> None:
    runs.create_run(room.sessions[0], request_(ahead=True), user=None)
    with pytest.raises(planning.SeatingError, match="being generated"):
        planning.require_no_run(room.sessions[2])


def test_a_thorough_search_is_ten_times_as_long(
    room: Room, monkeypatch: pytest.MonkeyPatch
) -> None:
    efforts: list[int] = []
    compute = planning.compute

    def noting(prepared: planning.Prepared, reporter: Any = None) -> Any:
        efforts.append(prepared.problem.effort)
        return compute(prepared, reporter)

    monkeypatch.setattr(planning, "compute", noting)
    for thorough in (False, True):
        run = tasks.start_seating_run(room.sessions[0], request_(), thorough=thorough)
        assert run.status == SeatingRun.Status.DONE
    assert efforts == [planning.effort(), planning.effort() * planning.THOROUGH]


# --- the pages ------------------------------------------------------------------------------


def test_the_page_follows_a_queued_run(staff: Client, room: Room, queued: None) -> None:
    response = generate(staff, room, thorough="on")
    assert response.status_code == 302  # type: ignore[attr-defined]
    assert response["Location"].endswith("#run-status")  # type: ignore[index]
    run = SeatingRun.objects.get()
    assert run.status == SeatingRun.Status.QUEUED and run.search == SeatingRun.Search.THOROUGH
    assert run.task_id  # in the database queue, for a worker
    html = staff.get(url(room, "session")).content.decode()
    assert 'id="run-progress"' in html and "Waiting for the background worker" in html
    assert url(room, "run-stop") in html
    assert url(room, "generate") not in html  # no second run while this one is under way
    data = staff.get(url(room, "run-progress")).json()
    assert data == {
        "status": "queued",
        "status_label": "Waiting to start",
        "stage": "Waiting for the background worker to start",
        "percent": 0,
        "finished": False,
    }
    # Another session says why it cannot be generated now, and where the run is.
    other = staff.get(url(room, "session", 2)).content.decode()
    assert "A seating is being generated for session 1" in other
    assert url(room, "generate", 2) not in other

    assert runs.execute_run(run.pk) == SeatingRun.Status.DONE
    assert staff.get(url(room, "run-progress")).json()["finished"] is True
    html = staff.get(url(room, "session")).content.decode()
    assert 'id="run-progress"' not in html and "Repeated pairs" in html
    assert url(room, "generate") in html


def test_the_board_cannot_be_changed_while_a_run_is_under_way(
    staff: Client, room: Room, queued: None
) -> None:
    planning.generate(room.sessions[0], seed=1, mixing="strict")
    html = staff.get(url(room, "session")).content.decode()
    assert url(room, "move") in html and 'draggable="true"' in html
    generate(staff, room, seed=2)
    html = staff.get(url(room, "session")).content.decode()
    assert url(room, "move") not in html and 'draggable="true"' not in html
    assert url(room, "absence") not in html and "Absences can be marked again" in html
    assert url(room, "lock") not in html  # it would only make the run fail
    seat = SeatAssignment.objects.filter(session=room.sessions[0]).first()
    assert seat is not None
    response = staff.post(
        url(room, "role"), {"member": seat.participant_id, "role": "scribe"}, follow=True
    )
    assert "being generated" in response.content.decode()


def test_stopping_a_run_shows_the_form_again(staff: Client, room: Room, queued: None) -> None:
    generate(staff, room, capacity=5)
    response = staff.post(url(room, "run-stop"), follow=True)
    html = response.content.decode()
    assert "The run is stopped. Nothing was changed." in html
    assert SeatingRun.objects.get().status == SeatingRun.Status.FAILED
    assert url(room, "generate") in html and 'id="run-progress"' not in html
    # Stopping again says there is nothing to stop.
    again = staff.post(url(room, "run-stop"), follow=True).content.decode()
    assert "No seating is being generated for this session." in again
    assert runs.execute_run(SeatingRun.objects.get().pk) == SeatingRun.Status.FAILED
    assert not SeatingPlan.objects.exists()


def test_a_run_that_failed_in_the_worker_shows_its_reason_at_the_field(
    staff: Client, room: Room, queued: None
) -> None:
    generate(staff, room, capacity=4, seed=77)
    for k in range(3):
        make_participant(room.assembly, name=f"Sen{k}")
    runs.execute_run(SeatingRun.objects.get().pk)
    html = staff.get(url(room, "session")).content.decode()
    assert 'id="form-errors"' in html
    assert "Most members at a table: 15 members present" in html
    assert 'value="77"' in html  # the form as it was asked


def test_a_failed_run_says_why_on_its_own_session_only(
    staff: Client, room: Room, queued: None
) -> None:
    generate(staff, room, ahead="on")
    run = SeatingRun.objects.get()
    runs.stop_run(run, "Something went wrong.", field="capacity")
    own = staff.get(url(room, "session")).content.decode()
    assert 'id="form-errors"' in own and "Something went wrong." in own
    later = staff.get(url(room, "session", 2)).content.decode()
    assert 'id="form-errors"' not in later and url(room, "generate", 2) in later


def test_the_back_office_lists_the_runs_read_only(client: Client, room: Room) -> None:
    from django.contrib.auth.models import User

    runs.create_run(room.sessions[0], request_(seed=31), user=None)
    client.force_login(User.objects.create_superuser("root", "root@example.org", "x" * 12))
    listing = client.get("/admin/seating/seatingrun/")
    assert listing.status_code == 200 and "Venter på at starte" in listing.content.decode()
    assert client.get("/admin/seating/seatingrun/add/").status_code == 403


def test_a_run_that_cannot_be_queued_does_not_block_the_next(
    room: Room, monkeypatch: pytest.MonkeyPatch
) -> None:
    class Unreachable:
        def enqueue(self, *args: object) -> None:
            raise ConnectionError("the queue is down")

    monkeypatch.setattr(tasks, "compute_seating_run", Unreachable())
    with pytest.raises(ConnectionError):
        tasks.start_seating_run(room.sessions[0], request_())
    run = SeatingRun.objects.get()
    assert run.status == SeatingRun.Status.FAILED
    assert run.error == "The run could not be queued for the background worker."
    monkeypatch.undo()
    assert tasks.start_seating_run(room.sessions[0], request_()).status == SeatingRun.Status.DONE


def test_a_run_no_worker_takes_says_so(staff: Client, room: Room, queued: None) -> None:
    generate(staff, room)
    assert (
        "Waiting for the background worker" in staff.get(url(room, "run-progress")).json()["stage"]
    )
    SeatingRun.objects.update(created_at=timezone.now() - datetime.timedelta(minutes=2))
    stage = staff.get(url(room, "run-progress")).json()["stage"]
    assert stage.startswith("Still waiting: no background worker") and "db_worker" in stage


def test_a_run_that_fails_at_once_shows_its_reason_at_the_form(
    staff: Client, room: Room, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refused(*args: object, **kwargs: object) -> None:
        raise planning.SeatingError("The engine found no seating.", field="mixing")

    monkeypatch.setattr(planning, "compute", refused)
    response = generate(staff, room)
    assert response.status_code == 400  # type: ignore[attr-defined]
    html = response.content.decode()  # type: ignore[attr-defined]
    assert "Mixing: The engine found no seating." in html
    assert SeatingRun.objects.get().status == SeatingRun.Status.FAILED


def test_the_overview_shows_which_sessions_are_being_generated(
    staff: Client, room: Room, queued: None
) -> None:
    overview = url(room, "overview", None)
    assert "Being generated" not in staff.get(overview).content.decode()
    generate(staff, room, ahead="on")
    html = staff.get(overview).content.decode()
    assert "A seating is being generated for session 1." in html
    assert html.count("Being generated</span>") == len(room.sessions)  # all three, ahead


# --- searching on from the draft --------------------------------------------------------------


def test_searching_on_from_the_draft_is_never_worse_and_keeps_it(staff: Client, room: Room) -> None:
    planning.generate(room.sessions[0], seed=6, mixing="strict")
    before = SeatingPlan.objects.get()
    html = staff.get(url(room, "session")).content.decode()
    assert url(room, "search-on") in html
    response = staff.post(url(room, "search-on"), follow=True)
    assert "The search went on from the draft." in response.content.decode()
    run = SeatingRun.objects.get()
    assert run.from_draft and run.search == SeatingRun.Search.THOROUGH and run.seed == 6
    after = SeatingPlan.objects.get()
    assert after.previous["seed"] == 6  # the draft it started from, to switch back to
    assert after.tradeoff == before.tradeoff  # no new comparison was made
    for figures in ("table_features_rounded_ideal",):
        assert after.quality["mixing"][figures] >= before.quality["mixing"][figures]
    assert after.quality["repeated_pairs"]["total"] <= before.quality["repeated_pairs"]["total"]


def test_searching_on_starts_from_the_seats_as_they_are(
    room: Room, monkeypatch: pytest.MonkeyPatch
) -> None:
    plan = planning.generate(room.sessions[0], seed=6, mixing="strict")
    member = room.members[0]
    seat = SeatAssignment.objects.get(session=room.sessions[0], participant=member)
    partner = (
        SeatAssignment.objects.filter(session=room.sessions[0])
        .exclude(theme_table=seat.theme_table)
        .first()
    )
    assert partner is not None
    editing.swap(plan, member, partner.participant)
    starts: list[set[tuple[str, str]]] = []
    compute = planning.compute

    def noting(prepared: planning.Prepared, reporter: Any = None) -> Any:
        starts.append({(s.member_id, s.table) for s in prepared.problem.start})
        assert not prepared.problem.tradeoff
        return compute(prepared, reporter)

    monkeypatch.setattr(planning, "compute", noting)
    tasks.start_seating_run(room.sessions[0], request_(seed=6, from_draft=True), thorough=True)
    assert starts and len(starts[0]) == 12
    assert (str(member.pk), str(partner.theme_table.number)) in starts[0]  # after the swap


def test_searching_on_is_refused_when_the_draft_no_longer_fits(room: Room) -> None:
    with pytest.raises(planning.SeatingError, match="no draft"):
        runs.create_run(room.sessions[0], request_(from_draft=True))
    planning.generate(room.sessions[0], seed=6, mixing="strict")
    # A member who joined after the draft was made has no seat in it yet.
    make_participant(room.assembly, name="Sen Kommer")
    with pytest.raises(planning.SeatingError, match="does not seat exactly the members who come"):
        runs.create_run(room.sessions[0], request_(from_draft=True))
    assert not SeatingRun.objects.exists()


def test_a_thorough_search_seats_as_usual_then_searches_on_from_that(
    room: Room, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[tuple[int, int, bool]] = []
    seated: list[Any] = []

    def noting(problem: Any, reporter: Any = None) -> Any:
        calls.append((problem.effort, len(problem.start), problem.tradeoff))
        if seated:
            assert problem.start == seated[-1]  # the first round's seats, as they came out
        result = seat(problem, reporter)
        seated.append(result.plan.seats)
        return result

    monkeypatch.setattr(planning, "engine_seat", noting)
    run = tasks.start_seating_run(room.sessions[0], request_(), thorough=True)
    usual = planning.effort()
    assert calls == [(usual, 0, True), (usual * planning.THOROUGH, 12, False)]
    plan = SeatingPlan.objects.get()
    # The comparison of the mixing modes comes from the first round.
    assert [row["mixing"] for row in plan.tradeoff] == ["strict", "balanced", "meet"]
    assert run.status == SeatingRun.Status.DONE


def test_the_bar_shares_out_the_stages_by_their_search_length(room: Room) -> None:
    thorough = planning.prepare(room.sessions[0], request_(effort_factor=planning.THOROUGH))
    assert planning.stage_weights(thorough) == [1.0, 0.5, 0.5, 10.0]
    usual = planning.prepare(room.sessions[0], request_())
    assert planning.stage_weights(usual) == [1.0, 0.5, 0.5]
    run = runs.create_run(room.sessions[0], request_(), thorough=True)
    SeatingRun.objects.filter(pk=run.pk).update(status=SeatingRun.Status.RUNNING)
    reporter = runs.SeatingReporter(run, [1.0, 0.5, 0.5, 10.0], interval=0)
    seen = []
    for stage in ("strict", "balanced", "meet", "strict"):
        reporter.stage(f"seating ({stage} mixing)")
        reporter.progress(0.5)
        seen.append(SeatingRun.objects.values_list("stage", "progress").get(pk=run.pk))
    assert seen == [
        ("strict", 0.5 / 12),
        ("balanced", 1.25 / 12),
        ("meet", 1.75 / 12),
        ("strict", 7 / 12),
    ]


def test_a_run_whose_worker_fell_silent_says_so(staff: Client, room: Room, queued: None) -> None:
    generate(staff, room)
    run = SeatingRun.objects.get()
    # The worker takes the run and reports, then nothing more is heard of it.
    SeatingRun.objects.filter(pk=run.pk).update(
        status=SeatingRun.Status.RUNNING, stage="strict", heard_at=timezone.now()
    )
    assert staff.get(url(room, "run-progress")).json()["stage"].startswith("Searching")
    SeatingRun.objects.filter(pk=run.pk).update(
        heard_at=timezone.now() - datetime.timedelta(minutes=5)
    )
    stage = staff.get(url(room, "run-progress")).json()["stage"]
    assert stage.startswith("No progress for a while") and "Stop the run" in stage


def test_the_reporter_notes_when_it_was_last_heard(room: Room) -> None:
    run = runs.create_run(room.sessions[0], request_())
    SeatingRun.objects.filter(pk=run.pk).update(status=SeatingRun.Status.RUNNING)
    assert SeatingRun.objects.get(pk=run.pk).heard_at is None
    runs.SeatingReporter(run, [1.0], interval=0).stage("seating (strict mixing)")
    assert SeatingRun.objects.get(pk=run.pk).heard_at is not None
