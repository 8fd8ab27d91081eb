"""LEXIMIN over the relaxed panel polytope, and splitting its answer into real panels.

Every lottery over valid panels has expected type counts in the convex hull H of the valid
panels (in type space). H lies inside the polytope P of the same constraints without
integrality, and LEXIMIN over P is a short sequence of plain LPs. Whenever the LEXIMIN
point of P can be written as a mix of valid panels, it lies in H and is therefore the exact
LEXIMIN of H as well: the fallback to column generation is then not needed. Stratification
quotas are close to a network structure, so in practice it nearly always can.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from borgersamling.sortition.panel_space import INTEGRALITY_TOLERANCE, Counts, PanelSpace
from borgersamling.sortition.progress import Reporter
from borgersamling.sortition.solver import INFINITY, LinearModel, SolverFailure, Status

# Dual values below this are solver noise, not a binding level; between it and
# CERTAIN_DUAL an extra LP decides.
DUAL_TOLERANCE = 1e-9
CERTAIN_DUAL = 1e-6
# Activities this close to a bound are on it; HiGHS's own feasibility tolerance.
TIGHTNESS_TOLERANCE = 1e-7
# LPs tried on a face before an integer program is solved.
LP_ATTEMPTS = 16
# Expected seats short of the targets that still count as reaching them.
SHORTFALL_TOLERANCE = 1e-7
# A new panel must improve the mix by this much to be worth adding.
PRICING_GAIN_TOLERANCE = 1e-9


def relaxed_leximin(
    space: PanelSpace, zero_types: list[int], reporter: Reporter
) -> NDArray[np.float64]:
    """Type probabilities of the LEXIMIN point of the relaxed polytope.

    Level by level: maximise z with expected count x_t >= z n_t for every unfixed type;
    the types whose level constraint has a positive dual value cannot rise above z in any
    optimum, so they are fixed at z and the next level is maximised.
    """
    model, counts = space.build_model(maximize=True, integer=False)
    level = model.add_variables([0.0], [1.0], cost=[1.0])[0]
    level_rows = [
        model.add_constraint([(counts[t], 1.0), (level, -space.sizes[t])], 0.0, INFINITY)
        for t in range(space.type_count)
    ]
    fixed: dict[int, float] = {}

    def fix(t: int, probability: float) -> None:
        fixed[t] = probability
        model.set_coefficient(level_rows[t], level, 0.0)
        # A hair of slack keeps later levels feasible despite rounding in this one.
        model.set_row_bounds(level_rows[t], probability * space.sizes[t] - 1e-10, INFINITY)

    for t in zero_types:
        fix(t, 0.0)
    while len(fixed) < space.type_count:
        solution = model.solve()
        if solution.status is not Status.OPTIMAL:
            raise SolverFailure(f"relaxed LEXIMIN LP ended {solution.status.value}")
        value = float(solution.values[level])
        unfixed = [t for t in range(space.type_count) if t not in fixed]
        duals = np.abs(solution.row_duals[level_rows])
        binding = [t for t in unfixed if duals[t] > DUAL_TOLERANCE]
        # A small dual may be solver noise: fixing such a type too early would lose
        # exactness, so it is fixed only if it really cannot rise above the level.
        binding = [
            t
            for t in binding
            if duals[t] >= CERTAIN_DUAL or not _can_rise(model, counts, level, t, value, space)
        ]
        for t in binding or [max(unfixed, key=lambda t: duals[t])]:
            fix(t, value)
        reporter.progress(len(fixed) / space.type_count, "levels")
    return np.array([fixed[t] for t in range(space.type_count)])


def _can_rise(
    model: LinearModel, counts: range, level: int, t: int, value: float, space: PanelSpace
) -> bool:
    """Whether type t can get more than ``value`` while the other levels keep theirs."""
    model.set_bounds(level, value - 1e-10, value)
    model.set_costs([level, counts[t]], [0.0, 1.0 / space.sizes[t]])
    solution = model.solve()
    model.set_costs([level, counts[t]], [1.0, 0.0])
    model.set_bounds(level, 0.0, 1.0)
    return solution.status is Status.OPTIMAL and solution.objective > value + 1e-7


def walk_faces(
    space: PanelSpace, expected: NDArray[np.float64], reporter: Reporter
) -> tuple[list[Counts], list[float] | None]:
    """Write expected type counts as a mix of valid panels by walking faces.

    Carathéodory: pick a valid panel u on the smallest face holding the point x, move x
    away from u until it hits another constraint, and repeat on that smaller face. Each
    step drops at least one dimension, so at most T + 1 panels. When the relaxed polytope
    has fractional vertices the walk can leave the hull of valid panels and get stuck;
    it then returns the panels it found (good columns near the point) and no weights.
    """
    face = _Face(space)
    point = expected.copy()
    remaining = 1.0
    panels: list[Counts] = []
    weights: list[float] = []
    for step in range(space.type_count + 2):
        rounded = np.round(point)
        # The walk accumulates float error, so a point this close to a panel is that panel.
        if np.all(np.abs(point - rounded) < TIGHTNESS_TOLERANCE):
            last = tuple(int(v) for v in rounded)
            if not space.is_valid(last):
                # Float error grew along long steps: the point left the polytope. The
                # panels so far still serve the panel-mix LP.
                return panels, None
            panels.append(last)
            weights.append(remaining)
            break
        face.restrict_to(point)
        vertex = face.valid_panel(objective=point)
        if vertex is None:
            return panels, None
        stretch = _longest_step(space, face, point, vertex)
        if not 1e-12 < stretch < INFINITY:
            return [*panels, vertex], None
        share = stretch / (1.0 + stretch)
        panels.append(vertex)
        weights.append(remaining * share)
        remaining *= 1.0 - share
        point = point + stretch * (point - np.array(vertex, dtype=float))
        point = np.clip(point, 0.0, space.sizes)
        reporter.progress(min(1.0, step / space.type_count), "decomposing")
        if remaining < 1e-12:
            break
    else:
        return panels, None
    total = sum(weights)
    return panels, [w / total for w in weights]


def _longest_step(
    space: PanelSpace, face: _Face, point: NDArray[np.float64], vertex: Counts
) -> float:
    """Largest t with point + t (point - vertex) still satisfying every constraint.

    Constraints of the face hold with equality at both ends and are skipped, so solver
    noise on them cannot stop the walk.
    """
    direction = point - np.array(vertex, dtype=float)
    activity = space.rows @ point
    change = space.rows @ direction
    free_rows = [r for r in range(len(activity)) if r not in face.fixed_rows]
    free_types = [t for t in range(space.type_count) if t not in face.fixed_types]
    limits = [INFINITY]
    for value, delta, low, high in zip(
        np.concatenate([activity[free_rows], point[free_types]]),
        np.concatenate([change[free_rows], direction[free_types]]),
        np.concatenate([space.row_lower[free_rows], np.zeros(len(free_types))]),
        np.concatenate([space.row_upper[free_rows], space.sizes[free_types]]),
        strict=True,
    ):
        if delta > TIGHTNESS_TOLERANCE:
            limits.append(max(0.0, (high - value) / delta))
        elif delta < -TIGHTNESS_TOLERANCE:
            limits.append(max(0.0, (value - low) / -delta))
    return float(min(limits))


class _Face:
    """The smallest face of the relaxed polytope holding the current point.

    Faces only shrink as the walk goes on, so tight constraints are fixed once and kept.
    """

    def __init__(self, space: PanelSpace) -> None:
        self.space = space
        self.model, self.counts = space.build_model(maximize=True, integer=False)
        self.fixed_rows: dict[int, float] = {}
        self.fixed_types: dict[int, float] = {}
        # Fixed seed: the walk, and so the published lottery, must be reproducible.
        self.noise = np.random.default_rng(0)

    def restrict_to(self, point: NDArray[np.float64]) -> None:
        space = self.space
        activity = space.rows @ point
        for row, value in enumerate(activity):
            if row in self.fixed_rows:
                continue
            for bound in (space.row_lower[row], space.row_upper[row]):
                if abs(value - bound) < TIGHTNESS_TOLERANCE:
                    self.fixed_rows[row] = float(bound)
                    self.model.set_row_bounds(row, bound, bound)
        for t, value in enumerate(point):
            if t in self.fixed_types:
                continue
            for bound in (0.0, float(space.sizes[t])):
                if abs(value - bound) < TIGHTNESS_TOLERANCE:
                    self.fixed_types[t] = bound
                    self.model.set_bounds(self.counts[t], bound, bound)

    def valid_panel(self, objective: NDArray[np.float64]) -> Counts | None:
        # A vertex of the face is often integral; a few LPs with perturbed objectives are
        # much cheaper than one integer program, which is the last resort.
        for attempt in range(LP_ATTEMPTS):
            noise = self.noise.uniform(0.0, 1.0, len(objective)) if attempt else 0.0
            self.model.set_costs(self.counts, list(objective * (1.0 + noise)))
            solution = self.model.solve()
            if solution.status is Status.INFEASIBLE:
                return None
            values = solution.values[: self.space.type_count]
            if np.all(np.abs(values - np.round(values)) < INTEGRALITY_TOLERANCE):
                return tuple(round(v) for v in values)
        return self._integer_panel()

    def _integer_panel(self) -> Counts | None:
        model, counts = self.space.build_model(maximize=True, integer=True)
        for row, bound in self.fixed_rows.items():
            model.set_row_bounds(row, bound, bound)
        for t, bound in self.fixed_types.items():
            model.set_bounds(counts[t], bound, bound)
        # Without an objective the first panel found is taken: several times faster than
        # the panel nearest the point, and the walk rarely needs it.
        solution = model.solve()
        if solution.status is Status.INFEASIBLE:
            return None
        return tuple(round(v) for v in solution.values[: self.space.type_count])


def mix_panels(
    space: PanelSpace,
    targets: NDArray[np.float64],
    panels: list[Counts],
    reporter: Reporter,
    max_rounds: int = 5000,
) -> tuple[list[Counts], list[float]] | None:
    """A lottery over valid panels giving every type at least its target probability.

    Column generation on: minimise the expected number of seats short of the targets.
    Returns None when the targets are out of reach (the shortfall stays positive).
    """
    # HiGHS's default dual simplex was seen stalling for minutes on this LP, where the
    # primal simplex takes about a second: the start is nearly feasible, not nearly optimal.
    model = LinearModel(maximize=False, primal_simplex=True)
    shortfall = model.add_variables(
        [0.0] * space.type_count, [INFINITY] * space.type_count, cost=list(space.sizes)
    )
    total = model.add_constraint([], 1.0, 1.0)
    demand = [
        model.add_constraint([(shortfall[t], 1.0)], float(targets[t]), INFINITY)
        for t in range(space.type_count)
    ]
    columns: list[Counts] = []
    known: set[Counts] = set()

    def add(panel: Counts) -> None:
        known.add(panel)
        columns.append(panel)
        rows = [(total, 1.0)] + [
            (demand[t], seats / space.sizes[t]) for t, seats in enumerate(panel) if seats
        ]
        model.add_column(rows)

    for panel in panels:
        if panel not in known:
            add(panel)
    for _ in range(max_rounds):
        solution = model.solve()
        if solution.status is not Status.OPTIMAL:
            raise SolverFailure(f"panel mix LP ended {solution.status.value}")
        if solution.objective < SHORTFALL_TOLERANCE:
            weights = solution.values[space.type_count :]
            return _normalised(columns, weights)
        prices = np.maximum(solution.row_duals[demand], 0.0) / space.sizes
        candidate = space.best_panel(prices)
        assert candidate is not None
        gain = float(np.dot(prices, candidate)) + float(solution.row_duals[total])
        if gain <= PRICING_GAIN_TOLERANCE or candidate in known:
            return None
        add(candidate)
        reporter.progress(min(1.0, len(columns) / (space.type_count + 1)), "mixing panels")
    return None


def _normalised(
    columns: list[Counts], weights: NDArray[np.float64]
) -> tuple[list[Counts], list[float]]:
    kept = [(panel, float(w)) for panel, w in zip(columns, weights, strict=True) if w > 1e-12]
    total = sum(w for _, w in kept)
    return [panel for panel, _ in kept], [w / total for _, w in kept]
