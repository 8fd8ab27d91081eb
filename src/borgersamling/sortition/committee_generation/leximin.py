"""LEXIMIN: the fairest distribution over valid panels.

Flanigan, Gölz, Gupta, Hennig, Procaccia, "Fair algorithms for selecting citizens'
assemblies", Nature 596 (2021). Maximise the smallest selection probability; fix the
people who cannot rise above it; maximise the next smallest; and so on. Each level is an
LP over all valid panels, solved by column generation: the dual LP proposes weights on
people, an integer program finds the panel of largest weight, and that panel is added
until none improves. We run it on types (see ``panel_space``), which is exact because
LEXIMIN treats interchangeable people alike.

Column generation tails off slowly, so it is the fallback: first the LEXIMIN point of the
relaxed polytope is computed with plain LPs and split into valid panels (see
``relaxation``); when that split succeeds the answer is exact and column generation is
never started.
"""

from __future__ import annotations

import numpy as np

from borgersamling.sortition.committee_generation.distribution import (
    Distribution,
    find_covering_panels,
)
from borgersamling.sortition.committee_generation.relaxation import (
    mix_panels,
    relaxed_leximin,
    walk_faces,
)
from borgersamling.sortition.panel_space import Counts, PanelSpace
from borgersamling.sortition.progress import Reporter, SilentReporter
from borgersamling.sortition.solver import INFINITY, LinearModel, SolverFailure, Status

# A new panel must beat the dual bound by this much to be added; below it the LP is optimal
# to the solver's own tolerance.
PRICING_TOLERANCE = 1e-9
# A dual weight above this marks a type whose probability cannot rise above the level.
FIXING_TOLERANCE = 1e-7
# The split of the relaxed point must reproduce it this closely to be accepted as exact.
SPLIT_TOLERANCE = 1e-6


class _DualProgram:
    """The dual of "maximise the lowest unfixed probability", grown one panel at a time.

    Variables y_t >= 0 (one per type) and a free y_hat. Minimise y_hat - sum of f_t y_t
    over fixed types, subject to: for every panel P, sum of y_t x_Pt / n_t <= y_hat, and
    the y_t of unfixed types sum to 1.
    """

    def __init__(self, space: PanelSpace, unselectable: list[int]) -> None:
        self.space = space
        self.model = LinearModel(maximize=False)
        count = space.type_count
        self.y = self.model.add_variables([0.0] * count, [INFINITY] * count)
        self.y_hat = self.model.add_variables([-INFINITY], [INFINITY], cost=[1.0])[0]
        self.fixed: dict[int, float] = {t: 0.0 for t in unselectable}
        for t in unselectable:
            self.model.set_bounds(self.y[t], 0.0, 0.0)
        self.normalisation = self.model.add_constraint(
            ((self.y[t], 1.0) for t in range(count) if t not in self.fixed), 1.0, 1.0
        )

    def add_panel(self, panel: Counts) -> None:
        terms = [(self.y[t], seats / self.space.sizes[t]) for t, seats in enumerate(panel)]
        terms.append((self.y_hat, -1.0))
        self.model.add_constraint(terms, -INFINITY, 0.0)

    def fix(self, types: list[int], probability: float) -> None:
        for t in types:
            self.fixed[t] = probability
            self.model.set_coefficient(self.normalisation, self.y[t], 0.0)
            self.model.set_costs([self.y[t]], [-probability])

    @property
    def unfixed(self) -> list[int]:
        return [t for t in range(self.space.type_count) if t not in self.fixed]


def find_distribution_leximin(space: PanelSpace, reporter: Reporter | None = None) -> Distribution:
    reporter = reporter or SilentReporter()
    reporter.stage("LEXIMIN")
    panels, unselectable = find_covering_panels(space, reporter)
    targets = relaxed_leximin(space, unselectable, reporter)
    walked, weights = walk_faces(space, targets * space.sizes, reporter)
    split = (walked, weights) if weights is not None else None
    if split is None:
        split = mix_panels(space, targets, walked + panels, reporter)
    if split is not None and not all(space.is_valid(panel) for panel in split[0]):
        raise SolverFailure("LEXIMIN produced an invalid panel; this is a bug, please report it")
    if split is not None:
        support, weights = split
        probabilities = space.type_probabilities_of(support, weights)
        if np.min(probabilities - targets) > -SPLIT_TOLERANCE:
            return Distribution(support, np.array(weights), probabilities, unselectable)
    # The relaxed LEXIMIN point is not a mix of valid panels: solve it the slow, sure way.
    reporter.stage("LEXIMIN (column generation)")
    return _column_generation(space, panels, unselectable, reporter)


def _column_generation(
    space: PanelSpace, panels: list[Counts], unselectable: list[int], reporter: Reporter
) -> Distribution:
    known = set(panels)
    dual = _DualProgram(space, unselectable)
    for panel in panels:
        dual.add_panel(panel)

    while dual.unfixed:
        solution = dual.model.solve()
        if solution.status is not Status.OPTIMAL:
            raise SolverFailure(f"LEXIMIN dual LP ended {solution.status.value}")
        y = solution.values[: space.type_count]
        y_hat = float(solution.values[dual.y_hat])
        weights = np.maximum(y, 0.0) / space.sizes
        candidate = space.best_panel(weights)
        assert candidate is not None
        if float(np.dot(weights, candidate)) > y_hat + PRICING_TOLERANCE and (
            candidate not in known
        ):
            known.add(candidate)
            panels.append(candidate)
            dual.add_panel(candidate)
            continue
        level = solution.objective
        unfixed = dual.unfixed
        tight = [t for t in unfixed if y[t] > FIXING_TOLERANCE]
        # The y_t of unfixed types sum to 1, so one is at least 1/len(unfixed): never empty.
        dual.fix(tight or [max(unfixed, key=lambda t: y[t])], level)
        reporter.progress(len(dual.fixed) / space.type_count, f"{len(panels)} panels")

    targets = np.array([dual.fixed[t] for t in range(space.type_count)])
    weights = _panel_weights(space, panels, targets)
    kept = weights > 1e-12
    support = [panel for panel, keep in zip(panels, kept, strict=True) if keep]
    weights = weights[kept] / weights[kept].sum()
    return Distribution(
        panels=support,
        weights=weights,
        type_probabilities=space.type_probabilities_of(support, list(weights)),
        unselectable_types=unselectable,
    )


def _panel_weights(space: PanelSpace, panels: list[Counts], targets: np.ndarray) -> np.ndarray:
    """Probabilities on the generated panels that reach every type's fixed level.

    The levels came from the dual; a primal LP turns them into a distribution. Shortfalls
    are allowed but penalised, so rounding noise in the levels cannot make it infeasible.
    """
    model = LinearModel(maximize=False)
    lam = model.add_variables([0.0] * len(panels), [1.0] * len(panels))
    shortfall = model.add_variables(
        [0.0] * space.type_count, [INFINITY] * space.type_count, cost=list(space.sizes)
    )
    model.add_constraint(((v, 1.0) for v in lam), 1.0, 1.0)
    for t in range(space.type_count):
        terms = [(lam[p], panel[t] / space.sizes[t]) for p, panel in enumerate(panels)]
        terms.append((shortfall[t], 1.0))
        model.add_constraint(terms, float(targets[t]), INFINITY)
    solution = model.solve()
    if solution.status is not Status.OPTIMAL:
        raise SolverFailure(f"LEXIMIN final LP ended {solution.status.value}")
    return np.maximum(solution.values[: len(panels)], 0.0)
