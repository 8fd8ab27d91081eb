"""Seat the members: rotate the roles, search the seating, measure it, bound it."""

from __future__ import annotations

import math
import time
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from borgersamling.grouping.background import tradeoff_searches
from borgersamling.grouping.bounds import repeat_lower_bound
from borgersamling.grouping.layout import SessionLayout, build_layouts
from borgersamling.grouping.model import (
    MIXING_MODES,
    MixingMode,
    Plan,
    Seat,
    SeatingProblem,
    stage_name,
)
from borgersamling.grouping.quality import measure, tradeoff_row
from borgersamling.grouping.roles import RolePlan, assign_roles, history_counts, plan_roles
from borgersamling.grouping.search import Search, by_table
from borgersamling.sortition.errors import InputError
from borgersamling.sortition.progress import Reporter, SilentReporter

ROLE_CHECKS = 40
"""Best seatings of the search tried, from the best down, for a rotation that fits them."""
REPAIR_EFFORT = 20
"""Least search length (percent) for seating the planned role holders apart, however short
the main search was: a seating without a host is not an answer."""
TRADEOFF_EFFORT = 50
"""Search length of the trade-off rows' other mixing modes, in percent of the main one."""


@dataclass(frozen=True)
class SeatingResult:
    problem: SeatingProblem
    plan: Plan
    quality: dict[str, Any]
    lower_bound: dict[str, Any]
    tradeoff: list[dict[str, Any]]
    """One row per mixing mode: repeated pairs against mixing, so the secretariat can choose."""
    wall_time: float
    alternatives: dict[str, Plan] = field(default_factory=dict)
    """The seatings the trade-off rows describe, by mixing mode (the chosen one is ``plan``),
    so the secretariat can take the one they choose."""


def _check(problem: SeatingProblem) -> None:
    if not problem.tables:
        raise InputError("seat_tables_invalid", tables=0)
    if not problem.sessions:
        raise InputError("seat_sessions_invalid", sessions=0)
    if problem.effort < 1:
        raise InputError("seat_effort_invalid", effort=problem.effort)
    known = {member.id for member in problem.members}
    for seat in problem.history:
        if seat.member_id not in known:
            raise InputError("seat_member_unknown_in", member=seat.member_id, where="history")
    last = max((seat.session for seat in problem.history), default=0)
    if min(problem.sessions) <= last:
        raise InputError("seat_session_unknown", session=min(problem.sessions), where="sessions")


def _seats(
    problem: SeatingProblem,
    layouts: Sequence[SessionLayout],
    roles: RolePlan,
    tables: list[list[list[int]]],
) -> tuple[Seat, ...]:
    seats: list[Seat] = []
    held = history_counts(problem)
    for layout, session_tables in zip(layouts, tables, strict=True):
        planned = roles.get(layout.session, {})
        for table, members in zip(problem.tables, session_tables, strict=True):
            # When the tables cannot take every planned holder apart (a small table full of
            # fixed seats), the one who has held the role least keeps it; nobody holds a role
            # twice at one table.
            keep: dict[str, int] = {}
            for member in members:
                role = planned.get(member, "")
                if role and layout.fixed_roles.get(member) == role:
                    keep[role] = member
            for member in sorted(members, key=lambda m: (held[planned.get(m, "host")][m], m)):
                role = planned.get(member, "")
                if role:
                    keep.setdefault(role, member)
            for member in members:
                role = planned.get(member, "")
                if role and keep[role] != member:
                    role = ""
                seats.append(Seat(layout.session, table.name, problem.members[member].id, role))
            # Count the turns actually held: a planned holder who gave way still waits.
            for role, member in keep.items():
                held[role][member] += 1
    return tuple(seats)


def start_tables(
    problem: SeatingProblem, layouts: Sequence[SessionLayout]
) -> list[list[int]] | None:
    """``problem.start`` as the search's member -> table index per session (-1: absent), or
    None without one; raises ``InputError`` when it does not fit the layouts."""
    if not problem.start:
        return None
    index_of = {member.id: index for index, member in enumerate(problem.members)}
    table_index = {table.name: index for index, table in enumerate(problem.tables)}
    rows: list[list[int]] = []
    for layout in layouts:
        row = [-1] * len(problem.members)
        session = layout.session

        def unfit(reason: str, session: int = session) -> InputError:
            return InputError("seat_start_invalid", session=session, reason=reason)

        for seat in problem.start:
            if seat.session != session:
                continue
            member, table = index_of.get(seat.member_id), table_index.get(seat.table)
            if member is None or table is None:
                raise unfit(f"unknown member or table ({seat.member_id}, {seat.table})")
            if row[member] != -1:
                raise unfit(f"{seat.member_id} is seated twice")
            row[member] = table
        present = set(layout.present)
        if any((t != -1) != (m in present) for m, t in enumerate(row)):
            raise unfit("it does not seat exactly the members who come")
        if any(row[member] != table for member, table in layout.fixed.items()):
            raise unfit("a fixed seat is elsewhere")
        sizes = [row.count(t) for t in range(len(problem.tables))]
        # Which equal table has the smaller share does not matter; a table's capacity does.
        over = [t.name for t, n in zip(problem.tables, sizes, strict=True) if n > (t.capacity or n)]
        if over:
            raise unfit(f"more members than seats at table {over[0]}")
        if sorted(sizes) != sorted(layout.sizes):
            raise InputError(
                "seat_start_sizes",
                session=session,
                found=", ".join(map(str, sorted(sizes, reverse=True))),
                expected=", ".join(map(str, sorted(layout.sizes, reverse=True))),
            )
        rows.append(row)
    return rows


def solve(
    problem: SeatingProblem,
    layouts: Sequence[SessionLayout],
    mode: MixingMode,
    reporter: Reporter,
    effort: int,
    start: list[list[int]] | None = None,
) -> Plan:
    """Seat first, with willing members at each table; then choose who hosts and who scribes
    on that seating so the rotation holds (roles.assign_roles), trying the search's best
    seatings from the best down. When none of them lets every table have exactly one of each,
    keep the choice that comes closest as the plan and search again from the best seating,
    now with those holders, until they sit at separate tables; then choose the roles on that
    seating once more."""
    reporter.stage(stage_name(mode))
    rotation = plan_roles(problem, list(layouts))
    search = Search(problem, layouts, None, mode, problem.seed, start=start)
    search.run(effort, reporter)
    candidates = [tables for key, tables in reversed(search.bests) if key[0] == 0]
    for tables in candidates[:ROLE_CHECKS]:
        roles, off = assign_roles(problem, layouts, tables.tolist(), rotation, exact=True)
        if not off:
            return Plan(
                _seats(problem, layouts, roles, by_table(tables, len(problem.tables))), mode
            )
    roles, off = assign_roles(problem, layouts, search.tables.tolist(), rotation)
    if off:
        if off == math.inf:
            roles = rotation
        start = search.tables.tolist()
        search = Search(problem, layouts, roles, mode, problem.seed, start=start)
        search.run(max(REPAIR_EFFORT, effort // 2), reporter)
        # The search cannot always seat the holders apart (strict mixing can keep the only
        # willing members at one table every session): choose the roles once more on the
        # seating as it is, at most as many as planned, so the rotation holds.
        final, left = assign_roles(
            problem, layouts, search.tables.tolist(), rotation, as_planned=False
        )
        roles = final if left != math.inf else roles
    return Plan(_seats(problem, layouts, roles, search.tables_of()), mode)


def seat(problem: SeatingProblem, reporter: Reporter | None = None) -> SeatingResult:
    started = time.perf_counter()
    reporter = reporter or SilentReporter()
    _check(problem)
    layouts = build_layouts(problem)
    start = start_tables(problem, layouts)
    # The other modes only show the trade-off, so they get a shorter search.
    others = [mode for mode in MIXING_MODES if problem.tradeoff and mode != problem.mixing]
    effort = max(1, problem.effort * TRADEOFF_EFFORT // 100)
    with tradeoff_searches(problem, layouts, others, effort) as pending:
        plan = solve(problem, layouts, problem.mixing, reporter, problem.effort, start)
        alternatives: dict[str, Plan] = {
            mode: other for mode, other in (pending.plans(reporter) if others else {}).items()
        }
    quality = measure(problem, plan.seats)
    tradeoff: list[dict[str, Any]] = []
    if problem.tradeoff:
        for mode in MIXING_MODES:
            other = alternatives.get(mode, plan)
            figures = quality if other is plan else measure(problem, other.seats)
            tradeoff.append(tradeoff_row(mode, figures))
    bound = repeat_lower_bound(problem, [layout.sizes for layout in layouts])
    return SeatingResult(
        problem, plan, quality, bound, tradeoff, time.perf_counter() - started, alternatives
    )


def with_mixing(problem: SeatingProblem, mixing: MixingMode) -> SeatingProblem:
    return replace(problem, mixing=mixing)
