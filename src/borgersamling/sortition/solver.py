"""A thin facade over HiGHS, so algorithms state models, not solver calls.

Only open-source solvers are used. If HiGHS cannot be imported the engine fails loudly
instead of falling back to a weaker algorithm.
"""

from __future__ import annotations

import enum
import os
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

try:
    import highspy
except ImportError as exc:  # pragma: no cover - the package depends on highspy
    raise ImportError(
        "The selection engine needs the open-source HiGHS solver: pip install highspy"
    ) from exc

INFINITY = float(highspy.kHighsInf)


def _create_first_solver_quietly() -> None:
    """HiGHS prints a banner on stdout when a process creates its first solver, whatever
    the options; our stdout carries results, so that first one is made with it muted."""
    sys.stdout.flush()
    saved = os.dup(1)
    try:
        with open(os.devnull, "w") as sink:
            os.dup2(sink.fileno(), 1)
            highspy.Highs()  # type: ignore[no-untyped-call]
    finally:
        os.dup2(saved, 1)
        os.close(saved)


_create_first_solver_quietly()


class Status(enum.Enum):
    OPTIMAL = "optimal"
    INFEASIBLE = "infeasible"
    # A time limit ended the search with a feasible, maybe suboptimal, solution.
    FEASIBLE = "feasible"


class SolverFailure(RuntimeError):
    """HiGHS stopped without an answer we can use; this is a bug or a limit, never input."""


@dataclass(frozen=True)
class Solution:
    status: Status
    values: NDArray[np.float64]
    row_duals: NDArray[np.float64]
    objective: float


class LinearModel:
    """A linear (or mixed-integer) program built incrementally and solved repeatedly."""

    def __init__(
        self,
        *,
        maximize: bool = False,
        time_limit: float | None = None,
        primal_simplex: bool = False,
        mip_gap: float = 1e-9,
    ) -> None:
        self._highs = highspy.Highs()  # type: ignore[no-untyped-call]
        self._highs.setOptionValue("output_flag", False)
        # One thread keeps results identical from run to run and machine to machine.
        self._highs.setOptionValue("threads", 1)
        self._highs.setOptionValue("mip_rel_gap", mip_gap)
        self._highs.setOptionValue("mip_abs_gap", 1e-10)
        if time_limit is not None:
            self._highs.setOptionValue("time_limit", float(time_limit))
        if primal_simplex:
            self._highs.setOptionValue("simplex_strategy", 4)
        sense = highspy.ObjSense.kMaximize if maximize else highspy.ObjSense.kMinimize
        self._highs.changeObjectiveSense(sense)
        self._columns = 0
        self._rows = 0
        self._has_integers = False

    @property
    def variable_count(self) -> int:
        return self._columns

    def add_variables(
        self,
        lower: Sequence[float],
        upper: Sequence[float],
        *,
        integer: bool = False,
        cost: Sequence[float] | None = None,
    ) -> range:
        count = len(lower)
        first = self._columns
        self._highs.addVars(count, np.asarray(lower, dtype=float), np.asarray(upper, dtype=float))
        indexes = np.arange(first, first + count, dtype=np.int32)
        if integer:
            self._has_integers = True
            kinds = np.array([highspy.HighsVarType.kInteger] * count)
            self._highs.changeColsIntegrality(count, indexes, kinds)
        if cost is not None:
            self._highs.changeColsCost(count, indexes, np.asarray(cost, dtype=float))
        self._columns += count
        return range(first, first + count)

    def add_column(
        self,
        terms: Iterable[tuple[int, float]],
        lower: float = 0.0,
        upper: float = INFINITY,
        cost: float = 0.0,
    ) -> int:
        """A new variable with its coefficients in existing rows."""
        pairs = [(row, value) for row, value in terms if value != 0]
        rows = np.array([row for row, _ in pairs], dtype=np.int32)
        values = np.array([value for _, value in pairs], dtype=float)
        self._highs.addCol(float(cost), float(lower), float(upper), len(pairs), rows, values)
        self._columns += 1
        return self._columns - 1

    def add_constraint(self, terms: Iterable[tuple[int, float]], lower: float, upper: float) -> int:
        pairs = [(index, value) for index, value in terms if value != 0]
        indexes = np.array([index for index, _ in pairs], dtype=np.int32)
        values = np.array([value for _, value in pairs], dtype=float)
        self._highs.addRow(float(lower), float(upper), len(pairs), indexes, values)
        self._rows += 1
        return self._rows - 1

    def set_costs(self, indexes: Sequence[int], costs: Sequence[float]) -> None:
        self._highs.changeColsCost(
            len(indexes), np.asarray(indexes, dtype=np.int32), np.asarray(costs, dtype=float)
        )

    def set_bounds(self, index: int, lower: float, upper: float) -> None:
        self._highs.changeColBounds(index, float(lower), float(upper))

    def set_row_bounds(self, row: int, lower: float, upper: float) -> None:
        self._highs.changeRowBounds(row, float(lower), float(upper))

    def set_integer(self, indexes: Sequence[int], integer: bool) -> None:
        kind = highspy.HighsVarType.kInteger if integer else highspy.HighsVarType.kContinuous
        self._highs.changeColsIntegrality(
            len(indexes), np.asarray(indexes, dtype=np.int32), np.array([kind] * len(indexes))
        )

    def set_coefficient(self, row: int, column: int, value: float) -> None:
        self._highs.changeCoeff(row, column, float(value))

    def solve(self) -> Solution:
        self._highs.run()
        status = self._highs.getModelStatus()
        kinds = highspy.HighsModelStatus
        if status == kinds.kInfeasible:
            return Solution(Status.INFEASIBLE, np.zeros(0), np.zeros(0), float("nan"))
        solution = self._highs.getSolution()
        values = np.array(solution.col_value, dtype=float)
        duals = np.array(solution.row_dual, dtype=float)
        objective = float(self._highs.getInfo().objective_function_value)
        if status == kinds.kOptimal:
            return Solution(Status.OPTIMAL, values, duals, objective)
        if status in (kinds.kTimeLimit, kinds.kInterrupt) and solution.value_valid:
            return Solution(Status.FEASIBLE, values, duals, objective)
        raise SolverFailure(f"HiGHS stopped: {self._highs.modelStatusToString(status)}")
