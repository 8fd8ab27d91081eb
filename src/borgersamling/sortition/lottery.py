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
    to the panel that best serves the types furthest below their fair number of rows; then
    swaps of a rounding-up between two panels are made while they help the worst-off type.
    No solver and no time limit is involved, so the same inputs give the same table.
    """
    exact = distribution.weights * size
    copies = np.floor(exact + 1e-9).astype(int)
    fractional = exact - copies > 1e-9
    seats = np.array(distribution.panels, dtype=float)
    fair_rows = size * distribution.type_probabilities
    for _ in range(size - int(copies.sum())):
        behind = np.maximum(fair_rows * space.sizes - copies @ seats, 0.0) / space.sizes
        score = np.where(fractional & (copies == np.floor(exact + 1e-9)), seats @ behind, -np.inf)
        copies[int(np.argmax(score))] += 1
    _improve_by_swaps(
        copies, np.floor(exact + 1e-9).astype(int), fractional, seats, fair_rows, space.sizes
    )
    return [int(c) for c in copies]


def _unfairness(
    held: NDArray[np.float64], fair_rows: NDArray[np.float64], sizes: NDArray[np.float64]
) -> tuple[float, float]:
    """(largest shortfall, weighted squared shortfalls) of the worst-off person per type.

    Held seats spread evenly over a type's members, so its worst-off member is on
    floor(held / size) rows; the shortfall is what that falls below M x probability.
    """
    shortfall = fair_rows - np.floor(held / sizes + 1e-9)
    positive = np.maximum(shortfall, 0.0)
    return float(shortfall.max()), float(np.sum(sizes * positive**2))


def _improve_by_swaps(
    copies: NDArray[np.int64],
    floors: NDArray[np.int64],
    fractional: NDArray[np.bool_],
    seats: NDArray[np.float64],
    fair_rows: NDArray[np.float64],
    sizes: NDArray[np.float64],
    rounds: int = 500,
) -> None:
    held = copies @ seats
    current = _unfairness(held, fair_rows, sizes)
    for _ in range(rounds):
        shortfall = fair_rows - np.floor(held / sizes + 1e-9)
        worst = int(np.argmax(shortfall))
        # Give a row to a panel seating the worst-off type, taking it from one that doesn't.
        gainers = np.flatnonzero(fractional & (copies == floors) & (seats[:, worst] > 0))
        losers = np.flatnonzero((copies > floors) & (seats[:, worst] == 0))
        best: tuple[tuple[float, float], int, int] | None = None
        for gainer in gainers:
            for loser in losers:
                score = _unfairness(held + seats[gainer] - seats[loser], fair_rows, sizes)
                if score < current and (best is None or score < best[0]):
                    best = (score, int(gainer), int(loser))
        if best is None:
            return
        current, up, down = best
        copies[up] += 1
        copies[down] -= 1
        held = copies @ seats


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
