"""Reseat for absences and late members: move only the seats that must move.

Everyone who still comes keeps their table. An absent member's seat is freed; a member without
a seat (a late replacement, or someone back after all) is seated; and when the tables then
differ by more than one member, the fewest members move from the fullest tables to the
emptiest; a member so placed beside someone they are to be kept apart from changes places
with one member at another table. Each of those choices (which newcomer goes where, who
moves) is made greedily by the quality figures (``grouping.quality.measure``), so a repair
never reshuffles the room: at 36 members and 6 tables, one absence moves no one, and two from
one table move one person.
A table left without its host or scribe gets one from the willing members already at it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from borgersamling.accounts.models import Participant
from borgersamling.assemblies.models import Session
from borgersamling.grouping.layout import build_layouts
from borgersamling.grouping.model import ROLES, Seat, SeatingProblem
from borgersamling.grouping.quality import measure
from borgersamling.grouping.roles import assign_roles, plan_roles
from borgersamling.seating import editing, planning
from borgersamling.seating import problem as problems
from borgersamling.seating.models import Absence, SeatAssignment, SeatingPlan, SeatMove
from borgersamling.seating.planning import AnyUser, SeatingError
from borgersamling.sortition.errors import SortitionError

Score = tuple[float, ...]


def target_sizes(current: dict[str, int], present: int, capacity: int | None) -> dict[str, int]:
    """Sizes as even as possible, the larger ones given to the tables that are fullest now, so
    the fewest members have to move."""
    tables = len(current)
    base, extra = divmod(present, tables)
    if capacity is not None and base + (1 if extra else 0) > capacity:
        raise SeatingError(
            _("There are more members present than seats at the tables."),
            field="capacity",
        )
    sizes = [base + 1] * extra + [base] * (tables - extra)
    order = sorted(current, key=lambda name: (-current[name], int_or_zero(name)))
    return dict(zip(order, sizes, strict=True))


def int_or_zero(text: str) -> int:
    return int(text) if text.isdigit() else 0


def scorer(problem: SeatingProblem) -> Callable[[Sequence[Seat]], Score]:
    """Lower is better. Pairs kept apart come first; then strict mixing puts the mix first
    and the other modes put new meetings first, as the engine does."""

    def score(seats: Sequence[Seat]) -> Score:
        figures = measure(problem, seats)
        together = len(figures["apart"]["together"])
        mix = figures["mixing"]
        out_of_band = mix["table_features"] - mix["table_features_rounded_ideal"]
        repeats = figures["repeated_pairs"]["total"]
        themes = figures["themes"]["not_chosen"] * 2 + figures["themes"]["later_choice"]
        if problem.mixing == "strict":
            return (together, out_of_band, repeats, mix["max_deviation"], themes)
        return (together, repeats, out_of_band, mix["max_deviation"], themes)

    return score


def _place(
    seats: list[Seat], new: Seat, options: Sequence[str], score: Callable[[Sequence[Seat]], Score]
) -> list[Seat]:
    """Seat ``new`` at the best of the tables ``options``."""
    best = min(options, key=lambda table: score([*seats, replace(new, table=table)]))
    return [*seats, replace(new, table=best)]


def repair(
    problem: SeatingProblem, seats: list[Seat], capacity: int | None
) -> tuple[list[Seat], list[tuple[str, str | None, str]]]:
    """The repaired seats and the changes: (member, from table or None, to table)."""
    session = problem.sessions[0]
    absent = problem.absent.get(session, frozenset())
    known = {member.id for member in problem.members}
    kept = [seat for seat in seats if seat.member_id in known and seat.member_id not in absent]
    seated = {seat.member_id for seat in kept}
    newcomers = [m.id for m in problem.members if m.id not in absent and m.id not in seated]
    present = len(kept) + len(newcomers)
    current = Counter({table.name: 0 for table in problem.tables})
    current.update(seat.table for seat in kept)
    target = target_sizes(dict(current), present, capacity)
    score = scorer(problem)
    changes: list[tuple[str, str | None, str]] = []
    for member in newcomers:
        counts = Counter(seat.table for seat in kept)
        room = [t.name for t in problem.tables if counts[t.name] < target[t.name]]
        kept = _place(kept, Seat(session, "", member), room, score)
        changes.append((member, None, kept[-1].table))
    while True:
        counts = Counter(seat.table for seat in kept)
        over = [t.name for t in problem.tables if counts[t.name] > target[t.name]]
        under = [t.name for t in problem.tables if counts[t.name] < target[t.name]]
        if not over or not under:
            break
        # Move someone without a role if the table has such a member: the role stays put.
        candidates = [s for s in kept if s.table in over and not s.role] or [
            s for s in kept if s.table in over
        ]
        best: tuple[Score, Seat, str] | None = None
        for seat in candidates:
            others = [s for s in kept if s is not seat]
            for table in under:
                value = score([*others, replace(seat, table=table)])
                if best is None or value < best[0]:
                    best = (value, seat, table)
        assert best is not None
        _value, mover, table = best
        kept = [replace(s, table=table, role="") if s is mover else s for s in kept]
        changes.append((mover.member_id, mover.table, table))
    return _part_pairs(problem, kept, changes, score)


def _swapped(seats: list[Seat], one: Seat, other: Seat) -> list[Seat]:
    return [
        replace(s, table=other.table)
        if s is one
        else replace(s, table=one.table)
        if s is other
        else s
        for s in seats
    ]


def _part_pairs(
    problem: SeatingProblem,
    seats: list[Seat],
    changes: list[tuple[str, str | None, str]],
    score: Callable[[Sequence[Seat]], Score],
) -> tuple[list[Seat], list[tuple[str, str | None, str]]]:
    """A member this repair seated or moved who now shares a table with someone to keep apart
    changes places with the member at another table who suits the figures best: one swap,
    where a table with room was the only place for them. Pairs joined by hand are left."""
    partners: dict[str, set[str]] = {}
    for first, second in problem.apart:
        partners.setdefault(first, set()).add(second)
        partners.setdefault(second, set()).add(first)
    for member in dict.fromkeys(member for member, _old, _new in changes):
        seat = next(s for s in seats if s.member_id == member)
        if not partners.get(member, set()) & {s.member_id for s in seats if s.table == seat.table}:
            continue
        options = [s for s in seats if s.table != seat.table and not s.role]
        if not options:
            continue
        other = min(options, key=lambda o: score(_swapped(seats, seat, o)))
        if score(_swapped(seats, seat, other)) < score(seats):
            seats = _swapped(seats, seat, other)
            changes += [
                (member, seat.table, other.table),
                (other.member_id, other.table, seat.table),
            ]
    return seats, changes


def fill_roles(problem: SeatingProblem, seats: list[Seat]) -> list[Seat]:
    """Give each table that lost its host or scribe one, from the willing members there who
    hold no role, the one who has held it least first (the engine's rotation)."""
    willing = {
        "host": {m.id for m in problem.members if m.host},
        "scribe": {m.id for m in problem.members if m.scribe},
    }
    held = {role: Counter(s.member_id for s in problem.history if s.role == role) for role in ROLES}
    order = {m.id: k for k, m in enumerate(problem.members)}
    result = list(seats)
    for role in ROLES:
        for table in problem.tables:
            at_table = [s for s in result if s.table == table.name]
            if not at_table or any(s.role == role for s in at_table):
                continue
            free = [s for s in at_table if not s.role and s.member_id in willing[role]]
            if not free:
                continue
            chosen = min(free, key=lambda s: (held[role][s.member_id], order[s.member_id]))
            result = [replace(s, role=role) if s is chosen else s for s in result]
    return result


@transaction.atomic
def reseat(plan: SeatingPlan, user: AnyUser | None = None) -> list[SeatMove]:
    """Repair the plan's seats for today's absences and members; returns what changed."""
    plan = SeatingPlan.objects.select_for_update().select_related("session").get(pk=plan.pk)
    planning.require_no_run(plan.session)
    inputs = problems.build(plan.session, mixing=planning.mode_of(plan.mixing), seed=plan.seed)
    planning.check_inputs(inputs, plan.capacity)
    seats, changes = repair(inputs.problem, problems.current_seats(inputs), plan.capacity)
    return _store(plan, inputs, fill_roles(inputs.problem, seats), changes, user)


def _store(
    plan: SeatingPlan,
    inputs: problems.SessionInputs,
    after: list[Seat],
    changes: list[tuple[str, str | None, str]],
    user: AnyUser | None,
) -> list[SeatMove]:
    session = plan.session
    rows = {
        str(seat.participant_id): seat
        for seat in SeatAssignment.objects.filter(session=session).select_related("theme_table")
    }
    batch = editing.next_batch(plan)
    moved_by = {member: (old, new) for member, old, new in changes}
    now = {seat.member_id: seat for seat in after}
    logged: list[SeatMove] = []

    def log(member: str, reason: str, old: str | None, new: str | None, role: str = "") -> None:
        before = rows.get(member)
        logged.append(
            SeatMove.objects.create(
                plan=plan,
                participant=inputs.members.get(member) or rows[member].participant,
                from_table=inputs.tables.get(old or ""),
                to_table=inputs.tables.get(new or ""),
                role=role,
                previous_role=before.role if before else None,
                was_pinned=before.pinned if before else None,
                reason=reason,
                batch=batch,
                created_by=planning.user_or_none(user),
            )
        )

    # Seats of the absent, and of people who are no longer members, are freed.
    for member, freed in rows.items():
        if member not in now:
            log(member, SeatMove.Reason.ABSENT, problems.table_key(freed.theme_table), None)
            freed.delete()
    for member, seat in now.items():
        row = rows.get(member)
        if row is None:
            SeatAssignment.objects.create(
                session=session,
                participant=inputs.members[member],
                theme_table=inputs.tables[seat.table],
                role=seat.role,
            )
            log(member, SeatMove.Reason.JOINED, None, seat.table, seat.role)
            continue
        old_table = problems.table_key(row.theme_table)
        if member in moved_by:
            log(member, SeatMove.Reason.REBALANCED, old_table, seat.table, seat.role)
        elif row.role != seat.role:
            log(member, SeatMove.Reason.ROLE, old_table, seat.table, seat.role)
        if old_table != seat.table or row.role != seat.role:
            row.theme_table = inputs.tables[seat.table]
            row.role = seat.role
            row.save(update_fields=["theme_table", "role"])
    plan.quality = measure(inputs.problem, after)
    plan.save(update_fields=["quality"])
    return logged


@transaction.atomic
def mark_absent(
    session: Session, participant: Participant, absent: bool, user: AnyUser | None = None
) -> list[SeatMove]:
    """Record that a member will (not) come, and reseat the session's plan if it has one."""
    if participant.assembly_id != session.assembly_id:
        raise SeatingError(_("This person is not in the session's assembly."), "member")
    # The run under way seats the absences as they were when it started.
    planning.require_no_run(session)
    if absent:
        Absence.objects.get_or_create(
            session=session,
            participant=participant,
            defaults={"created_by": planning.user_or_none(user)},
        )
    else:
        Absence.objects.filter(session=session, participant=participant).delete()
    plan = planning.plan_of(session)
    if plan is None:
        return []
    return reseat(plan, user)


@transaction.atomic
def choose_roles(plan: SeatingPlan, user: AnyUser | None = None) -> list[SeatMove]:
    """Choose every table's host and scribe again on the draft seating as it now is: after
    moves by hand a table can have two hosts and another none. Chosen as the engine chooses
    them (the rotation kept), then a table left without one gets a willing member there."""
    plan = SeatingPlan.objects.select_for_update().select_related("session").get(pk=plan.pk)
    planning.require_draft(plan)
    inputs = problems.build(plan.session, mixing=planning.mode_of(plan.mixing), seed=plan.seed)
    seats = problems.current_seats(inputs)
    seated = {seat.member_id for seat in seats}
    if any(m not in seated and m not in inputs.absent for m in inputs.members):
        # An unseated member could be given a role at no table.
        raise SeatingError(_("Seat the members without a seat first."))
    try:
        after = _rotate_roles(inputs.problem, seats)
    except SortitionError as error:
        raise planning.engine_error(error) from error
    return _store(plan, inputs, after, [], user)


def moved_members(moves: Sequence[SeatMove]) -> int:
    """Members whose table changed (seated anew or moved), not counting the absent."""
    return len(
        {
            move.participant_id
            for move in moves
            if move.reason in {SeatMove.Reason.JOINED, SeatMove.Reason.REBALANCED}
        }
    )


def describe(moves: Sequence[SeatMove]) -> list[dict[str, Any]]:
    return [
        {
            "name": move.participant.name,
            "reason": move.get_reason_display(),
            "from": move.from_table.number if move.from_table else None,
            "to": move.to_table.number if move.to_table else None,
            "role": move.get_role_display() if move.role else "",
        }
        for move in moves
    ]


def previous_seated(session: Session) -> Session | None:
    """The latest earlier session whose seating is locked."""
    return (
        Session.objects.filter(
            assembly=session.assembly,
            number__lt=session.number,
            seating_plan__status=SeatingPlan.Status.LOCKED,
        )
        .order_by("-number")
        .first()
    )


@transaction.atomic
def keep_tables(session: Session, user: AnyUser | None = None) -> tuple[SeatingPlan, Session]:
    """No new groups this time: everyone sits at their table from the last locked seating,
    and only absences and late members move anyone (``repair``). Host and scribe still
    rotate: chosen on that seating as the engine chooses them (grouping.roles), then a table
    left without one gets a willing member there (``fill_roles``). Returns the draft plan and
    the session whose tables were kept."""
    planning.require_no_run(session)
    plan = SeatingPlan.objects.select_for_update().filter(session=session).first()
    if plan is not None and plan.is_locked:
        raise SeatingError(
            _("The seating of this session is locked. Unlock it before generating it again.")
        )
    previous = previous_seated(session)
    if previous is None:
        raise SeatingError(_("No earlier session has a locked seating to keep."))
    capacity = plan.capacity if plan is not None else None
    inputs = problems.build(
        session,
        mixing=planning.mode_of(plan.mixing if plan is not None else "strict"),
        seed=plan.seed if plan is not None else 0,
        capacity=capacity,
    )
    planning.check_inputs(inputs, capacity)
    earlier = [
        Seat(session.number, problems.table_key(seat.theme_table), str(seat.participant_id))
        for seat in previous.seats.select_related("theme_table").order_by("pk")
    ]
    seats, _changes = repair(inputs.problem, earlier, capacity)
    seats = _rotate_roles(inputs.problem, seats)
    plan = planning.store_draft(
        session,
        inputs,
        seats,
        set(),
        figures=planning.figures_of(inputs.problem, seats),
        tradeoff=[],
        seed=plan.seed if plan is not None else 0,
        mixing=planning.mode_of(plan.mixing if plan is not None else "strict"),
        capacity=capacity,
        wall_time=0.0,
        user=user,
        source=SeatingPlan.Source.KEPT,
    )
    return plan, previous


def _rotate_roles(problem: SeatingProblem, seats: list[Seat]) -> list[Seat]:
    """Hosts and scribes by the rotation on these seats, keeping as many of the roles the
    seats hold now as that allows."""
    layouts = build_layouts(problem)
    names = [table.name for table in problem.tables]
    index = {member.id: i for i, member in enumerate(problem.members)}
    table_of = [-1] * len(problem.members)
    for seat in seats:
        table_of[index[seat.member_id]] = names.index(seat.table)
    planned = plan_roles(problem, layouts)
    now = {index[seat.member_id]: seat.role for seat in seats if seat.role}
    roles, _off = assign_roles(
        problem, layouts, [table_of], planned, as_planned=False, keep={problem.sessions[0]: now}
    )
    chosen = roles.get(problem.sessions[0], {})
    result = [replace(seat, role=chosen.get(index[seat.member_id], "")) for seat in seats]
    return fill_roles(problem, result)
