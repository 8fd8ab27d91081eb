"""The transparent lottery: the table of panels, the draw by seed, the reserves, fairness."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from numpy.typing import NDArray
from tests.helpers import DRAGOR, SMALL_20, Instance, assert_valid_panel, pool_records

from borgersamling.sortition.committee_generation.distribution import Distribution
from borgersamling.sortition.committee_generation.leximin import find_distribution_leximin
from borgersamling.sortition.errors import InputError
from borgersamling.sortition.lottery import (
    Lottery,
    check_lottery_size,
    largest_gap,
    transparent_lottery,
)
from borgersamling.sortition.panel_space import PanelSpace
from borgersamling.sortition.pool import parse_pool
from borgersamling.sortition.progress import SilentReporter
from borgersamling.sortition.quotas import parse_quotas
from borgersamling.sortition.tables import read_table

M = 1000
# How far a person's lottery chance may be from the LEXIMIN chance: ten rows of the table.
GAP = 10 / M


# --- Lottery on hand-made tables -------------------------------------------------------------

TABLE = Lottery([(0, 1), (2, 3), (1, 4), (0, 5)])


def test_probabilities_are_the_share_of_rows_a_person_is_on() -> None:
    assert TABLE.size == 4
    probabilities = TABLE.probabilities(7)
    assert probabilities.tolist() == [0.5, 0.5, 0.25, 0.25, 0.25, 0.25, 0.0]
    assert probabilities.sum() == pytest.approx(2)


@pytest.mark.parametrize(("seed", "number"), [(0, 0), (3, 3), (4, 0), (2025, 1), (10**30 + 2, 2)])
def test_panel_number_is_seed_mod_size(seed: int, number: int) -> None:
    assert TABLE.panel_number(seed) == number


def test_reserves_follow_the_table_after_the_drawn_row() -> None:
    # Drawn row 1 = (2, 3); then row 2 gives 1, 4; row 3 gives 0, 5; row 0 nothing new.
    assert TABLE.reserves(1) == [1, 4, 0, 5]
    # Drawn row 3 = (0, 5); wrapping around: row 0 gives 1, row 1 gives 2, 3, row 2 gives 4.
    assert TABLE.reserves(3) == [1, 2, 3, 4]


def test_a_one_row_table_has_no_reserves() -> None:
    lottery = Lottery([(0, 2)])
    assert lottery.panel_number(12345) == 0
    assert lottery.reserves(0) == []


tables = st.integers(min_value=1, max_value=6).flatmap(
    lambda k: st.lists(
        st.lists(st.integers(0, 11), min_size=k, max_size=k, unique=True).map(
            lambda members: tuple(sorted(members))
        ),
        min_size=1,
        max_size=12,
    )
)


@given(tables, st.integers(min_value=0, max_value=10**6))
def test_reserves_are_everyone_else_on_the_table_once(
    panels: list[tuple[int, ...]], seed: int
) -> None:
    lottery = Lottery(panels)
    number = lottery.panel_number(seed)
    assert number == seed % len(panels)
    reserves = lottery.reserves(number)
    assert len(reserves) == len(set(reserves))
    assert not set(reserves) & set(panels[number])
    assert set(reserves) == {p for panel in panels for p in panel} - set(panels[number])
    seats = len(panels[0])
    assert lottery.probabilities(12).sum() == pytest.approx(seats)


@pytest.mark.parametrize("size", [0, -1])
def test_lottery_size_below_one_is_bad_input(size: int) -> None:
    with pytest.raises(InputError) as error:
        check_lottery_size(size)
    assert error.value.code == "lottery_size_invalid"


# --- the transparent lottery from a LEXIMIN distribution -------------------------------------


@dataclass(frozen=True)
class Solved:
    instance: Instance
    space: PanelSpace
    distribution: Distribution
    probabilities: NDArray[np.float64]
    lottery: Lottery


def _solve(instance: Instance, size: int = M) -> Solved:
    quotas = parse_quotas(read_table(instance.quotas), instance.seats, instance.tolerance)
    pool = parse_pool(
        read_table(instance.pool), quotas, instance.id_column, instance.household_columns
    )
    space = PanelSpace(pool, quotas)
    distribution = find_distribution_leximin(space)
    probabilities = space.person_probabilities(distribution.type_probabilities)
    lottery = transparent_lottery(space, distribution, size, SilentReporter())
    return Solved(instance, space, distribution, probabilities, lottery)


@pytest.fixture(scope="module")
def small_20() -> Solved:
    if not SMALL_20.pool.is_file():
        pytest.skip("benchmark instance missing")
    return _solve(SMALL_20)


@pytest.fixture(scope="module")
def dragor() -> Solved:
    return _solve(DRAGOR)


def _assert_rows_are_valid_panels(solved: Solved) -> None:
    records = pool_records(solved.instance)
    assert solved.lottery.size == M
    for row in solved.lottery.panels:
        assert list(row) == sorted(set(row))
        assert_valid_panel([records[i] for i in row], solved.instance)


def test_small_20_gives_everyone_exactly_ten_percent(small_20: Solved) -> None:
    assert small_20.probabilities == pytest.approx(np.full(200, 0.1))
    # 1000 rows x 20 seats = 20000 places for 200 people: 100 rows each.
    counts = Counter(person for row in small_20.lottery.panels for person in row)
    assert sorted(set(counts.values())) == [100]
    assert len(counts) == 200
    assert small_20.lottery.probabilities(200).tolist() == [0.1] * 200


def test_small_20_rows_are_valid_panels(small_20: Solved) -> None:
    _assert_rows_are_valid_panels(small_20)


def test_dragor_lottery_chances_are_close_to_leximin(dragor: Solved) -> None:
    lottery = dragor.lottery.probabilities(len(dragor.probabilities))
    gaps = np.abs(lottery - dragor.probabilities)
    assert gaps.max() <= GAP, f"person {int(gaps.argmax())} is {gaps.max():.4f} off"
    assert largest_gap(dragor.lottery, dragor.probabilities) == pytest.approx(gaps.max())
    assert lottery.sum() == pytest.approx(DRAGOR.seats)


def test_dragor_lottery_minimum_is_close_to_leximin_minimum(dragor: Solved) -> None:
    lottery = dragor.lottery.probabilities(len(dragor.probabilities))
    assert lottery.min() >= dragor.probabilities.min() - GAP
    assert dragor.probabilities.min() > 0.09  # LEXIMIN lifts everyone near 36/240


def test_dragor_rows_are_valid_panels(dragor: Solved) -> None:
    _assert_rows_are_valid_panels(dragor)


def test_members_of_a_type_are_on_equally_many_rows(dragor: Solved) -> None:
    counts = Counter(person for row in dragor.lottery.panels for person in row)
    for person_type in dragor.space.types:
        on_rows = [counts[member] for member in person_type.members]
        assert max(on_rows) - min(on_rows) <= 1, person_type.values


def test_the_table_depends_on_the_inputs_alone(dragor: Solved) -> None:
    again = transparent_lottery(dragor.space, dragor.distribution, M, SilentReporter())
    assert again.panels == dragor.lottery.panels


def test_transparent_lottery_reports_its_stage(small_20: Solved) -> None:
    stages: list[str] = []
    fractions: list[float] = []

    class Recorder:
        def stage(self, name: str) -> None:
            stages.append(name)

        def progress(self, fraction: float, note: str = "") -> None:
            fractions.append(fraction)

    transparent_lottery(small_20.space, small_20.distribution, 10, Recorder())
    assert stages == ["transparent lottery"]
    assert all(0.0 <= f <= 1.0 for f in fractions)


def test_a_tiny_table_still_holds_valid_panels(small_20: Solved) -> None:
    lottery = transparent_lottery(small_20.space, small_20.distribution, 3, SilentReporter())
    assert lottery.size == 3
    records = pool_records(SMALL_20)
    for row in lottery.panels:
        assert_valid_panel([records[i] for i in row], SMALL_20)
    with pytest.raises(InputError):
        transparent_lottery(small_20.space, small_20.distribution, 0, SilentReporter())
