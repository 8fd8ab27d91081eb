"""Figures that tell how fair a lottery is, for the report."""

from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np
from numpy.typing import NDArray

# Probabilities this close to the minimum count as "at the minimum".
AT_MINIMUM_TOLERANCE = 1e-6


@dataclass(frozen=True)
class ProbabilitySummary:
    minimum: float
    maximum: float
    mean: float
    gini: float
    share_at_minimum: float
    """Share of the pool whose probability equals the minimum."""
    never_selected: int
    """People with probability zero."""

    def as_dict(self) -> dict[str, float | int]:
        return {
            key: round(value, 6) if isinstance(value, float) else value
            for key, value in asdict(self).items()
        }


def gini(values: NDArray[np.float64]) -> float:
    """Gini coefficient: 0 when everyone has the same chance."""
    ordered = np.sort(values)
    total = float(ordered.sum())
    if total == 0 or len(ordered) == 0:
        return 0.0
    ranks = np.arange(1, len(ordered) + 1)
    return float(np.sum((2 * ranks - len(ordered) - 1) * ordered) / (len(ordered) * total))


def summarize(probabilities: NDArray[np.float64]) -> ProbabilitySummary:
    minimum = float(probabilities.min())
    return ProbabilitySummary(
        minimum=minimum,
        maximum=float(probabilities.max()),
        mean=float(probabilities.mean()),
        gini=gini(probabilities),
        share_at_minimum=float(np.mean(probabilities <= minimum + AT_MINIMUM_TOLERANCE)),
        never_selected=int(np.sum(probabilities <= AT_MINIMUM_TOLERANCE)),
    )
