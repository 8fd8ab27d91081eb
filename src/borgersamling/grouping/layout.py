"""Who is present at each session, how many sit at each table, and which seats are fixed.

Checks what can only be checked once the sessions are known (tables too small, too many
tables, fixed seats that do not fit); file-level checks (unknown ids, rows) are the
reader's, so its messages can name file, row and column.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from borgersamling.grouping.model import ROLES, SeatingProblem
from borgersamling.sortition.errors import InputError


@dataclass(frozen=True)
class SessionLayout:
    session: int
    present: tuple[int, ...]
    """Indexes (into problem.members) of the members who come, in members-file order."""
    sizes: tuple[int, ...]
    """Members at each table (problem.tables order); they add up to len(present)."""
    fixed: Mapping[int, int]
    """Member index -> table index, for fixed seats."""
    fixed_roles: Mapping[int, str]
    """Member index -> "host" or "scribe", for fixed seats that carry a role."""


def table_sizes(capacities: list[int | None], present: int, session: int) -> tuple[int, ...]:
    """Share the members out as evenly as the capacities allow (water filling): the tables
    differ by at most one member unless a small table is full."""
    limit = [present if capacity is None else capacity for capacity in capacities]
    if sum(limit) < present:
        raise InputError(
            "seat_tables_too_small", session=session, present=present, capacity=sum(limit)
        )
    if present < len(capacities):
        raise InputError(
            "seat_tables_too_many", session=session, present=present, tables=len(capacities)
        )
    sizes = [0] * len(capacities)
    for _ in range(present):
        open_tables = [t for t in range(len(sizes)) if sizes[t] < limit[t]]
        # The emptiest table relative to its capacity gets the next member; ties by order.
        chosen = min(open_tables, key=lambda t: (sizes[t], -limit[t], t))
        sizes[chosen] += 1
    return tuple(sizes)


def build_layouts(problem: SeatingProblem) -> list[SessionLayout]:
    index_of = {member.id: index for index, member in enumerate(problem.members)}
    table_index = {table.name: index for index, table in enumerate(problem.tables)}
    capacities = [table.capacity for table in problem.tables]
    for session, ids in problem.absent.items():
        for member_id in sorted(ids):
            if member_id not in index_of:
                raise InputError("seat_member_unknown_in", member=member_id, where="absent")
        if session not in problem.sessions:
            raise InputError("seat_session_unknown", session=session, where="absent")
    for first, second in problem.apart:
        for member_id in (first, second):
            if member_id not in index_of:
                raise InputError("seat_member_unknown_in", member=member_id, where="apart")
        if first == second:
            raise InputError("seat_apart_self", member=first, where="apart")
    layouts: list[SessionLayout] = []
    for session in problem.sessions:
        absent = problem.absent.get(session, frozenset())
        present = tuple(i for i, member in enumerate(problem.members) if member.id not in absent)
        sizes = table_sizes(capacities, len(present), session)
        fixed: dict[int, int] = {}
        roles: dict[int, str] = {}
        for seat in problem.fixed:
            if seat.session != session:
                continue
            member = index_of.get(seat.member_id)
            if member is None:
                raise InputError("seat_member_unknown_in", member=seat.member_id, where="fixed")
            table = table_index.get(seat.table)
            if table is None:
                raise InputError("seat_table_unknown_in", table=seat.table, where="fixed")
            if seat.member_id in absent:
                raise InputError("seat_fixed_absent", member=seat.member_id, session=session)
            if member in fixed:
                raise InputError("seat_fixed_twice", member=seat.member_id, session=session)
            fixed[member] = table
            if seat.role:
                roles[member] = seat.role
        _check_fixed_fit(problem, session, sizes, fixed, roles)
        _check_fixed_apart(problem, session, fixed, index_of)
        layouts.append(SessionLayout(session, present, sizes, fixed, roles))
    for seat in problem.fixed:
        if seat.session not in problem.sessions:
            raise InputError("seat_session_unknown", session=seat.session, where="fixed")
    return layouts


def _check_fixed_fit(
    problem: SeatingProblem,
    session: int,
    sizes: tuple[int, ...],
    fixed: Mapping[int, int],
    roles: Mapping[int, str],
) -> None:
    for table, size in enumerate(sizes):
        count = sum(1 for t in fixed.values() if t == table)
        if count > size:
            raise InputError(
                "seat_fixed_overfull",
                session=session,
                table=problem.tables[table].name,
                count=count,
                size=size,
            )
        for role in ROLES:
            holders = sum(1 for m, r in roles.items() if r == role and fixed[m] == table)
            if holders > 1:
                raise InputError(
                    "seat_fixed_role_twice",
                    session=session,
                    table=problem.tables[table].name,
                    role=role,
                )


def _check_fixed_apart(
    problem: SeatingProblem, session: int, fixed: Mapping[int, int], index_of: Mapping[str, int]
) -> None:
    for first, second in problem.apart:
        table = fixed.get(index_of[first])
        if table is not None and table == fixed.get(index_of[second]):
            raise InputError(
                "seat_apart_fixed",
                session=session,
                first=first,
                second=second,
                table=problem.tables[table].name,
            )
