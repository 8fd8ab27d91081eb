"""A probability distribution over panels, in type space."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from borgersamling.sortition.panel_space import Counts, PanelSpace
from borgersamling.sortition.progress import Reporter


@dataclass(frozen=True)
class Distribution:
    panels: list[Counts]
    weights: NDArray[np.float64]
    """Probability of each panel; sums to 1."""
    type_probabilities: NDArray[np.float64]
    """Selection probability of each person of each type."""
    unselectable_types: list[int] = field(default_factory=list)


def find_covering_panels(space: PanelSpace, reporter: Reporter) -> tuple[list[Counts], list[int]]:
    """Valid panels that together seat every type that can be seated at all.

    Returns the panels and the types that no valid panel can seat.
    """
    uncovered = set(range(space.type_count))
    panels: list[Counts] = []
    while uncovered:
        weights = [1.0 if t in uncovered else 0.0 for t in range(space.type_count)]
        panel = space.best_panel(weights)
        if panel is None:
            raise AssertionError("callers check feasibility before building distributions")
        seated = {t for t in uncovered if panel[t] > 0}
        if not seated:
            break  # the best panel seats none of them: no panel can
        uncovered -= seated
        panels.append(panel)
        reporter.progress(1 - len(uncovered) / space.type_count, "covering")
    return panels, sorted(uncovered)
