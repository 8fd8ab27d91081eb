"""Filling seats that people left: which reserves keep the quotas best.

When a drawn person declines or drops out, the members who remain stay (they are *fixed*)
and the open seats go to candidates in the lottery's reserve order. The choice is
lexicographic:

1. the panel's total quota violation is as small as it can be (the sum, over quotas, of how
   far the panel's count is below its min or above its max), so the quotas hold whenever
   any choice of candidates can keep them;
2. among the choices that are that good, the one earliest in the reserve order: the first
   reserve gets a seat unless the quotas need someone else, then the second, and so on.

Nobody shares a household with a member who stays or with another chosen candidate.
Stage 1 is one integer program; stage 2 walks the candidates in order and fixes each to
"in" whenever the best violation stays reachable, re-solving the same model. Both are
deterministic (one solver thread, no randomness).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from borgersamling.sortition.pool import Pool
from borgersamling.sortition.quotas import Quota, QuotaSet
from borgersamling.sortition.solver import INFINITY, LinearModel, Status

# Violations are whole seats; this keeps the solver's rounding from changing the answer.
_SLACK = 0.5


class ReplacementError(ValueError):
    """The request cannot be answered as asked; the message says why in plain words."""


@dataclass(frozen=True)
class QuotaReport:
    feature: str
    value: str
    min: int
    max: int
    before: int
    """Members who stay, before the open seats are filled."""
    after: int
    """Members once the chosen candidates have joined."""

    @property
    def deviation(self) -> int:
        """How many seats ``after`` is below the min or above the max (0 when the quota holds)."""
        return max(0, self.min - self.after, self.after - self.max)

    @property
    def deviation_before(self) -> int:
        return max(0, self.min - self.before, self.before - self.max)

    @property
    def holds(self) -> bool:
        return self.deviation == 0

    def as_dict(self) -> dict[str, str | int | bool]:
        return {
            "feature": self.feature,
            "value": self.value,
            "min": self.min,
            "max": self.max,
            "before": self.before,
            "after": self.after,
            "deviation": self.deviation,
            "holds": self.holds,
        }


@dataclass(frozen=True)
class ReplacementResult:
    chosen: tuple[int, ...]
    """Pool indexes of the candidates who get the seats, in candidate (reserve) order."""
    quotas: tuple[QuotaReport, ...]

    @property
    def total_deviation(self) -> int:
        return sum(report.deviation for report in self.quotas)

    @property
    def all_quotas_hold(self) -> bool:
        return all(report.holds for report in self.quotas)


def quota_report(
    pool: Pool, quotas: QuotaSet, fixed: Sequence[int], chosen: Sequence[int] = ()
) -> tuple[QuotaReport, ...]:
    """Each quota's count among ``fixed``, and among ``fixed`` plus ``chosen``."""

    def count(quota: Quota, members: Sequence[int]) -> int:
        return sum(1 for i in members if pool.people[i].features[quota.feature] == quota.value)

    return tuple(
        QuotaReport(
            quota.feature,
            quota.value,
            quota.min,
            quota.max,
            count(quota, fixed),
            count(quota, [*fixed, *chosen]),
        )
        for quota in quotas.quotas
    )


def eligible_candidates(pool: Pool, fixed: Sequence[int], candidates: Sequence[int]) -> list[int]:
    """Candidates who share no household with a member who stays, in the given order."""
    taken = {pool.people[i].household for i in fixed} - {None}
    return [i for i in candidates if pool.people[i].household not in taken]


def fillable_seats(pool: Pool, fixed: Sequence[int], candidates: Sequence[int]) -> int:
    """The most seats the candidates can fill together, one per household."""
    households: set[str] = set()
    alone = 0
    for index in eligible_candidates(pool, fixed, candidates):
        household = pool.people[index].household
        if household is None:
            alone += 1
        else:
            households.add(household)
    return alone + len(households)


def _check(pool: Pool, fixed: Sequence[int], candidates: Sequence[int], seats: int) -> None:
    size = len(pool)
    for name, indexes in (("fixed members", fixed), ("candidates", candidates)):
        outside = [i for i in indexes if not 0 <= i < size]
        if outside:
            raise ReplacementError(f"{name} {outside} are not in the pool of {size} people")
        if len(set(indexes)) != len(indexes):
            raise ReplacementError(f"{name} name someone twice")
    both = sorted(set(fixed) & set(candidates))
    if both:
        ids = ", ".join(pool.people[i].id for i in both)
        raise ReplacementError(f"{ids} already hold a seat and cannot be candidates")
    if seats < 0:
        raise ReplacementError(f"the number of seats to fill must be 0 or more, not {seats}")
    if seats > len(candidates):
        raise ReplacementError(f"{seats} seats to fill but only {len(candidates)} candidates left")
    fillable = fillable_seats(pool, fixed, candidates)
    if seats > fillable:
        raise ReplacementError(
            f"{seats} seats to fill but the candidates can fill only {fillable}: the others "
            "share a household with a member or with each other"
        )


class _Model:
    """Binary x per eligible candidate, and per quota the seats below min / above max."""

    def __init__(
        self, pool: Pool, quotas: QuotaSet, fixed: Sequence[int], candidates: list[int], seats: int
    ) -> None:
        self.model = LinearModel()
        self.candidates = candidates
        count = len(candidates)
        self.x = self.model.add_variables([0.0] * count, [1.0] * count, integer=True)
        self.model.add_constraint([(v, 1.0) for v in self.x], seats, seats)
        deviations: list[int] = []
        for report, quota in zip(quota_report(pool, quotas, fixed), quotas.quotas, strict=True):
            members = [
                (self.x[n], 1.0)
                for n, index in enumerate(candidates)
                if pool.people[index].features[quota.feature] == quota.value
            ]
            under, over = self.model.add_variables([0.0, 0.0], [INFINITY, INFINITY], cost=[1, 1])
            deviations += [under, over]
            # before + joining + under >= min, and before + joining - over <= max
            self.model.add_constraint([*members, (under, 1.0)], quota.min - report.before, INFINITY)
            self.model.add_constraint(
                [*members, (over, -1.0)], -INFINITY, quota.max - report.before
            )
        households: dict[str, list[int]] = {}
        for n, index in enumerate(candidates):
            household = pool.people[index].household
            if household is not None:
                households.setdefault(household, []).append(self.x[n])
        for variables in households.values():
            if len(variables) > 1:
                self.model.add_constraint([(v, 1.0) for v in variables], 0.0, 1.0)
        self.deviations = deviations

    def solve(self) -> tuple[float, list[int]] | None:
        solution = self.model.solve()
        if solution.status is not Status.OPTIMAL:
            return None
        chosen = [
            index for n, index in enumerate(self.candidates) if solution.values[self.x[n]] > 0.5
        ]
        return solution.objective, chosen


def choose_replacements(
    pool: Pool,
    quotas: QuotaSet,
    fixed: Sequence[int],
    candidates: Sequence[int],
    seats: int,
) -> ReplacementResult:
    """Who fills ``seats`` open seats next to the ``fixed`` members.

    ``candidates`` are pool indexes in priority order (the reserves in the drawn order, then
    anyone else the secretariat allows). Raises ``ReplacementError`` when the candidates
    cannot fill that many seats.
    """
    _check(pool, fixed, candidates, seats)
    eligible = eligible_candidates(pool, fixed, candidates)
    if seats == 0:
        return ReplacementResult((), quota_report(pool, quotas, fixed))
    problem = _Model(pool, quotas, fixed, eligible, seats)
    best = problem.solve()
    if best is None:  # _check guarantees a household-respecting choice exists
        raise ReplacementError("no choice of candidates fills the seats")
    least = round(best[0])
    # Stage 2: hold the violation at its least and take candidates in order while possible.
    problem.model.add_constraint([(v, 1.0) for v in problem.deviations], -INFINITY, least + _SLACK)
    chosen: list[int] = []
    for n, index in enumerate(eligible):
        if len(chosen) == seats:
            problem.model.set_bounds(problem.x[n], 0.0, 0.0)
            continue
        problem.model.set_bounds(problem.x[n], 1.0, 1.0)
        if problem.solve() is not None:
            chosen.append(index)
        else:
            problem.model.set_bounds(problem.x[n], 0.0, 0.0)
    if len(chosen) != seats:  # pragma: no cover - stage 1 found a solution, so one exists
        raise ReplacementError("no choice of candidates fills the seats")
    return ReplacementResult(tuple(chosen), quota_report(pool, quotas, fixed, chosen))
