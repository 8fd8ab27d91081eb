"""Who hosts and who scribes at each session: nobody twice before every willing member has.

Seating first, roles second (assign_roles): on a finished seating an integer program picks one
willing host and one willing scribe per table so the rotation holds. plan_roles is the rotation
on its own, seating aside: each session takes its hosts from the willing members present who
have hosted least so far (then its scribes likewise). It sets how many hold each role per
session, and it is the plan the seating must follow when no choice fits a seating.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence

from borgersamling.grouping.layout import SessionLayout
from borgersamling.grouping.model import ROLES, SeatingProblem
from borgersamling.sortition.solver import INFINITY, LinearModel, Status

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


def holders(plan: RolePlan, session: int, role: str) -> int:
    return sum(1 for r in plan.get(session, {}).values() if r == role)


def assign_roles(
    problem: SeatingProblem,
    layouts: Sequence[SessionLayout],
    tables: Sequence[Sequence[int]],
    planned: RolePlan,
    *,
    exact: bool = False,
    as_planned: bool = True,
    keep: RolePlan | None = None,
) -> tuple[RolePlan, float]:
    """Seating first, roles second: given each session's table per member (-1 absent), choose
    as many hosts and scribes as the planned rotation has, so that the rotation holds and as
    many tables as possible get exactly one of each, by an integer program. Returns the plan
    and the number of tables, counted per role, that get none or more than one: 0 means the
    seating can keep this plan as it is. exact: only answer whether that number can be 0
    (much faster); when it cannot, the number is infinite. as_planned=False: at most as many
    holders as planned, so a table where no one may take the role stays without one instead
    of another table getting two. keep: roles held now (chosen again after moves by hand);
    among the best choices, the one that keeps most of them.

    The rotation, as the quality report checks it: nobody takes a role for the (c+1)-th time
    while a willing member present, holding no role that session, has held it fewer than c
    times. With before(m) the times m held the role before the session and lo a free level:
    lo <= before(x) for every willing x present who holds no role, and before(m) <= lo for
    every m who takes the role; big-M terms switch each side off.
    """
    model = LinearModel(mip_gap=0.0)
    held = history_counts(problem)
    big = len(layouts) + max((max(c) for c in held.values()), default=0) + 1
    takes: dict[tuple[str, int, int], int] = {}
    off: list[int] = []
    kept = {
        (role, m, s)
        for s, lay in enumerate(layouts)
        for m, role in (keep or {}).get(lay.session, {}).items()
    }
    # Less than one table off in all: keeping roles never outweighs a table's host.
    reward = -1.0 / (len(kept) + 1)
    for s, layout in enumerate(layouts):
        fixed = layout.fixed_roles
        for role in ROLES:
            for m in layout.present:
                if not _willing(problem, m, role) and fixed.get(m) != role:
                    continue
                must = 1.0 if fixed.get(m) == role else 0.0
                may = 0.0 if m in fixed and fixed[m] != role else 1.0
                cost = [reward if (role, m, s) in kept else 0.0]
                takes[role, m, s] = model.add_variables([must], [may], integer=True, cost=cost)[0]
    for s, layout in enumerate(layouts):
        table_of = tables[s]
        for role in ROLES:
            count = holders(planned, layout.session, role)
            mine = [takes[role, m, s] for m in layout.present if (role, m, s) in takes]
            model.add_constraint([(v, 1.0) for v in mine], count if as_planned else 0, count)
            for t in range(len(problem.tables)):
                at = [
                    takes[role, m, s]
                    for m in layout.present
                    if (role, m, s) in takes and table_of[m] == t
                ]
                if exact:
                    model.add_constraint([(v, 1.0) for v in at], 1, 1)
                    continue
                # One holder at the table, or pay for each one too many or too few.
                over, short = model.add_variables([0.0, 0.0], [INFINITY, 1.0], cost=[1.0, 1.0])
                off.extend((over, short))
                model.add_constraint([*((v, 1.0) for v in at), (over, -1.0), (short, 1.0)], 1, 1)
        for m in layout.present:
            both = [takes[r, m, s] for r in ROLES if (r, m, s) in takes]
            if len(both) == 2:
                model.add_constraint([(v, 1.0) for v in both], 0.0, 1.0)
        for role in ROLES:
            level = model.add_variables([0.0], [float(big)])[0]
            for m in layout.present:
                if (role, m, s) not in takes:
                    continue
                earlier = [(takes[role, m, e], 1.0) for e in range(s) if (role, m, e) in takes]
                busy = [(takes[r, m, s], -float(big)) for r in ROLES if (r, m, s) in takes]
                # lo <= before(m) + big * (m holds a role now)
                model.add_constraint(
                    [(level, 1.0), *[(v, -c) for v, c in earlier], *busy],
                    -INFINITY,
                    float(held[role][m]),
                )
                # before(m) <= lo + big * (1 - m takes this role)
                model.add_constraint(
                    [*earlier, (level, -1.0), (takes[role, m, s], float(big))],
                    -INFINITY,
                    float(big - held[role][m]),
                )
    solution = model.solve()
    if solution.status is Status.INFEASIBLE:
        return planned, math.inf
    plan: RolePlan = {layout.session: {} for layout in layouts}
    for (role, m, s), v in takes.items():
        if solution.values[v] > 0.5:
            plan[layouts[s].session][m] = role
    return plan, round(sum(solution.values[v] for v in off))
