"""The transparent lottery: a published table of panels, one of which a public seed picks.

Flanigan, Kehne, Procaccia, "Fair Sortition Made Transparent", NeurIPS 2021. The
distribution is rounded to a uniform lottery over M panels, losing as little fairness as
possible; the table is fixed by the inputs alone, published, and only then does a seed
(e.g. numbers drawn on a stage) pick panel number seed mod M. Anyone can check that the
drawn panel is that row of the table.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from borgersamling.sortition.committee_generation.distribution import Distribution
from borgersamling.sortition.errors import InputError
from borgersamling.sortition.panel_space import Counts, PanelSpace
from borgersamling.sortition.progress import Reporter


@dataclass(frozen=True)
class Lottery:
    panels: list[tuple[int, ...]]
    """Row m is panel number m: sorted indexes into ``Pool.people``."""

    @property
    def size(self) -> int:
        return len(self.panels)

    def probabilities(self, pool_size: int) -> NDArray[np.float64]:
        """Each person's chance in this lottery: the share of rows they are on."""
        counts = np.zeros(pool_size)
        for panel in self.panels:
            counts[list(panel)] += 1
        return counts / self.size

    def panel_number(self, seed: int) -> int:
        return seed % self.size

    def reserves(self, panel_number: int) -> list[int]:
        """Alternates in order: members of the following rows, first appearance first.

        Rows next to the drawn one come from the same rounded panel composition, so the
        first reserves tend to resemble the panel, and everyone who could have been drawn
        appears, more likely ones earlier.
        """
        taken = set(self.panels[panel_number])
        order: list[int] = []
        for step in range(1, self.size):
            for person in self.panels[(panel_number + step) % self.size]:
                if person not in taken:
                    taken.add(person)
                    order.append(person)
        return order


def check_lottery_size(size: int) -> None:
    if size < 1:
        raise InputError("lottery_size_invalid", size=size)


def transparent_lottery(
    space: PanelSpace, distribution: Distribution, size: int, reporter: Reporter
) -> Lottery:
    check_lottery_size(size)
    reporter.stage("transparent lottery")
    copies = _round_to_copies(space, distribution, size)
    reporter.progress(0.5, "rounded")
    return Lottery(_realise(space, distribution.panels, copies))


def _round_to_copies(space: PanelSpace, distribution: Distribution, size: int) -> list[int]:
    """How many of the M rows each panel gets: its M x weight rounded down or up.

    Every panel first gets M x weight rounded down; the rows still free go, one at a time,
    to the panel that best serves the types furthest below their fair number of rows. It
    is deterministic (no solver time limits), so the same inputs give the same table.
    """
    exact = distribution.weights * size
    copies = np.floor(exact + 1e-9).astype(int)
    can_round_up = exact - copies > 1e-9
    seats = np.array(distribution.panels, dtype=float)
    # Whole rows each person of a type should be on at least: M x probability, rounded down.
    floor_seats = np.floor(size * distribution.type_probabilities + 1e-9) * space.sizes
    exact_seats = size * distribution.type_probabilities * space.sizes
    for _ in range(size - int(copies.sum())):
        held = copies @ seats
        missing = np.minimum(seats, np.maximum(floor_seats - held, 0.0)) / space.sizes
        behind = np.maximum(exact_seats - held, 0.0) / space.sizes
        score = seats @ (behind / (space.sizes * size)) + missing.sum(axis=1)
        best = int(np.argmax(np.where(can_round_up, score, -np.inf)))
        copies[best] += 1
        can_round_up[best] = False
    return [int(c) for c in copies]


def _realise(
    space: PanelSpace, panels: Sequence[Counts], copies: Sequence[int]
) -> list[tuple[int, ...]]:
    """Turn type-count panels into people, spreading each type's seats evenly.

    Each type's members are taken in turn (pool order), so over the table everyone of a
    type is on the same number of rows, give or take one, and no row holds anyone twice
    (a panel never seats more of a type than it has).
    """
    cursor = [0] * space.type_count
    rows: list[tuple[int, ...]] = []
    for panel, count in sorted(zip(panels, copies, strict=True), reverse=True):
        for _ in range(count):
            people: list[int] = []
            for t, seats in enumerate(panel):
                members = space.types[t].members
                for k in range(seats):
                    people.append(members[(cursor[t] + k) % len(members)])
                cursor[t] = (cursor[t] + seats) % len(members)
            rows.append(tuple(sorted(people)))
    return rows


def largest_gap(lottery: Lottery, probabilities: NDArray[np.float64]) -> float:
    """Largest difference between a person's lottery chance and the distribution's."""
    pool_size = len(probabilities)
    return float(np.max(np.abs(lottery.probabilities(pool_size) - probabilities)))
