"""The fewest repeated pairs under strict mixing, proven by an integer program (HiGHS).

Only for small problems (a dozen members, a few sessions): the yardstick the search is
checked against in tests and benchmarks, not a way to seat an assembly. It models members at
tables of equal size in every session, each table holding every feature value at its ideal
count rounded down or up, and no roles, history, absences or fixed seats.

x[m, t, s] = 1 when member m sits at table t in session s; together[a, b, t, s] >= x[a, t, s] +
x[b, t, s] - 1; repeats[a, b] >= sum of together - 1; minimise the sum of repeats. Member 0
sits at table 0 in every session (the tables are interchangeable), which keeps the optimum.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from itertools import combinations

from borgersamling.grouping.model import Member, SeatingProblem, TableSpec
from borgersamling.sortition.solver import INFINITY, LinearModel, Status


@dataclass(frozen=True)
class ExactResult:
    proven: bool
    """True when the minimum is proven; otherwise the time limit ended the search."""
    minimum: int
    """Repeated pairs of the best seating found."""


def fewest_repeats(problem: SeatingProblem, time_limit: float = 60.0) -> ExactResult:
    n, k, sessions = len(problem.members), len(problem.tables), len(problem.sessions)
    if problem.history or problem.absent or problem.fixed or n % k:
        raise ValueError("the exact model takes equal tables, no history, absences or fixed seats")
    size = n // k
    model = LinearModel(time_limit=time_limit, mip_gap=0.0)
    x = {
        (m, t, s): model.add_variables([0.0], [1.0], integer=True)[0]
        for m in range(n)
        for t in range(k)
        for s in range(sessions)
    }
    for s in range(sessions):
        for m in range(n):
            model.add_constraint([(x[m, t, s], 1.0) for t in range(k)], 1, 1)
        for t in range(k):
            model.add_constraint([(x[m, t, s], 1.0) for m in range(n)], size, size)
        model.set_bounds(x[0, 0, s], 1, 1)
    for feature in problem.features:
        values = {member.features[feature] for member in problem.members}
        for value in sorted(values):
            alike = [
                m for m, member in enumerate(problem.members) if member.features[feature] == value
            ]
            ideal = len(alike) * size / n
            low, high = math.floor(ideal + 1e-9), math.ceil(ideal - 1e-9)
            for s in range(sessions):
                for t in range(k):
                    model.add_constraint([(x[m, t, s], 1.0) for m in alike], low, high)
    for a, b in combinations(range(n), 2):
        together = []
        for s in range(sessions):
            for t in range(k):
                z = model.add_variables([0.0], [1.0])[0]
                model.add_constraint(
                    [(z, 1.0), (x[a, t, s], -1.0), (x[b, t, s], -1.0)], -1, INFINITY
                )
                together.append((z, -1.0))
        repeats = model.add_variables([0.0], [INFINITY], cost=[1.0])[0]
        model.add_constraint([(repeats, 1.0), *together], -1, INFINITY)
    solution = model.solve()
    if solution.status is Status.INFEASIBLE:
        raise ValueError("no seating mixes every table strictly")
    return ExactResult(solution.status is Status.OPTIMAL, round(solution.objective))


def small_problem(members: int, tables: int, sessions: int, seed: int) -> SeatingProblem:
    """A problem small enough to solve exactly: members with a gender (two values) and an age
    group (three), shuffled by the seed, at equal tables under strict mixing."""
    rng = random.Random(seed)
    gender = (["K", "M"] * members)[:members]
    age = [("x", "y", "z")[i % 3] for i in range(members)]
    rng.shuffle(gender)
    rng.shuffle(age)
    return SeatingProblem(
        members=tuple(
            Member(id=f"m{i:02d}", features={"g": gender[i], "a": age[i]}) for i in range(members)
        ),
        features=("g", "a"),
        tables=tuple(TableSpec(str(t)) for t in range(tables)),
        sessions=tuple(range(1, sessions + 1)),
        seed=1,
        tradeoff=False,
    )
