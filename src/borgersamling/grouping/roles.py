"""Who hosts and who scribes at each session, decided before anyone is seated.

Rotation first, seating second: each session takes its hosts from the willing members present
who have hosted least so far (then its scribes likewise), so nobody hosts twice before every
willing member present has hosted once. The seating then only has to put one host and one
scribe at each table, which it treats like one more feature to spread; the search may still
exchange the whole role schedules of two alike members (as willing, present at the same
sessions, with the same history), which only renames who is who and so keeps the rotation.
"""

from __future__ import annotations

import random

from borgersamling.grouping.layout import SessionLayout
from borgersamling.grouping.model import ROLES, SeatingProblem

RolePlan = dict[int, dict[int, str]]
"""Session -> member index -> "host" or "scribe"."""


def _willing(problem: SeatingProblem, member: int, role: str) -> bool:
    person = problem.members[member]
    return person.host if role == "host" else person.scribe


def history_counts(problem: SeatingProblem) -> dict[str, list[int]]:
    index_of = {member.id: index for index, member in enumerate(problem.members)}
    counts = {role: [0] * len(problem.members) for role in ROLES}
    for seat in problem.history:
        if seat.role in counts:
            counts[seat.role][index_of[seat.member_id]] += 1
    return counts


def plan_roles(problem: SeatingProblem, layouts: list[SessionLayout]) -> RolePlan:
    counts = history_counts(problem)
    # A seeded order breaks ties, so the first rows of the file do not always host first.
    order = list(range(len(problem.members)))
    random.Random(f"roles:{problem.seed}").shuffle(order)
    rank = {member: position for position, member in enumerate(order)}
    plan: RolePlan = {}
    for layout in layouts:
        roles = dict(layout.fixed_roles)
        # Seats left at each table once the fixed seats are taken: a table full of fixed
        # seats cannot take a new host or scribe, so fewer are chosen.
        free = list(layout.sizes)
        for fixed_table in layout.fixed.values():
            free[fixed_table] -= 1
        needs = [
            sum(
                1
                for role in ROLES
                if not any(layout.fixed[m] == t and r == role for m, r in roles.items())
            )
            for t in range(len(free))
        ]
        room = sum(min(f, k) for f, k in zip(free, needs, strict=True))
        for role in ROLES:
            other = "scribe" if role == "host" else "host"
            taken = {layout.fixed[m] for m, r in roles.items() if r == role}
            open_tables = sum(1 for t in range(len(free)) if t not in taken and free[t] > 0)
            wanted = min(open_tables, room)
            candidates = [
                m for m in layout.present if m not in roles and _willing(problem, m, role)
            ]
            other_willing = [m for m in layout.present if _willing(problem, m, other)]
            other_low = min((counts[other][m] for m in other_willing), default=0)

            def key(
                member: int, role: str = role, other: str = other, low: int = other_low
            ) -> tuple[int, int, int]:
                # Among equally due members, spare those who are also due the other role.
                due_other = _willing(problem, member, other) and counts[other][member] == low
                return (counts[role][member], int(due_other), rank[member])

            chosen = 0
            for member in sorted(candidates, key=key):
                if chosen == wanted:
                    break
                table = layout.fixed.get(member)
                if table is not None:
                    if table in taken:
                        continue
                    taken.add(table)
                roles[member] = role
                chosen += 1
            room -= chosen
        for member, role in roles.items():
            counts[role][member] += 1
        plan[layout.session] = roles
    return plan
