"""The set of valid panels, stated compactly for the solver.

People with identical feature values who share no household with anyone else in the pool
are interchangeable: a panel is then fully described by how many of each such *type* it
holds, and LEXIMIN gives every member of a type the same probability. Counting types
instead of choosing people shrinks the integer programs from thousands of binaries to a
few dozen or hundred integers, which is where the engine's speed comes from.
People who share a household with someone in the pool form a type of their own, so the
household rule (at most one per household) can be stated on them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from borgersamling.sortition.pool import Pool
from borgersamling.sortition.quotas import Quota, QuotaSet
from borgersamling.sortition.solver import LinearModel, Status

INTEGRALITY_TOLERANCE = 1e-9

Counts = tuple[int, ...]
"""A panel in type space: how many people of each type it seats."""


@dataclass(frozen=True)
class PersonType:
    members: tuple[int, ...]
    """Indexes into ``Pool.people``, in pool order."""
    values: tuple[str, ...]
    """The feature values, in the order of ``QuotaSet.features``."""

    @property
    def size(self) -> int:
        return len(self.members)


class PanelSpace:
    def __init__(self, pool: Pool, quotas: QuotaSet) -> None:
        self.pool = pool
        self.quotas = quotas
        self.seats = quotas.seats
        features = quotas.features
        shared = {index for group in pool.households().values() for index in group}
        groups: dict[tuple[str, ...], list[int]] = {}
        singles: list[tuple[tuple[str, ...], int]] = []
        for index, person in enumerate(pool.people):
            values = tuple(person.features[feature] for feature in features)
            if index in shared:
                singles.append((values, index))
            else:
                groups.setdefault(values, []).append(index)
        self.types: list[PersonType] = [
            PersonType(tuple(members), values) for values, members in groups.items()
        ]
        self.types += [PersonType((index,), values) for values, index in singles]
        self.type_of_person = np.empty(len(pool), dtype=np.int64)
        for type_index, person_type in enumerate(self.types):
            self.type_of_person[list(person_type.members)] = type_index
        self.sizes: NDArray[np.float64] = np.array([t.size for t in self.types], dtype=float)
        position = {feature: number for number, feature in enumerate(features)}
        self.quota_types: list[tuple[Quota, list[int]]] = [
            (
                quota,
                [
                    number
                    for number, person_type in enumerate(self.types)
                    if person_type.values[position[quota.feature]] == quota.value
                ],
            )
            for quota in quotas.quotas
        ]
        self.households: list[list[int]] = [
            [int(self.type_of_person[index]) for index in group]
            for group in pool.households().values()
        ]
        # Every valid panel x (type counts) satisfies lower <= rows @ x <= upper and
        # 0 <= x <= sizes: the seats, then one row per quota, then one per household.
        matrix = np.zeros((1 + len(self.quota_types) + len(self.households), self.type_count))
        matrix[0, :] = 1.0
        lower = [float(self.seats)]
        upper = [float(self.seats)]
        for row, (quota, members) in enumerate(self.quota_types, start=1):
            matrix[row, members] = 1.0
            lower.append(quota.min)
            upper.append(quota.max)
        for row, household in enumerate(self.households, start=1 + len(self.quota_types)):
            matrix[row, household] = 1.0
            lower.append(0.0)
            upper.append(1.0)
        self.rows: NDArray[np.float64] = matrix
        self.row_lower: NDArray[np.float64] = np.array(lower)
        self.row_upper: NDArray[np.float64] = np.array(upper)
        self._pricing: tuple[LinearModel, range] | None = None
        self._integer_pricing: tuple[LinearModel, range] | None = None

    @property
    def type_count(self) -> int:
        return len(self.types)

    def build_model(
        self,
        *,
        maximize: bool = True,
        integer: bool = True,
        time_limit: float | None = None,
        mip_gap: float = 1e-9,
    ) -> tuple[LinearModel, range]:
        """A model whose variables are the type counts of one valid panel."""
        model = LinearModel(maximize=maximize, time_limit=time_limit, mip_gap=mip_gap)
        counts = model.add_variables([0.0] * self.type_count, list(self.sizes), integer=integer)
        for coefficients, low, high in zip(self.rows, self.row_lower, self.row_upper, strict=True):
            terms = [(counts[t], 1.0) for t in np.flatnonzero(coefficients)]
            model.add_constraint(terms, low, high)
        return model, counts

    def best_panel(self, weights: Sequence[float] | NDArray[np.float64]) -> Counts | None:
        """The valid panel maximising the sum of weight x count, or None if none exists.

        The LP relaxation is tried first: when its optimum is integral it is the integer
        optimum too, at a fraction of the cost of branch and bound.
        """
        if self._pricing is None:
            self._pricing = self.build_model(integer=False)
        model, counts = self._pricing
        model.set_costs(counts, list(weights))
        solution = model.solve()
        if solution.status is Status.INFEASIBLE:
            return None  # no fractional panel, so no integral one either
        values = solution.values[: self.type_count]
        if np.all(np.abs(values - np.round(values)) < INTEGRALITY_TOLERANCE):
            return tuple(round(v) for v in values)
        return self._best_integer_panel(weights)

    def _best_integer_panel(self, weights: Sequence[float] | NDArray[np.float64]) -> Counts | None:
        if self._integer_pricing is None:
            self._integer_pricing = self.build_model()
        model, counts = self._integer_pricing
        model.set_costs(counts, list(weights))
        solution = model.solve()
        if solution.status is Status.INFEASIBLE:
            return None
        return tuple(round(v) for v in solution.values[: self.type_count])

    def is_valid(self, panel: Counts) -> bool:
        """Whether type counts form a valid panel (exact integer check, no tolerance)."""
        counts = np.array(panel, dtype=float)
        if np.any(counts < 0) or np.any(counts > self.sizes):
            return False
        activity = self.rows @ counts
        return bool(np.all(activity >= self.row_lower) and np.all(activity <= self.row_upper))

    def is_feasible(self) -> bool:
        return self.best_panel([0.0] * self.type_count) is not None

    def type_probabilities_of(
        self, panels: Sequence[Counts], weights: Sequence[float]
    ) -> NDArray[np.float64]:
        matrix = np.array(panels, dtype=float)
        return np.asarray(np.array(weights) @ matrix / self.sizes, dtype=float)

    def person_probabilities(self, type_probabilities: NDArray[np.float64]) -> NDArray[np.float64]:
        return np.asarray(type_probabilities[self.type_of_person], dtype=float)
